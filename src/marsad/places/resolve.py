"""Toponym resolution: place mentions found clitic-aware, disambiguated from context.

Candidates come from the gazetteer through :class:`~marsad.text.lexmatch.PhraseMatcher`.
A mention is kept when something says it is a place (a cue such as مدينة/بلدة/حي/ريف before
it, an importance of its own, a name rare as a common word, or the NER model); the candidate
is chosen by the governorates named around it, nearness to the article's other places, and
importance as a last resort. "ريف X الجنوبي" is a region (precision 2), "محافظة X" a
governorate (precision 3); a name that cannot be resolved stays unresolved.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..geo import haversine_km
from ..model import Article, PlaceMention, Token
from ..text.lexmatch import PhraseMatch, PhraseMatcher
from ..text.normalize import normalize_key
from ..text.tokenize import Lexicon, token_forms
from .gazetteer import Gazetteer, Place

POINT_TYPES = frozenset({
    "city", "town", "village", "neighbourhood", "camp", "airport", "airbase", "military_base", "oil_field",
    "gas_field", "border_crossing", "dam", "prison", "landmark",
})
SETTLEMENT_TYPES = frozenset({"city", "town", "village"})

# Words that say "a place follows" (normalised keys; the word may carry proclitics).
SETTLEMENT_CUES = frozenset(normalize_key(w) for w in (
    "مدينة", "مدينتي", "بلدة", "بلدتي", "بلدات", "قرية", "قريتي", "قرى", "مدن", "مزرعة", "مزارع", "ناحية", "منطقة",
    "مناطق", "مخيم", "حي", "حيي", "أحياء", "محيط", "أطراف", "قرب", "مركز", "بلدتا", "قريتا",
))
PLURAL_CUES = frozenset(normalize_key(w) for w in (
    "بلدات", "قرى", "مدن", "أحياء", "بلدتي", "قريتي", "مدينتي", "بلدتا", "قريتا", "مناطق", "مزارع",
))
STRONG_CUES = frozenset(normalize_key(w) for w in ("مدينة", "بلدة", "قرية", "مزرعة", "ناحية", "مخيم", "حي"))
# Cues that also precede ordinary words ("مناطق واسعة", "محيط المطار"): they do not vouch for a common word.
WEAK_CUES = frozenset(normalize_key(w) for w in ("منطقة", "مناطق", "محيط", "أطراف", "قرب", "مركز"))
# Heads of organisation names ("مكتب القلمون الإعلامي", "شبكة آسو"): a place inside is not a place mention.
ORGANISATION_HEADS = frozenset(normalize_key(w) for w in (
    "مكتب", "تنسيقية", "شبكة", "وكالة", "قناة", "إذاعة", "صحيفة", "جريدة", "موقع", "مجلس", "لجنة", "جامعة", "تجمع",
    "اتحاد", "هيئة", "رابطة", "مرصد",
))
ORGANISATION_TAILS = frozenset(normalize_key(w) for w in ("الإعلامي", "الإعلامية", "الإخباري", "الإخبارية"))
FACILITY_CUES = frozenset(normalize_key(w) for w in ("مطار", "معبر", "حقل", "سد", "سجن", "قاعدة", "طريق", "أوتوستراد"))
REGION_CUE = normalize_key("ريف")
GOVERNORATE_CUE = normalize_key("محافظة")
NEIGHBOURHOOD_CUES = frozenset(normalize_key(w) for w in ("حي", "حيي", "أحياء", "شارع"))
DIRECTIONS = {
    normalize_key(w): w for w in (
        "الشمالي", "الجنوبي", "الشرقي", "الغربي", "الأوسط", "الشمالي الغربي", "الشمالي الشرقي", "الجنوبي الشرقي",
        "الجنوبي الغربي",
    )
}
RELATIVE_CUES = frozenset(normalize_key(w) for w in (
    "شرق", "شرقي", "غرب", "غربي", "شمال", "شمالي", "جنوب", "جنوبي", "شمال شرق", "شمال غرب", "جنوب شرق", "جنوب غرب",
))
_COMMON_TOWN_FREQUENCY = 20  # a town or sub-district name this frequent needs support too
# Facilities named only by their kind ("المطار العسكري"): the one of that kind nearest the city last named.
GENERIC_FACILITIES: dict[str, frozenset[str]] = {
    "المطار العسكري": frozenset({"airbase"}), "المطار": frozenset({"airbase", "airport"}),
    "القاعدة العسكرية": frozenset({"military_base", "airbase"}), "القاعده": frozenset({"military_base", "airbase"}),
    "المعبر": frozenset({"border_crossing"}), "السجن": frozenset({"prison"}), "السجن المركزي": frozenset({"prison"}),
    "السد": frozenset({"dam"}), "الحقل": frozenset({"oil_field", "gas_field"}),
    "حقل النفط": frozenset({"oil_field"}), "المخيم": frozenset({"camp"}),
}
_GENERIC_KM = 30.0
_WELL_KNOWN = 50.0  # importance of towns and admin units, trusted over a model's PER/ORG guess
_UNIT_PREFIXES = frozenset(normalize_key(w) for w in ("منطقة", "ناحية", "مركز", "محافظة", "قضاء"))
_NEAR_KM = 30.0  # co-mentioned places closer than this pull a candidate towards them
_NISBA_RE = re.compile(r"^ال\S+(?:يه|ي)$")  # السورية، العراقي: adjectives, not country names


def load_cue_required(path: Path | None = None) -> frozenset[str]:
    """Names that count as places only after a cue (packaged list, one name per line)."""
    if path is None:
        data = (resources.files("marsad") / "data" / "lexicon" / "place_cue_required.txt").read_text(encoding="utf-8")
    else:
        data = path.read_text(encoding="utf-8")
    return frozenset(
        normalize_key(line) for line in data.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


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
    direction: str = ""
    sentence: int = 0


class PlaceResolver:
    """Finds and resolves place mentions in an article."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, *, default_country: str = "Syria") -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.default_country = default_country
        self.cue_required = load_cue_required()
        self.generic: PhraseMatcher[str] = PhraseMatcher()
        for phrase in GENERIC_FACILITIES:
            self.generic.add(phrase, phrase)
        self.facilities: dict[str, list[Place]] = {}
        for place in gazetteer:
            if place.lat is not None and any(place.feature_type in kinds for kinds in GENERIC_FACILITIES.values()):
                self.facilities.setdefault(place.feature_type, []).append(place)
        self.matcher: PhraseMatcher[str] = PhraseMatcher()
        for key, place_id in gazetteer.names():
            if "\u0600" <= key[:1] <= "\u06ff":
                self.matcher.add_key(key, place_id)

    # ------------------------------------------------------------------ finding
    def find_mentions(
        self,
        article: Article,
        *,
        exclude: Sequence[tuple[int, int]] = (),
        doubtful: Sequence[tuple[int, int]] = (),
        support: Sequence[tuple[int, int]] = (),
    ) -> list[Mention]:
        """Gazetteer hits judged to be places.

        ``exclude`` spans (known actors) hide the names inside them; ``doubtful`` spans (persons and
        organisations the model proposes) hide a name that is part of a longer name ("عبد الامير")
        or a minor village, not a town the gazetteer knows well; ``support`` spans (LOC entities of
        the model) vouch for names that are also common words.
        """
        text = article.text
        tokens: list[Token] = article.layers.get("tokens", [])
        sentence_of = _sentence_index(article)
        found: list[tuple[Mention, bool | None]] = []
        covered_until = -1
        for match in self.matcher.find(text, tokens):
            if match.start < covered_until or any(s <= match.start and match.end <= e for s, e in exclude):
                continue
            candidates = [p for p in (self.gazetteer.get(i) for i in match.values) if p is not None]
            if not candidates:
                continue
            if any(s <= match.start and match.end <= e for s, e in doubtful):
                inside = [(s, e) for s, e in doubtful if s <= match.start and match.end <= e]
                longer = any(e - s > match.end - match.start for s, e in inside)
                if longer or max(p.importance for p in candidates) < _WELL_KNOWN:
                    continue
            mention = Mention(match.start, match.end, match.first_token, match.last_token, match.key, candidates)
            mention.sentence = sentence_of(match.start)
            self._read_context(text, tokens, match, mention)
            supported = any(s <= mention.start and mention.end <= e for s, e in support)
            in_name = _in_organisation_name(text, tokens, match)
            verdict = False if in_name else self._is_place(mention, supported=supported)
            if verdict is False:
                continue
            covered_until = mention.end
            found.append((mention, verdict))
        return _accept_coordinated(text, found, self.cue_required)

    def _read_context(self, text: str, tokens: Sequence[Token], match: PhraseMatch[str], mention: Mention) -> None:
        first = tokens[match.first_token]
        own_prefix = first.parts and first.parts[0][2] in ("conj", "prep") and match.start > first.start
        previous = _previous_word(tokens, match.first_token)
        if previous is not None and not own_prefix:
            forms = _cue_forms(text, tokens[previous])
            cue = next((f for f in forms if f in SETTLEMENT_CUES or f in FACILITY_CUES), "")
            if not cue and any(f == REGION_CUE for f in forms):
                mention.region, cue = True, REGION_CUE
            if not cue and any(f == GOVERNORATE_CUE for f in forms):
                mention.governorate, cue = True, GOVERNORATE_CUE
            if not cue and any(f in RELATIVE_CUES for f in forms):
                mention.relative, cue = True, "relative"
            mention.cue = cue
        elif own_prefix and previous is not None and first.parts[0][2] == "conj":
            forms = _cue_forms(text, tokens[previous])  # "وبلدة X": the cue still governs after و
            if any(f in SETTLEMENT_CUES or f in FACILITY_CUES for f in forms):
                mention.cue = forms[-1]
        if mention.key.startswith(REGION_CUE + " "):  # the gazetteer knows "ريف درعا" itself
            mention.region = True
        if mention.region:
            mention.direction, mention.end = _direction_after(text, tokens, match.last_token, mention.end)

    def _is_place(self, mention: Mention, *, supported: bool) -> bool | None:
        """True: a place; False: not one; None: a place only if listed with places (و، ،)."""
        key = mention.key
        if key in SETTLEMENT_CUES or key in FACILITY_CUES or key in (REGION_CUE, GOVERNORATE_CUE):
            return False
        if _NISBA_RE.match(key) and all(p.feature_type == "country" for p in mention.candidates):
            return False
        common = key in self.cue_required or (
            len(key.split()) == 1 and self.lexicon.counts.get(key, 0) >= _COMMON_TOWN_FREQUENCY
        )
        weak = mention.cue in WEAK_CUES or mention.relative
        if (mention.region or mention.governorate) and key in self.cue_required:
            return False  # "ريف المحافظة", "ريف المدينة": a countryside, but of no named place
        if mention.region or mention.governorate or (mention.cue and not (weak and common)):
            return True
        if key in self.cue_required:
            return None  # an everyday word: even the model's LOC ("المدينة") is not enough
        if supported:
            return True
        words = key.split()
        frequency = max(self.lexicon.counts.get(w, 0) for w in words) if len(words) == 1 else 0
        best = max(mention.candidates, key=lambda p: p.importance)
        if best.feature_type in ("admin1", "country", "city") or best.importance >= 90:
            return True
        if best.importance >= 50:
            return True if frequency < _COMMON_TOWN_FREQUENCY else None
        if len(words) > 1:
            return all(self.lexicon.counts.get(w, 0) < 5000 for w in words) or None
        # a bare one-word village name is mostly an ordinary word ("العباد"): it needs a cue, a list or the model
        return None

    # ---------------------------------------------------------------- resolving
    def resolve(
        self,
        article: Article,
        *,
        exclude: Sequence[tuple[int, int]] = (),
        doubtful: Sequence[tuple[int, int]] = (),
        support: Sequence[tuple[int, int]] = (),
    ) -> list[PlaceMention]:
        """Resolve every place mention of ``article``."""
        found = self.find_mentions(article, exclude=exclude, doubtful=doubtful, support=support)
        resolved = self.resolve_mentions(article, found)
        resolved.extend(self._generic_facilities(article, resolved))
        resolved.extend(self._unknown_after_cue(article, resolved, exclude))
        resolved.sort(key=lambda p: p.start)
        return resolved

    def resolve_mentions(self, article: Article, mentions: list[Mention]) -> list[PlaceMention]:
        """Choose the place of each found mention from the article's context."""
        context = _ArticleContext.build(mentions, self.default_country)
        anchors = [
            m.candidates[0] for m in mentions if len(_distinct(m.candidates)) == 1 and m.candidates[0].lat is not None
        ]
        resolved = []
        for mention in mentions:
            place, confidence = self._choose(mention, context, anchors)
            resolved.append(self._output(article, mention, place, confidence))
        return resolved

    def _unknown_after_cue(
        self, article: Article, resolved: list[PlaceMention], exclude: Sequence[tuple[int, int]]
    ) -> list[PlaceMention]:
        """"في بلدة X" where the gazetteer lacks X: an unresolved mention (no place, no coordinates)."""
        text = article.text
        tokens: list[Token] = article.layers.get("tokens", [])
        taken = [(p.start, p.end) for p in resolved] + list(exclude)
        unknown = []
        for position, token in enumerate(tokens[:-1]):
            norm = token.norm
            if token.label != "word" or not (norm in STRONG_CUES or norm[1:] in STRONG_CUES or norm[2:] in STRONG_CUES):
                continue
            following = _next_word(tokens, position)
            if following is None:
                continue
            name = tokens[following]
            if any(s < name.end and name.start < e for s, e in taken):
                continue
            if self.lexicon.counts.get(name.norm, 0) >= _COMMON_TOWN_FREQUENCY or name.norm in SETTLEMENT_CUES:
                continue
            unknown.append(PlaceMention(name.start, name.end, "place", text=text[name.start : name.end]))
        return unknown

    def _generic_facilities(self, article: Article, resolved: list[PlaceMention]) -> list[PlaceMention]:
        """"في محيط المطار العسكري جنوب شرق المدينة": the airbase nearest the city last named."""
        found = []
        taken = [(p.start, p.end) for p in resolved]
        towns = [p for p in resolved if p.feature_type in SETTLEMENT_TYPES and p.latitude is not None]
        for match in self.generic.find(article.text, article.layers.get("tokens", [])):
            if any(s < match.end and match.start < e for s, e in taken):
                continue
            before = [p for p in towns if p.start < match.start]
            if not before:
                continue
            town = before[-1]
            kinds = GENERIC_FACILITIES[match.values[0]]
            options = [f for kind in kinds for f in self.facilities.get(kind, [])]
            near = [(haversine_km(town.latitude or 0.0, town.longitude or 0.0, f.lat or 0.0, f.lon or 0.0), f)
                    for f in options]
            near = [(d, f) for d, f in near if d <= _GENERIC_KM]
            if not near:
                continue
            _distance, facility = min(near, key=lambda item: item[0])
            mention = Mention(match.start, match.end, match.first_token, match.last_token, match.key, [facility])
            found.append(self._output(article, mention, facility, 0.6))
        return found

    def _choose(self, mention: Mention, context: _ArticleContext, anchors: list[Place]) -> tuple[Place | None, float]:
        candidates = mention.candidates
        if mention.governorate or mention.region:
            governorates = [p for p in candidates if p.feature_type == "admin1"]
            districts = [p for p in candidates if p.feature_type == "admin2"]
            cities = [p for p in candidates if p.feature_type in SETTLEMENT_TYPES]
            regions = [p for p in candidates if p.feature_type == "region"]
            candidates = regions or governorates or districts or cities or candidates
        elif mention.cue in NEIGHBOURHOOD_CUES:
            local = [p for p in candidates if p.feature_type == "neighbourhood"]
            candidates = local or candidates
        else:
            points = [p for p in candidates if p.feature_type not in ("admin1", "admin2", "admin3")]
            candidates = points or candidates
        scored = []
        for place in candidates:
            score = place.importance / 100.0
            score += 2.5 * context.sentence_admin1[mention.sentence].get(place.admin1, 0)
            score += 1.0 * min(context.admin1.get(place.admin1, 0), 3)
            score += 1.5 if place.country == context.country else 0.0
            if place.feature_type == "neighbourhood" and place.parent_city in context.cities:
                score += 3.0
            if place.lat is not None:
                closeness = sum(
                    max(0.0, 1.0 - haversine_km(place.lat, place.lon or 0.0, a.lat, a.lon or 0.0) / _NEAR_KM)
                    for a in anchors if a.id != place.id and a.lat is not None
                )
                score += min(closeness, 3.0)
            if normalize_key(place.name_ar) == mention.key:
                score += 0.3  # the mention is the place's own name, not a variant
            if mention.cue in SETTLEMENT_CUES and place.feature_type in SETTLEMENT_TYPES:
                score += 0.5
            scored.append((score, place))
        scored.sort(key=lambda item: (-item[0], item[1].id))
        if not scored:
            return None, 0.0
        best_score, best = scored[0]
        margin = best_score - scored[1][0] if len(scored) > 1 else 3.0
        return best, round(min(0.99, 0.5 + margin / 6.0), 3)

    def _output(self, article: Article, mention: Mention, place: Place | None, confidence: float) -> PlaceMention:
        text = article.text[mention.start : mention.end]
        result = PlaceMention(mention.start, mention.end, "place", text=text, confidence=confidence)
        if place is None:
            return result
        precision = 1
        region = False
        if mention.region:  # "ريف X الجنوبي" is a part of a governorate; "ريف X" all of its countryside
            precision, region = (2 if mention.direction else 3), True
        elif mention.governorate or place.feature_type in ("admin1", "country"):
            precision, region = 3, True
        elif place.feature_type in ("admin2", "admin3", "region", "mountain") or mention.relative:
            precision, region = 2, place.feature_type not in POINT_TYPES
        elif place.feature_type == "road":
            precision = 2
        if place.feature_type in ("admin1", "admin2", "admin3") and (precision == 3 or not mention.region):
            capital = self._capital(place)
            if capital is not None:  # a unit's event sits at its seat ("منطقة القصير" → al-Qusayr town)
                result.latitude, result.longitude = capital.lat, capital.lon
        result.place_id = place.id
        result.name = place.name_en + (f" {mention.direction}" if mention.direction else "")
        result.name_ar = place.name_ar
        if result.latitude is None:
            result.latitude, result.longitude = place.lat, place.lon
        result.country = place.country or None
        result.admin1, result.admin2, result.admin3 = place.admin1 or None, place.admin2 or None, place.admin3 or None
        result.pcode = place.pcode or None
        result.feature_type = "region" if mention.region else place.feature_type
        result.geo_precision = precision
        result.region = region
        return result


    def _capital(self, unit: Place) -> Place | None:
        """The city of the same name inside an admin unit (حمص the city for محافظة حمص)."""
        words = normalize_key(unit.name_ar).split()
        while len(words) > 1 and words[0] in _UNIT_PREFIXES:
            words = words[1:]
        cities = [p for p in self.gazetteer.lookup(" ".join(words)) if p.feature_type in ("city", "town")
                  and p.admin1 == unit.admin1 and p.lat is not None]
        return max(cities, key=lambda p: p.importance) if cities else None


