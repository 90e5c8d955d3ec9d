"""Line-end hyphens in Latin text: a typesetter's break or a real compound?

``inter-`` / ``national`` is one word broken to fit the line: the hyphen
goes.  ``well-`` / ``known`` is a compound that happened to break at its own
hyphen: the hyphen stays.  We decide with word frequencies from a dictionary
that ships its data (pyspellchecker's English list), never by guessing, and
return the evidence so the change can be explained.  The dictionary loads
once, on the first hyphen we meet.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from typing import Final

from .tuning import RARE_WORD

# Lookups answered by a search in the word list's text before it is worth
# parsing whole (a parse costs about a hundred searches): a page with a few
# hyphens starts quickly, a long English file parses it once.
SEARCHES_BEFORE_PARSE: Final = 64


class _WordList:
    """pyspellchecker's English word frequencies, read on the first hyphen.

    Its data is a gzipped JSON object ``{"word": count, ...}``; a word is
    first looked up by searching that text for its key, and the object is
    parsed only once enough words were asked for."""

    def __init__(self) -> None:
        self.raw: bytes | None = None
        self.parsed: dict[str, int] | None = None
        self.searches = 0

    def __getitem__(self, word: str) -> int:
        if self.parsed is None and (self.searches >= SEARCHES_BEFORE_PARSE or not word.isascii() or not self._load()):
            self.parsed = self._parse()
        if self.parsed is not None:
            return self.parsed.get(word, 0)
        self.searches += 1
        assert self.raw is not None
        key = b'"' + word.encode() + b'":'
        at = self.raw.find(key)
        while at > 0 and self.raw[at - 1 : at] == b"\\":  # (the tail of a key holding an escaped quote)
            at = self.raw.find(key, at + 1)
        if at < 0:
            return 0
        start = at + len(key)
        while self.raw[start : start + 1] == b" ":
            start += 1
        stop = start
        while self.raw[stop : stop + 1].isdigit():
            stop += 1
        return int(self.raw[start:stop])

    def _load(self) -> bool:
        if self.raw is None:
            try:
                from importlib.resources import files

                self.raw = gzip.decompress((files("spellchecker") / "resources" / "en.json.gz").read_bytes())
            except (ImportError, OSError, ModuleNotFoundError):
                return False
        return True

    def _parse(self) -> dict[str, int]:
        if self._load():
            assert self.raw is not None
            return json.loads(self.raw)
        from spellchecker import SpellChecker  # (its data elsewhere: ask it)

        return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


_WORDS = _WordList()


@lru_cache(maxsize=8192)
def frequency(word: str) -> int:
    """How often ``word`` (lower-cased) occurs in the dictionary's corpus; 0 when unknown.

    >>> frequency("international") > frequency("internationally") > 0, frequency("qzxv")
    (True, 0)
    """
    return _WORDS[word.lower()]


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
