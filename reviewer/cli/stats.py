"""`reviewer stats`: the year's figures of the office (审查工作统计)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import click

from reviewer.cli.common import CONTEXT, _console, _write_file, _write_output
from reviewer.cli.register import _db_option, _store
from reviewer.errors import UsageError

TERMINAL_ROWS = 20  # a screenful per table; the files keep every row


def _writable(path: str | None, option: str) -> Path | None:
    """Checked before anything is counted or drawn, so a typo costs nothing and leaves no half of the outputs."""
    if not path:
        return None
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UsageError(f"{option}：{target} 是一个文件夹，请写文件名，如 统计{target.suffix or '.xlsx'}")
    if not folder.is_dir():
        raise UsageError(f"{option}：无法写入 {target}（文件夹 {folder} 不存在）")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{option}：无法写入 {target}（文件夹 {folder} 没有写入权限）")
    return target


def _chart_dir(path: str | None) -> Path | None:
    if not path:
        return None
    if not _have_matplotlib():
        raise UsageError("--charts 需要 matplotlib：请运行 pip install 'reviewer[charts]' 后重试（统计数字、表格和网页不需要它）")
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--charts：无法创建文件夹 {folder}（{exc.strerror}）") from None
    if not os.access(folder, os.W_OK):
        raise UsageError(f"--charts：无法写入文件夹 {folder}（没有写入权限）")
    return folder


def _show(s, summary_text: str) -> None:
    from rich.table import Table

    from reviewer.ledger.stats_export import clipped

    console = _console()
    # Plain text, not a panel: the paragraph is copied into the annual report as it stands.
    console.print(f"[bold]{s.year}年审查工作统计[/bold]\n")
    console.print(summary_text, markup=False)
    console.print()
    if s.empty:
        return
    for title, header, rows, more in clipped(s, TERMINAL_ROWS):
        if not rows:
            continue
        table = Table(title=title, title_justify="left", show_lines=False)
        for i, name in enumerate(header):
            numeric = any(isinstance(r[i], int | float) for r in rows)
            table.add_column(name, justify="right" if numeric else "left")
        for row in rows:
            table.add_row(*(str(c) for c in row))
        console.print(table)
        if more:
            console.print(f"（另有{more}行未列出，完整数据请用 --xlsx 或 -f csv 导出）")


@click.command(context_settings=CONTEXT)
@click.option("--year", "-y", "year", metavar="年份", help="统计哪一年（按收件日期），默认今年。")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="终端输出格式：表格、JSON 或 CSV。")
@click.option("--out", "-o", "out", metavar="文件", help="把 json 或 csv 输出保存到文件（CSV 带 BOM，Excel、WPS 可直接打开）。")
@click.option("--xlsx", "xlsx", metavar="文件", help="另存为 Excel 工作簿，每张统计表一个工作表。")
@click.option("--html", "html", metavar="文件", help="另存为网页（含图表，单个文件，可直接打印为 A4）。")
@click.option("--charts", "charts", metavar="文件夹", help="把图表（各月收件与办结、常见审查要点、退回补充较多的单位）保存为 PNG 图片。")
@_db_option
def stats(year, fmt, out, xlsx, html, charts, db):
    """审查工作年度统计：收件、正在审核、意见书、合同和招标文件、规范性文件的登记与备案、审查要点、送审单位、各月、退回补充、审查用时，以及可直接用于年度报告的一段小结。

    \b
    例：
      reviewer stats --year 2026
      reviewer stats --year 2026 --xlsx 2026年统计.xlsx --html 2026年统计.html --charts 图表
      reviewer stats --year 2026 -f csv -o 2026年统计.csv
    """
    from reviewer.ledger.stats import check_year, summary, year_stats

    year = check_year(year) if year is not None else dt.date.today().year
    if out and fmt == "table":
        raise UsageError("--out 用于 --format json 或 csv；表格请直接查看，或用 --xlsx、--html 保存")
    out_path, xlsx_path, html_path = _writable(out, "--out"), _writable(xlsx, "--xlsx"), _writable(html, "--html")
    chart_dir = _chart_dir(charts)

    s = year_stats(_store(db), year)
    text = summary(s)
    err = _console(stderr=True)
    if s.warning:
        err.print(s.warning)

    if fmt == "json":
        _write_output(out, json.dumps(s.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        from reviewer.ledger.stats_export import csv_text

        body = csv_text(s)
        if out_path:
            _write_file(out_path, lambda tmp: Path(tmp).write_text(body, encoding="utf-8-sig"))
        else:
            _write_output(None, body)
    else:
        _show(s, text)

    written = [p for p in (out_path,) if p]
    if xlsx_path:
        from reviewer.ledger.stats_export import write_xlsx

        _write_file(xlsx_path, lambda tmp: write_xlsx(s, tmp))
        written.append(xlsx_path)
    if chart_dir or html_path:
        from reviewer.ledger import charts as chart_mod

        pngs, font_note = chart_mod.render(s) if _have_matplotlib() else ({}, "注意：未安装 matplotlib，网页中不含图表；需要图表请运行 pip install 'reviewer[charts]'。")
        if font_note:
            err.print(font_note, markup=False)
        if chart_dir:
            for key, png in pngs.items():
                target = chart_dir / chart_mod.FILES[key]
                _write_file(target, lambda tmp, png=png: Path(tmp).write_bytes(png))
                written.append(target)
        if html_path:
            from reviewer.ledger.stats_export import html_page

            page = html_page(s, pngs)
            _write_file(html_path, lambda tmp: Path(tmp).write_text(page, encoding="utf-8"))
            written.append(html_path)
    for path in written:
        err.print(f"已保存 {path}")


def _have_matplotlib() -> bool:
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None
