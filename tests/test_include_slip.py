"""One include typo must give one diagnostic, with paths relative to the project.

Today it gives two (KB106 for the missing file and KB107 "page does not include
the crisis box"), and KB106's hint names the includes folder by its absolute
path. The fix belongs in kbcheck/includes.py; this test documents the wanted
behaviour and turns red (strict xfail) the moment it is fixed, so the marker goes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT, page, run, site_config


@pytest.mark.xfail(strict=True, reason="includes.py reports KB106 and KB107 for one typo, with an absolute path")
def test_include_typo_is_one_relative_diagnostic(tmp_path: Path) -> None:
    config = site_config()
    config["markdown_extensions"] = [
        {"pymdownx.snippets": {"base_path": ["includes"], "check_paths": True}}
        if isinstance(ext, dict) and "pymdownx.snippets" in ext
        else ext
        for ext in config["markdown_extensions"]
    ]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    shutil.copytree(ROOT / "includes", tmp_path / "includes")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text(page("Home").replace('"urgent-help.md"', '"urgent-hlp.md"'), "utf-8")
    result = run([str(BIN / "python"), "-m", "kbcheck", "check"], cwd=tmp_path)
    lines = [line for line in result.stdout.splitlines() if ": KB1" in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith("docs/index.md:15:9: KB106 error:")
    assert str(tmp_path) not in lines[0]
    assert "urgent-help.md" in lines[0]
