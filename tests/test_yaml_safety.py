"""Untrusted YAML and JSON are bounded before they are expanded, and located when refused."""

from __future__ import annotations

import datetime as dt

import pytest

from kbcheck import jsonload
from kbcheck.frontmatter import _date_problem
from kbcheck.trust.review import add_months, parse_date
from kbcheck.yamlloc import MAX_DEPTH, LocatedYaml, YamlError, load_located

BOMB = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9)
)


def test_alias_bomb_is_refused_not_expanded() -> None:
    """Nine levels of ten aliases would be 10**9 values; it stops at the budget with a position."""
    result = load_located(BOMB, first_line=2)
    assert isinstance(result, YamlError)
    assert "alias bomb" in result.message
    assert result.line >= 2


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a\n  b: *a\n"])
def test_alias_loop_is_refused(text: str) -> None:
    result = load_located(text)
    assert isinstance(result, YamlError)
    assert f"more than {MAX_DEPTH} levels" in result.message


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system [echo]",
        "!!python/object:os.Popen {}",
        "!!python/module:os",
        "!!python/object/new:os.Popen [x]",
    ],
)
def test_python_object_tags_are_refused(tag: str) -> None:
    result = load_located(f"site_name: x\nbad: {tag}\n")
    assert isinstance(result, YamlError)
    assert (result.line, result.column) == (2, 6)
    assert "would run Python code" in result.message


def test_markdown_ecosystem_names_are_accepted() -> None:
    """mkdocs.yml names pymdownx/material callables; those stay usable (as plain values)."""
    text = (
        "a: !!python/name:material.extensions.emoji.twemoji\n"
        "b: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
    )
    assert isinstance(load_located(text), LocatedYaml)


def test_duplicate_key_is_located_at_the_second() -> None:
    result = load_located("title: A\nreviewed: 2026-01-01\ntitle: B\n", first_line=2)
    assert result == YamlError(4, 1, "duplicate key 'title' (first on line 2); YAML keeps only the last")


def test_non_text_key_and_control_characters_are_errors() -> None:
    assert isinstance(load_located("? [a]\n: 1\n"), YamlError)
    assert isinstance(load_located("a: \x07\n"), YamlError)


def test_size_limit() -> None:
    result = load_located("a: " + "x" * 2_100_000)
    assert isinstance(result, YamlError)
    assert "limit" in result.message


@pytest.mark.parametrize("value", [dt.date(9999, 12, 31), "9999-12-31", dt.date(1, 1, 1)])
def test_dates_out_of_range_are_reported_not_computed(value: object) -> None:
    assert "outside the years" in (_date_problem(value, None) or "")
    assert parse_date(value) is None


def test_review_arithmetic_at_the_edge_of_the_range() -> None:
    assert add_months(dt.date(2999, 12, 31), 36) == dt.date(3002, 12, 31)


def test_deep_json_is_one_located_problem() -> None:
    text = "[\n" + "[" * 100_000 + "]" * 100_000 + "\n]"
    result = jsonload.loads(text)
    assert isinstance(result, jsonload.JsonProblem)
    assert (result.line, "nested") == (2, "nested") and "nested" in result.message


def test_json_brackets_inside_strings_do_not_count() -> None:
    assert jsonload.loads('["' + "[" * 500 + '"]') == ["[" * 500]


def test_huge_number_is_a_problem_not_a_crash() -> None:
    assert isinstance(jsonload.loads("[" + "1" * 5000 + "]"), jsonload.JsonProblem)
