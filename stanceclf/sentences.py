"""Sentence splitting with NLTK's Punkt algorithm, offline.

Punkt is instantiated locally with a hand-set abbreviation list (no ``nltk.download``), and its
known mistakes on news text are fixed by rules, applied in this order:

1. Paragraphs (blocks separated by a blank line) and single lines are split first, so a heading,
   caption or list item without a final full stop never merges with the next sentence.
2. Punkt runs on each line with the abbreviations below, so "Mr. Smith" or "the U.S. on" stay whole.
3. A fragment that holds no letter or digit (a stray quote mark or dash) is joined to the sentence
   before it rather than becoming a record of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

__all__ = ["split_sentences"]

# Lower-cased, without the final full stop, as Punkt stores them.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr gov sen rep pres rev hon
    u.s u.k u.n e.u e.g i.e etc vs cf al approx dept est fig inc ltd corp vol pp
    jan feb mar apr jun jul aug sep sept oct nov dec a.m p.m""".split()
)
_HAS_WORD = re.compile(r"\w")
_LINE_BREAKS = re.compile(r"\s*\n\s*")


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping each sentence verbatim.

    Parameters
    ----------
    text : str
        Plain text. Blank lines and line breaks are treated as hard boundaries (paragraphs,
        headings, captions); within a line NLTK's Punkt algorithm finds the sentence ends.

    Returns
    -------
    list of str
        The sentences in order, stripped of surrounding white space. Empty input gives ``[]``.

    Examples
    --------
    >>> split_sentences("Mr. Tudorache spoke. He backs a ban.\\nA heading")
    ['Mr. Tudorache spoke.', 'He backs a ban.', 'A heading']
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences expects a str, got {type(text).__name__}")
    sentences: list[str] = []
    for line in _LINE_BREAKS.split(text.strip()):
        if not line:
            continue
        for piece in _punkt().tokenize(line):
            piece = piece.strip()
            if sentences and not _HAS_WORD.search(piece):
                sentences[-1] = f"{sentences[-1]} {piece}"
            elif piece:
                sentences.append(piece)
    return sentences
