"""Finding place mentions: gazetteer names in the text, judged places or not, inside the article's country.

A name is a place when something says so: a cue before it (مدينة، بلدة، قرية، ريف، محافظة …), a
preposition of place for a name general news never uses as a word ("في كنصفرة"), the NER model calling
exactly that name a location, a list of other places it stands in (or in brackets right after a place),
or the name being a well-known place. A name that is also an everyday word ("التي"، "الحكومة"، "شمالي")
needs a cue; the second of two names after a dual cue ("قريتي X وY") has it, even when X is unknown.
Candidates outside the article's country are kept only where the sentence names their country or they
are well known.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Article, Token
from ..text.coordination import coordinated
from ..text.lexmatch import PhraseMatch, PhraseMatcher
from ..text.normalize import normalize_key
from ..text.spanindex import SpanIndex
from ..text.tokenize import Lexicon, token_forms, tokenize
from .countries import Countries, country_votes
from .gazetteer import Gazetteer, Place, place_keys
from .words import PlaceWords

POINT_TYPES = frozenset({
    "city", "town", "village", "neighbourhood", "camp", "airport", "airbase", "military_base", "oil_field",
    "gas_field", "border_crossing", "dam", "prison", "landmark",
})
SETTLEMENT_TYPES = frozenset({"city", "town", "village"})
MAJOR_CITY = 100.0  # importance of the region's capitals and governorate seats (دمشق، حلب، بغداد)
WELL_KNOWN = 50.0  # importance of towns and admin units, trusted over a model's PER/ORG guess
IMPORTANT_TOWN = 60.0  # a town this important, named like an everyday word, is a place after "في"/"بـ"
EVERYDAY_FREQUENCY = 20  # a word this frequent in general news …
PLACE_SHARE = 0.08  # … and seldomer than this where place names stand is an everyday word
COMMON_NOUN_SHARE = 0.3  # … seldomer than this where places stand, naming only minor villages: a common noun
BARE_NOUN_FREQUENCY = 10  # … or the definite form of a word this frequent, seldom where places stand ("تعاون")
RARE_WORD = 2  # a name seen at most this often in general news is no word of the language
DUAL_NAME_WORDS = 3  # the first of two places after a dual cue ("قريتي X وY") has at most this many words
WORDLIKE_FREQUENCY = 10  # a word this frequent and seldom where places stand names no place abroad without a cue
ADJECTIVE_FREQUENCY = 10  # a relative adjective this frequent in general news, after a noun, is an adjective
TIE_TYPES = frozenset({"country", "admin1", "admin2", "city"})  # places that tie a sentence to their country
WELL_KNOWN_ABROAD_TYPES = frozenset({"admin1", "city", "airport"})
WELL_KNOWN_ABROAD = 85.0  # importance of a city or province known well enough to be named without its country
FAR_BETTER_KNOWN = 30.0  # how much more important a name's province or city is than all its namesakes abroad


@dataclass(slots=True)
class Mention:
    """A candidate mention before resolution."""

    start: int
    end: int
    token_start: int
    token_end: int
    key: str
    candidates: list[Place]
    cue: str = ""
    region: bool = False
    governorate: bool = False
    relative: bool = False
    near: bool = False  # a direction before the cue ("شمال مدينة X"): somewhere near X, not in it
    locative: bool = False
    direction: str = ""
    sentence: int = 0
    paired: bool = False  # the cue is a dual cue before the first name of a pair: no vote for the country


@dataclass(slots=True)
class Found:
    """The mentions of an article judged places, the article's country and each sentence's countries."""

    mentions: list[Mention]
    country: str
    ties: dict[int, set[str]] = field(default_factory=dict)
    described: dict[int, str] = field(default_factory=dict)  # a word's index → the country of the adjective after it


class MentionFinder:
    """Gazetteer names of an article, judged places or not (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, words: PlaceWords, countries: Countries, *,
                 default_country: str) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.words = words
        self.countries = countries
        self.default_country = default_country
        self.matcher: PhraseMatcher[str] = PhraseMatcher()
        self.matcher.add_keys(gazetteer.arabic_names())
        self._everyday: dict[str, bool] = {}  # the verdict of each name key, worked out once
        self._wordlike_keys: dict[str, bool] = {}

    def find(
        self,
        article: Article,
        *,
        exclude: Sequence[tuple[int, int]] = (),
        doubtful: Sequence[tuple[int, int]] = (),
        support: Sequence[tuple[int, int]] = (),
        actor_countries: Sequence[str] = (),
        persons: Sequence[tuple[int, int]] = (),
        country: str | None = None,
    ) -> Found:
        """The article's place mentions and country (``country``: already known, not voted on again).

        ``exclude`` spans (known actors) hide the names inside them; ``doubtful`` spans (persons and
        organisations the model proposes) hide a name that is part of a longer name ("عبد الامير")
        or a minor village, not a town the gazetteer knows well; ``support`` spans (LOC entities of
        the model) vouch for names that are also common words; ``actor_countries`` (one per distinct
        actor the article names) are weak votes for its country; a minor place's name with no word of place
        before it and a person's name (``persons``) right after it is that person's first name ("المختار حمدان
        عبد الكريم": no village حمدان).
        """
        text = article.text
        tokens: list[Token] = article.layers.get("tokens", [])
        sentence_of = sentence_index(article)
        excluded, questioned, supporting = SpanIndex(exclude), SpanIndex(doubtful), SpanIndex(support)
        person_starts = {start for start, _end in persons}
        raw: list[tuple[Mention, bool, bool]] = []
        deferred: dict[int, tuple[str, ...]] = {}  # everyday words without a cue: places only if a list keeps them
        doubted: set[int] = set()  # minor villages the model calls a person or an organisation
        for match in self.matcher.find(text, tokens):
            if excluded.covers(match.start, match.end) or match.key in self.words.never_names \
                    or self._heads_a_name(tokens, match) or _hamza_after_waw(text, match):
                continue
            mention = Mention(match.start, match.end, match.first_token, match.last_token, match.key, [])
            mention.sentence = sentence_of(match.start)
            self._read_context(text, tokens, match, mention)
            if not (mention.cue or mention.locative) and self._qualifies_a_noun(text, tokens, match):
                continue
            supported = any(_names_entity(text, mention, s, e) for s, e in supporting.covering(match.start, match.end))
            if not (supported or mention.cue or mention.region or mention.governorate) and self.everyday(match.key):
                deferred[id(mention)] = match.values
                raw.append((mention, False, False))
                continue
            mention.candidates = self._candidates(self._with_bare_name(match.key, match.values))
            inside = questioned.covering(match.start, match.end)
            if not mention.candidates or (inside and any(e - s > match.end - match.start for s, e in inside)):
                continue
            if not (mention.cue or mention.locative) and _names_next(tokens, match.last_token, person_starts) \
                    and not any(_is_major_city(place) for place in mention.candidates):
                continue
            if inside and max(p.importance for p in mention.candidates) < WELL_KNOWN:
                doubted.add(id(mention))  # the model's person ("أبو X"): a village only after a cue or in a list
            raw.append((mention, supported, self._in_organisation_name(text, tokens, match)))
        voted, ties, described = self._countries(article, [m for m, _s, _n in raw if id(m) not in deferred],
                                                 actor_countries)
        country = country or voted
        judged: list[tuple[Mention, bool | None]] = []
        for mention, supported, in_name in raw:
            if id(mention) in deferred:
                judged.append((mention, None))
                continue
            if not self._keep_candidates(mention, country, ties) or in_name:
                continue
            verdict = self._is_place(mention, supported=supported)
            if id(mention) in doubted and verdict and not self.words.place_cue(mention.cue):
                verdict = None
            if verdict is not False:
                judged.append((mention, verdict))
        kept = []
        for mention, list_cue in self._accept_listed(tokens, judged):
            if id(mention) in deferred:
                mention.candidates = self._candidates(deferred[id(mention)])
                if not self._keep_candidates(mention, country, ties):
                    continue
            mention.cue = mention.cue or list_cue  # after the country check: a list item is not placed abroad
            kept.append(mention)
        return Found(kept, country, ties, described)

    def _with_bare_name(self, key: str, ids: tuple[str, ...]) -> tuple[str, ...]:
        """A name that opens with a settlement's word ("مدينة إدلب", a district's alias in some sources; "مخيم X")
        may also be the town of the bare name: the candidates of both. Not a neighbourhood's ("حي X")."""
        cue, _, bare = key.partition(" ")
        if not bare or cue not in self.words.strong_cues or cue in self.words.neighbourhood_cues:
            return ids
        town = self.matcher.entries.get(tuple(bare.split()))
        return ids + tuple(i for i in town if i not in ids) if town else ids

    def _candidates(self, ids: tuple[str, ...]) -> list[Place]:
        return [p for p in (self.gazetteer.get(i) for i in ids) if p is not None]

    def _keep_candidates(self, mention: Mention, country: str, ties: dict[int, set[str]]) -> bool:
        """Keep the candidates of the article's country (or tied, or well known); False when none is left."""
        placed = bool(mention.cue or mention.locative)
        tied = ties[mention.sentence]
        mention.candidates = [p for p in mention.candidates if self._allowed(p, country, tied, placed=placed)]
        if not placed and self._wordlike(mention.key):  # "ويشير" (he points out) is no town of Algeria
            mention.candidates = [p for p in mention.candidates
                                  if p.country == country or p.country in tied or p.feature_type == "country"]
        if _is_adjective(mention.key):  # "السورية": a nationality, not the country (perhaps a village)
            mention.candidates = [p for p in mention.candidates if p.feature_type != "country"]
        return bool(mention.candidates)

    # ---------------------------------------------------------------- country
    def _countries(
        self, article: Article, mentions: Sequence[Mention], actor_countries: Sequence[str]
    ) -> tuple[str, dict[int, set[str]], dict[int, str]]:
        """The article's country, for each sentence the countries its words name (which let a place abroad be
        resolved there), and the words a country's adjective follows ("ولاية قيصري التركية": the word قيصري →
        Turkey)."""
        tokens: list[Token] = article.layers.get("tokens", [])
        title = article.meta.title or ""
        named = self.countries.find(article.text, tokens)
        evidence = country_votes(article.text, named, self.countries,
                                 title=title, title_tokens=tokenize(title) if title else [])
        ties: dict[int, set[str]] = _DefaultSets()
        sentence_of = sentence_index(article)
        described: dict[int, str] = {}
        for match in named:
            for country, kind in match.values:
                if kind != "adjective":
                    ties[sentence_of(match.start)].add(country)
                elif (before := previous_word(tokens, match.first_token)) is not None:
                    described[before] = country
        units = self.countries.unit_countries
        for mention in mentions:
            previous = previous_word(tokens, mention.token_start)
            for form in cue_forms(article.text, tokens[previous]) if previous is not None else ():
                for country in units.get(form, ()):
                    evidence.add(country, "unit")  # "قضاء سنجار": a district of Iraq (or Lebanon)
            countries = {p.country for p in mention.candidates if p.country}
            sure = (mention.cue and not mention.paired) or mention.region or mention.governorate or (
                not self.everyday(mention.key) and not self._wordlike(mention.key)
                and any(p.feature_type in TIE_TYPES and p.importance >= WELL_KNOWN for p in mention.candidates))
            if len(countries) == 1 and sure:
                (country,) = countries
                evidence.add(country, "place")
                if any(p.feature_type in TIE_TYPES for p in mention.candidates):
                    ties[mention.sentence].add(country)
            elif sure and (known := far_better_known(mention.candidates)) is not None:
                evidence.add(known, "place")  # "القصرين": Kasserine, not a village of the Golan
        for country in actor_countries:
            evidence.add(country, "actor")
        return evidence.winner(self.default_country, self.countries.coded), ties, described

    def _allowed(self, place: Place, country: str, tied: set[str], *, placed: bool) -> bool:
        """A place in the article's country, in a country the sentence names, or known well enough abroad
        (``placed``: the mention has a cue or a preposition of place before it)."""
        if not place.country or place.country == country or place.country in tied:
            return True
        if place.feature_type == "country":
            return True
        if place.feature_type not in WELL_KNOWN_ABROAD_TYPES or place.importance < WELL_KNOWN_ABROAD:
            return False
        # known well enough in the article's region (Middle East, Northern or Eastern Africa), a capital, or
        # named as a place ("في العريش"): "الغاز المسيلة للدموع" in a Syrian report is no town of Algeria
        abroad, home = self.countries.get(place.country), self.countries.get(country)
        if placed or abroad is None or home is None or abroad.region == home.region:
            return True
        return bool(abroad.capital) and normalize_key(abroad.capital) in place_keys(place)

    # -------------------------------------------------------------- judgement
    def everyday(self, key: str) -> bool:
        """An everyday word as well as a name (needs a cue to be a place): listed as such, or frequent in
        general news and seldom where a place name stands (every word of a longer name). The names and
        capitals of countries are not."""
        known = self._everyday.get(key)
        if known is None:
            known = self._everyday[key] = self._judge_everyday(key)
        return known

    def _judge_everyday(self, key: str) -> bool:
        if key in self.words.everyday_names:
            return True
        if self.countries.matcher.entries.get((key,)) and not _is_adjective(key):
            return False
        if self._common_noun(key):
            return True  # "البلاد", "التعاون": a common noun that names only minor villages, wherever it stands
        words = key.split()
        if len(words) > 1 and any(self._major_city(word) for word in words):
            return False  # "مطار دمشق الدولي": a name built on a major city's is no everyday phrase
        if len(words) > 1 and self.words.place_cue(words[0]):
            return False  # "مطار أبو الظهور العسكري", "منطقة القصير": a word of place opens the name
        return all(self._everyday_word(word) for word in words)

    def _common_noun(self, key: str) -> bool:
        """A frequent word that names only minor villages, and a common noun by its use: seldom where places
        stand ("البلاد"), or the definite form of an everyday word ("التعاون" of "تعاون"). Not "قرقنة" (an island
        named where places stand) nor "المنيهلة" (no word without its article)."""
        lexicon = self.lexicon
        if " " in key or lexicon.counts.get(key, 0) < EVERYDAY_FREQUENCY:
            return False
        bare = key[2:] if key.startswith("ال") and len(key) > 4 else ""
        if not (lexicon.everyday(key, frequent=EVERYDAY_FREQUENCY, place_share=COMMON_NOUN_SHARE) or (
                bare and lexicon.everyday(bare, frequent=BARE_NOUN_FREQUENCY, place_share=PLACE_SHARE))):
            return False
        return all(place.importance < WELL_KNOWN for place in self._candidates(tuple(self.matcher.entries.get((key,),
                                                                                                          ()))))

    def _wordlike(self, key: str) -> bool:
        """A name of one word that general news uses as a word, if less often than an everyday one ("يشير",
        "خارجة"): no vote for a country, and no place abroad without a cue or a preposition of place."""
        known = self._wordlike_keys.get(key)
        if known is None:
            known = self._wordlike_keys[key] = " " not in key and self.lexicon.everyday(
                key, frequent=WORDLIKE_FREQUENCY, place_share=PLACE_SHARE)
        return known

    def _major_city(self, word: str) -> bool:
        """A city of the first rank (a capital or a governorate's seat): "دمشق"، "حلب"، "بغداد"."""
        ids = tuple(self.matcher.entries.get((word,)) or ())
        return any(_is_major_city(place) for place in self._candidates(ids))

    def _everyday_word(self, word: str) -> bool:
        """A frequent word seldom where places stand; a word too rare to judge takes the verdict of its form
        with (or without) the article ("العنيفة" as "عنيفة")."""
        if self.lexicon.everyday(word, frequent=EVERYDAY_FREQUENCY, place_share=PLACE_SHARE):
            return True
        if self.lexicon.counts.get(word, 0) >= EVERYDAY_FREQUENCY:
            return False
        other = word[2:] if word.startswith("ال") and len(word) > 4 else "ال" + word
        return self.lexicon.everyday(other, frequent=EVERYDAY_FREQUENCY, place_share=PLACE_SHARE)

    def _qualifies_a_noun(self, text: str, tokens: Sequence[Token], match: PhraseMatch[str]) -> bool:
        """"غارة روسية"، "طائرة حربية"، "طائرات النظام الحربية": a common relative adjective right after the
        noun it qualifies (indefinite, or definite for a definite adjective) is no village of that name."""
        key = match.key
        definite = key.startswith("ال")
        common = max(self.lexicon.counts.get(key, 0), self.lexicon.counts.get(key[2:], 0) if definite else 0)
        if " " in key or not key.endswith(("يه", "ي")) or common < ADJECTIVE_FREQUENCY:
            return False
        first = tokens[match.first_token]
        if match.start > first.start:  # a proclitic of its own ("بروسية")
            return False
        previous = previous_word(tokens, match.first_token)
        if previous is None or any(t.norm for t in tokens[previous + 1 : match.first_token]):
            return False  # only quote marks (they normalise to "") may stand between ("طائرات "النظام" الحربية")
        noun = tokens[previous]
        if len(noun.norm) <= 2 or noun.norm in self.words.never_names or noun.norm in self.words.locative_words:
            return False
        if not definite:
            return bool(_indefinite(text, noun))
        # a definite adjective after a definite noun that is no adjective itself ("القوات العراقية الرمادي" names
        # a city after an adjective)
        return not _indefinite(text, noun) and not noun.norm.endswith(("يه", "ي"))

    def _heads_a_name(self, tokens: Sequence[Token], match: PhraseMatch[str]) -> bool:
        """"تلة الشيخ يوسف": a generic noun matched alone, with more of a name after it."""
        heads = self.words.name_heads
        if " " in match.key or (match.key.removeprefix("ال") not in heads and match.key not in heads):
            return False
        following = next_word(tokens, match.last_token)
        if following is None:
            return False
        word = tokens[following].norm
        return word not in self.words.settlement_cues and word not in self.words.never_names \
            and not word.startswith("و")

    def _read_context(self, text: str, tokens: Sequence[Token], match: PhraseMatch[str], mention: Mention) -> None:
        words = self.words
        first = tokens[match.first_token]
        own_prefix = first.parts and first.parts[0][2] in ("conj", "prep") and match.start > first.start
        previous = previous_word(tokens, match.first_token)
        in_prefix = own_prefix and any(kind == "prep" and normalize_key(text[a:b]) == "ب" for a, b, kind in first.parts)
        mention.locative = bool(in_prefix) or (previous is not None and not own_prefix and any(
            f in words.locative_words for f in cue_forms(text, tokens[previous])))
        if previous is not None and not own_prefix:
            forms = _indefinite(text, tokens[previous])  # "بلدة X", not "البلدة الواقعة"
            cue = next((f for f in forms if words.place_cue(f)), "")
            if not cue and words.region_cue in forms:
                mention.region, cue = True, words.region_cue
            if not cue and words.governorate_cue in forms:
                mention.governorate, cue = True, words.governorate_cue
            if not cue and any(f in words.relative_cues for f in forms):
                mention.relative, cue = True, "relative"
            elif cue in words.settlement_cues:
                mention.near = tokens[previous].norm in (cue, "ل" + cue, "ب" + cue) \
                    and self.relative_before(text, tokens, previous)  # not "… الجنوبي وبلدة X"
            if not cue and tokens[previous].norm == "و":  # "قريتي X و#Y": و stands apart
                before = previous_word(tokens, previous)
                cue = self._dual_cue_before(text, tokens, before) if before is not None else ""
                mention.paired = bool(cue)
            mention.cue = cue
        elif own_prefix and previous is not None and first.parts[0][2] == "conj":
            forms = _indefinite(text, tokens[previous])  # "وبلدة X": the cue still governs after و
            if any(words.place_cue(f) for f in forms):
                mention.cue = forms[-1]
            else:
                mention.cue = self._dual_cue_before(text, tokens, previous)
                mention.paired = bool(mention.cue)
        if mention.key.startswith(words.region_cue + " "):  # the gazetteer knows "ريف درعا" itself
            mention.region = True
        if mention.region:
            mention.direction, mention.end = self._direction_after(tokens, match.last_token, mention.end)

    def _dual_cue_before(self, text: str, tokens: Sequence[Token], last: int) -> str:
        """The dual cue before the first of two coordinated names ("قريتي الداوودية والعزيزية": «قريتي» for
        العزيزية), the first of up to three words ending at ``last``; "" if none."""
        word: int | None = last
        for _ in range(DUAL_NAME_WORDS + 1):
            if word is None:
                return ""
            forms = cue_forms(text, tokens[word])
            cue = next((f for f in forms if f in self.words.dual_cues), "")
            if cue:
                return cue if word != last else ""
            if any(kind == "conj" for _s, _e, kind in tokens[word].parts) or any(map(self.words.place_cue, forms)):
                return ""  # another item of a list, or another cue: not the first of a pair
            word = previous_word(tokens, word)
        return ""

    def _is_place(self, mention: Mention, *, supported: bool) -> bool | None:
        """True: a place; False: not one; None: a place only if listed with places (و، ،)."""
        words = self.words
        key = mention.key
        if words.place_cue(key) or key in (words.region_cue, words.governorate_cue):
            return False
        listed_everyday = key in words.everyday_names
        everyday = self.everyday(key)
        weak = mention.cue in words.weak_cues or mention.relative
        if (mention.region or mention.governorate) and listed_everyday:
            return False  # "ريف المحافظة", "ريف المدينة": a countryside, but of no named place
        if listed_everyday and mention.cue in words.plural_cues:
            return None  # "أحياء المدينة": the city's neighbourhoods, no place named "المدينة"
        if mention.region or mention.governorate or (mention.cue and not (weak and everyday)):
            return True
        if listed_everyday:
            return None  # an everyday word: even the model's LOC ("المدينة") is not enough
        if supported:
            return True
        best = max(mention.candidates, key=lambda p: p.importance)
        if everyday:  # an everyday word ("التي", "الحكومة") that is also a village somewhere: needs a cue; a
            # town of that name ("الباب"، "السلمية") needs at least a preposition of place
            town = best.feature_type in ("city", "town") and best.importance >= IMPORTANT_TOWN
            return True if town and mention.locative else None
        if best.feature_type in ("admin1", "country", "city") or best.importance >= WELL_KNOWN or " " in key:
            return True
        if self.lexicon.counts.get(key, 0) > RARE_WORD:
            return True  # a name news uses mostly where places stand (القصرين)
        # a village name general news never uses ("كنصفرة") needs a preposition of place ("في كنصفرة")
        return True if mention.locative and self._rare(key) else None

    def _rare(self, key: str) -> bool:
        """The name is rare as a word also with or without the article (الغوز / غوز)."""
        other = key[2:] if key.startswith("ال") else "ال" + key
        return self.lexicon.counts.get(other, 0) <= RARE_WORD

    def _accept_listed(self, tokens: Sequence[Token], judged: list[tuple[Mention, bool | None]]
                       ) -> list[tuple[Mention, str]]:
        """Keep doubtful names listed with places ("قرى المسعودية والعزيزية ودويبق والغوز").

        A list is a run of coordinated names (:func:`~marsad.text.coordination.coordinated`); it is trusted
        when it holds a sure point place or is opened by a plural cue ("قرى"، "بلدات"). A name that is also an
        everyday word (المزرعة) is kept only in a list opened by a plural cue. Each kept name comes with the cue
        it takes from the plural cue of its list ("بلدتي نبل والزهراء": الزهراء is a town too), if any.
        """
        groups: list[list[int]] = []
        for position, (mention, _verdict) in enumerate(judged):
            previous = judged[groups[-1][-1]][0] if groups else None
            if previous is not None and coordinated(tokens, previous.end, mention.start,
                                                    item_words=self.words.list_words,
                                                    qualifiers=self.words.place_qualifiers):
                groups[-1].append(position)
            else:
                groups.append([position])
        sure_ends = {mention.token_end for mention, verdict in judged if verdict is True}
        kept: list[tuple[Mention, str]] = []
        for group in groups:
            members = [judged[i] for i in group]
            opened = next((i for i, (m, _v) in enumerate(members) if m.cue in self.words.plural_cues), None)
            anchored = opened is not None or any(
                verdict is True and any(p.feature_type in POINT_TYPES for p in mention.candidates)
                for mention, verdict in members
            ) or _bracketed_after(tokens, members[0][0], sure_ends)
            list_cue = members[opened][0].cue if opened is not None else ""
            for position, (mention, verdict) in enumerate(members):
                licensed = opened is not None and position >= opened  # "قرى X وY": not a name before the cue
                listed = anchored and len(members) > 1 and (licensed or not self.everyday(mention.key))
                if verdict is True or (verdict is None and listed):
                    kept.append((mention, list_cue if licensed and not mention.cue else ""))
        return kept

    def _in_organisation_name(self, text: str, tokens: Sequence[Token], match: PhraseMatch[str]) -> bool:
        """"مكتب القلمون الإعلامي", "مركز إدلب الإعلامي": the name belongs to an organisation."""
        previous = previous_word(tokens, match.first_token)
        if previous is not None and any(f in self.words.organisation_heads
                                        for f in token_forms(text, tokens[previous])):
            return True
        following = next((t for t in tokens[match.last_token + 1 : match.last_token + 3] if t.label == "word"), None)
        return following is not None and following.norm in self.words.organisation_tails

    def relative_before(self, text: str, tokens: Sequence[Token], cue: int) -> bool:
        """A direction right before the cue word ("شمال مدينة X", "جنوبي بلدة X", "غرب العاصمة X"): the place is
        near X."""
        before = previous_word(tokens, cue)
        return before is not None and any(f in self.words.relative_cues for f in cue_forms(text, tokens[before]))

    def _direction_after(self, tokens: Sequence[Token], last: int, end: int) -> tuple[str, int]:
        """Read "الجنوبي" / "الشمالي الشرقي" after a ريف mention; return it and the new end."""
        words = [t for t in tokens[last + 1 : last + 3] if t.label == "word"]
        for count in (2, 1):
            if len(words) >= count:
                key = " ".join(t.norm for t in words[:count])
                if key in self.words.directions:
                    return self.words.directions[key], words[count - 1].end
        return "", end


