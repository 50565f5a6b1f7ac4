"""Known MkDocs traps that silently defeat CI, each shown to be handled."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import BIN, ROOT, page, run

BROKEN_PAGE = "# A page without front matter\n"


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return run(["make", "--no-print-directory", *args], cwd=ROOT)


def test_quiet_flag_trap_exists_and_make_build_avoids_it(make_site) -> None:
    """`mkdocs build --strict -q` exits 0 despite warnings; `make build` does not use -q and fails."""
    warned = page("Warned").replace("type: general", "type: general\nsubtitel: typo")
    site = make_site({"index.md": page("Home"), "warned.md": warned})
    quiet = site.run(str(BIN / "mkdocs"), "build", "--strict", "--quiet")
    assert quiet.returncode == 0, "the upstream trap is gone; this test documents it"
    recipe = re.search(r"^build:.*?\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert recipe is not None
    assert not re.search(r"\s(-q|--quiet)\b", recipe.group(1))
    result = make("build", f"CONFIG={site.config_file}", f"SITE={site.root / 'out'}")
    assert result.returncode != 0
    assert "KB105 warning: unknown front-matter key 'subtitel'" in result.stdout + result.stderr
    assert "end of life" not in result.stdout + result.stderr  # Material's banner is silenced


def test_hook_diagnostics_use_an_mkdocs_logger(make_site) -> None:
    """Warnings count under --strict only on mkdocs.* loggers; ours is mkdocs.plugins.kbcheck."""
    site = make_site({"index.md": page("Home"), "bad.md": BROKEN_PAGE})
    result = site.build()
    names = {r.name for r in result.records if "KB101" in r.getMessage()}
    assert names == {"mkdocs.plugins.kbcheck"}
    assert result.aborted is not None


def test_missing_snippet_fails_the_build(make_site) -> None:
    """pymdownx.snippets drops a missing file silently unless check_paths is true; ours fails."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"pymdownx\.snippets:\s*\n(?:\s+.*\n)*?\s+check_paths: true", config)
    site = make_site({"index.md": page("Home", 'Intro.\n\n--8<-- "does-not-exist.md"\n')})
    result = site.build()  # no exception: our check reports first, then defuses the include
    assert result.aborted is not None
    (message,) = [m for m in result.ours() if "KB106" in m]
    assert message.startswith("docs/index.md:15:9: KB106 error: included file 'does-not-exist.md' does not exist")
    cli = site.run(str(BIN / "mkdocs"), "build", "--strict")
    assert cli.returncode == 1
    assert "Traceback" not in cli.stdout + cli.stderr


def test_existing_snippet_is_included(make_site) -> None:
    """The crisis box snippet every page includes renders its content."""
    site = make_site({"index.md": page("Home", '--8<-- "urgent-help.md"\n')})
    assert site.build().aborted is None
    assert "Samaritans" in (site.site_dir / "index.html").read_text(encoding="utf-8")


def test_click_is_pinned_below_8_3() -> None:
    """click 8.3.x switches off mkdocs serve's live reload."""
    major, minor = (int(part) for part in version("click").split(".")[:2])
    assert (major, minor) < (8, 3)
    pinned = re.search(r"^click==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)
    assert pinned is not None
    assert not pinned.group(1).startswith("8.3")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.timeout(120)
def test_serve_injects_live_reload(make_site, tmp_path: Path) -> None:
    """`mkdocs serve` (as `make serve` runs it) serves pages with the live-reload script."""
    site = make_site({"index.md": page("Home")})
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=site.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        html = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    html = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert "livereload" in html
    finally:
        process.terminate()
        process.wait(timeout=30)
