"""Facts: one test per fact kind and polarity, on indicators built directly."""

import pytest

from narrator.facts import Direction, FactKind, Judgement, Tolerances, indicator_facts
from narrator.model import (Band, CellRef, Comparator, Indicator, Point, Polarity, Relation, Stated, Target,
                            TargetKind, Unit, Value)
from narrator.periods import parse_period

ROW = CellRef("t.csv", None, 2, 2)


def val(x, col=5, decimals=None):
    if x is None:
        return Value(None, "n/a", CellRef("t.csv", None, 2, col), missing="not applicable")
    d = decimals if decimals is not None else (len(str(x).split(".")[1]) if "." in str(x) else 0)
    return Value(float(x), str(x), CellRef("t.csv", None, 2, col), decimals=d)


def make(polarity="high", unit=Unit.PERCENT, current=65.2, previous=79.0, period="Sep-23", target=None,
         comparators=(), series=(), band=None, rag=None, direction=None, decimals=1, ref="X", **kw):
    cur_period = parse_period(period) if period else None
    pts = tuple(Point(parse_period(p), val(v, col=10 + i)) for i, (p, v) in enumerate(series))
    return Indicator(ref=ref, name="Assessments completed within 45 working days (%)", theme="T", unit=unit,
                     polarity=Polarity(polarity), decimals=decimals, row=ROW, series=pts,
                     current=val(current, col=6) if current is not None or True else None,
                     current_period=cur_period,
                     previous_year=val(previous, col=7) if previous is not None else None,
                     previous_year_period=parse_period("Sep-22"), target=target, comparators=tuple(comparators),
                     band=band, rag=rag, direction=direction, **kw)


@pytest.mark.parametrize("polarity,current,previous,direction,judgement", [
    ("high", 65.2, 79.0, Direction.DOWN, Judgement.WORSE),
    ("high", 79.0, 65.2, Direction.UP, Judgement.BETTER),
    ("low", 26.9, 19.0, Direction.UP, Judgement.WORSE),
    ("low", 19.0, 26.9, Direction.DOWN, Judgement.BETTER),
    ("neutral", 26.9, 19.0, Direction.UP, None),
    ("high", 65.2, 65.9, Direction.SAME, Judgement.SAME),  # 0.7 points: within the 1-point tolerance
    ("neutral", 65.2, 65.9, Direction.SAME, None),
])
def test_facts_change_against_previous_year_follows_polarity_and_tolerance(polarity, current, previous,
                                                                           direction, judgement):
    facts = indicator_facts(make(polarity, current=current, previous=previous))
    change = facts.first(FactKind.CHANGE_YEAR)
    assert change.direction is direction and change.judgement is judgement
    assert change.difference.value == pytest.approx(round(current - previous, 1))
    assert facts.direction is direction
    assert change.difference.how == "difference" and len(change.difference.sources) == 2


def test_facts_change_of_counts_has_relative_change():
    facts = indicator_facts(make("neutral", unit=Unit.COUNT, current=1417, previous=1650, decimals=0))
    change = facts.first(FactKind.CHANGE_YEAR)
    assert change.difference.value == -233 and change.relative.value == -14.1


def test_facts_count_tolerance_is_relative():
    small = indicator_facts(make("low", unit=Unit.COUNT, current=101, previous=100, decimals=0))
    assert small.first(FactKind.CHANGE_YEAR).direction is Direction.SAME
    big = indicator_facts(make("low", unit=Unit.COUNT, current=110, previous=100, decimals=0))
    assert big.first(FactKind.CHANGE_YEAR).judgement is Judgement.WORSE


