"""Alerts of a store: create, list, remove, test a filter against stored events, read an alert's matches."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import InputError, StoreError
from ..store import Store
from ..store.alerts import alert_rows, delete_alert, delivery_rows, insert_alert, outbox_rows, stored_terms
from ..store.schema import events
from .engine import check_query, compile_alert, event_payload
from .matching import EventView
from .spec import AlertSpec

#: Most stored events ``test`` reads (newest first).
TEST_LIMIT = 100_000


def create_alert(store: Store, spec: AlertSpec) -> int:
    """Store an alert; return its id. Events stored from now on are matched against it."""
    check_query(spec.filters)
    compile_alert(0, spec.filters)  # an actor or query that cannot be read fails here, not on a write
    try:
        with store.write() as connection:
            return insert_alert(connection, name=spec.name, owner=spec.owner,
                                filters=spec.filters.model_dump(mode="json", exclude_defaults=True),
                                webhook_url=spec.webhook.url if spec.webhook else None,
                                webhook_secret=spec.webhook.secret if spec.webhook else None)
    except SQLAlchemyError as error:
        raise StoreError(f"cannot store the alert: {error}") from error


def remove_alert(store: Store, alert_id: int) -> bool:
    with store.write() as connection:
        return delete_alert(connection, alert_id)


def list_alerts(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as connection:
        return [public_alert(row) for row in alert_rows(connection)]


def get_alert(store: Store, alert_id: int, *, matches: int = 20, deliveries: int = 20) -> dict[str, Any] | None:
    """An alert with its latest matches and its delivery log."""
    with store.engine.connect() as connection:
        rows = alert_rows(connection, alert_id)
        if not rows:
            return None
        alert = public_alert(rows[0])
        alert["latest"] = [match_view(row) for row in outbox_rows(connection, alert_id, limit=matches)]
        alert["deliveries"] = delivery_rows(connection, alert_id, limit=deliveries)
    return alert


def alert_matches(store: Store, alert_id: int, *, limit: int = 100) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An alert and its matches, newest first (InputError: no such alert)."""
    with store.engine.connect() as connection:
        rows = alert_rows(connection, alert_id)
        if not rows:
            raise LookupError(alert_id)
        return public_alert(rows[0]), [match_view(row) for row in outbox_rows(connection, alert_id, limit=limit)]


def matching_events(store: Store, spec: AlertSpec, *, limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
    """Which stored events the alert's filters match now: how many, and the newest ``limit``."""
    check_query(spec.filters)
    alert = compile_alert(0, spec.filters)
    terms: dict[str, frozenset[str]] = {}

    def terms_of(article_id: str) -> frozenset[str]:
        if article_id not in terms:
            terms[article_id] = article_terms(store, article_id)
        return terms[article_id]

    found: list[dict[str, Any]] = []
    total = 0
    with store.engine.connect() as connection:
        statement = select(events).order_by(events.c.event_date.desc(), events.c.id).limit(TEST_LIMIT)
        for row in connection.execute(statement).mappings():
            data = json.loads(row["event_json"])
            if row["status"] != "rejected" and alert.matches(EventView.from_row(dict(row), data),
                                                             partial(terms_of, str(row["article_id"]))):
                total += 1
                if len(found) < limit:
                    found.append(event_payload(dict(row), data))
    return total, found


def article_terms(store: Store, article_id: str) -> frozenset[str]:
    """The search terms of a stored article (title and body), as the index holds them."""
    with store.engine.connect() as connection:
        return stored_terms(connection, article_id)


def public_alert(row: dict[str, Any]) -> dict[str, Any]:
    """An alert as the API and the CLI show it (the webhook secret never)."""
    return {"id": int(row["id"]), "name": row["name"], "owner": row["owner"],
            "filters": json.loads(row["filters_json"]), "webhook": {"url": row["webhook_url"]} if row["webhook_url"]
            else None, "created_at": row["created_at"], "matches": int(row.get("matches") or 0),
            "undelivered": int(row.get("pending") or 0) if row["webhook_url"] else 0,
            "last_match": row.get("last_match")}


def match_view(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": int(row["id"]), "kind": row["kind"], "matched_at": row["created_at"],
            "delivered_at": row["delivered_at"], "attempts": int(row["attempts"] or 0),
            "event": json.loads(row["payload_json"])}


def parse_spec(data: Any) -> AlertSpec:
    """An alert from JSON-like data; InputError naming each field and its rule otherwise."""
    from pydantic import ValidationError

    try:
        return AlertSpec.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in item['loc']) or 'alert'}: {item['msg']}"
                             for item in error.errors())
        raise InputError(f"invalid alert: {problems}") from None

