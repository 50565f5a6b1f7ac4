"""Source checks of the citations concern: bibliography, page citations, coverage, lock."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..markdown_scan import LineIndex
from ..parsed import PageFindings, PageModel
from ..project import Page, Project
from ..yamlloc import LocatedYaml
from . import rules
from .bibliography import Bibliography
from .lock import load_lock, record_hash
from .model import bibliography, options
from .needed import uncited_figures
from .scanner import scan


def check(project: Project) -> Iterator[Diagnostic]:
    """Every citation and bibliography finding of the project (citations as the rendered pages hold them)."""
    bib = bibliography(project)
    cited_by: dict[str, list[str]] = {}
    for path, model in project.rendered.items():
        for key in model.cited_keys:
            cited_by.setdefault(key, []).append(path)
    yield from bib.problems
    if not bib.exists and cited_by:
        yield rules.UNREADABLE.at(
            bib.display, 1, 1, f"bibliography '{bib.display}' does not exist, but pages cite sources"
        )
    for page in project.pages.values():  # a page's citations were judged as it was rendered
        yield from _front_matter_citations(page)
    if bib.exists and bib.records:
        yield from _uncited_records(bib, cited_by)
        yield from _unverified_records(project, bib)


def _page_problems(model: PageModel, bib: Bibliography) -> Iterator[Diagnostic]:
    for problem in model.problems:
        if problem.kind == "citation":
            where = problem.where.position
            yield rules.MALFORMED.at(where.path, where.line, where.column, problem.message, problem.hint)
    if bib.exists:
        for use in model.citations:
            if use.key in bib.records:
                continue
            where = use.where.position
            close = bib.suggest(use.key)
            hint = f"did you mean '@{close}'?" if close else f"add the record to {bib.display} first"
            yield rules.UNKNOWN_KEY.at(where.path, where.line, where.column, f"unknown citation key '@{use.key}'", hint)


def _front_matter_citations(page: Page) -> Iterator[Diagnostic]:
    split = page.split
    if split.front_matter is None:
        return
    groups, problems = scan(split.front_matter)
    index = LineIndex(split.front_matter, split.front_matter_line)
    for offset in sorted({g.start for g in groups} | {p.offset for p in problems}):
        line, column = index.position(offset)
        yield rules.IN_FRONT_MATTER.at(
            page.display,
            line,
            column,
            "citation in the front matter is never rendered",
            "cite sources in the page text; titles and descriptions carry no citations",
        )


def check_prose(project: Project, model: PageModel, findings: PageFindings) -> None:
    """A just-rendered page's citations: malformed or unknown (KB211, KB210); on a clinical page, KB214 and KB215."""
    settings = options(project)
    page = project.pages.get(model.path)
    if page is None:
        return
    findings.diagnostics.extend(_page_problems(model, bibliography(project)))
    if project.settings.policies and page.meta.get("type") in settings["clinical_types"]:
        findings.diagnostics.extend(_clinical(page, model, settings))


def _clinical(page: Page, model: PageModel, settings: dict) -> Iterator[Diagnostic]:
    if not model.citations:
        loaded = page.front_matter
        line, column = loaded.where("type") if isinstance(loaded, LocatedYaml) else (1, 1)
        yield rules.CLINICAL_UNCITED.at(
            page.display,
            line,
            column,
            f"clinical page cites no source (type: {page.meta.get('type')})",
            "cite the sources of its statements as [@key], or change the page type",
        )
        return
    needed = settings["citation_needed"]
    skip = {kind.lower() for kind in needed["skip_admonitions"]}
    for index, offset, unit, said in uncited_figures(model.units, needed["phrases"], skip):
        written = model.units[index].text[offset : offset + len(said)].split("\n")[0]  # may wrap in the source
        where = model.locate_in_unit(index, offset, written)
        yield rules.CITATION_NEEDED.at(
            where.path,
            where.line,
            where.column,
            f"citation needed: this {unit} states '{said}' but cites no source",
            "add [@key] in the same paragraph, list item or table row (or in the paragraph introducing the list)",
        )


def _uncited_records(bib: Bibliography, cited_by: dict[str, list[str]]) -> Iterator[Diagnostic]:
    for key, record in bib.records.items():
        if key not in cited_by:
            line, column = record.where("id")
            yield rules.UNCITED_RECORD.at(
                bib.display, line, column, f"no page cites '{key}'", "cite it, or remove the record"
            )


def _unverified_records(project: Project, bib: Bibliography) -> Iterator[Diagnostic]:
    lock = load_lock((project.config.root / options(project)["lock"]).resolve())
    if lock.error:
        yield rules.UNVERIFIED.at(lock.display, 1, 1, lock.error, "run 'make verify-refs' to write it again")
        return
    if not lock.exists:
        yield rules.UNVERIFIED.at(
            bib.display,
            1,
            1,
            f"none of the {len(bib.records)} records has been verified: no lock file '{lock.display}'",
            "run 'make verify-refs' (needs internet) and commit the lock file",
        )
        return
    for key, record in bib.records.items():
        entry = lock.entries.get(key)
        line, column = record.where("id")
        if entry is None:
            yield rules.UNVERIFIED.at(
                bib.display, line, column, f"'{key}' has not been verified", "run 'make verify-refs'"
            )
        elif entry.get("hash") != record_hash(record.data):
            when = entry.get("verified", "an earlier run")
            yield rules.UNVERIFIED.at(
                bib.display,
                line,
                column,
                f"'{key}' changed since it was verified ({when})",
                "run 'make verify-refs' to verify the new version",
            )
