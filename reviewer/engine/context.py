"""What checks read: the normalised text, its sentences, clauses, topics and facts."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from reviewer.document import Document
from reviewer.engine.concepts import WORD_GROUP
from reviewer.facts import Facts
from reviewer.structure import Clause, clause_tree
from reviewer.text.quantities import Quantity, find_all

_SENT_END = re.compile(r"[。；;！？!?\n]")


@dataclass
class Sentence:
    start: int  # normalised offsets
    end: int
    text: str
    block: int


@dataclass
class Context:
    doc: Document
    facts: Facts
    _pattern_cache: dict = field(default_factory=dict)
    _bounds_cache: dict = field(default_factory=dict)
    _word_groups: dict = field(default_factory=dict)
    _in_document: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.doc.norm.text

    @cached_property
    def clauses(self) -> list[Clause | None]:
        return clause_tree(self.doc)

    @cached_property
    def sentences(self) -> list[Sentence]:
        text = self.text
        out = []
        start = 0
        for m in _SENT_END.finditer(text):
            end = m.end() if m.group() != "\n" else m.start()
            if text[start:end].strip():
                out.append(Sentence(start, end, text[start:end], self.block_index(start)))
            start = m.end()
        if text[start:].strip():
            out.append(Sentence(start, len(text), text[start:], self.block_index(start)))
        return out

    @cached_property
    def _by_block(self) -> dict[int, list[Sentence]]:
        out: dict[int, list[Sentence]] = {}
        for s in self.sentences:
            out.setdefault(s.block, []).append(s)
        return out

    def sentences_of_block(self, block: int) -> list[Sentence]:
        return self._by_block.get(block, [])

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect_right(self._sentence_starts, offset) - 1
        return self.sentences[i] if i >= 0 else None

    def block_index(self, norm_offset: int) -> int:
        block = self.doc.block_at(self.doc.norm.to_orig(norm_offset))
        return block.index if block else 0

    def clause_of(self, block_index: int) -> Clause | None:
        return self.clauses[block_index] if 0 <= block_index < len(self.clauses) else None

    @cached_property
    def _article_keys(self) -> list[tuple]:
        """Per block, the article (条, or the top-level numbered clause) it belongs to."""
        keys = []
        for i, c in enumerate(self.clauses):
            if c is None or not c.path:
                keys.append(("block", i))
                continue
            cut = next((j for j, p in enumerate(c.path) if p.startswith("第") and p.endswith("条")), None)
            top = 2 if c.attachment else 1  # an attachment's own top-level clause, not the whole attachment
            keys.append(tuple(c.path[: cut + 1]) if cut is not None else tuple(c.path[:top]))
        return keys

    def scope_text(self, sentence: Sentence, scope: str) -> str:
        """The text a rule looks in around a sentence: the sentence, its paragraph
        (numbered item), its article, or the whole document."""
        if scope == "sentence":
            return sentence.text
        if scope == "paragraph":
            return "".join(x.text for x in self.sentences_of_block(sentence.block))
        if scope == "article":
            keys = self._article_keys
            key = keys[sentence.block] if sentence.block < len(keys) else None
            blocks = [i for i, k in enumerate(keys) if k == key] or [sentence.block]
            return "".join(x.text for b in blocks for x in self.sentences_of_block(b))
        return self.text

    @cached_property
    def topics(self) -> list[set[str]]:
        from reviewer.engine.topics import classify

        return classify(self)

    def sentences_in(self, topics: list[str]) -> list[Sentence]:
        if not topics:
            return [s for s in self.sentences if self.doc.blocks[s.block].kind not in ("header", "footer")]
        wanted = set(topics)
        return [s for s in self.sentences if self.topics[s.block] & wanted]

    def fact_sentence(self, key: str) -> Sentence | None:
        """The sentence that states a fact (e.g. the signing date, the contract price),
        so a finding that rests on the fact quotes where the document says it."""
        fact = self.facts.values.get(key)
        if fact is None or fact.block is None:
            return None
        sentences = self.sentences_of_block(fact.block)
        probe = str(fact.evidence or "")[:8]
        return next((s for s in sentences if probe and probe in s.text), sentences[0] if sentences else None)

    @cached_property
    def quantities(self) -> list[Quantity]:
        return find_all(self.text)

    def quantities_in(self, start: int, end: int, kind: str | None = None) -> list[Quantity]:
        return [q for q in self.quantities if start <= q.start and q.end <= end and (kind is None or q.kind == kind)]

    def regex(self, pattern: str) -> re.Pattern:
        compiled = self._pattern_cache.get(pattern)
        if compiled is None:
            compiled = self._pattern_cache[pattern] = re.compile(pattern)
        return compiled

    def present(self, patterns: list[str]) -> list[str]:
        """The patterns that match somewhere in the document: a pattern that matches
        nowhere cannot match in a sentence, so per-sentence searches skip it."""
        out = []
        for p in patterns:
            hit = self._in_document.get(p)
            if hit is None:
                anchored = re.search(r"(?<!\\)[$^]|\\[AZ]", p.replace("[^", ""))  # ^ and $ mean the sentence's ends
                hit = self._in_document[p] = bool(anchored) or self.regex(p).search(self.text) is not None
            if hit:
                out.append(p)
        return out

    def any_match(self, patterns: list[str], text: str) -> re.Match | None:
        for p in patterns:
            m = self.search(self.regex(p), text)
            if m:
                return m
        return None

    def search(self, regex: re.Pattern, text: str, pos: int = 0) -> re.Match | None:
        """regex.search, except that a whole-word concept ({定金}) must start and end
        on token boundaries: a match that cuts a word is skipped."""
        words = self._word_groups.get(regex)
        if words is None:
            words = self._word_groups[regex] = [g for g in regex.groupindex if WORD_GROUP.match(g)]
        m = regex.search(text, pos)
        while m and words and not self._on_boundaries(m, words, text):
            m = regex.search(text, m.start() + 1)
        return m

    def _on_boundaries(self, m: re.Match, groups: list[str], text: str) -> bool:
        """The term is a word of the sentence: no token straddles its edges (审定|金额
        cuts 定金) and no token buries it in its middle (审定金额); a token may end
        or begin with it (所|付定金, 定金罚则)."""
        spans = self._token_spans(text)
        for g in groups:
            a, b = m.start(g), m.end(g)
            if a < 0:
                continue
            if any(s < a < e < b or a < s < b < e or (s < a and b < e) for s, e in spans):
                return False
        return True

    def _token_spans(self, text: str) -> list[tuple[int, int]]:
        spans = self._bounds_cache.get(text)
        if spans is None:
            from reviewer.text.tokens import get_tokenizer

            spans, at = [], 0
            for token in get_tokenizer().cut(text):
                spans.append((at, at + len(token)))
                at += len(token)
            self._bounds_cache[text] = spans
        return spans
