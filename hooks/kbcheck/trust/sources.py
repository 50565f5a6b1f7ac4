"""The publications a page cites, as schema.org ``citation`` entries.

Which keys a page cites is in its rendered model, and what each bibliography
record holds is the citations module's knowledge;
this module only converts the CSL-JSON records.
"""

from __future__ import annotations

from typing import Any

from ..citations.model import bibliography
from ..project import Project

# CSL item type -> schema.org type.
SCHEMA_TYPES = {
    "article-journal": "ScholarlyArticle",
    "article-newspaper": "NewsArticle",
    "article-magazine": "Article",
    "book": "Book",
    "chapter": "Chapter",
    "report": "Report",
    "webpage": "WebPage",
    "legislation": "Legislation",
    "thesis": "Thesis",
}


def cited_records(project: Project, page_path: str) -> list[dict[str, Any]]:
    """schema.org entries for the records ``page_path`` cites, in order of first citation."""
    model = project.rendered.get(page_path)
    records = bibliography(project).records
    keys = model.cited_keys if model is not None else []
    return [citation_entry(records[key].data) for key in keys if key in records]


def _person(name: dict[str, Any]) -> dict[str, Any]:
    if name.get("literal"):
        return {"@type": "Organization", "name": str(name["literal"])}
    person = {"@type": "Person", "familyName": str(name.get("family", ""))}
    if name.get("given"):
        person["givenName"] = str(name["given"])
    return person


def _date(record: dict[str, Any]) -> str | None:
    parts = (record.get("issued") or {}).get("date-parts") or [[]]
    numbers = [int(part) for part in parts[0] if str(part).isdigit()] if parts and parts[0] else []
    if not numbers:
        return None
    return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:3])])


def citation_entry(record: dict[str, Any]) -> dict[str, Any]:
    """One CSL-JSON record as a schema.org CreativeWork with identifiers as ``sameAs`` links."""
    entry: dict[str, Any] = {"@type": SCHEMA_TYPES.get(str(record.get("type")), "CreativeWork")}
    if record.get("title"):
        entry["name"] = str(record["title"])
    authors = [_person(name) for name in record.get("author", []) if isinstance(name, dict)]
    if authors:
        entry["author"] = authors
    if published := _date(record):
        entry["datePublished"] = published
    if record.get("container-title"):
        entry["isPartOf"] = {"@type": "Periodical", "name": str(record["container-title"])}
    elif record.get("publisher"):
        entry["publisher"] = {"@type": "Organization", "name": str(record["publisher"])}
    same_as = []
    if record.get("DOI"):
        same_as.append(f"https://doi.org/{record['DOI']}")
    if record.get("PMID"):
        same_as.append(f"https://pubmed.ncbi.nlm.nih.gov/{record['PMID']}/")
    if record.get("PMCID"):
        same_as.append(f"https://pmc.ncbi.nlm.nih.gov/articles/{record['PMCID']}/")
    if same_as:
        entry["sameAs"] = same_as
    if record.get("DOI"):
        entry["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": str(record["DOI"])}
    if record.get("URL") or same_as:
        entry["url"] = str(record.get("URL") or same_as[0])
    return entry
