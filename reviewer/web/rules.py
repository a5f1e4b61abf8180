"""The 规则 pages, read-only: the rule list (filtered by document kind, severity and
keyword) and one rule explained as `reviewer explain` does — what it checks, why, the
legal basis quoted from the statute library, and its hit and clean examples. The words and
the search are reviewer/cli/rules.py's, so the terminal and the page never disagree."""

from __future__ import annotations

import difflib
from functools import lru_cache

from starlette.requests import Request
from starlette.routing import Route

from reviewer.cli.rules import CHECK_KEYS, CHECK_KINDS, KIND_NAMES, _applies, _points, find_rules
from reviewer.findings import SEVERITIES, SEVERITY_RANK
from reviewer.web.render import message, page


@lru_cache(maxsize=1)
def _ruleset():
    """The bundled rules and the review-point catalogue, loaded once per process (read-only)."""
    from reviewer.engine.loader import load_rules

    rs = load_rules()
    return rs, _points(rs)


def _choice(request: Request, name: str, allowed) -> str:
    value = (request.query_params.get(name) or "").strip()
    return value if value in allowed else ""


async def index(request: Request):
    rs, points = _ruleset()
    kind = _choice(request, "kind", KIND_NAMES)
    severity = _choice(request, "severity", SEVERITIES)
    q = (request.query_params.get("q") or "").strip()[:100]
    chosen = find_rules(rs, points, q)[0] if q else list(rs.rules)
    chosen = [r for r in chosen if (not kind or kind in r.applies_to) and (not severity or r.severity == severity)]
    rows = [{"id": r.id, "title": r.title, "severity": r.severity, "rank": SEVERITY_RANK.get(r.severity, 2), "applies": _applies(r), "point": r.point or "",
             "point_title": points.get(r.point or "", {}).get("title", "")} for r in chosen]
    return page(request, "rules.html.j2", title="审查规则", rows=rows, total=len(rs.rules), kinds=KIND_NAMES, severities=SEVERITIES,
                kind=kind, severity=severity, q=q, filtered=bool(kind or severity or q))


def _example(ex) -> dict:
    if isinstance(ex, str):
        return {"text": ex, "facts": ""}
    return {"text": ex.text, "facts": "；".join(f"{k}：{v}" for k, v in ex.facts.items())}


async def explain(request: Request):
    rs, points = _ruleset()
    rule_id = request.path_params["rule_id"]
    rule = next((r for r in rs.rules if r.id == rule_id.upper()), None)
    if rule is None:
        near = difflib.get_close_matches(rule_id.upper(), [r.id for r in rs.rules], n=3, cutoff=0.6)
        guess = f"您是否要找：{'、'.join(near)}？" if near else ""
        return message(request, f"没有编号为 {rule_id[:80]} 的规则。{guess}请回到规则列表查找。", status_code=404, title="规则不存在")
    settings = []
    for key, value in rule.check.model_dump(by_alias=True).items():
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            settings.append((f"{CHECK_KEYS.get(key, key)}（{key}）", value))
    bases = [{"citation": b.citation, "lead": b.lead, "quote": b.quote, "verified": b.verified} for b in (rs.basis.resolve(k) for k in rule.basis)]
    return page(
        request, "rules_explain.html.j2", title=f"规则 {rule.id}", rule=rule, applies=_applies(rule),
        point_title=points.get(rule.point or "", {}).get("title", ""), check_kind=CHECK_KINDS.get(rule.check.kind, rule.check.kind),
        settings=settings, bases=bases, hits=[_example(e) for e in rule.examples.hit], cleans=[_example(e) for e in rule.examples.clean],
    )


def routes() -> list[Route]:
    return [Route("/rules", index), Route("/rules/{rule_id:str}", explain)]
