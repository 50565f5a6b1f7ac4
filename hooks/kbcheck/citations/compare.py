"""Compare a bibliography record with what Crossref or PubMed says about its DOI or PMID.

Titles are compared after normalisation (case, accents, markup, punctuation) with
a fuzzy ratio, because services differ in capitalisation, subtitles and final
full stops. Years accept any of the dates a service gives (print or online),
since journals often publish online in the year before the issue.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from typing import Any

_TAGS = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Crossref update types that mean "do not rely on this work".
RETRACTION_TYPES = {"retraction", "partial_retraction", "withdrawal", "removal"}


def normalise(text: str) -> str:
    """Lower-case ASCII words: markup, accents, punctuation and 'the'/'&' differences removed."""
    text = html.unescape(_TAGS.sub(" ", text or ""))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.casefold().replace("&", " and ")
    words = [word for word in _NON_WORD.sub(" ", text).split() if word != "the"]
    return " ".join(words)


def similar(a: str, b: str, threshold: float) -> bool:
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return False
    return left == right or difflib.SequenceMatcher(None, left, right).ratio() >= threshold


def record_first_family(record: dict[str, Any]) -> str | None:
    """The first author's family name; None for organisations (nothing to compare)."""
    authors = record.get("author")
    if not isinstance(authors, list) or not authors or not isinstance(authors[0], dict):
        return None
    return authors[0].get("family")


def compare(record: dict[str, Any], found: dict[str, Any], threshold: float) -> list[tuple[str, str]]:
    """(field, message) for every disagreement between ``record`` and a service's ``found`` summary.

    ``found`` has ``titles`` (list), ``family`` (str | None), ``years`` (set of int),
    ``journals`` (list) and, from PubMed, ``abbreviation`` (the NLM journal abbreviation),
    built by the service adapters in :mod:`kbcheck.citations.verification`.
    """
    problems: list[tuple[str, str]] = []
    title = str(record.get("title", ""))
    if found["titles"] and not any(similar(title, candidate, threshold) for candidate in found["titles"]):
        problems.append(("title", f"title differs: the service has '{found['titles'][0][:120]}'"))
    family = record_first_family(record)
    if family and found.get("family") and normalise(family) != normalise(found["family"]):
        problems.append(("author", f"first author '{family}' differs: the service has '{found['family']}'"))
    try:
        year = int(record["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        year = None
    if year and found["years"] and year not in found["years"]:
        shown = ", ".join(str(y) for y in sorted(found["years"]))
        problems.append(("issued", f"year {year} differs: the service has {shown}"))
    journal = record.get("container-title")
    if (
        isinstance(journal, str)
        and record.get("type") == "article-journal"
        and found["journals"]
        and not any(_same_journal(journal, candidate) for candidate in found["journals"])
    ):
        problems.append(("container-title", f"journal '{journal}' differs: the service has '{found['journals'][0]}'"))
    short = record.get("container-title-short")
    abbreviation = found.get("abbreviation")  # PubMed's NLM abbreviation; Crossref's short titles vary
    if isinstance(short, str) and abbreviation and normalise(short) != normalise(abbreviation):
        message = f"journal abbreviation '{short}' differs: PubMed has '{abbreviation}'"
        problems.append(("container-title-short", message))
    return problems


def _same_journal(ours: str, theirs: str) -> bool:
    left, right = normalise(ours), normalise(theirs)
    return bool(left and right) and (left == right or similar(ours, theirs, 0.85) or left in right or right in left)
