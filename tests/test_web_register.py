"""The 登记 pages through the framework's test client: number a normative document (read
from the file, confirmed, the next number of the series), find it by searching, change
its status, record publication and filing, export CSV and XLSX, publish the site and
read it under /site/; a title with <script> is shown escaped."""

from __future__ import annotations

import io

import pytest
from starlette.testclient import TestClient

from reviewer.register.accounts import audit_rows
from reviewer.register.store import Store
from reviewer.web import auth
from reviewer.web.app import create_app
from reviewer.web.settings import Settings

NOTICE = """宣汉县人民政府关于印发宣汉县{name}管理办法的通知
各乡镇人民政府，县级各部门：
现将《宣汉县{name}管理办法》印发给你们，请认真贯彻执行。
第一条 为加强{name}管理，制定本办法。
第二十条 本办法自2026年4月1日起施行，有效期5年。
宣汉县人民政府
2026年3月2日
"""


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "r.db"))
    c = TestClient(create_app(Settings(work=tmp_path / "work")), follow_redirects=True)
    c.get("/register")
    return c


def _csrf(c) -> str:
    return c.cookies.get(auth.CSRF_COOKIE)


def number(c, name="城市绿化", **overrides) -> str:
    """Upload, read the confirmation form, confirm with the series 宣府规: the document's page."""
    r = c.post("/register/read", data={"csrf": _csrf(c)}, files={"file": ("办法.txt", NOTICE.format(name=name).encode(), "text/plain")})
    assert r.status_code == 200 and "请核对" in r.text, r.text
    import html
    import re

    # what the browser would send back: every field as the confirmation form shows it
    fields = {m[1]: html.unescape(m[2]) for m in re.finditer(r'<input name="(\w+)" value="([^"]*)"', r.text)}
    fields.update(token=re.search(r'name="token" value="([^"]+)"', r.text)[1], csrf=_csrf(c), series="宣府规", **overrides)
    r = c.post("/register/add", data=fields)
    assert r.status_code == 200 and "已登记" in r.text, r.text
    return r.url.path


def test_number_a_document_and_find_it_by_searching(client, tmp_path):
    path = number(client)
    page = client.get(path).text
    assert "宣府规〔2026〕1号" in page and "宣汉县城市绿化管理办法" in page and "宣规登〔2026〕1号" in page
    assert "2031-03-31" in page  # 有效期5年 from 施行, read from the document as the CLI does
    number(client, "公园")
    found = client.get("/register", params={"q": "绿化"}).text
    assert "宣府规〔2026〕1号" in found and "公园" not in found
    assert "宣府规〔2026〕2号" in client.get("/register", params={"q": "公园 宣汉"}).text
    assert "没有符合条件" in client.get("/register", params={"q": "不存在的文件"}).text
    assert ("本机用户", "取号登记") in [(a["user"], a["action"]) for a in audit_rows(Store(tmp_path / "r.db"))]


def test_pick_a_file_reviewed_in_an_open_case(client):
    client.post("/cases/new", data={"csrf": _csrf(client), "unit": "县林业局", "kind": "规范性文件", "received": "2026-03-02"},
                files=[("files", ("办法.txt", NOTICE.format(name="林地").encode(), "text/plain"))])
    page = client.get("/register").text
    import re

    token = re.search(r'<option value="([A-Za-z0-9_-]{16,})">', page)[1]
    r = client.post("/register/read", data={"csrf": _csrf(client), "token": token})
    assert r.status_code == 200 and "林地管理办法" in r.text
    r = client.post("/register/read", data={"csrf": _csrf(client), "token": "../../etc/passwd"})
    assert r.status_code == 400 and "重新上传" in r.text


def test_status_publication_filing_and_errors(client, tmp_path):
    path = number(client)
    r = client.post(path + "/status", data={"csrf": _csrf(client), "status": "作废", "by": "x"})
    assert r.status_code == 400 and "无法识别" in r.text and "Traceback" not in r.text
    r = client.post(path + "/publication", data={"csrf": _csrf(client), "date": "2026-03-05", "via": "县政府门户网站"})
    assert "已记录" in r.text and "县政府门户网站" in r.text
    r = client.post(path + "/filing", data={"csrf": _csrf(client), "date": "2026-03-20", "with": "达州市人民政府", "items": "备案报告、正式文本"})
    assert "报送达州市人民政府" in r.text
    r = client.post(path + "/status", data={"csrf": _csrf(client), "status": "废止", "by": "宣府规〔2027〕1号", "date": "2027-01-05"})
    assert "废止" in r.text and "宣府规〔2027〕1号" in r.text
    assert "宣府规〔2026〕1号" in client.get("/register", params={"status": "废止"}).text
    assert "宣府规〔2026〕1号" not in client.get("/register", params={"status": "现行有效"}).text
    actions = [a["action"] for a in audit_rows(Store(tmp_path / "r.db"))]
    assert {"状态变更", "记录公布", "记录备案"} <= set(actions)


def test_export_csv_and_xlsx(client):
    number(client)
    r = client.get("/register/export.csv")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    text = r.content.decode("utf-8-sig")
    assert text.startswith("登记编号,文号,文件名称") and "宣府规〔2026〕1号" in text
    r = client.get("/register/export.xlsx")
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws["B2"].value == "宣府规〔2026〕1号"
    assert client.get("/register/export.pdf").status_code in (400, 404)


def test_publish_then_the_site_is_served(client, tmp_path):
    assert client.get("/site/").status_code == 404
    number(client)
    r = client.post("/register/publish", data={"csrf": _csrf(client)})
    assert r.status_code == 200 and "已发布" in r.text and 'href="/site/"' in r.text
    site = client.get("/site/")
    assert site.status_code == 200 and "规范性文件集中发布" in site.text
    assert "宣汉县城市绿化管理办法" in client.get("/site/data/documents.js").text
    assert client.post("/site/index.html", data={"csrf": _csrf(client)}).status_code == 405  # read-only
    assert client.get("/site/../r.db").status_code == 404
    assert ("本机用户", "发布网站") in [(a["user"], a["action"]) for a in audit_rows(Store(tmp_path / "r.db"))]


def test_script_in_a_title_is_shown_escaped(client):
    path = number(client, title="<script>alert(1)</script>办法")
    for text in (client.get(path).text, client.get("/register").text):
        assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;办法" in text
