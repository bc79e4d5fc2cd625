"""Build the place gazetteer ``src/marsad/data/gazetteer.tsv.gz`` from ``../shared/data/places``.

Usage::

    python scripts/build_gazetteer.py [--shared PATH] [--curated PATH] [--out PATH]

Sources, in order of preference when records are merged:

1. OpenSyria admin units (governorates, districts, sub-districts with OCHA p-codes) — preferred
   for admin units;
2. Who's On First (WOF): Syria (``wof-sy``) and the 22 other countries of the Middle East and North
   Africa (``wof-mena``, rows with an Arabic name only) — preferred for localities; of two WOF points
   of one place the one with a population, then a GeoNames id, then a current one leads;
3. Syrian Archive locations (2015) — neighbourhoods, landmarks, towns;
4. GeoNames cities500 (Syria);

plus the hand-curated, reviewed CSVs under ``data/places/`` (neighbourhoods, facilities, extra
localities, places of the region). Curated facility and region rows lead their merge group; curated
neighbourhood and locality rows rank after WOF. Coordinates flagged approximate ("city centroid")
give way to the first exact point of a merged record.

Merge rule (one place, several names): two records are the same place when they are in the same
merge group (populated places incl. neighbourhoods / facilities / each admin level), the same country,
share a normalised name key (``normalize_key``, leading article ``ال`` removed, spaces collapsed; or
the folded Latin name) and their points lie within 5 km (100 km for admin units, whose centroids are
computed differently by each source; 15 km for two towns or villages one of which has an approximate
point; any distance for a country, and for a first-level unit outside Syria). Outside Syria, districts
merge only within one first-level unit and two WOF admin units never merge. The merged record keeps the
id, names and coordinates of its most preferred record and collects every other name, the largest
population and all sources. "محافظة X", "شعبية X", "قضاء X", "ولاية X", "مديرية X", "ناحية X", "مركز X"
and "منطقة X" also count as X (and X is indexed).

Admin attribution (Syria): governorate by point-in-polygon on the geoBoundaries/OCHA ADM1 polygons
(points just outside the simplified polygons go to the nearest one within 10 km, else keep the
source's governorate); district and sub-district by the nearest OpenSyria sub-district centroid
within that governorate (only centroids are available). ``pcode`` is the OCHA p-code of the deepest
unit. Localities become ``city`` (district seat or population >= 50,000), ``town`` (sub-district
seat or population >= 5,000) or ``village``.

Admin attribution (other countries): ``country`` is the ACLED name of the WOF ISO code; ``admin1``
and ``admin2`` are WOF's region and county of the place (of its WOF record when a curated row leads),
else the ``mena-boundaries`` region polygon holding the point (nearest within 10 km); a curated row
of a country without WOF data keeps its own ``admin1``. Localities become ``city`` (seat of a
first-level unit or population >= 50,000), ``town`` (seat of a county or population >= 5,000) or
``village``.

The output is deterministic: rows sorted by id, the name index sorted by key, gzip written with mtime 0.
The file holds the places (``FILE_COLUMNS``: the place and its name keys) and, after an empty line,
the index (``INDEX_COLUMNS``: each search key with the ids of its places); see ``marsad.places.gazetteer``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.places.gazetteer import FILE_COLUMNS, INDEX_COLUMNS, name_keys, search_key
from marsad.text.normalize import collapse_key, normalize_key

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_CURATED = REPO / "data" / "places"
DEFAULT_OUT = REPO / "src" / "marsad" / "data" / "gazetteer.tsv.gz"

# The wof-mena files: ISO 3166-1 alpha-2 code -> country name as ACLED spells it (checked against
# data/acled/acled_countries.csv).
WOF_MENA = {
    "AE": "United Arab Emirates", "BH": "Bahrain", "DZ": "Algeria", "EG": "Egypt", "IL": "Israel", "IQ": "Iraq",
    "IR": "Iran", "JO": "Jordan", "KW": "Kuwait", "LB": "Lebanon", "LY": "Libya", "MA": "Morocco", "OM": "Oman",
    "PS": "Palestine", "QA": "Qatar", "SA": "Saudi Arabia", "SD": "Sudan", "SO": "Somalia", "SS": "South Sudan",
    "TN": "Tunisia", "TR": "Turkey", "YE": "Yemen",
}
SHARED_FILES = (
    "data/places/opensyria-admin/governorates.json", "data/places/opensyria-admin/districts.json",
    "data/places/opensyria-admin/subdistricts.json", "data/places/wof-sy/wof_sy_places.csv",
    "data/places/syrianarchive/locations_flat.csv", "data/places/geonames-cities500/SY_cities500.jsonl",
    "data/places/adm1-polygons/syria-governorates-polygons.geojson", "data/places/mena-boundaries/regions.geojson",
    "data/acled/acled_countries.csv",
    *(f"data/places/wof-mena/wof_{code.lower()}_places.csv.gz" for code in WOF_MENA),
)

OCHA_ADMIN1 = {
    "SY01": "Damascus", "SY02": "Aleppo", "SY03": "Rural Damascus", "SY04": "Homs", "SY05": "Hama",
    "SY06": "Lattakia", "SY07": "Idleb", "SY08": "Al-Hasakeh", "SY09": "Deir-ez-Zor", "SY10": "Tartous",
    "SY11": "Ar-Raqqa", "SY12": "Dar'a", "SY13": "As-Sweida", "SY14": "Quneitra",
}
PCODE_OF_ADMIN1 = {name: code for code, name in OCHA_ADMIN1.items()}
WOF_REGION = {
    "Aleppo": "Aleppo", "Hasaka (Al Haksa)": "Al-Hasakeh", "Lattakia": "Lattakia", "Idlib": "Idleb",
    "Homs (Hims)": "Homs", "Hamah": "Hama", "Tartus": "Tartous", "Rif Dimashq": "Rural Damascus",
    "Ar Raqqah": "Ar-Raqqa", "Days Az Zawr": "Deir-ez-Zor", "Quneitra": "Quneitra", "Dar`a": "Dar'a",
    "As Suwayda'": "As-Sweida", "Damascus": "Damascus",
}
GEONAMES_ADMIN1 = {
    "01": "Al-Hasakeh", "02": "Lattakia", "03": "Quneitra", "04": "Ar-Raqqa", "05": "As-Sweida",
    "06": "Dar'a", "07": "Deir-ez-Zor", "08": "Rural Damascus", "09": "Aleppo", "10": "Hama", "11": "Homs",
    "12": "Idleb", "13": "Damascus", "14": "Tartous",
}
# Syrian Archive governorate roots that are cities: radius (km) within which its children are
# neighbourhoods of that city rather than separate localities.
CITY_RADIUS_KM = {"حلب": 8.0, "دمشق": 7.0, "حمص": 6.0, "حماه": 5.0, "دير الزور": 5.0}
ROOT_ADMIN1 = {
    "حلب": "Aleppo", "دمشق": "Damascus", "درعا": "Dar'a", "دير الزور": "Deir-ez-Zor", "حماه": "Hama",
    "الحسكه": "Al-Hasakeh", "حمص": "Homs", "ادلب": "Idleb", "اللاذقيه": "Lattakia", "القنيطره": "Quneitra",
    "السويداء": "As-Sweida", "طرطوس": "Tartous",
}
DEFAULT_CITY_RADIUS_KM = 4.0

ADMIN_TYPES = ("country", "admin1", "admin2", "admin3")
POPULATED_TYPES = ("city", "town", "village", "neighbourhood", "locality")
MERGE_KM = 5.0
APPROXIMATE_MERGE_KM = 15.0  # a town's point a curated row gives as approximate may be this far off
ADMIN_MERGE_KM = 100.0

IMPORTANCE_BASE = {
    "country": 100, "admin1": 80, "city": 70, "admin2": 60, "town": 50, "admin3": 45, "region": 40,
    "airport": 40, "airbase": 40, "border_crossing": 38, "military_base": 35, "dam": 35, "oil_field": 32,
    "gas_field": 32, "camp": 32, "prison": 32, "mountain": 30, "road": 30, "neighbourhood": 30,
    "village": 20, "landmark": 15,
}
SOURCE_PRIORITY = {"opensyria": 0, "wof": 1, "syrianarchive": 3, "geonames": 4}
# Curated files: facilities/region rows lead their groups; neighbourhoods/localities follow WOF.
CURATED_FILES = {
    "facilities.csv": ("fac", 0.5), "region.csv": ("reg", 0.5),
    "neighbourhoods.csv": ("nb", 2), "localities_extra.csv": ("loc", 2),
}
FACILITY_HINTS = (
    (("roundabout", "دوار"), "landmark"), (("mosque", "جامع", "مسجد"), "landmark"),
    (("square", " sq", "ساحة"), "landmark"), (("st.", "street", "شارع"), "landmark"),
    (("hospital", "مشفى", "مستشفى"), "landmark"), (("bridge", "جسر"), "landmark"),
    (("hotel", "فندق"), "landmark"), (("school", "مدرسة", "academy", "كلية", "university", "جامعة"), "landmark"),
    (("prison", "سجن"), "prison"), (("camp", "مخيم"), "camp"), (("airport", "مطار"), "airport"),
    (("barracks", "ثكنة", "brigade", "لواء", "base"), "military_base"),
)
ADMIN_PREFIXES = tuple(
    normalize_key(word) + " " for word in ("ناحية", "مركز", "منطقة", "محافظة", "شعبية", "قضاء", "ولاية", "مديرية")
)
# Seats of admin units (unit type, level of its seat, km from the unit's point): Syria, other countries.
SYRIA_SEATS = (("admin2", "city", 40.0), ("admin3", "town", 40.0))
ABROAD_SEATS = (("admin1", "city", 150.0), ("admin2", "town", 40.0))


# --------------------------------------------------------------------------- names


def name_key(name: str) -> str:
    """Normalised key of a name (Arabic folded, Latin case-folded)."""
    return normalize_key(name).casefold()


def core_key(name: str) -> str:
    """Merge key: normalised, without a leading article, spaces collapsed."""
    key = name_key(name)
    if key.startswith("ال") and len(key) > 4:
        key = key[2:]
    return collapse_key(key)


_LATIN_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)[\s\-‘'`]+")


def latin_key(name: str) -> str:
    """Merge key of a Latin name: accents, article and punctuation removed, lower case."""
    text = unicodedata.normalize("NFKD", name).casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _LATIN_ARTICLE.sub("", text)
    return re.sub(r"[^a-z0-9]", "", text)


def is_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def bare_names(name: str) -> list[str]:
    """The name and, for "مركز X", "محافظة X" and the other ``ADMIN_PREFIXES``, the bare X."""
    names = [name]
    key = name_key(name)
    changed = True
    while changed:
        changed = False
        for prefix in ADMIN_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix) + 1:
                key = key[len(prefix):]
                changed = True
    if key != name_key(name):
        names.append(key)
    return names


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


# --------------------------------------------------------------------------- geometry


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


Ring = list[tuple[float, float]]


@dataclass
class Area:
    """A named (multi)polygon: a governorate or a region."""

    name: str
    polygons: list[list[Ring]]  # each polygon: outer ring then holes; points are (lon, lat)
    bbox: tuple[float, float, float, float]

    @classmethod
    def from_geometry(cls, name: str, geometry: dict[str, Any]) -> Area:
        coords = geometry["coordinates"]
        polygons = [coords] if geometry["type"] == "Polygon" else coords
        rings = [[[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon] for polygon in polygons]
        xs = [x for polygon in rings for x, _ in polygon[0]]
        ys = [y for polygon in rings for _, y in polygon[0]]
        return cls(name, rings, (min(xs), min(ys), max(xs), max(ys)))

    def contains(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.bbox
        if not (west <= lon <= east and south <= lat <= north):
            return False
        for rings in self.polygons:
            if _in_ring(lon, lat, rings[0]) and not any(_in_ring(lon, lat, hole) for hole in rings[1:]):
                return True
        return False

    def distance_km(self, lon: float, lat: float) -> float:
        return min(
            haversine_km(lat, lon, y, x) for rings in self.polygons for ring in rings for x, y in ring
        )


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def locate(areas: list[Area], lat: float, lon: float, near_km: float = 10.0) -> str:
    """Name of the area holding the point, else of the nearest one within ``near_km``, else ""."""
    for area in areas:
        if area.contains(lon, lat):
            return area.name
    if not areas:
        return ""
    distance, name = min((area.distance_km(lon, lat), area.name) for area in areas)
    return name if distance <= near_km else ""


def load_governorates(shared: Path) -> list[Area]:
    """The 14 Syrian governorates (geoBoundaries ADM1), named as OCHA names them."""
    data = json.loads((shared / "data/places/adm1-polygons/syria-governorates-polygons.geojson").read_text())
    governorates = []
    for feature in data["features"]:
        name = feature["properties"]["shapeName"]
        if name not in PCODE_OF_ADMIN1:
            raise ValueError(f"unknown governorate in polygons: {name}")
        governorates.append(Area.from_geometry(name, feature["geometry"]))
    return governorates


def load_regions(shared: Path) -> dict[str, list[Area]]:
    """First-level regions of the wof-mena countries (mena-boundaries), by ACLED country name."""
    data = json.loads((shared / "data/places/mena-boundaries/regions.geojson").read_text(encoding="utf-8"))
    regions: dict[str, list[Area]] = defaultdict(list)
    for feature in data["features"]:
        country = WOF_MENA.get(feature["properties"]["iso2"])
        if country is not None:
            regions[country].append(Area.from_geometry(feature["properties"]["name_en"], feature["geometry"]))
    return regions


def check_countries(shared: Path) -> None:
    """Fail unless every country name of ``WOF_MENA`` is spelt as in ACLED's country list."""
    with (shared / "data/acled/acled_countries.csv").open(encoding="utf-8", newline="") as handle:
        acled = {row["country"] for row in csv.DictReader(handle)}
    unknown = sorted(set(WOF_MENA.values()) - acled)
    if unknown:
        raise ValueError(f"country names not in acled_countries.csv: {unknown}")


