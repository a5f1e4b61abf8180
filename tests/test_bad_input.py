"""Every bad input: one Chinese line naming the file and what to do, exit 2, no traceback."""

from __future__ import annotations

import json
import zipfile

import pytest
from factory import ENTITY_BOMB, encrypt_docx, encrypt_pdf, make_blank_pdf, make_docx, make_pdf, make_zip_bomb_docx, p


def _bad(tmp_path, name: str):
    if name == "missing":
        return tmp_path / "不存在的合同.docx"
    if name == "directory":
        d = tmp_path / "一个文件夹"
        d.mkdir()
        return d
    if name == "empty":
        f = tmp_path / "空白.txt"
        f.write_text("  \n ", encoding="utf-8")
        return f
    if name == "zero_docx":
        f = tmp_path / "零字节.docx"
        f.write_bytes(b"")
        return f
    if name == "corrupt_zip":
        f = tmp_path / "损坏.docx"
        good = make_docx(tmp_path / "good.docx", [p("第一条 合同标的")]).read_bytes()
        f.write_bytes(good[: len(good) // 2])
        return f
    if name == "encrypted_docx":
        return encrypt_docx(make_docx(tmp_path / "plain.docx", [p("第一条 合同标的")]), tmp_path / "加密.docx")
    if name == "encrypted_pdf":
        return encrypt_pdf(make_pdf(tmp_path / "plain.pdf", [["第一条 合同标的"]]), tmp_path / "加密.pdf")
    if name == "scanned_pdf":
        return make_blank_pdf(tmp_path / "扫描件.pdf")
    if name == "entity_bomb":
        return make_docx(tmp_path / "实体炸弹.docx", [p("&lol4;")], document_prefix=ENTITY_BOMB)
    if name == "zip_bomb":
        return make_zip_bomb_docx(tmp_path / "压缩炸弹.docx")
    if name == "binary_txt":
        f = tmp_path / "乱码.txt"
        f.write_bytes(bytes(range(256)) * 64)
        return f
    if name == "unknown_ext":
        f = tmp_path / "合同.xyz"
        f.write_text("甲方：宣汉县教育局", encoding="utf-8")
        return f
    if name == "plain_zip":
        f = tmp_path / "材料.zip"
        with zipfile.ZipFile(f, "w") as zf:
            zf.writestr("a.txt", "hello")
        return f
    if name == "huge":
        f = tmp_path / "超大文件.pdf"
        with open(f, "wb") as fh:  # sparse: 101 MB on paper, nothing on disk
            fh.truncate(101 * 1024 * 1024)
        return f
    if name == "legacy_doc":
        f = tmp_path / "旧合同.doc"
        f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
        return f
    raise AssertionError(name)


CASES = {
    "missing": "文件不存在",
    "directory": "文件夹",
    "empty": "文件为空",
    "zero_docx": "文件为空",
    "corrupt_zip": "损坏",
    "encrypted_docx": "加密",
    "encrypted_pdf": "加密",
    "scanned_pdf": "OCR",
    "entity_bomb": "实体声明",
    "zip_bomb": "压缩炸弹",
    "binary_txt": "文本",
    "unknown_ext": "不支持的文件类型",
    "plain_zip": "压缩包",
    "legacy_doc": "LibreOffice",
    "huge": "文件过大",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_one_chinese_line_and_exit_2(tmp_path, cli, name):
    path = _bad(tmp_path, name)
    r = cli("check", path, env={"REVIEWER_SOFFICE": str(tmp_path / "no-soffice")})
    assert r.code == 2, r.err
    assert "Traceback" not in r.err and "Traceback" not in r.out
    lines = [ln for ln in r.err.splitlines() if ln.strip()]
    assert len(lines) == 1, r.err
    assert lines[0].startswith("错误：") and path.name in lines[0]
    assert CASES[name] in lines[0]


@pytest.mark.parametrize("name", ["missing", "encrypted_pdf", "entity_bomb"])
def test_bad_input_as_json_error_object(tmp_path, cli, name):
    path = _bad(tmp_path, name)
    r = cli("check", path, "--format", "json")
    assert r.code == 2
    data = json.loads(r.out)
    assert data["schema_version"] == "1"
    assert data["error"]["file"] == str(path)
    assert "Traceback" not in r.err


def test_batch_goes_on_past_a_bad_file(tmp_path, cli):
    good = tmp_path / "好.txt"
    good.write_text("合同总价为人民币壹拾贰万元整（¥102,000.00）。", encoding="utf-8")
    bad = _bad(tmp_path, "corrupt_zip")
    r = cli("check", bad, good, "--format", "json")
    assert r.code == 2
    results = json.loads(r.out)["results"]
    assert [x.get("file") or x["error"]["file"] for x in results] == [str(good), str(bad)]
    assert any(f["rule"] == "AMOUNT.UPPER_LOWER_MATCH" for f in results[0]["findings"])


def test_output_file_is_not_clobbered_by_a_failed_run(tmp_path, cli):
    out = tmp_path / "结果.json"
    out.write_text("旧的结果", encoding="utf-8")
    r = cli("check", tmp_path / "missing.docx", "--format", "json", "-o", out)
    assert r.code == 2
    # a failed review still writes the error object whole, never half a file
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["error"]["code"] == "not_found"


def test_unknown_option_is_a_chinese_usage_error(cli):
    r = cli("check", "--no-such-option", "x.docx")
    assert r.code == 2 and r.err.startswith("用法错误：") and "Traceback" not in r.err


def test_bad_fact_value(cli, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("甲方：宣汉县教育局", encoding="utf-8")
    r = cli("check", f, "--fact", "supplier_size=巨型")
    assert r.code == 2 and "supplier_size" in r.err and "Traceback" not in r.err
