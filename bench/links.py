"""Benchmark: our link checks against a plain `mkdocs build` and against lychee, side by side.

For 100 and 1,000 generated pages (``bench/linksite.py``; broken links and
anchors recorded as ground truth) this prints, in one run:

- internal checks: plain `mkdocs build` vs the same build with a hook running
  exactly our internal link checks (target: at most +10 %), the standalone
  `kbcheck check`, recall and precision against the seeded broken links;
- external checks against a server on 127.0.0.1 with per-request latency,
  404/410s, 429 + Retry-After, 503-then-ok, redirect chains and slow answers:
  `kbcheck linkcheck` vs lychee at equal concurrency, timeout and retries --
  wall time (target: at most 1.2x lychee), requests beyond one per URL plus
  retries, recall and precision, peak memory;
- the same with two URLs that never answer (target: at most 1.2x the run without).

    PYTHONPATH=hooks .venv/bin/python bench/links.py [--pages 100 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks"), str(ROOT / "bench")]

import yaml  # noqa: E402

from linkserver import LinkServer  # noqa: E402
from linksite import Truth, generate  # noqa: E402
from measure import Run, measure  # noqa: E402

BIN = Path(sys.executable).parent
LATENCY = 0.05
SETTINGS = {"concurrency": 32, "per_host": 32, "host_interval": 0, "timeout": 3, "retries": 2}
# Ours: timeouts are not retried by default; "ours-tr" retries them like lychee does.
TOOLS = {"ours": {}, "ours-tr": {"timeout_retries": SETTINGS["retries"]}, "lychee": None}
LYCHEE_LIMIT = 600.0
IMPORT_ONLY_HOOK = "import kbcheck  # the package every kbcheck hook imports (all concerns)\n"
HOOK = """
import logging
from pathlib import Path
import kbcheck
from kbcheck import links

log = logging.getLogger("mkdocs.plugins.bench")

def on_files(files, *, config):
    project_config, problems = kbcheck.load_project_config(Path(config.config_file_path))
    for finding in links.check(kbcheck.load_project(project_config, problems)):
        log.warning("%s", finding.format())
