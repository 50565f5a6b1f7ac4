"""Internal links (KB3xx): located findings, did-you-mean, anchors that match the build."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import yaml

from conftest import page
from kbcheck import links
from kbcheck.parse import render_all
from kbcheck.project import Project, load_project, load_project_config


def rendered(project: Project) -> Project:
    """The project with every page rendered by Python-Markdown, as the checks read it."""
    render_all(project)
    return project


def project(tmp_path: Path, pages: dict[str, str], config: dict | None = None) -> Project:
    """A project on disk (no build): mkdocs.yml plus docs/."""
    settings = {"site_name": "t", "site_url": "https://example.org/kb/", **(config or {})}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    for relative, text in pages.items():
        target = tmp_path / "docs" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(textwrap.dedent(text), encoding="utf-8")
    loaded, problems = load_project_config(tmp_path / "mkdocs.yml")
    return rendered(load_project(loaded, problems))


def findings(found: Project) -> list[tuple[str, int, int, str, str | None]]:
    return [(d.code, d.line, d.column, d.message, d.hint) for d in links.check(found)]


def codes_at(found: Project) -> list[tuple[str, int, int]]:
    return [(code, line, column) for code, line, column, _, _ in findings(found)]


def test_good_links_are_silent(tmp_path: Path) -> None:
    """Pages, anchors, images, downloads, mail and external links: nothing to report."""
    found = project(
        tmp_path,
        {
            "index.md": """\
                # Home

                [a](sub/a.md) [b](sub/a.md#side-effects) [c](#home) [img](img/x.png) [pdf](files/f.pdf#page=2)
                [mail](mailto:a@b.org) [web](https://example.com/x) ![i](img/x.png "title") [top](#)
                [enc](sub/caf%C3%A9.md#ete) [raw](sub/café.md#ete) <a href="sub/a/#side-effects">html</a>
                """,
            "sub/a.md": "# A\n\n## Side effects\n\n[back](../index.md)\n",
            "sub/café.md": "# Café\n\n## Été\n",
            "img/x.png": b"\x89PNG",
            "files/f.pdf": b"%PDF",
        },
    )
    assert findings(found) == []


def test_every_bad_link_is_located_with_a_suggestion(tmp_path: Path) -> None:
    """Each problem: line and column of the link's target, the link as written, a did-you-mean."""
    body = """\
        # Home

        [a](sub/alpha.md) [b](sub/a.md#side-efects) [c](../outside.md)
        [d](https://example.org/kb/sub/a/#side-effects) [e](/kb/sub/a/) [f](sub/) [g](sub/a/)
        [h]() [i](javascript:alert(1)) [j](data:text/html,hi) [k](http://exa mple.org)
        [l](#Side-Effects) `[code](ignored.md)`

        ## Side effects

        ```
        [fenced](ignored.md)
        ```
        """
    found = project(tmp_path, {"index.md": body, "sub/a.md": "# A\n\n## Side effects\n", "sub/index.md": "# S\n"})
    result = findings(found)
    assert [(c, line, col) for c, line, col, _, _ in result] == [
        ("KB301", 3, 5),
        ("KB302", 3, 23),
        ("KB303", 3, 49),
        ("KB304", 4, 5),
        ("KB305", 4, 53),
        ("KB306", 4, 69),
        ("KB307", 4, 79),
        ("KB308", 5, 3),
        ("KB309", 5, 11),
        ("KB309", 5, 36),
        ("KB310", 5, 59),
        ("KB302", 6, 5),
    ]
    messages = {code + str(line): (message, hint) for code, line, _, message, hint in result}
    assert messages["KB3013"] == (
        "link 'sub/alpha.md' points to 'sub/alpha.md', which does not exist in the docs folder",
        "did you mean 'sub/a.md'?",
    )
    assert messages["KB3023"][1] == "did you mean '#side-effects'?"
    assert messages["KB3044"][1] == "did you mean 'sub/a.md#side-effects'?"
    assert messages["KB3064"][1] == "did you mean 'sub/index.md'?"
    assert messages["KB3074"][1] == "did you mean 'sub/a.md'?"
    assert messages["KB3026"][1] == "did you mean '#side-effects'? (anchors are the heading's slug)"


def test_reference_links_and_relative_paths_from_subfolders(tmp_path: Path) -> None:
    """Reference definitions are checked where they are written, relative to their page."""
    found = project(
        tmp_path,
        {
            "index.md": "# Home\n",
            "a/b.md": "# B\n\nSee [x][one] and [y][two].\n\n[one]: ../index.md#home\n[two]: c.md\n",
        },
    )
    assert codes_at(found) == [("KB301", 6, 8)]


def test_heading_ids_follow_the_configured_slugify(tmp_path: Path) -> None:
    """A toc slugify set with a Python tag in mkdocs.yml decides the anchors."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Été Ñandú\n\n[x](#été-ñandú) [y](#ete-nandu)\n", encoding="utf-8")
    loaded, _ = load_project_config(tmp_path / "mkdocs.yml")
    found = rendered(load_project(loaded))
    assert links.anchors(found, "index.md") == {"été-ñandú"}
    assert codes_at(found) == [("KB302", 3, 21)]


def test_unloadable_slugify_is_reported(tmp_path: Path) -> None:
    """A slugify that cannot be imported is KB314 at mkdocs.yml, and default slugs are used."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - toc:\n      slugify: !!python/name:nowhere.slugify\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Hello World\n", encoding="utf-8")
    loaded, _ = load_project_config(tmp_path / "mkdocs.yml")
    found = rendered(load_project(loaded))
    assert codes_at(found) == [("KB314", 2, 1)]
    assert links.anchors(found, "index.md") == {"hello-world"}


def test_duplicate_headings_are_numbered_and_reported(tmp_path: Path) -> None:
    """The second 'Risks' heading becomes risks_1, as in the build, with a warning."""
    found = project(tmp_path, {"index.md": "# Home\n\n## Risks\n\ntext\n\n## Risks\n\n[x](#risks_1)\n"})
    assert [h.id for h in found.rendered["index.md"].headings] == ["home", "risks", "risks_1"]
    result = findings(found)
    assert [(c, line) for c, line, *_ in result] == [("KB313", 7)]
    assert "line 3" in result[0][3]


def test_nav_entries_and_orphans(tmp_path: Path) -> None:
    """A nav entry to a missing page is KB311 on its mkdocs.yml line; unlinked pages are KB312."""
    found = project(
        tmp_path,
        {"index.md": "# Home\n", "a.md": "# A\n\n[b](b.md)\n", "b.md": "# B\n", "lost.md": "# Lost\n"},
        {"nav": [{"Home": "index.md"}, {"A": "a.md"}, {"Gone": "gone.md"}, {"Ext": "https://example.com"}]},
    )
    result = findings(found)
    assert [(c, line, col) for c, line, col, _, _ in result] == [("KB311", 4, 3), ("KB312", 1, 1)]
    assert "'lost.md' is not in the nav" in result[1][3]


def test_page_links_graph(tmp_path: Path) -> None:
    """Resolved .md targets in order, without repeats, self links or broken links."""
    found = project(
        tmp_path,
        {
            "index.md": "# H\n\n[a](a.md) [b](sub/b.md#x) [a again](a.md#y) [me](index.md) [none](zz.md)\n",
            "a.md": "# A\n\n[home](https://example.org/kb/) [img](x.png)\n",
            "sub/b.md": "# B\n",
            "x.png": b"png",
        },
    )
    assert links.page_links(found) == {"index.md": ["a.md", "sub/b.md"], "a.md": ["index.md"], "sub/b.md": []}


def test_raw_html_links_resolve_against_the_page_url(tmp_path: Path) -> None:
    """No engine rewrites raw HTML: a browser resolves it from the page's URL, and a .md target is broken."""
    body = '# H\n\n<a href="../a/#b">ok</a> <a href="../a.md">md</a> <a href="../nope/">gone</a>\n'
    found = project(tmp_path, {"x.md": body, "a.md": "# A\n\n## B\n", "index.md": "# I\n[x](x.md) [a](a.md)\n"})
    result = [(code, line, column, hint) for code, line, column, _, hint in findings(found)]
    markdown_link = "write a Markdown link, [text](page.md), which every engine rewrites"
    assert result == [("KB315", 3, 35, markdown_link), ("KB301", 3, 60, None)]


def test_malformed_and_odd_targets_never_raise(tmp_path: Path) -> None:
    """Brackets, IPv6 typos, spaces, unbalanced parentheses: classified, no traceback."""
    body = "# H\n\n[a](http://[::1) [b](<with space.md>) [c](x.md#) [d](a.md(b) [e](javascript:void(0))\n"
    found = project(tmp_path, {"index.md": body})
    assert {code for code, *_ in findings(found)} <= {"KB301", "KB309", "KB310"}


BUILT_PAGE = """\
    ## Risks *and* `side effects`

    ## Risks and side effects

    !!! note "Box"
        ### Inside a box

    Setext title
    ------------

    ## Custom {#my-id}

    ## Ampersand & <em>HTML</em> &amp; entities

    <div id="raw-div"></div>

    Paragraph with an id.
    {: #para-id }

    Text with a footnote.[^1]

    [^1]: The note.
    """


def test_anchors_match_the_built_site(make_site) -> None:  # type: ignore[no-untyped-def]
    """Every id the build gives a heading is what the standalone parse reads, in order."""
    site = make_site({"index.md": page("Home", BUILT_PAGE)})
    site.build(strict=False)
    built = (site.site_dir / "index.html").read_text(encoding="utf-8")
    content = built[built.index('<article class="md-content__inner') :]
    heading_ids = re.findall(r'<h[1-6][^>]* id="([^"]+)"', content)
    loaded, _ = load_project_config(site.config_file)
    found = rendered(load_project(loaded))
    predicted = [h.id for h in found.rendered["index.md"].headings]
    assert predicted == heading_ids[: len(predicted)]  # later ones come from other concerns' footers
    ids = links.anchors(found, "index.md")
    for expected in ("raw-div", "para-id", "fn:1", "fnref:1", "my-id", "inside-a-box", "setext-title"):
        assert expected in ids
        assert f'id="{expected}"' in built


def test_build_and_check_agree_and_mkdocs_does_not_repeat_us(make_site) -> None:  # type: ignore[no-untyped-def]
    """The build logs the same KB3xx lines as the command, and MkDocs' own duplicates are gone."""
    body = "[a](missing.md) [b](other.md#nope) [c](#gone)\n"
    site = make_site({"index.md": page("Home", body), "other.md": page("Other")})
    result = site.build()
    ours = sorted(m for m in result.ours() if re.search(r": KB3\d\d ", m))
    command = site.run(str(Path(__import__("sys").executable)), "-m", "kbcheck", "check", "--config", "mkdocs.yml")
    printed = sorted(line for line in command.stdout.splitlines() if re.search(r": KB3\d\d ", line))
    assert len(ours) == 3
    assert ours == printed
    assert result.aborted
    assert not [m for m in result.messages() if m.startswith("Doc file 'index.md' contains")]


def test_reference_link_without_definition_is_reported(tmp_path: Path) -> None:
    """Python-Markdown prints '[text][label]' as text when no '[label]: url' exists: KB316 at it."""
    body = "# H\n\nSee [the guide][gide] and [x][ok] and `[code][none]`.\n\n[ok]: index.md\n"
    found = project(tmp_path, {"index.md": body})
    assert [(c, line, col) for c, line, col, _, _ in findings(found)] == [("KB316", 3, 5)]
