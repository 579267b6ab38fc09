"""Small trend charts for the Word draft and briefing: an indicator's series, with its target and
comparators as dashed lines, as PNG bytes. Drawn with matplotlib's Agg backend (no screen).

Charts carry no text of their own beyond short axis labels (the figures are in the table beside
them) and come with alt text that says what they show.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from . import numbers
from .model import Indicator, Point, TargetKind

GREY = "#6b6b6b"
LINE = "#1f4e79"
TARGET = "#b45f06"
COMPARATOR = "#7f7f7f"


@dataclass(frozen=True, slots=True)
class Chart:
    png: bytes
    alt_text: str


def has_chart(ind: Indicator) -> bool:
    return sum(1 for p in ind.series if not p.value.is_missing) >= 3


def trend_chart(ind: Indicator, width_in: float = 2.4, height_in: float = 0.9, dpi: int = 150) -> Chart | None:
    """The series as a line; None when fewer than three figures are present."""
    points = [p for p in ind.series if not p.value.is_missing]
    if points and ind.current is not None and not ind.current.is_missing and ind.current_period is not None \
            and ind.current_period.granularity == points[-1].period.granularity \
            and ind.current_period > points[-1].period:
        points.append(Point(ind.current_period, ind.current))  # a Current column after the months
    if len(points) < 3:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    xs = list(range(len(points)))
    ys = [p.value.number for p in points]
    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=dpi)
    try:
        ax.plot(xs, ys, color=LINE, linewidth=1.6, marker="o", markersize=2.5)
        lines = []
        if ind.target is not None and ind.target.kind is not TargetKind.RANGE and ind.target.low is not None:
            ax.axhline(ind.target.low, color=TARGET, linewidth=1, linestyle="--")
            lines.append(f"target {numbers.figure(ind.target.low, ind.unit, ind.decimals)}")
        elif ind.target is not None and ind.target.kind is TargetKind.RANGE:
            ax.axhspan(ind.target.low, ind.target.high, color=TARGET, alpha=0.12, linewidth=0)
            lines.append(f"target range {numbers.figure(ind.target.low, ind.unit, ind.decimals)} to "
                         f"{numbers.figure(ind.target.high, ind.unit, ind.decimals)}")
        england = next((c for c in ind.comparators if c.value is not None and not c.value.is_missing), None)
        if england is not None:
            ax.axhline(england.value.number, color=COMPARATOR, linewidth=0.8, linestyle=":")
            lines.append(f"{england.name} {numbers.figure(england.value.number, ind.unit, ind.decimals)}")
        ax.set_xticks([0, len(points) - 1])
        ax.set_xticklabels([_short(points[0].period.label), _short(points[-1].period.label)], fontsize=6, color=GREY)
        ax.tick_params(axis="y", labelsize=6, colors=GREY, length=2)
        ax.tick_params(axis="x", length=2)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(GREY)
            ax.spines[side].set_linewidth(0.6)
        fig.tight_layout(pad=0.2)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    finally:
        plt.close(fig)
    first, last = points[0], points[-1]
    alt = (f"Line chart of {ind.name}: {numbers.figure(first.value.number, ind.unit, ind.decimals)} in "
           f"{first.period.label} to {numbers.figure(last.value.number, ind.unit, ind.decimals)} in "
           f"{last.period.label}, {len(points)} points")
    if lines:
        alt += "; dashed lines: " + "; ".join(lines)
    return Chart(buffer.getvalue(), alt + ".")


def _short(label: str) -> str:
    """ "September 2023" -> "Sep 23"; other labels as they are."""
    parts = label.split()
    if len(parts) == 2 and parts[1].isdigit() and len(parts[1]) == 4 and len(parts[0]) > 3:
        return f"{parts[0][:3]} {parts[1][2:]}"
    return label
