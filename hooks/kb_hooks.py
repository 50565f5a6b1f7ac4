"""MkDocs hooks: a thin adapter from MkDocs events to the kbcheck core.

Only this file knows about MkDocs. It builds the same :class:`kbcheck.Project`
the standalone command builds, logs the same diagnostics (through a ``mkdocs.*``
logger so ``--strict`` counts them), applies the core's page transforms, and
leaves a marker file in the built site proving the hooks ran.

MkDocs imports a hook module once per process and never reloads it, even on
``mkdocs serve`` rebuilds, so all per-build state lives in ``STATE`` and is
replaced in ``on_config``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The hooks/ folder is on sys.path only while this module is imported, so the
# core must be imported here, at the top, not lazily inside a handler.
import kbcheck
from kbcheck.cli import MARKER
from kbcheck.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Must sit under "mkdocs." or --strict ignores the warnings.
log = logging.getLogger("mkdocs.plugins.kbcheck")

_LOG_LEVEL = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING, Severity.INFO: logging.INFO}


@dataclass
class BuildState:
    """Everything one build knows; a fresh instance per build."""

    config_path: Path
    docs_dir: Path
    project: kbcheck.Project | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


STATE: BuildState | None = None


class _SkipLinksWeJudged(logging.Filter):
    """Drop MkDocs' ``validation:`` message about a link the KB3xx checks already judged.

    Ours has the line and column, and knows the anchors that other concerns add
    after Markdown rendering (where MkDocs reports false alarms). Links we do not
    see (e.g. from included files) still get MkDocs' message.
    """

    kbcheck = True
    MESSAGE = re.compile(r"^Doc file '(?P<doc>[^']+)' contains an? (?:[a-z]+ )*link '(?P<link>[^']*)'")

    def filter(self, record: logging.LogRecord) -> bool:
        found = self.MESSAGE.match(record.getMessage())
        project = STATE.project if STATE else None
        return not (found and project and (found["doc"], found["link"]) in kbcheck.links.checked_links(project))


def on_config(config: MkDocsConfig) -> None:
    global STATE
    STATE = BuildState(Path(config.config_file_path), Path(config.docs_dir))
    validation = logging.getLogger("mkdocs.structure.pages")
    if not any(getattr(existing, "kbcheck", False) for existing in validation.filters):
        validation.addFilter(_SkipLinksWeJudged())


def on_files(files: Files, *, config: MkDocsConfig) -> None:
    # Checks run before any page is read: MkDocs silently treats invalid front
    # matter as page text, so our precise diagnostic must come first.
    state = _state()
    project_config, problems = kbcheck.load_project_config(state.config_path, docs_dir=state.docs_dir)
    project_config.site_url = config.site_url or project_config.site_url
    state.project = kbcheck.load_project(project_config, problems)
    state.diagnostics = kbcheck.run_checks(state.project)
    for diagnostic in state.diagnostics:
        log.log(_LOG_LEVEL[diagnostic.severity], "%s", diagnostic.format())


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    project = _state().project
    if project is None or page.file.src_uri not in project.pages:
        return markdown
    return kbcheck.render_markdown(project, page.file.src_uri, markdown)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    project = _state().project
    if project is None or page.file.src_uri not in project.pages:
        return html
    return kbcheck.render_content(project, page.file.src_uri, html)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    project = _state().project
    if project is None or page.file.src_uri not in project.pages:
        return output
    return kbcheck.render_output(project, page.file.src_uri, output)


def on_post_build(*, config: MkDocsConfig) -> None:
    state = _state()
    counts = {s.label: sum(d.severity == s for d in state.diagnostics) for s in Severity}
    marker: dict[str, Any] = {
        "checks": "kbcheck",
        "pages": len(state.project.pages) if state.project else 0,
        "counts": counts,
    }
    site = Path(config.site_dir)
    site.mkdir(parents=True, exist_ok=True)
    (site / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


def _state() -> BuildState:
    if STATE is None:  # only if MkDocs skipped on_config, which it never does
        raise RuntimeError("kbcheck hooks used before on_config")
    return STATE
