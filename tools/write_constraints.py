"""Filter `pip freeze` output (stdin) down to transitive pins for constraints.txt."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def direct_names() -> set[str]:
    names = set()
    for requirements in ROOT.glob("requirements*.txt"):
        for line in requirements.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^([A-Za-z0-9_.\-]+)==", line.strip())
            if match:
                names.add(normalise(match.group(1)))
    return names


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> None:
    direct = direct_names()
    print("# Exact versions of every transitive dependency (used with pip -c).")
    print("# Regenerate after changing a requirements file: make constraints")
    for line in sys.stdin:
        name = line.split("==")[0].strip()
        if "==" in line and normalise(name) not in direct | {"pip", "setuptools", "wheel"}:
            print(line.strip())


if __name__ == "__main__":
    main()
