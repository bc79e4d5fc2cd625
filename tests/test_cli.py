from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES
from marsad.cli import build_parser, main

SEED = EXAMPLES / "seed-0001.txt"


def test_process_seed_json(capsys: pytest.CaptureFixture[str]) -> None:
    gold = json.loads((EXAMPLES / "seed-0001.json").read_text(encoding="utf-8"))
    assert main(["process", str(SEED), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == gold["article"]["title"]
    assert data["author"] == gold["article"]["author"]
    assert data["published"] == "2020-07-09"
    assert data["body"].startswith(gold["article"]["body_first"])
    assert data["body"].endswith(gold["article"]["body_last"])
    assert len(data["related"]) == 4
    assert isinstance(data["events"], list)
    assert data["sentences"]


def test_process_jsonl_many(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["process", str(EXAMPLES), "--format", "jsonl", "--published", "2020-01-01"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(list(EXAMPLES.glob("*.txt")))


def test_process_bad_file_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["process", str(empty), str(SEED)]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == f"marsad: error: {empty}: empty input"
    assert json.loads(captured.out)["author"] == "جلال بكور"


def test_ingest_twice_stores_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "m.db"
    assert main(["ingest", str(EXAMPLES), "--db", str(db), "--no-progress"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["ingest", str(EXAMPLES), "--db", str(db), "--no-progress"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert first["added"] == first["articles"] == 15
    assert second["added"] == 0
    assert second["already_stored"] == 15
    assert second["articles"] == 15


def test_eval_prints_every_metric(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(EXAMPLES), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in ("events", "events_per_type", "sub_event_accuracy", "actor_accuracy", "fatalities_accuracy",
                "exact_date_rate", "median_place_error_km", "places_within_10km", "article"):
        assert key in result
    assert result["article"]["title_exact"]["value"] == 1.0
    assert main(["eval", str(EXAMPLES)]) == 0
    assert "precision" in capsys.readouterr().out


@pytest.mark.parametrize("command", [[], ["process"], ["ingest"], ["eval"], ["summary"], ["stages"]])
def test_help_everywhere(command: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([*command, "--help"])
    assert exit_info.value.code == 0


def test_console_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "marsad.cli", "process", str(SEED), "--format", "text"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# روسيا تواصل تعزيزاتها")
