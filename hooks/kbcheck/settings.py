"""The ``extra.kb`` section of mkdocs.yml: schema, defaults, validation.

Each concern (front matter, citations, links, ...) registers the JSON Schema of
its own sub-section with :func:`register_section`; this module composes them,
validates the user's mapping with :mod:`jsonschema`, fills defaults, and turns
schema errors into located diagnostics. The hooks and the command line both
read settings through here, so they always agree.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from .diagnostics import RULES, Diagnostic, Severity, find_rule, rule
from .patterns import pattern_problem
from .safe_files import confined
from .yamlloc import LocatedYaml

CONFIG_UNKNOWN_KEY = rule("KB001", "config-unknown-key", Severity.ERROR, "unknown key in the extra.kb settings")
CONFIG_INVALID = rule("KB002", "config-invalid-value", Severity.ERROR, "invalid value in the extra.kb settings")

_SECTIONS: dict[str, dict[str, Any]] = {}


def register_section(name: str, properties: dict[str, Any]) -> None:
    """Declare a settings sub-section ``extra.kb.<name>`` by its JSON Schema properties.

    Every property should carry a ``default``; unknown keys are rejected.
    """
    _SECTIONS[name] = {"type": "object", "additionalProperties": False, "properties": properties}


def _schema() -> dict[str, Any]:
    properties: dict[str, Any] = {
        "severity": {
            "type": "object",
            "description": "rule code or name -> error | warning | info | off",
            # YAML reads a bare `off` as false, so false means off too.
            "additionalProperties": {"enum": ["error", "warning", "warn", "info", "off", False]},
            "default": {},
        },
        "policies": {
            "type": "boolean",
            "default": False,
            "description": "switch on this site's editorial policies (required front matter, review dates, "
            "crisis box, unsafe HTML, abbreviations, readability, figures ledger, JSON-LD, page intro and foot); "
            "off, only what any MkDocs project wants is checked: links, anchors, includes, citations",
        },
    }
    properties.update({name: {**schema, "default": {}} for name, schema in _SECTIONS.items()})
    return {"type": "object", "additionalProperties": False, "properties": properties}


def _with_defaults(schema: dict[str, Any], value: Any) -> Any:
    if schema.get("type") != "object" or not isinstance(value, dict):
        return value
    filled = dict(value)
    for key, sub in schema.get("properties", {}).items():
        if key not in filled and "default" in sub:
            filled[key] = copy.deepcopy(sub["default"])
        if key in filled:
            filled[key] = _with_defaults(sub, filled[key])
    return filled


@dataclass
class Settings:
    """Validated settings with defaults filled in."""

    values: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, Severity | None] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        return self.values.get(name, {})

    @property
    def policies(self) -> bool:
        """Whether this site's editorial policies apply (``extra.kb.policies: true``)."""
        return self.values.get("policies") is True

    def apply(self, diagnostic: Diagnostic) -> Diagnostic | None:
        """The diagnostic at its configured severity, or None when switched off."""
        if diagnostic.code not in self.overrides:
            return diagnostic
        severity = self.overrides[diagnostic.code]
        return None if severity is None else diagnostic.with_severity(severity)


def load_settings(
    raw: Any, source: LocatedYaml | None, config_path: str, root: Path | None = None
) -> tuple[Settings, list[Diagnostic]]:
    """Validate ``extra.kb``; return settings (defaults where invalid) and diagnostics.

    With ``root`` (the folder of mkdocs.yml), file and cache paths must stay inside it.
    """
    raw = {} if raw is None else raw
    schema = _schema()
    problems: list[Diagnostic] = []
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path)):
        problems.extend(_describe(error, source, config_path))
    if problems:
        raw = _drop_invalid(raw, schema)
    values = _with_defaults(schema, raw if isinstance(raw, dict) else {})
    overrides, more = _severity_overrides(values.get("severity", {}), source, config_path)
    more += _check_patterns(values, source, config_path)
    if root is not None:
        more += _confine_paths(values, schema, root, source, config_path)
    return Settings(values, overrides), problems + more


# Settings holding lists of regular expressions.
PATTERN_SETTINGS: tuple[tuple[str, str], ...] = (
    ("links", "anchor_ignore"),
    ("links", "exclude"),
    ("links", "blocked_hosts"),
)