@pytest.mark.parametrize("polarity,current,previous,direction", [
    ("low", 16, 15, Direction.UP),  # paper 000's social worker vacancies
    ("low", 13, 15, Direction.DOWN),
    ("high", 19, 3, Direction.UP),
    ("neutral", 4, 9, Direction.DOWN),
    ("low", 15, 15, Direction.SAME),
])
def test_facts_change_between_small_counts_has_no_judgement_and_no_relative_change(polarity, current, previous,
                                                                                    direction):
    """Style rule L9: both counts under 20, so the change keeps its direction but is not judged."""
    facts = indicator_facts(make(polarity, unit=Unit.COUNT, current=current, previous=previous, decimals=0))
    change = facts.first(FactKind.CHANGE_YEAR)
    assert change.small is True
    judgement = Judgement.SAME if direction is Direction.SAME and polarity != "neutral" else None  # not a move
    assert change.direction is direction and change.judgement is judgement and change.relative is None
    assert change.difference.value == current - previous
    assert facts.judgement is judgement and facts.direction is direction


@pytest.mark.parametrize("current,previous,unit,tolerance", [
    (20, 15, Unit.COUNT, None),  # one side at 20: not small
    (15, 20, Unit.COUNT, None),
    (17.0, 15.0, Unit.PERCENT, None),  # a percentage is not a count
    (16, 15, Unit.RATE_PER_10K, None),
    (16, 15, Unit.COUNT, 0.0),  # the mapping file's tolerance is the rule
])
def test_facts_change_judged_as_usual_unless_both_are_small_counts(current, previous, unit, tolerance):
    decimals = 1 if unit is Unit.PERCENT else 0
    facts = indicator_facts(make("low", unit=unit, current=current, previous=previous, decimals=decimals,
                                 tolerance=tolerance))
    change = facts.first(FactKind.CHANGE_YEAR)
    assert change.small is False
    assert change.judgement is (Judgement.WORSE if current > previous else Judgement.BETTER)


def test_facts_small_count_threshold_is_a_tolerance_setting():
    ind = make("low", unit=Unit.COUNT, current=16, previous=15, decimals=0)
    assert indicator_facts(ind).first(FactKind.CHANGE_YEAR).small is True
    change = indicator_facts(ind, Tolerances(small_count=10)).first(FactKind.CHANGE_YEAR)
    assert change.small is False and change.judgement is Judgement.WORSE and change.relative.value == 6.7


def test_facts_small_counts_over_the_series_are_not_judged():
    facts = indicator_facts(make("low", unit=Unit.COUNT, current=9, previous=None, decimals=0,
                                 series=list(zip(MONTHS, [3, 5, 4, 6, 8, 9]))))
    for kind in (FactKind.CHANGE_PREVIOUS, FactKind.TREND):
        fact = facts.first(kind)
        assert fact.small and fact.judgement is None and fact.relative is None and fact.direction is Direction.UP
    streak = facts.first(FactKind.STREAK)  # a run is still a run
    assert streak.length == 3 and streak.judgement is Judgement.WORSE


def test_facts_small_counts_paragraph_says_rose_with_a_caution_and_no_percentage():
    from narrator.content import select
    from narrator.model import Scorecard
    from narrator.plan import narrate
    ind = make("low", unit=Unit.COUNT, current=16, previous=15, decimals=0)
    ind = Indicator(**{**{f: getattr(ind, f) for f in ind.__dataclass_fields__}, "name": "Social worker vacancies"})
    messages = select(indicator_facts(ind))
    assert [(m.kind, m.case) for m in messages][0] == ("opening_change", "up.none")
    assert (messages[-1].kind, messages[-1].case) == ("caveat", "small_numbers")
    [paragraph] = narrate(Scorecard("t.csv", (ind,))).paragraphs
    text = paragraph.text
    assert "rose from 15 in September 2022 to 16 in September 2023" in text
    assert "worsened" not in text and "%" not in text
    assert text.endswith(("should be read with care.",))
    steady = make("low", unit=Unit.COUNT, current=15, previous=15, decimals=0)  # no change: no caution
    assert not any(m.kind == "caveat" for m in select(indicator_facts(steady)))


