"""Each file's role in a package (ROLES), from its name and, when the name says
nothing, from its first lines; and the package's kind from the roles present."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# Checked in order: the first pattern found decides. A 送审函 about a contract names
# the contract, a 中标通知书 contains 招标-like words, a 招标文件 holds a 合同 part,
# and "征求意见稿" is a draft, not the comments on it.
_BY_WORDS: tuple[tuple[str, str], ...] = (
    ("letter", r"送审函|送审报告|送审单|审查申请|申请.{0,12}(合法性)?审查|提请.{0,12}审查|请示"),
    ("fair_competition", r"公平竞争审查"),
    ("legal_opinion", r"初审意见|法制机构.{0,8}意见|合法性(审查|审核)意见"),
    ("other", r"(审核|审查)意见|风险评估|专家论证"),  # materials with no role of their own, never the draft
    ("award", r"(中标|成交|中选)(结果)?通知|(中标|成交|比选|询价|比价|遴选|采购)结果(公告|公示|确认|通知|记录)?|比价记录|询价记录"),
    ("explanation", r"起草说明|编制说明|制定说明|修订说明"),
    ("basis", r"制定依据|依据目录|法律依据|政策依据|依据文本"),
    ("comments", r"征求意见(情况|及|和|的)|采纳情况|意见(汇总|采纳|反馈)|反馈意见"),
    ("sme", r"中小企业声明|中小企业.{0,4}声明函|监狱企业.{0,6}证明|残疾人福利性单位声明"),
    ("authorization", r"授权委托书|法定代表人授权|授权书|委托书"),
    ("license", r"营业执照|资质证书|资质证|资格证书|安全生产许可证|许可证|资质"),
    ("minutes", r"会议纪要|纪要|会议记录|决策记录|党组会|办公会|常务会"),
    ("budget", r"预算(批复|资金|审批|确认|证明)|资金(来源)?证明|资金(批复|落实)|财政(批复|评审)|立项(批复|文件)|预算"),
    ("bid", r"投标文件|响应文件|投标书|报价文件|报价单|申请文件|磋商响应|比选申请"),
    ("tender", r"招标文件|采购文件|比选文件|磋商文件|谈判文件|询价文件|询价通知书|遴选文件|竞价文件|竞争性(磋商|谈判)"),
    ("contract", r"合同|协议"),
    ("normative", r"送审稿|征求意见稿|草案|(办法|规定|细则|规则|意见|方案|制度|措施|规程)(（[^）]*）)?$"),
)
_COMPILED = tuple((role, re.compile(p)) for role, p in _BY_WORDS)
# the words a file name gives when it says nothing: 附件1, 材料三, scan_0003
_BARE = re.compile(r"^(附件|材料|附|文件|扫描件?|scan|img|image|doc|新建)?[\s_\-\d一二三四五六七八九十（）()]*$", re.I)


def role_from_words(text: str) -> str | None:
    text = re.sub(r"\s+", "", text)
    for role, pattern in _COMPILED:
        if pattern.search(text):
            return role
    return None


def role_from_name(name: str) -> str | None:
    """The role a file's name gives (the folders above it count too: 资质/营业执照.pdf)."""
    p = PurePosixPath(name.replace("\\", "/"))
    stem = re.sub(r"^[\d\s._\-、（）()一二三四五六七八九十]+", "", p.stem)  # "01-", "（三）"
    if stem and not _BARE.match(stem):
        found = role_from_words(stem)
        if found:
            return found
    for folder in reversed(p.parts[:-1]):
        found = role_from_words(folder)
        if found and found not in ("letter", "normative"):
            return found
    return None


def role_from_content(title: str, head: str, kind: str | None) -> str:
    """The role from the document itself: its title, then its first lines, then the
    kind the facts gave (contract, tender, normative)."""
    found = role_from_words(title) if title else None
    if found in REVIEWED_ROLES and kind in REVIEWED_ROLES:
        return kind  # "关于印发《政府合同管理办法》的通知" is a normative document, not a contract
    if found:
        return found
    for line in head.splitlines()[:6]:  # a heading line may name it; a clause mentioning 合同 does not
        found = role_from_words(line) if len(line.strip()) <= 30 else None
        if found and found not in ("contract", "normative", "letter"):
            return found
    if re.search(r"营业执照|统一社会信用代码.{0,40}(法定代表人|注册资本|成立日期)", head):
        return "license"
    if re.search(r"(中标|成交)(人|供应商)|确定.{0,6}为(中标|成交)", head) and re.search(r"通知|特此", head):
        return "award"
    return {"contract": "contract", "tender": "tender", "normative": "normative"}.get(kind or "", "other")


# the roles whose documents are reviewed by the rules; the others are evidence read for facts
REVIEWED_ROLES = ("contract", "tender", "normative")


def package_kind(roles: list[str]) -> str:
    """contract: a contract, with its award or bid (the tender is then evidence) or
    without a tender; tender: a tender document (its draft contract is part of it);
    normative: a normative draft or its 起草说明; else unknown."""
    present = set(roles)
    if "contract" in present and ("award" in present or "bid" in present or "tender" not in present):
        return "contract"
    if "tender" in present:
        return "tender"
    if "normative" in present or "explanation" in present:
        return "normative"
    return "unknown"
