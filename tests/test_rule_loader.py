"""A broken rule pack is exit 2 with file, line and key — never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

GOOD = """schema_version: 1
pack: mine
rules:
  - id: MY.RULE
    point: null
    title: 测试规则
    applies_to: [contract]
    check:
      kind: forbid
      patterns: ['一切责任']
    severity: 建议修改
    basis: [CC-506]
    message: 出现“{match}”。
    why: 测试。
    examples:
      hit: [乙方承担一切责任。]
      clean: [乙方承担相应责任。]
"""


def _rules_dir(tmp_path: Path, pack_text: str) -> Path:
    d = tmp_path / "rules"
    (d / "mine").mkdir(parents=True)
    shutil.copy(ROOT / "rules" / "basis.yaml", d / "basis.yaml")
    shutil.copy(ROOT / "rules" / "topics.yaml", d / "topics.yaml")
    (d / "mine" / "pack.yaml").write_text(pack_text, encoding="utf-8")
    return d


@pytest.mark.parametrize(
    "mutation,line,needle",
    [
        (("    severity: 建议修改", "    severity: 建议修改\n    severty: 提示"), 12, "severty"),
        (("      kind: forbid", "      kind: forbidden"), 9, "check.kind"),
        (("    basis: [CC-506]", "    basis: [CC-9999]"), 12, "CC-9999"),
        (("['一切责任']", "['一切(责任']"), 10, "正则表达式无效"),
        (("    severity: 建议修改", "    severity: 严重"), 11, "severity"),
        (("      clean: [乙方承担相应责任。]", "      clean: []"), 17, "clean"),
        (("  - id: MY.RULE", "  - id: my rule"), 4, "id"),
        (("pack: mine", "pack: mine\n  bad: [unclosed"), 3, "YAML"),
    ],
)
def test_malformed_pack(tmp_path, cli, mutation, line, needle):
    old, new = mutation
    assert old in GOOD
    d = _rules_dir(tmp_path, GOOD.replace(old, new, 1))
    f = tmp_path / "a.txt"
    f.write_text("乙方承担一切责任。", encoding="utf-8")
    r = cli("check", f, "--rules", d)
    assert r.code == 2, r.err
    assert "Traceback" not in r.err
    assert r.err.startswith("错误：规则文件 ") and "pack.yaml" in r.err and f"第{line}行" in r.err, r.err
    assert needle in r.err, r.err


def test_good_pack_runs_and_rules_test_passes(tmp_path, cli):
    d = _rules_dir(tmp_path, GOOD)
    f = tmp_path / "a.txt"
    f.write_text("甲方：宣汉县教育局\n乙方：某公司\n乙方承担一切责任。", encoding="utf-8")
    r = cli("check", f, "--rules", d, "--type", "contract", "--format", "json")
    assert r.code == 0 and '"MY.RULE"' in r.out
    r = cli("rules", "test", "--rules", d)
    assert r.code == 0 and "通过 2 条，失败 0 条" in r.out


def test_rules_test_reports_a_failing_example(tmp_path, cli):
    d = _rules_dir(tmp_path, GOOD.replace("clean: [乙方承担相应责任。]", "clean: [乙方承担一切责任。]"))
    r = cli("rules", "test", "--rules", d)
    assert r.code == 1 and "通过 1 条，失败 1 条" in r.out


def test_schema_export(cli):
    import json

    r = cli("rules", "schema")
    schema = json.loads(r.out)
    assert r.code == 0 and "rules" in schema["properties"]
    assert "forbid" in r.out and "threshold" in r.out
