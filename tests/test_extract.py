"""Reverse mode: figures out of narrative text, and the round trip through narrator's own commentary."""

import re

import pytest

from narrator.extract import extract_text
from narrator.load import load_scorecard
from narrator.plan import narrate

from .conftest import EXAMPLES

UNIT = {"percent": "percent", "count": "count", "rate_per_10k": "rate_per_10k", "rate_per_1000": "rate_per_1000",
        "rate_per_100k": "rate_per_100k", "days": "days", "weeks": "weeks", "currency_gbp": "currency_gbp",
        "ratio": "ratio", "other": "count"}
CASES = [("monthly_scorecard_2023_09.xlsx", None),
         ("quarterly_scorecard_2023_q2.xlsx", "quarterly_scorecard_2023_q2.columns.yml"),
         ("childrens_dashboard_2024_01.xlsx", None), ("synthetic_150.csv", None)]


def _expected_role(sentence: str, at: int, number) -> str:
    before = sentence[:at].lower()
    if number.source.startswith(("difference(", "relative_change(")):
        return "change"
    if re.search(r"(?:target|range) of (?:\S+ to )?$|target of no more than $|target of (?:under|over|at least) $",
                 before):
        return "target"
    if re.search(r"(?:average|figure)(?: for \S+)? \($", before):
        return "comparator"
    if re.search(r"\bfrom $|compared with $|much the same as $|close to $|improvement on $|worse than $|against $"
                 r"|much the same in [^,]+, at $", before):  # "It was much the same in September 2022, at 22%."
        return "previous"
    return "actual"


@pytest.mark.parametrize("name,mapping", CASES, ids=[c[0] for c in CASES])
def test_extract_round_trip_recovers_every_figure_of_the_commentary(name, mapping):
    card = load_scorecard(EXAMPLES / name, columns=EXAMPLES / mapping if mapping else None)
    problems, total = [], 0
    for p in narrate(card).paragraphs:
        text = " ".join(s.text for s in p.sentences)
        figures = extract_text(text).figures
        base = 0
        for s in p.sentences:
            base = text.index(s.text, base)
            within = 0
            for n in s.numbers:
                if n.source.startswith("count("):
                    continue  # "for four months": a count of periods, not a figure of the measure
                total += 1
                pattern = re.compile(r"(?<![\d.,])" + re.escape(n.text) + r"(?![\d]|[.,]\d)")
                m = pattern.search(s.text, within) or pattern.search(s.text)
                within = m.end()
                at = base + m.start()
                hit = [f for f in figures if f.start < at + len(n.text) and at < f.end]
                want_unit = "percent" if n.source.startswith("relative_change(") else UNIT[p.indicator.unit.value]
                want_role = _expected_role(s.text, m.start(), n)
                if not hit or abs(abs(hit[0].value) - abs(n.value)) > 1e-6:
                    problems.append(f"value {n.text!r}: {[(f.text, f.value) for f in hit]} in {s.text!r}")
                elif hit[0].unit != want_unit:
                    problems.append(f"unit {n.text!r}: {hit[0].unit} not {want_unit} in {s.text!r}")
                elif hit[0].role != want_role and not (s.kind == "volatile" and hit[0].role == "previous"):
                    # (a range of series values: the earlier of the two may fairly be called previous)
                    problems.append(f"role {n.text!r}: {hit[0].role} not {want_role} in {s.text!r}")
    assert total > 50
    assert not problems, f"{len(problems)} of {total}:\n" + "\n".join(problems[:15])


PASSAGE = """Assessments

In 2023/24, 78.3% (1,594 / 2,036) of assessments were completed within 45 working days, compared with 80.2% in 2022/23, and below the 85% target.
"""
FAULTY = """Care leavers

Timeliness of assessments increased from 84.1% in 2022/23 to 81.4% in 2023/24. 105% of care leavers were in touch.
65% (45 / 90) of plans were reviewed. 1,417 assessments were started in 2023/24, a 20% decrease from 1,650 in 2022/23.
"""


def test_extract_figures_roles_units_periods_and_fraction_links():
    figures = extract_text(PASSAGE).figures
    got = [(f.text, f.value, f.unit, f.role, f.period_normalised) for f in figures]
    assert got == [("78.3%", 78.3, "percent", "actual", "2023/24"), ("1,594", 1594, "count", "actual", "2023/24"),
                   ("2,036", 2036, "count", "actual", "2023/24"), ("45", 45, "days", "part_of_definition", None),
                   ("80.2%", 80.2, "percent", "previous", "2022/23"), ("85%", 85, "percent", "target", "2023/24")]
    assert figures[0].numerator == 1 and figures[0].denominator == 2 and figures[1].part_of == 0
    assert all(PASSAGE[f.start:f.end] == f.text for f in figures)


