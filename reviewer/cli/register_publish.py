"""`reviewer register publish`: the 规范性文件集中发布 site as static files (REG.ND.PUBLISH)."""

from __future__ import annotations

import click

from reviewer.cli.common import _write_output
from reviewer.cli.register import _db_option, _store, register


@register.command("publish")
@click.option("--out", "out", required=True, metavar="文件夹", help="站点写入的文件夹（新建；已有的只能是上次发布的站点，将整体替换）。")
@click.option("--site-name", "site_name", metavar="名称", help="页面标题中的机关名称，如 宣汉县人民政府（默认取编号序列配置中的县人民政府）。")
@_db_option
def publish_cmd(out, site_name, db):
    """把登记簿生成“规范性文件集中发布”静态网站，可上传到政府门户网站。

    \b
    reviewer register publish --out 集中发布 --site-name 宣汉县人民政府
    文件夹中有目录页 index.html（可搜索，可按年度、制定机关、状态筛选）、每件文件一页
    （基本信息、登记与状态变更记录、正文），以及 data/ 下的 JSON 和 CSV 数据。
    直接双击 index.html 即可浏览，无需服务器。作废的文号不发布。
    """
    from reviewer.register.publish import publish

    s = publish(_store(db), out, site_name)
    lines = [f"已发布 {s.published} 件规范性文件到 {s.out}（作废文号 {s.skipped} 个，不发布）。"]
    if s.unreadable:
        lines.append(f"其中 {s.unreadable} 件的正文文件无法读取或已改动，页面上已注明“正文暂不提供”。")
    lines.append(f"打开 {s.out / 'index.html'} 即可浏览，无需服务器；上传时请上传整个文件夹。")
    _write_output(None, "\n".join(lines))
