"""Unsafe HTML from every source reaches no published page unnoticed: the output check after a real build.

The source checks are switched off here (severity: off), so each injection
reaches the site as an attacker would make it; ``kbcheck built`` (run by
``make build``) must then name every one. Each injected tag carries a unique
id or URL ("injN") to tell which source was caught.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from faultkit import TALLY, build, digest, fault_matrix_fixture, make_template, run  # noqa: F401

from kbcheck.published import check_site

ROOT = Path(__file__).resolve().parents[2]
SOURCE_CODES = ["KB309", "KB510", "KB511", "KB512", "KB513", "KB514"]

# id -> (file, text appended to it or placed after a marker)
PAGE_INJECTIONS = {
    "inj1": '<img id="inj1" src="x.png" alt="" onerror="alert(1)">',
    "inj2": '<p id="inj2">text</p>\n<script id="inj2s">alert(2)</script>',
    "inj3": 'A paragraph with an attribute list.\n{: #inj3 onclick="alert(3)" }',
    "inj4": '<!-- x --!><script id="inj4">alert(4)</script>',
    "inj5": '<a id="inj5" href="java&#x09;script:alert(5)">x</a>',
    "inj6": '<a id="inj6" href="data:text/html,hi">x</a>',
    "inj7": '\\`<script id="inj7">alert(7)</script>\\`',
    "inj8": '<iframe id="inj8" src="https://evil.example/8"></iframe>',
    "inj9": '<svg><a id="inj9" href="javascript:alert(9)"><text>x</text></a></svg>',
    "inj10": '<img id="inj10" src="https://tracker.example/10.gif" alt="">',
}
SNIPPET_INJECTION = '<p>A snippet.</p>\n<img id="inj11" src="y.png" alt="" onerror="alert(11)">\n'
GLOSSARY_INJECTION = ' <img id="inj12" src="z.png" alt="" onerror="alert(12)">'
FAQ_INJECTION = '\n          <script id="inj13">alert(13)</script>\n'


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for folder in ("docs", "data", "includes", "overrides"):
        shutil.copytree(ROOT / folder, root / folder)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    config["hooks"] = [str(ROOT / "hooks/kb_hooks.py")]
    for extension in config["markdown_extensions"]:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            extension["pymdownx.snippets"]["base_path"] = [str(root / "includes")]  # pymdownx reads it from the cwd
    config["extra"]["kb"]["severity"] = {
        **config["extra"]["kb"].get("severity", {}),
        **dict.fromkeys(SOURCE_CODES, "off"),
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    page = root / "docs/index.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(PAGE_INJECTIONS.values()) + "\n", encoding="utf-8"
    )
    (root / "includes/injected.md").write_text(SNIPPET_INJECTION, encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8") + '\n--8<-- "injected.md"\n', encoding="utf-8")
    glossary = root / "data/glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    marker = "midazolam, a sedative, for this reason"
    assert marker in text
    glossary.write_text(text.replace(marker, marker + GLOSSARY_INJECTION, 1), encoding="utf-8")
    faq = root / "data/faq.yml"
    text = faq.read_text(encoding="utf-8")
    marker = "          [@fdaspravatorems].\n"
    assert marker in text
    faq.write_text(text.replace(marker, marker + FAQ_INJECTION, 1), encoding="utf-8")
    return root


@pytest.mark.timeout(120)
def test_every_injection_is_caught_in_the_published_html(tmp_path: Path) -> None:
    root = _project(tmp_path)
    before = digest(root)
    aborted = build(root, strict=False)  # missing images etc. are warnings here
    assert aborted is None, aborted
    site_text = "\n".join(p.read_text(encoding="utf-8") for p in (root / "site").rglob("*.html"))
    findings = "\n".join(d.format() for d in check_site(root / "site"))
    ids = [*PAGE_INJECTIONS, "inj11", "inj12", "inj13"]
    published = [name for name in ids if f'"{name}' in site_text]
    missed = [name for name in published if f'"{name}' not in findings and f'"{name}s"' not in findings]
    TALLY.cases += len(ids)
    TALLY.located += len(published) - len(missed)
    TALLY.unsafe_published += len(missed)
    TALLY.changed += digest(root) != before
    assert published == ids  # with the source checks off, every injection reaches the site
    assert missed == [], findings
    outcome = run(root, "built", "site")
    assert outcome.crash is None and outcome.status == 1
    assert "KB515" in outcome.out and "KB516" in outcome.out and "KB517" in outcome.out


@pytest.mark.timeout(120)
def test_a_symlink_out_of_the_project_is_not_published(tmp_path: Path) -> None:

    root = make_template(tmp_path / "project")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN-42", encoding="utf-8")
    (root / "docs/leak.txt").symlink_to(secret)
    aborted = build(root)  # strict, as make build
    published = [p for p in (root / "site").rglob("*") if p.is_file() and b"SECRET-TOKEN-42" in p.read_bytes()]
    TALLY.cases += 1
    TALLY.unsafe_published += bool(published) and aborted is None
    assert aborted is not None or not published


@pytest.mark.timeout(120)
def test_a_non_utf8_page_stops_the_build_with_a_message(tmp_path: Path) -> None:
    root = make_template(tmp_path / "project")
    page = root / "docs/index.md"
    page.write_bytes(page.read_bytes() + b"caf\xe9\n")
    TALLY.cases += 1
    try:
        aborted = build(root)
    except UnicodeDecodeError:
        TALLY.tracebacks += 1
        raise
    assert aborted is not None
