"""Countries (``data/countries.yaml``) and the country an article is about.

The article's country is the one its words point to most: the dateline ("بيروت (رويترز) -"), country
names and capitals, places that exist in one country only, and, less, adjectives (السوري) and the
actors it names. Every place mention is then resolved inside that country first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ModelError
from ..model import Token
from ..text.lexmatch import PhraseMatch, PhraseMatcher
from ..text.normalize import normalize_key

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# How much each kind of evidence counts towards an article's country. A dateline tells where the story
# was filed, and bureaus abroad ("بيروت (رويترز) -", "أنقرة (…) –") file news of Syria: it counts as a
# capital named in the text, not more than the places the story tells of.
WEIGHTS = {"dateline": 2.0, "name": 2.0, "capital": 2.0, "place": 1.0, "unit": 1.0, "adjective": 0.5, "actor": 0.5}
#: "المعبر الحدودي مع تركيا": the country across a border is not the one the article is in.
_ACROSS_BORDER_RE = re.compile(r"حدود\S*\s+(?:\S+\s+){0,2}مع\s*$")
DATELINE_CHARS = 80  # a dateline ends within this many characters of the start


@dataclass(frozen=True, slots=True)
class Country:
    """A country as ACLED names it, with its codes, region and Arabic words."""

    name: str
    iso2: str
    iso3: str
    iso: int
    region: str
    capital: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    units: tuple[str, ...] = ()  # words for its administrative units that no other country uses alike
    coded: bool = True  # a country of the region Marsad codes (else one the news names: ``elsewhere``)


@dataclass(slots=True)
class Countries:
    """The countries of the table, and a matcher of their Arabic names and adjectives."""

    by_name: dict[str, Country] = field(default_factory=dict)
    matcher: PhraseMatcher[tuple[str, str]] = field(default_factory=PhraseMatcher)
    shared_capitals: frozenset[str] = frozenset()  # capitals whose name is also a city of another country
    unit_countries: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "قضاء" → Iraq, Lebanon

    @classmethod
    def load(cls, path: Path | None = None, *, shared_capitals: Iterable[str] = ()) -> Countries:
        """The packaged table (or ``path``); ``shared_capitals`` (normalised) do not vote for their country."""
        if path is None:
            text = (resources.files("marsad") / "data" / "countries.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        try:
            data: Any = yaml.load(text, Loader=_LOADER)
            items = [(item, True) for item in data["countries"]]
            items += [(item, False) for item in data.get("elsewhere") or ()]
            countries = cls(shared_capitals=frozenset(shared_capitals))
            for item, coded in items:
                country = Country(
                    name=str(item["name"]), iso2=str(item["iso2"]), iso3=str(item["iso3"]), iso=int(item["iso"]),
                    region=str(item["region"]), capital=str(item.get("capital") or ""),
                    names=tuple(str(n) for n in item["names"]), adjectives=tuple(str(a) for a in item["adjectives"]),
                    units=tuple(str(u) for u in item.get("units") or ()), coded=coded,
                )
                countries.add(country)
        except (yaml.YAMLError, KeyError, TypeError, ValueError) as error:
            raise ModelError(f"country table {path or 'countries.yaml'} is invalid: {error!r}") from error
        return countries

    def add(self, country: Country) -> None:
        self.by_name[country.name] = country
        for name in country.names:
            self.matcher.add(name, (country.name, "name"))
        if country.capital and normalize_key(country.capital) not in self.shared_capitals:
            self.matcher.add(country.capital, (country.name, "capital"))
        for adjective in country.adjectives:
            for form in _adjective_forms(adjective):
                self.matcher.add(form, (country.name, "adjective"))
        for unit in country.units:
            key = normalize_key(unit)
            self.unit_countries[key] = (*self.unit_countries.get(key, ()), country.name)

    def get(self, name: str | None) -> Country | None:
        return self.by_name.get(name or "")

    def coded(self, name: str) -> bool:
        """A country of the region (one of the table's ``countries``; a country it does not list counts as one)."""
        country = self.by_name.get(name)
        return country is None or country.coded

    def find(self, text: str, tokens: list[Token]) -> list[PhraseMatch[tuple[str, str]]]:
        """Country names, capitals and adjectives in a text."""
        return self.matcher.find(text, tokens)


@lru_cache(maxsize=1)
def packaged_countries() -> Countries:
    """The packaged country table, read once per process."""
    return Countries.load()


def outside_region(name: str) -> bool:
    """A country of the table's ``elsewhere``: the news names it, but Marsad codes no events there."""
    return not packaged_countries().coded(name)


def _adjective_forms(adjective: str) -> Iterable[str]:
    """سوري → سوري، سورية، السوري، السورية (and ة as ه, which normalisation folds)."""
    for form in (adjective, adjective + "ة"):
        yield form
        yield "ال" + form


@dataclass(slots=True)
class CountryEvidence:
    """Votes for the countries of an article (see :data:`WEIGHTS`)."""

    votes: dict[str, float] = field(default_factory=dict)

    def add(self, country: str | None, kind: str, times: float = 1.0) -> None:
        if country:
            self.votes[country] = self.votes.get(country, 0.0) + WEIGHTS[kind] * times

    def winner(self, default: str, coded: Callable[[str], bool] = lambda _name: True) -> str:
        """The country with most votes (the default when none has any; ties: the default, then by name).

        A country outside the region (``coded`` false) wins only when no country of the region has a vote, and
        with votes worth a name at least: Russian jets over a Syrian town leave the story in Syria, however often
        Russia is named; a riot in Paris is not placed in Damascus.
        """
        votes = {name: count for name, count in self.votes.items() if coded(name)}
        if not votes:
            votes = {name: count for name, count in self.votes.items() if count >= WEIGHTS["name"]}
        if not votes:
            return default
        best = max(votes.values())
        leaders = sorted(name for name, count in votes.items() if count == best)
        return default if default in leaders else leaders[0]


def country_votes(
    text: str, matches: list[PhraseMatch[tuple[str, str]]], countries: Countries, *, title: str = "",
    title_tokens: list[Token] | None = None,
) -> CountryEvidence:
    """Votes from the country names, capitals and adjectives found in an article's text (``matches``; a
    dateline's as much as a capital named in the text) and in its title."""
    evidence = CountryEvidence()
    title_matches = countries.find(title, title_tokens) if title and title_tokens else []
    for source_text, found in ((text, matches), (title, title_matches)):
        for match in found:
            if _ACROSS_BORDER_RE.search(source_text, max(0, match.start - 40), match.start):
                continue
            for country, kind in dict.fromkeys(match.values):
                dateline = source_text is text and in_dateline(text, match.start, match.end)
                if dateline and not countries.coded(country):
                    continue  # "لندن -": the desk of a paper abroad, not the story's country
                evidence.add(country, "dateline" if dateline and kind != "adjective" else kind)
    return evidence


#: names before the last one of a dateline ("دمشق، " of "دمشق، لندن -"), and what may follow its last name: another
#: name after a comma, the agency in brackets, then a dash or a colon
_DATELINE_HEAD_RE = re.compile(r"\s*(?:[^\s،,()\-–—:]+\s*){1,3}[،,]\s*")
_DATELINE_TAIL_RE = re.compile(r"\s*(?:[،,]\s*(?:[^\s،,()\-–—:]+\s*){1,3})?(?:\([^()\n]{1,40}\)\s*)?(?:--|[-–—:])")


def in_dateline(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is a name of the wire dateline that opens ``text``: "بيروت (رويترز) -", "دمشق، سوريا
    (CNN) --", "دمشق، لندن - …", "عدن - …"; not a name inside the first sentence ("قوات سوريا الديمقراطية (قسد)")."""
    if end > DATELINE_CHARS:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if text[:line_start].strip():
        return False
    before = text[line_start:start]
    if before.strip() and not _DATELINE_HEAD_RE.fullmatch(before):
        return False
    return _DATELINE_TAIL_RE.match(text, end) is not None
