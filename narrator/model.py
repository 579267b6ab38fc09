"""The values passed between narrator's stages, in pipeline order.

A loaded scorecard is a :class:`Scorecard` of :class:`Indicator` rows. Every figure is a
:class:`Value` that remembers the cell it came from (:class:`CellRef`), so any number in
generated text can be traced back to the spreadsheet. Values the source marks as missing or
suppressed keep ``number=None`` and the reason, and are never guessed.

All classes are frozen; collections are tuples.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .errors import column_letter


class Unit(StrEnum):
    """What an indicator's figures measure."""

    PERCENT = "percent"
    COUNT = "count"
    RATE_PER_10K = "rate_per_10k"
    RATE_PER_1000 = "rate_per_1000"
    RATE_PER_100K = "rate_per_100k"
    DAYS = "days"
    WEEKS = "weeks"
    RATIO = "ratio"
    CURRENCY_GBP = "currency_gbp"
    OTHER = "other"


class Polarity(StrEnum):
    """Which direction is good: higher, lower, or neither (volumes and context)."""

    HIGH = "high"
    LOW = "low"
    NEUTRAL = "neutral"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"  # a quarter of a financial year (Q1 = April to June)
    CALENDAR_QUARTER = "calendar_quarter"
    FINANCIAL_YEAR = "financial_year"  # April to March, written 2023/24
    CALENDAR_YEAR = "calendar_year"


@dataclass(frozen=True, slots=True)
class CellRef:
    """A cell in an input file. ``row`` and ``column`` are 1-based; ``str()`` gives ``Sheet!C12``."""

    file: str
    sheet: str | None
    row: int
    column: int

    def __str__(self) -> str:
        a1 = f"{column_letter(self.column)}{self.row}"
        return f"{self.sheet}!{a1}" if self.sheet else a1


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period. Ordered by end date, shorter first when two end together (a month
    sorts before the quarter and the year that end with it). ``label`` is how committee papers
    write it: ``September 2023``, ``Q2 2023/24``, ``2022/23``."""

    end: date
    start: date
    kind: PeriodKind
    label: str

    def __eq__(self, other: object) -> bool:  # the dataclass's, without building tuples
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.end == other.end and self.start == other.start and self.kind == other.kind \
            and self.label == other.label

    def __lt__(self, other: "Period") -> bool:
        return self.end < other.end or (self.end == other.end and self.start > other.start)

    def __le__(self, other: "Period") -> bool:
        return self is other or self < other or self == other

    def __gt__(self, other: "Period") -> bool:
        return other < self

    def __ge__(self, other: "Period") -> bool:
        return self is other or other < self or self == other

    def __str__(self) -> str:
        return self.label

    @property
    def granularity(self) -> int:
        """Months spanned: 1 for a month, 3 for a quarter, 12 for a year."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


@dataclass(frozen=True, slots=True)
class Value:
    """One figure as the source holds it.

    number: the figure in the indicator's unit (a percentage is 81.4, never 0.814), or None.
    missing: why there is no number (``not yet available``, ``suppressed``, ``not applicable``,
        ``blank``), None when there is one.
    raw: the cell as it reads in the source.  decimals: decimal places shown in the source.
    """

    number: float | None
    raw: str
    source: CellRef | None
    missing: str | None = None
    decimals: int = 0
    percent_sign: bool = False  # the source wrote a % sign or used a percent format

    @property
    def is_missing(self) -> bool:
        return self.number is None


@dataclass(frozen=True, slots=True)
class Point:
    """A value in an indicator's series."""

    period: Period
    value: Value


class TargetKind(StrEnum):
    VALUE = "value"  # a single figure; whether to be above or below it follows polarity
    RANGE = "range"  # 20-24%
    AT_MOST = "at_most"  # <=5%
    BELOW = "below"  # <5%
    AT_LEAST = "at_least"  # >=90%
    ABOVE = "above"  # >90%


@dataclass(frozen=True, slots=True)
class Target:
    """A target as the source states it. For RANGE both bounds are set; for VALUE low == high."""

    kind: TargetKind
    low: float | None
    high: float | None
    raw: str
    source: CellRef | None
    decimals: int = 0


