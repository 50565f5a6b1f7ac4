"""schema.org JSON-LD for each page: a MedicalWebPage with its provenance and sources.

Search engines and assistants read this to learn who is responsible for a page,
when it was last reviewed and which publications it relies on. The data comes
only from the front matter, mkdocs.yml and the bibliography, never invented.
"""

from __future__ import annotations

import json
from fnmatch import fnmatch
from typing import Any

from ..project import Project
from .page_foot import page_title
from .review import Review
from .sources import cited_records

# Front-matter audience -> schema.org audience.
AUDIENCES = {
    "patient": [{"@type": "MedicalAudience", "audienceType": "Patient"}],
    "clinician": [{"@type": "MedicalAudience", "audienceType": "Clinician"}],
    "all": [
        {"@type": "MedicalAudience", "audienceType": "Patient"},
        {"@type": "MedicalAudience", "audienceType": "Clinician"},
    ],
}


def _config_value(project: Project, key: str) -> Any:
    source = project.config.source
    return source.data.get(key) if source is not None and isinstance(source.data, dict) else None


def about_of(project: Project, page_path: str, options: dict[str, Any]) -> dict[str, Any] | list[dict[str, Any]]:
    """The page's subjects: one per ``about`` rule whose glob matches, else the page itself."""
    subjects: list[dict[str, Any]] = []
    for entry in options["about"]:
        if fnmatch(page_path, entry["pages"]):
            subject = {"@type": entry["type"], "name": entry.get("name") or page_title(project, page_path)}
            if subject not in subjects:
                subjects.append(subject)
    if not subjects:
        return {"@type": "Thing", "name": page_title(project, page_path)}
    return subjects[0] if len(subjects) == 1 else subjects


def medical_web_page(
    project: Project, page_path: str, review: Review | None, options: dict[str, Any]
) -> dict[str, Any]:
    """The JSON-LD object (a dict) for one page."""
    meta = project.pages[page_path].meta
    site_name = _config_value(project, "site_name") or ""
    site_url = project.config.site_url
    publisher = {"@type": "Organization", "name": options["publisher"] or site_name}
    if site_url:
        publisher["url"] = site_url
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page_title(project, page_path),
        "description": meta.get("description") if isinstance(meta.get("description"), str) else "",
        "url": project.absolute_url(page_path) or project.page_url(page_path),
        "inLanguage": options["language"],
        "author": {"@type": "Organization", "name": review.author if review else options["author"]},
        "publisher": publisher,
        "audience": AUDIENCES.get(str(meta.get("audience")), AUDIENCES["all"]),
        "about": about_of(project, page_path, options),
        "citation": cited_records(project, page_path),
    }
    if review is not None:
        data["lastReviewed"] = review.reviewed.isoformat()
        if review.reviewer:
            data["reviewedBy"] = {"@type": "Person", "name": review.reviewer}
    if site_url:
        data["isPartOf"] = {"@type": "WebSite", "name": site_name, "url": site_url}
        policy = options["editorial_policy"]
        if policy and policy in project.pages:
            data["publishingPrinciples"] = project.absolute_url(policy)
    if options["license"]:
        data["license"] = options["license"]
    return data


def script_tag(data: dict[str, Any]) -> str:
    """``data`` as a JSON-LD script element; ``<`` escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def insert_in_head(output: str, element: str) -> str:
    """Put ``element`` just before ``</head>`` (unchanged when the document has no head)."""
    end = output.find("</head>")
    return output if end < 0 else output[:end] + element + "\n" + output[end:]
