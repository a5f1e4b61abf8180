"""Where shared data lives: one place that every layer may ask (it imports nothing of ours)."""

from __future__ import annotations

import os
from pathlib import Path


def default_rules_dir() -> Path:
    env = os.environ.get("REVIEWER_RULES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[1] / "rules"  # a source checkout or editable install
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent / "rules_data"  # installed from a wheel
