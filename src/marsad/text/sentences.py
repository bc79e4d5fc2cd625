"""Sentence splitting robust to Arabic punctuation, quotes, lists and hard-wrapped lines."""

from __future__ import annotations

import re
from itertools import pairwise

from ..model import Span

# A sentence ends at . ! ? ؟ (not an ellipsis, not a decimal point or a one-letter abbreviation),
# optionally followed by closing quotes or brackets, then whitespace.
_END_RE = re.compile(
    r"(?<![.\d])(?<!\b\w)(?:[!?؟]+\.?|\.(?![.\d]))[\"'»”’)\]]*(?=\s)|…[\"'»”’)\]]*(?=\n)|\.{2,}(?=\n)"
)
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK_RE = re.compile(r"\n")
_LIST_ITEM_RE = re.compile(r"\s*(?:[-–—•●▪*]|\d{1,2}[).-])\s")
_SENTENCE_PUNCT = (".", "!", "?", "؟", ":", "»", "”", '"', "…")
#: Longest sentence, in characters: a longer run (a page without punctuation) is cut at its last comma,
#: semicolon or colon before the limit, else at a space, so that the work of later stages, which look
#: through a sentence for each word, stays linear in page size. About 1 in 5,000 sentences of general
#: news (Tunisian radio, Saudi press) is longer; none of the annotated pages has one over 620.
MAX_SENTENCE_CHARS = 2000
_SOFT_BREAK_RE = re.compile(r"[،,؛;:]\s")


def is_hard_wrapped(text: str) -> bool:
    """True when lines are wrapped at a fixed width rather than at paragraph ends."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 6:
        return False
    short = sum(1 for line in lines if len(line) <= 60)
    ends = sum(1 for line in lines if line.endswith(_SENTENCE_PUNCT))
    return short / len(lines) > 0.8 and ends / len(lines) < 0.5


def split_sentences(text: str) -> list[Span]:
    """Return sentence spans (trimmed, non-empty) covering the text in order."""
    cuts = {0, len(text)}
    for match in _END_RE.finditer(text):
        cuts.add(match.end())
    for match in _PARAGRAPH_BREAK_RE.finditer(text):
        cuts.add(match.start())
    wrapped = is_hard_wrapped(text)
    for match in _LINE_BREAK_RE.finditer(text):
        position = match.start()
        if not wrapped or _LIST_ITEM_RE.match(text, position + 1):
            cuts.add(position)
        else:
            before = position
            while before > 0 and text[before - 1].isspace():
                before -= 1
            if before and text[before - 1] in _SENTENCE_PUNCT:
                cuts.add(position)
    spans: list[Span] = []
    ordered = sorted(cuts)
    for start, end in pairwise(ordered):
        segment = text[start:end]
        stripped = segment.strip()
        if not stripped:
            continue
        lead = len(segment) - len(segment.lstrip())
        spans.extend(_bounded(text, start + lead, start + lead + len(stripped)))
    return spans


def _bounded(text: str, start: int, end: int) -> list[Span]:
    """The sentence ``text[start:end]``, cut into pieces of at most :data:`MAX_SENTENCE_CHARS`."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        soft = [match.end() for match in _SOFT_BREAK_RE.finditer(text, start + MAX_SENTENCE_CHARS // 2, limit)]
        cut = soft[-1] if soft else text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit) + 1 or limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append(Span(start, piece_end, "sentence"))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append(Span(start, end, "sentence"))
    return pieces
