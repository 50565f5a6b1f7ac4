"""The generated glossary page: an A-Z list of every term, built from the data file.

The glossary page's source holds an introduction and the marker line
``<!-- kb:glossary -->``; at the Markdown stage the marker is replaced by the
entries. This runs first in the render chain, so the entries' citations and
links are rendered like any written page.

Each entry is the term's heading (with the term's id, so site search finds it
and links to it are checked) and its definition, so the page reads as a list
of definitions; the longer explanation, other names, the page that covers it
and the pages that use it (filled in once every page is rendered:
:mod:`kbcheck.backlists`) sit in a closed ``<details>`` below. (Not the
definition inside the summary: its citation links would be controls nested in
a control.) ``javascripts/glossary.js`` adds a filter box.
"""

from __future__ import annotations

from html import escape

from ..backlists import placeholder
from ..pagelinks import page_link
from ..project import Project
from .model import MARKER, Glossary, Term, load_glossary
from .text import escape_markdown

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def letter_of(term: Term) -> str:
    """The A-Z section of a term ('#' for terms that start with a digit or symbol)."""
    first = term.term[:1].upper()
    return first if first in LETTERS else "#"


def letter_id(letter: str) -> str:
    return "letter-" + (letter.lower() if letter in LETTERS else "other")


def _with_citations(text: str, keys: list[str]) -> str:
    """Cite ``keys`` at the end of a sentence, before its full stop (AMA style is applied later)."""
    if not keys:
        return text
    cited = "[" + "; ".join(f"@{key}" for key in keys) + "]"
    return f"{text[:-1]} {cited}." if text.endswith(".") else f"{text} {cited}"


def entry_markdown(project: Project, glossary: Glossary, term: Term) -> str:
    """The Markdown of one glossary entry: heading and definition, then the rest in a closed <details>."""
    lines = ['<div class="kb-term" markdown>', ""]
    lines += [f"### {escape_markdown(term.label)} {{#{term.id} .kb-term__name}}", ""]
    lines += [_with_citations(term.definition, term.citations), ""]
    more = []
    if term.explanation:
        more += [term.explanation.strip(), ""]
    if term.aliases:
        more.append("- **Also called:** " + ", ".join(escape_markdown(alias) for alias in term.aliases))
    if term.page and term.page.partition("#")[0] in project.pages:
        more.append("- **Read more:** " + page_link(project, glossary.page, term.page))
    # The pages that use the term are known once every page is rendered (see backlists).
    used_on = placeholder("used-on", term.id, skip=term.page.partition("#")[0])
    # The name is for screen readers; the chevron shows it on screen.
    summary = f'<summary><span class="kb-more__name">More about {escape(term.term)}</span></summary>'
    lines += ['<details class="kb-more" markdown>', summary, "", *more, "", used_on, "", "</details>", ""]
    return "\n".join(lines) + "\n</div>\n"


def glossary_markdown(project: Project) -> str:
    """The A-Z list of every term, with a jump bar of letters."""
    glossary = load_glossary(project)
    by_letter: dict[str, list[Term]] = {}
    for term in sorted(glossary.terms, key=lambda t: t.sort_key):
        by_letter.setdefault(letter_of(term), []).append(term)
    order = [letter for letter in ["#", *LETTERS] if letter in by_letter]
    bar = " ".join(f"[{escape_markdown(letter)}](#{letter_id(letter)})" for letter in order)
    parts = [bar, "{: .kb-az }", ""]
    for letter in order:
        # Each letter is a closed section (the A-Z bar, a link to a term or the filter opens it),
        # so the page is a few screens long until a reader opens what they look for.
        terms = by_letter[letter]
        # The letter is the summary's text, not a heading: a heading would get a permalink, a
        # link inside the summary's button (WCAG: no nested interactive controls).
        label = f'<span class="kb-letter">{escape(letter)} ({len(terms)})</span>'
        group = f'<details class="kb-group kb-letter-group" id="{letter_id(letter)}" markdown>'
        parts += [group, f"<summary>{label}</summary>", ""]
        parts += [entry_markdown(project, glossary, term) for term in terms]
        parts += ["</details>", ""]
    return "\n".join(parts)


def render_markdown(project: Project, page_path: str, markdown: str) -> str:
    """On the glossary page, replace the marker with the generated entries."""
    glossary = load_glossary(project)
    if page_path != glossary.page or not MARKER.search(markdown):
        return markdown
    generated = glossary_markdown(project)
    return MARKER.sub(lambda _: generated, markdown, count=1)


def page_anchors(project: Project, page_path: str) -> set[str]:
    """Ids the glossary page gets from the data: one per term and one per letter."""
    glossary = load_glossary(project)
    if page_path != glossary.page:
        return set()
    return {term.id for term in glossary.terms} | {letter_id(letter_of(term)) for term in glossary.terms}
