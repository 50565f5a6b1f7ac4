"""Listing and reading project files without leaving the project.

A symlink in ``docs/`` or ``includes/`` pointing at ``/etc/passwd`` would be
published; a FIFO named ``x.md`` blocks any reader forever; a dangling symlink
or a loop crashes later steps. Every listing goes through :func:`list_files`,
which never follows a link out of the project root, never opens anything that
is not a regular file, and reports each such entry as one diagnostic.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Rule, Severity, rule

OUTSIDE = rule("KB007", "file-outside-project", Severity.ERROR, "a symlink points outside the project (never followed)")
NOT_REGULAR = rule(
    "KB008", "file-not-regular", Severity.ERROR, "a FIFO, device, dangling symlink or symlink loop among the files"
)


def confined(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether ``path``, with every symlink resolved, lies inside ``root`` (or is it).

    Works for paths that do not exist yet (output files): the existing part is resolved.
    """
    try:
        resolved = Path(path).resolve()
        base = Path(root).resolve()
    except (OSError, RuntimeError):  # symlink loop
        return False
    return resolved == base or base in resolved.parents


@dataclass
class Listing:
    """Regular files found under a folder (paths as listed, not resolved) and the problems."""

    files: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def list_files(folder: Path, root: Path, shown: str, *, skip_hidden: bool = True) -> Listing:
    """Every regular file under ``folder`` (sorted), following only symlinks that stay in ``root``.

    ``shown`` is how ``folder`` appears in diagnostics (``docs``). Hidden names
    (``.git``, ``.cache``) are skipped like MkDocs skips them.
    """
    listing = Listing()
    root = root.resolve()
    try:
        seen = {folder.resolve()}
    except (OSError, RuntimeError):
        return listing
    pending = [(folder, shown)]
    while pending:
        current, current_shown = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            listing.problems.append(NOT_REGULAR.at(current_shown, 1, 1, f"cannot list the folder: {exc.strerror}"))
            continue
        for entry in entries:
            if skip_hidden and entry.name.startswith("."):
                continue
            path, entry_shown = Path(entry.path), f"{current_shown}/{entry.name}"
            mode = _mode(entry, path, entry_shown, root)
            if isinstance(mode, Diagnostic):
                listing.problems.append(mode)
            elif stat.S_ISDIR(mode):
                if path.resolve() not in seen:  # a link back to a parent would otherwise loop
                    seen.add(path.resolve())
                    pending.append((path, entry_shown))
            elif stat.S_ISREG(mode):
                listing.files.append(path)
            else:
                hint = "only regular files can be published"
                listing.problems.append(NOT_REGULAR.at(entry_shown, 1, 1, f"{_kind(mode)}, not a file", hint))
    listing.files.sort()
    return listing


def _mode(entry: os.DirEntry[str], path: Path, shown: str, root: Path) -> int | Diagnostic:  # noqa: PLR0911
    """The file type bits of an entry (of its target for a link inside ``root``), or why not."""
    try:
        if not entry.is_symlink():
            return entry.stat(follow_symlinks=False).st_mode
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return NOT_REGULAR.at(shown, 1, 1, f"dangling symlink to '{path.readlink()}'", "remove it or fix it")
        except (OSError, RuntimeError):
            return NOT_REGULAR.at(shown, 1, 1, "symlink loop", "remove the link")
        if not (target == root or root in target.parents):
            message = f"symlink to '{path.readlink()}' leaves the project"
            return OUTSIDE.at(shown, 1, 1, message, "copy the file in instead")
        if any(part.startswith(".") for part in target.relative_to(root).parts):
            message = f"symlink to '{path.readlink()}' leads into a hidden folder (.git, .cache...)"
            return OUTSIDE.at(shown, 1, 1, message, "hidden folders are never published; copy the file in")
        return target.stat().st_mode
    except OSError as exc:
        return NOT_REGULAR.at(shown, 1, 1, f"cannot inspect: {exc.strerror}")


def read_text(path: Path, shown: str, unreadable: Rule) -> str | Diagnostic:
    """UTF-8 text of a regular file (BOM dropped), or one diagnostic at the first bad byte."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return NOT_REGULAR.at(shown, 1, 1, "not a regular file", "only regular files can be read")
        data = path.read_bytes()
    except OSError as exc:
        return unreadable.at(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return unreadable.at(
            shown, line, column, f"not UTF-8 text ({exc.reason} at byte {exc.start})", "save the file as UTF-8"
        )


def published_folders(markdown_extensions: list[object], root: Path) -> list[Path]:
    """Folders besides docs/ whose files reach the site: snippet base paths and data/.

    The project root itself is left out (its listing would be the whole checkout).
    """
    folders = [root / "data"]
    for entry in markdown_extensions:
        options = entry.get("pymdownx.snippets") if isinstance(entry, dict) else None
        bases = options.get("base_path", []) if isinstance(options, dict) else []
        folders += [root / str(base) for base in ([bases] if isinstance(bases, str) else bases or [])]
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir() and folder not in found and folder.resolve() != root.resolve():
            found.append(folder)
    return found


def scan_published(markdown_extensions: list[object], root: Path) -> list[Diagnostic]:
    """Problems in the data and snippet folders: odd files inside, or a folder that is a link out of the project.

    A base path that mkdocs.yml itself places elsewhere (an absolute path) is
    the configuration's choice, not a file in the repository: it is not listed.
    """
    problems = []
    for folder in published_folders(markdown_extensions, root):
        written = Path(os.path.normpath(folder))
        if not written.is_relative_to(Path(os.path.normpath(root))):
            continue
        shown = written.relative_to(os.path.normpath(root)).as_posix()
        if not confined(folder, root):
            problems.append(OUTSIDE.at(shown, 1, 1, f"the folder '{shown}' is a link out of the project", "copy it in"))
            continue
        problems.extend(list_files(folder, root, shown).problems)
    return problems
