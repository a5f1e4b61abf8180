"""The table of legal bases (rules/basis.yaml) against the bundled statute library.

The article texts live once, in rules/statutes/ (LawRefBook/Laws files copied byte for byte,
listed with sha256 in MANIFEST.toml); basis.yaml only names law and article. These tests need
nothing outside the repository. When the team's folder is present ($REVIEWER_STATUTES, else
<repo>/../shared/statutes), the bundled copies must also be byte-identical to it.

The reference extractor below is deliberately separate from reviewer/statutes.py, so the
product's parser is checked against a second reading of the format: an article starts at the
beginning of a line as "第X条" + ASCII space; its further paragraphs follow on later lines until
the next article line, a "#" heading or a "<!--" marker. Blank lines separate paragraphs and are
not article text; the other lines are compared exactly as they stand (no trimming, no
punctuation normalisation), joined by a single "\n".
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import os
import re
import tomllib
from pathlib import Path

import cn2an
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BASIS_PATH = REPO / "rules" / "basis.yaml"
LIBRARY = REPO / "rules" / "statutes"
MANIFEST = tomllib.loads((LIBRARY / "MANIFEST.toml").read_text(encoding="utf-8"))

RANKS = ("法律", "行政法规", "司法解释")
ARTICLE_LINE = re.compile(r"^第[零〇一二三四五六七八九十百千]+条 ")
ITEM_LINE = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
KEY_FORMAT = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")


def _load_basis() -> dict:
    with BASIS_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{BASIS_PATH} is not a YAML mapping"
    return data


BASIS = _load_basis()
LAWS: dict = BASIS.get("laws") or {}
ARTICLES: dict = BASIS.get("articles") or {}
UNVERIFIED: dict = BASIS.get("unverified") or {}
FILES = {f["name"]: f for f in MANIFEST["file"]}


@functools.lru_cache(maxsize=None)
def _read_lines(name: str) -> tuple[str, ...]:
    return tuple((LIBRARY / name).read_text(encoding="utf-8").split("\n"))


def extract_article(lines: tuple[str, ...], label: str) -> str | None:
    """The article block starting with `label` + " " (label included), or None if absent.

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
    return "\n".join(line for line in block if line.strip())


def _label(n: int) -> str:
    return f"第{cn2an.an2cn(n)}条"  # 第十条, 第十六条, 第一百一十条: the statute files' own usage


def _reference_text(key: str) -> str:
    """The article of `key` as the reference extractor reads it, label cut off."""
    entry = ARTICLES[key]
    law = LAWS[entry["law"]]
    label = _label(entry["article"])
    found = {name: block for name in law["files"] if (block := extract_article(_read_lines(name), label)) is not None}
    assert len(found) == 1, f"{key}: {label} found in {sorted(found) or 'none'} of files {law['files']} (expected exactly one)"
    block = next(iter(found.values()))
    assert block.startswith(label + " ")
    return block[len(label) + 1:]


@pytest.fixture(scope="module")
def table():
    from reviewer.engine.basis import load_basis

    return load_basis(str(BASIS_PATH))


# --------------------------------------------------------------------------- the bundled texts


def test_manifest_lists_every_bundled_file_with_its_provenance():
    on_disk = sorted(p.name for p in LIBRARY.glob("*.md"))
    assert sorted(FILES) == on_disk and len(MANIFEST["file"]) == len(FILES)
    src = MANIFEST["source"]
    assert src["repository"] == "LawRefBook/Laws" and re.fullmatch(r"[0-9a-f]{40}", src["commit"])
    for f in MANIFEST["file"]:
        assert isinstance(f["date"], datetime.date), f["name"]
        assert f["title"] and f["source_path"].endswith(".md") and re.fullmatch(r"[0-9a-f]{40}", f["source_commit"]), f["name"]


@pytest.mark.parametrize("name", sorted(FILES))
def test_bundled_text_is_the_recorded_copy(name):
    data = (LIBRARY / name).read_bytes()
    entry = FILES[name]
    assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"], (
        f"{name} differs from the copy recorded in MANIFEST.toml: statute texts are copied exactly, never edited"
    )
    assert data.decode("utf-8").startswith(f"# {entry['title']}\n")


