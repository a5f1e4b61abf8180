"""The table of legal bases (rules/basis.yaml): quotes are rendered from here only."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from reviewer.errors import RuleFileError
from reviewer.findings import BasisRef

_PARA_CN = "一二三四五六七八九十"


@dataclass(frozen=True)
class BasisTable:
    laws: dict
    articles: dict
    unverified: dict

    def has(self, ref: str) -> bool:
        key = ref.split("#")[0]
        return key in self.articles or key in self.unverified

    def resolve(self, ref: str) -> BasisRef:
        """`CC-585` (whole article) or `CC-585#2` (its second paragraph, 第二款)."""
        key, _, para = ref.partition("#")
        if key in self.unverified:
            u = self.unverified[key]
            title = u["title"]
            art = u.get("article_label") or None
            doc_no = u.get("doc_no") if u.get("doc_no") and u["doc_no"] not in title else None
            return BasisRef(key=ref, law=title, short=title, article=art, quote=None, verified=False, doc_no=doc_no)
        a = self.articles[key]
        law = self.laws[a["law"]]
        quote = a["quote"]
        article = a["label"]
        if para:
            lines = quote.split("\n")
            n = int(para)
            quote = lines[n - 1]
            article += f"第{_PARA_CN[n - 1]}款"
        return BasisRef(key=ref, law=law["title"], short=law["short"], article=article, quote=quote, verified=True)

    def law_of(self, ref: str) -> dict | None:
        key = ref.split("#")[0]
        if key in self.articles:
            return self.laws[self.articles[key]["law"]]
        return None


@lru_cache(maxsize=4)
def load_basis(path: str) -> BasisTable:
    p = Path(path)
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise RuleFileError(str(p), f"依据表无法读取（{exc.__class__.__name__}）", line=line + 1 if line is not None else None) from None
    if not isinstance(data, dict) or "articles" not in data or "laws" not in data:
        raise RuleFileError(str(p), "依据表缺少 laws 或 articles")
    for key, a in data["articles"].items():
        if a.get("law") not in data["laws"]:
            raise RuleFileError(str(p), f"条文 {key} 引用了未定义的法律 {a.get('law')}", key=key)
    return BasisTable(data["laws"], data["articles"], data.get("unverified") or {})
