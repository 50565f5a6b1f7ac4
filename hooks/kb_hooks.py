"""MkDocs hooks: a thin adapter from MkDocs events to the kbcheck core.

The page content is rendered by our Python-Markdown extension
(``kbcheck.mdext``, listed under ``markdown_extensions``), which works under
any engine. These hooks only add what MkDocs can give beyond that: the checks'
messages on MkDocs' log (so ``--strict`` counts them), the finished-page pass
(page foot, JSON-LD) and the marker file that proves the checks ran.

MkDocs imports a hook module once per process and never reloads it, even on
``mkdocs serve`` rebuilds, so all per-build state lives in ``STATE`` and is
replaced in ``on_config``; ``PROCESS`` holds the one thing said at startup.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The hooks/ folder is on sys.path only while this module is imported, so the
# core must be imported here, at the top, not lazily inside a handler.
import kbcheck
from kbcheck.cli import MARKER
from kbcheck.diagnostics import Diagnostic, Severity
from kbcheck.engine import (
    extension_listed,
    install_validation_filter,
    missing_extension,
    refused_sources,
)
from kbcheck.mdext.session import SESSIONS, Session
from kbcheck.report import by_severity

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

    session: Session | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


STATE = BuildState()


@dataclass
class ProcessState:
    """What holds for every build of this process (MkDocs says it once, at startup)."""

    serving: bool = False  # `mkdocs serve`: more builds will follow, so unchanged pages reuse work


PROCESS = ProcessState()


def on_startup(*, command: str, dirty: bool) -> None:
    PROCESS.serving = command == "serve"


def on_config(config: MkDocsConfig) -> None:
    global STATE
    STATE = BuildState()
    project_config, problems = kbcheck.load_project_config(config.config_file_path, docs_dir=config.docs_dir)
    project_config.site_url = config.site_url or project_config.site_url
    # Each page's prose is checked as soon as it is rendered, then let go (run_checks judges the rest).
    STATE.session = SESSIONS.start(
        kbcheck.load_project(project_config, problems),
        on_page=kbcheck.take_findings,
        reuse_between_builds=PROCESS.serving,
    )
    if not extension_listed(config.markdown_extensions):
        _log([missing_extension(STATE.session.project)])
    install_validation_filter(_judged_links)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    # MkDocs reads sources only after this event: drop what our listing refused (KB005/7/8).
    session = STATE.session
    if session is None:
        return files
    docs = Path(config.docs_dir)
    from_docs = [f.src_uri for f in files if f.abs_src_path and Path(f.abs_src_path).is_relative_to(docs)]
    for uri in refused_sources(session.project, from_docs):
        files.remove(files.get_file_from_path(uri))
    return files


def on_env(env: Any, *, config: MkDocsConfig, files: Any) -> Any:
    # Every page has been rendered by now (and read by our extension): check them all.
    session = STATE.session
    if session is not None:
        session.project.rendered = dict(session.models)
        STATE.diagnostics = kbcheck.run_checks(session.project)
        kbcheck.release_check_detail(session.project)  # MkDocs holds every page until it is written
        _log(STATE.diagnostics)
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    session = STATE.session
    if session is None or page.file.src_uri not in session.project.pages:
        return output
    return kbcheck.render_output(session.project, page.file.src_uri, output)


def on_post_build(*, config: MkDocsConfig) -> None:
    counts = {s.label: sum(d.severity == s for d in STATE.diagnostics) for s in Severity}
    pages = len(STATE.session.project.pages) if STATE.session else 0
    marker: dict[str, Any] = {"checks": "kbcheck", "pages": pages, "counts": counts}
    site = Path(config.site_dir)
    site.mkdir(parents=True, exist_ok=True)
    (site / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


def _judged_links(page: str, link: str) -> bool:
    # MkDocs validates a page's links right after our extension read them, so the models suffice.
    session = STATE.session
    return session is not None and session.judges(page, link)


def _log(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in by_severity(diagnostics):  # errors first, as every command prints them
        log.log(_LOG_LEVEL[diagnostic.severity], "%s", diagnostic.format())
