"""The citation keys a glossary entry or FAQ answer may use."""

from __future__ import annotations

from .. import jsonload
from ..project import Project

DEFAULT_BIBLIOGRAPHY = "data/bibliography.json"


def known_keys(project: Project) -> set[str] | None:
    """Ids of the bibliography's records; None when it cannot be read (the citations checks report that)."""

    def compute(p: Project) -> set[str] | None:
        configured = p.settings.section("citations").get("bibliography", DEFAULT_BIBLIOGRAPHY)
        path = p.config.root / (configured if isinstance(configured, str) else DEFAULT_BIBLIOGRAPHY)
        try:
            records = jsonload.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None
        if not isinstance(records, list):
            return None
        return {r["id"] for r in records if isinstance(r, dict) and isinstance(r.get("id"), str)}

    return project.derive("glossary.bibliography-keys", compute)
