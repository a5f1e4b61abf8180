"""Pages: jinja2 templates (autoescaped) with what every page shows — the navigation, the
signed-in user and the CSRF token for its forms."""

from __future__ import annotations

from functools import lru_cache

from starlette.requests import Request
from starlette.responses import HTMLResponse

NAV = [("/review", "审查"), ("/cases", "案件"), ("/register", "登记"), ("/stats", "统计"), ("/rules", "规则"), ("/audit", "审计")]


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("reviewer.web", "templates"), autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def page(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    from reviewer.web import auth

    context.setdefault("title", "")
    html = environment().get_template(template).render(
        request=request, nav=NAV, user=auth.current_user(request), csrf=auth.csrf_token(request), office=request.app.state.settings.office, **context
    )
    return HTMLResponse(html, status_code=status_code)


def message(request: Request, text: str, status_code: int = 400, title: str = "无法完成") -> HTMLResponse:
    """One Chinese sentence in the page frame: what went wrong and what to do."""
    return page(request, "message.html.j2", status_code=status_code, title=title, text=text)
