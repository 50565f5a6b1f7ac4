"""Commands work as written: every Makefile target is in `make help`, and every command the
README and the contributing guide show is run (cheap ones for real, the rest as `make -n`
or with `--help`), exactly as a contributor would type it. Exit codes are 0/1/2 everywhere."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BIN, ROOT, run

PYTHON = str(BIN / "python")
DOCUMENTS = ("README.md", "docs/contributing.md", "CONTRIBUTING.md")
# Run for real: quick and offline. Anything else is shown with `make -n` (dry run) or `--help`.
CHEAP_TARGETS = {"help", "rules", "check"}
CHEAP_SUBCOMMANDS = {"rules", "check"}
PLACEHOLDERS = ("path/to/", "...", "xxxx", "<", "nnn")
FENCE = re.compile(r"^```(?:sh|bash|console|shell)\n(.*?)^```", re.M | re.S)
INLINE = re.compile(r"`([^`\n]+)`")


def make_targets() -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return re.findall(r"^([a-z][a-z-]*):(?!=)", text, re.M)


def documented_commands() -> list[tuple[str, str]]:
    """(document, command) for each shell line and each inline `make ...` / `... -m kbcheck ...`."""
    found: dict[tuple[str, str], None] = {}
    for name in DOCUMENTS:
        text = (ROOT / name).read_text(encoding="utf-8")
        for block in FENCE.findall(text):
            for line in block.splitlines():
                command = line.split(" #", 1)[0].strip()
                if command and not command.startswith("#"):
                    found[(name, command)] = None
        for span in INLINE.findall(FENCE.sub("", text)):
            if span.startswith("make ") or " -m kbcheck" in span:
                found[(name, span.strip())] = None
    return list(found)


def test_help_lists_every_target() -> None:
    """`make help` names every target the Makefile defines, with a description."""
    result = run(["make", "--no-print-directory", "help"], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    listed = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("make ")}
    targets = make_targets()
    assert {"help", "rules", "serve", "lint", "format", "clean"} <= set(targets)
    assert [t for t in targets if t not in listed] == []
    assert all(len(line.split()) > 2 for line in result.stdout.splitlines()), result.stdout


@pytest.mark.parametrize(("args", "address"), [((), "127.0.0.1:8000"), (("PORT=8123",), "127.0.0.1:8123")])
def test_serve_port(args: tuple[str, ...], address: str) -> None:
    """`make serve PORT=...` serves on that port; 8000 by default."""
    result = run(["make", "--no-print-directory", "-n", "serve", *args], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert f"--dev-addr {address} " in result.stdout


def test_documents_show_commands() -> None:
    """The extraction finds the commands the README is about (guards the test below)."""
    commands = {command for _, command in documented_commands()}
    assert {"make serve", "make test", "make rules"} <= commands


def _runnable(command: str) -> list[str] | None:
    """The argv that checks a documented command, or None when it is not ours to run."""
    words = shlex.split(command)
    env = [w for w in words if re.match(r"^[A-Z_]+=", w) and words.index(w) < 1]
    rest = words[len(env) :]
    if rest[:1] == ["make"]:
        target = next((w for w in rest[1:] if not w.startswith("-") and "=" not in w), "help")
        real = target in CHEAP_TARGETS and not any(p in command for p in PLACEHOLDERS)
        return ["sh", "-c", command if real else command.replace("make ", "make -n ", 1)]
    if "-m" in rest and "kbcheck" in rest:
        subcommand = rest[rest.index("kbcheck") + 1] if rest[-1] != "kbcheck" else None
        real = subcommand in CHEAP_SUBCOMMANDS and not any(p in command for p in PLACEHOLDERS)
        return ["sh", "-c", command if real else command + " --help"]
    return None


@pytest.mark.parametrize(("document", "command"), documented_commands())
def test_documented_command_runs_as_written(document: str, command: str) -> None:
    """Each command in the README and the contributing guide works from the project folder."""
    argv = _runnable(command)
    if argv is None:
        pytest.skip(f"not a project command: {command}")
    result = run(argv, cwd=ROOT)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{document}: `{command}` exited {result.returncode}:\n{output[-2000:]}"
    assert "Traceback" not in output
    assert "No rule to make target" not in output


def subcommands() -> list[str]:
    from kbcheck.cli import build_parser

    parser = build_parser()
    choices = next(a for a in parser._actions if a.dest == "command").choices
    return sorted(name for name, sub in choices.items() if any(a.dest == "config" for a in sub._actions))


@pytest.mark.parametrize("subcommand", subcommands())
def test_unreadable_config_exits_two_everywhere(subcommand: str, tmp_path: Path) -> None:
    """A configuration that cannot be read means the command could not run: exit 2, one located line."""
    (tmp_path / "mkdocs.yml").write_text("site_name: [x\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text("@article{a, doi={10.5555/kb-test.1}}\n", encoding="utf-8")
    needed = {
        "add-ref": ["10.5555/kb-test.1", "--kind", "rct"],
        "import-refs": ["refs.bib", "--kind", "rct"],
        "pr-summary": ["--base", "main"],
        "finish": ["site"],
    }
    result = run([PYTHON, "-m", "kbcheck", subcommand, *needed.get(subcommand, [])], cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "mkdocs.yml:" in result.stdout
    assert "KB003" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_bad_arguments_exit_two() -> None:
    result = run([PYTHON, "-m", "kbcheck", "check", "--format", "nope"], cwd=ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_contributing_guide_lists_every_rule() -> None:
    """The guide's table of codes and `kbcheck rules` name the same codes."""
    result = run([PYTHON, "-m", "kbcheck", "rules"], cwd=ROOT)
    listed = set(re.findall(r"^(KB\d{3}) ", result.stdout, re.M))
    guide = (ROOT / "docs/contributing.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (KB\d{3}) \|", guide, re.M))
    assert sorted(listed - documented) == []
    assert sorted(documented - listed) == []


