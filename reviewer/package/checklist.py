"""The materials a package of each kind must hold (rules/packages.yaml, data an
office can edit), and the one package-level finding listing what to ask for."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from reviewer.errors import RuleFileError
from reviewer.findings import SEVERITY_RANK, Finding, Severity
from reviewer.package.model import ROLES, PackageResult
from reviewer.paths import default_rules_dir

Condition = Literal["procured", "works", "sme_terms", "market"]


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    roles: list[str]
    point: str
    severity: Severity
    basis: list[str] = []
    when: Condition | None = None


class Checklist(BaseModel):
    model_config = ConfigDict(extra="forbid")
    point: str
    items: list[Item]


class Packages(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: int
    packages: dict[str, Checklist]


def checklist_path(ruleset=None) -> Path:
    root = getattr(ruleset, "root", None)
    here = Path(root) / "packages.yaml" if root else None
    return here if here and here.is_file() else default_rules_dir() / "packages.yaml"


@lru_cache(maxsize=4)
def load_checklists(path: str) -> Packages:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        packages = Packages.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(path, f"送审材料清单无法读取（{exc.__class__.__name__}）") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        raise RuleFileError(path, f"送审材料清单格式错误：{err['msg']}", key=".".join(str(x) for x in err["loc"])) from None
    for kind, checklist in packages.packages.items():
        for item in checklist.items:
            unknown = [r for r in item.roles if r not in ROLES]
            if unknown:
                raise RuleFileError(path, f"材料“{item.name}”的角色 {'、'.join(unknown)} 不存在（可用：{'、'.join(ROLES)}）", key=f"packages.{kind}")
    return packages


_PROCURED = re.compile(r"中标|成交|招标|投标|比选|磋商|谈判|询价|政府采购|采购文件|响应文件")
_SME = re.compile(r"中小企业|中小微|小型企业|微型企业|小微企业|款项支付条例")
_MARKET = re.compile(r"企业|经营者|市场主体|补贴|奖励|准入|采购|招标|收费|价格")


def _main_review(result: PackageResult, role: str):
    return next((f.review for f in result.files if f.role == role and f.review is not None), None)


def condition_holds(when: str | None, result: PackageResult) -> bool:
    """Whether an item's condition holds. Without the main document to read, only the
    evidence of procurement (a tender or bid in the package) can tell."""
    if when is None:
        return True
    roles = {f.role for f in result.files}
    if when == "market":
        review = _main_review(result, "normative")
        return review is not None and bool(_MARKET.search(review.doc.norm.text))
    review = _main_review(result, "contract")
    if when == "procured":
        return bool(roles & {"tender", "bid"}) or (review is not None and bool(_PROCURED.search(review.doc.norm.text)))
    if review is None:
        return False
    if when == "works":
        return review.facts.get("contract_kind") == "construction"
    if when == "sme_terms":
        return review.facts.get("supplier_size") is None and bool(_SME.search(review.doc.norm.text))
    return True


def missing_items(result: PackageResult, ruleset=None) -> list[Item]:
    checklists = load_checklists(str(checklist_path(ruleset)))
    checklist = checklists.packages.get(result.kind)
    if checklist is None:
        return []
    roles = {f.role for f in result.files if not f.error}
    return [i for i in checklist.items if not roles & set(i.roles) and condition_holds(i.when, result)]


def checklist_finding(result: PackageResult, ruleset) -> Finding | None:
    """One finding for everything missing; its point is the items' own point when they
    share one, else the package's (MAT.CT.PACKAGE, MAT.REQ.CHECKLIST)."""
    items = missing_items(result, ruleset)
    result.missing = [ROLES[i.roles[0]] for i in items]
    if not items:
        return None
    checklist = load_checklists(str(checklist_path(ruleset))).packages[result.kind]
    points = {i.point for i in items}
    severity = min((i.severity for i in items), key=lambda s: SEVERITY_RANK[s])
    keys = list(dict.fromkeys(k for i in items for k in i.basis))
    basis = [ruleset.basis.resolve(k) for k in keys if ruleset.basis.has(k)]
    received = "、".join(f"{ROLES[f.role]}《{Path(f.member.name).name}》" for f in result.files if not f.error) or "无可读取的文件"
    wanted = "、".join(i.name for i in items)
    listed = "；".join(f"{n}. {i.name}（{i.point}，{i.severity}）" for n, i in enumerate(items, 1))
    why = "材料齐全前无法核对合同与招标采购文件、中标（成交）结果是否一致" if result.kind == "contract" else "材料齐全前无法完整审查"
    return Finding(
        rule="PACKAGE.MATERIALS",
        point=points.pop() if len(points) == 1 else checklist.point,
        severity=severity,
        title="送审材料不齐全",
        message=f"送审材料不齐全，缺少：{listed}。已收到：{received}。{why}，审查期限自材料齐全之日起计算。",
        suggestion=f"请送审单位补充{wanted}后再行送审。",
        basis=basis,
    )
