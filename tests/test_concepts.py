"""The concept lexicon: {概念} references expand at load time, a whole-word concept
respects token boundaries, and an unknown concept is a rule-file error."""

from __future__ import annotations

import textwrap

import pytest

from reviewer.engine.concepts import GAP, Concept, expand
from reviewer.engine.context import Context
from reviewer.engine.loader import load_rules
from reviewer.errors import RuleFileError
from reviewer.facts import infer
from reviewer.ingest import load_text

CONCEPTS = {
    "付款": Concept("付款", ("支付", "付款", "拨付")),
    "定金": Concept("定金", ("定金",), whole_word=True),
}


def test_expansion_writes_out_terms_and_gaps():
    assert expand("{付款}…发票", CONCEPTS) == "(?:支付|付款|拨付)" + GAP + "发票"
    assert expand("[^。；]{0,12}{付款}", CONCEPTS) == "[^。；]{0,12}(?:支付|付款|拨付)"  # a quantifier is not a concept


def test_unknown_concept_raises():
    with pytest.raises(KeyError):
        expand("{没有的概念}", CONCEPTS)


def _ctx(text: str) -> Context:
    doc = load_text(text, name="t")
    return Context(doc, infer(doc))


@pytest.mark.parametrize(
    "text,hit",
    [
        ("乙方向甲方支付合同总价30%的定金。", True),
        ("收取定金人民币5万元。", True),
        ("乙方所付定金不予退还。", True),  # 付定金 is one token: it holds the word whole
        ("甲方给付定金后合同生效。", True),
        ("按约定金额支付。", False),
        ("结算后按审定金额的30%支付。", False),
        ("余款按核定金额结清。", False),
    ],
)
def test_whole_word_concept_respects_token_boundaries(text, hit):
    ctx = _ctx(text)
    pattern = expand("{定金}", CONCEPTS)
    assert bool(ctx.any_match([pattern], text)) is hit


def test_rule_file_with_unknown_concept_names_file_and_line(tmp_path):
    rules = tmp_path / "rules"
    (rules / "x").mkdir(parents=True)
    from reviewer.paths import default_rules_dir

    (rules / "basis.yaml").write_text((default_rules_dir() / "basis.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    if (default_rules_dir() / "statutes").is_dir():
        import shutil

        shutil.copytree(default_rules_dir() / "statutes", rules / "statutes")
    (rules / "concepts.yaml").write_text("schema_version: 1\nconcepts:\n  付款: {terms: [支付]}\n", encoding="utf-8")
    (rules / "x" / "p.yaml").write_text(
        textwrap.dedent(
            """\
            schema_version: 1
            pack: x
            rules:
              - id: X.ONE
                point: null
                title: t
                applies_to: [contract]
                check:
                  kind: forbid
                  patterns: ['{付款}…{不存在}']
                severity: 提示
                message: m
                examples: {hit: [a], clean: [b]}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError) as err:
        load_rules(rules)
    assert "不存在" in err.value.message and err.value.line == 10


def test_bundled_rules_use_concepts_and_load():
    rs = load_rules()
    earnest = rs.get("CONTRACT.BREACH.EARNEST_20PCT")
    assert earnest.check.find == ["(?P<w1>定金)"]  # {定金} is a whole-word concept, checked on tokens


def test_scope_text_reaches_the_article():
    text = "第五条 质量保证金\n5.1 甲方预留合同价款的3%作为质量保证金。\n5.2 质保期满后15日内无息退还。\n第六条 争议解决\n6.1 协商不成的，向宣汉县人民法院起诉。"
    ctx = _ctx(text)
    s = next(x for x in ctx.sentences if "预留" in x.text)
    assert "退还" not in ctx.scope_text(s, "sentence")
    assert "退还" not in ctx.scope_text(s, "paragraph")
    assert "退还" in ctx.scope_text(s, "article")
    assert "起诉" not in ctx.scope_text(s, "article")
    assert "起诉" in ctx.scope_text(s, "document")


def test_a_damaged_concept_lexicon_is_a_rule_file_error(tmp_path):
    from reviewer.engine.concepts import load_concepts

    bad = tmp_path / "concepts.yaml"
    bad.write_text("concepts:\n  付款: {terms: [支付\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_concepts(str(bad))
    assert "概念词表" in err.value.message
    bad.write_text("concepts:\n  付款: {terms: ['(支付']}\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_concepts(str(bad))
    assert "不是有效的正则" in err.value.message


def test_quotes_facts_names_known_facts():
    from pydantic import ValidationError

    from reviewer.engine.schema import Rule

    base = {"id": "X.ONE", "point": None, "title": "t", "applies_to": ["contract"], "check": {"kind": "forbid", "patterns": ["a"]},
            "severity": "提示", "message": "m", "examples": {"hit": ["a"], "clean": ["b"]}}
    assert Rule.model_validate({**base, "quotes_facts": ["signed_on"]}).quotes_facts == ["signed_on"]
    with pytest.raises(ValidationError):
        Rule.model_validate({**base, "quotes_facts": ["signing_day"]})
