"""The one diagnostic type every check produces, and the rule catalogue.

A *rule* is a stable, greppable code (``KB103``) with a name, a default
severity and a one-line summary. Checks create diagnostics through their rule
so the severity can be overridden per project in ``mkdocs.yml``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace


class Severity(enum.IntEnum):
    """Severity levels; the values match :mod:`logging` levels."""

    INFO = 20
    WARNING = 30
    ERROR = 40

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity | None:
        """Return the severity named by ``text`` ("warn" accepted), or None for "off"."""
        normal = text.strip().lower()
        if normal in {"off", "ignore", "none"}:
            return None
        aliases = {"warn": "warning", "err": "error"}
        return cls[aliases.get(normal, normal).upper()]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, located in a source file (1-based line and column)."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str | None = None

    def format(self) -> str:
        """Render as ``path:line:col: CODE severity: message (hint: ...)``."""
        text = f"{self.path}:{self.line}:{self.column}: {self.code} {self.severity.label}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True, slots=True)
class Rule:
    """A kind of finding: code, kebab-case name, default severity, summary."""

    code: str
    name: str
    severity: Severity
    summary: str

    def at(self, path: str, line: int, column: int, message: str, hint: str | None = None) -> Diagnostic:
        return Diagnostic(path, max(line, 1), max(column, 1), self.code, self.severity, message, hint)


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, summary: str) -> Rule:
    """Declare a rule once, at import time of the module that reports it."""
    if code in RULES and RULES[code].name != name:
        raise ValueError(f"rule code {code} declared twice ({RULES[code].name}, {name})")
    RULES[code] = Rule(code, name, severity, summary)
    return RULES[code]


def find_rule(code_or_name: str) -> Rule | None:
    """Look a rule up by code (``KB103``) or name (``front-matter-missing-key``)."""
    wanted = code_or_name.strip()
    if wanted.upper() in RULES:
        return RULES[wanted.upper()]
    return next((r for r in RULES.values() if r.name == wanted), None)
