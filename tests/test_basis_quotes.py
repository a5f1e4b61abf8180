"""Verify rules/basis.yaml (the table of legal bases) against the verbatim statute texts.

Self-contained: loads the YAML with pyyaml and reads the statute Markdown files directly,
so it does not depend on the rest of the project.

Statute folder: $REVIEWER_STATUTES if set, else <repo>/../shared/statutes. If the folder is
missing, the quote tests are skipped (with a visible reason); the structural checks still run.

Statute file format (see shared/statutes/README.md): an article starts at the beginning of a
line as "第X条" + ASCII space; its further paragraphs follow on later lines until the next
article line, a "#" heading or a "<!--" marker. In the files, paragraphs are separated by
empty lines; those separator lines are not article text, so the extracted block keeps only the
non-blank lines, joined by a single "\n" (the same form as `quote` in basis.yaml). Non-blank
lines are compared exactly as they stand: no trimming, no punctuation normalisation.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
from pathlib import Path

import cn2an
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BASIS_PATH = REPO / "rules" / "basis.yaml"

RANKS = ("法律", "行政法规", "司法解释")
ARTICLE_LINE = re.compile(r"^第[零〇一二三四五六七八九十百千]+条 ")
KEY_FORMAT = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
SNIPPET = 30


def _load_basis() -> dict:
    with BASIS_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{BASIS_PATH} is not a YAML mapping"
    return data


BASIS = _load_basis()
LAWS: dict = BASIS.get("laws") or {}
ARTICLES: dict = BASIS.get("articles") or {}
UNVERIFIED: dict = BASIS.get("unverified") or {}


def _statutes_dir() -> Path:
    env = os.environ.get("REVIEWER_STATUTES")
    return Path(env) if env else REPO.parent / "shared" / "statutes"


@pytest.fixture(scope="module")
def statutes_dir() -> Path:
    path = _statutes_dir()
    if not path.is_dir():
        pytest.skip(f"statute texts not found at {path}; quotes not verified")
    return path


@functools.lru_cache(maxsize=None)
def _read_lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").split("\n"))


def extract_article(lines: tuple[str, ...], label: str) -> str | None:
    """Return the article block starting with `label` + " ", or None if absent.

    Raises AssertionError if the label starts more than one line (ambiguous source).
    """
    starts = [i for i, line in enumerate(lines) if line.startswith(label + " ")]
    if not starts:
        return None
    assert len(starts) == 1, f"{label} starts {len(starts)} lines (lines {[i + 1 for i in starts]})"
    block = [lines[starts[0]]]
    for line in lines[starts[0] + 1:]:
        if ARTICLE_LINE.match(line) or line.startswith("#") or line.startswith("<!--"):
            break
        block.append(line)
    while block and not block[-1].strip():  # trailing blank lines
        block.pop()
    return "\n".join(line for line in block if line.strip())  # drop blank paragraph separators


def _first_difference(expected: str, actual: str) -> str:
    pos = next(
        (i for i, (a, b) in enumerate(zip(expected, actual)) if a != b),
        min(len(expected), len(actual)),
    )
    lo = max(0, pos - SNIPPET)
    return (
        f"first difference at position {pos} "
        f"(statute length {len(expected)}, yaml length {len(actual)})\n"
        f"  statute: {expected[lo:pos + SNIPPET]!r}\n"
        f"  yaml:    {actual[lo:pos + SNIPPET]!r}\n"
        f"  char:    statute {expected[pos:pos + 1]!r} vs yaml {actual[pos:pos + 1]!r}"
    )


def _chinese_label(n: int) -> str:
    # cn2an renders 10-19 as 十X and 110 as 一百一十, which is also the statute files' usage
    # (第十条, 第十六条, 第一百一十条); every label in shared/statutes matches this form.
    return f"第{cn2an.an2cn(n)}条"


# --------------------------------------------------------------------------- quotes


@pytest.mark.parametrize("key", list(ARTICLES), ids=list(ARTICLES))
def test_quote_matches_statute(key: str, statutes_dir: Path) -> None:
    entry = ARTICLES[key]
    law = LAWS.get(entry.get("law"))
    assert law, f"{key}: law {entry.get('law')!r} not in laws"
    label, quote = entry["label"], entry["quote"]
    assert isinstance(quote, str) and quote, f"{key}: empty quote"

    found = {}
    for name in law["files"]:
        path = statutes_dir / name
        assert path.is_file(), f"{key}: statute file {name!r} not found in {statutes_dir}"
        block = extract_article(_read_lines(path), label)
        if block is not None:
            found[name] = block
    assert len(found) == 1, (
        f"{key}: {label} found in {sorted(found) or 'none'} of files {law['files']} (expected exactly one)"
    )
    (name, expected), = found.items()
    actual = f"{label} {quote}"
    assert actual == expected, f"{key}: quote differs from {name}\n" + _first_difference(expected, actual)


# --------------------------------------------------------------------------- structure


def test_top_level_sections() -> None:
    assert BASIS.get("schema_version") == 1
    assert LAWS and ARTICLES, "laws and articles must not be empty"
    assert isinstance(UNVERIFIED, dict)


@pytest.mark.parametrize("key", list(ARTICLES), ids=list(ARTICLES))
def test_article_entry_consistent(key: str) -> None:
    entry = ARTICLES[key]
    law_key, n, label = entry.get("law"), entry.get("article"), entry.get("label")
    assert law_key in LAWS, f"{key}: law {law_key!r} not in laws"
    assert isinstance(n, int) and not isinstance(n, bool) and n > 0, f"{key}: article must be a positive int"
    assert key == f"{law_key}-{n}", f"{key}: key must be <law>-<article> = {law_key}-{n}"
    assert label == _chinese_label(n), f"{key}: label {label!r} != {_chinese_label(n)!r}"
    quote = entry.get("quote")
    assert isinstance(quote, str) and quote.strip(), f"{key}: quote missing"
    assert not quote.startswith(label), f"{key}: quote must not repeat the label"
    assert "\n\n" not in quote and not quote.endswith("\n"), f"{key}: paragraphs must be single-newline separated"


def test_articles_ordered_by_law_then_number() -> None:
    law_pos = {k: i for i, k in enumerate(LAWS)}
    keys = list(ARTICLES)
    expected = sorted(keys, key=lambda k: (law_pos[ARTICLES[k]["law"]], ARTICLES[k]["article"]))
    assert keys == expected


@pytest.mark.parametrize("law_key", list(LAWS), ids=list(LAWS))
def test_law_entry_complete(law_key: str) -> None:
    law = LAWS[law_key]
    for field in ("title", "short", "rank", "files"):
        assert law.get(field), f"{law_key}: {field} missing"
    assert law["rank"] in RANKS, f"{law_key}: rank {law['rank']!r} not in {RANKS}"
    assert not law["title"].startswith("《") and not law["title"].endswith("》"), f"{law_key}: title without 《》"
    assert isinstance(law["files"], list) and all(isinstance(f, str) and f.endswith(".md") for f in law["files"])
    for field in ("effective", "superseded_on"):
        assert law.get(field) is None or isinstance(law[field], datetime.date), f"{law_key}: {field} not a date"
    succ = law.get("superseded_by")
    assert succ is None or succ in LAWS, f"{law_key}: superseded_by {succ!r} not in laws"
    assert (succ is None) == (law.get("superseded_on") is None), f"{law_key}: superseded_on/_by must go together"
    assert any(a.get("law") == law_key for a in ARTICLES.values()), f"{law_key}: no article uses this law"


@pytest.mark.parametrize("key", list(UNVERIFIED), ids=list(UNVERIFIED))
def test_unverified_entry(key: str) -> None:
    entry = UNVERIFIED[key]
    assert KEY_FORMAT.match(key), f"{key}: key must be upper-case ASCII with hyphens"
    assert key not in ARTICLES and key not in LAWS, f"{key}: clashes with a verified key"
    assert entry.get("status") in ("S", "U"), f"{key}: status must be S or U"
    assert isinstance(entry.get("title"), str) and entry["title"].strip(), f"{key}: title missing"
