"""YAML loading that keeps the line and column of every key and item.

PyYAML does the parsing; this module only walks its node tree so that checks
can point at ``file:line:col``. Unknown tags (``!ENV``, ``!!python/name:``
used in mkdocs.yml) load as their plain value instead of failing, and a scalar
that YAML cannot construct (``2026-13-45`` as a date) is kept as a string so
the validator, not a traceback, reports it.

Untrusted YAML is bounded before it is expanded: PyYAML composes aliases as
shared nodes (cheap), and :func:`_convert` counts every node it visits and the
nesting depth, so an alias bomb or an alias loop stops at the limit with one
located error instead of growing without end. Tags that would construct
Python objects are refused, duplicate keys are errors (YAML says keys are
unique; PyYAML silently keeps the last).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

MAX_CHARS = 2_000_000  # the largest data file is ~100 kB; front matter is a few lines
MAX_NODES = 50_000  # nodes visited, aliases counted each time they are expanded (the glossary: ~700)
MAX_DEPTH = 64
_PYTHON_TAG = "tag:yaml.org,2002:python/"
# Modules whose callables mkdocs.yml may call with !!python/object/apply (toc
# slugify options); every other object-constructing tag is refused.
_TRUSTED_MODULES = ("pymdownx.", "markdown.", "material.", "mkdocs.")


# libyaml's parser when PyYAML was built with it: about ten times faster, and
# front matter is parsed for every page on every build.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TolerantLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that accepts any tag (mkdocs.yml uses several)."""


def construct_plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Build a tagged node as if it had no tag (a multi-constructor for any tag)."""
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", construct_plain)
_TolerantLoader.add_multi_constructor("!", construct_plain)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", construct_plain)


@dataclass(frozen=True, slots=True)
class YamlError:
    """A YAML syntax error, located (1-based)."""

    line: int
    column: int
    message: str


@dataclass
class LocatedYaml:
    """Loaded YAML data plus the position of each path in it."""

    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, *path: str | int) -> tuple[int, int]:
        """Line and column of ``path``; falls back to the nearest known parent."""
        probe: Path_ = tuple(path)
        while probe not in self.positions and probe:
            probe = probe[:-1]
        return self.positions.get(probe, (1, 1))


class _Refused(Exception):
    """Raised inside the walk; becomes a :class:`YamlError`."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


@dataclass
class _Walk:
    loader: yaml.SafeLoader
    positions: dict[Path_, tuple[int, int]]
    first_line: int
    visited: int = 0

    def at(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + self.first_line, node.start_mark.column + 1


def load_located(text: str, first_line: int = 1) -> LocatedYaml | YamlError:
    """Parse one YAML document. ``first_line`` shifts reported lines (front matter)."""
    if len(text) > MAX_CHARS:
        return YamlError(first_line, 1, f"the YAML is {len(text)} characters long; the limit is {MAX_CHARS}")
    loader = _TolerantLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        column = (mark.column if mark else 0) + 1
        return YamlError(line, column, _one_line(exc))
    except (yaml.YAMLError, RecursionError) as exc:  # reader errors (control characters) carry no mark
        return YamlError(first_line, 1, str(exc).splitlines()[0] if str(exc) else "invalid YAML")
    finally:
        loader.dispose()
    result = LocatedYaml(None)
    if node is not None:
        walk = _Walk(loader, result.positions, first_line)
        try:
            result.data = _convert(walk, node, (), 0)
        except _Refused as refused:
            line, column = walk.at(refused.node)
            return YamlError(line, column, refused.message)
    return result


def _one_line(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or "invalid YAML"


def _refuse_python_tag(node: yaml.Node) -> None:
    tag = node.tag or ""
    if not tag.startswith(_PYTHON_TAG):
        return
    kind, _, name = tag.removeprefix(_PYTHON_TAG).partition(":")
    # A name is only looked up (as MkDocs itself does); applying one calls it.
    if kind == "name" or (kind == "object/apply" and name.startswith(_TRUSTED_MODULES)):
        return
    raise _Refused(
        node,
        f"the tag '!!python/{kind}{':' + name if name else ''}' would run Python code; it is refused "
        f"(only callables from {', '.join(m.rstrip('.') for m in _TRUSTED_MODULES)} may be applied)",
    )


def _convert(walk: _Walk, node: yaml.Node, path: Path_, depth: int) -> Any:
    walk.visited += 1
    if walk.visited > MAX_NODES:
        raise _Refused(node, f"the YAML expands to more than {MAX_NODES} values (an alias bomb?)")
    if depth > MAX_DEPTH:
        raise _Refused(node, f"the YAML is nested more than {MAX_DEPTH} levels deep (an alias loop?)")
    _refuse_python_tag(node)
    walk.positions[path] = walk.at(node)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "a key must be plain text, not a list or a mapping")
            _refuse_python_tag(key_node)
            key = _scalar(walk.loader, key_node)
            key = key if isinstance(key, (str, int)) else str(key)
            if key in out:
                first = walk.positions[(*path, key)][0]
                raise _Refused(key_node, f"duplicate key '{key}' (first on line {first}); YAML keeps only the last")
            walk.positions[(*path, key)] = walk.at(key_node)
            out[key] = _convert(walk, value_node, (*path, key), depth + 1)
            walk.positions[(*path, key)] = walk.at(key_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(walk, item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
    return _scalar(walk.loader, node)


def _scalar(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_object(node)
    except (ValueError, OverflowError, yaml.constructor.ConstructorError):
        return node.value
