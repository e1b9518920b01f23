"""Serve a whole conference on one machine: N Streamlit replicas on loopback ports behind nginx.

    python -m lcd.serve [--replicas 2] [--port 8080] [--host 0.0.0.0]     (what `make serve` runs)

The database is built once before the replicas start (they only read it). nginx runs in the foreground
with a configuration rendered from deploy/nginx.conf.template into a private folder; Ctrl-C (or
SIGTERM) stops nginx and every replica and removes the folder: no process is left behind.

The state of a view is in its URL and the data is a read-only file, so any replica can serve any
view: when one dies, the page stays on screen, nginx sends the browser's reconnecting socket to another
replica, and that replica answers the next click from the URL (lcd.controls adopts the click itself,
which travels with the reconnection); a reload reopens the same view there.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lcd.config import ROOT

TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
UPLOAD_MB = 20  # Streamlit's server.maxUploadSize (.streamlit/config.toml)
UPLOAD_RATE, UPLOAD_BURST = "2r/s", 10  # per client: a person uploads a few files, not hundreds a second
CONN_LIMIT = 1000  # simultaneous connections per client address: a room of delegates behind one conference NAT shares one


def _script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _inline(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, flags=re.S)


def csp() -> str:
    """The Content-Security-Policy: only this origin. The inline allowances Streamlit and the app need:
    - scripts: no 'unsafe-inline', only the hashes of the inline scripts we know: Streamlit's page
      (`window.prerenderReady`), ours in lcd/server.py (the server's address, the maps' empty base
      topology) and presentation mode's key handler (lcd/presenting.py);
    - styles: 'unsafe-inline', because Streamlit's components (emotion) and our st.html CSS write
      <style> elements at run time; styles cannot run code;
    - images and fonts: `data:` and `blob:`, which Streamlit and plotly use for icons, chart exports
      and fonts; `connect-src 'self'` covers the websocket on this origin."""
    from lcd import presenting, server

    scripts = [*_inline(server.page_html()), *_inline(presenting.KEYS_JS)]
    hashes = " ".join(dict.fromkeys(_script_hash(s) for s in scripts))
    return ("default-src 'self'; "
            f"script-src 'self' {hashes}; "
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            "frame-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'")


def render(run: Path, port: int, replicas: list[int], host: str = "0.0.0.0") -> str:
    """The nginx configuration for `replicas` (loopback ports) behind `host:port`, its files under `run`."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in replicas)
    fields = {"RUN": str(run), "SERVERS": servers, "LISTEN": f"{host}:{port}", "BODY_MB": str(UPLOAD_MB + 1),
              "UPLOAD_RATE": UPLOAD_RATE, "UPLOAD_BURST": str(UPLOAD_BURST), "CONN_LIMIT": str(CONN_LIMIT), "CSP": csp(),
              "USER": "user nobody nogroup;" if os.geteuid() == 0 else ""}
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = text.replace(f"@@{name}@@", value)
    return text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f} s")


@dataclass
class Serving:
    """A running layout: the public URL, each replica's port and process, nginx's process."""

    url: str
    ports: list[int]
    replicas: list[subprocess.Popen]
    nginx: subprocess.Popen
    run: Path
    log: Path
    stopped: bool = field(default=False)

    def replica_of(self, address: str) -> int:
        """The index of the replica at `address` (an X-Replica header: 127.0.0.1:port)."""
        return self.ports.index(int(address.rsplit(":", 1)[1]))

    def kill(self, index: int) -> None:
        """Kill one replica at once, as a crash would (SIGKILL, no goodbye to its browsers)."""
        os.killpg(self.replicas[index].pid, signal.SIGKILL)
        self.replicas[index].wait(10)

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        for process in [self.nginx, *self.replicas]:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in [self.nginx, *self.replicas]:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(self.run, ignore_errors=True)


def _die_with_parent() -> None:
    """In the child before it runs: ask Linux to send it SIGTERM when its parent dies, so that a killed
    `make serve` (even SIGKILL) leaves no replica or nginx behind."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _replica(port: int, env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "lcd/server.py", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent)


@contextmanager
def serving(replicas: int = 2, port: int | None = None, host: str = "127.0.0.1", db: Path | None = None,
            timeout: float = 120):
    """Start the layout, wait until nginx and every replica answer, yield a Serving, stop it all on exit."""
    nginx_binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx_binary).exists():
        raise SystemExit("nginx is not installed: `apt-get install nginx` (make serve installs it)")
    from lcd import db as lcd_db

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if db is not None:
        env["LCD_DB"] = str(db)
    elif lcd_db.needs_build():  # build once, before the replicas start, so that they never race to build
        lcd_db.build_default()
    run = Path(tempfile.mkdtemp(prefix="lcd-serve-"))
    run.chmod(0o755)
    port = port or free_port()
    ports = [free_port() for _ in range(replicas)]
    log_path = run / "replicas.log"
    log = log_path.open("ab")
    processes = [_replica(p, env, log) for p in ports]
    (run / "nginx.conf").write_text(render(run, port, ports, host), encoding="utf-8")
    nginx = subprocess.Popen([nginx_binary, "-c", str(run / "nginx.conf"), "-p", str(run)], stdout=log, stderr=subprocess.STDOUT,
                             start_new_session=True, preexec_fn=_die_with_parent)
    layout = Serving(f"http://127.0.0.1:{port}", ports, processes, nginx, run, log_path)
    try:
        for p in ports:
            _wait(f"http://127.0.0.1:{p}/_stcore/health", timeout)
        _wait(f"{layout.url}/_stcore/health", timeout)
        yield layout
    finally:
        layout.stop()
        log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="N Streamlit replicas behind nginx on one port")
    parser.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", 2)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)))
    parser.add_argument("--host", default="0.0.0.0", help="the address nginx listens on (default: every interface)")
    args = parser.parse_args(argv)
    stop = {"now": False}

    def on_signal(*_):
        stop["now"] = True
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    with serving(args.replicas, args.port, args.host) as layout:
        print(f"Serving {args.replicas} replica(s) behind nginx at http://{args.host}:{args.port} "
              f"(replicas on {', '.join(f'127.0.0.1:{port}' for port in layout.ports)}). Ctrl-C stops everything.", flush=True)
        while not stop["now"]:
            if layout.nginx.poll() is not None:
                print(f"nginx stopped; see {layout.run / 'error.log'}", file=sys.stderr)
                return 1
            time.sleep(0.5)
    print("Stopped nginx and every replica.", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
