"""House-style numbers: pure functions used by the realiser, the templates and reverse mode.

Rules (``../shared/design/style-rules.md``): ``81.4%`` with no space (or ``81.4 per cent`` under a
profile that says so), ``1,119`` with comma separators, ``2.5 million``, differences of
percentages in ``percentage points`` (``1 percentage point`` only for exactly 1), rounding half
away from zero at the indicator's decimal places (never Python's banker's rounding), and no
``-0``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from math import floor as _floor

from .model import Unit


def round_half_up(value: float, decimals: int) -> float:
    """``value`` rounded half away from zero: 0.125 -> 0.13 at 2 places, -2.5 -> -3 at 0.

    The value's shortest repr is rounded as written (what ``Decimal(repr(value)).quantize``
    does): its digits are cut after ``decimals`` places and the last kept one is raised when the
    first cut one is 5 or more.

    Two shortcuts give the same answer without writing the repr (tests/test_properties.py holds
    them to Decimal's over random values, ties included). With ``y = value * 10**decimals``:

    - ``y`` a whole number (``81.4`` at 1 place, most scorecard values) of magnitude under 10**15:
      ``value`` lies within a quarter of a unit of ``y`` in the last kept place, and so does its
      repr, so the repr rounds to ``y`` too; ``y / 10**decimals`` is the float nearest that;
    - ``y`` under 10**8 and more than a millionth from a half: the float error in ``y`` and the
      repr's distance from ``value`` are each under 10**-8 there, so no tie lies between the repr
      and ``value``, and Python's correctly rounded ``round`` gives the same digits.

    Otherwise the repr is cut as described; reprs in exponent form, and anything Decimal's 28
    digits could not hold, go to Decimal itself."""
    if value.__class__ is float and 0 <= decimals <= 15:  # (an int goes the long way, as before)
        scale = _POWERS[decimals]
        y = value * scale
        if -1e15 < y < 1e15:
            if y.is_integer():
                return y / scale
            if -1e8 < y < 1e8 and abs(y - _floor(y) - 0.5) > 1e-6:
                return round(value, decimals)
    text = repr(value)
    dot = text.find(".")
    if dot != -1 and "e" not in text:
        cut = dot + 1 + decimals
        if cut >= len(text) or (decimals == 0 and text.endswith(".0")):
            return float(value)  # "81.4" at 1 place or more: nothing to round
        if decimals >= 0 and dot + decimals <= 26:
            negative = text[0] == "-"
            kept = int(text[negative:dot] + text[dot + 1:cut])
            if text[cut] >= "5":
                kept += 1
            rounded = kept / _POWERS[decimals]  # correctly rounded, as float() of Decimal's digits is
            return -rounded if negative else rounded
    return _round_decimal(text, decimals)


_POWERS = tuple(10 ** n for n in range(27))


_WIDE = Context(prec=1000)  # room for any float's digits: 1e28 at 0 places overflowed the default 28


def _round_decimal(text: str, decimals: int) -> float:
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(text).quantize(quantum, rounding=ROUND_HALF_UP, context=_WIDE))


def plain(value: float, decimals: int = 0) -> str:
    """``1119`` -> ``1,119``; ``81.44`` at 1 place -> ``81.4``; ``-0.04`` at 1 place -> ``0.0``."""
    rounded = round_half_up(value, decimals)
    if rounded == 0:
        rounded = 0.0
    if abs(rounded) >= 1_000_000 and decimals == 0 and rounded == int(rounded):
        return millions(rounded)
    return f"{rounded:,.{decimals}f}"


def millions(value: float) -> str:
    """``2,500,000`` -> ``2.5 million`` (one decimal place at most, none when whole)."""
    scaled = round_half_up(value / 1_000_000, 1)
    text = f"{scaled:,.1f}".removesuffix(".0")
    return f"{text} million"


def percent(value: float, decimals: int, percent_sign: bool = True) -> str:
    text = plain(value, decimals)
    return f"{text}%" if percent_sign else f"{text} per cent"


def points(value: float, decimals: int) -> str:
    """A difference of two percentages: ``3.2 percentage points``, ``1 percentage point``."""
    text = plain(abs(value), decimals)
    return f"{text} percentage point" + ("" if float(text.replace(",", "")) == 1 else "s")


def figure(value: float, unit: Unit, decimals: int, *, percent_sign: bool = True,
           rate_suffix: dict[str, str] | None = None) -> str:
    """A value in its unit: ``81.4%``, ``1,119``, ``693 per 10,000 children``, ``£1,200``, ``12 days``."""
    if unit is Unit.PERCENT:
        return percent(value, decimals, percent_sign)
    if unit is Unit.CURRENCY_GBP:
        sign = "-" if round_half_up(value, decimals) < 0 else ""
        return f"{sign}£{plain(abs(value), decimals)}"
    text = plain(value, decimals)
    suffix = rate_suffix.get(unit, "") if rate_suffix else ""  # a Unit is its value as a key
    if unit in (Unit.DAYS, Unit.WEEKS) and not suffix:
        singular = unit.value[:-1]
        suffix = f" {singular}" if text == "1" else f" {unit.value}"
    return text + suffix


def difference(value: float, unit: Unit, decimals: int, *, percent_sign: bool = True,
               rate_suffix: dict[str, str] | None = None) -> str:
    """The size of a change, unsigned: ``3.2 percentage points`` for percentages, else the unit."""
    if unit is Unit.PERCENT:
        return points(value, decimals)
    return figure(abs(value), unit, decimals, percent_sign=percent_sign, rate_suffix=rate_suffix)


def relative(value: float, decimals: int = 1, percent_sign: bool = True) -> str:
    """A relative change, unsigned: ``14.1%``."""
    return percent(abs(value), decimals, percent_sign)


_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]


def count_word(n: int, words_below: int = 10) -> str:
    """A count that is not a statistic ("for three months"): words below ``words_below``."""
    return _SMALL[n] if 0 <= n < min(words_below, 10) else f"{n:,}"


def ordinal(n: int) -> str:
    """``first`` ... ``ninth``, then ``10th``, ``11th``, ``21st`` (ONS N8)."""
    if 0 <= n < 10:
        return _ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
