"""The store commands of the CLI: search, export and serve, on both backends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from marsad.cli import build_parser, main
from marsad.store import Store
from marsad.store.export import ACLED_COLUMNS
from test_store_backends import new_schema, postgres_url, sample_items, seed_item, store_url  # noqa: F401


@pytest.fixture
def filled_url(store_url: str) -> str:
    store = Store.open(store_url)
    store.add_articles(sample_items())
    store.close()
    return store_url


def test_search_command(filled_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "بدير الزور", "--db", filled_url, "--json", "--limit", "3"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert hits[0]["article_id"] == seed_item()[0].id
    assert main(["search", "ديرالزور", "--db", filled_url]) == 0
    out = capsys.readouterr().out
    assert "[ديرالزور]" in out
    assert out.rstrip().endswith("article(s) match")


def test_export_command(filled_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "events.csv"
    assert main(["export", "--format", "acled-csv", "--db", filled_url, "--output", str(target)]) == 0
    frame = pd.read_csv(target)
    assert tuple(frame.columns) == ACLED_COLUMNS
    assert len(frame) > 20
    assert main(["export", "--format", "jsonl", "--db", filled_url]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(frame)


def test_store_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "دير", "--db", str(tmp_path / "absent.db")]) == 6
    assert "no store at" in capsys.readouterr().err
    db = tmp_path / "m.db"
    Store.open(db).close()
    assert main(["search", "...", "--db", str(db)]) == 3
    assert "no searchable words" in capsys.readouterr().err


def test_serve_runs_uvicorn_with_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    import uvicorn

    calls: list[dict[str, Any]] = []

    def run(server: Any, sockets: list[Any]) -> None:
        calls.append({"app": server.config.app, "address": sockets[0].getsockname()})
        sockets[0].close()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    with socket.socket() as probe:  # a port that is free now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    Store.open(tmp_path / "m.db").close()
    assert main(["serve", "--db", str(tmp_path / "m.db"), "--port", str(port), "--token", "t0k"]) == 0
    assert calls[0]["address"] == ("127.0.0.1", port)
    assert calls[0]["app"].state.settings.token == "t0k"


@pytest.mark.parametrize("command", [["serve"], ["export"], ["search"]])
def test_help(command: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([*command, "--help"])
    assert exit_info.value.code == 0
