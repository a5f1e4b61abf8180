"""The 案件 pages through the framework's test client: open a case with a reviewed file,
return it for materials (the Word notice downloads), mark it complete, close it; the
list puts open and overdue cases first; failures are one Chinese sentence."""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.testclient import TestClient

from reviewer.register.accounts import audit_rows
from reviewer.register.store import Store
from reviewer.web import auth
from reviewer.web.app import create_app
from reviewer.web.settings import Settings

CONTRACT = "某设备采购合同\n甲方：宣汉县教育局\n乙方：某某科技有限公司\n乙方逾期交货的，应向甲方支付合同总价50%的违约金。\n"


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "r.db"))
    c = TestClient(create_app(Settings(work=tmp_path / "work")), follow_redirects=True)
    c.get("/cases")
    return c


def _csrf(c) -> str:
    return c.cookies.get(auth.CSRF_COOKIE)


def _open(c, **fields) -> str:
    data = {"csrf": _csrf(c), "unit": "县教育局", "kind": "合同", "received": "2026-03-02", **fields}
    r = c.post("/cases/new", data=data, files=[("files", ("合同.txt", CONTRACT.encode(), "text/plain"))])
    assert r.status_code == 200, r.text
    return r.url.path


def test_open_return_complete_close_through_the_pages(client, tmp_path):
    path = _open(client, title="<script>alert(1)</script>采购合同")
    page = client.get(path).text
    assert "宣法审〔2026〕1号" in page and "县教育局" in page and "审核中" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;采购合同" in page and "<script>alert(1)" not in page
    assert "审查文件（1 份）" in page and "必须修改" in page

    r = client.post(path + "/return", data={"csrf": _csrf(client), "missing": "起草说明、制定依据", "date": "2026-03-03"})
    assert r.status_code == 200 and "已退回补充" in r.text and "起草说明、制定依据" in r.text
    notice = client.get(path + "/notice")
    assert notice.status_code == 200 and notice.content[:2] == b"PK"
    assert "attachment" in notice.headers["content-disposition"]

    r = client.post(path + "/close", data={"csrf": _csrf(client), "date": "2026-03-04"})
    assert r.status_code == 400 and "退回补充" in r.text and "Traceback" not in r.text  # the ledger's own sentence

    r = client.post(path + "/complete", data={"csrf": _csrf(client), "date": "2026-03-05"})
    assert "已登记材料齐全" in r.text and "审核中" in r.text
    r = client.post(path + "/close", data={"csrf": _csrf(client), "date": "2026-03-10", "opinion": "宣司审〔2026〕3号"})
    assert "已办结" in r.text and "宣司审〔2026〕3号" in r.text
    actions = [(a["user"], a["action"]) for a in audit_rows(Store(tmp_path / "r.db"))]
    assert ("本机用户", "办结案件") in actions and ("本机用户", "退回补充") in actions and ("本机用户", "立案") in actions


def test_list_shows_open_and_overdue_first_with_working_days(client):
    _open(client, unit="县财政局", due=(dt.date.today() - dt.timedelta(days=3)).isoformat(), received=(dt.date.today() - dt.timedelta(days=20)).isoformat())
    closed = _open(client, unit="县水利局")
    client.post(closed + "/close", data={"csrf": _csrf(client), "date": dt.date.today().isoformat()})
    _open(client, unit="县林业局")
    text = client.get("/cases").text
    assert text.index("县财政局") < text.index("县林业局") < text.index("县水利局")
    assert "逾期" in text and "工作日" in text
    only_open = client.get("/cases", params={"open": "1"}).text
    assert "县水利局" not in only_open and "县林业局" in only_open
    assert "县林业局" not in client.get("/cases", params={"overdue": "1"}).text
    assert "县财政局" in client.get("/cases", params={"unit": "财政"}).text
    assert "县财政局" not in client.get("/cases", params={"kind": "规范性文件"}).text
    r = client.get("/cases", params={"year": "二〇二六"})
    assert r.status_code == 400 and "年份" in r.text


def test_bad_input_is_one_chinese_sentence(client):
    r = client.post("/cases/new", data={"csrf": _csrf(client), "unit": "县教育局", "kind": "合同", "received": "明天"})
    assert r.status_code == 400 and "无法识别日期" in r.text and "Traceback" not in r.text
    r = client.get("/cases/不是案号")
    assert r.status_code == 400 and "无法识别案号" in r.text
    r = client.post("/cases/new", data={"unit": "县教育局", "kind": "合同", "received": "2026-03-02"})
    assert r.status_code == 403 and "刷新" in r.text
