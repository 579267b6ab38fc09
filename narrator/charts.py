"""Small trend charts for the Word draft and briefing: an indicator's series, with its target and
comparators as reference lines, as PNG bytes. Drawn directly with Pillow (no matplotlib: a chart
takes about a millisecond, so the 150 charts of a large draft cost a fraction of a second).

Each chart: the series as a line with points, the target as a dashed line (or a shaded band for a
target range), the first comparator with a figure as a dotted line, the first and last period
under the axis and two or three figures up the side. Lines are drawn at four times the size and
reduced (anti-aliasing); text is drawn at the final size with the Aileron font that Pillow
carries, using Pillow's basic layout, so the same input gives the same bytes.

Charts carry no text of their own beyond short axis labels (the figures are in the table beside
them) and come with alt text that says what they show.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache

from . import numbers
from .model import Indicator, Point, TargetKind

GREY = (0x6B, 0x6B, 0x6B)
LINE = (0x1F, 0x4E, 0x79)
TARGET = (0xB4, 0x5F, 0x06)
COMPARATOR = (0x7F, 0x7F, 0x7F)
WHITE = (255, 255, 255)
RANGE_ALPHA = 0.12  # the shaded target range: TARGET over white at this opacity
SUPERSAMPLE = 3
FONT_PT = 6.0


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
    lines = []
    target_line = target_band = comparator_line = None
    if ind.target is not None and ind.target.kind is not TargetKind.RANGE and ind.target.low is not None:
        target_line = ind.target.low
        lines.append(f"target {numbers.figure(ind.target.low, ind.unit, ind.decimals)}")
    elif ind.target is not None and ind.target.kind is TargetKind.RANGE:
        target_band = (ind.target.low, ind.target.high)
        lines.append(f"target range {numbers.figure(ind.target.low, ind.unit, ind.decimals)} to "
                     f"{numbers.figure(ind.target.high, ind.unit, ind.decimals)}")
    england = next((c for c in ind.comparators if c.value is not None and not c.value.is_missing), None)
    if england is not None:
        comparator_line = england.value.number
        lines.append(f"{england.name} {numbers.figure(england.value.number, ind.unit, ind.decimals)}")
    png = _draw([p.value.number for p in points], (_short(points[0].period.label), _short(points[-1].period.label)),
                target_line, target_band, comparator_line, width_in, height_in, dpi)
    first, last = points[0], points[-1]
    alt = (f"Line chart of {ind.name}: {numbers.figure(first.value.number, ind.unit, ind.decimals)} in "
           f"{first.period.label} to {numbers.figure(last.value.number, ind.unit, ind.decimals)} in "
           f"{last.period.label}, {len(points)} points")
    if lines:
        alt += "; dashed lines: " + "; ".join(lines)
    return Chart(png, alt + ".")


def _short(label: str) -> str:
    """ "September 2023" -> "Sep 23"; other labels as they are."""
    parts = label.split()
    if len(parts) == 2 and parts[1].isdigit() and len(parts[1]) == 4 and len(parts[0]) > 3:
        return f"{parts[0][:3]} {parts[1][2:]}"
    return label


# ---------------------------------------------------------------------------------------------
# Drawing


@lru_cache(maxsize=8)
def _font(size_px: int):
    """Pillow's own Aileron Regular at ``size_px``, laid out by Pillow (no system font is read, so
    every machine draws the same letters). It has the ASCII letters, figures and signs the axis
    labels use."""
    from PIL import ImageFont

    return ImageFont.load_default(size_px)


def _ticks(lo: float, hi: float, whole: bool = False) -> list[float]:
    """Two or three round figures inside [lo, hi] for the y-axis labels (``whole``: whole numbers
    only, for a series of whole numbers: no "1.5" children)."""
    span = hi - lo
    raw = span / 2.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if whole and (step < 1 or not float(step).is_integer()):
            continue
        first = math.ceil(lo / step - 1e-9) * step
        ticks = [first + i * step for i in range(4) if first + i * step <= hi + 1e-9 * span]
        if len(ticks) <= 3:
            return ticks if len(ticks) >= 2 else [lo, hi]
    return [lo, hi]


def _tick_label(value: float, step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    if step > 0 and abs(round(step, decimals) - step) > 1e-9 * step:
        decimals += 1  # 2.5, 0.25
    text = f"{value:,.{decimals}f}"
    return "0" if text.strip("-0.,") == "" else text


def _scale(values: list[float]) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9 * max(1.0, abs(hi)):
        pad = abs(hi) * 0.1 or 1.0
        return lo - pad, hi + pad
    pad = (hi - lo) * 0.08
    return lo - pad, hi + pad


def _draw(ys: list[float], x_labels: tuple[str, str], target: float | None, band: tuple[float, float] | None,
          comparator: float | None, width_in: float, height_in: float, dpi: int) -> bytes:
    from PIL import Image, ImageDraw

    width, height = round(width_in * dpi), round(height_in * dpi)
    px = dpi / 72.0  # pixels per point
    font = _font(max(6, round(FONT_PT * px)))
    extra = [v for v in (target, comparator, *(band or ())) if v is not None]
    shown = [v for v in ys + extra if math.isfinite(v)] or [0.0]
    lo, hi = _scale(shown)
    ticks = _ticks(lo, hi, whole=all(float(v).is_integer() for v in shown))
    step = ticks[1] - ticks[0] if len(ticks) > 1 else hi - lo
    tick_texts = [_tick_label(t, step) for t in ticks]
    tick_len = 2 * px
    ascent, descent = font.getmetrics()
    label_w = max(font.getlength(t) for t in tick_texts)
    # the plot area, in final pixels
    left = math.ceil(label_w + tick_len + 3 * px)
    right = width - max(3 * px, font.getlength(x_labels[1]) / 2 - 0.04 * (width - left) + 1)
    top = max(3 * px, (ascent + descent) / 2)
    bottom = height - (ascent + descent + tick_len + 2 * px)
    inner_l, inner_r = left + 0.04 * (right - left), right - 0.04 * (right - left)

    def x_at(i: int) -> float:
        return inner_l + (inner_r - inner_l) * i / (len(ys) - 1)

    def y_at(v: float) -> float:
        return bottom - (bottom - top) * (v - lo) / (hi - lo)

    s = SUPERSAMPLE
    image = Image.new("RGB", (width * s, height * s), WHITE)
    draw = ImageDraw.Draw(image)
    if band is not None:
        shade = _blend(WHITE, TARGET, RANGE_ALPHA)
        y1, y2 = sorted((y_at(band[1]), y_at(band[0])))
        draw.rectangle((left * s, max(top, y1) * s, right * s, min(bottom, y2) * s), fill=shade)
    if comparator is not None and math.isfinite(comparator):
        _hline(draw, y_at(comparator) * s, left * s, right * s, COMPARATOR, 0.8 * px * s, (0.8, 1.6))
    if target is not None and math.isfinite(target):
        _hline(draw, y_at(target) * s, left * s, right * s, TARGET, 1.0 * px * s, (3.7, 1.6))
    # axes: left and bottom only, with short ticks
    axis_w = max(1, round(0.6 * px * s))
    draw.line([(left * s, top * s), (left * s, bottom * s), (right * s, bottom * s)], fill=GREY, width=axis_w)
    for t in ticks:
        y = y_at(t) * s
        draw.line([((left - tick_len) * s, y), (left * s, y)], fill=GREY, width=axis_w)
    for i in (0, len(ys) - 1):
        x = x_at(i) * s
        draw.line([(x, bottom * s), (x, (bottom + tick_len) * s)], fill=GREY, width=axis_w)
    # the series, with a dot at each point
    xy = [(x_at(i) * s, y_at(v) * s) for i, v in enumerate(ys) if math.isfinite(v)]
    if len(xy) > 1:
        draw.line(xy, fill=LINE, width=round(1.4 * px * s))
    r = 1.25 * px * s
    for x, y in xy:
        draw.ellipse((x - r, y - r, x + r, y + r), fill=LINE)
    image = image.reduce(s)
    # labels at the final size, so the text stays sharp
    draw = ImageDraw.Draw(image)
    for t, text in zip(ticks, tick_texts):
        draw.text((left - tick_len - 1.5 * px, y_at(t)), text, fill=GREY, font=font, anchor="rm")
    label_y = bottom + tick_len + 1.5 * px
    for i, text in zip((0, len(ys) - 1), x_labels):
        half = font.getlength(text) / 2
        x = min(max(x_at(i), half + 1), width - half - 1)
        draw.text((x, label_y), text, fill=GREY, font=font, anchor="mt")
    buffer = io.BytesIO()
    image = image.quantize(palette=_palette(), dither=Image.Dither.NONE)  # smaller, and quicker to compress
    image.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=3)
    return buffer.getvalue()


def _blend(base: tuple[int, ...], ink: tuple[int, ...], alpha: float) -> tuple[int, ...]:
    return tuple(round(b + (i - b) * alpha) for b, i in zip(base, ink))


@lru_cache(maxsize=1)
def _palette():
    """The PNG's palette: every ink shading into white and into the target band, 16 steps each
    (what anti-aliasing makes of them). A fixed palette keeps charts small, and quick to make."""
    from PIL import Image

    colours = [_blend(base, ink, step / 15) for base in (WHITE, _blend(WHITE, TARGET, RANGE_ALPHA))
               for ink in (LINE, TARGET, COMPARATOR, GREY) for step in range(16)]
    colours = list(dict.fromkeys(colours))
    colours += [WHITE] * (256 - len(colours))
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for colour in colours for v in colour])
    return palette


def _hline(draw, y: float, x0: float, x1: float, colour, width: float, pattern: tuple[float, float]) -> None:
    """A horizontal dashed or dotted line; pattern is (on, off) in multiples of the line width."""
    on, off = pattern[0] * width, pattern[1] * width
    half = width / 2
    x = x0
    while x < x1:
        draw.rectangle((x, y - half, min(x + on, x1), y + half), fill=colour)
        x += on + off
