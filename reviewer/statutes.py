"""The bundled statute library (rules/statutes/): articles by number, versions by date.

The texts are LawRefBook/Laws Markdown files copied byte for byte (provenance and sha256
in rules/statutes/MANIFEST.toml). Format: `# 标题`, history lines, `<!-- INFO END -->`,
`## 章` headings; an article starts a line as "第X条" + ASCII space and runs on over the
following lines until the next article line, a "#" heading or a "<!--" marker. Blank lines
only separate paragraphs and are not article text. Item lines (项) start with （一） or (一)
and belong to the paragraph (款) above them.

What a law is (title, short name, version, effective / superseded_on, files) is the `laws`
table of rules/basis.yaml: one entry per version (SMEPAY20, SMEPAY25) linked by
`superseded_by`. Articles are found by their label, built from the number in statute
usage (第十六条, 第一百零一条); tests check that form against cn2an for every article held.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reviewer.errors import UsageError
from reviewer.paths import default_rules_dir
from reviewer.text.numerals import cn_number  # noqa: F401  (re-exported: article labels, tests)

ARTICLE_LINE = re.compile(r"^(第[零〇一二三四五六七八九十百千]+条) ")
ITEM_LINE = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_DIGITS = "零一二三四五六七八九"


def article_label(n: int) -> str:
    return f"第{cn_number(n)}条"


@lru_cache(maxsize=None)
def _labels() -> dict[str, int]:
    return {article_label(n): n for n in range(1, 10000)}


def _number(label: str) -> int:
    """第五百八十五条 -> 585 (0 for a label not in statute usage)."""
    return _labels().get(label, 0)


@dataclass(frozen=True)
class Article:
    label: str  # 第五百八十五条
    lines: tuple[str, ...]  # non-blank lines as they stand; the label is cut from the first
    file: str

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def paragraphs(self) -> tuple[tuple[str, ...], ...]:
        """款: a line that is not an item starts one; item lines join the paragraph above."""
        paras: list[list[str]] = []
        for line in self.lines:
            if paras and ITEM_LINE.match(line):
                paras[-1].append(line)
            else:
                paras.append([line])
        return tuple(tuple(p) for p in paras)

    def part(self, paragraph: int | None = None, item: int | None = None) -> str | None:
        """The whole article, its paragraph (1-based, with its items) or one item of it."""
        if paragraph is None:
            return self.text
        paras = self.paragraphs
        if not 0 < paragraph <= len(paras):
            return None
        lines = paras[paragraph - 1]
        if item is None:
            return "\n".join(lines)
        items = lines[1:]
        return items[item - 1] if 0 < item <= len(items) else None


@lru_cache(maxsize=None)
def read_statute(path: str) -> dict[str, Article]:
    """Every article of one statute file, by label, in file order (first wins)."""
    name = Path(path).name
    out: dict[str, Article] = {}
    label, lines = None, []
    for line in _text(path).split("\n"):
        m = ARTICLE_LINE.match(line) if line[:1] == "第" else None
        if m or line[:1] == "#" or line.startswith("<!--"):
            if label and label not in out:
                out[label] = Article(label, tuple(lines), name)
            label, lines = (m.group(1), [line[m.end():]]) if m else (None, [])
        elif label and line.strip():
            lines.append(line)
    if label and label not in out:
        out[label] = Article(label, tuple(lines), name)
    return out


@lru_cache(maxsize=None)
def _text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def _extract(text: str, label: str, name: str) -> Article | None:
    """One article found by its label without parsing the whole file (what a review
    needs: a few articles of a few laws); gives what read_statute gives."""
    needle = label + " "
    pos = 0 if text.startswith(needle) else text.find("\n" + needle) + 1
    if pos == 0 and not text.startswith(needle):
        return None
    i, lines = pos + len(needle), []
    while i <= len(text):
        j = text.find("\n", i)
        j = len(text) if j < 0 else j
        line = text[i:j]
        if lines and (line[:1] == "#" or line.startswith("<!--") or (line[:1] == "第" and ARTICLE_LINE.match(line))):
            break
        if not lines or line.strip():
            lines.append(line)
        i = j + 1
    return Article(label, tuple(lines), name)


def find_article(root: str | Path, files: list[str] | tuple[str, ...], number: int) -> Article | None:
    """Article `number` of the law held in `files` (several files for 民法典's books)."""
    label = article_label(number)
    for name in files:
        art = _extract(_text(str(Path(root) / name)), label, name)
        if art is not None:
            return art
    return None


def default_statutes_dir() -> Path:
    return default_rules_dir() / "statutes"


# --------------------------------------------------------------------------- lookup for people


def parse_article_number(text: str) -> int:
    """585, ５８５, 五百八十五, 第五百八十五条, 第585条 -> 585."""
    s = re.sub(r"\s+", "", str(text)).removeprefix("第").removesuffix("条")
    if s.isdigit():
        n = int(s)
    else:
        try:
            import cn2an

            n = int(cn2an.cn2an(s, "smart"))
        except (ValueError, KeyError, TypeError):
            n = 0
    if not 0 < n < 10000:
        raise UsageError(f"条号“{text}”无法识别，应写成 585、五百八十五 或 第五百八十五条")
    return n


def _bare(title: str) -> str:
    return title.removeprefix("中华人民共和国")


class Library:
    """The laws of basis.yaml over the texts in `root`; each version is one `laws` key."""

    def __init__(self, root: str | Path, laws: dict):
        self.root = Path(root)
        self.laws = laws
        self._work: dict[str, tuple[str, ...]] = {}
        before = {v["superseded_by"]: k for k, v in laws.items() if v.get("superseded_by")}
        for key in laws:  # versions linked by superseded_by make one work, oldest first
            first, seen = key, {key}
            while first in before and before[first] not in seen:
                first = before[first]
                seen.add(first)
            chain, k = [], first
            while k in laws and k not in chain:
                chain.append(k)
                k = laws[k].get("superseded_by")
            self._work[key] = tuple(sorted(chain, key=lambda k: laws[k].get("effective") or dt.date.min))

    def source(self) -> dict:
        """Where the texts come from: the [source] section of MANIFEST.toml."""
        import tomllib

        path = self.root / "MANIFEST.toml"
        return tomllib.loads(path.read_text(encoding="utf-8")).get("source", {}) if path.is_file() else {}

    def versions(self, key: str) -> tuple[str, ...]:
        return self._work[key]

    def articles(self, key: str) -> dict[str, Article]:
        out: dict[str, Article] = {}
        for name in self.laws[key]["files"]:
            for label, art in read_statute(str(self.root / name)).items():
                out.setdefault(label, art)
        return out

    def article(self, key: str, number: int) -> Article | None:
        return find_article(self.root, self.laws[key]["files"], number)

    def held(self, key: str) -> str:
        """第一条至第九百八十八条、第一千二百五十九条至第一千二百六十条: what the files hold."""
        spans: list[list[int]] = []
        for n in sorted(_number(label) for label in self.articles(key)):
            if spans and n == spans[-1][1] + 1:
                spans[-1][1] = n
            else:
                spans.append([n, n])
        return "、".join(article_label(a) if a == b else f"{article_label(a)}至{article_label(b)}" for a, b in spans)

    def in_force(self, key: str, on: dt.date) -> bool:
        law = self.laws[key]
        return (law.get("effective") or dt.date.min) <= on and (law.get("superseded_on") is None or on < law["superseded_on"])

    def find(self, query: str, on: dt.date | None = None) -> str:
        """The version key for a law named by key, short name or title (and a date)."""
        q = re.sub(r"\s+", "", query).strip("《》")
        names = {k: {k.upper(), v["title"], v["short"], _bare(v["title"]), _bare(v["title"]).removesuffix("（一）")} for k, v in self.laws.items()}
        matched = [k for k, n in names.items() if q in n or q.upper() in n]
        for field in ("short", "title"):  # then a part of a short name, then of a title
            matched = matched or [k for k, v in self.laws.items() if q and q in v[field]]
        works = {self._work[k] for k in matched}
        if len(works) != 1:
            if works:
                options = sorted({self.laws[w[-1]]["short"] for w in works})
            else:
                import difflib

                every = {v["short"]: k for k, v in self.laws.items()} | {_bare(v["title"]): k for k, v in self.laws.items()}
                options = sorted({self.laws[every[n]]["short"] for n in difflib.get_close_matches(q, list(every), n=4, cutoff=0.5)})
            hint = f"您是否要找：{'、'.join(options)}？" if options else ""
            what = f"“{query}”对应多部法规" if works else f"内置法规库中没有“{query}”"
            raise UsageError(f"{what}。{hint}（运行 reviewer law 列出全部法规）")
        work = works.pop()
        if on is None:
            on = dt.date.today()
            pool = [k for k in work if k in matched] or list(work)
            current = [k for k in pool if self.in_force(k, on)]
            return current[-1] if current else pool[-1]
        hits = [k for k in work if self.in_force(k, on)]
        if hits:
            return hits[-1]
        first = self.laws[work[0]]
        if first.get("effective") and on < first["effective"]:
            raise UsageError(f"《{first['title']}》自{first['effective']}起施行，{on}时尚未施行（内置法规库没有更早的版本）")
        raise UsageError(f"内置法规库中没有{on}施行的《{first['title']}》版本")

    def lookup(self, key: str, number: int) -> Article:
        art = self.article(key, number)
        if art is None:
            law = self.laws[key]
            others = [k for k in self._work[key] if k != key and self.article(k, number)]
            also = f"；{'、'.join(self.laws[k]['version'] for k in others)}版本有此条（可用 --on 指定日期）" if others else ""
            raise UsageError(f"内置法规库中的《{law['short']}》（{law['version']}）没有{article_label(number)}，只收录{self.held(key)}{also}")
        return art
