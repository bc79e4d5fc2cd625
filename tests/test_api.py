"""The HTTP API on both backends: every endpoint, the one error shape on every error path."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from marsad.api import ApiSettings, create_app
from marsad.errors import StoreError
from marsad.model import Article
from marsad.store import Filters, Store
from marsad.store.export import ACLED_COLUMNS
from test_store_backends import (  # noqa: F401
    filled_store,
    new_schema,
    postgres_url,
    sample_items,
    seed_item,
    store,
    store_url,
)

TOKEN = "test-token-4f2a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _identity(article: Article) -> Article:
    return article


@pytest.fixture(scope="module")
def client(filled_store: Store) -> Iterator[TestClient]:
    """A read-only API (no token) over the filled store."""
    with TestClient(create_app(filled_store)) as test_client:
        yield test_client


@pytest.fixture
def writer(store: Store) -> Iterator[TestClient]:
    """An API with a write token over a fresh store holding the examples."""
    store.add_articles(sample_items())
    with TestClient(create_app(store, ApiSettings(token=TOKEN), pipeline=_identity)) as test_client:
        yield test_client


def _error(response: object, status: int, code: str) -> str:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return str(body["error"]["message"])


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/articles", "/articles/{article_id}", "/events", "/events/{event_id}", "/search", "/actors",
                 "/places", "/stats", "/export", "/events/{event_id}/review"):
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_security_headers_and_no_cors_by_default(client: TestClient) -> None:
    response = client.get("/events", headers={"Origin": "https://example.org"})
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "access-control-allow-origin" not in response.headers
    assert client.get("/nowhere").headers["X-Content-Type-Options"] == "nosniff"


def test_cors_when_configured(filled_store: Store) -> None:
    app = create_app(filled_store, ApiSettings(cors_origins=("https://analysts.example",)))
    with TestClient(app) as test_client:
        response = test_client.get("/stats", headers={"Origin": "https://analysts.example"})
    assert response.headers["access-control-allow-origin"] == "https://analysts.example"


def test_articles(client: TestClient, filled_store: Store) -> None:
    page = client.get("/articles", params={"limit": 4, "outlet": "المدن"}).json()
    assert page["total"] == 5
    assert len(page["items"]) == 4
    assert all(item["outlet"] == "المدن" for item in page["items"])
    seed = seed_item()[0]
    article = client.get(f"/articles/{seed.id}").json()
    assert article["title"] == seed.meta.title
    assert article["body"] == seed.text
    assert {event["status"] for event in article["events"]} == {"machine"}
    assert len(article["events"]) == len(seed.layers["events"])


def test_events_list_filters_and_get(client: TestClient) -> None:
    page = client.get("/events", params={"event_type": "Battles", "limit": 3}).json()
    assert page["limit"] == 3
    assert page["total"] >= len(page["items"]) > 0
    assert all(item["event_type"] == "Battles" for item in page["items"])
    boxed = client.get("/events", params={"bbox": "39.5,35,40.5,35.5", "date_from": "2020-07-01",
                                          "date_to": "2020-07-31"}).json()
    assert boxed["total"] >= 1
    assert all(item["event_date"].startswith("2020-07") for item in boxed["items"])
    record = client.get(f"/events/{page['items'][0]['id']}").json()
    assert record["versions"][0]["author"] == "machine"
    assert record["sources"][0]["article_id"] == page["items"][0]["article_id"]
    assert record["reviews"] == []


def test_search_endpoint(client: TestClient) -> None:
    body = client.get("/search", params={"q": "ديرالزور", "limit": 5}).json()
    assert body["query"] == "ديرالزور"
    assert body["total"] >= 1
    first = body["items"][0]
    assert first["article_id"] == seed_item()[0].id
    assert "<mark>" in first["snippet_html"]
    narrowed = client.get("/search", params={"q": "ديرالزور", "admin1": "Hama"}).json()
    assert narrowed["total"] < body["total"]


def test_actors_places_stats(client: TestClient) -> None:
    actors = client.get("/actors", params={"name": "Quds"}).json()
    assert [item["name"] for item in actors["items"]] == ["Liwa al Quds"]
    places = client.get("/places", params={"admin1": "Deir-ez-Zor"}).json()
    assert places["total"] >= 1
    stats = client.get("/stats").json()
    assert stats["events"] == sum(stats["by_type"].values())
    for key in ("by_week", "by_admin1", "by_actor", "by_sub_event_type"):
        assert stats[key]
    assert client.get("/stats", params={"event_type": "Riots"}).json()["by_type"].keys() == {"Riots"}


def test_exports(client: TestClient, filled_store: Store) -> None:
    response = client.get("/export", params={"format": "acled-csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert len(rows) - 1 == filled_store.count_events()
    geo = client.get("/export", params={"format": "geojson", "admin1": "Deir-ez-Zor"}).json()
    assert geo["features"]
    assert all(feature["properties"]["admin1"] == "Deir-ez-Zor" for feature in geo["features"])
    lines = client.get("/export", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == filled_store.count_events()
    assert json.loads(lines[0])["sources"]


def test_review_flow_keeps_versions_and_audit(writer: TestClient) -> None:
    event = writer.get("/events", params={"limit": 1}).json()["items"][0]
    url = f"/events/{event['id']}/review"
    edited = writer.post(url, headers=AUTH, json={"action": "edit", "reviewer": "rana",
                                                  "changes": {"fatalities": 2}, "expected_version": 1})
    assert edited.status_code == 200
    assert (edited.json()["version"], edited.json()["fatalities"]) == (2, 2)
    _error(writer.post(url, headers=AUTH, json={"action": "accept", "reviewer": "omar", "expected_version": 1}),
           409, "conflict")
    rejected = writer.post(url, headers=AUTH, json={"action": "reject", "reviewer": "omar", "reason": "duplicate"})
    record = rejected.json()
    assert record["status"] == "rejected"
    assert [version["event"]["fatalities"] for version in record["versions"]] == [event["fatalities"], 2]
    assert [(item["action"], item["reviewer"]) for item in record["reviews"]] == [("edit", "rana"), ("reject", "omar")]
    assert event["id"] not in {item["id"] for item in writer.get("/events", params={"limit": 200}).json()["items"]}
    assert writer.get("/events", params={"status": "rejected"}).json()["total"] == 1


def test_ingest_endpoint(writer: TestClient) -> None:
    page = "عنوان تجريبي عن دير الزور\n\nقصفت قوات النظام بلدة في ريف دير الزور الشرقي صباح اليوم."
    created = writer.post("/articles", headers=AUTH, json={"content": page, "published": "2024-03-01",
                                                            "input_format": "page-text", "outlet": "اختبار"})
    assert created.status_code == 201, created.text
    assert created.json()["added"] is True
    again = writer.post("/articles", headers=AUTH, json={"content": page, "published": "2024-03-01",
                                                          "input_format": "page-text", "outlet": "اختبار"})
    assert again.json()["added"] is False
    found = writer.get("/search", params={"q": "ريف دير الزور", "outlet": "اختبار"}).json()
    assert [item["article_id"] for item in found["items"]] == [created.json()["id"]]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/nowhere", 404, "not_found"),
        ("/articles/0123abcd", 404, "not_found"),
        ("/articles/NOT-HEX", 422, "invalid_request"),
        ("/events/0123abcd", 404, "not_found"),
        ("/events?limit=201", 422, "invalid_request"),
        ("/events?limit=0", 422, "invalid_request"),
        ("/events?offset=-1", 422, "invalid_request"),
        ("/events?date_from=yesterday", 422, "invalid_request"),
        ("/events?date_from=2020-02-01&date_to=2020-01-01", 422, "invalid_request"),
        ("/events?bbox=1,2,3", 422, "invalid_request"),
        ("/events?bbox=10,10,5,5", 422, "invalid_request"),
        ("/events?status=lost", 422, "invalid_request"),
        ("/search", 422, "invalid_request"),
        ("/search?q=", 422, "invalid_request"),
        ("/search?q=%3F%3F", 422, "invalid_request"),
        ("/search?q=" + "دير" * 80, 422, "query_too_long"),
        ("/export?format=xlsx", 422, "invalid_request"),
        ("/export?layout=wide", 422, "invalid_request"),
        ("/events?bbox=1e1,2,3,4", 422, "invalid_request"),
        ("/events?bbox=%201,2,3,4", 422, "invalid_request"),
        ("/events?bbox=1_0,2,30,40", 422, "invalid_request"),
        ("/events?bbox=0,0,181,1", 422, "invalid_request"),
        ("/events?date_from=2020-02-30", 422, "invalid_request"),
        ("/events/0123abcd/review", 405, "method_not_allowed"),
    ],
)
def test_read_errors_have_one_shape(client: TestClient, path: str, status: int, code: str) -> None:
    _error(client.get(path), status, code)


def test_wrong_method(client: TestClient) -> None:
    _error(client.delete("/events"), 405, "method_not_allowed")
    response = client.put("/articles")
    _error(response, 405, "method_not_allowed")
    assert response.headers["Allow"] == "GET, POST"  # every method of the path, not the first route's


def test_writes_are_refused_without_a_configured_token(client: TestClient) -> None:
    _error(client.post("/events/0123abcd/review", json={"action": "accept", "reviewer": "x"}), 403, "read_only")
    _error(client.post("/articles", headers=AUTH, json={"content": "x"}), 403, "read_only")


def test_write_errors_have_one_shape(writer: TestClient) -> None:
    event_id = writer.get("/events", params={"limit": 1}).json()["items"][0]["id"]
    url = f"/events/{event_id}/review"
    accept = {"action": "accept", "reviewer": "rana"}
    response = writer.post(url, json=accept)
    _error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == "Bearer"
    _error(writer.post(url, json=accept, headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
    _error(writer.post(url, json=accept, headers={"Authorization": TOKEN}), 401, "unauthorized")
    _error(writer.post("/events/0123abcd/review", json=accept, headers=AUTH), 404, "not_found")
    _error(writer.post(url, json={"action": "reject", "reviewer": "rana"}, headers=AUTH), 422, "invalid_request")
    _error(writer.post(url, json={"action": "edit", "reviewer": "rana", "changes": {"colour": 1}}, headers=AUTH),
           422, "invalid_request")
    _error(writer.post(url, json={"action": "bless", "reviewer": "rana"}, headers=AUTH), 422, "invalid_request")
    _error(writer.post(url, json={**accept, "extra": 1}, headers=AUTH), 422, "invalid_request")
    _error(writer.post(url, content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}),
           422, "invalid_request")
    _error(writer.post("/articles", json={"content": "   "}, headers=AUTH), 422, "invalid_request")
    for published in (86400, "86400", "2020", "2020-01-01T00:00:00"):  # a day, not seconds or a date and time
        _error(writer.post("/articles", json={"content": "x", "published": published}, headers=AUTH),
               422, "invalid_request")
    big = {"content": "x" * 5_000_001}
    _error(writer.post("/articles", json=big, headers=AUTH), 413, "payload_too_large")
    assert writer.get(f"/events/{event_id}").json()["reviews"] == []


def test_store_and_unexpected_errors_have_one_shape(filled_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(filled_store)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        def broken_store(*_args: object, **_kwargs: object) -> None:
            raise StoreError("database is locked")

        def bug(*_args: object, **_kwargs: object) -> None:
            raise RuntimeError("boom")

        monkeypatch.setattr(Store, "stats", broken_store)
        message = _error(test_client.get("/stats"), 503, "store_unavailable")
        assert "locked" not in message
        monkeypatch.setattr(Store, "stats", bug)
        message = _error(test_client.get("/stats"), 500, "internal_error")
        assert "boom" not in message


def test_events_page_limit_is_configurable(filled_store: Store) -> None:
    with TestClient(create_app(filled_store, ApiSettings(max_page_size=5))) as test_client:
        _error(test_client.get("/events", params={"limit": 6}), 422, "invalid_request")
        assert test_client.get("/events", params={"limit": 5}).status_code == 200
    assert filled_store.list_events(Filters(), limit=5)[0] > 5
