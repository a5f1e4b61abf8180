"""Step definitions for features/batch.feature (`reviewer batch`)."""

from __future__ import annotations

import csv
import io
import zipfile

from conftest import run_cli
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("batch.feature")

CONTRACT = """{unit}{what}合同
甲方（采购人）：宣汉县{unit}
乙方（供应商）：达州市恒信有限公司
第一条 合同总价为人民币壹拾贰万元整（¥120,000.00）。
第二条 付款方式：甲方在全部货物验收合格后90日内支付合同价款。
第三条 争议解决：协商不成的，向甲方所在地人民法院起诉。
签订日期：2025年8月12日
"""


def _write(folder, name: str, unit: str) -> None:
    if name.endswith(".docx") and "损坏" in name:
        (folder / name).write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    elif name.startswith("空白"):
        (folder / name).write_bytes(b"")
    else:
        (folder / name).write_text(CONTRACT.format(unit=unit, what=name.split(".")[0]), encoding="utf-8")


@given("有一个存放送审包的文件夹，其中：", target_fixture="root")
def packages_folder(tmp_path, datatable):
    root = tmp_path / "送审"
    root.mkdir()
    for package, files in datatable[1:]:
        names = files.split("、")
        if package.endswith(".zip"):
            with zipfile.ZipFile(root / package, "w") as zf:
                for name in names:
                    zf.writestr(name, CONTRACT.format(unit=package[:-4], what=name.split(".")[0]))
        else:
            (root / package).mkdir()
            for name in names:
                _write(root / package, name, package)
    return root


@given("有一个只有损坏文件的送审包", target_fixture="root")
def broken_package(tmp_path):
    root = tmp_path / "坏包"
    root.mkdir()
    _write(root, "损坏的合同.docx", "")
    return root


@when("我运行 reviewer batch", target_fixture="result")
@when("我对它运行 reviewer batch", target_fixture="result")
def run_batch(root, tmp_path):
    return run_cli("batch", root, "--out", tmp_path / "结果", "--jobs", "2")


@when(parsers.parse('我修改了 "{package}" 中的文件后再次运行 reviewer batch'), target_fixture="result")
def change_and_rerun(root, tmp_path, package):
    doc = next((root / package).iterdir())
    doc.write_text(doc.read_text(encoding="utf-8").replace("90日内", "120日内"), encoding="utf-8")
    return run_cli("batch", root, "--out", tmp_path / "结果")


@when("我加 --force 再次运行 reviewer batch", target_fixture="result")
def rerun_forced(root, tmp_path):
    return run_cli("batch", root, "--out", tmp_path / "结果", "--force")


def _reviewed(result) -> list[str]:
    return [line.split("：")[0].rsplit("/", 1)[-1] for line in result.err.splitlines() if line.startswith("[")]


def _summary(tmp_path) -> dict[str, dict]:
    raw = (tmp_path / "结果" / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return {r["包/文件夹"].rsplit("/", 1)[-1]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}


@then(parsers.parse("批量审查的退出码为 {code:d}"))
def exit_code(result, code):
    assert result.code == code, result.err


@then(parsers.parse("汇总表 summary.csv 带 BOM，共有 {n:d} 行"))
def summary_rows(tmp_path, n):
    assert len(_summary(tmp_path)) == n


@then(parsers.parse('汇总表中 "{package}" 的类型为 "{kind}"，有 "{severity}" 项'))
def summary_kind(tmp_path, package, kind, severity):
    row = _summary(tmp_path)[package]
    assert row["类型"] == kind and int(row[severity]) > 0, row


@then(parsers.parse('汇总表中 "{package}" 的读取失败一栏写明 "{first}" 和 "{second}"'))
def summary_failures(tmp_path, package, first, second):
    failures = _summary(tmp_path)[package]["读取失败"]
    assert first in failures and second in failures, failures


@then(parsers.parse('结果文件夹中 "{package}" 有 result.json 和网页报告'))
def package_outputs(tmp_path, package):
    folder = tmp_path / "结果" / package
    assert (folder / "result.json").is_file() and list(folder.glob("*.html"))


@then(parsers.parse('本次只审查了 "{package}"'))
def only_reviewed(result, package):
    assert _reviewed(result) == [package], result.err


@then(parsers.parse("屏幕提示 {n:d} 个送审包沿用上次结果"))
def kept_message(result, n):
    assert f"{n} 个送审包内容和规则都未变，沿用上次结果" in result.err


@then(parsers.parse("本次审查了 {n:d} 个包"))
def reviewed_count(result, n):
    assert len(_reviewed(result)) == n, result.err


@then(parsers.parse('屏幕上写明 "{word}" 的原因，没有程序错误信息'))
def reason_shown(result, word):
    assert word in result.out and "Traceback" not in result.err + result.out and "内部错误" not in result.err
