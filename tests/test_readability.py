"""Readability figures: what is measured, what is left out, and when a page is flagged."""

from __future__ import annotations

import subprocess
from pathlib import Path

from citation_data import bibliography_json, record
from conftest import BIN, ROOT, page
from kbcheck.parse import render_all
from kbcheck.parsed import PageModel
from kbcheck.project import load_project, load_project_config
from kbcheck.readability import measure, prose

_COUNT = iter(range(1_000_000))


def make(body: str, tmp_path: Path) -> PageModel:
    """The rendered model of one page (the prose is read from the rendering)."""
    root = tmp_path / f"site{next(_COUNT)}"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0])
    (root / "includes").mkdir()
    (root / "includes" / "urgent-help.md").write_text("", encoding="utf-8")
    (root / "data").mkdir()
    (root / "data" / "bibliography.json").write_text(bibliography_json(record("key")), encoding="utf-8")
    (root / "docs" / "t.md").write_text(page("T", body), encoding="utf-8")
    config, problems = load_project_config(root / "mkdocs.yml")
    return render_all(load_project(config, problems))["t.md"]


def test_prose_leaves_out_headings_code_tables_citations_and_clinician_blocks(tmp_path: Path) -> None:
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
    text = prose(make(body, tmp_path))
    assert "heading" not in text
    assert "table" not in text
    assert "code" not in text
    assert "Pharmacokinetic" not in text
    assert "@key" not in text
    assert "other.md" not in text
    assert "Plain words here. See the page." in text
    assert "a list item without a full stop." in text


def test_plain_text_scores_easier_than_dense_text(tmp_path: Path) -> None:
    """Short everyday sentences score a lower grade than long technical ones."""
    easy = measure(make("This is a short sentence. It uses small words. You can read it fast.\n" * 10, tmp_path), "e")
    hard = measure(
        make(
            "Pharmacological antagonism of ionotropic glutamatergic receptors precipitates multifactorial "
            "neuroplastic adaptations characterised by considerable interindividual heterogeneity.\n" * 10,
            tmp_path,
        ),
        "h",
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


# textstat 0.7.4 imports setuptools' pkg_resources, which Python 3.12's venv no longer installs.
_SCORES = """
import importlib.abc, sys
if sys.argv[1] == "blocked":  # as on a Python without setuptools
    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "pkg_resources":
                raise ModuleNotFoundError(name)
    sys.meta_path.insert(0, Block())
elif sys.argv[1] == "real":
    import pkg_resources
from kbcheck.readability import measure_text
from kbcheck.textstat_import import import_textstat
text = "Ketamine is a medicine. Doctors have used it for anaesthesia for many decades.\\nIt can cause dissociation."
figures = measure_text("t.md", text)
textstat = import_textstat()
print(figures.grade, figures.reading_ease, textstat.dale_chall_readability_score(text),
      "pkg_resources" in sys.modules)
"""


def test_textstat_scores_the_same_without_pkg_resources() -> None:
    def scores(mode: str) -> list[str]:
        done = subprocess.run(
            [str(BIN / "python"), "-c", _SCORES, mode],
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"},
            check=True,
        )
        return done.stdout.split()

    real, stand_in, blocked = scores("real"), scores("stand-in"), scores("blocked")
    assert real[:3] == stand_in[:3] == blocked[:3]  # grade, reading ease, Dale-Chall (reads textstat's word list)
    assert float(real[0]) > 0
    assert real[3] == "True"
    assert stand_in[3] == blocked[3] == "False"  # the stand-in is never left for another module to import