def test_bundled_texts_identical_to_the_team_folder_when_present():
    env = os.environ.get("REVIEWER_STATUTES")
    shared = Path(env) if env else REPO.parent / "shared" / "statutes"
    if env:
        assert shared.is_dir(), f"REVIEWER_STATUTES={env} is not a folder"
    if not shared.is_dir():
        return  # a fresh clone: the recorded sha256 above is the check
    differ = [n for n in FILES if not (shared / n).is_file() or (shared / n).read_bytes() != (LIBRARY / n).read_bytes()]
    assert not differ, f"bundled copies differ from {shared}: {differ} (refresh with tools/update_statutes.py)"


def test_every_bundled_file_belongs_to_exactly_one_law():
    owners: dict[str, list[str]] = {}
    for key, law in LAWS.items():
        for name in law["files"]:
            owners.setdefault(name, []).append(key)
    assert set(owners) == set(FILES), f"not in the library: {set(owners) - set(FILES)}; no law: {set(FILES) - set(owners)}"
    assert all(len(v) == 1 for v in owners.values()), {k: v for k, v in owners.items() if len(v) > 1}


def test_article_labels_follow_statute_usage_and_the_product_reads_them_alike():
    from reviewer.statutes import cn_number, read_statute

    for name in FILES:
        labels = [line.split(" ", 1)[0] for line in _read_lines(name) if ARTICLE_LINE.match(line)]
        numbers = [cn2an.cn2an(label[1:-1], "strict") for label in labels]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), f"{name}: article numbers not contiguous"
        assert all(cn_number(n) == cn2an.an2cn(n) for n in numbers), name
        parsed = read_statute(str(LIBRARY / name))
        assert list(parsed) == labels, name
        for label, art in parsed.items():
            assert art.label + " " + art.text == extract_article(_read_lines(name), label), f"{name} {label}"


# --------------------------------------------------------------------------- articles


@pytest.mark.parametrize("key", list(ARTICLES), ids=list(ARTICLES))
def test_article_quote_is_the_statute_text(key, table):
    expected = _reference_text(key)
    ref = table.resolve(key)
    assert ref.verified and ref.quote == expected and ref.article == _label(ARTICLES[key]["article"])


@pytest.mark.parametrize("key", list(ARTICLES), ids=list(ARTICLES))
def test_article_entry_names_law_and_article_only(key):
    entry = ARTICLES[key]
    law_key, n = entry.get("law"), entry.get("article")
    assert set(entry) == {"law", "article"}, f"{key}: an entry names law and article; the text comes from the statute"
    assert law_key in LAWS, f"{key}: law {law_key!r} not in laws"
    assert isinstance(n, int) and not isinstance(n, bool) and n > 0, f"{key}: article must be a positive int"
    assert key == f"{law_key}-{n}", f"{key}: key must be <law>-<article> = {law_key}-{n}"


def _cited_refs() -> list[str]:
    from reviewer.engine.loader import load_rules

    return sorted({ref for rule in load_rules().rules for ref in rule.basis})


@pytest.mark.parametrize("ref", _cited_refs())
def test_every_basis_cited_by_a_rule_resolves(ref, table):
    b = table.resolve(ref)
    if not b.verified:
        assert b.quote is None and ref.split("#")[0] in UNVERIFIED
        return
    assert b.quote and b.quote.strip()
    whole = _reference_text(ref.split("#")[0]).split("\n")
    part = b.quote.split("\n")
    if "#" not in ref:
        assert part == whole
        return
    starts = [i for i in range(len(whole)) if whole[i:i + len(part)] == part]
    assert starts, f"{ref}: not a run of lines of the article"
    end = starts[0] + len(part)
    if "." in ref:  # one item (项)
        assert len(part) == 1 and ITEM_LINE.match(part[0])
    else:  # a paragraph (款) with all its items, and the number counts paragraphs
        assert not ITEM_LINE.match(part[0]) and (end == len(whole) or not ITEM_LINE.match(whole[end]))
        n = int(ref.split("#")[1])
        assert sum(1 for line in whole[:starts[0] + 1] if not ITEM_LINE.match(line)) == n
        assert b.article.endswith(f"第{cn2an.an2cn(n)}款")


