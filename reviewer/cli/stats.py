"""`reviewer stats`: the year's figures of the office (审查工作统计)."""

from __future__ import annotations

import click

from reviewer.cli.common import CONTEXT


@click.command(context_settings=CONTEXT)
def stats():
    """审查工作年度统计。"""
