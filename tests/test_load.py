"""The loader on small scorecards in each layout councils use (the bundled examples are tested in
test_examples.py)."""

import pytest

from narrator.errors import ConfigError, InputError
from narrator.load import load_scorecard
from narrator.model import Polarity, Relation, TargetKind, Unit

CANONICAL = """\
ref,indicator,theme,unit,polarity,previous_year,target,band,statistical_neighbours (2021/22),england (2021/22),north_west_relation,Jul-23,Aug-23,Sep-23,notes
CIN4,Re-referrals within 12 months (%),Front door,percent,low,28,20-24%,In range,18,20,above,22%,20%,n/a,
CIN8,Assessments completed within 45 working days (%),Assessment,percent,high,76,85%,,83,84,,87.0,81.0,84.0,Checked by QA
CIN1,Referrals received (No. month),Front door,count,neutral,280,,,,,,225,278,"1,281",
"""


def test_load_canonical_layout(write_csv):
    card = load_scorecard(write_csv(CANONICAL))
    assert [i.ref for i in card.indicators] == ["CIN4", "CIN8", "CIN1"]
    cin4 = card.indicator("CIN4")
    # no current column: the latest non-missing period is current
    assert cin4.current.number == 20 and cin4.current_period.label == "August 2023"
    assert cin4.current.source.row == 2 and str(cin4.current.source) == "M2"
    assert [p.period.label for p in cin4.series] == ["July 2023", "August 2023", "September 2023"]
    assert cin4.series[-1].value.missing == "not applicable"
    assert cin4.unit is Unit.PERCENT and cin4.polarity is Polarity.LOW and cin4.polarity_from == "sheet"
    assert cin4.target.kind is TargetKind.RANGE and (cin4.target.low, cin4.target.high) == (20, 24)
    assert cin4.previous_year.number == 28 and cin4.previous_year_period.label == "August 2022"
    sn = cin4.comparator("statistical_neighbours")
    assert sn.value.number == 18 and sn.period.label == "2021/22"
    assert cin4.comparator("north_west").stated_relation is Relation.ABOVE
    assert cin4.band.kind == "in_range"
    cin8 = card.indicator("CIN8")
    assert cin8.current.number == 84 and cin8.decimals == 1 and cin8.notes == ("Checked by QA",)
    assert card.indicator("CIN1").current.number == 1281


def test_load_canonical_current_column_and_period(write_csv):
    text = ("ref,indicator,unit,polarity,previous_year,current,current_period,target,statistical_neighbours,england,band\n"
            "1,\"Referrals received (annual rate per 10,000 of children)\",rate_per_10k,neutral,768,693,September 2023,650,579,538,Higher\n")
    ind = load_scorecard(write_csv(text)).indicators[0]
    assert ind.current.number == 693 and ind.current_period.label == "September 2023"
    assert ind.previous_year_period.label == "September 2022"
    assert ind.unit is Unit.RATE_PER_10K and ind.band.kind == "higher"


