"""The knowledge base's Python-Markdown extension: the one reader of the site's Markdown.

Listed under ``markdown_extensions`` in ``mkdocs.yml`` (after the other
extensions), it runs under every engine that runs Python-Markdown: MkDocs,
ProperDocs and Zensical. For each page it

- fills the generated pages (glossary, FAQ, bibliography) from the data files;
- turns ``[@key]`` citations into numbered superscripts with a reference list;
- marks the first mention of each glossary term with a link and its definition;
- puts the page's summary and review status under its title (site policy);
- gives external links ``rel="noopener noreferrer"`` (raw HTML ones too);
- reads the links, anchors, headings and citations of the finished element
  tree into a :class:`~kbcheck.parsed.PageModel` for the checks.

Processor priorities (Python-Markdown runs higher first):

=========================  ======  ===========================================
processor                  prio    why there
=========================  ======  ===========================================
kb-source-start            40      before snippets (32): the page as written
kb-generated               36      before snippets, so generated text may include
kb-source-expanded         31      after snippets, before whitespace normalising
kb-citation (inline)       124     after code spans (190), escapes (180), links,
                                   images and references (160-125), so image
                                   alt text keeps its brackets as written
kb-glossary (tree)         18      after inline (20), before attr_list (8), toc (5)
kb-page-intro (tree)       17      summary and review status under the title
kb-citations (tree)        6       numbers and the References list: before toc
                                   (5) and MkDocs' anchor list (5), which see it
kb-citation-links (tree)   4.5     superscripts: after toc, so heading ids and
                                   the contents never include citation numbers
kb-external-links (tree)   2       tree links and raw HTML blocks, after toc
kb-collect (tree)          1       after everything but MkDocs' link rewriting (0)
=========================  ======  ===========================================
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..parsed import PageModel
from ..trust.external_links import REL_TOKENS, is_external, secure_external_links
from .citations import CITATION, CitationFill, CitationInline, CitationTree
from .collect import Collector
from .glossary import GlossaryTree
from .intro import PageIntro
from .session import SESSIONS, Session
from .source import GeneratedPages, SourceExpanded, SourceStart, engine_config_file
from .state import DocumentState

MARKER_CLASS = "kb-rendered"


class ExternalLinks(Treeprocessor):
    """External links, raw HTML ones included, open without giving the other site a handle on ours."""

    def __init__(self, md: Markdown, state: DocumentState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        project = self.state.project
        site_url = project.config.site_url if project else None
        site_host = urlsplit(site_url).hostname if site_url else None
        for link in root.iter("a"):
            href = link.get("href")
            if href is not None and is_external(href, site_host):
                tokens = (link.get("rel") or "").split()
                link.set("rel", " ".join(dict.fromkeys([*tokens, *REL_TOKENS])))
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if index not in self.state.generated_html and isinstance(block, str) and "://" in block:
                stash[index] = secure_external_links(block, site_url)


class Marker(Treeprocessor):
    """An empty element that proves the extension ran (the post-build check looks for it)."""

    def run(self, root: etree.Element) -> None:
        root.append(etree.Element("span", {"class": MARKER_CLASS, "hidden": ""}))


class KnowledgeBaseExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "config_file": ["mkdocs.yml", "the mkdocs.yml whose extra.kb settings and data files apply"],
            "page": ["", "docs-relative path of the page (engines that say which page they render need not)"],
        }
        super().__init__(**kwargs)
        self.state = DocumentState()
        self.session: Session | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        state = self.state
        page = str(self.getConfig("page") or "") or None
        md.preprocessors.register(SourceStart(md, state, self._session, page), "kb-source-start", 40)
        md.preprocessors.register(GeneratedPages(md, state), "kb-generated", 36)
        md.preprocessors.register(SourceExpanded(md, state), "kb-source-expanded", 31)
        md.inlinePatterns.register(CitationInline(md, state), "kb-citation", 124)
        md.treeprocessors.register(CitationTree(md, state), "kb-citations", 6)
        md.treeprocessors.register(CitationFill(md, state), "kb-citation-links", 4.5)
        md.treeprocessors.register(GlossaryTree(md, state), "kb-glossary", 18)
        md.treeprocessors.register(PageIntro(md, state), "kb-page-intro", 17)
        md.treeprocessors.register(ExternalLinks(md, state), "kb-external-links", 2)
        md.treeprocessors.register(Collector(md, state, self._store), "kb-collect", 1)
        md.treeprocessors.register(Marker(md), "kb-marker", 0.5)

    def reset(self) -> None:
        self.state.__init__()  # type: ignore[misc]

    def _session(self, md: Markdown) -> Session | None:
        self.state.__init__()  # type: ignore[misc]  # a new document
        self.session = SESSIONS.for_config(engine_config_file(md, self.getConfig("config_file")))
        return self.session

    def _store(self, model: PageModel) -> None:
        if self.session is not None and self.state.page_path is not None:
            self.session.add(model)


def makeExtension(**kwargs: Any) -> KnowledgeBaseExtension:
    return KnowledgeBaseExtension(**kwargs)


__all__ = ["CITATION", "MARKER_CLASS", "KnowledgeBaseExtension", "makeExtension"]
