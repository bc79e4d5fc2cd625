"""Train the event coder's models from gold pages and write the packaged model file.

Deterministic: the same gold pages, lexicon, actor base, gazetteer and NER model give the same file.
Never train on the dev pages (``../shared/examples``): they are for reading errors.

    .venv/bin/python scripts/train_events.py [GOLD_DIR ...] [--out src/marsad/data/events/models.json.gz]

The default gold directory is ``../shared/train`` (150 pages, EVENTS.md format).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from marsad import resources
from marsad.config import Config
from marsad.evaluate.crossval import gold_pages
from marsad.evaluate.runner import load_gold
from marsad.events.training import train_event_models

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=[ROOT.parent / "shared" / "train"],
                        help="folders of gold pages (default ../shared/train)")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "marsad" / "data" / "events" / "models.json.gz")
    args = parser.parse_args(argv)
    if any(path.resolve().name == "examples" for path in args.gold):
        parser.error("the dev pages (examples) are never trained on")
    started = time.perf_counter()
    config = Config()
    gold_files = [gold for directory in args.gold for gold in load_gold(directory)]
    print(f"analysing {len(gold_files)} gold pages …", file=sys.stderr)
    pages = gold_pages(gold_files, config)
    models = train_event_models(
        pages, resources.event_lexicon(), resources.actor_base(), default_country=config.default_country,
        progress=lambda message: print(f"  {message}", file=sys.stderr),
    )
    models.save(args.out)
    sizes = {part: len(getattr(models, part).weights) for part in ("page", "codable", "types", "place", "coref",
                                                                    "confidence")}
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes; weights {sizes}; threshold {models.threshold}) "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
