"""Text search over cases (``casework case list --search TEXT``): what a query means.

A query is words; a case matches when every word occurs in its title or in one of its
presentation texts, in any inflection (``cykelstier`` finds "cykelstien", ``anlægger`` finds
"anlæg"), or when the query is (part of) its case number (``2026-0012``, ``0012``).

PostgreSQL stems both sides with its ``danish`` text-search configuration; SQLite's FTS5 has no
Danish stemmer, so :func:`stem` (the Snowball Danish algorithm) cuts the query's words to their
stems and each is matched as a prefix of the indexed words. Both backends get the words from
:func:`words`, so the query means the same on each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"^[0-9][0-9-]*$")
_VOWELS = set("aeiouyæåø")
#: Snowball Danish, step 1: the main suffixes, longest first.
_SUFFIXES = sorted(
    [
        "hed",
        "ethed",
        "ered",
        "e",
        "erede",
        "ende",
        "erende",
        "ene",
        "erne",
        "ere",
        "en",
        "heden",
        "eren",
        "er",
        "heder",
        "erer",
        "heds",
        "es",
        "endes",
        "erendes",
        "enes",
        "ernes",
        "eres",
        "ens",
        "hedens",
        "erens",
        "ers",
        "ets",
        "erets",
        "et",
        "eret",
    ],
    key=len,
    reverse=True,
)
_S_ENDING = set("abcdfghjklmnoprtvyzå")
_PAIRS = ("gd", "dt", "gt", "kt")
_OTHER = sorted(("ig", "lig", "elig", "els", "løst"), key=len, reverse=True)
#: A word shorter than this is matched as typed (a stem of one or two letters finds anything).
_MIN_STEM = 3


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search as both backends read it: the words and, if it looks like one, a case number."""

    words: tuple[str, ...]
    number: str | None

    @property
    def stems(self) -> tuple[str, ...]:
        """The words' Danish stems (for SQLite's prefix match)."""
        return tuple(stem(word) for word in self.words)


def parse(text: str) -> SearchQuery | None:
    """The query ``text`` means, or None when it holds no word (only spaces or punctuation)."""
    cleaned = text.strip()
    number = cleaned if _NUMBER.match(cleaned) else None
    found = words(cleaned)
    if not found and number is None:
        return None
    return SearchQuery(words=found, number=number)


def words(text: str) -> tuple[str, ...]:
    """The query's words, lower case, each once, in order."""
    return tuple(dict.fromkeys(w.lower() for w in _WORD.findall(text)))


def _r1(word: str) -> int:
    # R1 begins after the first non-vowel that follows a vowel, and at least at position 3.
    for index in range(1, len(word)):
        if word[index] not in _VOWELS and word[index - 1] in _VOWELS:
            return max(index + 1, 3)
    return len(word)


def stem(word: str) -> str:
    """``word`` (lower case) without its Danish inflection: Snowball's Danish stemmer."""
    if len(word) <= _MIN_STEM:
        return word
    r1 = _r1(word)
    # Step 1: the main suffixes in R1; a final s after a valid s-ending.
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= r1 and word[-2] in _S_ENDING:
            word = word[:-1]
    word = _undo_pair(word, r1)
    # Step 3: igst → ig; then the other suffixes (løst → løs).
    if word.endswith("igst"):
        word = word[:-2]
    for suffix in _OTHER:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[:-1] if suffix == "løst" else _undo_pair(word[: -len(suffix)], r1)
            break
    # Step 4: undouble a final consonant in R1 (anlægg → anlæg).
    if len(word) - 2 >= r1 and len(word) >= 2 and word[-1] == word[-2] and word[-1] not in _VOWELS:
        word = word[:-1]
    return word


def _undo_pair(word: str, r1: int) -> str:
    # Step 2: gd, dt, gt, kt at the end of R1 lose their last letter.
    if len(word) - 2 >= r1 and word.endswith(_PAIRS):
        return word[:-1]
    return word


def fts5_match(query: SearchQuery) -> str | None:
    """The FTS5 MATCH expression of ``query``'s words: every stem as a prefix, AND-ed."""
    if not query.words:
        return None
    # Each stem is quoted (a word such as "and" or "near" is then no operator) and a prefix.
    return " ".join(f'"{s}"*' for s in query.stems)


def tsquery(query: SearchQuery) -> str | None:
    """The PostgreSQL ``to_tsquery('danish', …)`` text: every word as a prefix, AND-ed.

    The words are ``\\w+`` only, so nothing in them is tsquery syntax.
    """
    if not query.words:
        return None
    return " & ".join(f"{w}:*" for w in query.words)


__all__ = ["SearchQuery", "fts5_match", "parse", "stem", "tsquery", "words"]
