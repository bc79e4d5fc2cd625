"""Toponym resolution: the article's place mentions, each resolved to one place of the gazetteer.

Mentions come from :mod:`.mentions` (gazetteer names judged places, inside the article's country) and
:mod:`.sites` (sites of a city, «العاصمة», facilities named by their kind, unknown names after a cue).
Among a name's candidates, the governorates named around it, nearness to the article's other places,
the article's country, importance and two sources placing the name alike decide; every mention of one
name in an article resolves to the same place. "ريف X الجنوبي" is a region (precision 2), "محافظة X" a
governorate (precision 3); a name that cannot be resolved stays unresolved.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from ..geo import EARTH_RADIUS_KM, haversine_km
from ..model import HEADER_FIELDS, Article, PlaceMention, Span, Token
from ..text.normalize import normalize_key
from ..text.spanindex import SpanIndex
from ..text.tokenize import Lexicon, tokenize
from .countries import Countries
from .gazetteer import Gazetteer, Place, place_keys
from .mentions import POINT_TYPES, SETTLEMENT_TYPES, WELL_KNOWN, Found, Mention, MentionFinder
from .sites import SiteFinder
from .words import PlaceWords

#: The spans of a text's words that name something other than a place (an armed group's name), by its tokens.
HiddenNames = Callable[[str, Sequence[Token]], Sequence[tuple[int, int]]]

NEAR_KM = 30.0  # co-mentioned places closer than this pull a candidate towards them
STRAY_KM = 100.0  # a village this far from every other place of the article is no place of its story …
MINOR_VILLAGE = 30.0  # … when it is this unimportant (villages; towns and neighbourhoods rank higher)
FAMOUS = 100.0  # importance of capitals and great cities: named bare, they are themselves, not a namesake village
FAMOUS_BONUS = 2.0
TIED_CAPITAL_BONUS = 10.0  # … and one of a country its sentence names is that city, whatever the story's context
AGREE_KM = 10.0  # another source's row of the same name this close records the same place …
CORROBORATION_BONUS = 0.5  # … and vouches for this row's point against a lone source's namesake
_UNIT_PREFIXES = frozenset(normalize_key(w) for w in ("منطقة", "ناحية", "مركز", "محافظة", "قضاء"))


class PlaceResolver:
    """Finds and resolves the place mentions of an article."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, *, default_country: str = "Syria",
                 words: PlaceWords | None = None, countries: Countries | None = None) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.default_country = default_country
        self.words = words or PlaceWords.load()
        self.countries = countries or Countries.load(shared_capitals=shared_capitals(gazetteer))
        self.finder = MentionFinder(gazetteer, lexicon, self.words, self.countries, default_country=default_country)
        self.capitals = capital_cities(gazetteer, self.countries)
        self.sites = SiteFinder.build(gazetteer, self.words, self.countries, self.finder)
        self._corroborated: dict[tuple[str, str], bool] = {}

    def resolve(
        self,
        article: Article,
        *,
        exclude: Sequence[tuple[int, int]] = (),
        doubtful: Sequence[tuple[int, int]] = (),
        support: Sequence[tuple[int, int]] = (),
        actor_countries: Sequence[str] = (),
        persons: Sequence[tuple[int, int]] = (),
    ) -> list[PlaceMention]:
        """Resolve every place mention of ``article``'s body (see the module docstring)."""
        return self.resolve_all(article, exclude=exclude, doubtful=doubtful, support=support,
                                actor_countries=actor_countries, persons=persons)[0]

    def resolve_all(
        self,
        article: Article,
        *,
        exclude: Sequence[tuple[int, int]] = (),
        doubtful: Sequence[tuple[int, int]] = (),
        support: Sequence[tuple[int, int]] = (),
        actor_countries: Sequence[str] = (),
        persons: Sequence[tuple[int, int]] = (),
        hidden: HiddenNames | None = None,
    ) -> tuple[list[PlaceMention], list[PlaceMention]]:
        """The place mentions of the body, and those of the header (:meth:`header_places`)."""
        found = self.finder.find(article, exclude=exclude, doubtful=doubtful, support=support,
                                 actor_countries=actor_countries, persons=persons)
        body = self._resolve_body(article, found, exclude)
        return body, self.header_places(article, found.country, body, hidden=hidden)

    def _resolve_body(self, article: Article, found: Found, exclude: Sequence[tuple[int, int]]
                      ) -> list[PlaceMention]:
        """The body's mentions resolved, with the sites of its cities, its capitals and its facilities."""
        resolved = self._without_orphan_neighbourhoods(self.resolve_mentions(article, found), found.mentions)
        sites = self.sites.city_sites(article, resolved)
        inside_a_site = SpanIndex((site.start, site.end) for site in sites)  # one look-up per mention, not a scan
        resolved = [p for p in resolved if not inside_a_site.covers(p.start, p.end)] + sites
        resolved.extend(self.sites.capitals(article, resolved, found.country, found.ties))
        resolved = self.sites.capitals_named_like_countries(article, resolved)
        resolved.extend(self.sites.generic_facilities(article, resolved))
        resolved.extend(self.sites.unknown_after_cue(article, resolved, exclude, found.country, found.described))
        resolved = self._without_strays(resolved)
        resolved.sort(key=lambda p: (p.start, p.end))
        return resolved

    def header_places(self, article: Article, country: str, body: Sequence[PlaceMention], *,
                      hidden: HiddenNames | None = None) -> list[PlaceMention]:
        """The places the title, the photo caption and the dateline name (each span's label says which; its
        offsets count in that field). A name the body resolves is that place; another is found by the rules of
        the body, and kept when it is in the article's country and the body bears it out (a place of the same
        governorate or near one of the body's, or a great city after a word of place): a headline gives no
        context, and "حماة الديار" or "بلدات جديدة" there is no place the story is about. A dateline names its
        place alone on one side of its dash ("تلفزيون سوريا ـ إسطنبول") or alone on its line, and that place is
        a city, a town or a village: "العالم - سوريا" names a section, not where the story was filed.
        ``hidden`` gives the spans of a field's text that are names of another kind (armed groups: "هيئة
        تحرير الشام")."""
        fields = [(name, text) for name in HEADER_FIELDS if (text := getattr(article.meta, name) or "").strip()]
        if not fields:
            return []
        named = {normalize_key(p.text): p for p in reversed(body) if p.place_id}
        places = [place for p in body if p.place_id and (place := self.gazetteer.get(p.place_id)) is not None]
        context = _ArticleContext(country, Counter(p.admin1 for p in places if p.admin1), _DefaultCounters({}),
                                  {p.id for p in places if p.feature_type in ("city", "town")})
        anchors = _Anchors([p for p in places if p.lat is not None])
        header: list[PlaceMention] = []
        for name, text in fields:
            part = Article(text=text)
            part.set_layer("sentences", [Span(0, len(text), "sentence")])
            tokens = tokenize(text)
            part.set_layer("tokens", tokens)
            exclude = hidden(text, tokens) if hidden is not None else ()
            for mention in self.finder.find(part, exclude=exclude, country=country).mentions:
                if name == "dateline" and not _alone_on_a_side(text, mention):
                    continue
                same = named.get(normalize_key(text[mention.start : mention.end]))
                if same is not None and name != "dateline":
                    header.append(replace(same, start=mention.start, end=mention.end, label=name,
                                          text=text[mention.start : mention.end]))
                    continue
                mention.sentence = -1  # no sentence of the body
                options = self._score(mention, context, anchors)
                if name == "dateline":
                    options = [(score, p) for score, p in options if p.feature_type in SETTLEMENT_TYPES]
                elif options and not self._borne_out(options[0][1], mention, context, anchors):
                    continue
                if not options:
                    continue
                margin = options[0][0] - options[1][0] if len(options) > 1 else 3.0
                resolved = self._output(part, mention, options[0][1], round(min(0.99, 0.5 + margin / 6.0), 3))
                header.append(replace(resolved, label=name))
        return header

    def _borne_out(self, place: Place, mention: Mention, context: _ArticleContext, anchors: _Anchors) -> bool:
        """A header's place the body bears out: no everyday word, in the article's country, and of a governorate
        the body names, near one of its places, or a great city named after a word of place ("في حلب", "بدمشق")."""
        if place.country != context.country or place.feature_type == "country" or self.finder.everyday(mention.key):
            return False  # an everyday word ("بلدات جديدة") is a place in a headline only where the body says so
        if (place.admin1 and context.admin1.get(place.admin1)) or (place.lat is not None and anchors.closeness(place)):
            return True
        return self._famous(place) and bool(mention.cue or mention.locative)

    def _without_strays(self, resolved: list[PlaceMention]) -> list[PlaceMention]:
        """Leave out a village named as a point that lies more than ``STRAY_KM`` from every other place the
        article names: a story's places lie together, and such a lone namesake is a word ("خريطة"، "المعيشية"،
        "حربية") or a place the gazetteer lacks, never where the story happened (none of 54 such villages of
        the annotated pages was a place the annotators located there)."""
        located = [p for p in resolved if p.latitude is not None and p.longitude is not None
                   and p.feature_type != "country"]
        minor = {p.place_id for p in located if p.place_id and p.geo_precision == 1
                 and (place := self.gazetteer.get(p.place_id)) is not None and place.importance < MINOR_VILLAGE}
        if not minor or len({p.place_id for p in located}) < 2:
            return resolved
        grid = _Grid(located)
        first = {p.place_id: p for p in reversed(located)}
        strays = {place_id for place_id in minor if not grid.has_other_within(first[place_id], STRAY_KM)}
        return [p for p in resolved if p.place_id not in strays]

    def _without_orphan_neighbourhoods(self, resolved: list[PlaceMention],
                                       mentions: Sequence[Mention]) -> list[PlaceMention]:
        """Leave out a neighbourhood named without its city: no word of a neighbourhood before it ("حي X"),
        its city named nowhere in the article (nor inside the name, "الضاحية الجنوبية لبيروت"), and no other
        neighbourhood of that city named. Such a name is a word ("دمر" destroyed, "الليلية" nightly, "بالتعاون")
        or a namesake in the town the story is about, not a part of a city the article never names."""
        cued = {(m.start, m.end) for m in mentions if m.cue in self.words.neighbourhood_cues}
        parents: dict[int, str] = {}
        for index, mention in enumerate(resolved):
            place = self.gazetteer.get(mention.place_id) if mention.place_id else None
            if place is not None and place.feature_type == "neighbourhood" and place.parent_city:
                parents[index] = place.parent_city
        if not parents:
            return resolved
        named = {mention.place_id for mention in resolved}
        by_city: dict[str, set[str | None]] = defaultdict(set)
        for index, parent in parents.items():
            by_city[parent].add(resolved[index].place_id)
        kept = []
        for index, mention in enumerate(resolved):
            city = parents.get(index)
            if city is None or city in named or len(by_city[city]) > 1 or (mention.start, mention.end) in cued \
                    or self._names_city(mention, city):
                kept.append(mention)
        return kept

    def _names_city(self, mention: PlaceMention, city_id: str) -> bool:
        """The mention's own words name the city, bare or after ل or ب ("الضاحية الجنوبية لبيروت")."""
        city = self.gazetteer.get(city_id)
        if city is None:
            return False
        words = normalize_key(mention.text or "").split()
        text = f" {' '.join(words)} "
        stripped = f" {' '.join(w[1:] if w[:1] in 'لب' else w for w in words)} "
        return any(f" {key} " in text or f" {key} " in stripped for key in place_keys(city))

    def resolve_mentions(self, article: Article, found: Found) -> list[PlaceMention]:
        """Choose the place of each found mention; one place per name and kind of mention in an article."""
        mentions = found.mentions
        context = _ArticleContext.build(mentions, found.country, found.ties)
        anchors = _Anchors([
            m.candidates[0] for m in mentions if len(_distinct(m.candidates)) == 1 and m.candidates[0].lat is not None
        ])
        scored = [self._score(mention, context, anchors) for mention in mentions]
        totals: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for mention, options in zip(mentions, scored, strict=True):
            for score, place in options:
                totals[_sense(mention)][place.id] += score
        resolved = []
        for mention, options in zip(mentions, scored, strict=True):
            if not options:
                resolved.append(self._output(article, mention, None, 0.0))
                continue
            total = totals[_sense(mention)]
            ranked = sorted(options, key=lambda item: (-total[item[1].id], item[1].id))
            best = ranked[0]
            margin = total[best[1].id] - total[ranked[1][1].id] if len(ranked) > 1 else 3.0
            resolved.append(self._output(article, mention, best[1], round(min(0.99, 0.5 + margin / 6.0), 3)))
        return resolved

    def _score(self, mention: Mention, context: _ArticleContext, anchors: _Anchors) -> list[tuple[float, Place]]:
        """The candidates a mention may name, each with how well the article's context fits it."""
        candidates = mention.candidates
        if len(candidates) == 1:
            return [(candidates[0].importance / 100.0, candidates[0])]  # nothing to choose
        if mention.governorate or mention.region:
            governorates = [p for p in candidates if p.feature_type == "admin1"]
            districts = [p for p in candidates if p.feature_type == "admin2"]
            cities = [p for p in candidates if p.feature_type in SETTLEMENT_TYPES]
            regions = [p for p in candidates if p.feature_type == "region"]
            candidates = regions or governorates or districts or cities or candidates
        elif mention.cue in self.words.neighbourhood_cues:
            local = [p for p in candidates if p.feature_type == "neighbourhood"]
            candidates = local or candidates
        else:
            countries = [p for p in candidates if p.feature_type == "country" and not self._capital_first(mention, p)]
            if countries and mention.cue not in self.words.settlement_cues:
                return [(10.0, countries[0])]  # "السعودية" is the country, not a village of that name
            points = [p for p in candidates if p.feature_type not in ("admin1", "admin2", "admin3")]
            if points and not any(p.country == context.country for p in points) and not any(
                    p.country in context.ties.get(mention.sentence, ()) for p in points):
                home = [p for p in candidates if p.country == context.country]
                points = home or points  # "الصور" in a Syrian list is the sub-district, not Tyre untied
            candidates = points or candidates
            if mention.cue in self.words.settlement_cues and mention.cue not in self.words.neighbourhood_cues \
                    and mention.cue not in self.words.weak_cues:  # "بلدة X": a town, not a city's neighbourhood
                candidates = [p for p in candidates if p.feature_type != "neighbourhood"] or candidates
        scored = []
        for place in candidates:
            score = place.importance / 100.0
            score += 2.5 * context.sentence_admin1[mention.sentence].get(place.admin1, 0)
            score += 1.0 * min(context.admin1.get(place.admin1, 0), 3)
            score += 1.5 if place.country == context.country else 0.0
            if place.feature_type == "neighbourhood" and place.parent_city in context.cities:
                score += 3.0
            if place.lat is not None:
                score += anchors.closeness(place, cap=3.0)
                if self.corroborated(mention, place):
                    score += CORROBORATION_BONUS
            if normalize_key(place.name_ar) == mention.key:
                score += 0.3  # the mention is the place's own name, not a variant
            if mention.cue in self.words.settlement_cues and place.feature_type in SETTLEMENT_TYPES:
                score += 0.5
            scored.append((score, place))
        famous = [item for item in scored if self._famous(item[1])]
        if famous and mention.cue not in self.words.settlement_cues and not mention.region:
            tied = context.ties.get(mention.sentence, set())
            scored = [(score + (TIED_CAPITAL_BONUS if place.country in tied else FAMOUS_BONUS), place)
                      if self._famous(place) else (score, place)
                      for score, place in scored]  # "أنقرة" is Ankara, "الدوحة" Doha, not a village named like it
        scored.sort(key=lambda item: (-item[0], item[1].id))
        return scored

    def corroborated(self, mention: Mention, place: Place) -> bool:
        """Another source records a place of the mention's name and kind within ``AGREE_KM`` of this one: where
        the sources disagree on a town's point ("دارة عزة" 22 km apart), the point two of them share wins."""
        key = (mention.key, place.id)
        known = self._corroborated.get(key)
        if known is None:
            ids = self.finder.matcher.entries.get(tuple(mention.key.split()), ())
            known = self._corroborated[key] = any(
                other is not None and other.id != place.id and other.source != place.source
                and _kind(other) == _kind(place) and _within(place, other, AGREE_KM)
                for other in (self.gazetteer.get(i) for i in ids)
            )
        return known

    def _capital_first(self, mention: Mention, country: Place) -> bool:
        """A country's name that is also a capital, and not a name of that country in the countries table:
        bare «عمان» is Amman (Oman is «سلطنة عمان»), while «الكويت» and «تونس» name their countries."""
        own = (country.country, "name") in self.countries.matcher.entries.get(tuple(mention.key.split()), ())
        return not own and any(p.id in self.capitals for p in mention.candidates)

    def _famous(self, place: Place) -> bool:
        """A great city or a country's capital (not the country itself)."""
        return place.feature_type != "country" and (place.importance >= FAMOUS or place.id in self.capitals)

    def _output(self, article: Article, mention: Mention, place: Place | None, confidence: float) -> PlaceMention:
        text = article.text[mention.start : mention.end]
        if place is None:
            return PlaceMention(mention.start, mention.end, "place", text=text, confidence=confidence)
        precision = 1
        region = False
        if mention.region:  # "ريف X الجنوبي" is a part of a governorate; "ريف X" all of its countryside
            precision, region = (2 if mention.direction else 3), True
        elif mention.governorate or place.feature_type in ("admin1", "country"):
            precision, region = 3, True
        elif place.feature_type in ("admin2", "admin3", "region", "mountain") or mention.relative or mention.near:
            precision, region = 2, place.feature_type not in POINT_TYPES
        elif place.feature_type == "road":
            precision = 2
        latitude, longitude = place.lat, place.lon
        if place.feature_type in ("admin1", "admin2", "admin3") and (precision == 3 or not mention.region):
            capital = self._capital(place)
            if capital is not None:  # a unit's event sits at its seat ("منطقة القصير" → al-Qusayr town)
                latitude, longitude = capital.lat, capital.lon
        return PlaceMention(
            mention.start, mention.end, "place", text=text, place_id=place.id,
            name=_english_name(place, mention), name_ar=place.name_ar,
            latitude=latitude, longitude=longitude, country=place.country or None, admin1=place.admin1 or None,
            admin2=place.admin2 or None, admin3=place.admin3 or None, pcode=place.pcode or None,
            feature_type="region" if mention.region else place.feature_type, geo_precision=precision,
            confidence=confidence, region=region,
        )

    def _capital(self, unit: Place) -> Place | None:
        """The city of the same name inside an admin unit (حمص the city for محافظة حمص)."""
        words = normalize_key(unit.name_ar).split()
        while len(words) > 1 and words[0] in _UNIT_PREFIXES:
            words = words[1:]
        cities = [p for p in self.gazetteer.lookup(" ".join(words)) if p.feature_type in ("city", "town")
                  and p.admin1 == unit.admin1 and p.lat is not None]
        return max(cities, key=lambda p: p.importance) if cities else None


