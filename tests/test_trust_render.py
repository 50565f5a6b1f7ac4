"""Trust rendering in real builds: the page foot, JSON-LD, meta tags, safe links,
and the KB5xx checks failing a strict build with file:line:col."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

from citation_data import bibliography_json, record
from conftest import ROOT, page
from kbcheck.citations.lock import record_hash
from kbcheck.parse import render_all
from kbcheck.project import load_project, load_project_config
from kbcheck.trust import review
from kbcheck.trust.external_links import secure_external_links
from kbcheck.trust.graph import build_graph

SITE_URL = "https://ketamine-anxiety-kb.github.io/kb/"
TODAY = dt.date.today()


def clinical(title: str, body: str, reviewed: dt.date) -> str:
    """A clinical page (it must cite a source: test record 'a') reviewed on ``reviewed``."""
    header = page(title, body + "\nA cited statement [@a].\n").split("\n---\n", 1)
    front = header[0].replace("type: general", "type: clinical")
    front = re.sub(r"reviewed: .*", f"reviewed: {reviewed.isoformat()}", front)
    return front + "\n---\n" + header[1]


def with_sources(site):
    """Give a test site a one-record bibliography (made up, never a real reference) and its lock.

    The real glossary and FAQ cite real records, so the site gets neither.
    """
    shutil.rmtree(site.root / "data", ignore_errors=True)
    source = record("a")
    site.write("data/bibliography.json", bibliography_json(source))
    entry = {"hash": record_hash(source), "verified": "2026-01-01T00:00:00Z", "checks": []}
    site.write("data/bibliography.lock.json", json.dumps({"version": 1, "records": {"a": entry}}))
    return site


def built(site, relative: str) -> str:
    return (site.site_dir / relative / "index.html").read_text(encoding="utf-8")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str, name: str) -> list[dict[str, str | None]]:
    collector = _Collect()
    collector.feed(html)
    return [attrs for tag, attrs in collector.tags if tag == name]


def foot(html: str) -> str:
    match = re.search(r'<footer class="kb-page-foot".*?</footer>', html, re.S)
    assert match, "no page foot"
    return match.group()


def test_foot_shows_provenance_dates_and_a_prefilled_error_report(make_site) -> None:
    """Author, review status in plain words, last check, next check (12 months for clinical), Report an error."""
    reviewed = TODAY - dt.timedelta(days=40)
    site = with_sources(
        make_site({"index.md": page("Home"), "gad.md": clinical("Generalised anxiety", "Text.\n", reviewed)})
    )
    assert site.build().aborted is None
    html = foot(built(site, "gad"))
    provenance = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html))
    assert provenance["Written by"] == "Editorial team"
    assert provenance["Clinical review"] == "Not yet reviewed by a clinician"
    assert f'datetime="{reviewed.isoformat()}"' in provenance["Last checked against the evidence"]
    assert f'datetime="{review.add_months(reviewed, 12).isoformat()}"' in provenance["Next check due"]
    (report,) = [a["href"] for a in tags(html, "a") if "issues/new" in (a["href"] or "")]
    url = urlsplit(report)
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("https", "github.com", "/ketamine-anxiety-kb/kb/issues/new")
    assert query["template"] == ["content-error.yml"]
    assert query["page"] == [SITE_URL + "gad/"]
    assert query["title"] == ["Content error: Generalised anxiety"]


def test_general_pages_are_due_after_36_months(make_site) -> None:
    """The next review of a non-clinical page is three years on."""
    site = make_site({"index.md": page("Home")})
    assert site.build().aborted is None
    reviewed = TODAY - dt.timedelta(days=30)
    assert f'datetime="{review.add_months(reviewed, 36).isoformat()}"' in foot(built(site, ""))


def test_issue_form_has_the_field_the_report_link_fills() -> None:
    """The content-error form exists and its 'page' field id matches the link's query."""
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/content-error.yml").read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert {"page", "problem"} <= ids
    assert form["name"] and form["description"]
    assert (ROOT / ".github/pull_request_template.md").is_file()


