"""Benchmark: what citation processing adds to a plain `mkdocs build`.

Generates a 1,000-page site with 10 citations per page (made-up records, never
real references) and builds it, side by side in one run, with:

- plain: the same Markdown, no hooks (MkDocs and Material only);
- citations: a hook that runs exactly what the real hooks do for citations
  (load the project, run the citation checks, render every page's citations).

Each variant is built several times, alternating (A-B, B-A, ...), each build in a
fresh process.
Prints wall and CPU times and their ratios (target: at most 1.05): best (least
disturbed) wall times, medians, and the median of each round's back-to-back pair,
which cancels drift in the machine's speed.

    PYTHONPATH=hooks .venv/bin/python bench/citations.py [--pages 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = 200
HOOK = """
import logging
from pathlib import Path
import kbcheck
from kbcheck import citations

log = logging.getLogger("mkdocs.plugins.bench")
PROJECT = None

def on_files(files, *, config):
    global PROJECT
    project_config, problems = kbcheck.load_project_config(Path(config.config_file_path))
    PROJECT = kbcheck.load_project(project_config, problems)
    found = list(citations.check(PROJECT))
    log.info("citation findings: %d", len(found))

def on_page_markdown(markdown, *, page, config, files):
    return citations.render_markdown(PROJECT, page.file.src_uri, markdown)

def on_page_content(html, *, page, config, files):
    return citations.render_content(PROJECT, page.file.src_uri, html)

def on_post_page(output, *, page, config):
    return citations.render_output(PROJECT, page.file.src_uri, output)
"""


def record(n: int) -> dict:
    return {
        "id": f"src{n}",
        "type": "article-journal",
        "evidence": "rct",
        "title": f"Generated benchmark record number {n}",
        "author": [{"family": f"Author{n}", "given": "A"}, {"family": "Second", "given": "B"}],
        "container-title": "Journal of Benchmarks",
        "issued": {"date-parts": [[2000 + n % 25]]},
        "volume": str(n % 40 + 1),
        "page": f"{n}-{n + 9}",
        "DOI": f"10.5555/bench.{n}",
    }


def page(n: int) -> str:
    paragraphs = []
    for k in range(10):
        key = (n * 7 + k * 13) % RECORDS
        paragraphs.append(
            f"Paragraph {k} of page {n} says something about treatment and 12% of people [@src{key}]. "
            "It goes on for a while so the page has realistic length and some *emphasis* and `code`."
        )
    body = "\n\n".join(paragraphs)
    return (
        "---\ntitle: Page {n}\ndescription: Generated page.\ntype: general\nreviewed: 2026-01-01\n---\n\n"
        f"# Page {n}\n\n{body}\n"
    ).replace("{n}", str(n))


def make_site(folder: Path, pages: int, with_hook: bool) -> Path:
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(page(0), encoding="utf-8")
    for n in range(1, pages):
        section = docs / f"s{n % 20}"
        section.mkdir(exist_ok=True)
        (section / f"p{n}.md").write_text(page(n), encoding="utf-8")
    (folder / "data").mkdir()
    (folder / "data/bibliography.json").write_text(json.dumps([record(n) for n in range(RECORDS)]), encoding="utf-8")
    config = [
        "site_name: Bench",
        "theme:\n  name: material\n  font: false",
        "markdown_extensions: [attr_list, toc, tables, admonition]",
        "plugins: [search]",
    ]
    if with_hook:
        (folder / "bench_hook.py").write_text(HOOK, encoding="utf-8")
        config.append("hooks: [bench_hook.py]")
    (folder / "mkdocs.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    return folder


def build(folder: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one `mkdocs build` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(mkdocs), "build", "--quiet", "--clean"], cwd=folder, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        plain = make_site(Path(temp) / "plain", args.pages, with_hook=False)
        cited = make_site(Path(temp) / "citations", args.pages, with_hook=True)
        runs: dict[str, list[tuple[float, float]]] = {"plain": [], "citations": []}
        build(plain)  # warm caches (imports, file system) before timing
        for round_number in range(args.rounds):
            # A-B, then B-A: neither variant always runs right after the other.
            order = [("plain", plain), ("citations", cited)]
            for name, folder in order if round_number % 2 == 0 else reversed(order):
                runs[name].append(build(folder))
        html = (cited / "site/s1/p1/index.html").read_text(encoding="utf-8")
        assert 'class="kb-cite"' in html and 'class="kb-references"' in html, "citations were not rendered"
        shutil.rmtree(plain / "site", ignore_errors=True)
    print(f"pages: {args.pages}, citations per page: 10, rounds: {args.rounds}")
    figures: dict[str, dict[str, float]] = {}
    for name, values in runs.items():
        walls, cpus = [wall for wall, _ in values], [cpu for _, cpu in values]
        figures[name] = {"best": min(walls), "median": statistics.median(walls), "cpu": min(cpus)}
        print(
            f"{name:10} wall best {min(walls):.2f} s, median {statistics.median(walls):.2f} s"
            f" (all: {', '.join(f'{v:.2f}' for v in walls)}); CPU best {min(cpus):.2f} s"
        )
    # The first citations build renders every entry; later ones reuse .cache/kbcheck/references.json.
    print(f"first citations build (no entry cache yet): {runs['citations'][0][0]:.2f} s")
    for figure, label in (("best", "best wall"), ("median", "median wall"), ("cpu", "best CPU")):
        ratio = figures["citations"][figure] / figures["plain"][figure]
        print(f"ratio citations/plain, {label}: {ratio:.3f} (target <= 1.05)")
    # Each round's two builds ran back to back, so their ratio cancels slow drift in machine speed.
    paired = statistics.median(c[0] / p[0] for c, p in zip(runs["citations"], runs["plain"], strict=True))
    print(f"ratio citations/plain, median of the rounds' paired ratios: {paired:.3f} (target <= 1.05)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