def _english_name(place: Place, mention: Mention) -> str:
    """The place's English name; a countryside is "Idlib countryside", "southern Idlib countryside"."""
    if not mention.region or place.feature_type == "region":  # a named region ("Northern Homs countryside")
        return place.name_en
    name = place.name_en.removesuffix(" Governorate")
    return f"{mention.direction} {name} countryside" if mention.direction else f"{name} countryside"


def capital_cities(gazetteer: Gazetteer, countries: Countries) -> frozenset[str]:
    """The ids of the countries' capitals: the most important city of the capital's name in its country."""
    ids = set()
    for country in countries.by_name.values():
        cities = [p for p in gazetteer.lookup(country.capital) if p.country == country.name
                  and p.feature_type == "city"] if country.capital else []
        if cities:
            ids.add(max(cities, key=lambda p: (p.importance, p.id)).id)
    return frozenset(ids)


def shared_capitals(gazetteer: Gazetteer) -> set[str]:
    """Capitals named like a city of another country (طرابلس of Libya and of Lebanon): no country votes."""
    shared = set()
    for country in Countries.load().by_name.values():
        if country.capital and any(
            p.country != country.name and p.feature_type == "city" and p.importance >= WELL_KNOWN
            for p in gazetteer.lookup(country.capital)
        ):
            shared.add(normalize_key(country.capital))
    return shared


