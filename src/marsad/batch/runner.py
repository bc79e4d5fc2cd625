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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from ..config import Config
from ..errors import ConfigError, InputError, MarsadError
from ..ingest import read_path
from ..ingest.jsonl import iter_jsonl
from ..ingest.records import Record, load_record
from ..ingest.warc import iter_warc
from ..pipeline import get_pipeline
from ..runtime import settle_heap
from ..store import PreparedArticle, Store, prepare_article
from .checkpoint import Checkpoint
from .engines import DaskEngine, LocalEngine
from .report import BatchError, BatchReport

PAGE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".txt.gz", ".html.gz", ".htm.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")


def input_kind(path: Path) -> str | None:
    """``page``, ``jsonl`` or ``warc`` from a file name, or None for a file batch runs ignore."""
    name = path.name.lower()
    for kind, suffixes in (("jsonl", JSONL_SUFFIXES), ("warc", WARC_SUFFIXES), ("page", PAGE_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    return None


def iter_input_files(paths: Sequence[Path]) -> Iterator[tuple[Path, str]]:
    """Expand folders (recursively, sorted) into their input files; a named file is always taken."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                kind = input_kind(child) if child.is_file() else None
                if kind:
                    yield child, kind
        else:
            yield path, input_kind(path) or "page"


@dataclass(frozen=True, slots=True)
class Task:
    """Records for one worker call, and the input units that are finished when it is."""

    keys: tuple[str, ...]
    records: tuple[Record, ...]
    errors: tuple[BatchError, ...] = ()


@dataclass(slots=True)
class TaskResult:
    """A worker's answer: the store rows of the processed articles, and per-record errors."""

    keys: tuple[str, ...]
    records: int
    articles: list[PreparedArticle] = field(default_factory=list)
    errors: list[BatchError] = field(default_factory=list)


def process_task(task: Task, *, config: Config, published: str | None = None,
                 input_format: str = "auto") -> TaskResult:
    """Ingest, run the pipeline and build the store rows of each record of a task (runs on a worker).

    An error in one record is recorded with its reason and the others go on; a stage failure
    that the config logs (``on_error = "log"``) is reported too.
    """
    pipeline = get_pipeline(config)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    result = TaskResult(task.keys, len(task.records), errors=list(task.errors))
    for record in task.records:
        step, seen = "ingest", len(pipeline.failures)
        try:
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
        if kind == "page":
            if key in checkpoint:
                report.units_skipped += 1
                continue
            keys.append(key)
            try:
                pages.append(Record("page", str(path), 0, read_path(path)))
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
    records = iter_jsonl(path) if kind == "jsonl" else iter_warc(path)
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
) -> BatchReport:
    """Process every input into ``store``; return the report (errors never stop the run).

    ``progress`` is called with the number of records each finished task held.
    """
    if chunk_size < 1 or batch_size < 1:
        raise ConfigError("--chunk-size and --batch-size must be at least 1")
    report = BatchReport(engine=engine.name, workers=engine.workers)
    started = time.perf_counter()
    function = partial(process_task, config=config or Config(), published=published, input_format=input_format)
    tasks = iter_tasks(iter_input_files(paths), checkpoint, report, chunk_size=chunk_size)
    pending: list[PreparedArticle] = []
    pending_keys: list[str] = []

    def flush() -> None:
        began = time.perf_counter()
        inserted = store.add_prepared(pending)
        report.write_seconds += time.perf_counter() - began
        report.added += inserted.added
        report.already_stored += inserted.skipped
        checkpoint.mark(pending_keys)
        report.units_done += len(pending_keys)
        pending.clear()
        pending_keys.clear()

    try:
        for result in engine.map_unordered(function, tasks):
            report.records += result.records
            for error in result.errors:
                report.add_error(error)
            pending.extend(result.articles)
            pending_keys.extend(result.keys)
            if len(pending) >= batch_size:
                flush()
            if progress is not None:
                progress(result.records)
        flush()
    finally:
        report.seconds = time.perf_counter() - started
    return report
