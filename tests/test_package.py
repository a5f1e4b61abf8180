"""Submission packages: reading folders and zips safely, roles, the materials
checklist, and the checks across documents (reviewer/package/)."""

from __future__ import annotations

import os
import re
import stat
import zipfile
from pathlib import Path

import pytest

from reviewer.errors import RuleFileError
from reviewer.package import open_package, review_package
from reviewer.package import unpack
from reviewer.package.checklist import load_checklists
from reviewer.package.crossparty import named_supplier
from reviewer.package.roles import package_kind, role_from_name

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "corpus/contracts/goods-computers.txt"  # 120,000.00元, signed 2025-07-28, 达州市联创电脑科技有限公司
WORKS = ROOT / "corpus/contracts/construction-irrigation-canal.txt"
TENDER = ROOT / "corpus/tenders/t-proc-goods-open.txt"
NORMATIVE = ROOT / "corpus/normative/norm-grain-subsidy.txt"
SUPPLIER = "达州市联创电脑科技有限公司"
CHINESE = re.compile(r"[\u4e00-\u9fff]")

LETTER = "关于提请审查办公设备采购合同的函\n县司法局：\n现将我局办公设备采购合同及相关材料送上，请予审查。\n宣汉县民政局\n2025年7月20日\n"
BUDGET = "宣汉县财政局关于宣汉县民政局2025年部门预算的批复\n同意安排办公设备购置经费12万元。\n宣汉县财政局\n2025年3月1日\n"


def award(supplier: str = SUPPLIER, price: str = "人民币壹拾贰万元整", day: str = "2025年7月10日") -> str:
    return (
        f"成交通知书\n{supplier}：\n你单位参加宣汉县民政局办公设备采购项目网上竞价，经评审，确定你单位为成交供应商，成交金额为{price}。\n"
        f"请在本通知书发出之日起30日内与采购人签订合同。\n宣汉县民政局\n{day}\n"
    )


def write(folder: Path, files: dict[str, str | bytes | Path]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, Path):
            p.write_bytes(body.read_bytes())
        else:
            p.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return folder


def complete(**changes) -> dict:
    files = {"送审函.txt": LETTER, "采购合同.txt": CONTRACT, "成交通知书.txt": award(), "预算批复.txt": BUDGET}
    files.update(changes)
    return {k: v for k, v in files.items() if v is not None}


