"""Shared runner of the fuzz_*.py scripts: atheris (coverage-guided) when installed, else hypothesis.

A target raises nothing on expected outcomes (an Article, or a refusal with ``InputError``); any
other exception is a crash. Crashes are recorded (type, message and the input, deduplicated by
where they were raised) and fuzzing goes on until the time is up; the summary is printed as JSON
and the crashing inputs are written to ``--crash-dir``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


class Stats:
    def __init__(self, name: str, crash_dir: Path) -> None:
        self.name = name
        self.crash_dir = crash_dir
        self.executions = 0
        self.crashes: dict[str, dict[str, str]] = {}
        self.started = time.perf_counter()
        self.engine = ""
        self.deadline = 0.0

    def run(self, target: Callable[[bytes], None], data: bytes) -> None:
        if self.deadline and time.perf_counter() > self.deadline:
            self.report()  # libFuzzer ends the process without Python's exit handlers
            os._exit(0)
        self.executions += 1
        try:
            target(data)
        except Exception as error:  # every unexpected exception is a finding
            frame = traceback.extract_tb(error.__traceback__)[-1]
            key = f"{type(error).__name__}@{Path(frame.filename).name}:{frame.lineno}"
            if key not in self.crashes:
                self.crash_dir.mkdir(parents=True, exist_ok=True)
                path = self.crash_dir / f"{self.name}-{hashlib.sha1(data).hexdigest()[:12]}.bin"
                path.write_bytes(data)
                self.crashes[key] = {"error": f"{type(error).__name__}: {str(error)[:200]}", "input": str(path)}
                print(f"CRASH {key}: {str(error)[:200]} (input {path})", file=sys.stderr, flush=True)

    def report(self) -> None:
        seconds = time.perf_counter() - self.started
        print(json.dumps({"target": self.name, "engine": self.engine, "seconds": round(seconds, 1),
                          "executions": self.executions, "exec_per_s": round(self.executions / max(seconds, 1e-9), 1),
                          "crashes": len(self.crashes), "details": self.crashes}, ensure_ascii=False), flush=True)


def seed_corpus(limit: int = 60_000) -> list[bytes]:
    """Real pages and the bad-input fixtures, as starting points for mutation."""
    seeds = []
    for folder in ("examples", "html", "bad"):
        for path in sorted((FIXTURES / folder).glob("*")):
            if path.is_file() and (path.suffix != ".json" or folder == "bad"):
                seeds.append(path.read_bytes()[:limit])
    return seeds


def main(name: str, target: Callable[[bytes], None], argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=f"fuzz {name} for a bounded time")
    parser.add_argument("--seconds", type=int, default=120, help="time budget (default 120)")
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument("--crash-dir", type=Path, default=Path("fuzz-crashes"))
    parser.add_argument("--max-len", type=int, default=20_000, help="largest input atheris tries (bytes)")
    args = parser.parse_args(argv)
    stats = Stats(name, args.crash_dir)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    stats.engine = engine
    if engine == "atheris":
        stats.deadline = time.perf_counter() + args.seconds
        import tempfile

        import atheris

        corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
        for number, seed in enumerate(seed_corpus(args.max_len)):
            (corpus / f"seed-{number}").write_bytes(seed)
        atheris.Setup([sys.argv[0], f"-max_total_time={args.seconds + 600}", f"-max_len={args.max_len}",
                       "-rss_limit_mb=4096", "-timeout=60", str(corpus)],
                      lambda data: stats.run(target, data))
        atheris.Fuzz()
        return
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    seeds = seed_corpus(args.max_len)
    deadline = time.perf_counter() + args.seconds
    strategy = st.one_of(st.binary(max_size=args.max_len),
                         st.builds(lambda seed, cut, junk: seed[:cut] + junk + seed[cut:],
                                   st.sampled_from(seeds), st.integers(0, args.max_len), st.binary(max_size=200)),
                         st.text(max_size=2000).map(lambda text: text.encode("utf-8", "surrogatepass")))

    @settings(max_examples=10**9, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def loop(data: bytes) -> None:
        if time.perf_counter() > deadline:
            raise _TimeUp
        stats.run(target, data)

    with contextlib.suppress(_TimeUp):
        loop()
    stats.report()


class _TimeUp(BaseException):
    """Ends the hypothesis loop when the time budget is spent (not an Exception: never a crash)."""
