"""Fuzzing ``check`` with random bytes and structured mutations of real files: 0, 1 or 2, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from faultkit import TALLY, build, digest, fault_matrix_fixture, run, template_fixture  # noqa: F401
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {
    "docs/index.md": ROOT / "docs/index.md",  # a real page, front matter included
    "mkdocs.yml": ROOT / "mkdocs.yml",  # the real settings (hooks and theme paths are never read by check)
    "data/glossary.yml": ROOT / "data/glossary.yml",
    "data/faq.yml": ROOT / "data/faq.yml",
    "data/bibliography.json": ROOT / "data/bibliography.json",
    ".github/workflows/checks.yml": None,  # the template's own
}
MEMORY_LIMIT = 256 * 1024 * 1024  # allocated by one check of a one-page project, at its peak
# Characters that mean something to YAML, JSON, Markdown or HTML.
SYNTAX = st.text(alphabet=st.sampled_from(list("{}[]:,-#&*!|>'\"\n\t <>/\\%@`=;?~.0\x00\x85\u2028é")), max_size=40)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    target = draw(st.sampled_from(sorted(TARGETS)))
    source = TARGETS[target]
    original = source.read_bytes() if source else b""
    kind = draw(st.sampled_from(["bytes", "splice", "truncate", "repeat"]))
    if kind == "bytes" or not original:
        return target, draw(st.binary(max_size=3000))
    at = draw(st.integers(0, len(original)))
    if kind == "truncate":
        return target, original[:at]
    if kind == "repeat":
        length = draw(st.integers(1, 200))
        return target, original[:at] + original[at : at + length] * draw(st.integers(2, 50)) + original[at:]
    cut = draw(st.integers(0, 100))
    inserted = draw(SYNTAX).encode("utf-8")
    return target, original[:at] + inserted + original[at + cut :]


@pytest.mark.timeout(300)
@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(case=mutated())
def test_check_survives_random_input(template: Path, case: tuple[str, bytes]) -> None:
    target, content = case
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(template, project, symlinks=True)
        if target == "docs/index.md" or target.startswith("data/"):
            # Real pages cite the real bibliography and link to real pages: bring them along.
            shutil.copy(ROOT / "data/bibliography.json", project / "data/bibliography.json")
        path = project / target
        path.write_bytes(content)
        before = digest(project)
        tracemalloc.start()
        try:
            outcome = run(project, "check", "--format", "json")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        TALLY.cases += 1
        # Bounded memory: an alias bomb, a deep document or a huge repeat must not grow without limit.
        assert peak < MEMORY_LIMIT, f"{target}: {peak / 1e6:.0f} MB"
        TALLY.tracebacks += outcome.crash is not None
        TALLY.changed += digest(project) != before
        assert outcome.crash is None, outcome.crash
        assert outcome.status in {0, 1, 2}
        assert digest(project) == before


PAGE_TARGETS = ["docs/index.md", "data/glossary.yml", "data/faq.yml"]


@pytest.mark.timeout(300)
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(case=mutated(), target=st.sampled_from(PAGE_TARGETS))
def test_build_survives_random_input(template: Path, case: tuple[str, bytes], target: str) -> None:
    """The build either publishes a site that passes the output check or stops with a message."""
    _, content = case
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(template, project, symlinks=True)
        # Valid UTF-8 only: a non-UTF-8 page is a known gap of the build (test_faults_built).
        (project / target).write_bytes(content.decode("utf-8", "replace").encode("utf-8"))
        before = digest(project)
        TALLY.cases += 1
        try:
            aborted = build(project)
        except Exception:
            TALLY.tracebacks += 1
            raise
        TALLY.changed += digest(project) != before
        assert digest(project) == before
        if aborted is None:
            outcome = run(project, "built", "site")
            assert outcome.crash is None
            assert outcome.status == 0, outcome.out
