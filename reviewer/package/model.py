"""What a submission package is and what reviewing one gives: the data both the
package reader (reviewer/package/) and `reviewer batch` (reviewer/batch.py) share."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.findings import Finding

# a file's role in a package, as an officer names it
ROLES = {
    "letter": "送审函",
    "tender": "招标（采购、比选、磋商）文件",
    "contract": "合同（草案）",
    "bid": "投标（响应）文件",
    "award": "中标（成交）通知书",
    "budget": "预算批复或资金证明",
    "license": "营业执照、资质证书",
    "authorization": "授权委托书",
    "sme": "中小企业声明函",
    "minutes": "会议纪要",
    "explanation": "起草说明",
    "basis": "制定依据",
    "comments": "征求意见及采纳情况",
    "fair_competition": "公平竞争审查意见",
    "legal_opinion": "起草单位法制机构初审意见",
    "normative": "规范性文件（送审稿）",
    "other": "其他材料",
}


@dataclass
class Member:
    """One file of a package, as read from a folder or a zip."""

    name: str  # the path inside the package, as the department named it (zip names decoded)
    path: str  # where it can be read on disk (inside the package folder or the work folder)
    size: int = 0
    skipped: str = ""  # why it was not read (hostile path, too large, encrypted…), in Chinese


@dataclass
class FileResult:
    member: Member
    role: str = "other"  # a key of ROLES
    review: object | None = None  # reviewer.api.Review, when the file was reviewed
    error: str = ""  # one Chinese line when it could not be read
    reviewed: bool = False  # the rules ran on it (contract, tender, normative); evidence is read for its facts only


@dataclass
class PackageResult:
    path: str  # the folder or .zip
    kind: str = "unknown"  # contract | tender | normative | unknown: decides the checklist
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # package level: missing materials, cross-document checks
    missing: list[str] = field(default_factory=list)  # names (ROLES values) of the materials to ask for
    skipped: list[Member] = field(default_factory=list)  # members not read, with the reason

    def all_findings(self) -> list[Finding]:
        out = list(self.findings)
        for f in self.files:
            if f.review is not None:
                out.extend(f.review.findings)
        return out
