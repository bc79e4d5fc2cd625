"""Alerts over HTTP: create and remove (token), list, read, and each alert's Atom feed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from ..alerts.atom import atom_feed
from ..alerts.service import alert_matches, create_alert, get_alert, list_alerts, remove_alert
from ..alerts.spec import AlertSpec
from .deps import StoreDep, require_token
from .errors import ApiError, error_responses

ATOM_TYPE = "application/atom+xml"
AlertId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the alert's id")]
alerts_router = APIRouter(tags=["alerts"])
#: Writes need the token and may break a rule; every call may meet a store that is down or fail.
_WRITE_ERRORS = (400, 401, 403, 413, 422, 500, 503)
_READ_ERRORS = (422, 500, 503)


class AlertCreated(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int = Field(description="the new alert's id")


@alerts_router.post("/alerts", status_code=201, dependencies=[Depends(require_token)],
                    responses=error_responses(*_WRITE_ERRORS))
def post_alert(store: StoreDep, body: AlertSpec) -> AlertCreated:
    """Save a filter as an alert: every event stored or changed from now on that matches it is queued for
    its feed and, with a webhook, POSTed signed (``X-Marsad-Signature: sha256=HMAC``)."""
    return AlertCreated(id=create_alert(store, body))


@alerts_router.get("/alerts", responses=error_responses(*_READ_ERRORS))
def get_alerts(store: StoreDep) -> dict[str, Any]:
    """Every alert with its number of matches, undelivered webhook posts and last match."""
    items = list_alerts(store)
    return {"total": len(items), "items": items}


@alerts_router.get("/alerts/{alert_id}", responses=error_responses(404, *_READ_ERRORS))
def get_one_alert(store: StoreDep, alert_id: AlertId) -> dict[str, Any]:
    """One alert with its latest matches and its webhook delivery log."""
    alert = get_alert(store, alert_id)
    if alert is None:
        raise ApiError(404, f"no alert {alert_id}")
    return alert


@alerts_router.delete("/alerts/{alert_id}", status_code=204, dependencies=[Depends(require_token)],
                      responses=error_responses(404, *_WRITE_ERRORS))
def delete_alert(store: StoreDep, alert_id: AlertId) -> Response:
    """Remove an alert, its matches and its delivery log."""
    if not remove_alert(store, alert_id):
        raise ApiError(404, f"no alert {alert_id}")
    return Response(status_code=204)


@alerts_router.get("/alerts/{alert_id}/feed.atom", response_class=Response,
                   responses={200: {"content": {ATOM_TYPE: {"schema": {"type": "string"}}},
                                    "description": "the alert's matches as an Atom feed (RFC 4287), newest first"},
                              **error_responses(404, *_READ_ERRORS)})
def alert_feed(store: StoreDep, alert_id: AlertId, request: Request) -> Response:
    """The alert's matches, newest first, each with the English notes, the Arabic evidence, place, date,
    deaths and a link to the event in the web UI."""
    try:
        alert, matches = alert_matches(store, alert_id)
    except LookupError:
        raise ApiError(404, f"no alert {alert_id}") from None
    return Response(atom_feed(alert, matches, base_url=str(request.base_url)), media_type=ATOM_TYPE)
