"""Benchmark: the site's build with every feature on vs the plain Material build, side by side.

A generated site of N pages is made of copies of the real pages (citations,
glossary terms, includes, raw HTML, tables...) in folders ``copy1/``... with the
real data files. Three configurations of the same site are built in fresh
processes, alternating (A B C, then C B A):

- plain: the real mkdocs.yml without our hooks, our Markdown extension and extra.kb;
- full: the real mkdocs.yml (hooks, extension, every check and policy);
- same-html: the plain build, but each page's HTML is replaced by the HTML the full
  build made for it (read from a file at ``on_page_content``, by a hook with no
  other work). It is what MkDocs and Material cost to hold, index and write the
  pages our features publish, with none of our code running.

For each size it prints CPU seconds (user + system, the build's own process),
wall seconds and peak memory, as medians, and three ratios: full/plain (the
target: at most 1.25); same-html/plain, what the published pages alone cost;
full/same-html, what our code costs on top. ``--rebuild`` also times a ``mkdocs serve``-style
rebuild: one process is told it serves (as ``mkdocs serve`` tells plugins and hooks) and
builds, one page changes, and the second build is timed.

    PYTHONPATH=hooks .venv/bin/python bench/build.py [--pages 100 1000 3000] [--rounds 3] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REBUILD = """
import sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1])
config.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` does, once
build(config)
page = Path(sys.argv[2])
page.write_text(page.read_text(encoding="utf-8") + "\\nOne more sentence.\\n", encoding="utf-8")
started = time.process_time()
build(load_config(sys.argv[1]))
print(time.process_time() - started)
"""
# Builds the full site once and keeps each page's final HTML (after every hook) for same-html.
CAPTURE = """
import sys
from pathlib import Path
from mkdocs.commands import build as engine
from mkdocs.config import load_config
folder = Path(sys.argv[2])
write_page = engine._build_page
def capture(page, config, doc_files, nav, env, dirty=False, excluded=False):
    target = folder / (page.file.src_uri + ".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.content or "", encoding="utf-8")
    return write_page(page, config, doc_files, nav, env, dirty, excluded)
engine._build_page = capture
engine.build(load_config(sys.argv[1]))
"""
# The same-html site's only hook: no state, no checks, one file read a page.
SAME_HTML_HOOK = '''"""Benchmark only: each page gets the HTML the full build made for it."""
from pathlib import Path

FOLDER = Path(__file__).parent / "full-html"


def on_page_content(html, page, **kwargs):
    stored = FOLDER / (page.file.src_uri + ".html")
    return stored.read_text(encoding="utf-8") if stored.exists() else html
'''
CONFIGS = ("plain", "same-html", "full")


@dataclass
class Run:
    cpu: float
    wall: float
    peak_mb: float


def make_site(target: Path, pages: int, *, full: bool, same_html_from: Path | None = None) -> None:
    """The real site's pages copied until there are ``pages`` of them, with a plain or full mkdocs.yml."""
    # A real site has one glossary and one bibliography: in the copies their marker
    # (``<!-- kb:... -->``, which the generated content replaces) is taken out.
    sources = sorted((ROOT / "docs").rglob("*.md"))
    shutil.copytree(ROOT / "docs", target / "docs")
    for name in ("data", "includes", "overrides", "hooks"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    # Whole copies only (so every relative link resolves): at least ``pages`` pages.
    copy = 1
    while len(list((target / "docs").rglob("*.md"))) < pages:
        for source in sources:
            destination = target / "docs" / f"copy{copy}" / source.relative_to(ROOT / "docs")
            destination.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8")
            destination.write_text(re.sub(r"<!-- kb:(glossary|bibliography) -->", "", text), encoding="utf-8")
        copy += 1
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    config.pop("nav", None)
    config["validation"] = {"nav": {"omitted_files": "info"}}
    _copy_page_patterns(config.get("extra", {}).get("kb") or {})
    if not full:
        config.pop("hooks", None)
        config["extra"].pop("kb", None)
        config["markdown_extensions"] = [e for e in config["markdown_extensions"] if e != "kbcheck.mdext"]
    if same_html_from is not None:
        capture_html(same_html_from, target / "full-html")
        (target / "same_html_hook.py").write_text(SAME_HTML_HOOK, encoding="utf-8")
        config["hooks"] = ["same_html_hook.py"]
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def _copy_page_patterns(kb: dict) -> None:
    """Settings that name pages (glossary exclusions and exemptions) name their copies too.

    Without this the copies of pages the real site exempts (the about pages, the
    contributing guide) would each report what the real site never reports.
    """
    glossary = kb.get("glossary") or {}
    for holder, key in ((glossary, "exclude"), (glossary.get("abbreviations") or {}, "exempt")):
        patterns = holder.get(key)
        if isinstance(patterns, list):
            holder[key] = [*patterns, *(f"copy*/{pattern}" for pattern in patterns)]


def capture_html(full_site: Path, folder: Path) -> None:
    """Every page's final HTML from one build of the full site, one file a page."""
    env = {**os.environ, "PYTHONPATH": str(full_site / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-c", CAPTURE, str(full_site / "mkdocs.yml"), str(folder)],
        cwd=full_site,
        env=env,
        capture_output=True,
        check=True,
    )


def build(site: Path) -> Run:
    env = {**os.environ, "PYTHONPATH": str(site / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(site / "out")],
        cwd=site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed in {site}: {process.stderr.read().decode()[-2000:] if process.stderr else ''}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def rebuild(site: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(site / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    page = next((site / "docs" / "anxiety").glob("gad.md"))
    out = subprocess.run(
        [sys.executable, "-c", REBUILD, str(site / "mkdocs.yml"), str(page)],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def alternating(names: tuple[str, ...], rounds: int) -> Iterator[str]:
    """``names`` in order, then reversed, and so on for ``rounds`` rounds (A B C, C B A, ...)."""
    for round_number in range(rounds):
        yield from names if round_number % 2 == 0 else reversed(names)


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="also time a serve-style rebuild")
    args = parser.parse_args()
    print(f"{'pages':>6} {'config':>9} {'cpu s':>8} {'wall s':>8} {'peak MB':>8}")
    for asked in args.pages:
        with tempfile.TemporaryDirectory() as tmp:
            sites = {name: Path(tmp) / name for name in CONFIGS}
            make_site(sites["plain"], asked, full=False)
            make_site(sites["full"], asked, full=True)
            make_site(sites["same-html"], asked, full=False, same_html_from=sites["full"])
            pages = len(list((sites["full"] / "docs").rglob("*.md")))
            runs: dict[str, list[Run]] = {name: [] for name in CONFIGS}
            for name in alternating(CONFIGS, args.rounds):
                runs[name].append(build(sites[name]))
            medians = {
                name: Run(*(median([getattr(r, figure) for r in runs[name]]) for figure in ("cpu", "wall", "peak_mb")))
                for name in CONFIGS
            }
            for name in CONFIGS:
                run = medians[name]
                print(f"{pages:>6} {name:>9} {run.cpu:8.2f} {run.wall:8.2f} {run.peak_mb:8.1f}")
            for top, bottom, meaning in (
                ("full", "plain", "target <= 1.25"),
                ("same-html", "plain", "the published pages alone"),
                ("full", "same-html", "our code on top"),
            ):
                a, b = medians[top], medians[bottom]
                print(
                    f"{pages:>6}  ratio {top}/{bottom}: cpu {a.cpu / b.cpu:.2f}, wall {a.wall / b.wall:.2f}, "
                    f"peak memory {a.peak_mb / b.peak_mb:.2f} ({meaning})"
                )
            if args.rebuild:
                times: dict[str, list[float]] = {"plain": [], "full": []}
                for name in alternating(("plain", "full"), args.rounds):
                    times[name].append(rebuild(sites[name]))
                plain, full = median(times["plain"]), median(times["full"])
                print(
                    f"{pages:>6}  serve rebuild cpu: plain {plain:.2f} s, full {full:.2f} s, ratio {full / plain:.2f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
