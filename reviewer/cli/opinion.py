"""`reviewer opinion`: review one file and draft the 合法性审查意见书."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click

from reviewer.cli.common import CONTEXT, KINDS, _console, _date_option, _parse_facts, _write_file, _write_output
from reviewer.errors import UsageError


@click.command(context_settings=CONTEXT)
@click.argument("path", metavar="文件")
@click.option("--out", "-o", "out", metavar="文件", help="意见书保存位置（默认为“<文件名>-合法性审查意见书.docx”）。")
@click.option("--format", "-f", "fmt", type=click.Choice(["docx", "md"]), default="docx", show_default=True, help="输出 Word 文件或 Markdown 文本。")
@click.option("--force", is_flag=True, help="保存位置已有文件时覆盖它（默认不覆盖，也不取号）。")
@click.option("--draft", is_flag=True, help="草稿：不取号，编号留空，不要求送审单位和收件日期。")
@click.option("--new-number", "new_number", is_flag=True, help="同一文件再次出具时另取新号（默认沿用已登记的编号）。")
@click.option("--db", "db", metavar="文件|URL", help="登记数据库（默认为用户数据目录下的 reviewer.db，或环境变量 REVIEWER_DB）；也可写 PostgreSQL 地址，如 postgresql://用户名:密码@服务器/数据库名。")
@click.option("--template", "template_path", metavar="文件", help="意见书模板（默认为 rules/opinion.toml）。")
@click.option("--unit", default="", metavar="单位", help="送审单位（取号出具时必填）。")
@click.option("--matter", default="", metavar="事项", help="送审事项（默认为文件标题）。")
@click.option("--received", metavar="日期", help="收件日期（取号出具时必填），如 2026-03-02、2026/3/2、2026年3月2日。")
@click.option("--complete", metavar="日期", help="材料齐全日期。")
@click.option("--done", metavar="日期", help="审查完成日期（默认为今天）。")
@click.option("--due", metavar="日期", help="送审单位要求的完成日期（不足5个工作日时在意见书中说明）。")
@click.option("--material", "materials", multiple=True, metavar="材料", help="已收材料，可多次使用。")
@click.option("--missing", "missing", multiple=True, metavar="材料", help="缺少的材料，可多次使用。")
@click.option("--conclusion", type=click.Choice(["lawful", "partial", "amend", "unlawful", "template"]), help="指定审查结论：lawful 合法 / partial 审查范围内未发现问题 / amend 修改完善后… / unlawful 不合法 / template 范本未定稿。")
@click.option("--type", "-t", "kind", type=click.Choice(KINDS), help="指定文件类型。")
@click.option("--fact", "facts", multiple=True, metavar="键=值", help="补充文中没有写明的事实。")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="规则目录。")
@click.option("--case", "case_number", metavar="案号", help="审查台账的案号：送审单位、事项和日期取自案件（命令行选项优先），审查文件、审查意见和意见书编号记入该案件。")
def opinion(path, out, fmt, force, draft, new_number, db, template_path, unit, matter, received, complete, done, due, materials, missing, conclusion, kind, facts, rules_dir, case_number):
    """审查一份文件并起草合法性审查意见书（Word 或 Markdown）。

    送审信息可写在文件旁的“<文件名>.case.toml”中（unit、matter、received、complete、done、due、materials、missing），命令行选项优先。
    意见书编号按“机关代字〔年份〕序号号”自动取号，同一年度内不重复；取号出具须有送审单位和收件日期。
    同一文件（内容未变、送审单位相同）在同一年度再次出具时沿用原编号，可用 --new-number 另取新号。
    保存位置已有文件时不覆盖，可用 --force 覆盖。编号的查询和作废见 reviewer numbers。
    """
    import datetime as dt

    from reviewer.api import check_file
    from reviewer.case import CaseInfo, check_date_order
    from reviewer.engine.loader import load_rules
    from reviewer.register.db import is_url
    from reviewer.register.store import CONCLUSION_NAMES, Store
    from reviewer.report.opinion import build_letter, load_template, render_md

    # Everything that can refuse the run is checked before a number is taken.
    template = load_template(Path(template_path) if template_path else None)
    ruleset = load_rules(Path(rules_dir) if rules_dir else None)
    given = CaseInfo(
        unit=unit.strip(), matter=matter, received=_date_option(received, "--received"), complete=_date_option(complete, "--complete"),
        done=_date_option(done, "--done"), due=_date_option(due, "--due"), materials=list(materials), missing=list(missing),
    )
    ledger_case = _ledger_case(case_number, db)
    info = CaseInfo.from_sidecar(path)
    if ledger_case is not None:
        # the case's dates reach the letter, so a short review time is said there too
        info = info.merged(_case_info(ledger_case))
    info = info.merged(given)
    check_date_order(info)
    if not draft:
        _require_case(info, path)
    target = Path(out) if out else (None if fmt == "md" else Path(f"{Path(path).stem}-合法性审查意见书.docx"))
    if target is not None:
        if target.resolve() == Path(path).resolve():  # not even with --force: the submission itself would be lost
            raise UsageError(f"{target} 是送审文件本身，不能用来保存意见书：请用 -o 另选保存位置")
        _check_target(target, force, draft)
    store = None if draft else Store(db if db and is_url(db) else Path(db) if db else None)

    rv = check_file(path, ruleset, kind=kind, user_facts=_parse_facts(facts))
    day = info.done or dt.date.today()
    draft_number = f"{template['series']}〔{day.year}〕  号"
    letter = build_letter(rv, ruleset, info, template, draft_number, conclusion)
    reused = False
    if store is not None:
        letter.number, reused = store.assign_opinion_number(
            template["series"], day.year, document=str(Path(path).resolve()), title=letter.meta[1][1], unit=info.unit,
            conclusion=letter.conclusion_key, issued_on=day, sha256=_sha256(Path(path)),
            output=str(target.resolve()) if target is not None else None, reuse=not new_number,
        )
    try:
        if fmt == "md":
            _write_output(str(target) if target is not None else None, render_md(letter))
        else:
            from reviewer.report.opinion_docx import render_docx

            _write_file(target, lambda tmp: render_docx(letter, tmp))
            internal = _write_internal_record(letter, target, force)
    except BaseException as exc:
        # The number is recorded but no letter carries it: say so in the register
        # rather than leave a number that seems issued.
        if store is not None and not reused:
            store.void(letter.number, f"意见书未能写入（{getattr(exc, 'message', exc.__class__.__name__)}）")
        raise
    if ledger_case is not None:
        _attach(ledger_case, rv, letter.number if store is not None else None, db, path)
    name = CONCLUSION_NAMES.get(letter.conclusion_key, letter.conclusion_key)
    where = f"已生成意见书 {target}" if target is not None else "已输出意见书"
    if draft:
        said = "草稿，未取号"
    else:
        said = f"{letter.number}，" + ("沿用已登记的编号" if reused else "新取号")
    _console(stderr=True).print(f"{where}（{said}；结论：{name}）")
    if fmt != "md" and internal:
        _console(stderr=True).print(f"签批栏另见内部审批单 {internal}（留存本机关，不随意见书送出）")


def _ledger_case(case_number, db) -> dict | None:
    """The case of --case, refused before anything is reviewed or numbered if unknown or closed."""
    if not case_number:
        return None
    from reviewer.cli.register import _store
    from reviewer.ledger.cases import get_case

    rec = get_case(_store(db), case_number)
    if rec["status"] == "closed":
        raise UsageError(f"案件 {rec['number']} 已于 {rec['closed_on']} 办结，不能再记入意见书；如需重新办理请先用 reviewer case reopen")
    return rec


def _case_info(rec: dict):
    import datetime as dt

    from reviewer.case import CaseInfo

    day = lambda v: dt.date.fromisoformat(v) if v else None  # noqa: E731
    return CaseInfo(unit=rec["unit"], matter=rec["title"] or "", received=day(rec["received_on"]), complete=day(rec["complete_on"]), due=day(rec["due_on"]))


def _attach(rec: dict, rv, number: str | None, db, path) -> None:
    """The reviewed file, its findings and (unless a draft) the letter's number go to the case."""
    from reviewer.cli.register import _store
    from reviewer.ledger.cases import attach_review, set_opinion

    store = _store(db)
    attach_review(store, rec["number"], rv, sha256=_sha256(Path(path)))
    if number:
        set_opinion(store, rec["number"], number)
    _console(stderr=True).print(f"已记入案件 {rec['number']}：审查意见 {len(rv.findings)} 项" + (f"，意见书编号 {number}" if number else ""))


