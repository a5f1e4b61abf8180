"""`reviewer rules list|test` and `reviewer explain` as an officer meets them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reviewer.cli import main


@pytest.fixture
def run(capsys, monkeypatch):
    """Run the command line in this process, in an 80-column window."""
    monkeypatch.setenv("COLUMNS", "80")

    def _run(*argv: str):
        code = 0
        try:
            main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code or 0
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_list_never_cuts_an_id_at_80_columns(run, ruleset):
    code, out, _ = run("rules", "list")
    assert code == 0 and f"共 {len(ruleset.rules)} 条" in out
    for rule in ruleset.rules:
        assert rule.id in out, rule.id
    assert "…" not in out


def test_list_as_a_table_in_a_wide_window(run, ruleset, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    code, out, _ = run("rules", "list")
    assert code == 0 and "规则编号" in out and "标题" in out
    assert all(rule.id in out for rule in ruleset.rules) and "…" not in out


def test_list_json_and_csv(run, ruleset, tmp_path):
    code, out, _ = run("rules", "list", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(ruleset.rules)
    assert set(rows[0]) == {"id", "point", "severity", "applies_to", "title", "basis"}
    assert all(isinstance(r["applies_to"], list) and isinstance(r["basis"], list) for r in rows)
    target = tmp_path / "规则.csv"
    code, _, _ = run("rules", "list", "--format", "csv", "-o", target)
    raw = target.read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == ["规则编号", "审查要点", "级别", "适用", "标题", "依据"]
    assert len(table) == len(ruleset.rules) + 1
    assert any("《" in row[5] for row in table[1:])  # citations, not internal keys


def test_list_filters(run, ruleset):
    _, out, _ = run("rules", "list", "--format", "json", "--point", "deposit", "--severity", "必须修改")
    rows = json.loads(out)
    assert rows and all(r["point"].startswith("DEPOSIT") and r["severity"] == "必须修改" for r in rows)
    _, out, _ = run("rules", "list", "--format", "json", "--pack", "normative")
    assert json.loads(out) and all("normative" in r["applies_to"] for r in json.loads(out))
    code, _, err = run("rules", "list", "--pack", "nope")
    assert code == 2 and "没有名为 nope 的规则包" in err and "contract" in err
    code, _, err = run("rules", "list", "-o", "x.txt")
    assert code == 2 and "--format csv" in err


def test_rules_test_summary_in_chinese(run):
    code, out, _ = run("rules", "test", "normative")
    assert code == 0 and "示例检验：通过 " in out and "，失败 0 条" in out and "passed" not in out


def test_explain_any_case_and_unique_prefix(run, ruleset):
    code, out, _ = run("explain", "deposit.performance_10pct")
    assert code == 0 and out.startswith("DEPOSIT.PERFORMANCE_10PCT  ") and "依据：" in out
    ids = [r.id for r in ruleset.rules]
    rule_id, prefix = next((i, i[:-2]) for i in ids if sum(j.startswith(i[:-2]) for j in ids) == 1)
    code, out, _ = run("explain", prefix.lower())
    assert code == 0 and out.startswith(rule_id + "  ") and "应命中的示例" in out


def test_explain_an_ambiguous_prefix_lists_the_rules(run, ruleset):
    ids = [r.id for r in ruleset.rules if r.id.startswith("DEPOSIT.PERF")]
    code, out, _ = run("explain", "DEPOSIT.PERF")
    assert len(ids) > 1 and code == 0 and f"编号以 DEPOSIT.PERF 开头的规则有 {len(ids)} 条" in out
    assert all(f"  {i}  " in out for i in ids)


def test_explain_unknown_id_suggests(run):
    code, _, err = run("explain", "deposit.perfomance_10pc")
    assert code == 2 and err.count("\n") == 1
    assert "没有编号为 deposit.perfomance_10pc 的规则。您是否要找：DEPOSIT.PERFORMANCE_10PCT" in err


def test_explain_keyword_search(run, ruleset):
    code, out, _ = run("explain", "质量保证金")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("与“质量保证金”有关的规则有")
    assert "  DEPOSIT.QUALITY_3PCT  " in out
    from reviewer.cli.rules import _points, find_rules

    points = _points(ruleset)
    only = next(r for r in ruleset.rules if [x.id for x in find_rules(ruleset, points, r.title)[0]] == [r.id])
    code, out, _ = run("explain", only.title)  # one match: shown in full
    assert code == 0 and out.startswith(only.id + "  ") and "为什么：" in out
    code, out, _ = run("explain", "招标投标法实施条例")  # a law relied on
    assert code == 0 and "DEPOSIT.PERFORMANCE_10PCT" in out
    code, _, err = run("explain", "不存在的事项")
    assert code == 2 and "没有找到与“不存在的事项”有关的规则" in err


def test_explain_point_id(run, ruleset):
    shared = {}
    for rule in ruleset.rules:
        shared.setdefault(rule.point, []).append(rule.id)
    point, ids = next((p, ids) for p, ids in shared.items() if p and len(ids) > 1 and p not in ids)
    code, out, _ = run("explain", point.lower())
    assert code == 0 and f"审查要点 {point}" in out and all(i in out for i in ids)
    from reviewer.cli.rules import _points

    unchecked = [p for p in _points(ruleset) if p not in shared]
    if unchecked:  # a catalogue point no rule checks (yet)
        code, out, _ = run("explain", unchecked[0])
        assert code == 0 and "人工审查" in out
