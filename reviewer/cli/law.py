"""`reviewer law`: read the bundled statutes."""

from __future__ import annotations

import click

from reviewer.cli.common import CONTEXT, _console, _date_option


@click.command("law", context_settings=CONTEXT)
@click.argument("law", required=False, metavar="[法规]")
@click.argument("article", required=False, metavar="[条号]")
@click.option("--on", "on", metavar="日期", help="显示该日施行的版本（如合同订立日 2025-03-01）；默认为今日施行的版本。")
def law_cmd(law, article, on):
    """查阅内置法规库：某部法规的一条原文，或一部法规的条数和版本。

    \b
    例：
      reviewer law 民法典 585                 （也可写 五百八十五、第五百八十五条）
      reviewer law 保障中小企业款项支付条例 9 --on 2025-03-01
      reviewer law 保障中小企业款项支付条例     条数和各个版本
      reviewer law                              列出内置的全部法规
    """
    from rich.table import Table
    from rich.text import Text

    from reviewer.engine.basis import load_library
    from reviewer.statutes import parse_article_number

    day = _date_option(on, "--on")  # the same date forms and messages as every other command
    lib = load_library()
    number = parse_article_number(article) if article else None
    console = _console()
    src = lib.source()
    if not law:
        table = Table(title=f"内置法规库（{len(lib.laws)} 部；文本逐字复制自 {src.get('repository', '—')} {src.get('commit', '')[:7]}）")
        for col in ("简称", "版本", "施行日期", "条数", "状态"):
            table.add_column(col)
        for key, m in lib.laws.items():
            after = lib.laws.get(m.get("superseded_by") or "", {})
            status = f"{m['superseded_on']}起由{after['version'] + '版' if after['short'] == m['short'] else '《' + after['short'] + '》'}取代" if after else "现行"
            table.add_row(m["short"], m["version"], str(m["effective"]), str(len(lib.articles(key))), status)
        console.print(table)
        return
    key = lib.find(law, day)
    if number is None:
        table = Table(title=f"《{lib.laws[key]['title']}》")
        for col in ("版本", "施行日期", "失效日期", "条数", "收录条文", "文本文件"):
            table.add_column(col)
        for k in lib.versions(key):
            m = lib.laws[k]
            table.add_row(m["version"], str(m["effective"]), str(m["superseded_on"] or "—"), str(len(lib.articles(k))), lib.held(k), "、".join(m["files"]), style="bold" if k == key else None)
        console.print(table)
        return
    art, m = lib.lookup(key, number), lib.laws[key]
    after = lib.laws.get(m.get("superseded_by") or "", {}).get("version")
    console.print(Text(f"《{m['title']}》{art.label}", style="bold"))
    console.print(Text(f"{m['version']}，{m['effective']}起施行" + (f"，{m['superseded_on']}起由{after}版取代" if after else "") + f"；文本：{art.file}", style="dim"))
    for line in art.lines:
        console.print(Text(line))
