"""A document's own title and 文号. A tender's title is its cover's (the project name
and the document type), never the agency's name, a running page header or a bare "招标文件".

A title may be set over several lines ("浙江省经济和信息化厅关于开展 2025 年" /
"浙江省未来工厂和智能工厂、数字化" / "车间评定工作的通知"): the lines are joined.
"""

from __future__ import annotations

import re

from reviewer.document import Block, Document
from reviewer.structure import DOCNO_LOOSE
from reviewer.text.normalize import norm_text

# a cover's document type with no project in it: "公开招标文件", "服务类公开招标文件",
# "电子化公开招标文件", "服务采购招标文件"
_GENERIC_TITLE = re.compile(
    r"^(电子化)?((货物|服务|工程)类)?(公开|邀请)?(施工|设计|监理|勘察|货物|服务|工程)?"
    r"(招标|采购|竞争性磋商|竞争性谈判|磋商|谈判|比选|询价|遴选)(采购)?(招标)?(文件|公告)$"
)
# the procurement method or class alone, stacked above the document type ("公开招标" / "招标文件")
_METHOD_LINE = re.compile(r"^(电子化)?((货物|服务|工程)类)?(公开|邀请)?(施工|设计|监理|勘察|货物|服务|工程)?(招标|采购|竞争性磋商|竞争性谈判|磋商|谈判|比选|询价)$")
# how the document is published or which class of purchase it is: once the project
# is named this says nothing more ("服务类公开招标文件" -> "…项目公开招标文件")
_CLASS = re.compile(r"^(电子化)?((货物|服务|工程)类|(货物|服务|工程)采购(?=招标))?")
_BARE_LABEL = re.compile(r"^[\u4e00-\u9fa5]{2,8}[:：]$")  # "项目名称：" in one table cell, its value in the next
_CODE = r"[A-Za-z0-9\-_/.#]+"  # a project or tender code: "0721-2466C262-B28-830/01"
# an unlabelled code run on into the project's name: "CP-TPIM-2025-S2-032上海…项目" (letters, digits
# and a hyphen: a year such as "2025官亭镇…" or "2026-2027年…" is part of the name)
_LEADING_CODE = re.compile(r"^(?=[\w\-/.#]*[A-Za-z])(?=[\w\-/.#]*\d)[A-Za-z0-9_/.#]*-[A-Za-z0-9\-_/.#]+(?=[\u4e00-\u9fa5])", re.ASCII)
_DOC_TYPE = re.compile(r"(公开|邀请)?(招标|竞争性磋商|竞争性谈判|磋商|谈判|比选|询价|遴选)?(采购)?(招标)?(文件|公告|通知书|邀请书|示范文本|范本)(（[^）]{0,30}）)?$")
# the kind of document a tender template is a model for: "…公开招标文件示范文本" -> "公开招标文件"
_TENDER_KIND = re.compile(r"(公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|招标|磋商|谈判)(采购)?(文件|公告)")
# a template's name, not a project's: 示范文本, 范本, 通用文件, an edition mark "（2.0版）"
_TEMPLATE = re.compile(r"示范文本|范本|通用文件|[（(][^）)]*\d[^）)]*版[）)]")
_TEMPLATE_NOTE = re.compile(r"^[（(](适用于[^）)]*|[^）)]*\d[^）)]*版)[）)]")  # a template's edition or scope line
_PROJECT_LABEL = re.compile(r"^(项目名称|采购项目名称|招标项目名称|工程名称)[:：]")
# a project's name ends with one of these: a cover line that does not was broken mid-name
_PROJECT_DONE = re.compile(r"(项目|工程|服务|采购|[）)]|[\u4e00-\u9fa5]{2}[期包段标])$")
_PROJECT_END = re.compile(r"项目编号|采购编号|招标编号|编号|包号|采购人|招标人|采购单位|采购代理|招标代理|代理机构|预算金额|[（(]招标")
_PROJECT = re.compile(r"(项目名称|采购项目名称|招标项目名称|工程名称)\s*[:：]\s*(?P<name>[^\s，。；:：]{4,60}?(项目|工程|服务|采购))(?=[\s，。；]|项目编号|采购编号|$)")
_PLACEHOLDER = re.compile(r"[\[\]【】_＿]|^[（(]?(项目|工程)名称[）)]?$")
_COVER_NOISE = re.compile(r"^(项目编号|采购编号|招标编号|编号|采\s*购\s*人|招\s*标\s*人|采购单位|采购代理|招标代理|代理机构|集采机构|编\s*制\s*单\s*位|地\s*址|日\s*期|联系)|^[（(].*[）)]$|^中国|^\d{4}\s*年\s*\d{1,2}\s*月|^[〇○零一二三四五六七八九]{4}年|有限公司$|^目\s*录")
_COVER_END = re.compile(r"^目\s*录|^第[一二三四五六七八九十]+章")
# an agency's bare name (发文机关, 采购人 on a cover): never the title
_AGENCY = re.compile(r"^[\u4e00-\u9fa5（）()]{2,30}(人民政府|委员会|办公室|局|厅|中心|有限公司|有限责任公司|集团)$")
_LABEL = re.compile(r"[:：]")  # "采购单位：…", "当前位置：…": a label and its value, never a title
_NUMBERED = re.compile(r"^(\d+(\.\d+)*[.、．]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十百\d]+[章节条])")

