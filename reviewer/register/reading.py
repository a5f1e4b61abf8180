"""What a normative document says of itself, for the register: title, 文号, issuer (and
co-issuers), dates and validity — read once here for `register add` and the desk alike."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

_EXPIRY_KEYS = ("expires_on", "valid_until", "validity_until", "valid_to")  # normative facts, when the pack provides them
_ISSUER = re.compile(r"^(?P<org>.{2,30}?(?:人民政府办公室|人民政府|委员会|办公室|局|委|厅|处|中心))关于")


def read_document(file: str) -> tuple[dict, str]:
    """What the document says of itself: title, 文号, issuer, dates, validity; and its sha256."""
    from reviewer.facts import infer
    from reviewer.ingest import load

    doc = load(file)
    facts = infer(doc)
    found = {"title": facts.title or "", "number": facts.doc_number or "", "written_on": facts.get("dated_on"), "effective_on": facts.get("effective_on"), "published_on": facts.get("published_on")}
    found["expires_on"] = next((facts.get(k) for k in _EXPIRY_KEYS if isinstance(facts.get(k), dt.date)), None)
    years = facts.get("validity_years")
    if found["expires_on"] is None and years and isinstance(found["effective_on"], dt.date) and float(years).is_integer():
        # 有效期N年 from the day it takes effect: the last day is the day before the anniversary
        start = found["effective_on"]
        try:
            end = start.replace(year=start.year + int(years))
        except ValueError:  # 29 February in a year without it: the anniversary is 1 March
            end = dt.date(start.year + int(years), 3, 1)
        found["expires_on"] = end - dt.timedelta(days=1)
        found["expires_note"] = f"按施行日期和“有效期{int(years)}年”推算"
    issuer = facts.get("issuer")
    m = _ISSUER.match(found["title"])
    found["issuer"] = issuer if isinstance(issuer, str) and issuer else (m["org"] if m else "")
    co = facts.get("co_issuers")
    if found["issuer"] and isinstance(co, str) and co:
        found["issuer"] += "、" + co  # 联合制定机关 follow the lead issuer
    return found, hashlib.sha256(Path(file).read_bytes()).hexdigest()
