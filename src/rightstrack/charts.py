"""Scorecard charts as inline SVG, drawn with matplotlib; byte-for-byte reproducible (fixed
id salt, no date in the metadata)."""

from __future__ import annotations

import io
from collections import Counter
from typing import TYPE_CHECKING

from .model import StatusChange

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

COLOURS = {"met": "#1a7f37", "partially-met": "#d4a72c", "in-progress": "#9a6700", "not-met": "#b42318",
           "open": "#8c959f", "superseded": "#57606a", "withdrawn": "#57606a"}


def _svg(fig: Figure) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prologue: it sits inside an HTML page


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "rightstrack"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def _finish(fig: Figure, ax: Axes, x: str = "", y: str = "", legend: bool = False) -> str:
    if legend:
        ax.legend(frameon=False, fontsize=8)
    if x:
        ax.set_xlabel(x)
    if y:
        ax.set_ylabel(y)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def status_bars(counts: dict[str, int]) -> str:
    fig, ax = _figure(6, 0.35 * len(counts) + 0.6)
    names = list(counts)[::-1]
    ax.barh(names, [counts[n] for n in names], color=[COLOURS.get(n, "#57606a") for n in names])
    return _finish(fig, ax, x="asks")


def timeline(changes: list[StatusChange]) -> str:
    """Status changes per month, stacked by the status they set."""
    months = sorted({(c.date or "")[:7] for c in changes if c.date})
    fig, ax = _figure(6, 2.2)
    bottom = [0] * len(months)
    for status in sorted({c.status for c in changes}):
        per = Counter((c.date or "")[:7] for c in changes if c.status == status)
        heights = [per[m] for m in months]
        ax.bar(months, heights, bottom=bottom, label=status, color=COLOURS.get(status, "#57606a"))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    return _finish(fig, ax, y="changes", legend=bool(changes))


def themes_chart(by_theme: dict[str, dict[str, int]], statuses: tuple[str, ...]) -> str:
    """Asks per theme, stacked by status."""
    themes = list(by_theme)[::-1]
    fig, ax = _figure(6, 0.3 * len(themes) + 0.8)
    left = [0] * len(themes)
    for status in statuses:
        widths = [by_theme[t].get(status, 0) for t in themes]
        if any(widths):
            ax.barh(themes, widths, left=left, label=status, color=COLOURS.get(status, "#57606a"))
            left = [a + b for a, b in zip(left, widths, strict=True)]
    return _finish(fig, ax, x="asks", legend=bool(themes))
