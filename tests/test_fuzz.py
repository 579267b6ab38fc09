"""Fuzzing (issue 7, part 4): random cells, periods, CSV files and narrative text never end in an
unhandled exception. Each either succeeds or raises a NarratorError (the CLI's one-line error).

The number of examples each test runs is its ``max_examples``:

=====================================  ========
test                                   examples
=====================================  ========
test_parse_value_text                       500
test_parse_value_cells                      400
test_parse_target                           400
test_parse_relation_cell                    400
test_parse_period                           500
test_find_period                            500
test_load_random_csv                        150
test_report_from_random_csv                  60
test_extract_random_text                    300
test_extract_non_ascii_letter_after_a_figure 100
test_extract_random_text_in_parts           200
=====================================  ========
"""

from __future__ import annotations

import csv
import io
import math

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from narrator.columns import load_vocabulary
from narrator.errors import NarratorError
from narrator.model import Period, Value
from narrator.periods import find_period, parse_period
from narrator.values import ValueProblem, parse_relation_cell, parse_target, parse_value

VOCAB = load_vocabulary()

# Pieces of the things councils write in cells and reports, to be glued together at random with
# arbitrary unicode, so that examples come near the parsers' real paths as well as far from them.
PIECES = st.sampled_from([
    "0", "1", "7", "12", "99", "100", "1,119", "81.4", "0.5", ".5", "1,2", "12345678901234567890",
    "9" * 400, "1e400", "inf", "nan", "%", " per cent", "percent", "£", "-", "−", "–", "—", "+", ".",
    ",", "/", "'", " ", "\u00a0", "\t", "\n", "(", ")", "Q", "Q2", "q4", "quarter ", "Sep", "sept",
    "September", "Apr-", "2023", "2099", "1900", "23/24", "99/00", "2022-23", "2023-09", "FY ",
    "year end ", "as at the end of ", "n/a", "N/A", "x", "c", "*", "<", ">=", "≤", "up to ", " to ",
    "above", "Below", "similar", "▲", "▼", "ſ", "İ", "K", "٣", "١٢", "𝟗", "²", "\ufeff", "\x00",
    "{{ 7*7 }}", "=1+2", "@SUM(A1)", "<script>", "rate per 10,000", "per 1,000",
])
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=10).map("".join),
)
FORMATS = st.sampled_from([None, "General", "0", "0.0", "0.0%", "0%", "#,##0", "#,##0.00", "0.000000000",
                           "£#,##0.00", "mmm-yy", "@", ""])


def _value_ok(value: Value) -> None:
    assert isinstance(value, Value)
    assert value.number is None or math.isfinite(value.number)


def _parsed(parse, cell, fmt):
    """``parse(cell)``, or None when it raises ValueProblem (which must say what was expected)."""
    try:
        return parse(cell, None, VOCAB, fmt)
    except ValueProblem as exc:
        assert exc.problem and exc.expected and "\n" not in exc.problem
        return None


@settings(max_examples=500, deadline=None)
@given(TEXT, FORMATS)
@example("9" * 400, None)
@example("1e400", None)
def test_parse_value_text(text, fmt):
    value = _parsed(parse_value, text, fmt)
    if value is not None:
        _value_ok(value)


CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10 ** 400), max_value=10 ** 400),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.datetimes(), st.times(), TEXT,
)


@settings(max_examples=400, deadline=None)
@given(CELLS, FORMATS)
@example(10 ** 400, None)
@example(float("inf"), "0.0%")
@example(1e308, "0.0%")
def test_parse_value_cells(cell, fmt):
    value = _parsed(parse_value, cell, fmt)
    if value is not None:
        _value_ok(value)


@settings(max_examples=400, deadline=None)
@given(CELLS, FORMATS)
@example("1" * 300 + " - " + "2", None)
@example("<" + "9" * 400 + "%", None)
def test_parse_target(cell, fmt):
    target = _parsed(parse_target, cell, fmt)
    if target is not None:
        assert math.isfinite(target.low) and math.isfinite(target.high) and target.low <= target.high


