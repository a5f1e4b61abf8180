"""What a reviewer knows about a submission besides the document: the unit, the
dates, the materials (options, or a <file>.case.toml beside the document)."""

from __future__ import annotations

import datetime as dt
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
            setattr(info, key, value if not isinstance(value, str) or key not in ("received", "complete", "done", "due") else parse_date(value, str(side)))
        return info

    def merged(self, other: "CaseInfo") -> "CaseInfo":
        """`other`'s non-empty values win."""
        out = CaseInfo(**{k: getattr(self, k) for k in self.KEYS})
        for k in self.KEYS:
            v = getattr(other, k)
            if v:
                setattr(out, k, v)
        return out


def parse_date(text: str, origin: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise UsageError(f"{origin}：日期应写作 2026-03-01 的形式（收到“{text}”）") from None


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (法定节假日、调休按国务院通知)."""
    try:
        from chinese_calendar import is_workday
    except ImportError:  # pragma: no cover - the package is a dependency
        def is_workday(d):
            return d.weekday() < 5
    n, d = 0, start
    while d < end:
        d += dt.timedelta(days=1)
        try:
            n += bool(is_workday(d))
        except NotImplementedError:  # a year the calendar does not cover yet
            n += d.weekday() < 5
    return n
