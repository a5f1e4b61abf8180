"""`reviewer register`: the filing register of 行政规范性文件 (登记、统一编号、状态、导入导出、备份)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from reviewer.cli.common import CONTEXT, _console, _date_option, _write_file, _write_output
from reviewer.errors import UsageError
from reviewer.register.reading import read_document

_db_option = click.option("--db", "db", metavar="文件|URL", help="登记数据库（默认与意见书编号同一文件：用户数据目录下的 reviewer.db，或环境变量 REVIEWER_DB）；多人共用时写 PostgreSQL 地址，如 postgresql://用户名:密码@服务器/数据库名。")


def _store(db, create: bool = False):
    from reviewer.register.db import is_url
    from reviewer.register.store import Store

    if is_url(db):
        return Store(db)  # a server's database is checked by connecting to it
    if db and not create and not Path(db).exists():
        raise UsageError(f"登记数据库 {db} 不存在：请检查 --db 指定的位置")
    return Store(Path(db) if db else None)


@click.group(context_settings=CONTEXT)
def register():
    """规范性文件登记簿：统一登记、统一编号，记录状态变更，导入导出与备份。

    \b
    reviewer register add 办法.docx --series 宣府规    取下一个文号并登记
    reviewer register add 办法.docx --number 宣府规〔2026〕3号 --yes
    reviewer register list --year 2026 --status 现行有效
    reviewer register show 宣府规〔2026〕3号             查看一件文件及其全部变更记录
    reviewer register status 宣府规〔2026〕3号 废止 --by 宣府规〔2027〕1号
    reviewer register void 宣府规〔2026〕4号 --reason "取号错误"
    reviewer register export 登记簿.xlsx ；reviewer register backup 备份.db
    编号序列在 rules/series.toml 中配置（可用环境变量 REVIEWER_SERIES 指定其他文件）。
    日期可写作 2026-3-2、2026/3/2 或 2026年3月2日。登记的文件不删除：作废、废止的文号仍留在登记簿中，不再使用。
    """


@register.command("add")
@click.argument("file", metavar="文件")
@click.option("--series", metavar="代字", help="从该编号序列取下一个文号，如 宣府规（序列在 rules/series.toml 中配置）。")
@click.option("--number", metavar="文号", help="登记已有的文号，如 宣府规〔2026〕3号（默认取文件中写明的文号）。")
@click.option("--title", metavar="名称", help="文件名称（默认从文件中读取）。")
@click.option("--issuer", metavar="机关", help="制定机关（默认从文件名称或序列配置中读取）。")
@click.option("--issued", metavar="日期", help="成文日期（默认从文件落款读取）。")
@click.option("--published", metavar="日期", help="公布日期。")
@click.option("--effective", metavar="日期", help="施行日期（默认从文件中读取）。")
@click.option("--expires", metavar="日期", help="有效期至。")
@click.option("--opinion", metavar="编号", help="合法性审查意见书编号，如 宣司审〔2026〕3号。")
@click.option("--filed", metavar="日期", help="备案日期。")
@click.option("--filed-with", "filed_with", metavar="机关", help="备案机关（默认取序列配置）。")
@click.option("--note", metavar="文字", help="备注。")
@click.option("--yes", "-y", is_flag=True, help="不询问，直接登记。")
@_db_option
def add(file, series, number, title, issuer, issued, published, effective, expires, opinion, filed, filed_with, note, yes, db):
    """登记一件规范性文件：从文件中读取名称、制定机关、文号和日期，确认后登记。"""
    from reviewer.register import documents
    from reviewer.register.series import get_series, load_series

    if series and number:
        raise UsageError("--series 与 --number 只能选一个：取新号用 --series，登记已有文号用 --number")
    conf = load_series()
    ser = get_series(series) if series else None
    dates = {k: _date_option(v, opt) for k, v, opt in (("written_on", issued, "--issued"), ("published_on", published, "--published"), ("effective_on", effective, "--effective"), ("expires_on", expires, "--expires"), ("filed_on", filed, "--filed"))}
    if not Path(file).is_file():
        raise UsageError(f"{file}：文件不存在或不是文件，请检查路径")
    found, sha = read_document(file)
    rec = {"title": (title or found["title"]).strip(), "issuer": (issuer or found["issuer"] or (ser.issuer if ser else "")).strip()}
    for key, value in dates.items():
        rec[key] = value or found.get(key)
    rec.update(opinion_number=opinion, filed_with=filed_with or (ser.filed_with if ser else None), note=note, path=str(Path(file).resolve()), sha256=sha)
    if not rec["title"]:
        raise UsageError(f"{file}：未能从文件中读出文件名称，请用 --title 写明")
    year = None
    if ser:
        year = (rec["written_on"] or dt.date.today()).year
        shown_number = f"按序列 {ser.code}（{ser.name}）取 {year} 年下一个号"
    else:
        rec["number"] = number or found["number"]
        rec["_origin"] = "--number" if number else f"{file} 中的文号"
        if not rec["number"]:
            raise UsageError(f"{file}：文件中没有文号：请用 --series 宣府规 取号，或用 --number 写明文号")
        shown_number = documents.parse_doc_number(rec["number"], rec["_origin"])[0]
    _confirm(rec, shown_number, found, yes)
    out = documents.add(_store(db, create=True), rec, series=ser.code if ser else None, year=year, reg_code=conf.registry.code)
    _write_output(None, f"已登记 {out['number']}（登记编号 {out['reg_no']}）：《{out['title']}》")


def _confirm(rec: dict, number: str, found: dict, yes: bool) -> None:
    from reviewer.register.documents import HEADERS

    console = _console(stderr=True)
    console.print(f"文号：{number}")
    for key in ("title", "issuer", "written_on", "published_on", "effective_on", "expires_on", "opinion_number", "filed_on", "filed_with"):
        value = rec.get(key)
        console.print(f"{HEADERS[key]}：{value or '（未填）'}")
    if found["number"] and "number" not in rec:
        console.print(f"注意：文件中已写有文号 {found['number']}，登记将按序列取新号。")
    if rec.get("effective_on") and rec.get("published_on") and rec["effective_on"] < rec["published_on"]:
        console.print("注意：施行日期早于公布日期，请核对。")
    year = number[number.find("〔") + 1 : number.find("〔") + 5] if "〔" in number else ""
    if year.isdigit() and rec.get("written_on") and int(year) != rec["written_on"].year:
        console.print(f"注意：文号年份 {year} 与成文日期 {rec['written_on']} 的年份不一致，请核对（REG.ND.NUMBER_FORMAT）。")
    if not rec.get("expires_on"):
        console.print("注意：未写明有效期，请核对文件或用 --expires 写明。")
    elif found.get("expires_note") and rec["expires_on"] == found["expires_on"]:
        console.print(f"注意：有效期至 {rec['expires_on']} 系{found['expires_note']}，请核对。")
    if not yes and not click.confirm("确认登记？", default=True, err=True):
        raise click.exceptions.Abort()


@register.command("list")
@click.option("--year", type=int, metavar="年份", help="只列出该年度文号的文件。")
@click.option("--status", metavar="状态", help="只列出该状态的文件：现行有效、已修改、废止、失效、作废。")
@click.option("--issuer", metavar="机关", help="只列出制定机关含此文字的文件。")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="输出格式。")
@click.option("--out", "-o", "out", metavar="文件", help="保存到文件（json、csv；csv 带 BOM，可直接用 Excel 打开）。")
@_db_option
def list_cmd(year, status, issuer, fmt, out, db):
    """列出登记簿中的规范性文件（含作废的文号）。"""
    from reviewer.register.documents import documents

    _emit(documents(_store(db), year=year, status=status.strip() if status else None, issuer=issuer), fmt, out)


@register.command("search")
@click.argument("words", nargs=-1, required=True, metavar="词语…")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="输出格式。")
@_db_option
def search(words, fmt, db):
    """按文件名称、制定机关、文号或登记编号查找（多个词语须同时出现）。"""
    from reviewer.register.documents import documents

    _emit(documents(_store(db), words=[w for w in words if w.strip()]), fmt, None)


def _emit(rows: list[dict], fmt: str, out: str | None) -> None:
    from reviewer.register import sheets

    if fmt == "json":
        _write_output(out, json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        if out:
            _write_file(Path(out), lambda tmp: Path(tmp).write_text(sheets.csv_text(rows), encoding="utf-8-sig"))
        else:
            _write_output(None, sheets.csv_text(rows))
    else:
        if out:
            raise UsageError("--format table 只在屏幕上显示：保存到文件请加 --format csv 或 --format json，或用 reviewer register export")
        _print_table(rows)


def _print_table(rows: list[dict]) -> None:
    from reviewer.register.documents import HEADERS
    from reviewer.register.sheets import shown

    console = _console()
    if not rows:
        console.print("登记簿中没有符合条件的文件。")
        return
    from rich.table import Table

    keys = ("number", "status", "title", "issuer", "published_on", "effective_on", "expires_on")
    table = Table()
    for key in keys:
        wraps = key in ("title", "issuer")
        table.add_column(HEADERS[key], no_wrap=not wraps, overflow="fold", min_width={"title": 14, "issuer": 8}.get(key), ratio=2 if key == "title" else None)
    for r in rows:
        table.add_row(*(shown(k, r.get(k)) for k in keys), style="dim" if r["status"] == "void" else None)
    console.print(table)
    console.print(f"共 {len(rows)} 件。")


@register.command("show")
@click.argument("number", metavar="文号")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式。")
@_db_option
def show(number, fmt, db):
    """查看一件文件的全部登记信息和变更记录。"""
    from reviewer.register.documents import EVENT_NAMES, FIELDS, HEADERS, get
    from reviewer.register.sheets import shown

    rec = get(_store(db), number)
    if fmt == "json":
        _write_output(None, json.dumps(rec, ensure_ascii=False, indent=2))
        return
    lines = [f"{name}：{shown(key, rec.get(key))}" for key, name in FIELDS if rec.get(key) is not None]
    lines.append("变更记录：")
    for e in rec["events"]:
        line = f"  {shown('at', e['at'])} {EVENT_NAMES.get(e['event'], e['event'])}"
        for key, (before, after) in (e["changes"] or {}).items():
            line += f"，{HEADERS.get(key, key)}：{shown(key, before) or '（空）'} → {shown(key, after)}"
        if e["reason"]:
            line += f"，{'来源' if e['event'] == 'imported' else '原因'}：{e['reason']}"
        lines.append(line)
    _write_output(None, "\n".join(lines))


@register.command("status")
@click.argument("number", metavar="文号")
@click.argument("status", metavar="废止|失效|已修改")
@click.option("--by", required=True, metavar="依据", help="修改或废止它的文件文号，或说明（如“有效期届满”）。")
@click.option("--date", "on", metavar="日期", help="变更日期（默认今天）。")
@_db_option
def status_cmd(number, status, by, on, db):
    """变更一件文件的状态（废止、失效、已修改）；原状态留在变更记录中。"""
    from reviewer.register.documents import set_status

    rec = set_status(_store(db), number, status.strip(), by, _date_option(on, "--date") or dt.date.today())
    _write_output(None, f"{rec['number']} 的状态已变更为“{status.strip()}”（依据：{rec['status_by']}；日期：{rec['status_on']}）。")


@register.command("void")
@click.argument("number", metavar="文号")
@click.option("--reason", required=True, metavar="原因", help="作废原因（必填），如“取号错误”。")
@_db_option
def void(number, reason, db):
    """作废一个误取的文号：文号仍留在登记簿中（记明原因），不再使用。"""
    from reviewer.register.documents import void as void_number

    rec = void_number(_store(db), number, reason)
    _write_output(None, f"已作废 {rec['number']}（原因：{rec['status_by']}）。该文号不再使用。")


@register.command("import")
@click.argument("file", metavar="文件.csv|.xlsx")
@_db_option
def import_cmd(file, db):
    """从表格导入登记簿（列名同导出的表格）；有一行出错则整表不导入。"""
    from reviewer.register import documents, sheets
    from reviewer.register.series import load_series

    path = Path(file)
    rows = sheets.read(path)
    sheets.normalise_dates(rows, str(path))
    n = documents.import_rows(_store(db, create=True), rows, reg_code=load_series().registry.code, origin=str(path))
    _write_output(None, f"已从 {path} 导入 {n} 件文件。")


@register.command("export")
@click.argument("file", metavar="文件.csv|.xlsx")
@click.option("--force", is_flag=True, help="覆盖已有的文件。")
@_db_option
def export_cmd(file, force, db):
    """把整个登记簿导出为表格（.csv 带 BOM，或 .xlsx）。"""
    from reviewer.register import sheets
    from reviewer.register.documents import documents

    path = Path(file)
    sheets.check_suffix(path, "export")
    if path.exists() and not force:
        raise UsageError(f"{path} 已存在：加 --force 覆盖，或换一个文件名")
    if not path.parent.is_dir():
        raise UsageError(f"{path}：所在文件夹不存在，请先建立或换一个位置")
    rows = documents(_store(db))
    _write_file(path, lambda tmp: sheets.write(path, tmp, rows))
    _write_output(None, f"已导出 {len(rows)} 件文件到 {path}。")


@register.command("backup")
@click.argument("file", metavar="文件")
@_db_option
def backup_cmd(file, db):
    """备份登记数据库（含意见书编号）：在使用中也可安全备份。"""
    from reviewer.register.documents import backup

    store = _store(db)
    backup(store, Path(file))
    _write_output(None, f"已备份 {store.path} 到 {file}。")
