"""Stage 1b: content selection. Which facts about an indicator are worth a sentence, ranked by
salience, two to four per indicator (about the length of the papers' own analysis).

Each rule turns facts into a :class:`Message`. Salience (0 to 1) is documented beside each rule;
the opening (the latest figure, with its change where there is one) and any statement that a
figure is missing always come first. The rest are ranked:

========================  ==========================================================
rule                      salience
========================  ==========================================================
``comparison.v1``          0.85 target missed; 0.6 worse than a comparator; 0.5 met;
                           0.4 otherwise (target and comparators in one message)
``streak.v1``              0.45 + 0.05 per period beyond the minimum (max 0.75); its
                           case ends ".small" when the latest move is within tolerance,
                           ".against" when the run goes against the change on a year earlier
``extreme.v1``             0.55, 0.65 when worse
``band.v1``                0.5 in the worse band, 0.3 otherwise
``rolling.v1``             0.45
``trend.v1``               0.35 (only when no streak is said)
``previous_period.v1``     0.3 (only when the opening compared with the previous year)
``caveat.v1``              always, said last, beyond the limit: a note on the indicator
                           says its figures changed how they are counted (``break_notes``
                           in the commentary phrasebank), so earlier figures may not compare;
                           and (``small_numbers``) a change said between two small counts
                           (style rule L9, ``Tolerances.small_count``)
========================  ==========================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .facts import Direction, Fact, FactKind, IndicatorFacts, Judgement
from .model import Indicator
from .records import quick_init

MAX_MESSAGES = 4


@quick_init
@dataclass(frozen=True, slots=True)
class Message:
    """Something to say. ``kind`` is a message kind in the phrasebank; ``case`` the variant key."""

    kind: str
    case: str
    ref: str
    facts: tuple[Fact, ...]
    salience: float
    rule: str


SAY_ORDER = ("comparison", "band", "rolling", "streak", "extreme", "volatile", "trend", "previous_period")
_SAY_RANK = {kind: i for i, kind in enumerate(SAY_ORDER)}


def _case_of(direction: Direction | None, judgement: Judgement | None) -> str:
    name = direction.value if direction else "same"
    if judgement is None:
        return f"{name}.none"
    if direction is Direction.SAME or judgement is Judgement.SAME:
        return "same.same"
    return f"{name}.{judgement.value}"


# the opening's case for each (direction, judgement) a change can have
_CASES = {(d, j): _case_of(d, j) for d in (*Direction, None) for j in (*Judgement, None)}


def _case(fact: Fact) -> str:
    return "unchanged" if _unchanged(fact) else _CASES[fact.direction, fact.judgement]


def _unchanged(fact: Fact) -> bool:
    """The same figure as displayed: "the same as in December 2023", not "much the same as 87%"."""
    return fact.difference is not None and fact.difference.value == 0


# the messages that can say a change between small counts (a fact marked ``small``)
_CHANGES_OVER_TIME = frozenset({"previous_period", "trend", "rolling"})


def _small_move(fact: Fact | None) -> bool:
    return fact is not None and fact.small and fact.direction is not Direction.SAME


def breaks_series(ind: Indicator, break_notes: re.Pattern[str] | None) -> bool:
    """Whether a note on the indicator (notes column or footnote) matches ``break_notes``."""
    return break_notes is not None and any(break_notes.search(note) for note in ind.notes)


def select(facts: IndicatorFacts, limit: int = MAX_MESSAGES,
           break_notes: re.Pattern[str] | None = None) -> tuple[Message, ...]:
    """The messages for one indicator, in the order they will be said (``break_notes``: the
    phrasebank's, for the caveat)."""
    ref = facts.ref
    by_kind: dict[FactKind, list[Fact]] = {}  # facts.all() for every kind, in one pass
    first: dict[FactKind, Fact] = {}  # facts.first() for every kind
    for fact in facts.facts:
        kind = fact.kind
        if kind in first:
            by_kind[kind].append(fact)
        else:
            first[kind] = fact
            by_kind[kind] = [fact]
    one = first.get

    opening: list[Message] = []
    latest = one(FactKind.LATEST)
    change = one(FactKind.CHANGE_YEAR) or one(FactKind.CHANGE_PREVIOUS)
    for missing in by_kind.get(FactKind.MISSING, ()):
        case = "unknown_period" if missing.period is None else (
            "latest" if missing.against == "latest" else "later")
        if missing.status == "blank" and case != "later":
            case += ".blank"  # an empty cell: nothing to say of why
        opening.append(Message("missing", case, ref, (missing,), 1.0, "missing.v1"))
    if latest is not None and change is not None:
        opening.insert(0, Message("opening_change", _case(change), ref, (latest, change), 1.0, "opening.v1"))
    elif latest is not None:
        opening.insert(0, Message("opening_latest", "any", ref, (latest,), 1.0, "opening.v1"))
    if latest is None:
        return tuple(opening[:limit])

    ranked: list[Message] = []
    target = one(FactKind.TARGET)
    comparators = tuple(by_kind.get(FactKind.COMPARATOR, ()))
    if target is not None or comparators:
        if target is not None and target.status == "missed":
            salience = 0.85
        elif any(c.judgement is Judgement.WORSE for c in comparators):
            salience = 0.6
        elif target is not None and target.status == "met":
            salience = 0.5
        else:
            salience = 0.4
        group = ((target,) if target else ()) + comparators
        ranked.append(Message("comparison", "any", ref, group, salience, "comparison.v1"))
    previous = one(FactKind.CHANGE_PREVIOUS)
    streak = one(FactKind.STREAK)
    if streak is not None:
        salience = min(0.75, 0.45 + 0.05 * (streak.length - 3))
        # the latest move within tolerance: the opening or the previous period says "much the same"
        qualified = ".small" if previous is not None and previous.direction is Direction.SAME else ""
        if not qualified and change is not None and change.kind is FactKind.CHANGE_YEAR \
                and change.direction not in (Direction.SAME, streak.direction):
            qualified = ".against"  # "fell from 137 a year earlier ... It has risen in each of the last three months"
        ranked.append(Message("streak", streak.direction.value + qualified, ref, (streak,), salience, "streak.v1"))
    for extreme in by_kind.get(FactKind.EXTREME, ()):
        salience = 0.65 if extreme.judgement is Judgement.WORSE else 0.55
        ranked.append(Message("extreme", f"{extreme.direction.value}.{extreme.status}", ref, (extreme,),
                              salience, "extreme.v1"))
    band = one(FactKind.BAND)
    if band is not None:
        case = band.label if band.label in ("higher", "lower", "in_range") else (
            "quartile" if band.label in ("q1", "q2", "q3", "q4") else "other")
        salience = 0.5 if band.judgement is Judgement.WORSE else 0.3
        ranked.append(Message("band", case, ref, (band,), salience, "band.v1"))
    rolling = one(FactKind.ROLLING)
    if rolling is not None:
        ranked.append(Message("rolling", rolling.direction.value, ref, (rolling,), 0.45, "rolling.v1"))
    volatile = one(FactKind.VOLATILE)
    if volatile is not None and streak is None:
        ranked.append(Message("volatile", "any", ref, (volatile,), 0.4, "volatile.v1"))
    trend = one(FactKind.TREND)
    if trend is not None and streak is None and volatile is None:
        ranked.append(Message("trend", trend.direction.value, ref, (trend,), 0.35, "trend.v1"))
    if previous is not None and change is not None and change.kind is FactKind.CHANGE_YEAR:
        ranked.append(Message("previous_period", "unchanged" if _unchanged(previous) else previous.direction.value,
                              ref, (previous,), 0.3, "previous_period.v1"))
    ranked.sort(key=lambda m: -m.salience)  # stable: ties keep rule order
    chosen = ranked[:max(0, limit - len(opening))]
    # Said in discourse order, not rank order: the standing against target and comparators
    # straight after the opening (so "This is ... above the target" refers to the latest
    # figure), then the benchmark band, then the movement over time.
    chosen.sort(key=lambda m: _SAY_RANK[m.kind])
    if facts.indicator.notes and breaks_series(facts.indicator, break_notes):
        chosen.append(Message("caveat", "series_break", ref, (), 1.0, "caveat.v1"))
    if _small_move(change) or any(_small_move(m.facts[0]) for m in chosen if m.kind in _CHANGES_OVER_TIME):
        chosen.append(Message("caveat", "small_numbers", ref, (), 1.0, "caveat.v1"))
    return tuple(opening + chosen)
