"""The desk as one ASGI application: pages from each module's `routes()`, static files,
the CSRF cookie on every response and the check on every POST, and errors as one Chinese
sentence in the page frame (never a traceback)."""

from __future__ import annotations

import asyncio
import contextlib

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from reviewer.web import auth
from reviewer.web.render import message, page
from reviewer.web.settings import Settings


class CsrfMiddleware:
    """Double-submit token: a random cookie per browser, which every POST must echo in its
    form field `csrf` or header `X-CSRF-Token`. Pure ASGI so uploads are not read twice."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        token = request.cookies.get(auth.CSRF_COOKIE)
        fresh = not token or len(token) < 20
        scope["csrf_token"] = auth.new_token() if fresh else token

        async def send_with_cookie(message):
            if message["type"] == "http.response.start" and fresh:
                secure = "; Secure" if scope.get("scheme") == "https" else ""
                cookie = f"{auth.CSRF_COOKIE}={scope['csrf_token']}; Path=/; HttpOnly; SameSite=Strict{secure}"
                message.setdefault("headers", []).append((b"set-cookie", cookie.encode()))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


async def home(request: Request):
    return RedirectResponse("/review", status_code=303)


async def _forbidden(request: Request, exc: auth.Forbidden):
    return message(request, str(exc), status_code=403, title="没有权限")


async def _not_found(request: Request, exc):
    return message(request, "没有这个页面，请从上方的栏目进入。", status_code=404, title="页面不存在")


async def _server_error(request: Request, exc):
    return message(request, "处理时出错，本次操作没有完成；请重试，仍然出错请把出错时间告诉系统管理员。", status_code=500, title="出错了")


@contextlib.asynccontextmanager
async def lifespan(app: Starlette):
    """The review workers start loading the rules as the server starts (so the first upload
    does not wait), without holding up the first page; they stop with the server."""
    from reviewer.web import review

    asyncio.get_running_loop().run_in_executor(None, review._warm)
    try:
        yield
    finally:
        review.shutdown()


def create_app(settings: Settings | None = None) -> Starlette:
    from reviewer.web import audit, cases, register, review, rules, stats

    settings = settings or Settings()
    settings.work.mkdir(parents=True, exist_ok=True)
    routes = [Route("/", home)]
    for module in (review, cases, register, stats, rules, audit):
        routes.extend(module.routes())
    extra = getattr(auth, "routes", None)
    if extra:
        routes.extend(extra())
    routes.append(Mount("/static", StaticFiles(packages=[("reviewer.web", "static")]), name="static"))
    app = Starlette(
        routes=routes,
        # outermost first: sessions (office mode), then CSRF, then the office mode's login check
        middleware=[*auth.middleware(settings), Middleware(CsrfMiddleware), *auth.inner_middleware(settings)],
        exception_handlers={auth.Forbidden: _forbidden, 404: _not_found, 500: _server_error},
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app


__all__ = ["create_app", "page"]
