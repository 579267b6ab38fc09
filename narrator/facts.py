"""Stage 1a: what the figures say. Pure arithmetic on a loaded :class:`Indicator`; every number
a fact holds is a :class:`Figure` that names the cells it came from and how it was derived.

Rules (the defaults are in :class:`Tolerances`, and can be set per unit or per indicator):

- **Figures as displayed.** Values are compared after rounding to the indicator's decimal places,
  half away from zero, so the arithmetic agrees with the figures the text shows.
- **Tolerance.** A change or gap counts only when it is larger than the indicator's tolerance:
  ``max(absolute, relative x |reference|)``; by default 1 percentage point for percentages, 2% of the
  reference for counts, rates and everything else. Within tolerance: direction ``same``, relation
  ``in_line``.
- **Judgement** (``better``, ``worse``, ``same``) only for indicators whose polarity is ``high``
  or ``low``; neutral indicators (volumes, rates of activity) get none.
- **Small numbers** (style rule L9). A change over time between two counts both under
  ``small_count`` (20) gets no percentage change, and no judgement when it moves beyond tolerance
  (its direction is worked out as usual); it is marked ``small`` so the commentary adds a
  caution. Not where a mapping file sets the indicator's tolerance.
- **Target.** Met or missed by exact comparison of the displayed figures: a single-value target
  is to be reached (high polarity) or kept under (low); ``<5%``, ``<=5``, ``>90%``, ``>=90`` and
  ranges ``20-24%`` say so themselves. A neutral indicator's single-value target gets a relation
  (above/below) but no met/missed.
- **RAG** (derived): green when the target is met; amber when missed by no more than the
  tolerance; red when missed by more; none without a target or polarity.
- **Direction of travel** (derived): the direction of the change against the previous year where
  there is one, else against the previous period.
- Where the source states its own RAG or direction of travel and it differs from the derived one,
  a warning names both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .model import CellRef, Indicator, Period, Point, Polarity, Relation, Scorecard, TargetKind, Unit, Value
from .model import Warning as LoadWarning
from .numbers import round_half_up
from .periods import next_period
from .records import quick_init


class FactKind(StrEnum):
    LATEST = "latest"
    LAST_AVAILABLE = "last_available"  # when the latest is missing: the last figure before it
    MISSING = "missing"
    CHANGE_PREVIOUS = "change_previous_period"
    CHANGE_YEAR = "change_previous_year"
    TARGET = "target"
    COMPARATOR = "comparator"
    BAND = "band"
    STREAK = "streak"
    EXTREME = "extreme"
    TREND = "trend"
    JUMP = "jump"
    VOLATILE = "volatile"
    ROLLING = "rolling"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"


class Judgement(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


@quick_init
@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its provenance. ``how`` is ``cell`` for a value read from ``sources[0]``, or
    the derivation (``difference``, ``relative_change``) of the values in ``sources``."""

    value: float
    decimals: int
    sources: tuple[CellRef, ...]
    how: str = "cell"
    period: Period | None = None

    @property
    def source(self) -> str:
        if len(self.sources) == 1 and self.how == "cell":
            return str(self.sources[0])
        cells = ", ".join(map(str, self.sources))
        return cells if self.how == "cell" else f"{self.how}({cells})"


@quick_init
@dataclass(frozen=True, slots=True)
class Fact:
    """One thing the figures say about an indicator.

    value: the authority's figure; reference: what it is compared with (an earlier value, the
    target, a comparator); difference: value - reference (percentage points for percentages);
    relative: the change as a percentage of the reference. ``against`` names the reference:
    ``previous_period``, ``previous_year``, ``target``, a comparator id, ``band``, ``rolling_12m``.
    """

    kind: FactKind
    ref: str
    value: Figure | None = None
    reference: Figure | None = None
    difference: Figure | None = None
    relative: Figure | None = None
    direction: Direction | None = None
    judgement: Judgement | None = None
    relation: Relation | None = None
    status: str | None = None  # target: met / missed; missing: the reason
    against: str | None = None
    label: str | None = None  # comparator or band name as the text says it
    period: Period | None = None
    reference_period: Period | None = None
    length: int | None = None  # streak length; periods covered by an extreme
    stated: bool = False  # the relation is the source's statement, not computed
    small: bool = False  # a change between two small counts (``Tolerances.small_count``): no judgement


