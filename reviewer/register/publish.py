"""The 规范性文件集中发布 site (REG.ND.PUBLISH): the register as static files a county
government uploads to its portal.

Everything a reader needs is in the folder: the pages, the stylesheet, the script and
the data as a `.js` file loaded by a <script> tag, so index.html works from the disk
(file://, where fetch() is refused) as well as from a web server. 作废 numbers were
never documents and are not published. The folder is built beside its target and
moved into place, so a reader never sees half a site; a folder we did not make is
never overwritten (a `.reviewer-site` file marks ours).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reviewer.errors import ReviewerError, UsageError
from reviewer.register.documents import EVENT_NAMES, HEADERS, STATUS_NAMES, documents, get, parse_doc_number

MARKER = ".reviewer-site"
SITE_TITLE = "规范性文件集中发布"
# What the public sees of a record. The file path, its checksum, the review opinion's
# number, the note and the filing details are the office's own business.
PUBLIC = ["number", "title", "issuer", "co_issuers", "written_on", "published_on", "published_via", "published_url", "effective_on", "expires_on", "status", "status_by", "status_on", "reg_no"]
NAMES = {**HEADERS, "co_issuers": "联合制定机关", "published_via": "公布载体", "published_url": "原文链接", "status_by": "状态依据", "reg_no": "统一登记编号"}
_ASSETS = ("site.css", "site.js")


@dataclass
class Summary:
    out: Path
    published: int
    skipped: int  # 作废 numbers
    unreadable: int  # published without their text


def default_site_name() -> str:
    """The county government of the configured series (宣汉县人民政府), else nothing."""
    from reviewer.register.series import load_series

    try:
        issuers = [s.issuer for s in load_series().series]
    except ReviewerError:
        return ""
    return next((i for i in issuers if re.fullmatch(r".{1,12}[县市区旗]人民政府", i)), "")


def page_name(rec: dict) -> str:
    """docs/<name>.html: ASCII only, so no filesystem, zip tool or FTP upload mangles it;
    year and sequence keep it readable, the hash of the whole 文号 keeps series apart."""
    digest = hashlib.sha1(rec["number"].encode("utf-8")).hexdigest()[:10]
    return f"{int(rec['year'])}-{int(rec['seq']):04d}-{digest}.html"


def _public(rec: dict) -> dict:
    out = {k: rec.get(k) for k in PUBLIC}
    out["status_name"] = STATUS_NAMES.get(rec["status"], rec["status"])
    out["year"] = rec["year"]
    out["page"] = "docs/" + page_name(rec)
    return out


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links: a `javascript:` URL in the register must not become a link."""
    return url if url and re.match(r"https?://", url.strip(), re.I) else None


def _history(rec: dict) -> list[dict]:
    rows = []
    for e in rec["events"]:
        if e["event"] == "filed":
            continue  # filing with the level above is the office's business, not the public's
        changes = e["changes"] or {}
        status = changes.get("status")
        on = (changes.get("status_on") or [None, None])[1] or str(e["at"])[:10]
        what = EVENT_NAMES.get(e["event"], e["event"])
        if status:
            what += f"：{STATUS_NAMES.get(status[0], status[0] or '（空）')} → {STATUS_NAMES.get(status[1], status[1])}"
        basis = (changes.get("status_by") or changes.get("published_via") or [None, None])[1] or (e["reason"] if e["event"] != "imported" else None)
        rows.append({"on": on, "what": what, "basis": basis})
    return rows


def _superseded_by(rec: dict, pages: dict[str, str]) -> tuple[str, str] | None:
    """(文号, page) when status_by names a published document."""
    if not rec.get("status_by") or rec["status"] not in ("amended", "repealed", "expired"):
        return None
    for candidate in re.findall(r"[^\s，,；;、]+?[〔\[（(【［]\d{4}[〕\]）)】］]第?\d+号", rec["status_by"]):
        try:
            number = parse_doc_number(candidate, "状态依据")[0]
        except UsageError:
            continue
        if number in pages:
            return number, pages[number]
    return None


def _text(rec: dict) -> tuple[list[dict] | None, str | None]:
    """The registered file as blocks to show, or why it cannot be shown."""
    from reviewer.ingest import load

    path = rec.get("path")
    if not path:
        return None, "登记时未附文件，正文暂不提供。"
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None, "登记的文件目前无法读取，正文暂不提供，请以正式公布的文本为准。"
    if rec.get("sha256") and hashlib.sha256(data).hexdigest() != rec["sha256"]:
        # a file changed after registration is not the registered text: publishing it would mislead
        return None, "登记的文件在登记后已被改动，与登记时不一致，为免误导，此处不显示正文，请以正式公布的文本为准。"
    try:
        doc = load(path)
    except ReviewerError:
        return None, "登记的文件无法读取（格式不受支持或已损坏），正文暂不提供，请以正式公布的文本为准。"
    out, table = [], None
    for b in doc.blocks:
        if b.kind in ("header", "footer") or not b.text.strip():
            continue
        if b.kind == "cell":
            if table is None or table["table"] != b.table:
                table = {"kind": "table", "table": b.table, "rows": {}}
                out.append(table)
            table["rows"].setdefault(b.row, []).append(b.display)
            continue
        table = None
        text = b.display.strip()
        kind = "chapter" if re.match(r"^第[一二三四五六七八九十百零〇]+[章节]\s*", text) and len(text) < 40 else "p"
        out.append({"kind": kind, "text": text})
    for block in out:
        if block["kind"] == "table":
            block["rows"] = [block["rows"][k] for k in sorted(block["rows"], key=lambda r: r or 0)]
    return out, None