FAKE_NPM = """#!/bin/sh
echo "$*" >> "$NPM_LOG"
mkdir -p node_modules/axe-core
"""


def test_make_test_installs_axe_core_when_missing_or_stale(tmp_path: Path) -> None:
    """`make test` runs `npm ci` when node_modules is missing or older than package-lock.json, else not."""

    shutil.copy(ROOT / "package-lock.json", tmp_path / "package-lock.json")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "npm").write_text(FAKE_NPM, encoding="utf-8")
    (bin_dir / "npm").chmod(0o755)
    for tool in ("touch", "mkdir", "echo"):
        if shutil.which(tool):
            (bin_dir / tool).symlink_to(shutil.which(tool))
    log = tmp_path / "npm.log"
    env = {**os.environ, "PATH": str(bin_dir), "NPM_LOG": str(log)}
    make = [
        shutil.which("make") or "make",
        "--no-print-directory",
        "-f",
        str(ROOT / "Makefile"),
        "node_modules/.kb-installed",
    ]

    def install() -> list[str]:
        result = subprocess.run(make, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    assert install() == ["ci --ignore-scripts --no-audit --no-fund"]
    assert install() == ["ci --ignore-scripts --no-audit --no-fund"]  # up to date: not again
    later = time.time() + 5
    os.utime(tmp_path / "package-lock.json", (later, later))
    assert len(install()) == 2  # the lock file changed
    (bin_dir / "npm").unlink()
    os.utime(tmp_path / "package-lock.json", (later + 5, later + 5))
    result = subprocess.run(make, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.count("npm not found") == 1


def test_browser_tests_missing_prerequisite_is_one_line() -> None:
    """Without Chromium the browser tests are left out with a single line naming the install command."""

    env_args = [PYTHON, "-m", "pytest", "tests/browser", "-q", "-p", "no:cacheprovider", "-ra"]
    env = {**os.environ, "KB_CHROMIUM": "/nonexistent/chromium", "PYTHONPATH": str(ROOT / "hooks")}
    env.pop("KB_REQUIRE_BROWSER", None)
    result = subprocess.run(env_args, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode in {0, 5}, result.stdout[-2000:]
    lines = [line for line in result.stdout.splitlines() if "chromium" in line.lower()]
    assert lines == [
        f"{lines[0].split()[0]} browser tests not run: Chromium not found at /nonexistent/chromium; "
        "install it with: apt-get install chromium (or set KB_CHROMIUM)"
    ]
    assert "SKIPPED" not in result.stdout
