"""The place gazetteer: packaged places (``data/gazetteer.tsv.gz``) plus user CSV files.

Built by ``scripts/build_gazetteer.py``; sources and licences in ``data/SOURCES.md``. Names are
indexed by :func:`~marsad.text.normalize.normalize_key` (Latin names also case-folded), by the
same key with its spaces removed (:func:`~marsad.text.normalize.collapse_key`) and with and
without a leading article ``ال``.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from marsad.errors import InputError, ModelError
from marsad.text.normalize import collapse_key, normalize_key

__all__ = ["COLUMNS", "Gazetteer", "Place", "name_key"]

COLUMNS = (
    "id", "name_en", "name_ar", "names", "lat", "lon", "feature_type", "country", "admin1", "admin2",
    "admin3", "pcode", "parent_city", "population", "importance", "source",
)
_ARTICLE = "ال"
_MIN_BARE = 3  # a name without its article must keep at least this many letters to be indexed


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer (one row of the packaged file or of a user CSV)."""

    id: str
    name_en: str
    name_ar: str
    names: tuple[str, ...]
    lat: float | None
    lon: float | None
    feature_type: str
    country: str
    admin1: str
    admin2: str
    admin3: str
    pcode: str
    parent_city: str
    population: int | None
    importance: float
    source: str


def name_key(name: str) -> str:
    """Return the lookup key of a name: ``normalize_key`` and case-folded."""
    return normalize_key(name).casefold()


def _variants(key: str) -> Iterator[str]:
    """Yield ``key``, its collapsed form and its forms with and without the article."""
    yield key
    if key.startswith(_ARTICLE):
        if len(key) - 2 >= _MIN_BARE:
            yield key[2:]
    elif "\u0600" <= key[:1] <= "\u06ff":
        yield _ARTICLE + key


class Gazetteer:
    """Places indexed by name key. Build with :meth:`load`."""

    def __init__(self, places: Sequence[Place]) -> None:
        self._places: dict[str, Place] = {}
        self._by_key: dict[str, list[str]] = {}
        by_key = self._by_key
        for place in places:  # the bulk path of _add: ids are unique in a built file
            if place.id in self._places:
                self._add(place)
                continue
            self._places[place.id] = place
            for key in self._place_keys(place):
                ids = by_key.get(key)
                if ids is None:
                    by_key[key] = [place.id]
                else:
                    ids.append(place.id)

    # ----------------------------------------------------------------- loading

    @classmethod
    def load(cls, path: Path | None = None, *, extra: Sequence[Path] = ()) -> Gazetteer:
        """Load the packaged gazetteer (or ``path``) and the user CSV files ``extra``.

        User files use the same columns (``name_ar`` or ``name_en`` required, others optional);
        a row whose ``id`` exists replaces that place.
        """
        if path is None:
            data = resources.files("marsad").joinpath("data/gazetteer.tsv.gz").read_bytes()
        else:
            try:
                data = Path(path).read_bytes()
            except OSError as e:
                raise ModelError(f"cannot read gazetteer {path}: {e}; rebuild it with "
                                 "scripts/build_gazetteer.py or pass an existing file") from e
        text = gzip.decompress(data).decode("utf-8") if data[:2] == b"\x1f\x8b" else data.decode("utf-8")
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
        header = next(reader)
        if tuple(header) != COLUMNS:
            raise ModelError(f"gazetteer {path or 'package'} has columns {header}, expected {list(COLUMNS)}")
        gazetteer = cls([_place(row) for row in reader])
        for extra_path in extra:
            for place in _read_user_csv(Path(extra_path)):
                gazetteer._add(place)
        return gazetteer

    def _add(self, place: Place) -> None:
        old = self._places.get(place.id)
        if old is not None:
            self._remove(old)
        self._places[place.id] = place
        for key in self._place_keys(place):
            ids = self._by_key.setdefault(key, [])
            if place.id not in ids:
                ids.append(place.id)

    def _remove(self, place: Place) -> None:
        for key in self._place_keys(place):
            ids = self._by_key.get(key)
            if ids and place.id in ids:
                ids.remove(place.id)

    @staticmethod
    def _place_keys(place: Place) -> set[str]:
        keys: set[str] = set()
        add = keys.add
        for name in {place.name_ar, place.name_en, *place.names}:
            if not name:
                continue
            key = normalize_key(name).casefold()
            add(key)
            if " " in key:
                add(key.replace(" ", ""))
            if key.startswith(_ARTICLE):
                if len(key) - 2 >= _MIN_BARE:
                    bare = key[2:]
                    add(bare)
                    if " " in bare:
                        add(bare.replace(" ", ""))
            elif "\u0600" <= key[:1] <= "\u06ff":
                add(_ARTICLE + key)
                if " " in key:
                    add(_ARTICLE + key.replace(" ", ""))
        keys.discard("")
        return keys

    # ----------------------------------------------------------------- queries

    def lookup(self, key: str) -> list[Place]:
        """Places named ``key`` (any spelling the index knows), most important first."""
        normal = name_key(key)
        found: dict[str, Place] = {}
        for variant in _variants(normal):
            for candidate in (variant, collapse_key(variant)):
                for place_id in self._by_key.get(candidate, ()):
                    found.setdefault(place_id, self._places[place_id])
        return sorted(found.values(), key=lambda place: (-place.importance, place.id))

    def get(self, place_id: str) -> Place | None:
        """The place with id ``place_id``, or None."""
        return self._places.get(place_id)

    def names(self) -> Iterator[tuple[str, str]]:
        """Yield ``(name key, place id)`` for every indexed spelling, for building matchers.

        Keys are ``normalize_key`` forms (Latin case-folded), their collapsed forms, the forms
        with an added article, and the forms without the article (at least three letters left).
        """
        for key, ids in self._by_key.items():
            for place_id in ids:
                yield key, place_id

    def admin_unit(self, admin1: str, admin2: str | None = None) -> Place | None:
        """The admin1 unit named ``admin1`` or, with ``admin2``, that district of it."""
        level, name = ("admin1", admin1) if admin2 is None else ("admin2", admin2)
        best: Place | None = None
        for place in self.lookup(name):
            if place.feature_type != level:
                continue
            if level == "admin2" and name_key(place.admin1) != name_key(admin1):
                continue
            exact = name_key(place.name_en) == name_key(name) or place.name_ar == name
            if best is None or exact:
                best = place
                if exact:
                    break
        return best

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._places


