"""Lists that need the whole site rendered: where each glossary term is used, where each source is cited.

The generated glossary and bibliography pages hold one empty placeholder per
term or record. A page is rendered before the pages it would list, so the lists
are filled in the finished-page pass (by the MkDocs hooks, or ``kbcheck finish``
after another engine), from the rendered pages' models: the terms the glossary
explained on each page, and the sources each page cites. No second reading of
the sources is needed, and the lists show exactly what the pages show.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .pagelinks import page_href, page_title
from .project import Project

MARK = "kb-backlist"
# The placeholder as any engine may write it back (md_in_html sorts the attributes, for one).
PLACEHOLDER = re.compile(r'<div\s[^<>]*class="kb-backlist"[^<>]*>\s*</div>')


class _Attributes(HTMLParser):
    """The attributes of one start tag, read as a browser would."""

    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values = {name: value or "" for name, value in attrs}


def placeholder(kind: str, identifier: str, *, anchor: str = "", skip: str = "") -> str:
    """An empty element the finished-page pass replaces with a list of pages.

    ``kind`` is "used-on" (pages that explain glossary term ``identifier``) or
    "cited-on" (pages citing record ``identifier``, linked at ``#anchor``);
    ``skip`` is a page left out of the list.
    """
    values = [html.escape(value, quote=True) for value in (kind, identifier, anchor, skip)]
    return (
        f'<div class="{MARK}" data-kb-list="{values[0]}" data-kb-id="{values[1]}"'
        f' data-kb-anchor="{values[2]}" data-kb-except="{values[3]}"></div>'
    )


@dataclass(frozen=True)
class SiteIndex:
    """Term id -> pages that explain it; record key -> pages that cite it (each in page order)."""

    used_on: dict[str, list[str]]
    cited_on: dict[str, list[str]]


def site_index(project: Project) -> SiteIndex:
    def build(p: Project) -> SiteIndex:
        used: dict[str, list[str]] = {}
        cited: dict[str, list[str]] = {}
        for path in p.pages:
            model = p.rendered.get(path)
            if model is None:
                continue
            for term in dict.fromkeys(model.terms):
                used.setdefault(term, []).append(path)
            for key in model.cited_keys:
                cited.setdefault(key, []).append(path)
        return SiteIndex(used, cited)

    return project.derive("backlists.index", build)


def fill(project: Project, page_path: str, document: str) -> str:
    """``document`` with its placeholders replaced by the lists (nothing where no page qualifies)."""
    if MARK not in document:
        return document
    index = site_index(project)

    def link(target: str, anchor: str) -> str:
        href = page_href(project, page_path, target) + (f"#{anchor}" if anchor else "")
        return f'<a href="{html.escape(href, quote=True)}">{html.escape(page_title(project, target))}</a>'

    def replace(found: re.Match[str]) -> str:
        values = _Attributes(found.group()).values
        kind, identifier = values.get("data-kb-list"), values.get("data-kb-id", "")
        anchor, skip = values.get("data-kb-anchor", ""), values.get("data-kb-except", "")
        listed = index.used_on if kind == "used-on" else index.cited_on
        pages = [path for path in listed.get(identifier, []) if path not in (page_path, skip)]
        if not pages:
            return ""
        links = ", ".join(link(path, anchor) for path in pages)
        if kind == "used-on":
            return f'<p class="kb-used-on"><strong>Used on:</strong> {links}</p>'
        count = f"{len(pages)} page" + ("" if len(pages) == 1 else "s")
        return f'<details class="kb-cited-by"><summary>Where it is cited ({count})</summary>Cited on: {links}</details>'

    return PLACEHOLDER.sub(replace, document)
