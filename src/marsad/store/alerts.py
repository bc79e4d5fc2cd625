"""Alerts in the store: the alerts, an outbox row per match (queued in the transaction that wrote the event)
and a log of webhook deliveries.

A match is keyed by alert, event and the event's fingerprint (a hash of its current JSON; the version
itself is kept once in ``alert_events``, however many alerts match it), so storing the same event again
queues nothing, and an event whose fields change (a merge that moves its toll, a review
edit) is queued once more, as an ``update``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    case,
    delete,
    func,
    or_,
    select,
    update,
)

from .schema import metadata

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("owner", Text),
    Column("filters_json", Text, nullable=False),
    Column("webhook_url", Text),
    Column("webhook_secret", Text),
    Column("created_at", String(40), nullable=False),
)

#: Each version of an event that some alert matched, as it was then (one row however many alerts matched it).
alert_events = Table(
    "alert_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("fingerprint", String(64), primary_key=True),
    Column("payload_json", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)

alert_outbox = Table(
    "alert_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("fingerprint", String(64), nullable=False),  # with event_id: the version in alert_events
    Column("kind", String(8), nullable=False),  # new, update
    Column("created_at", String(40), nullable=False),
    Column("delivered_at", String(40)),  # None: not delivered yet (or no webhook)
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", String(40)),
    Column("last_error", Text),
    UniqueConstraint("alert_id", "event_id", "fingerprint", name="uq_alert_outbox_match"),
    Index("ix_alert_outbox_alert", "alert_id", "id"),
    Index("ix_alert_outbox_event", "event_id"),
    Index("ix_alert_outbox_due", "delivered_at", "next_attempt_at"),
)

alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    Column("outbox_id", Integer, nullable=False),
    Column("at", String(40), nullable=False),
    Column("status", String(12), nullable=False),  # delivered, failed
    Column("http_status", Integer),
    Column("error", Text),
    Index("ix_alert_deliveries_alert", "alert_id", "id"),
)

ALERT_TABLES = (alerts, alert_events, alert_outbox, alert_deliveries)
#: Longest wait between two attempts of one delivery.
MAX_BACKOFF = timedelta(minutes=5)
#: How long a deliverer holds a row it is sending (another deliverer leaves it alone meanwhile).
LEASE = timedelta(seconds=60)


def now_text(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).isoformat(timespec="microseconds")


def fingerprint(event_json: str) -> str:
    return hashlib.sha256(event_json.encode("utf-8")).hexdigest()[:32]


# ---------------------------------------------------------------------------------------------- alerts
def insert_alert(connection: Any, *, name: str, owner: str | None, filters: dict[str, Any],
                 webhook_url: str | None, webhook_secret: str | None) -> int:
    result = connection.execute(alerts.insert().values(
        name=name, owner=owner, filters_json=json.dumps(filters, ensure_ascii=False, sort_keys=True),
        webhook_url=webhook_url, webhook_secret=webhook_secret, created_at=now_text()))
    return int(result.inserted_primary_key[0])


def delete_alert(connection: Any, alert_id: int) -> bool:
    connection.execute(delete(alert_deliveries).where(alert_deliveries.c.alert_id == alert_id))
    connection.execute(delete(alert_outbox).where(alert_outbox.c.alert_id == alert_id))
    return bool(connection.execute(delete(alerts).where(alerts.c.id == alert_id)).rowcount)


def alert_rows(connection: Any, alert_id: int | None = None) -> list[dict[str, Any]]:
    """Alerts with their counts: matches, undelivered webhook posts, last match."""
    counts = (select(alert_outbox.c.alert_id, func.count().label("matches"),
                     func.max(alert_outbox.c.created_at).label("last_match"),
                     func.sum(_pending()).label("pending"))
              .group_by(alert_outbox.c.alert_id).subquery())
    statement = (select(alerts, counts.c.matches, counts.c.last_match, counts.c.pending)
                 .outerjoin(counts, counts.c.alert_id == alerts.c.id).order_by(alerts.c.id))
    if alert_id is not None:
        statement = statement.where(alerts.c.id == alert_id)
    return [dict(row._mapping) for row in connection.execute(statement)]


def _pending() -> Any:
    return case((alert_outbox.c.delivered_at.is_(None), 1), else_=0)


def alerts_version(connection: Any) -> tuple[int, int]:
    """Changes when an alert is added or removed (to refresh a cached index)."""
    row = connection.execute(select(func.count(), func.coalesce(func.max(alerts.c.id), 0))).one()
    return int(row[0]), int(row[1])


# ---------------------------------------------------------------------------------------------- outbox
def queue_matches(connection: Any, insert_or_skip: Callable[[Table], Any], matches: Sequence[tuple[int, str, str, str]]
                  ) -> int:
    """Queue ``(alert_id, event_id, fingerprint, payload_json)`` matches; return how many were offered.

    A match already queued (same alert, event and fingerprint) is skipped; a match of an event the alert
    matched before with other fields is an ``update``."""
    if not matches:
        return 0
    pairs = {(alert_id, event_id) for alert_id, event_id, _f, _p in matches}
    seen: set[tuple[int, str]] = set()
    event_ids = sorted({event_id for _a, event_id in pairs})
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        seen.update((int(row[0]), str(row[1])) for row in connection.execute(
            select(alert_outbox.c.alert_id, alert_outbox.c.event_id).where(alert_outbox.c.event_id.in_(chunk))))
    created = now_text()
    versions = {(event_id, print_): payload for _a, event_id, print_, payload in matches}
    connection.execute(insert_or_skip(alert_events), [
        {"event_id": event_id, "fingerprint": print_, "payload_json": payload, "created_at": created}
        for (event_id, print_), payload in versions.items()])
    rows = [{"alert_id": alert_id, "event_id": event_id, "fingerprint": print_,
             "kind": "update" if (alert_id, event_id) in seen else "new", "created_at": created,
             "next_attempt_at": created, "attempts": 0}
            for alert_id, event_id, print_, _payload in matches]
    connection.execute(insert_or_skip(alert_outbox), rows)
    return len(rows)


def _with_payload(statement: Any) -> Any:
    """``statement`` over ``alert_outbox`` joined to the matched version's payload."""
    return statement.add_columns(alert_events.c.payload_json).join_from(
        alert_outbox, alert_events, and_(alert_events.c.event_id == alert_outbox.c.event_id,
                                         alert_events.c.fingerprint == alert_outbox.c.fingerprint))


