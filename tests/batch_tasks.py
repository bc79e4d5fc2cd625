"""Task functions for the engine tests, importable by spawned worker processes."""

from __future__ import annotations

import os
import time


def square(number: int) -> int:
    return number * number


def square_or_hang(number: int) -> int:
    """Hang (far past any test's limit) on a negative number; square the others."""
    if number < 0:
        time.sleep(3600)
    return number * number


def square_or_die(number: int) -> int:
    """End the worker process abruptly on a negative number; square the others."""
    if number < 0:
        os._exit(3)
    return number * number


def worker_pid(_number: int) -> int:
    time.sleep(0.2)
    return os.getpid()
