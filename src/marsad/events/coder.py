"""The event coder: from Arabic sentences to ACLED-style events with evidence.

Per sentence: find trigger phrases (event lexicon), drop those in plans, threats, denials,
habits or aggregate statistics, pick the sentence's main reading by ACLED's hierarchy, refine
the sub-event type from weapon and target cues, read the actors around the trigger (بين X و Y،
من قبل X، تعرضت X لـ …), take the places the event happened at (one event per village of a
list), the date (the sentence's own, else the paragraph's last, else the publication date) and
the dead. Events of the same (type, date, place, actors) are merged.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise
from typing import Any

from ..actors.base import Actor, ActorBase
from ..geo import haversine_km
from ..model import Article, DateSpan, Event, NumberSpan, PlaceMention, Span, Token
from ..text.calendar import iso_date
from ..text.lexmatch import PhraseMatch
from ..text.normalize import normalize_key
from ..text.tokenize import tokenize
from .fatalities import NO_DEATHS, DeathToll, count_dead
from .lexicon import EventLexicon, Trigger
from .merge import EventContext, merge_events
from .taxonomy import interaction_code

# Which reading of a sentence wins when it has several triggers (ACLED's hierarchy, most specific first).
_PRIORITY = {
    "chemical": 0, "suicide": 1, "strike": 2, "explosion": 3, "shelling": 4, "grenade": 5, "control": 6,
    "clash": 7, "attack": 8, "riot": 9, "mob": 9, "protest": 10, "kill": 11, "abduct": 12, "sexual": 13, "arrest": 14,
    "loot": 15, "disrupt": 16, "movement": 17, "base": 18, "transfer": 19, "agreement": 20, "other": 21,
}
_REMOTE = frozenset({"strike", "shelling", "explosion", "suicide", "chemical", "grenade"})
_GROUND_WEAPONS = frozenset(normalize_key(w) for w in ("آر بي جي", "ار بي جي", "RPG", "رشاش", "رشاشات", "قناص"))
_AGENT_MARKERS = frozenset(normalize_key(w) for w in ("قبل", "يد", "برصاص", "رصاص", "شنها", "نفذها", "تبناه"))
_TARGET_VERBS = frozenset(normalize_key(w) for w in ("تعرضت", "تعرض", "تعرضوا", "تعرضتا", "استهدفت", "طالت"))
_TARGET_NOUNS = frozenset(normalize_key(w) for w in (
    "مفرزة", "مقر", "مقرات", "نقطة", "نقاط", "حاجز", "حواجز", "مواقع", "موقع", "رتل", "دورية", "ثكنة", "عناصر",
    "تتبع", "التابعة", "التابع", "لصالح", "ضد", "صفوف", "مع", "على",
))
_BACKGROUND_WINDOW = 3  # words between "بعد/عقب/إثر" and a trigger it puts in the background
_UNKNOWN_PERPETRATOR_TYPES = frozenset({
    "Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Attack", "Abduction/forced disappearance",
})
# A dateline opens some wire stories: "دمشق، سوريا (CNN) --", "بيروت (رويترز) -".
_DATELINE_RE = re.compile(r"^\s*[^\n.]{2,40}?\((?:[^()\n]{2,30})\)\s*(?:--|—|–|-|:)")
_FIRED_TOWARDS = frozenset(normalize_key(w) for w in ("على", "باتجاه", "استهدفت", "سقطت", "طالت", "نحو"))
_RETELLING_VERBS = frozenset(normalize_key(w) for w in ("جاء", "جاءت", "يأتي", "تأتي"))
# Event types that can carry deaths (strategic developments carry none).
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"})
_ATTRIBUTION_GAP = 3  # words between "مراسل/مصادر" and the place they speak from
_CASUALTY_GAP = 3  # words between "مقتل/إصابة" and the actor the casualties belong to
_CASUALTY_OF = frozenset(normalize_key(w) for w in ("من", "صفوف"))
_FOLD_KM = 5.0  # deaths reported this close to an event's place are its casualties
_SUBJECT_GAP = 8  # words between a clause's subject and its predicate ("فصائل … تمكنت … من استعادة")
_BETWEEN = normalize_key("بين")
_BOTH_SIDES = normalize_key("الطرفين")
# Contexts that void a whole sentence, and contexts that void only the triggers next to them.
_WHOLE_SENTENCE = frozenset({"denial", "aggregate", "condition", "speculation"})
_LOCAL = frozenset({"suppress:future", "suppress:threat", "suppress:habit", "suppress:call"})
_LOCAL_BEFORE, _LOCAL_AFTER = 6, 4  # words a local context reaches before and after a trigger
# Words that open a new clause inside a sentence (each clause is read on its own).
_CLAUSE_OPENERS = frozenset(normalize_key(w) for w in (
    "فيما", "بينما", "وذلك", "حيث", "كما", "إذ", "اذ",
))
_CONTINUATION = "continuation:"
_OPPONENT_MARKERS = frozenset(normalize_key(w) for w in ("مع", "ضد"))
# Openers after which the clause goes on with the same subject ("… أسود الشرقية … حيث اشتبكت مع …").
_SAME_SUBJECT_OPENERS = frozenset(normalize_key(w) for w in ("حيث", "إذ", "اذ"))
_CLAUSE_OPENER_PAIRS = frozenset({
    (normalize_key("في"), normalize_key("حين")), (normalize_key("فضلا"), normalize_key("عن")),
    (normalize_key("في"), normalize_key("غضون")),
})
_MAX_DATE_LOOKBACK = 4  # clauses a date carries over to
_STALE_DAYS = 45  # an event this long before publication is background, not the article's news


@dataclass(slots=True)
class _Sentence:
    index: int
    span: Span
    tokens: list[Token]
    triggers: list[PhraseMatch[Trigger]] = field(default_factory=list)
    cues: list[PhraseMatch[str]] = field(default_factory=list)
    actors: list[PhraseMatch[str]] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateSpan] = field(default_factory=list)
    numbers: list[NumberSpan] = field(default_factory=list)

    def cue_kinds(self) -> set[str]:
        return {value for cue in self.cues for value in cue.values}

    def cues_of(self, kind: str) -> list[PhraseMatch[str]]:
        return [cue for cue in self.cues if kind in cue.values]


@dataclass(slots=True)
class _State:
    """What coding an article carries from one clause to the next."""

    published: date | None
    country: str
    title_kinds: set[str]
    fallback: PlaceMention | None
    events: list[Event] = field(default_factory=list)
    context: dict[int, EventContext] = field(default_factory=dict)
    previous_location: PlaceMention | None = None
    previous_pair: tuple[Actor | None, Actor | None] = (None, None)
    previous_clause: _Sentence | None = None
    # deaths told as the outcome of fighting not yet coded: (event type, place, day, toll, clause)
    pending: list[tuple[str, PlaceMention, date | None, int, _Sentence]] = field(default_factory=list)


@dataclass(slots=True)
class _Reading:
    trigger: PhraseMatch[Trigger]  # the trigger that decided the type
    event_type: str
    sub_event_type: str
    anchor: PhraseMatch[Trigger] | None = None  # the predicate actors and places are read around

    @property
    def pivot(self) -> PhraseMatch[Trigger]:
        return self.anchor or self.trigger


class EventCoder:
    """Codes the events of an article."""

    def __init__(self, lexicon: EventLexicon, actors: ActorBase, *, default_country: str = "Syria") -> None:
        self.lexicon = lexicon
        self.actors = actors
        self.default_country = default_country
        self._dateline_end = 0

    # ------------------------------------------------------------------ driver
    def code(self, article: Article) -> list[Event]:
        sentences = self._sentences(article)
        dateline = _DATELINE_RE.match(article.text)
        self._dateline_end = dateline.end() if dateline else 0  # "دمشق، سوريا (CNN) --": where it was filed
        state = _State(
            published=iso_date(article.meta.published),
            country=_article_country(article, self.default_country),
            title_kinds=self._title_kinds(article),
            fallback=_main_place(article),
        )
        for sentence in sentences:
            self._code_clause(article, sentences, sentence, state)
            state.previous_clause = sentence
        return merge_events(state.events, state.context)

    def _code_clause(self, article: Article, sentences: list[_Sentence], sentence: _Sentence, state: _State) -> None:
        """Code the events of one clause into ``state``."""
        kinds = sentence.cue_kinds()
        if "suppress:claim" in kinds:
            self._attribute_claim(sentence, state.events, state.published, state.country)
            return
        voided = {kind for kind in _WHOLE_SENTENCE if f"suppress:{kind}" in kinds}
        if voided and not (voided == {"condition"} and sentence.dates):  # "إذا" can mean "when"
            return
        sentence.triggers = [
            t for t in sentence.triggers
            if not _locally_suppressed(sentence, t)
            and not (t.key in self.lexicon.present_forms and not sentence.dates)  # a habit, not an event
            and not (t.key in self.lexicon.weapon_nouns and not _weapon_used(sentence, t))
        ]
        grounded = bool(sentence.dates) or any(p.place_id for p in sentence.places)
        previous = state.previous_clause
        carried = previous is not None and (bool(previous.dates) or any(p.place_id for p in previous.places))
        if not grounded and not carried:
            return  # neither a day nor a place of its own or just before: commentary, not a report
        reading = self._reading(sentence, kinds, state.title_kinds)
        if reading is None:
            return
        day, precision = self._date(sentences, sentence, state.published, reading.pivot)
        if day is not None and state.published is not None and (state.published - day).days > _STALE_DAYS:
            return  # told as background ("ستة أشهر مضت"): not news of this article
        continuation = sentence.span.label.startswith(_CONTINUATION) and state.previous_clause is not None
        same_subject = continuation and sentence.span.label[len(_CONTINUATION):] in _SAME_SUBJECT_OPENERS
        locations = self._locations(sentence, reading)
        if not locations and continuation and state.previous_clause is not None:
            locations = self._locations(state.previous_clause, reading)  # "… في حي الحميدية … حيث اشتبكت"
        governorate_only = len(locations) == 1 and locations[0].feature_type == "admin1"
        if governorate_only and state.fallback is not None and state.fallback.admin1 == locations[0].admin1:
            locations = [state.fallback]  # "في محافظة حمص" in an article about al-Qusayr
        if not locations:
            locations = [p for p in (state.previous_location or state.fallback,) if p is not None]
        if not locations:
            return
        country = locations[0].country or state.country  # generic actors take the event's country
        actor1, actor2 = self._actors(sentence, reading, day, country, state.previous_pair)
        quiet_clause = not sentence.actors and state.previous_clause is not None
        if actor1 is None and (same_subject or quiet_clause) and state.previous_clause is not None:
            subject = self._first_actor(state.previous_clause, day, country)
            if subject is not None and subject is not actor2:
                actor1 = subject  # "… أسود الشرقية … حيث اشتبكت مع لواء القدس": the subject of the clause before
        if actor2 is None and sentence.index + 1 < len(sentences):
            following = sentences[sentence.index + 1]
            if following.span.label.startswith(_CONTINUATION):  # "… وذلك بعد اشتباكات عنيفة مع قوات النظام"
                actor2 = self._opponent(following, day, country, actor1)
        reading = self._refine_by_actors(reading, actor1)
        if self._anaphoric(article, reading, state.events, actor1):
            return
        dead = self._fatalities(sentences, sentence) if reading.event_type in _VIOLENT else NO_DEATHS
        consequence = any(_is_background(sentence, t) for t in sentence.triggers)  # "قُتل إثر الاشتباكات"
        if _only_deaths(reading) and (actor1 is None or consequence):
            window = 1 if consequence else 0
            if _fold_casualties(state.events, locations[0], day, dead.count, sentence, window=window):
                return
            if consequence:  # the fighting it follows is told later: keep the toll for that event
                cause = next(v.event_type for t in sentence.triggers if _is_background(sentence, t) for v in t.values)
                state.pending.append((cause, locations[0], day, dead.count, sentence))
                return
        if actor1 is None and reading.sub_event_type in _UNKNOWN_PERPETRATOR_TYPES:
            actor1 = self._generic_armed(country, day)  # a bomb or a killing with no named perpetrator
        share = _split_evenly(dead.count, len(locations))
        for location, fatalities in zip(locations, share, strict=True):
            event = self._event(article, sentence, reading, location, day, precision, actor1, actor2, fatalities,
                                country)
            state.events.append(event)
            for pending in list(state.pending):
                cause, place, when, toll, told = pending
                if event.event_type == cause and _fold_casualties([event], place, when, toll, told, window=1):
                    state.pending.remove(pending)
            named = frozenset(p.place_id for p in sentence.places if p.place_id)
            state.context[id(event)] = EventContext(location, named, dead.stated)
        state.previous_location = locations[0]
        state.previous_pair = (actor1, actor2)

    def _opponent(self, clause: _Sentence, day: date | None, country: str, actor1: Actor | None) -> Actor | None:
        """An actor after "مع" or "ضد" in the clause that follows: the other side of the fight."""
        for mention in clause.actors:
            if _preceded_by(clause.tokens, mention, _OPPONENT_MARKERS, window=1):
                actor = self._actor(mention, day, country)
                if actor is not None and actor is not actor1:
                    return actor
        return None

    def _first_actor(self, sentence: _Sentence, day: date | None, country: str) -> Actor | None:
        for mention in sentence.actors:
            actor = self._actor(mention, day, country)
            if actor is not None and actor.type not in ("civilians", "protesters", "rioters"):
                return actor
        return None

    def _title_kinds(self, article: Article) -> set[str]:
        """Weapon cues of the title ("سلسلة هجمات انتحارية"), used when a sentence says only "هجمات"."""
        title = article.meta.title or ""
        if not title:
            return set()
        tokens = tokenize(title)
        cues = self.lexicon.cues.find(title, tokens)
        return {value for cue in cues for value in cue.values if value.startswith("weapon:")}

    def _attribute_claim(
        self, sentence: _Sentence, events: list[Event], published: date | None, country: str
    ) -> None:
        """"أعلن تنظيم داعش مسؤوليته عن الهجوم": the claimant becomes actor 1 of the event told before."""
        if not events or not sentence.actors:
            return
        claimant = self._actor(sentence.actors[0], published, country)
        last = events[-1]
        unknown = last.actor1 is None or last.actor1.startswith("Unidentified")
        if claimant is not None and unknown and claimant.type not in ("civilians", "protesters", "rioters"):
            last.actor1, last.inter1 = claimant.name, _inter(claimant, last.country or country)
            last.actor1_ar = last.actor1_ar or None
            last.interaction = interaction_code(last.inter1, last.inter2)
            last.notes = _note(last)

    @staticmethod
    def _anaphoric(article: Article, reading: _Reading, events: list[Event], actor1: Actor | None) -> bool:
        """"التفجير الذي وقع في حي عدن": a definite trigger with a relative clause retells an earlier event."""
        trigger = reading.trigger
        following = article.text[trigger.end : trigger.end + 8].split()
        definite = normalize_key(article.text[trigger.start : trigger.end]).startswith("ال")
        if not (definite and following and normalize_key(following[0]) in ("الذي", "التي")):
            return False
        for event in reversed(events):
            if event.sub_event_type == reading.sub_event_type:
                if actor1 is not None and (event.actor1 is None or event.actor1.startswith("Unidentified")):
                    event.actor1, event.inter1 = actor1.name, _inter(actor1, event.country or "")
                event.evidence_spans.append((trigger.start, trigger.end))
                return True
        return False

    # -------------------------------------------------------------- sentences
    def _sentences(self, article: Article) -> list[_Sentence]:
        text = article.text
        tokens: list[Token] = article.layers.get("tokens", [])
        sentence_spans: list[Span] = article.layers.get("sentences", []) or [Span(0, len(text), "sentence")]
        spans = [clause for span in sentence_spans for clause in _clauses(text, tokens, span)]
        starts = [s.start for s in spans]
        sentences = [_Sentence(i, s, []) for i, s in enumerate(spans)]

        def owner(offset: int) -> _Sentence:
            return sentences[max(0, bisect.bisect_right(starts, offset) - 1)]

        base: dict[int, int] = {}
        for index, token in enumerate(tokens):
            sentence = owner(token.start)
            base.setdefault(sentence.index, index)
            sentence.tokens.append(token)

        def local(match: PhraseMatch[Any]) -> tuple[_Sentence, PhraseMatch[Any]]:
            """The clause a match starts in, with token indices counted inside that clause."""
            sentence = owner(match.start)
            first = base.get(sentence.index, 0)
            last = min(match.last_token - first, len(sentence.tokens) - 1)
            return sentence, replace(match, first_token=match.first_token - first, last_token=last)

        # each dictionary runs once over the article; a match belongs to the clause it starts in
        for trigger in self.lexicon.triggers.find(text, tokens, overlapping=True):
            sentence, found_trigger = local(trigger)
            sentence.triggers.append(found_trigger)
        for cue in self.lexicon.cues.find(text, tokens, overlapping=True):
            sentence, found_cue = local(cue)
            sentence.cues.append(found_cue)
        for mention in self.actors.matcher.find(text, tokens):
            sentence, found_actor = local(mention)
            sentence.actors.append(found_actor)
        for sentence in sentences:
            sentence.triggers = _longest(sentence.triggers)
        for place in article.layers.get("places", []):
            owner(place.start).places.append(place)
        for found in article.layers.get("dates", []):
            owner(found.start).dates.append(found)
        for number in article.layers.get("numbers", []):
            owner(number.start).numbers.append(number)
        return sentences

    # ---------------------------------------------------------------- reading
    def _reading(self, sentence: _Sentence, kinds: set[str], title_kinds: set[str]) -> _Reading | None:
        triggers = [
            t for t in sentence.triggers
            if (not _inside_actor(t, sentence.actors) or any(v.name == "protest" for v in t.values))
            and not any(p.start <= t.start and t.end <= p.end for p in sentence.places)  # "ساحة التحرير"
            and not _is_anaphoric(sentence, t)
        ]
        background = [t for t in triggers if _is_background(sentence, t)]
        foreground = [t for t in triggers if t not in background]
        if not foreground:
            if not background or not sentence.dates:
                return None
            foreground = background
        triggers = foreground
        classes = {value.name for t in triggers for value in t.values}
        anchor = min(triggers, key=lambda t: t.start)
        ground = _has_ground_weapon(sentence)
        if ground:  # an RPG or a machine gun is fired on the ground: not remote violence
            triggers = [t for t in triggers if not any(v.name == "shelling" for v in t.values)] or triggers
            classes.discard("shelling")
        main = min(triggers, key=lambda t: min(_PRIORITY[v.name] for v in t.values))
        trigger_class = min((v for v in main.values), key=lambda v: _PRIORITY[v.name])
        name = trigger_class.name
        if "protest" in classes and name in ("attack", "kill", "clash", "shelling", "arrest"):
            name = "protest"  # violence against protesters is coded as a protest event
        if "disrupt" in classes and name in _REMOTE | {"attack", "clash"}:
            name = "disrupt"  # weapons seized or defused, not used
        title_weapon = _weapon(title_kinds)
        if title_weapon not in ("Suicide bomb", "Chemical weapon", "Remote explosive/landmine/IED"):
            title_weapon = None  # the title only tells what kind a bare "هجمات" of its lead was
        weapon = _weapon(kinds) or (title_weapon if name == "attack" else None)
        civilian = "civilian" in kinds
        military = "military_target" in kinds
        if name == "disrupt":
            return _Reading(main, "Strategic developments", "Disrupted weapons use", anchor)
        remote_weapon = weapon in _REMOTE_SUBTYPES and not ground
        shelling_only = weapon == "Shelling/artillery/missile attack" and name == "clash" and "shelling" not in classes
        if name in ("clash", "attack") and remote_weapon and not shelling_only:
            return _Reading(main, "Explosions/Remote violence", str(weapon), anchor)
        if name in ("attack", "shelling") and ground:
            name = "attack"
        if name == "attack":
            if civilian and not military:
                return _Reading(main, "Violence against civilians", "Attack", anchor)
            return _Reading(main, "Battles", "Armed clash", anchor)
        if name == "shelling" and (weapon == "Air/drone strike" or "strike" in classes):
            return _Reading(main, "Explosions/Remote violence", "Air/drone strike", anchor)
        if name == "explosion" and weapon == "Suicide bomb":
            return _Reading(main, "Explosions/Remote violence", "Suicide bomb", anchor)
        if name == "kill":
            if military and not civilian:
                return _Reading(main, "Battles", "Armed clash", anchor)
            return _Reading(main, "Violence against civilians", "Attack", anchor)
        if name == "protest":
            return _Reading(main, "Protests", _protest_kind(kinds, classes), anchor)
        if name == "riot":
            return _Reading(main, "Riots", "Violent demonstration", anchor)
        return _Reading(main, trigger_class.event_type, trigger_class.sub_event_type, anchor)

    @staticmethod
    def _refine_by_actors(reading: _Reading, actor1: Actor | None) -> _Reading:
        if reading.event_type == "Battles" and reading.sub_event_type != "Armed clash" and actor1 is not None:
            state = actor1.inter == 1
            sub = "Government regains territory" if state else "Non-state actor overtakes territory"
            return _Reading(reading.trigger, "Battles", sub, reading.anchor)
        return reading

    # ----------------------------------------------------------------- actors
    def _actors(
        self,
        sentence: _Sentence,
        reading: _Reading,
        day: date | None,
        country: str,
        previous: tuple[Actor | None, Actor | None],
    ) -> tuple[Actor | None, Actor | None]:
        trigger = reading.pivot
        mentions = [m for m in sentence.actors if not _overlaps(m, trigger)]
        resolved = [(m, a) for m in mentions if (a := self._actor(m, day, country)) is not None]
        tokens = sentence.tokens
        agent: Actor | None = None
        target: Actor | None = None
        between = _word_index(tokens, _BETWEEN, after=trigger.start)
        if between is not None:
            if _word_index(tokens, _BOTH_SIDES, after=trigger.start) is not None and previous[0] is not None:
                return previous
            after = [(m, a) for m, a in resolved if m.start >= tokens[between].end]
            if len(after) >= 2:
                return after[0][1], _distinct_from(after, after[0][1])
        for mention, actor in resolved:
            if _preceded_by(tokens, mention, _AGENT_MARKERS):
                agent = agent or actor
            elif (
                _preceded_by(tokens, mention, _TARGET_VERBS, window=1)
                or _follows_target_verb(tokens, mention)
                or _preceded_by(tokens, mention, _TARGET_NOUNS, window=2)
                or _after_casualty_word(sentence, mention)  # "مقتل جنديين من الجيش العراقي": the victims
            ):
                target = target or actor
        nationality = self._nationality(sentence, trigger, day)
        if agent is None and nationality is not None:
            agent = nationality
        if agent is None:
            subject = _subject_before(tokens, resolved, trigger)
            if subject is not None and subject is not target:
                agent = subject
        ordered = sorted(resolved, key=lambda item: (item[0].start < trigger.start, abs(item[0].start - trigger.end)))
        for _mention, actor in ordered:
            if agent is None and actor is not target and actor.type != "civilians":
                agent = actor
            elif target is None and actor is not agent and actor.id != (agent.id if agent else None):
                target = actor
        if reading.event_type == "Protests":
            protesters = self._generic("protesters", country, day)
            force = agent if agent is not None and agent.inter in (1, 3) else None
            if reading.sub_event_type == "Peaceful protest":
                return protesters, None
            return (force or self._state_police(country, day)), protesters
        if reading.event_type == "Riots":
            rioters = self._generic("rioters", country, day)
            opponent = target if target is not None and target.type not in ("protesters", "rioters") else None
            return rioters, opponent
        civilians_hit = reading.event_type in ("Violence against civilians", "Explosions/Remote violence")
        if civilians_hit and target is None and "civilian" in sentence.cue_kinds() and _civilian_victims(sentence):
            target = self._generic("civilians", country, day)
        if agent is None and not resolved and previous[0] is not None and _definite(reading.trigger):
            return previous  # "وامتدت الاشتباكات …": the clashes told before, between the same sides

        if agent is not None and agent.type == "civilians":  # civilians are never the perpetrators here
            agent, target = None, target or agent
        if target is not None and agent is not None and target.id == agent.id:
            target = None
        return agent, target

    def _actor(self, mention: PhraseMatch[str], day: date | None, country: str) -> Actor | None:
        actor = self.actors.choose(list(mention.values), day=day, country=country)
        return self.actors.coded(actor) if actor is not None else None

    def _generic(self, kind: str, country: str, day: date | None) -> Actor | None:
        for actor in self.actors.actors.values():
            if actor.type == kind and actor.country == country and actor.active_on(day):
                return actor
        return None

    def _generic_armed(self, country: str, day: date | None) -> Actor | None:
        for actor in self.actors.actors.values():
            if actor.id.endswith("unidentified-armed-group") and actor.country == country and actor.active_on(day):
                return actor
        return None

    def _state_police(self, country: str, day: date | None) -> Actor | None:
        for actor in self.actors.actors.values():
            if actor.name.startswith("Police Forces of") and actor.country == country and actor.active_on(day):
                return actor
        return None

    def _nationality(self, sentence: _Sentence, trigger: PhraseMatch[Trigger], day: date | None) -> Actor | None:
        """"غارات روسية"، "قصف مدفعي تركي": a nationality adjective right after the trigger."""
        following = [t for t in sentence.tokens if trigger.end <= t.start][:3]
        for token in following:
            ids = self.lexicon.nationality.get(token.norm.removeprefix("ال"))
            if ids:
                actor = self.actors.choose(list(ids), day=day, country=None)
                return self.actors.coded(actor) if actor else None
        return None

    # -------------------------------------------------------------- locations
    def _locations(self, sentence: _Sentence, reading: _Reading) -> list[PlaceMention]:
        """Where the event happened: a listed group of villages, else the nearest point, else a region."""
        pivot = reading.pivot
        places = [
            p for p in sentence.places
            if p.place_id is not None and (p.latitude is not None or p.admin1) and not _attribution(sentence, p)
            and p.start >= self._dateline_end
        ]
        if not places:
            return []
        points = [p for p in places if p.geo_precision == 1 and not p.region and p.feature_type != "country"]
        if reading.sub_event_type == "Change to group/activity":
            destination = _destination(sentence, points)
            if destination is not None:
                return [destination]
        if points:
            listed = _listed(sentence, points, places, pivot)
            return listed or [min(points, key=lambda p: _distance_to(p, pivot))]
        regions = [p for p in places if p.feature_type != "country"]
        if regions:
            return [min(regions, key=lambda p: (_distance_to(p, pivot), p.geo_precision or 3))]
        return []

    # ------------------------------------------------------------------- date
    @staticmethod
    def _date(
        sentences: list[_Sentence], sentence: _Sentence, published: date | None, pivot: PhraseMatch[Trigger]
    ) -> tuple[date | None, int]:
        """The date nearest the predicate in the sentence, else the last one of the paragraph, else publication."""
        own = [d for d in sentence.dates if d.date]
        if own:
            chosen = min(own, key=lambda d: min(abs(d.start - pivot.end), abs(pivot.start - d.end)))
            return date.fromisoformat(str(chosen.date)), chosen.time_precision
        for back in range(1, _MAX_DATE_LOOKBACK + 1):
            index = sentence.index - back
            if index < 0:
                break
            earlier = [d for d in sentences[index].dates if d.date]
            if earlier:
                return date.fromisoformat(str(earlier[-1].date)), earlier[-1].time_precision
        return published, 1

    # ------------------------------------------------------------- fatalities
    def _fatalities(self, sentences: list[_Sentence], sentence: _Sentence) -> DeathToll:
        dead = count_dead(sentence.tokens, sentence.cues_of("death"), sentence.cues_of("injury"), sentence.numbers)
        if dead is None and sentence.index + 1 < len(sentences):
            following = sentences[sentence.index + 1]
            quiet = not any(kind.startswith("suppress:") for kind in following.cue_kinds())
            only_deaths = all(v.name == "kill" for t in following.triggers for v in t.values)
            if quiet and only_deaths:
                dead = count_dead(
                    following.tokens, following.cues_of("death"), following.cues_of("injury"), following.numbers
                )
        return dead or NO_DEATHS

    # ------------------------------------------------------------------ event
    def _event(
        self,
        article: Article,
        sentence: _Sentence,
        reading: _Reading,
        location: PlaceMention,
        day: date | None,
        precision: int,
        actor1: Actor | None,
        actor2: Actor | None,
        fatalities: int,
        country: str,
    ) -> Event:
        span = sentence.span
        inter1 = _inter(actor1, location.country or country)
        inter2 = _inter(actor2, location.country or country)
        confidence = 0.45 + (0.2 if actor1 else 0.0) + (0.1 if location.geo_precision == 1 else 0.0)
        confidence += 0.1 if sentence.dates else 0.0
        event = Event(
            span.start,
            span.end,
            "event",
            event_type=reading.event_type,
            sub_event_type=reading.sub_event_type,
            event_date=day.isoformat() if day else None,
            time_precision=precision,
            actor1=actor1.name if actor1 else None,
            actor1_ar=_surface(article, sentence, actor1, self.actors),
            inter1=inter1,
            actor2=actor2.name if actor2 else None,
            actor2_ar=_surface(article, sentence, actor2, self.actors),
            inter2=inter2,
            interaction=interaction_code(inter1, inter2),
            country=location.country or country,
            admin1=location.admin1,
            admin2=location.admin2,
            admin3=location.admin3,
            location=location.name,
            location_ar=location.text,
            latitude=location.latitude,
            longitude=location.longitude,
            geo_precision=location.geo_precision,
            fatalities=fatalities,
            evidence=article.text[span.start : span.end],
            confidence=round(min(confidence, 0.95), 2),
            evidence_spans=[(span.start, span.end)],
        )
        event.notes = _note(event)
        return event


_REMOTE_SUBTYPES = frozenset({
    "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Suicide bomb",
    "Chemical weapon", "Grenade",
})


def _weapon(kinds: set[str]) -> str | None:
    for sub in ("Chemical weapon", "Suicide bomb", "Air/drone strike", "Remote explosive/landmine/IED",
                "Shelling/artillery/missile attack", "Grenade"):
        if f"weapon:{sub}" in kinds:
            return sub
    return None


def _attribution(sentence: _Sentence, place: PlaceMention) -> bool:
    """"مراسل عنب بلدي بدرعا", "مصادر من مدينة دير الزور": the place of a source, not of the event."""
    for cue in sentence.cues_of("attribution"):
        if cue.end <= place.start:
            gap = [t for t in sentence.tokens if cue.end <= t.start and t.end <= place.start and t.label == "word"]
            if len(gap) <= _ATTRIBUTION_GAP:
                return True
    return False


def _weapon_used(sentence: _Sentence, trigger: PhraseMatch[Trigger]) -> bool:
    """"بقذائف الهاون", "قذائف على …": a weapon noun fired, not a weapon seized or stored."""
    first = sentence.tokens[0] if sentence.tokens else None
    token = next((t for t in sentence.tokens if t.start <= trigger.start < t.end), first)
    if token is not None and token.parts and token.parts[0][2] == "prep" and token.norm.startswith("ب"):
        return True
    following = [t for t in sentence.tokens if t.start >= trigger.end and t.label == "word"][:3]
    return any(t.norm in _FIRED_TOWARDS for t in following)


def _definite(trigger: PhraseMatch[Trigger]) -> bool:
    return normalize_key(trigger.key).startswith("ال")


def _only_deaths(reading: _Reading) -> bool:
    """A reading that rests on a death word alone ("قُتل"), with no attack or weapon word."""
    return all(value.name == "kill" for value in reading.trigger.values) and normalize_key(
        reading.trigger.key
    ).startswith(("قتل", "مقتل"))


def _fold_casualties(
    events: list[Event], place: PlaceMention, day: date | None, dead: int, sentence: _Sentence, *, window: int = 0
) -> bool:
    """"ان ضحية يوم الجمعة قُتل في مدينة حمص": deaths at an event's place and date belong to that event.

    Deaths told as the outcome of earlier fighting ("قُتل إثر الاشتباكات") may be a day apart from it.
    """
    for event in reversed(events):
        if day is None or event.event_date is None or event.event_type not in _VIOLENT:
            continue
        if abs((date.fromisoformat(event.event_date) - day).days) > window:
            continue
        near = (event.latitude is not None and place.latitude is not None and place.longitude is not None
                and event.longitude is not None
                and haversine_km(event.latitude, event.longitude, place.latitude, place.longitude) <= _FOLD_KM)
        if near or event.location_ar == place.text:
            if dead and not event.fatalities:
                event.fatalities = dead
            event.evidence_spans.append((sentence.span.start, sentence.span.end))
            return True
    return False


def _is_anaphoric(sentence: _Sentence, trigger: PhraseMatch[Trigger]) -> bool:
    """"هذه المعارك", "وجاء الهجوم", "سيطرت عليها سابقا": the trigger retells or recalls an event."""
    for cue in sentence.cues:
        if "suppress:anaphora" not in cue.values:
            continue
        if cue.end <= trigger.start:
            gap = [t for t in sentence.tokens if cue.end <= t.start and t.end <= trigger.start and t.label == "word"]
            if not gap:
                return True
        elif cue.start >= trigger.end:
            gap = [t for t in sentence.tokens if trigger.end <= t.start and t.end <= cue.start and t.label == "word"]
            recalled = normalize_key(cue.key).startswith("سابق") and len(gap) <= 2  # "سيطرت عليها سابقا"
            definite = trigger.key.startswith("ال") or normalize_key(trigger.key).startswith("ال")
            retold = definite and not gap and normalize_key(cue.key) in _RETELLING_VERBS  # "الغارة جاءت"
            if recalled or retold:
                return True
    return False


def _is_background(sentence: _Sentence, trigger: PhraseMatch[Trigger]) -> bool:
    """"بعد الهجوم بالأسلحة الكيميائية": a trigger after بعد/عقب/إثر refers to an earlier event."""
    markers = [cue for cue in sentence.cues if "suppress:background" in cue.values and cue.end <= trigger.start]
    if not markers:
        return False
    marker = markers[-1]
    gap = [t for t in sentence.tokens if marker.end <= t.start and t.end <= trigger.start and t.label == "word"]
    return len(gap) <= _BACKGROUND_WINDOW


def _subject_before(
    tokens: Sequence[Token], resolved: list[tuple[PhraseMatch[str], Actor]], trigger: PhraseMatch[Trigger]
) -> Actor | None:
    """"أن فصائل المعارضة استعادت …": an actor just before the verb is its subject."""
    before = [(m, a) for m, a in resolved if m.end <= trigger.start]
    if not before:
        return None
    mention, actor = before[-1]
    gap = [t for t in tokens if mention.end <= t.start and t.end <= trigger.start and t.label == "word"]
    first_in_clause = mention is before[0][0] or len(gap) <= 1
    return actor if len(gap) <= _SUBJECT_GAP and first_in_clause and actor.type != "civilians" else None


def _main_place(article: Article) -> PlaceMention | None:
    """The article's most mentioned precise place (first on ties): home of events with no place of their own."""
    places = [p for p in article.layers.get("places", []) if p.place_id is not None and p.latitude is not None]
    points = [p for p in places if p.geo_precision == 1 and p.feature_type in _SETTLEMENTS]
    points = points or [p for p in places if p.geo_precision == 2 and p.feature_type in ("admin2", "admin3")]
    if not points:
        return None
    counts: dict[str | None, int] = {}
    for place in points:
        counts[place.place_id] = counts.get(place.place_id, 0) + 1
    return max(points, key=lambda p: (counts[p.place_id], -p.start))


