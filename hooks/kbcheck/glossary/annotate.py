"""Glossary links and tooltips on every page.

At the Markdown stage, the first prose mention of each term on a page becomes
a link to the term's entry on the glossary page, and an abbreviation
definition (``*[NMDA receptors]: ...``) is appended for every form of a term
the page uses. Python-Markdown's ``abbr`` extension then marks those words and
Material's ``content.tooltips`` shows the definition on hover or focus.

``abbr`` matches exact text with ``\\b`` boundaries, which is looser than our
whole-word rule (it marks GAD in "GAD-7"); at the HTML stage such marks are
removed again, so tooltips and links follow the same rules.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from fnmatch import fnmatch

from ..project import Project
from .matcher import Match, Matcher
from .model import Glossary, load_glossary
from .regions import prose_mask
from .text import plain_text

# A link whose whole text abbr marked: the link's own title is the tooltip (shown on hover and focus).
ABBR_AS_LINK_TEXT = re.compile(r'(<a [^>]*\btitle="[^"]*"[^>]*>)<abbr title="[^"]*">([^<]*)</abbr>(</a>)')
# <abbr> that abbr put inside a longer word: before "-<digit>" or after a hyphen.
ABBR_IN_LONGER_WORD = re.compile(
    r'(?<=[-\u2011])<abbr title="[^"]*">([^<]*)</abbr>|<abbr title="[^"]*">([^<]*)</abbr>(?=-\d)'
)


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


def render_markdown(project: Project, page_path: str, markdown: str) -> str:
    """Link first mentions and append abbreviation definitions for the page's terms."""
    glossary = load_glossary(project)
    if not glossary.terms or not applies_to(glossary, page_path):
        return markdown
    terms = page_terms(project, markdown)
    out = markdown
    if glossary.options["link_first_mention"]:
        for match in reversed(terms.links):
            link = glossary_link(glossary, page_path, match.term.id)
            title = html.escape(plain_text(match.term.definition), quote=True)
            out = f'{out[: match.start]}[{match.text}]({link} "{title}"){out[match.end :]}'
    if glossary.options["tooltips"] and terms.forms:
        definitions = "\n".join(f"*[{form}]: {title}" for form, title in terms.forms.items() if title)
        out = out.rstrip("\n") + "\n\n" + definitions + "\n"
    return out


def render_content(project: Project, page_path: str, html: str) -> str:
    """Remove abbreviation marks inside longer words ("GAD-7") and inside titled glossary links."""
    if "<abbr" not in html:
        return html
    html = ABBR_AS_LINK_TEXT.sub(r"\1\2\3", html)
    return ABBR_IN_LONGER_WORD.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), html)
