"""The extra.kb settings: unknown keys, bad values and severity overrides are located."""

from __future__ import annotations

from kbcheck.diagnostics import Severity
from kbcheck.frontmatter import UNKNOWN_KEY
from kbcheck.settings import load_settings
from kbcheck.yamlloc import LocatedYaml, load_located

CONFIG = """\
site_name: x
extra:
  kb:
    front_matter:
      requird: [title]
      description_max: "long"
    severity:
      front-matter-unknown-key: error
      KB999: off
"""


def load(text: str):
    located = load_located(text)
    assert isinstance(located, LocatedYaml)
    return load_settings(located.data["extra"]["kb"], located, "mkdocs.yml")


def test_unknown_key_is_located_with_did_you_mean() -> None:
    """A misspelt settings key is KB001 at its own line with a suggestion."""
    _, problems = load(CONFIG)
    unknown = [p for p in problems if p.code == "KB001" and "requird" in p.message]
    assert len(unknown) == 1
    assert (unknown[0].path, unknown[0].line, unknown[0].column) == ("mkdocs.yml", 5, 7)
    assert unknown[0].hint == "did you mean 'required'?"


def test_invalid_value_is_reported_and_default_used() -> None:
    """A value of the wrong type is KB002 and the default replaces it."""
    settings, problems = load(CONFIG)
    invalid = [p for p in problems if p.code == "KB002"]
    assert len(invalid) == 1
    assert invalid[0].line == 6
    assert settings.section("front_matter")["description_max"] == 160


def test_severity_override_by_name_and_unknown_rule() -> None:
    """Severities can be changed by rule name; an unknown rule is KB001."""
    settings, problems = load(CONFIG)
    diagnostic = UNKNOWN_KEY.at("a.md", 1, 1, "x")
    applied = settings.apply(diagnostic)
    assert applied is not None
    assert applied.severity is Severity.ERROR
    assert any(p.code == "KB001" and "KB999" in p.message and p.line == 9 for p in problems)


def test_off_removes_a_rule() -> None:
    """Severity 'off' drops the rule's diagnostics."""
    settings, problems = load("extra:\n  kb:\n    severity:\n      KB105: 'off'\n")
    assert problems == []
    assert settings.apply(UNKNOWN_KEY.at("a.md", 1, 1, "x")) is None


def test_defaults_when_section_absent() -> None:
    """With no extra.kb at all, every section has its defaults."""
    settings, problems = load_settings(None, None, "mkdocs.yml")
    assert problems == []
    assert settings.section("front_matter")["required"] == ["title", "description", "reviewed", "type"]
