"""Realisation: wording from the phrasebank, house style, numbers traced, deterministic."""

import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.errors import ConfigError
from narrator.load import load_scorecard
from narrator.plan import narrate
from narrator.realise import contract, load_phrasebank, subject, word_count
from narrator.settings import DEFAULT, Settings

CARD = """\
ref,indicator,unit,polarity,previous_year,current,current_period,target,statistical_neighbours (2021/22),england (2021/22),band
2,Referrals to social care that were within 12 months of a previous referral (%),percent,low,19,26.9,September 2023,22,21,20,In range
4,Assessments completed within 45 working days (%),percent,high,79,65.2,September 2023,84,89,84,In range
1,Referrals received (rate),rate_per_10k,neutral,768,693,September 2023,650,579,538,Higher
9,Initial Child Protection Conferences held within 15 working days (%),percent,high,92,70,September 2023,,82,79,Lower
"""


@pytest.fixture
def commentary(write_csv):
    return narrate(load_scorecard(write_csv(CARD)))


def test_realise_opening_states_latest_previous_and_judgement(commentary):
    p = {p.indicator.ref: p for p in commentary.paragraphs}
    assert "26.9% in September 2023" in p["2"].text and "19.0% in September 2022" in p["2"].text
    assert "worse" in p["2"].sentences[0].text
    assert "65.2%" in p["4"].text and "79.0%" in p["4"].text
    assert "18.8 percentage points" in p["4"].text and "84.0%" in p["4"].text


def test_realise_neutral_indicator_never_judged(commentary):
    text = next(p for p in commentary.paragraphs if p.indicator.ref == "1").text
    assert not re.search(r"improv|worse|better", text)
    assert "693 per 10,000 children" in text and text.count("per 10,000 children") == 1


def test_realise_comparators_aggregated_with_their_year(commentary):
    text = next(p for p in commentary.paragraphs if p.indicator.ref == "4").text
    assert "below both the statistical neighbour average (89.0%) and the England average (84.0%) for 2021/22" in text


def test_realise_every_number_has_a_source(commentary):
    for p in commentary.paragraphs:
        for s in p.sentences:
            for n in s.numbers:
                assert n.text in s.text and n.source
            # every figure written in the sentence is listed (periods are not figures)
            name = subject(p.indicator, load_phrasebank())
            stripped = contract(s.text).replace(name, "").replace(name[:1].lower() + name[1:], "")
            stripped = re.sub(r"(September|August|July) \d{4}|\d{4}/\d{2}|middle 50(?:%| per cent)", "", stripped)
            listed = "".join(n.text for n in s.numbers)
            for token in re.findall(r"\d[\d,.]*%?", stripped):
                assert token.rstrip(".,") in listed, (token, s.text)


def test_realise_sentences_short(commentary):
    for p in commentary.paragraphs:
        for s in p.sentences:
            assert word_count(s.text) <= 25, s.text


def test_realise_deterministic(write_csv):
    path = write_csv(CARD)
    a = [p.text for p in narrate(load_scorecard(path)).paragraphs]
    b = [p.text for p in narrate(load_scorecard(path)).paragraphs]
    assert a == b


def test_realise_per_cent_profile(write_csv):
    text = " ".join(p.text for p in narrate(load_scorecard(write_csv(CARD)), style="per_cent").paragraphs)
    assert "26.9 per cent" in text and "%" not in text.replace("middle 50%", "")


