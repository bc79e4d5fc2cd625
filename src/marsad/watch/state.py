"""What a feed watcher has done, kept across restarts: seen article URLs and feed validators.

The state is an append-only JSON-lines file (one change a line, synced), replayed on open and
compacted when it has grown well past its live entries; seen URLs older than ``keep_days`` are
dropped then, since feeds only list recent items.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import StoreError


@dataclass(slots=True)
class FeedValidators:
    """A feed's conditional-GET validators from its last 200 response."""

    etag: str | None = None
    last_modified: str | None = None


class WatchState:
    """Seen URLs (with their outcome), pending retries and feed validators, in one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[str, dict[str, Any]] = {}
        self.retries: dict[str, int] = {}
        self.feeds: dict[str, FeedValidators] = {}
        self._handle: IO[str] | None = None
        self._torn = False  # the file ends inside a line: start the next write on a new one

    @classmethod
    def open(cls, path: str | Path, *, keep_days: float = 60.0) -> WatchState:
        """Replay the state file at ``path`` (empty when it does not exist yet)."""
        state = cls(Path(path))
        lines = state._replay()
        horizon = time.time() - keep_days * 86400
        state.seen = {url: entry for url, entry in state.seen.items() if entry.get("at", 0) >= horizon}
        if lines > 2 * (len(state.seen) + len(state.retries) + len(state.feeds)) + 100:
            state._compact()
        return state

    def _replay(self) -> int:
        lines, line = 0, "\n"
        try:
            with self.path.open(encoding="utf-8") as handle:
                for line in handle:
                    lines += 1
                    try:
                        self._apply(json.loads(line))
                    except (json.JSONDecodeError, AttributeError, KeyError, TypeError):
                        continue  # a torn last line after a crash
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreError(f"cannot read watch state {self.path}: {error.strerror or error}") from error
        self._torn = not line.endswith("\n")
        return lines

    def _apply(self, item: dict[str, Any]) -> None:
        kind, url = item["t"], item["url"]
        if kind == "seen":
            self.seen[url] = item
            self.retries.pop(url, None)
        elif kind == "retry":
            self.retries[url] = int(item["attempts"])
        elif kind == "feed":
            self.feeds[url] = FeedValidators(item.get("etag"), item.get("last_modified"))

    def _append(self, item: dict[str, Any]) -> None:
        try:
            if self._handle is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = self.path.open("a", encoding="utf-8")
            lead, self._torn = "\n" if self._torn else "", False
            self._handle.write(lead + json.dumps(item, ensure_ascii=False) + "\n")
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as error:
            raise StoreError(f"cannot write watch state {self.path}: {error.strerror or error}") from error
        self._apply(item)

    def _compact(self) -> None:
        items = list(self.seen.values())
        items += [{"t": "retry", "url": url, "attempts": n} for url, n in self.retries.items()]
        items += [{"t": "feed", "url": url, "etag": v.etag, "last_modified": v.last_modified}
                  for url, v in self.feeds.items()]
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            temporary.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
            os.replace(temporary, self.path)
            self._torn = False
        except OSError as error:
            raise StoreError(f"cannot compact watch state {self.path}: {error.strerror or error}") from error

    def is_seen(self, url: str) -> bool:
        """True when the URL was handled already (stored, rejected or given up)."""
        return url in self.seen

    def mark_seen(self, url: str, status: str, *, article_id: str | None = None, reason: str | None = None) -> None:
        """Record a URL's final outcome (``stored``, ``rejected``, ``robots``, ``failed``)."""
        self._append({"t": "seen", "url": url, "status": status, "id": article_id, "reason": reason,
                      "at": round(time.time())})

    def mark_retry(self, url: str) -> int:
        """Count one more transient failure of a URL; return the attempts so far."""
        attempts = self.retries.get(url, 0) + 1
        self._append({"t": "retry", "url": url, "attempts": attempts})
        return attempts

    def validators(self, feed_url: str) -> FeedValidators:
        return self.feeds.get(feed_url, FeedValidators())

    def set_validators(self, feed_url: str, validators: FeedValidators) -> None:
        if validators != self.feeds.get(feed_url):
            self._append({"t": "feed", "url": feed_url, "etag": validators.etag,
                          "last_modified": validators.last_modified})

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
