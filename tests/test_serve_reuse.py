"""`mkdocs serve` rebuilds reuse what an unchanged page's render worked out, and publish the same site.

A process told it serves (MkDocs' ``on_startup``) keeps each page's glossary marks
(:mod:`kbcheck.mdext.markcache`); any process keeps each page's findings
(:mod:`kbcheck.pagecache`), so an unchanged page's prose is not even read. These tests
build a copy of the real site in one such process, change it, and compare every page
with a build from scratch in a process that does not serve.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ROOT
from kbcheck import pagecache
from kbcheck.glossary.matcher import Match
from kbcheck.mdext import collect, markcache
from kbcheck.mdext import glossary as glossary_marking
from kbcheck.mdext.markcache import Replay

pytestmark = pytest.mark.slow


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    for name in ("docs", "data", "includes", "overrides", "hooks"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    markcache.forget()
    pagecache.forget()
    yield tmp_path
    markcache.forget()
    pagecache.forget()


def built(site: Path, *, serving: bool) -> dict[str, str]:
    """Every page of one build in this process, by its path in the site folder."""
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "out"))
    config.plugins.on_startup(command="serve" if serving else "build", dirty=False)
    build(config)
    return {str(file.relative_to(site / "out")): file.read_text("utf-8") for file in (site / "out").rglob("*.html")}


def counting_mentions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many texts the glossary matcher reads (one list entry a text)."""
    calls: list[int] = []
    original = glossary_marking.FirstWords.mentions

    def mentions(self: glossary_marking.FirstWords, text: str) -> Iterator[Match]:
        calls.append(len(text))
        return original(self, text)

    monkeypatch.setattr(glossary_marking.FirstWords, "mentions", mentions)
    return calls


def test_an_unchanged_site_replays_every_pages_marks_and_publishes_the_same(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = built(site, serving=True)
    read = counting_mentions(monkeypatch)
    prose_read: list[str] = []
    read_units = collect.text_units
    monkeypatch.setattr(collect, "text_units", lambda *args: prose_read.append("page") or read_units(*args))
    again = built(site, serving=True)
    assert read == []  # no page was matched against the glossary again
    assert prose_read == []  # nor had its prose read: its findings were kept
    assert again == first
    assert sum("kb-glossary-link" in html for html in again.values()) > 20


def test_an_edit_marks_that_page_afresh_and_the_site_equals_a_build_from_scratch(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built(site, serving=True)
    gad = site / "docs" / "anxiety" / "gad.md"
    text = gad.read_text("utf-8")
    # A term mentioned before its first mention: the marks after it move to other texts.
    gad.write_text(text.replace("\n## ", "\nKetamine is an NMDA receptor antagonist.\n\n## ", 1), "utf-8")
    read = counting_mentions(monkeypatch)
    rebuilt = built(site, serving=True)
    assert read  # the edited page was marked afresh
    markcache.forget()
    pagecache.forget()
    assert rebuilt == built(site, serving=False)


def test_a_changed_glossary_marks_every_page_afresh(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built(site, serving=True)
    glossary = site / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8").replace("A medicine", "A drug", 1), "utf-8")
    read = counting_mentions(monkeypatch)
    rebuilt = built(site, serving=True)
    assert len(read) > 1000
    markcache.forget()
    pagecache.forget()
    assert rebuilt == built(site, serving=False)


def test_a_build_that_does_not_serve_keeps_no_marks(site: Path) -> None:
    built(site, serving=False)
    assert markcache.recorded_pages() == 0
    built(site, serving=True)
    assert markcache.recorded_pages() > 30


def test_a_replay_that_meets_another_text_decides_from_there_on() -> None:
    """Equal keys should give equal texts; should they not, the marks are found again from the first difference."""
    markcache.forget()
    decided: list[str] = []

    def decide(text: str) -> list[markcache.Mark]:
        decided.append(text)
        at = text.find("term")
        return [(at, at + 4, len(decided))] if at >= 0 else []

    first = Replay(b"key")
    assert [first.marks(text, decide) for text in ("a term", "plain", "term two")] == [
        ((2, 6, 1),),
        (),
        ((0, 4, 3),),
    ]
    first.keep()
    decided.clear()
    second = Replay(b"key")
    assert second.marks("a term", decide) == ((2, 6, 1),)  # replayed: nothing decided
    assert second.marks("plain", decide) == ()
    assert decided == [] and second.replaying
    assert second.marks("another term", decide) == ((8, 12, 1),)  # not the recorded length: decided
    assert second.marks("term two", decide) == ((0, 4, 2),)  # and so on to the end
    assert decided == ["another term", "term two"] and not second.replaying
    markcache.forget()
