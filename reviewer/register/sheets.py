"""The register as a table: CSV (UTF-8 with BOM, opens in Excel as it is) and XLSX (openpyxl),
columns headed with the Chinese field names, read back by the same names."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from reviewer.errors import UsageError
from reviewer.register.documents import DATE_FIELDS, FIELDS, STATUS_NAMES

_BY_HEADER = {name: key for key, name in FIELDS}


def shown(key: str, value) -> str:
    if value is None:
        return ""
    if key == "status":
        return STATUS_NAMES.get(value, value)
    if key in ("created_at", "at"):
        return str(value).replace("T", " ")
    return str(value)


def table_rows(rows: list[dict]) -> list[list[str]]:
    return [[name for _, name in FIELDS]] + [[shown(k, r.get(k)) for k, _ in FIELDS] for r in rows]


def csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table_rows(rows))
    return buf.getvalue()


def write(path: Path, tmp: str, rows: list[dict]) -> None:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "规范性文件登记簿"
        for line in table_rows(rows):
            ws.append(line)
        ws.freeze_panes = "A2"
        wb.save(tmp)
    else:
        Path(tmp).write_text(csv_text(rows), encoding="utf-8-sig")


def check_suffix(path: Path, option: str) -> None:
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(f"{path}：只支持 .csv 或 .xlsx 文件（{option}），请换用这两种格式之一")


def read(path: Path) -> list[tuple[int, dict]]:
    """(row number as the spreadsheet shows it, {field: text}) for every non-empty row."""
    check_suffix(path, "import")
    if not path.is_file():
        raise UsageError(f"{path}：文件不存在，请检查路径")
    try:
        if path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
            lines = [[_cell(c) for c in row] for row in wb.active.iter_rows(values_only=True)]
            wb.close()
        else:
            lines = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    except UnicodeDecodeError:
        raise UsageError(f"{path}：不是 UTF-8 编码的 CSV，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”") from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise UsageError(f"{path}：无法读取表格（{exc.__class__.__name__}），请确认是完好的 .xlsx 文件") from None
    if not lines:
        raise UsageError(f"{path}：表格为空，第一行应为列名（文号、文件名称……）")
    head = [str(h or "").strip() for h in lines[0]]
    unknown = [h for h in head if h and h not in _BY_HEADER]
    if unknown:
        raise UsageError(f"{path}：不认识的列名“{unknown[0]}”；可用的列名：{'、'.join(_BY_HEADER)}")
    for need in ("文号", "文件名称"):
        if need not in head:
            raise UsageError(f"{path}：缺少“{need}”一列")
    out = []
    for index, line in enumerate(lines[1:], start=2):
        row = {_BY_HEADER[h]: str(v).strip() for h, v in zip(head, line) if h and v is not None and str(v).strip()}
        if row:
            out.append((index, row))
    return out


def _cell(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def normalise_dates(rows: list[tuple[int, dict]], origin: str) -> None:
    """Dates in any form officers type, stored as ISO; a bad one names file, row and column."""
    from reviewer.case import parse_date

    for index, row in rows:
        for key in DATE_FIELDS:
            if row.get(key):
                row[key] = parse_date(row[key], f"{origin} 第{index}行“{dict(FIELDS)[key]}”").isoformat()
