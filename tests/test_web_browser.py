"""The 审查 page in headless Chromium (Debian's chromium through Playwright), against the
desk running under uvicorn on a free loopback port: upload a contract through the page,
see the progress and the result, download the letter; a hostile file name runs no script.

Set REVIEWER_SCREENSHOTS to a folder to keep screenshots at 1366x768 and 390 wide."""

from __future__ import annotations

import io
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "corpus" / "contracts" / "construction-school-renovation-long.docx"
SHOTS = os.environ.get("REVIEWER_SCREENSHOTS")
RESULT = re.compile(r".*/review/[A-Za-z0-9_-]{20,}$")
# records in the tab's sessionStorage whether the progress bar was shown: the result page replaces the upload page
WATCH_PROGRESS = """() => {
  var p = document.getElementById('progress');
  new MutationObserver(function () { if (!p.hidden) { sessionStorage.setItem('sawProgress', '1'); } })
    .observe(p, { attributes: true });
}"""




@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The desk under uvicorn in a background thread; its base URL."""
    import uvicorn

    from reviewer.web.app import create_app
    from reviewer.web.settings import Settings

    tmp = tmp_path_factory.mktemp("desk")
    os.environ.setdefault("REVIEWER_DB", str(tmp / "r.db"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(port=port, work=tmp / "work")), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the desk did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def _page(browser, width=1366, height=768):
    page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return page, errors, dialogs


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=False)


def test_upload_a_contract_and_download_its_letter(browser, desk):
    page, errors, _ = _page(browser)
    page.goto(f"{desk}/review")
    _shot(page, "upload-1366.png")
    page.evaluate(WATCH_PROGRESS)
    page.set_input_files("#files", str(CONTRACT))
    assert "construction-school-renovation-long.docx" in page.inner_text("#chosen")
    page.click("#start")
    page.wait_for_url(RESULT, timeout=60_000)
    assert page.evaluate("sessionStorage.getItem('sawProgress')") == "1"
    assert "必须修改" in page.inner_text(".counts")
    frame = page.frame_locator("iframe.report")
    assert frame.locator(".finding").first.is_visible()
    _shot(page, "result-1366.png")
    with page.expect_download() as info:
        page.click("text=下载意见书（草稿）")
    download = info.value
    assert download.suggested_filename.endswith("合法性审查意见书（草稿）.docx")
    docx = pytest.importorskip("docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(Path(download.path()).read_bytes())).paragraphs)
    assert "合法性审查意见书" in text
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "result-390.png")
    # on a phone the page does not scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert not errors


def test_a_hostile_name_is_shown_as_text_and_runs_no_script(browser, desk):
    page, errors, dialogs = _page(browser, 390, 844)
    page.goto(f"{desk}/review")
    _shot(page, "upload-390.png")
    name = "<script>alert(1)</script><img src=x onerror=alert(2)>.docx"
    page.set_input_files("#files", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": CONTRACT.read_bytes()}])
    assert name in page.inner_text("#chosen")
    page.click("#start")
    page.wait_for_url(RESULT, timeout=60_000)
    assert name in page.inner_text(".file")
    page.frame_locator("iframe.report").locator(".finding").first.wait_for()
    assert dialogs == [] and not errors
    assert page.locator("main script, main img").count() == 0


def test_a_bad_file_shows_the_chinese_line_on_the_upload_page(browser, desk):
    page, errors, _ = _page(browser)
    page.goto(f"{desk}/review")
    page.set_input_files("#files", files=[{"name": "坏合同.docx", "mimeType": "application/octet-stream", "buffer": b"PK\x03\x04 broken" * 10}])
    page.click("#start")
    page.wait_for_selector("#error:not([hidden])", timeout=60_000)
    assert page.inner_text("#error").startswith("坏合同.docx：") and page.url.endswith("/review")
    assert page.is_enabled("#start") and not errors
