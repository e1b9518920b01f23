"""Run a command or a Python function in a child process and measure its wall time and peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def run(cmd: list[str], env: dict | None = None, cwd=None) -> dict:
    """Wall time (s) and peak resident memory (MB) of a child process (from wait4's rusage)."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out = process.stdout.read().decode()
    err = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "stdout": out, "stderr": err}


def python(module: str, *args: str, env: dict | None = None, cwd=None) -> dict:
    """Run `python -m module args` and parse the JSON it prints on its last line (if any)."""
    result = run([sys.executable, "-m", module, *args], env=env, cwd=cwd)
    lines = [line for line in result["stdout"].splitlines() if line.strip()]
    result["result"] = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else None
    return result