@dataclass(frozen=True, slots=True)
class Tolerances:
    """How big a change or gap must be to count, per unit: (absolute, relative to the reference)."""

    by_unit: tuple[tuple[Unit, float, float], ...] = (
        (Unit.PERCENT, 1.0, 0.0),
        (Unit.COUNT, 0.0, 0.02),
        (Unit.RATE_PER_10K, 0.0, 0.02),
        (Unit.RATE_PER_1000, 0.0, 0.02),
        (Unit.RATE_PER_100K, 0.0, 0.02),
        (Unit.DAYS, 0.0, 0.02),
        (Unit.WEEKS, 0.0, 0.02),
        (Unit.RATIO, 0.0, 0.02),
        (Unit.CURRENCY_GBP, 0.0, 0.02),
        (Unit.OTHER, 0.0, 0.02),
    )
    streak_min: int = 3  # consecutive rises or falls worth saying
    extreme_min: int = 6  # "highest for N periods" worth saying from this many periods
    trend_window: int = 6  # periods looked back over for the recent trend
    jump_factor: float = 3.0  # a step this many times the usual step is a jump
    volatile_min: int = 6  # periods needed before the series can be called volatile
    volatile_turns: float = 0.6  # share of steps that reverse the one before (each beyond tolerance)
    # Style rule L9: a change between two counts both under this (ONS treats rates from fewer than
    # 20 events as unreliable) is said without a judgement or a percentage change, with a caution.
    # An indicator whose tolerance a mapping file sets is judged by that tolerance instead.
    small_count: float = 20.0

    _rules: dict = field(init=False, repr=False, compare=False)  # by_unit as {unit: (absolute, relative)}

    def __post_init__(self) -> None:
        rules: dict[Unit, tuple[float, float]] = {}
        for unit, absolute, relative in self.by_unit:
            rules.setdefault(unit, (absolute, relative))  # the first rule for a unit is the one
        object.__setattr__(self, "_rules", rules)

    def for_indicator(self, ind: Indicator, reference: float) -> float:
        absolute, relative = self.limits(ind)
        return max(absolute, relative * abs(reference))

    def limits(self, ind: Indicator) -> tuple[float, float]:
        """(absolute, relative): the tolerance for a reference r is ``max(absolute, relative * |r|)``
        (a mapping file's tolerance for the indicator is absolute; it is 0 or more)."""
        if ind.tolerance is not None:
            return ind.tolerance, 0.0
        return self._rules.get(ind.unit, _NO_LIMITS)


_NO_LIMITS = (0.0, 0.0)


DEFAULT_TOLERANCES = Tolerances()


@quick_init
@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    """Everything stage 1a found for one indicator, plus the derived RAG and direction of travel."""

    indicator: Indicator
    facts: tuple[Fact, ...]
    direction: Direction | None
    judgement: Judgement | None
    rag: str | None
    direction_of_travel: Direction | None
    warnings: tuple[LoadWarning, ...] = field(default=())

    @property
    def ref(self) -> str:
        return self.indicator.ref

    def first(self, kind: FactKind) -> Fact | None:
        for fact in self.facts:
            if fact.kind is kind:
                return fact
        return None

    def all(self, kind: FactKind) -> tuple[Fact, ...]:
        return tuple([f for f in self.facts if f.kind is kind])


# ---------------------------------------------------------------------------------------------

def _figure(value: Value, ind: Indicator, period: Period | None, rounded: float | None = None) -> Figure:
    """The cell's figure at the indicator's decimal places (``rounded``: already worked out)."""
    return Figure(round_half_up(value.number, ind.decimals) if rounded is None else rounded, ind.decimals,
                  (value.source,) if value.source else (), "cell", period)


def _point_figure(points: list[Point], values: list[float], i: int, ind: Indicator) -> Figure:
    """The figure of ``points[i]``, whose rounded value is ``values[i]``."""
    return _figure(points[i].value, ind, points[i].period, values[i])


def _judge(direction: Direction, polarity: Polarity) -> Judgement | None:
    return _JUDGE[polarity][direction]


# the judgement of a direction, by polarity: none for neutral measures; higher or lower is better
_JUDGE = {
    Polarity.NEUTRAL: {Direction.UP: None, Direction.DOWN: None, Direction.SAME: None},
    Polarity.HIGH: {Direction.UP: Judgement.BETTER, Direction.DOWN: Judgement.WORSE, Direction.SAME: Judgement.SAME},
    Polarity.LOW: {Direction.UP: Judgement.WORSE, Direction.DOWN: Judgement.BETTER, Direction.SAME: Judgement.SAME},
}


