"""The office mode in a real browser (Debian's chromium through Playwright): a 审查员 signs
in and cannot publish; a 负责人 numbers a normative document and finds it in the register.
The desk runs under uvicorn in a background thread on a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

import pytest

from reviewer.register import accounts
from reviewer.register.store import Store

PASSWORD = "correct-horse"
NOTICE = """宣汉县人民政府关于印发宣汉县城市绿化管理办法的通知
各乡镇人民政府，县级各部门：
现将《宣汉县城市绿化管理办法》印发给你们，请认真贯彻执行。
第一条 为加强城市绿化管理，制定本办法。
第二十条 本办法自2026年4月1日起施行，有效期5年。
宣汉县人民政府
2026年3月2日
"""




@pytest.fixture
def desk(tmp_path, monkeypatch):
    """The office-mode desk on 127.0.0.1:<free port> (office=True set directly: the test
    must not listen beyond loopback)."""
    import uvicorn

    from reviewer.web.app import create_app
    from reviewer.web.settings import Settings

    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "r.db"))
    store = Store(tmp_path / "r.db")
    accounts.add_user(store, "王科长", "负责人", PASSWORD)
    accounts.add_user(store, "小李", "审查员", PASSWORD)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Settings(host="127.0.0.1", port=port, office=True, work=tmp_path / "work"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    server.should_exit = True
    thread.join(5)


def _login(page, base, name):
    page.goto(base + "/register")
    assert page.url.endswith("/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("text=登录 >> nth=-1")
    page.wait_for_url(base + "/review")


def test_office_story_in_headless_chromium(browser, desk, tmp_path):
    base, store = desk
    shots = tmp_path / "shots"
    errors: list[str] = []

    clerk = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    clerk.on("pageerror", lambda e: errors.append(str(e)))
    _login(clerk, base, "小李")
    clerk.goto(base + "/register")
    assert "小李（审查员）" in clerk.inner_text(".who")
    assert clerk.is_disabled("#publish")
    clerk.screenshot(path=str(shots / "clerk-register.png"), full_page=True)
    # even with the button enabled by hand, the desk refuses
    clerk.eval_on_selector("#publish", "b => { b.disabled = false; }")
    clerk.click("#publish")
    assert "只有负责人可以进行这项操作" in clerk.inner_text("main")
    clerk.screenshot(path=str(shots / "clerk-403.png"))

    head = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    head.on("pageerror", lambda e: errors.append(str(e)))
    _login(head, base, "王科长")
    head.goto(base + "/register")
    doc = tmp_path / "绿化管理办法.txt"
    doc.write_text(NOTICE, encoding="utf-8")
    head.set_input_files("input[name=file]", str(doc))
    head.click("text=读取文件并核对")
    assert "宣汉县城市绿化管理办法" in head.input_value("input[name=title]")
    assert head.input_value("input[name=expires_on]") == "2031-03-31"
    head.screenshot(path=str(shots / "head-confirm.png"), full_page=True)
    head.click("text=确认登记")
    assert "已登记 宣府规〔2026〕1号" in head.inner_text("main")
    head.goto(base + "/register")
    head.fill("input[name=q]", "绿化")
    head.click("form.filters button")
    assert "宣府规〔2026〕1号" in head.inner_text("table.register")
    head.screenshot(path=str(shots / "head-register.png"), full_page=True)
    head.click("#publish")
    assert "已发布" in head.inner_text("main")
    head.goto(base + "/site/")
    assert "宣汉县城市绿化管理办法" in head.inner_text("body")

    actions = [(a["user"], a["action"]) for a in accounts.audit_rows(store)]
    assert ("王科长", "取号登记") in actions and ("王科长", "发布网站") in actions and not any(u == "小李" and a == "发布网站" for u, a in actions)
    assert not errors, errors
    if os.environ.get("REVIEWER_SHOTS"):
        shutil.copytree(shots, os.environ["REVIEWER_SHOTS"], dirs_exist_ok=True)
