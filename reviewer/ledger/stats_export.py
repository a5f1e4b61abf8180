"""The year's figures as files: CSV (one section per table), XLSX (one sheet per table)
and a one-file HTML page with the charts embedded as PNG data URIs."""

from __future__ import annotations

import base64
import csv
import io
from functools import lru_cache

from reviewer.ledger.stats import YearStats, summary, tables

HTML_ROWS = 30
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def clipped(s: YearStats, limit: int) -> list[tuple[str, list[str], list[list], int]]:
    """The tables for reading (terminal, HTML page): long lists (units, points, late cases)
    cut at `limit` rows with the number left out, since a busy year has thousands of late
    cases; CSV and XLSX keep every row."""
    return [(title, header, rows[:limit], max(0, len(rows) - limit)) for title, header, rows in tables(s)]


def csv_text(s: YearStats) -> str:
    """Every table under its own title row, a blank row between them: one file that Excel
    and WPS open as it is (written with a BOM by the caller)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["年度小结", summary(s)])
    for title, header, rows in tables(s):
        writer.writerow([])
        writer.writerow([title])
        writer.writerow(header)
        writer.writerows(rows)
    return buf.getvalue()


def write_xlsx(s: YearStats, path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "年度小结"
    sheet["A1"] = summary(s)
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 100
    sheet.row_dimensions[1].height = 90
    for title, header, rows in tables(s):
        sheet = book.create_sheet(title.translate(_SHEET_FORBIDDEN)[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for i, name in enumerate(header):
            width = max([len(str(name))] + [len(str(r[i])) for r in rows]) * 2 + 2
            sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width = min(width, 60)
        sheet.freeze_panes = "A2"
    book.save(path)


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("reviewer.ledger", "templates"), autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    return env.get_template("stats.html.j2")


def html_page(s: YearStats, charts: dict[str, bytes], note: str = "") -> str:
    from reviewer.ledger.charts import FILES

    images = [(FILES[k].removesuffix(".png"), "data:image/png;base64," + base64.b64encode(png).decode("ascii")) for k, png in charts.items()]
    return _template().render(year=s.year, summary=summary(s), empty=s.empty, tables=clipped(s, HTML_ROWS), images=images, warning=s.warning, note=note)