class Relation(StrEnum):
    """How the authority's figure stands against a comparator."""

    ABOVE = "above"
    BELOW = "below"
    IN_LINE = "in_line"


@dataclass(frozen=True, slots=True)
class Comparator:
    """A named benchmark: statistical neighbours, England, a region.

    id: snake_case (``statistical_neighbours``); name: how the papers say it
    (``the statistical neighbour average``). value and period where the source gives them;
    stated_relation where the source only says above/below (as source text, kept, not trusted).
    """

    id: str
    name: str
    value: Value | None = None
    period: Period | None = None
    stated_relation: Relation | None = None
    relation_source: CellRef | None = None


@dataclass(frozen=True, slots=True)
class Band:
    """A benchmark band as stated: ``higher``, ``lower`` or ``in_range`` against the middle 50%
    of authorities, or a quartile (``q1`` best to ``q4``)."""

    kind: str
    label: str
    source: CellRef | None


@dataclass(frozen=True, slots=True)
class Stated:
    """Something the source asserts (RAG rating, direction of travel): kept, never trusted blindly."""

    value: str  # normalised: R/A/G, or up/down/same
    raw: str
    source: CellRef | None


@dataclass(frozen=True, slots=True)
class Indicator:
    """One scorecard row, typed and traced.

    current: the latest value (``current_period`` when known); previous_year: the value a year
    before (``previous_year_period`` when known). series: the period columns, oldest first.
    *_from: where unit, polarity and theme came from (``sheet``, ``mapping``, ``catalogue``,
    ``name``, ``values``, ``default``).
    """

    ref: str
    name: str
    theme: str
    unit: Unit
    polarity: Polarity
    decimals: int
    row: CellRef
    series: tuple[Point, ...] = ()
    history: tuple[Point, ...] = ()  # coarser period columns beside a finer series (a 22/23 column)
    current: Value | None = None
    current_period: Period | None = None
    previous_year: Value | None = None
    previous_year_period: Period | None = None
    target: Target | None = None
    comparators: tuple[Comparator, ...] = ()
    band: Band | None = None
    rag: Stated | None = None
    direction: Stated | None = None
    rolling_12m: Value | None = None
    rolling_6m: Value | None = None
    notes: tuple[str, ...] = ()
    catalogue_id: str | None = None
    label: str | None = None  # the catalogue's short name for the measure
    ref_given: bool = True  # False when the sheet has no ref and narrator made one from the row
    counts: str | None = None  # plain-English phrase for what it counts, from the catalogue
    tolerance: float | None = None  # a change smaller than this is "no change" (mapping file)
    previous_year_from: str = "sheet"
    unit_from: str = "default"
    polarity_from: str = "default"
    theme_from: str = "default"

    def comparator(self, comparator_id: str) -> Comparator | None:
        return next((c for c in self.comparators if c.id == comparator_id), None)

    @property
    def missing(self) -> tuple[tuple[str, Value], ...]:
        """(what, value) for each value the source marks missing or suppressed."""
        out: list[tuple[str, Value]] = []
        for point in self.series:
            if point.value.is_missing and point.value.missing != "blank":
                out.append((point.period.label, point.value))
        if self.current is not None and self.current.is_missing:
            label = self.current_period.label if self.current_period else "current"
            if not any(what == label for what, _ in out):
                out.append((label, self.current))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Warning:
    """Something the loader did that the user should know about; ``where`` names the place."""

    code: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True, slots=True)
class Scorecard:
    """A loaded scorecard: indicators in source order, and every warning raised loading it."""

    source: str
    indicators: tuple[Indicator, ...]
    period: Period | None = None  # the reporting period, when the file or options say it
    title: str | None = None
    sheets: tuple[str, ...] = ()
    warnings: tuple[Warning, ...] = ()

    def indicator(self, ref: str) -> Indicator:
        for ind in self.indicators:
            if ind.ref == ref:
                return ind
        raise KeyError(ref)

    @property
    def themes(self) -> tuple[str, ...]:
        """Theme names in the order they first appear."""
        return tuple(dict.fromkeys(ind.theme for ind in self.indicators))
