"""What a page's own checks found, reused between builds in one process (``mkdocs serve``).

A rebuild renders every page again, as MkDocs does; a page whose inputs are
unchanged gets the findings of its last build instead of being judged again.
The key covers everything those checks read: the page's file (front matter and
body), its text with snippets included and generated content expanded (from
its source map), ``mkdocs.yml`` (where it is, and its text) and the loaded data
they use (settings, bibliography, glossary, figures ledger). A page without a source map (rendered
outside a session) is always judged afresh.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .citations.model import bibliography
from .figures import load_ledger
from .glossary.model import load_glossary
from .parsed import PageFindings, PageModel, ReleasableLocator
from .project import Project

_LIMIT = 8192  # pages; the oldest go first
_FOUND: dict[bytes, PageFindings] = {}


def key(project: Project, model: PageModel) -> bytes | None:
    """The digest of everything the page's own checks read, or None when it cannot be known."""
    source = model.locator.source_digest() if isinstance(model.locator, ReleasableLocator) else None
    return key_for(project, model.path, source)


def key_for(project: Project, path: str, source: bytes | None) -> bytes | None:
    """The digest of page ``path`` rendered from ``source`` (its source map's digest) with the
    project's configuration and data files, or None when it cannot be known.

    Equal keys mean the same page text rendered the same way: what is worked out from the
    render alone can be reused (the findings here; the glossary marks, :mod:`kbcheck.mdext.markcache`).
    """
    page = project.pages.get(path)
    inputs = _inputs(project)
    if page is None or source is None or inputs is None:
        return None
    digest = hashlib.blake2b(path.encode("utf-8", "surrogatepass"), digest_size=20)
    for part in (page.digest, source, inputs):
        digest.update(part)
    return digest.digest()


def found(key: bytes) -> PageFindings | None:
    return _FOUND.get(key)


def keep(key: bytes, findings: PageFindings) -> None:
    if len(_FOUND) >= _LIMIT:
        del _FOUND[next(iter(_FOUND))]
    _FOUND[key] = findings


def forget() -> None:
    """Judge every page afresh from now on."""
    _FOUND.clear()


def _inputs(project: Project) -> bytes | None:
    """What every page's checks read besides the page, digested once per build."""

    def compute(project: Project) -> bytes | None:
        try:
            config = project.config.path.read_bytes()
        except OSError:
            return None
        bib = bibliography(project)
        glossary = load_glossary(project)
        loaded = (
            # Findings name files as shown from the project's folder (or from where the command
            # runs, for a file outside it): the same text elsewhere is not the same finding.
            str(project.config.path.resolve()),
            str(Path.cwd()),
            project.settings.values,
            bib.exists,
            bib.records,
            load_ledger(project).data,
            glossary.file.data,
            glossary.in_use,
            glossary.options,
        )
        digest = hashlib.blake2b(config, digest_size=20)
        digest.update(repr(loaded).encode("utf-8", "surrogatepass"))
        return digest.digest()

    return project.derive("pagecache.inputs", compute)
