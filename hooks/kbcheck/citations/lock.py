"""The lock file next to the bibliography: what `verify-refs` verified, when, against which service.

A record's hash covers its bibliographic fields, so editing a title, an author
or an identifier after verification makes ordinary builds warn until the record
is verified again. Editorial annotations (evidence kind, verification notes) are
not part of the hash: changing them does not change what a service confirmed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import atomic, jsonload
from ..project import display_path

LOCK_VERSION = 1
UNHASHED_FIELDS = frozenset({"evidence", "verified-from", "verification-note"})


def record_hash(data: dict[str, Any]) -> str:
    """A stable hash of a record's bibliographic content."""
    content = {key: value for key, value in data.items() if key not in UNHASHED_FIELDS}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class Lock:
    """The parsed lock file: record id -> what was verified."""

    path: Path
    display: str
    exists: bool
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    error: str | None = None


def load_lock(path: Path) -> Lock:
    """Read the lock file; a missing or unreadable file gives an empty lock (with ``error`` set)."""
    shown = display_path(path)
    if not path.is_file():
        return Lock(path, shown, exists=False)
    try:
        data = jsonload.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return Lock(path, shown, exists=True, error=f"cannot read the lock file: {exc}")
    if isinstance(data, jsonload.JsonProblem):
        return Lock(path, shown, exists=True, error=f"cannot read the lock file: line {data.line}: {data.message}")
    records = data.get("records") if isinstance(data, dict) else None
    if not isinstance(records, dict):
        return Lock(path, shown, exists=True, error="the lock file has no 'records' mapping")
    entries = {key: value for key, value in records.items() if isinstance(value, dict)}
    return Lock(path, shown, exists=True, entries=entries)


def write_lock(path: Path, entries: dict[str, dict[str, Any]]) -> str | None:
    """Write the lock file atomically with sorted keys (small, reviewable diffs); the reason if it cannot."""
    payload = {"version": LOCK_VERSION, "generated_by": "kbcheck verify-refs", "records": entries}
    return atomic.write_text(path, json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
