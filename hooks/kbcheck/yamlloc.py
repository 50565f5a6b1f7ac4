"""YAML loading that keeps the line and column of every key and item.

PyYAML does the parsing; this module only walks its node tree so that checks
can point at ``file:line:col``. Unknown tags (``!ENV``, ``!!python/name:``
used in mkdocs.yml) load as their plain value instead of failing, and a scalar
that YAML cannot construct (``2026-13-45`` as a date) is kept as a string so
the validator, not a traceback, reports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


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


def load_located(text: str, first_line: int = 1) -> LocatedYaml | YamlError:
    """Parse one YAML document. ``first_line`` shifts reported lines (front matter)."""
    loader = _TolerantLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        column = (mark.column if mark else 0) + 1
        return YamlError(line, column, _one_line(exc))
    finally:
        loader.dispose()
    result = LocatedYaml(None)
    if node is not None:
        result.data = _convert(loader, node, (), result.positions, first_line)
    return result


def _one_line(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or "invalid YAML"


def _convert(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, positions: dict, first_line: int) -> Any:
    positions[path] = (node.start_mark.line + first_line, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node)
            key = key if isinstance(key, (str, int)) else str(key)
            out[key] = _convert(loader, value_node, (*path, key), positions, first_line)
            positions[(*path, key)] = (
                key_node.start_mark.line + first_line,
                key_node.start_mark.column + 1,
            )
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, (*path, index), positions, first_line) for index, item in enumerate(node.value)]
    return _scalar(loader, node)


def _scalar(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node, deep=True)
    try:
        return loader.construct_object(node)
    except (ValueError, yaml.constructor.ConstructorError):
        return node.value
