"""The desk's smaller actions: reopening a closed case, voiding a number taken by mistake,
and the audit page — each for the 负责人 only, each in the audit log, shown escaped."""

from __future__ import annotations

import datetime as dt

from test_web_auth import _client, _csrf, app, login, store  # noqa: F401  (fixtures)

from reviewer.ledger import cases
from reviewer.register import accounts
from reviewer.register import documents as register


def test_reopen_a_closed_case_head_only(app, store):  # noqa: F811
    rec = cases.open_case(store, unit="县教育局", kind="合同", received=dt.date(2026, 3, 2), due=dt.date(2026, 3, 20), title="校服采购合同")
    cases.close_case(store, rec["number"], dt.date(2026, 3, 10))
    clerk = _client(app)
    login(clerk, "小李")
    page = clerk.get(f"/cases/{rec['number']}").text
    assert "只有负责人可以重新办理" in page
    r = clerk.post(f"/cases/{rec['number']}/reopen", data={"csrf": _csrf(clerk), "reason": "重新送审"})
    assert r.status_code == 403 and "只有负责人" in r.text
    head = _client(app)
    login(head, "王科长")
    assert head.post(f"/cases/{rec['number']}/reopen", data={"csrf": _csrf(head), "reason": " "}).status_code == 400
    r = head.post(f"/cases/{rec['number']}/reopen", data={"csrf": _csrf(head), "reason": "送审单位撤回后重新送审"})
    assert r.status_code == 200 and "已重新办理" in r.text
    assert cases.get_case(store, rec["number"])["status"] == "reviewing"
    assert ("王科长", "重新办理") in [(a["user"], a["action"]) for a in accounts.audit_rows(store)]


def test_void_a_number_on_its_page(app, store):  # noqa: F811
    register.add(store, {"number": "宣府规〔2026〕3号", "title": "宣汉县城市绿化管理办法"})
    clerk = _client(app)
    login(clerk, "小李")
    r = clerk.post("/register/doc/宣府规〔2026〕3号/void", data={"csrf": _csrf(clerk), "reason": "取号错误"})
    assert r.status_code == 403
    head = _client(app)
    login(head, "王科长")
    r = head.post("/register/doc/宣府规〔2026〕3号/void", data={"csrf": _csrf(head), "reason": "取号错误"})
    assert r.status_code == 200 and "已作废" in r.text
    assert register.get(store, "宣府规〔2026〕3号")["status"] == "void"
    r = head.post("/register/doc/宣府规〔2026〕3号/void", data={"csrf": _csrf(head), "reason": "再次"})
    assert r.status_code == 400 and "已作废" in r.text and "Traceback" not in r.text


def test_audit_page_for_the_head_escaped(app, store):  # noqa: F811
    accounts.audit(store, "<script>alert(1)</script>", "取号登记", "宣府规〔2026〕1号", "<img src=x onerror=alert(1)>")
    clerk = _client(app)
    login(clerk, "小李")
    assert clerk.get("/audit").status_code == 403
    assert ">审计</a>" not in clerk.get("/review").text
    head = _client(app)
    login(head, "王科长")
    page = head.get("/audit")
    assert page.status_code == 200 and ">审计</a>" in page.text
    assert "&lt;script&gt;" in page.text and "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "登录" in page.text  # the sign-in itself is in the log
    only = head.get("/audit", params={"user": "王科长"}).text
    assert "&lt;script&gt;" not in only
