"""Chinese tokenization behind one small interface, loaded once, on first use.

The default backend is rjieba (jieba-rs: the same dictionary and algorithm as
jieba, ~0.1 s to start instead of jieba's 1-1.6 s). REVIEWER_TOKENIZER=jieba picks
the reference Python implementation. Both get the legal user dictionary in
rules/dict.txt ("word [freq]" per line).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


class Tokenizer:
    def __init__(self, backend: str, user_words: list[tuple[str, int | None]]):
        self.backend = backend
        if backend == "jieba":
            import jieba

            jieba.setLogLevel(60)
            self._impl = jieba.Tokenizer()
            for word, freq in user_words:
                self._impl.add_word(word, freq)
            self._cut = lambda text: self._impl.lcut(text, HMM=True)
        else:
            import rjieba

            # The module builds a default instance at import; a second one would
            # cost another 0.1 s of dictionary loading.
            self._impl = rjieba._DEFAULT_JIEBA
            for word, freq in user_words:
                self._impl.add_word(word, freq, None)
            self._cut = lambda text: self._impl.cut(text, True)

    def cut(self, text: str) -> list[str]:
        return self._cut(text)


def read_user_dict(path: Path) -> list[tuple[str, int | None]]:
    words = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            words.append((parts[0], freq))
    return words


@lru_cache(maxsize=2)
def get_tokenizer(backend: str | None = None) -> Tokenizer:
    from reviewer.paths import default_rules_dir

    backend = backend or os.environ.get("REVIEWER_TOKENIZER", "rjieba")
    if backend not in ("rjieba", "jieba"):
        backend = "rjieba"
    return Tokenizer(backend, read_user_dict(default_rules_dir() / "dict.txt"))
