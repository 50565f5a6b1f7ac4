"""Project data files (YAML): read, validate against a JSON Schema, locate problems.

The glossary and the FAQ are YAML files under ``data/``. A contributor's typo
there must end as ``data/glossary.yml:12:5: CODE error: ...``, never as a
traceback, so every problem of a data file (unreadable, invalid YAML, schema
violation) becomes one located diagnostic through the caller's rule.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jsonschema

from .diagnostics import Diagnostic, Rule
from .project import Project, display_path
from .safe_files import confined, read_text
from .yamlloc import LocatedYaml, YamlError, load_located


@dataclass
class DataFile:
    """A loaded data file: its data (None when unusable), positions and problems."""

    path: Path
    display: str
    source: LocatedYaml | None
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def data(self) -> Any:
        return None if self.source is None else self.source.data

    def where(self, *path: str | int) -> tuple[int, int]:
        """1-based line and column of a path in the file (nearest known parent)."""
        return self.source.where(*path) if self.source else (1, 1)


def resolve(project: Project, relative: str) -> Path:
    """A data file path from the settings, relative to the folder of mkdocs.yml.

    Resolved (symlinks followed) only when the result stays in the project;
    otherwise the path as written, which :func:`load_data_file` refuses to read.
    """
    written = project.config.root / relative
    return written.resolve() if confined(written, project.config.root) else written.absolute()


def load_data_file(path: Path, schema: dict[str, Any], invalid: Rule, *, required: bool = True) -> DataFile:
    """Read and validate one YAML file; schema errors are reported at their line.

    Args:
        path: the file to read.
        schema: a JSON Schema (draft 2020-12) the data must satisfy.
        invalid: the rule every problem of this file is reported with.
        required: whether a missing file is a problem (otherwise it loads as empty).

    Returns:
        The loaded file. ``data`` is None when the file is missing or not YAML;
        schema violations keep the data, so checks can still use the valid parts.
    """
    outside = path.resolve() != path.absolute()  # see resolve(): it leads outside the project
    shown = os.path.relpath(path) if outside else display_path(path)
    if not path.exists():
        problems = [invalid.at(shown, 1, 1, f"data file '{shown}' does not exist")] if required else []
        return DataFile(path, shown, None, problems)
    if outside:
        return DataFile(path, shown, None, [invalid.at(shown, 1, 1, "the data file leads outside the project")])
    text = read_text(path, shown, invalid)  # a FIFO or a folder is reported, never opened
    if isinstance(text, Diagnostic):
        return DataFile(path, shown, None, [text if text.code == invalid.code else replace(text, code=invalid.code)])
    loaded = load_located(text)
    if isinstance(loaded, YamlError):
        message = f"invalid YAML: {loaded.message}"
        return DataFile(path, shown, None, [invalid.at(shown, loaded.line, loaded.column, message)])
    result = DataFile(path, shown, loaded)
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(loaded.data), key=lambda e: [str(p) for p in e.absolute_path]):
        result.problems.append(_schema_problem(result, error, invalid))
    return result


def _schema_problem(file: DataFile, error: jsonschema.ValidationError, invalid: Rule) -> Diagnostic:
    path = list(error.absolute_path)
    line, column = file.where(*path)
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "the file"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(known), key=str)
        if extra:
            line, column = file.where(*path, extra[0])
            return invalid.at(
                file.display, line, column, f"{where}: unknown key '{extra[0]}'", f"known keys: {', '.join(known)}"
            )
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
    return invalid.at(file.display, line, column, f"{where}: {message}", hint)
