"""Coordinated names: are two names items of one list ("X، Y وZ", "X وبلدة Y", "X فوقاني وY")?

Between two items of a list stand only separators (و, commas), words that open an item ("وبلدة"),
words that qualify the first name ("فوقاني", "الجديدة") and other short items the reader may not know
("… وابن عساكر وباب توما"). A full stop, a number, a verb phrase or a long stretch of words ends the list.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Token

SEPARATORS = frozenset({",", "،", "/"})
IGNORED = frozenset({'"', "'", "(", ")", "#", "-", "«", "»", "“", "”"})
ITEM_WORDS = 3  # words of an item between two known names
GAP_WORDS = 8  # words between two items of one list, at most
_GAP_CHARS = 160  # characters between two items of one list, at most (no scan past them)


def _first_at(tokens: Sequence[Token], offset: int) -> int:
    """The index of the first token that starts at or after ``offset`` (tokens are sorted)."""
    low, high = 0, len(tokens)
    while low < high:
        middle = (low + high) // 2
        if tokens[middle].start < offset:
            low = middle + 1
        else:
            high = middle
    return low


def _clitics_before(token: Token, start: int) -> bool:
    """The token's part at ``start`` follows only clitics ("بريف دمشق": the descriptor starts after ب)."""
    return any(part_start == start for part_start, _end, _kind in token.parts) and all(
        kind in ("conj", "prep", "det") for part_start, _end, kind in token.parts if part_start < start)


def coordinated(
    tokens: Sequence[Token],
    left_end: int,
    right_start: int,
    *,
    item_words: frozenset[str],
    qualifiers: frozenset[str],
    skip: Sequence[tuple[int, int]] = (),
) -> bool:
    """Whether the names ending at ``left_end`` and starting at ``right_start`` are items of one list.

    ``item_words`` may open an item ("قرية", "وبلدة"); ``qualifiers`` may follow the first name;
    tokens inside ``skip`` spans (a descriptor such as "جنوب إدلب", or "بريف دمشق" from after its clitic) are
    not read.
    """
    if right_start - left_end > _GAP_CHARS:
        return False
    first = _first_at(tokens, left_end)
    between = []
    right_token = None
    for position in range(first, len(tokens)):  # (no slice: a copy of the rest of a long page per call)
        token = tokens[position]
        if token.start >= right_start:
            right_token = token if token.start == right_start else right_token
            break
        if token.end > right_start:
            right_token = token  # the right name starts inside this token ("وباب توما")
            break
        if not any(token.end <= e and (s <= token.start or _clitics_before(token, s)) for s, e in skip):
            between.append(token)
    if any(t.label != "word" and t.norm not in SEPARATORS and t.norm not in IGNORED for t in between):
        return False  # sentence punctuation, a number, a full stop: not one list
    joined_right = (right_token is not None and right_token.start < right_start and bool(right_token.parts)
                    and right_token.parts[0][2] == "conj")
    segments: list[list[Token]] = [[]]
    separated = joined_right
    for token in between:
        if token.norm in SEPARATORS:
            segments.append([])
            separated = True
        elif token.label == "word" and token.norm.startswith("و") and token.norm not in qualifiers:
            segments.append([token])
            separated = True
        elif token.label == "word":
            segments[-1].append(token)
    if not separated or sum(len(segment) for segment in segments) > GAP_WORDS:
        return False
    if any(t.norm not in qualifiers and t.norm not in item_words for t in segments[0]):
        return False
    if joined_right or len(segments) == 1:  # "… وابن عساكر وباب توما": every later segment is an item
        items, last = segments[1:], []
    else:  # "… وبلدة X": the last segment opens the right name
        items, last = segments[1:-1], segments[-1]
    if len(last) > 1 and any(t.norm not in item_words for t in last):
        return False
    return all(len(segment) <= ITEM_WORDS for segment in items)
