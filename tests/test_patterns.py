"""Regular expressions from the settings: located when invalid, refused when catastrophic, bounded when run."""

from __future__ import annotations

import pytest

from kbcheck import patterns
from kbcheck.patterns import compile_setting, pattern_problem
from kbcheck.settings import load_settings
from kbcheck.yamlloc import load_located


@pytest.mark.parametrize("bad", ["(", "[a-", "a{2,1}", "(?P<x>a)(?P<x>b)", "\\", "*a", "(?<=a+)b"])
def test_invalid_patterns_are_named(bad: str) -> None:
    assert "not a valid regular expression" in (pattern_problem(bad) or "")


@pytest.mark.parametrize("slow", ["(a+)+$", "(a|aa)+$", "(\\w+\\s?)*$", "^(a|a?)+$", "(x+x+)+y", "(.*a){20}"])
def test_catastrophic_patterns_are_refused(slow: str) -> None:
    problem = pattern_problem(slow) or ""
    assert "exponential" in problem and "not a valid" not in problem


@pytest.mark.parametrize("fine", ["^fn:", "(^|\\.)wiley\\.com$", "^https://example\\.org/", "^_"])
def test_ordinary_patterns_pass(fine: str) -> None:
    assert pattern_problem(fine) is None
    assert compile_setting(fine) is not None


def test_settings_report_each_bad_pattern_at_its_line_and_keep_the_good_ones() -> None:
    text = (
        "extra:\n  kb:\n    links:\n      anchor_ignore:\n        - '^ok$'\n        - '(a+)+$'\n"
        "      exclude: ['[unclosed']\n"
    )
    source = load_located(text)
    settings, problems = load_settings(source.data["extra"]["kb"], source, "mkdocs.yml")
    assert [(d.code, d.line, d.column) for d in problems] == [("KB002", 6, 11), ("KB002", 7, 17)]
    assert settings.section("links")["anchor_ignore"] == ["^ok$"]
    assert settings.section("links")["exclude"] == []


def test_a_search_is_bounded_in_time(monkeypatch) -> None:
    """Whatever slips past the checks cannot hang a search: over the bound counts as no match."""
    pattern = compile_setting("z$")
    assert pattern is not None and pattern.search("abz") is True
    monkeypatch.setattr(patterns, "SEARCH_TIMEOUT", 1e-9)
    assert pattern.search("a" * 20_000_000) is False
