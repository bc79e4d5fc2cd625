"""Where an event may have happened: the places a learned ranker chooses from, and lists of villages.

The options of a clause are its own resolved places, the places of the clause before it (a clause
that goes on "حيث اشتبكت …" happens where the last one did) and the article's main place (the home
of events told with no place of their own). Places named as a list ("قصف على كفرنبل وحاس وكنصفرة")
are one event each (EVENTS.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Article, PlaceMention
from ..text.coordination import coordinated
from ..text.normalize import normalize_key
from .clauses import ClauseView
from .lexicon import EventLexicon

SETTLEMENTS = frozenset({"city", "town", "village", "neighbourhood"})
ROAD_WORDS = 3  # a word of a road this many words before the first town at most
VENUE_WORDS = 4  # a venue noun this many words before a place at most ("مؤتمر صحافي عقده في X")
# A dateline opens some wire stories: "دمشق، سوريا (CNN) --", "بيروت (رويترز) -": where the story was filed.
_DATELINE_RE = re.compile(r"^\s*[^\n.]{2,40}?\((?:[^()\n]{2,30})\)\s*(?:--|—|–|-|:)")


@dataclass(frozen=True, slots=True)
class PlaceOption:
    """A place an event of a clause may be at, and where the coder found it."""

    place: PlaceMention
    source: str  # "clause", "previous" or "main"


def usable(place: PlaceMention) -> bool:
    """A resolved place with a point or at least a governorate."""
    return place.place_id is not None and (place.latitude is not None or bool(place.admin1))


def dateline_end(text: str) -> int:
    """Where a wire dateline ("بيروت (رويترز) -") ends, or 0."""
    match = _DATELINE_RE.match(text)
    return match.end() if match else 0


def main_place(article: Article) -> PlaceMention | None:
    """The article's most mentioned precise place (first on ties): home of events with no place of their own."""
    places = [p for p in article.layers.get("places", []) if usable(p) and p.latitude is not None]
    points = [p for p in places if p.geo_precision == 1 and p.feature_type in SETTLEMENTS]
    points = points or [p for p in places if p.geo_precision == 2 and p.feature_type in ("admin2", "admin3")]
    if not points:
        return None
    counts: dict[str | None, int] = {}
    for place in points:
        counts[place.place_id] = counts.get(place.place_id, 0) + 1
    return max(points, key=lambda p: (counts[p.place_id], -p.start))


def place_options(
    views: Sequence[ClauseView], view: ClauseView, main: PlaceMention | None, dateline: int, lexicon: EventLexicon
) -> list[PlaceOption]:
    """The places an event of ``view`` may be at (own, previous clause's, the article's main place); never the
    place where something was said ("في مؤتمر صحافي عقده في أنقرة")."""
    options = [PlaceOption(p, "clause") for p in view.places
               if usable(p) and p.start >= dateline and not at_a_venue(view, p, lexicon)]
    seen = {p.place.place_id for p in options}
    if view.index > 0:
        previous = views[view.index - 1]
        for place in previous.places:
            if usable(place) and place.start >= dateline and place.place_id not in seen \
                    and not at_a_venue(previous, place, lexicon):
                options.append(PlaceOption(place, "previous"))
                seen.add(place.place_id)
    if main is not None and main.place_id not in seen:
        options.append(PlaceOption(main, "main"))
    return options


def at_a_venue(view: ClauseView, place: PlaceMention, lexicon: EventLexicon) -> bool:
    """The place follows a venue ("مؤتمر صحافي عقده في", "خلال كلمة ألقاها في") with only venue words between."""
    nouns, fillers = lexicon.word_set("venue_nouns"), lexicon.word_set("venue_fillers")
    before = [token for token in view.words if token.end <= place.start][-VENUE_WORDS:]
    for token in reversed(before):
        forms = token.forms or (token.norm,)
        if any(form in nouns for form in forms):
            return True
        if not any(form in fillers for form in forms):
            return False
    return False


