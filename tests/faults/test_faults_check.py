"""Named bad inputs for ``kbcheck check``: each is one expected diagnostic, never a traceback or a hang.

Every case starts from a fresh copy of a clean project, applies one fault, runs
the check in-process and asserts: the exact diagnostic code (and place, where
it is known), an exit status of 0, 1 or 2, no traceback, and docs/ and data/
byte-for-byte as they were.
"""

from __future__ import annotations

import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from faultkit import TALLY, digest, fault_matrix_fixture, project_fixture, run, template_fixture  # noqa: F401

from citation_data import bibliography_json, record
from conftest import GOOD_FRONT_MATTER, RECENTLY

Mutate = Callable[[Path], None]

# The template's index.md: front matter on lines 1-9, the title on line 11.
FRONT = GOOD_FRONT_MATTER.format(title="Home", reviewed=RECENTLY)
BODY = '\n# Home\n\nSome text.\n\n--8<-- "urgent-help.md"\n'
BILLION_LAUGHS = "lol0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10)
)
DEEP_YAML = "deep: " + "[" * 200 + "]" * 200 + "\n"


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Mutate
    code: str | None  # the diagnostic the fault must produce (None: the project stays clean)
    where: tuple[str, int, int] | None = None  # its exact place, when known
    also: frozenset[str] = frozenset()  # codes that may come with it (consequences, not the fault)
    line_of: tuple[str, str] | None = None  # (file, text): the diagnostic is on the line holding text
    known_gap: str | None = None  # a defect in code this suite does not own: expected to fail until fixed


def write(relative: str, content: str | bytes) -> Mutate:
    def apply(root: Path) -> None:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")

    return apply


def page_with(front_extra: str = "", body: str = BODY, front: str | None = None) -> Mutate:
    """index.md with extra front-matter lines (before the closing ---) or another front matter."""
    header = front if front is not None else FRONT[: -len("---\n")] + front_extra + "---\n"
    return write("docs/index.md", header + body)


