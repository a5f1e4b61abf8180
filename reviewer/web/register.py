"""The 登记 pages: the filing register of normative documents (reviewer.register), its
search and filters; numbering a document (read from the file as `reviewer register add`
does, shown for confirmation); status, publication and filing; CSV/XLSX downloads; and
the published 集中发布 site, built into the work folder and served read-only at /site/.
No SQL here: the register's modules do it."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from reviewer.errors import UsageError
from reviewer.register import documents as register_docs
from reviewer.register import filing, sheets
from reviewer.register.series import load_series
from reviewer.web import auth, intake
from reviewer.web.actions import date, guarded, work
from reviewer.web.render import page

CSS = "/static/register.css"
SITE = "site"  # the published site's folder in the work folder
EDITABLE = ("title", "issuer", "written_on", "published_on", "effective_on", "expires_on", "opinion_number", "filed_with", "note")
DATES = ("written_on", "published_on", "effective_on", "expires_on")


def _site_dir(request: Request) -> Path:
    return work(request) / SITE


def _filters(request: Request) -> dict:
    q = request.query_params
    year = q.get("year", "").strip()
    if year and not (year.isdigit() and len(year) == 4):
        raise UsageError(f"年份“{year}”无法识别，请写四位数字，如 2026")
    return {"year": int(year) if year else None, "status": q.get("status") or None, "issuer": q.get("issuer") or None,
            "words": q.get("q", "").split() or None}


@guarded
async def index(request: Request):
    rows = register_docs.documents(auth.store(request), **_filters(request))
    rows.sort(key=lambda r: (-int(r["year"]), r["series"], -int(r["seq"])))  # newest first, as the site lists them
    user = auth.current_user(request)
    rights = auth.RIGHTS.get(user["role"], set()) if user else set()
    return page(request, "register.html.j2", title="登记", rows=rows, q=request.query_params, statuses=list(register_docs.STATUS_CODES),
                status_names=register_docs.STATUS_NAMES, published=(_site_dir(request) / "index.html").is_file(),
                picks=_reviewed_files(request), rights=rights, done=request.query_params.get("done", ""), css=CSS)


def _reviewed_files(request: Request) -> list[dict]:
    """Files reviewed in open cases that are still in the work folder, to number one of them
    without uploading it again; the page carries the file's token, never its path."""
    from reviewer.ledger import cases

    store, folder, out = auth.store(request), intake.uploads(work(request)).resolve(), []
    for c in cases.list_cases(store, open_only=True)[-30:]:
        for d in cases.get_case(store, c["number"])["documents"]:
            path = Path(d["path"])
            if path.parent.resolve() == folder and path.is_file():
                out.append({"token": path.stem, "title": d["title"] or "（无标题）", "case": c["number"]})
    return out


@guarded
async def read(request: Request):
    """Step 1 of numbering: the file (uploaded or picked), its fields read for confirmation."""
    auth.require(request, "number")
    data = await auth.form(request)
    upload = data.get("file")
    if getattr(upload, "filename", None):
        path, name = await intake.save(upload, work(request), request.app.state.settings.max_upload_mb)
    elif data.get("token"):
        path = intake.find(work(request), data.get("token"))
        name = path.name
    else:
        raise UsageError("请选择要登记的文件：上传一份，或从已审查的文件中选一份")
    from reviewer.register.reading import read_document  # the CLI's reading, so both number alike

    found, _ = await run_in_threadpool(read_document, str(path))
    fields = {k: (found.get(k).isoformat() if isinstance(found.get(k), dt.date) else found.get(k) or "") for k in EDITABLE}
    return page(request, "register_confirm.html.j2", title="登记规范性文件：核对", token=path.stem, name=name, fields=fields,
                headers=register_docs.HEADERS, found_number=found.get("number") or "", expires_note=found.get("expires_note"),
                series=load_series().series, css=CSS)


