"""Numbering series of 行政规范性文件 from configuration (rules/series.toml).

Each series is a 机关代字 (宣府规, 宣府办规, 宣教规 …) with its full name, the body that
issues under it and the body it files with. The next number per series and year is
kept by the store (number_series), never in the file.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from reviewer.errors import RuleFileError, UsageError


class Series(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    name: str
    issuer: str
    filed_with: str = ""

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        v = v.strip()
        if not v or any(c in v for c in "〔〕[]()（）【】 "):
            raise ValueError("代字只写汉字，如 宣府规（不带括号和年份）")
        return v


class RegisterConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = "规登"
    # 机关代字 of the review ledger's case numbers (案号): 宣法审〔2026〕12号, the year of receipt
    case_code: str = "宣法审"
    # 报送备案 within this many days of 公布 (法规规章备案审查条例第四条 for rules: 30日;
    # the province's own limit for normative documents is configuration).
    filing_days: int = Field(30, ge=1, le=365)
    # what a filing must contain (REG.ND.FILING_PACKAGE)
    filing_items: list[str] = ["备案报告", "正式文本", "起草说明", "制定依据", "电子文本"]
    # the year's list of documents goes to the level above by this day of January
    annual_list_due: int = Field(31, ge=1, le=31)


class SeriesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    registry: RegisterConfig = Field(default_factory=RegisterConfig, alias="register")  # [register] in the file
    series: list[Series] = []


def default_series_path() -> Path:
    env = os.environ.get("REVIEWER_SERIES")
    if env:
        return Path(env)
    from reviewer.paths import default_rules_dir

    return default_rules_dir() / "series.toml"


def load_series(path: Path | str | None = None) -> SeriesFile:
    """The configured series; a broken file is one Chinese line naming file and key."""
    p = Path(path) if path else default_series_path()
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return SeriesFile()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(str(p), f"无法读取（{exc}）") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(str(p), f"不是有效的 TOML（{exc}）") from None
    try:
        conf = SeriesFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"]).replace("registry", "register")
        problem = "不认识的键" if err["type"] == "extra_forbidden" else "缺少必填项" if err["type"] == "missing" else err["msg"].removeprefix("Value error, ")
        raise RuleFileError(str(p), problem, key=key) from None
    seen = set()
    for s in conf.series:
        if s.code in seen:
            raise RuleFileError(str(p), f"序列 {s.code} 重复配置", key="series.code")
        seen.add(s.code)
    return conf


def get_series(code: str, path: Path | str | None = None) -> Series:
    conf = load_series(path)
    code = code.strip()
    for s in conf.series:
        if s.code == code:
            return s
    known = "、".join(s.code for s in conf.series) or "（无）"
    raise UsageError(f"--series：未配置编号序列“{code}”；已配置的序列：{known}（在 {path or default_series_path()} 中增加）")