def test_load_monthly_scorecard_layout_with_sections_and_percent_cells(write_xlsx):
    header = ["Ref", "Indicator", "Apr-23", "May-23", "Current Performance", "Previous Year", "Target",
              "Greater Manchester Average (2021/22)", "North West Average (2020/21)",
              "Statistical Neighbour Average (2021/22)", "England Average (2021/22)", "Last 12 Months",
              "Performance", "Direction of Travel"]
    pct = lambda v: (v, "0%")  # noqa: E731
    rows = [
        ["September 2023"],
        ["CHILDRENS SERVICES PERFORMANCE AND QUALITY ASSURANCE SCORECARD"],
        ["FRONT DOOR - Head of Service - Adolescent Services"],
        header,
        ["CIN4", "Re-referral within 12 months of a previous referral (%)", pct(0.25), pct(0.31), pct(0.24),
         pct(0.28), "20-24%", pct(0.21), pct(0.21), pct(0.18), pct(0.20), None, "G", "↓"],
        ["CIN8", "Child and Family Assessments completed under 45 working days (%)", (0.88, "0.0%"),
         (0.871, "0.0%"), pct(0.84), pct(0.76), pct(0.85), pct(0.81), pct(0.81), pct(0.83), pct(0.84), None,
         "Α", "↑"],
        [],
        ["SAFEGUARDING AND QUALITY ASSURANCE - Head of Service Safeguarding"],
        header,
        ["SG16", "Audits completed (No Month)", 32, 23, "Not Yet Available", 11],
    ]
    card = load_scorecard(write_xlsx({"Scorecard": rows}))
    assert card.period.label == "September 2023"
    assert card.title == "CHILDRENS SERVICES PERFORMANCE AND QUALITY ASSURANCE SCORECARD"
    cin4 = card.indicator("CIN4")
    assert cin4.theme == "Front door" and cin4.unit is Unit.PERCENT
    assert cin4.current.number == 24 and cin4.current_period.label == "September 2023"
    assert [p.value.number for p in cin4.series] == [25, 31]
    assert cin4.previous_year.number == 28 and cin4.previous_year_period.label == "September 2022"
    assert cin4.comparator("north_west").period.label == "2020/21"
    assert cin4.comparator("greater_manchester").value.number == 21
    assert cin4.rag.value == "G" and cin4.direction.value == "down"
    cin8 = card.indicator("CIN8")
    assert cin8.series[1].value.number == 87.1 and cin8.decimals == 1
    assert cin8.rag.value == "A"  # Greek capital alpha read as A
    assert cin8.target.kind is TargetKind.VALUE and cin8.target.low == 85
    sg16 = card.indicator("SG16")
    assert sg16.theme == "Safeguarding and quality assurance"
    assert sg16.current.is_missing and sg16.current.missing == "not yet available"
    assert ("September 2023", sg16.current) in sg16.missing


def test_load_quarterly_scorecard_layout_with_group_header_and_footnotes(write_xlsx):
    rows = [
        ["Sefton Council", None, "Children's Social Care Performance Scorecard"],
        [],
        ["Data as at end of September (Q2)"],
        [],
        ["Key indicator.", None, None, None, None, None, None, "Latest published statistics for LAs (2021-22)"],
        ["No", "Indicator", "LA 12m", "LA 6m", "Target", "Direction of travel", "Low/High is good", "LA", "SN",
         "Eng", "Compared to mid-50% LA", "Analysis"],
        [1, "Referrals received (annual rate per 10,000 of children)*", 693, 522, 650, "↓", "-", 768, 579, 538,
         "Higher", "Our own words."],
        [2, "Referrals to social care that were within 12 months of a previous referral (%)*", 26.9, 25.9, 22,
         "↓", "Low", 19, 21, 20, "In range"],
        [6, "Percentage of agency social workers (%) in workforce**", "-", 49, 20, "↓", "Low", 50, "-", "-", "-"],
        [],
        ["* rolling 12 months figures"],
        ["** snapshot at the end of September 2023"],
    ]
    card = load_scorecard(write_xlsx({"Scorecard": rows}, merges={"Scorecard": ["H5:J5"]}))
    assert card.period.label == "September 2023"
    one = card.indicator("1")
    assert one.name == "Referrals received (annual rate per 10,000 of children)"
    assert one.notes == ("Our own words.", "rolling 12 months figures")
    assert one.polarity is Polarity.NEUTRAL and one.polarity_from == "sheet"
    assert one.current.number == 693 and one.rolling_6m.number == 522
    assert one.previous_year.number == 768 and one.previous_year_period.label == "2021/22"
    assert one.comparator("england").period.label == "2021/22"
    assert one.unit is Unit.RATE_PER_10K and one.band.kind == "higher"
    two = card.indicator("2")
    assert two.polarity is Polarity.LOW and two.unit is Unit.PERCENT and two.decimals == 1
    six = card.indicator("6")
    assert six.current.number == 49 and six.rolling_12m.is_missing
    assert six.comparator("england") is None and six.band is None


