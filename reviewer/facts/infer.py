"""Facts read from the text: parties, the buyer's type, the supplier's size, dates,
amounts, the award, funding, the contract's kind.

A fact comes from the clause that defines it (the party block, the price clause, the
signature block, a recital that cites the award), never from an example, a formula
or a blank template inside the document. What the text does not settle stays
unknown (or narrowed), never guessed.
"""

from __future__ import annotations

import re

from reviewer import structure
from reviewer.document import Document
from reviewer.facts.model import Fact, Facts
from reviewer.facts.titles import find_doc_number, find_title, tender_title
from reviewer.text.normalize import norm_text
from reviewer.text.quantities import date_value, find_dates, find_money

_ORGAN = re.compile(r"(人民政府|政府办公室|人民代表大会|委员会|办公室|局|厅|委|办事处|人民法院|人民检察院|管理委员会|司法所|街道办)$")
_INSTITUTION = re.compile(r"(管理处|林场|保护区管理局|学校|小学|中学|初级中学|高级中学|中心校|幼儿园|学院|大学|医院|卫生院|疾病预防控制中心|中心|研究院|研究所|站|馆|所|校|院)$")
_SOE = re.compile(r"城投|城市建设投资|建设投资|投资集团|发展集团|国有|国资|交通投资|交投|水务集团|产业投资|文化旅游发展|发展投资|投资发展|国有资产经营|国有资本")
# A company named after the county that invests, builds or runs public assets is a county SOE.
_COUNTY_SOE = re.compile(r"^[\u4e00-\u9fa5]{1,6}[县市区](?!.*(科技|贸易|商贸|咨询|家具|设备)).*(投资|发展|建设|交通|水务|旅游|农业|城乡)[^，。]*(有限公司|集团)")
_COMPANY = re.compile(r"公司|集团|企业|合作社|厂$|商行|经营部|门市|工作室|事务所")
_PERSON = re.compile(r"^[\u4e00-\u9fa5]{2,4}$")

_SUPPLIER_WORDS = "乙方|本单位|承包人|承包方|受托方|受托人|卖方|供方|中标人|中标供应商|成交供应商|服务方|分包人|分包方|承接方|本企业|本公司|我公司|我单位|投标人|该企业|该公司"
_SIZE_WORD = r"(?P<size>中型|小型|微型|大型)"
_SIZE_STATED = re.compile(
    rf"(?P<who>{_SUPPLIER_WORDS}|\{{SUPPLIER\}})[^。；\n]{{0,40}}?(?<![不非])(?:属于|为|是|系|确认为|划型为|认定为|处于)[^。；\n，]{{0,8}}?[（(]?\s*{_SIZE_WORD}\s*[）)]?\s*[\u4e00-\u9fa5]{{0,4}}?企业"
    rf"|企业(?:规模|类型|划型)\s*[:：为]\s*{_SIZE_WORD.replace('size', 'size2')}(?:企业)?"
)
_NOT_SME = re.compile(rf"(?:{_SUPPLIER_WORDS})[^。；\n]{{0,20}}?(?:不属于|非)\s*中小(?:微)?企业")
_SME_ONLY = re.compile(rf"(?:{_SUPPLIER_WORDS})[^。；\n]{{0,30}}?(?:属于|为|是|系)\s*中小(?:微)?企业")
# 监狱企业 and 残疾人福利性单位 are treated as small enterprises (财库〔2014〕68号, 财库〔2017〕141号).
_AS_SMALL = re.compile(rf"(?:{_SUPPLIER_WORDS})[^。；\n]{{0,30}}?(?<![不非])(?:属于|为|是|系)[^。；\n，]{{0,24}}?(?:监狱企业|残疾人福利性单位)")
# "如乙方为小型企业的，…" states a condition, not a fact.
_HYPOTHETICAL = re.compile(r"(如|若|如果|倘若|假如|凡|对于|对)[^。；，,]{0,12}$|^[^。；]{0,40}的[，,]")
_DECLARATION = re.compile(r"中小企业声明函|声明函[（(]")
_DECL_SIZE = re.compile(r"属于\s*[（(]?\s*(?P<size>中型|小型|微型)\s*[）)]?\s*企业")
# A blank declaration lists every size or leaves a blank; "视同小型、微型企业" does not.
_OPTIONS = re.compile(r"(中型|小型|微型)[企业]{0,2}\s*[、/或]\s*(小型|微型|中型)[企业]{0,2}\s*[、/或]\s*(小型|微型|中型)|[□☐]\s*(中型|小型|微型)|_{3,}|[（(]\s*[）)]\s*企业")