# an order's number line ("中华人民共和国财政部令第 87 号", "第 87 号"): the rule's 文号, not its title
_ORDER_NO = re.compile(r"(令|^[（(]?)第[\d一二三四五六七八九十百零〇]+号[）)]?$")
# an edition or status mark set after a title ("（结算版）", "（试行）", "（2017 年版）"); a party's
# role in brackets under a name ("（软件及服务接受方）") is not one
_EDITION = re.compile(r"^[（(](试行|暂行|征求意见稿|送审稿|草案|[^（）()]{0,10}[版稿])[）)]$")
# fill-in brackets round a filled-in name: "【西域数智化投标管理平台建设项目】"
_FILL_IN = re.compile(r"【([^【】]*)】")

_TITLE_WORDS = re.compile(r"合同|协议|契约|办法|规定|细则|条例|通知|通告|意见|决定|方案|措施|规程|规范|批复|招标|采购|磋商|谈判|比选|询价|文件|章程|规则|制度|公告|函|书$")
# a line that completes a title: it ends with the document's type
_TITLE_END = re.compile(
    r"(合同|合同书|协议|协议书|契约|办法|规定|细则|通知|通告|意见|指导意见|决定|方案|章程|规则|制度|规程|措施|规范|公告|文件|通知书|邀请书|批复|函|条例|示范文本|范本)([（(][^（）()]{1,30}[）)])?$"
)


