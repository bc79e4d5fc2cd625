"""The per-article budget: how large a page and how long its analysis may be before it is given up.

A page larger than ``article_bytes`` (its text, UTF-8) is refused before any stage runs; a page whose stages
run past ``article_seconds`` is stopped with :class:`BudgetExceeded`, an :class:`~marsad.errors.InputError`
that names the budget, so the command, the batch run or the API records the page as failed with that
reason and goes on. The time limit is checked between stages everywhere, and in the main thread a timer
signal also interrupts a stage that runs on (Python code is interrupted at once; a call into C at its
return). Batch workers are also watched from outside (:mod:`marsad.batch.runner`).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

from .errors import InputError

#: Seconds after which a budget interrupt that was swallowed is raised again.
RETRY_SECONDS = 0.25


class BudgetExceeded(InputError):
    """A page over the per-article budget (size or time)."""


@dataclass(frozen=True, slots=True)
class ArticleBudget:
    """Limits of one article; 0 turns a limit off."""

    seconds: float = 0.0
    text_bytes: int = 0

    def check_size(self, text: str) -> None:
        """Refuse a text larger than the budget (before any work on it)."""
        if self.text_bytes and len(text) > self.text_bytes // 4:  # at most 4 bytes a character: measure only then
            size = len(text.encode("utf-8", errors="surrogatepass"))
            if size > self.text_bytes:
                raise BudgetExceeded(f"page text of {_megabytes(size)} is larger than the per-article budget of "
                                     f"{_megabytes(self.text_bytes)} (setting article_bytes)")

    @contextlib.contextmanager
    def running(self) -> Iterator[Deadline]:
        """The deadline of one article's analysis; in the main thread a timer interrupts a stage that runs on."""
        deadline = Deadline(time.monotonic() + self.seconds if self.seconds else None, self.seconds)
        if not self.seconds or threading.current_thread() is not threading.main_thread() or \
                signal.getitimer(signal.ITIMER_REAL)[0]:
            yield deadline  # no timer here (another thread, or the caller's own timer runs): checks only
            return
        previous = signal.signal(signal.SIGALRM, deadline.interrupt)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            yield deadline
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True, slots=True)
class Deadline:
    """When an article's analysis must be done (``at`` None: never)."""

    at: float | None
    seconds: float

    def check(self, stage: str) -> None:
        """Raise :class:`BudgetExceeded` when the time is up (called between stages)."""
        if self.at is not None and time.monotonic() > self.at:
            raise self.exceeded(f"after stage {stage}")

    def exceeded(self, where: str) -> BudgetExceeded:
        return BudgetExceeded(f"analysis stopped {where}: longer than the per-article budget of "
                              f"{self.seconds:g} s (setting article_seconds)")

    def interrupt(self, _signum: int, frame: FrameType | None) -> None:
        """The timer's signal handler: stop the stage that is running. The timer is set again first: where
        the exception is swallowed (it landed in a garbage-collector or ``__del__`` callback, whose errors
        Python only prints), the next one comes shortly; where it is not, the budget's context disarms it."""
        signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)
        raise self.exceeded(f"in {frame.f_code.co_name}" if frame is not None else "")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
