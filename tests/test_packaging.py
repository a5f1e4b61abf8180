"""Every package of reviewer/ is in pyproject's package list, so a non-editable install
(pip install ., a wheel) has the whole program, and the wheel runs from outside the
checkout."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "reviewer").rglob("__init__.py")}
    assert found <= listed, f"pyproject.toml [tool.setuptools] packages lacks {sorted(found - listed)}"


def test_the_wheel_holds_code_templates_and_rules(tmp_path):
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else r.returncode}")
    wheel = next(tmp_path.glob("reviewer-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("reviewer/cli/__init__.py", "reviewer/ledger/stats.py", "reviewer/package/__init__.py", "reviewer/register/site/site.css",
                   "reviewer/report/templates/report.html.j2", "reviewer/rules_data/series.toml", "reviewer/rules_data/normative/content.yaml"):
        assert needed in names, needed
