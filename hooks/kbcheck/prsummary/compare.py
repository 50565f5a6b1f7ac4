"""What a pull request changes, page by page: citations, records, external links, readability, review dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import figures as ledger
from ..citations.lock import load_lock, record_hash
from ..citations.model import bibliography, options
from ..diagnostics import Diagnostic
from ..parse import render_all
from ..project import Project


@dataclass
class Record:
    key: str
    title: str
    evidence: str
    state: str  # how the lock file knows it


@dataclass
class Changes:
    citations: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)  # page -> (added, removed)
    records: list[Record] = field(default_factory=list)
    removed_records: list[str] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (page, url, status)
    readability: list[tuple[str, Any, Any]] = field(default_factory=list)  # (page, before, now)
    reviews: list[tuple[str, str, str]] = field(default_factory=list)  # (page, before, now)
    figures: list[Diagnostic] = field(default_factory=list)  # figures-ledger findings on changed pages


def _cited(project: Project) -> dict[str, list[str]]:
    """Page -> keys it cites, in first-cited order, as the rendered page holds them."""
    if not project.rendered and project.pages:
        render_all(project)
    return {path: model.cited_keys for path, model in project.rendered.items()}


def _citations(base: Project, head: Project) -> dict[str, tuple[list[str], list[str]]]:
    before, now = _cited(base), _cited(head)
    found = {}
    for path in sorted(set(before) | set(now)):
        old = before.get(path, [])
        new = now.get(path, [])
        added, removed = [k for k in new if k not in old], [k for k in old if k not in new]
        if added or removed:
            display = head.pages[path].display if path in head.pages else base.pages[path].display
            found[display] = (added, removed)
    return found


def _lock_state(head: Project, key: str) -> str:
    lock = load_lock((head.config.root / options(head)["lock"]).resolve())
    entry = lock.entries.get(key)
    record = bibliography(head).records[key]
    if entry is None:
        return "not verified (run make verify-refs or add it with make add-ref)"
    if entry.get("hash") != record_hash(record.data):
        return "changed since it was verified"
    services = ", ".join(c.get("service", "?") for c in entry.get("checks", [])) or "no service"
    return f"verified {str(entry.get('verified', '?'))[:10]} ({services})"


def _records(base: Project, head: Project) -> tuple[list[Record], list[str]]:
    before, now = bibliography(base).records, bibliography(head).records
    added = [
        Record(key, str(r.data.get("title", "")), str(r.data.get("evidence", "")), _lock_state(head, key))
        for key, r in now.items()
        if key not in before
    ]
    return added, [key for key in before if key not in now]


def _links(base: Project, head: Project) -> list[tuple[str, str, str]]:
    from ..external.cache import LinkCache  # noqa: PLC0415 - declares the link rules on import
    from ..external.collect import collect  # noqa: PLC0415
    from ..links.settings import links_settings  # noqa: PLC0415

    settings = links_settings(head)
    old = collect(base, links_settings(base))
    cache = LinkCache(head.config.root / settings.cache, settings.cache_days)
    found = []
    for url, places in sorted(collect(head, settings).items()):
        if url in old:
            continue
        result = cache.get(url)
        status = f"{result.status.value} ({result.detail})" if result else "not checked here (the Links workflow is)"
        for page in sorted({o.path for o in places}):
            found.append((page, url, status))
    return found


def _readability(base: Project, head: Project) -> list[tuple[str, Any, Any]]:
    from ..readability import _scored  # noqa: PLC0415 - textstat loads only when asked

    before = {page.path: figures for page, figures in _scored(base)}
    found = []
    for page, figures in _scored(head):
        old = before.get(page.path)
        if old is None or (old.grade, old.words_per_sentence) != (figures.grade, figures.words_per_sentence):
            found.append((page.display, old, figures))
    return sorted(found, key=lambda item: item[0])


def _reviews(base: Project, head: Project) -> list[tuple[str, str, str]]:
    found = []
    for path, page in sorted(head.pages.items()):
        old = base.pages.get(path)
        before = str(old.meta.get("reviewed", "")) if old else ""
        now = str(page.meta.get("reviewed", ""))
        if old is not None and before != now:
            found.append((page.display, before, now))
    return found


def _figures(base: Project, head: Project) -> list[Diagnostic]:
    """The figures-ledger findings (KB431) on pages the pull request adds or changes."""
    _cited(head)  # the check reads the rendered pages
    changed = {
        page.display
        for path, page in head.pages.items()
        if path not in base.pages or base.pages[path].text != page.text
    }
    return [d for d in ledger.not_in_ledger(head) if d.path in changed]


def compare(base: Project, head: Project) -> Changes:
    records, removed = _records(base, head)
    return Changes(
        citations=_citations(base, head),
        records=records,
        removed_records=removed,
        links=_links(base, head),
        readability=_readability(base, head),
        reviews=_reviews(base, head),
        figures=_figures(base, head),
    )
