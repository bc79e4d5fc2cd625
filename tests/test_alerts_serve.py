"""Alerts as they run for a team: `marsad serve` delivering webhooks while `marsad batch` stores a corpus into
the same store, a receiver that goes down and comes back, a review edit through the API."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx

from conftest import EXAMPLES
from marsad.alerts.delivery import DELIVERY_HEADER, SIGNATURE_HEADER
from marsad.store import Store
from test_alerts_delivery import DEIR_EZ_ZOR, SECRET, Receiver, _outbox, _wait
from test_web import _free_port

TOKEN = "serve-alerts-token"


def _marsad(*args: str) -> list[str]:
    return [sys.executable, "-m", "marsad.cli", *args]


def test_serve_delivers_what_a_batch_run_stores(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    Store.open(db).close()
    receiver = Receiver().start()
    port = _free_port()
    environment = {**os.environ, "MARSAD_API_TOKEN": TOKEN}
    server = subprocess.Popen(_marsad("serve", "--db", str(db), "--port", str(port)), env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {TOKEN}"}
    try:
        _wait(lambda: _answers(f"{base}/health"), "the server", 120)
        created = httpx.post(f"{base}/alerts", headers=headers, json={
            "name": "Deir ez-Zor", "filters": {"near": DEIR_EZ_ZOR},
            "webhook": {"url": receiver.url, "secret": SECRET}})
        assert created.status_code == 201, created.text
        alert_id = created.json()["id"]
        pages = tmp_path / "pages"
        pages.mkdir()
        for path in EXAMPLES.glob("*.txt"):
            shutil.copy(path, pages / path.name)
        batch = subprocess.run(_marsad("batch", str(pages), "--db", str(db), "--workers", "1", "--no-progress"),
                               capture_output=True, text=True, timeout=300, check=False)
        assert batch.returncode == 0, batch.stderr
        store = Store.open(db, create=False)
        try:
            matched = _outbox(store, alert_id)
            assert len(matched) >= 3
            _wait(lambda: len(receiver.received) == len(matched), "the deliveries", 60)
            receiver.stop()  # down: an edit made meanwhile reaches it once it is back
            event_id = matched[0]["event_id"]
            edited = httpx.post(f"{base}/events/{event_id}/review", headers=headers, json={
                "action": "edit", "reviewer": "rana", "changes": {"fatalities": 9}})
            assert edited.status_code == 200, edited.text
            _wait(lambda: any(row["attempts"] for row in _outbox(store, alert_id) if not row["delivered_at"]),
                  "a failed attempt")
            receiver.start()
            _wait(lambda: len(receiver.received) == len(matched) + 1, "the update", 60)
        finally:
            store.close()
        ids = [int(sent_headers[DELIVERY_HEADER]) for sent_headers, _body in receiver.received]
        assert len(ids) == len(set(ids))  # exactly once each
        for sent_headers, body in receiver.received:
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            assert hmac.compare_digest(sent_headers[SIGNATURE_HEADER], expected)
        kinds = [json.loads(body)["kind"] for _headers, body in receiver.received]
        assert kinds == ["new"] * len(matched) + ["update"]
        feed = httpx.get(f"{base}/alerts/{alert_id}/feed.atom")
        assert feed.text.count("<entry>") == len(matched) + 1
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=60)
        receiver.stop()
    assert b"Traceback" not in err


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
