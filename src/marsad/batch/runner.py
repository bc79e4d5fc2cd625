"""The batch runner: stream inputs in chunks to workers, write their articles from one process.

The parent reads the inputs (cheap, sequential) and cuts them into tasks; workers ingest, run
the pipeline (the costly part) and build each article's store rows (JSON, search terms, spans,
events), so the parent only writes: each batch of results in one transaction, and only then
marks the batch's input units finished in the checkpoint. A rerun skips
finished units, and the store skips articles already stored (content-hash ids), so runs resume
after an interruption and repeating one adds nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from ..config import Config
from ..errors import ConfigError, InputError, MarsadError
from ..ingest.ingesters import INGESTERS, ingester_for
from ..ingest.ingesters import iter_input_files as iter_ingester_files
from ..ingest.records import Record, load_record
from ..pipeline import get_pipeline
from ..runtime import settle_heap
from ..store import PreparedArticle, Store, prepare_article
from .checkpoint import Checkpoint
from .engines import DaskEngine, Idle, LocalEngine, LostTask
from .report import BatchError, BatchReport

#: Seconds without a commit after which what is done is committed, however small the batch.
FLUSH_SECONDS = 10.0
#: Seconds a fresh worker may take to load its models, on top of a task's per-article budget.
WORKER_START_SECONDS = 60.0


def input_kind(path: Path) -> str | None:
    """The registered format of a file in a folder (``page``, ``jsonl``, ``warc``), or None: skipped."""
    found = ingester_for(path)
    return found.name if found is not None else None


def iter_input_files(paths: Sequence[Path]) -> Iterator[tuple[Path, str]]:
    """Expand folders (recursively, sorted) into their input files and formats; a named file is always
    taken (its format recognised from its content when its suffix names none)."""
    for path, ingester in iter_ingester_files(tuple(paths)):
        yield path, ingester.name


@dataclass(frozen=True, slots=True)
class Task:
    """Records for one worker call, and the input units that are finished when it is."""

    keys: tuple[str, ...]
    records: tuple[Record, ...]
    errors: tuple[BatchError, ...] = ()
    part_of: tuple[str, ...] | None = None  # the units of the task this one-record task was cut from


@dataclass(slots=True)
class TaskResult:
    """A worker's answer: the store rows of the processed articles, and per-record errors."""

    keys: tuple[str, ...]
    records: int
    articles: list[PreparedArticle] = field(default_factory=list)
    errors: list[BatchError] = field(default_factory=list)
    part_of: tuple[str, ...] | None = None


def process_task(task: Task, *, config: Config, published: str | None = None,
                 input_format: str = "auto") -> TaskResult:
    """Ingest, run the pipeline and build the store rows of each record of a task (runs on a worker).

    An error in one record is recorded with its reason and the others go on; a stage failure
    that the config logs (``on_error = "log"``) is reported too.
    """
    pipeline = get_pipeline(config)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    result = TaskResult(task.keys, len(task.records), errors=list(task.errors), part_of=task.part_of)
    for record in task.records:
        step, seen = "ingest", len(pipeline.failures)
        try:
            with config.budget.running():  # reading the page counts towards its budget too
                article, raw = load_record(record, published=published, input_format=input_format)
                step = "pipeline"
                article = pipeline(article)
            step = "store rows"
            prepared = prepare_article(article, raw, now)
        except MarsadError as error:
            result.errors.append(BatchError(record.where, step, str(error)))
            continue
        except Exception as error:  # a bug on one record must not stop the run
            result.errors.append(BatchError(record.where, step, repr(error)))
            continue
        finally:  # stage failures the pipeline logged for this record (on_error = "log")
            for failure in pipeline.failures[seen:]:
                result.errors.append(BatchError(record.where, f"stage {failure.stage}", failure.message))
            del pipeline.failures[seen:]
        result.articles.append(prepared)
    settle_heap()  # once per worker process, when its first task has loaded every lazy resource
    return result


