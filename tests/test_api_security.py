"""API hardening on both backends: hostile pages stay inert text, every filter is parameterised,
limits hold (page size, query length, upload size, chunked uploads included), writes need the token, and an
unexpected error is a JSON 500 with the security headers on a connection that stays open."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.model import Article
from marsad.store import Store
from test_api import TOKEN, writer  # noqa: F401  (the API with a write token over a fresh store)
from test_store_backends import filled_store, new_schema, postgres_url, sample_items, store, store_url  # noqa: F401

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SCRIPT = "<script>alert('x')</script>"
HOSTILE_TITLE = '<img src=x onerror="alert(1)"> قصف على دير الزور'
INJECTIONS = (
    "' OR '1'='1", "'; DROP TABLE articles; --", '" OR ""="', "1; SELECT pg_sleep(5)--", "%' OR 1=1 --",
    "\\'; DELETE FROM events; --", "') UNION SELECT id, body FROM articles --", "*", "%", "_", "\\",
    "دير الزور' OR 1=1 --", "NULL", "{}", "$1", "?", ":name",
)
TEXT_FILTERS = ("event_type", "sub_event_type", "actor", "admin1", "admin2", "outlet")
SECURITY_HEADERS = (
    "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy",
    "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Permissions-Policy",
)


@pytest.fixture(scope="module")
def reader(filled_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(filled_store)) as test_client:
        yield test_client


def _counts(client: TestClient) -> tuple[int, int, int]:
    articles = client.get("/articles", params={"limit": 1}).json()["total"]
    events = client.get("/events", params={"limit": 1, "status": "machine"}).json()["total"]
    hits = client.get("/search", params={"q": "دير الزور", "limit": 1}).json()["total"]
    return articles, events, hits


def test_hostile_page_is_stored_and_returned_as_inert_text(writer: TestClient) -> None:
    body = f"قصفت طائرات حربية مدينة دير الزور صباح اليوم {SCRIPT} ما أدى إلى مقتل خمسة مدنيين."
    page = Article(text=body)
    page.meta.title = HOSTILE_TITLE
    response = writer.post("/articles", headers=AUTH, json={"content": page.dumps(), "input_format": "json"})
    assert response.status_code == 201, response.text
    article_id = response.json()["id"]
    got = writer.get(f"/articles/{article_id}")
    assert got.headers["content-type"] == "application/json"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in got.headers["Content-Security-Policy"]
    data = got.json()
    assert data["body"] == body
    assert data["title"] == HOSTILE_TITLE
    hits = writer.get("/search", params={"q": "دير الزور"}).json()["items"]
    (hit,) = [hit for hit in hits if hit["article_id"] == article_id]
    assert "<script>" not in hit["snippet_html"] + hit["title_html"]
    assert "<img" not in hit["title_html"]
    assert "&lt;img" in hit["title_html"]  # escaped: only <mark> is markup in the highlighted fields


def test_hostile_html_page_loses_its_scripts(writer: TestClient) -> None:
    paragraph = "قصفت طائرات حربية مدينة دير الزور صباح اليوم ما أدى إلى مقتل خمسة مدنيين بحسب مصادر محلية في المدينة."
    html = (f"<html><head><title>قصف</title>{SCRIPT}</head><body onload='alert(2)'><iframe src='javascript:alert(3)'>"
            f"</iframe><article><p onclick='alert(4)'>{paragraph}</p><p>{paragraph} ثانية</p></article></body></html>")
    response = writer.post("/articles", headers=AUTH, json={"content": html, "input_format": "html"})
    assert response.status_code == 201, response.text
    data = writer.get(f"/articles/{response.json()['id']}").json()
    assert "alert" not in json.dumps(data)
    assert paragraph in data["body"]


def test_nul_and_lone_surrogates_never_break_the_store(writer: TestClient) -> None:
    content = "قصفت طائرات حربية مدينة دير الزور صباح اليوم\u0000 ما أدى إلى مقتل خمسة مدنيين بحسب مصادر محلية."
    response = writer.post("/articles", headers=AUTH, json={"content": content, "outlet": "x\u0000y"})
    assert response.status_code == 201, response.text
    data = writer.get(f"/articles/{response.json()['id']}").json()
    assert "\x00" not in data["body"]
    assert data["outlet"] == "xy"
    lone = writer.post("/articles", headers={**AUTH, "Content-Type": "application/json"},
                       content=json.dumps({"content": content + "\ud800"}))
    assert lone.status_code == 422  # refused as a request error; PostgreSQL never sees it
    assert lone.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_on_every_filter(reader: TestClient, value: str) -> None:
    before = _counts(reader)
    for path in ("/events", "/articles", "/search", "/export", "/stats"):
        for name in TEXT_FILTERS:
            params = {name: value, **({"q": "دير الزور"} if path == "/search" else {})}
            response = reader.get(path, params=params)
            assert response.status_code == 200, (path, name, response.text)
            if path in ("/events", "/articles", "/search"):
                assert response.json()["total"] == 0  # no such value: nothing matches, nothing leaks
        for name in ("date_from", "date_to", "bbox", "status"):
            response = reader.get(path, params={name: value, **({"q": "x"} if path == "/search" else {})})
            assert response.status_code == 422, (path, name, response.text)
            assert response.json()["error"]["code"] == "invalid_request"
    search = reader.get("/search", params={"q": value})
    assert search.status_code == 200 or search.json()["error"]["code"] == "invalid_request", search.text
    assert reader.get("/actors", params={"name": value}).status_code == 200
    assert reader.get("/places", params={"name": value, "admin1": value}).status_code == 200
    assert _counts(reader) == before  # tables intact


def test_limits(reader: TestClient) -> None:
    for params in ({"limit": 201}, {"limit": 0}, {"limit": -1}, {"offset": -1}, {"offset": 10**12},
                   {"limit": "9" * 100}):
        response = reader.get("/events", params=params)
        assert response.status_code == 422, params
        assert response.json()["error"]["code"] == "invalid_request"
    too_long = reader.get("/search", params={"q": "ق" * 201})
    assert too_long.status_code == 422
    assert too_long.json()["error"]["code"] == "query_too_long"
    assert reader.get("/search", params={"q": "ق" * 1001}).status_code == 422
    assert reader.get("/articles/" + "a" * 65).status_code == 422
    assert reader.get("/articles/../../etc/passwd").status_code == 404


def test_upload_size_is_limited_even_when_chunked(writer: TestClient) -> None:
    big = json.dumps({"content": "ق" * 3_000_000})  # 6 MB of UTF-8
    sized = writer.post("/articles", headers={**AUTH, "Content-Type": "application/json"}, content=big)
    assert sized.status_code == 413
    assert sized.json()["error"]["code"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:
        data = big.encode()
        for start in range(0, len(data), 65536):
            yield data[start : start + 65536]

    chunked = writer.post("/articles", headers={**AUTH, "Content-Type": "application/json"}, content=chunks())
    assert chunked.status_code == 413, chunked.text
    assert chunked.json()["error"]["code"] == "payload_too_large"
    assert writer.get("/health").status_code == 200


def test_writes_need_the_token(writer: TestClient, reader: TestClient) -> None:
    page = {"content": "قصفت طائرات حربية مدينة دير الزور صباح اليوم ما أدى إلى مقتل خمسة مدنيين."}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": "Basic x"},
                    {"Authorization": f"Bearer {TOKEN}x"}):
        response = writer.post("/articles", headers=headers, json=page)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert reader.post("/articles", headers=AUTH, json=page).json()["error"]["code"] == "read_only"
    assert reader.delete("/articles").status_code == 405
    assert "access-control-allow-origin" not in reader.get("/events", headers={"Origin": "https://evil.example"}).headers


def _bug(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom: secret detail")


def _assert_internal_error(response: httpx.Response, normal: httpx.Response) -> None:
    assert response.status_code == 500, response.text
    assert response.json() == {"error": {"code": "internal_error",
                                         "message": "internal error; the server log has the details"}}
    for name in SECURITY_HEADERS:
        assert response.headers.get(name) == normal.headers[name], name


def test_unexpected_errors_keep_the_security_headers_and_the_error_shape(
        writer: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    normal = writer.get("/stats")
    event_id = writer.get("/events", params={"limit": 1}).json()["items"][0]["id"]
    monkeypatch.setattr(Store, "stats", _bug)
    monkeypatch.setattr(Store, "review_event", _bug)
    _assert_internal_error(writer.get("/stats"), normal)  # the client raises whatever escapes the application
    review = writer.post(f"/events/{event_id}/review", headers=AUTH, json={"action": "accept", "reviewer": "rana"})
    _assert_internal_error(review, normal)
    assert writer.get("/health").status_code == 200


def test_an_unexpected_error_keeps_the_connection(filled_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    server = uvicorn.Server(uvicorn.Config(create_app(filled_store), host="127.0.0.1", port=0, log_level="critical",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            normal = client.get("/stats")
            monkeypatch.setattr(Store, "stats", _bug)
            _assert_internal_error(client.get("/stats"), normal)
            assert client.get("/health").status_code == 200  # the same kept-alive connection answers
    finally:
        server.should_exit = True
        thread.join(timeout=10)
