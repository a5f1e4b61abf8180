"""The 审查 page through Starlette's test client: upload, report, downloads, packages,
hostile names, bad files, the size limit, CSRF, and a corrected fact re-running the review."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reviewer.web import auth
from reviewer.web.app import create_app
from reviewer.web.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "corpus" / "contracts" / "construction-school-renovation-long.docx"
ASSUMING = ROOT / "corpus" / "contracts" / "investment-agreement.txt"  # its supplier's size is assumed


def _client(tmp_path, monkeypatch, **settings) -> TestClient:
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "r.db"))
    c = TestClient(create_app(Settings(work=tmp_path / "work", **settings)))
    c.get("/review")  # the CSRF cookie
    return c


@pytest.fixture
def client(tmp_path, monkeypatch):
    return _client(tmp_path, monkeypatch)


def _upload(c: TestClient, *files: tuple[str, bytes], csrf: bool = True):
    data = {"csrf": c.cookies.get(auth.CSRF_COOKIE)} if csrf else {}
    return c.post("/review", data=data, files=[("files", (name, body, "application/octet-stream")) for name, body in files])


def _rid(r) -> str:
    m = re.search(r"/review/([A-Za-z0-9_-]{20,})$", str(r.url))
    assert m, (r.status_code, r.text[-800:])
    return m.group(1)


def _message(html: str) -> str:
    found = re.findall(r'<p class="message">(.*?)</p>', html, re.S)
    assert len(found) == 1, html[-1500:]
    return found[0]


def _outside(tmp_path: Path) -> set[str]:
    """Every path under the test's folder except the desk's work folder."""
    return {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if "work" not in p.relative_to(tmp_path).parts[:1]}


def test_upload_a_contract_shows_the_report_and_every_download(client):
    r = _upload(client, ("学校改造合同.docx", CONTRACT.read_bytes()))
    assert r.status_code == 200 and "审查结果" in r.text and "学校改造合同.docx" in r.text
    rid = _rid(r)
    assert "必须修改" in r.text and f'src="/review/{rid}/report"' in r.text and "fact.buyer_type" in r.text
    report = client.get(f"/review/{rid}/report")
    assert report.status_code == 200 and 'class="finding' in report.text
    assert "default-src 'none'" in report.headers["content-security-policy"]

    docx = pytest.importorskip("docx")
    letter = client.get(f"/review/{rid}/letter")
    assert letter.status_code == 200 and "attachment" in letter.headers["content-disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.content)).paragraphs)
    assert "合法性审查意见书" in text

    annotated = client.get(f"/review/{rid}/annotated")
    assert annotated.status_code == 200
    with zipfile.ZipFile(io.BytesIO(annotated.content)) as z:
        assert "word/comments.xml" in z.namelist()

    data = json.loads(client.get(f"/review/{rid}/json").content)
    assert data["file"] == "学校改造合同.docx" and data["summary"]["total"] >= 1


def test_a_text_file_has_no_commented_word_download(client):
    r = _upload(client, ("合同.txt", ASSUMING.read_bytes()))
    rid = _rid(r)
    assert f"/review/{rid}/annotated" not in r.text
    assert client.get(f"/review/{rid}/annotated").status_code == 404


def test_a_zip_package_shows_each_document_and_the_checklist(client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("送审材料/施工合同.docx", CONTRACT.read_bytes())
        z.writestr("送审材料/送审函.txt", "关于审查学校改造工程施工合同的函\n县司法局：\n现将施工合同送请审查。\n县教育局\n2026年3月1日".encode())
        z.writestr("../../逃逸.txt", "试图写到解压目录之外")
    r = _upload(client, ("送审包.zip", buf.getvalue()))
    assert r.status_code == 200, r.text[-800:]
    rid = _rid(r)
    assert "材料清单" in r.text and "施工合同.docx" in r.text and "送审函" in r.text
    assert "试图写到解压目录之外" in r.text or "已跳过" in r.text
    assert not (Path(client.app.state.settings.work).parent / "逃逸.txt").exists()
    files = re.findall(rf'href="/review/{rid}/report/(\d+)"', r.text)
    assert files and client.get(f"/review/{rid}/report/{files[0]}").status_code == 200
    letters = re.findall(rf'href="/review/{rid}/letter/(\d+)"', r.text)
    assert letters and client.get(f"/review/{rid}/letter/{letters[0]}").content[:2] == b"PK"
    assert client.get(f"/review/{rid}/report/99").status_code == 404


def test_several_files_are_one_package(client):
    r = _upload(client, ("施工合同.docx", CONTRACT.read_bytes()), ("中标通知书.txt", "中标通知书\n某某公司：\n你单位中标。".encode()))
    assert r.status_code == 200 and "各个文件" in r.text
    assert "施工合同.docx" in r.text and "中标通知书.txt" in r.text


def test_hostile_names_stay_text_and_write_nothing_outside(client, tmp_path):
    before = _outside(tmp_path)
    for name in ("../../x.docx", "<script>alert(1)</script>.docx"):
        r = _upload(client, (name, CONTRACT.read_bytes()))
        assert r.status_code == 200
        assert "<script>alert(1)" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.docx" in r.text
    assert _outside(tmp_path) == before
    assert not any(p.name == "x.docx" for p in tmp_path.rglob("*"))
    report = client.get(f"/review/{_rid(r)}/report").text
    assert "<script>alert(1)" not in report
    disposition = client.get(f"/review/{_rid(r)}/letter").headers["content-disposition"]
    assert "/" not in disposition.split("filename", 1)[1].replace("%2F", "/").split("''", 1)[-1] or "%2F" not in disposition


def test_a_corrupt_file_and_a_wrong_type_give_one_chinese_line(client):
    r = _upload(client, ("坏合同.docx", b"PK\x03\x04 this is no zip at all" * 20))
    assert r.status_code == 400 and "Traceback" not in r.text
    line = _message(r.text)
    assert line.startswith("坏合同.docx：") and "损坏" in line and "/" not in line
    r = _upload(client, ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 200))
    assert r.status_code == 400 and "图片" in _message(r.text)
    r = client.post("/review", data={"csrf": client.cookies.get(auth.CSRF_COOKIE)})
    assert r.status_code == 400 and "没有收到文件" in _message(r.text)


def test_the_size_limit_is_a_chinese_413(tmp_path, monkeypatch):
    c = _client(tmp_path, monkeypatch, max_upload_mb=1)
    r = _upload(c, ("大合同.txt", "合同".encode() * 400_000))
    assert r.status_code == 413 and "1 MB" in _message(r.text)
    assert not list((tmp_path / "work").rglob("*.txt"))


def test_a_post_without_the_csrf_token_is_refused(client, tmp_path):
    r = _upload(client, ("合同.docx", CONTRACT.read_bytes()), csrf=False)
    assert r.status_code == 403 and "刷新" in _message(r.text)
    assert not (tmp_path / "work" / "review").exists() or not any((tmp_path / "work" / "review").iterdir())
    rid = _rid(_upload(client, ("合同.txt", ASSUMING.read_bytes())))
    assert client.post(f"/review/{rid}/facts", data={"fact.supplier_size": "大型"}).status_code == 403


def test_correcting_an_assumed_fact_changes_the_result(client):
    r = _upload(client, ("投资协议.txt", ASSUMING.read_bytes()))
    rid = _rid(r)
    assert '<span class="tag warn">文中未写明</span> 假定乙方' in r.text and "--fact" not in r.text
    before = json.loads(client.get(f"/review/{rid}/json").content)
    assert any("乙方规模" in f["assumed"] for f in before["findings"])
    r = client.post(f"/review/{rid}/facts", data={"csrf": client.cookies.get(auth.CSRF_COOKIE), "fact.supplier_size": "大型"})
    fresh = _rid(r)
    assert fresh != rid and "已按更正的事实重新审查" in r.text and "已更正" in r.text
    after = json.loads(client.get(f"/review/{fresh}/json").content)
    assert after["facts"]["supplier_size"] == {"value": "大型", "source": "user", "evidence": ""}
    assert not any(f["assumed"] for f in after["findings"]) and "文中未写明</span>" not in r.text
    assert [f["rule"] for f in after["findings"]] != [f["rule"] for f in before["findings"]]
    bad = client.post(f"/review/{fresh}/facts", data={"csrf": client.cookies.get(auth.CSRF_COOKIE), "fact.signed_on": "去年"})
    assert bad.status_code == 400 and "合同签订日期" in _message(bad.text)


def test_unknown_or_forged_result_ids_are_a_chinese_404(client):
    for path in ("/review/AAAAAAAAAAAAAAAAAAAAAAAA", "/review/..%2F..%2Fetc/report", "/review/abc/letter", "/review/AAAAAAAAAAAAAAAAAAAAAAAA/json"):
        r = client.get(path)
        assert r.status_code == 404 and "Traceback" not in r.text, path
    assert "没有找到这份审查结果" in client.get("/review/AAAAAAAAAAAAAAAAAAAAAAAA").text
