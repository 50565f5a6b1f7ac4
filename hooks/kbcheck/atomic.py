"""Whole-file writes that never leave half a file, even with two writers at once.

Each writer writes its own temporary file in the target's folder (so the rename
stays on one file system) and renames it over the target (:func:`os.replace`),
which is atomic: a reader, or a second process doing the same, sees the old file
or a new one, never a mix. Interrupting a write leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_text(path: Path, text: str) -> str | None:
    """Replace ``path`` with ``text`` (UTF-8); the reason as text when it cannot, else None."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        # mkstemp creates the file for its owner only; keep the old file's mode (or rw-r--r--).
        os.fchmod(handle, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).replace(path)  # os.replace: atomic on one file system
        temporary = None
    except OSError as exc:
        return f"cannot write '{path.name}': {exc.strerror or exc}"
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
    return None


def read_text(path: Path) -> str | None:
    """The UTF-8 text of a regular file, or None when it is missing, not a file or unreadable."""
    try:
        if not path.is_file():
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
