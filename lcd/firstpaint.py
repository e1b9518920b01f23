"""The chart first, then the controls: a page load's controls wait until the browser reports its chart drawn.

On a page load, Streamlit's browser code draws every element it has received in the same frames,
so the navigation, filter buttons and chart chooser, sent just after the chart, delayed the chart
by about as much as the chart itself took. Here the browser says when it has drawn the chart:

1. the page's HTML (lcd/server.py) gives each load a random token, in the cookie `COOKIE`, and
   posts it to `/lcd/drawn/<token>` once a chart is drawn;
2. the page's first run (lcd/ui.py) sends its chart, then waits for that report, at most `WAIT`
   seconds, before it sends the controls. Space for them is kept, so the chart does not move.

Only a session's first run waits, and only when it drew a chart and has a token (AppTest and a
plain `streamlit run dashboard.py` have none, and draw everything at once). Nothing is lost if
the report never comes: the controls are sent when the wait ends.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

COOKIE = "lcd_load"
WAIT = 2.0  # seconds: the longest a page load's controls wait for the chart
TOKEN = re.compile(r"[a-z0-9]{8,40}")
_KEEP = 1024  # reports kept for loads whose run has not reached its wait yet (or never will)
_events: OrderedDict[str, threading.Event] = OrderedDict()
_lock = threading.Lock()


def _event(token: str) -> threading.Event:
    with _lock:
        event = _events.get(token)
        if event is None:
            event = _events[token] = threading.Event()
            while len(_events) > _KEEP:
                _events.popitem(last=False)
        return event


def _valid(token) -> bool:
    return isinstance(token, str) and TOKEN.fullmatch(token) is not None


def report(token: str) -> bool:
    """The browser has drawn the chart of the load `token`. False for a malformed token."""
    if not _valid(token):
        return False
    _event(token).set()
    return True


def wait(token: str, timeout: float = WAIT) -> bool:
    """Wait until `token`'s chart is reported drawn, at most `timeout` seconds; True if it was."""
    if not _valid(token):
        return False
    try:
        return _event(token).wait(timeout)
    finally:
        with _lock:
            _events.pop(token, None)