@dataclass(slots=True)
class _ArticleContext:
    country: str
    admin1: Counter[str]
    sentence_admin1: dict[int, Counter[str]]
    cities: set[str]

    @classmethod
    def build(cls, mentions: Iterable[Mention], default_country: str) -> _ArticleContext:
        admin1: Counter[str] = Counter()
        per_sentence: dict[int, Counter[str]] = {}
        countries: Counter[str] = Counter()
        cities: set[str] = set()
        for mention in mentions:
            kinds = {p.admin1 for p in mention.candidates if p.admin1}
            unambiguous = len(kinds) == 1
            for place in mention.candidates:
                if place.country:
                    countries[place.country] += 1 if len(mention.candidates) == 1 else 0
            if unambiguous:
                (name,) = kinds
                admin1[name] += 1
                per_sentence.setdefault(mention.sentence, Counter())[name] += 1
            for place in mention.candidates:
                if place.feature_type in ("city", "town") and len(mention.candidates) <= 3:
                    cities.add(place.id)
        country = countries.most_common(1)[0][0] if countries else default_country
        sentence_admin1: dict[int, Counter[str]] = _DefaultCounters(per_sentence)
        return cls(country, admin1, sentence_admin1, cities)


class _DefaultCounters(dict[int, Counter[str]]):
    def __missing__(self, key: int) -> Counter[str]:
        return Counter()


