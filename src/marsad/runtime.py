"""Process settings for long runs: keep the cyclic garbage collector off the loaded knowledge.

A loaded pipeline holds millions of long-lived objects (lexicon, gazetteer, actor base, NER
caches), and every article makes tens of thousands of short-lived ones (tokens, spans). By
default CPython's cyclic collector runs every 700 net allocations and, now and then, walks every
live object. :func:`settle_heap` moves what is alive now into the permanent generation (it is
never walked again) and lets the young generation grow larger between collections. Nothing is
freed later than it would be: objects without reference cycles (tokens, spans, articles) go as
soon as their last reference does; only cyclic garbage waits a little longer.

Loading the knowledge bases makes those millions of objects in a few seconds, and the collector,
counting them as new allocations, walked the growing heap again and again (a quarter of the start-up):
:func:`collection_paused` holds it off while they load.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations between two collections of the young generation (CPython's default is 700).
YOUNG_THRESHOLD = 50_000
_settled = False


def settle_heap() -> None:
    """Freeze the objects alive now and collect young objects less often (once per process)."""
    global _settled
    if _settled:
        return
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
    _settled = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """Hold the cyclic collector off while long-lived objects are made (it is on again after, if it was on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
