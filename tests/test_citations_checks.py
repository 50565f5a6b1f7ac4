"""Page-level citation checks in real builds and the standalone command."""

from __future__ import annotations

import json
import re

from citation_data import bibliography_json, record
from conftest import BIN, page
from kbcheck.citations.lock import record_hash

CLINICAL = page("Clinical").replace("type: general", "type: clinical")


def clinical(body: str) -> str:
    return CLINICAL.split("\n# Clinical")[0] + "\n# Clinical\n\n" + body


def codes(result) -> list[str]:
    """Citation codes (KB2xx) logged by a build; other concerns' findings on test data are ignored."""
    return [m.group(1) for m in (re.search(r" (KB2\d\d) ", message) for message in result.ours()) if m]


def lock_for(*records: dict) -> str:
    entries = {r["id"]: {"hash": record_hash(r), "verified": "2026-01-01T00:00:00Z", "checks": []} for r in records}
    return json.dumps({"version": 1, "records": entries})


def make(make_site, pages: dict[str, str], *records: dict, lock: bool = True):
    site = make_site(pages)
    records = records or (record("a"),)
    site.write("data/bibliography.json", bibliography_json(*records))
    if lock:
        site.write("data/bibliography.lock.json", lock_for(*records))
    return site


def test_cited_site_builds_strict_with_references_and_bibliography_page(make_site) -> None:
    """A clean cited site passes --strict; the page has superscripts and the bibliography links back."""
    site = make(
        make_site,
        {
            "index.md": page("Home", "A claim [@a].\n"),
            "bibliography.md": page("Bibliography", "<!-- kb:bibliography -->\n"),
        },
    )
    result = site.build(strict=False)
    assert codes(result) == [], result.ours()
    home = (site.site_dir / "index.html").read_text(encoding="utf-8")
    sup = '<sup class="kb-cite" data-search-exclude="">'
    assert f'A claim.{sup}<a aria-label="Reference 1" class="kb-cite__link" href="#ref-a"' in home
    assert 'id="references"' in home
    bib = (site.site_dir / "bibliography/index.html").read_text(encoding="utf-8")
    assert '<li id="ref-a" class="kb-ref">' in bib
    assert 'Cited on: <a href="../#ref-a">Home</a>' in bib


def test_unknown_key_fails_strict_build_with_location_and_hint(make_site) -> None:
    """A misspelt key is KB210 at its line and column, with a did-you-mean hint, and stays visible."""
    site = make(make_site, {"index.md": page("Home", "Claim [@aa].\n")})
    result = site.build()
    assert result.aborted is not None
    (message,) = [m for m in result.ours() if "KB210" in m]
    assert message == "docs/index.md:13:8: KB210 error: unknown citation key '@aa' (hint: did you mean '@a'?)"
    assert ">[@aa]</span>" in (site.site_dir / "index.html").read_text(encoding="utf-8")


def test_malformed_and_front_matter_citations(make_site) -> None:
    """An open bracket is KB211; a citation in the description is KB212 at its line."""
    text = page("Home", "Open [@a here.\n").replace("description: A short", "description: [@a] A short")
    site = make(make_site, {"index.md": text})
    result = site.build(strict=False)
    # "[@a] A short" is not valid YAML, so MkDocs publishes the front matter as text, citation
    # included: the record counts as cited (no KB213), as the rendered page shows.
    assert sorted(codes(result)) == ["KB211", "KB212"]
    assert any(m.startswith("docs/index.md:3:14: KB212") for m in result.ours())


def test_clinical_page_without_citation_is_an_error_at_its_type(make_site) -> None:
    """A clinical page citing nothing fails, pointing at 'type:'."""
    site = make(make_site, {"index.md": page("Home", "Cites [@a].\n"), "c.md": clinical("No sources here.\n")})
    result = site.build()
    assert result.aborted is not None
    assert [m for m in result.ours() if "KB214" in m] == [
        "docs/c.md:4:1: KB214 error: clinical page cites no source (type: clinical) "
        "(hint: cite the sources of its statements as [@key], or change the page type)"
    ]


def test_citation_needed_flags_uncited_figures_only(make_site) -> None:
    """Figures and 'studies show' without a citation are flagged; cited ones, lead-ins and key points are not."""
    body = (
        '!!! abstract "Key points"\n    - 40% felt better within 2 hours.\n\n'
        "One trial gave 0.5 mg/kg [@a].\n\n"
        "The trial found:\n\n- 18 adults took part.\n\n"
        "It was cited above [@a]:\n\n- 18 adults took part.\n- Over 40 minutes.\n\n"
        "| Study | People |\n|---|---|\n| Trial [@a] | 18 adults |\n\n"
        "Studies show it works for everyone.\n\n"
        "It was given in 1999 under DSM-5, step 2.\n"
    )
    site = make(make_site, {"c.md": clinical(body)})
    result = site.build(strict=False)
    needed = [m for m in result.ours() if "KB215" in m]
    assert len(needed) == 2, needed
    assert "this list item states '18 adults'" in needed[0]
    assert needed[0].startswith("docs/c.md:20:3:")
    assert "this paragraph states 'Studies show'" in needed[1]


def test_uncited_record_is_a_warning_at_its_line(make_site) -> None:
    """A record nobody cites is KB213 at its id line in the bibliography."""
    site = make(make_site, {"index.md": page("Home", "Claim [@a].\n")}, record("a"), record("b"))
    result = site.build()
    assert result.aborted is not None
    assert codes(result) == ["KB213"]
    (message,) = [m for m in result.ours() if "KB213" in m]
    assert message.endswith(
        "data/bibliography.json:31:5: KB213 warning: no page cites 'b' (hint: cite it, or remove the record)"
    )


def test_lock_file_missing_or_stale_is_a_warning(make_site) -> None:
    """No lock file: one warning; a record edited after verification: a warning at that record."""
    site = make(make_site, {"index.md": page("Home", "Claim [@a].\n")}, lock=False)
    assert [c for c in codes(site.build(strict=False)) if c == "KB216"] == ["KB216"]
    site.write("data/bibliography.lock.json", lock_for(record("a", title="Old title")))
    messages = [m for m in site.build(strict=False).ours() if "KB216" in m]
    assert len(messages) == 1
    assert "'a' changed since it was verified (2026-01-01T00:00:00Z)" in messages[0]


def test_standalone_check_agrees_with_the_build(make_site) -> None:
    """`kbcheck check` reports the same citation findings, located, and exits 1."""
    site = make(make_site, {"index.md": page("Home", "Claim [@zz].\n")})
    result = site.run(str(BIN / "python"), "-m", "kbcheck", "check")
    assert result.returncode in {1, 2}, result.stderr
    assert "docs/index.md:13:8: KB210 error: unknown citation key '@zz'" in result.stdout


def test_thousands_of_citations_build(make_site) -> None:
    """A page with 3,000 citations renders every one and compresses nothing wrongly."""
    records = [record(f"r{n}") for n in range(30)]
    body = "\n\n".join(f"Claim {n} [@r{n % 30}]." for n in range(3000)) + "\n"
    site = make(make_site, {"index.md": page("Home", body)}, *records)
    result = site.build(strict=False)
    assert codes(result) == []
    html = (site.site_dir / "index.html").read_text(encoding="utf-8")
    assert html.count('<sup class="kb-cite" data-search-exclude="">') == 3000
