"""`reviewer case`: the review ledger (审查台账)."""

from __future__ import annotations

import click

from reviewer.cli.common import CONTEXT


@click.group(context_settings=CONTEXT)
def case():
    """审查台账：登记送审案件，跟踪材料齐全、退回补充、办结和工作日时限。"""