def _sense(mention: Mention) -> tuple[str, str]:
    """Mentions of one name and kind ("ريف X", "محافظة X", a neighbourhood, a point) share their place."""
    kind = "region" if mention.region else "governorate" if mention.governorate else mention.cue or ""
    return mention.key, kind


@dataclass(slots=True)
class _ArticleContext:
    country: str
    admin1: Counter[str]
    sentence_admin1: dict[int, Counter[str]]
    cities: set[str]
    ties: dict[int, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, mentions: Iterable[Mention], country: str,
              ties: dict[int, set[str]] | None = None) -> _ArticleContext:
        admin1: Counter[str] = Counter()
        per_sentence: dict[int, Counter[str]] = {}
        cities: set[str] = set()
        for mention in mentions:
            kinds = {p.admin1 for p in mention.candidates if p.admin1}
            if len(kinds) == 1:
                (name,) = kinds
                admin1[name] += 1
                per_sentence.setdefault(mention.sentence, Counter())[name] += 1
            for place in mention.candidates:
                if place.feature_type in ("city", "town") and len(mention.candidates) <= 3:
                    cities.add(place.id)
        return cls(country, admin1, _DefaultCounters(per_sentence), cities, dict(ties or {}))


class _DefaultCounters(dict[int, Counter[str]]):
    def __missing__(self, key: int) -> Counter[str]:
        return Counter()