def replace_in(relative: str, old: str, new: str) -> Mutate:
    def apply(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def append_to(relative: str, text: str) -> Mutate:
    def apply(root: Path) -> None:
        with (root / relative).open("a", encoding="utf-8") as out:
            out.write(text)

    return apply


def settings(yaml_text: str) -> Mutate:
    """Add lines under extra.kb in mkdocs.yml (indented by four spaces)."""
    return replace_in("mkdocs.yml", "  kb:\n", "  kb:\n" + "".join(f"    {line}\n" for line in yaml_text.splitlines()))


def fifo(relative: str) -> Mutate:
    def apply(root: Path) -> None:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.unlink()
        os.mkfifo(target)

    return apply


def symlink(relative: str, to: str) -> Mutate:
    def apply(root: Path) -> None:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.exists():
            target.unlink()
        target.symlink_to(to)

    return apply


def socket_file(relative: str) -> Mutate:
    def apply(root: Path) -> None:
        server = socket.socket(socket.AF_UNIX)
        short = Path(f"/tmp/kb-sock-{os.getpid()}-{random.randrange(10**9)}")
        server.bind(str(short))
        server.close()
        short.rename(root / relative)

    return apply


def both(*mutations: Mutate) -> Mutate:
    def apply(root: Path) -> None:
        for mutation in mutations:
            mutation(root)

    return apply


def workflow(content: str | bytes) -> Mutate:
    return write(".github/workflows/bad.yml", content)


GOOD_PAGE = (FRONT + BODY).encode()
# A replaced bibliography makes the real glossary's and figures ledger's keys unknown.
CITING = frozenset({"KB410", "KB422", "KB432", "KB433"})
SURROGATE = bibliography_json(record("a", title="Lone \ud800 surrogate"))

CASES: list[Case] = [
    # -- text encodings ----------------------------------------------------------------------------
    Case("page latin-1 in body", write("docs/index.md", GOOD_PAGE + b"caf\xe9\n"), "KB005", ("docs/index.md", 16, 4)),
    Case(
        "page latin-1 in title",
        write("docs/index.md", GOOD_PAGE.replace(b"title: Home", b"title: H\xf4me")),
        "KB005",
        ("docs/index.md", 2, 9),
    ),
    Case("page utf-16", write("docs/index.md", (FRONT + BODY).encode("utf-16")), "KB005", ("docs/index.md", 1, 1)),
    Case("page lone continuation byte", write("docs/index.md", b"\x80" + GOOD_PAGE), "KB005", ("docs/index.md", 1, 1)),
    Case(
        "page overlong encoding", write("docs/index.md", GOOD_PAGE + b"\xc0\xaf\n"), "KB005", ("docs/index.md", 16, 1)
    ),
    Case("page encoded surrogate", write("docs/index.md", GOOD_PAGE + b"\xed\xa0\x80\n"), "KB005"),
    Case("page truncated sequence at end", write("docs/index.md", GOOD_PAGE + b"\xe2\x82"), "KB005"),
    Case("page cp1252 quotes", write("docs/index.md", GOOD_PAGE + b"\x93quoted\x94\n"), "KB005"),
    Case("page with a BOM", write("docs/index.md", b"\xef\xbb\xbf" + GOOD_PAGE), None),
    Case(
        "page with CRLF lines",
        write("docs/index.md", GOOD_PAGE.replace(b"\n", b"\r\n")),
        None,
    ),
    Case("page with a NUL byte in the body", write("docs/index.md", GOOD_PAGE + b"a\x00b\n"), None),
    Case(
        "glossary latin-1",
        write("data/glossary.yml", b"terms:\n  - term: caf\xe9\n"),
        "KB401",
        ("data/glossary.yml", 2, 14),
    ),
    Case("faq latin-1", write("data/faq.yml", b"groups: caf\xe9\n"), "KB420", ("data/faq.yml", 1, 12)),
    Case("mkdocs.yml latin-1", write("mkdocs.yml", b"site_name: caf\xe9\n"), "KB003", ("mkdocs.yml", 1, 15)),
    Case("bibliography latin-1", write("data/bibliography.json", b'[{"id": "caf\xe9"}]'), "KB201"),
    Case("workflow latin-1", workflow(b"name: caf\xe9\non: push\n"), "KB522", (".github/workflows/bad.yml", 1, 10)),
    Case("snippet latin-1", write("includes/extra.md", b"caf\xe9\n"), None),
    # -- YAML in front matter ----------------------------------------------------------------------
    Case("front matter billion laughs", page_with(BILLION_LAUGHS), "KB102"),
    Case("front matter alias loop", page_with("loop: &a [*a]\n"), "KB102", ("docs/index.md", 9, 7)),
    Case("front matter mapping alias loop", page_with("loop: &a\n  self: *a\n"), "KB102"),
    Case(
        "front matter python object apply",
        page_with("x: !!python/object/apply:os.system [echo pwned]\n"),
        "KB102",
        ("docs/index.md", 9, 4),
    ),
    Case("front matter python object new", page_with("x: !!python/object/new:os.Popen [[echo]]\n"), "KB102"),
    Case("front matter python module", page_with("x: !!python/module:os\n"), "KB102"),
    Case("front matter python object", page_with("x: !!python/object:os.Popen {}\n"), "KB102"),
    Case("front matter duplicate key", page_with("title: Again\n"), "KB102", ("docs/index.md", 9, 1)),
    Case("front matter non-scalar key", page_with("? [a, b]\n: 1\n"), "KB102"),
    Case("front matter control character", page_with("note: a\x07b\n"), "KB102"),
    Case("front matter tab indentation", page_with("x:\n\t- 1\n"), "KB102"),
    Case("front matter unterminated quote", page_with('note: "open\n'), "KB102"),
    Case("front matter unclosed flow", page_with("note: [a, b\n"), "KB102"),
    Case("front matter is a list", page_with(front="---\n- a\n- b\n---\n"), "KB102", ("docs/index.md", 2, 1)),
    Case("front matter is a scalar", page_with(front="---\njust text\n---\n"), "KB102"),
    Case("front matter deep nesting", page_with(DEEP_YAML), "KB102"),
    Case("front matter huge", page_with("big: " + "x" * 2_100_000 + "\n"), "KB102"),
    Case("front matter unknown tag", page_with("x: !custom value\n"), "KB105", ("docs/index.md", 9, 1)),
    Case("front matter binary tag", page_with("x: !!binary aGVsbG8=\n"), "KB105"),
    Case("front matter newline in a key", page_with('"bad\\nkey": 1\n'), "KB105", ("docs/index.md", 9, 1)),
    Case("front matter workflow command in a key", page_with('"::error::forged": 1\n'), "KB105"),
    Case("front matter merge key", page_with("base: &b {author: x}\nmore:\n  <<: *b\n"), "KB105"),
    Case("front matter document end marker", page_with(front="---\ntitle: x\n...\n---\n"), "KB103"),
    # -- YAML in data files ------------------------------------------------------------------------
    Case("glossary billion laughs", write("data/glossary.yml", BILLION_LAUGHS), "KB401"),
    Case("glossary alias loop", write("data/glossary.yml", "terms: &a [*a]\n"), "KB401", ("data/glossary.yml", 1, 8)),
    Case(
        "glossary python tag",
        write("data/glossary.yml", "terms: !!python/object/apply:os.system [x]\n"),
        "KB401",
        ("data/glossary.yml", 1, 8),
    ),
    Case(
        "glossary duplicate key",
        write("data/glossary.yml", "terms: []\nterms: []\n"),
        "KB401",
        ("data/glossary.yml", 2, 1),
    ),
    Case("glossary deep nesting", write("data/glossary.yml", DEEP_YAML), "KB401"),
    Case("glossary is a list", write("data/glossary.yml", "- a\n- b\n"), "KB401"),
    Case("glossary is empty", write("data/glossary.yml", ""), "KB401"),
    Case("glossary syntax error", write("data/glossary.yml", "terms: [\n"), "KB401"),
    Case("glossary huge", write("data/glossary.yml", "x: " + "y" * 2_100_000 + "\n"), "KB401"),
    Case(
        "glossary is a folder",
        both(lambda r: (r / "data/glossary.yml").unlink(), lambda r: (r / "data/glossary.yml").mkdir()),
        "KB401",
    ),
    Case("faq billion laughs", write("data/faq.yml", BILLION_LAUGHS), "KB420"),
    Case("faq alias loop", write("data/faq.yml", "groups: &a [*a]\n"), "KB420"),
    Case("faq python tag", write("data/faq.yml", "groups: !!python/object/new:os.Popen [x]\n"), "KB420"),
    Case("faq duplicate key", write("data/faq.yml", "groups: []\ngroups: []\n"), "KB420", ("data/faq.yml", 2, 1)),
    Case("faq is a scalar", write("data/faq.yml", "hello\n"), "KB420"),
    Case("faq deep nesting", write("data/faq.yml", DEEP_YAML), "KB420"),
    # -- mkdocs.yml --------------------------------------------------------------------------------
    Case(
        "mkdocs.yml python object apply",
        append_to("mkdocs.yml", "evil: !!python/object/apply:os.system [echo]\n"),
        "KB003",
        line_of=("mkdocs.yml", "evil:"),
    ),
    Case(
        "mkdocs.yml python module",
        append_to("mkdocs.yml", "evil: !!python/module:os\n"),
        "KB003",
        line_of=("mkdocs.yml", "evil:"),
    ),
    Case("mkdocs.yml billion laughs", append_to("mkdocs.yml", BILLION_LAUGHS), "KB003"),
    Case("mkdocs.yml alias loop", append_to("mkdocs.yml", "loop: &a [*a]\n"), "KB003"),
    Case(
        "mkdocs.yml duplicate key",
        append_to("mkdocs.yml", "site_name: again\n"),
        "KB003",
        line_of=("mkdocs.yml", "site_name: again"),
    ),
    Case("mkdocs.yml syntax error", append_to("mkdocs.yml", "bad: [\n"), "KB003"),
    Case("mkdocs.yml is a FIFO", fifo("mkdocs.yml"), "KB008", ("mkdocs.yml", 1, 1)),
    Case(
        "mkdocs.yml is a folder",
        both(lambda r: (r / "mkdocs.yml").unlink(), lambda r: (r / "mkdocs.yml").mkdir()),
        "KB008",
    ),
    Case("mkdocs.yml python name is only a name", append_to("mkdocs.yml", "x: !!python/name:os.system\n"), None),
    Case("extra.kb not a mapping", replace_in("mkdocs.yml", "  kb:\n", "  kb: 5\n  old_kb:\n"), "KB002"),
    Case(
        "docs_dir outside the project",
        append_to("mkdocs.yml", "docs_dir: ../..\n"),
        "KB007",
        line_of=("mkdocs.yml", "docs_dir:"),
        also=frozenset({"KB004"}),
    ),
    Case("docs_dir missing", append_to("mkdocs.yml", "docs_dir: nowhere\n"), "KB004"),
    Case("docs_dir is a file", both(append_to("mkdocs.yml", "docs_dir: plain\n"), write("plain", "x")), "KB004"),
    Case(
        "link cache outside the project",
        settings("links:\n  cache: ../../elsewhere.json"),
        "KB002",
        line_of=("mkdocs.yml", "cache: ../../elsewhere.json"),
    ),
    Case(
        "render cache absolute",
        settings("citations:\n  render_cache: /tmp/x.json"),
        "KB002",
        line_of=("mkdocs.yml", "render_cache:"),
    ),
    Case(
        "verify cache outside",
        settings("citations:\n  verify:\n    cache: ../v.json"),
        "KB002",
        line_of=("mkdocs.yml", "cache: ../v.json"),
    ),
    Case("lock outside", settings("citations:\n  lock: /etc/lock.json"), "KB002", line_of=("mkdocs.yml", "lock:")),
    Case(
        "bibliography path outside",
        settings("citations:\n  bibliography: ../b.json"),
        "KB002",
        line_of=("mkdocs.yml", "bibliography: ../b.json"),
    ),
    # -- dates -------------------------------------------------------------------------------------
    Case(
        "reviewed 9999-12-31",
        replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: 9999-12-31"),
        "KB104",
        ("docs/index.md", 8, 1),
    ),
    Case(
        "reviewed 10000-01-01",
        replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: 10000-01-01"),
        "KB104",
        ("docs/index.md", 8, 1),
    ),
    Case("reviewed 0001-01-01", replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: 0001-01-01"), "KB104"),
    Case("reviewed 0000-01-01", replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: 0000-01-01"), "KB104"),
    Case("reviewed 1899-12-31", replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: 1899-12-31"), "KB104"),
    Case("reviewed 2026-02-30", replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: 2026-02-30"), "KB104"),
    Case("reviewed as a list", replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: [2026-01-01]"), "KB104"),
    Case("reviewed as a mapping", replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: {a: 1}"), "KB104"),
    Case("reviewed as a number", replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: 20260101"), "KB104"),
    Case("reviewed infinity", replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: .inf"), "KB104"),
    Case("reviewed huge exponent", replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: 1e400"), "KB104"),
    Case(
        "reviewed impossible time",
        replace_in("docs/index.md", f"reviewed: {RECENTLY}", "reviewed: 2026-01-01 25:61:00"),
        "KB104",
    ),
    Case("next_review 9999-12-31", page_with("next_review: 9999-12-31\n"), "KB104", ("docs/index.md", 9, 1)),
    Case("next_review year 0", page_with("next_review: 0000-00-00\n"), "KB104"),
    # -- deep and malformed JSON (the bibliography) ------------------------------------------------
    Case(
        "bibliography deep arrays",
        write("data/bibliography.json", "[" * 100_000 + "]" * 100_000),
        "KB201",
        ("data/bibliography.json", 1, 65),
    ),
    Case("bibliography deep objects", write("data/bibliography.json", '{"a":' * 5000 + "1" + "}" * 5000), "KB201"),
    Case(
        "bibliography deep inside a record",
        write("data/bibliography.json", '[\n{"id": "a", "note": ' + "[" * 70 + "]" * 70 + "}\n]"),
        "KB201",
        ("data/bibliography.json", 2, 83),
    ),
    Case("bibliography huge number", write("data/bibliography.json", "[" + "9" * 5000 + "]"), "KB201"),
    Case("bibliography NaN", write("data/bibliography.json", "[NaN]"), "KB202", also=CITING),
    Case("bibliography trailing garbage", write("data/bibliography.json", "[] x"), "KB201"),
    Case("bibliography empty file", write("data/bibliography.json", ""), "KB201"),
    Case("bibliography null", write("data/bibliography.json", "null"), "KB201"),
    Case("bibliography object", write("data/bibliography.json", "{}"), "KB201"),
    Case("bibliography empty array", write("data/bibliography.json", "[]"), "KB201", also=CITING),
    Case("bibliography unclosed", write("data/bibliography.json", '[{"id": "a"'), "KB201"),
    Case(
        "bibliography lone surrogate",
        write("data/bibliography.json", SURROGATE),
        "KB216",
        also=CITING | {"KB213"},
    ),
    Case(
        "bibliography huge string",
        write("data/bibliography.json", '[{"id": "' + "a" * 1_000_000 + '"}]'),
        "KB204",
        also=CITING | {"KB208", "KB213", "KB216"},
    ),
    Case("bibliography is a FIFO", fifo("data/bibliography.json"), "KB008", ("data/bibliography.json", 1, 1)),
    # -- HTML-like markup in pages (the source checks; the published-HTML check is in test_faults_built) --
    Case(
        "markup <![ x",
        append_to("docs/index.md", "\n<![ x\n"),
        None,
    ),
    Case("markup unclosed comment", append_to("docs/index.md", "\n<!-- never closed\n"), None),
    Case("markup stray end tag", append_to("docs/index.md", "\n</p></div>\n"), None),
    Case("markup processing instruction", append_to("docs/index.md", "\n<?php echo 1; ?>\n"), None),
    Case("markup doctype", append_to("docs/index.md", "\n<!DOCTYPE html>\n"), None),
    Case("markup unclosed attribute", append_to("docs/index.md", '\n<a href="x\n'), None),
    Case(
        "markup script", append_to("docs/index.md", "\n<script>alert(1)</script>\n"), "KB510", ("docs/index.md", 17, 1)
    ),
    Case("markup svg script", append_to("docs/index.md", "\n<svg><script>alert(1)</script></svg>\n"), "KB510"),
    Case(
        "markup iframe",
        append_to("docs/index.md", '\n<iframe src="https://x.example"></iframe>\n'),
        "KB510",
        also=frozenset({"KB514"}),
    ),
    Case(
        "markup onerror",
        append_to("docs/index.md", '\n<img src="a.png" alt="" onerror="alert(1)">\n'),
        "KB511",
        also=frozenset({"KB301"}),
    ),
    Case("markup javascript link", append_to("docs/index.md", "\n[x](javascript:alert(1))\n"), "KB309"),
    Case("markup data link", append_to("docs/index.md", "\n[x](data:text/html,hi)\n"), "KB309"),
    Case("markup css url", append_to("docs/index.md", '\n<p style="background:url(x.png)">x</p>\n'), "KB512"),
    Case("markup remote image", append_to("docs/index.md", "\n![x](https://t.example/p.png)\n"), "KB514"),
    # The published-HTML check catches it whatever the source check says (test_faults_built).
    Case(
        "markup comment closed by --!>",
        append_to("docs/index.md", "\n<!-- x --!><script>alert(1)</script>\n"),
        "KB510",
    ),
    Case("markup huge line", append_to("docs/index.md", "\n" + "<b>" * 20_000 + "\n"), None),
    Case("markup deep nesting", append_to("docs/index.md", "\n" + "> " * 500 + "deep\n"), None),
    Case("markup unclosed fence", append_to("docs/index.md", "\n```\n<script>never rendered</script>\n"), None),
    # -- regular expressions in settings -----------------------------------------------------------
    Case(
        "regex anchor_ignore unclosed group",
        settings("links:\n  anchor_ignore: ['(']"),
        "KB002",
        line_of=("mkdocs.yml", "anchor_ignore:"),
    ),
    Case(
        "regex anchor_ignore catastrophic",
        settings("links:\n  anchor_ignore: ['(a+)+$']"),
        "KB002",
        line_of=("mkdocs.yml", "anchor_ignore:"),
    ),
    Case("regex anchor_ignore alternation", settings("links:\n  anchor_ignore: ['^(a|a?)+$']"), "KB002"),
    Case(
        "regex exclude unclosed class",
        settings("links:\n  exclude: ['[a-']"),
        "KB002",
        line_of=("mkdocs.yml", "exclude:"),
    ),
    Case("regex exclude trailing backslash", settings("links:\n  exclude: ['a\\']"), "KB002"),
    Case(
        "regex blocked_hosts bad group name",
        settings("links:\n  blocked_hosts: ['(?P<1>x)']"),
        "KB002",
        line_of=("mkdocs.yml", "blocked_hosts:"),
    ),
    Case("regex blocked_hosts nested repeat", settings("links:\n  blocked_hosts: ['(x+x+)+y']"), "KB002"),
    Case("regex look-behind variable", settings("links:\n  anchor_ignore: ['(?<=a+)b']"), "KB002"),
    Case("regex bounded repeat of star", settings("links:\n  anchor_ignore: ['(.*a){20}']"), "KB002"),
    Case("regex not a list", settings("links:\n  anchor_ignore: '^x'"), "KB002"),
    Case("regex not a string", settings("links:\n  exclude: [5]"), "KB002"),
    Case("regex bad repeat range", settings("links:\n  exclude: ['a{3,1}']"), "KB002"),
    Case("regex fine", settings("links:\n  anchor_ignore: ['^fn:', '(^|-)x$']"), None),
    # -- workflow files ----------------------------------------------------------------------------
    Case(
        "workflow is a folder",
        lambda r: (r / ".github/workflows/bad.yml").mkdir(),
        "KB522",
        (".github/workflows/bad.yml", 1, 1),
    ),
    Case("workflow is a FIFO", fifo(".github/workflows/bad.yml"), "KB522", (".github/workflows/bad.yml", 1, 1)),
    Case("workflow dangling link", symlink(".github/workflows/bad.yml", "nowhere.yml"), "KB522"),
    Case(
        "workflow link outside",
        symlink(".github/workflows/bad.yml", "/etc/hostname"),
        "KB007",
        (".github/workflows/bad.yml", 1, 1),
    ),
    Case("workflow billion laughs", workflow(BILLION_LAUGHS), "KB522"),
    Case("workflow alias loop", workflow("on: &a [*a]\n"), "KB522"),
    Case(
        "workflow python tag",
        workflow("on: !!python/object/apply:os.system [x]\n"),
        "KB522",
        (".github/workflows/bad.yml", 1, 5),
    ),
    Case(
        "workflow duplicate key", workflow("on: push\non: pull_request\n"), "KB522", (".github/workflows/bad.yml", 2, 1)
    ),
    Case("workflow binary", workflow(random.Random(7).randbytes(300)), "KB522"),
    Case("workflow empty", workflow(""), None),
    Case(
        "workflow untrusted checkout",
        workflow(
            "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps:\n"
            "      - uses: actions/checkout@v4\n        with:\n"
            "          ref: ${{ github.event.pull_request.head.sha }}\n"
        ),
        "KB520",
        (".github/workflows/bad.yml", 9, 11),
    ),
    Case(
        "workflows folder is a file",
        both(lambda r: __import__("shutil").rmtree(r / ".github/workflows"), write(".github/workflows", "x")),
        None,
    ),
    # -- FIFOs, sockets, symlinks and loops --------------------------------------------------------
    Case("docs FIFO page", fifo("docs/x.md"), "KB008", ("docs/x.md", 1, 1)),
    Case("docs FIFO asset", fifo("docs/a.png"), "KB008", ("docs/a.png", 1, 1)),
    Case("docs socket", socket_file("docs/s.md"), "KB008", ("docs/s.md", 1, 1)),
    Case("docs link to /etc/passwd", symlink("docs/passwd.md", "/etc/passwd"), "KB007", ("docs/passwd.md", 1, 1)),
    Case(
        "docs link to .git config",
        both(write(".git/config", "[core]\n"), symlink("docs/g.md", "../.git/config")),
        "KB007",
        ("docs/g.md", 1, 1),
    ),
    Case("docs folder link outside", symlink("docs/etc", "/etc"), "KB007", ("docs/etc", 1, 1)),
    Case("docs dangling link", symlink("docs/gone.md", "nowhere.md"), "KB008", ("docs/gone.md", 1, 1)),
    Case("docs self loop", symlink("docs/self.md", "self.md"), "KB008", ("docs/self.md", 1, 1)),
    Case("docs link loop pair", both(symlink("docs/a.md", "b.md"), symlink("docs/b.md", "a.md")), "KB008"),
    Case("docs folder loop", symlink("docs/sub", "."), None),
    Case("docs link inside the project", symlink("docs/again.md", "index.md"), None),
    Case(
        "includes link to /etc/passwd",
        symlink("includes/passwd.md", "/etc/passwd"),
        "KB007",
        ("includes/passwd.md", 1, 1),
    ),
    Case("includes FIFO", fifo("includes/pipe.md"), "KB008", ("includes/pipe.md", 1, 1)),
    Case(
        "data glossary FIFO", fifo("data/glossary.yml"), "KB008", ("data/glossary.yml", 1, 1), also=frozenset({"KB401"})
    ),
    Case(
        "data faq link outside",
        symlink("data/faq.yml", "/etc/hostname"),
        "KB007",
        ("data/faq.yml", 1, 1),
        also=frozenset({"KB420", "KB002"}),
    ),
    Case(
        "data folder link outside",
        both(lambda r: __import__("shutil").rmtree(r / "data"), symlink("data", "/etc")),
        "KB007",
        ("data", 1, 1),
        also=frozenset({"KB401", "KB420", "KB002"}),
    ),
]


def _expected_line(root: Path, line_of: tuple[str, str]) -> int:
    relative, text = line_of
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Case, project: Path) -> None:
    TALLY.cases += 1
    if case.known_gap:
        TALLY.known_gaps += 1
        pytest.xfail(case.known_gap)
    case.mutate(project)
    before = digest(project)
    outcome = run(project, "check", "--format", "json")
    if outcome.crash:
        TALLY.tracebacks += 1
    changed = digest(project) != before
    TALLY.changed += changed
    assert outcome.crash is None, outcome.crash
    assert outcome.status in {0, 1, 2}
    assert not changed
    found = set(outcome.codes()) - ({"KB004"} if case.code == "KB005" else set())  # the only page unreadable
    if case.code is None:
        assert found <= case.also, outcome.out
        return
    assert case.code in found and found - case.also == {case.code}, outcome.out
    places = outcome.places(case.code)
    if case.where is not None:
        assert case.where in places, places
    if case.line_of is not None:
        line = _expected_line(project, case.line_of)
        assert any(path == case.line_of[0] and found_line == line for path, found_line, _ in places), places
    TALLY.located += 1
