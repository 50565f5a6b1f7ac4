"""Adding sources by identifier and from BibTeX/RIS files, against stub Crossref and PubMed servers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from citation_data import bibliography_json, record
from conftest import BIN, page, run
from kbcheck import checks
from kbcheck.addref.identifiers import Identifier, parse_identifier
from kbcheck.addref.record import propose_key
from kbcheck.project import load_project, load_project_config
from stub_services import (
    PLAIN_PMID,
    RETRACTED_DOI,
    RETRACTION_NOTICE,
    TRIAL_DOI,
    TRIAL_PMCID,
    TRIAL_PMID,
    stub,  # noqa: F401 - the fixture
)

EXISTING = record("alpha2020test", PMID="12345")


@pytest.fixture
def project(make_site, stub):  # noqa: F811 - the fixture
    stub.fictional()
    extra = {"citations": {"verify": {"contact": "editors@example.org", "backoff": 0.01, "retries": 1}}}
    site = make_site({"index.md": page("Home", "A claim [@alpha2020test].\n")}, extra_kb=extra)
    site.write("data/bibliography.json", bibliography_json(EXISTING))
    return site


def kbcheck(site, stub, *args: str, stdin: str | None = None):  # noqa: F811
    env = {**os.environ, **stub.env(), "PYTHONPATH": str(Path(__file__).parent.parent / "hooks")}
    import subprocess

    return subprocess.run(
        [str(BIN / "python"), "-m", "kbcheck", *args],
        cwd=site.root,
        env=env,
        input=stdin or "",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def bibliography(site) -> list[dict]:
    return json.loads((site.root / "data/bibliography.json").read_text(encoding="utf-8"))


def lock(site) -> dict:
    return json.loads((site.root / "data/bibliography.lock.json").read_text(encoding="utf-8"))


def test_add_by_doi_merges_crossref_and_pubmed_and_locks(project, stub) -> None:  # noqa: F811
    """A DOI: Crossref's fields, PubMed's PMID, PMCID and NLM abbreviation; a key in the site's convention."""
    result = kbcheck(project, stub, "add-ref", TRIAL_DOI, "--kind", "rct")
    assert result.returncode == 0, result.stdout + result.stderr
    added = bibliography(project)[-1]
    assert added["id"] == "testperson2024ketamine"
    assert added["title"] == "Ketamine for a fictional test condition: a randomised placebo-controlled trial"
    assert added["author"] == [{"family": "Testperson", "given": "Alex"}, {"family": "Nobody", "given": "Sam"}]
    assert added["container-title"] == "Journal of Fictional Test Medicine"
    assert added["container-title-short"] == "J Fict Test Med"
    assert added["issued"] == {"date-parts": [[2024, 3]]}
    assert (added["volume"], added["issue"], added["page"]) == ("12", "3", "101-110")
    assert (added["DOI"], added["PMID"], added["PMCID"]) == (TRIAL_DOI, TRIAL_PMID, TRIAL_PMCID)
    assert added["evidence"] == "rct"
    assert "Crossref (DOI 10.5555/kb-test.1) and PubMed esummary (PMID 99000001)" in added["verification-note"]
    assert list(added)[:4] == ["id", "type", "evidence", "title"]
    entry = lock(project)["records"]["testperson2024ketamine"]
    assert [c["service"] for c in entry["checks"]] == ["crossref", "pubmed"]
    assert "journal abbreviation" in entry["checks"][1]["compared"]
    assert "data/bibliography.json:" in result.stdout
    assert "added 'testperson2024ketamine' (rct)" in result.stdout
    assert "Cite it as [@testperson2024ketamine]." in result.stdout
    # The record passes every bibliography check, and the lock knows it (no KB216 for it).
    config, problems = load_project_config(project.config_file)
    found = [d for d in checks.run_checks(load_project(config, problems)) if "testperson2024ketamine" in d.message]
    assert [d.code for d in found] == ["KB213"], [d.format() for d in found]  # only "no page cites it yet"


@pytest.mark.parametrize("given", [f"PMID:{TRIAL_PMID}", TRIAL_PMCID, f"https://doi.org/{TRIAL_DOI}"])
def test_pmid_and_pmcid_give_the_same_record(project, stub, given: str) -> None:  # noqa: F811
    result = kbcheck(project, stub, "add-ref", given, "--kind", "rct")
    assert result.returncode == 0, result.stdout + result.stderr
    added = bibliography(project)[-1]
    assert (added["id"], added["DOI"], added["PMID"], added["PMCID"]) == (
        "testperson2024ketamine",
        TRIAL_DOI,
        TRIAL_PMID,
        TRIAL_PMCID,
    )


