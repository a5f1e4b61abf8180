"""The table of legal bases (rules/basis.yaml): quotes are rendered from here only.

A verified entry names a law and an article (`CC-585: {law: CC, article: 585}`); its text
is read from the bundled statute library (rules/statutes/, see reviewer/statutes.py), never
kept as a second copy. A reference may narrow it to a paragraph (款) or an item (项):
`CC-585#2` is 第五百八十五条第二款, `CC-470#1.8` its first paragraph's eighth item.
Unverified entries are cited by name only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from reviewer.errors import RuleFileError
from reviewer.findings import BasisRef
from reviewer.paths import default_rules_dir
from reviewer.statutes import Article, Library, article_label, cn_number, default_statutes_dir, find_article


def _split(ref: str) -> tuple[str, int | None, int | None]:
    """`CC-470#1.8` -> ("CC-470", 1, 8); a malformed tail gives paragraph 0 (never found)."""
    key, _, tail = ref.partition("#")
    if not tail:
        return key, None, None
    para, _, item = tail.partition(".")
    try:
        return key, int(para), int(item) if item else None
    except ValueError:
        return key, 0, None


@dataclass(frozen=True)
class BasisTable:
    laws: dict
    articles: dict
    unverified: dict
    statutes: str = ""  # the folder the article texts are read from

    def article(self, key: str) -> Article:
        a = self.articles[key]
        art = _article(self.statutes, tuple(self.laws[a["law"]]["files"]), a["article"])
        if art is None:
            raise RuleFileError(self.statutes, f"依据 {key}：《{self.laws[a['law']]['short']}》{a['label']}不在内置法规文本中")
        return art

    def has(self, ref: str) -> bool:
        key, para, item = _split(ref)
        if key in self.unverified:
            return True
        if key not in self.articles:
            return False
        return para is None or self.article(key).part(para, item) is not None

    def resolve(self, ref: str) -> BasisRef:
        """`CC-585` (whole article), `CC-585#2` (第二款) or `CC-470#1.8` (第一款第八项)."""
        key, para, item = _split(ref)
        if key in self.unverified:
            u = self.unverified[key]
            title = u["title"]
            art = u.get("article_label") or None
            doc_no = u.get("doc_no") if u.get("doc_no") and u["doc_no"] not in title else None
            return BasisRef(key=ref, law=title, short=title, article=art, quote=None, verified=False, doc_no=doc_no)
        a = self.articles[key]
        law = self.laws[a["law"]]
        quote = self.article(key).part(para, item)
        if quote is None:
            raise RuleFileError(self.statutes, f"依据 {ref}：{a['label']}没有这一款（项）")
        article = a["label"]
        if para is not None:
            article += f"第{cn_number(para)}款" + (f"第{cn_number(item)}项" if item else "")
        lead = self.article(key).part(para).split("\n")[0] if item else None
        return BasisRef(key=ref, law=law["title"], short=law["short"], article=article, quote=quote, verified=True, lead=lead)

    def law_of(self, ref: str) -> dict | None:
        key = ref.split("#")[0]
        if key in self.articles:
            return self.laws[self.articles[key]["law"]]
        return None


@lru_cache(maxsize=512)
def _article(statutes: str, files: tuple[str, ...], number: int) -> Article | None:
    return find_article(statutes, files, number)


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
    # the texts beside this basis.yaml, else the bundled library (a rule author's own folder)
    statutes = p.parent / "statutes"
    statutes = statutes if statutes.is_dir() else default_statutes_dir()
    articles = {}
    for key, a in data["articles"].items():
        if not isinstance(a, dict) or a.get("law") not in data["laws"]:
            raise RuleFileError(str(p), f"条文 {key} 引用了未定义的法律 {a.get('law') if isinstance(a, dict) else a}", key=key)
        n = a.get("article")
        if not isinstance(n, int) or isinstance(n, bool) or not 0 < n < 10000:
            raise RuleFileError(str(p), f"条文 {key} 的条号 article 应为正整数", key=key)
        if "quote" in a:
            raise RuleFileError(str(p), f"条文 {key} 不再抄录原文：原文从 statutes/ 中的法规文本读取", key=key)
        articles[key] = {**a, "label": article_label(n)}
    for key, law in data["laws"].items():
        missing = [f for f in law.get("files") or [] if not (statutes / f).is_file()]
        if missing or not law.get("files"):
            raise RuleFileError(str(p), f"法律 {key} 的文本文件不在 {statutes} 中：{'、'.join(missing) or '未列出 files'}", key=key)
    return BasisTable(data["laws"], articles, data.get("unverified") or {}, str(statutes))


def load_library(rules_dir: str | Path | None = None) -> Library:
    """The statute library (`reviewer law`): the laws of basis.yaml over their texts."""
    table = load_basis(str(Path(rules_dir or default_rules_dir()) / "basis.yaml"))
    return Library(table.statutes, table.laws)
