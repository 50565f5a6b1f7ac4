"""YAML loading keeps positions and never raises on content problems."""

from __future__ import annotations

import datetime as dt

from kbcheck.yamlloc import LocatedYaml, YamlError, load_located


def test_positions_of_keys_and_items_are_one_based() -> None:
    """Keys and list items report the line and column where they are written."""
    loaded = load_located("a: 1\nb:\n  c: [x, y]\n  d:\n    - 1\n    - 2\n")
    assert isinstance(loaded, LocatedYaml)
    assert loaded.where("a") == (1, 1)
    assert loaded.where("b", "c") == (3, 3)
    assert loaded.where("b", "d", 1) == (6, 7)


def test_first_line_offsets_front_matter_lines() -> None:
    """Front matter starts on line 2 of the page; positions say so."""
    loaded = load_located("title: x\nreviewed: 2026-01-01\n", first_line=2)
    assert isinstance(loaded, LocatedYaml)
    assert loaded.where("reviewed") == (3, 1)
    assert loaded.data["reviewed"] == dt.date(2026, 1, 1)


def test_syntax_error_is_located_not_raised() -> None:
    """A YAML syntax error comes back as a located value."""
    result = load_located("title: [unclosed\nother: 1\n", first_line=2)
    assert isinstance(result, YamlError)
    assert result.line >= 2
    assert "flow sequence" in result.message or "expected" in result.message


def test_impossible_date_stays_a_string() -> None:
    """2026-13-45 looks like a date to YAML; it is kept as text for the validator."""
    loaded = load_located("reviewed: 2026-13-45\n")
    assert isinstance(loaded, LocatedYaml)
    assert loaded.data == {"reviewed": "2026-13-45"}


def test_mkdocs_custom_tags_load_as_plain_values() -> None:
    """!ENV and !!python/name tags in mkdocs.yml do not break loading."""
    loaded = load_located("a: !ENV [HOME, x]\nb: !!python/name:pymdownx.superfences.fence_code_format\n")
    assert isinstance(loaded, LocatedYaml)
    assert loaded.data["a"] == ["HOME", "x"]
    assert loaded.data["b"] == ""


def test_where_falls_back_to_nearest_parent() -> None:
    """An unknown path points at its closest known parent."""
    loaded = load_located("x:\n  y: 1\n")
    assert isinstance(loaded, LocatedYaml)
    assert loaded.where("x", "nope") == (1, 1)
