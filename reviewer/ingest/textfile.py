"""Read .txt / .md in any Chinese encoding (UTF-8 with or without BOM, GB18030/GBK, UTF-16)."""

from __future__ import annotations

import re

from reviewer.document import Block
from reviewer.errors import InputError

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_MD_MARK = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")


def decode(path: str, data: bytes) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc.replace("-sig", " BOM")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # Chinese government text comes in a handful of encodings; telling
    # charset-normalizer so keeps it from choosing an exotic code page.
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16_le", "utf_16_be", "utf_8"]).best()
    if best is None:
        best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "无法识别文件编码，不是可读的文本文件", "请另存为 UTF-8 编码的 .txt 或 .docx 后再审查", code="encoding")
    enc = best.encoding
    if enc == "gb2312" or enc == "gbk":
        enc = "gb18030"  # superset: never fails where GBK would
    return data.decode(enc, errors="replace"), enc


def read_text(path: str, data: bytes, markdown: bool = False) -> tuple[list[Block], str]:
    text, encoding = decode(path, data)
    sample = text[:200000]
    if sample and len(_CONTROL.findall(sample)) > max(5, len(sample) // 100):
        raise InputError(path, "内容不是文本（含大量二进制字符），无法审查", "请确认文件类型，或另存为 .docx / .txt 后再审查", code="binary")
    blocks = []
    for line in text.splitlines():
        if markdown:
            line = _MD_MARK.sub("", line)
        if line.strip():
            blocks.append(Block(0, "line", line.rstrip()))
    return blocks, encoding