class GbkInfo(zipfile.ZipInfo):
    """A member named as Windows' zip tools write it: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def make_zip(path: Path, files: dict[str, str | bytes | Path], gbk: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in files.items():
            data = body.read_bytes() if isinstance(body, Path) else body if isinstance(body, bytes) else body.encode("utf-8")
            info = GbkInfo(name) if gbk else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def rules_of(result) -> list[str]:
    return [f.rule for f in result.findings]


def only(result, rule: str):
    found = [f for f in result.findings if f.rule == rule]
    assert len(found) == 1, [(f.rule, f.message) for f in result.findings]
    return found[0]


def files_outside(root: Path, workdir: Path) -> set[str]:
    return {str(p) for p in root.rglob("*") if workdir not in p.parents and p != workdir}


# ------------------------------------------------------------------ complete and incomplete packages


def test_a_complete_contract_package_asks_for_nothing(tmp_path, ruleset):
    result = review_package(write(tmp_path / "pkg", complete()), ruleset, tmp_path / "work")
    assert result.kind == "contract"
    assert result.missing == []
    assert {f.role for f in result.files} == {"letter", "contract", "award", "budget"}
    assert not [f for f in result.findings if f.rule.startswith("PACKAGE.")], [f.message for f in result.findings]
    contract = next(f for f in result.files if f.role == "contract")
    assert contract.reviewed and contract.review.findings  # the same review `check` gives
    assert not next(f for f in result.files if f.role == "award").reviewed


def test_a_zip_without_its_award_notice_gets_one_finding_asking_for_it(tmp_path, ruleset):
    pkg = make_zip(tmp_path / "送审.zip", complete(**{"成交通知书.txt": None}))
    result = review_package(pkg, ruleset, tmp_path / "work")
    assert result.kind == "contract"
    assert result.missing == ["中标（成交）通知书"]
    f = only(result, "PACKAGE.MATERIALS")
    assert f.point == "MAT.CT.PROCUREMENT_EVIDENCE" and f.severity == "必须修改"
    assert "中标（成交）通知书" in f.message and f.suggestion.startswith("请送审单位补充") and f.suggestion.endswith("后再行送审。")
    assert {b.key for b in f.basis} >= {"TBLR-57", "GPL-46#1"}


def test_several_missing_materials_are_one_finding_at_the_package_point(tmp_path, ruleset):
    result = review_package(write(tmp_path / "pkg", {"合同.txt": CONTRACT, "投标文件.txt": "投标文件\n投标人：" + SUPPLIER + "\n"}), ruleset, tmp_path / "w")
    f = only(result, "PACKAGE.MATERIALS")
    assert f.point == "MAT.CT.PACKAGE"
    assert result.missing == ["送审函", "中标（成交）通知书", "预算批复或资金证明"]


def test_a_works_contract_needs_the_contractors_qualification(tmp_path, ruleset):
    files = {"送审函.txt": LETTER, "施工合同.txt": WORKS, "中标通知书.txt": award("达州市巴山水利水电工程有限公司", "人民币6,248,700.00元", "2025年3月1日"), "资金证明.txt": BUDGET}
    result = review_package(write(tmp_path / "pkg", files), ruleset, tmp_path / "w")
    f = only(result, "PACKAGE.MATERIALS")
    assert f.point == "MAT.CT.QUALIFICATION" and "资质" in f.message
    files["营业执照及资质证书.txt"] = "营业执照\n名称：达州市巴山水利水电工程有限公司\n统一社会信用代码：915117027551313758\n"
    result = review_package(write(tmp_path / "pkg2", files), ruleset, tmp_path / "w2")
    assert "PACKAGE.MATERIALS" not in rules_of(result)


def test_a_normative_draft_touching_business_needs_the_fair_competition_review(tmp_path, ruleset):
    files = {"送审函.txt": LETTER, "奖补办法（送审稿）.txt": NORMATIVE, "起草说明.txt": "起草说明\n一、制定必要性\n二、征求意见及采纳情况\n", "制定依据.txt": "制定依据目录\n", "初审意见.txt": "法制机构初审意见\n"}
    result = review_package(write(tmp_path / "pkg", files), ruleset, tmp_path / "w")
    assert result.kind == "normative"
    f = only(result, "PACKAGE.MATERIALS")
    assert f.point == "MAT.ND.FAIR_COMPETITION" and result.missing == ["公平竞争审查意见"]


def test_a_tender_package_needs_its_budget(tmp_path, ruleset):
    result = review_package(write(tmp_path / "pkg", {"送审函.txt": LETTER, "招标文件.txt": TENDER}), ruleset, tmp_path / "w")
    assert result.kind == "tender"
    assert result.missing == ["预算批复或资金证明"]
    assert next(f for f in result.files if f.role == "tender").reviewed


def test_roles_from_names_folders_and_content(tmp_path, ruleset):
    assert role_from_name("03-中标通知书.pdf") == "award"
    assert role_from_name("资质/扫描件1.pdf") == "license"
    assert role_from_name("关于审查采购合同的送审函.docx") == "letter"
    assert role_from_name("招标文件（含拟签订合同文本）.docx") == "tender"
    assert role_from_name("宣汉县粮油奖补办法（征求意见稿）.docx") == "normative"
    assert role_from_name("征求意见及采纳情况.docx") == "comments"
    assert role_from_name("附件1.docx") is None
    assert role_from_name("法制机构初审意见.docx") == "legal_opinion" and role_from_name("风险评估报告.pdf") == "other" and role_from_name("公平竞争审查意见.pdf") == "fair_competition"
    # names that say nothing: the content decides
    result = review_package(write(tmp_path / "pkg", {"附件1.txt": CONTRACT, "附件2.txt": award()}), ruleset, tmp_path / "w")
    assert {f.member.name: f.role for f in result.files} == {"附件1.txt": "contract", "附件2.txt": "award"}
    assert package_kind(["tender", "contract"]) == "tender" and package_kind(["tender", "contract", "award"]) == "contract"


# ------------------------------------------------------------------ zip names, nesting, junk


def test_gbk_member_names_of_a_windows_zip_come_out_right(tmp_path):
    pkg = make_zip(tmp_path / "送审材料.zip", {"送审材料/采购合同.txt": CONTRACT, "送审材料/成交通知书.txt": award()}, gbk=True)
    with zipfile.ZipFile(pkg) as zf:  # the test zip really is GBK without the UTF-8 flag
        assert all(not i.flag_bits & 0x800 for i in zf.infolist())
        assert "采购合同" not in zf.namelist()[0]
    members, skipped = open_package(pkg, tmp_path / "w")
    assert sorted(m.name for m in members) == ["送审材料/成交通知书.txt", "送审材料/采购合同.txt"]
    assert not skipped


def test_a_zip_inside_a_folder_and_a_zip_inside_a_zip_are_read_one_level_deep(tmp_path):
    inner2 = make_zip(tmp_path / "inner2.zip", {"太深.txt": "x"})
    inner = make_zip(tmp_path / "inner.zip", {"预算批复.txt": BUDGET, "更深.zip": inner2})
    folder = write(tmp_path / "pkg", {"送审函.txt": LETTER, "附件/材料.zip": make_zip(tmp_path / "m.zip", {"合同.txt": CONTRACT, "内层.zip": inner})})
    members, skipped = open_package(folder, tmp_path / "w")
    names = {m.name for m in members}
    assert names == {"送审函.txt", "附件/材料.zip/合同.txt", "附件/材料.zip/内层.zip/预算批复.txt"}
    assert [s.name for s in skipped] == ["附件/材料.zip/内层.zip/更深.zip"] and "嵌套" in skipped[0].skipped


def test_os_junk_is_ignored(tmp_path):
    pkg = make_zip(tmp_path / "p.zip", {"__MACOSX/._合同.txt": "x", ".DS_Store": "x", "Thumbs.db": "x", "~$合同.docx": "x", "合同.txt": CONTRACT})
    members, skipped = open_package(pkg, tmp_path / "w")
    assert [m.name for m in members] == ["合同.txt"] and not skipped


# ------------------------------------------------------------------ hostile input


def test_paths_escaping_the_work_folder_are_skipped_and_nothing_is_written_outside(tmp_path):
    pkg = make_zip(tmp_path / "evil.zip", {"../../evil1.txt": "x", "/tmp/evil2.txt": "x", "C:\\evil3.txt": "x", "a/../../evil4.txt": "x", "合同.txt": CONTRACT})
    work = tmp_path / "deep" / "work"
    work.mkdir(parents=True)
    before = files_outside(tmp_path, work)
    members, skipped = open_package(pkg, work)
    assert [m.name for m in members] == ["合同.txt"]
    assert len(skipped) == 4 and all(CHINESE.search(s.skipped) for s in skipped)
    assert files_outside(tmp_path, work) == before
    assert not list(Path("/tmp").glob("evil2.txt"))
    assert all(work.resolve() in Path(m.path).resolve().parents for m in members)


def test_symlinks_in_zips_and_folders_are_skipped(tmp_path):
    pkg = tmp_path / "link.zip"
    with zipfile.ZipFile(pkg, "w") as zf:
        info = zipfile.ZipInfo("合同.txt")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    members, skipped = open_package(pkg, tmp_path / "w")
    assert not members and "符号链接" in skipped[0].skipped
    secret = write(tmp_path / "outside", {"secret.txt": "机密"}) / "secret.txt"
    folder = write(tmp_path / "pkg", {"合同.txt": CONTRACT})
    os.symlink(secret, folder / "预算批复.txt")
    os.symlink(tmp_path / "outside", folder / "附件")
    members, skipped = open_package(folder, tmp_path / "w2")
    assert [m.name for m in members] == ["合同.txt"]
    assert sorted(s.name for s in skipped) == ["附件", "预算批复.txt"] and all("符号链接" in s.skipped for s in skipped)


def _bomb(path: Path, mb: int, name: str = "合同.txt") -> Path:
    """A member of `mb` MB of zeros (compressed ~1000 times), written by streaming."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w") as zf, zf.open(info, "w", force_zip64=True) as dst:
        for _ in range(mb):
            dst.write(chunk)
    return path