class _Anchors:
    """The article's unambiguous places in a grid of one-degree cells: a candidate is compared with the anchors
    of the cells around it only (those within ``NEAR_KM``), each place once with the number of its mentions,
    so a long article costs no quadratic scan."""

    def __init__(self, places: list[Place]) -> None:
        counts = Counter(place.id for place in places)
        first = {place.id: place for place in reversed(places)}
        self.cells: dict[tuple[int, int], list[tuple[Place, int]]] = defaultdict(list)
        for place_id, count in counts.items():
            place = first[place_id]
            self.cells[_cell(place.lat or 0.0, place.lon or 0.0)].append((place, count))

    def closeness(self, place: Place, *, cap: float = 3.0) -> float:
        """Σ max(0, 1 − distance / NEAR_KM) over the anchors' mentions other than the place's own, up to ``cap``."""
        lat, lon = place.lat or 0.0, place.lon or 0.0
        total = 0.0
        for cell in _cells_around(lat, lon, NEAR_KM):
            for anchor, count in self.cells.get(cell, ()):
                if anchor.id != place.id:
                    distance = haversine_km(lat, lon, anchor.lat or 0.0, anchor.lon or 0.0)
                    total += count * max(0.0, 1.0 - distance / NEAR_KM)
                    if total >= cap:
                        return cap
        return total


