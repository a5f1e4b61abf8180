"""The desk's frame: pages answer in Chinese, unknown pages are a Chinese 404, every
response sets the CSRF cookie and a POST without the token is refused."""

from __future__ import annotations

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from reviewer.web import auth
from reviewer.web.app import create_app
from reviewer.web.settings import Settings


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "r.db"))
    return TestClient(create_app(Settings(work=tmp_path / "work")))


def test_home_leads_to_the_review_page_with_the_navigation(client):
    r = client.get("/")
    assert r.status_code == 200 and r.url.path == "/review"
    for name in ("审查", "案件", "登记", "统计", "规则"):
        assert f">{name}</a>" in r.text
    assert client.cookies.get(auth.CSRF_COOKIE)


def test_unknown_page_is_a_chinese_404(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "页面不存在" in r.text and "Traceback" not in r.text


def test_post_without_the_token_is_refused_and_with_it_passes(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "r.db"))
    app = create_app(Settings(work=tmp_path / "work"))

    async def echo(request):
        from starlette.responses import PlainTextResponse

        form = await request.form()
        return PlainTextResponse("ok" if auth.check_csrf(request, form.get("csrf")) else "refused", status_code=200 if auth.check_csrf(request, form.get("csrf")) else 403)

    app.router.routes.insert(0, Route("/echo", echo, methods=["POST"]))
    c = TestClient(app)
    c.get("/review")
    assert c.post("/echo", data={"csrf": "forged"}).status_code == 403
    assert c.post("/echo", data={"csrf": c.cookies.get(auth.CSRF_COOKIE)}).text == "ok"
