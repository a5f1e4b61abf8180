"""Facts a rule may depend on: inferred from the text, overridable by the user.

Sources, strongest first: `--fact key=value`, a `<file>.facts.toml` beside the
document, the text itself. A finding lists the facts it relied on that the text
did not state (e.g. the supplier's size), so the reviewer sees what was assumed.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.document import Document
from reviewer.errors import InputError, UsageError
from reviewer import structure

FACT_KEYS = {
    "kind": "文件类型",
    "buyer_type": "采购方（甲方）性质",
    "supplier_size": "供应商（乙方）企业规模",
    "signed_on": "合同签订日期",
    "contract_amount": "合同金额（元）",
    "funding": "资金来源",
    "contract_kind": "合同类型",
    "dated_on": "成文（印发）日期",
    "effective_on": "施行日期",
}
ALLOWED = {
    "kind": {"contract", "tender", "normative", "other"},
    "buyer_type": {"机关", "事业单位", "国有企业", "大型企业", "其他"},
    "supplier_size": {"大型", "中型", "小型", "微型"},
    "funding": {"财政资金", "政府投资", "自有资金"},
    "contract_kind": {"goods", "services", "construction", "lease", "technology", "investment", "labor_dispatch", "other"},
}


@dataclass
class Fact:
    value: object
    source: str  # text | user | sidecar
    evidence: str = ""


@dataclass
class Facts:
    values: dict[str, Fact] = field(default_factory=dict)
    title: str = ""
    doc_number: str = ""
    parties: list = field(default_factory=list)
    signature: object = None  # the first Block of the signature block, if any

    def get(self, key: str):
        f = self.values.get(key)
        return f.value if f else None

    def source(self, key: str) -> str | None:
        f = self.values.get(key)
        return f.source if f else None

    def to_dict(self) -> dict:
        out = {}
        for k, f in self.values.items():
            v = f.value.isoformat() if isinstance(f.value, dt.date) else f.value
            out[k] = {"value": v, "source": f.source, "evidence": f.evidence}
        return out


def parse_value(key: str, raw: str, origin: str):
    if key not in FACT_KEYS:
        raise UsageError(f"{origin}：不认识的事实项 {key}（可用：{'、'.join(FACT_KEYS)}）")
    raw = str(raw).strip()
    if key in ("signed_on", "dated_on", "effective_on"):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise UsageError(f"{origin}：{key} 应为日期，如 2026-03-01") from None
    if key == "contract_amount":
        try:
            return float(raw.replace(",", ""))
        except ValueError:
            raise UsageError(f"{origin}：contract_amount 应为以元计的数字") from None
    if key in ALLOWED and raw not in ALLOWED[key]:
        raise UsageError(f"{origin}：{key} 的取值应为 {'、'.join(sorted(ALLOWED[key]))} 之一")
    return raw


def sidecar_facts(doc_path: str) -> dict[str, object]:
    p = Path(doc_path)
    side = p.with_name(p.stem + ".facts.toml")
    if not side.exists():
        side = p.with_name(p.name + ".facts.toml")
    if not side.exists():
        return {}
    try:
        data = tomllib.loads(side.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise InputError(str(side), f"事实文件格式错误（{exc}）", "请按 key = \"value\" 的 TOML 格式填写") from None
    out: dict[str, object] = {}
    for key, value in data.items():
        out[key] = value if isinstance(value, dt.date) and key in FACT_KEYS else parse_value(key, value, str(side))
    return out


# ------------------------------------------------------------------ inference

_ORGAN = re.compile(r"(人民政府|政府办公室|人民代表大会|委员会|办公室|局|厅|委|办事处|人民法院|人民检察院|管理委员会|司法所)$")
_INSTITUTION = re.compile(r"(学校|小学|中学|初级中学|高级中学|中心校|幼儿园|学院|大学|医院|卫生院|疾病预防控制中心|中心|研究院|研究所|站|馆|所|校)$")
_SOE = re.compile(r"城投|城市建设投资|建设投资|投资集团|发展集团|国有|国资|交通投资|水务集团|产业投资|文化旅游发展|发展投资|投资发展|国有资产经营")
# A company named after the county that invests, builds or runs public assets is a county SOE.
_COUNTY_SOE = re.compile(r"^[\u4e00-\u9fa5]{1,6}[县市区](?!.*(科技|贸易|商贸|咨询|家具|设备)).*(投资|发展|建设|交通|水务|旅游|农业|城乡)[^，。]*(有限公司|集团)")
_SIZE = re.compile(
    r"(乙方|供应商|承包人|受托方|本企业|本公司|我公司|我单位|中标人|承租方|出租方)[^。；\n]{0,60}?(?:属于|为|是|系)\s*[（(]?\s*(?P<size>中型|小型|微型|大型)\s*[）)]?\s*企业"
    r"|企业规模\s*[:：]\s*(?P<size2>中型|小型|微型|大型)企业"
)
_SIZE_DECL = re.compile(r"中小企业声明函[\s\S]{0,600}?属于\s*(?P<size>中型|小型|微型)企业")


def buyer_type_of(name: str) -> str | None:
    n = re.sub(r"[（(].*?[)）]", "", name).strip()
    if not n:
        return None
    if re.search(r"公司|集团|企业|合作社|厂$", n):
        return "国有企业" if _SOE.search(n) or _COUNTY_SOE.search(n) else None
    if _ORGAN.search(n):
        return "机关"
    if _INSTITUTION.search(n):
        return "事业单位"
    return None


def _contract_kind(title: str, text: str) -> str | None:
    t = title
    for kind, pat in (
        ("labor_dispatch", r"劳务派遣"),
        ("lease", r"租赁"),
        ("investment", r"招商|投资协议|投资合作"),
        ("technology", r"技术开发|技术转让|技术服务|软件开发|系统开发|平台开发"),
        # 监理、设计、咨询 of a works project are services, not the works
        ("services", r"监理|设计|勘察|咨询|造价|审计|评估|检测|运维|物业|保洁|安保|托管|配送"),
        ("construction", r"施工|工程|维修改造|建设"),
        ("services", r"服务|物业|保洁|安保|运维|配送|咨询"),
        ("goods", r"采购|购销|买卖|供货|设备|家具"),
    ):
        if re.search(pat, t):
            return kind
    return None


def infer(doc: Document) -> Facts:
    facts = Facts()
    title = structure.find_title(doc)
    facts.title = title
    number = structure.find_doc_number(doc)
    facts.doc_number = number[0] if number else ""
    kind = structure.detect_kind(doc, title)
    facts.values["kind"] = Fact(kind, "text", title)
    parties = structure.find_parties(doc)
    facts.parties = parties
    facts.signature = structure.find_signature(doc)
    buyer = next((p for p in parties if p.is_buyer), None)
    if buyer:
        # "甲方：某某中心校（公办学校，事业单位）" says it outright
        stated = re.search(r"事业单位|国有独资|国有控股|国有企业|行政机关", doc.blocks[buyer.block].text)
        bt = {"事业单位": "事业单位", "行政机关": "机关"}.get(stated.group(), "国有企业") if stated else buyer_type_of(buyer.name)
        if bt:
            facts.values["buyer_type"] = Fact(bt, "text", f"{buyer.role}：{buyer.name}")
    norm = doc.norm.text
    m = _SIZE.search(norm)
    if m:
        facts.values["supplier_size"] = Fact(m.group("size") or m.group("size2"), "text", m.group()[:40])
    elif m := _SIZE_DECL.search(norm):
        facts.values["supplier_size"] = Fact(m.group("size"), "text", m.group()[:40])
    dates = structure.key_dates(doc)
    for key in ("signed_on", "dated_on", "effective_on"):
        if key in dates:
            d, block = dates[key]
            facts.values[key] = Fact(d, "text", block.text[:40])
    amount = structure.contract_amount(doc)
    if amount:
        facts.values["contract_amount"] = Fact(amount[0], "text", amount[1].text[:40])
    if re.search(r"政府投资项目|政府投资建设", norm):
        facts.values["funding"] = Fact("政府投资", "text", "政府投资")
    elif re.search(r"财政(性)?资金|财政预算|预算资金|财政拨款", norm):
        facts.values["funding"] = Fact("财政资金", "text", "财政资金")
    ck = _contract_kind(title, norm) if kind == "contract" else None
    if ck:
        facts.values["contract_kind"] = Fact(ck, "text", title)
    return facts


def apply_overrides(facts: Facts, overrides: dict[str, object], source: str) -> None:
    for key, value in overrides.items():
        facts.values[key] = Fact(value, source, "")
