"""lcd/firstpaint.py: a page load's controls wait for the browser's report, never longer than asked."""

from __future__ import annotations

import threading
import time

from lcd import firstpaint


def test_a_report_releases_the_waiting_run():
    token = "load0000001"
    released = []
    waiter = threading.Thread(target=lambda: released.append(firstpaint.wait(token, timeout=30)))
    waiter.start()
    time.sleep(0.05)
    assert firstpaint.report(token)
    waiter.join(timeout=10)
    assert released == [True]


def test_a_report_before_the_wait_is_kept_and_used_once():
    token = "load0000002"
    assert firstpaint.report(token)
    assert firstpaint.wait(token, timeout=0) is True
    assert firstpaint.wait(token, timeout=0) is False  # used: the next wait on it is not released


def test_without_a_report_the_wait_ends_at_its_timeout():
    started = time.monotonic()
    assert firstpaint.wait("load0000003", timeout=0.05) is False
    assert time.monotonic() - started >= 0.05


def test_malformed_tokens_are_refused():
    for token in ("", "short", "UPPER0000000", "a" * 41, "../../etc", "abc def 12345", None, 12345678901):
        assert not firstpaint.report(token)
        assert firstpaint.wait(token, timeout=0) is False


def test_reports_that_no_run_waits_for_are_bounded():
    for n in range(firstpaint._KEEP + 50):
        firstpaint.report(f"stray{n:08d}")
    assert len(firstpaint._events) == firstpaint._KEEP
