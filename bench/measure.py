"""Wall time and peak memory (max RSS) of one child process, with a time limit."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the child's peak resident memory (its own waited-for children included)
    returncode: int
    stdout: str
    killed: bool = False


def measure(command: list[str], cwd: Path, limit: float | None = None) -> Run:
    """Run ``command`` in ``cwd``; stop it (and report it) after ``limit`` seconds."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        killed = threading.Event()

        def stop() -> None:
            killed.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(limit, stop) if limit else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if timer:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read()
        if process.returncode not in {0, 1, 2} and not killed.is_set():
            print(f"    ! {' '.join(command[:4])} ... exited {process.returncode}: {err.read()[-500:]}")
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode, stdout, killed.is_set())
