"""Process settings for long runs."""

from __future__ import annotations

import subprocess
import sys


def test_settle_heap_freezes_live_objects_once_and_keeps_collecting_cycles() -> None:
    script = """
import gc
from marsad import runtime
before = gc.get_freeze_count()
runtime.settle_heap()
frozen = gc.get_freeze_count()
runtime.settle_heap()
assert frozen > before and gc.get_freeze_count() == frozen, (before, frozen)
assert gc.get_threshold()[0] == runtime.YOUNG_THRESHOLD
class Node:
    pass
a, b = Node(), Node()
a.other, b.other = b, a
del a, b
assert gc.collect() >= 2  # cycles made after settling are still collected
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_collection_paused_holds_the_collector_off_and_restores_it() -> None:
    import gc

    from marsad.runtime import collection_paused

    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
