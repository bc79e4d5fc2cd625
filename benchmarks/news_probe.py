"""Events coded on unlabelled news: how many, by the outlet's section and by country, each listed for reading.

No gold exists for these pages, so nothing here is a precision: the list is read by hand, and the count of
events on sections that report no political violence (culture, sport, economy, technology) bounds the false
ones from below. The sample is drawn with a fixed seed from the ANT Corpus (Jawhara FM, Tunisia,
``shared/data/news/ant-corpus-jawharafm``), a fixed number of articles per section; ``marsad process`` codes
them with the shipped models.

    python benchmarks/news_probe.py [--seed 7] [--per-section sport=200 economy=150 ...] [--list]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANT = "data/news/ant-corpus-jawharafm/ant_corpus_v1.1.jsonl.gz"
DEFAULT_SECTIONS = ("culture=100", "diverse=150", "economy=150", "localNews=300", "society=200", "sport=200",
                    "technology=74")


def sample(source: Path, sizes: dict[str, int], seed: int) -> dict[str, list[str]]:
    """Lines of the corpus, ``sizes[section]`` of each section, drawn with ``seed``."""
    by_section: dict[str, list[str]] = defaultdict(list)
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            by_section[json.loads(line).get("category") or ""].append(line)
    chosen = random.Random(seed)
    return {name: chosen.sample(by_section[name], min(size, len(by_section[name]))) for name, size in sizes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-section", nargs="*", default=list(DEFAULT_SECTIONS), metavar="SECTION=N")
    parser.add_argument("--list", action="store_true", help="print every event with its article's title")
    args = parser.parse_args()
    sizes = {name: int(count) for name, count in (item.split("=", 1) for item in args.per_section)}
    drawn = sample(args.shared / ANT, sizes, args.seed)
    marsad = Path(sys.executable).with_name("marsad")
    section_of = {json.loads(line)["url"]: name for name, lines in drawn.items() for line in lines}
    with tempfile.TemporaryDirectory(prefix="marsad-probe-") as scratch:
        files = []
        for name, lines in drawn.items():
            path = Path(scratch) / f"{name}.jsonl"
            path.write_text("".join(lines), encoding="utf-8")
            files.append(str(path))
        result = subprocess.run([str(marsad), "process", *files, "--format", "jsonl"], check=False,
                                capture_output=True, text=True)
    by_section: Counter[str] = Counter()
    by_country: Counter[str] = Counter()
    articles = 0
    for line in result.stdout.splitlines():
        article = json.loads(line)
        articles += 1
        section = section_of.get(article.get("url") or "", "?")
        for event in article["events"]:
            by_section[section] += 1
            by_country[event.get("country") or "?"] += 1
            if args.list:
                print(f"[{section}] {event['event_type']} / {event['sub_event_type']} @ {event.get('location')}, "
                      f"{event.get('country')}; {event['event_date']}; fatalities {event['fatalities']} | "
                      f"{(article.get('title') or '')[:80]}")
    print(f"{articles} articles (seed {args.seed}), {sum(by_section.values())} events")
    print("by section: " + ", ".join(f"{name} {by_section.get(name, 0)}" for name in sizes))
    print("by country: " + ", ".join(f"{name} {count}" for name, count in by_country.most_common()))


if __name__ == "__main__":
    main()
