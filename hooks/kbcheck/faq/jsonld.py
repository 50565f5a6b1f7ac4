"""FAQPage structured data (schema.org JSON-LD), generated from the FAQ data.

The answers' text is the visible answer without its citation markers (the
same Markdown rendered to text), so the structured data says what the page
shows. The script is inserted into the page's ``<head>`` at the output stage.
"""

from __future__ import annotations

import json
from typing import Any

from ..glossary.text import plain_text
from ..project import Project
from .model import load_faq

SCRIPT_ID = "kb-faq-jsonld"


def faq_jsonld(project: Project) -> dict[str, Any]:
    """The FAQPage object for every question with a non-empty answer."""
    faq = load_faq(project)
    entities = [
        {
            "@type": "Question",
            "name": question.question,
            "acceptedAnswer": {"@type": "Answer", "text": plain_text(question.answer)},
        }
        for question in faq.questions
        if plain_text(question.answer)
    ]
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities}
    url = project.absolute_url(faq.page)
    if url:
        data["url"] = url
    return data


def script_tag(data: dict[str, Any]) -> str:
    """A <script> element that no text inside the JSON can close early."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json" id="{SCRIPT_ID}">{text}</script>'


def render_output(project: Project, page_path: str, html: str) -> str:
    """Add the FAQPage JSON-LD to the FAQ page's <head>."""
    faq = load_faq(project)
    if page_path != faq.page or not faq.questions or SCRIPT_ID in html:
        return html
    tag = script_tag(faq_jsonld(project))
    head_end = html.find("</head>")
    return html[:head_end] + tag + "\n" + html[head_end:] if head_end >= 0 else tag + html