def test_json_ld_describes_the_page_and_its_sources(make_site) -> None:
    """One MedicalWebPage with the front matter's facts and a citation per cited record."""
    reviewed = TODAY - dt.timedelta(days=10)
    site = with_sources(make_site({"index.md": page("Home"), "sad.md": clinical("Social anxiety", "Text.", reviewed)}))
    assert site.build().aborted is None
    html = built(site, "sad")
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(script)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "Social anxiety"
    assert data["description"] == "A short description of the page."
    assert data["url"] == SITE_URL + "sad/"
    assert data["lastReviewed"] == reviewed.isoformat()
    assert data["author"] == {"@type": "Organization", "name": "Editorial team"}
    assert data["publisher"]["name"] == "Ketamine and Anxiety Evidence Guide"
    assert data["audience"] == [{"@type": "MedicalAudience", "audienceType": "Patient"}]
    assert data["about"]["name"]
    (citation,) = data["citation"]
    assert citation["@type"] == "ScholarlyArticle"
    assert citation["name"] == "Test title a"
    assert citation["datePublished"] == "2020"
    assert citation["isPartOf"] == {"@type": "Periodical", "name": "Journal of Tests"}
    assert citation["sameAs"] == ["https://doi.org/10.5555/a"]
    assert "</" not in script  # nothing in the data can close the script element


def test_meta_description_open_graph_and_canonical_url(make_site) -> None:
    """Description and Open Graph from the front matter; canonical URL from site_url."""
    site = make_site({"index.md": page("Home"), "gad.md": page("Worry")})
    assert site.build().aborted is None
    meta = {m.get("property") or m.get("name"): m.get("content") for m in tags(built(site, "gad"), "meta")}
    assert meta["description"] == "A short description of the page."
    assert meta["og:description"] == "A short description of the page."
    assert meta["og:title"] == "Worry"
    assert meta["og:type"] == "article"
    assert meta["og:url"] == SITE_URL + "gad/"
    (canonical,) = [link["href"] for link in tags(built(site, "gad"), "link") if link.get("rel") == "canonical"]
    assert canonical == SITE_URL + "gad/"


def test_backlinks_and_related_pages_come_from_the_real_links(make_site) -> None:
    """b is linked from a and d; a and d link to the same pages, so each is related to the other."""
    site = make_site(
        {
            "index.md": page("Home"),
            "a.md": page("Alpha", "See [b](b.md) and [c](c.md).\n"),
            "b.md": page("Bravo"),
            "c.md": page("Charlie"),
            "d.md": page("Delta", "Also [b](b.md) and [c](c.md).\n"),
        }
    )
    assert site.build().aborted is None
    bravo = foot(built(site, "b"))
    backlinks = re.search(r'id="kb-backlinks".*?</nav>', bravo, re.S).group()
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', backlinks) == [("../a/", "Alpha"), ("../d/", "Delta")]
    related = re.search(r'id="kb-related".*?</nav>', foot(built(site, "a")), re.S).group()
    assert ("../d/", "Delta") in re.findall(r'<a href="([^"]+)">([^<]+)</a>', related)
    alpha = foot(built(site, "a"))
    assert 'id="kb-backlinks"' not in alpha  # nothing links to a: no heading, no "none yet"
    assert "yet." not in alpha.split("</dl>", 1)[1]


