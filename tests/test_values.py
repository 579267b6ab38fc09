import pytest

from narrator.columns import load_vocabulary
from narrator.model import Relation, TargetKind
from narrator.values import ValueProblem, parse_relation_cell, parse_target, parse_value

VOCAB = load_vocabulary()


@pytest.mark.parametrize("raw,number,decimals,percent", [
    ("81.4%", 81.4, 1, True),
    ("1,119", 1119.0, 0, False),
    ("65.6", 65.6, 1, False),
    ("-14.1%", -14.1, 1, True),
    ("−3", -3.0, 0, False),
    ("£1,200.50", 1200.5, 2, False),
    ("12 per cent", 12.0, 0, True),
    (" 7 ", 7.0, 0, False),
    (1119, 1119.0, 0, False),
    (26.9, 26.9, 1, False),
])
def test_values_numbers(raw, number, decimals, percent):
    value = parse_value(raw, None, VOCAB)
    assert (value.number, value.decimals, value.percent_sign) == (number, decimals, percent)


@pytest.mark.parametrize("raw,fmt,number,decimals", [
    (0.814, "0.0%", 81.4, 1),
    (0.911, "0.0%", 91.1, 1),
    (0.22, "0%", 22.0, 0),
    (1, "0%", 100.0, 0),
    (0.0325, "0.00%", 3.25, 2),
])
def test_values_percent_formatted_excel_cells_store_the_shown_percentage(raw, fmt, number, decimals):
    value = parse_value(raw, None, VOCAB, fmt)
    assert value.number == number and value.decimals == decimals and value.percent_sign


@pytest.mark.parametrize("raw,reason", [
    ("n/a", "not applicable"), ("N/A", "not applicable"), ("-", "no figure given"),
    ("Not Yet Available", "not yet available"), ("x", "suppressed"), ("c", "suppressed"),
    ("[c]", "suppressed"), ("[x]", "not available"), ("*", "suppressed"), ("", "blank"), (None, "blank"),
])
def test_values_missing_markers_load_as_missing_with_reason(raw, reason):
    value = parse_value(raw, None, VOCAB)
    assert value.is_missing and value.missing == reason


@pytest.mark.parametrize("raw", ["eighty", "81.4.2", "12 children", "1,11,9", True])
def test_values_text_where_a_number_is_required_is_an_error(raw):
    with pytest.raises(ValueProblem) as err:
        parse_value(raw, None, VOCAB)
    assert "81.4" in err.value.expected


@pytest.mark.parametrize("raw,number,percent", [
    ("85% (p)", 85.0, True), ("85 (P)", 85.0, False), ("85% (provisional)", 85.0, True), ("1,119*", 1119.0, False),
    ("85% r", 85.0, True), ("62.4%†", 62.4, True),
])
def test_values_a_marker_after_a_figure_is_read_past(raw, number, percent):
    value = parse_value(raw, None, VOCAB)
    assert (value.number, value.percent_sign, value.raw) == (number, percent, raw)


@pytest.mark.parametrize("raw", ["<5", "< 10", "≤3", "<0.5%"])
def test_values_a_bound_in_place_of_a_figure_is_suppressed(raw):
    value = parse_value(raw, None, VOCAB)
    assert value.number is None and value.missing == "suppressed" and value.raw == raw


@pytest.mark.parametrize("raw", ["12.5p", "85%p", "(85%)", "85% (p", "<five"])
def test_values_not_a_figure_with_a_marker(raw):
    with pytest.raises(ValueProblem):
        parse_value(raw, None, VOCAB)


@pytest.mark.parametrize("raw,kind,low,high", [
    ("85%", TargetKind.VALUE, 85, 85),
    ("20-24%", TargetKind.RANGE, 20, 24),
    ("20 to 24", TargetKind.RANGE, 20, 24),
    ("<5%", TargetKind.BELOW, 5, 5),
    ("<=5", TargetKind.AT_MOST, 5, 5),
    (">= 90%", TargetKind.AT_LEAST, 90, 90),
    ("650", TargetKind.VALUE, 650, 650),
    (650, TargetKind.VALUE, 650, 650),
    # the bound said after the figure, and a remark in brackets after it
    ("85% or above", TargetKind.AT_LEAST, 85, 85),
    ("90%+", TargetKind.AT_LEAST, 90, 90),
    ("10 or fewer", TargetKind.AT_MOST, 10, 10),
    ("5% or less", TargetKind.AT_MOST, 5, 5),
    ("85% (stretch 90%)", TargetKind.VALUE, 85, 85),
    ("20-24% (national range)", TargetKind.RANGE, 20, 24),
    ("at least 85% or more", TargetKind.AT_LEAST, 85, 85),
])
def test_values_targets(raw, kind, low, high):
    target = parse_target(raw, None, VOCAB)
    assert (target.kind, target.low, target.high) == (kind, low, high)


def test_values_target_percent_formatted_and_missing():
    assert parse_target(0.85, None, VOCAB, "0%").low == 85
    assert parse_target("-", None, VOCAB) is None
    assert parse_target(None, None, VOCAB) is None
    with pytest.raises(ValueProblem):
        parse_target("reduce by half", None, VOCAB)
    for text in ("85% or thereabouts", "85% (", "or above 85%"):
        with pytest.raises(ValueProblem):
            parse_target(text, None, VOCAB)


@pytest.mark.parametrize("raw,relation,number,period", [
    ("Above", Relation.ABOVE, None, None),
    ("below", Relation.BELOW, None, None),
    ("Similar", Relation.IN_LINE, None, None),
    ("▲", Relation.ABOVE, None, None),
    ("10.3% ▲ Above", Relation.ABOVE, 10.3, None),
    ("414 (21/22) ▲ Above", Relation.ABOVE, 414.0, "2021/22"),
    ("16.4 ▼ Below", Relation.BELOW, 16.4, None),
])
def test_values_relation_cells(raw, relation, number, period):
    cell = parse_relation_cell(raw, None, VOCAB)
    assert cell.relation is relation
    assert (cell.value.number if cell.value else None) == number
    assert (cell.period.label if cell.period else None) == period


def test_values_relation_cell_missing_and_bad():
    assert parse_relation_cell("N/A", None, VOCAB) is None
    with pytest.raises(ValueProblem):
        parse_relation_cell("see commentary", None, VOCAB)