class _Grid:
    """Located place mentions in one-degree cells, to ask whether another lies within some distance."""

    def __init__(self, places: Sequence[PlaceMention]) -> None:
        self.cells: dict[tuple[int, int], list[PlaceMention]] = defaultdict(list)
        for place in places:
            self.cells[_cell(place.latitude or 0.0, place.longitude or 0.0)].append(place)

    def has_other_within(self, place: PlaceMention, km: float) -> bool:
        lat, lon = place.latitude or 0.0, place.longitude or 0.0
        return any(
            other.place_id != place.place_id
            and haversine_km(lat, lon, other.latitude or 0.0, other.longitude or 0.0) <= km
            for cell in _cells_around(lat, lon, km)
            for other in self.cells.get(cell, ())
        )


def _cells_around(lat: float, lon: float, km: float) -> Iterator[tuple[int, int]]:
    """The one-degree cells that may hold a point within ``km`` of (lat, lon), row by row."""
    row, column = _cell(lat, lon)
    rows = math.ceil(km / (EARTH_RADIUS_KM * math.pi / 180))
    # degrees of longitude spanned by km at this latitude (and the next degree towards the pole)
    cosine = max(math.cos(math.radians(min(abs(lat) + 1.0, 89.0))), 0.01)
    reach = math.ceil(km / (EARTH_RADIUS_KM * math.pi / 180 * cosine))
    for r in range(row - rows, row + rows + 1):
        for c in range(column - reach, column + reach + 1):
            yield r, c


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat), math.floor(lon)