def test_a_page_with_its_own_related_section_gets_no_second_one(make_site) -> None:
    """Authors' "## Related pages" wins; the generated list is left out, backlinks stay."""
    site = make_site(
        {
            "index.md": page("Home"),
            "a.md": page("Alpha", "See [b](b.md) and [c](c.md).\n\n## Related pages\n\n- [Delta](d.md)\n"),
            "b.md": page("Bravo"),
            "c.md": page("Charlie"),
            "d.md": page("Delta", "Also [b](b.md), [c](c.md) and [a](a.md).\n"),
        }
    )
    assert site.build().aborted is None
    html = built(site, "a")
    assert html.count(">Related pages<") == 1
    assert 'id="kb-related"' not in foot(html)
    assert 'id="kb-backlinks"' in foot(html)
    assert 'id="kb-related"' in foot(built(site, "d"))


def test_graph_ranks_by_shared_neighbours_and_ignores_hubs(make_site) -> None:
    """A hub linking everywhere makes nothing related; shared specific links do."""
    pages = {
        "index.md": page("Home", "".join(f"[{n}]({n}.md) " for n in "abcde") + "\n"),
        "a.md": page("A", "[x](x.md) [y](y.md)\n"),
        "b.md": page("B", "[x](x.md) [y](y.md)\n"),
        "c.md": page("C", "[z](z.md)\n"),
        "d.md": page("D"),
        "e.md": page("E"),
        "x.md": page("X"),
        "y.md": page("Y"),
        "z.md": page("Z"),
    }
    site = make_site(pages)
    config, _ = load_project_config(site.config_file)
    project = load_project(config)
    render_all(project)
    graph = build_graph(project)
    assert graph.backlinks["x.md"] == ["a.md", "b.md"]
    related = graph.related["a.md"]
    assert related[:3] == ["b.md", "x.md", "y.md"]  # shares both specific links, then its own targets
    assert "index.md" not in related  # already a backlink
    assert "z.md" not in related  # no shared neighbour at all


def test_external_links_in_content_get_noopener_noreferrer(make_site) -> None:
    """Markdown and raw-HTML links to other sites; internal and own-site links untouched."""
    body = (
        "[NICE](https://www.nice.org.uk/guidance/cg113) and "
        '<a href="https://doi.org/10.1/x" rel="nofollow">doi</a> and [home](index.md).\n'
    )
    site = make_site({"index.md": page("Home"), "gad.md": page("Links", body)})
    assert site.build().aborted is None
    anchors = {a["href"]: a.get("rel") for a in tags(built(site, "gad"), "a")}
    assert anchors["https://www.nice.org.uk/guidance/cg113"] == "noopener noreferrer"
    assert anchors["https://doi.org/10.1/x"] == "nofollow noopener noreferrer"
    assert anchors["../"] is None


def test_secure_external_links_keeps_everything_else_byte_for_byte() -> None:
    """Only the start tags of external links change."""
    html = (
        '<p>A <a href="https://a.example/x?y=1&amp;z=2">a</a> <a href="#ref-1">1</a> '
        '<a href="mailto:x@example.org">m</a> <A HREF="//b.example/">b</A> '
        '<a href="https://c.example/" rel="noopener noreferrer">c</a></p>'
    )
    html += f'<a href="{SITE_URL}gad/">this site</a>'
    out = secure_external_links(html, SITE_URL)
    assert out.count('rel="noopener noreferrer"') == 3
    assert f'<a href="{SITE_URL}gad/">this site</a>' in out
    assert '<a href="#ref-1">1</a> <a href="mailto:x@example.org">m</a>' in out
    assert 'href="https://a.example/x?y=1&amp;z=2"' in out
    assert secure_external_links(out, SITE_URL) == out


def test_unsafe_html_fails_the_strict_build_at_its_position(make_site) -> None:
    """A script tag in a page is KB510 with file:line:col, and --strict aborts."""
    site = make_site({"index.md": page("Home", "Fine text.\n\nMore <script>alert(1)</script> text.\n")})
    result = site.build()
    assert result.aborted is not None
    assert any(message.startswith("docs/index.md:15:6: KB510 error:") for message in result.ours()), result.ours()