@pytest.mark.parametrize("text", ["Section 47 enquiries rose.", "Pupils in Year 6 and at Key Stage 2.",
                                  "NI136 and CIN4 were reported.", "Covid 19 affected 2020/21 and 2021-22.",
                                  "The report of 31 March 2024.", "In Q3 23/24 and Quarter 4, year to date.",
                                  "As paragraph 3.2.1 sets out.", "3.2.1 Referrals", "See section 4.2 and table 3.1.",
                                  "Version 2.1.3 went live.", "The server at 192.168.1.2.",
                                  "Last data refresh: 05/01/2022 11:52:03 UTC", "The panel met at 2:30 pm."])
def test_extract_identifiers_dates_and_periods_are_not_figures(text):
    assert extract_text(text).figures == ()


def test_extract_words_money_rates_and_changes():
    text = ("Three children moved, half of them twice. The cost was £1.2m. The rate was 693 per 10,000 children, "
            "a fall of 3.2 percentage points against 58.1 per 100,000.")
    got = {f.text: (f.value, f.unit, f.role) for f in extract_text(text).figures}
    assert got["Three"] == (3, "count", "actual") and got["half"][1] == "ratio" and got["twice"] == (2, "ratio", "actual")
    assert got["£1.2m"] == (1_200_000, "currency_gbp", "actual")
    assert got["693"][1] == "rate_per_10k" and got["3.2"][1:] == ("percent", "change")
    assert got["58.1"][1] == "rate_per_100k"


def test_check_finds_each_kind_and_keeps_quiet_on_clean_text():
    from narrator.check import check_extraction

    kinds = [i.kind for i in check_extraction(extract_text(FAULTY))]
    assert kinds == ["direction_contradiction", "share_over_100", "fraction_mismatch", "change_mismatch"]
    assert check_extraction(extract_text(PASSAGE)) == ()


def test_check_target_contradiction_uses_polarity_from_the_catalogue():
    from narrator.check import check_extraction

    text = "We exceeded our target of 90% with 85% of assessments completed within 45 working days in 2023/24."
    issues = check_extraction(extract_text(text))
    assert [i.kind for i in issues] == ["target_contradiction"] and "missed" in issues[0].reason


def test_extract_and_check_commands(run_cli, tmp_path):
    import json

    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(PASSAGE)
    bad.write_text(FAULTY + "\n=SUM(1+1) was 4 in 2023/24.\n")
    code, out, err = run_cli("check", good)
    assert code == 0 and "no contradictions" in out
    code, out, _ = run_cli("check", bad, "--format", "json")
    assert code == 1 and len(json.loads(out)["issues"]) == 4
    code, out, _ = run_cli("extract", good, bad)
    data = json.loads(out)
    assert [d["source"] for d in data] == [str(good), str(bad)] and data[0]["figures"][0]["text"] == "78.3%"
    code, out, _ = run_cli("extract", bad, "--format", "csv")
    assert code == 0 and "'=SUM" in out and ",=SUM" not in out
    code, _, err = run_cli("extract", bad, "--format", "xlsx", "-o", tmp_path / "figures.xlsx")
    assert code == 0 and (tmp_path / "figures.xlsx").read_bytes()[:2] == b"PK"
    code, _, err = run_cli("check", tmp_path / "missing.txt")
    assert code == 2 and "missing.txt" in err and err.count("\n") == 1


# -- long texts: read a part at a time ---------------------------------------------------------

def _gold_text() -> str:
    import json
    from pathlib import Path
    gold = Path(__file__).resolve().parents[1] / "benchmarks" / "extraction" / "gold.jsonl"
    return "\n\n".join(json.loads(line)["text"] for line in gold.read_text(encoding="utf-8").splitlines())


