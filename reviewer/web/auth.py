"""Who is asking and what they may do. On this computer only (loopback, the default) the
user is the person at the keyboard with every right; the office mode (accounts, roles,
hashed passwords, sessions, audit) is built on these same four functions.

Every form carries a CSRF token checked on POST, in both modes: a page of another web
site open in the same browser must not be able to post to the desk on localhost."""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request

REVIEWER, HEAD = "审查员", "负责人"
RIGHTS = {REVIEWER: {"review"}, HEAD: {"review", "number", "close", "publish", "status"}}
CSRF_COOKIE = "reviewer_csrf"


class Forbidden(Exception):
    """The user may not do this; the message says who may."""


def current_user(request: Request) -> dict | None:
    if not request.app.state.settings.office:
        return {"name": "本机用户", "role": HEAD}
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
