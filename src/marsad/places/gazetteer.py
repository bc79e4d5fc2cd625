"""The place gazetteer: packaged places (``data/gazetteer.tsv.gz``) plus user CSV files.

Built by ``scripts/build_gazetteer.py``; sources and licences in ``data/SOURCES.md``. Every name has
a :func:`name_key` (:func:`~marsad.text.normalize.normalize_key`, Latin also case-folded). Look-ups go
through its :func:`search_key` (no leading article ``ال``, no spaces), so a name is found with and
without the article and written joined or apart; :meth:`Gazetteer.names` gives matchers the
:func:`spellings` a text may show.

The packaged file is gzip text in two tab-separated sections: the places (header :data:`FILE_COLUMNS`:
the :class:`Place` fields and ``keys``, the name keys of the place) and, after an empty line, the
index (header :data:`INDEX_COLUMNS`: a search key, then the ids of its places). Loading reads the
index as it is and keeps each place row as its UTF-8 line; a :class:`Place` is built when asked for,
so that loading normalises no name and builds no object per place.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from marsad.errors import InputError, ModelError
from marsad.text.normalize import collapse_key, normalize_key

__all__ = [
    "COLUMNS", "FILE_COLUMNS", "INDEX_COLUMNS", "Gazetteer", "Place", "name_key", "name_keys", "place_keys",
    "search_key", "spellings",
]

COLUMNS = (
    "id", "name_en", "name_ar", "names", "lat", "lon", "feature_type", "country", "admin1", "admin2",
    "admin3", "pcode", "parent_city", "population", "importance", "source",
)
FILE_COLUMNS = (*COLUMNS, "keys")
INDEX_COLUMNS = ("key", "places")
_ARTICLE = "ال"
_MIN_BARE = 3  # a spelling without its article must keep at least this many letters
_CACHE_SIZE = 65536  # places built from their rows and kept, so that repeated look-ups share them


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
    """Return the key of a name: ``normalize_key`` and case-folded."""
    return normalize_key(name).casefold()


def search_key(key: str) -> str:
    """Return the index key of a name key: without a leading ``ال`` and without spaces."""
    if key.startswith(_ARTICLE) and len(key) > len(_ARTICLE):
        key = key[len(_ARTICLE):]
    return collapse_key(key)


def _is_arabic(key: str) -> bool:
    return "\u0600" <= key[:1] <= "\u06ff"


#: "Great" and "little" in a place name, in the elative and in the plain adjective (name keys: ى→ي, ة→ه).
_SIZE_ADJECTIVES = {"الكبري": "الكبيره", "الكبيره": "الكبري", "الصغري": "الصغيره", "الصغيره": "الصغري"}


def _with_article(key: str) -> str:
    """The name with the article: on each word before a relative adjective ("بويضة شرقية" is "البويضة
    الشرقية", never "البويضة شرقية"), on the first word before a name ("شيخ عقيل" is "الشيخ عقيل")."""
    first, *rest = key.split()
    adjectives = all(word.endswith(("ي", "يه")) and not word.startswith(_ARTICLE) for word in rest)
    if rest and adjectives:
        return " ".join(_ARTICLE + word for word in (first, *rest))
    return _ARTICLE + key


def spellings(key: str) -> Iterator[str]:
    """Yield the forms of a name key: itself; with the article added (:func:`_with_article`) or (three
    letters left) removed; with a closing "الكبرى"/"الصغرى" also as "الكبيرة"/"الصغيرة" and back; each also
    collapsed."""
    variants = [key]
    if key.startswith(_ARTICLE):
        if len(key) - len(_ARTICLE) >= _MIN_BARE:
            variants.append(key[len(_ARTICLE):])
    elif _is_arabic(key):
        variants.append(_with_article(key))
    head, _space, last = key.rpartition(" ")
    if head and last in _SIZE_ADJECTIVES:  # "الصورة الكبرى" is also written "الصورة الكبيرة"
        variants.append(f"{head} {_SIZE_ADJECTIVES[last]}")
    for variant in variants:
        yield variant
        if " " in variant:
            yield collapse_key(variant)


def name_keys(names: Iterable[str]) -> list[str]:
    """The distinct keys of some names, sorted (the ``keys`` column of the packaged file)."""
    return sorted({name_key(name) for name in names} - {""})


def place_keys(place: Place) -> list[str]:
    """The :func:`name_keys` of a place's names."""
    return name_keys((place.name_ar, place.name_en, *place.names))


class Gazetteer:
    """Places indexed by name. Build with :meth:`load`."""

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self._rows: list[bytes | Place | None] = []  # a packaged row (UTF-8), a user place, None once replaced
        self._row_of: dict[str, int] = {}
        self._by_key: dict[str, str] = {}  # search key -> the ids of its places, tab-separated
        self._cache: dict[int, Place] = {}
        self._arabic: list[tuple[str, str]] | None = None
        for place in places:
            self._add(place)

    # ----------------------------------------------------------------- loading

    @classmethod
    def load(cls, path: Path | None = None, *, extra: Iterable[Path] = ()) -> Gazetteer:
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
        gazetteer = cls()
        gazetteer._read_packaged(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data, str(path or "package"))
        for extra_path in extra:
            for place in _read_user_csv(Path(extra_path)):
                gazetteer._add(place)
        return gazetteer

    def _read_packaged(self, data: bytes, origin: str) -> None:
        """Take the rows (kept as UTF-8, decoded when a place is built) and the index as they are."""
        header = data[: data.find(b"\n")].decode("utf-8", "replace")
        cut = data.find(b"\n\n")
        index = data[cut + 2 :].decode("utf-8").split("\n") if cut >= 0 else [""]
        if header != "\t".join(FILE_COLUMNS) or index[0] != "\t".join(INDEX_COLUMNS):
            raise ModelError(f"gazetteer {origin} starts with the columns {header.split()}; expected "
                             f"{list(FILE_COLUMNS)}, then an empty line and the index {list(INDEX_COLUMNS)}; "
                             "rebuild it with scripts/build_gazetteer.py")
        rows = data[:cut].split(b"\n")
        del rows[0]
        intern = sys.intern  # an id that is the only place of a key is then one string, not one per key
        self._row_of = {intern(line[: line.index(b"\t")].decode("utf-8")): row for row, line in enumerate(rows)}
        self._rows = list(rows)
        by_key = self._by_key
        for line in index[1:]:
            key, _, ids = line.partition("\t")
            if ids:
                by_key[key] = ids if "\t" in ids else intern(ids)

    def _add(self, place: Place) -> None:
        self._arabic = None
        old = self._row_of.get(place.id)
        if old is not None:
            self._unindex(place.id, self._keys_at(old))
            self._rows[old] = None
            self._cache.pop(old, None)
        self._row_of[place.id] = len(self._rows)
        self._rows.append(place)
        by_key = self._by_key
        for key in {search_key(key) for key in place_keys(place)}:
            ids = by_key.get(key)
            if ids is None:
                by_key[key] = place.id
            elif place.id not in ids.split("\t"):
                by_key[key] = ids + "\t" + place.id

    def _unindex(self, place_id: str, keys: Iterable[str]) -> None:
        for key in {search_key(key) for key in keys}:
            ids = [other for other in self._by_key.get(key, "").split("\t") if other and other != place_id]
            if ids:
                self._by_key[key] = "\t".join(ids)
            else:
                self._by_key.pop(key, None)

    def _keys_at(self, row: int) -> list[str]:
        """The name keys of the place in ``row``."""
        item = self._rows[row]
        if isinstance(item, Place):
            return place_keys(item)
        return [key for key in item.rpartition(b"\t")[2].decode("utf-8").split("|") if key] if item else []

    def _place_at(self, row: int) -> Place:
        item = self._rows[row]
        if isinstance(item, Place):
            return item
        place = self._cache.get(row)
        if place is None:
            if item is None:
                raise KeyError(row)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            place = self._cache[row] = _place(item.decode("utf-8").split("\t"))
        return place

    # ----------------------------------------------------------------- queries

    def lookup(self, key: str) -> list[Place]:
        """Places named ``key`` (with or without ``ال``, joined or apart), most important first."""
        ids = self._by_key.get(search_key(name_key(key)))
        if not ids:
            return []
        places = [self._place_at(self._row_of[place_id]) for place_id in ids.split("\t")]
        return sorted(places, key=lambda place: (-place.importance, place.id))

    def get(self, place_id: str) -> Place | None:
        """The place with id ``place_id``, or None."""
        row = self._row_of.get(place_id)
        return None if row is None else self._place_at(row)

    def names(self) -> Iterator[tuple[str, str]]:
        """Yield ``(spelling, place id)`` for every :func:`spellings` form of every name, for matchers."""
        for row, item in enumerate(self._rows):
            if item is None:
                continue
            place_id = item.id if isinstance(item, Place) else item[: item.index(b"\t")].decode("utf-8")
            forms = {form for key in self._keys_at(row) for form in spellings(key)}
            for form in forms:
                yield form, place_id

    def arabic_spellings(self) -> Iterator[str]:
        """Yield the :func:`spellings` of every Arabic name (a form shared by places comes more than once)."""
        for spelling, _place_id in self.arabic_names():
            yield spelling

    def arabic_names(self) -> list[tuple[str, str]]:
        """``(spelling, place id)`` for every :func:`spellings` form of every Arabic name, computed once (the
        place matcher and the segmenter both read them)."""
        if self._arabic is None:
            pairs: list[tuple[str, str]] = []
            for row, item in enumerate(self._rows):
                if item is None:
                    continue
                place_id = item.id if isinstance(item, Place) else item[: item.index(b"\t")].decode("utf-8")
                forms = {form for key in self._keys_at(row) if _is_arabic(key) for form in spellings(key)}
                pairs.extend((form, place_id) for form in forms)
            self._arabic = pairs
        return self._arabic

    def of_types(self, feature_types: frozenset[str]) -> Iterator[Place]:
        """The places of some feature types, found without building the others."""
        column = COLUMNS.index("feature_type")
        wanted = {kind.encode("utf-8") for kind in feature_types}
        for row, item in enumerate(self._rows):
            if item is None:
                continue
            kind = item.feature_type.encode("utf-8") if isinstance(item, Place) else \
                item.split(b"\t", column + 1)[column]
            if kind in wanted:
                yield self._place_at(row)

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
        return len(self._row_of)

    def __iter__(self) -> Iterator[Place]:
        for row, item in enumerate(self._rows):
            if item is not None:
                yield self._place_at(row)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._row_of


def _optional_float(text: str) -> float | None:
    return float(text) if text else None


def _place(row: Sequence[str]) -> Place:
    (place_id, name_en, name_ar, names, lat, lon, feature_type, country, admin1, admin2, admin3, pcode,
     parent_city, population, importance, source, *_keys) = row
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
    if "\t" in field("id"):
        raise InputError(f"{where}: an id cannot hold a tab")
    return Place(
        id=field("id") or f"user:{stem}:{where.rsplit(':', 1)[1]}", name_en=field("name_en"),
        name_ar=field("name_ar"), names=tuple(part.strip() for part in field("names").split("|") if part.strip()),
        lat=lat, lon=lon, feature_type=field("feature_type") or "village", country=field("country") or "Syria",
        admin1=field("admin1"), admin2=field("admin2"), admin3=field("admin3"), pcode=field("pcode"),
        parent_city=field("parent_city"), population=population, importance=importance,
        source=field("source") or f"user: {stem}",
    )