def _alone_on_a_side(text: str, mention: Mention) -> bool:
    """The mention is all of its line or all of one side of the line's dash (spaces and quotes aside)."""
    for side in _DASH_RE.split(text):
        stripped = side.strip(" \t\"'«»“”")
        if not stripped:
            continue
        start = text.find(stripped)
        if start == mention.start and start + len(stripped) == mention.end:
            return True
    return False


_DASH_RE = re.compile(r"\s[-–ـ—]\s")


def _within(place: Place, other: Place, km: float) -> bool:
    """Both places have a point, and they lie within ``km`` of each other."""
    if place.lat is None or place.lon is None or other.lat is None or other.lon is None:
        return False
    return haversine_km(place.lat, place.lon, other.lat, other.lon) <= km


def _kind(place: Place) -> str:
    """What a place is, for comparing sources: a settlement (a town, or the sub-district or district it is the
    seat of) or a feature of its own type (a camp, an airport)."""
    return "settlement" if place.feature_type in _SETTLEMENT_KINDS else place.feature_type


_SETTLEMENT_KINDS = SETTLEMENT_TYPES | {"admin3", "admin2"}


def _distinct(places: Sequence[Place]) -> list[Place]:
    seen: dict[tuple[float | None, float | None], Place] = {}
    for place in places:
        seen.setdefault((place.lat, place.lon), place)
    return list(seen.values())
