"""`reviewer numbers`: the register of opinion-letter numbers: list, show, void."""

from __future__ import annotations

import json
from pathlib import Path

import click

from reviewer.cli.common import CONTEXT, _console, _write_csv, _write_output
from reviewer.errors import UsageError

# Fields as the register shows them; the CSV heads its columns with the Chinese names
# so that an office can open it in a spreadsheet as it is.
FIELDS = [
    ("number", "编号"), ("status", "状态"), ("unit", "送审单位"), ("title", "送审事项"), ("conclusion", "审查结论"),
    ("issued_on", "出具日期"), ("document", "送审文件"), ("sha256", "文件SHA256"), ("output", "意见书位置"),
    ("void_reason", "作废原因"), ("voided_at", "作废时间"), ("created_at", "登记时间"),
    ("series", "机关代字"), ("year", "年度"), ("seq", "序号"),
]

_db_option = click.option("--db", "db", metavar="文件|URL", help="登记数据库（默认为用户数据目录下的 reviewer.db，或环境变量 REVIEWER_DB）；也可写 PostgreSQL 地址，如 postgresql://用户名:密码@服务器/数据库名。")


def _store(db):
    from reviewer.register.db import is_url
    from reviewer.register.store import Store

    if is_url(db):
        return Store(db)  # a server's database is checked by connecting to it
    if db and not Path(db).exists():
        raise UsageError(f"登记数据库 {db} 不存在：请检查 --db 指定的位置")
    return Store(Path(db) if db else None)


def _shown(key: str, value) -> str:
    """A stored value as the office reads it: Chinese names for codes, a space in times."""
    from reviewer.register.store import CONCLUSION_NAMES, STATUS_NAMES

    if value is None:
        return ""
    if key == "status":
        return STATUS_NAMES.get(value, value)
    if key == "conclusion":
        return CONCLUSION_NAMES.get(value, value)
    if key in ("voided_at", "created_at", "at"):
        return str(value).replace("T", " ")
    return str(value)


@click.group(context_settings=CONTEXT)
def numbers():
    """意见书编号登记簿：列出、查看、作废编号。

    \b
    reviewer numbers list --year 2026             列出 2026 年的编号
    reviewer numbers list --format csv -o 编号.csv 导出为表格
    reviewer numbers show 宣司审〔2026〕3号         查看一个编号的全部信息和历史
    reviewer numbers void 宣司审[2026]3号 --reason "送审单位撤回"
    编号可写作 宣司审〔2026〕3号、宣司审[2026]3号 或 宣司审(2026)3号。作废的编号仍保留在登记簿中，不再使用。
    """


@numbers.command("list")
@click.option("--year", type=int, metavar="年份", help="只列出该年度的编号。")
@click.option("--series", metavar="代字", help="只列出该机关代字的编号，如 宣司审。")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="输出格式。")
@click.option("--out", "-o", "out", metavar="文件", help="保存到文件（json、csv；csv 带 BOM，可直接用 Excel 打开）。")
@_db_option
def list_cmd(year, series, fmt, out, db):
    """列出登记簿中的意见书编号（含作废的编号）。"""
    rows = _store(db).opinions(year=year, series=series.strip() if series else None)
    if fmt == "json":
        _write_output(out, json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        _write_csv(out, [name for _, name in FIELDS], ([_shown(k, r.get(k)) for k, _ in FIELDS] for r in rows))
    else:
        if out:
            raise UsageError("--format table 只在屏幕上显示：保存到文件请加 --format csv 或 --format json")
        _print_table(rows)


def _print_table(rows: list[dict]) -> None:
    console = _console()
    if not rows:
        console.print("登记簿中没有符合条件的编号。")
        return
    from rich.table import Table

    table = Table(show_lines=False)
    for key in ("number", "status", "unit", "title", "conclusion", "issued_on"):
        # the number and the date must stay whole; long titles and units may wrap
        table.add_column(dict(FIELDS)[key], no_wrap=key in ("number", "status", "issued_on", "conclusion"), overflow="fold")
    for r in rows:
        table.add_row(*(_shown(k, r.get(k)) for k in ("number", "status", "unit", "title", "conclusion", "issued_on")), style="dim" if r.get("status") == "void" else None)
    console.print(table)
    void = sum(r.get("status") == "void" for r in rows)
    console.print(f"共 {len(rows)} 个编号" + (f"，其中作废 {void} 个。" if void else "。"))


@numbers.command("show")
@click.argument("number", metavar="编号")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式。")
@_db_option
def show(number, fmt, db):
    """查看一个编号的全部信息，以及出具、重新出具、作废的历史。"""
    from reviewer.register.store import EVENT_NAMES

    rec = _store(db).opinion(number)
    if fmt == "json":
        _write_output(None, json.dumps(rec, ensure_ascii=False, indent=2))
        return
    lines = [f"{name}：{_shown(key, rec.get(key))}" for key, name in FIELDS if rec.get(key) is not None]
    lines.append("历史：")
    for e in rec["events"]:
        line = f"  {_shown('at', e['at'])} {EVENT_NAMES.get(e['event'], e['event'])}"
        if e["event"] == "voided":
            line += f"，原因：{e['reason']}"
        else:
            line += f"，出具日期 {e['issued_on']}，结论：{_shown('conclusion', e['conclusion'])}"
            if e["output"]:
                line += f"，意见书 {e['output']}"
        lines.append(line)
    if rec["same_document"]:
        lines.append("同一文件的其他编号：" + "、".join(rec["same_document"]))
    _write_output(None, "\n".join(lines))


@numbers.command("void")
@click.argument("number", metavar="编号")
@click.option("--reason", required=True, metavar="原因", help="作废原因（必填），如“送审单位撤回”。")
@_db_option
def void(number, reason, db):
    """作废一个编号：编号仍留在登记簿中（记明原因、日期和时间），不再使用。"""
    rec = _store(db).void(number, reason)
    _console(stderr=True).print(f"已作废 {rec['number']}（原因：{rec['void_reason']}；时间：{_shown('voided_at', rec['voided_at'])}）。该编号不再使用。")
