"""Crash safety: `marsad ingest` and `marsad batch` killed with SIGKILL at several moments of a run, then
rerun, store every article exactly once and leave a consistent database and full-text index, on SQLite
and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conftest import EXAMPLES
from marsad.store import Store, database_url
from test_store_backends import new_schema, postgres_url  # noqa: F401

ARTICLES = 10_000
#: Only the sentence stage: the test is about the store, and must stay fast (~10 s a run).
CONFIG = '[marsad]\nstages = ["text.sentences.v1"]\n'
#: Stored articles at which successive runs are killed: early (the first commits), midway, late.
KILL_AT = (200, 4_000, 8_000)
#: Digits written as letters, so an article's number is one search term of its own (digits split from letters).
LETTERS = str.maketrans("0123456789", "تثجحخدذرسش")
#: Numbered articles looked up through the search index afterwards (one from each stretch of the runs).
PROBES = (0, 150, 2_345, 5_678, 9_999)


def _code(number: int) -> str:
    return f"زق{str(number).translate(LETTERS)}ظ"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 short real articles: two body paragraphs of a fixture page, made distinct by a numbered line."""
    folder = tmp_path_factory.mktemp("crash-corpus")
    pages = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.split()) >= 9]
        if lines:
            pages.append(lines[:2])
    for number in range(ARTICLES):
        first, *rest = pages[number % len(pages)]
        body = "\n\n".join([first, f"وأفادت مصادر محلية في التقرير {_code(number)} بأن الوضع ما زال متوتراً في المنطقة.",
                            *rest])
        (folder / f"article-{number:05d}.txt").write_text(body + "\n", encoding="utf-8")
    (folder / "text.toml").write_text(CONFIG, encoding="utf-8")
    return folder


def _command(kind: str, corpus: Path, db: str, state: Path) -> list[str]:
    common = [str(corpus), "--db", db, "--no-progress", "--input-format", "page-text", "--batch-size", "200",
              "--config", str(corpus / "text.toml")]
    if kind == "ingest":
        return [sys.executable, "-m", "marsad.cli", "ingest", *common]
    return [sys.executable, "-m", "marsad.cli", "batch", *common, "--engine", "local", "--workers", "2",
            "--checkpoint", str(state / "run.checkpoint"), "--report", str(state / "report.json")]


def _kill_at(command: list[str], count: Callable[[], int], target: int) -> int:
    """Start a run and SIGKILL it once the store holds ``target`` articles; return how many it held then."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            stored = count()
        except Exception:  # the store may not exist or be migrated yet
            stored = 0
        if stored >= target:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    _out, err = process.communicate()
    assert process.returncode == -signal.SIGKILL, err.decode()
    return stored


def _check_full_text_index(db: str, corpus: Path) -> None:
    """Each probe article is found by its own number, through the store's search, and by nothing else."""
    store = Store.open(db, create=False)
    try:
        for number in PROBES:
            total, hits = store.search(_code(number))
            assert total == 1, (number, total)
            article = store.get_article(hits[0].article_id)
            assert article is not None
            assert _code(number) in article.text
    finally:
        store.close()


def _run_kill_and_resume(kind: str, corpus: Path, db: str, state: Path, fts_check: str) -> None:
    engine = create_engine(database_url(db))

    def count() -> int:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM articles")).scalar_one())

    command = _command(kind, corpus, db, state)
    try:
        held = [_kill_at(command, count, target) for target in KILL_AT]
        assert held[0] > 0, held
        assert held[-1] < ARTICLES, held
        assert held == sorted(held), held  # a killed run loses nothing committed before it
        rerun = subprocess.run(command, capture_output=True, timeout=180, check=False)
        assert rerun.returncode == 0, rerun.stderr.decode()
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT count(*), count(DISTINCT id), count(DISTINCT source_path) FROM articles")).one()
            assert tuple(row) == (ARTICLES, ARTICLES, ARTICLES)  # every file stored, exactly once
            indexed = connection.execute(text(
                "SELECT count(*), count(DISTINCT article_id) FROM article_index")).one()
            assert tuple(indexed) == (ARTICLES, ARTICLES)
            assert connection.execute(text(fts_check)).scalar_one() == ARTICLES  # the index itself is whole
            orphans = connection.execute(text(
                "SELECT (SELECT count(*) FROM spans s LEFT JOIN articles a ON a.id = s.article_id WHERE a.id IS NULL)"
                " + (SELECT count(*) FROM events e LEFT JOIN articles a ON a.id = e.article_id WHERE a.id IS NULL)"
                " + (SELECT count(*) FROM event_sources x LEFT JOIN articles a ON a.id = x.article_id"
                " WHERE a.id IS NULL)")).scalar_one()
            assert orphans == 0
            empty = connection.execute(text("SELECT count(*) FROM articles WHERE body = '' OR article_json = ''"))
            assert empty.scalar_one() == 0  # nothing half-written
    finally:
        engine.dispose()
    _check_full_text_index(db, corpus)


#: Rows of the FTS5 table itself, after FTS5's own integrity check (it raises when the index is damaged).
SQLITE_FTS = "SELECT count(*) FROM article_fts"
#: Articles whose tsvector is filled.
POSTGRES_FTS = "SELECT count(*) FROM article_index WHERE document IS NOT NULL AND title_document IS NOT NULL"


@pytest.mark.parametrize("kind", ["ingest", "batch"])
def test_sqlite_survives_sigkill(kind: str, corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "crash.db")
    _run_kill_and_resume(kind, corpus, db, tmp_path, SQLITE_FTS)
    engine = create_engine(database_url(db))
    with engine.begin() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        connection.execute(text("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')"))
    engine.dispose()


@pytest.mark.parametrize("kind", ["ingest", "batch"])
def test_postgresql_survives_sigkill(kind: str, corpus: Path, tmp_path: Path,
                                     new_schema: Callable[[], str]) -> None:  # noqa: F811
    _run_kill_and_resume(kind, corpus, new_schema(), tmp_path, POSTGRES_FTS)
