"""KB4xx checks: one located diagnostic per problem in the glossary, the FAQ and the pages."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbcheck import checks
from kbcheck.glossary.lint import FlatPrefix, _flat
from kbcheck.project import load_project, load_project_config

FRONT = "---\ntitle: {title}\ndescription: D.\nreviewed: 2026-01-02\ntype: reference\n---\n\n# {title}\n\n"
GOOD_GLOSSARY = """\
terms:
  - term: Generalised anxiety disorder
    abbreviation: GAD
    definition: Ongoing worry that is hard to control.
    page: gad.md
  - term: Placebo
    definition: A dummy treatment.
    page: gad.md
    citations: [real2020]
"""
GOOD_FAQ = """\
groups:
  - id: basics
    title: Basics
    questions:
      - id: what-is-gad
        question: What is GAD?
        answer: Generalised anxiety disorder (GAD) is ongoing worry [@real2020].
        more: gad.md
"""


def project_findings(
    tmp_path: Path,
    glossary: str = GOOD_GLOSSARY,
    faq: str = GOOD_FAQ,
    pages: dict[str, str] | None = None,
    extra: str = "",
) -> list[tuple[str, int, int, str, str]]:
    """Write a small project and return its KB4xx findings as (path, line, col, code, message)."""
    # The abbreviation rules are this site's policy: switched on as the site's mkdocs.yml does.
    settings = extra or "extra:\n  kb:\n"
    # The FAQ's questions are collapsible boxes, as on the site: their titles are not prose.
    markdown = "markdown_extensions: [admonition, pymdownx.details, attr_list, md_in_html]\n"
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\n" + markdown + settings + "    policies: true\n", encoding="utf-8"
    )
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    all_pages = {
        "glossary.md": FRONT.format(title="Glossary") + "<!-- kb:glossary -->\n",
        "faq.md": FRONT.format(title="FAQ") + "<!-- kb:faq -->\n",
        "gad.md": FRONT.format(title="Worry") + "Generalised anxiety disorder (GAD) and a placebo.\n",
        **(pages or {}),
    }
    for name, text in all_pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "glossary.yml").write_text(textwrap.dedent(glossary), encoding="utf-8")
    (data / "faq.yml").write_text(textwrap.dedent(faq), encoding="utf-8")
    records = [{"id": "real2020", "type": "article-journal", "title": "T"}]
    (data / "bibliography.json").write_text(json.dumps(records), encoding="utf-8")
    config, problems = load_project_config(tmp_path / "mkdocs.yml")
    project = load_project(config, problems)
    return [
        (Path(d.path).name, d.line, d.column, d.code, d.message)
        for d in checks.run_checks(project)
        if d.code.startswith("KB4")
    ]


def codes(found: list[tuple[str, int, int, str, str]]) -> list[str]:
    return [f[3] for f in found]


def test_good_project_has_no_findings(tmp_path: Path) -> None:
    """Valid glossary, FAQ and pages: nothing to report."""
    assert project_findings(tmp_path) == []


def test_malformed_yaml_is_located_not_a_traceback(tmp_path: Path) -> None:
    """A YAML syntax error is KB401 at its line."""
    found = project_findings(tmp_path, glossary="terms:\n  - term: A\n    definition: [oops\n    page: x.md\n")
    assert codes(found) == ["KB401"]
    assert found[0][0] == "glossary.yml"
    assert found[0][1] in {3, 4, 5}
    assert "invalid YAML" in found[0][4]


@pytest.mark.parametrize(
    ("glossary", "line", "fragment"),
    [
        ("terms:\n  - term: A\n    page: gad.md\n", 2, "'definition' is a required property"),
        ("terms:\n  - term: A\n    definition: D.\n    page: gad.md\n    colour: red\n", 5, "unknown key 'colour'"),
        ("terms:\n  - term: <b>GAD</b>\n    definition: D.\n    page: gad.md\n", 2, "does not match"),
        ("terms:\n  - term: '*GAD*'\n    definition: D.\n    page: gad.md\n", 2, "does not match"),
        ("terms: just text\n", 1, "is not of type 'array'"),
        ("- a list\n", 1, "is not of type 'object'"),
    ],
)
def test_schema_problems_are_located(tmp_path: Path, glossary: str, line: int, fragment: str) -> None:
    """Missing fields, unknown keys, Markdown or HTML in a term, wrong shapes: KB401 at the line."""
    found = [f for f in project_findings(tmp_path, glossary=glossary) if f[3] == "KB401"]
    assert len(found) == 1, found
    assert found[0][1] == line
    assert fragment in found[0][4]


def test_duplicates_and_shared_aliases(tmp_path: Path) -> None:
    """A term twice is KB402; one alias naming two terms is KB403; a repeat inside one entry is KB402."""
    glossary = GOOD_GLOSSARY + (
        "  - term: generalised anxiety disorder\n    definition: Again.\n    page: gad.md\n"
        "  - term: Worry disorder\n    abbreviation: GAD\n    definition: D.\n    page: gad.md\n"
        "  - term: Dummy\n    aliases: [sham, Sham]\n    definition: D.\n    page: gad.md\n"
    )
    found = project_findings(tmp_path, glossary=glossary)
    assert [(f[3], f[1]) for f in found if f[3] in {"KB402", "KB403"}] == [
        ("KB402", 10),
        ("KB403", 14),
        ("KB402", 18),
    ]


def test_empty_and_too_long_definitions(tmp_path: Path) -> None:
    """An empty definition is KB404; three sentences is KB405, both on the definition line."""
    glossary = GOOD_GLOSSARY + (
        "  - term: Empty\n    definition: '  '\n    page: gad.md\n"
        "  - term: Long\n    definition: One. Two. Three.\n    page: gad.md\n"
    )
    found = project_findings(tmp_path, glossary=glossary)
    assert [(f[3], f[1]) for f in found if f[3] in {"KB404", "KB405"}] == [("KB404", 11), ("KB405", 14)]
    assert "3 sentences" in next(f[4] for f in found if f[3] == "KB405")


def test_missing_page_or_anchor_and_unknown_citation(tmp_path: Path) -> None:
    """An entry pointing at a missing page or anchor is KB406; an unknown key KB410 with a hint."""
    glossary = GOOD_GLOSSARY + (
        "  - term: Lost\n    definition: D.\n    page: gda.md\n"
        "  - term: Anchored\n    definition: D.\n    page: gad.md#nowhere\n    citations: [real2021]\n"
    )
    found = project_findings(tmp_path, glossary=glossary, pages={"x.md": FRONT.format(title="X") + "Lost. Anchored.\n"})
    kb406 = [f for f in found if f[3] == "KB406"]
    assert [(f[1], f[2]) for f in kb406] == [(12, 5), (15, 5)]
    assert "'gda.md', which is not a page" in kb406[0][4]
    assert "'#nowhere'" in kb406[1][4]
    assert [f[1] for f in found if f[3] == "KB410"] == [16]


def test_unused_term_is_information(tmp_path: Path) -> None:
    """A term no page mentions is KB407 at info level."""
    glossary = GOOD_GLOSSARY + "  - term: Zebra\n    definition: D.\n    page: gad.md\n"
    found = project_findings(tmp_path, glossary=glossary)
    assert [(f[3], f[1]) for f in found] == [("KB407", 10)]


def test_missing_marker(tmp_path: Path) -> None:
    """A glossary page without its marker line is KB411 on that page."""
    found = project_findings(tmp_path, pages={"glossary.md": FRONT.format(title="Glossary") + "Nothing.\n"})
    assert [(f[0], f[3]) for f in found] == [("glossary.md", "KB411")]


def test_site_without_glossary_page_uses_no_glossary(tmp_path: Path) -> None:
    """Another project without a glossary page: no data file needed, no findings."""
    (tmp_path / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(FRONT.format(title="Home") + "GAD and XYZ.\n", encoding="utf-8")
    config, problems = load_project_config(tmp_path / "mkdocs.yml")
    assert [d for d in checks.run_checks(load_project(config, problems)) if d.code.startswith("KB4")] == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Generalised anxiety disorder (GAD) is common. GAD lasts.\n", []),
        ("GAD (generalised anxiety disorder) is common.\n", []),
        ("Some people have generalised anxiety disorder. Later, GAD.\n", []),
        ("GAD is common. Generalised anxiety disorder (GAD) too.\n", [("KB409", 10, 1)]),
        ("# GAD\n\nGeneralised anxiety disorder (GAD).\n", []),
        ("See [GAD](gad.md) for more.\n", [("KB409", 10, 6)]),
        ("The GAD-7 questionnaire and Schedule III.\n", []),
        ("Use `XYZ` in code, but ABC in text. Also US and UK.\n", [("KB408", 10, 24)]),
        ("ABCs and ABC again.\n", [("KB408", 10, 1)]),
    ],
)
def test_abbreviation_lint(tmp_path: Path, body: str, expected: list[tuple[str, int, int]]) -> None:
    """KB408 for undefined capitalised abbreviations, KB409 when used before being spelled out."""
    found = project_findings(tmp_path, pages={"x.md": FRONT.format(title="X") + body + "A placebo.\n"})
    assert [(f[3], f[1], f[2]) for f in found if f[0] == "x.md"] == expected


def test_abbreviation_lint_settings(tmp_path: Path) -> None:
    """Ignored words and exempt pages are not reported."""
    extra = (
        "extra:\n  kb:\n    glossary:\n      abbreviations:\n        ignore: [ABC, FAQ]\n        exempt: [about/*]\n"
    )
    pages = {
        "x.md": FRONT.format(title="X") + "ABC and a placebo.\n",
        "about/y.md": FRONT.format(title="Y") + "XYZ.\n",
    }
    assert project_findings(tmp_path, pages=pages, extra=extra) == []


def test_faq_problems(tmp_path: Path) -> None:
    """Duplicate ids and questions, unknown keys, missing targets and uncited answers are KB42x."""
    faq = GOOD_FAQ + (
        "      - id: what-is-gad\n        question: what is gad?\n"
        "        answer: Worry [@nokey].\n        more: [gad.md#nowhere, missing.md]\n"
        "      - id: plain\n        question: Plain?\n        answer: No source here.\n        more: gad.md\n"
    )
    found = project_findings(tmp_path, faq=faq)
    assert [(f[3], f[1]) for f in found] == [
        ("KB421", 9),
        ("KB421", 10),
        ("KB422", 11),
        ("KB423", 12),
        ("KB423", 12),
        ("KB424", 15),
    ]


def test_faq_schema_problem_is_located(tmp_path: Path) -> None:
    """A question without an answer is KB420 at the question."""
    faq = "groups:\n  - id: g\n    title: G\n    questions:\n      - id: q\n"
    faq += "        question: Why?\n        more: gad.md\n"
    found = project_findings(tmp_path, faq=faq)
    assert [(f[3], f[1]) for f in found] == [("KB420", 5)]
    assert "'answer' is a required property" in found[0][4]


def test_abbreviation_inside_a_named_term_needs_no_expansion(tmp_path: Path) -> None:
    """'NMDA' in 'NMDA receptor' is defined by that term and not flagged as unexplained."""
    glossary = GOOD_GLOSSARY + "  - term: NMDA receptor\n    definition: A receptor.\n    page: gad.md\n"
    pages = {"x.md": FRONT.format(title="X") + "NMDA receptors, and NMDA alone. A placebo.\n"}
    assert [f for f in project_findings(tmp_path, glossary=glossary, pages=pages) if f[0] == "x.md"] == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \n\t-\u2011aBßΣς", max_size=40), st.lists(st.integers(0, 40), max_size=6))
def test_the_text_before_each_abbreviation_is_flattened_as_a_whole_would_be(text: str, ends: list[int]) -> None:
    """KB409 reads the page before each first use flattened (spaces and hyphens as one space, case folded),
    one part at a time; any cut, even inside a run of spaces, gives what flattening the whole prefix gives."""
    before = FlatPrefix(text)
    for end in sorted(ends) + ends[:1]:  # in page order, then one asked again out of order
        assert before.upto(end) == _flat(text[:end])
