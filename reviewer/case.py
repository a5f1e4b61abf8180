"""What a reviewer knows about a submission besides the document: the unit, the
dates, the materials (options, or a <file>.case.toml beside the document)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.errors import InputError, UsageError


@dataclass
class CaseInfo:
    """What the letter says about the submission (options, or <file>.case.toml)."""

    unit: str = ""  # 送审单位
    matter: str = ""  # 送审事项 (default: the document title)
    received: dt.date | None = None  # 收件日期
    complete: dt.date | None = None  # 材料齐全日期
    done: dt.date | None = None  # 审查完成日期 (default: today)
    due: dt.date | None = None  # 送审单位要求的完成日期
    materials: list[str] = field(default_factory=list)  # 已收材料
    missing: list[str] = field(default_factory=list)  # 缺少的材料

    KEYS = ("unit", "matter", "received", "complete", "done", "due", "materials", "missing")

    @classmethod
    def from_sidecar(cls, doc_path: str) -> "CaseInfo":
        p = Path(doc_path)
        side = p.with_name(p.stem + ".case.toml")
        if not side.exists():
            return cls()
        try:
            data = tomllib.loads(side.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise InputError(str(side), f"送审信息文件格式错误（{exc}）", "请按 key = \"value\" 的 TOML 格式填写") from None
        unknown = set(data) - set(cls.KEYS)
        if unknown:
            raise InputError(str(side), f"送审信息文件中有不认识的项：{'、'.join(sorted(unknown))}", f"可用的项：{'、'.join(cls.KEYS)}")
        info = cls()
        for key, value in data.items():
            if key in _LABELS:
                value = parse_date(value, f"{side} 中的 {key}")
            elif key in ("unit", "matter") and not isinstance(value, str):
                raise InputError(str(side), f"{key} 应为文字", f'请写成 {key} = "……"')
            elif key in ("materials", "missing") and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise InputError(str(side), f"{key} 应为文字列表", f'请写成 {key} = ["……", "……"]')
            setattr(info, key, value)
        return info

    def merged(self, other: "CaseInfo") -> "CaseInfo":
        """`other`'s non-empty values win."""
        out = CaseInfo(**{k: getattr(self, k) for k in self.KEYS})
        for k in self.KEYS:
            v = getattr(other, k)
            if v:
                setattr(out, k, v)
        return out


_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．　", "0123456789-/. ")
# 2026-03-02, 2026-3-2, 2026/3/2, 2026.3.2 (one separator throughout), 2026年3月2日
_DATE_FORMS = (
    re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"),
    re.compile(r"(\d{4})(年)(\d{1,2})月(\d{1,2})日?"),
)
DATE_HINT = "请写作 2026-03-02、2026-3-2、2026/3/2、2026.3.2 或 2026年3月2日"


def parse_date(text, origin: str) -> dt.date:
    """A date as officers type it; `origin` (an option or a file) is named in the message."""
    if isinstance(text, dt.datetime):  # a TOML datetime in a sidecar
        return text.date()
    if isinstance(text, dt.date):  # a bare TOML date
        return text
    raw = str(text)
    s = re.sub(r"\s+", "", raw.translate(_FULL_WIDTH))
    for form in _DATE_FORMS:
        m = form.fullmatch(s)
        if m:
            year, month, day = int(m.group(1)), int(m.group(3)), int(m.group(4))
            break
    else:
        raise UsageError(f"{origin}：无法识别日期“{raw}”，{DATE_HINT}")
    if not 1 <= month <= 12:
        raise UsageError(f"{origin}：日期“{raw}”不存在（没有{month}月），请核对")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise UsageError(f"{origin}：日期“{raw}”不存在（{year}年{month}月只有{last}日），请核对")
    return dt.date(year, month, day)


# The order a review runs in: received <= complete <= done; the unit may not ask for
# the opinion before the file reached us.
_LABELS = {"received": ("收件日期", "--received"), "complete": ("材料齐全日期", "--complete"), "done": ("审查完成日期", "--done"), "due": ("要求完成日期", "--due")}
_ORDER = (("received", "complete"), ("complete", "done"), ("received", "done"), ("received", "due"))


def check_date_order(info: "CaseInfo", today: dt.date | None = None) -> None:
    """Raise on two dates in the wrong order, naming both (done defaults to today, as in the letter)."""
    dates = {k: getattr(info, k) for k in _LABELS}
    if dates["done"] is None:
        dates["done"] = today or dt.date.today()
    for early, late in _ORDER:
        a, b = dates[early], dates[late]
        if a and b and a > b:
            (la, oa), (lb, ob) = _LABELS[early], _LABELS[late]
            if late == "done" and info.done is None:
                lb += "（默认为今天）"
            raise UsageError(f"日期先后有误：{lb}（{b.isoformat()}）早于{la}（{a.isoformat()}），请核对 {oa} 和 {ob}（或 .case.toml 中的 {early}、{late}）")


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (法定节假日、调休按国务院通知)."""
    from reviewer import workdays

    return workdays.between(start, end)