@pytest.mark.parametrize("name,expected", [
    ("Assessments completed within 45 working days (%)", "Assessments completed within 45 working days"),
    ("Care Leavers 19-21 in Touch", "Care leavers aged 19 to 21 in touch"),
    ("Care Leavers in Touch 17-21 (%) BIRTHDAY CONTACT", "Care leavers in touch aged 17 to 21 (birthday contact)"),
    ("Hospital admissions for self-harm aged 10-24 years", "Hospital admissions for self-harm aged 10 to 24 years"),
    ("Health visitor reviews at 2-2½ years", "Health visitor reviews at 2 to 2½ years"),
    ("Children in care 3 - 15 with a PEP", "Children in care aged 3 to 15 with a PEP"),
    ("Referrals 100-200 per week", "Referrals 100 to 200 per week"),
    ("% of Assessments Completed in 45 Days (Year to date)", "The percentage of assessments completed in 45 days (year to date)"),
    ("No. of Social Workers with caseloads over 20", "The number of social workers with caseloads over 20"),
    ("Number of CIN Plans", "The number of CIN plans"),
    ("Average Caseload per Social Worker", "The average caseload per social worker"),
    ("Averages of caseloads", "Averages of caseloads"),  # an opening word, not the start of one
    ("Independent and Semi-Independent Living", "Independent and semi-independent living"),
    ("Children Open to Post-16 Services", "Children open to post-16 services"),
    ("MASH Screenings Completed within 72hrs", "MASH screenings completed within 72 hours"),
    ("Contacts Received Inc. LCS contacts", "Contacts received including LCS contacts"),
    ("Children & Young People Seen", "Children and young people seen"),
    ("A&E Attendances", "A&E attendances"),
    ("Referrals received (No. month)", "Referrals received"),
    ("Child Protection Plan Reviews in timescale (% YTD)", "Child protection plan reviews in timescale (year to date)"),
    ("Contact referred to children's social care (% of ALL contact in month EHM and LCS)",
     "Contact referred to children's social care"),
    ("Children in England with an EHCP", "Children in England with an EHCP"),
    ("Pupils at Key Stage 2 in Year 6 Attending", "Pupils at Key Stage 2 in Year 6 attending"),
    ("Looked After Children with a current dental check (% LAC 12m+)",
     "Looked after children with a current dental check"),
])
def test_realise_subject(name, expected):
    from narrator.model import CellRef, Indicator, Polarity, Unit
    ind = Indicator("X", name, "T", Unit.OTHER, Polarity.NEUTRAL, 0, CellRef("f", None, 1, 1))
    assert subject(ind, load_phrasebank()) == expected


def test_realise_subject_a_name_opening_with_a_verb_takes_the_catalogue_label():
    from narrator.model import CellRef, Indicator, Polarity, Unit
    ind = Indicator("X", "Meeting the Statutory Requirement for Health Assessments (% LAC +12m)", "T", Unit.PERCENT,
                    Polarity.HIGH, 0, CellRef("f", None, 1, 1),
                    label="Children in care with an up-to-date health assessment")
    assert subject(ind, load_phrasebank()) == "The percentage of children in care with an up-to-date health assessment"
    smoking = Indicator("Y", "Smoking status at the time of delivery", "T", Unit.PERCENT, Polarity.LOW, 1,
                        CellRef("f", None, 1, 1), label="Smoking at time of delivery")
    assert subject(smoking, load_phrasebank()) == "Smoking status at the time of delivery"


@pytest.mark.parametrize("name,unit,label,expected", [
    ("Referrals received (annual rate per 10,000 of children)", "rate_per_10k", None,
     "The rate of referrals received"),
    ("Children in need (snapshot rate per 10,000 children)", "rate_per_10k", None,
     "The rate of children in need (snapshot)"),
    ("Children in need rate per 10,000", "rate_per_10k", None, "Children in need rate per 10,000"),
    ("Children in care per 10,000 children", "rate_per_10k", None, "The rate of children in care per 10,000 children"),
    ("Referrals received (No. month)", "count", None, "The number of referrals received"),
    ("Number of CIN Plans", "count", None, "The number of CIN plans"),
    ("Social worker caseloads", "count", None, "Social worker caseloads"),
    ("Social Workers with caseloads over 20", "count", None, "The number of social workers with caseloads over 20"),
    ("Child Protection - open over 18 months", "percent", "Child protection plans open over 18 months",
     "The percentage of child protection plans open over 18 months"),  # a name in two parts: the label
    # a name in two parts with no label: the second part in brackets, with any bracket of its own
    ("Strategy Meeting Attendance by Key Agency - Police (%)", "percent", None,
     "Strategy meeting attendance by key agency (police)"),
    ("Strategy Meeting Outcome - S47 (YTD)", "percent", None,
     "The percentage of strategy meeting outcomes (S47, year to date)"),  # the singular made plural
    ("Strategy Meeting Outcomes-No Further Action (% Month)", "percent", None,
     "The percentage of strategy meeting outcomes (no further action)"),  # a separator with no spaces
    ("MASH Screening Outcomes - Early Help %", "percent", None,  # a plural head before the colon
     "The percentage of MASH screening outcomes (early help)"),
    ("Children in Semi-Independent Placements", "count", None,
     "The number of children in semi-independent placements"),  # a hyphenated word is not one
    ("No. of ASYE with caseloads over 20", "count", None, "The number of ASYE social workers with caseloads over 20"),
    ("Average ASYE caseload", "count", None, "The average ASYE caseload"),
    ("MASH Contact (No)", "count", None, "The number of MASH contacts"),
    ("Contact Received (No. in Month)", "count", None, "The number of contacts received"),
    ("MASH Contact Ending Prior to Screening (%)", "percent", None,
     "The percentage of MASH contacts ending prior to screening"),
    ("Child in Need Plan (No.)", "count", None, "The number of child in need plans"),
    ("Enquiry started", "count", None, "The number of enquiries started"),
    ("Care leavers with a pathway plan", "count", None, "The number of care leavers with a pathway plan"),
    ("Strategy Meeting Attendance by Key Agency (%)", "percent", None, "Strategy meeting attendance by key agency"),
    ("Strengths and Difficulties Questionnaires completed (%)", "percent", None,
     "The percentage of strengths and difficulties questionnaires completed"),
    ("Attendance at Initial Child Protection Conferences by Police (%)", "percent", None,
     "Attendance at initial child protection conferences by police"),  # what is counted is attendance
    ("Referral decisions within 1 working day", "percent", None,
     "The percentage of referral decisions within 1 working day"),
    ("Re-referrals within 12 months (%)", "percent", None, "The percentage of re-referrals within 12 months"),
    ("Percentage of agency social workers (%) in workforce", "percent", None,
     "The percentage of agency social workers in the workforce"),
    ("Re-referral rate", "percent", None, "Re-referral rate"),
    ("Initial Child Protection Conferences held within 15 working days of the start of the section 47 enquiry (%)",
     "percent", "Initial child protection conferences in 15 working days",
     "The percentage of initial child protection conferences in 15 working days"),
])
def test_realise_subject_rates_and_long_names(name, unit, label, expected):
    from narrator.model import CellRef, Indicator, Polarity, Unit
    ind = Indicator("X", name, "T", Unit(unit), Polarity.NEUTRAL, 0, CellRef("f", None, 1, 1), label=label)
    assert subject(ind, load_phrasebank()) == expected


