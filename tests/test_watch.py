"""Feed watching against a local HTTP server (127.0.0.1, random port) serving real pages; no other network."""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from marsad.cli import main
from marsad.config import Config
from marsad.errors import ConfigError
from marsad.store import Store
from marsad.watch import Disallowed, FeedSpec, FetchError, PoliteFetcher, Watcher, WatchSettings, WatchState, parse_feed

FIXTURES = Path(__file__).parent / "fixtures"
LIGHT = Config(stages=("text.sentences.v1",))
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def _text(name: str) -> bytes:
    return (FIXTURES / "examples" / f"{name}.txt").read_bytes()


def rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>{name}</title><link>{base}{path}</link><pubDate>Thu, 09 Jul 2020 10:00:00 GMT</pubDate></item>"
        for name, path in (("cnn", "/news/cnn.html"), ("seed", "/news/seed.txt"), ("flaky", "/news/flaky.txt"),
                           ("broken", "/news/broken.html"), ("slow", "/news/slow.html"),
                           ("private", "/private/secret.html"), ("empty", "/news/empty.txt"))
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title>'
            f"<link>{base}/</link><description>fixture</description>{items}</channel></rss>").encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:test</id><updated>2020-07-10T00:00:00Z</updated>
<entry><title>seed again</title><id>urn:1</id><link href="/news/seed.txt"/>
<updated>2020-07-09T00:00:00Z</updated></entry>
<entry><title>a-020</title><id>urn:2</id><link href="/news/a-020.txt"/><updated>2020-07-10T00:00:00Z</updated></entry>
</feed>"""


class FixtureServer:
    """A threaded HTTP server with feeds, pages, a flaky, a failing and a slow URL; it logs requests."""

    def __init__(self) -> None:
        self.requests: list[tuple[float, str, dict[str, str]]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                del args

            def do_GET(self) -> None:
                with server.lock:
                    server.requests.append((time.monotonic(), self.path, dict(self.headers)))
                    count = sum(1 for _t, path, _h in server.requests if path == self.path)
                status, body, headers = server.respond(self.path, dict(self.headers), count)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that timed out
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def respond(self, path: str, headers: dict[str, str], count: int) -> tuple[int, bytes, dict[str, str]]:
        plain = {"Content-Type": "text/plain; charset=utf-8"}
        if path == "/robots.txt":
            return 200, ROBOTS, plain
        if path == "/rss.xml":
            validators = {"ETag": '"v1"', "Last-Modified": "Fri, 10 Jul 2020 00:00:00 GMT"}
            if headers.get("If-None-Match") == '"v1"':
                return 304, b"", validators
            return 200, rss(self.base), {"Content-Type": "application/rss+xml", **validators}
        if path == "/atom.xml":
            return 200, ATOM, {"Content-Type": "application/atom+xml"}
        if path == "/news/cnn.html":
            return 200, (FIXTURES / "html" / "cnn-arabic-2013-08-03.html").read_bytes(), {"Content-Type": "text/html"}
        if path == "/news/seed.txt":
            return 200, _text("seed-0001"), plain
        if path == "/news/a-020.txt":
            return 200, _text("a-020"), plain
        if path == "/news/flaky.txt":
            return (503, b"busy", plain) if count == 1 else (200, _text("c-005"), plain)
        if path == "/news/slow.html":
            time.sleep(0.6)
            return 200, _text("b-019"), plain
        if path == "/news/empty.txt":
            return 200, b"", plain
        return 500, b"server error", plain

    def pages(self, prefix: str = "/news/") -> list[str]:
        return [path for _t, path, _h in self.requests if path.startswith(prefix)]


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    fixture = FixtureServer()
    fixture.thread.start()
    yield fixture
    fixture.httpd.shutdown()
    fixture.httpd.server_close()


def _settings(server: FixtureServer, **changes: Any) -> WatchSettings:
    feeds = (FeedSpec(f"{server.base}/rss.xml", "rss"), FeedSpec(f"{server.base}/atom.xml", "atom"))
    values = {"user_agent": "marsad-test/1.0", "min_interval": 0.05, "timeout": 0.25, "retries": 1,
              "backoff": 0.01, "max_attempts": 2, **changes}
    return WatchSettings(feeds, **values)


class RecordingTransport(httpx.HTTPTransport):
    """The real transport, noting when each request leaves the client."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[float] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(time.monotonic())
        return super().handle_request(request)


def _watcher(server: FixtureServer, tmp_path: Path, transport: httpx.BaseTransport | None = None) -> Watcher:
    settings = _settings(server)
    fetcher = PoliteFetcher(user_agent=settings.user_agent, min_interval=settings.min_interval,
                            timeout=settings.timeout, retries=settings.retries, backoff=settings.backoff,
                            transport=transport)
    return Watcher(settings, Store.open(tmp_path / "w.db"), WatchState.open(tmp_path / "state.jsonl"),
                   config=LIGHT, fetcher=fetcher)


