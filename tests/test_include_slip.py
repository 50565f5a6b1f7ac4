"""One include typo gives one diagnostic (not also "page lacks the crisis box"),
with a did-you-mean and no absolute path."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from conftest import BIN, ROOT, page, run, site_config


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
