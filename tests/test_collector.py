"""The collector pause shared by the week grid, the monthly report and the capacity lists (issue 25):
it runs again when the last overlapping section ends — not when the first one does, and not at all
if it was off before."""

from __future__ import annotations

import gc
import threading

from ame_desktop.domain.collector import collector_paused


def test_overlapping_sections_in_two_threads_resume_the_collector_only_at_the_last_end():
    assert gc.isenabled()
    inside, release = threading.Event(), threading.Event()

    def background():
        with collector_paused():
            inside.set()
            release.wait(5)

    t = threading.Thread(target=background)
    with collector_paused():
        t.start()
        assert inside.wait(5)
        assert not gc.isenabled()
    assert not gc.isenabled(), "the background section is still running"
    release.set()
    t.join(5)
    assert gc.isenabled()


def test_a_decorated_function_pauses_it_and_an_error_still_resumes_it():
    seen = []

    @collector_paused()
    def work(fail: bool):
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("x")
        return 1

    assert work(False) == 1
    try:
        work(True)
    except ValueError:
        pass
    assert seen == [False, False] and gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