_SETTLEMENTS = frozenset({"city", "town", "village", "neighbourhood"})


def _has_ground_weapon(sentence: _Sentence) -> bool:
    joined = " ".join(token.norm for token in sentence.tokens)
    return any(weapon in joined for weapon in _GROUND_WEAPONS)


def _protest_kind(kinds: set[str], classes: set[str]) -> str:
    if "death" in kinds or "attack" in classes:
        return "Excessive force against protesters"
    if "arrest" in classes:
        return "Protest with intervention"
    return "Peaceful protest"


def _locally_suppressed(sentence: _Sentence, trigger: PhraseMatch[Trigger]) -> bool:
    """A plan, threat, habit or call right before or after a trigger voids it ("نيتها السيطرة على")."""
    words = [t for t in sentence.tokens if t.label == "word"]
    for cue in sentence.cues:
        if not _LOCAL & set(cue.values):
            continue
        if cue.end <= trigger.start:
            gap = sum(1 for t in words if cue.end <= t.start and t.end <= trigger.start)
            if gap <= _LOCAL_BEFORE:
                return True
        elif cue.start >= trigger.end:
            gap = sum(1 for t in words if trigger.end <= t.start and t.end <= cue.start)
            if gap <= _LOCAL_AFTER:
                return True
    return False