def _bracketed_after(tokens: Sequence[Token], first: Mention, sure_ends: set[int]) -> bool:
    """A list opened by a bracket right after a place ("… لمدينة القامشلي (الزيتونية، الهلالية)"): its items
    are places of that place."""
    before = first.token_start - 1
    if before < 0 or tokens[before].norm != "(":
        return False
    word = previous_word(tokens, first.token_start)
    return word is not None and word == before - 1 and word in sure_ends


def _hamza_after_waw(text: str, match: PhraseMatch[str]) -> bool:
    """"وأدى" ("and it led to") is no "وادي": a name's long ā after و never carries a hamza, so a word written
    و then أ or إ is و and a word of its own, not a name that begins with وا (وادي، واسط)."""
    return match.key.startswith("وا") and text[match.start + 1 : match.start + 2] in ("أ", "إ") \
        and text[match.start : match.start + 1] == "و"


def _indefinite(text: str, token: Token) -> tuple[str, ...]:
    """The lookup forms of a cue word, none if it carries the article: "البلدة" tells of a town told before,
    not of a name after it."""
    if any(kind == "det" for _start, _end, kind in token.parts) or token.norm.startswith("ال"):
        return ()
    return cue_forms(text, token)


def _is_adjective(key: str) -> bool:
    """السورية، العراقي: an adjective of nationality, not a country's name."""
    return key.startswith("ال") and (key.endswith("يه") or key.endswith("ي"))


