"""Python's cyclic garbage collector paused while a large result is built (issue 25).

A week grid, a month's report or the under-scheduled list builds many small objects without
reference cycles; each allocation burst sets off the collector's passes, and a full pass walks
everything the running program holds — so on a large register a pass over a big heap cost more
than the work itself (the monthly report's per-person loop: 117 ms of CPU with it, 40 ms without
on the city register; the country register's week grid spent seconds in full passes).

One pause for the whole program: the collector runs again when the last section ends, also when
sections overlap in two threads (the window computes in the background while the grid is shown).
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_sections = 0
_was_enabled = False


@contextmanager
def collector_paused():
    """`with collector_paused(): …` or `@collector_paused()` on a function."""
    global _sections, _was_enabled
    with _lock:
        if _sections == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _sections += 1
    try:
        yield
    finally:
        with _lock:
            _sections -= 1
            if _sections == 0 and _was_enabled:
                gc.enable()
