"""Works warranties (质量保修) against the statutory minimum periods of 建设工程质量管理条例
第四十条: each period is read with the works it names, the item's minimum looked up,
and a shorter period reported."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check

# item -> (minimum in years, name); None: the design life of the works (合理使用年限)
_ITEMS: list[tuple[re.Pattern, float | None, str]] = [
    (re.compile(r"地基|基础工程|主体结构|结构工程|土建|构筑物|厂房|房屋建筑|基础设施|路基|路面|桥梁|渠道|泵房"), None, "地基基础工程和主体结构工程"),
    (re.compile(r"防水|防渗|(屋面|卫生间|房间|外墙|墙面|地下室)[^，。；]{0,6}渗漏"), 5, "屋面防水工程、有防水要求的卫生间、房间和外墙面的防渗漏"),
    (re.compile(r"供热|供冷|采暖|供暖|制冷|空调系统"), 2, "供热与供冷系统"),
    (re.compile(r"电气|管线|线路|给排水|给水|排水|管道|设备安装|安装工程|(设备|机电)[^，。；]{0,6}安装|装修|装饰"), 2, "电气管线、给排水管道、设备安装和装修工程"),
]
_WARRANTY = re.compile(r"保修期|保修年限|保修期限|质量保修|质保期|保修")
_NOT_WARRANTY = re.compile(r"缺陷责任期|质量保证金|质保金|保修金|保证金|逾期|违约")
_DESIGN_LIFE = re.compile(r"合理使用年限|设计使用年限|设计(文件)?规定的(使用)?年限|终身")
_STATUTORY = re.compile(r"不(得)?(低于|少于|短于)[^。；]{0,16}(法定|国家|条例|规定)|按(照)?[^。；]{0,10}(建设工程质量管理条例|国家(有关)?规定|法定)[^。；]{0,10}(执行|确定|计算)")
_SEP = re.compile(r"[，,；;。：:\n]")


def _periods(ctx: Context, s) -> list[tuple]:
    """(item text, years or None for the design life, quantity start, end, text)."""
    out = []
    qs = [q for q in ctx.quantities_in(s.start, s.end, "duration") if q.unit in ("年", "月")]
    heat = [m for m in re.finditer(r"(?P<n>[0-9一二两三四五]+)\s*个\s*(采暖期|供暖期|供冷期|制冷期)", s.text)]
    marks = [(q.start - s.start, q.end - s.start, q.value / (12 if q.unit == "月" else 1), q.text) for q in qs]
    for m in heat:
        from reviewer.text.quantities import cn_number

        marks.append((m.start(), m.end(), cn_number(m.group("n")) or 0, m.group()))
    for m in _DESIGN_LIFE.finditer(s.text):
        marks.append((m.start(), m.end(), None, m.group()))
    marks.sort()
    prev = 0
    for a, b, years, text in marks:
        item = s.text[prev:a]
        before = s.text[max(0, a - 6) : a]
        prev = b
        if re.search(r"(满|届满|超过)\s*$", before) or re.match(r"\s*(后|以后|之后|届满)", s.text[b : b + 3]):
            continue  # "保修期满2年后" is not the period itself
        out.append((item, years, s.start + a, s.start + b, text))
    return out


def _under_warranty_heading(ctx: Context, s) -> bool:
    """A line of a warranty schedule ("防水工程：5年") under a heading "保修期限"."""
    if len(s.text) > 80:
        return False
    block = s.block
    for i in range(block - 1, max(-1, block - 8), -1):
        t = ctx.doc.blocks[i].text.strip()
        if re.search(r"保修期|保修期限|保修年限", t) and len(t) <= 20:
            return True
        if len(t) > 80:
            return False
    return False


@check("warranty_min")
def warranty_min(ctx: Context, params: dict) -> list[Hit]:
    """A works warranty shorter than the statutory minimum for the item it covers."""
    hits = []
    item_specific = False
    general: list[tuple] = []
    for s in ctx.sentences:
        if _NOT_WARRANTY.search(s.text) or not (_WARRANTY.search(s.text) or _under_warranty_heading(ctx, s)):
            continue
        for item, years, a, b, text in _periods(ctx, s):
            wanted = [(minimum, name) for pattern, minimum, name in _ITEMS[1:] if pattern.search(item)]
            if not wanted and _ITEMS[0][0].search(item):  # "泵房屋面防水" is waterproofing, not the structure
                wanted = [(_ITEMS[0][1], _ITEMS[0][2])]
            if not wanted:
                if years is not None and re.search(r"(本|整个|全部|该)?(工程|项目)?[^，。；]{0,6}(保修期|保修期限|质保期)\s*(为|是|：|:)?\s*$", item):
                    general.append((years, a, b, text))
                continue
            item_specific = True
            if years is None:
                continue
            design_life = [name for minimum, name in wanted if minimum is None]
            if design_life and years < float(params.get("design_life_floor", 25)):
                hits.append(Hit(a, b, {"value": text, "item": design_life[0], "minimum": "设计文件规定的该工程的合理使用年限"}))
                continue
            numeric = [(minimum, name) for minimum, name in wanted if minimum is not None]
            if numeric:
                minimum, name = max(numeric)
                if years < minimum - 1e-9:
                    hits.append(Hit(a, b, {"value": text, "item": name, "minimum": f"{minimum:g}年" if "供热" not in name else "2个采暖期、供冷期"}))
    if not item_specific and not _STATUTORY.search(ctx.text):
        for years, a, b, text in general:
            if years < 2 - 1e-9 or (years < 5 - 1e-9 and re.search(r"屋面|防水|主体结构|地基基础", ctx.text)):
                hits.append(Hit(a, b, {"value": text, "item": "工程（含屋面防水、地基基础和主体结构等分项）", "minimum": "按分项分别规定的最低期限（防水5年、地基基础和主体结构为合理使用年限）"}))
                break
    return hits
