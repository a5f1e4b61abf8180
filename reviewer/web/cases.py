"""The 案件 pages: the review ledger's cases (reviewer.ledger), open and overdue first,
with their working-day clocks; a case's page; opening, returning for materials (with the
Word notice to download), marking complete and closing. No SQL here: the ledger does it."""

from __future__ import annotations

import datetime as dt
import hashlib

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse
from starlette.routing import Route

from reviewer.errors import UsageError
from reviewer.findings import SEVERITIES
from reviewer.ledger import cases, timing
from reviewer.web import auth, intake
from reviewer.web.actions import date, guarded, ruleset, work
from reviewer.web.render import page

CSS = "/static/cases.css"


def _clock(case: dict, today: dt.date) -> dict:
    """Working days used, left of the 15-day limit, and to the unit's due date."""
    used = timing.days_used(case, today)
    due = dt.date.fromisoformat(case["due_on"]) if case.get("due_on") else None
    open_ = case["status"] != "closed"
    return {
        "used": used,
        "left": timing.MAX_DAYS - used if used is not None and open_ else None,
        "to_due": timing.workdays.between(today, due) if due and open_ and due >= today else None,
        "overdue": bool(open_ and due and due < today) or bool(open_ and used is not None and used > timing.MAX_DAYS),
        "status": cases.STATUS_NAMES.get(case["status"], case["status"]),
    }


@guarded
async def index(request: Request):
    q = request.query_params
    today = dt.date.today()
    year = q.get("year", "").strip()
    if year and not (year.isdigit() and len(year) == 4):
        raise UsageError(f"年份“{year}”无法识别，请写四位数字，如 2026")
    rows = cases.list_cases(auth.store(request), open_only=bool(q.get("open")), overdue=today if q.get("overdue") else None,
                            unit=q.get("unit") or None, kind=q.get("kind") or None, year=int(year) if year else None)
    for r in rows:
        r["clock"] = _clock(r, today)
    # open and overdue first; then by due date, the earliest first
    rows.sort(key=lambda r: (r["status"] == "closed", not r["clock"]["overdue"], r.get("due_on") or "9999", r["number"]))
    return page(request, "cases.html.j2", title="案件", rows=rows, kinds=cases.KINDS, q=q, today=today.isoformat(), css=CSS)


@guarded
async def new(request: Request):
    auth.require(request, "review")
    data = await auth.form(request)
    received = date(data.get("received"), "收件日期", dt.date.today())
    kind = cases._check_kind(data.get("kind") or "")
    uploads = [f for f in data.getlist("files") if getattr(f, "filename", None)]
    saved = [await intake.save(f, work(request), request.app.state.settings.max_upload_mb) for f in uploads]
    from reviewer.api import check_file

    # every file is read before a number is taken: an unreadable one refuses the whole opening
    reviews = [(await run_in_threadpool(check_file, path, ruleset()), path, name) for path, name in saved]
    title = (data.get("title") or "").strip() or (reviews[0][0].facts.title if reviews else None)
    store = auth.store(request)
    rec = cases.open_case(store, unit=data.get("unit") or "", kind=kind, received=received, due=date(data.get("due"), "要求完成日期"),
                          complete=date(data.get("complete"), "材料齐全日期"), title=title, missing=cases.split_items(data.get("missing")))
    for rv, path, name in reviews:
        cases.attach_document(store, rec["number"], path=str(path), sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                              title=rv.facts.title or name, kind=rv.facts.get("kind"),
                              findings=[{"rule": f.rule, "point": f.point, "severity": f.severity} for f in rv.findings])
    auth.audit(request, "立案", rec["number"], f"{rec['unit']}，{rec['kind']}" + (f"，审查文件 {len(reviews)} 份" if reviews else ""))
    return RedirectResponse(f"/cases/{rec['number']}", status_code=303)


def _events(rec: dict) -> list[dict]:
    out = []
    for e in rec["events"]:
        changes = [(cases.EVENT_FIELD_NAMES.get(k, k), _shown(k, a), _shown(k, b)) for k, (a, b) in (e["changes"] or {}).items()]
        out.append({"at": e["at"].replace("T", " "), "name": cases.EVENT_NAMES.get(e["event"], e["event"]), "reason": e["reason"], "changes": changes})
    return out


