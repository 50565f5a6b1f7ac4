"""Slips answered precisely: a word or abbreviation one slip from a glossary entry says "did you mean"."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbcheck.glossary.slips import SlipIndex, _related, closest, distance
from test_glossary_checks import FRONT, GOOD_GLOSSARY, project_findings
from test_units import checked_both_ways

GLOSSARY = (
    GOOD_GLOSSARY
    + """\
  - term: Dissociation
    definition: Feeling detached from oneself.
    page: gad.md
  - term: Phobia
    definition: A strong fear.
    page: gad.md
  - term: Selective serotonin reuptake inhibitor
    abbreviation: SSRI
    definition: A kind of antidepressant.
    page: gad.md
  - term: Serotonin-noradrenaline reuptake inhibitor
    abbreviation: SNRI
    definition: Another kind of antidepressant.
    page: gad.md
"""
)
USES = (
    "Generalised anxiety disorder (GAD), a placebo, a phobia and dissociation. "
    "A selective serotonin reuptake inhibitor (SSRI) or an SSRI again, and a "
    "serotonin-noradrenaline reuptake inhibitor (SNRI).\n"
)


def findings(tmp_path: Path, body: str, other: str = "") -> list[tuple[str, int, int, str, str]]:
    tmp_path.mkdir(exist_ok=True)
    pages = {"gad.md": FRONT.format(title="Worry") + USES, "x.md": FRONT.format(title="X") + body}
    if other:
        pages["y.md"] = FRONT.format(title="Y") + other
    return project_findings(tmp_path, glossary=GLOSSARY, pages=pages)


def test_misspelt_term_gets_did_you_mean(tmp_path: Path) -> None:
    """'dissociaton' (one letter dropped) is one warning at its place, naming the term."""
    found = findings(tmp_path, "Some feel dissociaton for an hour.\n")
    assert [(f[0], f[1], f[2], f[3]) for f in found] == [("x.md", 10, 11, "KB412")]
    assert "did you mean 'Dissociation'?" in found[0][4]


def test_swapped_letters_and_capitals_are_one_slip(tmp_path: Path) -> None:
    found = findings(tmp_path, "Dissocaition can happen.\n")
    assert [f[3] for f in found] == ["KB412"]
    assert "'Dissocaition'" in found[0][4]


def test_a_word_the_site_uses_elsewhere_is_not_a_slip(tmp_path: Path) -> None:
    """A real word near a term (used on another page too) passes; so do plurals and the term itself."""
    assert findings(tmp_path / "a", "Feeling dissociatve.\n", other="Less dissociatve.\n") == []
    assert findings(tmp_path / "b", "Two placebos and dissociations, dissociative, phobic.\n") == []


def test_abbreviation_typo_says_did_you_mean_first(tmp_path: Path) -> None:
    """'SRRI' is one letter from SSRI and SNRI: the message names both, the more used first."""
    found = findings(tmp_path, "Taking an SRRI daily.\n")
    assert [(f[1], f[2], f[3]) for f in found] == [(10, 11, "KB408")]
    assert found[0][4] == "'SRRI' is not defined in the glossary; did you mean 'SSRI' or 'SNRI'?"


def test_unrelated_abbreviation_keeps_the_add_an_entry_hint(tmp_path: Path) -> None:
    found = findings(tmp_path, "The WXYZ scale.\n")
    assert [f[4] for f in found] == ["'WXYZ' is not defined in the glossary"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("dissociaton", "dissociation", 1), ("dissocaition", "dissociation", 1), ("SRRI", "SSRI", 1), ("abc", "xyz", 3)],
)
def test_distance(a: str, b: str, expected: int) -> None:
    assert distance(a, b, 2) == expected


def test_closest_orders_ties_by_use() -> None:
    from collections import Counter

    assert closest("SRRI", ["SNRI", "SSRI", "GAD"], fold=False, usage=Counter({"SSRI": 5, "SNRI": 1})) == [
        "SSRI",
        "SNRI",
    ]
    assert closest("anxiety", ["ketamine"]) == []


def test_pages_checked_as_rendered_give_the_same_slips_and_abbreviations(tmp_path: Path) -> None:
    """A build judges each page's words as it renders it, keeping only the slips and abbreviations found;
    the findings equal those of a check that holds every page's prose (an engine without hooks)."""
    body = "Some feel dissociaton. The QXZ scale and an SSRL. GAD again.\n"
    findings(tmp_path, body, other="The QXZ scale; a phobic fear.\n")
    found = checked_both_ways(tmp_path / "mkdocs.yml")
    codes = sorted((Path(d.path).name, d.code, d.message) for d in found if d.code in {"KB408", "KB409", "KB412"})
    assert [(name, code) for name, code, _ in codes] == [
        ("x.md", "KB408"),
        ("x.md", "KB408"),
        ("x.md", "KB409"),
        ("x.md", "KB412"),
        ("y.md", "KB408"),
    ]
    assert "'SSRL' is not defined in the glossary; did you mean 'SSRI'?" in codes[1][2]


@given(st.lists(st.text(alphabet="abcde", min_size=5, max_size=12), min_size=1, max_size=6), st.data())
def test_the_index_finds_exactly_the_slips_a_comparison_with_every_form_finds(forms: list[str], data) -> None:
    """A word is compared only with forms sharing a variant with a few letters left out: none is missed."""
    targets = {form: form for form in forms}
    index = SlipIndex(targets)
    for _ in range(20):
        word = data.draw(st.text(alphabet="abcde", min_size=5, max_size=13))
        every = [s for s in closest(word, targets) if not _related(word, s)]
        assert index.slips_of(word) == every
