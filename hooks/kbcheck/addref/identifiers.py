"""The identifier a contributor gives: a DOI, ``PMID:nnn`` or ``PMCnnn``, in the forms people paste."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)
PMID = re.compile(r"^(?:pmid:\s*|https?://pubmed\.ncbi\.nlm\.nih\.gov/)?([1-9]\d{0,8})/?$", re.I)
PMCID = re.compile(r"^(?:pmcid:\s*)?(PMC\d+)$", re.I)


@dataclass(frozen=True, slots=True)
class Identifier:
    """One identifier: ``kind`` is "DOI", "PMID" or "PMCID" (the CSL-JSON field names)."""

    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"


def parse_identifier(text: str) -> Identifier | None:
    """``10.1/x``, ``doi:10.1/x``, ``https://doi.org/10.1/x``, ``PMID:123``, ``PMC456``; None otherwise."""
    text = text.strip()
    if found := DOI.match(text):
        return Identifier("DOI", unquote(found.group(1)))
    if found := PMCID.match(text):
        return Identifier("PMCID", found.group(1).upper())
    if found := PMID.match(text):
        return Identifier("PMID", found.group(1))
    return None
