"""Execution engines: run a task function over a stream of tasks with a bounded number in flight.

``LocalEngine`` uses this machine's cores (in-process for one worker, a process pool otherwise);
``DaskEngine`` uses a Dask distributed cluster (a local one, or a scheduler address). Both yield
results as they complete and never hold more than ``in_flight`` tasks, so memory stays bounded
however long the input stream is.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol, TypeVar

from ..errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")
ENGINES = ("local", "dask")


class Engine(Protocol):
    """Runs ``function`` over tasks on some workers, yielding results in completion order."""

    name: str
    workers: int

    def map_unordered(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


def default_workers() -> int:
    """One worker per core: the parent only writes rows the workers prepared (a small share of a core)."""
    return max(1, os.cpu_count() or 1)


#: How much lower the scheduling priority of worker processes is than the parent's (``nice``).
WORKER_NICENESS = 5


def _lower_priority(increment: int) -> None:
    """Pool initializer: lower this worker's priority (where the platform has ``os.nice``)."""
    if increment and hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # not permitted here: run at the parent's priority
            os.nice(increment)


class LocalEngine:
    """This machine's cores: in-process for one worker, else a pool of spawned processes.

    The default is one worker per core; the parent, which writes the rows the workers prepared,
    needs little CPU (see benchmarks/RESULTS.md, "Batch runs"), but every worker waits on it, so
    the workers run at a lower priority (``niceness``) and cannot crowd the single writer off its
    core when the work is light (a bulk load on two cores: 1,841 → 1,916 articles/s) — nor, on
    a shared server, crowd out anything else.
    """

    name = "local"

    def __init__(self, workers: int | None = None, *, in_flight: int | None = None,
                 niceness: int = WORKER_NICENESS) -> None:
        self.workers = workers if workers is not None else default_workers()
        if self.workers < 1:
            raise ConfigError("--workers must be at least 1")
        if niceness < 0:
            raise ConfigError("a worker's niceness cannot be negative (it would need more privileges)")
        self.in_flight = in_flight or 2 * self.workers
        self.niceness = niceness
        self._pool: ProcessPoolExecutor | None = None

    def map_unordered(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        if self.workers == 1:
            yield from map(function, tasks)
            return
        if self._pool is None:
            context = multiprocessing.get_context("spawn")  # no forked locks or threads from the parent
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                             initializer=_lower_priority, initargs=(self.niceness,))
        pending: set[Future[R]] = set()
        for task in tasks:
            pending.add(self._pool.submit(function, task))
            if len(pending) >= self.in_flight:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskEngine:
    """A Dask distributed cluster: the scheduler at ``address``, or a LocalCluster of ``workers``.

    Tasks go to the cluster as they are read; at most ``in_flight`` (default twice the cluster's
    threads) are pending at once. ``processes=False`` runs local workers as threads (tests).
    """

    name = "dask"

    def __init__(self, address: str | None = None, *, workers: int | None = None, processes: bool = True,
                 in_flight: int | None = None) -> None:
        self.address = address
        self.workers = workers if workers is not None else default_workers()
        if self.workers < 1:
            raise ConfigError("--workers must be at least 1")
        self.processes = processes
        self._in_flight = in_flight
        self._client: Any = None
        self._cluster: Any = None

    @property
    def client(self) -> Any:
        """The Dask client, connecting (or starting the local cluster) on first use."""
        if self._client is None:
            from distributed import Client, LocalCluster

            try:
                if self.address:
                    self._client = Client(self.address, timeout="30s")
                else:
                    self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                                 processes=self.processes, dashboard_address=None)
                    self._client = Client(self._cluster)
            except (OSError, TimeoutError) as error:
                raise ConfigError(f"cannot reach the Dask scheduler {self.address}: {error}") from error
            if self.address:
                self.workers = sum(self._client.nthreads().values()) or 1
        return self._client

    def map_unordered(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        from distributed import as_completed

        client = self.client
        limit = self._in_flight or 2 * self.workers
        futures = as_completed()
        for task in tasks:
            futures.add(client.submit(function, task, pure=False))
            while futures.count() >= limit:
                future = next(futures)
                yield future.result()
                future.release()
        for future in futures:
            yield future.result()
            future.release()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_engine(name: str, *, workers: int | None = None, scheduler: str | None = None) -> LocalEngine | DaskEngine:
    """Build the engine a CLI option names (``local`` or ``dask``)."""
    if name == "local":
        if scheduler:
            raise ConfigError("--scheduler needs --engine dask")
        return LocalEngine(workers)
    if name == "dask":
        return DaskEngine(scheduler, workers=workers)
    raise ConfigError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
