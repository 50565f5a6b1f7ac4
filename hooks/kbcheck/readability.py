"""Readability of patient-facing prose: Flesch-Kincaid grade, reading ease, sentence length.

Method (NHS-style normalisation, so figures are comparable between pages): the
prose is read from the rendered page (its paragraphs and list items, as
:mod:`kbcheck.mdext.units` gives them), so headings, code, tables, raw HTML, link
targets, citations, box titles and the "For clinicians" boxes are left out, and
included text counts as the reader sees it; each list item counts as a sentence.
textstat 0.7.4 does the counting (it syllabifies with pyphen, offline).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
from collections.abc import Iterator
from dataclasses import asdict

from .diagnostics import Diagnostic, Severity, rule
from .parse import render_all
from .parsed import PageFindings, PageModel, Readability
from .project import Page, Project, open_project
from .settings import register_section
from .textstat_import import import_textstat

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

# A box whose title starts so holds detail for clinicians, not the patient prose scored here.
CLINICIAN = re.compile(r"For clinicians", re.I)
END_PUNCTUATION = (".", "!", "?", ":", ";")
WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")


def prose(model: PageModel) -> str:
    """The page's patient-facing prose as rendered, one paragraph or list item per line."""
    lines = []
    for unit in model.units:
        if unit.kind not in ("paragraph", "list item") or any(CLINICIAN.match(t) for t in unit.box_titles):
            continue
        text = " ".join(unit.text.split())
        if WORD.search(text):
            lines.append(text if text.endswith(END_PUNCTUATION) else text + ".")
    return "\n".join(lines)


def measure(model: PageModel, display: str) -> Readability:
    return measure_text(display, prose(model))


# Scores by a digest of the prose, for the process: a `mkdocs serve` rebuild scores only what
# changed. Keyed by digest, not by the text, so the cache does not hold every page's prose.
_SCORED: dict[tuple[str, bytes], Readability] = {}
_SCORED_LIMIT = 8192


def measure_text(display: str, text: str) -> Readability:
    """The figures of prose ``text`` (one paragraph or list item per line)."""
    key = (display, hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest())
    if key not in _SCORED:
        if len(_SCORED) >= _SCORED_LIMIT:
            del _SCORED[next(iter(_SCORED))]  # the oldest
        _SCORED[key] = _measure(display, text)
    return _SCORED[key]


def _measure(display: str, text: str) -> Readability:
    # Imported here: textstat and its hyphenation dictionaries cost a few MB,
    # which a build or check that scores no page should not pay.
    textstat = import_textstat()

    sentences = [s for unit in text.splitlines() for s in SENTENCE_SPLIT.split(unit) if WORD.search(s)]
    lengths = [len(WORD.findall(s)) for s in sentences]
    words = sum(lengths)
    figures = Readability(
        path=display,
        words=words,
        sentences=len(sentences),
        grade=round(textstat.flesch_kincaid_grade(text), 1) if words else 0.0,
        reading_ease=round(textstat.flesch_reading_ease(text), 1) if words else 0.0,
        words_per_sentence=round(words / len(sentences), 1) if sentences else 0.0,
        long_sentence_share=round(sum(n > 20 for n in lengths) / len(lengths), 3) if lengths else 0.0,
    )
    # textstat keeps its last 128 texts (and pieces of them) in a cache per method: about 6 MB
    # of prose on a big site, never asked for again. Setting the language is its public way to clear them.
    textstat.set_lang("en_US")
    return figures


def _in_scope(project: Project, page: Page) -> bool:
    options = project.settings.section("readability")
    audience = page.meta.get("audience", options["default_audience"])
    return audience in options["audiences"] and page.meta.get("type") in options["types"]


def check_prose(project: Project, model: PageModel, findings: PageFindings) -> None:
    """Score a just-rendered page that patients read (the scores are kept; its prose then goes)."""
    page = project.pages.get(model.path)
    if page is not None and _in_scope(project, page):
        findings.readability = measure(model, page.display)


def _scored(project: Project) -> Iterator[tuple[Page, Readability]]:
    options = project.settings.section("readability")
    if not project.rendered and project.pages:
        render_all(project)
    for path, page in project.pages.items():
        model = project.rendered.get(path)
        if model is None or not _in_scope(project, page):
            continue
        # Scored when the page was rendered; a page rendered without the prose checks is scored now.
        figures = model.findings.readability if model.findings else None
        figures = figures or measure(model, page.display)
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
