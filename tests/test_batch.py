"""Batch runs: folders, JSONL and WARC inputs into the store; resumable, idempotent, errors reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from marsad.batch import BatchReport, Checkpoint, LocalEngine, run_batch
from marsad.batch.runner import input_kind
from marsad.cli import main
from marsad.config import Config
from marsad.store import Store
from test_ingest_jsonl_warc import ANT_SAMPLE, write_warc

EXAMPLES = Path(__file__).parent / "fixtures" / "examples"
LIGHT = Config(stages=("text.sentences.v1",))
#: 6 ANT lines + 2 lines of bad.jsonl (one corrupt) + 1 WARC page + 3 page files.
RECORDS, CORRUPT = 12, 1


@pytest.fixture
def inputs(tmp_path: Path, cnn_html: str) -> Path:
    folder = tmp_path / "in"
    (folder / "pages").mkdir(parents=True)
    shutil.copy(ANT_SAMPLE, folder / "ant.jsonl.gz")
    content = (EXAMPLES / "a-002.txt").read_text(encoding="utf-8")
    good = json.dumps({"title": "عنوان", "content": content, "date_extracted": "2015-07-21 02:51:42"},
                      ensure_ascii=False)
    (folder / "bad.jsonl").write_text('{"title": "broken\n' + good + "\n", encoding="utf-8")
    write_warc(folder / "crawl.warc.gz", cnn_html)
    for name in ("b-015", "c-005", "d-006"):
        shutil.copy(EXAMPLES / f"{name}.txt", folder / "pages" / f"{name}.txt")
    shutil.copy(EXAMPLES / "d-006.json", folder / "pages" / "d-006.json")  # not an input kind: ignored
    return folder


def _run(inputs: Path, db: Path, **options: Any) -> tuple[BatchReport, Store]:
    store = Store.open(db)
    checkpoint = Checkpoint.open(f"{db}.checkpoint")
    try:
        report = run_batch([inputs], store, engine=LocalEngine(1), checkpoint=checkpoint, config=LIGHT,
                           **options)
    finally:
        checkpoint.close()
    return report, store


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.jsonl.gz", "jsonl"), ("a.ndjson", "jsonl"), ("a.warc.gz", "warc"), ("a.WARC", "warc"), ("a.txt", "page"),
     ("a.html.gz", "page"), ("a.json", None), ("a.png", None)],
)
def test_input_kind(name: str, kind: str | None) -> None:
    assert input_kind(Path(name)) == kind


def test_batch_stores_every_kind_and_reports_the_corrupt_record(inputs: Path, tmp_path: Path) -> None:
    report, store = _run(inputs, tmp_path / "m.db", chunk_size=4, batch_size=3)
    assert (report.inputs, report.records, report.failed) == (6, RECORDS, CORRUPT)
    assert report.added == RECORDS - CORRUPT == store.count_articles()
    (error,) = report.errors
    assert (error.where, error.step) == (f"{inputs / 'bad.jsonl'}:1", "ingest")
    assert "not valid JSON" in error.message
    store.close()


def test_rerun_adds_nothing(inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    first, store = _run(inputs, db)
    store.close()
    again, store = _run(inputs, db)
    assert (again.records, again.added, again.units_done, again.units_skipped) == (0, 0, 0, first.units_done)
    store.close()
    Path(f"{db}.checkpoint").unlink()  # without the checkpoint, the store's content hashes still dedupe
    fresh, store = _run(inputs, db)
    assert (fresh.added, fresh.already_stored) == (0, RECORDS - CORRUPT)
    assert store.count_articles() == RECORDS - CORRUPT
    store.close()


def test_interrupted_run_resumes_where_it_stopped(inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    calls = []

    def interrupt(count: int) -> None:
        calls.append(count)
        if len(calls) == 3:
            raise KeyboardInterrupt

    store = Store.open(db)
    checkpoint = Checkpoint.open(f"{db}.checkpoint")
    with pytest.raises(KeyboardInterrupt):
        run_batch([inputs], store, engine=LocalEngine(1), checkpoint=checkpoint, config=LIGHT, chunk_size=2,
                  batch_size=1, progress=interrupt)
    checkpoint.close()
    stored_before = store.count_articles()
    assert 0 < stored_before < RECORDS - CORRUPT
    store.close()
    resumed, store = _run(inputs, db, chunk_size=2, batch_size=1)
    assert resumed.units_skipped == len(Checkpoint.open(f"{db}.checkpoint")) - resumed.units_done > 0
    assert resumed.added == RECORDS - CORRUPT - stored_before
    assert store.count_articles() == RECORDS - CORRUPT
    store.close()


def test_checkpoint_ignores_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "c.checkpoint"
    path.write_text('"a"\n"b"\n"c', encoding="utf-8")
    checkpoint = Checkpoint.open(path)
    assert set(checkpoint.done) == {"a", "b"}
    checkpoint.mark(["b", "d"])
    checkpoint.close()
    assert "d" in Checkpoint.open(path)


def test_cli_batch_writes_report_and_summary(inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "light.toml"
    config.write_text('[marsad]\nstages = ["text.sentences.v1"]\n', encoding="utf-8")
    db = tmp_path / "cli.db"
    code = main(["batch", str(inputs), "--db", str(db), "--workers", "1", "--no-progress", "--config", str(config)])
    out, err = capsys.readouterr()
    assert code == 1  # one record failed, the others were stored
    totals = json.loads(out)
    assert (totals["added"], totals["failed"], totals["articles"]) == (RECORDS - CORRUPT, CORRUPT, RECORDS - CORRUPT)
    assert "marsad batch: 12 records" in err
    assert "not valid JSON" in err
    report = json.loads((tmp_path / "cli.db.batch-report.json").read_text(encoding="utf-8"))
    assert report["errors"][0]["where"].endswith("bad.jsonl:1")
    code = main(["batch", str(inputs), "--db", str(db), "--no-progress", "--config", str(config)])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["added"] == 0


def test_truncated_archive_keeps_what_was_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    data = ANT_SAMPLE.read_bytes()
    (folder / "cut.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    report, store = _run(folder, tmp_path / "m.db", chunk_size=2)
    (error,) = report.errors
    assert (error.where, error.step) == (str(folder / "cut.jsonl.gz"), "read")
    assert 0 < report.added == store.count_articles() < 6
    store.close()
