"""The register pages of the desk."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from reviewer.web.render import page


async def index(request: Request):
    return page(request, "placeholder.html.j2", title="register")


def routes() -> list[Route]:
    return [Route("/register", index)]