def js_data(rows: list[dict]) -> str:
    """The data as a script. <, > and & are written as \\u escapes so no title can close
    a <script> element or open a comment; U+2028/2029 are line ends to old parsers."""
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return f"window.REGISTER_DATA = {text};\n"


def csv_feed(rows: list[dict]) -> str:
    keys = [k for k in PUBLIC]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # what Excel writes and expects
    writer.writerow([NAMES[k] for k in keys] + ["页面"])
    for r in rows:
        writer.writerow([r["status_name"] if k == "status" else (r.get(k) or "") for k in keys] + [r["page"]])
    return buf.getvalue()


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("reviewer.register", "site"), autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def _write(path: Path, text: str, bom: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")


def build(store, folder: Path, site_name: str = "", today: dt.date | None = None) -> Summary:
    """Write the whole site into `folder` (which exists and is empty)."""
    env = _environment()
    today = today or dt.date.today()
    title = f"{site_name} {SITE_TITLE}" if site_name else SITE_TITLE
    every = documents(store)
    # newest first, as a portal lists them; within a year by series and number
    shown = sorted((r for r in every if r["status"] != "void"), key=lambda r: (-int(r["year"]), r["series"], -int(r["seq"])))
    pages = {r["number"]: "docs/" + page_name(r) for r in shown}
    rows = [_public(r) for r in shown]
    for r in rows:
        r["published_url"] = _safe_url(r["published_url"])
    common = {"site_title": title, "site_name": site_name, "today": today.isoformat(), "names": NAMES}
    unreadable = 0
    (folder / "docs").mkdir()  # there even for an empty register, so an upload script finds it
    doc_page = env.get_template("document.html.j2")
    for rec, row in zip(shown, rows):
        full = get(store, rec["number"])
        blocks, problem = _text(full)
        unreadable += blocks is None
        sup = _superseded_by(full, pages)
        html = doc_page.render(**common, root="../", doc=row, history=_history(full), blocks=blocks, problem=problem,
                               superseded=(sup[0], "../" + sup[1]) if sup else None)
        _write(folder / row["page"], html)
    years = sorted({r["year"] for r in rows}, reverse=True)
    issuers = sorted({r["issuer"] for r in rows if r["issuer"]})
    statuses = [(code, name) for code, name in STATUS_NAMES.items() if code != "void"]
    _write(folder / "index.html", env.get_template("index.html.j2").render(**common, root="", rows=rows, years=years, issuers=issuers, statuses=statuses))
    _write(folder / "data" / "documents.js", js_data(rows))
    _write(folder / "data" / "documents.json", json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    _write(folder / "data" / "documents.csv", csv_feed(rows), bom=True)
    for name in _ASSETS:
        _write(folder / "assets" / name, resources.files("reviewer.register").joinpath("site", name).read_text(encoding="utf-8"))
    _write(folder / MARKER, f"reviewer register publish\n{today.isoformat()}\n")
    return Summary(folder, len(rows), len(every) - len(rows), unreadable)


def publish(store, out: Path | str, site_name: str | None = None) -> Summary:
    """Build beside `out`, then move into place: the old site (ours) is replaced whole."""
    out = Path(out)
    if site_name is None:
        site_name = default_site_name()
    site_name = site_name.strip()
    parent = out.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"--out：{out} 所在的文件夹不存在，请先建立或换一个位置")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out：{out} 是一个文件，不是文件夹，请换一个位置")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise UsageError(f"--out：文件夹 {out} 已存在且不是本工具发布的站点，为免覆盖其中的文件，请换一个新的文件夹")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".reviewer-site-", dir=str(parent)))
    except OSError as exc:
        raise UsageError(f"无法在 {parent} 中建立临时文件夹（{exc.strerror}）") from None
    old = None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o777 & ~mask)  # mkdtemp makes 0700; a site is for everyone to read
        summary = build(store, tmp, site_name)
        if out.is_dir():
            old = parent / f"{tmp.name}-old"
            os.replace(out, old)
        os.replace(tmp, out)
    except OSError as exc:
        if old is not None and not out.exists():
            os.replace(old, out)  # put the previous site back
            old = None
        raise UsageError(f"无法写入 {out}（{exc.strerror or exc}）") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    summary.out = out
    return summary