def _names_entity(text: str, mention: Mention, start: int, end: int) -> bool:
    """The model's LOC entity is this name (give or take proclitics), not a longer name that holds it
    ("جبل زين العابدين" does not vouch for the village "جبل")."""
    if not (start <= mention.start and mention.end <= end):
        return False
    rest = text[start : mention.start] + text[mention.end : end]
    return len(rest.strip()) <= 2


def cue_forms(text: str, token: Token) -> tuple[str, ...]:
    """Lookup forms of a possible cue word, also with و/ف and ب/ل/ك stripped by hand ("بريف" is a village
    name too, so segmentation keeps it whole, but before a place it is ب + ريف)."""
    forms = list(token_forms(text, token))
    norm = token.norm
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ل", "ك"):
            prefix = conj + prep
            if prefix and norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
                forms.append(norm[len(prefix):])
    return tuple(dict.fromkeys(forms))


_TRANSPARENT = frozenset({"", '"', "(", "«", "“", "#"})  # marks between a cue and its name ("قرى (X و Y)")


def next_word(tokens: Sequence[Token], index: int) -> int | None:
    """The word right after ``index`` (quotes, an opening bracket or a hashtag may stand between), or None."""
    for position in range(index + 1, min(index + 3, len(tokens))):
        token = tokens[position]
        if token.label == "word":
            return position
        if token.norm not in _TRANSPARENT:
            return None
    return None


