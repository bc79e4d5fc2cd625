"""Shared fixtures: paths to real pages and their gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = FIXTURES / "examples"
EXAMPLE_IDS = sorted(path.stem for path in EXAMPLES.glob("*.json"))


def load_example(example_id: str) -> tuple[str, dict[str, Any]]:
    """Return the page text and the gold object of one example."""
    text = (EXAMPLES / f"{example_id}.txt").read_text(encoding="utf-8")
    gold = json.loads((EXAMPLES / f"{example_id}.json").read_text(encoding="utf-8"))
    return text, gold


@pytest.fixture(scope="session")
def seed() -> tuple[str, dict[str, Any]]:
    return load_example("seed-0001")


@pytest.fixture(scope="session")
def cnn_html() -> str:
    return (FIXTURES / "html" / "cnn-arabic-2013-08-03.html").read_text(encoding="utf-8")
