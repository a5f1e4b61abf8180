"""The year's figures of the office (审查工作统计) from the store's tables, and the
one-paragraph summary in the style of the county's annual report.

A case belongs to the year it was received (received_on); opinion letters, registered
documents and filings count by their own dates (issued_on, the year of the 文号,
filed_on), as the annual report does. Every table is read in one query (aggregated in
SQL where that is portable), never per case, so 10,000 cases stay well under 2 s.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from contextlib import closing
from dataclasses import asdict, dataclass, field

from reviewer import workdays
from reviewer.errors import UsageError
from reviewer.register.db import dicts

KINDS = ("合同", "招标文件", "规范性文件", "重大行政决策", "其他")
SEVERITIES = ("必须修改", "建议修改", "提示")
STATUS = {"reviewing": "审核中", "returned": "退回补充", "closed": "已办结"}
_SPLIT = re.compile(r"[、，,；;\s]+")


@dataclass
class YearStats:
    year: int
    received: int = 0
    open: int = 0  # not closed: 审核中 or 退回补充
    closed: int = 0
    opinions: int = 0
    tenders_contracts: int = 0
    normative: int = 0
    registered: int = 0
    filed: int = 0
    findings: int = 0
    by_severity: dict = field(default_factory=dict)
    by_kind: dict = field(default_factory=dict)  # kind -> {received, open, closed, findings}
    by_unit: dict = field(default_factory=dict)  # unit -> {received, open, closed, returned, late, findings}
    by_month: dict = field(default_factory=dict)  # 1..12 -> {received, closed, opinions}
    points: list = field(default_factory=list)  # [{point, title, 必须修改…, total, cases}] most frequent first
    returns: int = 0  # 'returned' events (件次)
    returned_cases: int = 0
    missing: list = field(default_factory=list)  # [[material, times]] most frequent first
    timed: int = 0  # closed cases with a review time
    average_days: float | None = None
    longest_days: int | None = None
    longest_case: str | None = None
    late: list = field(default_factory=list)  # [{number, unit, due_on, closed_on}]
    warning: str = ""  # working days counted without the official calendar

    @property
    def empty(self) -> bool:
        return not (self.received or self.opinions or self.registered or self.filed)

    def to_dict(self) -> dict:
        return {**asdict(self), "by_month": {str(k): v for k, v in self.by_month.items()}, "summary": summary(self), "empty": self.empty}


def check_year(text) -> int:
    try:
        year = int(str(text).strip())
    except ValueError:
        year = 0
    if not 1990 <= year <= 2100:
        raise UsageError(f"--year：年份应写成四位数字，如 2026（收到“{text}”）")
    return year


def _date(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:  # a hand-edited row; it is left out of the time figures
        return None


class _WorkdayIndex:
    """Working days counted once per calendar day of the span: between(a, b) is a
    subtraction, the same figure as workdays.between (days after a up to and including b)."""

    def __init__(self, days: list[dt.date]):
        self.cum: dict[dt.date, int] = {}
        if days:
            day, total, last = min(days), 0, max(days)
            while day <= last:
                total += workdays.is_workday(day)
                self.cum[day] = total
                day += dt.timedelta(days=1)

    def between(self, start: dt.date, end: dt.date) -> int:
        return max(0, self.cum[end] - self.cum[start])


def _materials(text) -> list[str]:
    if isinstance(text, list):
        text = "、".join(map(str, text))
    return [m for m in _SPLIT.split(str(text or "")) if m]


def _missing_of_event(changes) -> list[str] | None:
    """What a return asked for, when the event recorded it ({"missing": [before, after]})."""
    try:
        data = json.loads(changes) if changes else None
    except (TypeError, ValueError):
        return None
    value = data.get("missing") if isinstance(data, dict) else None
    if isinstance(value, list) and len(value) == 2:  # the store's change shape: [before, after]
        value = value[1]
    return _materials(value) if value else None


def point_titles() -> dict[str, str]:
    """Review point id -> its short Chinese title (rules/points.yaml)."""
    import yaml

    from reviewer.paths import default_rules_dir

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load((default_rules_dir() / "points.yaml").read_text(encoding="utf-8"), Loader=loader) or {}
    except OSError:
        return {}
    return {pid: p.get("title", pid) for pid, p in (data.get("points") or {}).items()}


def year_stats(store, year: int) -> YearStats:
    s = YearStats(year)
    lo, hi = f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    in_year = "c.received_on >= ? AND c.received_on < ?"
    with closing(store._connect()) as conn:
        cases = dicts(conn.execute(f"SELECT c.number, c.unit, c.kind, c.received_on, c.complete_on, c.due_on, c.status, c.closed_on, c.missing FROM cases c WHERE {in_year} ORDER BY c.received_on, c.number", (lo, hi)))
        findings = conn.execute(f"SELECT f.case_number, COALESCE(f.point, f.rule), f.severity, COUNT(*) FROM case_findings f JOIN cases c ON c.number = f.case_number WHERE {in_year} GROUP BY f.case_number, COALESCE(f.point, f.rule), f.severity", (lo, hi)).fetchall()
        returns = conn.execute(f"SELECT e.case_number, e.changes FROM case_events e JOIN cases c ON c.number = e.case_number WHERE e.event = 'returned' AND {in_year} ORDER BY e.at, e.id", (lo, hi)).fetchall()
        opinions = conn.execute("SELECT number, issued_on FROM opinions WHERE status = 'issued' AND issued_on >= ? AND issued_on < ?", (lo, hi)).fetchall()
        # letters written outside reviewer and only recorded when the case was closed
        recorded = conn.execute("SELECT opinion_number, closed_on FROM cases WHERE opinion_number IS NOT NULL AND closed_on >= ? AND closed_on < ?", (lo, hi)).fetchall()
        s.registered = conn.execute("SELECT COUNT(*) FROM documents WHERE year = ? AND status <> 'void'", (year,)).fetchone()[0]
        s.filed = conn.execute("SELECT COUNT(DISTINCT number) FROM filings WHERE filed_on >= ? AND filed_on < ?", (lo, hi)).fetchone()[0]

    s.by_month = {m: {"received": 0, "closed": 0, "opinions": 0} for m in range(1, 13)}
    s.by_kind = {k: {"received": 0, "open": 0, "closed": 0, "findings": 0} for k in KINDS}
    units: dict[str, dict] = defaultdict(lambda: {"received": 0, "open": 0, "closed": 0, "returned": 0, "late": 0, "findings": 0})
    seen = set()
    for number, issued_on in [*opinions, *recorded]:
        if number in seen:
            continue
        seen.add(number)
        s.opinions += 1
        s.by_month[int(issued_on[5:7])]["opinions"] += 1

    per_case = Counter()
    points: dict[str, dict] = {}
    for number, point, severity, n in findings:
        per_case[number] += n
        row = points.setdefault(point, {"point": point, **{sev: 0 for sev in SEVERITIES}, "total": 0, "cases": set()})
        row[severity] = row.get(severity, 0) + n
        row["total"] += n
        row["cases"].add(number)
    titles = point_titles() if points else {}
    s.points = sorted(({**r, "title": titles.get(r["point"], ""), "cases": len(r["cases"])} for r in points.values()), key=lambda r: (-r["total"], r["point"]))
    s.findings = sum(r["total"] for r in s.points)
    s.by_severity = {sev: sum(r.get(sev, 0) for r in s.points) for sev in SEVERITIES}
    for r in s.points:  # a severity outside the three (hand-entered) still counts in the total
        for sev in set(r) - set(SEVERITIES) - {"point", "title", "total", "cases"}:
            s.by_severity[sev] = s.by_severity.get(sev, 0) + r[sev]

    # Review time: working days after the materials were complete (or received) up to the closing day.
    spans = []
    for c in cases:
        start, end = _date(c["complete_on"]) or _date(c["received_on"]), _date(c["closed_on"])
        if c["status"] == "closed" and start and end and end >= start:
            spans.append((c, start, end))
    index = _WorkdayIndex([d for _, a, b in spans for d in (a, b)])
    s.warning = workdays.warning(workdays.unknown_years(*[d for _, a, b in spans for d in (a, b)]))
    took = {c["number"]: index.between(a, b) for c, a, b in spans}

    by_number = {}
    for c in cases:
        by_number[c["number"]] = c
        kind = c["kind"] if c["kind"] in s.by_kind else "其他"
        unit = units[c["unit"]]
        done = c["status"] == "closed"
        s.received += 1
        s.closed += done
        for row in (s.by_kind[kind], unit):
            row["received"] += 1
            row["closed" if done else "open"] += 1
            row["findings"] += per_case[c["number"]]
        s.by_month[int(c["received_on"][5:7])]["received"] += 1
        closed_on = _date(c["closed_on"]) if done else None
        if closed_on and closed_on.year == year:
            s.by_month[closed_on.month]["closed"] += 1
        due = _date(c["due_on"])
        if closed_on and due and closed_on > due:
            unit["late"] += 1
            s.late.append({"number": c["number"], "unit": c["unit"], "due_on": c["due_on"], "closed_on": c["closed_on"]})
    s.open = s.received - s.closed
    s.tenders_contracts = s.by_kind["合同"]["received"] + s.by_kind["招标文件"]["received"]
    s.normative = s.by_kind["规范性文件"]["received"]

    if took:
        s.timed = len(took)
        s.average_days = round(sum(took.values()) / len(took), 1)
        s.longest_case, s.longest_days = max(took.items(), key=lambda kv: (kv[1], kv[0]))

    # Returns for missing materials: each 'returned' event is one 件次; what it asked for is
    # in the event when recorded there, else the case's own list (counted once per case).
    missing = Counter()
    returned, told = Counter(), set()
    for number, changes in returns:
        returned[number] += 1
        asked = _missing_of_event(changes)
        if asked is not None:
            told.add(number)
            missing.update(asked)
    for number in returned:
        units[by_number[number]["unit"]]["returned"] += 1
        if number not in told:
            missing.update(_materials(by_number[number]["missing"]))
    s.returns, s.returned_cases = sum(returned.values()), len(returned)
    s.missing = sorted(([m, n] for m, n in missing.items()), key=lambda r: (-r[1], r[0]))
    s.by_unit = dict(sorted(units.items(), key=lambda kv: (-kv[1]["received"], kv[0])))
    return s


def _days(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def summary(s: YearStats) -> str:
    """The paragraph for the annual report; a clause whose figure is zero is left out."""
    if s.empty:
        return f"{s.year}年没有审查工作记录：登记数据库中没有该年收件的案件、出具的合法性审查意见书，也没有该年登记或报送备案的规范性文件。"
    groups = []
    head = []
    if s.received:
        head.append(f"共审查各类文件{s.received}件" + (f"（正在审核的{s.open}件）" if s.open else ""))
    if s.opinions:
        head.append(f"出具合法性审查意见书{s.opinions}份")
    groups.append(head)
    parts = [(s.tenders_contracts, "招（投）标（比选）文件、合同"), (s.normative, "规范性文件"), (s.by_kind["重大行政决策"]["received"], "重大行政决策事项"), (s.by_kind["其他"]["received"], "其他文件")]
    kinds = [f"{name}{n}件" for n, name in parts if n]
    if kinds:
        groups.append(["其中审查" + kinds[0], *kinds[1:]])
    if s.findings:
        detail = "、".join(f"{sev}{s.by_severity[sev]}条" for sev in SEVERITIES if s.by_severity.get(sev))
        groups.append([f"提出审查意见{s.findings}条" + (f"（{detail}）" if detail else "")])
    groups.append(([f"登记规范性文件{s.registered}件"] if s.registered else []) + ([f"报送备案{s.filed}件"] if s.filed else []))
    timing = []
    if s.timed:
        timing.append(f"平均审查用时{_days(s.average_days)}个工作日")
        timing.append(f"最长{s.longest_days}个工作日")
    if s.late:
        timing.append(f"超过要求完成日期办结{len(s.late)}件")
    groups.append(timing)
    if s.returns:
        groups.append([f"因材料不全退回补充{s.returns}件次" + (f"（涉及{s.returned_cases}件）" if s.returned_cases != s.returns else "")])
    return f"{s.year}年，" + "；".join("，".join(g) for g in groups if g) + "。"


def tables(s: YearStats) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) of every table, the same for the terminal, CSV, XLSX and HTML."""
    avg = "" if s.average_days is None else s.average_days
    totals = [
        ["审查各类文件（收件）", s.received], ["其中：正在审核", s.open], ["其中：已办结", s.closed],
        ["出具合法性审查意见书（份）", s.opinions], ["审查招（投）标（比选）文件、合同", s.tenders_contracts],
        ["审查规范性文件", s.normative], ["登记规范性文件", s.registered], ["报送备案规范性文件", s.filed],
        ["审查意见（条）", s.findings], *[[f"其中：{sev}", s.by_severity.get(sev, 0)] for sev in SEVERITIES],
        ["因材料不全退回补充（件次）", s.returns], ["退回补充的案件（件）", s.returned_cases],
        ["平均审查用时（工作日）", avg], ["最长审查用时（工作日）", "" if s.longest_days is None else s.longest_days],
        ["最长用时的案件", s.longest_case or ""], ["计入审查用时的已办结案件", s.timed],
        ["超过要求完成日期办结", len(s.late)],
    ]
    out = [("总体情况", ["项目", "数量"], totals)]
    out.append(("按类别", ["类别", "收件", "正在审核", "已办结", "审查意见（条）"], [[k, r["received"], r["open"], r["closed"], r["findings"]] for k, r in s.by_kind.items()]))
    out.append(("按送审单位", ["送审单位", "收件", "正在审核", "已办结", "退回补充（件）", "超期办结", "审查意见（条）"], [[u, r["received"], r["open"], r["closed"], r["returned"], r["late"], r["findings"]] for u, r in s.by_unit.items()]))
    out.append(("按月份", ["月份", "收件", "办结", "出具意见书"], [[f"{m}月", r["received"], r["closed"], r["opinions"]] for m, r in s.by_month.items()]))
    out.append(("审查要点", ["审查要点", "名称", *SEVERITIES, "合计", "涉及案件"], [[p["point"], p["title"], *[p.get(sev, 0) for sev in SEVERITIES], p["total"], p["cases"]] for p in s.points]))
    returned = [(u, r) for u, r in s.by_unit.items() if r["returned"]]
    returned.sort(key=lambda ur: (-ur[1]["returned"], -ur[1]["returned"] / ur[1]["received"], ur[0]))
    out.append(("退回补充的单位", ["送审单位", "退回补充（件）", "收件", "退回比例"], [[u, r["returned"], r["received"], f"{r['returned'] / r['received']:.0%}"] for u, r in returned]))
    out.append(("缺少的材料", ["材料", "次数"], [list(m) for m in s.missing]))
    out.append(("超期办结的案件", ["案号", "送审单位", "要求完成日期", "办结日期"], [[c["number"], c["unit"], c["due_on"], c["closed_on"]] for c in s.late]))
    return out
