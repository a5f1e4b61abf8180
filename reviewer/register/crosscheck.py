"""What the filing register says of a document's own 文号, as facts for the review
(REG.ND.NUMBER_UNIQUE, REG.ND.REGISTER_BEFORE_ISSUE): registered for this document,
not registered, registered for another document, or voided."""

from __future__ import annotations

import re

from reviewer.errors import UsageError
from reviewer.register.documents import documents, parse_doc_number


def _plain(title: str) -> str:
    """Titles compared without 送审稿/征求意见稿 marks, book-title marks and spaces."""
    return re.sub(r"[（(](送审稿|征求意见稿|草案|修订稿|代拟稿)[）)]|[《》\s]", "", title or "")


def register_facts(store, number: str, title: str, sha256: str | None) -> dict:
    """{'register_status': …, 'register_entry': …}; nothing when the document has no usable 文号."""
    try:
        number = parse_doc_number(number, "文号")[0]
    except UsageError:
        return {}
    rows = [r for r in documents(store, words=[number]) if r["number"] == number]
    if not rows:
        return {"register_status": "未登记"}
    row = rows[0]
    entry = f"《{row['title']}》（登记编号 {row['reg_no']}）"
    if row["status"] == "void":
        return {"register_status": "已作废", "register_entry": entry}
    if (sha256 and row["sha256"] == sha256) or _plain(row["title"]) == _plain(title) or _plain(title).endswith(_plain(row["title"])):
        return {"register_status": "已登记", "register_entry": entry}
    return {"register_status": "他文已用", "register_entry": entry}
