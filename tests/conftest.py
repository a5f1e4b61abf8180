from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Keep the rules cache of test runs out of the user's cache folder.
os.environ.setdefault("REVIEWER_CACHE", str(Path(__import__("tempfile").gettempdir()) / f"reviewer-test-cache-{os.getpid()}"))
sys.path.insert(0, str(Path(__file__).parent))


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 120) -> Run:
    """Run `python -m reviewer …` as a user would, in a separate process."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "120", **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "reviewer", *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT, env=full_env, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    """`reviewer …` in this process, in tmp_path, with a private store (REVIEWER_DB) and a
    wide terminal; a test module may define its own `run` to differ."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "r.db"))
    monkeypatch.setenv("COLUMNS", "200")
    return in_process_cli(capsys)


def in_process_cli(capsys):
    """`reviewer …` run in this process through reviewer.cli.main, its output captured:
    much faster than run_cli when a test makes many calls."""
    from reviewer.cli import main

    def _run(*args):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return _run


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def ruleset():
    from reviewer.engine.loader import load_rules

    return load_rules()


REALDOCS = ROOT.parent / "shared" / "realdocs"


@pytest.fixture
def realdocs():
    if not REALDOCS.is_dir():
        pytest.skip(f"real documents not found at {REALDOCS}")
    return REALDOCS


# Debian's chromium driven through Playwright (no browser download), for the tests that
# look at pages in a real browser; they skip with this reason where it is missing.
CHROMIUM = os.environ.get("REVIEWER_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("chromium is not installed; the browser test needs Debian's chromium package")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