def _clauses(text: str, tokens: Sequence[Token], span: Span) -> list[Span]:
    """Split a sentence at clause openers (فيما، بينما، في حين، وذلك، فضلا عن، حيث، كما، إذ)."""
    inside = [t for t in tokens if span.start <= t.start and t.end <= span.end and t.label == "word"]
    cuts = [span.start]
    openers = {span.start: ""}
    for position, token in enumerate(inside):
        if position == 0:
            continue
        norm = token.norm[1:] if token.norm.startswith("و") and token.norm[1:] in _CLAUSE_OPENERS else token.norm
        pair = (norm, inside[position + 1].norm) if position + 1 < len(inside) else ("", "")
        opener = norm in _CLAUSE_OPENERS or token.norm in _CLAUSE_OPENERS or pair in _CLAUSE_OPENER_PAIRS
        if opener and token.start - cuts[-1] >= 15:  # no one-word clauses
            cuts.append(token.start)
            openers[token.start] = norm
    cuts.append(span.end)
    clauses = []
    for start, end in pairwise(cuts):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            label = "clause" if start == span.start else f"{_CONTINUATION}{openers.get(start, '')}"
            clauses.append(Span(start + lead, start + trail, label))
    return clauses or [span]


def _longest(matches: list[PhraseMatch[Trigger]]) -> list[PhraseMatch[Trigger]]:
    kept: list[PhraseMatch[Trigger]] = []
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def _inside_actor(trigger: PhraseMatch[Trigger], actors: Sequence[PhraseMatch[str]]) -> bool:
    return any(a.start <= trigger.start and trigger.end <= a.end for a in actors)


