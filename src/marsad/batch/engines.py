"""Execution engines: run a task function over a stream of tasks with a bounded number in flight.

``LocalEngine`` uses this machine's cores (in-process for one worker, a process pool otherwise);
``DaskEngine`` uses a Dask distributed cluster (a local one, or a scheduler address). Both yield
results as they complete and never hold more than ``in_flight`` tasks, so memory stays bounded
however long the input stream is. A task that runs longer than its limit, or whose worker dies, comes
back as a :class:`LostTask` and its worker is replaced; the other tasks go on. Workers die with the
process that started them.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from ..errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")
ENGINES = ("local", "dask")
#: Seconds a task may take on a worker, by task (0: no limit).
Limit = Callable[[T], float]
_POLL_SECONDS = 1.0  # how often a run looks for tasks past their limit
_RESTART_SECONDS = 10  # a Dask worker restarted takes at most this long to go (then it is killed)


@dataclass(frozen=True, slots=True)
class LostTask(Generic[T]):
    """A task given up: it ran past its limit (its worker was replaced) or its worker died."""

    task: T
    reason: str


class Idle:
    """Yielded when no task finished for a while, so that the caller may commit what it holds."""


IDLE = Idle()


class Engine(Protocol):
    """Runs ``function`` over tasks on some workers, yielding results (or lost tasks) in completion order."""

    name: str
    workers: int

    def map_unordered(self, function: Callable[[T], R], tasks: Iterable[T], *,
                      limit: Limit[T] | None = None) -> Iterator[R | LostTask[T] | Idle]: ...

    def close(self) -> None: ...


def default_workers() -> int:
    """One worker per core: the parent only writes rows the workers prepared (a small share of a core)."""
    return max(1, os.cpu_count() or 1)


#: How much lower the scheduling priority of worker processes is than the parent's (``nice``).
WORKER_NICENESS = 5


def _prepare_worker(increment: int, parent: int) -> None:
    """Worker initializer: die with the parent, and run at a lower priority (where the platform allows)."""
    die_with_parent(parent)
    if increment and hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # not permitted here: run at the parent's priority
            os.nice(increment)


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when the process ``parent`` ends, even by ``kill -9`` (Linux's
    parent-death signal; elsewhere a worker ends when it finds its task queue closed)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # the prctl option (linux/prctl.h)


class LocalEngine:
    """This machine's cores: in-process for one worker, else a pool of spawned processes.

    The default is one worker per core; the parent, which writes the rows the workers prepared,
    needs little CPU (see benchmarks/RESULTS.md, "Batch runs"), but every worker waits on it, so
    the workers run at a lower priority (``niceness``) and cannot crowd the single writer off its
    core when the work is light (a bulk load on two cores: 1,841 → 1,916 articles/s) — nor, on
    a shared server, crowd out anything else. A task past its limit has its worker killed and replaced
    (pebble's process pool); in-process, the per-article budget's timer stops a page that runs on.
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
        self._pool: Any = None

    def map_unordered(self, function: Callable[[T], R], tasks: Iterable[T], *,
                      limit: Limit[T] | None = None) -> Iterator[R | LostTask[T] | Idle]:
        if self.workers == 1:
            yield from map(function, tasks)
            return
        if self._pool is None:
            from pebble import ProcessPool

            context = multiprocessing.get_context("spawn")  # no forked locks or threads from the parent
            self._pool = ProcessPool(max_workers=self.workers, context=context, initializer=_prepare_worker,
                                     initargs=(self.niceness, os.getpid()))
        pending: dict[Future[R], T] = {}
        for task in tasks:
            seconds = limit(task) if limit is not None else 0.0
            pending[self._pool.schedule(function, args=(task,), timeout=seconds or None)] = task
            while len(pending) >= self.in_flight:
                yield from _settled(pending)
        while pending:
            yield from _settled(pending)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()  # workers still busy (a run interrupted) are terminated
            self._pool.join()
            self._pool = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _settled(pending: dict[Future[R], T]) -> Iterator[R | LostTask[T] | Idle]:
    """Wait for one or more tasks of a pebble pool; a timeout or a dead worker gives a lost task."""
    from pebble import ProcessExpired

    done, _running = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
    if not done:
        yield IDLE
    for future in done:
        task = pending.pop(future)
        try:
            yield future.result()
        except TimeoutError as error:
            yield LostTask(task, f"stopped after {error.args[1] if len(error.args) > 1 else '?'} s: its worker "
                                 "ran past the per-article budget and was replaced")
        except ProcessExpired as error:
            yield LostTask(task, f"its worker died (exit code {error.exitcode}) and was replaced")


class DaskEngine:
    """A Dask distributed cluster: the scheduler at ``address``, or a LocalCluster of ``workers``.

    Tasks go to the cluster as they are read; at most ``in_flight`` (default twice the cluster's
    threads) are pending at once. ``processes=False`` runs local workers as threads (tests). A task past
    its limit (counted from when it was sent, allowing for the tasks queued before it) is cancelled and,
    where workers are processes, its worker restarted.
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
            elif self.processes:
                # a local cluster's nannies run in this process; its workers are this process's children
                self._client.run(die_with_parent, os.getpid())
        return self._client

    def map_unordered(self, function: Callable[[T], R], tasks: Iterable[T], *,
                      limit: Limit[T] | None = None) -> Iterator[R | LostTask[T] | Idle]:
        from distributed import wait as dask_wait

        client = self.client
        in_flight = self._in_flight or 2 * self.workers
        queued = max(1, -(-in_flight // self.workers))  # tasks a worker may hold, the running one included
        pending: dict[Any, tuple[T, float]] = {}
        for task in tasks:
            seconds = limit(task) if limit is not None else 0.0
            deadline = time.monotonic() + queued * seconds if seconds else math.inf
            pending[client.submit(function, task, pure=False)] = (task, deadline)
            while len(pending) >= in_flight:
                yield from self._settled(pending, dask_wait)
        while pending:
            yield from self._settled(pending, dask_wait)

    def _settled(self, pending: dict[Any, tuple[T, float]], dask_wait: Any) -> Iterator[Any]:
        try:
            done, _running = dask_wait(list(pending), timeout=_POLL_SECONDS, return_when="FIRST_COMPLETED")
        except TimeoutError:
            done = set()
        if not done:
            yield IDLE
        for future in done:
            pending.pop(future)
            yield future.result()
            future.release()
        now = time.monotonic()
        for future, (task, deadline) in list(pending.items()):
            if now > deadline:
                pending.pop(future)
                self._give_up(future)
                yield LostTask(task, "stopped: it ran past the per-article budget (its worker was restarted "
                                     "where workers are processes)")

    def _give_up(self, future: Any) -> None:
        """Cancel a task, then (workers being processes) restart the worker it was running on."""
        busy = [worker for worker, keys in self._client.processing().items() if future.key in keys] \
            if self.processes else []
        future.cancel()  # first, so that the scheduler does not hand it to another worker
        if busy:
            with contextlib.suppress(Exception):  # a restart that fails leaves the task cancelled
                self._client.restart_workers(busy, timeout=_RESTART_SECONDS, raise_for_error=False)
                if not self.address:  # the new worker process (at a new address) dies with this process too
                    self._client.run(die_with_parent, os.getpid())

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
