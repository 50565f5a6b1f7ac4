"""The sentence checks (citation needed, figures ledger) read the rendered page's prose units.

Each case is one the old Markdown scanner got wrong: figures in code of every
kind, a list inside a quote, text from an included snippet, FAQ answers.
"""

from __future__ import annotations

from pathlib import Path

from citation_data import bibliography_json, record
from conftest import ROOT, page
from kbcheck import pagecache
from kbcheck.checks import release_check_detail, run_checks, take_findings
from kbcheck.diagnostics import Diagnostic
from kbcheck.parse import render_all
from kbcheck.parsed import PageFindings, Position
from kbcheck.project import load_project, load_project_config
from kbcheck.render import render_output

CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]


def clinical(body: str) -> str:
    return page("Clinical", body).replace("type: general", "type: clinical")


def findings(tmp_path: Path, body: str, *, snippet: str = "", ledger: str = "") -> list[Diagnostic]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "includes").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "includes" / "part.md").write_text(snippet, encoding="utf-8")
    (tmp_path / "data" / "bibliography.json").write_text(bibliography_json(record("a")), encoding="utf-8")
    (tmp_path / "data" / "figures.yml").write_text(ledger, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs" / "c.md").write_text(clinical(body), encoding="utf-8")
    config, problems = load_project_config(tmp_path / "mkdocs.yml")
    project = load_project(config, problems)
    render_all(project)
    return [d for d in run_checks(project) if d.code in {"KB215", "KB431"}]


def test_figures_in_code_need_no_citation_but_an_unclosed_fence_is_prose(tmp_path: Path) -> None:
    """Code spans, fences and indented code are not prose; a fence never closed is shown as text, so it is."""
    body = (
        "Cited first [@a].\n\n"
        "`given 40 mg daily`\n\n"
        "```text\nGiven to 18 adults\n```\n\n"
        "Some code:\n\n    dose = 40 mg\n\n"
        "```\nan unclosed fence about 18 adults\n"
    )
    (found,) = findings(tmp_path, body)
    # Located at the prose "18 adults", not at the same words in the fence above it.
    assert (found.path, found.line, found.column) == ("docs/c.md", 26, 25)


def test_list_inside_a_quote_is_checked_at_its_line(tmp_path: Path) -> None:
    body = "Cited first [@a].\n\n> A quote:\n>\n> - 18 adults took part.\n"
    (found,) = findings(tmp_path, body)
    assert found.code == "KB215"
    assert (found.path, found.line, found.column) == ("docs/c.md", 17, 5)
    assert "this list item states '18 adults'" in found.message


def test_snippet_text_is_checked_in_the_snippet_file(tmp_path: Path) -> None:
    body = 'Cited first [@a].\n\n--8<-- "part.md"\n'
    (found,) = findings(tmp_path, body, snippet="Shared text.\n\nIt lasted 2 hours.\n")
    assert (found.path, found.line, found.column) == ("includes/part.md", 3, 11)


def test_figure_not_in_the_ledger_is_located_in_the_sentence(tmp_path: Path) -> None:
    ledger = 'a:\n  - {figure: "18", locator: "Abstract", measures: "adults"}\n'
    body = "The trial had 18 adults and lasted\n3 weeks [@a]. Here 18 is fine [@a].\n"
    (found,) = findings(tmp_path, body, ledger=ledger)
    assert found.code == "KB431"
    assert (found.path, found.line, found.column) == ("docs/c.md", 14, 1)
    assert found.message == "figure 3 is not in the figures ledger of a"


def test_citation_after_the_full_stop_still_backs_its_sentence(tmp_path: Path) -> None:
    """The rendering moves the full stop before the superscript; "9 in 100." is still the figure 9%."""
    ledger = 'a:\n  - {figure: "9.0%", locator: "Abstract", measures: "lifetime risk"}\n'
    assert findings(tmp_path, "The risk was about 9 in 100 [@a].\n", ledger=ledger) == []


def test_after_the_checks_a_page_keeps_what_the_finishing_pass_reads(tmp_path: Path) -> None:
    """An engine holds every page until it is written: the prose and the source map are let go, links stay."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bibliography.json").write_text(bibliography_json(record("a")), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs" / "c.md").write_text(clinical("See [the other page](d.md) [@a].\n"), encoding="utf-8")
    (tmp_path / "docs" / "d.md").write_text(page("Other", "Text.\n"), encoding="utf-8")
    config, problems = load_project_config(tmp_path / "mkdocs.yml")
    project = load_project(config, problems)
    render_all(project)
    model = project.rendered["c.md"]
    link = next(link for link in model.links if link.target == "d.md")
    assert link.where.position.line > 1  # located in the source while the checks run
    release_check_detail(project)
    assert model.units == [] and model.problems == []
    assert [link.target for link in model.links if link.target == "d.md"] == ["d.md"]
    assert model.cited_keys == ["a"]
    assert len({id(use.where) for use in [*model.links, *model.citations, *model.headings]}) == 1
    assert link.where.position == Position("docs/c.md", 1, 1)  # the source map is gone


def test_the_finishing_pass_adds_the_same_after_the_models_let_go() -> None:
    """Backlinks, related pages, "Used on" and "Cited on" lists and JSON-LD come out the same on every
    page of the site when the models were released after the checks (as a build does) as when kept whole."""
    document = (
        '<html><head></head><body><article><div class="kb-backlist" data-kb-list="used-on" data-kb-id="{term}">'
        '</div><div class="kb-backlist" data-kb-list="cited-on" data-kb-id="{key}"></div></article></body></html>'
    )

    def finished(*, released: bool) -> dict[str, str]:
        project = load_project(*load_project_config(ROOT / "mkdocs.yml"))
        render_all(project, on_page=take_findings)
        run_checks(project)
        if released:
            release_check_detail(project)
            assert all(not (m.anchors or m.headings or m.terms) for m in project.rendered.values())
        return {
            path: render_output(project, path, document.format(term="nmda-receptor", key="feder2021repeated"))
            for path in project.pages
        }

    kept, released = finished(released=False), finished(released=True)
    assert released == kept
    assert sum("Pages that link here" in html for html in kept.values()) > 20
    assert sum("kb-used-on" in html for html in kept.values()) > 20
    assert sum("Where it is cited" in html for html in kept.values()) > 20


def checked_both_ways(config: Path) -> list[Diagnostic]:
    """The project's findings with each page's prose checked as it is rendered (then let go), as a build
    does; asserted equal to those of pages kept whole and checked afterwards, as under an engine without hooks."""

    def checked(*, as_rendered: bool) -> list[Diagnostic]:
        pagecache.forget()  # judged afresh, not taken from an earlier build
        project = load_project(*load_project_config(config))
        render_all(project, on_page=take_findings if as_rendered else None)
        models = project.rendered.values()
        if as_rendered:
            assert all(model.units == [] and model.findings is not None for model in models)
        else:
            assert all(model.units and model.findings is None for model in models)
        return run_checks(project)

    found = checked(as_rendered=True)
    assert found == checked(as_rendered=False)
    return found


def run_checks_from_scratch(config: Path) -> list[tuple[str, str, int]]:
    return [(d.path, d.code, d.line) for d in checked_both_ways(config) if d.code in {"KB215", "KB431"}]


def test_a_build_checks_each_pages_prose_as_it_is_rendered_then_lets_it_go(tmp_path: Path) -> None:
    """Citation needed and the figures ledger judge each page as it is rendered, and equal a check afterwards."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bibliography.json").write_text(bibliography_json(record("a")), encoding="utf-8")
    ledger = 'a:\n  - {figure: "37%", locator: "T2", measures: "responders"}\n'
    ledger += '  - {figure: "5", locator: "T3", measures: "dropouts"}\n'
    (tmp_path / "data" / "figures.yml").write_text(ledger, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs" / "c.md").write_text(
        clinical(
            "In all, 42% improved [@a].\n\nAbout 12 patients took part.\n\nSee [d](d.md#nowhere) [@b].\n\n"
            "## Risks\n\nText [@a].\n\n## Risks\n\nMore [@a].\n"
        ),
        encoding="utf-8",
    )
    (tmp_path / "docs" / "d.md").write_text(clinical("In all, 37% improved [@a].\n"), encoding="utf-8")
    found = {(d.path, d.code, d.line) for d in checked_both_ways(tmp_path / "mkdocs.yml") if d.code.startswith("KB")}
    assert {("docs/c.md", "KB431", 13), ("docs/c.md", "KB215", 15)} <= found
    # Links and citation keys are judged after every page is rendered, at the places pinned before.
    assert {("docs/c.md", "KB302", 17), ("docs/c.md", "KB210", 17), ("docs/c.md", "KB313", 23)} <= found
    # 37% is stated by d.md, so only the ledger's second figure is stated by no page.
    assert [line for path, code, line in found if code == "KB432"] == [3]