def check_sources(shared: Path, curated: Path) -> None:
    """Fail with the list of missing source files, if any."""
    paths = [shared / name for name in SHARED_FILES] + [curated / name for name in CURATED_FILES]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise FileNotFoundError(
            "missing source files (see src/marsad/data/SOURCES.md; --shared names the folder holding "
            "data/places/ and data/acled/):\n  " + "\n  ".join(missing)
        )


# --------------------------------------------------------------------------- records


@dataclass
class Record:
    """One source record; merged records keep their members in ``members``."""

    id: str
    name_en: str
    name_ar: str
    names: list[str]
    lat: float | None
    lon: float | None
    feature_type: str
    country: str
    priority: float
    source: str
    admin1: str = ""
    population: int | None = None
    approximate: bool = False
    parent_hint: str = ""
    type_is_curated: bool = False
    city_admin1: str = ""  # a neighbourhood guessed by distance must lie in this governorate
    unit_seat: bool = False  # the point of a district or sub-district record (its seat town, or a placeholder)
    admin2: str = ""
    admin3: str = ""
    pcode: str = ""
    parent_city: str = ""
    importance: float = 0.0
    members: list[Record] = field(default_factory=list)

    @property
    def group(self) -> str:
        if self.feature_type in ADMIN_TYPES:
            return self.feature_type
        if self.feature_type in POPULATED_TYPES:
            return "populated"
        return "facility"

    def all_names(self) -> list[str]:
        """Every name, with the bare forms of "مركز X"/"ناحية X"..., one spelling per key."""
        seen: dict[str, str] = {}
        for name in [self.name_ar, self.name_en, *self.names]:
            for variant in bare_names(name.strip()) if is_arabic(name) else [name.strip()]:
                if variant:
                    seen.setdefault(name_key(variant), variant)
        return list(seen.values())

    def merge_keys(self) -> set[str]:
        keys = set()
        for name in self.all_names():
            key = core_key(name) if is_arabic(name) else latin_key(name)
            if len(key) >= 2:
                keys.add(key)
        return keys