def test_pubmed_only_record(project, stub) -> None:  # noqa: F811
    """No DOI: PubMed's fields, authors as initials (said in the note), a collective author kept literal."""
    result = kbcheck(project, stub, "add-ref", f"PMID:{PLAIN_PMID}", "--kind", "systematic-review")
    assert result.returncode == 0, result.stdout + result.stderr
    added = bibliography(project)[-1]
    assert added["id"] == "sample2022fictional"
    assert added["author"] == [{"family": "Sample", "given": "QR"}, {"literal": "Fictional Study Group"}]
    assert added["title"] == "A fictional systematic review of test interventions"
    assert added["issued"] == {"date-parts": [[2022]]}
    assert "DOI" not in added
    assert "initials" in added["verification-note"]


def test_retracted_work_is_refused_with_the_notice(project, stub) -> None:  # noqa: F811
    before = (project.root / "data/bibliography.json").read_text(encoding="utf-8")
    result = kbcheck(project, stub, "add-ref", RETRACTED_DOI, "--kind", "rct")
    assert result.returncode == 1
    assert f"KB218 error: not added: Crossref lists a retraction for DOI {RETRACTED_DOI}: notice" in result.stdout
    assert RETRACTION_NOTICE in result.stdout
    assert "PubMed marks PMID 99000002 as a retracted publication" in result.stdout
    assert (project.root / "data/bibliography.json").read_text(encoding="utf-8") == before
    assert not (project.root / "data/bibliography.lock.json").exists()


def test_existing_identifier_names_the_key(project, stub) -> None:  # noqa: F811
    """An identifier already present is refused before any request, naming the record and its line."""
    result = kbcheck(project, stub, "add-ref", "PMID:12345", "--kind", "rct")
    assert result.returncode == 1
    assert "KB222 error: PMID 12345 is already in the bibliography as 'alpha2020test'" in result.stdout
    assert result.stdout.startswith("data/bibliography.json:")
    assert stub.requests == []
    # Found only through the services: the DOI resolves to a PMID that is already there.
    kbcheck(project, stub, "add-ref", TRIAL_DOI, "--kind", "rct")
    again = kbcheck(project, stub, "add-ref", TRIAL_PMCID, "--kind", "rct")
    assert again.returncode == 1
    assert "as 'testperson2024ketamine'" in again.stdout


def test_unknown_identifier_and_bad_input(project, stub) -> None:  # noqa: F811
    unknown = kbcheck(project, stub, "add-ref", "10.5555/kb-test.404", "--kind", "rct")
    assert unknown.returncode == 1
    assert "KB220 error: neither Crossref nor PubMed knows DOI 10.5555/kb-test.404" in unknown.stdout
    bad = kbcheck(project, stub, "add-ref", "not-an-id", "--kind", "rct")
    assert bad.returncode == 2
    assert "is not an identifier" in bad.stderr


def test_no_kind_outside_a_terminal_exits_two_with_the_suggestion(project, stub) -> None:  # noqa: F811
    result = kbcheck(project, stub, "add-ref", TRIAL_DOI)
    assert result.returncode == 2
    assert "KIND=rct" in result.stderr
    assert len(bibliography(project)) == 1


def test_service_down_exits_two_and_writes_nothing(project, stub) -> None:  # noqa: F811
    stub.fail.add("/ncbi/esearch.fcgi")
    result = kbcheck(project, stub, "add-ref", TRIAL_DOI, "--kind", "rct", "--no-cache")
    assert result.returncode == 2
    assert "nothing was written" in result.stderr
    assert len(bibliography(project)) == 1