def _optional_float(text: str) -> float | None:
    return float(text) if text else None


def _place(row: Sequence[str]) -> Place:
    (place_id, name_en, name_ar, names, lat, lon, feature_type, country, admin1, admin2, admin3, pcode,
     parent_city, population, importance, source) = row
    return Place(
        place_id, name_en, name_ar, tuple(names.split("|")) if names else (), _optional_float(lat),
        _optional_float(lon), feature_type, country, admin1, admin2, admin3, pcode, parent_city,
        int(population) if population else None, float(importance) if importance else 0.0, source,
    )


def _read_user_csv(path: Path) -> Iterator[Place]:
    """Places of a user CSV file (same columns as the gazetteer; most are optional)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"cannot read user gazetteer file {path}: {e}") from e
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        yield _user_place(row, f"{path.name}:{line_no}", path.stem)


def _user_place(row: Mapping[str, str | None], where: str, stem: str) -> Place:
    def field(name: str) -> str:
        return (row.get(name) or "").strip()

    if not (field("name_ar") or field("name_en")):
        raise InputError(f"{where}: a place needs name_ar or name_en")
    try:
        lat, lon = _optional_float(field("lat")), _optional_float(field("lon"))
        population = int(float(field("population"))) if field("population") else None
        importance = float(field("importance")) if field("importance") else 50.0
    except ValueError as e:
        raise InputError(f"{where}: {e}; lat, lon, population and importance must be numbers") from e
    if (lat is None) != (lon is None):
        raise InputError(f"{where}: give both lat and lon, or neither")
    return Place(
        id=field("id") or f"user:{stem}:{where.rsplit(':', 1)[1]}", name_en=field("name_en"),
        name_ar=field("name_ar"), names=tuple(part.strip() for part in field("names").split("|") if part.strip()),
        lat=lat, lon=lon, feature_type=field("feature_type") or "village", country=field("country") or "Syria",
        admin1=field("admin1"), admin2=field("admin2"), admin3=field("admin3"), pcode=field("pcode"),
        parent_city=field("parent_city"), population=population, importance=importance,
        source=field("source") or f"user: {stem}",
    )
