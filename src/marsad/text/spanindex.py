"""Which spans of a set cover a range: a sorted index, so that a long article costs no rescans."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class SpanIndex:
    """Half-open ``(start, end)`` spans, sorted by start, asked which of them cover a range."""

    __slots__ = ("_longest", "_spans", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _end in self._spans]
        self._longest = max((end - start for start, end in self._spans), default=0)

    def covering(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans ``(s, e)`` with ``s <= start`` and ``end <= e``."""
        found = []
        position = bisect.bisect_right(self._starts, start) - 1
        while position >= 0 and self._spans[position][0] >= start - self._longest:
            span = self._spans[position]
            if span[1] >= end:
                found.append(span)
            position -= 1
        return found

    def covers(self, start: int, end: int) -> bool:
        """Some span covers ``[start, end)``."""
        return bool(self.covering(start, end))

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans ``(s, e)`` that share a character with ``[start, end)`` (``s < end`` and ``start < e``)."""
        found = []
        position = bisect.bisect_left(self._starts, end) - 1
        while position >= 0 and self._spans[position][0] >= start - self._longest:
            span = self._spans[position]
            if span[1] > start:
                found.append(span)
            position -= 1
        return found

    def overlaps(self, start: int, end: int) -> bool:
        """Some span shares a character with ``[start, end)``."""
        return bool(self.overlapping(start, end))

    def __bool__(self) -> bool:
        return bool(self._spans)