def _overlaps(a: PhraseMatch[str], b: PhraseMatch[Trigger]) -> bool:
    return a.start < b.end and b.start < a.end


def _word_index(tokens: Sequence[Token], key: str, *, after: int) -> int | None:
    for position, token in enumerate(tokens):
        close = token.norm == key or (token.norm.endswith(key) and len(token.norm) <= len(key) + 2)
        if token.start >= after and close:
            return position
    return None


def _preceded_by(tokens: Sequence[Token], mention: PhraseMatch[str], keys: frozenset[str], *, window: int = 2) -> bool:
    before = [t for t in tokens if t.end <= mention.start and t.label == "word"][-window:]
    return any(t.norm in keys or t.norm[1:] in keys for t in before)


def _follows_target_verb(tokens: Sequence[Token], mention: PhraseMatch[str]) -> bool:
    after = [t for t in tokens if t.start >= mention.end and t.label == "word"][:2]
    return any(t.norm in _TARGET_VERBS for t in after)


def _after_casualty_word(sentence: _Sentence, mention: PhraseMatch[str]) -> bool:
    """"مقتل جنديين من الجيش العراقي", "إصابة عنصرين من قوات النظام": the actor the casualties belong to."""
    words = [t for t in sentence.tokens if t.label == "word"]
    before = [t for t in words if t.end <= mention.start]
    if not before or before[-1].norm not in _CASUALTY_OF:
        return False
    for cue in (*sentence.cues_of("death"), *sentence.cues_of("injury")):
        if cue.end <= mention.start:
            gap = sum(1 for t in words if cue.end <= t.start and t.end <= mention.start)
            if gap <= _CASUALTY_GAP:
                return True
    return False


