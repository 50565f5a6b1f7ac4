"""The finished-page pass: what a page needs beyond its own Markdown.

Python-Markdown and our extension (:mod:`kbcheck.mdext`) render each page's
content under any engine. What needs the whole site or the page's head (the
glossary's "Used on" and the bibliography's "Cited on" lists, the provenance
foot with backlinks and related pages, schema.org JSON-LD) is added
to the finished HTML document here: by the MkDocs hooks on each page, or, for
engines without hooks, by ``kbcheck finish SITE`` over the built site.
"""

from __future__ import annotations

from collections.abc import Callable

from . import backlists, faq, trust
from .project import Project

Finisher = Callable[[Project, str, str], str]

# The registry of concerns that finish pages, in order: what every project's generated pages need...
FINISHERS: tuple[Finisher, ...] = (backlists.fill,)
# ...and this site's policy (JSON-LD, the provenance foot), never added to a project that did not ask.
POLICY_FINISHERS: tuple[Finisher, ...] = (faq.render_output, trust.render_output)


# What each finisher reads from the rendered pages' models, derived for the whole site in one call,
# in the same two groups. Once derived, the models need not hold it (:func:`prepare_finish`).
FINISH_INPUTS: tuple[Callable[[Project], object], ...] = (backlists.site_index,)
POLICY_FINISH_INPUTS: tuple[Callable[[Project], object], ...] = (trust.finish_inputs,)


def prepare_finish(project: Project) -> None:
    """Derive now everything the finishers read from the rendered pages, for the whole site.

    An engine holds every page until it is written; after this, a page's model keeps
    only what the finishers still read from it page by page (its cited keys).
    """
    for derive in FINISH_INPUTS + (POLICY_FINISH_INPUTS if project.settings.policies else ()):
        derive(project)


def render_output(project: Project, page_path: str, html: str) -> str:
    """The finished HTML document of ``page_path`` with everything the finishers add."""
    finishers = FINISHERS + (POLICY_FINISHERS if project.settings.policies else ())
    for finish in finishers:
        html = finish(project, page_path, html)
    return html
