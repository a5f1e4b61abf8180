"""Step definitions for features/publish.feature (`reviewer register publish`)."""

from __future__ import annotations

import json
import re

from conftest import run_cli
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("publish.feature")

TEXT = """{title}
{number}
第一条 为加强管理，制定本办法。
第二条 本办法自2026年4月1日起施行。
宣汉县人民政府
2026年3月2日
"""


def _reg(tmp_path, *args):
    return run_cli("register", *args, "--db", tmp_path / "r.db", cwd=tmp_path)


def _page(tmp_path, folder, number) -> str:
    rows = json.loads((tmp_path / folder / "data" / "documents.json").read_text(encoding="utf-8"))
    page = next(r["page"] for r in rows if r["number"] == number)
    return (tmp_path / folder / page).read_text(encoding="utf-8")


@given(parsers.parse('登记簿中登记了 "{number}" 《{title}》'), target_fixture="state")
def registered(tmp_path, number, title):
    """Each background line makes the scenario's state afresh: nothing is in it yet."""
    f = tmp_path / f"{number}.txt"
    f.write_text(TEXT.format(title=title, number=number), encoding="utf-8")
    r = _reg(tmp_path, "add", f, "--number", number, "--title", title, "--issuer", "宣汉县人民政府", "--yes")
    assert r.code == 0, r.err
    return {"folder": "集中发布"}


@given(parsers.parse('我以原因 "{reason}" 作废了 "{number}"'))
def voided(tmp_path, number, reason):
    assert _reg(tmp_path, "void", number, "--reason", reason).code == 0


@given(parsers.parse('"{number}" 已被 "{by}" 废止，日期 "{date}"'))
def repealed(tmp_path, number, by, date):
    r = _reg(tmp_path, "status", number, "废止", "--by", by, "--date", date)
    assert r.code == 0, r.err


@given(parsers.parse('已有文件夹 "{folder}" 中存有其他文件'))
def foreign_folder(tmp_path, folder):
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "首页.html").write_text("门户首页", encoding="utf-8")


@when(parsers.parse('我以机关名称 "{name}" 发布登记簿到文件夹 "{folder}"'))
def publish(tmp_path, state, name, folder):
    state["folder"] = folder
    state["result"] = _reg(tmp_path, "publish", "--out", folder, "--site-name", name)


@then(parsers.parse("命令成功，提示已发布 {count:d} 件"))
def published(state, count):
    r = state["result"]
    assert r.code == 0, r.err
    assert f"已发布 {count} 件" in r.out


@then(parsers.parse('目录页标题为 "{title}"'))
def index_title(tmp_path, state, title):
    assert f"<title>{title}</title>" in (tmp_path / state["folder"] / "index.html").read_text(encoding="utf-8")


@then(parsers.parse('目录页列出 "{number}" 和 "{title}"'))
def index_lists(tmp_path, state, number, title):
    index = (tmp_path / state["folder"] / "index.html").read_text(encoding="utf-8")
    assert number in index and title in index


@then(parsers.parse('文件夹中有 "{first}" 和 "{second}"'))
def has_files(tmp_path, state, first, second):
    assert (tmp_path / state["folder"] / first).is_file() and (tmp_path / state["folder"] / second).is_file()


@then(parsers.parse('目录页和数据中都没有 "{number}"'))
def not_published(tmp_path, state, number):
    out = tmp_path / state["folder"]
    for name in ("index.html", "data/documents.json", "data/documents.csv"):
        assert number not in (out / name).read_text(encoding="utf-8-sig")
    assert not any(number in p.read_text(encoding="utf-8") for p in (out / "docs").glob("*.html"))


@then(parsers.parse('"{number}" 的页面显示 "{change}" 和日期 "{date}"'))
def page_history(tmp_path, state, number, change, date):
    history = _page(tmp_path, state["folder"], number).split("登记与状态变更记录", 1)[1].split("文件正文", 1)[0]
    assert change in history and date in history and "<td data-label=\"事项\">登记</td>" in history


@then(parsers.parse('"{number}" 的页面链接到 "{other}" 的页面'))
def page_link(tmp_path, state, number, other):
    m = re.search(r'<a href="\.\./(docs/[^"]+)">' + re.escape(other) + "</a>", _page(tmp_path, state["folder"], number))
    assert m and (tmp_path / state["folder"] / m.group(1)).is_file()
    assert f">{other} <span" in (tmp_path / state["folder"] / m.group(1)).read_text(encoding="utf-8")


@then(parsers.parse('"{number}" 的页面显示正文 "{text}"'))
def page_text(tmp_path, state, number, text):
    assert f"<p>{text}</p>" in _page(tmp_path, state["folder"], number)


@then(parsers.parse('命令以退出码 2 结束，只有一行中文错误，包含 "{words}"'))
def one_line_error(state, words):
    r = state["result"]
    assert r.code == 2 and "Traceback" not in r.err
    errors = [line for line in r.err.splitlines() if line.startswith("错误：")]
    assert len(errors) == 1 and words in errors[0], r.err
