"""`marsad process` over real news written as page-text files: one call, one core, start-up included.

The 902 SaudiNewsNet articles about the Syrian conflict (``shared/data/news/saudinewsnet-syria-conflict``,
non-commercial: benchmarks only) are written as page-text files (title, date line, body) to a scratch
folder; then ``marsad process FOLDER --format jsonl`` runs pinned to one core (``taskset -c 0`` where it
exists), its output discarded. Several runs; the median and each run are printed, in articles per second.

    python benchmarks/bench_process.py [--repeat 3] [--articles 902]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_pages(source: Path, folder: Path, limit: int) -> int:
    """Write each article as a page-text file: title, a date line, the body. Returns how many."""
    count = 0
    with source.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if count >= limit:
                break
            record = json.loads(line)
            day = str(record.get("date_extracted") or "")[:10]
            page = f"{record.get('title') or ''}\n{day}\n\n{record.get('content') or ''}\n"
            (folder / f"article-{number:04d}.txt").write_text(page, encoding="utf-8")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=902)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = args.shared / "data/news/saudinewsnet-syria-conflict/saudinewsnet_syria_conflict.jsonl"
    marsad = Path(sys.executable).with_name("marsad")
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as scratch:
        folder = Path(scratch)
        count = write_pages(source, folder, args.articles)
        command = [*pin, str(marsad), "process", str(folder), "--format", "jsonl"]
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    print(f"{' '.join([*pin, 'marsad', 'process', 'FOLDER', '--format', 'jsonl'])}: {count} articles")
    print(f"median {median:.1f} s = {count / median:.1f} articles/s (runs: "
          f"{', '.join(f'{count / t:.1f}' for t in timings)} articles/s; start-up included)")


if __name__ == "__main__":
    main()
