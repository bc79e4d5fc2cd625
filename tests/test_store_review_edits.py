"""Review edits on both backends: every event field keeps its rule, through the store and the API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.errors import InputError
from marsad.store import Filters, Store
from test_api import AUTH, writer  # noqa: F401  (the API with a write token over a fresh store)
from test_store_backends import new_schema, postgres_url, sample_items, store, store_url  # noqa: F401

TOMORROW = (date.today() + timedelta(days=2)).isoformat()
#: Edits the store must refuse, with the field the message has to name.
BAD_EDITS: list[tuple[dict[str, Any], str]] = [
    ({"fatalities": -5}, "fatalities"),
    ({"fatalities": 10**30}, "fatalities"),
    ({"fatalities": 100_001}, "fatalities"),
    ({"fatalities": 2.5}, "fatalities"),
    ({"fatalities": True}, "fatalities"),
    ({"fatalities": "many"}, "fatalities"),
    ({"event_date": "9999-99-99"}, "event_date"),
    ({"event_date": "2024-02-30"}, "event_date"),
    ({"event_date": "14/07/2025"}, "event_date"),
    ({"event_date": TOMORROW}, "event_date"),
    ({"event_date": "0001-01-01"}, "event_date"),
    ({"event_date": None}, "event_date"),
    ({"event_type": "Nonsense"}, "event_type"),
    ({"event_type": None}, "event_type"),
    ({"event_type": "Protests"}, "sub_event_type"),  # the stored sub-type (Armed clash) is no protest
    ({"sub_event_type": "Air/drone strike"}, "sub_event_type"),  # not a sub-type of Battles
    ({"event_type": "Riots", "sub_event_type": "Armed clash"}, "sub_event_type"),
    ({"time_precision": 0}, "time_precision"),
    ({"time_precision": 4}, "time_precision"),
    ({"geo_precision": 99}, "geo_precision"),
    ({"latitude": 91.0}, "latitude"),
    ({"longitude": -180.5}, "longitude"),
    ({"latitude": float("nan")}, "latitude"),
    ({"latitude": "35.1"}, "latitude"),
    ({"latitude": None}, "latitude"),  # the event has a longitude: both or neither
    ({"inter1": 9}, "inter1"),
    ({"inter2": -1}, "inter2"),
    ({"interaction": 99}, "interaction"),
    ({"confidence": 1.5}, "confidence"),
    ({"notes": "x" * 4001}, "notes"),
    ({"actor1": "x" * 201}, "actor1"),
    ({"location": 7}, "location"),
    ({"notes": "a\x00b"}, "notes"),
    ({"colour": "red"}, "colour"),
]


def _first_event(store: Store) -> dict[str, Any]:
    store.add_articles(sample_items()[:3])
    event = store.list_events(Filters(), limit=1)[1][0]
    assert (event["event_type"], event["sub_event_type"]) == ("Battles", "Armed clash")
    assert None not in (event["latitude"], event["longitude"])
    return event


@pytest.mark.parametrize(("changes", "field"), BAD_EDITS)
def test_store_refuses_an_edit_that_breaks_a_rule(store: Store, changes: dict[str, Any], field: str) -> None:
    event = _first_event(store)
    with pytest.raises(InputError, match=field):
        store.review_event(event["id"], action="edit", reviewer="rana", changes=changes)
    record = store.get_event(event["id"])
    assert record is not None
    assert (record["version"], record["status"], record["reviews"]) == (1, "machine", [])
    assert len(record["versions"]) == 1


def test_store_accepts_an_edit_within_the_rules(store: Store) -> None:
    event = _first_event(store)
    today = date.today().isoformat()
    changes = {
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "event_date": today,
        "time_precision": 3, "geo_precision": 1, "fatalities": 100_000, "latitude": -36.2, "longitude": 180,
        "inter1": 8, "inter2": 0, "interaction": 8, "confidence": 1, "notes": "=1+1", "admin2": None,
        "actor1": "x" * 200,
    }
    edited = store.review_event(event["id"], action="edit", reviewer="rana", changes=changes)
    assert (edited["version"], edited["status"]) == (2, "edited")
    assert {name: edited[name] for name in changes} == changes
    moved = store.review_event(event["id"], action="edit", reviewer="rana",
                               changes={"sub_event_type": "Shelling/artillery/missile attack"})
    assert moved["sub_event_type"] == "Shelling/artillery/missile attack"
    cleared = store.review_event(event["id"], action="edit", reviewer="rana",
                                 changes={"latitude": None, "longitude": None, "fatalities": None})
    assert (cleared["latitude"], cleared["longitude"], cleared["fatalities"]) == (None, None, None)
    assert cleared["version"] == 4


def test_api_refuses_invalid_edits_with_the_error_shape(writer: TestClient) -> None:
    event = writer.get("/events", params={"limit": 1}).json()["items"][0]
    url = f"/events/{event['id']}/review"
    for changes, field in [
        ({"fatalities": -5, "event_date": "9999-99-99", "event_type": "Nonsense", "geo_precision": 99}, "fatalities"),
        ({"fatalities": 10**30}, "fatalities"),
        ({"colour": "red"}, "colour"),
    ]:
        response = writer.post(url, headers=AUTH, json={"action": "edit", "reviewer": "rana", "changes": changes})
        assert response.status_code == 422, response.text
        body = response.json()
        assert set(body) == {"error"}
        assert body["error"]["code"] == "invalid_request"
        assert field in body["error"]["message"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    infinite = b'{"action": "edit", "reviewer": "rana", "changes": {"latitude": 1e400}}'
    response = writer.post(url, headers={**AUTH, "Content-Type": "application/json"}, content=infinite)
    assert response.status_code == 422, response.text
    assert "latitude" in response.json()["error"]["message"]
    response = writer.post(url, headers=AUTH, json={"action": "edit", "reviewer": "rana", "changes": {
        "fatalities": -5, "event_date": "9999-99-99", "event_type": "Nonsense", "geo_precision": 99}})
    message = response.json()["error"]["message"]
    for field in ("fatalities", "event_date", "event_type", "geo_precision"):
        assert field in message
    record = writer.get(f"/events/{event['id']}").json()
    assert (record["version"], record["reviews"]) == (1, [])
    assert record["fatalities"] == event["fatalities"]
