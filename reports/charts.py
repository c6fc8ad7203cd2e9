"""Charts for the reports' documents, drawn by matplotlib off screen, as PNG images.

matplotlib loads only when a report with charts is made: the desk never pays for it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    unit: str = "",
) -> bytes:
    """Bars for each label, one colour a series, each bar with its figure written on it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.2), dpi=150, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    count = max(len(series), 1)
    width = 0.8 / count
    places = range(len(labels))
    for index, (name, values) in enumerate(series.items()):
        offsets = [place + (index - (count - 1) / 2) * width for place in places]
        bars = axes.bar(offsets, values, width, label=name)
        axes.bar_label(bars, fmt="%g", fontsize=7, padding=2)
    axes.set_title(title, fontsize=10)
    axes.set_xticks(list(places), list(labels), fontsize=7, rotation=20 if len(labels) > 5 else 0)
    axes.tick_params(axis="y", labelsize=7)
    if unit:
        axes.set_ylabel(unit, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.15)
    if len(series) > 1:
        axes.legend(fontsize=7, frameon=False)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
