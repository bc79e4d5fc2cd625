"""Fatality counts as ACLED reports them, from the words of death around an event.

The lowest reported number of dead ("at least ten" → 10); dead mentioned without a number → 3;
عشرات → 10; مئات → 100; only a combined killed-and-wounded count, or no death → 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import NumberSpan, Token
from ..text.lexmatch import PhraseMatch

DEAD_WITHOUT_NUMBER = 3
_WINDOW = 5  # tokens between a death word and its number
# A singular person noun right after a death word counts one dead ("مقتل طفل"); a dual counts two.
_SINGULAR_PERSONS = frozenset({
    "طفل", "طفله", "شاب", "رجل", "امراه", "مدني", "عنصر", "جندي", "مقاتل", "شخص", "مواطن", "مسن", "سيده", "فتاه",
    "ضابط", "عسكري", "ناشط", "صحفي", "معتقل", "مسلح", "قيادي", "فتي",
})
_DUALS = frozenset({
    "طفلين", "شابين", "رجلين", "مدنيين", "عنصرين", "جنديين", "مقاتلين", "شخصين", "مواطنين", "قتيلين", "جثتين",
    "ضابطين", "عسكريين", "طفلان", "شابان", "عنصران", "جنديان", "شخصان", "قتيلان",
})
# Plural forms that are also duals in writing (مدنيين، مقاتلين، مواطنين، عسكريين) count two only with a dual verb.
_AMBIGUOUS_DUALS = frozenset({"مدنيين", "مقاتلين", "مواطنين", "عسكريين"})
_DUAL_VERBS = frozenset({"قتلا", "قتلتا", "لقيا"})
_SINGULAR_DEATH_NOUNS = frozenset({"ضحيه", "قتيل", "قتيله", "شهيد", "جثه"})
_SINGULAR_PERSONS_ACC = frozenset({"طفلا", "شابا", "رجلا", "مدنيا", "عنصرا", "جنديا", "مقاتلا", "شخصا", "مواطنا",
                                   "طفله", "امراه", "سيده", "فتاه"})


def _strip(norm: str) -> str:
    return norm[1:] if norm[:1] in ("و", "ف") and len(norm) > 3 else norm


@dataclass(frozen=True, slots=True)
class DeathToll:
    """A count of dead and whether the text states it (a number, "a child") or the rules assume it."""

    count: int
    stated: bool


NO_DEATHS = DeathToll(0, False)


def count_dead(
    tokens: Sequence[Token],
    death: Sequence[PhraseMatch[str]],
    injury: Sequence[PhraseMatch[str]],
    numbers: Sequence[NumberSpan],
) -> DeathToll | None:
    """Dead in one sentence: a number, 3 for unnumbered dead, 0 for a combined count; None: no death word."""
    if not death:
        return None
    found: list[int] = []
    combined = False
    for cue in death:
        number = _number_near(cue, tokens, numbers, injury)
        if number is not None and _is_combined(cue, number, injury):
            combined = True
            continue
        if number is not None:
            found.append(number.lower if number.lower is not None else DEAD_WITHOUT_NUMBER)
            continue
        implied = _implied_by_noun(cue, tokens)
        if implied is not None:
            found.append(implied)
    if found:
        return DeathToll(min(found), True)
    if combined or any(_joined_with_injury(cue, injury) for cue in death):
        return NO_DEATHS
    return DeathToll(DEAD_WITHOUT_NUMBER, False)


def _number_near(
    cue: PhraseMatch[str], tokens: Sequence[Token], numbers: Sequence[NumberSpan], injury: Sequence[PhraseMatch[str]]
) -> NumberSpan | None:
    """A number just after the death word (مقتل ثلاثة) or just before a death noun (37 قتيلاً)."""
    best: tuple[int, NumberSpan] | None = None
    for number in numbers:
        if number.start >= cue.end:
            gap = sum(1 for t in tokens if cue.end <= t.start and t.end <= number.start and t.label == "word")
            wounded_count = any(0 <= inj.start - number.end <= 8 for inj in injury)  # "وأكثر من 200 جرحوا"
            if gap <= _WINDOW and not wounded_count and (best is None or gap < best[0]):
                best = (gap, number)
        elif number.end <= cue.start:
            between = [t for t in tokens if number.end <= t.start and t.end <= cue.start and t.label == "word"]
            punctuation = any(t.label == "punct" for t in tokens if number.end <= t.start and t.end <= cue.start)
            noun_cue = tokens[cue.first_token].norm in _DEATH_NOUNS
            person_then_verb = len(between) <= 2 and any(t.norm in _PERSON_NOUNS for t in between)
            if not punctuation and ((noun_cue and not between) or person_then_verb):
                gap = len(between)
                if best is None or gap < best[0]:
                    best = (gap, number)
    return best[1] if best else None


_DEATH_NOUNS = frozenset({"قتيل", "قتيلا", "قتلي", "قتيله", "ضحايا", "ضحيه", "شهيد", "شهداء", "جثه", "جثث"})
_PERSON_NOUNS = frozenset({"شخص", "شخصا", "اشخاص", "مدنيا", "مدنيين", "عنصرا", "عناصر", "مقاتلا", "جنديا", "طفلا"})


def _is_combined(cue: PhraseMatch[str], number: NumberSpan, injury: Sequence[PhraseMatch[str]]) -> bool:
    """"مقتل وجرح عشرة" / "150 قتيلا وجريحا": one number for dead and wounded together."""
    return any(
        (cue.end <= inj.start < number.start) or (number.end <= cue.start and 0 <= inj.start - cue.end <= 3)
        for inj in injury
    )


def _joined_with_injury(cue: PhraseMatch[str], injury: Sequence[PhraseMatch[str]]) -> bool:
    """"قتلى وجرحى" without a number: a combined mention, no count of dead."""
    return any(0 <= inj.start - cue.end <= 3 for inj in injury)


def _implied_by_noun(cue: PhraseMatch[str], tokens: Sequence[Token]) -> int | None:
    position = cue.last_token + 1
    following = [t for t in tokens[position : position + 3] if t.label == "word"]
    own = tokens[cue.last_token].norm
    own_stem = own[2:] if own.startswith("ال") else own
    if own_stem in _SINGULAR_DEATH_NOUNS:
        return 1  # "ضحية يوم الجمعة قُتل"
    preceding = [t for t in tokens[max(0, cue.first_token - 2) : cue.first_token] if t.label == "word"]
    if preceding and _strip(preceding[-1].norm) in _SINGULAR_PERSONS_ACC:
        return 1  # "أن طفلاً قُتل"
    if own in _DUALS and own not in _AMBIGUOUS_DUALS:
        return 2
    if own in _DUAL_VERBS:
        return 2
    if not following:
        return None
    noun = following[0].norm
    stem = noun[1:] if noun[:1] in ("و", "ف") else noun
    stem = stem[2:] if stem.startswith("ال") else stem
    if stem in _DUALS and stem not in _AMBIGUOUS_DUALS:
        return 2
    if stem in _SINGULAR_PERSONS:
        return 1
    return None
