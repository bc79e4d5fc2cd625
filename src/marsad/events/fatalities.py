"""Fatality counts as ACLED reports them, from the words of death in a clause.

The lowest reported number of dead ("at least ten" → 10); a singular or dual noun counts one or two
("قتل شرطي" → 1, "مقتل طفلين" → 2); dead mentioned without a number → 3; عشرات → 10; مئات → 100; only a
combined killed-and-wounded count, or no death → 0. Numbers that are times, dates, distances, sums or
weapon counts are never tolls. Word lists are the ``tolls:`` section of the event lexicon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import NumberSpan, Token
from ..text.lexmatch import PhraseMatch
from .clauses import ClauseView
from .lexicon import EventLexicon

DEAD_WITHOUT_NUMBER = 3
_WINDOW = 5  # words between a death word and its number
_WOUNDED_REACH = 8  # characters between a number and an injury word that make it a count of the wounded


@dataclass(frozen=True, slots=True)
class DeathToll:
    """A count of dead and whether the text states it (a number, "a child") or the rules assume it."""

    count: int
    stated: bool


NO_DEATHS = DeathToll(0, False)


def count_dead(view: ClauseView, lexicon: EventLexicon) -> DeathToll | None:
    """Dead in one clause: a number, one or two from a noun, 3 for unnumbered dead, 0 for a combined count.

    None when the clause has no word of death.
    """
    death = view.cues_of("death")
    if not death:
        return None
    injury = view.cues_of("injury")
    subsets = _subset_starts(view, lexicon)
    numbers = [n for n in view.numbers if _counts_people(n, view, lexicon) and not _in_subset(n.start, subsets)]
    found: list[int] = []
    combined = False
    for cue in death:
        number = _number_near(cue, view.tokens, numbers, injury, lexicon)
        if number is not None and _is_combined(cue, number, injury):
            combined = True
            continue
        if number is not None:
            found.append(number.lower if number.lower is not None else DEAD_WITHOUT_NUMBER)
            continue
        implied = _implied_by_noun(cue, view.tokens, lexicon)
        if implied is not None and not _in_subset(cue.start, subsets):
            found.append(implied)
    if found:
        return DeathToll(min(found), True)
    if combined or any(_joined_with_injury(cue, injury) for cue in death):
        return NO_DEATHS
    return DeathToll(DEAD_WITHOUT_NUMBER, False)


_SUBSET_REACH = 3  # words after "بينهم" that name a part of the toll


def _subset_starts(view: ClauseView, lexicon: EventLexicon) -> list[int]:
    """Where "بينهم"/"منهم" phrases end: counts right after them are parts of a toll already told."""
    markers = lexicon.toll_words("subset_markers")
    return [t.end for t in view.tokens if t.label == "word" and _in(t.norm, markers)]


def _in_subset(offset: int, subsets: list[int]) -> bool:
    return any(0 <= offset - end <= _SUBSET_REACH * 12 for end in subsets)


def _counts_people(number: NumberSpan, view: ClauseView, lexicon: EventLexicon) -> bool:
    """Not a date, a time, a distance, a sum or a count of weapons ("24/7", "الساعة 5", "3 صواريخ")."""
    if any(d.start <= number.start < d.end for d in view.dates):
        return False
    words = [t for t in view.tokens if t.label == "word" or t.label == "number"]
    before = [t for t in words if t.end <= number.start][-1:]
    after = [t for t in words if t.start >= number.end][:1]
    blocked = lexicon.toll_words("not_a_count")
    if any(_in(t.norm, blocked) for t in (*before, *after)):
        return False
    touching = [t for t in view.tokens if t.end == number.start or t.start == number.end]
    return not any(t.norm in ("/", ":", "%", ".") for t in touching)


def _number_near(
    cue: PhraseMatch[str], tokens: Sequence[Token], numbers: Sequence[NumberSpan],
    injury: Sequence[PhraseMatch[str]], lexicon: EventLexicon,
) -> NumberSpan | None:
    """A number just after the death word (مقتل ثلاثة), just before a death noun (37 قتيلاً), or before the
    persons the verb kills ("5 عناصر على الأقل قتلوا")."""
    fillers = lexicon.toll_words("count_fillers")
    persons = lexicon.toll_words("person_nouns")
    death_nouns = lexicon.toll_words("death_nouns")
    best: tuple[int, NumberSpan] | None = None
    for number in numbers:
        if number.start >= cue.end:
            if any(cue.end <= inj.start < number.start for inj in injury):
                continue  # "قتل طفلان وأصيب أربعة": a number after a word of injury counts the wounded
            gap = sum(1 for t in tokens if cue.end <= t.start and t.end <= number.start and t.label == "word")
            # "وأكثر من 200 جرحوا" counts the wounded; "مقتل 5 وجرح 10" does not (the injury has its own count)
            wounded = any(0 <= inj.start - number.end <= _WOUNDED_REACH and not _counted(inj, numbers)
                          for inj in injury)
            if gap <= _WINDOW and not wounded and (best is None or gap < best[0]):
                best = (gap, number)
        elif number.end <= cue.start:
            between = [t for t in tokens if number.end <= t.start and t.end <= cue.start and t.label == "word"]
            punctuation = any(t.label == "punct" and t.norm not in (",",) for t in tokens
                              if number.end <= t.start and t.end <= cue.start)
            content = [t for t in between if not _in(t.norm, fillers)]
            if any(_in(t.norm, lexicon.toll_words("subset_markers")) for t in between):
                content = content[:1]  # "15 شخصا بينهم طفلان وفتى قتلوا": the parts between do not count
            noun_cue = _in(tokens[cue.first_token].norm, death_nouns)
            person_then_verb = len(content) <= 2 and any(_in(t.norm, persons) for t in content)
            if not punctuation and ((noun_cue and not content) or person_then_verb):
                gap = len(between)
                if best is None or gap < best[0]:
                    best = (gap, number)
    return best[1] if best else None


def _counted(injury: PhraseMatch[str], numbers: Sequence[NumberSpan]) -> bool:
    """A number of its own right after a word of injury ("وجرح 10", "وإصابة عشرين")."""
    return any(0 <= number.start - injury.end <= _WOUNDED_REACH for number in numbers)


def _is_combined(cue: PhraseMatch[str], number: NumberSpan, injury: Sequence[PhraseMatch[str]]) -> bool:
    """"مقتل وجرح عشرة" / "150 قتيلا وجريحا": one number for dead and wounded together."""
    return any(
        (cue.end <= inj.start < number.start) or (number.end <= cue.start and 0 <= inj.start - cue.end <= 3)
        for inj in injury
    )


def _joined_with_injury(cue: PhraseMatch[str], injury: Sequence[PhraseMatch[str]]) -> bool:
    """"قتلى وجرحى" without a number: a combined mention, no count of dead."""
    return any(0 <= inj.start - cue.end <= 3 for inj in injury)


def _implied_by_noun(cue: PhraseMatch[str], tokens: Sequence[Token], lexicon: EventLexicon) -> int | None:
    """One or two dead from a singular or dual noun next to the death word."""
    singular = lexicon.toll_words("singular_persons")
    duals = lexicon.toll_words("dual_persons") - lexicon.toll_words("ambiguous_duals")
    own = tokens[cue.last_token].norm
    if _in(own, lexicon.toll_words("singular_death_nouns")):
        return 1  # "ضحية يوم الجمعة قُتل"
    token = tokens[cue.last_token]
    pronoun = next((form for form in (own, _bare(own), *token.forms) if form in lexicon.pronoun_tolls), None)
    if pronoun is not None:  # "ما أدى إلى مقتله", "بمقتله" (None: "مقتلهم", dead without a number)
        return lexicon.pronoun_tolls[pronoun]
    preceding = [t for t in tokens[max(0, cue.first_token - 2) : cue.first_token] if t.label == "word"]
    if preceding and _in(preceding[-1].norm, lexicon.toll_words("singular_persons_before")):
        return 1  # "أن طفلاً قُتل"
    if _in(own, duals) or _in(own, lexicon.toll_words("dual_verbs")):
        return 2
    following = [t for t in tokens[cue.last_token + 1 : cue.last_token + 4] if t.label == "word"]
    if not following:
        return None
    noun = following[0].norm
    if _in(noun, duals):
        return 2  # "مقتل طفلين", "جثتي شرطيين"
    if _in(noun, singular):
        return 1  # "قتل شرطي"
    accusative = lexicon.toll_words("singular_persons_before")
    if any(word.norm.endswith("ا") and _in(word.norm, accusative) for word in following[1:3]):
        return 1  # the object after the subject, marked by its ending: "قتل مسلحون شاباً" (not "… وطفلة")
    return None


def noun_counts(view: ClauseView, lexicon: EventLexicon) -> list[NumberSpan]:
    """Counts that a noun of the dead states by its number: a dual ("وقتيلان في دمشق") counts two, a singular
    death noun ("وضحية في حماة") one; a noun right after a number ("13 ضحية") is what the number counts, no
    count of its own."""
    duals = lexicon.toll_words("dual_persons") - lexicon.toll_words("ambiguous_duals")
    singular = lexicon.toll_words("singular_death_nouns")
    after_number = {n.end + gap for n in view.numbers for gap in (0, 1)}  # "13 ضحية", "13ضحية"
    counts = []
    for token in view.tokens:
        if token.label != "word" or token.start in after_number:
            continue
        value = 2 if _in(token.norm, duals) else 1 if _in(token.norm, singular) else None
        if value is not None:
            counts.append(NumberSpan(token.start, token.end, "number", value=value, lower=value))
    return counts


def _bare(norm: str) -> str:
    """A word without a leading و/ف and article ال."""
    if norm[:1] in ("و", "ف") and len(norm) > 3:
        norm = norm[1:]
    if norm.startswith("ال") and len(norm) > 4:
        norm = norm[2:]
    return norm


def _in(norm: str, words: frozenset[str]) -> bool:
    """The word, or its bare form, is one of ``words``."""
    return norm in words or _bare(norm) in words
