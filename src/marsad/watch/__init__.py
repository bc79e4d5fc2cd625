"""Feed watching: poll RSS/Atom feeds politely and process their new pages into the store."""

from .feeds import FeedEntry, FeedSpec, PollReport, Watcher, WatchSettings, parse_feed
from .fetch import Disallowed, FetchError, PoliteFetcher, Response
from .state import FeedValidators, WatchState

__all__ = [
    "Disallowed",
    "FeedEntry",
    "FeedSpec",
    "FeedValidators",
    "FetchError",
    "PoliteFetcher",
    "PollReport",
    "Response",
    "WatchSettings",
    "WatchState",
    "Watcher",
    "parse_feed",
]