def test_facts_the_same_figure_as_displayed_is_said_as_unchanged():
    """87% against 87%: "the same as in ...", not "much the same as 87%"; a month's figure said after
    the others repeats its figure ("unchanged from 90% in August 2023") so "it" is not misread."""
    from narrator.content import select
    from narrator.model import Scorecard
    from narrator.plan import narrate
    same = make("high", current=87.0, previous=87.04, decimals=0)  # 87% as displayed on both sides
    [opening] = [m for m in select(indicator_facts(same)) if m.kind == "opening_change"]
    assert opening.case == "unchanged"
    [paragraph] = narrate(Scorecard("t.csv", (same,))).paragraphs
    assert paragraph.text.endswith(("was 87% in September 2023, the same as in September 2022.",
                                    "stayed at 87% in September 2023, as in September 2022."))
    assert [n.text for n in paragraph.sentences[0].numbers] == ["87%"]  # said once
    close = make("high", current=87.0, previous=86.0, decimals=0)  # within tolerance, not the same
    assert [m.case for m in select(indicator_facts(close)) if m.kind == "opening_change"] == ["same.same"]
    monthly = make("high", current=90.0, previous=80.0, decimals=0,
                   series=list(zip(MONTHS, [70, 72, 70, 75, 90, 90])))
    [previous] = [m for m in select(indicator_facts(monthly)) if m.kind == "previous_period"]
    assert previous.case == "unchanged"
    [paragraph] = narrate(Scorecard("t.csv", (monthly,))).paragraphs
    assert "It was unchanged from 90% in August 2023." in paragraph.text


def test_facts_per_indicator_tolerance():
    facts = indicator_facts(make("high", current=65.2, previous=79.0, tolerance=20.0))
    assert facts.first(FactKind.CHANGE_YEAR).direction is Direction.SAME


@pytest.mark.parametrize("polarity,kind,low,high,current,status,relation", [
    ("high", TargetKind.VALUE, 84, 84, 65.2, "missed", Relation.BELOW),
    ("high", TargetKind.VALUE, 84, 84, 90.0, "met", Relation.ABOVE),
    ("high", TargetKind.VALUE, 84, 84, 84.0, "met", Relation.IN_LINE),
    ("low", TargetKind.VALUE, 22, 22, 26.9, "missed", Relation.ABOVE),
    ("low", TargetKind.VALUE, 22, 22, 19.0, "met", Relation.BELOW),
    ("low", TargetKind.RANGE, 20, 24, 24.0, "met", Relation.IN_LINE),
    ("low", TargetKind.RANGE, 20, 24, 26.0, "missed", Relation.ABOVE),
    ("high", TargetKind.RANGE, 20, 24, 18.0, "missed", Relation.BELOW),
    ("low", TargetKind.BELOW, 5, 5, 5.0, "missed", Relation.IN_LINE),
    ("low", TargetKind.AT_MOST, 5, 5, 5.0, "met", Relation.IN_LINE),
    ("high", TargetKind.AT_LEAST, 90, 90, 89.9, "missed", Relation.BELOW),
    ("neutral", TargetKind.VALUE, 650, 650, 693, None, Relation.ABOVE),
])
def test_facts_target(polarity, kind, low, high, current, status, relation):
    target = Target(kind, low, high, f"{low}", CellRef("t.csv", None, 2, 8), 0)
    facts = indicator_facts(make(polarity, current=current, target=target))
    fact = facts.first(FactKind.TARGET)
    assert fact.status == status and fact.relation is relation
    if status == "missed" and kind is TargetKind.VALUE:
        assert fact.difference.value == pytest.approx(round(current - low, 1))


def test_facts_rag_derived_and_disagreement_warned():
    target = Target(TargetKind.VALUE, 85, 85, "85%", None, 0)
    green = indicator_facts(make("high", current=86.0, target=target, rag=Stated("R", "R", None)))
    assert green.rag == "G" and any(w.code == "W-rag" for w in green.warnings)
    amber = indicator_facts(make("high", current=84.5, target=target))
    assert amber.rag == "A"
    red = indicator_facts(make("high", current=70.0, target=target, rag=Stated("R", "R", None)))
    assert red.rag == "R" and not red.warnings
    assert indicator_facts(make("neutral", current=70.0, target=target)).rag is None