def test_realise_phrasebank_errors_reported_with_keys(tmp_path):
    root = tmp_path / "pb"
    shutil.copytree(DEFAULT.phrasebank, root)
    text = (root / "commentary.yml").read_text()
    text = text.replace('"{subject} was {value} {when}."', '"{subject} was {valeu} {when}."')
    text = text.replace("      same.same:\n", "      same.nothing:\n")
    text = text.replace('  - "\\\\bseries breaks?\\\\b"', '  - "(series break"')
    text = text.replace('article: "the {name}"', 'article: "the {nmae}"')
    text = text.replace("- ['(\\d+)\\s?hrs?\\b', '\\1 hours']", "- ['\\d+\\s?hrs?\\b', '\\1 hours']")
    text = text.replace("- ['\\s&\\s', ' and ']", "- ['(\\s&\\s', ' and ']")
    (root / "commentary.yml").write_text(text)
    with pytest.raises(ConfigError) as err:
        load_phrasebank(Settings(phrasebank=root))
    message = str(err.value)
    assert "messages.opening_latest.variants.any[0]: uses valeu" in message
    assert "messages.opening_change.variants.same.same: missing" in message
    assert "messages.opening_change.variants.same.nothing: unknown case" in message
    assert "break_notes[0]: not a regular expression" in message
    assert "subjects.article: expected a phrase with {name} and no other slot" in message
    assert "subjects.spell_out[0]: the replacement names a group the pattern does not have (0)" in message
    assert "subjects.spell_out[6]: not a regular expression" in message


@pytest.mark.parametrize("note,caveat", [
    ("Definition changed in April 2023 to include step-down cases", True),
    ("Figures from June 2023 come from the new case management system and are not directly comparable", True),
    ("Includes children placed out of area", False),
])
def test_realise_caveat_last_when_a_note_says_the_counting_changed(write_csv, note, caveat):
    """The caveat comes after everything else, beyond the usual four messages, and states no figure."""
    from narrator.content import MAX_MESSAGES

    header = "ref,indicator,theme,unit,polarity,previous_year,previous_year_period,current,current_period,target," \
        "statistical_neighbours,england,band,notes,Mar-23,Apr-23,May-23,Jun-23,Jul-23,Aug-23,Sep-23"
    card = load_scorecard(write_csv(f"{header}\nB1,Re-referrals within 12 months (%),Front door,percent,low,"
                                    f"25,September 2022,21.5,September 2023,20,23,22,lower,{note},"
                                    "27,26,25,24,23,22,21.5\n"))
    (para,) = narrate(card).paragraphs
    kinds = [m.kind for m in para.messages]
    assert ("caveat" in kinds) == caveat
    if caveat:
        assert kinds[-1] == "caveat" and len(kinds) == MAX_MESSAGES + 1
        last = para.sentences[-1]
        assert last.kind == "caveat" and last.numbers == () and "counted" in last.text
        assert last.text in para.text and para.text.endswith(last.text)