def test_watch_polls_fetches_politely_and_survives_restarts(server: FixtureServer, tmp_path: Path) -> None:
    transport = RecordingTransport()
    watcher = _watcher(server, tmp_path, transport)
    first = watcher.poll_once()
    # cnn, seed, flaky (after one retry), a-020 stored; broken and slow retried later; robots and empty given up
    assert (first.added, first.retry_later, first.failed, first.rejected) == (4, 2, 1, 1)
    assert watcher.store.count_articles() == 4
    assert "/private/secret.html" not in server.pages("/")
    assert server.pages().count("/news/flaky.txt") == 2
    assert server.pages().count("/news/seed.txt") == 1  # listed by both feeds, fetched once
    errors = {error.where.rsplit("/", 1)[1]: error.message for error in first.errors}
    assert "timed out" in errors["slow.html"]
    assert "HTTP 500" in errors["broken.html"]
    assert "robots.txt" in errors["secret.html"]
    sent = transport.sent  # one host: at least min_interval between two requests
    assert len(sent) == len(server.requests)
    assert min(later - earlier for earlier, later in itertools.pairwise(sent)) >= 0.05
    assert all(headers.get("User-Agent") == "marsad-test/1.0" for _t, _p, headers in server.requests)

    second = watcher.poll_once()  # the feed is read again while pages wait for a retry; then they are given up
    assert (second.added, second.retry_later, second.failed) == (0, 0, 2)
    third = watcher.poll_once()
    assert third.not_modified == 1  # conditional GET: 304 for the RSS feed
    watcher.close()
    watcher.store.close()

    fetched = len(server.pages())
    restarted = _watcher(server, tmp_path)
    again = restarted.poll_once()
    assert (again.not_modified, again.new, again.added) == (1, 0, 0)
    assert len(server.pages()) == fetched
    assert server.requests[-2][2].get("If-None-Match") == '"v1"'
    restarted.close()
    restarted.store.close()


def test_unreachable_robots_txt_allows_nothing(server: FixtureServer) -> None:
    fetcher = PoliteFetcher(user_agent="marsad-test/1.0", min_interval=0, retries=0, timeout=0.5)
    server.respond = lambda path, headers, count: (500, b"", {})  # type: ignore[method-assign]
    assert not fetcher.allowed(f"{server.base}/news/cnn.html")
    fetcher.close()


def test_parse_feed_resolves_relative_links(server: FixtureServer) -> None:
    entries = parse_feed(ATOM, base_url=f"{server.base}/atom.xml")
    assert [entry.url for entry in entries] == [f"{server.base}/news/seed.txt", f"{server.base}/news/a-020.txt"]
    assert entries[1].published == "2020-07-10"


def test_settings_file_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - url: https://example.org/rss.xml\ninterval: 60\n", encoding="utf-8")
    assert WatchSettings.load(path).interval == 60.0
    path.write_text("feeds:\n  - url: ftp://example.org/rss.xml\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="http"):
        WatchSettings.load(path)
    path.write_text("feeds: [https://example.org/rss.xml]\nintervall: 60\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="intervall"):
        WatchSettings.load(path)


def test_state_file_replays_and_survives_a_torn_line(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    state = WatchState.open(path)
    state.mark_seen("http://a/1", "stored", article_id="x")
    assert state.mark_retry("http://a/2") == 1
    state.close()
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"t": "seen", "url": "http://a/')
    state = WatchState.open(path)
    assert state.is_seen("http://a/1")
    assert state.retries == {"http://a/2": 1}
    state.mark_seen("http://a/2", "failed")
    state.close()
    assert WatchState.open(path).is_seen("http://a/2")


def test_cli_watch_once(server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {server.base}/atom.xml\nuser_agent: marsad-test/1.0\nmin_interval: 0\n",
                     encoding="utf-8")
    config = tmp_path / "light.toml"
    config.write_text('[marsad]\nstages = ["text.sentences.v1"]\n', encoding="utf-8")
    code = main(["watch", str(feeds), "--db", str(tmp_path / "w.db"), "--once", "--config", str(config)])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["added"] == 2
    assert (tmp_path / "w.db.watch-state.jsonl").exists()


def test_cli_watch_exits_1_when_every_feed_fails(server: FixtureServer, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    missing, not_a_feed = f"{server.base}/missing.xml", f"{server.base}/news/seed.txt"
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {missing}\n  - url: {not_a_feed}\nuser_agent: marsad-test/1.0\n"
                     "min_interval: 0\nretries: 0\n", encoding="utf-8")
    config = tmp_path / "light.toml"
    config.write_text('[marsad]\nstages = ["text.sentences.v1"]\n', encoding="utf-8")
    code = main(["watch", str(feeds), "--db", str(tmp_path / "w.db"), "--once", "--config", str(config)])
    captured = capsys.readouterr()
    assert code == 1
    assert json.loads(captured.out)["feeds_failed"] == 2
    first, second = captured.err.splitlines()
    assert first == f"marsad: error: {missing}: HTTP 500"
    assert second.startswith(f"marsad: error: {not_a_feed}: not an RSS or Atom feed (")
    assert second.count(server.base) == 1


def test_fetch_errors_give_the_reason_and_keep_the_url_apart(server: FixtureServer) -> None:
    fetcher = PoliteFetcher(user_agent="marsad-test/1.0", min_interval=0, retries=0, timeout=0.5)
    with pytest.raises(FetchError) as failed:
        fetcher.fetch(f"{server.base}/missing.xml")
    assert str(failed.value) == "HTTP 500"
    with pytest.raises(Disallowed) as refused:
        fetcher.fetch(f"{server.base}/private/secret.html")
    assert (str(refused.value), refused.value.url) == ("disallowed by robots.txt", f"{server.base}/private/secret.html")
    fetcher.close()
