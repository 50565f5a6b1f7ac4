"""The one diagnostic type every check produces, and the rule catalogue.

A *rule* is a stable, greppable code (``KB103``) with a name, a default
severity and a one-line summary. Checks create diagnostics through their rule
so the severity can be overridden per project in ``mkdocs.yml``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace

# Characters that end a line or steer a terminal: C0 and C1 controls, DEL, the
# Unicode line and paragraph separators and the bidirectional overrides (which
# can make a line read differently from what it contains).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` with every line break and control character shown as an escape (``\\n``, ``\\x1b``).

    Paths, messages and hints quote what contributors wrote (front-matter keys,
    URLs, file names); escaped, such text stays on its report line, so it can
    never start a line of its own (a CI workflow command such as ``::error``).
    """
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


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
        """Render as ``path:line:col: CODE severity: message (hint: ...)``, always one line."""
        path = one_line(self.path)
        if path.startswith("::"):  # a file named like a workflow command
            path = "./" + path
        text = f"{path}:{self.line}:{self.column}: {self.code} {self.severity.label}: {one_line(self.message)}"
        return f"{text} (hint: {one_line(self.hint)})" if self.hint else text

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
