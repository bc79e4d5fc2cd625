"""Who did what to whom: the two sides of an event read around its trigger.

"بين X و Y" names both sides; "من قبل X" / "على يد X" the perpetrator; "تعرضت X لـ", "مواقع X" and
"مقتل جنديين من X" the target; a nationality after the trigger ("قصف مدفعي تركي") a state's forces; an
actor just before the verb is its subject. Protests, riots and attacks with no named perpetrator get the
generic actors of the event's country (Protesters, Rioters, Unidentified Armed Group, Civilians).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..actors.base import Actor, ActorBase
from ..model import Token
from ..text.lexmatch import PhraseMatch
from .clauses import ClauseView
from .context import definite, words_between
from .lexicon import EventLexicon

SUBJECT_GAP = 8  # words between a clause's subject and its predicate ("فصائل … تمكنت … من استعادة")
CASUALTY_GAP = 3  # words between "مقتل/إصابة" and the side the casualties belong to
NON_COMBATANTS = frozenset({"civilians", "protesters", "rioters"})
UNKNOWN_PERPETRATOR_TYPES = frozenset({
    "Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Attack", "Abduction/forced disappearance",
})


@dataclass(frozen=True, slots=True)
class Sides:
    """The actors of an event: perpetrator (actor 1) and target or other side (actor 2)."""

    actor1: Actor | None
    actor2: Actor | None


class ActorReader:
    """Reads the sides of an event from a clause (stateless; shares the lexicon and the actor base)."""

    def __init__(self, lexicon: EventLexicon, actors: ActorBase) -> None:
        self.lexicon = lexicon
        self.actors = actors
        self._agent_markers = lexicon.word_set("agent_markers")
        self._target_verbs = lexicon.word_set("target_verbs")
        self._target_nouns = lexicon.word_set("target_nouns")
        self._casualty_of = lexicon.word_set("casualty_of")
        self._opponents = lexicon.word_set("opponent_markers")
        self._between = lexicon.word_set("between")
        self._both_sides = lexicon.word_set("both_sides")

    # ------------------------------------------------------------------ lookup
    def actor(self, mention: PhraseMatch[str], day: date | None, country: str) -> Actor | None:
        """The actor a mention names on ``day`` in ``country`` (coded as its parent where it has one)."""
        actor = self.actors.choose(list(mention.values), day=day, country=country)
        return self.actors.coded(actor) if actor is not None else None

    def generic(self, kind: str, country: str, day: date | None) -> Actor | None:
        """The generic actor of a kind (civilians, protesters, rioters) in ``country``."""
        for actor in self.actors.actors.values():
            if actor.type == kind and actor.country == country and actor.active_on(day):
                return actor
        return None

    def unidentified(self, country: str, day: date | None) -> Actor | None:
        """The unidentified armed group of ``country``."""
        for actor in self.actors.actors.values():
            if actor.id.endswith("unidentified-armed-group") and actor.country == country and actor.active_on(day):
                return actor
        return None

    def police(self, country: str, day: date | None) -> Actor | None:
        """The state police of ``country`` on ``day``."""
        for actor in self.actors.actors.values():
            if actor.name.startswith("Police Forces of") and actor.country == country and actor.active_on(day):
                return actor
        return None

    # ------------------------------------------------------------------- sides
    def sides(
        self,
        view: ClauseView,
        pivot: PhraseMatch[str],
        event_type: str,
        sub_event_type: str,
        day: date | None,
        country: str,
        previous: Sides | None,
    ) -> Sides:
        """Actor 1 and actor 2 of the event a clause tells, read around its pivot trigger."""
        tokens = view.tokens
        resolved = [(m, a) for m in view.actors if not _overlaps(m, pivot)
                    and (a := self.actor(m, day, country)) is not None]
        agent: Actor | None = None
        target: Actor | None = None
        between = _word_index(tokens, self._between, after=pivot.start)
        if between is not None:
            if _word_index(tokens, self._both_sides, after=pivot.start) is not None and previous is not None \
                    and previous.actor1 is not None:
                return previous
            after = [(m, a) for m, a in resolved if m.start >= tokens[between].end]
            if len(after) >= 2:
                first, second = after[0][1], _distinct_from(after, after[0][1])
                if event_type not in ("Protests", "Riots"):
                    return Sides(first, second)
                # "المواجهات بين قوات الأمن ومتظاهرين": the crowd's sides are set below, from these two
                agent, target, resolved = first, second, []
        for mention, actor in resolved:
            if _preceded_by(tokens, mention, self._agent_markers):
                agent = agent or actor
            elif (
                _preceded_by(tokens, mention, self._target_verbs, window=1)
                or _followed_by(tokens, mention, self._target_verbs)
                or _preceded_by(tokens, mention, self._target_nouns, window=2)
                or self._after_casualty_word(view, mention)
            ):
                target = target or actor
        if agent is None:
            agent = self.nationality(view, pivot, day)
        if agent is None:
            subject = _subject_before(tokens, resolved, pivot)
            if subject is not None and subject is not target:
                agent = subject
        ordered = sorted(resolved, key=lambda item: (item[0].start < pivot.start, abs(item[0].start - pivot.end)))
        for _mention, actor in ordered:
            if agent is None and actor is not target and actor.type != "civilians":
                agent = actor
            elif target is None and actor is not agent and actor.id != (agent.id if agent else None):
                target = actor
        if event_type == "Protests":
            protesters = self.generic("protesters", country, day)
            force = next((a for a in (agent, target) if _is_force(a)), None)
            if sub_event_type == "Peaceful protest":
                return Sides(protesters, None)
            return Sides(force or self.police(country, day), protesters)
        if event_type == "Riots":
            rioters = self.generic("rioters", country, day)
            opponent = target if target is not None and target.type not in ("protesters", "rioters") else None
            if opponent is None and _is_force(agent):
                opponent = agent  # the forces the crowd fought ("بين قوات الأمن ومتظاهرين")
            return Sides(rioters, opponent)
        civilians_hit = event_type in ("Violence against civilians", "Explosions/Remote violence")
        if civilians_hit and target is None and view.cues_of("civilian"):
            target = self.generic("civilians", country, day)
        if agent is None and not resolved and previous is not None and previous.actor1 is not None \
                and definite(pivot):
            return previous  # "وامتدت الاشتباكات …": the clashes told before, between the same sides
        if agent is not None and agent.type == "civilians":  # civilians are never the perpetrators here
            agent, target = None, target or agent
        if target is not None and agent is not None and target.id == agent.id:
            target = None
        if agent is None and sub_event_type in UNKNOWN_PERPETRATOR_TYPES:
            agent = self.unidentified(country, day)  # a bomb or a killing with no named perpetrator
        return Sides(agent, target)

    def first_actor(self, view: ClauseView, day: date | None, country: str) -> Actor | None:
        """The first armed actor a clause names (the subject a continuation clause goes on with)."""
        for mention in view.actors:
            actor = self.actor(mention, day, country)
            if actor is not None and actor.type not in NON_COMBATANTS:
                return actor
        return None

    def opponent(self, view: ClauseView, day: date | None, country: str, actor1: Actor | None) -> Actor | None:
        """An actor after "مع" or "ضد" in a clause: the other side of the fight."""
        for mention in view.actors:
            if _preceded_by(view.tokens, mention, self._opponents, window=1):
                actor = self.actor(mention, day, country)
                if actor is not None and actor is not actor1:
                    return actor
        return None

    def nationality(self, view: ClauseView, pivot: PhraseMatch[str], day: date | None) -> Actor | None:
        """"غارات روسية"، "قصف مدفعي تركي": a nationality adjective right after the trigger."""
        following = [t for t in view.tokens if pivot.end <= t.start][:3]
        for token in following:
            ids = self.lexicon.nationality.get(token.norm.removeprefix("ال"))
            if ids:
                actor = self.actors.choose(list(ids), day=day, country=None)
                return self.actors.coded(actor) if actor else None
        return None

    def surface(self, text: str, view: ClauseView, actor: Actor | None) -> str | None:
        """The words of the clause that name ``actor`` (None for an actor the coder supplied)."""
        if actor is None:
            return None
        for mention in view.actors:
            named = (self.actors.get(i) for i in mention.values)
            if any(self.actors.coded(a).id == actor.id for a in named if a is not None):
                return text[mention.start : mention.end]
        return None

    def _after_casualty_word(self, view: ClauseView, mention: PhraseMatch[str]) -> bool:
        """"مقتل جنديين من الجيش العراقي", "إصابة عنصرين من قوات النظام": the actor the casualties belong to."""
        before = [t for t in view.tokens if t.end <= mention.start and t.label == "word"]
        if not before or before[-1].norm not in self._casualty_of:
            return False
        return any(
            cue.end <= mention.start and words_between(view.tokens, cue.end, mention.start) <= CASUALTY_GAP
            for cue in (*view.cues_of("death"), *view.cues_of("injury"))
        )


def inter_code(actor: Actor | None, country: str) -> int | None:
    """ACLED's actor-type code; a state's forces acting abroad are external forces (8)."""
    if actor is None:
        return None
    if actor.inter == 1 and actor.country and country and actor.country != country:
        return 8
    return actor.inter


def territory_sub_type(actor1: Actor | None, country: str) -> str:
    """A change of control by a state's own forces regains territory; by anyone else (a foreign army
    included) it overtakes it."""
    return "Government regains territory" if inter_code(actor1, country) == 1 else \
        "Non-state actor overtakes territory"


def _overlaps(mention: PhraseMatch[str], trigger: PhraseMatch[str]) -> bool:
    return mention.start < trigger.end and trigger.start < mention.end


def _word_index(tokens: Sequence[Token], keys: frozenset[str], *, after: int) -> int | None:
    for position, token in enumerate(tokens):
        if token.start < after:
            continue
        if any(token.norm == key or (token.norm.endswith(key) and len(token.norm) <= len(key) + 2) for key in keys):
            return position
    return None


def _preceded_by(tokens: Sequence[Token], mention: PhraseMatch[str], keys: frozenset[str], *, window: int = 2) -> bool:
    before = [t for t in tokens if t.end <= mention.start and t.label == "word"][-window:]
    return any(t.norm in keys or t.norm[1:] in keys for t in before)


def _followed_by(tokens: Sequence[Token], mention: PhraseMatch[str], keys: frozenset[str]) -> bool:
    after = [t for t in tokens if t.start >= mention.end and t.label == "word"][:2]
    return any(t.norm in keys for t in after)


def _is_force(actor: Actor | None) -> bool:
    """A state's military or police (ACLED interaction codes 1 and 3)."""
    return actor is not None and actor.inter in (1, 3)


def _distinct_from(items: list[tuple[PhraseMatch[str], Actor]], first: Actor) -> Actor | None:
    for _mention, actor in items[1:]:
        if actor.id != first.id:
            return actor
    return None


def _subject_before(
    tokens: Sequence[Token], resolved: list[tuple[PhraseMatch[str], Actor]], trigger: PhraseMatch[str]
) -> Actor | None:
    """"أن فصائل المعارضة استعادت …": an actor just before the verb is its subject."""
    before = [(m, a) for m, a in resolved if m.end <= trigger.start]
    if not before:
        return None
    mention, actor = before[-1]
    gap = words_between(tokens, mention.end, trigger.start)
    first_in_clause = mention is before[0][0] or gap <= 1
    return actor if gap <= SUBJECT_GAP and first_in_clause and actor.type != "civilians" else None
