"""`reviewer register published|file|due|annual`: publication, filing with the level above,
the clerk's to-do list and the year's list (REG.ND.PUBLISH, FILING_*, ANNUAL_LIST)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from reviewer.cli.common import _console, _date_option, _write_file, _write_output
from reviewer.cli.register import _db_option, _store, register
from reviewer.errors import UsageError


@register.command("published")
@click.argument("number", metavar="文号")
@click.option("--date", "on", required=True, metavar="日期", help="公布日期。")
@click.option("--via", required=True, metavar="载体", help="公布载体，如“宣汉县人民政府门户网站”“县政府公报2026年第3期”。")
@click.option("--url", metavar="网址", help="公布网页的网址。")
@_db_option
def published(number, on, via, url, db):
    """记录一件文件的公布日期和公布载体（报送备案期限自公布之日起算）。"""
    from reviewer.register.filing import record_publication

    rec = record_publication(_store(db), number, _date_option(on, "--date"), via, url)
    _write_output(None, f"已记录 {rec['number']} 于 {rec['published_on']} 在{rec['published_via']}公布。")


@register.command("file")
@click.argument("number", metavar="文号")
@click.option("--with", "filed_with", required=True, metavar="机关", help="备案机关，如“达州市人民政府”；向几个机关报备就登记几次。")
@click.option("--date", "on", required=True, metavar="日期", help="报送备案日期。")
@click.option("--items", metavar="材料", help="报送的材料，用顿号或逗号分隔，如“备案报告、正式文本、起草说明、制定依据、电子文本”。")
@click.option("--filing-no", "filing_no", metavar="编号", help="备案机关给的备案登记号。")
@_db_option
def file_cmd(number, filed_with, on, items, filing_no, db):
    """登记一次报送备案（REG.ND.FILING_DEADLINE、FILING_PACKAGE）。"""
    from reviewer.register.filing import bodies, record_filing
    from reviewer.register.series import load_series

    conf = load_series().registry
    given = bodies(items)
    rec = record_filing(_store(db), number, filed_with, _date_option(on, "--date"), filing_no=filing_no, items=given)
    lines = [f"已登记 {rec['number']} 于 {_date_option(on, '--date')} 向{filed_with.strip()}报送备案。"]
    missing = [i for i in conf.filing_items if i not in given]
    if missing:
        lines.append(f"提示：未记录报送{'、'.join(missing)}，请核对备案材料是否齐全（REG.ND.FILING_PACKAGE）。")
    _write_output(None, "\n".join(lines))


@register.command("due")
@click.option("--within", default=30, show_default=True, type=int, metavar="天数", help="列出这么多天内到期的备案和有效期。")
@click.option("--date", "on", metavar="日期", help="按哪一天计算（默认今天）。")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="输出格式。")
@click.option("--out", "-o", "out", metavar="文件", help="保存到文件（json、csv）。")
@_db_option
def due_cmd(within, on, fmt, out, db):
    """待办：逾期和即将到期的报送备案、未公布的文件、即将届满的有效期、年度目录。

    有逾期未备案或施行而未公布的文件时，退出码为 1。
    """
    from reviewer.register import filing
    from reviewer.register.series import load_series

    if not 0 <= within <= 3650:
        raise UsageError(f"--within：天数应在 0 到 3650 之间，现为 {within}")
    today = _date_option(on, "--date") or dt.date.today()
    conf = load_series()
    store = _store(db)
    items = filing.due(store, conf.registry, conf.series, today, within, annual_done=filing.annual_done(store, today.year - 1))
    if fmt == "json":
        _write_output(out, json.dumps(items, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        from reviewer.cli.common import _write_csv

        heads = {"severity": "级别", "point": "审查要点", "number": "文号", "title": "文件名称", "problem": "情况", "deadline": "期限"}
        _write_csv(out, list(heads.values()), [[i[k] or "" for k in heads] for i in items])
    else:
        if out:
            raise UsageError("--format table 只在屏幕上显示：保存到文件请加 --format csv 或 --format json")
        _print_due(items, today)
    if any(i["severity"] == filing.MUST for i in items):
        raise SystemExit(1)


def _print_due(items: list[dict], today: dt.date) -> None:
    from rich.table import Table

    console = _console()
    if not items:
        console.print(f"截至{today}，没有需要办理的登记、公布、备案或有效期事项。")
        return
    table = Table()
    for name, wrap in (("级别", False), ("文号", False), ("文件名称", True), ("情况", True), ("期限", False)):
        table.add_column(name, no_wrap=not wrap, overflow="fold", ratio=2 if wrap else None)
    for i in items:
        style = "bold red" if i["severity"] == "必须修改" else None
        table.add_row(i["severity"], i["number"] or "—", i["title"], i["problem"], i["deadline"] or "", style=style)
    console.print(table)
    n = sum(i["severity"] == "必须修改" for i in items)
    console.print(f"截至{today}共 {len(items)} 项，其中须立即办理 {n} 项。")


@register.command("annual")
@click.argument("year", type=int, metavar="年份")
@click.option("--out", "-o", "out", required=True, metavar="文件", help="目录文件：.xlsx、.csv（带 BOM）或 .docx。")
@click.option("--force", is_flag=True, help="覆盖已有的文件。")
@_db_option
def annual_cmd(year, out, force, db):
    """生成某一年度的规范性文件目录（REG.ND.ANNUAL_LIST），报送上一级机关。"""
    from reviewer.register import filing

    path = Path(out)
    if path.suffix.lower() not in (".xlsx", ".csv", ".docx"):
        raise UsageError(f"{path}：年度目录只能保存为 .xlsx、.csv 或 .docx 文件")
    if path.exists() and not force:
        raise UsageError(f"{path} 已存在：加 --force 覆盖，或换一个文件名")
    if not path.parent.is_dir():
        raise UsageError(f"{path}：所在文件夹不存在，请先建立或换一个位置")
    store = _store(db)
    rows = filing.annual_rows(store, year)
    if path.suffix.lower() == ".csv":
        from reviewer.cli.common import _write_csv

        _write_csv(str(path), filing.ANNUAL_COLUMNS, [[r[h] for h in filing.ANNUAL_COLUMNS] for r in rows])
    else:
        _write_file(path, lambda tmp: _write_list(path.suffix.lower(), Path(tmp), rows, year))
    filing.mark_annual(store, year)
    _write_output(None, f"已生成 {year} 年度规范性文件目录（{len(rows)} 件）：{path}")


def _write_list(suffix: str, tmp: Path, rows: list[dict], year: int) -> None:
    from reviewer.register.filing import ANNUAL_COLUMNS as heads

    title = f"{year}年度行政规范性文件目录"
    if suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = f"{year}年度"
        ws.append([title])
        ws.append(heads)
        for r in rows:
            ws.append([r[h] for h in heads])
        wb.save(tmp)
    else:
        from docx import Document

        doc = Document()
        doc.add_heading(title, level=1)
        table = doc.add_table(rows=1, cols=len(heads))
        table.style = "Table Grid"
        for cell, h in zip(table.rows[0].cells, heads):
            cell.text = h
        for r in rows:
            for cell, h in zip(table.add_row().cells, heads):
                cell.text = str(r[h])
        doc.add_paragraph(f"共 {len(rows)} 件。")
        doc.save(tmp)
