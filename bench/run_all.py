"""Run every benchmark in turn and print its figures (`make bench`).

Each benchmark is a separate script so it can also run alone; see its
docstring for options. Nothing here asserts a time: benchmarks print figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = ("build.py", "links.py")


def main() -> int:
    env = {**os.environ, "PYTHONPATH": str(BENCH.parent / "hooks")}
    status = 0
    for script in SCRIPTS:
        print(f"\n=== bench/{script}", flush=True)
        status |= subprocess.run([sys.executable, str(BENCH / script)], env=env, check=False).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
