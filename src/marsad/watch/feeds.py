"""Watching RSS/Atom feeds: poll each feed, fetch its new article pages, store what they report.

A feeds file (YAML) lists the feeds and the politeness settings::

    feeds:
      - url: https://example.org/rss.xml
        name: Example        # optional
    interval: 900            # seconds between polls
    user_agent: marsad/0.1 (+mailto:you@example.org)
    min_interval: 1.0        # seconds between two requests to one host
    timeout: 20              # seconds per request
    retries: 3               # retries of a failing request (exponential backoff)
    backoff: 1.0             # first backoff in seconds (then 2x, 4x …)
    max_attempts: 3          # polls that may fail on a page before it is given up
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from .. import __version__
from ..batch.report import BatchError
from ..config import Config
from ..errors import ConfigError, InputError, MarsadError
from ..ingest.records import Record, load_record
from ..model import Article
from ..pipeline import get_pipeline
from ..store import Store
from .fetch import Disallowed, FetchError, PoliteFetcher
from .state import WatchState


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed to watch."""

    url: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """The feeds file: feeds and politeness settings (see the module docstring)."""

    feeds: tuple[FeedSpec, ...]
    interval: float = 900.0
    user_agent: str = f"marsad/{__version__}"
    min_interval: float = 1.0
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    max_attempts: int = 3

    @classmethod
    def load(cls, path: str | Path) -> WatchSettings:
        """Read and validate a feeds YAML file."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise ConfigError(f"cannot read feeds file {path}: {error}") from error
        if not isinstance(data, dict) or not isinstance(data.get("feeds"), list) or not data["feeds"]:
            raise ConfigError(f"{path}: needs a non-empty 'feeds' list of {{url: …}} items")
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WatchSettings:
        known = {item.name for item in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(
                f"unknown feeds setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )
        feeds = []
        for number, item in enumerate(data["feeds"], 1):
            item = {"url": item} if isinstance(item, str) else item
            url = str(item.get("url") or "") if isinstance(item, dict) else ""
            if not url:
                raise ConfigError(f"feed {number}: needs a url (a feed is `- url: https://…` or the URL alone)")
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"feed {number}: {url}: not an http:// or https:// URL (the watcher fetches feeds "
                                  "over HTTP; pages on disk go to `marsad ingest`)")
            feeds.append(FeedSpec(str(item["url"]), item.get("name")))
        types = {item.name: item.type for item in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "feeds":
                continue
            convert = {"float": float, "int": int}.get(str(types[key]), str)
            try:
                values[key] = convert(value)
            except (TypeError, ValueError) as error:
                raise ConfigError(f"feeds setting {key!r}: {value!r} is not a valid {types[key]}") from error
        return cls(tuple(feeds), **values)

    def __post_init__(self) -> None:
        if self.interval <= 0 or self.timeout <= 0 or self.min_interval < 0 or self.retries < 0 or self.backoff < 0:
            raise ConfigError("interval and timeout must be positive; min_interval, retries, backoff not negative")
        if self.max_attempts < 1:
            raise ConfigError("max_attempts must be at least 1")

    def replace(self, **changes: Any) -> WatchSettings:
        """Return a copy with some settings changed (validated again)."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """An item of a feed: its article URL, and its date when the feed gives one."""

    url: str
    title: str | None = None
    published: str | None = None


def parse_feed(content: bytes, *, base_url: str) -> list[FeedEntry]:
    """Parse an RSS or Atom document into entries with absolute URLs."""
    import feedparser

    parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries:
        raise InputError(f"not an RSS or Atom feed ({parsed.get('bozo_exception')})")
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = time.strftime("%Y-%m-%d", stamp) if stamp else None
        entries.append(FeedEntry(urljoin(base_url, link), item.get("title"), published))
    return entries


@dataclass(slots=True)
class PollReport:
    """What one poll of every feed did."""

    feeds: int = 0
    not_modified: int = 0
    entries: int = 0
    new: int = 0
    added: int = 0
    already_stored: int = 0
    rejected: int = 0
    retry_later: int = 0
    failed: int = 0
    feeds_failed: int = 0
    errors: list[BatchError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class Watcher:
    """Polls feeds and turns their new pages into stored articles; restart-safe through its state."""

    def __init__(self, settings: WatchSettings, store: Store, state: WatchState, *, config: Config | None = None,
                 fetcher: PoliteFetcher | None = None, batch_size: int = 50) -> None:
        self.settings = settings
        self.store = store
        self.state = state
        self.config = config or Config()
        self.fetcher = fetcher or PoliteFetcher(
            user_agent=settings.user_agent, min_interval=settings.min_interval, timeout=settings.timeout,
            retries=settings.retries, backoff=settings.backoff,
        )
        self.batch_size = batch_size

    def poll_once(self) -> PollReport:
        """Poll every feed once; errors are reported, never raised (store errors excepted)."""
        report = PollReport()
        for feed in self.settings.feeds:
            report.feeds += 1
            try:
                response = self.fetcher.fetch(feed.url, self.state.validators(feed.url))
                if response.not_modified:
                    report.not_modified += 1
                    continue
                entries = parse_feed(response.content, base_url=response.url)
            except InputError as error:
                report.feeds_failed += 1
                report.errors.append(BatchError(feed.url, "feed", str(error)))
                continue
            report.entries += len(entries)
            self._process_entries(entries, report)
            if not any(entry.url in self.state.retries for entry in entries):
                self.state.set_validators(feed.url, response.validators)  # else read it again for the retries
        return report

    def _process_entries(self, entries: list[FeedEntry], report: PollReport) -> None:
        pipeline = get_pipeline(self.config)
        batch: list[tuple[Article, str]] = []
        urls: list[str] = []
        for entry in entries:
            if self.state.is_seen(entry.url) or entry.url in urls:
                continue
            report.new += 1
            step = "fetch"
            try:
                response = self.fetcher.fetch(entry.url)
                step = "ingest"
                page = Record("page", entry.url, 0, response.content, url=entry.url)
                article, raw = load_record(page, published=entry.published)
                step = "pipeline"
                article = pipeline(article)
            except FetchError as error:
                self._failed(entry.url, error, report)
                continue
            except MarsadError as error:
                report.rejected += 1
                report.errors.append(BatchError(entry.url, step, str(error)))
                self.state.mark_seen(entry.url, "rejected", reason=str(error))
                continue
            batch.append((article, raw))
            urls.append(entry.url)
            if len(batch) >= self.batch_size:
                self._write(batch, urls, report)
        self._write(batch, urls, report)

    def _failed(self, url: str, error: FetchError, report: PollReport) -> None:
        report.errors.append(BatchError(url, "fetch", str(error)))
        if error.transient and self.state.mark_retry(url) < self.settings.max_attempts:
            report.retry_later += 1
            return
        report.failed += 1
        status = "robots" if isinstance(error, Disallowed) else "failed"
        self.state.mark_seen(url, status, reason=str(error))

    def _write(self, batch: list[tuple[Article, str]], urls: list[str], report: PollReport) -> None:
        if not batch:
            return
        inserted = self.store.add_articles(batch)
        report.added += inserted.added
        report.already_stored += inserted.skipped
        for (article, _raw), url in zip(batch, urls, strict=True):
            self.state.mark_seen(url, "stored", article_id=article.id)
        batch.clear()
        urls.clear()

    def run(self, *, once: bool = False, stop: threading.Event | None = None,
            on_poll: Callable[[PollReport], None] | None = None) -> None:
        """Poll every ``interval`` seconds until ``stop`` is set (or once)."""
        stop = stop or threading.Event()
        while not stop.is_set():
            report = self.poll_once()
            if on_poll is not None:
                on_poll(report)
            if once:
                return
            stop.wait(self.settings.interval)

    def close(self) -> None:
        self.fetcher.close()
        self.state.close()
