"""The one Finding model; every report is a formatter over it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Severity = Literal["必须修改", "建议修改", "提示"]
SEVERITIES: tuple[str, ...] = ("必须修改", "建议修改", "提示")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}  # 0 is the most serious


class BasisRef(BaseModel):
    key: str
    law: str  # full title, without 《》
    short: str
    article: str | None = None  # 第五百八十五条 (第二款)
    quote: str | None = None  # exact text; None when the basis is unverified
    verified: bool = True
    doc_no: str | None = None  # 发文字号 of a 规章/规范性文件 basis, e.g. 财政部令第87号
    lead: str | None = None  # a cited item's paragraph lead-in (…一般包括下列条款：), so the quote reads whole

    @property
    def citation(self) -> str:
        art = self.article or ""
        law = self.law.replace("《", "〈").replace("》", "〉")  # a title inside a title takes 〈〉
        if not self.verified:
            number = f"（{self.doc_no}）" if self.doc_no else ""
            return f"根据《{law}》{number}{art}有关规定"
        return f"《{law}》{art}"


class Location(BaseModel):
    block: int | None = None  # index of the block (paragraph/cell) in the document
    where: str = ""  # Chinese: 第12段 / 表格1第3行第2列 / 第5页
    page: int | None = None
    start: int | None = None  # code-point offsets in the extracted text (document.raw)
    end: int | None = None
    excerpt_start: int | None = None  # the quoted sentence, as offsets in document.raw
    excerpt_end: int | None = None
    line: int | None = None  # 1-based line of the extracted text
    column: int | None = None  # 1-based column (code points)


class Finding(BaseModel):
    rule: str
    point: str | None
    severity: Severity
    title: str
    message: str
    clause: str = ""  # 第五条（二） / 表格1 / "" for the whole document
    excerpt: str = ""  # the offending sentence as it stands in the document
    location: Location = Location()
    basis: list[BasisRef] = []
    suggestion: str = ""
    assumed: dict[str, str] = {}  # facts the rule relied on that the text did not state
    related: list[str] = []  # the other sentences a comparing finding rests on (the award, the budget, the other clause)

    def sort_key(self):
        return (SEVERITY_RANK[self.severity], self.location.start if self.location.start is not None else -1, self.rule)