def on_a_road(view: ClauseView, first: PlaceMention, second: PlaceMention, lexicon: EventLexicon) -> bool:
    """``first`` and ``second`` are the two ends of a road: a word of a road shortly before the first ("الطريق
    الواصل بين X و Y", "أوتوستراد X - Y") and nothing but "و" or "إلى" between them."""
    roads, joins = lexicon.word_set("route_words"), lexicon.word_set("route_joins")
    words = view.words
    before = [token for token in words if token.end <= first.start][-ROAD_WORDS:]
    between = [token for token in words if first.end <= token.start and token.end <= second.start]
    return any(set(token.forms or (token.norm,)) & roads for token in before) and all(
        set(token.forms or (token.norm,)) & joins for token in between)


def list_groups(view: ClauseView, lexicon: EventLexicon) -> list[list[PlaceMention]]:
    """Runs of point places in a clause joined by و, commas or list words ("X ومحيط Y", "X، Y")."""
    points = sorted((p for p in view.places if usable(p) and is_point(p)), key=lambda p: p.start)
    descriptors = [p for p in view.places if p not in points]
    groups: list[list[PlaceMention]] = []
    for place in points:
        if groups and _is_list_gap(view, groups[-1][-1], place, descriptors, lexicon):
            groups[-1].append(place)
        else:
            groups.append([place])
    return groups


def listed_with(view: ClauseView, place: PlaceMention, lexicon: EventLexicon) -> list[PlaceMention]:
    """The list a place is named in (one event each), or the place alone."""
    for group in list_groups(view, lexicon):
        if any(member is place for member in group) and len(group) > 1:
            return _unique(group)
    return [place]


def listed_inside(view: ClauseView, area: PlaceMention, lexicon: EventLexicon) -> list[PlaceMention]:
    """The longest list of the clause whose places all lie in ``area`` (a governorate, a district, a
    countryside): "غارات على قرى تابعة لناحية X، من بينها A وB وC" strikes A, B and C, one event each. The
    area alone when no list of two or more lies in it."""
    groups = [[place for place in group if place.place_id != area.place_id] for group in list_groups(view, lexicon)]
    inside = [group for group in groups if len(group) > 1 and all(_within_area(place, area) for place in group)]
    return _unique(max(inside, key=len)) if inside else [area]


def names_area(place: PlaceMention, lexicon: EventLexicon) -> bool:
    """A region or an administrative unit, or a town named as its unit ("ناحية عقيربات")."""
    return not is_point(place) or normalize_key(place.text).split(" ")[0] in lexicon.word_set("unit_words")


def without_areas_of_others(places: list[PlaceMention], lexicon: EventLexicon) -> list[PlaceMention]:
    """The places less an area that others of them lie in: "ناحية X، منها A وB" happened in A and B."""
    return [place for place in places
            if not (names_area(place, lexicon) and any(other.place_id != place.place_id and _within_area(other, place)
                                                       for other in places))]


def _within_area(place: PlaceMention, area: PlaceMention) -> bool:
    """``place`` lies in the administrative area ``area`` names: same country and governorate, and the same
    district or sub-district when the area is one."""
    if place.country != area.country or (area.feature_type != "country" and place.admin1 != area.admin1):
        return False
    if area.feature_type == "admin2":
        return place.admin2 == area.admin2
    if area.feature_type == "admin3":
        return place.admin3 == area.admin3
    return True


def is_point(place: PlaceMention) -> bool:
    """A town, village, neighbourhood or site rather than a region or a governorate."""
    return place.geo_precision == 1 and not place.region and place.feature_type != "country"


def _is_list_gap(
    view: ClauseView, left: PlaceMention, right: PlaceMention, descriptors: list[PlaceMention], lexicon: EventLexicon
) -> bool:
    """Two places of one list (:func:`~marsad.text.coordination.coordinated`), a descriptor ("جنوب إدلب")
    between them skipped."""
    return coordinated(view.tokens, left.end, right.start, item_words=lexicon.word_set("list_words"),
                       qualifiers=lexicon.word_set("place_qualifiers"),
                       skip=[(d.start, d.end) for d in descriptors])


def _unique(places: list[PlaceMention]) -> list[PlaceMention]:
    seen: set[str | None] = set()
    unique = []
    for place in places:
        if place.place_id not in seen:
            seen.add(place.place_id)
            unique.append(place)
    return unique
