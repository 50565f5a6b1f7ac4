"""The repository's set-up promises: layout, pins, two README commands, CI wiring."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT

REQUIRED_PATHS = [
    "docs",
    "mkdocs.yml",
    "hooks/kb_hooks.py",
    "hooks/kbcheck/__init__.py",
    "tests",
    "requirements.txt",
    "requirements-dev.txt",
    "constraints.txt",
    "README.md",
    "Makefile",
    ".ci/run",
    ".github/workflows/ci.yml",
    "CONTRIBUTING.md",
    "LICENSE",
]


@pytest.mark.parametrize("relative", REQUIRED_PATHS)
def test_layout(relative: str) -> None:
    """Every top-level piece the project promises exists."""
    assert (ROOT / relative).exists()


@pytest.mark.parametrize(
    "name", ["requirements.txt", "requirements-dev.txt", "requirements-bench.txt", "constraints.txt"]
)
def test_every_requirement_is_pinned_exactly(name: str) -> None:
    """No range or unpinned requirement: reproducible installs."""
    for raw in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#")[0].strip()
        if line and not line.startswith("-r"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.\-+]+", line), f"{name}: '{line}' is not pinned"


def test_core_versions_are_the_supported_combination() -> None:
    """mkdocs 1.6.1, Material 9.8.x and pymdown-extensions 13.x work together."""
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line)
    assert pins["mkdocs"] == "1.6.1"
    assert pins["mkdocs-material"].startswith("9.8.")
    assert pins["pymdown-extensions"].startswith("13.")


def test_readme_documents_the_two_commands_and_every_dependency() -> None:
    """The README gives make serve / make test and a table row for each pinned package."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme
    assert "make test" in readme
    table = readme.split("## Dependencies", 1)[1]
    for name in ("requirements.txt", "requirements-dev.txt", "requirements-bench.txt"):
        for line in (ROOT / name).read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                package = line.split("==")[0]
                assert re.search(rf"\b{re.escape(package)}\b", table, re.I), f"{package} missing from README table"


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run ends in `make test`, fails on errors, and is executable."""
    script = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script
    assert re.search(r"^make test\b", script, re.M)


def test_workflow_permissions_are_minimal() -> None:
    """Read-only by default; only the deploy job may write Pages; runs are cancelled when superseded."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", {})
        writes = {k for k, v in permissions.items() if v == "write"}
        assert writes <= ({"pages", "id-token"} if name == "deploy" else set()), name
    deploy = workflow["jobs"]["deploy"]
    uses = [step.get("uses", "") for step in deploy["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_site_config_has_the_required_settings() -> None:
    """mkdocs.yml sets the identity, privacy and validation settings the project relies on."""
    from kbcheck.yamlloc import load_located

    config = load_located((ROOT / "mkdocs.yml").read_text(encoding="utf-8")).data
    for key in ("site_name", "site_description", "site_url", "repo_url", "edit_uri", "copyright"):
        assert config.get(key), key
    assert config["theme"]["language"] == "en"
    assert config["theme"]["font"] is False
    features = set(config["theme"]["features"])
    assert {
        "navigation.instant",
        "navigation.tracking",
        "navigation.sections",
        "navigation.top",
        "navigation.footer",
        "search.suggest",
        "search.highlight",
        "content.tooltips",
        "content.action.edit",
        "toc.follow",
    } <= features
    assert config["validation"]["links"]["anchors"] == "warn"
    assert config["validation"]["links"]["not_found"] == "warn"
    assert config["validation"]["nav"]["not_found"] == "warn"
    names = {e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]}
    assert {
        "admonition",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.tabbed",
        "attr_list",
        "md_in_html",
        "abbr",
        "pymdownx.snippets",
        "footnotes",
        "tables",
        "def_list",
        "toc",
    } <= names