@settings(max_examples=400, deadline=None)
@given(CELLS, FORMATS)
@example("9" * 400 + " ▲ Above", None)
@example("10.3% (2021/22) ▲ Above", None)
def test_parse_relation_cell(cell, fmt):
    found = _parsed(parse_relation_cell, cell, fmt)
    if found is not None and found.value is not None:
        _value_ok(found.value)


def _period_ok(period: Period, text: bool = True) -> None:
    assert isinstance(period, Period) and period.start <= period.end
    if text:  # a period read from text has a label that reads back as the same period
        assert parse_period(period.label) == period


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXT, st.dates(), st.datetimes(), st.integers(), st.none()))
@example("ſep 2023")
@example("Q1 99/00")
def test_parse_period(value):
    period = parse_period(value)
    if period is not None:
        _period_ok(period, text=isinstance(value, str))


@settings(max_examples=500, deadline=None)
@given(TEXT)
@example("In ſept 23 the figure was 12%")
@example("snapshot at end of İapril 2023")
def test_find_period(text):
    found = find_period(text)
    if found is not None:
        period, (start, end) = found
        assert 0 <= start < end <= len(text)
        _period_ok(period)


# ---------------------------------------------------------------------------------------------
# The CSV loader, with random headers and cells

HEADERS = st.one_of(st.sampled_from([
    "ref", "indicator", "Indicator", "PI", "measure", "current", "Current", "latest", "target", "Target",
    "unit", "polarity", "Polarity", "theme", "RAG", "DoT", "direction of travel", "notes", "decimals",
    "previous year", "current_period", "England", "Stat neighbours", "North West", "England relation",
    "vs England", "rolling 12 months", "band", "Apr-23", "May-23", "Q2 2023/24", "2022/23", "2023",
    "", "\ufeffref",
]), TEXT)
CSV_CELLS = st.one_of(PIECES, TEXT, st.floats(allow_nan=False, allow_infinity=False).map(str),
                      st.integers(-10 ** 6, 10 ** 6).map(str))
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])


FIGURES = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: f"{x:.{abs(int(x)) % 4}f}"),
    st.integers(-10 ** 6, 10 ** 6).map(lambda n: f"{n:,}"),
    st.floats(0, 100, allow_nan=False).map(lambda x: f"{x:.1f}%"),
    st.sampled_from(["", "n/a", "-", "x", "c", "*", "NYA", "Not Yet Available", "Above", "Below", "high", "low",
                     "neutral", "percent", "count", "R", "A", "G", "↑", "Improving", "<5%", "20-24%", "2022/23",
                     "September 2023", "0.0"]),
)
KNOWN = ["ref", "indicator", "current", "target", "unit", "polarity", "theme", "RAG", "DoT", "notes", "decimals",
         "previous year", "current_period", "England", "England relation", "Stat neighbours", "band",
         "rolling 12 months", "Apr-23", "May-23", "Q2 2023/24", "2022/23"]


@st.composite
def csv_files(draw) -> bytes:
    """A small CSV: either anything at all, or a table narrator can find with odd cells in it."""
    width = draw(st.integers(1, 7))
    if draw(st.integers(0, 2)) == 0:
        headers = draw(st.lists(HEADERS, min_size=width, max_size=width))
        rows = draw(st.lists(st.lists(CSV_CELLS, max_size=width + 1), max_size=6))
    else:
        headers = ["indicator"] + draw(st.lists(st.sampled_from(KNOWN), min_size=1, max_size=width, unique=True))
        names = st.one_of(st.sampled_from(["Open cases", "Re-referrals (%)", "Rate per 10,000", "{{ 7*7 }}",
                                           "<script>alert(1)</script>", "=HYPERLINK(\"x\")"]), TEXT)
        cells = st.one_of(FIGURES, FIGURES, FIGURES, CSV_CELLS)
        rows = draw(st.lists(st.tuples(names, st.lists(cells, min_size=len(headers) - 1,
                                                       max_size=len(headers) - 1)), min_size=1, max_size=6))
        rows = [[name, *rest] for name, rest in rows]
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(headers)
    writer.writerows(rows)
    encoding = draw(ENCODINGS)
    return buffer.getvalue().encode(encoding, errors="replace")