def test_facts_direction_of_travel_disagreement_warned():
    facts = indicator_facts(make("high", current=84.0, previous=76.0, direction=Stated("down", "↓", None)))
    assert facts.direction_of_travel is Direction.UP
    assert any(w.code == "W-direction" for w in facts.warnings)


@pytest.mark.parametrize("polarity,value,relation,judgement", [
    ("high", 89.0, Relation.BELOW, Judgement.WORSE),
    ("high", 60.0, Relation.ABOVE, Judgement.BETTER),
    ("low", 60.0, Relation.ABOVE, Judgement.WORSE),
    ("neutral", 60.0, Relation.ABOVE, None),
    ("high", 65.9, Relation.IN_LINE, Judgement.SAME),
])
def test_facts_comparators(polarity, value, relation, judgement):
    comp = Comparator("england", "the England average", val(value, col=9), parse_period("2021/22"))
    fact = indicator_facts(make(polarity, current=65.2, comparators=[comp])).first(FactKind.COMPARATOR)
    assert fact.relation is relation and fact.judgement is judgement
    assert fact.against == "england" and fact.reference_period.label == "2021/22"


def test_facts_stated_comparator_relation_kept_and_contradiction_warned():
    stated = Comparator("north_west", "the North West average", None, None, Relation.ABOVE)
    fact = indicator_facts(make("high", comparators=[stated])).first(FactKind.COMPARATOR)
    assert fact.stated and fact.relation is Relation.ABOVE and fact.reference is None
    wrong = Comparator("england", "the England average", val(90.0), None, Relation.ABOVE)
    facts = indicator_facts(make("high", current=65.2, comparators=[wrong]))
    assert any(w.code == "W-stated-relation" for w in facts.warnings)


@pytest.mark.parametrize("polarity,kind,judgement", [
    ("high", "higher", Judgement.BETTER), ("low", "higher", Judgement.WORSE), ("neutral", "higher", None),
    ("low", "in_range", Judgement.SAME),
])
def test_facts_band(polarity, kind, judgement):
    fact = indicator_facts(make(polarity, band=Band(kind, kind, None))).first(FactKind.BAND)
    assert fact.judgement is judgement


MONTHS = ["Apr-23", "May-23", "Jun-23", "Jul-23", "Aug-23", "Sep-23"]


def test_facts_streak_of_falls():
    facts = indicator_facts(make("high", current=77.0, series=list(zip(MONTHS, [90, 88, 86, 85, 80, 77]))))
    streak = facts.first(FactKind.STREAK)
    assert streak.direction is Direction.DOWN and streak.length == 5 and streak.judgement is Judgement.WORSE
    assert streak.reference_period.label == "April 2023"


def test_facts_streak_whose_latest_move_is_small_says_so():
    """A run of rises whose last is within tolerance: the sentence before says "much the same",
    so the streak's case says the latest move is small, and its sentence does not contradict it."""
    from narrator.content import select
    from narrator.plan import narrate
    from narrator.model import Scorecard
    small = make("high", current=80.5, series=list(zip(MONTHS, [70, 72, 75, 78, 80, 80.5])))
    [streak] = [m for m in select(indicator_facts(small)) if m.kind == "streak"]
    assert streak.case == "up.small"
    large = make("high", current=84.0, series=list(zip(MONTHS, [70, 72, 75, 78, 80, 84])))
    [streak] = [m for m in select(indicator_facts(large)) if m.kind == "streak"]
    assert streak.case == "up"
    [paragraph] = narrate(Scorecard("t.csv", (small,))).paragraphs
    assert "much the same as 80.0% in August 2023" in paragraph.text
    assert "in a row, if only slightly in the latest month." in paragraph.text \
        or "though the latest rise is small." in paragraph.text


