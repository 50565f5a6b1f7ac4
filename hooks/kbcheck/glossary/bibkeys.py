"""The citation keys a glossary entry or FAQ answer may use."""

from __future__ import annotations

from .. import atomic, jsonload
from ..project import Project

DEFAULT_BIBLIOGRAPHY = "data/bibliography.json"


def known_keys(project: Project) -> set[str] | None:
    """Ids of the bibliography's records; None when it cannot be read (the citations checks report that)."""

    def compute(p: Project) -> set[str] | None:
        configured = p.settings.section("citations").get("bibliography", DEFAULT_BIBLIOGRAPHY)
        path = p.config.root / (configured if isinstance(configured, str) else DEFAULT_BIBLIOGRAPHY)
        text = atomic.read_text(path)  # None for a FIFO, a folder or non-UTF-8 bytes: never blocks
        records = None if text is None else jsonload.loads(text)
        if not isinstance(records, list):
            return None
        return {r["id"] for r in records if isinstance(r, dict) and isinstance(r.get("id"), str)}

    return project.derive("glossary.bibliography-keys", compute)
