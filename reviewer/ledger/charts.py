"""The year's charts as PNG (matplotlib, Agg): monthly volume, the most frequent review
points, the units that most often send incomplete packages. matplotlib is imported only
here and only when a chart is asked for: it costs ~0.5 s to load."""

from __future__ import annotations

import io

# Tried in order; the first one installed draws the Chinese labels.
CJK_FONTS = ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans")
NO_FONT = "注意：本机未安装中文字体（思源黑体/Noto Sans CJK、文泉驿正黑、微软雅黑、黑体之一），图表照常生成，但其中的中文可能显示为方框；可安装 fonts-wqy-zenhei 后重新生成。"
FILES = {"monthly": "月度收件与办结.png", "points": "常见审查要点.png", "returns": "退回补充较多的单位.png"}
TOP = 10


def _pyplot():
    import logging

    import matplotlib

    # "findfont: Failed to find font weight normal for WenQuanYi Zen Hei, now using 500":
    # the font draws fine; the user needs no English line about it.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def cjk_font() -> str | None:
    """The first installed family of CJK_FONTS, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _short(text: str, width: int = 22) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120, bbox_inches="tight")
    return buf.getvalue()


def _barh(plt, title: str, labels: list[str], values: list[int], xlabel: str, empty: str) -> bytes:
    fig, ax = plt.subplots(figsize=(8, 0.45 * max(len(labels), 4) + 1.2))
    if labels:
        # most frequent at the top
        ax.barh(range(len(labels))[::-1], values, height=0.6, color="#4a6fa5")
        ax.set_yticks(range(len(labels))[::-1], labels)
        for y, v in zip(range(len(labels))[::-1], values):
            ax.text(v, y, f" {v}", va="center", fontsize=9)
        ax.set_xlabel(xlabel)
        ax.xaxis.get_major_locator().set_params(integer=True)
    else:
        ax.text(0.5, 0.5, empty, ha="center", va="center", fontsize=12, transform=ax.transAxes)
        ax.set_axis_off()
    ax.set_title(title)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    data = _png(fig)
    plt.close(fig)
    return data


def render(stats) -> tuple[dict[str, bytes], str]:
    """{key: PNG bytes} for the three charts, and a warning line ('' when a CJK font was found)."""
    import warnings

    plt = _pyplot()
    font = cjk_font()
    style = {"font.sans-serif": [font] if font else ["DejaVu Sans"], "font.family": "sans-serif", "axes.unicode_minus": False}
    with plt.rc_context(style), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Glyph … missing" when no CJK font: said once, in Chinese
        charts = {}
        months = list(range(1, 13))
        fig, ax = plt.subplots(figsize=(8, 3.6))
        width = 0.4
        ax.bar([m - width / 2 for m in months], [stats.by_month[m]["received"] for m in months], width, label="收件", color="#4a6fa5")
        ax.bar([m + width / 2 for m in months], [stats.by_month[m]["closed"] for m in months], width, label="办结", color="#9cb4d8")
        ax.set_xticks(months, [f"{m}月" for m in months])
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel("件数")
        ax.set_title(f"{stats.year}年各月收件与办结")
        ax.legend(frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        charts["monthly"] = _png(fig)
        plt.close(fig)

        top = stats.points[:TOP]
        # the short title only (the ids are in the tables): long labels squeeze the bars
        labels = [_short(p["title"] or p["point"]) for p in top]
        charts["points"] = _barh(plt, f"{stats.year}年最常见的审查要点（前{TOP}项）", labels, [p["total"] for p in top], "审查意见（条）", "本年度没有记录审查意见")

        units = sorted(((u, r["returned"]) for u, r in stats.by_unit.items() if r["returned"]), key=lambda ur: (-ur[1], ur[0]))[:TOP]
        charts["returns"] = _barh(plt, f"{stats.year}年因材料不全退回补充较多的单位", [u for u, _ in units], [n for _, n in units], "退回补充（件）", "本年度没有因材料不全退回补充的案件")
    return charts, "" if font else NO_FONT
