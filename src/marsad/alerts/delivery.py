"""Webhook delivery from the outbox: one signed JSON POST per match, retried with backoff until a 2xx.

The body is the match as JSON; ``X-Marsad-Signature: sha256=<hex>`` is the HMAC-SHA256 of the body's bytes
with the alert's secret, ``X-Marsad-Delivery`` the match's id (the same on every retry, so a receiver can
drop a repeat). A failed attempt waits 2, 4, 8 … seconds (at most five minutes) before the next, and a
receiver down for an hour receives everything once it is back. Rows being sent are leased, so two
deliverers (``marsad serve`` and ``marsad alerts deliver``) never send one match twice at once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from .. import __version__
from ..store import Store
from ..store.alerts import claim_due, record_delivery

SIGNATURE_HEADER = "X-Marsad-Signature"
DELIVERY_HEADER = "X-Marsad-Delivery"
#: Matches sent per round.
ROUND = 50


def sign(body: bytes, secret: str) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of ``body``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def webhook_body(row: dict[str, Any]) -> bytes:
    body = {"delivery": int(row["id"]), "alert": {"id": int(row["alert_id"]), "name": row["name"]},
            "kind": row["kind"], "matched_at": row["created_at"], "event": json.loads(row["payload_json"])}
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")


@dataclass(slots=True)
class RoundReport:
    delivered: int = 0
    failed: int = 0


def deliver_due(store: Store, client: httpx.Client, *, now: datetime | None = None) -> RoundReport:
    """Send every due match once (at most :data:`ROUND`); record each outcome."""
    moment = now or datetime.now(UTC)
    report = RoundReport()
    with store.write() as connection:
        rows = claim_due(connection, limit=ROUND, moment=moment)
    for row in rows:
        body = webhook_body(row)
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, row["webhook_secret"]),
                   DELIVERY_HEADER: str(row["id"]), "User-Agent": f"marsad/{__version__}"}
        status: int | None = None
        try:
            response = client.post(row["webhook_url"], content=body, headers=headers)
            status = response.status_code
            ok, error = 200 <= status < 300, None if 200 <= status < 300 else f"HTTP {status}"
        except httpx.HTTPError as failure:
            ok, error = False, f"{type(failure).__name__}: {failure}"
        with store.write() as connection:
            record_delivery(connection, row, ok=ok, http_status=status, error=error, moment=datetime.now(UTC))
        report.delivered += ok
        report.failed += not ok
    return report


class Deliverer:
    """Delivers due matches every ``interval`` seconds in a background thread until stopped."""

    def __init__(self, store: Store, *, interval: float = 1.0, timeout: float = 10.0) -> None:
        self.store = store
        self.interval = interval
        self.timeout = timeout
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Deliverer:
        self._thread = threading.Thread(target=self._run, name="marsad-alert-delivery", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout + 5)

    def _run(self) -> None:
        import logging

        log = logging.getLogger("marsad.alerts")
        with httpx.Client(timeout=self.timeout, follow_redirects=False) as client:
            while not self._stop.is_set():
                try:
                    done = deliver_due(self.store, client)
                except Exception:  # the store may be briefly unavailable: try again next round
                    log.exception("alert delivery round failed")
                    done = RoundReport()
                if not (done.delivered or done.failed):
                    self._stop.wait(self.interval)