def _compare(ind: Indicator, value: Figure, reference: Figure, tol: Tolerances,
             relative: bool = True) -> tuple[Figure, Figure | None, Direction]:
    """(difference, relative change or None, direction); ``relative=False`` skips the relative
    change (a comparator's gap is not said as one, nor a change between small counts)."""
    diff = round_half_up(value.value - reference.value, value.decimals)
    sources = value.sources + reference.sources
    difference = Figure(diff, value.decimals, sources, "difference")
    change = None
    if relative and reference.value != 0:
        change = Figure(round_half_up(diff / abs(reference.value) * 100, 1), 1, sources, "relative_change")
    absolute, share = tol.limits(ind)
    if abs(diff) <= max(absolute, share * abs(reference.value)) or diff == 0:
        direction = Direction.SAME
    else:
        direction = Direction.UP if diff > 0 else Direction.DOWN
    return difference, change, direction


def _small(ind: Indicator, value: Figure, reference: Figure, tol: Tolerances) -> bool:
    """Whether a change from ``reference`` to ``value`` is between two small counts (style rule L9)."""
    return ind.unit is Unit.COUNT and ind.tolerance is None and abs(value.value) < tol.small_count \
        and abs(reference.value) < tol.small_count


def _over_time(ind: Indicator, value: Figure, reference: Figure, tol: Tolerances
               ) -> tuple[Figure, Figure | None, Direction, Judgement | None, bool]:
    """(difference, relative change, direction, judgement, small) of a change over time from
    ``reference`` to ``value``: between small counts, no relative change and no judgement of a move."""
    small = _small(ind, value, reference, tol)
    difference, relative, direction = _compare(ind, value, reference, tol, relative=not small)
    judgement = None if small and direction is not Direction.SAME else _judge(direction, ind.polarity)
    return difference, relative, direction, judgement, small


def _change(kind: FactKind, ind: Indicator, latest: Figure, earlier: Value, period: Period | None,
            against: str, tol: Tolerances) -> Fact:
    ref_fig = _figure(earlier, ind, period)
    difference, relative, direction, judgement, small = _over_time(ind, latest, ref_fig, tol)
    return Fact(kind, ind.ref, latest, ref_fig, difference, relative, direction, judgement, against=against,
                period=latest.period, reference_period=period, small=small)


def _previous_point(ind: Indicator) -> tuple[Value, Period] | None:
    """The value for the period before the current one, from the series."""
    current = ind.current_period
    if current is None or not ind.series:
        return None
    end = current.end  # (dates first: cheaper than comparing periods, and equal periods end together)
    series = ind.series
    i = None
    for j in range(len(series) - 1, -1, -1):  # from the end: oldest first, so the current is near it
        period = series[j].period
        if period.end < end:
            break  # everything before ends earlier still
        if period.end == end and period == current:
            i = j  # (the first of equal periods, as a search from the start finds)
    if i is not None:
        if i == 0:
            return None
        point = ind.series[i - 1]
    else:
        point = ind.series[-1]
        if point.period.granularity != ind.current_period.granularity or \
                next_period(point.period) != ind.current_period:
            return None
    return (point.value, point.period) if not point.value.is_missing else None


