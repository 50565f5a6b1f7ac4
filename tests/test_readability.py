"""Readability figures: what is measured, what is left out, and when a page is flagged."""

from __future__ import annotations

from pathlib import Path

from conftest import BIN, page
from kbcheck.project import Page
from kbcheck.readability import measure, prose


def make(body: str, audience: str = "patient") -> Page:
    text = page("T", body).replace("audience: patient", f"audience: {audience}")
    return Page("t.md", Path("t.md"), "docs/t.md", text)


def test_prose_leaves_out_headings_code_tables_citations_and_clinician_blocks() -> None:
    """Only patient-facing sentences are measured."""
    body = """\
        ## A heading that should not count

        Plain words here [@key]. See [the page](other.md#x).

        | a | table |
        |---|---|

        ```
        code should not count
        ```

        ??? info "For clinicians: doses"
            Pharmacokinetic heterogeneity notwithstanding, interindividual variability predominates.

        - a list item without a full stop
        """
    text = prose(make(body))
    assert "heading" not in text
    assert "table" not in text
    assert "code" not in text
    assert "Pharmacokinetic" not in text
    assert "@key" not in text
    assert "other.md" not in text
    assert "Plain words here . See the page." in text or "Plain words here. See the page." in text
    assert "a list item without a full stop." in text


def test_plain_text_scores_easier_than_dense_text() -> None:
    """Short everyday sentences score a lower grade than long technical ones."""
    easy = measure(make("This is a short sentence. It uses small words. You can read it fast.\n" * 10))
    hard = measure(
        make(
            "Pharmacological antagonism of ionotropic glutamatergic receptors precipitates multifactorial "
            "neuroplastic adaptations characterised by considerable interindividual heterogeneity.\n" * 10
        )
    )
    assert easy.grade < 6 < hard.grade


def test_dense_patient_page_is_flagged_but_clinician_page_is_not(make_site) -> None:
    """KB601 warns on patient pages over the grade limit only."""
    dense = (
        "Pharmacological antagonism of ionotropic glutamatergic receptors precipitates multifactorial "
        "neuroplastic adaptations characterised by considerable interindividual heterogeneity.\n\n"
    ) * 8
    site = make_site(
        {
            "index.md": page("Home"),
            "dense.md": page("Dense", dense),
            "pro.md": page("Pro", dense).replace("audience: patient", "audience: clinician"),
        }
    )
    result = site.run(str(BIN / "python"), "-m", "kbcheck", "check")
    flagged = [line for line in result.stdout.splitlines() if "KB601" in line]
    assert len(flagged) == 1
    assert flagged[0].startswith("docs/dense.md:10:1: KB601 warning: reads at grade")
    report = site.run(str(BIN / "python"), "-m", "kbcheck", "readability")
    assert "docs/dense.md" in report.stdout
    assert "docs/pro.md" not in report.stdout
    assert "median grade" in report.stdout