def _float(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


def _int(text: str | None) -> int | None:
    if text in (None, ""):
        return None
    value = int(float(text))
    return value if value > 0 else None


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split("|") if part.strip()]


def read_opensyria(shared: Path) -> Iterator[Record]:
    base = shared / "data/places/opensyria-admin"
    levels = (("governorates.json", "admin1"), ("districts.json", "admin2"), ("subdistricts.json", "admin3"))
    for filename, level in levels:
        for item in json.loads((base / filename).read_text()):
            pcode = item["externalIds"]["ochaPcode"]
            names = [*bare_names(item["name"]["ar"])]
            for alias in item.get("aliases", []):
                names.extend(bare_names(alias["value"]) if alias["language"] == "ar" else [alias["value"]])
            if level == "admin1" and pcode != "SY01":  # "ريف حلب": the governorate's countryside
                names.append("ريف " + bare_names(item["name"]["ar"])[-1])
            name_en = OCHA_ADMIN1[pcode] if level == "admin1" else item["name"]["en"]
            if name_en != item["name"]["en"]:
                names.append(item["name"]["en"])
            population = item.get("population", {}).get("value") if item.get("population") else None
            yield Record(
                id=f"osy:{pcode}", name_en=name_en, name_ar=item["name"]["ar"], names=names,
                lat=item["centroid"]["latitude"], lon=item["centroid"]["longitude"], feature_type=level,
                country="Syria", priority=SOURCE_PRIORITY["opensyria"], source="opensyria",
                admin1=OCHA_ADMIN1[pcode[:4]], population=_int(str(population)) if population else None,
                pcode=pcode,
            )


