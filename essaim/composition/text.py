"""French need texts: normalisation, stems, and a small TF-IDF (no numpy, no scikit-learn).

Pipeline for one text: lower-case → tokens of letters → stop words removed (compared without
accents) → Snowball French stem of the accented word → accents stripped from the stem. Stemming
the accented word keeps the French rules right ("numérique"/"numériques"); stripping the stem's
accents afterwards makes "réemploi" and "reemploi" the same stem.

Stop words come from the maintained `stop-words` package (French list, 348 words), with two
corrections that belong to this domain: a few words of that list are meaningful in a support
need ("état" des lieux, "valeur", "personnes" âgées…) and are kept; a few words that every
application repeats ("besoin", "souhaitons"…) say nothing about the need and are dropped.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from stop_words import get_stop_words

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'", "ʼ": "'"})
_TOKEN = re.compile(r"[^\W\d_]+")

# Words of the package list that carry meaning in a support need: keep them.
_KEPT = {
    "etat",
    "essai",
    "force",
    "personne",
    "personnes",
    "piece",
    "valeur",
    "nouveau",
    "nouveaux",
    "voie",
    "parole",
}
# Words every application repeats: they would only make all needs look alike.
_FILLERS = {
    "besoin",
    "besoins",
    "souhait",
    "souhaite",
    "souhaitons",
    "souhaitent",
    "souhaiterions",
    "voudrions",
    "aimerions",
    "cherchons",
    "recherchons",
    "avons",
    "notamment",
    "afin",
    "ainsi",
    "cela",
    "egalement",
}


def strip_accents(text: str) -> str:
    """'Réemploi œuvre' → 'Reemploi oeuvre' (ligatures expanded, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


FRENCH_STOP_WORDS: frozenset[str] = frozenset(
    ({strip_accents(word) for word in get_stop_words("french")} - _KEPT) | _FILLERS
)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """Stem of one lower-case word, accents stripped: 'mutualisation' → 'mutualis'."""
    return strip_accents(_stemmer().stemWord(word))


def tokens(text: str) -> list[str]:
    """Lower-case words of a text, in order (letters only, ligatures expanded)."""
    return _TOKEN.findall(text.lower().translate(_LIGATURES))


def analyse(text: str) -> list[tuple[str, str]]:
    """(stem, word) for each meaningful word of the text, in order."""
    result = []
    for word in tokens(text or ""):
        bare = strip_accents(word)
        if len(bare) < 2 or bare in FRENCH_STOP_WORDS:
            continue
        word_stem = stem(word)
        if len(word_stem) >= 2:
            result.append((word_stem, word))
    return result


def stems(text: str) -> list[str]:
    return [word_stem for word_stem, _ in analyse(text)]


@dataclass(frozen=True)
class Document:
    """One analysed text: its TF-IDF vector (L2-normalised) and a readable word per stem."""

    vector: dict[str, float]
    words: dict[str, str]


def tfidf_documents(texts: list[str]) -> list[Document]:
    """TF-IDF over these texts only: tf = count, idf = ln((1 + N) / (1 + df)) + 1.

    The smoothed idf (the usual one) keeps a stem shared by every text above zero, so two
    identical needs still score 1.
    """
    analysed = [analyse(text) for text in texts]
    frequency = Counter(word_stem for doc in analysed for word_stem in {s for s, _ in doc})
    count = len(texts)
    idf = {s: math.log((1 + count) / (1 + df)) + 1 for s, df in frequency.items()}
    documents = []
    for doc in analysed:
        counts = Counter(s for s, _ in doc)
        vector = {s: tf * idf[s] for s, tf in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        if norm:
            vector = {s: v / norm for s, v in vector.items()}
        words: dict[str, str] = {}
        for word_stem, word in doc:
            words.setdefault(word_stem, word)
        documents.append(Document(vector=vector, words=words))
    return documents


def cosine(a: Document, b: Document) -> tuple[float, list[str]]:
    """Cosine of two documents and their shared stems, biggest contribution first."""
    if len(a.vector) > len(b.vector):
        a, b = b, a
    contributions = [(a.vector[s] * b.vector[s], s) for s in a.vector if s in b.vector]
    contributions.sort(key=lambda item: (-item[0], item[1]))
    return min(1.0, sum(c for c, _ in contributions)), [s for _, s in contributions]
