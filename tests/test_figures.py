"""Figures ledger: cited figures must be in their sources' ledger, however they are written."""

from __future__ import annotations

import pytest

from citation_data import bibliography_json, record
from conftest import BIN, page
from kbcheck.figures import figures_in


def same(written: str, ledger: str) -> bool:
    """Whether the one figure in ``written`` matches a figure of the ledger text."""
    [figure] = figures_in(written)
    return any(figure.matches(known) for known in figures_in(ledger, words=True))


@pytest.mark.parametrize(
    ("written", "ledger"),
    [
        ("33.33%", "33.33% response"),
        ("33 in 100", "33.33%"),
        ("one in three", "33.33%"),
        ("about 89 in 100", "88.89%"),
        ("1.8 points", "-1.83 points"),
        ("over 25,000 people", "25 441 patients"),
        ("1,148 adults", "1148 enrolled"),
        ("6 drips", "six infusions"),
        ("p=0.034", "p = 0.034"),
    ],
)
def test_honest_rewording_matches(written: str, ledger: str) -> None:
    assert same(written, ledger)


@pytest.mark.parametrize(
    ("written", "ledger"),
    [
        ("34%", "33.33%"),  # a different share
        ("1 in 2", "33.33%"),
        ("1.9 points", "-1.83 points"),  # rounds differently
        ("33", "33%"),  # a count is not a share
        ("26,000 people", "25 441 patients"),
        ("the two in 403 people", "0.5%"),  # not a share: 403 is not a round denominator
    ],
)
def test_a_different_figure_does_not_match(written: str, ledger: str) -> None:
    assert not same(written, ledger)


def test_years_levels_and_names_are_not_figures() -> None:
    """Years, the 95% of a confidence interval and numbers in names (CAPS-5, NG116) are skipped."""
    found = figures_in("In 2021, CAPS-5 fell (95% CI 0.36 to 1.91) per NG116 and TRANSFORM-3")
    assert [str(f.value) for f in found] == ["0.36", "1.91"]


LEDGER = """\
a:
  - {figure: "18", locator: "Abstract", measures: "adults randomised"}
  - {figure: "33.33%", locator: "Abstract, Results", measures: "responders"}
  - {figure: "99", locator: "Table 2", measures: "a figure no page uses"}
"""


def site_with(make_site, body: str, ledger: str = LEDGER):
    site = make_site({"index.md": page("Home", body)})
    site.write("data/bibliography.json", bibliography_json(record("a"), record("b")))
    site.write("data/figures.yml", ledger)
    return site


def test_figure_missing_from_the_ledger_is_located(make_site) -> None:
    body = "The trial had 18 adults [@a]. About 1 in 3 responded [@a]. Then 7 left [@a].\n"
    result = site_with(make_site, body).run(str(BIN / "python"), "-m", "kbcheck", "check")
    lines = [line for line in result.stdout.splitlines() if " KB43" in line]
    assert any(line.startswith("data/figures.yml:4:5: KB432 info: a: figure 3 is stated by no") for line in lines)
    assert any(line.startswith("docs/index.md:13:") and "KB431 warning: figure 7 is not in" in line for line in lines)
    assert len(lines) == 2, lines
    assert "Traceback" not in result.stderr


def test_sentence_citing_an_unaudited_record_is_skipped(make_site) -> None:
    """'b' has no ledger entries, so a sentence citing it is not checked."""
    body = "The trial had 18 adults and 33.33% responded; 7 left [@a; @b].\n"
    result = site_with(make_site, body).run(str(BIN / "python"), "-m", "kbcheck", "check")
    assert "KB431" not in result.stdout


def test_bad_ledger_is_a_located_error(make_site) -> None:
    ledger = 'a:\n  - {figure: "18", locator: "Abstract"}\nzz:\n  - {figure: "1", locator: "x", measures: "y"}\n'
    result = site_with(make_site, "Some text [@a].\n", ledger).run(str(BIN / "python"), "-m", "kbcheck", "check")
    assert result.returncode == 1
    assert "data/figures.yml:2:5: KB430 error: a[0]: 'measures' is a required property" in result.stdout
    assert "data/figures.yml:3:1: KB433 info: unknown record id 'zz'" in result.stdout
    assert "Traceback" not in result.stderr
