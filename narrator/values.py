"""Cell contents to figures: numbers, percentages, missing markers, targets and comparison cells.

``parse_value`` is strict: a cell in a figure column is a number (``81.4``, ``81.4%``, ``1,119``,
``-14.1%``, ``£1,200``, a percent-formatted Excel cell), or a missing/suppressed marker from the
vocabulary, or it is an error. Percent-formatted Excel cells hold 0.814 and show 81.4%: narrator
stores 81.4, with the decimals the format shows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from .columns import Vocabulary, norm
from .model import CellRef, Period, Relation, Target, TargetKind, Value
from .periods import find_period

_NUMBER = re.compile(
    r"""^(?P<sign>[-+−–]?)\s*(?P<cur>£)?\s*(?P<sign2>[-+−–]?)
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?
        \s*(?P<pct>%|per\s*cent|percent)?$""", re.X | re.I)
_FORMAT_DECIMALS = re.compile(r"0\.(0+)")


class ValueProblem(ValueError):
    """A cell that is not what its column needs; ``expected`` says what would be."""

    def __init__(self, problem: str, expected: str):
        super().__init__(problem)
        self.problem = problem
        self.expected = expected


EXPECTED_FIGURE = "a figure such as 81.4, 81.4% or 1,119, or a missing marker such as n/a, -, x or c"
# Bounds on a figure, so that nothing downstream (rounding, differences, ratios) overflows:
MAX_FIGURE = 10 ** 12  # figures this large or larger (either sign) are refused
MAX_DECIMALS = 9  # more decimal places than this are shown as this many


def _bounded(number: float, shown: object) -> float:
    """``number`` when it is finite and below :data:`MAX_FIGURE`; else ValueProblem."""
    if not math.isfinite(number):
        raise ValueProblem(f"'{_short(shown)}' is not a finite number", EXPECTED_FIGURE)
    if abs(number) >= MAX_FIGURE:
        raise ValueProblem(f"'{_short(shown)}' is too large a figure", f"a figure smaller than {MAX_FIGURE:,}")
    return number


def _short(raw: object) -> str:
    """A cell's value for a message, cut to 40 characters (a huge whole number as 1e400)."""
    if isinstance(raw, int) and abs(raw) >= MAX_FIGURE:
        return ("-" if raw < 0 else "") + f"1e{int(math.log10(abs(raw)))}"
    text = str(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def _format_decimals(number_format: str | None) -> int | None:
    if not number_format or number_format == "General":
        return None
    match = _FORMAT_DECIMALS.search(number_format)
    return min(len(match.group(1)), MAX_DECIMALS) if match else 0


def _float_decimals(number: float) -> int:
    text = repr(round(number, 6))
    if "e" in text or "." not in text:
        return 0
    decimals = text.split(".")[1].rstrip("0")
    return len(decimals)


def parse_number(text: str) -> tuple[float, int, bool] | None:
    """(number, decimals shown, had a % sign) for a numeric string, or None; ValueProblem when
    the number is too large (see :data:`MAX_FIGURE`)."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    sign, sign2, whole, frac, pct = match.group("sign", "sign2", "int", "frac", "pct")
    if not (whole or frac):
        return None
    digits = (whole or "0").replace(",", "") + (frac or "")
    number = _bounded(float(digits), text.strip())
    if (sign or sign2) in ("-", "−", "–"):
        number = -number
    decimals = min(len(frac) - 1, MAX_DECIMALS) if frac else 0
    return number, decimals, bool(pct)


def parse_value(raw: object, source: CellRef | None, vocab: Vocabulary,
                number_format: str | None = None) -> Value:
    """One figure cell as a :class:`Value`; raises ValueProblem when it is not a figure."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Value(None, "", source, missing="blank")
    if isinstance(raw, bool):
        raise ValueProblem(f"{raw!r} is a true/false cell, not a figure", EXPECTED_FIGURE)
    if isinstance(raw, datetime | date | time):
        raise ValueProblem(f"'{raw}' is a date, not a figure", EXPECTED_FIGURE)
    if isinstance(raw, int | float):
        number = float(raw) if isinstance(raw, float) or abs(raw) < MAX_FIGURE else (
            math.copysign(MAX_FIGURE, 1 if raw > 0 else -1))  # refused below; float(raw) could overflow
        decimals = _format_decimals(number_format)
        percent = bool(number_format and "%" in number_format)
        if percent and math.isfinite(number):
            number = round(number * 100, 9)
        number = _bounded(number, raw)
        if decimals is None:
            decimals = _float_decimals(number)
        shown = f"{number:,.{decimals}f}" + ("%" if percent else "")
        return Value(number, shown, source, decimals=decimals, percent_sign=percent)
    text = " ".join(str(raw).split())
    reason = vocab.words["missing"].get(norm(text))
    if reason is not None:
        return Value(None, text, source, missing=reason)
    parsed = parse_number(text)
    if parsed is None:
        parsed = parse_number(_without_marker(text, vocab.value_markers))  # "85% (p)", "1,119*"
    if parsed is None:
        reason = vocab.words["missing"].get("<n") if _BOUND_ONLY.fullmatch(text) else None
        if reason is not None:  # "<5": a small figure withheld
            return Value(None, text, source, missing=reason)
        raise ValueProblem(f"'{text}' is not a number", EXPECTED_FIGURE)
    number, decimals, percent = parsed
    return Value(number, text, source, decimals=decimals, percent_sign=percent)


_BOUND_ONLY = re.compile(r"[<≤]\s*\d+(?:\.\d+)?\s*%?")


def _without_marker(text: str, markers: tuple[str, ...]) -> str:
    """``text`` less one marker at its end ("85% (p)" -> "85%"), or as it was."""
    lowered = text.lower()
    for marker in markers:
        if lowered.endswith(marker) and len(text) > len(marker):
            before = text[:-len(marker)]
            if marker[0].isalpha() and not before.endswith(" "):
                continue  # a letter marker stands apart: "12.5p" is pence, not a provisional 12.5
            return before.rstrip()
    return text


# the bound said after the figure: "85% or above", "5 or fewer", "90%+"
_AFTER_OPS = {"+": TargetKind.AT_LEAST, "above": TargetKind.AT_LEAST, "more": TargetKind.AT_LEAST,
              "higher": TargetKind.AT_LEAST, "over": TargetKind.AT_LEAST, "greater": TargetKind.AT_LEAST,
              "below": TargetKind.AT_MOST, "less": TargetKind.AT_MOST, "lower": TargetKind.AT_MOST,
              "under": TargetKind.AT_MOST, "fewer": TargetKind.AT_MOST}
_TARGET = re.compile(
    r"""^(?P<op><=|>=|≤|≥|<|>|=|up\s+to|at\s+most|at\s+least|no\s+more\s+than|no\s+less\s+than|
         less\s+than|more\s+than|under|over|below|above|min(?:imum)?|max(?:imum)?)?\s*
        (?P<a>[-+]?£?[\d,]*\.?\d+\s*%?)
        (?:\s*(?:-|–|—|to)\s*(?P<b>[-+]?£?[\d,]*\.?\d+\s*%?))?
        (?:\s*(?P<after>\+|or\s+(?:""" + "|".join(w for w in _AFTER_OPS if w != "+") + r""")))?
        (?:\s*\([^()]*\))?$  # a remark in brackets after it: "85% (stretch 90%)"
        """, re.X | re.I)
_OPS = {"<=": TargetKind.AT_MOST, "≤": TargetKind.AT_MOST, "up to": TargetKind.AT_MOST,
        "at most": TargetKind.AT_MOST, "no more than": TargetKind.AT_MOST, "max": TargetKind.AT_MOST,
        "maximum": TargetKind.AT_MOST, "<": TargetKind.BELOW, "less than": TargetKind.BELOW,
        "under": TargetKind.BELOW, "below": TargetKind.BELOW, ">=": TargetKind.AT_LEAST,
        "≥": TargetKind.AT_LEAST, "at least": TargetKind.AT_LEAST, "no less than": TargetKind.AT_LEAST,
        "min": TargetKind.AT_LEAST, "minimum": TargetKind.AT_LEAST, ">": TargetKind.ABOVE,
        "more than": TargetKind.ABOVE, "over": TargetKind.ABOVE, "above": TargetKind.ABOVE,
        "=": TargetKind.VALUE}


def parse_target(raw: object, source: CellRef | None, vocab: Vocabulary,
                 number_format: str | None = None) -> Target | None:
    """A target cell: ``85%``, ``650``, ``20-24%``, ``<5%``, ``>= 90``, ``85% or above``, ``90%+``,
    each with a remark in brackets after it or not (``85% (stretch 90%)``). None when the cell is
    empty or a missing marker; ValueProblem when it is text narrator cannot read as a target."""
    if not isinstance(raw, str):
        value = parse_value(raw, source, vocab, number_format)
        if value.is_missing:
            return None
        return Target(TargetKind.VALUE, value.number, value.number, value.raw, source, value.decimals)
    text = " ".join(raw.split())
    if not text or norm(text) in vocab.words["missing"]:
        return None
    match = _TARGET.match(text)
    if not match:
        raise ValueProblem(f"'{text}' is not a target narrator can read",
                           "a figure (85%), a range (20-24%) or a bound (<5%, >=90%)")
    a = parse_number(match.group("a").replace(" ", ""))
    b = parse_number(match.group("b").replace(" ", "")) if match.group("b") else None
    if a is None or (match.group("b") and b is None):
        raise ValueProblem(f"'{text}' is not a target narrator can read",
                           "a figure (85%), a range (20-24%) or a bound (<5%, >=90%)")
    decimals = max(a[1], b[1] if b else 0)
    if b is not None:
        low, high = sorted((a[0], b[0]))
        return Target(TargetKind.RANGE, low, high, text, source, decimals)
    op = norm(match.group("op") or "=")
    kind = _OPS.get(op, TargetKind.VALUE)
    if kind is TargetKind.VALUE and match.group("after"):
        kind = _AFTER_OPS[norm(match.group("after")).split()[-1]]
    return Target(kind, a[0], a[0], text, source, decimals)


@dataclass(frozen=True)
class RelationCell:
    """A comparison cell such as ``Above``, ``10.3% ▲ Above`` or ``414 (21/22) ▲ Above``."""

    relation: Relation | None
    value: Value | None
    period: Period | None


_REL_NUMBER = re.compile(r"^\s*(?P<num>[-+]?£?[\d,]*\.?\d+\s*%?)")


def parse_relation_cell(raw: object, source: CellRef | None, vocab: Vocabulary,
                        number_format: str | None = None) -> RelationCell | None:
    """Read a comparison cell; None when empty or a missing marker; ValueProblem when unreadable."""
    if raw is None:
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return RelationCell(None, parse_value(raw, source, vocab, number_format), None)
    text = " ".join(str(raw).split())
    if not text or norm(text) in vocab.words["missing"]:
        return None
    rest, value, period = text, None, None
    match = _REL_NUMBER.match(rest)
    if match:
        parsed = parse_number(match.group("num").replace(" ", ""))
        if parsed:
            shown = match.group("num").strip()
            value = Value(parsed[0], shown, source, decimals=parsed[1], percent_sign=parsed[2])
            rest = rest[match.end():]
    found = find_period(rest)
    if found:
        period, (start, end) = found
        rest = (rest[:start] + rest[end:]).replace("()", " ")
    relation = None
    words = [w for w in re.split(r"[\s()]+", rest) if w]
    for word in reversed(words):  # the last word is the plainest ("▲ Above")
        meaning = vocab.word("relation", word)
        if meaning:
            relation = Relation(meaning)
            break
    if relation is None and value is None:
        raise ValueProblem(f"'{text}' does not say above, below or similar",
                           "Above, Below, Similar, an arrow, or a figure")
    return RelationCell(relation, value, period)