def test_load_dashboard_layout_two_sheets_stacked_blocks_and_relations(write_xlsx):
    header = ["Indicator", "Sep- 23", "Oct- 23", "Above/Below North West Rate", "Above/Below National Rate",
              "Above/Below Stat Neighbours"]
    csc = [
        ["Children's Social Care"], header,
        ["Number of Open Cases", 1784, 1751, "Above", "Above", "Above"],
        ["Children on CIN Plans with Statutory Visits in time", (0.77, "0%"), (0.79, "0%"), "N/A", "N/A", "N/A"],
        [],
        ["Children's Social Care"], header,
        ["Number of UASC", 22, 24, "Similar", "Above", "Similar"],
        ["Social Worker vacancies", None, 28],
    ]
    health = [
        ["Indicator", "Q1 23/24", "Q2 23/24", "Q3 23/24", "22/23", "Above / Below North West Rate",
         "Above / Below National Rate"],
        ["Smoking status at the time of delivery", (0.131, "0.0%"), (0.128, "0.0%"), "n/a", (0.137, "0.0%"),
         "10.3% ▲ Above", "8.8% ▲ Above"],
        ["Hospital admissions for self-harm aged 10-24 years", 771.9, 717.2, "n/a", 875.8, "414 (21/22) ▲ Above",
         "427.3 (21/22) ▲ Above"],
    ]
    card = load_scorecard(write_xlsx({"Children's Social Care": csc, "Public Health": health}))
    assert len(card.indicators) == 6 and card.sheets == ("Children's Social Care", "Public Health")
    cases = card.indicators[0]
    assert cases.theme == "Children's social care" and cases.current.number == 1751
    assert cases.current_period.label == "October 2023"
    assert cases.comparator("england").stated_relation is Relation.ABOVE
    visits = card.indicators[1]
    assert visits.unit is Unit.PERCENT and visits.current.number == 79 and visits.comparators == ()
    assert card.indicators[2].comparator("north_west").stated_relation is Relation.IN_LINE
    vacancies = card.indicators[3]
    assert vacancies.series[0].value.missing == "blank" and vacancies.current.number == 28
    smoking = card.indicators[4]
    assert smoking.theme == "Public health"
    assert smoking.current.number == 12.8 and smoking.current_period.label == "Q2 2023/24"
    assert [p.period.label for p in smoking.series] == ["Q1 2023/24", "Q2 2023/24", "Q3 2023/24"]
    assert smoking.previous_year.number == 13.7 and smoking.previous_year_period.label == "2022/23"
    nw = smoking.comparator("north_west")
    assert nw.value.number == 10.3 and nw.stated_relation is Relation.ABOVE
    selfharm = card.indicators[5]
    assert selfharm.comparator("north_west").period.label == "2021/22"
    assert card.indicators[0].ref.startswith("Children's Social Care:R")