_AWARD = re.compile(r"(中标|成交|中选)(结果)?通知书")
_AWARD_PRICE = re.compile(r"(中标|成交|中选)(价|金额|价格|总价)(款)?\s*(为|是|：|:)?")
_AWARD_BY = re.compile(r"以\s*(人民币)?[^，。；]{2,30}?(中标|成交)")
_BUDGET = re.compile(r"(采购)?预算(金额|资金|总额|价)?\s*(为|是|：|:)|(最高限价|控制价|估算价|最高投标限价)\s*(为|是|：|:)")
_SIGNED_RECITAL = re.compile(r"(本合同|本协议)[^。；\n]{0,12}?于\s*(?P<date>[^。；\n，,]{6,16}?)\s*(在[^。；\n]{1,24})?(签订|签署|订立|签约)|(双方|甲乙双方)[^。；\n]{0,90}?于\s*(?P<date2>[^。；\n，,]{6,16}?)\s*(在[^。；\n]{1,24})?(签订|签署|订立)(本合同|本协议)")
_EXAMPLE = re.compile(r"例如|例：|如：|举例|计算公式|[×xX*]\s*\d|示例|计算方法")
_FUNDING_STATED = re.compile(r"资金来源\s*(为|是|：|:)?\s*(?P<what>[^。；\n]{2,24})")


def buyer_type_of(name: str) -> str | None:
    n = re.sub(r"[（(].*?[)）]", "", name).strip()
    if not n:
        return None
    if _COMPANY.search(n):
        return "国有企业" if _SOE.search(n) or _COUNTY_SOE.search(n) else None
    if _ORGAN.search(n):
        return "机关"
    if _INSTITUTION.search(n):
        return "事业单位"
    return None


def _buyer_type(name: str, stated_in: str) -> Fact | None:
    stated = re.search(r"事业单位|国有独资|国有控股|国有全资|国有企业|行政机关|机关法人|事业法人", stated_in)
    if stated:
        value = {"事业单位": "事业单位", "事业法人": "事业单位", "行政机关": "机关", "机关法人": "机关"}.get(stated.group(), "国有企业")
        return Fact(value, "text", stated.group())
    n = re.sub(r"[（(].*?[)）]", "", name).strip()
    bt = buyer_type_of(name)
    if bt:
        return Fact(bt, "text", name)
    if n and _COMPANY.search(n):  # a company is never a 机关 or 事业单位; its size and ownership are open
        return Fact(None, "text", name, frozenset(("国有企业", "大型企业", "其他")))
    if n and _PERSON.fullmatch(n):
        return Fact("其他", "text", name)
    return None


def _supplier_size(norm: str, supplier: str) -> Fact | None:
    subjects = _SIZE_STATED.pattern.replace(r"\{SUPPLIER\}", re.escape(supplier) if supplier else "(?!)")
    for m in re.finditer(subjects, norm):
        if _stated(norm, m):
            return Fact(m.group("size") or m.group("size2"), "text", m.group()[:40])
    for pattern, size in ((_AS_SMALL, "小型"), (_NOT_SME, "大型")):
        for m in pattern.finditer(norm):
            if _stated(norm, m):
                return Fact(size, "text", m.group()[:40])
    for d in _DECLARATION.finditer(norm):
        window = norm[d.end() : d.end() + 900]
        for m in _DECL_SIZE.finditer(window):
            if not _OPTIONS.search(_sentence(window, m.start())):
                return Fact(m.group("size"), "text", "中小企业声明函：" + m.group())
    for m in _SME_ONLY.finditer(norm):
        if _stated(norm, m):
            return Fact(None, "text", m.group()[:40], frozenset(("中型", "小型", "微型")))
    return None


def _stated(text: str, m: re.Match) -> bool:
    """A statement of fact: not a blank template listing every size, not a condition."""
    lo = max(text.rfind(c, 0, m.start()) for c in "。；\n") + 1
    sentence = _sentence(text, m.start())
    return not _OPTIONS.search(sentence) and not _HYPOTHETICAL.search(text[lo : m.start() + 1]) and not re.search(r"的[，,]", text[m.end() : m.end() + 4])


def _sentence(text: str, at: int) -> str:
    lo = max(text.rfind(c, 0, at) for c in "。；\n") + 1
    ends = [i for i in (text.find(c, at) for c in "。；\n") if i >= 0]
    return text[lo : min(ends) if ends else len(text)]


def _dates_in(text: str):
    for q in find_dates(norm_text(text)):
        d = date_value(q)
        if d and q.extra.get("d"):
            yield d