def test_facts_streak_against_the_change_on_the_year_says_both():
    """Down on a year earlier but up in each recent month: the streak's sentence says both, so the
    paragraph does not read "fell ..." then "the fourth consecutive month of increase"."""
    from narrator.content import select
    from narrator.model import Scorecard
    from narrator.plan import narrate
    card = make("high", current=84.0, previous=90.0, series=list(zip(MONTHS, [70, 72, 75, 78, 80, 84])))
    [streak] = [m for m in select(indicator_facts(card)) if m.kind == "streak"]
    assert streak.case == "up.against"
    [paragraph] = narrate(Scorecard("t.csv", (card,))).paragraphs
    assert "from 90.0% in September 2022 to 84.0% in September 2023" in paragraph.text
    assert "It has risen in each of the last five months, though it is lower than a year earlier." in paragraph.text
    same_way = make("high", current=84.0, previous=60.0, series=list(zip(MONTHS, [70, 72, 75, 78, 80, 84])))
    [streak] = [m for m in select(indicator_facts(same_way)) if m.kind == "streak"]
    assert streak.case == "up"


def test_facts_no_streak_when_short():
    facts = indicator_facts(make("high", current=77.0, series=list(zip(MONTHS, [90, 70, 86, 85, 80, 77]))))
    assert facts.first(FactKind.STREAK).length == 3
    facts = indicator_facts(make("high", current=81.0, series=list(zip(MONTHS, [90, 70, 86, 85, 80, 81]))))
    assert facts.first(FactKind.STREAK) is None


def test_facts_volatile_series_has_its_range_and_no_trend_sentence():
    months = ["Apr-23", "May-23", "Jun-23", "Jul-23", "Aug-23", "Sep-23", "Oct-23"]
    facts = indicator_facts(make("high", current=72.0, period="Oct-23",
                                 series=list(zip(months, [80, 70, 82, 69, 81, 68, 72]))))
    volatile = facts.first(FactKind.VOLATILE)
    assert volatile is not None and volatile.length == 6
    assert (volatile.value.value, volatile.value.period.label) == (82, "June 2023")
    assert (volatile.reference.value, volatile.reference.period.label) == (68, "September 2023")
    from narrator.content import select
    kinds = [m.kind for m in select(facts)]
    assert "volatile" in kinds and "trend" not in kinds
    # small wobbles within tolerance are not volatility
    steady = indicator_facts(make("high", current=80.0, period="Oct-23",
                                  series=list(zip(months, [80, 80.5, 80, 80.5, 80, 80.5, 80]))))
    assert steady.first(FactKind.VOLATILE) is None


def test_facts_extreme_highest_since():
    months = [f"{m}-22" for m in ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]] + \
             [f"{m}-23" for m in ["Jan", "Feb", "Mar"]]
    values = [95, 60, 61, 62, 58, 57, 59, 63, 64, 62, 61, 70]
    facts = indicator_facts(make("high", current=70.0, period="Mar-23", series=list(zip(months, values))))
    extreme = next(f for f in facts.all(FactKind.EXTREME) if f.direction is Direction.UP)
    assert extreme.reference_period.label == "April 2022" and extreme.status == "since" and extreme.length == 11