def outbox_rows(connection: Any, alert_id: int, *, limit: int = 100) -> list[dict[str, Any]]:
    """An alert's matches, newest first."""
    statement = (_with_payload(select(alert_outbox)).where(alert_outbox.c.alert_id == alert_id)
                 .order_by(alert_outbox.c.id.desc()).limit(limit))
    return [dict(row._mapping) for row in connection.execute(statement)]


def delivery_rows(connection: Any, alert_id: int, *, limit: int = 50) -> list[dict[str, Any]]:
    statement = (select(alert_deliveries).where(alert_deliveries.c.alert_id == alert_id)
                 .order_by(alert_deliveries.c.id.desc()).limit(limit))
    return [dict(row._mapping) for row in connection.execute(statement)]


def claim_due(connection: Any, *, limit: int, moment: datetime) -> list[dict[str, Any]]:
    """Take up to ``limit`` undelivered matches of alerts with a webhook whose next attempt is due, each
    leased for :data:`LEASE` (a row another deliverer took meanwhile is left out)."""
    now = now_text(moment)
    statement = (_with_payload(select(alert_outbox, alerts.c.webhook_url, alerts.c.webhook_secret, alerts.c.name))
                 .join(alerts, alerts.c.id == alert_outbox.c.alert_id)
                 .where(alert_outbox.c.delivered_at.is_(None), alerts.c.webhook_url.is_not(None),
                        or_(alert_outbox.c.next_attempt_at.is_(None), alert_outbox.c.next_attempt_at <= now))
                 .order_by(alert_outbox.c.id).limit(limit))
    claimed = []
    leased = now_text(moment + LEASE)
    for row in connection.execute(statement).mappings().all():
        taken = connection.execute(update(alert_outbox).where(
            alert_outbox.c.id == row["id"], alert_outbox.c.delivered_at.is_(None),
            alert_outbox.c.next_attempt_at == row["next_attempt_at"]).values(next_attempt_at=leased))
        if taken.rowcount:
            claimed.append(dict(row))
    return claimed


def record_delivery(connection: Any, row: dict[str, Any], *, ok: bool, http_status: int | None,
                    error: str | None, moment: datetime) -> None:
    """Mark a match delivered, or schedule its next attempt with exponential backoff; log the attempt."""
    attempts = int(row["attempts"]) + 1
    values: dict[str, Any] = {"attempts": attempts, "last_error": None if ok else error}
    if ok:
        values["delivered_at"] = now_text(moment)
    else:
        wait = min(timedelta(seconds=2 ** min(attempts, 12)), MAX_BACKOFF)
        values["next_attempt_at"] = now_text(moment + wait)
    connection.execute(update(alert_outbox).where(alert_outbox.c.id == row["id"]).values(**values))
    connection.execute(alert_deliveries.insert().values(
        alert_id=row["alert_id"], outbox_id=row["id"], at=now_text(moment),
        status="delivered" if ok else "failed", http_status=http_status, error=(error or "")[:500] or None))



def stored_terms(connection: Any, article_id: str) -> frozenset[str]:
    """The search terms (title and body) of a stored article, computed as the index computes them."""
    from .schema import articles
    from .search import index_row

    row = connection.execute(select(articles.c.title, articles.c.body).where(articles.c.id == article_id)).first()
    if row is None:
        return frozenset()
    index = index_row(article_id, row.title, row.body)
    return frozenset(index.title.split()) | frozenset(index.body.split())
