"""Line-end hyphens in Latin text: a typesetter's break or a real compound?

``inter-`` / ``national`` is one word broken to fit the line: the hyphen
goes.  ``well-`` / ``known`` is a compound that happened to break at its own
hyphen: the hyphen stays.  We decide with word frequencies from a dictionary
that ships its data (pyspellchecker's English list), never by guessing, and
return the evidence so the change can be explained.  The dictionary loads
once, on the first hyphen we meet.
"""

from __future__ import annotations

from functools import lru_cache

from .tuning import RARE_WORD


@lru_cache(maxsize=1)
def _word_frequency():
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency


@lru_cache(maxsize=8192)
def frequency(word: str) -> int:
    """How often ``word`` (lower-cased) occurs in the dictionary's corpus; 0 when unknown.

    Cached: the same parts come back at every break (the dictionary's own
    lookup lower-cases and checks its key each time)."""
    return _word_frequency()[word.lower()]


def should_drop_hyphen(left: str, right: str) -> tuple[bool, str]:
    """Decide a line-end hyphen between ``left`` and ``right`` (letters only).

    >>> should_drop_hyphen("inter", "national")[0], should_drop_hyphen("well", "known")[0]
    (True, False)
    >>> should_drop_hyphen("re", "evaluated")[0]
    False
    """
    if right[:1].isupper() and not (left.isupper() and right.isupper()):
        return False, "the part after the break is capitalised (Franco-German)"
    joined, f_left, f_right = frequency(left + right), frequency(left), frequency(right)
    evidence = f"{left + right}={joined}, {left}={f_left}, {right}={f_right}"
    if joined == 0:
        # unknown either way: a break inside a name or rare word, unless both
        # halves are words of their own (a compound)
        return not (f_left and f_right), evidence
    if f_left and f_right and joined < RARE_WORD and joined < min(f_left, f_right):
        return False, evidence
    return True, evidence