def test_a_zip_bomb_is_stopped_at_the_ratio_cap_and_leaves_nothing_behind(tmp_path):
    pkg = _bomb(tmp_path / "bomb.zip", 400)  # 400 MB of zeros in ~400 KB
    assert pkg.stat().st_size < 1024 * 1024
    work = tmp_path / "w"
    members, skipped = open_package(pkg, work)
    assert not members and "压缩" in skipped[0].skipped and "炸弹" in skipped[0].skipped
    assert sum(p.stat().st_size for p in work.rglob("*") if p.is_file()) == 0


def test_the_total_byte_budget_holds_across_members(tmp_path, monkeypatch):
    monkeypatch.setattr(unpack, "MAX_TOTAL_BYTES", 300_000)
    body = os.urandom(200_000)  # incompressible: the ratio cap does not apply
    pkg = make_zip(tmp_path / "big.zip", {"a.txt": body, "b.txt": body, "c.txt": body})
    members, skipped = open_package(pkg, tmp_path / "w")
    assert [m.name for m in members] == ["a.txt"]
    assert [s.name for s in skipped] == ["b.txt", "c.txt"] and all("超过" in s.skipped for s in skipped)


def test_encrypted_members_are_skipped_with_the_fix(tmp_path):
    pkg = tmp_path / "enc.zip"
    with zipfile.ZipFile(pkg, "w") as zf:
        info = zipfile.ZipInfo("合同.txt")
        info.flag_bits |= 0x1
        zf.writestr(info, b"\x8f\x11garbage")
        zf.writestr("预算批复.txt", BUDGET)
    data = bytearray(pkg.read_bytes())  # zipfile clears the flag when writing: set bit 0 by hand
    data[6] |= 0x1  # the first local header
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1  # its central directory entry
    pkg.write_bytes(bytes(data))
    members, skipped = open_package(pkg, tmp_path / "w")
    assert [m.name for m in members] == ["预算批复.txt"]
    assert "加密" in skipped[0].skipped and "去掉密码" in skipped[0].skipped