def _distinct_from(items: list[tuple[PhraseMatch[str], Actor]], first: Actor) -> Actor | None:
    for _mention, actor in items[1:]:
        if actor.id != first.id:
            return actor
    return None


def _civilian_victims(sentence: _Sentence) -> bool:
    return bool(sentence.cues_of("civilian"))


def _destination(sentence: _Sentence, points: list[PlaceMention]) -> PlaceMention | None:
    """"من الرقة إلى مدينة دير الزور": the place after إلى."""
    for place in points:
        before = [t for t in sentence.tokens if t.end <= place.start and t.label == "word"][-2:]
        if any(t.norm in ("الي", "نحو", "باتجاه") for t in before):
            return place
    return None


def _listed(
    sentence: _Sentence, points: list[PlaceMention], places: list[PlaceMention], pivot: PhraseMatch[Trigger]
) -> list[PlaceMention]:
    """Places named as a list (X وY وZ، …): one event each; the list nearest the predicate wins."""
    ordered = sorted(points, key=lambda p: p.start)
    descriptors = [p for p in places if p not in points]
    groups: list[list[PlaceMention]] = []
    for place in ordered:
        if groups and _is_list_gap(sentence, groups[-1][-1], place, descriptors):
            groups[-1].append(place)
        else:
            groups.append([place])
    lists = [g for g in groups if len(g) > 1]
    if not lists:
        return []
    best = min(lists, key=lambda g: _distance_to(g[0], pivot))
    return _unique_places(best)