# Sentences as frames make them: words, figures, punctuation, brackets, and the spaces an empty
# slot leaves (plain, doubled, tabs, no-break and thin spaces).
_FRAME_TEXT = st.text(alphabet=list("ab1%£ ,.;:()-") + [" ", "\t", "\xa0", "\u2009", "\n"], max_size=40)


@settings(max_examples=2000, deadline=None)  # 2,000 examples a run
@given(_FRAME_TEXT)
def test_tidy_shortcut_gives_the_full_clean_up(text):
    from narrator.realise import _tidy_all, tidy

    assert tidy(text) == _tidy_all(text)


@settings(max_examples=1000, deadline=None)  # 1,000 examples a run
@given(_FRAME_TEXT, st.integers(1, 12))
def test_fits_agrees_with_the_word_count(text, limit):
    from narrator.realise import Realiser, _tidy_all

    realiser = Realiser(load_phrasebank(DEFAULT))
    realiser.profile = type(realiser.profile)("test", max_sentence_words=limit)
    sentence = _tidy_all(text)
    assert realiser.fits(sentence) == (word_count(sentence) <= limit)


def test_realise_indicators_that_would_read_the_same_are_told_apart(write_csv):
    """"Contacts received (No. month)" and the same for a locality: the locality's sentences say
    which it is, by the bracket the other name lacks; the council-wide one stays as it was."""
    card = load_scorecard(write_csv(
        "ref,indicator,unit,polarity,previous_year,current,current_period\n"
        "FD1,Contacts received (No. month),count,neutral,1200,1250,September 2023\n"
        "FD1-N,Contacts received (No. month) (Locality North),count,neutral,600,640,September 2023\n"
        "FD1-S,Contacts received (No. month) (Locality South),count,neutral,600,610,September 2023\n"
        "AS1,Assessments completed (No. month),count,neutral,300,320,September 2023\n"
        "FD2,\"Contacts received (rate per 10,000, 12 months rolling)\",rate_per_10k,neutral,3000,3100,September 2023\n"
        "FD2-N,\"Contacts received (rate per 10,000, 12 months rolling) (Locality North)\",rate_per_10k,neutral,"
        "3000,3300,September 2023\n"))
    texts = {p.indicator.ref: p.text for p in narrate(card).paragraphs}
    # a name that ends with a bracket already takes the locality inside it
    assert texts["FD2-N"].startswith("The rate of contacts received (rolling 12 months, Locality North) ")
    assert texts["FD1"].startswith("The number of contacts received ")
    assert "(" not in texts["FD1"].split(" rose", 1)[0] and "Locality" not in texts["FD1"]
    assert texts["FD1-N"].startswith("The number of contacts received (Locality North) ")
    assert texts["FD1-S"].startswith("The number of contacts received (Locality South) ")
    assert texts["AS1"].startswith("The number of assessments completed ")


def _said_in_one_document(write_csv, rows: str):
    """(card, each indicator's subject by ref) for a scorecard of ``rows`` made into one document."""
    from narrator.realise import document_realiser
    card = load_scorecard(write_csv("ref,indicator,unit,polarity,current,current_period\n" + rows))
    realiser = document_realiser(card)
    return card, {ind.ref: realiser.subject(ind) for ind in card.indicators}


def test_realise_a_shared_catalogue_label_only_where_the_brackets_tell_the_indicators_apart(write_csv):
    """Four MASH outcomes share a catalogue label but are different measures: each keeps its own
    name. A council figure and its locality's share one too, and read the same but for the
    bracket: the label serves both, with the locality said."""
    card, said = _said_in_one_document(write_csv, (
        "FD8d,MASH Screening Outcomes - Early Help %,percent,neutral,19,September 2023\n"
        "FD8e,MASH Screening Outcomes - Referral to Other Agency %,percent,neutral,1,September 2023\n"
        "A1,Average days between entering care and moving in with an adoptive family (days),days,low,"
        "443,September 2023\n"
        "A1-N,Average days between entering care and moving in with an adoptive family (days) (Locality North),"
        "days,low,559,September 2023\n"))
    assert card.indicators[0].catalogue_id == card.indicators[1].catalogue_id
    assert said["FD8d"] == "The percentage of MASH screening outcomes (early help)"
    assert said["FD8e"] == "The percentage of MASH screening outcomes (referral to other agency)"
    assert card.indicators[2].catalogue_id == card.indicators[3].catalogue_id
    assert said["A1"] == "The average days from entering care to moving in with adopters"
    assert said["A1-N"] == "The average days from entering care to moving in with adopters (Locality North)"