def test_a_rebuild_reuses_what_unchanged_pages_were_found_to_hold(tmp_path: Path) -> None:
    """Like `mkdocs serve`: an unchanged page keeps its findings; an edit, an included snippet or a data file
    changed makes the pages it touches be judged again, with the same findings as a build from scratch."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "includes").mkdir()
    (tmp_path / "data" / "bibliography.json").write_text(bibliography_json(record("a")), encoding="utf-8")
    ledger = tmp_path / "data" / "figures.yml"
    ledger.write_text('a:\n  - {figure: "37%", locator: "T2", measures: "responders"}\n', encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    snippet = tmp_path / "includes" / "part.md"
    snippet.write_text("Shared text.\n", encoding="utf-8")
    page_c, page_d = tmp_path / "docs" / "c.md", tmp_path / "docs" / "d.md"
    page_c.write_text(clinical('In all, 42% improved [@a].\n\n--8<-- "part.md"\n'), encoding="utf-8")
    page_d.write_text(clinical("In all, 37% improved [@a].\n"), encoding="utf-8")

    def build() -> tuple[dict[str, PageFindings | None], list[tuple[str, str, int]]]:
        project = load_project(*load_project_config(tmp_path / "mkdocs.yml"))
        render_all(project, on_page=take_findings)
        found = [(d.path, d.code, d.line) for d in run_checks(project) if d.code in {"KB215", "KB431"}]
        return {path: model.findings for path, model in project.rendered.items()}, found

    first, found = build()
    assert found == [("docs/c.md", "KB431", 13)]
    again, found = build()
    assert all(again[path] is first[path] for path in first)  # nothing changed: nothing judged again

    page_c.write_text(
        clinical('In all, 42% improved [@a].\n\nAbout 12 patients took part.\n\n--8<-- "part.md"\n'), encoding="utf-8"
    )
    edited, found = build()
    assert edited["c.md"] is not again["c.md"] and edited["d.md"] is again["d.md"]
    assert found == [("docs/c.md", "KB431", 13), ("docs/c.md", "KB215", 15)]

    snippet.write_text("Shared text. It lasted 2 hours.\n", encoding="utf-8")
    included, found = build()
    assert included["c.md"] is not edited["c.md"] and included["d.md"] is edited["d.md"]
    assert ("includes/part.md", "KB215", 1) in found

    more = '  - {figure: "42%", locator: "T3", measures: "improved"}\n'
    ledger.write_text(ledger.read_text(encoding="utf-8") + more, encoding="utf-8")
    data_changed, found = build()
    assert all(data_changed[path] is not included[path] for path in included)
    assert not any(code == "KB431" for _, code, _ in found)
    assert run_checks_from_scratch(tmp_path / "mkdocs.yml") == found
