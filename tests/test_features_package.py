"""Step definitions for features/package.feature: a department's submission package."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pytest_bdd import given, parsers, scenarios, then, when

from reviewer.package import review_package

scenarios("package.feature")

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "corpus/contracts/goods-computers.txt"
SUPPLIER = "达州市联创电脑科技有限公司"
FILES = {
    "送审材料/关于提请审查办公设备采购合同的函.txt": "关于提请审查办公设备采购合同的函\n县司法局：\n现将我局办公设备采购合同送上，请予审查。\n宣汉县民政局\n2025年7月20日\n",
    "送审材料/采购合同.txt": CONTRACT.read_text(encoding="utf-8"),
    "送审材料/响应文件.txt": f"响应文件\n供应商名称：{SUPPLIER}\n报价：人民币壹拾贰万元整\n",
    "送审材料/预算批复.txt": "宣汉县财政局关于宣汉县民政局2025年部门预算的批复\n同意安排办公设备购置经费12万元。\n",
}
AWARD = f"成交通知书\n{SUPPLIER}：\n经评审，确定你单位为成交供应商，成交金额为人民币120,000.00元。\n宣汉县民政局\n2025年7月10日\n"


def _zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text.encode("utf-8"))
    return path


@given("有一个送审压缩包，内有送审函、采购合同、投标文件和预算批复，但没有中标（成交）通知书", target_fixture="package")
def package_without_award(tmp_path):
    return _zip(tmp_path / "送审材料.zip", FILES)


@given("有一个送审压缩包，内有送审函、采购合同、投标文件、预算批复和成交通知书", target_fixture="package")
def complete_package(tmp_path):
    return _zip(tmp_path / "送审材料.zip", {**FILES, "送审材料/成交通知书.txt": AWARD})


@when("我审查这个送审包", target_fixture="result")
def review(package, tmp_path, ruleset):
    return review_package(package, ruleset, tmp_path / "work")


@then(parsers.parse('送审包被识别为 "{kind}" 类'))
def kind_is(result, kind):
    assert result.kind == kind


@then(parsers.parse('有一项 "{severity}" 的送审材料问题，审查点为 "{point}"'), target_fixture="finding")
def materials_finding(result, severity, point):
    found = [f for f in result.findings if f.rule == "PACKAGE.MATERIALS"]
    assert len(found) == 1 and found[0].severity == severity and found[0].point == point, [(f.rule, f.message) for f in result.findings]
    return found[0]


@then(parsers.parse('该问题的修改建议为 "{text}"'))
def suggestion_is(finding, text):
    assert finding.suggestion == text


@then(parsers.parse('需要补充的材料只有 "{name}"'))
def missing_only(result, name):
    assert result.missing == [name]


@then("没有需要补充的材料")
def nothing_missing(result):
    assert result.missing == [] and "PACKAGE.MATERIALS" not in {f.rule for f in result.findings}


@then("包中的合同已按单份文件的方式审查")
def contract_reviewed(result):
    contract = [f for f in result.files if f.role == "contract"]
    assert len(contract) == 1 and contract[0].reviewed and contract[0].review.findings
    assert contract[0].member.name == "送审材料/采购合同.txt"
