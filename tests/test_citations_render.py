"""Rendering: AMA superscripts, numbering, accessible names, the References section, anchors."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citation_data import bibliography_json, record
from conftest import page
from kbcheck.parse import extension_list, render_all, render_page
from kbcheck.project import Project, load_project, load_project_config


@pytest.fixture
def project_with(make_site) -> Callable[..., Project]:
    def factory(body: str, *records: dict) -> Project:
        site = make_site({"index.md": page("Home", body)})
        site.write("data/bibliography.json", bibliography_json(*(records or (record("a"), record("b"), record("c")))))
        config, problems = load_project_config(site.config_file)
        return load_project(config, problems)

    return factory


def rendered(project: Project) -> str:
    """The page as Python-Markdown renders it with the project's extensions (ours included)."""
    return render_page(project, "index.md", extension_list(project))


def numbers(html: str) -> list[str]:
    return re.findall(r'<sup class="kb-cite"[^>]*>(.*?)</sup>', html)


def test_numbers_follow_first_citation_and_move_outside_punctuation(project_with) -> None:
    """b is cited first, so it is 1; the full stop and comma move before the superscript."""
    html = rendered(project_with("First [@b]. Then [@a], again [@b].\n"))
    assert "First.<sup" in html
    assert "Then,<sup" in html
    assert [re.sub(r"<[^>]+>", "", n) for n in numbers(html)] == ["1", "2", "1"]


def test_consecutive_numbers_compress_to_a_range(project_with) -> None:
    """[@a; @b; @c] after nothing else is 1–3, one link named 'References 1–3' (its visible text in its name)."""
    html = rendered(project_with("All three [@c; @a; @b].\n"))
    (group,) = numbers(html)
    assert unescape(re.sub(r"<[^>]+>", "", group)) == "1–3"
    assert unescape(group).count('aria-label="References 1–3"') == 1


def test_what_the_rendering_adds_to_an_ascii_page_is_ascii(project_with) -> None:
    """An en dash, a cut title's "…" and an author's "ö" arrive as character references.

    MkDocs holds every page's HTML until it is written, and one character above
    U+00FF makes CPython store the whole string at two bytes a character.
    """
    long_title = "A title long enough to be cut short in the hover text of the citation that names it, twice over"
    cited = record("a", title=long_title, author=[{"family": "Söderström", "given": "Å"}])
    html = rendered(project_with("All three [@a; @b; @c].\n", cited, record("b"), record("c")))
    assert html.isascii()
    assert "1–3" in unescape(html)
    assert "…" in unescape(html)
    assert "Söderström" in unescape(html)


def test_two_numbers_are_not_a_range(project_with) -> None:
    """Two consecutive numbers stay a list: 1,2."""
    html = rendered(project_with("Two [@a; @b].\n"))
    assert re.sub(r"<[^>]+>", "", numbers(html)[0]) == "1,2"


def test_each_link_has_an_accessible_name_and_a_hover_reference(project_with) -> None:
    """Screen readers hear 'Reference 1'; hovering shows the short reference."""
    html = rendered(project_with("Claim [@a].\n"))
    link = re.search(r'<a [^>]*class="kb-cite__link"[^>]*>', html).group()
    assert 'href="#ref-a"' in link
    assert 'aria-label="Reference 1"' in link
    assert 'title="Alpha et al. Test title a. 2020."' in link


def test_locator_is_shown_in_ama_form(project_with) -> None:
    """[@a, p. 4] renders as 1(p4); the accessible name contains that visible text and keeps the page."""
    html = rendered(project_with("Claim [@a, p. 4].\n"))
    assert ">1(p4)</a>" in html
    assert 'aria-label="Reference 1(p4), p. 4"' in html
    assert re.search(r'title="[^"]* p\. 4"', html)


def test_references_section_in_ama_style_with_links_and_evidence(project_with) -> None:
    """The appended list has the AMA entry, DOI/PubMed/PMC links and the evidence label."""
    item = record("a", PMID="123456", PMCID="PMC654321", author=[{"family": f"N{i}", "given": "A"} for i in range(7)])
    html = rendered(project_with("Claim [@a].\n", item))
    assert '<h2 data-search-exclude="" id="references">References' in html
    entry = re.search(r'<li class="kb-ref" id="ref-a">.*</li>', html).group()
    assert "N0 A, N1 A, N2 A, et al. Test title a. <i>Journal of Tests</i>. 2020;1(2):3-4. doi:10.5555/a" in entry
    assert 'href="https://doi.org/10.5555/a"' in entry
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/123456/"' in entry
    assert 'href="https://pmc.ncbi.nlm.nih.gov/articles/PMC654321/"' in entry
    assert ">Randomised controlled trial</span>" in entry


def test_six_authors_are_all_listed(project_with) -> None:
    """AMA lists up to six authors in full."""
    item = record("a", author=[{"family": f"N{i}", "given": "A"} for i in range(6)])
    html = rendered(project_with("Claim [@a].\n", item))
    assert "N0 A, N1 A, N2 A, N3 A, N4 A, N5 A. Test title a." in html


def test_record_listing_first_six_of_more_authors_gets_et_al(project_with) -> None:
    """A record whose note says more authors exist is shown as first three, et al."""
    item = record("a", author=[{"family": f"N{i}", "given": "A"} for i in range(6)], note="and 4 more authors")
    html = rendered(project_with("Claim [@a].\n", item))
    assert "N0 A, N1 A, N2 A, et al. Test title a." in html


