"""Evaluation against gold files (format and metrics in EVENTS.md)."""

from ..geo import haversine_km
from .runner import evaluate, load_gold
from .scoring import Scoreboard, match_events

__all__ = ["Scoreboard", "evaluate", "haversine_km", "load_gold", "match_events"]
