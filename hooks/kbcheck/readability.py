"""Readability of patient-facing prose: Flesch-Kincaid grade, reading ease, sentence length.

Method (NHS-style normalisation, so figures are comparable between pages):
headings, code, tables, HTML, link targets, citations, snippet includes,
admonition title lines and the collapsible "For clinicians" blocks are left
out; each list item, and each line ending in a colon, counts as a sentence.
textstat 0.7.4 does the counting (it syllabifies with pyphen, offline).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import statistics
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from .diagnostics import Diagnostic, Severity, rule
from .markdown_scan import mask_code, split_front_matter
from .project import Page, Project, open_project
from .settings import register_section

HARD_TO_READ = rule("KB601", "readability-grade", Severity.WARNING, "patient page reads above the grade limit")
LONG_SENTENCES = rule(
    "KB602", "readability-sentences", Severity.INFO, "many sentences over the word limit on a patient page"
)

register_section(
    "readability",
    {
        "max_grade": {"type": "number", "default": 10, "description": "Flesch-Kincaid grade limit"},
        "audiences": {"type": "array", "items": {"type": "string"}, "default": ["patient", "all"]},
        "default_audience": {"type": "string", "default": "patient"},
        "types": {"type": "array", "items": {"type": "string"}, "default": ["clinical", "general"]},
        "sentence_words": {"type": "integer", "default": 20},
        "long_sentence_share": {"type": "number", "default": 0.2},
        "min_words": {"type": "integer", "default": 80, "description": "pages shorter than this are not scored"},
    },
)

COLLAPSIBLE_CLINICIAN = re.compile(r"^(?P<indent>[ \t]*)\?\?\?\+?\s+\w+\s+\"For clinicians[^\n]*\n", re.M | re.I)
ADMONITION_TITLE = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[^\n]*$", re.M)
HEADING = re.compile(r"^[ \t]*#{1,6}[ \t].*$", re.M)
TABLE_ROW = re.compile(r"^[ \t]*\|.*$", re.M)
INCLUDE = re.compile(r"^[ \t]*--8<--.*$", re.M)
ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:.*$", re.M)
CITATION = re.compile(r"\[-?@[^\]]*\]")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
ATTRIBUTES = re.compile(r"\{[:#.][^}]*\}")
HTML_TAG = re.compile(r"<[^>\n]+>")
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
EMPHASIS = re.compile(r"[*_]{1,3}")
END_PUNCTUATION = (".", "!", "?", ":", ";")
WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Readability:
    """Figures for one page's prose."""

    path: str
    words: int
    sentences: int
    grade: float
    reading_ease: float
    words_per_sentence: float
    long_sentence_share: float


def _drop_clinician_blocks(text: str) -> str:
    """Remove collapsible "For clinicians" blocks and their indented content."""
    out: list[str] = []
    skipping_indent: int | None = None
    for line in text.splitlines():
        if skipping_indent is not None:
            indent = len(line) - len(line.lstrip())
            if not line.strip() or indent > skipping_indent:
                continue
            skipping_indent = None
        match = COLLAPSIBLE_CLINICIAN.match(line + "\n")
        if match:
            skipping_indent = len(match["indent"])
            continue
        out.append(line)
    return "\n".join(out)


def prose(page: Page) -> str:
    """The page's patient-facing prose, one sentence-like unit per line or paragraph."""
    return prose_of(page.text)