def _target_fact(ind: Indicator, latest: Figure) -> Fact | None:
    target = ind.target
    if target is None or target.low is None:
        return None
    v = latest.value
    low = round_half_up(target.low, max(target.decimals, ind.decimals))
    high = round_half_up(target.high, max(target.decimals, ind.decimals))
    src = (target.source,) if target.source else ()
    kind = target.kind
    if kind is TargetKind.VALUE and ind.polarity is Polarity.NEUTRAL:
        relation = Relation.IN_LINE if v == low else (Relation.ABOVE if v > low else Relation.BELOW)
        reference = Figure(low, target.decimals, src, "cell")
        diff = Figure(round_half_up(v - low, ind.decimals), ind.decimals, latest.sources + src, "difference")
        return Fact(FactKind.TARGET, ind.ref, latest, reference, diff, relation=relation, status=None,
                    against="target", period=latest.period)
    if kind is TargetKind.VALUE:
        kind = TargetKind.AT_LEAST if ind.polarity is Polarity.HIGH else TargetKind.AT_MOST
    if kind is TargetKind.AT_LEAST:
        met = v >= low
    elif kind is TargetKind.ABOVE:
        met = v > low
    elif kind is TargetKind.AT_MOST:
        met = v <= high
    elif kind is TargetKind.BELOW:
        met = v < high
    else:
        met = low <= v <= high
    if kind is TargetKind.RANGE:
        bound = low if v < low else high
        relation = Relation.IN_LINE if met else (Relation.BELOW if v < low else Relation.ABOVE)
    else:
        bound = low
        relation = Relation.IN_LINE if v == bound else (Relation.ABOVE if v > bound else Relation.BELOW)
    reference = Figure(bound, target.decimals, src, "cell")
    diff = Figure(round_half_up(v - bound, ind.decimals), ind.decimals, latest.sources + src, "difference")
    judgement = Judgement.BETTER if met else Judgement.WORSE
    return Fact(FactKind.TARGET, ind.ref, latest, reference, diff, judgement=judgement, relation=relation,
                status="met" if met else "missed", against="target", label=target.raw, period=latest.period)


_RELATION = {Direction.UP: Relation.ABOVE, Direction.DOWN: Relation.BELOW, Direction.SAME: Relation.IN_LINE}
_DIRECTION = {relation: direction for direction, relation in _RELATION.items()}


def _comparator_facts(ind: Indicator, latest: Figure, tol: Tolerances, warnings: list) -> list[Fact]:
    out = []
    for comp in ind.comparators:
        if comp.value is not None and not comp.value.is_missing:
            reference = _figure(comp.value, ind, comp.period)
            difference, _, direction = _compare(ind, latest, reference, tol, relative=False)
            relation = _RELATION[direction]
            out.append(Fact(FactKind.COMPARATOR, ind.ref, latest, reference, difference,
                            direction=direction, judgement=_judge(direction, ind.polarity), relation=relation,
                            against=comp.id, label=comp.name, period=latest.period,
                            reference_period=comp.period))
            if comp.stated_relation is not None and comp.stated_relation is not relation \
                    and relation is not Relation.IN_LINE:
                warnings.append(LoadWarning(
                    "W-stated-relation", f"the source says {ind.ref} is {comp.stated_relation.value} {comp.name}, "
                    f"but {latest.value:g} against {reference.value:g} is {relation.value.replace('_', ' ')}",
                    str(comp.relation_source or ind.row)))
        elif comp.stated_relation is not None:
            direction = _DIRECTION[comp.stated_relation]
            out.append(Fact(FactKind.COMPARATOR, ind.ref, latest, None, None, direction=direction,
                            judgement=_judge(direction, ind.polarity), relation=comp.stated_relation,
                            against=comp.id, label=comp.name, period=latest.period,
                            reference_period=comp.period, stated=True))
    return out


_BAND_RELATION = {"higher": Relation.ABOVE, "lower": Relation.BELOW, "in_range": Relation.IN_LINE}


def _band_fact(ind: Indicator, latest: Figure | None) -> Fact | None:
    band = ind.band
    if band is None:
        return None
    relation = _BAND_RELATION.get(band.kind)
    judgement = None
    if relation is not None:
        direction = _DIRECTION[relation]
        judgement = _judge(direction, ind.polarity)
    elif band.kind in ("q1", "q4") and ind.polarity is not Polarity.NEUTRAL:
        judgement = Judgement.BETTER if band.kind == "q1" else Judgement.WORSE
    return Fact(FactKind.BAND, ind.ref, latest, judgement=judgement, relation=relation, against="band",
                label=band.kind, status=band.label, period=latest.period if latest else None)


