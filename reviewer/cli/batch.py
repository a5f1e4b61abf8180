"""`reviewer batch`: review folders and .zip packages in parallel, write a folder of results each."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from reviewer.cli.common import CONTEXT, _console
from reviewer.errors import UsageError
from reviewer.findings import SEVERITIES


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="路径...")
@click.option("--out", "-o", "out", required=True, metavar="文件夹", help="结果文件夹：每个送审包一个子文件夹，另有汇总表 summary.csv。")
@click.option("--jobs", "-j", type=int, default=os.cpu_count() or 1, show_default=True, help="同时审查的进程数（1 到 64）。")
@click.option("--opinion", is_flag=True, help="为每个包的主文件（合同、招标采购文件、规范性文件）另起草合法性审查意见书草稿（不取号）。")
@click.option("--force", is_flag=True, help="全部重新审查（默认跳过内容和规则都未变、已有结果的包）。")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default="必须修改", show_default=True, help="有此级别及以上的问题时退出码为 1。")
@click.option("--exit-zero", is_flag=True, help="无论发现什么问题，退出码都为 0（一份文件也未能审查时仍为 2）。")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="使用另一个规则目录（默认为内置规则）。")
@click.option("--case", "case_number", metavar="案号", help="审查台账的案号：各包审查过的文件及其审查意见记入该案件；缺少必备材料时案件转为“退回补充”。")
@click.option("--db", "db", metavar="文件|URL", help="登记数据库（与 --case 同用；默认为用户数据目录下的 reviewer.db，或环境变量 REVIEWER_DB）。")
def batch(paths, out, jobs, opinion, force, fail_on, exit_zero, rules_dir, case_number, db):
    """批量审查送审包：每个路径可以是一个送审包（文件夹或 .zip）、一份文件，或存放多个送审包的文件夹。

    \b
    怎样算一个送审包：
      文件夹中直接有文档（.docx .pdf .txt .md 等）：整个文件夹是一个送审包；
      文件夹中只有子文件夹和 .zip：每个子文件夹、每个 .zip 各是一个送审包；
      单独一份文件：只有这一份文件的送审包。
    \b
    结果（--out 文件夹）：
      <包名>/result.json            包的类型、各文件的角色、审查意见、缺少的材料、读取失败的文件
      <包名>/<文件名>.html          每份审查过的文件一份网页报告
      <包名>/<文件名>-合法性审查意见书（草稿）.docx   加 --opinion 时
      summary.csv                   汇总表（Excel、WPS 可直接打开）
    内容和规则都未变的包不再重复审查，沿用上次结果（--force 全部重审）。损坏、为空或不是文档的文件不影响其他文件，在汇总表“读取失败”一栏写明原因。

    \b
    退出码（计入本次审查和沿用上次结果的全部包）：
      0  没有 --fail-on 级别及以上的问题
      1  有（--exit-zero 时为 0）
      2  一份文件也未能审查，或参数错误、规则文件有误
    """
    from reviewer import batch as lib

    if not 1 <= jobs <= 64:
        raise UsageError(f"--jobs 应为 1 到 64 之间的整数（收到 {jobs}）")
    out_dir = Path(out)
    ledger_case = _ledger_case(case_number, db)
    job = lib.prepare(list(paths), out_dir, rules_dir=rules_dir, opinion=opinion, force=force)
    err = _console(stderr=True)
    kept = sum(1 for p in job.packages if p.reused)
    if kept:
        err.print(f"{kept} 个送审包内容和规则都未变，沿用上次结果（加 --force 可全部重审）")
    todo = job.todo
    if sys.stderr.isatty() and todo:
        _run_with_bar(lib, job, jobs, todo)
    else:
        done = [0]

        def line(p):
            done[0] += 1
            err.print(f"[{done[0]}/{len(todo)}] {p.label}：{_brief(lib, p.row)}")

        lib.execute(job, jobs, on_done=line)
    csv_path = lib.write_summary_csv(job)
    _summary_table(lib, job, csv_path)
    if ledger_case is not None:
        _attach(ledger_case, job, db)
    sys.exit(lib.exit_code(job, fail_on, exit_zero))


def _ledger_case(case_number, db) -> dict | None:
    """The case of --case, refused before any review if unknown or closed."""
    if not case_number:
        return None
    from reviewer.cli.register import _store
    from reviewer.ledger.cases import get_case

    rec = get_case(_store(db), case_number)
    if rec["status"] == "closed":
        raise UsageError(f"案件 {rec['number']} 已于 {rec['closed_on']} 办结，不能再记入审查结果；如需重新办理请先用 reviewer case reopen")
    return rec


def _attach(rec: dict, job, db) -> None:
    """Each package's reviewed documents and their findings, read back from its result.json
    (so packages kept from an earlier run are attached too); missing materials return the case."""
    import json

    from reviewer.cli.register import _store
    from reviewer.ledger.cases import add_case_findings, attach_document, get_case, return_case

    store, documents, missing = _store(db), 0, []
    known = {(d["path"], d["sha256"]) for d in get_case(store, rec["number"])["documents"] if d["sha256"]}
    for p in job.packages:
        result_path = job.out / p.name / "result.json"
        if not result_path.is_file():
            continue
        result = json.loads(result_path.read_text(encoding="utf-8"))
        entries = [(e, _member(p.source, e["name"])) for e in result.get("files", []) if e.get("review")]
        if entries and all(where in known for _, where in entries):
            continue  # this package, byte for byte, is already in the case (a batch run again)
        for entry, (path, sha256) in entries:
            review = entry["review"]
            attach_document(
                store, rec["number"], path=path, sha256=sha256, title=review["document"].get("title"), kind=review["document"].get("kind"),
                role=entry.get("role_name"), findings=[{"rule": f["rule"], "point": f.get("point"), "severity": f["severity"]} for f in review["findings"]],
            )
            documents += 1
        package_findings = [{"rule": f["rule"], "point": f.get("point"), "severity": f["severity"]} for f in result.get("findings") or []]
        add_case_findings(store, rec["number"], package_findings, f"送审包 {p.label} 的材料和文件间核对")
        for item in result.get("missing") or []:
            if item not in missing:
                missing.append(item)
    said = f"已记入案件 {rec['number']}：审查文件 {documents} 份"
    if missing:
        return_case(store, rec["number"], missing, "批量审查发现缺少必备材料")
        said += f"；缺少{'、'.join(missing)}，案件转为退回补充（可用 reviewer case return {rec['number']} 写出通知）"
    _console(stderr=True).print(said, markup=False)


def _member(source: str, name: str) -> tuple[str, str | None]:
    """Where a package member is (a file of the folder, or zip:member) and the sha256 of its bytes."""
    import hashlib
    import zipfile

    src = Path(source)
    try:
        if src.is_dir():
            return str(src / name), hashlib.sha256((src / name).read_bytes()).hexdigest()
        if src.suffix.lower() == ".zip":
            with zipfile.ZipFile(src) as zf:
                return f"{source}:{name}", hashlib.sha256(zf.read(name)).hexdigest()
        return str(src), hashlib.sha256(src.read_bytes()).hexdigest()  # a lone document is its own package
    except (OSError, KeyError, zipfile.BadZipFile):
        return f"{source}:{name}" if not src.is_dir() else str(src / name), None  # a name the zip spells differently: no hash


def _brief(lib, row: dict) -> str:
    c = row["counts"]
    text = f"{lib.KIND_NAMES.get(row['kind'], row['kind'])}，{row['files']} 个文件，必须修改 {c['必须修改']}、建议修改 {c['建议修改']}、提示 {c['提示']}"
    if row["failures"]:
        text += f"，读取失败 {len(row['failures'])} 项"
    if "seconds" in row:
        text += f"（{row['seconds']:.1f} 秒）"
    return text


def _run_with_bar(lib, job, jobs, todo) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (
        TextColumn("审查中"), BarColumn(), TextColumn("文件 {task.completed:.0f}/{task.total:.0f}"),
        TextColumn("包 {task.fields[done]}/{task.fields[packages]}"), TextColumn("已用"), TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn(),
    )
    bar = Progress(*columns, console=_console(stderr=True))
    task = bar.add_task("", total=sum(p.files for p in todo), done=0, packages=len(todo))

    def step(p):
        bar.update(task, advance=p.files, done=bar.tasks[0].fields["done"] + 1)

    try:
        lib.execute(job, jobs, on_done=step, on_start=bar.start)
    finally:
        bar.stop()


def _summary_table(lib, job, csv_path: Path) -> None:
    """The table on screen counts; summary.csv and the lines below it carry the names and reasons."""
    from rich.table import Table

    table = Table(title="批量审查汇总")
    for i, name in enumerate(lib.CSV_HEADER):
        table.add_column(name, justify="right" if i >= 2 else "left", overflow="fold")
    table.add_column("状态")
    for p in job.packages:
        r = p.row
        status = "沿用" if p.reused else ("本次" if r.get("read") else "未读取")
        table.add_row(p.label, lib.KIND_NAMES.get(r["kind"], r["kind"]), str(r["files"]), *(str(r["counts"][s]) for s in SEVERITIES),
                      str(len(r["missing"])) if r["missing"] else "", str(len(r["failures"])) if r["failures"] else "", status)
    console = _console()
    console.print(table)
    failures = [(p.label, line) for p in job.packages for line in p.row["failures"]]
    if failures:
        console.print("读取失败（未审查的文件及原因）：")
        for label, line in failures:
            console.print(f"  {label}：{line}", markup=False)
    kept = sum(1 for p in job.packages if p.reused)
    unread = sum(1 for p in job.packages if not p.reused and not p.row.get("read"))
    reviewed = len(job.packages) - kept - unread
    console.print(f"共 {len(job.packages)} 个送审包：本次审查 {reviewed} 个，沿用上次结果 {kept} 个，未能读取 {unread} 个；读取失败 {len(failures)} 项。"
                  f"结果在 {job.out}{os.sep}，汇总表 {csv_path}", markup=False)