@pytest.mark.parametrize("encoding,bom", [("cp1252", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_load_csv_encodings(tmp_path, encoding, bom):
    text = "ref,indicator,unit,current\nF1,Spend on placements – £ per child,currency_gbp,\"£1,200\"\n"
    path = tmp_path / "card.csv"
    path.write_bytes(bom + text.encode(encoding))
    ind = load_scorecard(path).indicators[0]
    assert ind.name == "Spend on placements – £ per child" and ind.current.number == 1200


def test_load_semicolon_csv(write_csv):
    card = load_scorecard(write_csv("ref;indicator;current\nA;Number of open cases;1630\n"))
    assert card.indicators[0].current.number == 1630


def test_load_unknown_indicator_is_neutral_with_a_warning_saying_how_to_set_polarity(write_csv):
    card = load_scorecard(write_csv("ref,indicator,current\nX1,Widgets polished,12\n"))
    ind = card.indicators[0]
    assert ind.polarity is Polarity.NEUTRAL and ind.catalogue_id is None
    warning = next(w for w in card.warnings if w.code == "W-polarity")
    assert "polarity" in warning.message and "--columns" in warning.message and "X1" in warning.message


def test_load_catalogue_gives_polarity_unit_and_theme(write_csv):
    card = load_scorecard(write_csv(
        "ref,indicator,current\nA,Assessments completed within 45 working days,65.2\n"))
    ind = card.indicators[0]
    assert ind.polarity is Polarity.HIGH and ind.polarity_from == "catalogue"
    assert ind.unit is Unit.PERCENT and ind.catalogue_id is not None and ind.counts



@pytest.mark.parametrize("name,entry", [
    ("Children in children's homes (No.)", "residential_placements"),
    ("Average weekly cost of an external residential placement (£)", None),  # a cost, not children
    ("Suspensions of children in care (No. month)", "suspensions"),  # not a count of children in care
    ("Average working days to complete an assessment (days)", "assessment_duration"),  # not a count of them
    ("Assessments completed (No. month)", "assessments_completed"),
])
def test_load_catalogue_match_keeps_to_what_is_counted(name, entry):
    from narrator.catalogue import load_catalogue
    found = load_catalogue().match(name)
    assert (found.id if found else None) == entry


def test_load_mapping_file_adds_aliases_and_overrides(write_csv, tmp_path):
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("columns:\n  indicator: [pi description]\n  current: [outturn]\n"
                       "comparators:\n  county_average: {name: the county average, aliases: [county avg]}\n"
                       "indicators:\n  X1: {polarity: high, unit: percent}\n")
    card = load_scorecard(write_csv("ref,PI Description,Outturn,County Avg\nX1,Widgets polished,12,10\n"),
                          columns=mapping)
    ind = card.indicators[0]
    assert ind.polarity is Polarity.HIGH and ind.polarity_from == "mapping" and ind.unit is Unit.PERCENT
    assert ind.comparator("county_average").name == "the county average"
    assert not [w for w in card.warnings if w.code == "W-polarity"]


def test_load_bad_mapping_file_reports_every_error_with_its_place(tmp_path):
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("columns:\n  nonsense: [x]\nindicators:\n  X1: {polarity: upwards, colour: red}\n")
    with pytest.raises(ConfigError) as err:
        load_scorecard(tmp_path / "missing.csv", columns=mapping)
    text = str(err.value)
    assert "columns.nonsense" in text and "indicators.X1.polarity" in text and "indicators.X1.colour" in text
    assert str(mapping) in text


def test_load_mapping_file_says_which_column_holds_current_and_previous_year(write_csv, tmp_path):
    mapping = tmp_path / "mapping.yml"
    mapping.write_text('indicators:\n  "9": {current: LA 6m, previous_year: rolling_12m, '
                       'previous_year_period: September 2022}\n')
    text = "No,Indicator,LA 12m,LA 6m,LA\n9,ICPCs within 15 working days (%),92,70,63\n"
    ind = load_scorecard(write_csv(text), columns=mapping, period="September 2023").indicators[0]
    assert (ind.current.number, str(ind.current.source)) == (70, "D2")
    assert ind.previous_year.number == 92 and ind.previous_year_period.label == "September 2022"
    assert ind.rolling_12m is None and ind.comparator("published").value.number == 63
    mapping.write_text('indicators:\n  "9": {current: LA 3m}\n')
    with pytest.raises(InputError, match="names no column"):
        load_scorecard(write_csv(text), columns=mapping)
    mapping.write_text('indicators:\n  "9": {previous_year: rolling_12m, previous_year_period: last year}\n')
    with pytest.raises(ConfigError, match="previous_year_period"):
        load_scorecard(write_csv(text), columns=mapping)


def test_load_unknown_numeric_column_becomes_a_comparator(write_csv):
    card = load_scorecard(write_csv("ref,indicator,current,Core Cities Average\nA,Number of open cases,10,12\n"))
    assert card.indicators[0].comparator("core_cities_average").value.number == 12
    assert any(w.code == "W-column" for w in card.warnings)


@pytest.mark.parametrize("headers", [("01/07/2023", "01/08/2023", "01/09/2023"), ("07/2023", "08/2023", "09/2023"),
                                     ("31.07.2023", "31.08.2023", "30.09.2023")])
def test_load_date_headers_saved_as_csv_are_the_series_months_not_comparators(write_csv, headers):
    """A spreadsheet's date headers saved as CSV come out as "01/09/2023": the months of the series."""
    card = load_scorecard(write_csv("ref,indicator,polarity," + ",".join(headers) + "\n"
                                    "A,Number of open cases,neutral,1200,1250,1300\n"))
    ind = card.indicators[0]
    assert [p.period.label for p in ind.series] == ["July 2023", "August 2023", "September 2023"]
    assert ind.comparators == () and ind.current.number == 1300 and ind.current_period.label == "September 2023"


def test_load_over_100_percent_is_warned(write_csv):
    card = load_scorecard(write_csv("ref,indicator,unit,current\nA,Visits in time (%),percent,104\n"))
    assert any(w.code == "W-over-100" for w in card.warnings)


@pytest.mark.parametrize("text,fragments", [
    ("ref,indicator,current\nA,Open cases,eighty\n", ["row 2", "column 'current' (C)", "'eighty' is not a number",
                                                      "expected a figure"]),
    ("ref,indicator,current\nA,Open cases,1\nA,Other cases,2\n", ["row 3", "duplicate ref 'A'", "first on row 2"]),
    ("name,value\nfoo,1\n", ["no column looks like an indicator name", "'name', 'value'"]),
    ("", ["is empty"]),
    ("ref,indicator,unit,current\nA,Open cases,furlongs,1\n", ["row 2", "column 'unit' (C)", "'furlongs'"]),
    ("ref,indicator,current_period,current\nA,Open cases,Septembre,1\n", ["'Septembre' is not a period"]),
])
def test_load_bad_csv_input_raises_one_line_input_error(write_csv, text, fragments):
    with pytest.raises(InputError) as err:
        load_scorecard(write_csv(text))
    message = str(err.value)
    assert "\n" not in message and "scorecard.csv" in message
    for fragment in fragments:
        assert fragment in message


def test_load_bad_cell_in_xlsx_names_sheet_row_and_column(write_xlsx):
    path = write_xlsx({"CSC": [["Ref", "Indicator", "Current"], ["A", "Open cases", "eighty"]]})
    with pytest.raises(InputError) as err:
        load_scorecard(path)
    assert "sheet 'CSC', row 2, column 'Current' (C)" in str(err.value)


def test_load_empty_sheet(write_xlsx):
    with pytest.raises(InputError, match="sheet 'Blank'.*is empty"):
        load_scorecard(write_xlsx({"Blank": []}))
    card = load_scorecard(write_xlsx({"Blank": [], "Data": [["Ref", "Indicator", "Current"], ["A", "X", 1]]}))
    assert len(card.indicators) == 1 and any(w.code == "W-sheet" for w in card.warnings)


def test_load_files_that_cannot_be_read(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(InputError, match="cannot be read as an Excel workbook"):
        load_scorecard(broken)
    other = tmp_path / "card.pdf"
    other.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match="unknown scorecard format '.pdf'"):
        load_scorecard(other)
    with pytest.raises(InputError, match="no such file"):
        load_scorecard(tmp_path / "nope.csv")


def test_load_unknown_sheet_and_bad_period_option(write_xlsx, write_csv):
    path = write_xlsx({"Data": [["Ref", "Indicator", "Current"], ["A", "X", 1]]})
    with pytest.raises(InputError, match="no sheet named 'Other'; expected one of 'Data'"):
        load_scorecard(path, sheet="Other")
    with pytest.raises(InputError, match="--period"):
        load_scorecard(write_csv("ref,indicator,current\nA,X,1\n"), period="the other day")


def test_load_canonical_report_period_blank_previous_year_and_mixed_granularity(write_csv):
    text = ("indicator,unit,polarity,previous_year,current,current_period,Nov-23,Dec-23,Q1 2023/24,Q2 2023/24\n"
            "Open cases,count,neutral,,1630,December 2023,1715,1630,,\n"
            "Smoking at time of delivery (%),percent,low,14.0,12.8,Q2 2023/24,,,13.1,12.8\n")
    card = load_scorecard(write_csv(text))
    # the reporting period is the latest that most rows give in current_period
    assert card.period.label == "December 2023"
    cases, smoking = card.indicators
    # a blank previous-year cell gives no previous year and no period for it
    assert cases.previous_year is None or cases.previous_year.is_missing
    assert cases.previous_year_period is None
    assert [p.period.label for p in cases.series] == ["November 2023", "December 2023"]
    # a row whose monthly cells are blank takes its series from the quarterly columns
    assert [p.value.number for p in smoking.series] == [13.1, 12.8]
    assert smoking.previous_year_period.label == "Q2 2022/23"


def test_load_two_columns_for_one_comparator_take_the_period_of_the_filled_cell(write_csv):
    text = ("ref,indicator,unit,polarity,current,current_period,north_west (2020/21),north_west (2021/22)\n"
            "A,ICPCs within 15 working days (%),percent,high,94,September 2023,,79\n"
            "B,Care leavers in touch (%),percent,high,90,September 2023,88,\n")
    card = load_scorecard(write_csv(text))
    a, b = (card.indicator(r).comparator("north_west") for r in "AB")
    assert (a.value.number, a.period.label) == (79, "2021/22")
    assert (b.value.number, b.period.label) == (88, "2020/21")
