"""Places told by what they are rather than by a gazetteer name.

- A site of a city ("حي الشيخ رسلان", "ساحة الكرامة", "شارع بغداد", "مشفى دار الشفاء"): the city it is in
  (named in the same sentence, else just before, else the article's main town), whatever city its
  words name.
- «العاصمة» ("the capital"): the capital of the country the sentence or the article is about.
- A facility named by its kind ("المطار العسكري"): the one of that kind nearest the town named before.
- A name the gazetteer lacks after a strong cue ("في بلدة X"): a place mention without coordinates.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..geo import haversine_km
from ..model import Article, PlaceMention, Token
from ..text.lexmatch import PhraseMatcher
from ..text.normalize import normalize_key
from ..text.spanindex import SpanIndex
from .countries import Countries
from .gazetteer import Gazetteer, Place, place_keys
from .mentions import (
    IMPORTANT_TOWN,
    RARE_WORD,
    SETTLEMENT_TYPES,
    MentionFinder,
    SentenceLookup,
    cue_forms,
    next_word,
    sentence_index,
)
from .words import PlaceWords

SITE_WORDS = 3  # words of a site's own name ("دار الشفاء")
_SITE_TOWN_CHARS = 40  # a town named this close after a site ("ساحة السير وسط مدينة السويداء") is where it is
SITE_SAME_PLACE_KM = 15.0  # a gazetteer neighbourhood or landmark this near the city is the site itself
GENERIC_KM = 30.0  # a facility named by its kind is at most this far from the town named before it
_CAPITAL = normalize_key("العاصمة")
# Words that end a site's name: relatives, prepositions, particles, days, verbs of belonging and adverbs ("مسجد
# العمري الذي تحول …", "ساحة الفردوس أمس", "مقر يتبع لـ …", "حي X كذلك").
_NAME_STOPS = frozenset(normalize_key(w) for w in (
    "الذي", "التي", "الذين", "اللذين", "اللتين", "حيث", "بعد", "قبل", "خلال", "منذ", "أن", "إن", "عن", "مع", "ضد",
    "لدى", "عند", "حتى", "ما", "لم", "لا", "قد", "كان", "كانت", "تم", "وسط", "أمس", "اليوم", "يتبع", "تتبع",
    "كذلك", "أيضا", "أيضًا",
))
# Endings of past-tense verbs of the dual and plural ("سقطتا", "قدموا"): a site's name ends before such a word.
_VERB_ENDINGS = ("وا", "تا")
_REVIVAL = "إحياء"
_NEIGHBOURHOOD_HEADS = frozenset(normalize_key(w) for w in ("حي", "حيي", "حيا", "أحياء", "حارة"))
_GAZETTEER_SITES = frozenset({"landmark", "neighbourhood"})  # gazetteer sites a namesake in another city may share
# A site tied to a governorate or a district rather than a town is placed there, at that unit's precision.
_UNIT_PRECISION = {"admin1": 3, "admin2": 2, "admin3": 2}


@dataclass(frozen=True, slots=True)
class SiteFinder:
    """Finds the places of this module's docstring, given the gazetteer names already resolved."""

    gazetteer: Gazetteer
    words: PlaceWords
    countries: Countries
    finder: MentionFinder
    generic: PhraseMatcher[str]
    facilities: dict[str, list[Place]]

    @classmethod
    def build(cls, gazetteer: Gazetteer, words: PlaceWords, countries: Countries, finder: MentionFinder
              ) -> SiteFinder:
        generic: PhraseMatcher[str] = PhraseMatcher()
        for phrase in words.generic_facilities:
            generic.add(phrase, phrase)
        kinds = frozenset(kind for values in words.generic_facilities.values() for kind in values)
        facilities: dict[str, list[Place]] = {}
        for place in gazetteer.of_types(kinds):
            if place.lat is not None:
                facilities.setdefault(place.feature_type, []).append(place)
        return cls(gazetteer, words, countries, finder, generic, facilities)

    # ----------------------------------------------------------------- city sites
    def city_sites(self, article: Article, resolved: list[PlaceMention]) -> list[PlaceMention]:
        """Sites of a city, placed at the city; a gazetteer name inside a site's name gives way to it."""
        text = article.text
        tokens: list[Token] = article.layers.get("tokens", [])
        sentence_of = sentence_index(article)
        named = self._named_sites(text, tokens, resolved)
        items = SpanIndex((start, end) for start, end, _head, kind in named if kind == "listed")
        towns = _Towns([p for p in resolved if p.feature_type in SETTLEMENT_TYPES and p.latitude is not None
                        and not items.covers(p.start, p.end)],  # "أحياء X وباب السلام": no town of that name
                       text, self._joins_town,
                       units=[p for p in resolved if p.feature_type in _UNIT_PRECISION and p.latitude is not None])
        by_start = sorted(resolved, key=lambda p: (p.start, p.end))
        starts = [p.start for p in by_start]
        sites: list[PlaceMention] = []
        town: PlaceMention | None = None
        for start, end, head, kind in named:
            inside = [p for p in by_start[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
                      if p.end <= end]
            if kind == "own":
                town = towns.of(start, end, sentence_of)
                if town is not None and any(p.place_id == town.place_id for p in inside):
                    continue  # the name is the town itself ("ساحة حلب" in Aleppo)
            elif kind == "known":  # a square of that name in another city: only a town named right after moves it
                town = towns.named_after(start, end, sentence_of)
                if town is None:
                    continue
            if any(self._is_the_site(p, town) for p in inside):
                continue  # the gazetteer knows the site (in that town, or no town to check against)
            sites.append(self._site(text, start, end, town, head))
        return sites

    def _named_sites(self, text: str, tokens: Sequence[Token], resolved: list[PlaceMention]
                     ) -> list[tuple[int, int, str, str]]:
        """(start, end, head, kind) of each site's name in order. Kinds: ``own``, a name of its own; ``listed``, a
        further item of a list after a plural head ("أحياء المزة [وباب السلام] [وركن الدين]"); ``known``, a
        gazetteer site whose name opens with the head ("ساحة السبع بحرات"), which a square of another city may
        share."""
        spans = SpanIndex((p.start, p.end) for p in resolved)
        sites_at = {p.start: p for p in resolved if p.feature_type in _GAZETTEER_SITES}
        named: list[tuple[int, int, str, str]] = []
        position = 0
        while position < len(tokens):
            token = tokens[position]
            if token.label != "word" or not self._site_head(text, token):
                position += 1
                continue
            last = self._site_name(text, tokens, position)
            if last is None:
                position += 1
                continue
            start = _after_proclitics(token)
            position = last + 1
            head = normalize_key(text[start : token.end])
            if any(s <= token.start < e or s < token.end <= e for s, e in spans.overlapping(token.start, token.end)):
                known = sites_at.get(start)
                if known is not None:
                    named.append((known.start, known.end, head, "known"))
                continue  # the head is part of a gazetteer name ("جسر الشغور", "تل أبيض")
            named.append((start, tokens[last].end, head, "own"))
            if head in self.words.plural_cues:  # a plural head ("أحياء") opens a list of sites
                for first, item_last in self._list_items(text, tokens, last):
                    named.append((_after_proclitics(tokens[first]), tokens[item_last].end, head, "listed"))
                    position = item_last + 1
        return named

    def _list_items(self, text: str, tokens: Sequence[Token], last: int) -> list[tuple[int, int]]:
        """The further items of a list of sites after the first one ends at ``last``: each joined by و and named
        by up to ``SITE_WORDS`` words; a cue or a stop ("ومنطقة X", "وسط") ends the list."""
        items = []
        following = next_word(tokens, last)
        while following is not None:
            token = tokens[following]
            if not token.parts or token.parts[0][2] != "conj" or len(token.parts) < 2:
                break
            bare = normalize_key(text[_after_proclitics(token) : token.end])
            if bare in _NAME_STOPS or bare in self.words.settlement_cues or bare in self.words.city_site_heads \
                    or bare in self.words.locative_words:
                break
            item_last = self._site_name(text, tokens, following)
            item_last = following if item_last is None else item_last
            items.append((following, item_last))
            following = next_word(tokens, item_last)
        return items

    def _site_head(self, text: str, token: Token) -> bool:
        """"حي"، "بساحة"، "وشارع": a head of a site's name (not "الحي", the neighbourhood told before)."""
        heads = self.words.city_site_heads
        if not any(form in heads for form in (token.forms or (token.norm,))):
            return False  # the common case, decided without normalising
        start = _after_proclitics(token)
        if text.startswith(_REVIVAL, start):
            return False  # إحياء ("reviving", "إحياء الذكرى"), not أحياء ("neighbourhoods"): one key once normalised
        return normalize_key(text[start : token.end]) in heads

    def _site_name(self, text: str, tokens: Sequence[Token], head: int) -> int | None:
        """The index of the last word naming a site after its head ("حي [الشيخ رسلان]"), up to a stop."""
        last: int | None = None
        position = head
        for count in range(SITE_WORDS):
            following = next_word(tokens, position)
            if following is None:
                break
            token = tokens[following]
            forms = cue_forms(text, token)
            proclitic = bool(token.parts) and token.parts[0][2] == "prep" and len(token.parts) > 1
            places = (self.words.region_cue, self.words.governorate_cue)
            # a site's word with the article names the site right after its head ("حي المشفى", "مبنى المحافظة")
            named_by_kind = count == 0 and any(kind == "det" for _s, _e, kind in token.parts)
            stop = (token.norm in self.words.locative_words or any(f in self.words.settlement_cues for f in forms)
                    or proclitic or token.norm in _NAME_STOPS
                    or (not named_by_kind and any(f in places or f in self.words.city_site_heads for f in forms))
                    or token.norm in self.words.relative_cues
                    or (count > 0 and (token.norm.startswith("و") or token.norm.endswith(_VERB_ENDINGS))))
            if stop:
                break
            last = position = following
        return last

    def _joins_town(self, text: str) -> bool:
        """The words between a site and a town after it put the site there ("… في حمص", "…، في مدينة إدلب",
        "… وسط مدينة السويداء"): words of place only ("حي X، ثم قطع المسلحون طريق Y" is not in Y)."""
        if any(mark in text for mark in ".;:؛()-"):
            return False
        words = self.words
        for word in text.replace("،", " ").replace(",", " ").split():
            key = normalize_key(word.strip("\"'«»“”‘’ـ"))
            if not key or (len(key) <= 2 and all(letter in "وبفلك" for letter in key)):
                continue  # a quote mark, or the proclitic of the town's name ("ب" of "باللاذقية")
            bare = key[1:] if key[:1] in "وبفل" and len(key) > 2 else key
            if not any(form in words.locative_words or form in words.settlement_cues or form in words.relative_cues
                       or form in words.directions or form in (words.region_cue, words.governorate_cue)
                       for form in (key, bare)):
                return False
        return True

    def _is_the_site(self, place: PlaceMention, town: PlaceMention | None) -> bool:
        """A gazetteer neighbourhood or landmark of that name, in the town (or no town to check against)."""
        if place.feature_type not in ("neighbourhood", "landmark", "camp", "prison", "airport", "airbase",
                                      "military_base", "dam", "border_crossing", "road"):
            return False
        if town is None or place.latitude is None or town.latitude is None:
            return True
        distance = haversine_km(place.latitude, place.longitude or 0.0, town.latitude, town.longitude or 0.0)
        return distance <= SITE_SAME_PLACE_KM

    def _site(self, text: str, start: int, end: int, town: PlaceMention | None, head: str) -> PlaceMention:
        site = PlaceMention(start, end, "place", text=text[start:end], confidence=0.6,
                            feature_type="neighbourhood" if head in _NEIGHBOURHOOD_HEADS else "landmark")
        if town is None:
            return site
        name = normalize_key(site.text).split()
        described = len(name) > 1 and name[1] in self.words.site_descriptors  # "أحياء سكنية": a part of the town
        return PlaceMention(  # a site of its own (two sites of one town are two places), at the town's point
            start, end, "place", text=site.text,
            place_id=town.place_id if described else f"{town.place_id}#{' '.join(name)}",
            name=town.name, name_ar=town.name_ar,
            latitude=town.latitude, longitude=town.longitude, country=town.country, admin1=town.admin1,
            admin2=town.admin2, admin3=town.admin3, pcode=town.pcode,
            feature_type=town.feature_type if described else site.feature_type,
            geo_precision=_UNIT_PRECISION.get(town.feature_type or "", 1), confidence=0.6,
        )

    # ------------------------------------------------------------------- capitals
    def capitals(self, article: Article, resolved: list[PlaceMention], country: str,
                 ties: dict[int, set[str]]) -> list[PlaceMention]:
        """«العاصمة» (with an adjective: «العاصمة التونسية»): the capital of that country, else of the one
        the sentence names, else of the article's."""
        text = article.text
        tokens: list[Token] = article.layers.get("tokens", [])
        sentence_of = sentence_index(article)
        found = []
        for position in _capital_words(text, tokens):
            token = tokens[position]
            start = _after_proclitics(token)
            following = next_word(tokens, position)
            named = following is not None and any(p.start <= tokens[following].start < p.end for p in resolved)
            if named:
                continue  # "العاصمة دمشق": the name is resolved itself
            if following is not None and _names_next_word(article, tokens[following]):
                continue  # "العاصمة كابول": a capital no source knows, not the article's
            end = token.end
            target = None
            if following is not None:
                adjective = self.countries.find(text[tokens[following].start : tokens[following].end],
                                                [tokens[following]])
                for match in adjective:
                    target = match.values[0][0]
                    end = tokens[following].end
            tied = ties.get(sentence_of(token.start), set())
            target = target or (next(iter(tied)) if len(tied) == 1 else country)
            capital = self._capital_of(target)
            if capital is not None:
                found.append(_at(text, start, end, capital, 0.7))
        return found

    def capitals_named_like_countries(self, article: Article, resolved: list[PlaceMention]) -> list[PlaceMention]:
        """"العاصمة تونس": a country's name right after «العاصمة» is its capital of the same name (تونس، الكويت،
        الجزائر), not the country."""
        text = article.text
        tokens: list[Token] = article.layers.get("tokens", [])
        countries = {p.start: index for index, p in enumerate(resolved) if p.feature_type == "country" and p.country}
        if not countries:
            return resolved
        replaced = list(resolved)
        for position in _capital_words(text, tokens):
            following = next_word(tokens, position)
            index = countries.get(tokens[following].start) if following is not None else None
            if index is None:
                continue
            mention = resolved[index]
            capital = self._capital_of(mention.country or "")
            if capital is not None and normalize_key(mention.text or "") in place_keys(capital):
                city = _at(text, mention.start, mention.end, capital, mention.confidence)
                if self.finder.relative_before(text, tokens, position):
                    city = replace(city, geo_precision=2)  # "شمال غرب العاصمة تونس": somewhere from the capital
                replaced[index] = city
        return replaced

    def _capital_of(self, country_name: str) -> Place | None:
        country = self.countries.get(country_name)
        if country is None or not country.capital:
            return None
        cities = [p for p in self.gazetteer.lookup(country.capital)
                  if p.country == country.name and p.feature_type == "city" and p.lat is not None]
        return max(cities, key=lambda p: p.importance) if cities else None

    # ---------------------------------------------------------- generic facilities
    def generic_facilities(self, article: Article, resolved: list[PlaceMention]) -> list[PlaceMention]:
        """"المطار العسكري", "السد": the facility of that kind the article named before ("مطار دمشق الدولي …
        مهابط المطار"), else the one nearest the town named before ("قرب حماة … المطار العسكري")."""
        found = []
        taken = SpanIndex((p.start, p.end) for p in resolved)
        towns = sorted((p for p in resolved if p.feature_type in SETTLEMENT_TYPES and p.latitude is not None),
                       key=lambda p: p.start)
        town_starts = [town.start for town in towns]
        named = sorted((p for p in resolved if p.place_id and p.feature_type in self.facilities),
                       key=lambda p: p.start)
        for match in self.generic.find(article.text, article.layers.get("tokens", [])):
            if taken.overlaps(match.start, match.end):
                continue
            kinds = self.words.generic_facilities[match.values[0]]
            told = next((p for p in reversed(named) if p.end <= match.start and p.feature_type in kinds), None)
            place = self.gazetteer.get(told.place_id or "") if told is not None else None
            if place is not None:  # the one the article told of last
                found.append(_at(article.text, match.start, match.end, place, 0.6))
                continue
            before = bisect.bisect_left(town_starts, match.start)
            if not before:
                continue
            town = towns[before - 1]
            options = [f for kind in kinds for f in self.facilities.get(kind, [])]
            near = [(haversine_km(town.latitude or 0.0, town.longitude or 0.0, f.lat or 0.0, f.lon or 0.0), f)
                    for f in options]
            near = [(d, f) for d, f in near if d <= GENERIC_KM]
            if near:
                _distance, facility = min(near, key=lambda item: item[0])
                found.append(_at(article.text, match.start, match.end, facility, 0.6))
        return found

    # ---------------------------------------------------------------- unknown names
    def unknown_after_cue(self, article: Article, resolved: list[PlaceMention], exclude: Sequence[tuple[int, int]],
                          country: str | None = None, described: Mapping[int, str] | None = None
                          ) -> list[PlaceMention]:
        """"في بلدة X" where the gazetteer lacks X: X in another spelling (:func:`spelling_variants`) when that
        names one place of the article's country (or of the country whose adjective follows the name, ``described``:
        "ولاية قيصري التركية"), else an unresolved mention (no place, no coordinates). After a preposition of place
        alone ("في سوس"), a word news seldom uses is a town only in another spelling of an important town of the
        article's country ("سوسة")."""
        text = article.text
        tokens: list[Token] = article.layers.get("tokens", [])
        taken = SpanIndex([(p.start, p.end) for p in resolved] + list(exclude))
        admin1 = {p.admin1 for p in resolved if p.admin1}
        unknown = []
        strong = self.words.strong_cues | self.words.unit_cues
        described = described or {}
        for position, token in enumerate(tokens[:-1]):
            if token.label != "word":
                continue
            locative = token.norm in self.words.locative_words
            cue = not locative and any(form in strong for form in (token.forms or (token.norm,))) \
                and normalize_key(text[_after_proclitics(token) : token.end]) in strong
            if not (locative or cue):
                continue  # "في بلدة X", "وقرية X"; not "البلدة" (the town told before)
            following = next_word(tokens, position)
            if following is None:
                continue
            name = tokens[following]
            if taken.overlaps(name.start, name.end):
                continue
            if locative:
                if self.finder.lexicon.counts.get(name.norm, 0) <= RARE_WORD:
                    town = self._spelt_otherwise(name.norm, country, admin1, towns_only=True)
                    if town is not None:
                        unknown.append(_at(text, name.start, name.end, town, 0.5))
                continue
            if self.finder.everyday(name.norm) or name.norm in self.words.settlement_cues \
                    or self.countries.matcher.entries.get((name.norm,)):
                continue  # a word, or a country's name or adjective ("ولاية إيرانية")
            last = following
            if name.norm.removeprefix("ال") in self.words.name_heads:  # "ناحية عين علي": the head and its name
                last = next_word(tokens, following) or following
            end = tokens[last].end
            place = self._spelt_otherwise(normalize_key(text[name.start : end]), described.get(last) or country,
                                          admin1)
            unknown.append(_at(text, name.start, end, place, 0.5) if place is not None
                           else PlaceMention(name.start, end, "place", text=text[name.start : end]))
        return unknown

    def _spelt_otherwise(self, key: str, country: str | None, admin1: set[str], *, towns_only: bool = False
                         ) -> Place | None:
        """The one settlement of ``country`` (the article's, or the one an adjective after the name names) called by
        a spelling variant of ``key`` (in a governorate the article names, or the one city or town, when several);
        ``towns_only``: an important city or town."""
        if not country:
            return None
        found = {place.id: place for variant in spelling_variants(key) for place in self.gazetteer.lookup(variant)
                 if place.country == country and place.feature_type in SETTLEMENT_TYPES and place.lat is not None
                 and (not towns_only or (place.feature_type != "village" and place.importance >= IMPORTANT_TOWN))}
        places = list(found.values())
        if len(places) > 1:  # in a governorate the article names, else the one city or town among villages
            places = [place for place in places if place.admin1 in admin1] or [
                place for place in places if place.feature_type != "village"]
        return places[0] if len(places) == 1 else None


def spelling_variants(key: str) -> set[str]:
    """Other spellings of a name: a final ا for ة ("شقرا" / "شقرة", "بعبدة" / "بعبدا") or none ("سوس"), a long
    vowel written or left out ("سلوبي" / "سيلوبي"), the article on a later word ("دير عدس" / "دير العدس")."""
    words = key.split()
    variants: set[str] = set()
    if not words:
        return variants

    def with_word(index: int, word: str) -> str:
        return " ".join([*words[:index], word, *words[index + 1 :]])

    last = words[-1]
    if last.endswith("ا"):
        variants.add(with_word(len(words) - 1, last[:-1] + "ه"))
    elif last.endswith("ه"):
        variants.add(with_word(len(words) - 1, last[:-1] + "ا"))
    else:
        variants.add(with_word(len(words) - 1, last + "ه"))  # a final ة left out ("سوس" / "سوسة")
    for index, word in enumerate(words):
        body = word[2:] if word.startswith("ال") else word
        head = word[: len(word) - len(body)]
        for position in range(1, len(body)):
            if body[position] in _LONG_VOWELS:
                variants.add(with_word(index, head + body[:position] + body[position + 1 :]))
            for vowel in _LONG_VOWELS:
                variants.add(with_word(index, head + body[:position] + vowel + body[position:]))
        if index > 0:
            variants.add(with_word(index, word[2:] if word.startswith("ال") else "ال" + word))
    variants.discard(key)
    return variants


_LONG_VOWELS = "اوي"


def _capital_words(text: str, tokens: Sequence[Token]) -> list[int]:
    """The positions of the words «العاصمة» (with proclitics: «بالعاصمة»)."""
    return [position for position, token in enumerate(tokens)
            if token.label == "word" and _CAPITAL in token.norm and _CAPITAL in cue_forms(text, token)]


def _at(text: str, start: int, end: int, place: Place, confidence: float) -> PlaceMention:
    """A mention of ``[start, end)`` resolved to a gazetteer point place."""
    return PlaceMention(
        start, end, "place", text=text[start:end], place_id=place.id, name=place.name_en, name_ar=place.name_ar,
        latitude=place.lat, longitude=place.lon, country=place.country or None, admin1=place.admin1 or None,
        admin2=place.admin2 or None, admin3=place.admin3 or None, pcode=place.pcode or None,
        feature_type=place.feature_type, geo_precision=1, confidence=confidence,
    )


def _after_proclitics(token: Token) -> int:
    """Where a word starts after its proclitics ("بساحة" → "ساحة")."""
    for start, _end, kind in token.parts:
        if kind not in ("conj", "prep"):
            return start
    return token.start


class _Towns:
    """The towns of an article, indexed for "which town is a site in" (no rescan per site)."""

    def __init__(self, towns: list[PlaceMention], text: str, joins: Callable[[str], bool],
                 units: Sequence[PlaceMention] = ()) -> None:
        self.text = text
        self.joins = joins  # the words between a site and a town after it tie the site to it
        self.towns = sorted(towns, key=lambda p: (p.start, p.end))
        self.starts = [p.start for p in self.towns]
        self.places = sorted([*towns, *units], key=lambda p: (p.start, p.end))  # towns and admin units
        self.place_starts = [p.start for p in self.places]
        self.cities = sorted((p for p in towns if p.feature_type in ("city", "town")), key=lambda p: (p.end, p.start))
        self.city_ends = [p.end for p in self.cities]
        self.main = _main_town(self.cities or self.towns)

    def named_after(self, start: int, end: int, sentence_of: SentenceLookup, *, units: bool = False
                    ) -> PlaceMention | None:
        """The town named right after a site in its sentence ("ساحة X بمدينة سراقب"), if any; with ``units``, also
        a governorate or district ("حي X من محافظة القصرين")."""
        places, starts = (self.places, self.place_starts) if units else (self.towns, self.starts)
        following = bisect.bisect_left(starts, end)
        if following < len(places):
            town = places[following]
            if sentence_of(town.start) == sentence_of(start) and town.start - end <= _SITE_TOWN_CHARS \
                    and self.joins(self.text[end : town.start]):
                return town
        return None

    def of(self, start: int, end: int, sentence_of: SentenceLookup) -> PlaceMention | None:
        """The town a site is in: named right after it in its sentence ("حي X في حمص"), or the governorate or
        district named there, else the last city or town named before it, else the article's main town."""
        town = self.named_after(start, end, sentence_of, units=True)
        if town is not None:
            return town
        before = bisect.bisect_right(self.city_ends, start)
        if before:
            return self.cities[before - 1]
        return self.main


def _main_town(towns: list[PlaceMention]) -> PlaceMention | None:
    """The town the article names most often (first on ties)."""
    if not towns:
        return None
    counts: dict[str | None, int] = {}
    for town in towns:
        counts[town.place_id] = counts.get(town.place_id, 0) + 1
    return max(towns, key=lambda p: (counts[p.place_id], -p.start))


def _names_next_word(article: Article, token: Token) -> bool:
    """The model reads a name of a place or a person from ``token`` on (a foreign capital it cannot resolve)."""
    return any(entity.label in ("LOC", "PER") and token.start <= entity.start < token.end
               for entity in article.layers.get("entities", []))
