from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from marsad import cli
from marsad.cli import build_parser, main
from marsad.ingest.records import Record
from marsad.model import Article
from marsad.store import Store

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


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The apps `marsad serve` would run (the server is not started; its socket is closed)."""
    import uvicorn

    apps: list[Any] = []

    def run(server: Any, sockets: list[Any] | None = None) -> None:
        apps.append(server.config.app)
        for listening in sockets or ():
            listening.close()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    monkeypatch.delenv("MARSAD_API_TOKEN", raising=False)
    return apps


def _store(path: Path) -> str:
    Store.open(path).close()
    return str(path)


def test_serve_reads_the_token_from_a_file_or_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              served: list[Any]) -> None:
    db = _store(tmp_path / "m.db")
    token_file = tmp_path / "token"
    token_file.write_text("  from-the-file \nnot this line\n", encoding="utf-8")
    assert main(["serve", "--db", db, "--port", "0"]) == 0
    assert main(["serve", "--db", db, "--port", "0", "--token-file", str(token_file)]) == 0
    monkeypatch.setenv("MARSAD_API_TOKEN", "from-the-environment")
    assert main(["serve", "--db", db, "--port", "0"]) == 0
    assert main(["serve", "--db", db, "--port", "0", "--token-file", str(token_file)]) == 0
    assert main(["serve", "--db", db, "--port", "0", "--token", "given"]) == 0
    assert [app.state.settings.token for app in served] == [
        None, "from-the-file", "from-the-environment", "from-the-file", "given"]


def test_serve_codes_posted_pages_with_the_configured_pipeline(tmp_path: Path, served: list[Any]) -> None:
    db = _store(tmp_path / "m.db")
    config = tmp_path / "settings.toml"
    config.write_text('[pipeline]\nner_mode = "best"\n[api]\nport = 0\nmax_page_size = 20\n', encoding="utf-8")
    assert main(["serve", "--db", db, "--config", str(config)]) == 0
    (app,) = served
    assert app.state.pipeline.config.ner_mode == "best"  # was the default pipeline, whatever the settings
    assert app.state.settings.max_page_size == 20


def test_serve_refuses_a_missing_store(tmp_path: Path, served: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.db"
    assert main(["serve", "--db", str(missing), "--port", "0"]) == 6
    assert capsys.readouterr().err == f"marsad: error: no store at {missing}; run `marsad ingest` first\n"
    assert not missing.exists()  # was created empty and served
    assert served == []


def test_serve_on_a_port_in_use_says_so(tmp_path: Path, served: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    db = _store(tmp_path / "m.db")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--db", db, "--port", str(port)]) == 7  # was 3, "unreadable input"
    assert capsys.readouterr().err == (f"marsad: error: cannot listen on 127.0.0.1:{port}: the address is already in "
                                       "use (another server running? choose another --port)\n")
    assert served == []


def test_serve_refuses_an_unusable_token_file(tmp_path: Path, served: list[Any],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    empty, missing = tmp_path / "empty", tmp_path / "missing"
    empty.write_text("\nsecond line\n", encoding="utf-8")
    db = _store(tmp_path / "m.db")
    assert main(["serve", "--db", db, "--port", "0", "--token-file", str(empty)]) == 2
    assert main(["serve", "--db", db, "--port", "0", "--token-file", str(missing)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"marsad: error: the token file {empty} has no token on its first line",
        f"marsad: error: cannot read the token file {missing} (No such file or directory)",
    ]
    assert served == []
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--token", "a", "--token-file", str(empty)])


def test_serve_help_says_a_token_on_the_command_line_is_visible(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "other users of this machine can see it in the process list" in help_text
    assert "--token-file PATH" in help_text


def test_one_crashing_record_does_not_stop_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad, good = tmp_path / "a-bad.txt", tmp_path / "b-good.txt"
    for path in (bad, good):
        shutil.copy(SEED, path)
    real = cli.load_record

    def flaky(record: Record, **options: Any) -> tuple[Article, str]:
        if record.source == str(bad):
            raise RuntimeError("a bug\nover two lines")
        return real(record, **options)

    monkeypatch.setattr(cli, "load_record", flaky)
    assert main(["process", str(tmp_path), "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1  # the good page went on
    (line,) = captured.err.splitlines()
    assert line == f"marsad: error: {bad}: internal error (RuntimeError: a bug over two lines); please report it"


def test_a_pinned_keep_threshold_replaces_the_learned_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    train = Path(__file__).resolve().parents[2] / "shared" / "train"
    for page in ("t1-001", "t1-002", "t1-003", "t1-004", "t2-001", "t2-002", "t2-003", "t2-004", "t4-001", "t4-002"):
        for suffix in (".json", ".txt"):
            shutil.copy(train / f"{page}{suffix}", gold / f"{page}{suffix}")
    assert main(["eval", "--folds", "5", "--keep-threshold", "1.0", "--json", str(gold)]) == 0
    pooled = json.loads(capsys.readouterr().out)["pooled"]["events"]
    assert (pooled["tp"], pooled["fp"]) == (0, 0)  # nothing is that certain: nothing kept
    assert pooled["fn"] > 0
    assert main(["eval", "--keep-threshold", "0.5", str(gold)]) != 0  # only with --folds
