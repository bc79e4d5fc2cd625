"""The quality gate: dev-gold metrics may not fall below the floors pinned with the gold's hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from marsad.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))


def _value(result: dict[str, Any], dotted: str) -> float:
    node: Any = result
    for key in dotted.split("."):
        node = node[key]
    if isinstance(node, dict):
        node = node["value"] if "value" in node else node["f1"]
    return float(node)


def test_gold_set_is_the_pinned_one() -> None:
    digest = hashlib.sha256()
    for path in sorted((ROOT / FLOORS["gold_dir"]).glob("*.json")):
        digest.update(path.read_bytes())
    assert digest.hexdigest() == FLOORS["gold_sha256"], "the gold set changed: re-measure and re-pin the floors"


def test_metrics_stay_above_their_floors() -> None:
    result = evaluate(ROOT / FLOORS["gold_dir"]).as_dict()
    below = {
        name: (round(_value(result, name), 4), floor)
        for name, floor in FLOORS["floors"].items()
        if _value(result, name) < floor
    }
    assert not below, f"below the pinned floors (value, floor): {below}"
