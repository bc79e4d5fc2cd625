"""Polite HTTP fetching: per-host rate limit, retries with exponential backoff, conditional GET,
and robots.txt (RFC 9309: a missing robots.txt allows all, an unreachable one allows nothing)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..errors import InputError
from ..ingest.decode import MAX_INPUT_BYTES
from .state import FeedValidators

#: Statuses worth retrying: rate limited, or a server or gateway error.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
ROBOTS_TTL_S = 24 * 3600.0


class FetchError(InputError):
    """A page or feed that could not be fetched; ``transient`` errors are worth a later try.

    The message is the reason alone: whoever reports it names the URL.
    """

    def __init__(self, message: str, *, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.retry_after = retry_after


class Disallowed(FetchError):
    """A URL that robots.txt disallows for this user agent."""

    def __init__(self, url: str) -> None:
        super().__init__("disallowed by robots.txt", transient=False)
        self.url = url


@dataclass(slots=True)
class Response:
    """A fetched resource; ``not_modified`` for a 304 answer to a conditional GET."""

    url: str
    status: int
    content: bytes
    validators: FeedValidators
    not_modified: bool = False


class PoliteFetcher:
    """An HTTP client that waits ``min_interval`` seconds between requests to one host (longer
    when robots.txt asks for a crawl delay), retries transient failures with exponential
    backoff, and refuses URLs that robots.txt disallows for its user agent."""

    def __init__(self, *, user_agent: str, min_interval: float = 1.0, timeout: float = 20.0, retries: int = 3,
                 backoff: float = 1.0, max_backoff: float = 60.0, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.user_agent = user_agent
        self.min_interval = min_interval
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._sleep = sleep
        self._clock = clock
        self._next_request: dict[str, float] = {}
        self._robots: dict[str, tuple[RobotFileParser | None, float]] = {}
        self._client = httpx.Client(timeout=timeout, follow_redirects=True, transport=transport,
                                    headers={"User-Agent": user_agent})

    def close(self) -> None:
        self._client.close()

    # -- robots.txt --------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """True when the host's robots.txt lets this user agent fetch ``url``."""
        robots = self._robots_for(url)
        return robots is not None and robots.can_fetch(self.user_agent, url)

    def _robots_for(self, url: str) -> RobotFileParser | None:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(host)
        if cached is not None and self._clock() - cached[1] < ROBOTS_TTL_S:
            return cached[0]
        parser = RobotFileParser(f"{host}/robots.txt")
        robots: RobotFileParser | None = parser
        try:
            response = self._get(f"{host}/robots.txt", FeedValidators())
        except FetchError as error:
            if error.transient:
                robots = None  # unreachable: allow nothing until the next check
            else:
                parser.allow_all = True  # type: ignore[attr-defined]  # no robots.txt (4xx): allow all
        else:
            parser.parse(response.content.decode("utf-8", errors="replace").splitlines())
        self._robots[host] = (robots, self._clock())
        return robots

    def _host_delay(self, url: str) -> float:
        cached = self._robots.get(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}")
        delay = cached[0].crawl_delay(self.user_agent) if cached and cached[0] else None
        return max(self.min_interval, float(delay or 0))

    # -- fetching ----------------------------------------------------------------------------

    def fetch(self, url: str, validators: FeedValidators | None = None) -> Response:
        """GET ``url`` if robots.txt allows it (conditional when ``validators`` are given)."""
        if not self.allowed(url):
            raise Disallowed(url)
        return self._get(url, validators or FeedValidators())

    def _get(self, url: str, validators: FeedValidators) -> Response:
        headers = {}
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        for attempt in range(self.retries + 1):
            try:
                return self._attempt(url, headers)
            except FetchError as error:
                if not error.transient or attempt == self.retries:
                    raise
                wait = error.retry_after if error.retry_after is not None else self.backoff * 2**attempt
                self._sleep(min(self.max_backoff, wait))
        raise FetchError("no attempt made", transient=True)  # retries < 0

    def _attempt(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).netloc
        wait = self._next_request.get(host, 0.0) - self._clock()
        if wait > 0:
            self._sleep(wait)
        try:
            return self._request(url, headers)
        finally:  # the host's next turn: a delay after this answer ends
            self._next_request[host] = self._clock() + self._host_delay(url)

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Response(url, 304, b"", _validators(response), not_modified=True)
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code}",
                                     transient=response.status_code in RETRY_STATUSES,
                                     retry_after=_retry_after(response))
                content = bytearray()
                for piece in response.iter_bytes():
                    content += piece
                    if len(content) > MAX_INPUT_BYTES:
                        raise FetchError(f"larger than {MAX_INPUT_BYTES} bytes", transient=False)
                return Response(str(response.url), response.status_code, bytes(content), _validators(response))
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out ({type(error).__name__})", transient=True) from error
        except httpx.HTTPError as error:
            raise FetchError(f"{type(error).__name__}: {error}", transient=True) from error


def _validators(response: httpx.Response) -> FeedValidators:
    return FeedValidators(response.headers.get("ETag"), response.headers.get("Last-Modified"))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
