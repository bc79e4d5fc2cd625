"""Exports of events: ACLED CSV (today's columns, or the older codebook's with ``layout="classic"``), GeoJSON,
JSONL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

from ..events.taxonomy import disorder_type, interaction_code
from ..places.countries import packaged_countries
from ..text.calendar import iso_date

EXPORT_FORMATS = ("acled-csv", "geojson", "jsonl")
MEDIA_TYPES = {"acled-csv": "text/csv", "geojson": "application/geo+json", "jsonl": "application/x-ndjson"}
SUFFIXES = {"acled-csv": ".csv", "geojson": ".geojson", "jsonl": ".jsonl"}

#: The columns of ACLED's exports and API today, in their order (the default layout).
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
#: The older codebook's 31 columns (acledR), for code written against it (``--layout classic``).
CLASSIC_COLUMNS = (
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "timestamp", "iso3",
)
LAYOUTS = {"current": ACLED_COLUMNS, "classic": CLASSIC_COLUMNS}
CIVILIANS = 7  # ACLED's actor type of civilians
DEMONSTRATIONS = ("Protests", "Riots")
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


def acled_row(record: dict[str, Any], *, layout: str = "current") -> dict[str, Any]:
    """One event as an ACLED row in ``layout`` (``current``: today's columns, ISO dates; ``classic``: the
    older codebook's, dd-mm-yyyy dates). Every cell is text or a number; none is ``None``."""
    number = int(record["id"][:7], 16)
    country_name = record.get("country") or ""
    country = packaged_countries().get(country_name)
    iso, iso3, region = (country.iso, country.iso3, country.region) if country else ("", "", "")
    day = iso_date(record.get("event_date"))
    inter1, inter2 = record.get("inter1"), record.get("inter2")
    interaction = interaction_code(inter1, inter2)
    event_type, sub_event_type = record.get("event_type") or "", record.get("sub_event_type") or ""
    sources = record.get("sources") or []
    row: dict[str, Any] = {
        "event_id_cnty": f"{iso3 or 'XXX'}{number}",
        "event_date": (day.isoformat() if layout == "current" else day.strftime("%d-%m-%Y")) if day else "",
        "year": day.year if day else "",
        "time_precision": record.get("time_precision") or 1,
        "disorder_type": disorder_type(event_type, sub_event_type),
        "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": record.get("actor1") or "", "assoc_actor_1": record.get("assoc_actor_1") or "",
        "inter1": "" if inter1 is None else inter1,
        "actor2": record.get("actor2") or "", "assoc_actor_2": record.get("assoc_actor_2") or "",
        "inter2": "" if inter2 is None else inter2,
        "interaction": "" if interaction is None else interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == CIVILIANS or inter1 == CIVILIANS else "",
        "iso": iso, "region": region, "country": country_name,
        "admin1": record.get("admin1") or "", "admin2": record.get("admin2") or "",
        "admin3": record.get("admin3") or "", "location": record.get("location") or "",
        "latitude": _coordinate(record.get("latitude")), "longitude": _coordinate(record.get("longitude")),
        "geo_precision": record.get("geo_precision") or 3,
        "source": source_names(sources), "source_scale": "",
        "notes": record.get("notes") or "", "fatalities": record.get("fatalities") or 0,
        "tags": _tags(event_type), "timestamp": _timestamp(record, sources),
        "data_id": number, "event_id_no_cnty": number, "iso3": iso3,
    }
    return {name: row[name] for name in LAYOUTS[layout]}


def _tags(event_type: str) -> str:
    """ACLED's tags: a demonstration's crowd size, which Marsad does not estimate ("no report")."""
    return "crowd size=no report" if event_type in DEMONSTRATIONS else ""


def source_names(sources: Iterable[dict[str, Any]]) -> str:
    """The outlets of an event's sources ("; " between them, sorted); the URL's host where no outlet is named."""
    names = set()
    for source in sources:
        outlet = (source.get("outlet") or "").strip()
        host = urlparse(source.get("url") or "").hostname or ""
        if outlet or host:
            names.add(outlet or host.removeprefix("www."))
    return "; ".join(sorted(names))


def _timestamp(record: dict[str, Any], sources: list[dict[str, Any]]) -> int:
    """When the event was last changed: a review's time, else the day of its latest source (a function of the
    data, so the same inputs give the same export)."""
    if record.get("status") not in (None, "machine") and record.get("updated_at"):
        return int(datetime.fromisoformat(str(record["updated_at"])).timestamp())
    days = [day for day in (iso_date(source.get("published")) for source in sources) if day]
    if not days:
        return 0
    latest = max(days)
    return int(datetime(latest.year, latest.month, latest.day, tzinfo=UTC).timestamp())


def _coordinate(value: float | None) -> Decimal | str:
    """A coordinate to four decimals, as a number: a negative one is no text cell to escape."""
    return "" if value is None else Decimal(f"{value:.4f}")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula ("=…", "+…", "-…", "@…", tab, carriage return) gets a
    leading quote (OWASP); its carriage returns become line feeds, which the writer always quotes (it leaves a lone
    carriage return bare, and readers take that for the end of the row). Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_LEAD):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def acled_csv(records: Iterable[dict[str, Any]], *, layout: str = "current") -> Iterator[str]:
    """Yield the CSV in chunks: the header, then one line per event (text cells that could be read as a
    spreadsheet formula are escaped)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=LAYOUTS[layout], lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({name: safe_cell(value) for name, value in acled_row(record, layout=layout).items()})
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def geojson(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Yield a GeoJSON FeatureCollection of points (geometry null where the place is unknown)."""
    yield '{"type":"FeatureCollection","features":['
    for index, record in enumerate(records):
        latitude, longitude = record.get("latitude"), record.get("longitude")
        geometry = None if latitude is None or longitude is None else {
            "type": "Point", "coordinates": [longitude, latitude]}
        feature = {"type": "Feature", "id": record["id"], "geometry": geometry, "properties": record}
        yield ("," if index else "") + json.dumps(feature, ensure_ascii=False)
    yield "]}\n"


def jsonl(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Yield one JSON object per event and line."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def export(records: Iterable[dict[str, Any]], export_format: str, *, layout: str = "current") -> Iterator[str]:
    """Yield the text of an export in ``acled-csv`` (in ``layout``), ``geojson`` or ``jsonl``."""
    if export_format == "acled-csv":
        return acled_csv(records, layout=layout)
    writers = {"geojson": geojson, "jsonl": jsonl}
    return writers[export_format](records)
