"""Damaged and random inputs never escape as an exception other than InputError."""

from __future__ import annotations

import random
import zipfile

import pytest
from factory import make_docx, make_pdf, p

from reviewer.api import check_file
from reviewer.errors import InputError

SEED = 20261127


def _mutations(tmp_path):
    rng = random.Random(SEED)
    good_docx = make_docx(tmp_path / "good.docx", [p("宣汉县教育局办公家具采购合同"), p("第一条 合同总价为人民币壹拾贰万元整（¥120,000.00）。")]).read_bytes()
    good_pdf = make_pdf(tmp_path / "good.pdf", [["第一条 合同总价为人民币壹拾贰万元整。"]]).read_bytes()
    cases = []
    for i in range(40):
        data = bytearray(good_docx)
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        cases.append((f"flip{i}.docx", bytes(data)))
    for i in range(30):
        data = bytearray(good_pdf)
        for _ in range(rng.randint(1, 60)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        cases.append((f"flip{i}.pdf", bytes(data)))
    for i, size in enumerate((1, 7, 300, 5000)):
        cases.append((f"random{i}.txt", bytes(rng.randrange(256) for _ in range(size))))
    cases.append(("truncated.pdf", good_pdf[: len(good_pdf) // 3]))
    cases.append(("only-magic.docx", b"PK\x03\x04"))
    cases.append(("only-magic.pdf", b"%PDF-1.7\n"))
    cases.append(("ole.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)))
    # a zip whose main part is not XML at all
    bad = tmp_path / "notxml.docx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00\x01garbage")
    cases.append(("notxml.docx", bad.read_bytes()))
    return cases


def test_damaged_files_give_input_errors_only(tmp_path, ruleset):
    for name, data in _mutations(tmp_path):
        f = tmp_path / name
        f.write_bytes(data)
        try:
            check_file(f, ruleset)
        except InputError as err:
            assert name in err.message and err.hint, err.message
        except Exception as exc:  # pragma: no cover - this is the failure being tested for
            pytest.fail(f"{name}: {exc.__class__.__name__}: {exc}")
