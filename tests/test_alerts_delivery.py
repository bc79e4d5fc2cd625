"""Standing alerts end to end: matched on write, delivered to a real HTTP receiver on loopback exactly once,
signed; nothing lost while the receiver is down; nothing sent again on a re-ingest; one update after a review
edit; the Atom feed; the API and the command line. On SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLES
from marsad.alerts.delivery import DELIVERY_HEADER, SIGNATURE_HEADER, Deliverer
from marsad.alerts.service import create_alert, get_alert, parse_spec
from marsad.api import ApiSettings, create_app
from marsad.batch import Checkpoint, LocalEngine, run_batch
from marsad.cli import main
from marsad.config import Config
from marsad.geo import haversine_km
from marsad.store import Store
from marsad.store.alerts import alert_outbox
from test_store_backends import new_schema, postgres_url  # noqa: F401

SECRET = "a-secret-of-the-test"
TOKEN = "alerts-token"
DEIR_EZ_ZOR = {"lat": 35.3359, "lon": 40.1408, "km": 120}
LIGHT_EVENTS = Config()


class Receiver:
    """A webhook receiver on loopback that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.port = 0
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> Receiver:
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(({key: value for key, value in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.allow_reuse_address = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


def _wait(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _outbox(store: Store, alert_id: int) -> list[dict[str, Any]]:
    from sqlalchemy import select

    with store.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(
            select(alert_outbox).where(alert_outbox.c.alert_id == alert_id).order_by(alert_outbox.c.id))]


def _pages(folder: Path, names: list[Path]) -> Path:
    folder.mkdir()
    for path in names:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "alerts.db") if request.param == "sqlite" else request.getfixturevalue("new_schema")()
    opened = Store.open(url)
    yield opened
    opened.close()


def test_matches_reach_a_webhook_once_signed_across_an_outage_reingest_and_edit(store: Store,
                                                                                 tmp_path: Path) -> None:
    receiver = Receiver().start()
    near = create_alert(store, parse_spec({"name": "Deir ez-Zor", "filters": {"near": DEIR_EZ_ZOR},
                                           "webhook": {"url": receiver.url, "secret": SECRET}}))
    quiet = create_alert(store, parse_spec({"name": "battles, feed only", "filters": {"event_type": ["Battles"]}}))
    pages = sorted(EXAMPLES.glob("*.txt"))
    first, second = _pages(tmp_path / "first", pages[:8]), _pages(tmp_path / "second", pages[8:])
    deliverer = Deliverer(store, interval=0.1, timeout=5).start()
    try:
        with LocalEngine(1) as engine:
            checkpoint = Checkpoint.open(tmp_path / "run.checkpoint")
            run_batch([first], store, engine=engine, checkpoint=checkpoint, config=LIGHT_EVENTS)
            _wait(lambda: len(receiver.received) == len(_outbox(store, near)), "the first deliveries")
            receiver.stop()  # down while the second half is stored
            run_batch([second], store, engine=engine, checkpoint=checkpoint, config=LIGHT_EVENTS)
            _wait(lambda: any(row["attempts"] for row in _outbox(store, near) if row["delivered_at"] is None),
                  "a failed attempt")
            receiver.start()  # back: the rest arrives
            _wait(lambda: all(row["delivered_at"] for row in _outbox(store, near)), "every delivery", 90)
            matched = _outbox(store, near)
            assert len(matched) >= 3
            assert len(receiver.received) == len(matched)  # each match exactly once
            ids = sorted(int(headers[DELIVERY_HEADER]) for headers, _body in receiver.received)
            assert ids == [row["id"] for row in matched]
            for headers, body in receiver.received:
                expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
                assert hmac.compare_digest(headers[SIGNATURE_HEADER], expected)
                sent = json.loads(body)
                assert (sent["alert"]["id"], sent["kind"]) == (near, "new")
            assert _outbox(store, quiet)  # an alert with no webhook still has its matches (its feed)

            run_batch([first, second], store, engine=engine, checkpoint=Checkpoint.open(tmp_path / "again"),
                      config=LIGHT_EVENTS)  # every page again, from a fresh checkpoint
            time.sleep(0.5)
            assert len(_outbox(store, near)) == len(matched)  # a re-ingest queues nothing
            assert len(receiver.received) == len(matched)

        event_id = matched[0]["event_id"]
        store.review_event(event_id, action="edit", reviewer="rana", changes={"fatalities": 7})
        _wait(lambda: len(receiver.received) == len(matched) + 1, "the update")
        update = json.loads(receiver.received[-1][1])
        assert (update["kind"], update["event"]["id"], update["event"]["fatalities"]) == ("update", event_id, 7)
        store.review_event(event_id, action="accept", reviewer="omar")  # the fields do not change: no post
        time.sleep(0.5)
        assert len(receiver.received) == len(matched) + 1
        log = get_alert(store, near)
        assert log is not None
        statuses = {entry["status"] for entry in log["deliveries"]}
        assert statuses == {"delivered", "failed"}  # the outage is in the delivery log
    finally:
        deliverer.stop()
        receiver.stop()


def test_the_feed_of_an_alert_near_deir_ez_zor_lists_the_seed_pages_events(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "m.db"
    Store.open(db).close()
    filters = json.dumps({"near": DEIR_EZ_ZOR})
    assert main(["alerts", "add", "--name", "Deir ez-Zor 120 km", "--filters", filters, "--db", str(db)]) == 0
    alert_id = json.loads(capsys.readouterr().out)["id"]
    assert main(["ingest", str(EXAMPLES), "--db", str(db), "--no-progress"]) in (0, 1)
    capsys.readouterr()
    store = Store.open(db, create=False)
    try:
        with TestClient(create_app(store, ApiSettings(token=TOKEN))) as client:
            response = client.get(f"/alerts/{alert_id}/feed.atom")
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("application/atom+xml")
            feed = feedparser.parse(response.content)
            assert not feed.bozo, feed.get("bozo_exception")
            seed_events = _events_of(store, _seed_id(store))
            near = {event_id for event_id, (lat, lon) in seed_events.items()
                    if lat is not None and haversine_km(DEIR_EZ_ZOR["lat"], DEIR_EZ_ZOR["lon"], lat, lon) <= 120}
            linked = {entry.link.rsplit("/", 1)[1] for entry in feed.entries}
            assert len(near) >= 3  # Kabajeb, al-Hamidiya, the city …
            assert near <= linked  # … each an entry of the feed
            assert not (set(seed_events) - near) & linked  # the road towards Homs, 150 km away, is not
            assert all(entry.summary.startswith("On ") for entry in feed.entries)  # the English notes
            assert all(entry.updated for entry in feed.entries)
            updated = [entry.updated for entry in feed.entries]
            assert updated == sorted(updated, reverse=True)
    finally:
        store.close()
    assert main(["alerts", "test", "--filters", filters, "--db", str(db), "--json"]) == 0
    captured = capsys.readouterr()
    tested = {json.loads(line)["id"] for line in captured.out.splitlines()}
    assert len(tested) == int(captured.err.split()[0])
    assert tested == {entry.link.rsplit("/", 1)[1] for entry in feed.entries}  # what the feed got, now


def _events_of(store: Store, article_id: str) -> dict[str, tuple[float | None, float | None]]:
    """The events an article reports, with their coordinates."""
    from sqlalchemy import select

    from marsad.store.schema import event_sources, events

    with store.engine.connect() as connection:
        rows = connection.execute(select(events.c.id, events.c.latitude, events.c.longitude).join(
            event_sources, event_sources.c.event_id == events.c.id).where(event_sources.c.article_id == article_id))
        return {row.id: (row.latitude, row.longitude) for row in rows}


def _seed_id(store: Store) -> str:
    total, hits = store.search("لواء القدس")
    assert total
    return hits[0].article_id


def test_the_api_creates_lists_reads_and_removes_alerts(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "m.db")
    try:
        with TestClient(create_app(store, ApiSettings(token=TOKEN))) as client:
            body = {"name": "Aleppo shelling", "owner": "rana",
                    "filters": {"admin1": ["Aleppo"], "sub_event_type": ["Shelling/artillery/missile attack"]},
                    "webhook": {"url": "https://example.org/hook", "secret": SECRET}}
            assert client.post("/alerts", json=body).status_code == 401
            created = client.post("/alerts", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
            assert created.status_code == 201
            alert_id = created.json()["id"]
            listed = client.get("/alerts").json()
            assert listed["total"] == 1
            assert listed["items"][0]["webhook"] == {"url": "https://example.org/hook"}  # never the secret
            assert SECRET not in client.get(f"/alerts/{alert_id}").text
            bad = client.post("/alerts", json={"name": "x", "filters": {"event_type": ["Airstrikes"]}},
                              headers={"Authorization": f"Bearer {TOKEN}"})
            assert bad.status_code == 422
            assert "event_type" in bad.json()["error"]["message"]
            assert client.delete(f"/alerts/{alert_id}").status_code == 401
            assert client.delete(f"/alerts/{alert_id}", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 204
            assert client.get(f"/alerts/{alert_id}").status_code == 404
            assert client.get(f"/alerts/{alert_id}/feed.atom").status_code == 404
    finally:
        store.close()
