"""Every built page, light and dark: no errors, no third-party requests, axe clean,
valid structured data that agrees with the page's front matter."""

from __future__ import annotations

import datetime as dt

import pytest

from kbcheck.citations.model import bibliography
from kbcheck.parse import render_all
from kbcheck.project import load_project, load_project_config

from .audit import describe, parse_json_ld
from .conftest import ROOT, BuiltPage, SiteAudit

pytestmark = pytest.mark.browser


def _failures(audits: list, attribute: str) -> dict[str, list[str]]:
    return {a.url: getattr(a, attribute) for a in audits if getattr(a, attribute)}


def test_every_page_was_audited_in_both_palettes(audits: SiteAudit, pages: list[BuiltPage]) -> None:
    """Light pages use Material's default scheme and dark pages its slate scheme."""
    print(f"\n{len(pages)} pages audited twice in {audits.seconds:.1f} s")
    assert len(audits.light) == len(audits.dark) == len(pages)
    assert {a.scheme for a in audits.light} == {"default"}
    assert {a.scheme for a in audits.dark} == {"slate"}


def test_no_console_errors(audits: SiteAudit) -> None:
    """No page logs an error or throws."""
    assert _failures(audits.light + audits.dark, "console_errors") == {}


def test_no_failed_requests(audits: SiteAudit) -> None:
    """Every local resource a page asks for exists."""
    assert _failures(audits.light + audits.dark, "failed_requests") == {}


def test_no_third_party_requests(audits: SiteAudit) -> None:
    """Not one request leaves the site: no fonts, scripts, images or API calls elsewhere."""
    assert _failures(audits.light + audits.dark, "third_party") == {}


def test_no_cookies(audits: SiteAudit) -> None:
    """Reading the site sets no cookie."""
    assert audits.cookies == []


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_axe_finds_no_wcag_violations(audits: SiteAudit, palette: str) -> None:
    """axe-core (WCAG 2.0-2.2, A and AA) reports nothing on any page."""
    found = {a.url: a.violations for a in getattr(audits, palette) if a.violations}
    report = "\n".join(f"{url}\n{describe(violations)}" for url, violations in found.items())
    assert not found, f"{len(found)} pages with violations in the {palette} palette:\n{report}"


def test_tooltips_show_on_every_page_that_has_them(audits: SiteAudit) -> None:
    """Hovering a glossary term or citation (or any titled element) shows Material's tooltip."""
    with_hosts = [a for a in audits.light if a.tooltip is not None]
    assert len(with_hosts) >= len(audits.light) - 1, "almost every page has a term, citation or heading link"
    assert [a.url for a in with_hosts if not a.tooltip.strip()] == []


def test_structured_data_on_every_content_page(audits: SiteAudit, pages: list[BuiltPage]) -> None:
    """One valid MedicalWebPage per page, matching its front matter and canonical URL."""
    config, _ = load_project_config(ROOT / "mkdocs.yml")
    project = load_project(config)
    render_all(project)
    problems: dict[str, list[str]] = {}
    for built, audit in zip(pages, audits.light, strict=True):
        if built.source is None:
            continue  # theme pages such as 404.html
        problems[audit.url] = _structured_data_problems(project, built.source, audit.json_ld, audit.canonical)
    assert {url: found for url, found in problems.items() if found} == {}


def _structured_data_problems(
    project,
    source: str,
    blocks: list[str],
    canonical: str | None,
) -> list[str]:
    try:
        parsed = parse_json_ld(blocks)
    except ValueError as exc:
        return [f"invalid JSON-LD: {exc}"]
    pages = [d for d in parsed if d.get("@type") == "MedicalWebPage"]
    if len(pages) != 1:
        return [f"expected one MedicalWebPage, found {len(pages)}"]
    data, meta = pages[0], project.pages[source].meta
    records = bibliography(project).records
    cited_keys = [key for key in project.rendered[source].cited_keys if key in records]
    problems = [f"missing '{key}'" for key in _REQUIRED if not data.get(key)]
    if data.get("@context") != "https://schema.org":
        problems.append(f"@context is {data.get('@context')!r}")
    if data.get("name") != meta.get("title"):
        problems.append(f"name {data.get('name')!r} differs from the title {meta.get('title')!r}")
    if data.get("description") != meta.get("description"):
        problems.append("description differs from the front matter")
    if data.get("url") != project.absolute_url(source) or data.get("url") != canonical:
        problems.append(f"url {data.get('url')!r} is not the canonical URL {canonical!r}")
    reviewed = meta.get("reviewed")
    if isinstance(reviewed, dt.date) and data.get("lastReviewed") != reviewed.isoformat():
        problems.append(f"lastReviewed {data.get('lastReviewed')!r} differs from reviewed {reviewed}")
    citations = data.get("citation")
    if not isinstance(citations, list) or not all(c.get("@type") and c.get("name") for c in citations):
        problems.append("citation is not a list of named works")
    elif len(citations) != len(cited_keys):
        problems.append(f"{len(citations)} citation entries for {len(cited_keys)} cited sources")
    return problems


_REQUIRED = ("name", "description", "url", "lastReviewed", "author", "publisher", "audience", "about")
