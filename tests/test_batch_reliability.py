"""A run survives any single page: the per-article budget, workers past their limit replaced, work committed
and reported as the run goes, names that are not UTF-8, workers that die with their parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from batch_tasks import square, square_or_die, square_or_hang
from conftest import EXAMPLES
from marsad.batch import Checkpoint, DaskEngine, LocalEngine, run_batch
from marsad.batch.engines import Idle, LostTask
from marsad.budget import ArticleBudget, BudgetExceeded
from marsad.config import Config
from marsad.ingest import ingest
from marsad.pipeline import get_pipeline
from marsad.store import Store

SEED = (EXAMPLES / "seed-0001.txt").read_text(encoding="utf-8")
SENTENCE = "قصفت قوات النظام مدينة دير الزور أمس ما أدى إلى مقتل خمسة مدنيين وإصابة آخرين. "


def _long_page(kilobytes: int) -> str:
    """A title and one event sentence repeated (every clause a candidate event)."""
    return "قصف على دير الزور\n\n" + SENTENCE * (kilobytes * 1024 // len(SENTENCE.encode()))


def test_a_page_larger_than_the_budget_is_refused() -> None:
    pipeline = get_pipeline(Config(article_bytes=64 * 1024))
    with pytest.raises(BudgetExceeded, match=r"larger than the per-article budget of 0.1 MB \(setting article_bytes\)"):
        pipeline(ingest(_long_page(100), published="2020-07-09"))


def test_a_page_past_the_time_budget_is_stopped_in_the_main_thread() -> None:
    pipeline = get_pipeline(Config(article_seconds=0.2))
    pipeline(ingest(SEED, published="2020-07-09"))  # every resource loaded: only the page's analysis is timed
    with pytest.raises(BudgetExceeded, match=r"per-article budget of 0.2 s \(setting article_seconds\)"):
        pipeline(ingest(_long_page(600), published="2020-07-09"))
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # the timer is off again
    assert pipeline(ingest(SEED, published="2020-07-09")).layers["events"]  # and the next page is coded


def _spin_swallowing_the_first_interrupt(started: float, swallowed: list[BudgetExceeded]) -> None:
    while True:
        try:
            while time.monotonic() - started < 30:
                pass
            return
        except BudgetExceeded as error:
            swallowed.append(error)
            if len(swallowed) > 1:
                raise


def test_an_interrupt_that_is_swallowed_comes_again() -> None:
    """The timer's exception may land where Python only prints it (a garbage-collector callback, a
    ``__del__``); the budget must still stop the page."""
    swallowed: list[BudgetExceeded] = []
    started = time.monotonic()
    with ArticleBudget(seconds=0.1).running(), pytest.raises(BudgetExceeded):
        _spin_swallowing_the_first_interrupt(started, swallowed)
    assert len(swallowed) == 2
    assert time.monotonic() - started < 5  # was the whole loop: the first interrupt alone was lost
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_in_another_thread_the_budget_is_checked_between_stages() -> None:
    pipeline = get_pipeline(Config(article_seconds=0.2))
    pipeline(ingest(SEED, published="2020-07-09"))
    failures: list[BaseException] = []

    def run() -> None:
        try:
            pipeline(ingest(_long_page(600), published="2020-07-09"))
        except BudgetExceeded as error:
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert len(failures) == 1
    assert "after stage" in str(failures[0])


def test_a_worker_past_its_limit_is_replaced_and_the_others_go_on() -> None:
    with LocalEngine(2) as engine:
        outcomes = list(engine.map_unordered(square_or_hang, [1, 2, -1, 3, 4, 5], limit=lambda _task: 3.0))
    lost = [outcome for outcome in outcomes if isinstance(outcome, LostTask)]
    assert sorted(outcome for outcome in outcomes if isinstance(outcome, int)) == [1, 4, 9, 16, 25]
    assert [item.task for item in lost] == [-1]
    assert "stopped after 3.0 s" in lost[0].reason


def test_a_worker_that_dies_is_replaced() -> None:
    with LocalEngine(2) as engine:
        outcomes = list(engine.map_unordered(square_or_die, [1, -1, 2, 3], limit=lambda _task: 30.0))
    assert sorted(outcome for outcome in outcomes if isinstance(outcome, int)) == [1, 4, 9]
    (lost,) = [outcome for outcome in outcomes if isinstance(outcome, LostTask)]
    assert lost.task == -1
    assert "exit code 3" in lost.reason


def test_a_dask_task_past_its_limit_is_given_up_and_its_worker_restarted() -> None:
    with DaskEngine(workers=2, processes=True, in_flight=2) as engine:
        assert [result for result in engine.map_unordered(square, [3]) if not isinstance(result, Idle)] == [9]
        outcomes = list(engine.map_unordered(square_or_hang, [1, -1, 2, 3], limit=lambda _task: 4.0))
    assert sorted(outcome for outcome in outcomes if isinstance(outcome, int)) == [1, 4, 9]
    assert [outcome.task for outcome in outcomes if isinstance(outcome, LostTask)] == [-1]


def _corpus(folder: Path, slow: int) -> Path:
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt")):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    for number in range(slow):
        (folder / f"slow-{number}.txt").write_text(_long_page(1500 + number), encoding="utf-8")
    return folder


def test_slow_pages_fail_by_name_and_the_good_ones_are_stored(tmp_path: Path) -> None:
    """49 good records and three slow pages used to store nothing: now the slow ones fail with the budget as
    their reason, the good ones are stored, the checkpoint and the report are written."""
    corpus = _corpus(tmp_path / "in", slow=3)
    store = Store.open(tmp_path / "store.db")
    checkpoint = Checkpoint.open(tmp_path / "store.db.checkpoint")
    report_path = tmp_path / "report.json"
    with LocalEngine(2) as engine:
        report = run_batch([corpus], store, engine=engine, checkpoint=checkpoint, config=Config(article_seconds=3.0),
                           chunk_size=4, batch_size=200, report_path=report_path)
    checkpoint.close()
    good = len(list(EXAMPLES.glob("*.txt")))
    assert (report.added, report.failed) == (good, 3)
    assert sorted(Path(error.where).name for error in report.errors) == ["slow-0.txt", "slow-1.txt", "slow-2.txt"]
    assert all("per-article budget" in error.message for error in report.errors)
    assert store.count_articles() == good
    written = json.loads(report_path.read_text(encoding="utf-8"))
    assert (written["added"], written["failed"]) == (good, 3)
    assert len(Checkpoint.open(tmp_path / "store.db.checkpoint")) == good + 3  # a rerun does nothing again
    store.close()


def test_what_is_done_is_committed_while_a_task_is_still_running(tmp_path: Path) -> None:
    """A batch larger than the corpus is committed after FLUSH_SECONDS anyway: a page still being worked on
    (or stuck) does not hold back the others."""
    corpus = _corpus(tmp_path / "in", slow=1)
    db = tmp_path / "store.db"
    command = [sys.executable, "-m", "marsad.cli", "batch", str(corpus), "--db", str(db), "--workers", "2",
               "--chunk-size", "1", "--batch-size", "1000", "--no-progress"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    report_path = Path(f"{db}.batch-report.json")
    try:
        deadline = time.monotonic() + 240
        stored = 0
        while time.monotonic() < deadline and process.poll() is None and not stored:
            time.sleep(1)
            if report_path.exists():
                stored = json.loads(report_path.read_text(encoding="utf-8"))["added"]
        assert stored, "nothing committed while the slow page was being worked on"
    finally:
        process.wait(timeout=600)


def test_file_names_that_are_not_utf8_are_kept_exactly(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"\xff\xfe-page.txt")  # bytes no UTF-8 name can hold: a surrogate escape in Python
    (folder / name).write_text(SEED, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "store.db"
    for _run in range(2):
        store = Store.open(db)
        checkpoint = Checkpoint.open(tmp_path / "checkpoint")
        report = run_batch([folder], store, engine=LocalEngine(1), checkpoint=checkpoint, config=Config(),
                           report_path=tmp_path / "report.json")
        checkpoint.close()
        store.close()
    assert (report.units_skipped, report.added) == (2, 0)  # the second run finds both files done
    assert any(key.startswith(str((folder / name).resolve())) for key in Checkpoint.open(tmp_path / "checkpoint").done)
    store = Store.open(db)
    (article,) = list(store.iter_articles())
    assert article.meta.source_path is not None
    assert article.meta.source_path.endswith("\\xff\\xfe-page.txt")
    store.close()


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (the CI runs on Linux)")
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", slow=2)
    command = [sys.executable, "-m", "marsad.cli", "batch", str(corpus), "--db", str(tmp_path / "store.db"),
               "--workers", "2", "--chunk-size", "1", "--no-progress"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.5)
        workers = _children(process.pid)
    assert len(workers) >= 2, "the workers did not start"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.5)
    assert not [pid for pid in workers if _alive(pid)]