def _series_facts(ind: Indicator, latest: Figure, tol: Tolerances) -> list[Fact]:
    """Streaks, extremes, recent trend and jumps over the series up to the latest period."""
    if ind.current_period is None:
        return []
    current = ind.current_period
    end, start = current.end, current.start
    # the points with figures up to the current period (p.period <= current, without calling it)
    points = [p for p in ind.series if p.value.number is not None and (p.period.end < end or (
        p.period.end == end and (p.period.start > start or p.period == current)))]
    if not points or points[-1].period != ind.current_period:
        # the current value sits after the series (a Current column after monthly columns)
        if points and points[-1].period.granularity == ind.current_period.granularity \
                and next_period(points[-1].period) == ind.current_period and ind.current is not None:
            points = points + [Point(ind.current_period, ind.current)]
        else:
            return []
    if len(points) < 3:
        return []
    values = [round_half_up(p.value.number, ind.decimals) for p in points]  # as displayed
    out: list[Fact] = []
    # Streak: consecutive moves in one direction ending at the latest period.
    steps = [b - a for a, b in zip(values, values[1:])]
    sign = (steps[-1] > 0) - (steps[-1] < 0)
    length = 0
    for step in reversed(steps):
        if sign != 0 and ((step > 0) - (step < 0)) == sign:
            length += 1
        else:
            break
    if length >= tol.streak_min:
        direction = Direction.UP if sign > 0 else Direction.DOWN
        first = points[-1 - length]
        out.append(Fact(FactKind.STREAK, ind.ref, latest, _point_figure(points, values, -1 - length, ind),
                        direction=direction, judgement=_judge(direction, ind.polarity), against="series",
                        period=latest.period, reference_period=first.period, length=length))
    # Extreme: highest or lowest for N periods.
    last = values[-1]
    for direction in (Direction.UP, Direction.DOWN):
        n = 1
        for earlier in reversed(values[:-1]):
            if (last > earlier) if direction is Direction.UP else (last < earlier):
                n += 1
            else:
                break
        if n >= tol.extreme_min and n >= 3:
            since = points[-1 - n] if n < len(points) else None
            out.append(Fact(FactKind.EXTREME, ind.ref, latest,
                            _point_figure(points, values, -1 - n, ind) if since else None,
                            direction=direction, judgement=_judge(direction, ind.polarity), against="series",
                            period=latest.period, reference_period=since.period if since else points[0].period,
                            length=n, status="since" if since else "all"))
    # Recent trend: the latest against the value trend_window periods back.
    window = min(tol.trend_window, len(points) - 1)
    if window >= 3:
        base = points[-1 - window]
        base_fig = _point_figure(points, values, -1 - window, ind)
        difference, relative, direction, judgement, small = _over_time(ind, latest, base_fig, tol)
        out.append(Fact(FactKind.TREND, ind.ref, latest, base_fig, difference, relative, direction, judgement,
                        against="series", period=latest.period, reference_period=base.period, length=window,
                        small=small))
    # Volatility: most steps beyond tolerance, and most of those reverse the step before.
    recent = points[-tol.trend_window - 1:] if len(points) > tol.trend_window else points
    if len(recent) >= tol.volatile_min:
        wvalues = values[-len(recent):]
        moves = []
        absolute, share = tol.limits(ind)
        for a, b in zip(wvalues, wvalues[1:]):
            if abs(b - a) > max(absolute, share * abs(a)):
                moves.append(1 if b > a else -1)
        turns = sum(1 for a, b in zip(moves, moves[1:]) if a != b)
        if len(moves) >= len(wvalues) - 2 and moves and turns >= tol.volatile_turns * (len(wvalues) - 2):
            high = max(range(len(recent)), key=lambda i: (wvalues[i], i))
            low = min(range(len(recent)), key=lambda i: (wvalues[i], -i))
            out.append(Fact(FactKind.VOLATILE, ind.ref, _point_figure(recent, wvalues, high, ind),
                            _point_figure(recent, wvalues, low, ind), against="series",
                            period=latest.period, reference_period=recent[0].period, length=len(recent) - 1,
                            status=str(turns)))
    # Jump: the latest step far beyond the usual step (a data-quality flag for questions).
    if len(steps) >= 4:
        usual = sorted(map(abs, steps[:-1]))[(len(steps) - 1) // 2]
        threshold = max(tol.for_indicator(ind, values[-2]), usual * tol.jump_factor)
        if abs(steps[-1]) > threshold and usual > 0:
            prev = points[-2]
            prev_fig = _point_figure(points, values, -2, ind)
            difference, relative, direction, judgement, small = _over_time(ind, latest, prev_fig, tol)
            out.append(Fact(FactKind.JUMP, ind.ref, latest, prev_fig, difference, relative, direction, judgement,
                            against="previous_period", period=latest.period, reference_period=prev.period,
                            small=small,
                            length=round(abs(steps[-1]) / usual) if usual else None))
    return out


def indicator_facts(ind: Indicator, tol: Tolerances = DEFAULT_TOLERANCES) -> IndicatorFacts:
    """Every fact about one indicator (see the module docstring for the rules)."""
    facts: list[Fact] = []
    warnings: list[LoadWarning] = []
    current = ind.current
    latest: Figure | None = None
    if current is None or current.is_missing:
        reason = current.missing if current is not None else "no figure given"
        facts.append(Fact(FactKind.MISSING, ind.ref, status=reason, period=ind.current_period,
                          against="latest"))
        earlier = [p for p in ind.series if not p.value.is_missing
                   and (ind.current_period is None or p.period < ind.current_period)]
        if earlier:
            facts.append(Fact(FactKind.LAST_AVAILABLE, ind.ref, _figure(earlier[-1].value, ind, earlier[-1].period),
                              period=earlier[-1].period))
    else:
        latest = _figure(current, ind, ind.current_period)
        facts.append(Fact(FactKind.LATEST, ind.ref, latest, period=ind.current_period))
    # Periods after the current one that the source marks missing (a Not Yet Available month).
    if ind.current_period is not None:
        for point in ind.series:
            value = point.value
            if value.number is None and value.missing != "blank" and point.period > ind.current_period:
                facts.append(Fact(FactKind.MISSING, ind.ref, status=value.missing, period=point.period,
                                  against="series"))
    year_fact = prev_fact = target = None
    if latest is not None:
        if ind.previous_year is not None and not ind.previous_year.is_missing:
            year_fact = _change(FactKind.CHANGE_YEAR, ind, latest, ind.previous_year,
                                ind.previous_year_period, "previous_year", tol)
            facts.append(year_fact)
        previous = _previous_point(ind)
        if previous is not None:
            prev_fact = _change(FactKind.CHANGE_PREVIOUS, ind, latest, previous[0], previous[1],
                                "previous_period", tol)
            facts.append(prev_fact)
        target = _target_fact(ind, latest)
        if target is not None:
            facts.append(target)
        facts.extend(_comparator_facts(ind, latest, tol, warnings))
        facts.extend(_series_facts(ind, latest, tol))
        if ind.rolling_6m is not None and ind.rolling_12m is not None \
                and not ind.rolling_6m.is_missing and not ind.rolling_12m.is_missing:
            six = _figure(ind.rolling_6m, ind, ind.current_period)
            twelve = _figure(ind.rolling_12m, ind, ind.current_period)
            difference, relative, direction, judgement, small = _over_time(ind, six, twelve, tol)
            facts.append(Fact(FactKind.ROLLING, ind.ref, six, twelve, difference, relative, direction, judgement,
                              against="rolling_12m", period=ind.current_period, small=small))
    band = _band_fact(ind, latest)
    if band is not None:
        facts.append(band)

    headline = year_fact or prev_fact
    travel = headline.direction if headline else None
    judgement = headline.judgement if headline else None
    target_fact = target  # the only TARGET fact
    rag = None
    if target_fact is not None and target_fact.status is not None:
        if target_fact.status == "met":
            rag = "G"
        else:
            gap = abs(target_fact.difference.value) if target_fact.difference else 0.0
            rag = "A" if gap <= tol.for_indicator(ind, target_fact.reference.value) else "R"
    if ind.rag is not None and rag is not None and ind.rag.value != rag:
        warnings.append(LoadWarning("W-rag", f"the source rates {ind.ref} {ind.rag.value} but narrator's rule "
                                    f"gives {rag} ({latest.value:g} against a target of {ind.target.raw})",
                                    str(ind.rag.source or ind.row)))
    if ind.direction is not None and travel is not None and ind.direction.value != travel.value:
        basis = "the previous year" if year_fact else "the previous period"
        warnings.append(LoadWarning("W-direction", f"the source gives {ind.ref} a direction of travel of "
                                    f"{ind.direction.raw} ({ind.direction.value}) but against {basis} it is "
                                    f"{travel.value}", str(ind.direction.source or ind.row)))
    return IndicatorFacts(ind, tuple(facts), travel, judgement, rag, travel, tuple(warnings))


def scorecard_facts(card: Scorecard, tol: Tolerances = DEFAULT_TOLERANCES) -> tuple[IndicatorFacts, ...]:
    return tuple(indicator_facts(ind, tol) for ind in card.indicators)
