"""The checks see exactly what is rendered: the parse's links, anchors and citations vs the HTML.

For every page of the site, and for generated Markdown mixing every construct the
configured extensions know (nesting, code of every kind including an unclosed
fence, raw HTML, blockquotes, lists, definition lists, admonitions, details,
tabs, snippet includes, reference definitions, escapes, attr_list ids,
autolinks, images, footnotes, citations), the page model our checks read is
compared with the HTML Python-Markdown produced, read back with lxml:

- the links (every href and src, with repeats) are the same;
- the anchors (every id, and <a name>) are the same;
- the cited sources are exactly those in the page's reference list, and each
  unknown key shown as text is one unknown citation in the model.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from citation_data import bibliography_json, record
from conftest import ROOT, page
from kbcheck.mdext.session import SESSIONS
from kbcheck.parse import extension_list, render_page
from kbcheck.parsed import PageModel
from kbcheck.project import Project, load_project, load_project_config, open_project

URL_ATTRIBUTES = {"a": "href", "area": "href", "img": "src", "source": "src", "video": "src", "audio": "src"}


def parse_and_html(project: Project, path: str) -> tuple[PageModel, str]:
    session = SESSIONS.start(project, keep_generated_links=True)
    html = render_page(project, path, extension_list(project))
    return session.models[path], html


def assert_agree(project: Project, path: str) -> PageModel:
    model, html = parse_and_html(project, path)
    root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    links: Counter[str] = Counter()
    ids: set[str] = set()
    listed: set[str] = set()
    unknown = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("id"):
            ids.add(element.get("id"))
        if element.tag == "a" and element.get("name"):
            ids.add(element.get("name"))
        attribute = URL_ATTRIBUTES.get(element.tag)
        if attribute and element.get(attribute) is not None:
            links[element.get(attribute)] += 1
        classes = (element.get("class") or "").split()
        parent = element.getparent()
        in_list = parent is not None and "kb-references" in (parent.get("class") or "").split()
        if "kb-ref" in classes and in_list:  # the page's own References (not the Bibliography page's list)
            listed.add(element.get("id")[4:])
        unknown += "kb-cite-unknown" in classes
    seen = Counter(link.target for link in model.links) + Counter(model.generated_links)
    assert seen == links, f"{path}: links differ"
    assert model.anchors == ids, f"{path}: anchors differ"
    known = set(project_records(project))
    assert {use.key for use in model.citations if use.key in known} == listed, f"{path}: citations differ"
    assert sum(use.key not in known for use in model.citations) == unknown, f"{path}: unknown keys differ"
    # The prose units the sentence checks read hold every citation the page shows.
    in_units = {key for unit in model.units for citing in unit.citations for key in citing.keys}
    assert in_units == {use.key for use in model.citations}, f"{path}: citations in the prose units differ"
    return model


def project_records(project: Project) -> set[str]:
    from kbcheck.citations.model import bibliography

    return set(bibliography(project).records)


def test_every_page_of_the_site() -> None:
    project, _ = open_project(ROOT / "mkdocs.yml")
    assert project is not None
    for path in project.pages:
        assert_agree(project, path)
    assert len(project.pages) >= 40


FRAGMENTS = st.sampled_from(
    [
        "Word ",
        "\n\n",
        "\n",
        "[a](a.md) ",
        "[anchor](#x) ",
        "![img](img.png) ",
        "<https://example.org/auto> ",
        "[ref][r]\n\n[r]: a.md#y\n",
        "[missing-ref][nope] ",
        "\\[not a link](a.md) ",
        "`[code](a.md)` ",
        "\n```\n[fenced](a.md) [@a]\n```\n",
        "\n    [indented](a.md)\n",
        "\n```\n[unclosed](a.md)\n",
        '\n<div id="raw" markdown>\n[inside](a.md)\n</div>\n',
        '\n<p><a href="b.md" id="rawa">raw</a></p>\n',
        "\n> [quoted](a.md) [@b]\n",
        "\n- [item](a.md)\n    - ## Nested heading\n",
        "\nTerm\n:   [defined](a.md) [@c]\n",
        "\n\nLoose term\n\n:   Defined at length [@b].\n\n    A second paragraph [@c].\n",
        '\n!!! note "Title"\n    [in admonition](a.md) [@a]\n',
        '\n??? info "More"\n    [in details](a.md)\n',
        '\n??? note "Cited title [@b]"\n    Body.\n',
        "\n| Cell [@c] | 18 adults |\n|---|---|\n| [@a] | x |\n",
        '\n=== "Tab"\n    [in tab](a.md)\n',
        '\n--8<-- "part.md"\n',
        "\n## Heading {#custom-id}\n",
        "\nA paragraph {#para-id}\n",
        "[@a] ",
        "[@a; @b; @c] ",
        "[@zzz] ",
        "[@a, p. 4]. ",
        "Footnote[^1].\n\n[^1]: Note [link](a.md).\n",
        "\n## Same\n\n## Same\n",
        "<!-- [hidden](a.md) -->",
    ]
)


def _project(tmp_path: Path, body: str) -> Project:
    root = tmp_path
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "includes").mkdir(exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    (root / "includes" / "part.md").write_text("Included [snippet link](a.md) and [@b].\n", encoding="utf-8")
    (root / "data" / "bibliography.json").write_text(bibliography_json(record("a"), record("b"), record("c")), "utf-8")
    (root / "mkdocs.yml").write_text(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0].replace("[includes]", "[includes]"),
        encoding="utf-8",
    )
    (root / "docs" / "index.md").write_text(page("Home", body), encoding="utf-8")
    (root / "docs" / "a.md").write_text(page("A"), encoding="utf-8")
    config, problems = load_project_config(root / "mkdocs.yml")
    return load_project(config, problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fragments=st.lists(FRAGMENTS, max_size=25))
def test_generated_markdown(tmp_path: Path, fragments: list[str]) -> None:
    model = assert_agree(_project(tmp_path, "".join(fragments)), "index.md")
    # Code of every kind (span, fence, indented, unclosed fence) is never prose for the sentence checks.
    prose = "\n".join(unit.text for unit in model.units if unit.prose)
    assert not any(written in prose for written in ("[code]", "[fenced]", "[indented]", "[unclosed]")), prose