def _signed_on(doc: Document, dates: dict) -> Fact | None:
    if "signed_on" in dates:
        d, block = dates["signed_on"]
        return Fact(d, "text", block.text[:40], block=block.index)
    for b in doc.blocks:
        m = _SIGNED_RECITAL.search(norm_text(b.text))
        if m:
            for d in _dates_in(m.group("date") or m.group("date2")):
                return Fact(d, "text", m.group()[:40], block=b.index)
    return None


# An annex heading ("附件　中小企业声明函（货物）", "附件二"), not "附件：" opening a list.
_ANNEX = re.compile(r"^\s*附\s*件\s*[一二三四五六七八九十\d]*\s*[：:　\s]*[^：:\s].{0,28}$|^\s*附\s*件\s*[一二三四五六七八九十\d]+\s*$|^[^。；]{0,20}(声明函|承诺函|授权委托书)\s*$")


def _signature_date(doc: Document, signature) -> Fact | None:
    """A date standing in the signature block (e.g. under 甲方（盖章）); dates in
    annexes (a 声明函) are not the signing, so the block read is the one just
    before the first annex."""
    if signature is None:
        return None
    half = len(doc.blocks) // 2
    annex = next((b.index for b in doc.blocks[half:] if _ANNEX.match(b.text.strip())), None)
    start = signature.index if annex is None or signature.index < annex else max(half, annex - 15)
    for b in doc.blocks[start : annex]:
        t = b.text.strip()
        if re.search(r"有效期|期限|至|起", t):
            continue
        for d in _dates_in(t):
            return Fact(d, "text", t[:40], block=b.index)
    return None


def _award(doc: Document) -> tuple[Fact | None, Fact | None]:
    on = price = None
    for b in doc.blocks:
        t = norm_text(b.text)
        if not _AWARD.search(t) and not _AWARD_PRICE.search(t):
            continue
        for s in re.split(r"[。；\n]", t):
            a = _AWARD.search(s)
            if on is None and a:
                # "…于2025年9月10日向乙方发出中标通知书" / "中标通知书于2025年8月6日发出"
                after = re.match(r"[^，,]{0,4}?于\s*([^，,。；]{6,16}?)(发出|签发|送达|出具)", s[a.end() :])
                dates = list(_dates_in(after.group(1))) if after else list(_dates_in(s[: a.start()]))[-1:]
                if dates:
                    on = Fact(dates[0], "text", s[:40], block=b.index)
            p = _AWARD_PRICE.search(s) or _AWARD_BY.search(s)
            if price is None and p and not _EXAMPLE.search(s):
                window = s[p.start() : p.end()] if p.re is _AWARD_BY else s[p.end() : p.end() + 60]
                money = [q for q in find_money(window) if q.value and q.value >= 100]
                if money and re.search(r"(年度|每年|/年|年服务费|每月|月度)[^，。；]{0,8}$", s[: s.find(money[0].text)] if money[0].text in s else ""):
                    money = []  # an annual or monthly award price is not the contract total
                if money:
                    price = Fact(money[0].value, "text", s[:40], block=b.index)
        if on and price:
            break
    return on, price


_BUDGET_CELL = re.compile(r"^(项目)?(预算金额|采购预算|预算|最高限价|招标控制价|最高投标限价)\s*(（(?P<unit>万?元)）|\((?P<unit2>万?元)\))?$")


def _budget_in_tables(doc: Document) -> Fact | None:
    """A header cell "预算金额（万元）" and the value under it (or beside it)."""
    cells = {(b.table, b.row, b.col): b for b in doc.blocks if b.kind == "cell"}
    for (table, row, col), b in cells.items():
        m = _BUDGET_CELL.match(b.text.strip())
        if not m:
            continue
        unit = m.group("unit") or m.group("unit2") or "元"
        for key in ((table, (row or 0) + 1, col), (table, row, (col or 0) + 1)):
            other = cells.get(key)
            if other is None:
                continue
            t = norm_text(other.text).strip()
            money = [q for q in find_money(t) if q.value]
            if money:
                return Fact(money[0].value, "text", f"{b.text.strip()}：{t}"[:40], block=other.index)
            if re.fullmatch(r"\d[\d,]*(\.\d+)?", t):
                return Fact(float(t.replace(",", "")) * (10000 if unit == "万元" else 1), "text", f"{b.text.strip()}：{t}"[:40], block=other.index)
    return None


