"""The theme override under each title: the page's summary, its review status in plain
words, and the header's "Urgent help" link only on pages with the crisis box."""

from __future__ import annotations

import copy
import re

import yaml

from conftest import ROOT, page

KB = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["kb"]


def _built(site, relative: str) -> str:
    return (site.site_dir / relative / "index.html").read_text(encoding="utf-8")


def _intro(html: str) -> tuple[str, str]:
    summary = re.search(r'<p class="kb-summary">(.*?)</p>', html, re.S)
    status = re.search(r'<p class="kb-status">(.*?)</p>', html, re.S)
    assert summary and status, "no summary or status under the title"
    return summary.group(1), " ".join(re.sub(r"<[^>]+>", "", status.group(1)).split())


def test_summary_and_plain_status_follow_the_title(make_site) -> None:
    """The description and 'Not yet reviewed by a clinician', after the <h1>, escaped."""
    text = page("Worry").replace("A short description of the page.", "Worry & <what> helps.")
    site = make_site({"index.md": page("Home"), "gad.md": text})
    assert site.build().aborted is None
    html = _built(site, "gad")
    summary, status = _intro(html)
    assert summary == "Worry &amp; &lt;what&gt; helps."
    assert status.startswith("Written by Editorial team. Not yet reviewed by a clinician.")
    assert re.search(r"Last checked against the evidence on \d{1,2} [A-Z][a-z]+ \d{4}\.$", status), status
    assert html.index("</h1>") < html.index('class="kb-summary"') < html.index("<p>Some text.</p>")


def test_reviewer_named_when_clinically_reviewed(make_site) -> None:
    text = page("Worry").replace(
        "review_status: not yet clinically reviewed", "review_status: clinically reviewed\nreviewer: Dr A. Example"
    )
    site = make_site({"index.md": page("Home"), "gad.md": text})
    assert site.build().aborted is None
    assert "Reviewed by Dr A. Example." in _intro(_built(site, "gad"))[1]


def test_urgent_help_link_only_where_the_box_is(make_site) -> None:
    """Pages including urgent-help.md show the header link; a page without the box hides it."""
    kb = copy.deepcopy(KB)
    kb["front_matter"]["types"] = ["clinical", "general", "reference", "site"]
    kb["includes"]["required_types"] = ["clinical", "general"]
    about = page("About us").replace("type: general", "type: site").replace('--8<-- "urgent-help.md"\n', "")
    site = make_site({"index.md": page("Home"), "about.md": about}, extra_kb=kb)
    result = site.build()
    assert result.aborted is None, result.messages()
    link = re.compile(r'<a href="#urgent-help" class="md-header__button kb-help-now"( hidden)?>')
    assert link.search(_built(site, "")).group(1) is None
    assert 'id="urgent-help"' in _built(site, "")
    assert link.search(_built(site, "about")).group(1) == " hidden"
    assert "Last updated on" in _intro(_built(site, "about"))[1]
    assert "clinician" not in _intro(_built(site, "about"))[1]
