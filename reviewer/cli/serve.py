"""`reviewer serve`: the review desk in the browser."""

from __future__ import annotations

import click

from reviewer.cli.common import CONTEXT, _console
from reviewer.errors import UsageError


@click.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址", help="监听地址；默认只供本机使用。供办公室其他电脑使用时写 0.0.0.0（须先建立账号）。")
@click.option("--port", default=8750, show_default=True, type=int, metavar="端口", help="端口。")
@click.option("--db", metavar="文件|URL", help="登记数据库（默认同 reviewer register）。")
@click.option("--work", metavar="文件夹", help="上传文件和审查结果的工作文件夹（默认为用户目录下的 reviewer-work）。")
@click.option("--office", is_flag=True, help="办公室多人使用（须登录），即使只监听本机地址：放在 HTTPS 反向代理之后时用。")
def serve(host, port, db, work, office):
    """启动合法性审查工作台：在浏览器中上传文件审查、起草意见书，管理案件、登记簿和统计。"""
    from pathlib import Path

    from reviewer.web.settings import LOOPBACK, Settings

    if not 1 <= port <= 65535:
        raise UsageError(f"--port：端口应在 1 到 65535 之间，现为 {port}")
    settings = Settings(host=host, port=port, db=db, office=office or host not in LOOPBACK)
    if work:
        settings.work = Path(work)
    if settings.office:
        _refuse_without_head(db)
    import uvicorn

    from reviewer.web.app import create_app

    app = create_app(settings)
    _console(stderr=True).print(f"工作台已启动：请在浏览器中打开 http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/ （按 Ctrl+C 停止）", markup=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _refuse_without_head(db) -> None:
    """Serving other computers without an account that can sign in as 负责人 would leave the
    desk either open to anyone or closed to everyone: refuse before listening."""
    from reviewer.cli.register import _store
    from reviewer.register.accounts import has_active_head

    if not has_active_head(_store(db, create=True)):
        raise UsageError("供办公室多人使用（--office 或 --host 非本机地址）须先建立至少一个负责人账号：reviewer users add 名称 --role 负责人")
