"""Office mode: accounts, login and logout, session cookie flags, roles (审查员 gets a
Chinese 403 where 负责人 succeeds), CSRF on every POST, the audit log, and the
`reviewer users` command with its one-line Chinese errors."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from conftest import in_process_cli
from reviewer.register import accounts
from reviewer.register.store import Store
from reviewer.web import auth
from reviewer.web.app import create_app
from reviewer.web.settings import Settings

PASSWORD = "correct-horse"
NOTICE = "宣汉县人民政府关于印发宣汉县城市绿化管理办法的通知\n第一条 为加强城市绿化管理，制定本办法。\n宣汉县人民政府\n2026年3月2日\n"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "r.db"))
    s = Store(tmp_path / "r.db")
    accounts.add_user(s, "王科长", "负责人", PASSWORD)
    accounts.add_user(s, "小李", "审查员", PASSWORD)
    auth._failures.clear()
    return s


@pytest.fixture
def app(store, tmp_path):
    return create_app(Settings(host="0.0.0.0", office=True, work=tmp_path / "work"))


def _client(app, base_url="http://testserver") -> TestClient:
    c = TestClient(app, follow_redirects=True, base_url=base_url)
    c.get("/login")
    return c


def _csrf(c) -> str:
    return c.cookies.get(auth.CSRF_COOKIE)


def login(c, name, password=PASSWORD):
    return c.post("/login", data={"csrf": _csrf(c), "name": name, "password": password})


def test_office_mode_refuses_to_start_without_a_head(tmp_path, capsys, monkeypatch):
    run = in_process_cli(capsys)
    db = tmp_path / "empty.db"
    r = run("serve", "--host", "0.0.0.0", "--db", db, "--work", tmp_path / "w")
    assert r.code == 2 and r.err.count("\n") == 1 and "负责人" in r.err and r.err.startswith("错误：")
    accounts.add_user(Store(db), "小李", "审查员", PASSWORD)
    r = run("serve", "--host", "0.0.0.0", "--db", db, "--work", tmp_path / "w")
    assert r.code == 2 and "负责人" in r.err  # a 审查员 alone cannot run the office
    r = run("serve", "--office", "--db", db, "--work", tmp_path / "w")  # loopback behind a proxy: still accounts
    assert r.code == 2 and "负责人" in r.err


def test_every_page_asks_for_a_login_then_login_and_logout(app):
    c = _client(app)
    for path in ("/", "/cases", "/register", "/site/"):
        r = c.get(path)
        assert r.url.path == "/login" and "登录" in r.text
    assert c.get("/static/desk.css").status_code == 200
    r = login(c, "王科长")
    assert r.url.path == "/review" and "王科长（负责人）" in r.text and 'action="/logout"' in r.text
    assert c.get("/cases").status_code == 200
    assert c.post("/logout", data={}).status_code == 403  # without the token: refused, still signed in
    assert c.get("/cases").url.path == "/cases"
    r = c.post("/logout", data={"csrf": _csrf(c)})
    assert r.url.path == "/login" and c.get("/cases").url.path == "/login"


def test_wrong_password_disabled_user_and_the_lock(app, store):
    c = _client(app)
    r = login(c, "王科长", "wrong-password")
    assert r.status_code == 401 and "账号或密码不对" in r.text and c.get("/cases").url.path == "/login"
    assert login(c, "无此人").status_code == 401
    accounts.set_active(store, "小李", False)
    assert login(c, "小李").status_code == 401
    for _ in range(auth.MAX_FAILURES):
        login(c, "王科长", "wrong-password")
    r = login(c, "王科长")  # the right password, but the name is locked for a while
    assert r.status_code == 429 and "暂停登录" in r.text


def test_a_disabled_account_is_signed_out_at_once(app, store):
    c = _client(app)
    login(c, "小李")
    assert c.get("/cases").url.path == "/cases"
    accounts.set_active(store, "小李", False)
    assert c.get("/cases").url.path == "/login"


def test_session_cookie_flags(app):
    c = _client(app)
    r = c.post("/login", data={"csrf": _csrf(c), "name": "王科长", "password": PASSWORD}, follow_redirects=False)
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith(auth.SESSION_COOKIE))
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower() and "secure" not in cookie.lower()
    s = _client(app, base_url="https://testserver")
    r = s.post("/login", data={"csrf": _csrf(s), "name": "王科长", "password": PASSWORD}, follow_redirects=False)
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith(auth.SESSION_COOKIE))
    assert "secure" in cookie.lower() and "samesite=strict" in cookie.lower()
    secret = app.state.settings.work / auth.SECRET_FILE
    assert secret.stat().st_mode & 0o777 == 0o600 and len(secret.read_text()) >= 40


def _number_form(c):
    r = c.post("/register/read", data={"csrf": _csrf(c)}, files={"file": ("办法.txt", NOTICE.encode(), "text/plain")})
    return r


def test_reviewer_is_refused_numbering_closing_publishing_the_head_succeeds(app, store):
    clerk = _client(app)
    login(clerk, "小李")
    r = clerk.post("/cases/new", data={"csrf": _csrf(clerk), "unit": "县教育局", "kind": "合同", "received": "2026-03-02"})
    case = r.url.path
    assert r.status_code == 200 and "宣法审〔2026〕1号" in r.text  # a 审查员 may open a case
    for r in (_number_form(clerk), clerk.post(case + "/close", data={"csrf": _csrf(clerk), "date": "2026-03-05"}),
              clerk.post("/register/publish", data={"csrf": _csrf(clerk)})):
        assert r.status_code == 403 and "只有负责人可以进行这项操作" in r.text and "没有权限" in r.text
    assert "disabled" in clerk.get("/register").text

    head = _client(app)
    login(head, "王科长")
    r = _number_form(head)
    assert r.status_code == 200 and "请核对" in r.text
    token = re.search(r'name="token" value="([^"]+)"', r.text)[1]
    r = head.post("/register/add", data={"csrf": _csrf(head), "token": token, "series": "宣府规", "title": "宣汉县城市绿化管理办法"})
    assert "已登记 宣府规〔2026〕1号" in r.text
    assert "已办结" in head.post(case + "/close", data={"csrf": _csrf(head), "date": "2026-03-05"}).text
    assert "已发布" in head.post("/register/publish", data={"csrf": _csrf(head)}).text
    rows = [(a["user"], a["action"]) for a in accounts.audit_rows(store)]
    for entry in (("小李", "立案"), ("王科长", "取号登记"), ("王科长", "办结案件"), ("王科长", "发布网站"), ("王科长", "登录")):
        assert entry in rows
    assert not any(u == "小李" and a in ("取号登记", "办结案件", "发布网站") for u, a in rows)


POSTS = ["/logout", "/cases/new", "/cases/宣法审〔2026〕1号/return", "/cases/宣法审〔2026〕1号/complete", "/cases/宣法审〔2026〕1号/close",
         "/register/read", "/register/add", "/register/publish", "/register/doc/宣府规〔2026〕1号/status",
         "/register/doc/宣府规〔2026〕1号/publication", "/register/doc/宣府规〔2026〕1号/filing"]


@pytest.mark.parametrize("path", POSTS)
def test_every_post_without_the_csrf_token_is_refused(app, path):
    c = _client(app)
    login(c, "王科长")
    for data in ({}, {"csrf": "forged-token-forged-token"}):
        r = c.post(path, data=data)
        assert r.status_code == 403 and "刷新" in r.text, (path, r.status_code)


def test_login_itself_needs_the_token(app):
    c = _client(app)
    r = c.post("/login", data={"name": "王科长", "password": PASSWORD})
    assert r.status_code == 403 and c.get("/cases").url.path == "/login"


def test_local_mode_has_no_login_and_audits_as_the_local_user(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "r.db"))
    c = TestClient(create_app(Settings(work=tmp_path / "work")), follow_redirects=True)
    assert c.get("/login").url.path == "/review" and "本机用户" in c.get("/cases").text
    assert auth.SESSION_COOKIE not in c.cookies and not (tmp_path / "work" / auth.SECRET_FILE).exists()


# ---------------------------------------------------------------- reviewer users


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "u.db"))
    return in_process_cli(capsys)


def _one_chinese_line(r, *words):
    assert r.code == 2 and "Traceback" not in r.err
    lines = [x for x in r.err.splitlines() if x.startswith("错误：") or x.startswith("用法错误：")]
    assert len(lines) == 1 and all(w in lines[0] for w in words), r.err


def test_users_cli(run, monkeypatch, tmp_path):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    r = run("users", "add", "王科长", "--role", "负责人", "--password-stdin")
    assert r.code == 0 and "已新建账号 王科长（负责人）" in r.out
    s = Store(tmp_path / "u.db")
    assert accounts.verify(s, "王科长", PASSWORD) == {"name": "王科长", "role": "负责人"}
    assert PASSWORD not in (tmp_path / "u.db").read_bytes().decode("utf-8", "replace")
    monkeypatch.setattr("sys.stdin", io.StringIO("new-password-1\n"))
    assert run("users", "passwd", "王科长", "--password-stdin").code == 0
    assert accounts.verify(s, "王科长", PASSWORD) is None and accounts.verify(s, "王科长", "new-password-1")
    out = run("users", "list").out
    assert "王科长" in out and "负责人" in out and "可用" in out
    assert run("users", "disable", "王科长").code == 0
    assert "已停用" in run("users", "list").out and accounts.verify(s, "王科长", "new-password-1") is None
    assert [a["action"] for a in accounts.audit_rows(s)][:3] == ["停用账号", "修改密码", "新建账号"]
    assert "命令行" in run("users", "audit").out


def test_users_cli_bad_input_is_one_chinese_line(run, monkeypatch):
    import io

    _one_chinese_line(run("users", "add", "张三", "--role", "科长"), "角色", "审查员、负责人")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    _one_chinese_line(run("users", "add", "张三", "--role", "审查员", "--password-stdin"), "密码至少")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    _one_chinese_line(run("users", "add", "<b>", "--role", "审查员", "--password-stdin"), "不可用")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert run("users", "add", "张三", "--role", "审查员", "--password-stdin").code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    _one_chinese_line(run("users", "add", "张三", "--role", "审查员", "--password-stdin"), "已存在")
    _one_chinese_line(run("users", "disable", "李四"), "没有账号 李四")
    _one_chinese_line(run("users", "passwd", "李四", "--password-stdin"), "没有账号 李四")
    _one_chinese_line(run("users", "add", "王五"), "--role")