def far_better_known(candidates: Sequence[Place]) -> str | None:
    """The country of a province or a well-known city that a name calls up far sooner than any namesake in another
    country (القصرين: Kasserine in Tunisia, not a village of the Golan; سوسة: Sousse, not a town of Deir ez-Zor)."""
    best = max(candidates, key=lambda place: place.importance)
    if best.feature_type not in ("admin1", "city") or best.importance < WELL_KNOWN_ABROAD or not best.country:
        return None
    rivals = [place.importance for place in candidates if place.country != best.country]
    return best.country if not rivals or max(rivals) <= best.importance - FAR_BETTER_KNOWN else None


def _is_major_city(place: Place) -> bool:
    return place.feature_type == "city" and place.importance >= MAJOR_CITY


def _names_next(tokens: Sequence[Token], last: int, starts: set[int]) -> bool:
    """The word right after token ``last`` opens one of the names starting at ``starts``."""
    following = last + 1
    return following < len(tokens) and tokens[following].label == "word" and tokens[following].start in starts


def previous_word(tokens: Sequence[Token], index: int) -> int | None:
    """The word right before ``index`` (quotes, an opening bracket or a hashtag may stand between), or None."""
    for position in range(index - 1, max(index - 3, -1), -1):
        token = tokens[position]
        if token.label == "word":
            return position
        if token.label == "punct" and token.norm not in _TRANSPARENT:
            return None
    return None


class _DefaultSets(dict[int, set[str]]):
    def __missing__(self, key: int) -> set[str]:
        value: set[str] = set()
        self[key] = value
        return value


def sentence_index(article: Article) -> SentenceLookup:
    """Which sentence holds a character offset."""
    return SentenceLookup([s.start for s in article.layers.get("sentences", [])])


@dataclass(slots=True)
class SentenceLookup:
    """Index of the sentence holding a character offset."""

    starts: list[int]

    def __call__(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)
