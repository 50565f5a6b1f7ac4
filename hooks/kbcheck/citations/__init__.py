"""Citations: ``[@key]`` in pages, a CSL-JSON bibliography, AMA rendering, checks.

- :func:`check` reports bibliography, citation, coverage and lock-file problems (KB2xx);
- rendering (superscripts, reference lists) is done by the Markdown extension,
  :mod:`kbcheck.mdext.citations`, with the entries of :mod:`.render`.

Verification against Crossref and PubMed lives in :mod:`kbcheck.verify` (network).
"""

from __future__ import annotations

from .checks import check, check_prose

__all__ = ["check", "check_prose"]
