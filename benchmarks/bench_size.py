"""Seconds and peak memory of the whole pipeline on one page, by page size and kind of content.

Four kinds of page, each cut to 50 KB, 200 KB, 1 MB and 5 MB (UTF-8):
``prose`` (Tunisian radio news of the ANT corpus, one article after another), ``event`` (one event
sentence repeated: every clause a candidate event), ``numbers`` (numbers between words) and ``runon``
(the same prose with no sentence end and no line break: one sentence as long as the page). Each page is
coded in a fresh process, pinned to one core where ``taskset`` exists, with the per-article budget off so
the cost itself is measured; start-up (loading the models) is excluded from the seconds, included in the
peak memory (``ru_maxrss``).

    python benchmarks/bench_size.py [--sizes 50,200,1024,5120] [--kinds prose,event,numbers,runon] [--timeout 600]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANT = "data/news/ant-corpus-jawharafm/ant_corpus_v1.1.jsonl.gz"
EVENT = "قصفت قوات النظام مدينة دير الزور أمس ما أدى إلى مقتل خمسة مدنيين وإصابة آخرين. "
CHILD = """
import json, resource, sys, time
from pathlib import Path
from marsad.config import Config
from marsad.ingest import ingest
from marsad.pipeline import get_pipeline
try:
    config = Config(article_seconds=0, article_bytes=0)
except TypeError:  # a version without the per-article budget (for figures from before it)
    config = Config()
pipeline = get_pipeline(config)
pipeline(ingest("قصفت قوات النظام مدينة دير الزور أمس.", published="2020-01-01"))  # models loaded
raw = Path(sys.argv[1]).read_bytes()
start = time.perf_counter()
article = pipeline(ingest(raw, published="2020-01-01", input_format="page-text"))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak), "events": len(article.layers["events"])}))
"""


def prose(shared: Path, size: int) -> str:
    parts: list[str] = []
    total = 0
    with gzip.open(shared / ANT, "rt", encoding="utf-8") as lines:
        for line in lines:
            text = str(json.loads(line).get("content") or json.loads(line).get("text") or "")
            parts.append(text)
            total += len(text.encode())
            if total >= size:
                break
    return _cut("\n\n".join(parts), size)


def repeated(unit: str, size: int) -> str:
    return _cut(unit * (size // len(unit.encode()) + 1), size)


def numbers(size: int) -> str:
    words = (f"بلغ العدد {n * 7919 % 1000003} ثم {n * 104729 % 99991} شخصا" for n in range(10**8))
    return _cut(" ".join(next(words) for _ in range(size // 40 + 1)), size)


def runon(shared: Path, size: int) -> str:
    return _RUN_ON_RE.sub(" ", prose(shared, size))


_RUN_ON_RE = re.compile(r"[.!?؟…\n]")


def _cut(text: str, size: int) -> str:
    return text.encode()[:size].decode("utf-8", errors="ignore")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sizes", default="50,200,1024,5120", help="page sizes in KB")
    parser.add_argument("--kinds", default="prose,event,numbers,runon")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per page before it is stopped")
    args = parser.parse_args()
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    makers = {"prose": lambda s: prose(args.shared, s), "event": lambda s: repeated(EVENT, s), "numbers": numbers,
              "runon": lambda s: runon(args.shared, s)}
    print("| kind | KB | seconds | s per 100 KB | peak MB | events |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="marsad-size-") as scratch:
        for kind in args.kinds.split(","):
            for kb in (int(size) for size in args.sizes.split(",")):
                page = Path(scratch) / f"{kind}-{kb}.txt"
                page.write_text(makers[kind](kb * 1024), encoding="utf-8")
                try:
                    done = subprocess.run([*pin, sys.executable, "-c", CHILD, str(page)], capture_output=True,
                                          text=True, timeout=args.timeout, check=True)
                    result = json.loads(done.stdout.strip().splitlines()[-1])
                    per = result["seconds"] / (kb / 100)
                    print(f"| {kind} | {kb} | {result['seconds']} | {per:.2f} | {result['peak_mb']} | "
                          f"{result['events']} |", flush=True)
                except subprocess.TimeoutExpired:
                    print(f"| {kind} | {kb} | > {args.timeout} (stopped) | | | |", flush=True)
                except subprocess.CalledProcessError as error:
                    print(f"| {kind} | {kb} | failed: {error.stderr.strip().splitlines()[-1]} | | | |", flush=True)


if __name__ == "__main__":
    main()