FUZZ_FILE = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                           HealthCheck.too_slow, HealthCheck.data_too_large])


def _load(folder, data: bytes):
    """The scorecard in ``data``, or None when narrator refuses it with a one-line error."""
    from narrator.load import load_scorecard

    path = folder / "fuzz.csv"
    path.write_bytes(data)
    try:
        card = load_scorecard(path)
    except NarratorError as exc:
        assert "\n" not in str(exc)
        event(f"refused: {type(exc).__name__}")
        return None
    event("loaded")
    return card


@settings(FUZZ_FILE, max_examples=150)
@given(data=csv_files())
def test_load_random_csv(tmp_path, data):
    card = _load(tmp_path, data)
    for ind in card.indicators if card else ():
        for value in (ind.current, ind.previous_year):
            if value is not None:
                _value_ok(value)


@settings(FUZZ_FILE, max_examples=60)
@given(data=csv_files())
def test_report_from_random_csv(tmp_path, data):
    """What loads also narrates: the report and its Markdown come out without an exception."""
    from narrator.plan import report
    from narrator.write import commentary_markdown

    card = _load(tmp_path, data)
    if card is not None:
        assert isinstance(commentary_markdown(report(card)), str)


# ---------------------------------------------------------------------------------------------
# Extraction over random text

NARRATIVE = st.lists(st.one_of(PIECES, TEXT, st.sampled_from([
    "The rate fell to ", "against a target of ", "compared with ", " in ", " of ", " children",
    " out of ", "increased by ", " percentage points", "England average", ". ", "\n\n", "(", ")",
])), max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NARRATIVE)
@example("Re-referrals fell to 18.2% in ſept 2023 against a target of 20%.")
@example("9" * 400 + "% of children")
def test_extract_random_text(text):
    from narrator.extract import extract_text

    try:
        found = extract_text(text, "<fuzz>")
    except NarratorError:
        return
    for figure in found.figures:
        data = figure.to_json()
        assert 0 <= data["start"] <= data["end"] <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["0º", "5ª", "12é", "The rate was 5%é."]) | st.tuples(
    st.integers(0, 999), st.characters(categories=["Ll", "Lu", "Lo"], min_codepoint=0x80)).map(
    lambda t: f"{t[0]}{t[1]}"))
@example("0º")
def test_extract_non_ascii_letter_after_a_figure(text):
    """Found by this fuzzing: a non-ASCII letter straight after a figure crashed extraction (fixed
    in extract.py by df7bff7)."""
    from narrator.extract import extract_text

    extract_text(text, "<fuzz>")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NARRATIVE, st.integers(min_value=2, max_value=120))
def test_extract_random_text_in_parts(text, size):
    """A text read a part at a time (parts of ``size`` characters, as a long report is): the parts
    cover the text end to end, and every figure's offsets and links point into the whole text."""
    from narrator import extract

    parts = extract._parts(text, size)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(0 < e - s <= size or len(text) == 0 for s, e in parts)
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))
    old = extract.PART_CHARS
    extract.PART_CHARS = size
    try:
        found = extract.extract_text(text, "<fuzz>")
    except NarratorError:
        return
    finally:
        extract.PART_CHARS = old
    for figure in found.figures:
        assert text[figure.start:figure.end] == figure.text
        for link in (figure.numerator, figure.denominator, figure.part_of):
            assert link is None or 0 <= link < len(found.figures)
