"""The site's navigation (mkdocs.yml `nav`): tabs, every page once, two levels at most,
and each condition in one place."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from conftest import ROOT

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def _entries(items: list, depth: int = 1, section: str = "") -> Iterator[tuple[str, str, int]]:
    """(section title, page path, depth) for every page in the nav."""
    for item in items:
        if isinstance(item, str):
            yield section, item, depth
            continue
        ((title, value),) = item.items()
        if isinstance(value, list):
            yield from _entries(value, depth + 1, title)
        else:
            yield section, value, depth


def test_top_level_sections_are_tabs() -> None:
    assert "navigation.tabs" in CONFIG["theme"]["features"]
    assert len(CONFIG["nav"]) <= 9, "more tabs than fit across a laptop screen"


def test_every_page_is_in_the_nav_exactly_once_and_at_most_two_deep() -> None:
    entries = list(_entries(CONFIG["nav"]))
    paths = [path for _, path, _ in entries]
    on_disk = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))
    assert sorted(paths) == on_disk
    assert [path for _, path, depth in entries if depth > 2] == []


def test_each_condition_has_one_home_named_for_what_it_holds() -> None:
    """A condition's overview and its studies sit in the same section; the related ones under one name."""
    section_of: dict[str, set[str]] = {}
    for section, path, _ in _entries(CONFIG["nav"]):
        condition = path.rsplit("/", 1)[-1].removesuffix(".md")
        if path.startswith(("conditions/", "evidence/")) and condition != "index":
            section_of.setdefault(condition, set()).add(section)
    assert section_of and all(len(sections) == 1 for sections in section_of.values()), section_of
    related = {section_of[name].pop() for name in ("ptsd", "depression", "ocd", "chronic-pain")}
    assert related == {"Related conditions"}
