"""Which pages get glossary marks, where a term's entry is, and the terms a page's text mentions.

The marking itself (one link with the definition as its title, at each term's
first use on a page) is done on the rendered tree by :mod:`kbcheck.mdext.glossary`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from fnmatch import fnmatch

from ..project import Project
from .matcher import Match, Matcher
from .model import Glossary, load_glossary
from .regions import prose_mask
from .text import plain_text


@dataclass(frozen=True)
class PageTerms:
    """What the glossary does on one page: the linked first mentions and all forms used."""

    links: list[Match]
    forms: dict[str, str]  # exact text used on the page -> tooltip text


def matcher(project: Project) -> Matcher:
    """The matcher for the project's glossary (built once per build)."""
    return project.derive("glossary.matcher", lambda p: Matcher(load_glossary(p).terms))


def applies_to(glossary: Glossary, page_path: str) -> bool:
    """Whether a page gets links and tooltips (never the glossary page itself)."""
    if page_path == glossary.page or not glossary.in_use:
        return False
    return not any(fnmatch(page_path, pattern) for pattern in glossary.options["exclude"])


def page_terms(project: Project, markdown: str) -> PageTerms:
    """Find the terms of one page's Markdown: first mentions and the forms used."""
    found = matcher(project).find(markdown, prose_mask(markdown))
    first: dict[str, Match] = {}
    forms: dict[str, str] = {}
    for match in found:
        first.setdefault(match.term.id, match)
        surface = re.sub(r"\s+", " ", match.text)
        forms.setdefault(surface, plain_text(match.term.definition))
    return PageTerms(sorted(first.values(), key=lambda m: m.start), forms)


def glossary_link(glossary: Glossary, page_path: str, term_id: str) -> str:
    """Relative link from a page to a term's entry."""
    target = posixpath.relpath(glossary.page, posixpath.dirname(page_path) or ".")
    return f"{target}#{term_id}"
