"""Watch pymdownx.snippets include files, so includes are located, confined and never fatal.

pymdownx.snippets stays the one reader of include syntax. We wrap three
methods of its preprocessor instance for the page being rendered:

- ``get_snippet_path``: a file it cannot find, a file outside the project (a
  symlink or ``../``), or a file already being included (a loop) becomes a
  problem we report at the include line; the extension is told "not found"
  for the last two, so nothing outside the project is ever read;
- ``read_lines``: remembers each file's lines, for the source map; a file that
  is not UTF-8 text is a problem, not a traceback;
- ``select_snippet_lines``: a line range past the end of the file is a problem.

``check_paths`` is switched off on the instance, because a missing file must be
one located diagnostic of ours rather than the extension's exception.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Markdown


def _shown(folder: Path, root: Path) -> str:
    """A folder as reports show it: relative to the project when inside it."""
    return folder.relative_to(root).as_posix() or "." if folder.is_relative_to(root) else folder.as_posix()


@dataclass(frozen=True, slots=True)
class IncludeProblem:
    kind: str  # "include-missing", "include-outside", "include-recursive", "include-unreadable", "include-range"
    target: str  # the path as written in the include
    message: str
    hint: str | None


@dataclass
class IncludeLog:
    """What the snippets extension read and refused while rendering one page."""

    files: dict[Path, list[str]] = field(default_factory=dict)
    problems: list[IncludeProblem] = field(default_factory=list)


def observe(md: Markdown, root: Path) -> IncludeLog | None:
    """Wrap the snippets preprocessor of ``md`` (if any); its findings go to the returned log."""
    if "snippet" not in md.preprocessors:
        return None
    root = root.resolve()
    processor: Any = md.preprocessors["snippet"]
    log = IncludeLog()
    processor.check_paths = False
    # Base paths are the project's folders whatever the working directory (MkDocs
    # resolves them from where it runs); an include must stay inside one of them.
    processor.base_path = [str((root / base).resolve()) for base in processor.base_path]
    allowed = [Path(base) for base in processor.base_path]
    original_path: Callable[[str], str | None] = processor.get_snippet_path
    original_read: Callable[[str], list[str]] = processor.read_lines
    original_select: Callable[[list[str], dict[str, Any]], list[str]] = processor.select_snippet_lines

    def get_snippet_path(path: str) -> str | None:
        found = original_path(path)
        if found is None:
            if not path.lower().startswith(("http://", "https://")):
                log.problems.append(
                    IncludeProblem("include-missing", path, f"included file '{path}' does not exist", _hint(path))
                )
            return None
        resolved = Path(found).resolve()
        if not any(resolved.is_relative_to(base) for base in allowed) and not resolved.is_relative_to(root):
            log.problems.append(
                IncludeProblem(
                    "include-outside",
                    path,
                    f"included file '{path}' is outside the project",
                    "include only files inside the project (symlinks that leave it are not followed)",
                )
            )
            return None
        if found in processor.seen or str(resolved) in {str(Path(s).resolve()) for s in processor.seen}:
            log.problems.append(
                IncludeProblem(
                    "include-recursive",
                    path,
                    f"'{path}' includes itself (directly or through another include), so it is left out",
                    "remove the include that closes the loop",
                )
            )
            return None
        return found

    def read_lines(path: str) -> list[str]:
        try:
            lines = original_read(path)
        except UnicodeDecodeError as exc:
            log.problems.append(
                IncludeProblem(
                    "include-unreadable",
                    Path(path).name,
                    f"included file '{Path(path).name}' is not UTF-8 text ({exc.reason} at byte {exc.start})",
                    "save the file as UTF-8",
                )
            )
            return []
        except OSError as exc:
            log.problems.append(
                IncludeProblem(
                    "include-unreadable",
                    Path(path).name,
                    f"included file '{Path(path).name}' cannot be read ({exc.__class__.__name__})",
                    None,
                )
            )
            return []
        log.files[Path(path).resolve()] = list(lines)
        return lines

    def select_snippet_lines(lines: list[str], target: dict[str, Any]) -> list[str]:
        # pymdownx stores each range's start 0-based and its end 1-based (None: open).
        for start, end in zip(target.get("start") or [], target.get("end") or [], strict=False):
            past = (start is not None and start >= len(lines)) or (end is not None and end > len(lines))
            if past:
                first = "" if start is None else str(start + 1)
                written = f"{first}:{end}" if end is not None else first
                log.problems.append(
                    IncludeProblem(
                        "include-range",
                        str(target.get("path", "")),
                        f"line range {written} of '{target.get('path', '')}' goes past its end ({len(lines)} lines)",
                        "fix the range after the file name",
                    )
                )
        return original_select(lines, target)

    def _hint(path: str) -> str:
        names = sorted(
            str(file.relative_to(base))
            for base in allowed
            if base.is_dir()
            for file in base.rglob("*")
            if file.is_file()
        )
        close = difflib.get_close_matches(path, names, n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}'?"
        shown = ", ".join(_shown(base, root) for base in allowed)
        return f"includes are looked up in: {shown}"

    processor.get_snippet_path = get_snippet_path
    processor.read_lines = read_lines
    processor.select_snippet_lines = select_snippet_lines
    return log
