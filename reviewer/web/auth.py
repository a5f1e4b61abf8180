"""Who is asking and what they may do. On this computer only (loopback, the default) the
user is the person at the keyboard with every right; in the office mode the user is the
account signed in (argon2-hashed passwords in the store, a signed session cookie), and
every page but /login and /static asks for one.

Every form carries a CSRF token checked on POST, in both modes: a page of another web
site open in the same browser must not be able to post to the desk on localhost."""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

REVIEWER, HEAD = "审查员", "负责人"
RIGHTS = {REVIEWER: {"review"}, HEAD: {"review", "number", "close", "publish", "status", "audit"}}
CSRF_COOKIE = "reviewer_csrf"
SESSION_COOKIE = "reviewer_session"
SESSION_HOURS = 12
LOCAL_USER = "本机用户"
SECRET_FILE = ".session-secret"
# Repeated failures for one account name lock that name for a while: enough to stop
# guessing at argon2's pace, short enough that a colleague who mistyped can try again.
MAX_FAILURES, LOCK_SECONDS = 5, 15 * 60
_OPEN_PATHS = ("/login", "/static/")


class Forbidden(Exception):
    """The user may not do this; the message says who may."""


def current_user(request: Request) -> dict | None:
    if not request.app.state.settings.office:
        return {"name": LOCAL_USER, "role": HEAD}
    return request.scope.get("user")


def require(request: Request, right: str) -> dict:
    user = current_user(request)
    if user is None:
        raise Forbidden("请先登录")
    if right not in RIGHTS.get(user["role"], set()):
        who = "、".join(role for role, rights in RIGHTS.items() if right in rights)
        raise Forbidden(f"只有{who}可以进行这项操作，请联系负责人")
    return user


def csrf_token(request: Request) -> str:
    """The token of this browser (a cookie set by the CSRF middleware), for hidden form fields."""
    return request.scope.get("csrf_token", "")


def check_csrf(request: Request, sent: str | None) -> bool:
    expected = request.scope.get("csrf_token", "")
    return bool(expected and sent and hmac.compare_digest(expected, sent))


def new_token() -> str:
    return secrets.token_urlsafe(32)


async def form(request: Request):
    """The posted form, refused (403) unless it carries this browser's CSRF token."""
    data = await request.form()
    if not check_csrf(request, data.get("csrf") or request.headers.get("x-csrf-token")):
        raise Forbidden("页面已过期或来源不明，本次操作没有执行：请刷新页面后重试")
    return data


# ---------------------------------------------------------------- the store and the audit


_store_lock = threading.Lock()


def store(request: Request):
    """The desk's store, opened (and migrated) once per application."""
    state = request.app.state
    with _store_lock:
        if getattr(state, "store", None) is None:
            from reviewer.register.store import Store

            state.store = Store(state.settings.db)
        return state.store


def audit(request: Request, action: str, target: str | None = None, detail: str | None = None) -> None:
    """Who did what to which record, and when; in local mode the user is 本机用户."""
    from reviewer.register.accounts import audit as write

    user = current_user(request)
    write(store(request), user["name"] if user else "（未登录）", action, target, detail)


# ---------------------------------------------------------------- sessions


def session_secret(settings) -> str:
    """Settings.secret, else one generated on first start and kept (0600) in the work folder,
    so sessions survive a restart and no two installations share a key."""
    if settings.secret:
        return settings.secret
    path = Path(settings.work) / SECRET_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        os.chmod(path, 0o600)
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


class Sessions:
    """Starlette's signed-cookie sessions (itsdangerous), SameSite=Strict, with the Secure
    flag when the request came over https (directly, or through a proxy uvicorn trusts)."""

    def __init__(self, app: ASGIApp, secret: str):
        from starlette.middleware.sessions import SessionMiddleware

        common = {"secret_key": secret, "session_cookie": SESSION_COOKIE, "max_age": SESSION_HOURS * 3600, "same_site": "strict"}
        self.plain = SessionMiddleware(app, https_only=False, **common)
        self.secure = SessionMiddleware(app, https_only=True, **common)

    async def __call__(self, scope: Scope, receive: Receive, send: Send):
        chosen = self.secure if scope.get("scheme") in ("https", "wss") else self.plain
        await chosen(scope, receive, send)


class LoginRequired:
    """Office mode: the session's account, looked up on every request (a disabled account
    is out at once), in scope["user"]; without one, any page but /login leads to /login."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from reviewer.register.accounts import get_user

        name = scope.get("session", {}).get("user")
        request = Request(scope)
        user = get_user(store(request), name) if name else None
        if user and user["active"]:
            scope["user"] = {"name": user["name"], "role": user["role"]}
        elif not any(scope["path"] == p.rstrip("/") or scope["path"].startswith(p) for p in _OPEN_PATHS):
            return await RedirectResponse("/login", status_code=303)(scope, receive, send)
        await self.app(scope, receive, send)


def middleware(settings) -> list:
    """In order, outermost first, for app.py: sessions, then (app.py's CSRF), then login."""
    from starlette.middleware import Middleware

    if not settings.office:
        return []
    return [Middleware(Sessions, secret=session_secret(settings))]


def inner_middleware(settings) -> list:
    from starlette.middleware import Middleware

    return [Middleware(LoginRequired)] if settings.office else []


# ---------------------------------------------------------------- login and logout

_failures: dict[str, list[float]] = {}
_failures_lock = threading.Lock()


def _locked(name: str) -> bool:
    now = time.monotonic()
    with _failures_lock:
        recent = [t for t in _failures.get(name, []) if now - t < LOCK_SECONDS]
        _failures[name] = recent
        return len(recent) >= MAX_FAILURES


def _failed(name: str) -> None:
    with _failures_lock:
        _failures.setdefault(name, []).append(time.monotonic())


async def login_page(request: Request):
    from reviewer.web.render import page

    if not request.app.state.settings.office:
        return RedirectResponse("/", status_code=303)
    if request.method == "GET":
        return page(request, "login.html.j2", title="登录")
    data = await form(request)
    name, password = (data.get("name") or "").strip()[:40], data.get("password") or ""
    if _locked(name):
        request.scope["user"] = None
        return page(request, "login.html.j2", status_code=429, title="登录", name=name,
                    error=f"该账号连续 {MAX_FAILURES} 次密码错误，已暂停登录 {LOCK_SECONDS // 60} 分钟；请稍后再试或请负责人重设密码")
    from starlette.concurrency import run_in_threadpool

    from reviewer.register.accounts import audit as write, verify

    user = await run_in_threadpool(verify, store(request), name, password)
    if user is None:
        _failed(name)
        write(store(request), name or "（空）", "登录失败", name or None)
        return page(request, "login.html.j2", status_code=401, title="登录", name=name, error="账号或密码不对，或账号已停用")
    with _failures_lock:
        _failures.pop(name, None)
    request.session.clear()  # a fresh session: nothing carried over from before the login
    request.session.update({"user": user["name"], "at": int(time.time())})
    request.scope["user"] = user
    audit(request, "登录")
    return RedirectResponse("/", status_code=303)


async def logout(request: Request):
    await form(request)
    if request.app.state.settings.office:
        if current_user(request):
            audit(request, "退出")
        request.session.clear()
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/", status_code=303)


def routes() -> list[Route]:
    return [Route("/login", login_page, methods=["GET", "POST"]), Route("/logout", logout, methods=["POST"])]
