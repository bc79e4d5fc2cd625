"""The quality gate: cross-validated figures on the training pages may not fall below the pinned floors.

Each page is scored by event models trained on the other folds (``marsad eval --folds``), so the floors
hold held-out figures, never figures of pages the models learned from.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from marsad.evaluate.crossval import cross_validate
from marsad.evaluate.folds import load_split

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
GOLD = (ROOT / FLOORS["gold_dir"]).resolve()


def _value(result: dict[str, Any], dotted: str) -> float:
    node: Any = result
    for key in dotted.split("."):
        node = node[key]
    if isinstance(node, dict):
        node = node["value"] if "value" in node else node["f1"]
    return float(node)


def test_gold_set_and_split_are_the_pinned_ones() -> None:
    assert GOLD.is_dir(), f"{GOLD} is missing: the gate needs the training pages beside the repository"
    digest = hashlib.sha256()
    for path in sorted(GOLD.glob("*.json")):
        digest.update(path.read_bytes())
    assert digest.hexdigest() == FLOORS["gold_sha256"], "the gold set changed: re-measure and re-pin the floors"
    folds, pages = load_split(ROOT / FLOORS["split"])
    assert folds == FLOORS["folds"]
    assert set(pages) == {path.stem for path in GOLD.glob("*.json")}


def test_cross_validated_metrics_stay_above_their_floors() -> None:
    result = cross_validate([GOLD], folds=FLOORS["folds"], split=ROOT / FLOORS["split"]).as_dict()
    below = {
        name: (round(_value(result, name), 4), floor)
        for name, floor in FLOORS["floors"].items()
        if _value(result, name) < floor
    }
    assert not below, f"below the pinned floors (value, floor): {below}"
