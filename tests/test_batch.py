"""`reviewer batch`: planning, outputs, summary.csv, resuming, exit codes, bad inputs."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from factory import make_docx, p

from reviewer import batch as lib

CONTRACT = """宣汉县教育局办公家具采购合同
甲方（采购人）：宣汉县教育局
乙方（供应商）：达州市恒信家具有限公司
乙方确认其为小型企业。
第一条 采购内容：办公桌80张。
第二条 合同总价为人民币壹拾贰万元整（¥120,000.00）。
第三条 付款方式：甲方在全部货物验收合格后90日内支付合同价款。
第四条 违约责任：乙方逾期交货的，每日按逾期部分金额的万分之五支付违约金，累计不超过合同总价的10%。
第五条 争议解决：协商不成的，向甲方所在地人民法院起诉。
签订日期：2025年8月12日
"""
LICENSE = "营业执照\n统一社会信用代码：91511722765632122K\n名称：达州市恒信家具有限公司\n类型：有限责任公司\n"  # evidence: read, not reviewed


def _packages(root: Path) -> Path:
    """A folder of packages: good, with a corrupt docx, an empty file, a picture, a zip; and a stray spreadsheet."""
    (root / "甲包").mkdir(parents=True)
    (root / "甲包" / "合同.txt").write_text(CONTRACT, encoding="utf-8")
    (root / "乙包").mkdir()
    make_docx(root / "乙包" / "采购合同.docx", [p(line) for line in CONTRACT.splitlines()])
    (root / "乙包" / "损坏的合同.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (root / "丙包").mkdir()
    (root / "丙包" / "空白.txt").write_bytes(b"")
    (root / "丙包" / "照片.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with zipfile.ZipFile(root / "丁包.zip", "w") as zf:
        zf.writestr("合同.txt", CONTRACT.replace("办公桌80张", "办公椅60张"))
    (root / "说明.xlsx").write_bytes(b"PK\x03\x04 not a package")
    return root


def _csv(out: Path) -> dict[str, dict]:
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "summary.csv must start with a UTF-8 BOM for Excel and WPS"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == lib.CSV_HEADER
    return {r["包/文件夹"]: r for r in rows}


def _reviewed(result) -> list[str]:
    """Packages reviewed in this run: the plain progress lines on stderr."""
    return [line.split("：")[0].split("] ", 1)[1] for line in result.err.splitlines() if line.startswith("[")]


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {str(f.relative_to(root)): (f.stat().st_size, f.stat().st_mtime_ns) for f in root.rglob("*")}


@pytest.fixture
def packages(tmp_path):
    return _packages(tmp_path / "送审")


def test_folder_of_packages_goes_past_bad_files(packages, tmp_path):
    out = tmp_path / "结果"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    before = _tree(tmp_path)
    r = run_cli("batch", packages, "--out", out, "--jobs", "2", cwd=cwd)
    assert r.code == 1, r.err
    assert "Traceback" not in r.err + r.out
    rows = _csv(out)
    assert set(rows) == {str(packages / n) for n in ("甲包", "乙包", "丙包", "丁包.zip", "说明.xlsx")}
    first, second, third, zipped, stray = (rows[str(packages / n)] for n in ("甲包", "乙包", "丙包", "丁包.zip", "说明.xlsx"))
    assert first["类型"] == "合同" and first["文件数"] == "1" and int(first["必须修改"]) > 0 and not first["读取失败"]
    assert second["文件数"] == "2" and "损坏的合同.docx" in second["读取失败"] and "损坏" in second["读取失败"]
    assert third["类型"] == "未识别" and "空白.txt" in third["读取失败"] and "为空" in third["读取失败"] and "照片.png" in third["读取失败"]
    assert zipped["类型"] == "合同" and zipped["文件数"] == "1" and int(zipped["必须修改"]) > 0
    assert "不是送审包" in stray["读取失败"]
    assert "送审函" in first["缺少的材料"]
    # each package's folder: result.json with roles and findings, a report per reviewed document
    result = json.loads((out / "甲包" / "result.json").read_text(encoding="utf-8"))
    assert result["kind"] == "contract" and result["files"][0]["role"] == "contract"
    assert result["files"][0]["review"]["file"] == "合同.txt" and result["files"][0]["review"]["findings"]
    listed = result["findings"] + [f for entry in result["files"] for f in entry["review"]["findings"]]
    for severity in ("必须修改", "建议修改", "提示"):
        assert sum(f["severity"] == severity for f in listed) == int(first[severity]) == result["summary"]["by_severity"][severity]
    assert (out / "甲包" / "合同.txt.html").read_text(encoding="utf-8").startswith("<!")
    assert (out / "丁包" / "合同.txt.html").exists() and not (out / "丁包" / ".unpacked").exists()
    broken = json.loads((out / "乙包" / "result.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in broken["files"] if f["error"]] == ["损坏的合同.docx"]
    # the summary on screen names every failure with its reason
    assert "损坏的合同.docx" in r.out and "说明.xlsx" in r.out
    # nothing written outside --out: the packages and the working folder are as they were
    after = _tree(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("结果")} == before
    assert not list(out.glob(".tmp-*")) and not list(out.glob(".old-*"))


def test_rerun_skips_unchanged_packages_and_force_redoes_them(packages, tmp_path):
    out = tmp_path / "结果"
    first = run_cli("batch", packages, "--out", out, "--jobs", "1")
    assert len(_reviewed(first)) == 5 - 1  # the stray spreadsheet is listed, not reviewed
    kept = (out / "甲包" / "result.json").stat().st_mtime_ns
    again = run_cli("batch", packages, "--out", out, "--jobs", "1")
    assert again.code == first.code == 1
    assert _reviewed(again) == [] and "4 个送审包内容和规则都未变" in again.err
    assert (out / "甲包" / "result.json").stat().st_mtime_ns == kept
    assert "沿用上次结果 4 个" in again.out
    # a changed document is reviewed again, alone; touching a file without changing it is not a change
    (packages / "甲包" / "合同.txt").write_text(CONTRACT.replace("90日内", "120日内"), encoding="utf-8")
    os.utime(packages / "丙包" / "照片.png")
    changed = run_cli("batch", packages, "--out", out, "--jobs", "1")
    assert _reviewed(changed) == [str(packages / "甲包")]
    forced = run_cli("batch", packages, "--out", out, "--jobs", "1", "--force")
    assert len(_reviewed(forced)) == 4


def test_a_changed_rule_file_invalidates_every_package(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    doc = tmp_path / "合同.txt"
    doc.write_text(CONTRACT, encoding="utf-8")
    out = tmp_path / "out"
    args = ("batch", doc, "--out", out, "--rules", rules, "--jobs", "1")
    assert len(_reviewed(run_cli(*args))) == 1
    assert _reviewed(run_cli(*args)) == []
    pack = next(rules.glob("contract/*.yaml"))
    pack.write_text(pack.read_text(encoding="utf-8") + "\n# 本地修改\n", encoding="utf-8")
    assert len(_reviewed(run_cli(*args))) == 1


def test_exit_codes(tmp_path):
    notice = tmp_path / "营业执照.txt"
    notice.write_text(LICENSE, encoding="utf-8")
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    contract = tmp_path / "合同.txt"
    contract.write_text(CONTRACT, encoding="utf-8")
    # read, nothing found: 0; a finding at --fail-on: 1, and 0 with --exit-zero
    assert run_cli("batch", notice, "--out", tmp_path / "o1").code == 0
    assert run_cli("batch", contract, notice, "--out", tmp_path / "o2").code == 1
    assert run_cli("batch", contract, "--out", tmp_path / "o3", "--exit-zero").code == 0
    # some files bad, some read: not 2
    assert run_cli("batch", notice, empty, "--out", tmp_path / "o4").code == 0
    # nothing could be read at all: 2, with the reasons listed and the summary still written
    r = run_cli("batch", empty, tmp_path / "不存在", "--out", tmp_path / "o5")
    assert r.code == 2 and "为空" in r.out and "路径不存在" in r.out and "Traceback" not in r.err
    assert len(_csv(tmp_path / "o5")) == 2
    # usage errors: 2, one line
    bad = run_cli("batch", notice, "--out", tmp_path / "o6", "--jobs", "0")
    assert bad.code == 2 and len(bad.err.strip().splitlines()) == 1
    pkg = tmp_path / "包"
    pkg.mkdir()
    contract.rename(pkg / "合同.txt")
    inside = run_cli("batch", pkg, "--out", pkg / "结果")
    assert inside.code == 2 and "--out" in inside.err and not (pkg / "结果").exists()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    onto_file = run_cli("batch", pkg, "--out", tmp_path / "a-file")
    assert onto_file.code == 2 and "不是文件夹" in onto_file.err and (tmp_path / "a-file").read_text(encoding="utf-8") == "x"


def test_jobs_1_and_2_give_the_same_results(packages, tmp_path):
    one, two = tmp_path / "j1", tmp_path / "j2"
    assert run_cli("batch", packages, "--out", one, "--jobs", "1").code == 1
    assert run_cli("batch", packages, "--out", two, "--jobs", "2").code == 1
    assert (one / "summary.csv").read_bytes() == (two / "summary.csv").read_bytes()
    for f in one.rglob("result.json"):
        assert f.read_text(encoding="utf-8") == (two / f.relative_to(one)).read_text(encoding="utf-8"), f


def test_opinion_drafts_a_letter_per_main_document(tmp_path):
    from docx import Document

    pkg = tmp_path / "包"
    pkg.mkdir()
    (pkg / "合同.txt").write_text(CONTRACT, encoding="utf-8")
    (pkg / "营业执照.txt").write_text(LICENSE, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("batch", pkg, "--out", out, "--opinion").code == 1
    letters = sorted(out.glob("包/*.docx"))
    assert [f.name for f in letters] == ["合同.txt-合法性审查意见书（草稿）.docx"]
    text = "\n".join(par.text for par in Document(str(letters[0])).paragraphs)
    assert "合法性审查意见书" in text and "〔" in text and "送审函" in text  # draft number, missing materials
    # a letter asked for later is a different result: the package is reviewed again
    assert len(_reviewed(run_cli("batch", pkg, "--out", out))) == 1


def test_plan_decides_what_a_package_is(tmp_path):
    docs = tmp_path / "一个包"
    docs.mkdir()
    (docs / "合同.txt").write_text(CONTRACT, encoding="utf-8")
    (docs / "附件").mkdir()
    many = _packages(tmp_path / "多个包")
    lone = tmp_path / "单份.txt"
    lone.write_text(CONTRACT, encoding="utf-8")
    planned = lib.plan([str(docs), str(many), str(lone), str(docs)], tmp_path / "out")
    labels = [x.label for x in planned]
    assert labels[0] == str(docs) and labels[-1] == str(lone) and labels.count(str(docs)) == 1
    assert sorted(labels[1:-1]) == sorted(str(many / n) for n in ("甲包", "乙包", "丙包", "丁包.zip", "说明.xlsx"))
    assert [x.row is not None for x in planned].count(True) == 1  # only the spreadsheet is refused up front


def test_content_hash_follows_bytes_not_times(tmp_path):
    pkg = tmp_path / "包"
    pkg.mkdir()
    f = pkg / "合同.txt"
    f.write_text(CONTRACT, encoding="utf-8")
    first = lib.content_hash(str(pkg))
    os.utime(f, (1, 1))
    assert lib.content_hash(str(pkg)) == first
    f.rename(pkg / "合同2.txt")
    assert lib.content_hash(str(pkg)) != first


def test_damaged_state_file_means_review_again(tmp_path):
    doc = tmp_path / "合同.txt"
    doc.write_text(CONTRACT, encoding="utf-8")
    out = tmp_path / "out"
    run_cli("batch", doc, "--out", out)
    (out / lib.STATE_NAME).write_text("{not json", encoding="utf-8")
    r = run_cli("batch", doc, "--out", out)
    assert r.code == 1 and len(_reviewed(r)) == 1 and json.loads((out / lib.STATE_NAME).read_text(encoding="utf-8"))["packages"]


def test_an_interrupted_run_leaves_nothing_half_written(tmp_path):
    doc = tmp_path / "合同.txt"
    doc.write_text(CONTRACT, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("batch", doc, "--out", out).code == 1
    # as a run stopped between moving the old result aside and renaming the new one in
    (out / "合同").rename(out / ".old-合同")
    (out / ".tmp-half").mkdir()
    (out / ".tmp-half" / "result.json").write_text("{", encoding="utf-8")
    r = run_cli("batch", doc, "--out", out)
    assert r.code == 1 and _reviewed(r) == []  # the previous result came back, and still holds
    assert json.loads((out / "合同" / "result.json").read_text(encoding="utf-8"))["kind"] == "contract"
    assert not list(out.glob(".tmp-*")) and not list(out.glob(".old-*"))


def test_a_foreign_folder_in_out_is_not_replaced(tmp_path):
    doc = tmp_path / "合同.txt"
    doc.write_text(CONTRACT, encoding="utf-8")
    out = tmp_path / "out"
    (out / "合同").mkdir(parents=True)
    (out / "合同" / "我的笔记.txt").write_text("留着", encoding="utf-8")
    assert run_cli("batch", doc, "--out", out).code == 1
    assert (out / "合同" / "我的笔记.txt").read_text(encoding="utf-8") == "留着"
    assert (out / "合同-2" / "result.json").is_file()
