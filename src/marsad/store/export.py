"""Exports of events: ACLED-style CSV (the 31 classic columns, in ACLED's order), GeoJSON, JSONL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from ..text.calendar import iso_date

EXPORT_FORMATS = ("acled-csv", "geojson", "jsonl")
MEDIA_TYPES = {"acled-csv": "text/csv", "geojson": "application/geo+json", "jsonl": "application/x-ndjson"}
SUFFIXES = {"acled-csv": ".csv", "geojson": ".geojson", "jsonl": ".jsonl"}

#: ACLED's columns in ACLED's order (acledR codebook).
ACLED_COLUMNS = (
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "timestamp", "iso3",
)
# ISO 3166 numeric and alpha-3 codes and ACLED regions of the countries Marsad covers.
COUNTRIES: dict[str, tuple[int, str, str]] = {
    "Syria": (760, "SYR", "Middle East"), "Iraq": (368, "IRQ", "Middle East"),
    "Lebanon": (422, "LBN", "Middle East"), "Turkey": (792, "TUR", "Middle East"),
    "Israel": (376, "ISR", "Middle East"), "Palestine": (275, "PSE", "Middle East"),
    "Jordan": (400, "JOR", "Middle East"), "Yemen": (887, "YEM", "Middle East"),
    "Saudi Arabia": (682, "SAU", "Middle East"), "Iran": (364, "IRN", "Middle East"),
    "Egypt": (818, "EGY", "Northern Africa"), "Libya": (434, "LBY", "Northern Africa"),
    "Sudan": (729, "SDN", "Northern Africa"), "Tunisia": (788, "TUN", "Northern Africa"),
    "Algeria": (12, "DZA", "Northern Africa"), "Morocco": (504, "MAR", "Northern Africa"),
}


def acled_row(record: dict[str, Any]) -> dict[str, Any]:
    """One event as an ACLED row: numeric ids from the event id, dates as dd-mm-yyyy (codebook)."""
    number = int(record["id"][:7], 16)
    country = record.get("country") or "Syria"
    iso, iso3, region = COUNTRIES.get(country, (0, "", ""))
    day = iso_date(record.get("event_date"))
    inter1, inter2 = record.get("inter1") or 0, record.get("inter2") or 0
    interaction = record.get("interaction")
    if interaction is None:
        interaction = int(f"{min(inter1, inter2)}{max(inter1, inter2)}") if inter1 and inter2 else inter1 * 10
    sources = record.get("sources") or []
    updated = record.get("updated_at")
    return {
        "data_id": number, "iso": iso, "event_id_cnty": f"{iso3 or 'XXX'}{number}", "event_id_no_cnty": number,
        "event_date": day.strftime("%d-%m-%Y") if day else "", "year": day.year if day else "",
        "time_precision": record.get("time_precision") or 1, "event_type": record.get("event_type") or "",
        "sub_event_type": record.get("sub_event_type") or "", "actor1": record.get("actor1") or "",
        "assoc_actor_1": record.get("assoc_actor_1") or "", "inter1": inter1, "actor2": record.get("actor2") or "",
        "assoc_actor_2": record.get("assoc_actor_2") or "", "inter2": inter2, "interaction": interaction,
        "region": region, "country": country, "admin1": record.get("admin1") or "",
        "admin2": record.get("admin2") or "", "admin3": record.get("admin3") or "",
        "location": record.get("location") or "", "latitude": _coordinate(record.get("latitude")),
        "longitude": _coordinate(record.get("longitude")), "geo_precision": record.get("geo_precision") or 3,
        "source": "; ".join(dict.fromkeys(item["outlet"] for item in sources if item.get("outlet"))),
        "source_scale": "", "notes": record.get("notes") or record.get("evidence") or "",
        "fatalities": record.get("fatalities") or 0,
        "timestamp": int(datetime.fromisoformat(updated).timestamp()) if updated else 0, "iso3": iso3,
    }


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def acled_csv(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Yield the CSV in chunks: the header, then one line per event."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(acled_row(record))
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


def export(records: Iterable[dict[str, Any]], export_format: str) -> Iterator[str]:
    """Yield the text of an export in ``acled-csv``, ``geojson`` or ``jsonl``."""
    writers = {"acled-csv": acled_csv, "geojson": geojson, "jsonl": jsonl}
    return writers[export_format](records)