"""


def lychee_command(docs: Path, out: Path) -> list[str]:
    s = SETTINGS
    return [
        str(BIN / "lychee"),
        "--no-progress",
        "--format=json",
        f"--output={out}",
        "--scheme=http",
        f"--max-concurrency={s['concurrency']}",
        f"--host-concurrency={s['per_host']}",
        f"--host-request-interval={int(s['host_interval'] * 1000)}ms",
        f"--timeout={s['timeout']}",
        f"--max-retries={s['retries']}",
        "--retry-wait-time=1",
        str(docs),
    ]


def lychee_alarms(out: Path) -> set[str]:
    if not out.is_file():
        return set()
    data = json.loads(out.read_text(encoding="utf-8"))
    found = set()
    for key in ("error_map", "timeout_map"):
        for entries in (data.get(key) or {}).values():
            found.update(entry["url"] for entry in entries)
    return found


def extra_requests(server: LinkServer, retries: int) -> int:
    """Requests beyond one per URL plus the retries its answers called for (``retries`` after timeouts)."""
    extra = 0
    with server.state.lock:
        counts = dict(server.state.counts)
    for path, count in counts.items():
        needed = 2 if path.startswith("/retry/1/") else retries + 1 if path.startswith("/never/") else 1
        extra += max(0, count - needed)
    return extra


def quality(alarms: set[str], truth: Truth) -> str:
    expected = truth.external_broken
    hits = len(alarms & expected)
    precision = hits / len(alarms) if alarms else 1.0
    recall = hits / len(expected) if expected else 1.0
    false = sorted({truth.external.get(url, "never" if url in truth.never else "?") for url in alarms - expected})
    return f"recall {recall:.2f}, precision {precision:.2f} ({len(alarms - expected)} false alarms: {false or '-'})"


def external_run(tool: str, folder: Path, server: LinkServer, truth: Truth) -> tuple[Run, set[str], int, int]:
    server.state.counts.clear()
    server.state.log.clear()
    if tool != "lychee":
        command = [sys.executable, "-m", "kbcheck", "linkcheck", "--config", f"mkdocs-{tool}.yml"]
        run = measure([*command, "--no-cache", "--format", "json"], folder, LYCHEE_LIMIT)
        data = json.loads(run.stdout) if run.stdout.strip().startswith("{") else {"results": []}
        alarms = {r["url"] for r in data["results"] if r["status"] not in {"ok", "redirected", "excluded"}}
    else:
        out = folder / "lychee.json"
        out.unlink(missing_ok=True)
        run = measure(lychee_command(folder / "docs", out), folder, LYCHEE_LIMIT)
        alarms = lychee_alarms(out)
    retries = SETTINGS["retries"] if tool != "ours" else 0
    return run, alarms, server.total_requests, extra_requests(server, retries)


def internal(folder: Path, truth: Truth, rounds: int) -> None:
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    for name, text in (("hooked", HOOK), ("imported", IMPORT_ONLY_HOOK)):
        (folder / f"{name}_hook.py").write_text(text, encoding="utf-8")
        hooked_config = {**config, "hooks": [str(folder / f"{name}_hook.py")]}
        (folder / f"mkdocs-{name}.yml").write_text(yaml.safe_dump(hooked_config), encoding="utf-8")
    runs: dict[str, list[Run]] = {"mkdocs.yml": [], "mkdocs-imported.yml": [], "mkdocs-hooked.yml": []}
    for _ in range(rounds):
        for config_name, done in runs.items():
            shutil.rmtree(folder / "site", ignore_errors=True)
            done.append(measure([str(BIN / "mkdocs"), "build", "-q", "-f", config_name, "-d", "site"], folder))
    best = {name: min(r.seconds for r in done) for name, done in runs.items()}
    peak = {name: max(r.peak_mb for r in done) for name, done in runs.items()}
    plain, imported, hooked = "mkdocs.yml", "mkdocs-imported.yml", "mkdocs-hooked.yml"
    print(f"  plain mkdocs build            {best[plain]:7.2f} s   peak {peak[plain]:6.1f} MB")
    print(f"  + import kbcheck only (hook)  {best[imported]:7.2f} s   peak {peak[imported]:6.1f} MB")
    print(f"  + internal link checks (hook) {best[hooked]:7.2f} s   peak {peak[hooked]:6.1f} MB")
    print(
        f"  -> time added {100 * (best[hooked] / best[plain] - 1):+.1f} % (target <= +10 %), "
        f"memory {peak[hooked] / peak[plain]:.2f}x (target <= 1.2x); "
        f"the checks alone vs importing kbcheck: {peak[hooked] - peak[imported]:+.1f} MB"
    )
    check = measure([sys.executable, "-m", "kbcheck", "check", "--format", "json"], folder)
    found = json.loads(check.stdout)["diagnostics"]
    reported = {(d["path"].removeprefix("docs/"), d["line"]) for d in found if d["code"] in {"KB301", "KB302"}}
    hits = len(reported & truth.internal_broken)
    print(f"  kbcheck check (standalone)    {check.seconds:7.2f} s   peak {check.peak_mb:6.1f} MB")
    print(
        f"  seeded broken internal links {len(truth.internal_broken)}: found {hits}, "
        f"recall {hits / max(1, len(truth.internal_broken)):.2f}, "
        f"precision {hits / max(1, len(reported)):.2f}"
    )


def external(folders: dict[str, Path], server: LinkServer, truths: dict[str, Truth]) -> None:
    base: dict[str, float] = {}
    for variant, folder in folders.items():
        config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
        for tool, extra in TOOLS.items():
            if extra is not None:
                links = {**SETTINGS, **extra, "wayback": False, "blocked_hosts": [], "data_files": []}
                config["extra"] = {"kb": {"links": links}}
                (folder / f"mkdocs-{tool}.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        truth = truths[variant]
        print(
            f"  external, {variant}: {len(truth.external) + len(truth.never)} unique URLs, "
            f"{len(truth.external_broken)} seeded broken"
        )
        for tool in TOOLS:
            if tool == "ours-tr" and not truth.never:
                continue
            run, alarms, requests, extra = external_run(tool, folder, server, truth)
            finished = "" if not run.killed else f" DID NOT FINISH in {LYCHEE_LIMIT:.0f} s"
            ratio = ""
            if variant == "with never" and tool.split("-")[0] in base:
                ratio = f", {run.seconds / base[tool.split('-')[0]]:.2f}x the run without (target <= 1.2x)"
            else:
                base[tool] = run.seconds
            print(
                f"    {tool:7} {run.seconds:7.2f} s{finished}  peak {run.peak_mb:6.1f} MB  "
                f"{requests} requests, {extra} beyond one per URL + retries{ratio}"
            )
            print(f"           {quality(alarms, truth)}")
            never_hits = sum(server.requests_for(url) for url in truth.never)
            if truth.never:
                print(f"           requests to the 2 never-answering URLs: {never_hits}")
            if tool == "lychee" and "ours" in base and variant == "without never":
                print(f"    -> ours / lychee wall time: {base['ours'] / run.seconds:.2f} (target <= 1.2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args()
    os.environ.update({"PYTHONPATH": str(ROOT / "hooks"), "NO_MKDOCS_2_WARNING": "1"})
    if not (BIN / "lychee").exists():
        sys.exit("lychee is missing: .venv/bin/pip install -r requirements-bench.txt -c constraints.txt")
    work = Path(tempfile.mkdtemp(prefix="kb-bench-links-"))
    print(f"settings (both tools): {SETTINGS}, retry wait 1 s; server latency {LATENCY * 1000:.0f} ms/request")
    try:
        with LinkServer(latency=LATENCY) as server:
            for pages in args.pages:
                print(f"\n== {pages} pages ==")
                folders = {v: work / f"{pages}-{v.replace(' ', '-')}" for v in ("without never", "with never")}
                truths = {
                    v: generate(folder, pages, server.base, never=v == "with never") for v, folder in folders.items()
                }
                internal(folders["without never"], truths["without never"], args.rounds)
                external(folders, server, truths)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