_LIST_WORDS = frozenset(normalize_key(w) for w in (
    "و", "محيط", "ومحيط", "منطقة", "ومنطقة", "قرية", "وقرية", "بلدة", "وبلدة", "مدينة", "ومدينة", "حي", "وحي",
    "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي",
))


def _is_list_gap(
    sentence: _Sentence, left: PlaceMention, right: PlaceMention, descriptors: list[PlaceMention]
) -> bool:
    """Only "و", commas, place words (ومنطقة) or a relative descriptor (جنوب إدلب) between two places."""
    between = [t for t in sentence.tokens if left.end <= t.start and t.end <= right.start]
    inside_descriptor = [t for t in between if any(d.start <= t.start and t.end <= d.end for d in descriptors)]
    rest = [t for t in between if t not in inside_descriptor]
    joined = any(t.norm in (",", "،") for t in rest) or any(t.norm.startswith("و") for t in rest)
    right_token = next((t for t in sentence.tokens if t.start <= right.start < t.end), None)
    joined = joined or (right_token is not None and right_token.start < right.start
                        and bool(right_token.parts) and right_token.parts[0][2] == "conj")
    words = [t for t in rest if t.label == "word"]
    if any(t.norm not in _LIST_WORDS for t in words) or len(words) > 2:
        return False
    return bool(joined) and all(t.label == "word" or t.norm in (",", "،") for t in rest)