def test_thousands_of_tiny_files_are_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(unpack, "MAX_MEMBERS", 30)
    pkg = make_zip(tmp_path / "many.zip", {f"f{i:04d}.txt": "x" for i in range(2000)})
    members, skipped = open_package(pkg, tmp_path / "w")
    assert len(members) == 30
    assert len(skipped) == 1 and "1970" in skipped[0].name and "超过 30 个文件" in skipped[0].skipped


def test_very_deep_folders_stop_at_the_depth_cap(tmp_path):
    deep = tmp_path / "pkg"
    p = deep
    for i in range(40):
        p = p / f"d{i}"
    write(p, {"深处.txt": "x"})
    write(deep, {"合同.txt": CONTRACT})
    members, skipped = open_package(deep, tmp_path / "w")
    assert [m.name for m in members] == ["合同.txt"]
    assert len(skipped) == 1 and "层级" in skipped[0].skipped


def test_broken_files_get_one_chinese_line_and_the_package_goes_on(tmp_path, ruleset):
    files = complete(**{"预算批复.txt": None, "预算批复.docx": b"PK\x03\x04" + b"\0" * 64, "坏的.zip": b"PK\x03\x04garbage", "扫描件.rar": b"Rar!\x1a\x07"})
    result = review_package(write(tmp_path / "pkg", files), ruleset, tmp_path / "w")
    bad = next(f for f in result.files if f.member.name == "预算批复.docx")
    assert bad.error.startswith("预算批复.docx：") and "\n" not in bad.error and CHINESE.search(bad.error)
    assert {s.name for s in result.skipped} == {"坏的.zip", "扫描件.rar"}
    assert all(CHINESE.search(s.skipped) for s in result.skipped)
    assert next(f for f in result.files if f.role == "contract").reviewed
    assert result.missing == ["预算批复或资金证明"]  # the unreadable one counts as not sent


def test_a_missing_package_is_an_input_error(tmp_path, ruleset):
    from reviewer.errors import InputError

    with pytest.raises(InputError, match="送审材料不存在"):
        review_package(tmp_path / "nothing.zip", ruleset, tmp_path / "w")


# ------------------------------------------------------------------ across documents


def test_contract_price_against_the_award_price(tmp_path, ruleset):
    result = review_package(write(tmp_path / "pkg", complete(**{"成交通知书.txt": award(price="人民币壹拾贰万伍仟元整（¥125,000.00）")})), ruleset, tmp_path / "w")
    f = only(result, "PACKAGE.AMOUNT.MATCH_AWARD")
    assert f.point == "AMOUNT.MATCH_AWARD" and f.severity == "必须修改"
    assert "采购合同.txt" in f.message and "成交通知书.txt" in f.message and "125,000.00元" in f.message
    assert "120,000.00" in f.excerpt and "壹拾贰万伍仟元" in f.related[0]


