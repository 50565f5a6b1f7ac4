"""The last set of rendered reference entries, kept on disk between builds.

citeproc-py is pure Python and renders about a thousand entries a second; every
build and every ``mkdocs serve`` rebuild would repeat that work for an unchanged
bibliography. The cache holds one batch, keyed by everything that shapes the
output (the records as citeproc sees them, the style file, citeproc-py's version
and the rendering code), so any change re-renders the whole batch; styles that
compare entries with each other (disambiguation) therefore stay correct.

A cache that cannot be read or written is ignored: it never fails a build.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

_VERSION = 1


def batch_key(style_path: str, inputs: list[Any], code: list[Path]) -> str:
    """A digest of the style file, citeproc-py's version, our rendering code and the records."""
    digest = hashlib.sha256()
    try:
        citeproc_version = version("citeproc-py")
    except PackageNotFoundError:
        citeproc_version = "unknown"
    digest.update(f"{_VERSION}\n{citeproc_version}\n".encode())
    for path in (Path(style_path), *code):
        digest.update(path.read_bytes())
    digest.update(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


class EntryCache:
    """One JSON file: ``{"key": digest, "entries": {record id: html}}``."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def load(self, key: str) -> dict[str, str] | None:
        if self.path is None:
            return None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        entries = data.get("entries") if isinstance(data, dict) and data.get("key") == key else None
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            return None
        return entries

    def save(self, key: str, entries: dict[str, str]) -> None:
        if self.path is None:
            return
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a build that stops half-way never leaves half a file.
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".entries-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"key": key, "entries": entries}, out, ensure_ascii=False)
            Path(temporary).replace(self.path)
        except OSError:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
