"""The registry of named Python checks and of consistency checks."""

from __future__ import annotations

from typing import Callable

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context

REGISTRY: dict[str, Callable[[Context, dict], list[Hit]]] = {}
# consistency kinds (`check: {kind: consistency, of: name}`) -> function
CONSISTENCY: dict[str, Callable[[Context, dict], list[Hit]]] = {}


def check(name: str):
    def register(fn):
        REGISTRY[name] = fn
        return fn

    return register
