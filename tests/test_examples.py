"""The bundled examples load with the figures the reference papers print (spot checks), and each
council-layout workbook agrees with its canonical CSV."""

import pytest

from narrator.load import load_scorecard
from narrator.model import Polarity, Relation, TargetKind, Unit

from .conftest import EXAMPLES

MONTHLY = EXAMPLES / "monthly_scorecard_2023_09"
QUARTERLY = EXAMPLES / "quarterly_scorecard_2023_q2"
DASHBOARD = EXAMPLES / "childrens_dashboard_2024_01"
PAIRS = [MONTHLY, QUARTERLY, DASHBOARD]


def mapping(stem):
    """The example's own --columns mapping file, when it has one."""
    path = stem.with_suffix(".columns.yml")
    return path if path.exists() else None


@pytest.fixture(scope="module")
def monthly():
    return load_scorecard(MONTHLY.with_suffix(".xlsx"))


@pytest.fixture(scope="module")
def quarterly():
    return load_scorecard(QUARTERLY.with_suffix(".xlsx"), columns=mapping(QUARTERLY))


@pytest.fixture(scope="module")
def dashboard():
    return load_scorecard(DASHBOARD.with_suffix(".xlsx"))


def test_examples_monthly_scorecard_paper_002(monthly):
    assert monthly.period.label == "September 2023"
    assert monthly.themes == ("Front door", "Child in need", "Cared for children",
                              "Safeguarding and quality assurance")
    cin8 = monthly.indicator("CIN8")
    assert cin8.current.number == 84 and cin8.previous_year.number == 76 and cin8.target.low == 85
    assert [p.value.number for p in cin8.series] == [88.0, 87.1, 93.9, 87.0, 81.0]
    assert cin8.comparator("greater_manchester").value.number == 81
    assert cin8.comparator("north_west").period.label == "2020/21"
    assert cin8.comparator("england").value.number == 84 and cin8.unit is Unit.PERCENT
    assert cin8.polarity is Polarity.HIGH and cin8.rag.value == "G"
    cin4 = monthly.indicator("CIN4")
    assert cin4.target.kind is TargetKind.RANGE and (cin4.target.low, cin4.target.high) == (20, 24)
    assert cin4.current.number == 24 and cin4.polarity is Polarity.LOW
    fd1 = monthly.indicator("FD1")
    assert fd1.current.number == 1265 and fd1.previous_year.number == 1350 and fd1.theme == "Front door"
    assert fd1.current_period.label == "September 2023" and fd1.polarity is Polarity.NEUTRAL
    sg16 = monthly.indicator("SG16")
    assert sg16.current.is_missing and sg16.current.missing == "not yet available"
    cin2 = monthly.indicator("CIN2")
    assert cin2.unit is Unit.RATE_PER_10K and cin2.current.number == 541 and cin2.target.low == 612


def test_examples_quarterly_scorecard_paper_004(quarterly):
    assert quarterly.period.label == "September 2023" and len(quarterly.indicators) == 12
    one = quarterly.indicator("1")
    assert one.current.number == 693 and one.rolling_6m.number == 522 and one.target.low == 650
    assert one.previous_year.number == 768 and one.previous_year_period.label == "2021/22"
    assert one.comparator("statistical_neighbours").value.number == 579
    assert one.comparator("england").period.label == "2021/22"
    assert one.polarity is Polarity.NEUTRAL and one.band.kind == "higher"
    four = quarterly.indicator("4")
    assert four.current.number == 65.2 and four.rolling_6m.number == 55 and four.target.low == 84
    assert four.polarity is Polarity.HIGH and four.unit is Unit.PERCENT and four.band.kind == "in_range"
    six = quarterly.indicator("6")
    assert six.current.number == 49 and six.polarity is Polarity.LOW and six.comparator("england") is None
    # rows without * hold the figure of 12 months ago in LA 12m (the example's mapping file says so)
    twelve = quarterly.indicator("12")
    assert twelve.current.number == 25 and twelve.previous_year.number == 15
    assert twelve.previous_year_period.label == "September 2022" and twelve.rolling_12m is None
    assert twelve.comparator("published").value.number == 21 and twelve.direction.value == "up"
    nine = quarterly.indicator("9")
    assert (nine.current.number, nine.previous_year.number) == (70, 92)


def test_examples_quarterly_without_its_mapping_reads_la_12m_as_current():
    plain = load_scorecard(QUARTERLY.with_suffix(".xlsx")).indicator("12")
    assert plain.current.number == 15 and plain.rolling_6m.number == 25


def test_examples_dashboard_paper_000(dashboard):
    assert dashboard.sheets == ("Children's Social Care", "Public Health")
    assert dashboard.themes == ("Children's social care", "Public health")
    cases = next(i for i in dashboard.indicators if i.name == "Number of Open Cases")
    assert cases.current.number == 1630 and cases.current_period.label == "January 2024"
    assert [p.value.number for p in cases.series] == [1784, 1751, 1715, 1732, 1630]
    visits = next(i for i in dashboard.indicators if i.name.startswith("Children on CIN Plans with Statutory"))
    assert visits.unit is Unit.PERCENT and visits.current.number == 76 and visits.comparators == ()
    uasc = next(i for i in dashboard.indicators if i.name == "Number of UASC")
    assert uasc.comparator("north_west").stated_relation is Relation.IN_LINE
    smoking = next(i for i in dashboard.indicators if i.name.startswith("Smoking status"))
    assert smoking.current.number == 12.8 and smoking.current_period.label == "Q2 2023/24"
    assert smoking.previous_year.number == 13.7 and smoking.previous_year_period.label == "2022/23"
    assert smoking.comparator("north_west").value.number == 10.3
    selfharm = next(i for i in dashboard.indicators if i.name.startswith("Hospital admissions for self-harm"))
    assert selfharm.comparator("north_west").value.number == 414
    assert selfharm.unit is Unit.RATE_PER_100K and selfharm.polarity is Polarity.LOW


@pytest.mark.parametrize("stem", PAIRS, ids=lambda p: p.name)
def test_examples_workbook_and_canonical_csv_agree(stem):
    xlsx = load_scorecard(stem.with_suffix(".xlsx"), columns=mapping(stem))
    csv = load_scorecard(stem.with_suffix(".csv"))
    assert len(xlsx.indicators) == len(csv.indicators)
    for a, b in zip(xlsx.indicators, csv.indicators):
        assert a.name.rstrip("*") == b.name.rstrip("*")
        assert (a.current.number if a.current else None) == (b.current.number if b.current else None), a.name
        assert (a.previous_year.number if a.previous_year else None) == \
            (b.previous_year.number if b.previous_year else None), a.name
        assert (a.target.low if a.target else None) == (b.target.low if b.target else None), a.name
        assert a.unit is b.unit and a.polarity is b.polarity, a.name
        assert [p.value.number for p in a.series] == [p.value.number for p in b.series], a.name
        for comp in a.comparators:
            other = b.comparator(comp.id)
            assert other is not None, (a.name, comp.id)
            assert (comp.value.number if comp.value else None) == (other.value.number if other.value else None)


def test_examples_synthetic_scorecard():
    card = load_scorecard(EXAMPLES / "synthetic_150.csv")
    assert len(card.indicators) >= 150
    assert all(len(i.series) == 24 for i in card.indicators)
    assert sum(len(i.missing) for i in card.indicators) > 0
