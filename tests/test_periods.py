from datetime import date

import pytest

from narrator.model import PeriodKind
from narrator.periods import find_period, next_period, parse_period, year_before


@pytest.mark.parametrize("text,label,kind", [
    ("Apr-23", "April 2023", PeriodKind.MONTH),
    ("Sep- 23", "September 2023", PeriodKind.MONTH),
    ("Sept 23", "September 2023", PeriodKind.MONTH),
    ("September 2023", "September 2023", PeriodKind.MONTH),
    ("Jan-2024", "January 2024", PeriodKind.MONTH),
    ("2023-09", "September 2023", PeriodKind.MONTH),
    ("Q2 2023/24", "Q2 2023/24", PeriodKind.QUARTER),
    ("Q1 23/24", "Q1 2023/24", PeriodKind.QUARTER),
    ("Quarter 4 2023-24", "Q4 2023/24", PeriodKind.QUARTER),
    ("Q2 2023", "Q2 2023", PeriodKind.CALENDAR_QUARTER),
    ("2022/23", "2022/23", PeriodKind.FINANCIAL_YEAR),
    ("22/23", "2022/23", PeriodKind.FINANCIAL_YEAR),
    ("2021-22", "2021/22", PeriodKind.FINANCIAL_YEAR),
    ("Year end 2023-24", "2023/24", PeriodKind.FINANCIAL_YEAR),
    ("FY 2023/24", "2023/24", PeriodKind.FINANCIAL_YEAR),
    ("2023", "2023", PeriodKind.CALENDAR_YEAR),
    # a date header saved as CSV, day first: its month
    ("01/09/2023", "September 2023", PeriodKind.MONTH),
    ("30/06/2023", "June 2023", PeriodKind.MONTH),
    ("30.06.2023", "June 2023", PeriodKind.MONTH),
    ("09/2023", "September 2023", PeriodKind.MONTH),
    ("FY23/24", "2023/24", PeriodKind.FINANCIAL_YEAR),
    ("2023/24 Q1", "Q1 2023/24", PeriodKind.QUARTER),
    ("2023-24 Quarter 3", "Q3 2023/24", PeriodKind.QUARTER),
    ("Q1 (Apr-Jun) 2023/24", "Q1 2023/24", PeriodKind.QUARTER),
])
def test_periods_parse(text, label, kind):
    period = parse_period(text)
    assert period is not None and period.label == label and period.kind is kind


@pytest.mark.parametrize("text", ["20-24", "19-21", "eighty", "", "Indicator", "81.4%", "1,119", "Q5 2023/24",
                                  "2022/24", "15/02/24x", "5/17/2018", "13/2023", "1/2/3/2023", "FYI", "2022/23 Q5"])
def test_periods_reject(text):
    assert parse_period(text) is None


def test_periods_quarter_dates():
    q2 = parse_period("Q2 2023/24")
    assert (q2.start, q2.end) == (date(2023, 7, 1), date(2023, 9, 30))
    q4 = parse_period("Q4 2023/24")
    assert (q4.start, q4.end) == (date(2024, 1, 1), date(2024, 3, 31))


def test_periods_order_month_before_year_ending_with_it():
    ordered = sorted(parse_period(t) for t in ["2023/24", "Mar-24", "Q4 2023/24", "Apr-23", "2022/23"])
    assert [p.label for p in ordered] == ["2022/23", "April 2023", "March 2024", "Q4 2023/24", "2023/24"]


def test_periods_from_excel_date_cell():
    from datetime import datetime
    assert parse_period(datetime(2023, 4, 1)).label == "April 2023"


@pytest.mark.parametrize("text,label", [
    ("** snapshot at end of September 2023", "September 2023"),
    ("Latest published statistics for LAs (2021-22)", "2021/22"),
    ("Data as at Q2 2023/24", "Q2 2023/24"),
])
def test_periods_found_in_text(text, label):
    assert find_period(text)[0].label == label


def test_periods_year_before_and_next():
    assert year_before(parse_period("Sep-23")).label == "September 2022"
    assert year_before(parse_period("Q1 2023/24")).label == "Q1 2022/23"
    assert year_before(parse_period("2023/24")).label == "2022/23"
    assert next_period(parse_period("Dec-23")).label == "January 2024"
    assert next_period(parse_period("Q4 2023/24")).label == "Q1 2024/25"


def test_periods_a_date_in_figures_is_read_only_as_a_whole_cell():
    """A header "01/09/2023" is the month; in a title, "Produced 05/04/2024" is when the paper was made."""
    assert parse_period("05/04/2024").label == "April 2024"
    assert find_period("Children's scorecard, produced 05/04/2024") is None  # as before: not April 2024
    assert find_period("Produced 05/04/2024 for September 2023")[0].label == "September 2023"