def test_dry_run_writes_nothing(project, stub) -> None:  # noqa: F811
    result = kbcheck(project, stub, "add-ref", TRIAL_DOI, "--kind", "rct", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert '"id": "testperson2024ketamine"' in result.stdout
    assert len(bibliography(project)) == 1
    assert not list((project.root / "data").glob(".bibliography*"))


def test_polite_requests(project, stub) -> None:  # noqa: F811
    """A contact address in the User-Agent and in NCBI's email parameter, with tool=kbcheck."""
    kbcheck(project, stub, "add-ref", TRIAL_DOI, "--kind", "rct")
    for path, query, headers, _ in stub.requests:
        assert "mailto:editors@example.org" in headers["User-Agent"]
        if path.startswith("/ncbi/"):
            assert query["tool"] == ["kbcheck"]
            assert query["email"] == ["editors@example.org"]


BIBTEX = f"""\
@article{{zotero1,
  title = {{Ketamine for a fictional test condition}},
  author = {{Testperson, Alex and Nobody, Sam}},
  doi = {{{TRIAL_DOI}}},
  year = {{2024}},
}}

@article{{nothing,
  title = {{A work without identifiers}},
  year = {{2020}},
}}

@article{{broken,
  title = {{never closed
"""
RIS = f"""\
TY  - JOUR
TI  - Ketamine for a fictional test condition
AU  - Testperson, Alex
DO  - {TRIAL_DOI}
ER  - 

TY  - JOUR
TI  - A fictional systematic review of test interventions
AN  - {PLAIN_PMID}
ER  - 
"""


def test_import_bibtex_gives_the_same_record_as_add_ref(project, stub, tmp_path: Path) -> None:  # noqa: F811
    kbcheck(project, stub, "add-ref", TRIAL_DOI, "--kind", "rct")
    by_hand = bibliography(project)[-1]
    project.write("data/bibliography.json", bibliography_json(EXISTING))
    (project.root / "data/bibliography.lock.json").unlink()
    project.write("zotero.bib", BIBTEX)
    result = kbcheck(project, stub, "import-refs", "zotero.bib", "--kind", "rct")
    assert result.returncode == 1, result.stdout + result.stderr  # the broken entry
    imported = bibliography(project)[-1]
    assert {k: v for k, v in imported.items() if k != "verification-note"} == {
        k: v for k, v in by_hand.items() if k != "verification-note"
    }
    assert "zotero.bib:8:1: KB224 warning: @article{nothing} has no DOI or PMID" in result.stdout
    assert "zotero.bib:13:1: KB223 error: BibTeX entry cannot be read" in result.stdout


def test_import_ris(project, stub) -> None:  # noqa: F811
    project.write("zotero.ris", RIS)
    result = kbcheck(project, stub, "import-refs", "zotero.ris", "--kind", "rct")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [r["id"] for r in bibliography(project)] == [
        "alpha2020test",
        "testperson2024ketamine",
        "sample2022fictional",
    ]
    assert set(lock(project)["records"]) == {"testperson2024ketamine", "sample2022fictional"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1000/xyz", Identifier("DOI", "10.1000/xyz")),
        ("doi:10.1000/xyz", Identifier("DOI", "10.1000/xyz")),
        ("https://doi.org/10.1000/a%2Fb", Identifier("DOI", "10.1000/a/b")),
        ("PMID:123", Identifier("PMID", "123")),
        ("pmid: 123", Identifier("PMID", "123")),
        ("pmc77", Identifier("PMCID", "PMC77")),
        ("hello", None),
    ],
)
def test_identifier_forms(text: str, expected: Identifier | None) -> None:
    assert parse_identifier(text) == expected


def test_key_convention() -> None:
    """firstauthor + year + first meaningful title word, as the existing keys are made; unique."""
    data = {"author": [{"family": "Ó Brien"}], "issued": {"date-parts": [[2021]]}, "title": "The ketamine's effect"}
    assert propose_key(data, set()) == "obrien2021ketamine"
    assert propose_key(data, {"obrien2021ketamine"}) == "obrien2021ketamineb"
    assert propose_key({"author": [{"literal": "NICE"}], "title": "A guideline"}, set()) == "nicendguideline"


def test_make_add_ref_needs_id() -> None:
    from conftest import ROOT

    result = run(["make", "--no-print-directory", "add-ref"], cwd=ROOT)
    assert result.returncode == 2
    assert "usage: make add-ref ID=" in result.stderr


def test_kind_is_asked_at_a_terminal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """At a terminal the kinds are listed and PubMed's suggestion is the default; a wrong answer is asked again."""
    import sys

    from kbcheck.addref import choose_kind

    answers = iter(["rtc", ""])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert choose_kind(None)("rct", "A title") == "rct"
    shown = capsys.readouterr().out
    assert "Evidence kind for 'A title':" in shown
    assert "'rtc' is not one of the kinds above" in shown
    assert choose_kind("guideline")("rct", "A title") == "guideline"