def test_overdue_and_soon_due_reviews_fail_the_strict_build(make_site) -> None:
    """Overdue is an error (KB502); due within 30 days a warning (KB501); both stop --strict."""
    overdue = clinical("Old", "Text.\n", TODAY - dt.timedelta(days=400))
    soon = clinical("Soon", "Text.\n", review.add_months(TODAY, -12) + dt.timedelta(days=10))
    site = with_sources(make_site({"index.md": page("Home"), "old.md": overdue, "soon.md": soon}))
    result = site.build()
    assert result.aborted is not None
    ours = result.ours()
    assert any(m.startswith("docs/old.md:8:1: KB502 error: review was due on") for m in ours), ours
    assert any(m.startswith("docs/soon.md:8:1: KB501 warning: review is due on") for m in ours), ours


def test_the_standalone_check_reports_the_same(make_site) -> None:
    """`python -m kbcheck check` finds the same KB5xx problem as the build."""
    site = make_site({"index.md": page("Home", '<img src="https://tracker.example/p.gif" alt="">\n')})
    result = site.run(str(Path(ROOT / ".venv/bin/python")), "-m", "kbcheck", "check", "--config", "mkdocs.yml")
    assert result.returncode == 1
    assert "docs/index.md:13:6: KB514 error:" in result.stdout, result.stdout


def test_about_rules_give_each_page_its_subjects(make_site) -> None:
    """Every matching rule adds a subject (name defaults to the title); no match: the page itself."""
    from kbcheck.trust.structured_data import about_of

    site = make_site({"index.md": page("Home"), "anxiety/gad.md": page("GAD"), "about.md": page("About us")})
    config, _ = load_project_config(site.config_file)
    project = load_project(config)
    options = {
        "about": [
            {"pages": "anxiety/*", "type": "MedicalCondition"},
            {"pages": "anxiety/*", "type": "MedicalTherapy", "name": "Ketamine therapy"},
            {"pages": "index.md", "type": "MedicalTherapy", "name": "Ketamine therapy"},
        ]
    }
    assert about_of(project, "anxiety/gad.md", options) == [
        {"@type": "MedicalCondition", "name": "GAD"},
        {"@type": "MedicalTherapy", "name": "Ketamine therapy"},
    ]
    assert about_of(project, "index.md", options) == {"@type": "MedicalTherapy", "name": "Ketamine therapy"}
    assert about_of(project, "about.md", options) == {"@type": "Thing", "name": "About us"}


def test_foot_goes_at_the_theme_marker_else_before_the_article_end() -> None:
    """Themes without our marker still get the foot inside the article; pages without one are left alone."""
    from kbcheck.trust.page_foot import MARKER, insert_foot
    from kbcheck.trust.structured_data import insert_in_head

    assert insert_foot(f"<article>a{MARKER}b</article>", "F") == "<article>aFb</article>"
    assert insert_foot("<article>ab</article>", "F") == "<article>abF</article>"
    assert insert_foot("<p>no article</p>", "F") == "<p>no article</p>"
    assert insert_in_head("<head><title>t</title></head>", "<x>") == "<head><title>t</title><x>\n</head>"
    assert insert_in_head("<p>fragment</p>", "<x>") == "<p>fragment</p>"


def test_relative_urls_between_directory_pages(make_site) -> None:
    """Links in the foot and the generated lists are relative, so the site works under any prefix."""
    from kbcheck.pagelinks import page_href

    site = make_site({"index.md": page("Home"), "anxiety/index.md": page("A"), "anxiety/gad.md": page("G")})
    config, _ = load_project_config(site.config_file)
    project = load_project(config)
    assert page_href(project, "anxiety/gad.md", "index.md") == "../../"
    assert page_href(project, "anxiety/gad.md", "anxiety/index.md") == "../"
    assert page_href(project, "index.md", "anxiety/gad.md") == "anxiety/gad/"
    assert page_href(project, "anxiety/index.md", "anxiety/gad.md") == "gad/"
