"""Clitic-aware dictionary matching of multi-word names over tokens.

Every knowledge-base lookup (actor aliases, gazetteer names, trigger phrases) goes through
:class:`PhraseMatcher`: a phrase matches consecutive word tokens whose normalised forms equal
its words; the first token may carry proclitics (وبريف، لـ"الدفاع الوطني"، بلواء القدس), which
stay outside the match. Joined and split spellings meet (ديرالزور / دير الزور).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..model import Token
from .normalize import collapse_key, normalize_key
from .tokenize import token_forms

V = TypeVar("V", bound=Hashable)
_GAP_RE = re.compile(r"[\s\u0640\"'«»“”‘’]*")  # what may separate the words of one name


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[V]):
    """A dictionary hit: the span in the text (without proclitics), the key and its values."""

    start: int
    end: int
    key: str
    values: tuple[V, ...]
    first_token: int
    last_token: int


@dataclass(slots=True)
class PhraseMatcher(Generic[V]):
    """Longest-match dictionary of normalised phrases."""

    entries: dict[tuple[str, ...], list[V]] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)

    def add(self, phrase: str, value: V) -> None:
        """Add a phrase (any spelling; it is normalised) with a value."""
        self.add_key(normalize_key(phrase), value)

    def add_key(self, key: str, value: V) -> None:
        """Add a phrase already in its ``normalize_key`` form (gazetteer keys) with a value.

        Words are interned: the many names that share a word share one string.
        """
        if not key:
            return
        words = tuple(map(sys.intern, key.split()))
        self._add_words(words, value)
        if len(words) > 1:
            self._add_words((collapse_key(key),), value)

    def add_keys(self, pairs: Iterable[tuple[str, V]]) -> None:
        """:meth:`add_key` for many ``(key, value)`` pairs (the gazetteer's hundreds of thousands of names)."""
        entries, longest, intern = self.entries, self.longest, sys.intern
        for key, value in pairs:
            if not key:
                continue
            words = tuple(map(intern, key.split()))
            for phrase in ((words, (collapse_key(key),)) if len(words) > 1 else (words,)):
                values = entries.get(phrase)
                if values is None:
                    entries[phrase] = [value]
                elif value not in values:
                    values.append(value)
                if len(phrase) > longest.get(phrase[0], 0):
                    longest[phrase[0]] = len(phrase)

    def _add_words(self, words: tuple[str, ...], value: V) -> None:
        values = self.entries.setdefault(words, [])
        if value not in values:
            values.append(value)
        if len(words) > self.longest.get(words[0], 0):
            self.longest[words[0]] = len(words)

    def add_many(self, items: Iterable[tuple[str, V]]) -> None:
        for phrase, value in items:
            self.add(phrase, value)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str, tokens: Sequence[Token], *, overlapping: bool = False) -> list[PhraseMatch[V]]:
        """Leftmost-longest matches over ``tokens`` of ``text`` (non-overlapping unless asked)."""
        words = [i for i, token in enumerate(tokens) if token.label in ("word", "clitic") and token.norm]
        openings = self.longest.keys()
        # only positions whose token can open an entry are tried (one C-level check of its forms)
        openers = [
            position for position, index in enumerate(words)
            if not openings.isdisjoint(tokens[index].forms or token_forms(text, tokens[index]))
        ]
        matches: list[PhraseMatch[V]] = []
        covered = -1
        for position in openers:
            if not overlapping and words[position] <= covered:
                continue
            found = self._match_at(text, tokens, words, position)
            if found is None:
                continue
            matches.append(found)
            covered = found.last_token
        return matches

    def _match_at(
        self, text: str, tokens: Sequence[Token], words: list[int], position: int
    ) -> PhraseMatch[V] | None:
        first = tokens[words[position]]
        if first.label == "clitic":
            return None
        best: PhraseMatch[V] | None = None
        for form in token_forms(text, first):
            limit = self.longest.get(form)
            if not limit:
                continue
            start = -1  # where a match starts in the text (without proclitics), worked out at the first hit
            sequence = [form]
            last = position
            # "الباب شرقي" is no "باب شرقي": the head of a longer name takes no article of its own
            longest = 1 if limit > 1 and _without_article(first, form) else limit
            for length in range(1, longest + 1):
                if length > 1:
                    nxt = position + length - 1
                    if nxt >= len(words):
                        break
                    previous, token = tokens[words[nxt - 1]], tokens[words[nxt]]
                    if not _GAP_RE.fullmatch(text, previous.end, token.start):
                        break
                    sequence.append(token.norm)
                    last = nxt
                values = self.entries.get(tuple(sequence))
                if not values:
                    continue
                if start < 0:
                    start = first.end - _suffix_length(text, first, form)
                if best is None or tokens[words[last]].end - start > best.end - best.start:
                    best = PhraseMatch(
                        start, tokens[words[last]].end, " ".join(sequence), tuple(values), words[position], words[last]
                    )
        return best


def _without_article(token: Token, form: str) -> bool:
    """``form`` is ``token`` read without the article it carries ("باب" of "الباب")."""
    return form != token.norm and not form.startswith("ال") and any(kind == "det" for _s, _e, kind in token.parts)


def _suffix_length(text: str, token: Token, form: str) -> int:
    """Length in the original text of the part of ``token`` that ``form`` covers (its tail)."""
    if form == token.norm:
        return token.end - token.start
    for start, _end, _kind in token.parts:
        tail = normalize_key(text[start : token.end])
        if tail == form or "ا" + tail == form:
            return token.end - start
    return token.end - token.start
