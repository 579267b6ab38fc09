"""Reporting periods as councils write them, parsed into ordered :class:`Period` values.

Accepted (case-insensitive, spaces and hyphens loose):

=============================  ======================  ==========================
written                        kind                    label
=============================  ======================  ==========================
``Apr-23``, ``Sep- 23``        month                   ``April 2023``
``September 2023``             month                   ``September 2023``
``2023-09``, a date cell       month                   ``September 2023``
``01/09/2023``, ``09/2023``    month (day first)       ``September 2023``
``Q2 2023/24``, ``Q1 23/24``   financial-year quarter  ``Q2 2023/24`` (Q1 = Apr-Jun)
``Quarter 2 2023-24``          financial-year quarter  ``Q2 2023/24``
``2023/24 Q2``                 financial-year quarter  ``Q2 2023/24``
``Q2 (Jul-Sep) 2023/24``       financial-year quarter  ``Q2 2023/24``
``Q2 2023``                    calendar quarter        ``Q2 2023``
``2022/23``, ``22/23``         financial year          ``2022/23``
``2022-23``, ``FY 2022/23``    financial year          ``2022/23``
``FY22/23``                    financial year          ``2022/23``
``Year end 2023-24``           financial year          ``2023/24``
``2023``                       calendar year           ``2023``
=============================  ======================  ==========================

A date in figures (``01/09/2023``, ``09/2023``) is read only as a whole cell, a column's header;
:func:`find_period` does not look for one in a title or a note.

Two-digit years are 20xx. A split year must be consecutive (``22/23``), so ranges such as
``20-24`` are not taken for periods.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from .model import Period, PeriodKind

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

_YEAR = r"(?:19|20)?\d{2}"
_SPLIT = r"(?P<y1>(?:19|20)\d{2}|\d{2})\s*[/\-–]\s*(?P<y2>(?:19|20)\d{2}|\d{2})"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("quarter", re.compile(
        rf"\b(?:q|quarter\s*)(?P<q>[1-4])\s*[,\-]?\s*(?:(?:fy|financial year)\s*)?{_SPLIT}(?![\d/])",
        re.I)),
    ("quarter_after", re.compile(  # the year first: "2023/24 Q1"
        rf"(?<![\d/.])\b{_SPLIT}\s*[,\-]?\s*(?:q|quarter\s*)(?P<q>[1-4])\b", re.I)),
    ("cal_quarter", re.compile(
        r"\b(?:q|quarter\s*)(?P<q>[1-4])\s*[,\-]?\s*(?P<y>(?:19|20)\d{2})(?![\d/\-])", re.I)),
    ("month", re.compile(
        rf"\b(?P<m>{_MONTH_RE})\.?\s*[-'’/ ]?\s*(?P<y>{_YEAR})(?![\d/])", re.I)),
    ("iso_month", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])(?:-\d{2})?(?![\d])")),
    # a date day first, as a spreadsheet's date header saved as CSV writes it ("01/09/2023",
    # "30.06.2023"): the month it falls in; and a month in figures ("09/2023")
    ("uk_date", re.compile(
        r"(?<![\d/.])\b(?:0?[1-9]|[12]\d|3[01])(?P<sep>[/.])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<y>(?:19|20)\d{2})(?![\d/.])")),
    ("num_month", re.compile(r"(?<![\d/.])\b(?P<m>0?[1-9]|1[0-2])/(?P<y>(?:19|20)\d{2})(?![\d/])")),
    ("fy", re.compile(
        rf"(?:\b(?:fy|financial year|year end(?:ing)?|ye)\s*)?(?<![\d/.])\b{_SPLIT}(?![\d/%.])", re.I)),
    ("year", re.compile(r"(?<![\d/.,£])\b(?P<y>(?:19|20)\d{2})\b(?![\d/%.,])")),
]


_MONTH_SPAN = re.compile(rf"\(\s*(?:{_MONTH_RE})\.?\s*(?:-|–|to)\s*(?:{_MONTH_RE})\.?\s*\)", re.I)
_WHOLE_CELL_ONLY = frozenset({"uk_date", "num_month"})  # (read only as a whole cell: a column's header)


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def month(year: int, month_no: int) -> Period:
    last = calendar.monthrange(year, month_no)[1]
    return Period(date(year, month_no, last), date(year, month_no, 1), PeriodKind.MONTH,
                  f"{calendar.month_name[month_no]} {year}")


def financial_year(start_year: int) -> Period:
    return Period(date(start_year + 1, 3, 31), date(start_year, 4, 1), PeriodKind.FINANCIAL_YEAR,
                  _fy_label(start_year))


def fy_quarter(start_year: int, quarter: int) -> Period:
    first_month = 4 + 3 * (quarter - 1)
    year = start_year + (first_month - 1) // 12
    first_month = (first_month - 1) % 12 + 1
    end_month = first_month + 2
    end = date(year, end_month, calendar.monthrange(year, end_month)[1])
    return Period(end, date(year, first_month, 1), PeriodKind.QUARTER,
                  f"Q{quarter} {_fy_label(start_year)}")


def calendar_quarter(year: int, quarter: int) -> Period:
    first_month = 1 + 3 * (quarter - 1)
    end_month = first_month + 2
    end = date(year, end_month, calendar.monthrange(year, end_month)[1])
    return Period(end, date(year, first_month, 1), PeriodKind.CALENDAR_QUARTER, f"Q{quarter} {year}")


def calendar_year(year: int) -> Period:
    return Period(date(year, 12, 31), date(year, 1, 1), PeriodKind.CALENDAR_YEAR, str(year))


def _split_years(match: re.Match[str]) -> int | None:
    """The first year of a consecutive split year such as 2022/23, or None."""
    y1, y2 = match.group("y1"), match.group("y2")
    first = _full_year(y1)
    second = _full_year(y2) if len(y2) == 4 else (first // 100) * 100 + int(y2)
    if len(y2) == 2 and second < first:
        second += 100
    return first if second == first + 1 else None


def _month_number(name: str) -> int:
    """The month a matched name stands for. The patterns ignore case the way :mod:`re` does, so
    ``ſep`` (long s) or ``İApril`` match too: those are looked up as the pattern matched them."""
    found = MONTHS.get(name.lower())
    if found is None:
        found = next(number for key, number in MONTHS.items() if re.fullmatch(re.escape(key), name, re.I))
    return found


def _from_match(kind: str, match: re.Match[str]) -> Period | None:
    if kind in ("quarter", "quarter_after"):
        start = _split_years(match)
        return fy_quarter(start, int(match.group("q"))) if start else None
    if kind == "cal_quarter":
        return calendar_quarter(int(match.group("y")), int(match.group("q")))
    if kind in ("month", "iso_month", "uk_date", "num_month"):
        m = match.group("m")
        month_no = int(m) if m.isdigit() else _month_number(m)
        return month(_full_year(match.group("y")), month_no)
    if kind == "fy":
        start = _split_years(match)
        return financial_year(start) if start else None
    return calendar_year(int(match.group("y")))


def find_period(text: str) -> tuple[Period, tuple[int, int]] | None:
    """The first period written anywhere in ``text``, with its (start, end) span. A date in
    figures is left out: in a title or a note it is more often the day the paper was made
    ("Produced 05/04/2024") than the period it reports."""
    best: tuple[Period, tuple[int, int]] | None = None
    for kind, pattern in _PATTERNS:
        if kind in _WHOLE_CELL_ONLY:
            continue
        for match in pattern.finditer(text):
            period = _from_match(kind, match)
            if period is None:
                continue
            if best is None or match.start() < best[1][0]:
                best = (period, match.span())
            break
    return best


def parse_period(value: object) -> Period | None:
    """A whole cell read as a period (``Apr-23``, a date, ``2022/23``...), or None if it is not one."""
    if isinstance(value, datetime | date):
        return month(value.year, value.month)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split()).strip(" .")
    if not text or len(text) > 40:
        return None
    if "(" in text:  # "Q1 (Apr-Jun) 2023/24": the quarter's months said again
        text = " ".join(_MONTH_SPAN.sub(" ", text).split())
    stripped = _PREFIX.sub("", text)  # "year ending March 2023": each pattern is tried on "March 2023" too
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(text) or (pattern.fullmatch(stripped) if stripped != text else None)
        if match:
            return _from_match(kind, match)
    return None


_PREFIX = re.compile(r"^(?:(?:year end(?:ing)?|financial year|ye|as at(?: the)?(?: end of)?)\s+|fy\s*)", re.I)


def year_before(period: Period) -> Period:
    """The same period one year earlier."""
    if period.kind is PeriodKind.MONTH:
        return month(period.start.year - 1, period.start.month)
    if period.kind is PeriodKind.QUARTER:
        return fy_quarter(_fy_start(period) - 1, _fy_quarter_no(period))
    if period.kind is PeriodKind.CALENDAR_QUARTER:
        return calendar_quarter(period.start.year - 1, (period.start.month - 1) // 3 + 1)
    if period.kind is PeriodKind.FINANCIAL_YEAR:
        return financial_year(period.start.year - 1)
    return calendar_year(period.start.year - 1)


def next_period(period: Period) -> Period:
    """The period of the same kind straight after this one."""
    if period.kind is PeriodKind.MONTH:
        y, m = divmod(period.start.year * 12 + period.start.month, 12)
        return month(y, m + 1)
    if period.kind is PeriodKind.QUARTER:
        q = _fy_quarter_no(period)
        return fy_quarter(_fy_start(period) + q // 4, q % 4 + 1)
    if period.kind is PeriodKind.CALENDAR_QUARTER:
        q = (period.start.month - 1) // 3 + 1
        return calendar_quarter(period.start.year + q // 4, q % 4 + 1)
    if period.kind is PeriodKind.FINANCIAL_YEAR:
        return financial_year(period.start.year + 1)
    return calendar_year(period.start.year + 1)


def _fy_start(period: Period) -> int:
    return period.start.year if period.start.month >= 4 else period.start.year - 1


def _fy_quarter_no(period: Period) -> int:
    return ((period.start.month - 4) % 12) // 3 + 1


def financial_year_of(period: Period) -> Period:
    """The financial year (April to March) in which ``period`` ends."""
    end = period.end
    return financial_year(end.year if end.month >= 4 else end.year - 1)
