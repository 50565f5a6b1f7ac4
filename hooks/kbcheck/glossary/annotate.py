"""Which pages get glossary marks, and where a term's entry is.

The marking itself (one link with the definition as its title, at each term's
first use on a page) is done on the rendered tree by :mod:`kbcheck.mdext.glossary`.
"""

from __future__ import annotations

import posixpath
from fnmatch import fnmatch

from ..project import Project
from .matcher import Matcher
from .model import Glossary, load_glossary


def matcher(project: Project) -> Matcher:
    """The matcher for the project's glossary (built once per build)."""
    return project.derive("glossary.matcher", lambda p: Matcher(load_glossary(p).terms))


def applies_to(glossary: Glossary, page_path: str) -> bool:
    """Whether a page gets links and tooltips (never the glossary page itself)."""
    if page_path == glossary.page or not glossary.in_use:
        return False
    return not any(fnmatch(page_path, pattern) for pattern in glossary.options["exclude"])


def glossary_link(glossary: Glossary, page_path: str, term_id: str) -> str:
    """Relative link from a page to a term's entry."""
    target = posixpath.relpath(glossary.page, posixpath.dirname(page_path) or ".")
    return f"{target}#{term_id}"