def _shown(key: str, value) -> str:
    if value is None or value == "":
        return "（空）"
    return cases.STATUS_NAMES.get(value, value) if key == "status" else str(value)


def _notice_path(request: Request, number: str):
    folder = work(request) / "notices"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (hashlib.sha256(number.encode()).hexdigest()[:24] + ".docx")


@guarded
async def show(request: Request):
    number = cases.parse_case_number(request.path_params["number"])
    rec = cases.get_case(auth.store(request), number)
    today = dt.date.today()
    by_severity = [(s, [f for f in rec["findings"] if f["severity"] == s]) for s in SEVERITIES]
    names = {d["id"]: d["title"] or "（无标题）" for d in rec["documents"]}
    user = auth.current_user(request)
    return page(request, "case.html.j2", title=f"案件 {number}", case=rec, clock=_clock(rec, today), notes=timing.checks(rec, today),
                by_severity=by_severity, doc_names=names, events=_events(rec), notice=_notice_path(request, number).is_file(),
                can_close="close" in auth.RIGHTS.get(user["role"], set()) if user else False, today=today.isoformat(),
                done=request.query_params.get("done", ""), css=CSS)


def _back(number: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/cases/{number}?done={done}", status_code=303)


@guarded
async def return_for_materials(request: Request):
    auth.require(request, "review")
    data = await auth.form(request)
    number = cases.parse_case_number(request.path_params["number"])
    from reviewer.ledger.notice import render_notice
    from reviewer.report.opinion import load_template

    on = date(data.get("date"), "通知日期", dt.date.today())
    store = auth.store(request)
    cases.get_case(store, number)  # an unknown number stops here
    rec = cases.return_case(store, number, data.get("missing"), (data.get("reason") or "").strip() or None)
    await run_in_threadpool(render_notice, rec, _notice_path(request, number), load_template(None)["office"], on)
    auth.audit(request, "退回补充", number, f"缺少：{rec['missing']}")
    return _back(number, "returned")


async def notice(request: Request):
    number = cases.parse_case_number(request.path_params["number"])
    path = _notice_path(request, number)
    if not path.is_file():
        from reviewer.web.render import message

        return message(request, "这个案件还没有退回补充材料通知。", status_code=404, title="没有通知")
    return FileResponse(path, filename=f"{number}-退回补充材料通知.docx",
                        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@guarded
async def complete(request: Request):
    auth.require(request, "review")
    data = await auth.form(request)
    number = cases.parse_case_number(request.path_params["number"])
    rec = cases.complete_case(auth.store(request), number, date(data.get("date"), "材料齐全日期", dt.date.today()))
    auth.audit(request, "材料齐全", number, f"材料齐全日期 {rec['complete_on']}")
    return _back(number, "completed")


@guarded
async def close(request: Request):
    auth.require(request, "close")
    data = await auth.form(request)
    number = cases.parse_case_number(request.path_params["number"])
    rec = cases.close_case(auth.store(request), number, date(data.get("date"), "办结日期", dt.date.today()), (data.get("opinion") or "").strip() or None)
    auth.audit(request, "办结案件", number, f"办结日期 {rec['closed_on']}" + (f"，意见书 {rec['opinion_number']}" if rec.get("opinion_number") else ""))
    return _back(number, "closed")


@guarded
async def reopen(request: Request):
    """A closed case taken up again (a letter withdrawn, materials sent anew): 负责人 only, with a reason."""
    auth.require(request, "close")
    data = await auth.form(request)
    number = cases.parse_case_number(request.path_params["number"])
    reason = (data.get("reason") or "").strip()
    if not reason:
        raise UsageError("请写明重新办理的原因")
    cases.reopen_case(auth.store(request), number, reason)
    auth.audit(request, "重新办理", number, reason)
    return _back(number, "reopened")


def routes() -> list[Route]:
    return [
        Route("/cases", index),
        Route("/cases/new", new, methods=["POST"]),
        Route("/cases/{number}", show),
        Route("/cases/{number}/return", return_for_materials, methods=["POST"]),
        Route("/cases/{number}/notice", notice),
        Route("/cases/{number}/complete", complete, methods=["POST"]),
        Route("/cases/{number}/close", close, methods=["POST"]),
        Route("/cases/{number}/reopen", reopen, methods=["POST"]),
    ]
