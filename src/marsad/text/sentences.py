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
            before = text[:position].rstrip()
            if before.endswith(_SENTENCE_PUNCT):
                cuts.add(position)
    spans: list[Span] = []
    ordered = sorted(cuts)
    for start, end in pairwise(ordered):
        segment = text[start:end]
        stripped = segment.strip()
        if not stripped:
            continue
        lead = len(segment) - len(segment.lstrip())
        spans.append(Span(start + lead, start + lead + len(stripped), "sentence"))
    return spans
