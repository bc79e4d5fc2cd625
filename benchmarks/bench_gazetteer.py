"""Gazetteer load time and memory, each measured in fresh processes.

    python benchmarks/bench_gazetteer.py [--runs 5]

- load: ``Gazetteer.load()`` of the packaged file, timed after the imports, median of ``--runs``
  fresh processes;
- stack: one fresh process builds ``resources.gazetteer()``, ``resources.place_resolver()`` and
  ``resources.segmenter()`` in that order and reports the time of each and its maximum resident set
  size (before: after the imports; after: with the three loaded);
- counts: places, places per country and distinct name keys of the loaded gazetteer.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def child_load() -> dict[str, float]:
    """Time one ``Gazetteer.load()`` (imports done first)."""
    from marsad.places.gazetteer import Gazetteer

    start = time.perf_counter()
    Gazetteer.load()
    return {"load_s": time.perf_counter() - start}


def child_stack() -> dict[str, float]:
    """Build gazetteer, resolver and segmenter; time each and read the maximum RSS."""
    from marsad import resources

    figures = {"rss_imports_mb": _max_rss_mb()}
    for name in ("gazetteer", "place_resolver", "segmenter"):
        start = time.perf_counter()
        getattr(resources, name)()
        figures[f"{name}_s"] = time.perf_counter() - start
    figures["rss_loaded_mb"] = _max_rss_mb()
    return figures


def child_counts() -> dict[str, object]:
    """Rows, rows per country and distinct name keys."""
    from marsad.places.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    keys = {key for key, _place_id in gazetteer.names()}
    arabic = sum(1 for key in keys if "\u0600" <= key[:1] <= "\u06ff")
    countries = Counter(place.country for place in gazetteer)
    return {"places": len(gazetteer), "name_keys": len(keys), "arabic_name_keys": arabic,
            "countries": dict(countries.most_common())}


CHILDREN = {"load": child_load, "stack": child_stack, "counts": child_counts}


def run_child(kind: str) -> dict[str, object]:
    """Run one measurement in a fresh interpreter and return its figures."""
    done = subprocess.run([sys.executable, __file__, "--child", kind], check=True, capture_output=True, text=True)
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per timing")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child]()))
        return
    loads = [float(str(run_child("load")["load_s"])) for _ in range(args.runs)]
    print(f"Gazetteer.load: median {statistics.median(loads):.3f} s "
          f"(runs {', '.join(f'{t:.3f}' for t in loads)})")
    stacks = [run_child("stack") for _ in range(args.runs)]
    for name in ("gazetteer_s", "place_resolver_s", "segmenter_s", "rss_imports_mb", "rss_loaded_mb"):
        values = [float(str(stack[name])) for stack in stacks]
        unit = "s" if name.endswith("_s") else "MB"
        print(f"{name}: median {statistics.median(values):.3f} {unit} "
              f"(min {min(values):.3f}, max {max(values):.3f})")
    counts = run_child("counts")
    print(f"places: {counts['places']:,}; name keys: {counts['name_keys']:,} "
          f"(Arabic {counts['arabic_name_keys']:,})")
    countries = counts["countries"]
    assert isinstance(countries, dict)
    print("per country: " + ", ".join(f"{country} {count:,}" for country, count in countries.items()))


if __name__ == "__main__":
    main()