@pytest.mark.parametrize("price", ["人民币壹拾贰万元整", "120,000.00元", "人民币12万元", "¥120,000.00"])
def test_the_same_price_written_differently_is_no_mismatch(tmp_path, ruleset, price):
    result = review_package(write(tmp_path / "pkg", complete(**{"成交通知书.txt": award(price=price)})), ruleset, tmp_path / "w")
    assert "PACKAGE.AMOUNT.MATCH_AWARD" not in rules_of(result)


@pytest.mark.parametrize(
    "day, problem",
    [("2025年7月30日", "早于"), ("2025年6月10日", "相隔48日"), ("2025年6月28日", None), ("2025年7月28日", None)],
)
def test_signing_date_against_the_award_date(tmp_path, ruleset, day, problem):
    result = review_package(write(tmp_path / "pkg", complete(**{"成交通知书.txt": award(day=day)})), ruleset, tmp_path / "w")
    found = [f for f in result.findings if f.rule == "PACKAGE.SIGN_AFTER_AWARD"]
    if problem is None:  # 2025-06-28 to 07-28 is exactly 30 days: within the limit
        assert not found
    else:
        assert len(found) == 1 and problem in found[0].message and found[0].point == "PROC.CT.SIGN_AFTER_AWARD"
        assert "2025年7月28日" in found[0].excerpt and day in found[0].related[0]


def test_supplier_name_and_code_across_award_bid_and_license(tmp_path, ruleset):
    files = complete(**{
        "成交通知书.txt": award("达州市联创电脑科技股份有限公司"),
        "投标文件.txt": f"响应文件\n供应商名称（盖章）：{SUPPLIER}\n统一社会信用代码（18位）：91511702MA64022F2Q\n",
        "营业执照.txt": f"营业执照\n名称：{SUPPLIER}\n统一社会信用代码：91511702MA64022F20\n",
    })
    result = review_package(write(tmp_path / "pkg", files), ruleset, tmp_path / "w")
    found = [f for f in result.findings if f.rule == "PACKAGE.PARTY_CONSISTENCY"]
    assert len(found) == 2, [f.message for f in found]
    by_other = {f.related[0].split("》")[0][1:]: f for f in found}
    assert "股份有限公司" in by_other["成交通知书.txt"].message
    assert "91511702MA64022F2Q" in by_other["投标文件.txt"].message and by_other["投标文件.txt"].point == "CONTRACT.ESSENTIAL.PARTY_CONSISTENCY"


def test_brackets_written_full_or_half_width_are_the_same_name(tmp_path, ruleset):
    contract = "家具采购合同\n甲方（采购人）：宣汉县教育局\n乙方（供应商）：四川蜀道（达州）家具有限公司\n合同总价为人民币壹拾贰万元整（¥120,000.00）。\n签订日期：2025年7月28日\n"
    files = complete(**{"采购合同.txt": contract, "成交通知书.txt": "宣汉县公共资源交易中心\n" + award("致：四川蜀道(达州)家具有限公司")})
    result = review_package(write(tmp_path / "pkg", files), ruleset, tmp_path / "w")
    assert "PACKAGE.PARTY_CONSISTENCY" not in rules_of(result)
    notice = next(f for f in result.files if f.role == "award")
    assert named_supplier(notice, "award")[0] in ("四川蜀道(达州)家具有限公司", "四川蜀道（达州）家具有限公司")  # read, not missed: the issuer's line is no addressee
    files["成交通知书.txt"] = award("四川蜀道（巴中）家具有限公司")
    result = review_package(write(tmp_path / "pkg2", files), ruleset, tmp_path / "w2")
    assert "PACKAGE.PARTY_CONSISTENCY" in rules_of(result)


def test_contract_terms_against_the_tender(tmp_path, ruleset):
    tender = "宣汉县民政局办公设备采购项目竞价文件\n一、商务要求\n1. 质保期不少于5年。\n2. 设备验收合格后15日内支付全部货款。\n"
    result = review_package(write(tmp_path / "pkg", complete(**{"竞价文件.txt": tender})), ruleset, tmp_path / "w")
    found = {f.title: f for f in result.findings if f.rule == "PACKAGE.MATCH_AWARD"}
    assert set(found) == {"合同的质量保证期与招标（采购）文件不一致", "合同的验收合格后付款期限与招标（采购）文件不一致"}
    tender_file = next(f for f in result.files if f.role == "tender")
    assert not tender_file.reviewed and not tender_file.review.findings  # evidence in a contract package, read for its facts
    warranty = found["合同的质量保证期与招标（采购）文件不一致"]
    assert "3年" in warranty.message and "不少于5年" in warranty.message and "质保三年" in warranty.excerpt and "质保期不少于5年" in warranty.related[0]


