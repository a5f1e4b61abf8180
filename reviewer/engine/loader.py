"""Load rule packs: YAML -> validated Rules; errors name file, line and key."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from reviewer.engine.basis import BasisTable, load_basis
from reviewer.engine.concepts import expand_rule_data, load_concepts
from reviewer.engine.schema import Rule, RulePack
from reviewer.errors import RuleFileError
from reviewer.paths import default_rules_dir

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _line_of(node, loc: tuple) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a line."""
    best = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            nxt = node.value[part]
        else:
            nxt = None
        if nxt is None:
            continue  # pydantic adds union tags such as 'forbid' to the path
        node = nxt
        best = node.start_mark.line + 1
    return best


_MSG = {
    "extra_forbidden": "不认识的字段（拼写错误？）",
    "missing": "缺少必填字段",
    "literal_error": "取值不在允许范围内",
    "union_tag_invalid": "check.kind 不是已知的检查类型（require/forbid/threshold/consistency/conditional/python）",
    "string_pattern_mismatch": "格式不符（规则 id 形如 CONTRACT.PAYMENT.SME_60_DAYS）",
    "too_short": "至少需要一项",
}


def load_pack(path: Path, basis: BasisTable, concepts: dict | None = None) -> RulePack:
    text_path = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(text_path, f"无法读取（{exc.__class__.__name__}），规则文件须为 UTF-8 编码") from None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()  # kept for line numbers in error messages
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleFileError(text_path, f"YAML 语法错误：{getattr(exc, 'problem', exc)}", line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise RuleFileError(text_path, "规则文件应为一个映射（含 schema_version、pack、rules）", line=1)
    for i, raw in enumerate(data.get("rules") or []):
        if isinstance(raw, dict):
            for where, name in expand_rule_data(raw, concepts or {}):
                loc = ("rules", i) + where
                raise RuleFileError(text_path, f"未定义的概念 {{{name}}}（见 rules/concepts.yaml）", line=_line_of(node, loc), key=".".join(str(p) for p in loc))
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        key = ".".join(str(p) for p in loc if not (isinstance(p, str) and p in ("forbid", "require", "threshold", "consistency", "conditional", "python", "str", "Example")))
        msg = _MSG.get(err["type"], err["msg"])
        if err["type"] == "value_error":
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
        raise RuleFileError(text_path, msg, line=_line_of(node, loc), key=key) from None
    seen: set[str] = set()
    for i, rule in enumerate(pack.rules):
        if rule.id in seen:
            raise RuleFileError(text_path, f"规则 id 重复：{rule.id}", line=_line_of(node, ("rules", i, "id")), key=f"rules.{i}.id")
        seen.add(rule.id)
        for j, ref in enumerate(rule.basis):
            if not basis.has(ref):
                raise RuleFileError(text_path, f"依据 {ref} 不在依据表 basis.yaml 中", line=_line_of(node, ("rules", i, "basis", j)), key=f"rules.{i}.basis.{j}")
        if rule.check.kind == "consistency":
            from reviewer.engine.pychecks import CONSISTENCY

            if rule.check.of not in CONSISTENCY:
                raise RuleFileError(text_path, f"一致性检查 {rule.check.of} 没有实现", line=_line_of(node, ("rules", i, "check", "of")), key=f"rules.{i}.check.of")
        if rule.check.kind == "python":
            from reviewer.engine.pychecks import REGISTRY

            if rule.check.function not in REGISTRY:
                raise RuleFileError(text_path, f"未注册的 python 检查函数 {rule.check.function}", line=_line_of(node, ("rules", i, "check", "function")), key=f"rules.{i}.check.function")
    return pack


@dataclass
class RuleSet:
    rules: list[Rule]
    packs: dict[str, str]  # pack name -> file
    basis: BasisTable
    root: Path | None = None  # the rules directory (points.yaml and opinion.toml live beside the packs)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def _cache_path(files: list[Path]) -> Path | None:
    """A pickle of the validated rules, keyed by the rule files' names, sizes and
    times: validating ~40 rules with pydantic costs more than the review itself."""
    if os.environ.get("REVIEWER_NO_CACHE"):
        return None
    import hashlib

    from platformdirs import user_cache_dir

    from reviewer import __version__

    h = hashlib.sha256(__version__.encode())
    for f in files:
        st = f.stat()
        h.update(f"{f.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return Path(os.environ.get("REVIEWER_CACHE") or user_cache_dir("reviewer")) / f"rules-{h.hexdigest()[:24]}.pickle"


def load_rules(rules_dir: Path | None = None, packs: list[str] | None = None, extra: list[Path] | None = None) -> RuleSet:
    root = Path(rules_dir) if rules_dir else default_rules_dir()
    try:
        files = sorted(root.glob("*/*.yaml")) + [root / "basis.yaml"] + [p for p in [root / "concepts.yaml"] if p.exists()] + list(extra or [])
        cache = _cache_path(files) if (root / "basis.yaml").exists() else None
    except OSError:
        cache = None
    key = (tuple(packs or ()),)
    if cache is not None and cache.exists():
        import pickle

        try:
            stored_key, ruleset = pickle.loads(cache.read_bytes())
            if stored_key == key:
                return ruleset
        except Exception:  # a stale or damaged cache is rebuilt, never trusted
            pass
    ruleset = _load_rules_uncached(root, packs, extra)
    if cache is not None:
        _write_cache(cache, key, ruleset)
    return ruleset


def _write_cache(cache: Path, key: tuple, ruleset: "RuleSet") -> None:
    import pickle
    import tempfile

    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".rules-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, ruleset), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
        for old in cache.parent.glob("rules-*.pickle"):  # one ruleset is cached at a time
            if old != cache:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home directory only costs speed


def _load_rules_uncached(root: Path, packs: list[str] | None, extra: list[Path] | None) -> RuleSet:
    basis_path = root / "basis.yaml"
    if not basis_path.exists():
        raise RuleFileError(str(basis_path), "找不到依据表 basis.yaml")
    basis = load_basis(str(basis_path))
    concepts = load_concepts(str(root / "concepts.yaml"))
    files = sorted(p for p in root.glob("*/*.yaml"))
    if packs:
        files = [f for f in files if f.parent.name in packs or f.stem in packs]
    files += list(extra or [])
    rules: list[Rule] = []
    names: dict[str, str] = {}
    ids: dict[str, str] = {}
    for f in files:
        pack = load_pack(f, basis, concepts)
        names[pack.pack] = str(f)
        for r in pack.rules:
            if r.id in ids:
                raise RuleFileError(str(f), f"规则 id {r.id} 已在 {ids[r.id]} 中定义", key="id")
            ids[r.id] = str(f)
            rules.append(r)
    return RuleSet(rules, names, basis, root)