def _write_internal_record(letter, target: Path, force: bool) -> Path | None:
    """The sign-off lines (审查人/复核人/负责人) go on a separate 内部审批单 beside the letter."""
    from reviewer.report.opinion_docx import render_internal_docx

    if not letter.internal:
        return None
    path = target.with_name(f"{target.stem}-内部审批单.docx")
    if path.exists() and not force:
        _console(stderr=True).print(f"内部审批单 {path} 已存在，未覆盖（加 --force 可覆盖）")
        return None
    _write_file(path, lambda tmp: render_internal_docx(letter, tmp))
    return path


def _require_case(info, path) -> None:
    """A numbered letter goes to a unit and counts review time from receipt: both must be known."""
    lacking = [name for name, value in (("送审单位", info.unit), ("收件日期", info.received)) if not value]
    if lacking:
        side = Path(path).with_name(Path(path).stem + ".case.toml").name
        raise UsageError(f"取号出具意见书须写明{'和'.join(lacking)}：请用 --unit/--received 指定（或写在 {side} 中），或用 --draft 起草不取号的草稿")


def _check_target(target: Path, force: bool, draft: bool) -> None:
    if target.is_dir():
        raise UsageError(f"{target} 是文件夹：请用 -o 指定意见书的文件名")
    if target.exists() and not force:
        raise UsageError(f"{target} 已存在，未覆盖{'' if draft else '（也未取号）'}：请用 -o 另选保存位置，或加 --force 覆盖")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"无法写入 {target}（文件夹 {parent} 不存在）：请先建立该文件夹或用 -o 另选保存位置")


def _sha256(path: Path) -> str:
    """Of the file's bytes; of a folder (a submission package), of its files' names and bytes."""
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        if path.is_dir():
            h.update(str(f.relative_to(path)).encode("utf-8") + b"\0")
        with f.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()
