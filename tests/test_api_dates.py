"""The API's date filters on both backends: ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` (a year or a month is
its first day for ``date_from`` and its last for ``date_to``), declared as a pattern that accepts exactly
what the server does; anything else is a 422 in the one error shape that says which forms there are."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.errors import InputError
from marsad.store import Store
from marsad.store.filters import DATE_PATTERN, date_bound
from test_store_backends import filled_store, new_schema, postgres_url  # noqa: F401

DATED_OPERATIONS = ("/articles", "/events", "/search", "/stats", "/export")


@pytest.fixture(scope="module")
def client(filled_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(filled_store)) as test_client:
        yield test_client


def _event_dates(client: TestClient, **params: str) -> list[str]:
    body = client.get("/events", params={"limit": 200, **params}).json()
    assert body["total"] == len(body["items"]), body
    return sorted(item["event_date"] for item in body["items"])


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2020", "2020-01-01", "2020-12-31"),
        ("2020-07", "2020-07-01", "2020-07-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("1900-02", "1900-02-01", "1900-02-28"),
        ("2000-02", "2000-02-01", "2000-02-29"),
        ("2020-07-05", "2020-07-05", "2020-07-05"),
        ("0001", "0001-01-01", "0001-12-31"),
        ("9999-12", "9999-12-01", "9999-12-31"),
    ],
)
def test_a_year_or_month_is_its_first_day_from_and_its_last_day_to(text: str, first: str, last: str) -> None:
    assert date_bound(text) == first
    assert date_bound(text, end=True) == last


def test_the_three_forms_select_events(client: TestClient) -> None:
    july = _event_dates(client, date_from="2020-07-01", date_to="2020-07-31")
    assert july
    assert all(day.startswith("2020-07") for day in july)
    assert _event_dates(client, date_from="2020-07", date_to="2020-07") == july
    year = _event_dates(client, date_from="2020-01-01", date_to="2020-12-31")
    assert _event_dates(client, date_from="2020", date_to="2020") == year
    assert set(july) <= set(year)
    assert _event_dates(client, date_from="2020") == _event_dates(client, date_from="2020-01-01")
    assert _event_dates(client, date_to="2020") == _event_dates(client, date_to="2020-12-31")
    assert _event_dates(client, date_from="2020-07-05", date_to="2020-07") == [
        day for day in july if day >= "2020-07-05"]


def test_the_three_forms_select_articles_by_publication(client: TestClient) -> None:
    def published(**params: str) -> list[str]:
        return sorted(item["published"] for item in client.get("/articles", params={"limit": 200, **params})
                      .json()["items"])

    year = published(date_from="2025", date_to="2025")
    assert year == published(date_from="2025-01-01", date_to="2025-12-31")
    assert year
    assert all(day.startswith("2025") for day in year)
    assert published(date_from="2025-07", date_to="2025-08") == [
        day for day in year if "2025-07-01" <= day <= "2025-08-31"]


@pytest.mark.parametrize("path", DATED_OPERATIONS)
def test_every_dated_operation_takes_a_year(client: TestClient, path: str) -> None:
    params = {"date_from": "2020", "date_to": "2021-02"} | ({"q": "دير الزور"} if path == "/search" else {})
    assert client.get(path, params=params).status_code == 200


@pytest.mark.parametrize(
    "text",
    ["yesterday", "2020-13", "2020-00", "2021-02-29", "1900-02-29", "2020-04-31", "2020-01-32", "0000", "0000-01",
     "20200101", "202", "20201", "2020-1", "2020-01-1", "2020-01-01T00:00:00", "2020/01/01", " 2020", "2020 ",
     "2020\n", "+2020", "-2020", "٢٠٢٠", "２０２０", "2020-07-05-01", ""],
)
def test_other_forms_are_a_clear_422(client: TestClient, text: str) -> None:
    for name in ("date_from", "date_to"):
        response = client.get("/events", params={name: text})
        assert response.status_code == 422, (name, text, response.text)
        error = response.json()["error"]
        assert set(response.json()) == {"error"}
        assert error["code"] == "invalid_request"
        assert error["message"].startswith(f"{name}: ")
        assert "YYYY, YYYY-MM or YYYY-MM-DD" in error["message"]
        assert "Datetimes" not in error["message"]


@pytest.mark.parametrize(
    ("first", "last"), [("2020-08", "2020-07"), ("2021", "2020-12-31"), ("2020-07-02", "2020-07-01")])
def test_a_reversed_range_is_a_422(client: TestClient, first: str, last: str) -> None:
    response = client.get("/events", params={"date_from": first, "date_to": last})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert "is after date_to" in response.json()["error"]["message"]


def test_the_schema_declares_the_forms(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in DATED_OPERATIONS:
        parameters = {item["name"]: item for item in spec["paths"][path]["get"]["parameters"]}
        for name in ("date_from", "date_to"):
            assert parameters[name]["schema"]["pattern"] == DATE_PATTERN, (path, name)
            assert "YYYY, YYYY-MM or YYYY-MM-DD" in parameters[name]["description"]


def _accepted(text: str) -> bool:
    try:
        date_bound(text)
    except InputError:
        return False
    return True


def test_the_declared_pattern_accepts_exactly_what_the_server_does() -> None:
    pattern = re.compile(DATE_PATTERN.removeprefix("^").removesuffix("$"))
    candidates = ["", "0", "202", "20200", "2020-", "2020-1", "2020-001", "2020-01-", "2020-01-1", "2020-01-001"]
    for year in (0, 1, 4, 99, 100, 400, 1000, 1900, 1996, 2000, 2023, 2024, 2100, 2400, 9999):
        candidates.append(f"{year:04d}")
        for month in range(0, 14):
            candidates.append(f"{year:04d}-{month:02d}")
            candidates.extend(f"{year:04d}-{month:02d}-{day:02d}" for day in range(0, 33))
    day = date(1999, 12, 1)
    while day < date(2001, 3, 1):  # every real day across a leap year, a century and a year's end
        candidates.append(day.isoformat())
        day += timedelta(days=1)
    for text in candidates:
        assert bool(pattern.fullmatch(text)) == _accepted(text), text
