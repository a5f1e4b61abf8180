"""`reviewer users`: accounts of the desk's office mode. Thin: parse, call
reviewer.register.accounts, print. Every change goes to the audit log as 命令行."""

from __future__ import annotations

import sys

import click

from reviewer.cli.common import CONTEXT, _console
from reviewer.cli.register import _db_option, _store
from reviewer.errors import UsageError

CLI_USER = "命令行"


@click.group(context_settings=CONTEXT)
def users():
    """工作台账号：供办公室多人使用（reviewer serve --host 0.0.0.0）时登录用。

    \b
    角色：审查员（审查文件、起草意见、立案和退回补充）；
          负责人（另可取号登记、变更状态、办结案件、发布网站）。
    reviewer users add 张三 --role 负责人      按提示输入两次密码
    reviewer users list ；reviewer users passwd 张三 ；reviewer users disable 张三
    """


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return click.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码", err=True)


def _audit(store, action: str, name: str, detail: str | None = None) -> None:
    from reviewer.register.accounts import audit

    audit(store, CLI_USER, action, name, detail)


@users.command("add")
@click.argument("name", metavar="名称")
@click.option("--role", required=True, metavar="审查员|负责人", help="角色：审查员 或 负责人。")
@click.option("--password-stdin", "password_stdin", is_flag=True, help="从标准输入读取密码（一行），不在屏幕上询问。")
@_db_option
def add(name, role, password_stdin, db):
    """新建账号。"""
    from reviewer.register import accounts

    accounts._check_name(name)
    accounts._check_role(role)  # before the password is asked for
    store = _store(db, create=True)
    user = accounts.add_user(store, name, role, _password(password_stdin))
    _audit(store, "新建账号", user["name"], user["role"])
    _console().print(f"已新建账号 {user['name']}（{user['role']}）", markup=False)


@users.command("list")
@_db_option
def list_cmd(db):
    """列出全部账号。"""
    from reviewer.register.accounts import users as all_users

    rows = all_users(_store(db))
    console = _console()
    if not rows:
        console.print("还没有账号：用 reviewer users add 名称 --role 负责人 新建。")
        return
    _table(["账号", "角色", "状态", "建立时间"], [[r["name"], r["role"], "可用" if r["active"] else "已停用", r["created_at"].replace("T", " ")] for r in rows])


@users.command("passwd")
@click.argument("name", metavar="名称")
@click.option("--password-stdin", "password_stdin", is_flag=True, help="从标准输入读取新密码（一行）。")
@_db_option
def passwd(name, password_stdin, db):
    """修改账号的密码。"""
    from reviewer.register import accounts

    store = _store(db)
    if accounts.get_user(store, name) is None:
        raise UsageError(f"没有账号 {name.strip()}；可用 reviewer users list 查看已有账号")
    accounts.set_password(store, name, _password(password_stdin))
    _audit(store, "修改密码", name.strip())
    _console().print(f"已修改 {name.strip()} 的密码", markup=False)


@users.command("disable")
@click.argument("name", metavar="名称")
@_db_option
def disable(name, db):
    """停用账号（账号保留在审计记录中，不能再登录）。"""
    from reviewer.register import accounts

    store = _store(db)
    accounts.set_active(store, name, False)
    _audit(store, "停用账号", name.strip())
    _console().print(f"已停用账号 {name.strip()}", markup=False)


@users.command("audit")
@click.option("--limit", default=50, show_default=True, type=int, metavar="条数", help="显示最近多少条。")
@click.option("--user", "who", metavar="名称", help="只显示该账号的操作。")
@_db_option
def audit_cmd(limit, who, db):
    """查看审计记录：谁在什么时间取号、变更状态、办结案件、发布网站（最新的在前）。"""
    from reviewer.register.accounts import audit_rows

    if limit < 1:
        raise UsageError(f"--limit：条数应为正整数，现为 {limit}")
    console = _console()
    rows = audit_rows(_store(db), limit, who)
    if not rows:
        console.print("没有审计记录。")
    else:
        _table(["时间", "账号", "操作", "对象", "说明"], [[r["at"].replace("T", " "), r["user"], r["action"], r["target"] or "", r["detail"] or ""] for r in rows])


def _table(headers: list[str], rows: list[list[str]]) -> None:
    from rich.table import Table

    table = Table()
    for h in headers:
        table.add_column(h, overflow="fold")
    for row in rows:
        table.add_row(*row)
    _console().print(table)