def test_terms_the_contract_keeps_are_no_departure(tmp_path, ruleset):
    # a longer warranty than the minimum, a payment within the tender's limit, a deposit nobody states
    tender = "竞价文件\n商务要求\n1. 质保期不少于2年。\n2. 设备验收合格后30日内支付全部货款。\n3. 履约保证金不超过合同金额的10%。\n"
    result = review_package(write(tmp_path / "pkg", complete(**{"竞价文件.txt": tender})), ruleset, tmp_path / "w")
    assert "PACKAGE.MATCH_AWARD" not in rules_of(result)


# ------------------------------------------------------------------ the checklist is data


def test_the_checklist_file_is_validated_with_its_name_and_key(tmp_path):
    bad = tmp_path / "packages.yaml"
    bad.write_text("schema_version: 1\npackages:\n  contract:\n    point: MAT.CT.PACKAGE\n    items:\n      - {name: 合同, roles: [contract], point: X, severity: 必须修改, colour: red}\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="packages.yaml") as exc:
        load_checklists(str(bad))
    assert "colour" in exc.value.message
    bad.write_text("schema_version: 1\npackages:\n  contract:\n    point: P\n    items:\n      - {name: 合同, roles: [treaty], point: X, severity: 必须修改}\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="treaty"):
        load_checklists(str(bad))


def test_the_shipped_checklist_uses_known_points_and_bases(ruleset):
    import yaml

    points = yaml.safe_load((ROOT / "rules/points.yaml").read_text(encoding="utf-8"))["points"]
    shipped = load_checklists(str(ROOT / "rules/packages.yaml"))
    for checklist in shipped.packages.values():
        assert checklist.point in points
        for item in checklist.items:
            assert item.point in points and item.severity in points[item.point]["severities"]
            assert all(ruleset.basis.has(k) for k in item.basis), item.basis


def test_a_zip_declaring_too_many_members_is_not_even_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(unpack, "MAX_DECLARED_ENTRIES", 100)
    pkg = make_zip(tmp_path / "many.zip", {f"f{i}.txt": "x" for i in range(150)})
    members, skipped = open_package(pkg, tmp_path / "w")
    assert not members and "150" in skipped[0].skipped and "数量异常" in skipped[0].skipped


def test_windows_backslashes_in_member_names_are_folders(tmp_path):
    pkg = make_zip(tmp_path / "p.zip", {"送审材料\\中标通知书.txt": award()}, gbk=True)
    members, _ = open_package(pkg, tmp_path / "w")
    assert [m.name for m in members] == ["送审材料/中标通知书.txt"]


def test_an_award_notice_in_a_word_table_is_read(tmp_path, ruleset):
    from factory import make_docx, p, table

    pkg = write(tmp_path / "pkg", complete(**{"成交通知书.txt": None}))
    make_docx(pkg / "成交结果通知书.docx", [p("成交结果通知书"), p(f"{SUPPLIER}："), table([["项目名称", "办公设备采购"], ["成交金额（元）", "125000.00"]]), p("宣汉县民政局"), p("2025年7月10日")])
    result = review_package(pkg, ruleset, tmp_path / "w")
    f = only(result, "PACKAGE.AMOUNT.MATCH_AWARD")
    assert "125,000.00元" in f.message and "成交金额" in f.related[0]
    assert "PACKAGE.MATERIALS" not in rules_of(result)


def test_a_normative_document_about_contracts_is_not_a_contract(tmp_path, ruleset):
    pkg = write(tmp_path / "pkg", {"附件3.docx": ROOT / "corpus/normative/norm-government-contracts.docx", "起草说明.txt": "起草说明\n"})
    result = review_package(pkg, ruleset, tmp_path / "w")
    assert result.kind == "normative"
    assert {f.member.name: f.role for f in result.files}["附件3.docx"] == "normative"


def test_a_work_folder_inside_the_package_folder_is_not_read_back(tmp_path):
    pkg = write(tmp_path / "pkg", {"合同.txt": CONTRACT, "材料.zip": make_zip(tmp_path / "m.zip", {"预算批复.txt": BUDGET})})
    open_package(pkg, pkg / "work")
    members, skipped = open_package(pkg, pkg / "work")  # the second run finds the first one's extracted files there
    assert sorted(m.name for m in members) == ["合同.txt", "材料.zip/预算批复.txt"] and not skipped


def test_a_zip_whose_header_lies_about_sizes_is_skipped_as_damaged(tmp_path):
    import struct

    pkg = make_zip(tmp_path / "lie.zip", {"合同.txt": "甲方乙方" * 50_000, "预算批复.txt": BUDGET})
    data = bytearray(pkg.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 10)  # the first member claims 10 bytes
    pkg.write_bytes(bytes(data))
    members, skipped = open_package(pkg, tmp_path / "w")
    assert [m.name for m in members] == ["预算批复.txt"]
    assert skipped[0].name == "合同.txt" and "损坏" in skipped[0].skipped


@pytest.mark.parametrize(
    "tender_line, departs",
    [("履约保证金为合同金额的5%。", True), ("履约保证金不超过合同金额的10%。", False), ("履约保证金为中标价的百分之十。", False), ("投标保证金为预算金额的1%。", False)],
)
def test_performance_bond_rate_against_the_tender(tmp_path, ruleset, tender_line, departs):
    contract = (
        "家具采购合同\n甲方（采购人）：宣汉县教育局\n乙方（供应商）：" + SUPPLIER + "\n合同总价为人民币壹拾贰万元整（¥120,000.00）。\n"
        "第五条 乙方应在合同签订前按合同总价的10%向甲方提交履约保证金，验收合格后15日内无息退还。\n签订日期：2025年7月28日\n"
    )
    tender = "家具采购项目竞争性磋商文件\n第三章 商务要求\n" + tender_line + "\n"
    files = complete(**{"采购合同.txt": contract, "磋商文件.txt": tender})
    result = review_package(write(tmp_path / "pkg", files), ruleset, tmp_path / "w")
    found = [f for f in result.findings if f.rule == "PACKAGE.MATCH_AWARD"]
    assert bool(found) == departs, [f.message for f in found]
    if departs:
        assert found[0].title == "合同的履约保证金比例与招标（采购）文件不一致" and "10%" in found[0].message and "5%" in found[0].related[0]


def test_the_sme_declaration_is_asked_for_when_payment_depends_on_it(tmp_path, ruleset):
    contract = (
        "家具采购合同\n甲方（采购人）：宣汉县教育局\n乙方（供应商）：" + SUPPLIER + "\n合同总价为人民币壹拾贰万元整（¥120,000.00）。\n"
        "第三条 乙方为中小企业的，甲方按《保障中小企业款项支付条例》在验收合格后30日内付款。\n签订日期：2025年7月28日\n"
    )
    result = review_package(write(tmp_path / "pkg", complete(**{"采购合同.txt": contract})), ruleset, tmp_path / "w")
    f = only(result, "PACKAGE.MATERIALS")
    assert (f.point, f.severity) == ("MAT.CT.SME_STATUS", "提示") and result.missing == ["中小企业声明函"]
    result = review_package(write(tmp_path / "pkg2", complete(**{"采购合同.txt": contract, "预算批复.txt": None})), ruleset, tmp_path / "w2")
    f = only(result, "PACKAGE.MATERIALS")
    assert (f.point, f.severity) == ("MAT.CT.PACKAGE", "必须修改")  # the most serious of the items, at the package point
    declared = contract.replace("第三条 乙方为中小企业的", "乙方确认其为小型企业。\n第三条 乙方为中小企业的")
    result = review_package(write(tmp_path / "pkg3", complete(**{"采购合同.txt": declared})), ruleset, tmp_path / "w3")
    assert "PACKAGE.MATERIALS" not in rules_of(result)


def test_a_pipe_in_the_folder_is_skipped_rather_than_read(tmp_path):
    folder = write(tmp_path / "pkg", {"合同.txt": CONTRACT})
    os.mkfifo(folder / "预算批复.txt")  # reading it would block forever
    members, skipped = open_package(folder, tmp_path / "w")
    assert [m.name for m in members] == ["合同.txt"]
    assert skipped[0].name == "预算批复.txt" and "不是普通文件" in skipped[0].skipped