def test_extract_reads_a_long_text_in_parts_exactly_as_whole(monkeypatch):
    """Cut into parts of about 1,500 characters, the annotated passages give the same figures
    (offsets, units, roles, periods, measures, fraction links) and periods as read whole."""
    from narrator import extract

    text = _gold_text() * 2
    whole = extract._extract_part(text, "gold", extract.DEFAULT)
    monkeypatch.setattr(extract, "PART_CHARS", 1_500)
    parted = extract_text(text, "gold")
    assert len(extract._parts(text, 1_500)) > 10
    assert parted.figures == whole.figures and parted.periods == whole.periods
    late = [f for f in parted.figures if f.start > len(text) // 2]
    assert any(f.numerator is not None or f.part_of is not None for f in late)  # links moved on too
    assert all(text[f.start:f.end] == f.text for f in parted.figures)


def test_extract_takes_a_text_longer_than_spacys_limit():
    """spaCy refuses a Doc of a million characters or more; a long report (a 500-page PDF) is read."""
    paragraph = ("Referrals\n\nIn 2023/24, 1,482 referrals were received, a rate of 512.3 per 10,000 "
                 "children. This is 6.1% lower than in 2022/23 (1,578).\n\n")
    text = paragraph * (1_050_000 // len(paragraph) + 1)
    assert len(text) > 1_000_000
    found = extract_text(text, "long")
    per_paragraph = len(extract_text(paragraph, "one").figures)
    assert per_paragraph >= 4 and len(found.figures) == per_paragraph * (len(text) // len(paragraph))
    assert all(text[f.start:f.end] == f.text for f in found.figures)
    assert {f.period_normalised for f in found.figures if f.text == "1,482"} == {"2023/24"}


def test_parts_cover_the_text_and_prefer_a_heading():
    from narrator.extract import _parts

    text = "Intro words here.\n\n" + "x " * 300 + "\n\nReferrals\n\nIn 2023/24 there were 5.\n\n" + "y " * 300
    parts = _parts(text, 700)
    assert parts[0] == (0, text.index("Referrals"))  # cut just before the heading, not at the limit
    assert [s for s, _ in parts[1:]] == [e for _, e in parts[:-1]] and parts[-1][1] == len(text)
    assert all(0 < e - s <= 700 for s, e in parts)


def test_a_long_sentence_is_shown_round_each_figure():
    """A "sentence" of thousands of figures (a table read as text) is given in the output as the
    words round each figure, not repeated whole for each: 60,000 figures in one such sentence
    wrote 10.8 GB of JSON before."""
    from narrator.extract import SHOWN_SENTENCE_CHARS

    text = "Short one: 5% of cases. The figures were " + ", ".join(f"{i}%" for i in range(2_000)) + "."
    ex = extract_text(text, "table")
    shown = ex.figures_json()
    assert len(shown) == len(ex.figures) > 1_000
    assert shown[0]["sentence"] == ex.figures[0].sentence == "Short one: 5% of cases."
    long = [(f, d) for f, d in zip(ex.figures, shown) if len(f.sentence) > SHOWN_SENTENCE_CHARS]
    assert len(long) > 1_000
    for f, d in long:
        context = d["sentence"]
        assert f.text in context and len(context) <= 2 * 300 + len(f.text) + 2
        assert context.startswith("The figures were") or context.startswith("…")
        assert context.endswith("…") or context.endswith("1999%.")
    middle = long[len(long) // 2][1]["sentence"]
    assert middle.startswith("…") and middle.endswith("…")
    assert middle[1:-1].strip() in text


@pytest.mark.parametrize("text,written,normalised", [
    ("As at 31 March 2024, 146 children had a plan.", "31 March 2024", "31 March 2024"),
    ("On 1st Sept 2023 there were 12 children.", "1st Sept 2023", "1 September 2023"),
    ("By 05 Jan. 2024 there were 12 children.", "05 Jan. 2024", "5 January 2024"),
    ("On 31 February 2024 there were 9 children.", "31 February 2024", None),  # no such day
])
def test_dates_are_normalised_the_same_way_each_time(text, written, normalised):
    (f,) = extract_text(text, "t").figures
    assert (f.period, f.period_normalised) == (written, normalised)


@pytest.mark.parametrize("text,expected", [
    # a figure "on" a date takes that date; the earlier date's figure is the previous one
    ("There were 478 children in care on 31 March 2024 and 480 on 31 March 2023.",
     [("478", "actual", "31 March 2024"), ("480", "previous", "31 March 2023")]),
    ("There were 478 children in care on 31st Mar. 2024, compared with 480 on 31 March 2023.",
     [("478", "actual", "31st Mar. 2024"), ("480", "previous", "31 March 2023")]),
    # an earlier year's figure in the paragraph is a previous one, even in a sentence of its own
    ("Missing\n\nThe total number of missing episodes in 2023/24 was 423. This is a reduction compared to "
     "2022/23 which saw 691 episodes.",
     [("423", "actual", "2023/24"), ("691", "previous", "2022/23")]),
    # a target's deadline is not the period the paragraph is about
    ("At the end of September 2023 agency social workers made up 27.4% of the workforce; the target is 15% by "
     "March 2025.",
     [("27.4%", "actual", "September 2023"), ("15%", "target", "March 2025")]),
    # school terms and runs of months are periods
    ("Overall absence in the autumn term 2023 was 6.8%, against 7.2% in the autumn term 2022.",
     [("6.8%", "actual", "autumn term 2023"), ("7.2%", "previous", "autumn term 2022")]),
    ("The re-offending rate was 31.6% for July to September 2021.",
     [("31.6%", "actual", "July to September 2021")]),
    ("Between April and October 2023, assessments in timescale averaged 52.5%.",
     [("52.5%", "actual", "Between April and October 2023")]),
    ("In April and October 2023, 52.5% of assessments were in timescale.",  # two months, not a run
     [("52.5%", "actual", "October 2023")]),
    # dates in figures, day first: no figure of the day, and the date is the period
    ("As at 31/03/2024 there were 412 children in care, against 398 at 31/03/2023.",
     [("412", "actual", "31/03/2024"), ("398", "previous", "31/03/2023")]),
    ("22 plans were finalised by 15.02.2024, with 4 outstanding.",
     [("22", "actual", "15.02.2024"), ("4", "actual", "15.02.2024")]),
])
def test_extract_periods_on_dates_terms_and_month_ranges(text, expected):
    got = [(f.text, f.role, f.period) for f in extract_text(text, "t").figures]
    assert got == expected


def test_extract_a_date_in_figures_is_dated_day_first():
    got = {f.text: f.period_normalised for f in extract_text(
        "On 17/05/2024, 41% were open; on 5/3/24, 39%; on 31-03-2024, 38%; on 5/17/2018, 12 cases.").figures}
    assert got == {"41%": "17 May 2024", "39%": "5 March 2024", "38%": "31 March 2024",
                   "12": None}  # (month first names no UK day: a period with no date, and no figure "5")


def test_extract_on_before_a_quarter_is_what_a_change_is_against():
    """"down 14 on Q1": "on" here compares; only a date is taken as a figure's own period after it."""
    (change, actual) = extract_text("Contacts were down 14 on Q1 2023/24, at 1,200 in Q2 2023/24.", "t").figures
    assert (change.text, change.role) == ("14", "change")
    assert (actual.text, actual.role, actual.period) == ("1,200", "actual", "Q2 2023/24")


@pytest.mark.parametrize("text,figure,measure", [
    # the subject before the verb, less "the percentage of"; definitions' numbers kept
    ("The percentage of re-referrals within 12 months rose to 26.9% in September 2023.", "26.9%",
     "re-referrals within 12 months"),
    # a figure that opens its clause: the words after it, without "were"
    ("In 2023/24, 1,482 referrals were received by children's social care.", "1,482",
     "referrals received by children's social care"),
    ("84.2% (1,248 / 1,482) of referrals had a decision within 1 working day.", "84.2%",
     "referrals had a decision within 1 working day"),
    ("31 (43.1%) of the 72 children placed in foster care were living with in-house carers.", "31",
     "children placed in foster care were living with in-house carers"),
    # "there were", "we are in touch with": the words after the figure
    ("At the end of March there were 197 families open to the team.", "197", "families open to the team"),
    # a subject said with a verb in -ed: what it acted on
    ("During 2023-24 the service completed 2,036 child and family assessments.", "2,036",
     "child and family assessments"),
    # the subject after a comma that ends a phrase before it
    ("At 94% in September 2023, the percentage of visits in timescale is the highest this year.", "94%",
     "visits in timescale"),
    # a bracket that is not an acronym nor a figure's stays, and so does "year to date"
    ("The percentage of reviews in timescale (year to date) was 97% in September 2023.", "97%",
     "reviews in timescale year to date"),
])
def test_extract_measure_of_a_figure(text, figure, measure):
    [found] = [f for f in extract_text(text).figures if f.text == figure]
    assert found.measure == measure


def test_extract_measure_carried_to_figures_said_of_it_later():
    """Every figure said of a measure takes it: the previous value, the target, the comparators, a
    change; "It", "This" and "The figure" point back to the sentence before, and a comparator's
    own sentence ("Statistical neighbours averaged 21.3%") to the measure compared. A part of it
    is said in brackets ("For children in care the figure was 32%")."""
    text = ("Re-referrals: The percentage of re-referrals within 12 months rose to 23.6% in Quarter 3, up from "
            "21.9% in Quarter 2, against a target of 20%. This is a rise of 1.7 percentage points. "
            "Statistical neighbours averaged 21.3% in 2022/23. For children in care the figure was 32%.")
    got = {f.text: f.measure for f in extract_text(text).figures}
    for figure in ("23.6%", "21.9%", "20%", "1.7", "21.3%"):
        assert got[figure] == "re-referrals within 12 months", figure
    assert got["32%"] == "re-referrals within 12 months (children in care)"


def test_extract_measure_starts_again_in_a_new_paragraph_list_item_or_table_row():
    text = ("The number of children in care rose to 412 in June 2024.\n"
            "- It was 398 in March 2024.\n\n"
            "It fell to 380 in September 2024.\n"
            "7\tNumber of children in unregulated placements\t27\t19\n")
    got = {f.text: f.measure for f in extract_text(text).figures}
    assert got["412"] == "children in care"
    assert got["398"] != "children in care"
    assert got["380"] != "children in care"
    assert got["27"] == got["19"] == "children in unregulated placements"


def test_check_inconsistent_value_by_measure_and_period_and_never_in_narrators_own_commentary():
    from narrator.check import check_extraction
    text = ("There were 398 children in care at the end of June 2024. 29 children entered care in the quarter. "
            "With 405 children in care at the end of June 2024, the service is above its plan.")
    issues = check_extraction(extract_text(text))
    assert [(i.kind, i.quote) for i in issues] == [("inconsistent_value", "405")]
    # narrator's own commentary names each indicator differently, so no two of its figures clash
    for name, mapping in CASES[:3]:
        card = load_scorecard(EXAMPLES / name, columns=EXAMPLES / mapping if mapping else None)
        text = "\n\n".join(p.text for p in narrate(card).paragraphs)
        assert [i for i in check_extraction(extract_text(text)) if i.kind == "inconsistent_value"] == [], name


@pytest.mark.parametrize("name,mapping", CASES, ids=[c[0] for c in CASES])
def test_check_finds_nothing_in_narrators_whole_markdown_report(name, mapping):
    """Headlines, theme summaries, questions and commentary together: the questions' "statement:
    ask?" form, "rose on the month ... against" last year, and names in bold lead-ins raise no alarm."""
    from narrator.check import check_extraction
    from narrator.plan import report
    from narrator.write import commentary_markdown

    card = load_scorecard(EXAMPLES / name, columns=EXAMPLES / mapping if mapping else None)
    text = "".join(commentary_markdown(report(card)))
    assert [(i.kind, i.quote) for i in check_extraction(extract_text(text))] == []


def _issues(text: str) -> list[tuple[str, str]]:
    """(kind, quote) of each issue ``narrator check`` finds in ``text``."""
    from narrator.check import check_extraction
    return [(i.kind, i.quote) for i in check_extraction(extract_text(text))]


def _issue_kinds(text: str) -> list[str]:
    return [kind for kind, _ in _issues(text)]


@pytest.mark.parametrize("text,kinds", [
    # the ask after a question's colon asserts nothing ("being met", "improving")
    ("The percentage of health assessments completed was 80.7% in September 2023, against a target of 85%: "
     "how are needs being met in the meantime?", []),
    # ... but the statement before it is still checked
    ("The percentage of health assessments completed exceeded its target at 80.7% in September 2023, against a "
     "target of 85%: how will this be kept up?", ["target_contradiction"]),
    # "rose on the month": the rise is against the month before, not the year before after "against"
    ("The percentage of re-referrals rose on the month to 24% in September 2023, against 28% in September 2022.",
     []),
    # ... but a "from" figure is where the rise began
    ("The percentage of re-referrals rose on the month from 28% in August 2023 to 24% in September 2023.",
     ["direction_contradiction"]),
    ("The percentage of re-referrals rose to 24% in September 2023, against 28% in September 2022.",
     ["direction_contradiction"]),
    # a target range is checked as a range
    ("The percentage of re-referrals within 12 months improved from 23.7% in September 2022 to 18.2% in "
     "September 2023, meeting a target range of 18.0% to 22.0%.", []),
    ("The percentage of re-referrals within 12 months was 24.2% in September 2023, meeting a target range of "
     "18.0% to 22.0%.", ["target_contradiction"]),
    # a target word in the measure's own name ("achieved") says nothing of the target
    ("The percentage of early help episodes closed with outcomes achieved was 69.2% in September 2023, 0.8 "
     "percentage points below the target of 70.0%.", []),
], ids=["ask", "statement-before-ask", "on-the-month", "from", "against", "range-met", "range-missed",
        "measure-words"])
def test_check_questions_bases_ranges_and_names(text, kinds):
    assert _issue_kinds(text) == kinds


def test_check_a_denominator_is_not_another_value_of_the_measure():
    from narrator.check import check_extraction
    text = ("In January 2024, 10 final EHCPs were issued. Performance was affected by the cyber incident, as "
            "1/3 of the team could not reach any system for a week.")
    assert check_extraction(extract_text(text)) == ()
    text = "In January 2024, 10 final EHCPs were issued. In January 2024, 12 final EHCPs were issued."
    assert [i.quote for i in check_extraction(extract_text(text))] == ["12"]


def test_extract_a_count_that_names_what_it_counts_is_not_the_paragraphs_rate():
    text = ("147 section 47 enquiries were started in Q2 23/24, an annualised rate of 50.8 per 10,000 children. "
            "This is below statistical neighbours (61.2) and 58.0 for England. There were 12 fewer than in Q1, "
            "and 96 more than a year earlier.")
    got = {f.text: f.unit for f in extract_text(text).figures}
    assert got["147"] == got["12"] == got["96"] == "count"
    assert got["50.8"] == got["61.2"] == got["58.0"] == "rate_per_10k"


def test_extract_a_number_with_its_share_in_brackets_is_a_count_not_the_paragraphs_rate():
    text = ("147 section 47 enquiries were started in Q2 23/24, an annualised rate of 50.8 per 10,000 children. "
            "Of the 147 enquiries, 52 (35.4%) led to an initial child protection conference. The rate fell from "
            "61.2 in Q1, a fall of 10.4 (17.0%).")
    got = {f.text: f.unit for f in extract_text(text).figures}
    assert got["52"] == "count" and got["35.4%"] == "percent"
    assert got["10.4"] == "rate_per_10k"  # a change's bracket is its relative size, not a share


def test_extract_the_statutory_time_is_part_of_the_definition():
    text = ("In 2023, 57.3% of new EHC plans were issued within the statutory 20 weeks. Visits within the "
            "10 working days rose to 88% in 2023.")
    got = {f.text: (f.role, f.period_normalised) for f in extract_text(text).figures}
    assert got["20"] == got["10"] == ("part_of_definition", None)
    assert got["57.3%"] == ("actual", "2023") and got["88%"] == ("actual", "2023")


def test_extract_an_aside_after_the_measure_and_a_duration_in_it_are_definitions():
    text = ("Long-term stability, for children aged under 16 who have been in care for at least 2.5 years and in "
            "the same placement for two years, was 68.2% in 2023/24, slightly below the England average of 71%. "
            "Referrals, for the third month running, rose to 400 in March 2024.")
    got = {f.text: (f.role, f.period_normalised, f.measure) for f in extract_text(text).figures}
    assert got["two"] == ("part_of_definition", None, "Long-term stability")  # "for two years": a duration
    assert got["68.2%"] == ("actual", "2023/24", "Long-term stability")
    assert got["71%"][2] == "Long-term stability"
    assert got["400"][2] == "Referrals"


def test_extract_a_count_of_something_else_after_from_involving_or_with_has_its_own_measure():
    text = ("During 2023/24, 332 children from 198 families had a new referral. The total number of missing "
            "episodes in 2023/24 was 423 involving 122 individual children. A further 64 families with 125 "
            "children were open to an external agency.\n\n"
            "Indicator\tQ1 23/24\tQ2 23/24\tQ3 23/24\t22/23\tAbove / Below North West Rate\n"
            "Smoking status at the time of delivery\t13.1%\t12.8%\tn/a\t13.7%\t10.3% \u00bb Above\n"
            "Percentage of children aged 5 with MMR vaccination (2 doses)\t86.0%\t87.3%\tn/a\t87.0%\t86.0% "
            "\u00bb Above\n")
    got = {f.text: f.measure for f in extract_text(text).figures}
    assert got["332"].startswith("children") and got["198"].startswith("families")
    assert got["423"] == "missing episodes" and got["122"] == "individual children"
    assert got["64"].startswith("families") and got["125"].startswith("children")
    assert got["2"] != "doses"  # a table row keeps its row's name


def test_extract_a_denominator_in_brackets_counts_the_whole():
    text = ("In 2023/24, 84.2% (1,248 / 1,482) of referrals had a decision within 1 working day. There were "
            "317 contacts, of which 114 (36%) met the threshold. In Quarter 4, 9 (75%) of the 12 conferences "
            "for new children had a plan.")
    got = {f.text: f.measure for f in extract_text(text).figures}
    assert got["1,482"] == "referrals"
    assert got["1,248"] == got["84.2%"] == "referrals had a decision within 1 working day"
    assert got["12"] == "conferences for new children"
    assert got["317"] == "contacts"  # a base said before keeps its own


def test_extract_a_definition_has_no_period_and_a_target_takes_its_figures():
    text = ("Visits within 20 working days fell to 71.2% in February 2024 from 76.5% in January 2024, against a "
            "target of 80%. The share of agency staff was 27.4% in March 2024; the target is 15% by March 2025.")
    got = {f.text: (f.role, f.period_normalised) for f in extract_text(text).figures}
    assert got["20"] == ("part_of_definition", None)
    assert got["76.5%"] == ("previous", "January 2024")
    assert got["71.2%"] == ("actual", "February 2024")  # not made previous by March 2024 in the next sentence
    assert got["80%"] == ("target", "February 2024")
    assert got["15%"] == ("target", "March 2025")


def test_extract_comparators_and_changes_take_the_period_of_the_figure_they_are_held_against():
    text = ("In 2023/24, 1,482 referrals were received, a rate of 512.3 per 10,000 children. This is 6.1% lower "
            "than in 2022/23 (1,578) and below both statistical neighbours (548.0) and the England average of "
            "544.5.\n\n"
            "As at 31 March 2024 there were 238 children on a plan, a rate of 41.7 per 10,000 children. This "
            "compares with 44.2 for statistical neighbours and 43.2 for England in 2022/23.\n\n"
            "In calendar year 2023, 57.3% of new plans were issued in time. This is up from 38.9% in 2022 and "
            "above the England average of 50.3% for that year.\n\n"
            "95.8% of visits were in timescale in March 2024, compared with 92.3% in March 2023, a rise of 3.5 "
            "percentage points.")
    got = {f.text: f.period_normalised for f in extract_text(text).figures}
    assert got["548.0"] == got["544.5"] == "2023/24"  # not the previous figure's 2022/23
    assert got["44.2"] == got["43.2"] == "2022/23"  # the period the list gives
    assert got["50.3%"] == "2022"  # "for that year"
    assert got["3.5"] == "March 2024"


def test_extract_a_threshold_is_not_a_comparator_or_a_figure():
    text = ("The average time to adoption was 412 days over the three years to March 2023, inside the national "
            "threshold of 426 days and the England average of 480 days. Visits stood at 87.9% in March 2024; "
            "the RAG rating turns red below 85%.")
    got = {f.text: (f.role, f.period_normalised) for f in extract_text(text).figures}
    assert got["426"] == ("threshold", None) and got["85%"] == ("threshold", None)
    assert got["480"][0] == "comparator" and got["87.9%"][0] == "actual"


def test_extract_ages_are_years_in_a_definition():
    text = ("The under-18 conception rate was 13.1 per 1,000 women aged 15 to 17 in 2021. 58.1% of care leavers "
            "aged 19-21 were in education. The proportion of 16 and 17 year olds not in education was 4.2%. "
            "Coverage at age five was 86.4%. Reviews at 6 to 8 weeks were completed for 88.2%. "
            "Caseloads under 20 were 45.")
    got = [(f.text, f.unit, f.role) for f in extract_text(text).figures]
    ages = [(t, u, r) for t, u, r in got if r == "part_of_definition"]
    assert ages == [("18", "years", "part_of_definition"), ("15", "years", "part_of_definition"),
                    ("17", "years", "part_of_definition"), ("19", "years", "part_of_definition"),
                    ("21", "years", "part_of_definition"), ("16", "years", "part_of_definition"),
                    ("17", "years", "part_of_definition"), ("five", "years", "part_of_definition"),
                    ("6", "weeks", "part_of_definition"), ("8", "weeks", "part_of_definition"),
                    ("20", "count", "part_of_definition")]
    assert ("13.1", "rate_per_1000", "actual") in got and ("45", "count", "actual") in got


def test_extract_counts_in_words_that_end_a_clause_and_a_fronted_part():
    text = ("There were 17 permanent exclusions in 2022/23. At Key Stage 2, permanent exclusions fell from six in "
            "2021/22 to two. The service approved nine new fostering households and lost five, a net gain of four. "
            "Only four (22%) of the 18 cases concluded within 26 weeks. The team was the only one. This one is new. "
            "Each one was seen.")
    figures = extract_text(text).figures
    got = {f.text: f for f in figures}  # (the last of each text)
    assert [(f.text, f.value, f.role) for f in figures if f.text in ("two", "five", "four")] == [
        ("two", 2.0, "actual"), ("five", 5.0, "actual"), ("four", 4.0, "change"), ("four", 4.0, "actual")]
    assert got["two"].period_normalised == "2022/23"  # not the 2021/22 it fell from
    assert got["two"].measure == got["six"].measure == "permanent exclusions at Key Stage 2"
    assert got["17"].measure == "permanent exclusions"
    assert "one" not in got  # a pronoun ("the only one", "this one is", "each one was")


def test_extract_one_as_a_count_is_kept():
    got = [(f.text, f.value) for f in extract_text("Only one child was placed. One child left.").figures]
    assert got == [("one", 1.0), ("One", 1.0)]


@pytest.mark.parametrize("text,figure,measure", [
    # a share said of those who were, with a part named first after it
    ("Among children with an EHC plan, 29.4% were persistently absent.", "29.4%",
     "persistently absent among children with an EHC plan"),
    ("82% were progressed within 24 hours.", "82%", "progressed within 24 hours"),
    # a count with a verb after it is a part of the measure before
    ("Of the 274 children, 41 came from the police.", "41", "children"),
    # ... named as such after "of which" or "of whom", with a bracket said of the same
    ("The Local Authority Designated Officer received 317 contacts in 2023/24, of which 114 (36%) met the "
     "threshold for a referral.", "114", "contacts that met the threshold for a referral"),
    ("The Local Authority Designated Officer received 317 contacts in 2023/24, of which 114 (36%) met the "
     "threshold for a referral.", "36%", "contacts that met the threshold for a referral"),
    ("The Local Authority Designated Officer received 317 contacts in 2023/24, of which 114 (36%) met the "
     "threshold for a referral.", "317", "contacts"),
    ("There were 64 children open to the team, of whom 21 were assessed as at significant risk.", "21",
     "children open to the team that were assessed"),  # not "... team of whom"
], ids=["share-were", "share-first", "count-verb", "of-which", "of-which-bracket", "of-which-whole", "of-whom"])
def test_extract_measure_of_a_share_or_a_part(text, figure, measure):
    assert {f.text: f.measure for f in extract_text(text).figures}[figure] == measure


def test_extract_a_time_before_a_noun_names_a_kind_of_measure():
    text = ("The rolling 6-month figure of 522 is below the 12-month figure of 693. The 6 month rate has "
            "surpassed the target. Visits took 6 months on average.")
    got = [(f.text, f.role) for f in extract_text(text).figures]
    assert ("12", "part_of_definition") in got and ("522", "actual") in got
    assert ("6", "part_of_definition") in got  # "The 6 month rate" ("rolling 6-month" is a period)
    assert ("6", "actual") in got  # "took 6 months": a figure


def test_extract_an_aside_after_a_comma_ends_the_subject():
    text = ("Persistent absence, defined as missing 10% or more of possible sessions, fell to 19.8%, "
            "and is below the England figure of 21.2%.")
    got = {f.text: (f.role, f.measure) for f in extract_text(text).figures}
    assert got["19.8%"] == ("actual", "Persistent absence")
    assert got["21.2%"] == ("comparator", "Persistent absence")
    assert got["10%"][0] == "part_of_definition"


def test_extract_numbers_in_a_bold_name_are_part_of_it_and_halves_are_read():
    text = ("**CF19: Other Placements (Z1, 38.6, Unregulated) No.** The number of other placements rose from "
            "14 in September 2022 to 16 in September 2023.\n\n"
            "**Re-referrals rose to 24% in September 2023.** This is above the target.\n\n"
            "The percentage of children receiving a 2 to 2½ year review was 82.3% in September 2023.")
    got = {f.text: f for f in extract_text(text).figures}
    assert got["38.6"].role == "part_of_definition"
    assert got["14"].role == "previous" and got["16"].role == "actual"
    assert got["24%"].role == "actual"  # a bold statement, not a name
    assert (got["2½"].value, got["2½"].role) == (2.5, "part_of_definition")
    assert got["2"].role == "part_of_definition"
    assert got["82.3%"].measure == "children receiving a 2 to 2½ year review"


def test_extract_a_comma_inside_a_bracket_does_not_cut_the_subject():
    text = "The rate of contacts received (rolling 12 months, Locality North) stood at 2,848.8 per 10,000 children."
    (figure,) = extract_text(text).figures
    assert figure.measure == "contacts received rolling 12 months Locality North"


def test_check_compares_with_the_figure_said_before_in_the_paragraph():
    """ "This compares with 381 in June 2023, an increase of 24": the figure compared is the one
    said before with the same measure (398), so the increase is 17, not 24; "Contacts fell ...
    compared with Quarter 3 (8,382)" after 8,914 contacts is a rise."""
    found = _issues
    assert found("There were 398 children in care at the end of June 2024, a rate of 68.1 per 10,000 children. "
                 "This compares with 381 in June 2023, an increase of 24.") == [("change_mismatch", "24")]
    assert found("There were 398 children in care at the end of June 2024, a rate of 68.1 per 10,000 children. "
                 "This compares with 381 in June 2023, an increase of 17.") == []
    assert found("The MASH received 8,914 contacts in Quarter 4. Contacts fell by 6.3% compared with Quarter 3 "
                 "(8,382).") == [("direction_contradiction", "8,382")]
    # the base of a percentage, said before "of which", is the figure compared, and its denominator
    assert found("The MASH received 8,914 contacts in Quarter 4, of which 82% (3,045) were progressed within "
                 "24 hours. Contacts fell by 6.3% compared with Quarter 3 (8,382).") == [
        ("fraction_mismatch", "8,914 contacts in Quarter 4, of which 82%"), ("direction_contradiction", "8,382")]
    assert found("In 2023/24, 1,482 referrals were received, of which 84.2% (1,248) had a decision within 1 "
                 "working day.") == []
    # two figures of the measure before: which one is compared is not clear, so nothing is said
    assert found("In 2023/24, 332 children from 198 families had a new referral. This is an increase on "
                 "2022/23 (286 children).") == []


def test_check_one_measure_named_more_briefly_later_in_its_paragraph():
    from narrator.check import check_extraction
    first = ("58.1% of care leavers aged 17 to 21 were in education, employment or training at the end of "
             "Quarter 2, against a target of 60%.")
    later = "In summary, Quarter 2 education, employment or training stood at 55.8%."
    issues = check_extraction(extract_text(f"{first} We are in touch with most of them. {later}"))
    assert [(i.kind, i.quote) for i in issues] == [("inconsistent_value", "55.8%")]
    assert "58.1%" in issues[0].reason
    assert check_extraction(extract_text(f"{first}\n\n{later}")) == ()  # another paragraph: another part
    assert check_extraction(extract_text(  # the same value said briefly: nothing to say
        f"{first} {later.replace('55.8%', '58.1%')}")) == ()
    assert check_extraction(extract_text(  # the one name is not the end of the other: two measures
        "In Quarter 2, 58.1% of care leavers were in suitable accommodation. In Quarter 2, 61.0% of young "
        "people in custody were in suitable accommodation.")) == ()
    assert check_extraction(extract_text(  # a name of two words is too short to tell
        "In Quarter 2, 58.1% of children on a plan were visited. In Quarter 2, the share on a plan visited "
        "stood at 61.0%.")) == ()  # ("plan visited")


def test_check_finds_nothing_in_narrators_reports_for_synthetic_councils(tmp_path):
    """Ten councils' whole reports (100 indicators each, random walks): no alarm is raised by
    narrator's own sentences (there were 138 on the benchmark corpus before the checks above)."""
    import subprocess
    import sys

    from narrator.check import check_extraction
    from narrator.plan import report
    from narrator.write import commentary_markdown

    subprocess.run([sys.executable, str(EXAMPLES / "synthetic.py"), "--councils", "10", "--indicators", "100",
                    "-o", str(tmp_path)], check=True, capture_output=True)
    found = []
    for card_file in sorted(tmp_path.glob("*.csv")):
        text = "".join(commentary_markdown(report(load_scorecard(card_file))))
        found += [(card_file.name, i.kind, i.quote) for i in check_extraction(extract_text(text))]
    assert found == []


def test_extract_cue_file_errors_are_reported_with_their_keys(tmp_path):
    """phrasebank/extract.yml is checked when it loads: a list under `measures` that is not one,
    an unknown list, and a word that is not text are each reported with where they are."""
    from narrator.errors import ConfigError
    from narrator.extract import _load
    from narrator.settings import DEFAULT

    text = (DEFAULT.phrasebank / "extract.yml").read_text(encoding="utf-8")
    text = text.replace("  existential: [there, we]", "  existential: [there, {we: 1}]\n  verbz: [was]")
    path = tmp_path / "extract.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        _load(path)
    message = str(raised.value)
    assert "measures.existential[1]" in message and "measures.verbz: unknown key" in message
