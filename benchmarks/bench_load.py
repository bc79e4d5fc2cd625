"""HTTP load on `marsad serve` (127.0.0.1 only) with wrk: requests/s and p99 for list, search and event pages.

    .venv/bin/python benchmarks/bench_load.py [--seconds 20] [--copies 20] [--backends sqlite,postgresql]

Fills a fresh store on each backend with the fixture pages and numbered copies of them (full pipeline),
serves it with `marsad serve`, and runs `wrk --latency` (Debian's package: `apt-get install -y wrk`)
against each endpoint for a bounded time. Prints one JSON line per (backend, endpoint); any socket
error or non-2xx answer is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tests" / "fixtures" / "examples"
MARSAD = [sys.executable, "-m", "marsad.cli"]
PG = os.environ.get("MARSAD_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
ENDPOINTS = {
    "articles": "/articles?limit=50",
    "search": "/search?" + urllib.parse.urlencode({"q": "دير الزور", "limit": 20}),
    "events": "/events?limit=50",
    "event": None,  # one event page, filled in from the store
}


def make_corpus(folder: Path, copies: int) -> int:
    pages = sorted(EXAMPLES.glob("*.txt"))
    for number in range(copies):
        for page in pages:
            text = page.read_text(encoding="utf-8")
            extra = f"\n\nوأفادت مصادر محلية في التقرير رقم {number} بأن الوضع ما زال متوتراً في المنطقة.\n"
            (folder / f"{page.stem}-{number:03d}.txt").write_text(text + extra if number else text, encoding="utf-8")
    return copies * len(pages)


def store_url(backend: str) -> tuple[str, str | None]:
    if backend == "sqlite":
        return str(Path(tempfile.mkdtemp(prefix="marsad-load-")) / "load.db"), None
    from sqlalchemy import create_engine, text

    from marsad.store import database_url

    schema = f"marsad_load_{secrets.token_hex(4)}"
    engine = create_engine(database_url(PG))
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    return f"{PG}?options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str) -> None:
    from sqlalchemy import create_engine, text

    from marsad.store import database_url

    engine = create_engine(database_url(PG))
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def wait_up(base: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"marsad serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("marsad serve did not come up")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, seconds: int, connections: int, threads: int) -> dict[str, float | int]:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"\s50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return {"requests": requests, "rps": round(rps, 1), "p50_ms": round(_ms(*p50.groups()), 2),  # type: ignore[union-attr]
            "p99_ms": round(_ms(*p99.groups()), 2), "errors": errors}  # type: ignore[union-attr]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="wrk duration per endpoint (default 20)")
    parser.add_argument("--copies", type=int, default=20, help="copies of the 15 fixture pages (default 20)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    corpus = Path(tempfile.mkdtemp(prefix="marsad-load-corpus-"))
    pages = make_corpus(corpus, args.copies)
    base = f"http://127.0.0.1:{args.port}"
    for backend in args.backends.split(","):
        url, schema = store_url(backend)
        started = time.perf_counter()
        subprocess.run([*MARSAD, "ingest", str(corpus), "--db", url, "--no-progress"], check=True,
                       stdout=subprocess.DEVNULL)
        fill = time.perf_counter() - started
        server = subprocess.Popen([*MARSAD, "serve", "--db", url, "--host", "127.0.0.1", "--port", str(args.port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_up(base, server)
            with urllib.request.urlopen(base + "/events?limit=1", timeout=10) as response:
                listing = json.load(response)
            endpoints = dict(ENDPOINTS, event=f"/events/{listing['items'][0]['id']}")
            for name, path in endpoints.items():
                result = run_wrk(base + str(path), args.seconds, args.connections, args.threads)
                print(json.dumps({"backend": backend, "endpoint": name, "path": path, "articles": pages,
                                  "events": listing["total"], "fill_s": round(fill, 1), **result},
                                 ensure_ascii=False), flush=True)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
            if schema:
                drop_schema(schema)
    shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    main()
