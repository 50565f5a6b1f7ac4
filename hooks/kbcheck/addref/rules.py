"""Rule codes of the commands that add sources (KB22x)."""

from __future__ import annotations

from ..diagnostics import Severity, rule

DUPLICATE = rule("KB222", "add-ref-duplicate", Severity.ERROR, "the identifier is already in the bibliography")
IMPORT_UNREADABLE = rule("KB223", "import-refs-unreadable", Severity.ERROR, "a BibTeX or RIS entry cannot be read")
IMPORT_NO_IDENTIFIER = rule(
    "KB224", "import-refs-no-identifier", Severity.WARNING, "an imported entry has no DOI or PMID to look up"
)