@guarded
async def add(request: Request):
    """Step 2: take the next number of the series (or register the document's own) and record it."""
    auth.require(request, "number")
    data = await auth.form(request)
    import hashlib

    path = intake.find(work(request), data.get("token"))
    conf = load_series()
    rec = {k: (data.get(k) or "").strip() or None for k in EDITABLE}
    for k in DATES:
        rec[k] = date(rec[k], register_docs.HEADERS[k])
    if not rec["title"]:
        raise UsageError("请写明文件名称")
    rec.update(path=str(path.resolve()), sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    series, year = (data.get("series") or "").strip(), None
    if series:
        from reviewer.register.series import get_series

        ser = get_series(series)
        year = (rec["written_on"] or dt.date.today()).year
        rec["issuer"] = rec["issuer"] or ser.issuer
        rec["filed_with"] = rec["filed_with"] or ser.filed_with or None
    else:
        rec["number"] = (data.get("number") or "").strip()
        rec["_origin"] = "文号"
        if not rec["number"]:
            raise UsageError("请选择编号序列取新号，或写明文件已有的文号")
    out = register_docs.add(auth.store(request), rec, series=series or None, year=year, reg_code=conf.registry.code)
    auth.audit(request, "取号登记", out["number"], f"《{out['title']}》，登记编号 {out['reg_no']}")
    return RedirectResponse(f"/register/doc/{out['number']}?done=added", status_code=303)


@guarded
async def show(request: Request):
    store = auth.store(request)
    rec = register_docs.get(store, request.path_params["number"])
    events = []
    for e in rec["events"]:
        changes = [(register_docs.HEADERS.get(k, k), sheets.shown(k, a) or "（空）", sheets.shown(k, b)) for k, (a, b) in (e["changes"] or {}).items()]
        events.append({"at": sheets.shown("at", e["at"]), "name": register_docs.EVENT_NAMES.get(e["event"], e["event"]), "reason": e["reason"], "changes": changes})
    shown = [(name, sheets.shown(key, rec.get(key))) for key, name in register_docs.FIELDS if rec.get(key) and key not in ("path", "sha256")]
    user = auth.current_user(request)
    return page(request, "register_doc.html.j2", title=rec["number"], doc=rec, shown=shown, events=events, filings=filing.filings(store, rec["number"]),
                today=dt.date.today().isoformat(), rights=auth.RIGHTS.get(user["role"], set()) if user else set(),
                done=request.query_params.get("done", ""), css=CSS)


def _back(number: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/register/doc/{number}?done={done}", status_code=303)


@guarded
async def status(request: Request):
    auth.require(request, "status")
    data = await auth.form(request)
    new = (data.get("status") or "").strip()
    rec = register_docs.set_status(auth.store(request), request.path_params["number"], new, data.get("by") or "", date(data.get("date"), "变更日期", dt.date.today()))
    auth.audit(request, "状态变更", rec["number"], f"{new}，依据：{rec['status_by']}")
    return _back(rec["number"], "status")


@guarded
async def void(request: Request):
    """A number taken by mistake: 作废 with the reason (the number right: whoever may take numbers)."""
    auth.require(request, "number")
    data = await auth.form(request)
    rec = register_docs.void(auth.store(request), request.path_params["number"], data.get("reason") or "")
    auth.audit(request, "作废文号", rec["number"], rec["status_by"])
    return _back(rec["number"], "voided")


@guarded
async def publication(request: Request):
    auth.require(request, "status")
    data = await auth.form(request)
    on = date(data.get("date"), "公布日期")
    if on is None:
        raise UsageError("请写明公布日期")
    rec = filing.record_publication(auth.store(request), request.path_params["number"], on, data.get("via") or "", data.get("url"))
    auth.audit(request, "记录公布", rec["number"], f"{rec['published_on']} {rec['published_via']}")
    return _back(rec["number"], "published")


@guarded
async def filed(request: Request):
    auth.require(request, "status")
    data = await auth.form(request)
    on = date(data.get("date"), "报送备案日期")
    if on is None:
        raise UsageError("请写明报送备案日期")
    from reviewer.ledger.cases import split_items

    rec = filing.record_filing(auth.store(request), request.path_params["number"], data.get("with") or "", on,
                               filing_no=data.get("filing_no"), items=split_items(data.get("items")))
    auth.audit(request, "记录备案", rec["number"], f"{on.isoformat()} 报送{(data.get('with') or '').strip()}")
    return _back(rec["number"], "filed")


@guarded
async def export(request: Request):
    kind = request.path_params["kind"]
    if kind not in ("csv", "xlsx"):
        raise UsageError("只能导出 .csv 或 .xlsx")
    rows = register_docs.documents(auth.store(request), **_filters(request))
    name = f"规范性文件登记簿-{dt.date.today().isoformat()}.{kind}"
    if kind == "csv":
        body, media = sheets.csv_text(rows).encode("utf-8-sig"), "text/csv; charset=utf-8"
    else:
        with tempfile.TemporaryDirectory(dir=work(request)) as tmp:
            target = Path(tmp) / "export.xlsx"
            await run_in_threadpool(sheets.write, target, str(target), rows)
            body = target.read_bytes()
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    from urllib.parse import quote

    return Response(body, media_type=media, headers={"Content-Disposition": f"attachment; filename=\"register.{kind}\"; filename*=UTF-8''{quote(name)}"})


@guarded
async def publish_site(request: Request):
    auth.require(request, "publish")
    await auth.form(request)
    from reviewer.register.publish import publish

    summary = await run_in_threadpool(publish, auth.store(request), _site_dir(request))
    auth.audit(request, "发布网站", None, f"发布 {summary.published} 件，作废文号 {summary.skipped} 个不发布")
    return RedirectResponse("/register?done=published", status_code=303)


class _Site:
    """The published folder of this desk's work folder, read-only (GET and HEAD only, as
    StaticFiles serves); the folder is found per request, since it lives in the settings."""

    def __init__(self):
        self.files: dict[Path, StaticFiles] = {}

    async def __call__(self, scope, receive, send):
        folder = Path(scope["app"].state.settings.work) / SITE
        if not folder.is_dir():  # not published yet
            from starlette.exceptions import HTTPException

            raise HTTPException(404)
        if folder not in self.files:
            self.files[folder] = StaticFiles(directory=folder, html=True, check_dir=False)
        await self.files[folder](scope, receive, send)


def routes() -> list:
    return [
        Route("/register", index),
        Route("/register/read", read, methods=["POST"]),
        Route("/register/add", add, methods=["POST"]),
        Route("/register/publish", publish_site, methods=["POST"]),
        Route("/register/export.{kind}", export),
        Route("/register/doc/{number}", show),
        Route("/register/doc/{number}/status", status, methods=["POST"]),
        Route("/register/doc/{number}/publication", publication, methods=["POST"]),
        Route("/register/doc/{number}/filing", filed, methods=["POST"]),
        Route("/register/doc/{number}/void", void, methods=["POST"]),
        Mount("/site", app=_Site(), name="site"),
    ]
