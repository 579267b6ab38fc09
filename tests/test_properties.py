"""Property tests: every number in generated text is traceable to the input, and judgement
words always agree with polarity."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrator.load import load_scorecard
from narrator.numbers import round_half_up
from narrator.plan import narrate
from narrator.realise import contract, load_phrasebank, subject

from .traceability import derivable, write_card

UNITS = {"percent": (0.0, 100.0, 1), "count": (0, 5000, 0), "rate_per_10k": (0.0, 900.0, 1)}
MONTHS = ["Apr-23", "May-23", "Jun-23", "Jul-23", "Aug-23", "Sep-23"]
NUMBER = re.compile(r"(?<![\w/])£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


@st.composite
def scorecards(draw):
    rows = []
    n = draw(st.integers(1, 4))
    for i in range(n):
        unit = draw(st.sampled_from(sorted(UNITS)))
        low, high, decimals = UNITS[unit]
        def value():
            x = draw(st.floats(low, high, allow_nan=False))
            return round(x, decimals) if decimals else int(x)
        polarity = draw(st.sampled_from(["high", "low", "neutral"]))
        series = [draw(st.one_of(st.just("n/a"), st.builds(value))) if draw(st.booleans()) else value()
                  for _ in MONTHS]
        previous = value() if draw(st.booleans()) else ""
        target = ""
        kind = draw(st.sampled_from(["none", "value", "range", "below"]))
        if kind == "value":
            target = str(value())
        elif kind == "range":
            a, b = sorted([value(), value()])
            target = f"{a}-{b}"
        elif kind == "below":
            target = f"<{value()}"
        england = value() if draw(st.booleans()) else ""
        sn = value() if draw(st.booleans()) else ""
        band = draw(st.sampled_from(["", "Higher", "Lower", "In range"]))
        rows.append([f"R{i}", f"Measure number {i}", unit, polarity, previous, target, band, sn, england,
                     *series])
    return rows


HEADER = ["ref", "indicator", "unit", "polarity", "previous_year", "target", "band",
          "statistical_neighbours (2021/22)", "england (2021/22)", *MONTHS]


def _inputs(rows, decimals_of):
    """Every figure in the input, rounded as displayed, and every difference and relative change
    between two of them: the values a number in the text may take."""
    allowed = set()
    for row in rows:
        allowed |= derivable(row[4:], decimals_of[row[0]])
    return allowed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rows=scorecards())
def test_properties_numbers_traceable_and_judgements_follow_polarity(tmp_path_factory, rows):
    card = load_scorecard(write_card(tmp_path_factory.mktemp("p") / "card.csv", HEADER, rows))
    commentary = narrate(card)
    pb = load_phrasebank()
    decimals_of = {i.ref: i.decimals for i in card.indicators}
    allowed = _inputs(rows, decimals_of)
    by_ref = {r[0]: r for r in rows}
    for p in commentary.paragraphs:
        ind = p.indicator
        for s in p.sentences:
            name = subject(ind, pb)
            text = contract(s.text).replace(name, "").replace(name[:1].lower() + name[1:], "")
            text = re.sub(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                          r"December) \d{4}|\d{4}/\d{2}|middle 50(?:%| per cent)", "", text)
            listed = {n.text for n in s.numbers}
            for token in NUMBER.findall(text):
                assert any(token in t for t in listed), (token, s.text)
            for n in s.numbers:
                if n.source.startswith("count("):
                    continue
                assert round_half_up(n.value, 1) in {round_half_up(a, 1) for a in allowed}, (n, s.text)
        # judgement words only with polarity, and never against it
        opening = p.sentences[0].text if p.sentences else ""
        row = by_ref[ind.ref]
        if ind.polarity.value == "neutral":
            assert not re.search(r"improv|worse|better", p.text), p.text
        change = p.facts.first(__import__("narrator.facts", fromlist=["FactKind"]).FactKind.CHANGE_YEAR) or \
            p.facts.first(__import__("narrator.facts", fromlist=["FactKind"]).FactKind.CHANGE_PREVIOUS)
        if change is not None and ("improved" in opening or "improvement" in opening):
            went_up = change.value.value > change.reference.value
            assert went_up == (ind.polarity.value == "high"), (opening, row)
        if change is not None and ("worsened" in opening or "worse than" in opening):
            went_up = change.value.value > change.reference.value
            assert went_up == (ind.polarity.value == "low"), (opening, row)


def test_round_half_up_takes_figures_wider_than_decimals_default_precision():
    from narrator.numbers import round_half_up

    assert round_half_up(1e28, 0) == 1e28
    assert round_half_up(1.5e30, 2) == 1.5e30
    assert round_half_up(-2.5, 0) == -3.0 and round_half_up(0.125, 2) == 0.13


def _decimal_half_up(value: float, decimals: int) -> float:
    """The definition round_half_up keeps to: the shortest repr, rounded half away from zero."""
    from decimal import ROUND_HALF_UP, Context, Decimal

    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP, context=Context(prec=1000)))


@st.composite
def figures_to_round(draw):
    """Values as the engine rounds them: figures as written, their differences and relative
    changes, exact ties ("2.675", "0.125") and anything else a float can be."""
    decimals = draw(st.integers(0, 6))
    kind = draw(st.sampled_from(["any", "written", "difference", "relative", "tie"]))
    if kind == "any":
        return draw(st.floats(allow_nan=False, allow_infinity=False)), decimals
    written = lambda: round(draw(st.floats(-1e7, 1e7)), draw(st.integers(0, 3)))  # noqa: E731
    if kind == "written":
        return written(), decimals
    a, b = written(), written()
    if kind == "difference":
        return a - b, decimals
    if kind == "relative":
        return (a - b) / (abs(b) or 1.0) * 100, decimals
    k = draw(st.integers(-10**9, 10**9))
    return (k + 0.5) / 10 ** decimals, decimals


@settings(max_examples=3000, deadline=None)  # 3,000 examples a run (besides the fixed ones below)
@given(figures_to_round())
def test_round_half_up_is_decimal_half_up_of_the_repr(case):
    value, decimals = case
    assert repr(round_half_up(value, decimals)) == repr(_decimal_half_up(value, decimals)), case


def test_round_half_up_shortcuts_agree_at_their_edges():
    edges = [(2.675, 2), (0.125, 2), (-2.5, 0), (-0.04, 1), (-0.0, 0), (81.40000000000001, 1),
             (99999999.5, 0), (100000000.5, 0), (999999999999999.9, 0), (1e15, 0), (4503599627370495.5, 0),
             (0.1 + 0.2, 1), (84, 1), (-7, 0), (1.005, 2), (1.0049999999999999, 2), (5e-324, 6), (1.7976931348623157e308, 0)]
    for value, decimals in edges:
        assert repr(round_half_up(value, decimals)) == repr(_decimal_half_up(value, decimals)), (value, decimals)