def test_paragraphs_and_items_are_cited_by_their_numbers(table):
    b = table.resolve("ARB-16#2")
    assert b.article == "第十六条第二款" and b.quote.startswith("仲裁协议应当具有下列内容：\n（一）") and b.quote.endswith("（三）选定的仲裁委员会。")
    b = table.resolve("CC-470#1.8")
    assert b.article == "第四百七十条第一款第八项" and b.quote == "（八）解决争议的方法。"
    assert b.citation == "《中华人民共和国民法典》第四百七十条第一款第八项"
    assert table.has("CC-585#3") and not table.has("CC-585#4") and not table.has("CC-470#1.9") and not table.has("CC-585#x")


def test_a_quote_kept_in_basis_yaml_is_refused(tmp_path):
    from reviewer.engine.basis import load_basis
    from reviewer.errors import RuleFileError

    bad = BASIS_PATH.read_text(encoding="utf-8").replace("CC-6: {law: CC, article: 6}", "CC-6: {law: CC, article: 6, quote: 民事主体}")
    (tmp_path / "basis.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_basis(str(tmp_path / "basis.yaml"))  # no statutes/ beside it: the bundled library is used
    assert "CC-6" in err.value.message and "不再抄录原文" in err.value.message


# --------------------------------------------------------------------------- structure


def test_top_level_sections():
    assert BASIS.get("schema_version") == 1
    assert LAWS and ARTICLES, "laws and articles must not be empty"
    assert isinstance(UNVERIFIED, dict)


def test_articles_ordered_by_law_then_number():
    law_pos = {k: i for i, k in enumerate(LAWS)}
    keys = list(ARTICLES)
    expected = sorted(keys, key=lambda k: (law_pos[ARTICLES[k]["law"]], ARTICLES[k]["article"]))
    assert keys == expected


@pytest.mark.parametrize("law_key", list(LAWS), ids=list(LAWS))
def test_law_entry_complete(law_key: str) -> None:
    law = LAWS[law_key]
    for field in ("title", "short", "rank", "version", "effective", "files"):
        assert law.get(field), f"{law_key}: {field} missing"
    assert KEY_FORMAT.match(law_key)
    assert law["rank"] in RANKS, f"{law_key}: rank {law['rank']!r} not in {RANKS}"
    assert not law["title"].startswith("《") and not law["title"].endswith("》"), f"{law_key}: title without 《》"
    assert isinstance(law["files"], list) and all(f in FILES for f in law["files"]), f"{law_key}: files not in rules/statutes"
    for field in ("effective", "superseded_on"):
        assert law.get(field) is None or isinstance(law[field], datetime.date), f"{law_key}: {field} not a date"
    succ = law.get("superseded_by")
    assert succ is None or succ in LAWS, f"{law_key}: superseded_by {succ!r} not in laws"
    assert (succ is None) == (law.get("superseded_on") is None), f"{law_key}: superseded_on/_by must go together"
    if succ:  # one version ends the day the next begins
        assert LAWS[succ]["effective"] == law["superseded_on"] and law["effective"] < law["superseded_on"]


@pytest.mark.parametrize("key", list(UNVERIFIED), ids=list(UNVERIFIED))
def test_unverified_entry(key: str) -> None:
    entry = UNVERIFIED[key]
    assert KEY_FORMAT.match(key), f"{key}: key must be upper-case ASCII with hyphens"
    assert key not in ARTICLES and key not in LAWS, f"{key}: clashes with a verified key"
    assert entry.get("status") in ("S", "U"), f"{key}: status must be S or U"
    assert isinstance(entry.get("title"), str) and entry["title"].strip(), f"{key}: title missing"