def test_facts_trend_and_jump():
    months = [f"{m}-23" for m in ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep"]]
    values = [50, 51, 50, 51, 50, 51, 50, 51, 80]
    facts = indicator_facts(make("neutral", unit=Unit.COUNT, current=80, decimals=0,
                                 series=list(zip(months, values))))
    assert facts.first(FactKind.JUMP) is not None
    assert facts.first(FactKind.TREND).direction is Direction.UP


def test_facts_rolling_6_against_12_months():
    facts = indicator_facts(make("neutral", unit=Unit.RATE_PER_10K, current=693, decimals=0,
                                 rolling_12m=val(693), rolling_6m=val(522)))
    rolling = facts.first(FactKind.ROLLING)
    assert rolling.direction is Direction.DOWN and rolling.difference.value == -171 and rolling.judgement is None


def test_facts_missing_latest_is_stated_not_compared():
    ind = make("high", current=None, series=list(zip(MONTHS, [16, 15, 18, 16, None, None])))
    facts = indicator_facts(ind)
    kinds = [f.kind for f in facts.facts]
    assert FactKind.MISSING in kinds and FactKind.CHANGE_YEAR not in kinds and FactKind.TARGET not in kinds
    last = facts.first(FactKind.LAST_AVAILABLE)
    assert last.value.value == 16 and last.period.label == "July 2023"


def test_facts_values_compared_as_displayed():
    # 84.96 shows as 85.0 at one decimal place: against a target of 85 it is met, as the reader sees it
    target = Target(TargetKind.VALUE, 85, 85, "85%", None, 0)
    facts = indicator_facts(make("high", current=84.96, target=target, decimals=1))
    assert facts.first(FactKind.TARGET).status == "met"


def test_facts_custom_tolerances():
    tol = Tolerances(by_unit=((Unit.PERCENT, 0.1, 0.0),))
    facts = indicator_facts(make("high", current=65.2, previous=65.9), tol)
    assert facts.first(FactKind.CHANGE_YEAR).direction is Direction.DOWN


# Paper 004's indicators in the canonical layout, read as the paper's footnote says: rows 1 to 7
# against the council's last published figure (2021/22), rows 8 to 12 against the ChAT figure of
# twelve months earlier. Expected values follow the paper's own analysis column.
PAPER_004 = """\
ref,indicator,unit,polarity,previous_year,current,target,statistical_neighbours,england,band
1,"Referrals received (annual rate per 10,000 of children)",rate_per_10k,neutral,768,693,650,579,538,Higher
2,Referrals to social care that were within 12 months of a previous referral (%),percent,low,19,26.9,22,21,20,In range
4,Assessments completed within 45 working days (%),percent,high,79,65.2,84,89,84,In range
6,Percentage of agency social workers (%) in workforce,percent,low,50,49,20,,,
7,Number of children cared for in unregulated and unregistered placements,count,low,38,27,19,,,
9,Initial Child Protection Conferences held within 15 working days of the start of the section 47 enquiry (%),percent,high,92,70,,82,79,Lower
10,"Children in need (snapshot rate per 10,000 children)",rate_per_10k,neutral,443,354,,382,334,Higher
11,"Children who are the subject of a child protection plan (snapshot rate per 10,000 children)",rate_per_10k,neutral,70,58,,50,42,Higher
12,Children who became the subject of a CP plan for a second or subsequent time (%),percent,low,15,25,,25,23,In range
"""


@pytest.mark.parametrize("ref,direction,judgement,relations,target", [
    # "fallen ... to 693"; a volume, so no judgement; above SN and England ("higher")
    ("1", "down", None, {"statistical_neighbours": "above", "england": "above"}, None),
    # "26.9% is above last published rate of 19%", above the 22% target
    ("2", "up", "worse", {"statistical_neighbours": "above", "england": "above"}, "missed"),
    # "continue to fall", below benchmarks and target
    ("4", "down", "worse", {"statistical_neighbours": "below", "england": "below"}, "missed"),
    # "very slight progress": a 1 point change is within the 1 point tolerance
    ("6", "same", None, {}, "missed"),
    # "steady progress ... moving towards the target of 19"
    ("7", "down", "better", {}, "missed"),
    # "has fallen ... would remain lower than benchmarking groups"
    ("9", "down", "worse", {"statistical_neighbours": "below", "england": "below"}, None),
    # "has fallen ... lower than statistical neighbours"
    ("10", "down", None, {"statistical_neighbours": "below", "england": "above"}, None),
    # "continued to fall ... slightly above statistical neighbours"
    ("11", "down", None, {"statistical_neighbours": "above", "england": "above"}, None),
    # "an increase in recent months ... the same range as statistical neighbours"
    ("12", "up", "worse", {"statistical_neighbours": "in_line", "england": "above"}, None),
])
def test_facts_canonical_paper_004_match_the_papers_analysis(write_csv, run_cli, ref, direction, judgement,
                                                             relations, target):
    import json
    code, out, err = run_cli("facts", write_csv(PAPER_004), "--period", "September 2023")
    assert code == 0, err
    ind = next(i for i in json.loads(out)["indicators"] if i["ref"] == ref)
    assert ind["direction"] == direction and ind["judgement"] == judgement
    assert {k: v["relation"] for k, v in ind["comparisons"].items()} == relations
    assert (ind["target"] or {}).get("status") == target