_LIST_GAP_RE = re.compile(r"^\s*(?:[,،]\s*(?:و\s*)?|و\s*)$")


def _accept_coordinated(
    text: str, found: list[tuple[Mention, bool | None]], cue_required: frozenset[str] = frozenset()
) -> list[Mention]:
    """Keep doubtful names listed with sure places ("في الكركات والمستريحة والشيخ إدريس").

    A list is a run of names joined by و or commas. A name that is also an everyday word (المزرعة)
    is kept only in a list opened by a plural cue ("بلدات الطيرة … والمزرعة"), not merely next to a
    place ("وسط المدينة وحي الحميدية"). A list is trusted when it holds a sure town or village.
    """
    groups: list[list[int]] = []
    for position, (mention, _verdict) in enumerate(found):
        if groups and _LIST_GAP_RE.match(text[found[groups[-1][-1]][0].end : mention.start]):
            groups[-1].append(position)
        else:
            groups.append([position])
    kept: list[Mention] = []
    for group in groups:
        members = [found[i] for i in group]
        anchored = any(
            verdict is True and any(p.feature_type in POINT_TYPES for p in mention.candidates)
            for mention, verdict in members
        )
        plural = any(mention.cue in PLURAL_CUES for mention, _verdict in members)
        for mention, verdict in members:
            listed = anchored and len(members) > 1 and (plural or mention.key not in cue_required)
            if verdict is True or (verdict is None and listed):
                kept.append(mention)
    return kept


