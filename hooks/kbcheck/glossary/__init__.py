"""Glossary and FAQ: one data file per concern, generated pages, links and tooltips.

Public API (the render chain, the checks and the link checker use these):

- :mod:`.page` and :mod:`kbcheck.faq`: the generated glossary and FAQ pages,
  filled by the Markdown extension before snippets, so their Markdown is cited
  and linked like a written page; term links and tooltips come from
  :mod:`kbcheck.mdext.glossary`;
- :func:`check`: KB4xx diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..parsed import PageFindings, PageModel
from ..project import Project
from . import lint, slips
from .checks import check_glossary
from .lint import check_abbreviations
from .model import Glossary, Term, load_glossary
from .pagetext import page_text

__all__ = ["Glossary", "Term", "check", "check_prose", "load_glossary"]


def check_prose(project: Project, model: PageModel, findings: PageFindings) -> None:
    """What a just-rendered page's words say for KB408, KB409 and KB412."""
    glossary = load_glossary(project)
    if glossary.file.data is None or not glossary.in_use:
        return
    text = page_text(model)  # the page's words, read by both
    slips.check_prose(project, model.path, text, findings)
    if project.settings.policies:
        lint.check_prose(project, model.path, text, findings)


def check(project: Project) -> Iterator[Diagnostic]:
    """KB4xx: the glossary and FAQ data files, and abbreviations in pages."""
    from .. import faq  # noqa: PLC0415 - faq imports this package's helpers

    yield from check_glossary(project)
    if project.settings.policies:
        yield from check_abbreviations(project)
    yield from faq.check(project)