def _check_patterns(values: dict[str, Any], source: LocatedYaml | None, config_path: str) -> list[Diagnostic]:
    """Drop every invalid or catastrophic pattern, with one diagnostic at its line."""
    problems = []
    for section, key in PATTERN_SETTINGS:
        patterns = values.get(section, {}).get(key)
        if not isinstance(patterns, list):
            continue
        kept = []
        for index, text in enumerate(patterns):
            problem = pattern_problem(text) if isinstance(text, str) else None
            if problem is None:
                kept.append(text)
                continue
            line, column = _where(source, [section, key, index])
            hint = "escape special characters with \\; avoid nested repetition such as (a+)+"
            problems.append(
                CONFIG_INVALID.at(config_path, line, column, f"'extra.kb.{section}.{key}': {problem}", hint)
            )
        values[section][key] = kept
    return problems


# Settings naming files the commands read or write, relative to mkdocs.yml.
PROJECT_PATHS: tuple[tuple[str, ...], ...] = (
    ("citations", "bibliography"),
    ("citations", "lock"),
    ("citations", "render_cache"),
    ("citations", "verify", "cache"),
    ("links", "cache"),
    ("glossary", "file"),
    ("faq", "file"),
    ("trust", "workflows_dir"),
)


def _confine_paths(
    values: dict[str, Any], schema: dict[str, Any], root: Path, source: LocatedYaml | None, config_path: str
) -> list[Diagnostic]:
    """Put every path setting that leaves the project back to its default, with one diagnostic each."""
    problems = []
    for path in PROJECT_PATHS:
        holder, sub = values, schema
        for key in path[:-1]:
            holder, sub = holder.get(key, {}), sub.get("properties", {}).get(key, {})
        value = holder.get(path[-1]) if isinstance(holder, dict) else None
        if not isinstance(value, str) or (not Path(value).is_absolute() and confined(root / value, root)):
            continue
        default = sub.get("properties", {}).get(path[-1], {}).get("default")
        holder[path[-1]] = default
        line, column = _where(source, list(path))
        problems.append(
            CONFIG_INVALID.at(
                config_path,
                line,
                column,
                f"'extra.kb.{'.'.join(path)}': '{value}' is outside the project",
                f"use a path inside the folder of mkdocs.yml (default: {default})",
            )
        )
    return problems


def _where(source: LocatedYaml | None, path: list[Any]) -> tuple[int, int]:
    return source.where("extra", "kb", *path) if source else (1, 1)


def _describe(error: jsonschema.ValidationError, source: LocatedYaml | None, config_path: str) -> list[Diagnostic]:
    path = list(error.absolute_path)
    dotted = ".".join(["extra", "kb", *map(str, path)])
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        out = []
        for key in sorted(set(error.instance) - set(known), key=str):
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
            line, column = _where(source, [*path, key])
            out.append(CONFIG_UNKNOWN_KEY.at(config_path, line, column, f"unknown key '{dotted}.{key}'", hint))
        return out
    line, column = _where(source, path)
    return [CONFIG_INVALID.at(config_path, line, column, f"'{dotted}': {error.message}")]


def _drop_invalid(raw: Any, schema: dict[str, Any]) -> Any:
    """Keep only the parts of ``raw`` that validate, so defaults replace bad values."""
    if not isinstance(raw, dict):
        return {}
    kept = {}
    for key, value in raw.items():
        sub = schema.get("properties", {}).get(key, schema.get("additionalProperties"))
        if not isinstance(sub, dict):
            continue
        cleaned = _drop_invalid(value, sub) if sub.get("type") == "object" else value
        if jsonschema.Draft202012Validator(sub).is_valid(cleaned):
            kept[key] = cleaned
    return kept


def _severity_overrides(
    mapping: dict[str, str], source: LocatedYaml | None, config_path: str
) -> tuple[dict[str, Severity | None], list[Diagnostic]]:
    overrides: dict[str, Severity | None] = {}
    problems = []
    for key, level in mapping.items():
        found = find_rule(str(key))
        if found is None:
            names = [r.name for r in RULES.values()] + list(RULES)
            close = difflib.get_close_matches(str(key), names, n=1)
            line, column = _where(source, ["severity", key])
            problems.append(
                CONFIG_UNKNOWN_KEY.at(
                    config_path,
                    line,
                    column,
                    f"unknown rule '{key}' in extra.kb.severity",
                    f"did you mean '{close[0]}'?" if close else "run the check command with --list-rules",
                )
            )
            continue
        overrides[found.code] = None if level is False else Severity.parse(level)
    return overrides, problems
