"""The audit log (审计记录): who numbered, changed, published, closed and signed in, and
when. For the 负责人, read-only; the same rows as `reviewer users audit`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from reviewer.register import accounts
from reviewer.web import auth
from reviewer.web.render import page


async def index(request: Request):
    auth.require(request, "audit")
    who = (request.query_params.get("user") or "").strip() or None
    rows = accounts.audit_rows(auth.store(request), limit=500, user=who)
    return page(request, "audit.html.j2", title="审计记录", rows=rows, who=who or "")


def routes() -> list[Route]:
    return [Route("/audit", index)]
