"""What the case and register pages share around an action: a failure of the library
(its UsageError or any ReviewerError) is its one Chinese sentence in the page frame,
never a traceback; dates typed in forms are read as the CLI reads them; the rules are
loaded once per process."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from starlette.requests import Request

from reviewer.errors import ReviewerError
from reviewer.web.render import message


def guarded(handler):
    @functools.wraps(handler)
    async def wrapper(request: Request):
        try:
            return await handler(request)
        except ReviewerError as err:
            return message(request, err.message)

    return wrapper


def date(value: str | None, name: str, default: dt.date | None = None) -> dt.date | None:
    from reviewer.case import parse_date

    value = (value or "").strip()
    return parse_date(value, name) if value else default


@functools.lru_cache(maxsize=1)
def ruleset():
    from reviewer.engine.loader import load_rules

    return load_rules()


def work(request: Request) -> Path:
    return Path(request.app.state.settings.work)
