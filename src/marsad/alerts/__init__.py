"""Standing alerts: saved filters over coded events, matched as events are stored, delivered by an Atom
feed and signed webhooks (``docs/alerts.md``)."""

from __future__ import annotations

from .matching import AlertIndex, CompiledAlert, EventView
from .spec import AlertFilters, AlertSpec, Near, Webhook

__all__ = ["AlertFilters", "AlertIndex", "AlertSpec", "CompiledAlert", "EventView", "Near", "Webhook"]
