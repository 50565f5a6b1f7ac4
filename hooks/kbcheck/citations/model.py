"""Per-build models: the bibliography and the entry renderer (derived once per project).

Who cites what is in the rendered pages' models (:attr:`Project.rendered`).
"""

from __future__ import annotations

from typing import Any

from ..project import Project
from .bibliography import Bibliography, load_bibliography
from .csl import EntryRenderer
from .entry_cache import EntryCache


def options(project: Project) -> dict[str, Any]:
    return project.settings.section("citations")


def bibliography(project: Project) -> Bibliography:
    """The project's bibliography, loaded once per build."""
    return project.derive(
        "citations.bibliography",
        lambda p: load_bibliography((p.config.root / options(p)["bibliography"]).resolve()),
    )


def renderer(project: Project) -> EntryRenderer:
    """Formats entries with the configured CSL style, each record once per build (or from the cache)."""

    def make(p: Project) -> EntryRenderer:
        cache = options(p)["render_cache"]
        return EntryRenderer(
            bibliography(p).records, options(p)["style"], EntryCache(p.config.root / cache if cache else None)
        )

    return project.derive("citations.renderer", make)
