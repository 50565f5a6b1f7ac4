"""Benchmark: glossary matching with many terms on one page, and on the real site.

Generates a project whose glossary has N made-up terms ("Zeta042 factor") and
one page that mentions every term twice, then times, in this process:

- building the matcher (one regular expression for every form of every term);
- rendering that page (first-mention links plus abbreviation definitions);
- the glossary checks (KB4xx, including usage of every term on every page).

Then times the same three steps on the real site. Prints the figures.

    PYTHONPATH=hooks .venv/bin/python bench/glossary.py [--terms 100 300 1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from kbcheck.glossary import check as glossary_check  # noqa: E402
from kbcheck.glossary.annotate import matcher, render_markdown  # noqa: E402
from kbcheck.project import Project, load_project, load_project_config  # noqa: E402

FRONT = "---\ntitle: {title}\ndescription: D.\nreviewed: 2026-01-02\ntype: general\n---\n\n# {title}\n\n"


def synthetic(folder: Path, terms: int) -> Project:
    """A project with ``terms`` glossary entries and one page that uses them all."""
    (folder / "mkdocs.yml").write_text("site_name: Bench\n", encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "data").mkdir()
    entries = "".join(
        f"  - term: Zeta{index:04d} factor\n    aliases: [ZF{index:04d}]\n"
        f"    definition: Factor number {index}.\n    page: index.md\n"
        for index in range(terms)
    )
    (folder / "data" / "glossary.yml").write_text("terms:\n" + entries, encoding="utf-8")
    (folder / "data" / "faq.yml").write_text("groups: []\n", encoding="utf-8")
    text = "\n\n".join(f"The zeta{i:04d} factors matter, and zeta{i:04d} factor too." for i in range(terms))
    (folder / "docs" / "index.md").write_text(FRONT.format(title="Home") + text + "\n", encoding="utf-8")
    (folder / "docs" / "glossary.md").write_text(FRONT.format(title="Glossary") + "<!-- kb:glossary -->\n")
    config, problems = load_project_config(folder / "mkdocs.yml")
    return load_project(config, problems)


def timed(label: str, action) -> object:
    started = time.perf_counter()
    result = action()
    print(f"  {label:38} {time.perf_counter() - started:8.3f} s")
    return result


def measure(project: Project, page: str) -> None:
    timed("build the matcher", lambda: matcher(project))
    body = project.pages[page].split.body
    out = timed(f"render {page} ({len(body):,} characters)", lambda: render_markdown(project, page, body))
    print(f"  {'links added':38} {out.count('glossary.md#'):8d}")
    found = timed("glossary checks (KB4xx)", lambda: list(glossary_check(project)))
    print(f"  {'findings':38} {len(found):8d}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, nargs="+", default=[100, 300, 1000])
    args = parser.parse_args()
    for count in args.terms:
        with tempfile.TemporaryDirectory() as folder:
            print(f"{count} terms, one page mentioning each twice:")
            measure(synthetic(Path(folder), count), "index.md")
    config, problems = load_project_config(ROOT / "mkdocs.yml")
    project = load_project(config, problems)
    print(f"real site ({len(project.pages)} pages):")
    measure(project, "ketamine/how-it-works.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