def tidy(text: str) -> str:
    """The title as one line: spaces next to a Chinese character go (PDFs print Word's
    spacing around digits as spaces, "2025 年"; Chinese titles carry none)."""
    return re.sub(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+", "", text.strip())


def _clean(text: str) -> str:
    t = re.sub(r"^(标题|文件名称|项目名称|合同名称)[:：]\s*", "", text.strip())
    return re.sub(r"^附件\s*\d*\s*[:：]?\s*", "", t)


def _not_title(t: str) -> bool:
    """Lines that are never a title, whatever words they hold."""
    return bool(
        DOCNO_LOOSE.search(t)
        or re.match(r"^(合同编号|项目编号|编号|采购编号|甲方|乙方)", t)
        or re.fullmatch(r"[\u4e00-\u9fa5]{2,30}(人民政府|办公室|委员会|局|厅)(办公室)?文件", t)  # the masthead
        or _LABEL.search(t)
        or _NUMBERED.match(t)
        or _AGENCY.match(tidy(t))
        or re.search(r"[。；]$", t)
        or _ORDER_NO.search(re.sub(r"\s", "", t))
    )


def _fragment(t: str) -> bool:
    """A line that can be part of a title set over several lines (not a table's
    column heads, "包号 分包名称 数量")."""
    return (
        2 <= len(t) <= 40
        and len(re.findall(r"[\u4e00-\u9fa5]", t)) >= 2
        and not _not_title(t)
        and not re.search(r"[，,]|[\u4e00-\u9fa5]{2}\s+[\u4e00-\u9fa5]{2}", t)
    )


def find_title(doc: Document) -> str:
    lines = [(b.index, _clean(b.text)) for b in doc.blocks[:15] if b.kind in ("paragraph", "line") and 2 <= len(b.text.strip()) <= 60]
    for pos, (index, t) in enumerate(lines):
        if _not_title(t) or not _TITLE_WORDS.search(tidy(t)):
            continue
        parts = [t]
        # the lines above that belong to it: "浙江省经济和信息化厅关于开展 2025 年" / "…数字化" / "车间评定工作的通知"
        back = pos
        while back > 0 and lines[back - 1][0] == lines[back][0] - 1:
            above = lines[back - 1][1]
            if tidy(parts[0]).startswith("关于") and _AGENCY.match(tidy(above)):
                parts.insert(0, above)  # the issuer heads the title: "宣汉县人民政府" / "关于印发…的通知"
                break
            if not _fragment(above) or _TITLE_END.search(above):
                break
            back -= 1
            parts.insert(0, above)
        # the lines below that complete it: "关于印发《…办法》" / "的通知", "…采购项目" / "政府采购合同"
        ahead = []
        if not _TITLE_END.search(t):
            for nxt_index, nxt in lines[pos + 1 : pos + 4]:
                if nxt_index != index + len(ahead) + 1 or not _fragment(nxt):
                    break
                ahead.append(nxt)
                if _TITLE_END.search(nxt):
                    parts += ahead
                    break
        last = index + len(ahead) if ahead and ahead[-1] == parts[-1] else index
        nxt = tidy(doc.blocks[last + 1].text) if last + 1 < len(doc.blocks) else ""
        if re.fullmatch(r"(补充|变更)(协议|合同)(书)?([（(][^）)]{1,4}[）)])?", nxt) or _EDITION.match(nxt):
            parts.append(nxt)  # "…服务合同" / "补充协议（一）"; "…合同" / "（结算版）"
        return _as_title(tidy("".join(parts)), lines[pos + 1 : pos + 8])
    return next((_as_title(tidy(t), []) for _, t in lines if not _not_title(t)), "")


def _as_title(title: str, below: list[tuple[int, str]]) -> str:
    """The title without the marks round it: fill-in brackets are dropped and their
    words kept, a dash before the name goes ("--政府采购货物和服务招标投标管理办法").
    A cover's title repeated as the first page's heading with its edition mark
    ("建设工程总承包施工合同" … "建设工程总承包施工合同（结算版）") takes the fuller form."""
    title = re.sub(r"^[-—－–~～·]+", "", _FILL_IN.sub(r"\1", title))
    for _, line in below:
        line = tidy(line)
        if line.startswith(title) and _EDITION.match(line[len(title) :]):
            return line
    return title


def find_doc_number(doc: Document) -> tuple[str, Block] | None:
    for b in doc.blocks[:30]:
        if b.kind in ("header", "footer"):
            continue
        m = DOCNO_LOOSE.search(b.text)
        # the document's own number stands on its own line, not inside a sentence that cites another
        if m and len(b.text.strip()) <= 40 and m.start() <= len(b.text) - len(b.text.lstrip()) + 6:
            return m.group().strip(), b
    return None


def _cover_line(text: str) -> tuple[str, str]:
    """A cover line without its codes and labels, and the project it names if any."""
    t = re.sub(r"\s", "", norm_text(text))
    t = re.sub(r"^附件\d*", "", t)
    t = re.sub(rf"^(项目|采购|招标)编号[:：]{_CODE}", "", t)
    t = re.sub(r"[（(][^（）()]*编号[:：][^）)]*[）)]?", "", t)
    t = _LEADING_CODE.sub("", t)
    project = ""
    if _PROJECT_LABEL.match(t):
        t = _PROJECT_LABEL.sub("", t)
        m = _PROJECT_END.search(t)
        t = project = t[: m.start()] if m else t
    t = re.sub(rf"(招标|采购)?编号[:：]{_CODE}", "", t)
    t = re.split(r"(采购人|招标人|采购单位)(（章）)?[:：]", t)[0]
    return t, project


def _cover(blocks: list[Block]) -> list[tuple[str, str, str]]:
    """The cover's lines up to its table of contents, each as (the line without spaces,
    the line without codes and labels, the project it names). A label alone ("项目名称："
    in one table cell) takes the value after it; a method line takes the document type
    under it ("公开招标" / "招标文件" -> "公开招标文件"); a project's name broken over two
    lines ("…辅助及后" / "勤服务项目") is joined."""
    raws: list[str] = []
    for b in blocks:
        raw = re.sub(r"\s", "", b.text)
        if _COVER_END.match(raw):
            break
        if raws and _BARE_LABEL.match(raws[-1]) and not _BARE_LABEL.match(raw):
            raws[-1] += raw
        elif raws and _METHOD_LINE.match(raws[-1]) and _GENERIC_TITLE.match(raw):
            method = raws[-1]
            raws[-1] = method + (raw[2:] if raw[:2] == method[-2:] else raw)
        else:
            raws.append(raw)
    lines: list[tuple[str, str, str]] = []
    for raw in raws:
        t, named = _cover_line(raw)
        if lines and lines[-1][2] and not _PROJECT_DONE.search(lines[-1][2]) and _continues(t):
            prev_raw, _, prev_named = lines[-1]
            lines[-1] = (prev_raw + raw, prev_named + t, prev_named + t)
            continue
        lines.append((raw, t, named))
    return lines


def _continues(t: str) -> bool:
    """The rest of a project's name on the next line: short, and ending as a name does."""
    return 0 < len(t) <= 20 and bool(_PROJECT_DONE.search(t)) and not (_GENERIC_TITLE.match(t) or _COVER_NOISE.search(t) or _LABEL.search(t))


def tender_title(doc: Document, title: str) -> str:
    """A tender's own title as its cover states it: the project name (over one or
    more lines) and the document type, never the agency, a running header or a
    generic "招标文件" alone. A template's name on the cover ("…示范文本", "…（2.0版）")
    gives way to the project the cover names."""
    body = [b for b in doc.blocks if b.kind not in ("header", "footer")]
    # a line printed again and again is a running header the reader did not catch
    # (a short PDF); the project's name may stand twice, on the cover and in a table
    counts: dict[str, int] = {}
    for b in body[:200]:
        key = re.sub(r"\s", "", b.text)
        if 4 <= len(key) <= 40 and b.kind != "cell":
            counts[key] = counts.get(key, 0) + 1
    cover_lines = _cover(body[:14])
    project = next((named for _, _, named in cover_lines if named and not _PLACEHOLDER.search(named)), "")
    parts: list[str] = []
    generic = ""
    for raw, t, named in cover_lines:
        if parts and _DOC_TYPE.search(parts[-1]):
            note = _TEMPLATE_NOTE.match(t)
            if note:
                parts.append(note.group())  # a template's "（2017 年版）", "（适用于一般项目施工资格后审电子招标项目）"
            break
        if not re.search(r"[\u4e00-\u9fa5]", t):
            continue  # a line of codes only: "（招标项目编号：2025AEEGZ50014）", "CP-TPIM-2025-S2-032"
        if (not named and counts.get(raw, 0) > 2) or _COVER_NOISE.search(t) or _LABEL.search(t) or _AGENCY.match(t) or _NUMBERED.match(t):
            if parts:
                break  # the title's lines are over
            continue
        if _GENERIC_TITLE.match(t) and not parts:
            generic = _CLASS.sub("", t)  # "公开招标文件" above the project name
            continue
        if parts and _GENERIC_TITLE.match(t):
            t = _CLASS.sub("", t)  # the project's name, then "服务类公开招标文件"
        if parts and parts[-1] == project and not _DOC_TYPE.search(t):
            break  # the project's name is followed by its document type or by nothing of the title
        parts.append(t)
    cover = "".join(parts)
    if cover and _TEMPLATE.search(cover) and project and project not in cover:
        kind = _TENDER_KIND.search(cover)
        return project + (kind.group() if kind else "招标文件")
    if cover and not _GENERIC_TITLE.match(cover) and len(cover) <= 90:
        return cover if _DOC_TYPE.search(cover) else cover + (generic or "招标文件")
    bare = generic or re.sub(r"\s", "", title)
    if _GENERIC_TITLE.match(bare):
        if project:
            return project + _CLASS.sub("", bare)
        for b in body[:300]:
            m = _PROJECT.search(norm_text(b.text))
            if m:
                return m.group("name") + _CLASS.sub("", bare)
    return title
