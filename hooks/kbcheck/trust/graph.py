"""Backlinks and related pages, computed from the real links between pages.

Backlinks are the pages whose text links to a page. Related pages are the
pages that share the most link neighbours with it (pages both link to, or that
link to both), each shared neighbour weighted by 1/log(1 + its degree) so that
hubs such as the home page or the glossary count for little (the Adamic-Adar
index). A page's own backlinks are not repeated among its related pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import links
from ..project import Project


@dataclass(frozen=True, slots=True)
class PageGraph:
    """For each page: the pages linking to it and the pages related to it, best first."""

    backlinks: dict[str, list[str]]
    related: dict[str, list[str]]


def build_graph(project: Project, related_max: int = 5) -> PageGraph:
    """The link graph of ``project`` (links to missing pages and self-links ignored)."""
    outgoing = {
        page: [target for target in dict.fromkeys(targets) if target != page and target in project.pages]
        for page, targets in links.page_links(project).items()
        if page in project.pages
    }
    incoming: dict[str, list[str]] = {page: [] for page in project.pages}
    for source, targets in outgoing.items():
        for target in targets:
            incoming[target].append(source)
    neighbours = {page: set(outgoing.get(page, [])) | set(incoming[page]) for page in project.pages}
    order = {page: index for index, page in enumerate(project.pages)}

    def related_to(page: str) -> list[str]:
        scores: dict[str, float] = {}
        for shared in neighbours[page]:
            weight = 1 / math.log(1 + len(neighbours[shared])) if len(neighbours[shared]) > 1 else 0.0
            for other in neighbours[shared]:
                scores[other] = scores.get(other, 0.0) + weight
        for target in outgoing.get(page, []):
            scores[target] = scores.get(target, 0.0) + 1.0
        excluded = {page, *incoming[page]}
        ranked = sorted(
            (other for other, score in scores.items() if score > 0 and other not in excluded),
            key=lambda other: (-scores[other], order[other]),
        )
        return ranked[:related_max]

    backlinks = {page: sorted(incoming[page], key=lambda source: order[source]) for page in project.pages}
    return PageGraph(backlinks, {page: related_to(page) for page in project.pages})
