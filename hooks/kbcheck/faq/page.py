"""The generated FAQ page: grouped, collapsible questions with their own anchors.

The FAQ page's source holds an introduction and the marker line
``<!-- kb:faq -->``, replaced at the Markdown stage (first in the render chain,
so answers are cited, linked and glossary-annotated like a written page).

Each question is a collapsed ``??? question`` block (pymdownx.details). Its
summary holds an ``<h3>`` with the question's id, which gives each question:
an anchor that links can target (and that MkDocs' anchor validation sees in
the raw HTML), its own section in the site search index (Material splits
sections at headings with ids), and an open state when linked
(``docs/javascripts/faq.js`` opens the ``<details>`` around the target).
"""

from __future__ import annotations

import html
import re
import textwrap

from ..glossary.text import escape_markdown
from ..pagelinks import page_link
from ..project import Project
from .model import MARKER, Faq, Question, load_faq

LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]")


def unwrap(markdown: str) -> str:
    """Join the wrapped lines of each plain paragraph, so no line break sits before a citation."""
    paragraphs = re.split(r"\n[ \t]*\n", markdown.strip())
    joined = [p if any(LIST_ITEM.match(line) for line in p.splitlines()) else " ".join(p.split()) for p in paragraphs]
    return "\n\n".join(joined)


def question_markdown(project: Project, faq: Faq, question: Question) -> str:
    """One collapsible question: the summary heading, the answer, then where to read more."""
    title = escape_markdown(question.question)
    summary = f'<h3 id="{html.escape(question.id)}" class="kb-faq-question">{title}</h3>'
    more = [
        page_link(project, faq.page, target) for target in question.more if target.partition("#")[0] in project.pages
    ]
    body = unwrap(question.answer)
    if more:
        body += "\n\n**Read more:** " + ", ".join(more)
    return f'??? question "{summary}"\n\n' + textwrap.indent(body.strip() + "\n", "    ")


def faq_markdown(project: Project) -> str:
    """Every group as a section with its questions."""
    faq = load_faq(project)
    parts = []
    for group in faq.groups:
        anchor = f" {{#{group.id}}}" if group.id else ""
        parts.append(f"## {escape_markdown(group.title)}{anchor}\n")
        parts.extend(question_markdown(project, faq, question) for question in group.questions)
    return "\n".join(parts)


def render_markdown(project: Project, page_path: str, markdown: str) -> str:
    """On the FAQ page, replace the marker with the generated questions."""
    faq = load_faq(project)
    if page_path != faq.page or not MARKER.search(markdown):
        return markdown
    generated = faq_markdown(project)
    return MARKER.sub(lambda _: generated, markdown, count=1)


def page_anchors(project: Project, page_path: str) -> set[str]:
    """Ids the FAQ page gets from the data: one per question and one per group."""
    faq = load_faq(project)
    if page_path != faq.page:
        return set()
    return {q.id for q in faq.questions if q.id} | {g.id for g in faq.groups if g.id}