def _budget(doc: Document) -> Fact | None:
    in_table = _budget_in_tables(doc)
    if in_table:
        return in_table
    for b in doc.blocks:
        t = norm_text(b.text)
        for m in _BUDGET.finditer(t):
            s = _sentence(t, m.start())
            if _EXAMPLE.search(s) or re.search(r"(年度|每年|各年|每月)[^，。；]{0,6}$", t[max(0, m.start() - 8) : m.start()]):
                continue  # an example, or a yearly budget line, is not the project's budget
            money = [q for q in find_money(t[m.end() : m.end() + 40]) if q.value and q.value >= 100]
            if money:
                return Fact(money[0].value, "text", t[max(0, m.start() - 10) : m.end() + 20], block=b.index)
    return None


def _funding(norm: str) -> Fact | None:
    m = _FUNDING_STATED.search(norm)
    if m:
        what = m.group("what")
        if re.search(r"自筹|自有|企业自有|社会资本|单位自有", what):
            return Fact("自有资金", "text", m.group()[:30])
        if re.search(r"政府投资", what):
            return Fact("政府投资", "text", m.group()[:30])
        if re.search(r"财政|预算|专项资金|补助资金|债券", what):
            return Fact("财政资金", "text", m.group()[:30])
    if re.search(r"列入[^。；，]{0,10}(部门|年度|财政)[^。；，]{0,4}预算|财政(局|部门)[^。；，]{0,6}批复[^。；，]{0,10}预算", norm):
        return Fact("财政资金", "text", "列入部门预算")
    if re.search(r"政府投资项目|政府投资建设", norm):
        return Fact("政府投资", "text", "政府投资")
    m = re.search(r"(?<![非不])(财政(性)?资金|财政预算|预算资金|财政拨款)", norm)
    if m:
        return Fact("财政资金", "text", m.group())
    return None


_KINDS = (
    ("labor_dispatch", r"劳务派遣"),
    # EPC, 总承包, 专业分包, 劳务分包 are works contracts whatever else the title names
    ("construction", r"EPC|总承包|专业分包|劳务分包|工程分包"),
    ("lease", r"租赁|租用|出租|承租"),
    ("investment", r"招商|投资协议|投资合作"),
    ("technology", r"技术开发|技术转让|技术服务|软件开发|系统开发|平台开发"),
    # 监理、设计、咨询 of a works project are services, not the works
    ("services", r"监理|设计|勘察|咨询|造价|审计|评估|检测|运维|物业|保洁|安保|托管|配送|外包|维护|养护|管护|代建|项目管理|全过程|测绘"),
    ("construction", r"施工|工程|维修改造|建设(项目|工程|合同|协议)"),  # not "文献资源建设供应商项目"
    ("services", r"服务|物业|保洁|安保|运维|配送|咨询"),
    ("goods", r"购销|买卖|供货|供应|设备|家具|购置|货物"),
)


# The contract-type word at the end of a title decides first: "…维修养护项目施工合同"
# is a works contract, "…道路工程监理合同" a services contract.
_TITLE_SUFFIX = (
    ("labor_dispatch", r"劳务派遣(合同|协议)(书)?$"),
    ("technology", r"技术(服务|开发|转让|咨询|许可)(合同|协议)(书)?$"),
    ("construction", r"(施工|工程|总承包|分包)(合同|协议)(书)?$"),
    ("services", r"(监理|设计|勘察|咨询|服务|养护|运维|物业|托管|外包|测绘|检测)(合同|协议)(书)?$"),
    ("lease", r"租赁(合同|协议)(书)?$"),
    ("services", r"(服务|劳务)(采购)?(合同|协议)(书)?$"),
    ("goods", r"(采购|购销|买卖|供货|供应|购置)(及|和|与)?(安装|调试|安装调试)?(框架)?(合同|协议)(书)?$"),
)


def contract_kind_of(title: str, body: str) -> str | None:
    cited = re.fullmatch(r"[^《]*《(?P<inner>[^》]+)》\s*(的)?补充(协议|合同)(书)?", title.strip())
    if cited:  # "《…设备采购合同》补充协议" is of the kind of the contract it supplements
        return contract_kind_of(cited.group("inner"), body)
    bare = re.sub(r"[（(][^）)]*[）)]$", "", title.strip())
    for kind, pat in _TITLE_SUFFIX:
        if re.search(pat, bare):
            return kind
    for kind, pat in _KINDS:
        if re.search(pat, title):
            return kind
    # A bare "合同书" or "公开招标文件": the subject matter says what it is.
    subject = re.search(r"(工程名称|项目名称|服务内容|标的|采购内容|货物名称|采购项目)\s*[:：]\s*([^。；\n]{2,40})", body)
    if subject:
        for kind, pat in _KINDS:
            if re.search(pat.replace("|建设", "|建设工程"), subject.group(2)):
                return kind
    m = re.search(r"项目属性\s*[:：]?\s*(货物|服务|工程)", body)
    if m:
        return {"货物": "goods", "服务": "services", "工程": "construction"}[m.group(1)]
    return "goods" if re.search(r"采购", title) else None


