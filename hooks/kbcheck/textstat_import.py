"""Import textstat 0.7.4 without setuptools' ``pkg_resources``.

textstat 0.7.4 (the last release that works offline) imports ``pkg_resources``
at module level, only to read its word lists for the Dale-Chall formulas, which
this project does not use. ``pkg_resources`` ships with setuptools, which
Python 3.12's ``venv`` no longer installs, and importing it costs about 6 MB
and a tenth of a second on every build.

So while textstat is imported, ``pkg_resources`` is a small stand-in that reads
package data with :mod:`importlib.resources`; it is taken out of
``sys.modules`` again at once, so no other module ever sees it. Where the real
``pkg_resources`` is already loaded, textstat gets that.
"""

from __future__ import annotations

import importlib
import importlib.resources
import sys
import types
from typing import IO


def _resource_stream(package: str, resource: str) -> IO[bytes]:
    return importlib.resources.files(package).joinpath(resource).open("rb")


def import_textstat() -> types.ModuleType:
    """The ``textstat`` module, imported once."""
    loaded = sys.modules.get("textstat")
    if loaded is not None:
        return loaded
    if "pkg_resources" in sys.modules:
        return importlib.import_module("textstat")
    stand_in = types.ModuleType("pkg_resources")
    stand_in.resource_stream = _resource_stream  # type: ignore[attr-defined]
    sys.modules["pkg_resources"] = stand_in
    try:
        return importlib.import_module("textstat")
    finally:
        if sys.modules.get("pkg_resources") is stand_in:
            del sys.modules["pkg_resources"]