def _cue_forms(text: str, token: Token) -> tuple[str, ...]:
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


def _in_organisation_name(text: str, tokens: Sequence[Token], match: PhraseMatch[str]) -> bool:
    """"مكتب القلمون الإعلامي", "مركز إدلب الإعلامي": the name belongs to an organisation."""
    previous = _previous_word(tokens, match.first_token)
    if previous is not None and any(f in ORGANISATION_HEADS for f in token_forms(text, tokens[previous])):
        return True
    following = next((t for t in tokens[match.last_token + 1 : match.last_token + 3] if t.label == "word"), None)
    return following is not None and following.norm in ORGANISATION_TAILS


def _distinct(places: Sequence[Place]) -> list[Place]:
    seen: dict[tuple[float | None, float | None], Place] = {}
    for place in places:
        seen.setdefault((place.lat, place.lon), place)
    return list(seen.values())


def _next_word(tokens: Sequence[Token], index: int) -> int | None:
    """The word right after ``index`` (quotes may stand between), or None."""
    for position in range(index + 1, min(index + 3, len(tokens))):
        token = tokens[position]
        if token.label == "word":
            return position
        if token.norm not in ("", '"'):
            return None
    return None


def _previous_word(tokens: Sequence[Token], index: int) -> int | None:
    for position in range(index - 1, max(index - 3, -1), -1):
        token = tokens[position]
        if token.label == "word":
            return position
        if token.label == "punct" and token.norm not in ("", '"'):
            return None
    return None


def _direction_after(text: str, tokens: Sequence[Token], last: int, end: int) -> tuple[str, int]:
    """Read "الجنوبي" / "الشمالي الشرقي" after a ريف mention; return it and the new end."""
    words = [t for t in tokens[last + 1 : last + 3] if t.label == "word"]
    for count in (2, 1):
        if len(words) >= count:
            key = " ".join(t.norm for t in words[:count])
            if key in DIRECTIONS:
                return DIRECTIONS[key], words[count - 1].end
    return "", end


def _sentence_index(article: Article) -> _SentenceLookup:
    return _SentenceLookup([s.start for s in article.layers.get("sentences", [])])


@dataclass(slots=True)
class _SentenceLookup:
    """Index of the sentence holding a character offset."""

    starts: list[int]

    def __call__(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)