_SUPPLEMENT = re.compile(r"(补充|变更)(协议|合同)(书)?([（(][^）)]{1,4}[）)])?$")
_SUPPLEMENT_PRICE = re.compile(r"(本补充协议|本协议|补充协议|追加|新增|增加|延长期)[^。；，]{0,8}(合同)?(总)?(金额|价款|费用|总价|总额|服务费)(合计|总计|共计)?\s*(为|是|：|:|共计|合计)")


def _supplement_amount(doc: Document):
    """A supplementary agreement's own amount (what it adds), never the original
    contract's amount that its recital repeats."""
    for b in doc.blocks:
        t = norm_text(b.text)
        for m in _SUPPLEMENT_PRICE.finditer(t):
            money = [q for q in find_money(t[m.end() : m.end() + 40]) if q.value and q.value >= 100]
            if money and not re.search(r"每(月|年|日|天)", t[m.end() : m.end() + money[0].start]):
                return money[0].value, b
    return structure.total_row(doc)


# a place left to fill in: a run of underscores, a {{placeholder}}, empty brackets
BLANK_PLACE = re.compile(r"_{4,}|＿{3,}|\{\{[^}]*\}\}|【\s*】|（\s{2,}）")


def _template(doc: Document, facts: Facts) -> bool:
    blanks = sum(1 for b in doc.blocks if BLANK_PLACE.search(b.text))
    return blanks >= 5 and (not facts.buyer_name or not facts.get("contract_amount"))


def infer(doc: Document) -> Facts:
    from reviewer.facts.parties import resolve_parties

    facts = Facts()
    title = find_title(doc)
    facts.title = title
    number = find_doc_number(doc)
    facts.doc_number = number[0] if number else ""
    kind = structure.detect_kind(doc, title)
    facts.values["kind"] = Fact(kind, "text", title)
    if kind == "tender":
        title = facts.title = tender_title(doc, title)
    facts.signature = structure.find_signature(doc)
    parties, buyer, supplier = resolve_parties(doc, facts.signature)
    facts.parties = parties
    facts.buyer_name = buyer.name if buyer else ""
    facts.supplier_name = supplier.name if supplier else ""
    norm = doc.norm.text
    if buyer:
        bt = _buyer_type(buyer.name, doc.blocks[buyer.block].text if buyer.block is not None else "")
        if bt:
            bt.evidence = f"{buyer.role}：{buyer.name}" if bt.evidence == buyer.name else bt.evidence
            facts.values["buyer_type"] = bt
    size = _supplier_size(norm, facts.supplier_name) if kind != "tender" else None  # a tender's supplier is not known yet
    if size:
        facts.values["supplier_size"] = size
    dates = structure.key_dates(doc)
    signed = _signed_on(doc, dates)
    if signed is None and kind == "contract":
        signed = _signature_date(doc, facts.signature)
    if signed:
        facts.values["signed_on"] = signed
    for key in ("dated_on", "effective_on"):
        if key in dates and not (key == "dated_on" and kind == "contract"):
            d, block = dates[key]
            facts.values[key] = Fact(d, "text", block.text[:40], block=block.index)
    amount = _supplement_amount(doc) if _SUPPLEMENT.search(title) else structure.contract_amount(doc) if kind != "tender" else None
    if amount:
        facts.values["contract_amount"] = Fact(amount[0], "text", amount[1].text[:40], block=amount[1].index)
    award_on, award_amount = _award(doc)
    if award_on:
        facts.values["award_on"] = award_on
    if award_amount:
        facts.values["award_amount"] = award_amount
    budget = _budget(doc)
    if budget:
        facts.values["budget_amount"] = budget
        if kind == "tender":  # a tender's relative limits use the budget or the ceiling price it states
            facts.values["contract_amount"] = Fact(budget.value, "text", budget.evidence, block=budget.block)
    funding = _funding(norm)
    if funding:
        facts.values["funding"] = funding
    ck = contract_kind_of(title, norm) if kind in ("contract", "tender") else None
    if ck:
        facts.values["contract_kind"] = Fact(ck, "text", title)
    facts.template = _template(doc, facts)
    if kind == "tender":
        from reviewer.facts.tender import infer_tender

        infer_tender(doc, facts)
    if kind == "normative":
        from reviewer.facts.normative import infer_normative

        infer_normative(doc, facts)
    return facts
