import re
import unicodedata

# Ligatures have no decomposition: without this "Vœuil" would be searched as "vuil".
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def normalise(text: str) -> str:
    """Lower-case, no accents, punctuation as spaces: "Saint-Lô" → "saint lo"."""
    text = unicodedata.normalize("NFKD", text.lower().translate(LIGATURES))
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()
