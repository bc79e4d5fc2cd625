"""What the words around a trigger say about it: plans and threats nearby, background, retelling, quotes.

These predicates read a :class:`~marsad.events.clauses.ClauseView`; the learned models take their answers
as features (nothing here decides on its own whether a clause is an event).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import PlaceMention, Token
from ..text.lexmatch import PhraseMatch
from ..text.normalize import normalize_key
from .clauses import ClauseView
from .lexicon import EventLexicon

LOCAL_SUPPRESSORS = frozenset({"suppress:future", "suppress:threat", "suppress:habit", "suppress:call"})
LOCAL_BEFORE, LOCAL_AFTER = 6, 4  # words a plan, threat, habit or call reaches before and after a trigger
BACKGROUND_WINDOW = 3  # words between "بعد/عقب/إثر" and a trigger it puts in the background
ATTRIBUTION_GAP = 3  # words between "مراسل/مصادر" and the place they speak from
_QUOTE_PAIRS = {"«": "»", "“": "”", "„": "”"}


def words_between(tokens: Sequence[Token], start: int, end: int) -> int:
    """How many words lie wholly inside ``[start, end)``."""
    return sum(1 for t in tokens if start <= t.start and t.end <= end and t.label == "word")


def locally_suppressed(view: ClauseView, trigger: PhraseMatch[str]) -> str | None:
    """The kind of plan, threat, habit or call right before or after a trigger ("نيتها السيطرة على"), if any."""
    for cue in view.cues:
        kinds = LOCAL_SUPPRESSORS.intersection(cue.values)
        if not kinds:
            continue
        if cue.end <= trigger.start and words_between(view.tokens, cue.end, trigger.start) <= LOCAL_BEFORE:
            return min(kinds)
        if cue.start >= trigger.end and words_between(view.tokens, trigger.end, cue.start) <= LOCAL_AFTER:
            return min(kinds)
    return None


def is_background(view: ClauseView, trigger: PhraseMatch[str]) -> bool:
    """"بعد الهجوم بالأسلحة الكيميائية": a trigger after بعد/عقب/إثر refers to an earlier event."""
    markers = [cue for cue in view.cues if "suppress:background" in cue.values and cue.end <= trigger.start]
    return bool(markers) and words_between(view.tokens, markers[-1].end, trigger.start) <= BACKGROUND_WINDOW


def is_anaphoric(view: ClauseView, trigger: PhraseMatch[str], lexicon: EventLexicon) -> bool:
    """"هذه المعارك", "وجاء الهجوم", "سيطرت عليها سابقا": the trigger retells or recalls an event."""
    retelling = lexicon.word_set("retelling_verbs")
    for cue in view.cues:
        if "suppress:anaphora" not in cue.values:
            continue
        if cue.end <= trigger.start:
            if words_between(view.tokens, cue.end, trigger.start) == 0:
                return True
        elif cue.start >= trigger.end:
            gap = words_between(view.tokens, trigger.end, cue.start)
            recalled = normalize_key(cue.key).startswith("سابق") and gap <= 2
            retold = definite(trigger) and gap == 0 and normalize_key(cue.key) in retelling
            if recalled or retold:
                return True
    return False


def definite(trigger: PhraseMatch[str]) -> bool:
    """The trigger carries the article ال ("الغارة")."""
    return normalize_key(trigger.key).startswith("ال")


def weapon_used(view: ClauseView, trigger: PhraseMatch[str], lexicon: EventLexicon) -> bool:
    """"بقذائف الهاون", "قذائف على …": a weapon noun fired, not a weapon seized or stored."""
    token = next((t for t in view.tokens if t.start <= trigger.start < t.end), view.tokens[0] if view.tokens else None)
    if token is not None and token.parts and token.parts[0][2] == "prep" and token.norm.startswith("ب"):
        return True
    following = [t for t in view.tokens if t.start >= trigger.end and t.label == "word"][:3]
    return any(t.norm in lexicon.word_set("fired_towards") for t in following)


def attributed(view: ClauseView, place: PlaceMention) -> bool:
    """"مراسل عنب بلدي بدرعا", "مصادر من مدينة دير الزور": the place of a source, not of the event."""
    for cue in view.cues_of("attribution"):
        if cue.end <= place.start and words_between(view.tokens, cue.end, place.start) <= ATTRIBUTION_GAP:
            return True
    return False


def has_ground_weapon(view: ClauseView, lexicon: EventLexicon) -> bool:
    """An RPG, a machine gun or a sniper: fighting on the ground."""
    joined = " ".join(token.norm for token in view.tokens)
    return any(weapon in joined for weapon in lexicon.word_set("ground_weapons"))


QUOTE_CHARS = 600  # the longest quotation read as one


@dataclass(frozen=True, slots=True)
class QuoteSpans:
    """The quoted stretches of a text («…», “…”, "…"), for "is this said inside a quotation"."""

    spans: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, text: str) -> QuoteSpans:
        spans: list[tuple[int, int]] = []
        for opening, closing in _QUOTE_PAIRS.items():
            pattern = re.escape(opening) + r"[^" + re.escape(closing) + rf"\n]{{1,{QUOTE_CHARS}}}" + re.escape(closing)
            spans.extend(match.span() for match in re.finditer(pattern, text))
        for match in re.finditer(rf'"[^"\n]{{1,{QUOTE_CHARS}}}"', text):
            spans.append((match.start(), match.end()))
        return cls(tuple(sorted(spans)))

    def inside(self, start: int, end: int) -> tuple[int, int] | None:
        """The quotation that holds ``[start, end)``, if any (a quotation is at most ``QUOTE_CHARS`` long, so
        only those opening that close before it are read)."""
        position = bisect.bisect_left(self.spans, (start - QUOTE_CHARS - 2, 0))
        while position < len(self.spans) and self.spans[position][0] <= start:
            left, right = self.spans[position]
            if end <= right:
                return left, right
            position += 1
        return None
