"""Matching stored events against every alert, in the transaction that stores them.

The store calls :meth:`AlertMatcher.queue` with the rows of the events it has just written or changed;
the matches go to the outbox in the same transaction, so a crash loses none and a rerun queues none twice.
The index of alerts is rebuilt only when alerts were added or removed (by any process).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from typing import Any

from sqlalchemy import Table, select

from ..errors import InputError
from ..store.alerts import alerts, alerts_version, fingerprint, queue_matches
from .matching import AlertIndex, CompiledAlert, EventView
from .spec import AlertFilters

#: The web UI's page of an event, relative to the server (the Atom feed and webhooks make it absolute).
EVENT_PATH = "/ui/#/event/{id}"


def compile_alert(alert_id: int, filters: AlertFilters) -> CompiledAlert:
    """An alert's filters with its actor resolved (canonical name or alias) and its query parsed."""
    names: frozenset[str] = frozenset()
    if filters.actor:
        names = frozenset(name.lower() for name in actor_names(filters.actor))
    query = None
    if filters.q:
        from ..store.terms import parse_query

        query = parse_query(filters.q)
    return CompiledAlert(alert_id, filters, names, query)


@lru_cache(maxsize=4096)
def actor_names(given: str) -> frozenset[str]:
    """The canonical names an actor filter stands for: the actors whose name or alias it is (as events
    code them), and the text itself."""
    from ..resources import actor_base
    from ..text.normalize import normalize_key

    base = actor_base(())
    wanted = normalize_key(given).lower()
    names = {given.strip()}
    for actor in base.actors.values():
        if any(normalize_key(alias).lower() == wanted for alias in (actor.name, *actor.aliases_ar, *actor.aliases_en)):
            names.add(base.coded(actor).name)
            names.add(actor.name)
    return frozenset(names)


def check_query(filters: AlertFilters) -> None:
    """Refuse a query with no searchable word (as ``/search`` does)."""
    if filters.q:
        from ..store.terms import parse_query

        try:
            parse_query(filters.q)
        except InputError as error:
            raise InputError(f"filters.q: {error}") from error


def event_payload(row: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """An event as an alert reports it: the output contract's fields, its id and the path of its page."""
    from ..store.rows import event_view

    view = event_view(data)
    return {"id": row["id"], "article_id": row.get("article_id"), "status": row.get("status", "machine"),
            "version": row.get("version", 1), "path": EVENT_PATH.format(id=row["id"]), **view}


class AlertMatcher:
    """The alerts of one store, indexed; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: tuple[int, int] | None = None
        self._index: AlertIndex | None = None

    def index(self, connection: Any) -> AlertIndex | None:
        """The current index (None when there is no alert)."""
        version = alerts_version(connection)
        with self._lock:
            if version != self._version:
                rows = connection.execute(select(alerts.c.id, alerts.c.filters_json)).all()
                self._index = AlertIndex.build(
                    compile_alert(int(row.id), AlertFilters.model_validate_json(row.filters_json)) for row in rows
                ) if rows else None
                self._version = version
            return self._index

    def queue(self, connection: Any, insert_or_skip: Callable[[Table], Any], event_rows: Iterable[dict[str, Any]],
              terms_of: Callable[[str], frozenset[str]]) -> int:
        """Queue the matches of ``event_rows`` (``events`` rows); ``terms_of`` gives an article's search
        terms. Return how many matches were offered (those queued before are skipped by the store)."""
        index = self.index(connection)
        if index is None:
            return 0
        matches: list[tuple[int, str, str, str]] = []
        for row in event_rows:
            if row.get("status") == "rejected":
                continue  # a reviewer said it is no event
            data = json.loads(row["event_json"])
            found = index.match(EventView.from_row(row, data), partial(terms_of, str(row["article_id"])))
            if found:
                payload = json.dumps(event_payload(row, data), ensure_ascii=False)
                print_ = fingerprint(row["event_json"])
                matches.extend((alert_id, str(row["id"]), print_, payload) for alert_id in found)
        return queue_matches(connection, insert_or_skip, matches)
