"""Untrusted Markdown: raw HTML or addresses that run code or load from elsewhere are refused."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, page
from kbcheck.checks import run_checks
from kbcheck.parse import render_all
from kbcheck.project import load_project, load_project_config
from kbcheck.trust import html_safety
from kbcheck.trust.html_safety import is_remote, is_remote_decoded

HEADER = "---\ntitle: T\ndescription: D\ntype: general\nreviewed: 2026-01-01\n---\n"  # body starts on line 7


CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]


def findings(body: str) -> list[tuple[str, int, int]]:
    """The page's safety findings: raw HTML read from the source, Markdown images from the rendering."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "docs").mkdir()
        (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
        (root / "docs" / "p.md").write_text(HEADER + body, encoding="utf-8")
        config, problems = load_project_config(root / "mkdocs.yml")
        project = load_project(config, problems)
        model = render_all(project).get("p.md")
        found = html_safety.check_page(project.pages["p.md"], model)
        return [(d.code, d.line, d.column) for d in sorted(found, key=lambda d: d.sort_key())]


def codes(body: str) -> list[str]:
    return [code for code, _, _ in findings(body)]


@pytest.mark.parametrize(
    "element",
    ["script", "iframe", "object", "embed", "frame", "base", "link", "meta", "form", "applet"],
)
def test_unsafe_elements_are_errors_at_their_position(element: str) -> None:
    """Each element that runs code or embeds another document is KB510 at its '<'."""
    assert findings(f"Text first.\n\nSome words <{element} src='x'> more.\n") == [("KB510", 9, 12)]


def test_upper_case_and_multi_line_tags_are_found() -> None:
    """The tokenizer, not a regex, reads the tag: case and line breaks do not hide it."""
    assert findings('<SCRIPT\n  type="text/javascript">alert(1)</SCRIPT>\n') == [("KB510", 7, 1)]


@pytest.mark.parametrize("attribute", ["onclick", "onerror", "OnMouseOver", "onfocus"])
def test_event_handler_attributes(attribute: str) -> None:
    """on*= attributes are KB511 at the attribute."""
    assert findings(f'An <img src="a.png" alt="x" {attribute}="go()"> image.\n') == [("KB511", 7, 29)]


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java&#x09;script:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
    ],
)
def test_unsafe_schemes_in_attributes_the_link_check_does_not_read(value: str) -> None:
    """javascript:, vbscript: and data: are KB513 however they are disguised (here in formaction=)."""
    assert findings(f'<button formaction="{value}">x</button>\n') == [("KB513", 7, 9)]


@pytest.mark.parametrize(
    "body",
    [
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>\n',
        '<img alt="x" src="a.png" srcset="data:image/png;base64,AAAA 2x">\n',
        '<video poster="javascript:x"></video>\n',
        '<svg><animate attributeName="href" values="https://a.example/;javascript:alert(1)"/></svg>\n',
    ],
)
def test_unsafe_schemes_in_other_url_attributes(body: str) -> None:
    """SVG links, srcset candidates, posters and animation values are all read."""
    assert codes(body) == ["KB513"]


def test_links_and_images_are_left_to_the_link_check() -> None:
    """<a href>, <img src> and Markdown links are the links check's KB309: not reported twice."""
    body = '<a href="javascript:x">a</a> <img alt="" src="data:image/png,x"> [m](javascript:y) ![i](data:x)\n'
    assert findings(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "<style>@import url(https://evil.example/x.css);</style>\n",
        "<style>\n  p { background: URL(https://evil.example/t.png) }\n</style>\n",
        "<style>p{background:u\\72l(https://evil.example/t.png)}</style>\n",
        '<p style="background-image: url(https://evil.example/t.png)">x</p>\n',
    ],
)
def test_styles_that_load_from_elsewhere(body: str) -> None:
    """@import and url(), also escaped, in <style> or style= are KB512."""
    assert codes(body) == ["KB512"]


