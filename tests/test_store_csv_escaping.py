"""Spreadsheet formula injection on both backends: text cells of the ACLED CSV that a spreadsheet would run
as a formula are escaped with a leading quote, in both layouts; numbers, negative coordinates included,
stay numbers."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pandas as pd
import pytest

from conftest import load_example
from marsad.ingest.jsonl import article_from_jsonl
from marsad.model import Event
from marsad.store import Filters, Store
from marsad.store.export import export, safe_cell
from test_store_backends import new_schema, postgres_url, sample_items, store, store_url  # noqa: F401

#: Text fields set by a review edit, each opening with a character a spreadsheet reads as a formula.
HOSTILE = {
    "notes": '=HYPERLINK("http://example.org/x","click")',
    "actor1": "+SUM(1,2)",
    "location": "-2+3+cmd|' /C calc'!A0",
    "admin1": "@SUM(1+1)",
    "actor2": "\t=1+1",
    "assoc_actor_1": "\r=1+1",
}


def _edited_store(store: Store) -> Store:
    store.add_articles(sample_items()[:3])
    event = store.list_events(Filters(), limit=1)[1][0]
    store.review_event(event["id"], action="edit", reviewer="rana",
                       changes={**HOSTILE, "latitude": -36.2, "longitude": -12.5, "fatalities": 3})
    return store


@pytest.mark.parametrize("layout", ["current", "classic"])
def test_formula_cells_are_escaped_and_coordinates_stay_numbers(store: Store, layout: str) -> None:
    text_out = "".join(export(_edited_store(store).iter_events(Filters(status="edited")), "acled-csv", layout=layout))
    (row,) = csv.DictReader(io.StringIO(text_out))
    for name, value in HOSTILE.items():
        if name in row:
            assert row[name] == "'" + value.replace("\r", "\n"), name  # a line break in a cell is always quoted
    assert (row["latitude"], row["longitude"], row["fatalities"]) == ("-36.2000", "-12.5000", "3")
    frame = pd.read_csv(io.StringIO(text_out))
    assert frame["latitude"].dtype.kind == frame["longitude"].dtype.kind == "f"
    assert (frame["latitude"][0], frame["longitude"][0], frame["fatalities"][0]) == (-36.2, -12.5, 3)


def test_every_exported_coordinate_is_a_number(store: Store) -> None:
    text_out = "".join(export(_edited_store(store).iter_events(Filters()), "acled-csv"))
    rows = list(csv.DictReader(io.StringIO(text_out)))
    assert any(row["latitude"].startswith("-") for row in rows)
    for row in rows:
        for name in ("latitude", "longitude"):
            assert row[name] == "" or float(row[name]) == pytest.approx(float(row[name])), (name, row[name])
            assert not row[name].startswith("'"), (name, row[name])


def test_an_outlet_from_a_jsonl_record_is_escaped_in_source(store: Store) -> None:
    page, gold = load_example("seed-0001")
    outlet = '=HYPERLINK("http://example.org","news")'
    line = json.dumps({"text": page, "source": outlet, "date": gold["published"]}, ensure_ascii=False)
    article = article_from_jsonl(line)
    assert article.meta.outlet == outlet
    article.set_layer("events", [Event(0, 10, event_type="Battles", sub_event_type="Armed clash",
                                       event_date=gold["published"], location="Kabajeb", country="Syria",
                                       latitude=35.05, longitude=39.73, geo_precision=2)])
    store.add_articles([(article, page)])
    for layout in ("current", "classic"):
        (row,) = csv.DictReader(io.StringIO("".join(export(store.iter_events(Filters()), "acled-csv", layout=layout))))
        assert row["source"] == "'" + outlet
        assert (row["latitude"], row["longitude"]) == ("35.0500", "39.7300")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-5", "'-5"), ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("\rx", "'\nx"),
        ("a\r\nb\rc", "a\nb\nc"), ("Kabajeb", "Kabajeb"), ("", ""), ("'=1", "'=1"), (-5, -5), (-36.2, -36.2),
        (Decimal("-36.2000"), Decimal("-36.2000")),
    ],
)
def test_safe_cell_escapes_text_only(value: object, expected: object) -> None:
    assert safe_cell(value) == expected
