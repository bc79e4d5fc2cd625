"""Crash safety: `marsad ingest` killed with SIGKILL mid-run, then rerun, stores every article exactly once
and leaves a consistent database, on SQLite and on PostgreSQL."""

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
from marsad.store import database_url
from test_store_backends import new_schema, postgres_url  # noqa: F401

ARTICLES = 10_000
#: Only the sentence stage: the test is about the store, and must stay fast (~10 s a run).
CONFIG = '[marsad]\nstages = ["text.sentences.v1"]\n'


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
        body = "\n\n".join([first, f"وأفادت مصادر محلية في التقرير رقم {number} بأن الوضع ما زال متوتراً في المنطقة.",
                            *rest])
        (folder / f"article-{number:05d}.txt").write_text(body + "\n", encoding="utf-8")
    (folder / "text.toml").write_text(CONFIG, encoding="utf-8")
    return folder


def _ingest(corpus: Path, db: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "marsad.cli", "ingest", str(corpus), "--db", db, "--no-progress",
               "--input-format", "page-text", "--batch-size", "200", "--config", str(corpus / "text.toml")]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kill_midway(process: subprocess.Popen[bytes], count: Callable[[], int]) -> int:
    """SIGKILL the run once a few batches are committed; return how many articles it had stored."""
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            stored = count()
        except Exception:  # the store may not exist or be migrated yet
            stored = 0
        if stored >= 1000:
            break
        time.sleep(0.1)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read().decode() if process.stderr else ""
    return stored


def _run_crash_and_resume(corpus: Path, db: str, url: str, checks: str) -> None:
    engine = create_engine(database_url(url))

    def count() -> int:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM articles")).scalar_one())

    try:
        stored_before_kill = _kill_midway(_ingest(corpus, db), count)
        assert 0 < stored_before_kill < ARTICLES
        rerun = _ingest(corpus, db)
        _out, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, err.decode()
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT count(*), count(DISTINCT id), count(DISTINCT source_path) FROM articles")).one()
            assert tuple(row) == (ARTICLES, ARTICLES, ARTICLES)  # every file stored, exactly once
            indexed = connection.execute(text(
                "SELECT count(*), count(DISTINCT article_id) FROM article_index")).one()
            assert tuple(indexed) == (ARTICLES, ARTICLES)  # the search index is whole too
            orphans = connection.execute(text(
                "SELECT (SELECT count(*) FROM spans s LEFT JOIN articles a ON a.id = s.article_id WHERE a.id IS NULL)"
                " + (SELECT count(*) FROM events e LEFT JOIN articles a ON a.id = e.article_id WHERE a.id IS NULL)"
                " + (SELECT count(*) FROM event_sources x LEFT JOIN articles a ON a.id = x.article_id"
                " WHERE a.id IS NULL)")).scalar_one()
            assert orphans == 0
            empty = connection.execute(text("SELECT count(*) FROM articles WHERE body = '' OR article_json = ''"))
            assert empty.scalar_one() == 0  # nothing half-written
            for statement, expected in ((checks, "ok"),) if checks else ():
                assert connection.execute(text(statement)).scalar_one() == expected
    finally:
        engine.dispose()


def test_sqlite_survives_sigkill(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "crash.db")
    _run_crash_and_resume(corpus, db, db, "PRAGMA integrity_check")
    engine = create_engine(database_url(db))
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    engine.dispose()


def test_postgresql_survives_sigkill(corpus: Path, new_schema: Callable[[], str]) -> None:  # noqa: F811
    url = new_schema()
    _run_crash_and_resume(corpus, url, url, "")
