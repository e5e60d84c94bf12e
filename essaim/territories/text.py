import re
import unicodedata


def normalise(text: str) -> str:
    """Lower-case, no accents, punctuation as spaces: "Saint-Lô" → "saint lo"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
