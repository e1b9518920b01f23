"""A protocol-level load client: many sessions speaking Streamlit's websocket protocol, no browser.

    python -m bench.load --protocol [--session-counts 50,100,200] [--replicas 1,2] [--seconds 60]

For each number of replicas it starts the production layout (lcd.serve: replicas behind nginx), then for
each number of concurrent sessions it opens that many websockets through nginx, each with its own route
cookie as a browser would get, and plays a realistic mix for `seconds`: open a page (a BackMsg
`rerun_script` with its page and query, as the browser sends when a link opens), then change its
filters three times (a rerun with the new query, as a filter change sends), then move to another page.
An interaction is timed from the message sent to the script's `script_finished` message; a session
waits 1.5-4.5 s (a delegate reading the chart) before its next one; interactions are counted when they
finish inside the measured window. Reported per
run: interactions per second, p50 and p95 seconds, errors (app exceptions, failed runs, lost sockets)
and the server's CPU-seconds per interaction (replicas and nginx, from /proc). The client shares the
machine with the server; its own CPU is reported too, so the two can be told apart.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
import uuid
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

# (page, [queries]): the first query opens the page, the rest are filter changes on it.
MIX = [
    ("", ["", "countries=TH", "countries=CN", "view=growth"]),
    ("ageing", ["", "places=lamphun,tak,yala", "places=lamphun,tak,yala&years=2010-2024", "view=share65"]),
    ("participation", ["", "countries=TH", "view=rates", "view=rates&ages=age_65_plus"]),
    ("compare", ["", "places=shanghai,lamphun", "view=share60", "view=bubbles"]),
    ("map", ["", "view=cn", "metric=programmes", "mode=two"]),
    ("programs", ["", "themes=digital", "view=providers", "view=gaps"]),
    ("data", ["table=observations", "table=observations&indicators=population_60plus_pct", "table=programs", "table=places"]),
    ("coverage", ["", "countries=TH", "view=years", "category=population"]),
]
TIMEOUT = 180.0  # one interaction
THINK = 3.0  # seconds a delegate looks at the result before the next click (drawn between 0.5× and 1.5×)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children that it has waited for (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _nginx_pids(master: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == master:
                    children.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return [master, *children]


def _rerun(page: str, query: str) -> bytes:
    message = BackMsg()
    state = message.rerun_script
    state.query_string = query
    state.page_name = page
    state.page_script_hash = ""
    return message.SerializeToString()


async def _interaction(socket, page: str, query: str) -> tuple[float, bool]:
    """Send one rerun and wait for its end; returns (seconds, ok)."""
    started = time.perf_counter()
    await socket.send(_rerun(page, query))
    ok = True
    while True:
        raw = await asyncio.wait_for(socket.recv(), TIMEOUT)
        message = ForwardMsg()
        message.ParseFromString(raw)
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element" \
                and message.delta.new_element.WhichOneof("type") == "exception":
            ok = False
        elif kind == "script_finished":
            ok = ok and message.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY,)
            if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            return time.perf_counter() - started, ok


async def _session(base: str, deadline_box: dict, record: dict, delay: float, opened: asyncio.Barrier, seed: int) -> None:
    import websockets

    await asyncio.sleep(delay)
    rng = random.Random(seed)
    host = base.split("//", 1)[1]
    cookie = f"lcd_route={uuid.uuid4().hex}"
    try:
        async with websockets.connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=base,
                                      additional_headers={"Cookie": cookie}, max_size=None, open_timeout=TIMEOUT,
                                      ping_interval=None) as socket:
            page, queries = rng.choice(MIX)
            await _interaction(socket, page, queries[0])  # the session opens its first page before the window starts
            await opened.wait()
            deadline_box.setdefault("deadline", time.perf_counter() + deadline_box["seconds"])
            while time.perf_counter() < deadline_box["deadline"]:
                page, queries = rng.choice(MIX)
                for query in queries:
                    if time.perf_counter() >= deadline_box["deadline"]:
                        break
                    seconds, ok = await _interaction(socket, page, query)
                    if time.perf_counter() <= deadline_box["deadline"]:  # counted when it finishes inside the window
                        record["times"].append(seconds)
                        record["errors"] += 0 if ok else 1
                    await asyncio.sleep(THINK * rng.uniform(0.5, 1.5))
    except Exception as error:  # a lost socket or a timeout is an error of the run, not of the client
        record["errors"] += 1
        record.setdefault("error_kinds", {}).setdefault(type(error).__name__, 0)
        record["error_kinds"][type(error).__name__] += 1
        try:
            await opened.abort()
        except Exception:
            pass


async def _run(base: str, sessions: int, seconds: float) -> dict:
    record = {"times": [], "errors": 0}
    box = {"seconds": seconds}
    opened = asyncio.Barrier(sessions)
    tasks = [_session(base, box, record, delay=i * 0.02, opened=opened, seed=i) for i in range(sessions)]
    await asyncio.gather(*tasks)
    return record


def measure(replicas: int, sessions_list: list[int], seconds: float, db: Path | None = None) -> list[dict]:
    """One layout with `replicas`, then each number of sessions in turn; a result row per run."""
    from lcd.serve import serving

    rows = []
    with serving(replicas, db=db) as layout:
        server_pids = [p.pid for p in layout.replicas] + _nginx_pids(layout.nginx.pid)
        asyncio.run(_run(layout.url, 4, 3))  # warm every replica's caches and imports once
        for sessions in sessions_list:
            cpu_before = sum(_cpu_seconds(pid) for pid in server_pids if Path(f"/proc/{pid}").exists())
            client_before = time.process_time()
            started = time.perf_counter()
            record = asyncio.run(_run(layout.url, sessions, seconds))
            wall = time.perf_counter() - started
            cpu = sum(_cpu_seconds(pid) for pid in server_pids if Path(f"/proc/{pid}").exists()) - cpu_before
            times = sorted(record["times"])
            count = len(times)
            rows.append({
                "replicas": replicas, "sessions": sessions, "seconds": seconds, "interactions": count,
                "per_second": round(count / seconds, 2),
                "p50": round(statistics.median(times), 3) if times else None,
                "p95": round(times[int(0.95 * (count - 1))], 3) if times else None,
                "errors": record["errors"], "error_kinds": record.get("error_kinds", {}),
                "server_cpu_s": round(cpu, 1), "cpu_per_interaction": round(cpu / count, 4) if count else None,
                "client_cpu_s": round(time.process_time() - client_before, 1), "wall_s": round(wall, 1),
            })
            print(f"{replicas} replica(s), {sessions} sessions: {rows[-1]['per_second']}/s, p50 {rows[-1]['p50']} s, "
                  f"p95 {rows[-1]['p95']} s, errors {record['errors']}, {rows[-1]['cpu_per_interaction']} CPU-s each", flush=True)
    return rows


def capacity(rows: list[dict], cores: int) -> str:
    """What N cores would serve, on paper: the CPU an interaction costs when a replica keeps up gives the
    interactions a core can run per second; a delegate's pace gives the delegates per core. The runs where
    the cost per interaction rose (replicas past saturation) are named, so nobody plans on them."""
    measured = [r for r in rows if r["cpu_per_interaction"]]
    if not measured:
        return "no interactions measured"
    best = min(measured, key=lambda r: r["cpu_per_interaction"])
    per_core = 1 / best["cpu_per_interaction"]
    think = 10.0  # seconds a delegate looks at a chart before the next click
    per_core_delegates = per_core * think
    saturated = [r for r in measured if r["cpu_per_interaction"] > 1.5 * best["cpu_per_interaction"]]
    collapsed = [r for r in rows if not r["interactions"]]
    text = (f"an interaction costs {best['cpu_per_interaction']:.3f} CPU-s when the replicas keep up ({best['replicas']} replica(s), "
            f"{best['sessions']} sessions: p95 {best['p95']} s), so a core runs 1 ÷ {best['cpu_per_interaction']:.3f} = "
            f"{per_core:.1f} interactions/s. A delegate who clicks every {think:.0f} s asks 1/{think:.0f} interaction/s, so a core "
            f"serves about {per_core:.1f} × {think:.0f} = {per_core_delegates:.0f} delegates, with one replica per core: "
            + ", ".join(f"{n} cores ≈ {per_core_delegates * n:,.0f}" for n in (cores, 8, 16, 32)) + ".")
    if saturated or collapsed:
        text += (" Past saturation the cost per interaction rises (" + "; ".join(
            f"{r['cpu_per_interaction']:.2f} CPU-s with {r['sessions']} sessions on {r['replicas']} replica(s)" for r in saturated)
            + ")" + ("".join(f"; with {r['sessions']} sessions on {r['replicas']} replica(s) no interaction finished within the "
                             f"{r['seconds']:.0f} s window" for r in collapsed))
            + ": throughput falls as load grows, so size the replicas for the peak with headroom (these sessions click every "
            f"{THINK:.0f} s, more than three times a delegate's pace).")
    return text


BEGIN, END = "<!-- protocol:begin (python -m bench.load --protocol) -->", "<!-- protocol:end -->"


def section(result: dict) -> str:
    """The protocol load figures as a section of bench/report.md."""
    lines = [BEGIN, "## Serving: protocol-level load through nginx", "",
             f"`python -m bench.load --protocol` on {result['cores']} cores: sessions speak Streamlit's websocket protocol "
             "through nginx (no browser), each playing page loads and filter changes across eight pages; an interaction "
             "is timed from the message sent to the script's finished message. The load client runs on the same cores.", "",
             "| replicas | sessions | interactions/s | p50 | p95 | errors | server CPU-s per interaction | client CPU-s |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in result["runs"]:
        p50, p95 = (f"{r[k]} s" if r[k] is not None else "none finished in the window" for k in ("p50", "p95"))
        lines.append(f"| {r['replicas']} | {r['sessions']} | {r['per_second']} | {p50} | {p95} | {r['errors']} | "
                     f"{r['cpu_per_interaction'] or '–'} | {r['client_cpu_s']} |")
    lines += ["", f"**On paper:** {result['capacity']}", "",
              "**A lost replica** (`tests/test_serving.py::test_a_lost_replica_loses_nobodys_view`, in every test run): a "
              "browser opens a view through nginx, its replica is killed (SIGKILL); the view stays on screen, the browser's "
              "socket reconnects through nginx to the other replica, the next click (a chart choice) is answered there from "
              "the URL's state, and a reload reopens the same view there. `pytest tests/test_serving.py -k lost_replica -s` "
              "prints how long after the kill the other replica answered (0.7 s on this machine).", END]
    return "\n".join(lines) + "\n"


def write_section(report: Path, text: str) -> None:
    """Put `text` into `report` between the markers (replacing an earlier one), else at its end."""
    current = report.read_text(encoding="utf-8") if report.exists() else ""
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + text.rstrip("\n") + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + text
    report.write_text(current, encoding="utf-8")
