"""Reviews of events: accept, edit (a new version) or reject with a reason, each audited.

The machine-coded event is version 1 of ``event_versions`` and is never changed; an edit adds a
version and makes it current in ``events``. Every action adds a row to ``reviews`` with who and when.
Edited fields keep the rules of :mod:`marsad.events.schema`.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, func, select

from ..errors import InputError, StoreError
from ..events.schema import check_edit
from .rows import dumps, event_columns
from .schema import event_versions, events, reviews

ACTIONS = {"accept": "accepted", "edit": "edited", "reject": "rejected"}


class EventNotFound(StoreError):
    """The event to review is not in the store."""


class VersionConflict(StoreError):
    """The event changed since the reviewer read it."""


def apply(connection: Connection, event_id: str, *, action: str, reviewer: str, reason: str | None,
          changes: dict[str, Any], expected_version: int | None, now: str) -> None:
    """Apply one review inside the caller's transaction."""
    if action not in ACTIONS:
        raise InputError(f"unknown review action {action!r}; use one of {', '.join(ACTIONS)}")
    if not reviewer.strip():
        raise InputError("a review needs the reviewer's name")
    if action == "reject" and not (reason or "").strip():
        raise InputError("a rejection needs a reason")
    if action == "edit" and not changes:
        raise InputError("an edit needs at least one changed field")
    if action != "edit" and changes:
        raise InputError(f"only an edit changes fields, not {action!r}")
    row = connection.execute(
        select(events.c.version, events.c.event_json).where(events.c.id == event_id).with_for_update()
    ).one_or_none()
    if row is None:
        raise EventNotFound(f"no event {event_id}")
    if expected_version is not None and expected_version != row.version:
        raise VersionConflict(f"event {event_id} is at version {row.version}, not {expected_version}; reload it")
    version = row.version
    values: dict[str, Any] = {"status": ACTIONS[action], "updated_at": now}
    if action == "edit":
        stored = json.loads(row.event_json)
        data = {**stored, **check_edit(stored, changes)}
        latest = connection.execute(
            select(func.max(event_versions.c.version)).where(event_versions.c.event_id == event_id)
        ).scalar_one()
        version = int(latest or row.version) + 1
        connection.execute(event_versions.insert().values(
            event_id=event_id, version=version, event_json=dumps(data), author=reviewer, created_at=now))
        values |= {**event_columns(data), "event_json": dumps(data), "version": version}
    connection.execute(events.update().where(events.c.id == event_id).values(**values))
    connection.execute(reviews.insert().values(
        event_id=event_id, action=action, reviewer=reviewer, reason=reason, from_version=row.version,
        to_version=version, status=ACTIONS[action], created_at=now))