@pytest.mark.parametrize(
    ("authors", "note", "shown"),
    [
        ([("Feder", "")], "and others", "Feder, et al. Test title a."),
        ([("Feder", "A"), ("Costi", "S")], "et al.", "Feder A, Costi S, et al. Test title a."),
        ([("N0", "A"), ("N1", "A"), ("N2", "A")], "and others", "N0 A, N1 A, N2 A, et al. Test title a."),
    ],
)
def test_record_listing_fewer_than_three_of_more_authors_gets_et_al(project_with, authors, note, shown) -> None:
    """Only the authors the record lists are shown, then et al: never a blank or invented name."""
    item = record(
        "a",
        author=[{"family": family, "given": given} if given else {"family": family} for family, given in authors],
        note=note,
    )
    html = rendered(project_with("Claim [@a].\n", item))
    assert shown in html
    assert not re.search("[\ue000-\uf8ff]", html)  # no private-use placeholder left
    assert f'title="{authors[0][0]} et al. Test title a.' in html  # the hover text says so too


def test_field_text_is_escaped(project_with) -> None:
    """Record text never becomes markup: & and < are escaped in the entry and the hover."""
    html = rendered(project_with("Claim [@a].\n", record("a", title="Risk <b>& benefit</b>")))
    assert "Risk &lt;b&gt;&amp; benefit&lt;/b&gt;" in html
    assert "<b>" not in html


def test_unknown_key_stays_visible(project_with) -> None:
    """An unknown key is shown as [@key], never dropped; known ones still render."""
    html = rendered(project_with("Claim [@zzz; @a].\n"))
    assert '<span class="kb-cite-unknown" title="Unknown source">[@zzz]</span>' in html
    assert 'href="#ref-a"' in html


def test_code_and_escaped_citations_are_left_alone(project_with) -> None:
    """Citations in code and escaped brackets are not rendered, and the checks see none."""
    project = project_with("Inline `[@a]` and \\[@b].\n")
    html = rendered(project)
    assert "<code>[@a]</code>" in html and "[@b]" in html
    assert "kb-cite" not in html and 'id="references"' not in html
    assert render_all(project)["index.md"].citations == []


def test_model_lists_every_generated_id(project_with) -> None:
    """The link checker learns the References heading and one id per cited record, from the parse."""
    project = project_with("Claim [@b; @a] and [@zzz].\n")
    model = render_all(project)["index.md"]
    assert {"references", "ref-a", "ref-b"} <= model.anchors
    assert "ref-zzz" not in model.anchors
    assert [use.key for use in model.citations] == ["b", "a", "zzz"]
    html = rendered(project)
    for anchor in ("references", "ref-a", "ref-b"):
        assert f'id="{anchor}"' in html


def test_citation_in_a_heading_is_a_superscript(project_with) -> None:
    """A citation in a heading renders like any other (the table of contents shows the heading's text)."""
    html = rendered(project_with("## Results [@a]\n\nText [@a].\n", record("a")))
    assert re.search(r'<h2 id="results">Results<sup class="kb-cite"', html)
    assert [re.sub(r"<[^>]+>", "", n) for n in numbers(html)] == ["1", "1"]


def test_citation_in_image_alt_text_is_reported_not_rendered(project_with) -> None:
    """Alt text cannot hold a superscript: it keeps the bracket as text, and the checks say so at its line."""
    project = project_with("![A chart [@a]](chart.png)\n\nClaim [@b].\n")
    html = rendered(project)
    assert 'alt="A chart [@a]"' in html
    assert re.sub(r"<[^>]+>", "", numbers(html)[0]) == "1"
    (problem,) = render_all(project)["index.md"].problems
    assert problem.kind == "citation" and "alt text" in problem.message
    assert (problem.where.position.line, problem.where.position.column) == (13, 11)


_FRAGMENTS = st.sampled_from(
    [
        "Word",
        " ",
        ".",
        ",",
        "\n",
        "\n\n",
        "[@a]",
        "[@b, p. 4]",
        "[@a; @b; @c]",
        "[@unknown]",
        "\\[@a]",
        "`[@a]`",
        "\n```\n[@b]\n```\n",
        "<!-- [@c] -->",
        "![Chart [@a]](chart.png)",
        "\n## Heading [@b]\n",
        "\n- item [@c]\n",
        "\n| A | B |\n|---|---|\n| x [@a] | y |\n",
        "[@a",
        "[link](#x)",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fragments=st.lists(_FRAGMENTS, max_size=30))
def test_rendering_never_crashes_or_leaks_tokens_and_every_number_has_its_entry(project_with, fragments) -> None:
    """Any mix of citations, code, headings, tables and alt text renders cleanly, and the parse agrees."""
    body = "".join(fragments)
    project = project_with(body)
    html = rendered(project)
    model = render_all(project)["index.md"]
    assert not [alt for alt in re.findall(r'alt="([^"]*)"', html) if "<" in alt]  # attributes hold no markup
    for key in {use.key for use in model.citations} & {"a", "b", "c"}:
        assert f'id="ref-{key}"' in html  # every known key the parse saw has its entry
    for target in re.findall(r'href="#(ref-[^"]+)"', html):
        assert target[4:] in {use.key for use in model.citations}
    for target in set(re.findall(r'href="#(ref-[^"]+)"', html)):
        assert f'id="{target}"' in html
