"""The 统计 page: the year's figures of `reviewer stats` — the summary paragraph ready to
copy, the charts (when matplotlib is installed) as data URIs, the tables, and the CSV and
XLSX downloads. Everything is read from the store through reviewer.ledger; nothing here
counts anything itself."""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from reviewer.cli.stats import _have_matplotlib
from reviewer.errors import UsageError
from reviewer.web.render import message, page

ROWS = 50  # longer tables are cut on the page; the downloads keep every row
NO_MATPLOTLIB = "本机未安装绘图组件（matplotlib），本页只显示统计表，不显示图表；需要图表请由系统管理员运行 pip install 'reviewer[charts]' 后重新打开本页。"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BadRequest(Exception):
    """One Chinese sentence for the user (shown with status 400 or 404)."""

    def __init__(self, text: str, status_code: int = 400):
        super().__init__(text)
        self.status_code = status_code


def _year(request: Request) -> int:
    text = request.query_params.get("year")
    if text is None or not text.strip():
        return dt.date.today().year
    try:
        year = int(text.strip())
    except ValueError:
        year = 0
    if not 1990 <= year <= 2100:
        raise BadRequest(f"年份应写成四位数字，如 {dt.date.today().year}（收到“{text[:40]}”），请在年份框中重新选择。")
    return year


def _store(request: Request):
    from reviewer.register.db import is_url
    from reviewer.register.store import Store

    db = request.app.state.settings.db
    if is_url(db):
        return Store(db)
    if db and not Path(db).exists():
        raise BadRequest(f"找不到登记数据库 {db}，请检查启动工作台时指定的数据库位置。", 500)
    return Store(Path(db) if db else None)


def _years(store, year: int) -> list[int]:
    """The years to offer: from the first case received (at most ten years back) to this year,
    newest first, and the year asked for."""
    this = dt.date.today().year
    first = this
    try:
        with closing(store._connect()) as conn:
            row = conn.execute("SELECT MIN(received_on) FROM cases").fetchone()
        if row and row[0]:
            first = int(str(row[0])[:4])
    except Exception:  # an odd row must not cost the page its year list
        pass
    years = set(range(max(first, this - 10), this + 1)) | {year}
    return sorted(years, reverse=True)


def _figures(request: Request, year: int):
    from reviewer.ledger.stats import year_stats

    try:
        store = _store(request)
        return store, year_stats(store, year)
    except UsageError as exc:
        raise BadRequest(str(exc), 500) from None


def _charts(s) -> tuple[list[tuple[str, str]], str]:
    """[(caption, data URI)] of the three charts, and a note when there are none or the
    Chinese labels may not draw."""
    if not _have_matplotlib():
        return [], NO_MATPLOTLIB
    from reviewer.ledger import charts

    pngs, note = charts.render(s)
    return [(charts.FILES[k].removesuffix(".png"), "data:image/png;base64," + base64.b64encode(png).decode("ascii")) for k, png in pngs.items()], note


def _numeric(header: list[str], rows: list[list]) -> list[bool]:
    return [any(isinstance(r[i], int | float) and not isinstance(r[i], bool) for r in rows) for i in range(len(header))]


def _page_data(request: Request, year: int) -> dict:
    from reviewer.ledger.stats import summary
    from reviewer.ledger.stats_export import clipped

    store, s = _figures(request, year)
    images, note = _charts(s) if not s.empty else ([], "")
    tables = [(title, header, rows, more, _numeric(header, rows)) for title, header, rows, more in clipped(s, ROWS)]
    return {"year": year, "years": _years(store, year), "summary": summary(s), "empty": s.empty, "warning": s.warning,
            "note": note, "images": images, "tables": tables}


async def index(request: Request):
    try:
        year = _year(request)
        data = await run_in_threadpool(_page_data, request, year)
    except BadRequest as exc:
        return message(request, str(exc), status_code=exc.status_code, title="统计")
    return page(request, "stats.html.j2", title=f"{year}年审查工作统计", **data)


def _csv(s) -> bytes:
    from reviewer.ledger.stats_export import csv_text

    return csv_text(s).encode("utf-8-sig")  # with a BOM: Excel and WPS open it as it is


def _xlsx(s) -> bytes:
    from reviewer.ledger.stats_export import write_xlsx

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stats.xlsx"
        write_xlsx(s, path)
        return path.read_bytes()


EXPORTS = {"csv": (_csv, CSV_TYPE), "xlsx": (_xlsx, XLSX_TYPE)}


async def export(request: Request):
    fmt = request.path_params["fmt"]
    if fmt not in EXPORTS:
        return message(request, "只能下载 CSV 或 Excel（XLSX）格式的统计表。", status_code=404, title="统计")
    build, media = EXPORTS[fmt]
    try:
        year = _year(request)
        body = await run_in_threadpool(lambda: build(_figures(request, year)[1]))
    except BadRequest as exc:
        return message(request, str(exc), status_code=exc.status_code, title="统计")
    name = f"{year}年审查工作统计.{fmt}"
    # the ASCII name for old clients, the Chinese one (RFC 6266/5987) for every current browser
    disposition = f"attachment; filename=\"stats-{year}.{fmt}\"; filename*=UTF-8''{quote(name)}"
    return Response(body, media_type=media, headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})


def routes() -> list[Route]:
    return [Route("/stats", index), Route("/stats/download.{fmt}", export)]