def prose_of(source: str) -> str:
    """:func:`prose` of a page's whole source text (front matter included)."""
    text = _drop_clinician_blocks(mask_code(split_front_matter(source).body))
    for pattern in (HEADING, TABLE_ROW, INCLUDE, ABBREVIATION, ADMONITION_TITLE):
        text = pattern.sub("", text)
    text = CITATION.sub("", text)
    text = IMAGE.sub(r"\1", text)
    text = LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = ATTRIBUTES.sub("", HTML_TAG.sub(" ", text))
    units: list[str] = []
    paragraph: list[str] = []
    for raw in [*text.splitlines(), ""]:
        line = EMPHASIS.sub("", raw).strip()
        is_item = bool(LIST_ITEM.match(raw))
        if not line or is_item:
            if paragraph:
                units.append(" ".join(paragraph))
                paragraph = []
            if is_item:
                paragraph = [LIST_ITEM.sub("", EMPHASIS.sub("", raw)).strip()]
            continue
        paragraph.append(line)
        if line.endswith(":"):
            units.append(" ".join(paragraph))
            paragraph = []
    return "\n".join(u if u.endswith(END_PUNCTUATION) else u + "." for u in units if WORD.search(u))


def measure(page: Page) -> Readability:
    return _measure(page.display, page.text)


@functools.lru_cache(maxsize=1024)  # by the page's text: a `mkdocs serve` rebuild scores only what changed
def _measure(display: str, source: str) -> Readability:
    # Imported here: textstat and its hyphenation dictionaries cost ~10 MB,
    # which a build or check that scores no page should not pay.
    import textstat  # noqa: PLC0415

    text = prose_of(source)
    sentences = [s for unit in text.splitlines() for s in SENTENCE_SPLIT.split(unit) if WORD.search(s)]
    lengths = [len(WORD.findall(s)) for s in sentences]
    words = sum(lengths)
    return Readability(
        path=display,
        words=words,
        sentences=len(sentences),
        grade=round(textstat.flesch_kincaid_grade(text), 1) if words else 0.0,
        reading_ease=round(textstat.flesch_reading_ease(text), 1) if words else 0.0,
        words_per_sentence=round(words / len(sentences), 1) if sentences else 0.0,
        long_sentence_share=round(sum(n > 20 for n in lengths) / len(lengths), 3) if lengths else 0.0,
    )


def _scored(project: Project) -> Iterator[tuple[Page, Readability]]:
    options = project.settings.section("readability")
    for page in project.pages.values():
        audience = page.meta.get("audience", options["default_audience"])
        if audience in options["audiences"] and page.meta.get("type") in options["types"]:
            figures = measure(page)
            if figures.words >= options["min_words"]:
                yield page, figures


def check(project: Project) -> Iterator[Diagnostic]:
    options = project.settings.section("readability")
    for page, figures in _scored(project):
        if figures.grade > options["max_grade"]:
            yield HARD_TO_READ.at(
                page.display,
                page.split.body_line,
                1,
                f"reads at grade {figures.grade} (limit {options['max_grade']}); "
                f"{figures.words_per_sentence} words per sentence",
                "use shorter sentences and everyday words; move technical detail into a 'For clinicians' box",
            )
        if figures.long_sentence_share > options["long_sentence_share"]:
            yield LONG_SENTENCES.at(
                page.display,
                page.split.body_line,
                1,
                f"{figures.long_sentence_share:.0%} of sentences have over {options['sentence_words']} words",
                "split long sentences",
            )


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Print readability figures for every scored page and the site median."


def run(args: argparse.Namespace) -> int:
    project, problems = open_project(args.config)
    if project is None:
        print("\n".join(p.format() for p in problems))
        return 2
    rows = [figures for _, figures in _scored(project)]
    if args.format == "json":
        print(json.dumps([asdict(r) for r in rows], indent=2))
        return 0
    print(f"{'page':48} {'grade':>5} {'ease':>5} {'w/s':>5} {'>20w':>5} {'words':>6}")
    for r in rows:
        print(
            f"{r.path:48} {r.grade:5.1f} {r.reading_ease:5.1f} {r.words_per_sentence:5.1f} "
            f"{r.long_sentence_share:5.0%} {r.words:6d}"
        )
    if rows:
        print(
            f"median grade {statistics.median(r.grade for r in rows):.1f}, "
            f"median reading ease {statistics.median(r.reading_ease for r in rows):.1f}, {len(rows)} pages"
        )
    return 0
