"""Reading charts back in tests: a page's plotly spec as a Figure, its typed arrays decoded."""

from __future__ import annotations

import base64
import json

import numpy as np
import plotly.graph_objects as go


def decoded(value):
    """A plotly spec with its typed arrays ({"dtype", "bdata"}: base64, as plotly 7 writes them) as lists."""
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:
            return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
        return {k: decoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decoded(v) for v in value]
    return value


def figure(at, index: int = 0) -> go.Figure:
    """The `index`-th chart of an AppTest run as a Figure."""
    return go.Figure(decoded(json.loads(at.get("plotly_chart")[index].proto.spec)))