def test_plain_style_is_allowed() -> None:
    """A style without imports or url() loads nothing."""
    assert findings('<span style="color: #00574b">x</span>\n<style>p { margin: 0 }</style>\n') == []


@pytest.mark.parametrize(
    "body",
    [
        "![chart](https://example.org/chart.png)\n",
        "![chart](//example.org/chart.png)\n",
        '<img alt="x" src="https://example.org/t.gif">\n',
        '<img alt="x" srcset="small.png 1x, https://example.org/big.png 2x">\n',
        '<video poster="http://example.org/p.jpg"></video>\n',
        "![chart][c]\n\n[c]: https://example.org/chart.png\n",
    ],
)
def test_images_and_media_from_other_websites(body: str) -> None:
    """Anything the browser fetches from another host on load is KB514."""
    assert codes(body) == ["KB514"]


def test_links_to_other_websites_are_fine() -> None:
    """Links are only followed when clicked: no request on load, no finding."""
    body = "[NICE](https://www.nice.org.uk/guidance/cg113) and <a href='https://doi.org/10.1/x'>doi</a>\n"
    assert findings(body) == []


def test_allowed_html_is_clean() -> None:
    """The HTML the contributing guide allows produces no finding."""
    body = (
        '<div class="grid" markdown>\n<details><summary>More</summary>\nText</details>\n</div>\n'
        '<abbr title="N-methyl-D-aspartate">NMDA</abbr> <sup>1</sup> <kbd>Tab</kbd>\n'
        '<img src="../assets/diagram.svg" alt="Diagram"> <span class="x" id="y">z</span>\n'
        "<table><tr><td>1</td></tr></table> <br> <figure><figcaption>c</figcaption></figure>\n"
    )
    assert findings(body) == []


def test_code_and_comments_are_never_reported() -> None:
    """Examples in code spans, fenced code and HTML comments are not page HTML."""
    body = (
        "Write `<script>alert(1)</script>` to see.\n\n"
        "```html\n<iframe src='https://x'></iframe>\n<a href='javascript:x'>x</a>\n```\n\n"
        "<!-- <img src=x onerror=alert(1)> -->\n"
        "    ~~~\n    [a](javascript:x)\n    ~~~\n"
    )
    assert findings(body) == []


def test_every_problem_in_one_tag_is_reported() -> None:
    """An element, a handler and a bad address in one tag: three findings."""
    assert codes('<iframe src="javascript:x" onload="y()"></iframe>\n') == ["KB510", "KB513", "KB511"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("[m](javascript:alert(1))\n", "KB309"),
        ("![i](data:image/png;base64,AAAA)\n", "KB309"),
        ('<a href="java&#x09;script:alert(1)">x</a>\n', "KB309"),
        ('<img alt="" src=" vbscript:x">\n', "KB309"),
        ('<form><button formaction="javascript:x">b</button></form>\n', "KB513"),
    ],
)
def test_each_unsafe_address_is_reported_once_by_the_whole_check(make_site, body: str, code: str) -> None:
    """Links check and trust check together: one finding per unsafe address, never zero or two."""
    site = make_site({"index.md": page("Home", body)})
    config, _ = load_project_config(site.config_file)
    found = [d.code for d in run_checks(load_project(config)) if d.code in {"KB309", "KB513"}]
    assert found == [code]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdefghijklmnopqrstuvwxyz:!()[]`-\n&#;{}@")), max_size=200))
def test_never_crashes_on_arbitrary_text(body: str) -> None:
    """Any body text gives findings or none, never an exception."""
    for code, line, column in findings(body):
        assert code.startswith("KB51")
        assert line >= 7
        assert column >= 1


@given(st.text(alphabet=st.sampled_from(list("/\\:&#;47x hH tps\t\x00\x7fa.")), max_size=12))
def test_the_quick_remote_test_agrees_with_the_decoding_one(url: str) -> None:
    """Most links have no ':' and no '&': they skip the decoding, with the same answer."""
    assert is_remote(url) == is_remote_decoded(url)
