"""The Markdown extensions a project configures, as the link checks need them.

Heading ids depend on the ``toc`` extension's ``slugify`` and ``separator``
options, which mkdocs.yml often sets with Python tags
(``!!python/name:pymdownx.slugs.uslugify`` or
``!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}``). The
project loader keeps only plain values, so this module re-reads the
``markdown_extensions`` list with a loader that remembers those tags and
resolves them the way MkDocs does (by importing the named function).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown.extensions.toc import slugify as default_slugify

from ..project import Project
from ..yamlloc import construct_plain

Slugify = Callable[[str, str], str]


@dataclass(frozen=True)
class PythonName:
    """``!!python/name:module.attr``."""

    dotted: str


@dataclass(frozen=True)
class PythonApply:
    """``!!python/object/apply:module.attr {args: [...], kwds: {...}}``."""

    dotted: str
    args: list[Any] = field(default_factory=list)
    kwds: dict[str, Any] = field(default_factory=dict)


class _TagKeepingLoader(yaml.SafeLoader):
    """SafeLoader that records Python tags instead of running them."""


def _name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PythonName:
    return PythonName(suffix)


def _apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PythonApply:
    if isinstance(node, yaml.SequenceNode):
        return PythonApply(suffix, list(loader.construct_sequence(node, deep=True)))
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        return PythonApply(suffix, list(value.get("args") or []), dict(value.get("kwds") or {}))
    return PythonApply(suffix)


_TagKeepingLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _name)
_TagKeepingLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _apply)
_TagKeepingLoader.add_multi_constructor("tag:yaml.org,2002:python/", construct_plain)
_TagKeepingLoader.add_multi_constructor("!", construct_plain)


def _short(name: str) -> str:
    """'markdown.extensions.toc' and 'toc' are the same extension."""
    return name.removeprefix("markdown.extensions.")


@dataclass
class MarkdownConfig:
    """Extension names (short form) with their options, plus the resolved toc slugify."""

    extensions: dict[str, dict[str, Any]]
    slugify: Slugify = default_slugify
    separator: str = "-"
    problem: str | None = None  # why a configured slugify could not be used

    def has(self, name: str) -> bool:
        return _short(name) in self.extensions

    def snippet_base_paths(self, root: Path) -> list[Path]:
        """Folders pymdownx.snippets searches (relative to the project root)."""
        options = self.extensions.get("pymdownx.snippets")
        if options is None:
            return []
        bases = options.get("base_path", ["."])
        bases = [bases] if isinstance(bases, str) else list(bases or [])
        return [(root / str(base)).resolve() for base in bases]


def _resolve(value: Any) -> Any:
    """Import a tagged callable like MkDocs does; plain values pass through."""
    if isinstance(value, PythonName | PythonApply):
        module_name, _, attribute = value.dotted.rpartition(".")
        found = getattr(importlib.import_module(module_name), attribute)
        return found(*value.args, **value.kwds) if isinstance(value, PythonApply) else found
    return value


# Modules a tag may import (the Markdown libraries MkDocs projects use); others are never run.
TRUSTED_MODULES = ("markdown.", "pymdownx.", "material.", "mkdocs.", "zensical.")


def _resolve_trusted(value: Any) -> Any:
    """Resolve tags naming functions of the Markdown libraries, in nested options too (custom fences)."""
    if isinstance(value, dict):
        return {key: _resolve_trusted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve_trusted(item) for item in value]
    if isinstance(value, PythonName | PythonApply) and value.dotted.startswith(TRUSTED_MODULES):
        try:
            return _resolve(value)
        except (ImportError, AttributeError, TypeError, ValueError):
            return value
    return value


def read_markdown_config(config_path: Path) -> MarkdownConfig:
    """Read ``markdown_extensions`` from mkdocs.yml; MkDocs always adds ``toc``."""
    try:
        data = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_TagKeepingLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None  # the project loader already reports an unreadable configuration
    entries = data.get("markdown_extensions") if isinstance(data, dict) else None
    extensions: dict[str, dict[str, Any]] = {"toc": {}}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            extensions.setdefault(_short(entry), {})
        elif isinstance(entry, dict):
            for name, options in entry.items():
                extensions[_short(str(name))] = options if isinstance(options, dict) else {}
    for name, options in extensions.items():
        if name != "toc":
            extensions[name] = _resolve_trusted(options)
    toc = extensions["toc"]
    result = MarkdownConfig(extensions, separator=str(toc.get("separator", "-")))
    if "slugify" in toc:
        _resolve_slugify(toc, result)
    return result


def _resolve_slugify(toc: dict[str, Any], result: MarkdownConfig) -> None:
    tagged = toc["slugify"]
    if isinstance(tagged, PythonName | PythonApply) and not tagged.dotted.startswith(TRUSTED_MODULES):
        result.problem = f"toc slugify '{tagged.dotted}' is not from a Markdown library, so it is not run"
        return
    try:
        slugify = _resolve(tagged)
    except (ImportError, AttributeError, TypeError, ValueError) as exc:
        result.problem = f"toc slugify cannot be loaded ({exc.__class__.__name__}: {exc})"
        return
    if callable(slugify):
        result.slugify = slugify
        toc["slugify"] = slugify
    else:
        result.problem = "toc slugify is not a function"


def markdown_config(project: Project) -> MarkdownConfig:
    """The project's Markdown configuration, read once per project."""
    return project.derive("links.markdown_config", lambda p: read_markdown_config(p.config.path))