def test_realise_a_catalogue_label_that_states_other_numbers_is_not_used():
    """The catalogue's label is a general name for a measure: "Referral decisions within 1 working
    day" must not stand for a measure of decisions within 24 hours."""
    from narrator.model import CellRef, Indicator, Polarity, Unit
    pb = load_phrasebank()
    ind = Indicator("X", "Referrals with a decision made within 24 hours (%)", "T", Unit.PERCENT, Polarity.HIGH, 0,
                    CellRef("f", None, 1, 1), label="Referral decisions within 1 working day")
    assert subject(ind, pb, short=True) == "The percentage of referrals with a decision made within 24 hours"
    same = Indicator("Y", "Care Leavers 19-21 EET", "T", Unit.PERCENT, Polarity.HIGH, 0, CellRef("f", None, 1, 1),
                     label="Care leavers aged 19-21 in education, employment or training")
    assert subject(same, pb, short=True) == \
        "The percentage of care leavers aged 19 to 21 in education, employment or training"


def test_realise_three_comparators_standing_three_ways_are_listed_not_butted(write_csv):
    card = load_scorecard(write_csv(
        "ref,indicator,unit,polarity,current,current_period,statistical_neighbours (2022/23),"
        "england (2022/23),north_west (2022/23)\n"
        "X1,Children seen alone (%),percent,high,50,September 2023,60,50.5,40\n"))
    text = narrate(card).paragraphs[0].text
    assert " but " not in text, text
    assert "below the statistical neighbour average (60%), in line with the England average (51%) and " \
           "above the North West average (40%)" in text, text


def test_realise_an_abbreviation_inside_a_bracket_is_written_out_alone_until_used_outside_one():
    """"Strategy meeting outcome (section 47 (S47))" would nest brackets: inside one, the
    abbreviation is written out alone, and it is still written out with itself at its first use
    outside a bracket. One already written out with itself is left as it is."""
    from narrator.realise import Realiser
    from narrator.style import load_style_data
    realiser = Realiser(load_phrasebank(), style_data=load_style_data())
    assert realiser.expand("Strategy meeting outcome (S47) fell.") == "Strategy meeting outcome (section 47) fell."
    assert realiser.expand("The number of S47 enquiries rose.") == "The number of section 47 (S47) enquiries rose."
    assert realiser.expand("Outcome (S47) fell.") == "Outcome (S47) fell."
    fresh = Realiser(load_phrasebank(), style_data=load_style_data())
    written = "The number of children in need (CIN) plans (CIN, year to date) rose."
    assert fresh.expand(written) == written


def test_realise_a_missing_figure_gives_its_reason_and_an_empty_cell_none(write_csv):
    card = load_scorecard(write_csv(
        "ref,indicator,unit,polarity,current,current_period\n"
        "A,Visits in time (%),percent,high,n/a,September 2023\n"
        "B,Audits completed (%),percent,high,Not Yet Available,September 2023\n"
        "C,Reviews in time (%),percent,high,,September 2023\n"))
    said = [p.text for p in narrate(card).paragraphs]
    assert said[0] == "No figure is available for September 2023 (not applicable)."
    assert said[1] == "No figure is available for September 2023 (not yet available)."
    assert said[2] == "No figure is given for September 2023."  # not "(blank)"


def test_realise_a_count_whose_name_says_where_not_what_takes_the_catalogue_label(write_csv):
    """ "Secure Units No" counts children, not units; a count and a percentage of one thing share
    a label without it standing for different measures ("Secure Units No", "Secure Units %")."""
    _, said = _said_in_one_document(write_csv, (
        "CF16,Independent and Semi-Independent Living No,count,neutral,26,September 2023\n"
        "CF17,Independent and Semi-Independent Living %,percent,neutral,3.9,September 2023\n"
        "CF18,Secure Units No,count,neutral,1,September 2023\n"
        "CIN13,Section 47s Completed (no. Month),count,neutral,77,September 2023\n"
        "FD2b,MASH Contact Ending Prior to Screening (No),count,neutral,93,September 2023\n"))
    assert said["CF16"] == "The number of children in semi-independent or supported accommodation"
    assert said["CF17"] == "The percentage of children in semi-independent or supported accommodation"
    assert said["CF18"] == "The number of children in secure placements"
    assert said["CIN13"] == "The number of section 47 enquiries completed"  # the name says what it counts
    assert said["FD2b"] == "The number of MASH contacts ending prior to screening"  # so does this one