def _file_key(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        size = -1
    return f"{path.resolve()}:{size}"


def iter_tasks(files: Iterator[tuple[Path, str]], checkpoint: Checkpoint, report: BatchReport, *,
               chunk_size: int) -> Iterator[Task]:
    """Cut the input files into tasks of ``chunk_size`` records, skipping finished units.

    Page files are grouped ``chunk_size`` at a time, each file its own unit (``path:size``); a JSONL
    or WARC file is cut into chunks of ``chunk_size`` records, each chunk a unit keyed by file and
    record range (``path:size#100-150``).
    A file that cannot be read (or breaks off) is reported; what was read before stays.
    """
    keys: list[str] = []
    pages: list[Record] = []
    errors: list[BatchError] = []
    for path, kind in files:
        report.inputs += 1
        key = _file_key(path)
        if not INGESTERS[kind].streamed:
            if key in checkpoint:
                report.units_skipped += 1
                continue
            keys.append(key)
            try:
                pages.extend(INGESTERS[kind].records(path))
            except InputError as error:
                errors.append(BatchError(str(path), "read", str(error)))
            if len(keys) >= chunk_size:
                yield Task(tuple(keys), tuple(pages), tuple(errors))
                keys, pages, errors = [], [], []
            continue
        yield from _stream_tasks(path, kind, key, checkpoint, report, chunk_size=chunk_size)
    if keys:
        yield Task(tuple(keys), tuple(pages), tuple(errors))


def _stream_tasks(path: Path, kind: str, key: str, checkpoint: Checkpoint, report: BatchReport, *,
                  chunk_size: int) -> Iterator[Task]:
    records = INGESTERS[kind].records(path)
    chunk: list[Record] = []
    start = 0
    try:
        for record in records:
            chunk.append(record)
            if len(chunk) >= chunk_size:
                yield from _chunk_task(f"{key}#{start}-{start + len(chunk)}", chunk, checkpoint, report)
                chunk, start = [], start + len(chunk)
    except InputError as error:
        tail = f"{key}#{start}-{start + len(chunk)}"
        if tail not in checkpoint:
            yield Task((tail,), tuple(chunk), (BatchError(str(path), "read", str(error)),))
        return
    if chunk:
        yield from _chunk_task(f"{key}#{start}-{start + len(chunk)}", chunk, checkpoint, report)


def _chunk_task(key: str, chunk: list[Record], checkpoint: Checkpoint, report: BatchReport) -> Iterator[Task]:
    if key in checkpoint:
        report.units_skipped += 1
    else:
        yield Task((key,), tuple(chunk))


def run_batch(
    paths: Sequence[Path],
    store: Store,
    *,
    engine: LocalEngine | DaskEngine,
    checkpoint: Checkpoint,
    config: Config | None = None,
    chunk_size: int = 50,
    batch_size: int = 200,
    published: str | None = None,
    input_format: str = "auto",
    progress: Callable[[int], None] | None = None,
    report_path: Path | None = None,
) -> BatchReport:
    """Process every input into ``store``; return the report (errors never stop the run).

    ``progress`` is called with the number of records each finished task held. What is done is committed
    every ``batch_size`` articles or ``FLUSH_SECONDS``, whichever comes first, and the report (at
    ``report_path``) is rewritten after each commit, so a run that is stopped keeps both. A task that runs
    past its budget (``article_seconds`` per record, plus a worker's start-up) is given up: its records are
    tried again one by one, and a record that runs past it alone is reported as failed.
    """
    if chunk_size < 1 or batch_size < 1:
        raise ConfigError("--chunk-size and --batch-size must be at least 1")
    config = config or Config()
    run = _Run(store, checkpoint, BatchReport(engine=engine.name, workers=engine.workers), batch_size=batch_size,
               report_path=report_path, progress=progress)
    function = partial(process_task, config=config, published=published, input_format=input_format)
    limit = _task_limit(config.article_seconds)
    tasks: Iterable[Task] = iter_tasks(iter_input_files(paths), checkpoint, run.report, chunk_size=chunk_size)
    try:
        while True:
            for outcome in engine.map_unordered(function, tasks, limit=limit):
                run.take(outcome)
            if not run.retries:
                break
            tasks, run.retries = run.retries, []
        run.flush()
    finally:
        run.write_report()
    return run.report


def _task_limit(article_seconds: float) -> Callable[[Task], float] | None:
    """Seconds a task may run on a worker: the per-article budget for each record, and a start-up."""
    if not article_seconds:
        return None
    return lambda task: article_seconds * max(1, len(task.records)) + WORKER_START_SECONDS


@dataclass(slots=True)
class _Run:
    """What a run has done and not yet committed, and the tasks to try again record by record."""

    store: Store
    checkpoint: Checkpoint
    report: BatchReport
    batch_size: int
    report_path: Path | None
    progress: Callable[[int], None] | None
    pending: list[PreparedArticle] = field(default_factory=list)
    pending_keys: list[str] = field(default_factory=list)
    retries: list[Task] = field(default_factory=list)
    #: a unit split into one task per record: how many of them are still out
    open_parts: dict[tuple[str, ...], int] = field(default_factory=dict)
    flushed_at: float = field(default_factory=time.monotonic)
    started: float = field(default_factory=time.perf_counter)

    def take(self, outcome: TaskResult | LostTask[Task] | Idle) -> None:
        if isinstance(outcome, LostTask):
            self._lost(outcome.task, outcome.reason)
        elif isinstance(outcome, TaskResult):
            self.report.records += outcome.records
            for error in outcome.errors:
                self.report.add_error(error)
            self.pending.extend(outcome.articles)
            self._finished(outcome.keys, outcome.part_of)
            if self.progress is not None:
                self.progress(outcome.records)
        if len(self.pending) >= self.batch_size or (
                (self.pending or self.pending_keys) and time.monotonic() - self.flushed_at >= FLUSH_SECONDS):
            self.flush()

    def _lost(self, task: Task, reason: str) -> None:
        if len(task.records) > 1:  # find the record to blame: each one alone
            parent = task.keys
            self.open_parts[parent] = len(task.records)
            for error in task.errors:
                self.report.add_error(error)
            self.retries.extend(Task((), (record,), part_of=parent) for record in task.records)
            return
        self.report.records += len(task.records)
        for error in task.errors:
            self.report.add_error(error)
        for record in task.records:
            self.report.add_error(BatchError(record.where, "pipeline", reason))
        self._finished(task.keys, task.part_of)
        if self.progress is not None:
            self.progress(len(task.records))

    def _finished(self, keys: Sequence[str], part_of: tuple[str, ...] | None) -> None:
        self.pending_keys.extend(keys)
        if part_of is not None:
            self.open_parts[part_of] -= 1
            if not self.open_parts[part_of]:
                del self.open_parts[part_of]
                self.pending_keys.extend(part_of)

    def flush(self) -> None:
        """Commit what is done, then mark its units finished and rewrite the report."""
        began = time.perf_counter()
        inserted = self.store.add_prepared(self.pending)
        self.report.write_seconds += time.perf_counter() - began
        self.report.added += inserted.added
        self.report.already_stored += inserted.skipped
        self.checkpoint.mark(self.pending_keys)
        self.report.units_done += len(self.pending_keys)
        self.pending.clear()
        self.pending_keys.clear()
        self.flushed_at = time.monotonic()
        self.write_report()

    def write_report(self) -> None:
        self.report.seconds = time.perf_counter() - self.started
        if self.report_path is not None:
            self.report.write(self.report_path)