def _unique_places(places: list[PlaceMention]) -> list[PlaceMention]:
    seen: set[str | None] = set()
    unique = []
    for place in places:
        if place.place_id not in seen:
            seen.add(place.place_id)
            unique.append(place)
    return unique


def _distance_to(place: PlaceMention, trigger: PhraseMatch[Trigger]) -> int:
    """Characters between a place and the trigger; places after the trigger come first."""
    if place.start >= trigger.end:
        return place.start - trigger.end
    return (trigger.start - place.end) * 2 + 1


def _split_evenly(total: int, parts: int) -> list[int]:
    """A toll for several places divided evenly, the remainder to the first."""
    if parts <= 1:
        return [total]
    share, remainder = divmod(total, parts)
    return [share + remainder] + [share] * (parts - 1)


def _inter(actor: Actor | None, country: str) -> int | None:
    if actor is None:
        return None
    if actor.inter == 1 and actor.country and country and actor.country != country:
        return 8  # a state's forces acting abroad are external forces in ACLED's coding
    return actor.inter


def _surface(article: Article, sentence: _Sentence, actor: Actor | None, actors: ActorBase) -> str | None:
    """The words of the sentence that name ``actor`` (None for an actor the coder supplied)."""
    if actor is None:
        return None
    for mention in sentence.actors:
        if any(actors.coded(a).id == actor.id for a in (actors.get(i) for i in mention.values) if a is not None):
            return article.text[mention.start : mention.end]
    return None


def _article_country(article: Article, default: str) -> str:
    countries: dict[str, int] = {}
    for place in article.layers.get("places", []):
        if place.country and place.feature_type != "country":
            countries[place.country] = countries.get(place.country, 0) + 1
    return max(countries, key=lambda c: countries[c]) if countries else default


def _note(event: Event) -> str:
    actors = " vs ".join(a for a in (event.actor1, event.actor2) if a) or "unidentified actors"
    dead = f"; {event.fatalities} reported killed" if event.fatalities else ""
    return f"{event.sub_event_type} in {event.location} ({event.admin1}) on {event.event_date}: {actors}{dead}."
