"""A per-URL cache of successful checks, so repeated runs leave hosts alone.

Only successes are stored (a failure is re-checked every run). Each entry
expires on its own: its time-to-live is shortened by a stable per-URL fraction
(up to a quarter), so entries written in the same run do not all expire on the
same day and a weekly job never re-requests the whole web at once.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from .. import atomic, jsonload
from .model import Result, Status

VERSION = 1
DAY = 86_400.0


def _spread(url: str) -> float:
    """A stable fraction in [0.75, 1.0) for ``url``."""
    digest = hashlib.sha256(url.encode("utf-8")).digest()
    return 0.75 + 0.25 * int.from_bytes(digest[:4], "big") / 2**32


class LinkCache:
    """JSON file mapping URL -> {status, code, suggestion, checked, expires}."""

    def __init__(self, path: Path | None, ttl_days: float, now: float | None = None) -> None:
        self.path = path
        self.ttl = ttl_days * DAY
        self.now = time.time() if now is None else now
        self.entries: dict[str, dict[str, object]] = {}
        if path is not None and ttl_days > 0:
            self.entries = self._load(path)

    @staticmethod
    def _load(path: Path) -> dict[str, dict[str, object]]:
        text = atomic.read_text(path)
        data = None if text is None else jsonload.loads(text)  # a missing or damaged cache is an empty one
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("urls"), dict):
            return {}
        return {url: entry for url, entry in data["urls"].items() if isinstance(entry, dict)}

    def get(self, url: str) -> Result | None:
        """The cached success for ``url`` when still fresh."""
        entry = self.entries.get(url)
        if entry is None or not isinstance(entry.get("expires"), int | float) or entry["expires"] <= self.now:
            return None
        try:
            status = Status(entry.get("status"))
        except ValueError:
            return None
        code = entry.get("code")
        suggestion = entry.get("suggestion")
        return Result(
            url,
            status,
            code if isinstance(code, int) else None,
            "cached",
            suggestion if isinstance(suggestion, str) else None,
            cached=True,
        )

    def put(self, result: Result) -> None:
        """Remember a success (failures are never cached)."""
        if not result.status.is_success or result.cached or self.ttl <= 0:
            return
        self.entries[result.url] = {
            "status": result.status.value,
            "code": result.code,
            "suggestion": result.suggestion,
            "checked": self.now,
            "expires": self.now + self.ttl * _spread(result.url),
        }

    def save(self) -> None:
        """Write fresh entries atomically (expired ones are dropped)."""
        if self.path is None:
            return
        fresh = {
            url: e
            for url, e in self.entries.items()
            if isinstance(e.get("expires"), int | float) and e["expires"] > self.now
        }
        atomic.write_text(self.path, json.dumps({"version": VERSION, "urls": fresh}, indent=1, sort_keys=True))