WOF_TYPES = {"country": "country", "region": "admin1", "county": "admin2", "locality": "locality",
             "neighbourhood": "neighbourhood", "campus": "airport"}


def read_wof(shared: Path) -> Iterator[Record]:
    with (shared / "data/places/wof-sy/wof_sy_places.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            outside = row["region_name_en"] not in WOF_REGION and row["placetype"] not in ("country", "campus")
            if outside and (row["placetype"] != "locality" or row["region_name_en"]):
                continue  # the UNDOF zone "region" and its one place
            yield Record(
                id=f"wof:{row['wof_id']}", name_en=row["name_en"], name_ar=row["name_ar"],
                names=_split(row["names_ar_variants"]) + _split(row["names_en_variants"]),
                lat=_float(row["latitude"]), lon=_float(row["longitude"]),
                feature_type=WOF_TYPES[row["placetype"]], country="Syria", priority=SOURCE_PRIORITY["wof"],
                source="wof", admin1=WOF_REGION.get(row["region_name_en"], ""),
                population=_int(row["population"]),
            )


WOF_MENA_TYPES = {**WOF_TYPES, "localadmin": "admin3", "microhood": "neighbourhood"}


def _wof_priority(row: dict[str, str]) -> float:
    """Rank of a WOF point among duplicates: one with a population, a GeoNames id, current first."""
    return (SOURCE_PRIORITY["wof"] + 0.4 * (not _int(row["population"])) + 0.2 * (not row["geonames_id"])
            + 0.1 * (row["is_current"] != "1"))


def read_wof_mena(shared: Path) -> Iterator[Record]:
    """WOF rows of the other countries of the region that have an Arabic name."""
    for code, country in WOF_MENA.items():
        path = shared / f"data/places/wof-mena/wof_{code.lower()}_places.csv.gz"
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                arabic = _split(row["names_ar_variants"])
                if not (row["name_ar"] or arabic):
                    continue
                feature_type = WOF_MENA_TYPES[row["placetype"]]
                yield Record(
                    id=f"wof:{row['wof_id']}", name_en=row["name_en"], name_ar=row["name_ar"] or arabic[0],
                    names=arabic + _split(row["names_en_variants"]),
                    lat=_float(row["latitude"]), lon=_float(row["longitude"]), feature_type=feature_type,
                    country=country, priority=_wof_priority(row), source="wof", admin1=row["region_name_en"],
                    admin2=row["county_name_en"], admin3=row["name_en"] if feature_type == "admin3" else "",
                    population=_int(row["population"]),
                )


def _syrianarchive_type(name_en: str, name_ar: str) -> str | None:
    text = f" {name_en.casefold()} {name_ar} "
    for hints, feature_type in FACILITY_HINTS:
        if any(hint in text for hint in hints):
            return feature_type
    return None


def read_syrianarchive(shared: Path) -> Iterator[Record]:
    path = shared / "data/places/syrianarchive/locations_flat.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    roots = {row["pk"]: row for row in rows if row["pk"] == row["parent_pk"]}
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        name_ar, name_en = row["name_ar"].strip().strip("\u200f"), row["name_en"].strip()
        lat, lon = _float(row["latitude"]), _float(row["longitude"])
        if lat is None or lon is None:
            continue
        dedup = (name_key(name_ar), f"{lat:.4f}", f"{lon:.4f}")
        if dedup in seen:
            continue
        seen.add(dedup)
        root = roots[row["parent_pk"]]
        root_key = name_key(root["name_ar"].strip())
        parent_hint = city_admin1 = ""
        unit_seat = False
        admin_unit = re.search(r"\s+(?:nahiyah|mantiqah)$", name_en)
        if row["pk"] == row["parent_pk"]:
            feature_type = "locality"
            name_en = name_en.title()
        elif admin_unit:  # a sub-district/district record: its seat town (or a placeholder point)
            name_en = name_en[: admin_unit.start()]
            distance = haversine_km(lat, lon, float(root["latitude"]), float(root["longitude"]))
            if distance < 2 and core_key(bare_names(name_ar)[-1]) != core_key(root["name_ar"].strip()):
                continue  # placed on the governorate seat: no real coordinates
            feature_type = "locality"
            unit_seat = True
        else:
            feature_type = _syrianarchive_type(name_en, name_ar) or ""
            distance = haversine_km(lat, lon, float(root["latitude"]), float(root["longitude"]))
            if not feature_type and (
                name_key(name_ar).startswith("حي ")
                or distance <= CITY_RADIUS_KM.get(root_key, DEFAULT_CITY_RADIUS_KM)
            ):
                feature_type = "neighbourhood"
                city_admin1 = ROOT_ADMIN1[root_key]
            feature_type = feature_type or "locality"
            parent_hint = root_key if distance <= 15 else ""
        names = [name_ar]
        if feature_type == "neighbourhood" and name_key(name_ar).startswith("حي "):
            names.append(name_key(name_ar)[3:])
        yield Record(
            id=f"sa:{row['pk']}", name_en=name_en, name_ar=name_ar, names=names, lat=lat, lon=lon,
            feature_type=feature_type, country="Syria", priority=SOURCE_PRIORITY["syrianarchive"],
            source="syrianarchive", parent_hint=parent_hint, city_admin1=city_admin1, unit_seat=unit_seat,
        )


def read_geonames(shared: Path) -> Iterator[Record]:
    path = shared / "data/places/geonames-cities500/SY_cities500.jsonl"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            arabic = [name for name in item["alternatenames"] if is_arabic(name)]
            latin = [name for name in item["alternatenames"] if not is_arabic(name) and name.isascii()][:6]
            yield Record(
                id=f"gn:{item['geonameid']}", name_en=item["name"], name_ar=arabic[0] if arabic else "",
                names=arabic[1:] + latin, lat=item["latitude"], lon=item["longitude"],
                feature_type="locality", country="Syria", priority=SOURCE_PRIORITY["geonames"],
                source="geonames", admin1=GEONAMES_ADMIN1.get(item["admin1code"], ""),
                population=_int(str(item["population"])),
            )


def read_curated(curated: Path) -> Iterator[Record]:
    for filename, (prefix, priority) in CURATED_FILES.items():
        path = curated / filename
        with path.open(encoding="utf-8", newline="") as handle:
            for line_no, row in enumerate(csv.DictReader(handle), start=2):
                where = f"{filename}:{line_no}"
                if None in row or None in row.values():
                    raise ValueError(f"{where}: wrong number of fields (quote values that contain commas)")
                if not row.get("source", "").strip():
                    raise ValueError(f"{where}: every curated row needs a source")
                if row["source"].strip().casefold().startswith("news reports"):
                    raise ValueError(f"{where}: a curated row needs a public reference, not news reports")
                if not (row.get("name_ar") or row.get("name_en")):
                    raise ValueError(f"{where}: a row needs name_ar or name_en")
                country = row["country"].strip() or "Syria"
                admin1 = row["admin1"].strip()
                if country == "Syria" and admin1 and admin1 not in PCODE_OF_ADMIN1:
                    raise ValueError(f"{where}: admin1 {admin1!r} is not an OCHA governorate name")
                source = row["source"].strip()
                lat, lon = _float(row["lat"]), _float(row["lon"])
                if (lat is None) != (lon is None):
                    raise ValueError(f"{where}: lat and lon go together")
                country_slug = "" if country == "Syria" else slug(country) + "-"
                yield Record(
                    id=f"{prefix}:{country_slug}{slug(row['name_en'] or row['name_ar'])}",
                    name_en=row["name_en"].strip(), name_ar=row["name_ar"].strip(),
                    names=_split(row.get("names")), lat=lat, lon=lon,
                    feature_type=row["feature_type"].strip(), country=country, priority=priority,
                    source=f"curated:{filename}: {source}", admin1=admin1,
                    population=_int(row.get("population")),
                    approximate="centroid" in source.casefold() or "approximate" in source.casefold(),
                    parent_hint=name_key(row.get("parent_city", "") or ""), type_is_curated=True,
                )


# --------------------------------------------------------------------------- merging


def merge_records(records: Iterable[Record]) -> list[Record]:
    """Merge records of one place (see the module docstring); most preferred first."""
    merged: list[Record] = []
    by_key: dict[tuple[str, str, str, str], list[Record]] = defaultdict(list)
    for record in sorted(records, key=lambda item: (item.priority, item.id)):
        keys = record.merge_keys()
        scope = _merge_scope(record)
        target = _merge_target(record, [by_key.get((record.country, record.group, scope, key), []) for key in keys])
        if target is None:
            record.members = [record]
            merged.append(record)
            target = record
        else:
            _absorb(target, record)
        for key in keys:
            bucket = by_key[(record.country, record.group, scope, key)]
            if target not in bucket:
                bucket.append(target)
    return merged


def _merge_scope(record: Record) -> str:
    """Outside Syria a district merges only with districts of the same first-level unit."""
    return record.admin1 if record.country != "Syria" and record.group in ("admin2", "admin3") else ""


def _merge_limit(record: Record) -> float:
    """Merge distance in km: any for a country and, outside Syria, for a first-level unit (one name per
    country; curated points and WOF centroids of large regions lie far apart)."""
    if record.group == "country" or (record.group == "admin1" and record.country != "Syria"):
        return math.inf
    return ADMIN_MERGE_KM if record.group in ADMIN_TYPES else MERGE_KM


def _merge_target(record: Record, buckets: list[list[Record]]) -> Record | None:
    """The nearest record of ``buckets`` within the merge distance that ``record`` may join."""
    if record.lat is None or record.lon is None:
        return None
    separate = record.group in ADMIN_TYPES and record.country != "Syria" and record.source == "wof"
    target, best = None, _merge_limit(record)
    for bucket in buckets:
        for candidate in bucket:
            limit = max(best, APPROXIMATE_MERGE_KM) if target is None and _approximate_town(record, candidate) \
                else best
            if candidate.lat is None or candidate.lon is None or abs(candidate.lat - record.lat) * 111.0 > limit:
                continue
            if separate and any(member.source == "wof" for member in candidate.members):
                continue  # WOF's own admin units are distinct records
            distance = haversine_km(record.lat, record.lon, candidate.lat, candidate.lon)
            if distance <= limit:
                best, target = distance, candidate
    return target


def _approximate_town(record: Record, candidate: Record) -> bool:
    """One of two settlements has an approximate point (a neighbourhood's is its city's centre: never)."""
    return (record.approximate or candidate.approximate) and all(
        item.feature_type in SETTLEMENT_MERGE_TYPES for item in (record, candidate))


SETTLEMENT_MERGE_TYPES = ("city", "town", "village", "locality")


def _absorb(target: Record, record: Record) -> None:
    target.members.append(record)
    target.names.extend(record.all_names())
    if record.population is not None and (target.population is None or record.population > target.population):
        target.population = record.population
    if not target.name_ar:
        target.name_ar = record.name_ar
    if not target.admin1:
        target.admin1 = record.admin1
    if not target.parent_hint:
        target.parent_hint = record.parent_hint
    if target.approximate and not record.approximate and record.lat is not None:
        target.lat, target.lon, target.approximate = record.lat, record.lon, False
    if record.type_is_curated and not target.type_is_curated:
        target.feature_type, target.type_is_curated = record.feature_type, True
    elif target.feature_type == "locality" and record.feature_type not in ("locality", "neighbourhood"):
        target.feature_type = record.feature_type


# --------------------------------------------------------------------------- attribution


@dataclass
class AdminIndex:
    governorates: list[Area]
    subdistricts: dict[str, list[Record]]  # admin1 -> sub-district records
    district_name: dict[str, str]  # SYxxxx -> district English name

    def attribute(self, record: Record) -> None:
        if record.feature_type in ADMIN_TYPES:
            if record.feature_type in ("admin2", "admin3"):
                record.admin2 = self.district_name[record.pcode[:6]]
            if record.feature_type == "admin3":
                record.admin3 = record.name_en
            return
        if record.lat is not None and record.lon is not None:
            admin1 = locate(self.governorates, record.lat, record.lon)
            if record.type_is_curated and record.admin1:
                if admin1 and admin1 != record.admin1:  # reviewed value wins; shown for review
                    print(f"note: {record.id}: curated admin1 {record.admin1}, polygon {admin1}")
            else:
                record.admin1 = admin1 or record.admin1
            if record.city_admin1 and record.city_admin1 != record.admin1 and not record.type_is_curated:
                record.feature_type = "locality"  # near a city but outside its governorate
        if not record.admin1:
            return
        record.pcode = PCODE_OF_ADMIN1[record.admin1]
        if record.lat is None or record.lon is None:
            return
        lat, lon = record.lat, record.lon
        nearest = min(
            self.subdistricts[record.admin1],
            key=lambda sub: haversine_km(lat, lon, sub.lat or 0.0, sub.lon or 0.0),
        )
        record.admin3, record.pcode = nearest.name_en, nearest.pcode
        record.admin2 = self.district_name[nearest.pcode[:6]]


def attribute_abroad(record: Record, regions: dict[str, list[Area]]) -> None:
    """Admin units of a place outside Syria: its WOF record's, else the region polygon holding it."""
    if record.feature_type == "country":
        record.admin1 = record.admin2 = ""
        return
    wof = next((member for member in record.members if member.source == "wof" and member.admin1), None)
    if wof is not None:
        record.admin1, record.admin2 = wof.admin1, wof.admin2
    elif record.lat is not None and record.lon is not None:
        record.admin1 = locate(regions.get(record.country, []), record.lat, record.lon) or record.admin1


def classify_localities(records: list[Record], seat_levels: tuple[tuple[str, str, float], ...]) -> None:
    """Turn ``locality`` records into city / town / village (population; admin seats, see ``seat_levels``).

    ``seat_levels`` holds (unit type, level of its seat, km): a locality sharing a name with a unit
    of that type in its first-level unit, within that distance, is its seat.
    """
    levels = {unit: (level, km) for unit, level, km in seat_levels}
    seats: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
    for record in records:
        if record.feature_type in levels:
            for name in record.all_names():
                if is_arabic(name):
                    seats[(record.country, record.admin1, core_key(name))].append(record)
    for record in records:
        if record.feature_type != "locality":
            continue
        level = "village"
        if record.population and record.population >= 50_000:
            level = "city"
        elif record.population and record.population >= 5_000:
            level = "town"
        if level != "city" and record.lat is not None and record.lon is not None:
            for key in record.merge_keys():
                for unit in seats.get((record.country, record.admin1, key), []):
                    seat_level, km = levels[unit.feature_type]
                    if haversine_km(record.lat, record.lon, unit.lat or 0.0, unit.lon or 0.0) > km:
                        continue
                    level = "city" if seat_level == "city" else ("town" if level == "village" else level)
        record.feature_type = level


PLACEHOLDER_KM = 3.0  # a district record's point this close to a city of another name is a placeholder


def without_placeholder_seats(records: list[Record]) -> list[Record]:
    """Leave out district and sub-district records of one source whose point is another city's: a district
    filed under the wrong governorate and placed on a governorate seat ("تل أبيض" at Raqqa's centre, 80 km
    from Tall Abyad) gives the name a second, false place."""
    cities = [record for record in records if record.feature_type == "city" and record.lat is not None]
    kept = []
    for record in records:
        if record.unit_seat and len(record.members) == 1 and record.lat is not None and record.lon is not None:
            own = {core_key(name) for name in record.all_names() if is_arabic(name)}
            if any(haversine_km(record.lat, record.lon, city.lat or 0.0, city.lon or 0.0) <= PLACEHOLDER_KM
                   and not own & {core_key(name) for name in city.all_names() if is_arabic(name)}
                   for city in cities):
                continue
        kept.append(record)
    return kept


_CELL_DEGREES = 0.5  # grid of towns for the nearest-city search (limits up to 25 km)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEGREES), math.floor(lon / _CELL_DEGREES)


def assign_parents(records: list[Record]) -> None:
    """Set ``parent_city`` of neighbourhoods and facilities: named city, else the nearest one."""
    grid: dict[tuple[str, int, int], list[Record]] = defaultdict(list)
    by_key: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for town in records:
        if town.feature_type not in ("city", "town", "village"):
            continue
        for name in town.all_names():
            by_key[(town.country, name_key(name))].append(town)
        if town.feature_type != "village" and town.lat is not None and town.lon is not None:
            grid[(town.country, *_cell(town.lat, town.lon))].append(town)
    for record in records:
        if record.group != "facility" and record.feature_type != "neighbourhood":
            continue
        if record.feature_type in ("road", "region", "mountain") and not record.parent_hint:
            continue  # extended features belong to no one city
        candidates: list[Record] = []
        if record.parent_hint:
            candidates = by_key.get((record.country, record.parent_hint), [])
            if not candidates:
                print(f"warning: {record.id}: parent city {record.parent_hint!r} not found")
        if record.lat is None or record.lon is None:
            if candidates:
                record.parent_city = max(candidates, key=lambda town: (town.importance, town.id)).id
            continue
        lat, lon = record.lat, record.lon
        row, column = _cell(lat, lon)
        pool = candidates or [
            town for dy in (-1, 0, 1) for dx in (-1, 0, 1)
            for town in grid.get((record.country, row + dy, column + dx), [])
        ]
        limit = 60.0 if candidates else (15.0 if record.feature_type == "neighbourhood" else 25.0)
        scored = [(haversine_km(lat, lon, town.lat or 0.0, town.lon or 0.0), town.id, town) for town in pool]
        scored = [item for item in scored if item[0] <= limit]
        if scored:
            record.parent_city = min(scored)[2].id


def importance(record: Record) -> float:
    base = IMPORTANCE_BASE.get(record.feature_type, 25)
    population = min(35.0, 5 * math.log10(record.population + 1)) if record.population else 0.0
    sources = len({member.source.split(":")[0] for member in record.members})
    return round(base + population + 2 * (sources - 1), 1)


# --------------------------------------------------------------------------- output


def _clean(text: str) -> str:
    """A field of the output: no tab, line break or name separator inside."""
    return " ".join(text.replace("|", " ").split())


def row_of(record: Record) -> list[str]:
    """The output row of a place (``marsad.places.gazetteer.COLUMNS``)."""
    names = [_clean(name) for name in record.all_names()]
    sources = list(dict.fromkeys(member.source for member in record.members))
    fields = [_clean(value) for value in (
        record.id, record.name_en, record.name_ar, "", "" if record.lat is None else f"{record.lat:.5f}",
        "" if record.lon is None else f"{record.lon:.5f}", record.feature_type, record.country, record.admin1,
        record.admin2, record.admin3, record.pcode, record.parent_city,
        "" if record.population is None else str(record.population), f"{record.importance:g}", "; ".join(sources),
    )]
    fields[3] = "|".join(dict.fromkeys(name for name in names if name))
    return fields


def build(shared: Path, curated: Path) -> list[Record]:
    """Read, merge and attribute every source; places sorted by id."""
    check_sources(shared, curated)
    check_countries(shared)
    records: list[Record] = []
    readers = (read_opensyria(shared), read_wof(shared), read_wof_mena(shared), read_syrianarchive(shared),
               read_geonames(shared), read_curated(curated))
    for reader in readers:
        records.extend(reader)
    merged = merge_records(records)
    admin3 = [record for record in merged if record.feature_type == "admin3" and record.country == "Syria"]
    admin2 = {record.pcode: record.name_en for record in merged if record.feature_type == "admin2" and record.pcode}
    index = AdminIndex(load_governorates(shared), defaultdict(list), admin2)
    for record in admin3:
        index.subdistricts[record.admin1].append(record)
    regions = load_regions(shared)
    for record in merged:
        if record.country == "Syria":
            index.attribute(record)
        elif record.country in regions:
            attribute_abroad(record, regions)
    classify_localities([record for record in merged if record.country == "Syria"], SYRIA_SEATS)
    classify_localities([record for record in merged if record.country != "Syria"], ABROAD_SEATS)
    merged = without_placeholder_seats(merged)
    for record in merged:
        record.importance = importance(record)
    assign_parents(merged)
    ids = [record.id for record in merged]
    if len(ids) != len(set(ids)):
        duplicates = sorted({item for item in ids if ids.count(item) > 1})
        raise ValueError(f"duplicate ids: {duplicates[:10]}")
    return sorted(merged, key=lambda record: record.id)


def write(records: list[Record], out: Path) -> None:
    """Write the places, an empty line and the index (see ``marsad.places.gazetteer``)."""
    lines = ["\t".join(FILE_COLUMNS)]
    by_key: dict[str, list[str]] = defaultdict(list)
    for record in records:
        row = row_of(record)
        keys = name_keys([row[1], row[2], *row[3].split("|")])
        lines.append("\t".join([*row, "|".join(keys)]))
        for key in dict.fromkeys(search_key(key) for key in keys):
            by_key[key].append(row[0])
    lines.append("")
    lines.append("\t".join(INDEX_COLUMNS))
    lines.extend(f"{key}\t" + "\t".join(ids) for key, ids in sorted(by_key.items()))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    parser.add_argument("--curated", type=Path, default=DEFAULT_CURATED, help="hand-curated CSV folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output .tsv.gz")
    args = parser.parse_args(argv)
    try:
        records = build(args.shared, args.curated)
    except (FileNotFoundError, ValueError) as e:
        parser.error(str(e))
    write(records, args.out)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for record in records:
        counts[(record.country, record.feature_type)] += 1
    for (country, feature_type), count in sorted(counts.items()):
        print(f"{country}\t{feature_type}\t{count}")
    print(f"{len(records)} places -> {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
