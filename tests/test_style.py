"""The style checker (narrator/style.py): each rule in style-rules.md that text alone can test, with
failing examples and the look-alikes that must pass (false alarms cost an officer's trust)."""

from __future__ import annotations

import dataclasses
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.errors import ConfigError
from narrator.style import (StyleProfile, Violation, check, load_style_data, sentences,
                            unexpanded_abbreviations)

PER_CENT = StyleProfile(name="per_cent", percent_sign=False)


def hits(text: str, rule: str, **kwargs) -> list[str]:
    """The excerpts ``check`` flags under ``rule``."""
    return [v.excerpt for v in check(text, **kwargs) if v.rule == rule]


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


# ---------------------------------------------------------------------------------------------
# sentences()
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "In 2023/24, 81.4% of referrals were completed within 1 working day.",
    "Some measures (e.g. re-referrals) rose.",
    "Some measures, i.e. those with targets, rose.",
    "Referrals, assessments etc. rose in Q2 2023/24.",
    "Agenda item No. 5 covers referrals.",
    "Cllr. Smith asked about the rate in Q2 2023/24.",
    "The rate was 2.5 million in Sept. 2023.",
    "Re-referrals (see p. 12) fell.",
])
def test_style_sentences_keep_one_sentence_whole(text):
    assert split(text) == [text]


@pytest.mark.parametrize("text, expected", [
    ("Referrals rose. Plans fell.", ["Referrals rose.", "Plans fell."]),
    ("It was 81.4%. In 2022/23 it was 84.1%.", ["It was 81.4%.", "In 2022/23 it was 84.1%."]),
    ("Rates rose by 5. 12 plans ended!", ["Rates rose by 5.", "12 plans ended!"]),
    ("Did it rise? Yes.", ["Did it rise?", "Yes."]),
    ("Referrals, contacts etc. Plans fell.", ["Referrals, contacts etc.", "Plans fell."]),
    ('He said "it rose." Then it fell.', ['He said "it rose."', "Then it fell."]),
    ("**R2: Open cases.** Open cases fell.", ["**R2: Open cases.**", "Open cases fell."]),
    ("First paragraph\n\nSecond paragraph", ["First paragraph", "Second paragraph"]),
    ("A sentence wrapped\nacross two lines.", ["A sentence wrapped\nacross two lines."]),
])
def test_style_sentences_split(text, expected):
    assert split(text) == expected


def test_style_sentences_bullets_and_headings():
    text = "## Referrals\nReferrals rose:\n- 5 more children\n* Five more families\n1. First item\n\n---\n"
    assert split(text) == ["Referrals", "Referrals rose:", "5 more children", "Five more families", "First item"]


def test_style_sentences_skips_table_rows():
    assert split("| 1119 | 2023-24 |\nRate\t81.4\t84.1\nReferrals rose.") == ["Referrals rose."]


# ---------------------------------------------------------------------------------------------
# N1 % with no space; no "per cent" (ONS) / "per cent", no % (per_cent profile)
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("The rate was 81.4 %.", "81.4 %"),
    ("The rate was 81.4\u00a0%.", "81.4\u00a0%"),
    ("The rate was 81.4 per cent.", "per cent"),
    ("The rate was 81.4 percent.", "percent"),
    ("The rate was 81.4 per-cent.", "per-cent"),
    ("Per cent of referrals completed rose.", "Per cent"),
])
def test_style_N1_ons_fails(text, excerpt):
    assert hits(text, "N1") == [excerpt]


@pytest.mark.parametrize("text", [
    "The rate was 81.4%.",
    "The percentage of referrals completed rose.",
    "It rose by 3.2 percentage points.",
    "The 90th percentile was 12 days.",
    "Referrals (%) rose.",
])
def test_style_N1_ons_passes(text):
    assert hits(text, "N1") == []


@pytest.mark.parametrize("text, excerpt", [
    ("The rate was 81.4%.", "81.4%"),
    ("The rate was 81.4 %.", "81.4 %"),
    ("The rate was 81.4 percent.", "percent"),
    ("The rate was 81.4 per-cent.", "per-cent"),
])
def test_style_N1_per_cent_profile_fails(text, excerpt):
    assert hits(text, "N1", profile=PER_CENT) == [excerpt]


@pytest.mark.parametrize("text", [
    "The rate was 81.4 per cent.",
    "The percentage of referrals completed rose by 3.2 percentage points.",
    "Referrals (%) rose.",
])
def test_style_N1_per_cent_profile_passes(text):
    assert hits(text, "N1", profile=PER_CENT) == []


# ---------------------------------------------------------------------------------------------
# N2 percentage points
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("It rose by 3.2% points.", "% points"),
    ("It rose by 3.2 % points.", "% points"),
    ("It has fallen 18% pts since May.", "% pts"),
    ("It rose by 3.2 per cent points.", "per cent points"),
    ("The %age of children seen rose.", "%age"),
    ("It rose by 3.2pp.", "3.2pp"),
    ("It rose by 3.2 pp in the year.", "3.2 pp"),
    ("It rose by 3.2 p.p. in the year.", "3.2 p.p."),
    ("It rose by 3.2 ppts.", "3.2 ppts"),
    ("It rose by 2 percentage point.", "2 percentage point"),
    ("It rose by 0.1 percentage point.", "0.1 percentage point"),
    ("It rose by 1 percentage points.", "1 percentage points"),
    ("It rose by 1.0 percentage points.", "1.0 percentage points"),
    ("It rose by one percentage points.", "one percentage points"),
])
def test_style_N2_fails(text, excerpt):
    assert hits(text, "N2") == [excerpt]


@pytest.mark.parametrize("text", [
    "It rose by 3.2 percentage points.",
    "It rose by 1 percentage point.",
    "It rose by 1.0 percentage point.",
    "It rose by 10 percentage points.",
    "It rose by 11 percentage points.",
    "It rose by 0.1 percentage points.",
    "There was a 3.2 percentage point rise.",
    "There was a 2 percentage-point gap with England.",
    "The percentage point change was small.",
    "The rate was 81.4%, pointing to a rise.",
])
def test_style_N2_passes(text):
    assert hits(text, "N2") == []


# ---------------------------------------------------------------------------------------------
# N3 same decimal places for the percentages in a sentence
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("The rate was 81.4% and 84% a year earlier.", "84%"),
    ("It rose from 81.4% to 84.10%.", "84.10%"),
    ("It was 81% against a target of 90.0%.", "90.0%"),
])
def test_style_N3_fails(text, excerpt):
    assert hits(text, "N3") == [excerpt]


def test_style_N3_fails_per_cent():
    assert hits("It was 81.4 per cent and 84 per cent.", "N3", profile=PER_CENT) == ["84 per cent"]


@pytest.mark.parametrize("text", [
    "The rate was 81.4% and 84.0% a year earlier.",
    "The rate was 81% and 84% a year earlier.",
    "The rate was 81.4%. A year earlier it was 84%.",
    "The rate was 81.4% (1,119 of 1,374), up from 79.2%.",
    "The rate was 81.4%, up 3 percentage points.",
    "Referrals were 1,119, up 12.5 from 1,106.5.",
])
def test_style_N3_passes(text):
    assert hits(text, "N3") == []


# ---------------------------------------------------------------------------------------------
# N4 leading zero
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("The rate was .5", ".5"),
    ("The rate was .5 per child.", ".5"),
    ("Each visit cost £.50 more.", ".50"),
    ("The ratio (.25) fell.", ".25"),
])
def test_style_N4_fails(text, excerpt):
    assert hits(text, "N4") == [excerpt]


@pytest.mark.parametrize("text", [
    "The rate was 0.5 per child.",
    "The rate was 81.4%.",
    "Spending was 1,000.50 pounds.",
    "See section 3.2 of the report.",
    "It rose... 5 more plans began.",
])
def test_style_N4_passes(text):
    assert hits(text, "N4") == []


# ---------------------------------------------------------------------------------------------
# N5 thousands separators
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("There were 1119 children.", "1119"),
    ("There were 12345 contacts.", "12345"),
    ("There were 1000 children.", "1000"),
    ("It took 1119.5 hours.", "1119.5"),
    ("Spending was £2000 a head.", "2000"),
    ("It rose by 2000%.", "2000"),
    ("There were 1 119 children.", "1 119"),
    ("There were 12 345 contacts.", "12 345"),
    ("There were 1\u00a0119 children.", "1\u00a0119"),
])
def test_style_N5_fails(text, excerpt):
    assert hits(text, "N5") == [excerpt]


def test_style_N5_suggests_commas():
    [violation] = [v for v in check("There were 1234567 contacts.") if v.rule == "N5"]
    assert "1,234,567" in violation.message


@pytest.mark.parametrize("text", [
    "There were 1,119 children.",
    "There were 1,119,000 contacts.",
    "It rose in 2023.",
    "It rose from 2022/23 to 2023/24.",
    "It rose in 2023-24.",
    "It rose in 2023/2024.",
    "It rose in Q2 2023/24 and in September 2023.",
    "CIN4, NI136, NI1360 and section 47 enquiries rose.",
    "Year 6 pupils did well.",
    "Year 6 100 metre times improved.",
    "It was higher than in the 1990s.",
    "Call 0151 934 2078 for details.",
    "Complaint ref 12345 was upheld.",
    "There were 999 children.",
    "The rate was 693 per 10,000 children.",
    "Spending was £2.5 million.",
    "Monthly counts were 802 811 826 830 841 829 in turn.",
])
def test_style_N5_passes(text):
    assert hits(text, "N5") == []


# ---------------------------------------------------------------------------------------------
# N6 no sentence or bullet starts with a numeral
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("1,119 children were referred in 2023/24.", "1,119"),
    ("2023/24 saw a rise in referrals.", "2023/24"),
    ("Referrals rose. 12 plans ended.", "12"),
    ("Referrals rose:\n- 5 more children were seen", "5"),
    ("* 12 plans ended", "12"),
    ("£5 million was spent.", "£5"),
    ("(12 plans ended.)", "(12"),
])
def test_style_N6_fails(text, excerpt):
    assert hits(text, "N6") == [excerpt]


@pytest.mark.parametrize("text", [
    "In 2023/24, 1,119 children were referred.",
    "Twelve plans ended.",
    "Referrals rose by 5. Plans fell.",
    "Referrals rose:\n- five more children were seen\n- Plans fell",
    "1. The first point is this.",
    "The rate was 81.4%.",
])
def test_style_N6_passes(text):
    assert hits(text, "N6") == []


# ---------------------------------------------------------------------------------------------
# N7 ranges with "to"
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("Care leavers aged 19-21 were in touch.", "19-21"),
    ("Care leavers aged 19–21 were in touch.", "19–21"),
    ("It took between 5 - 10 days.", "5 - 10"),
    ("Between 5-10% were late.", "5-10"),
    ("See the report (pages 3 - 6).", "3 - 6"),
    ("Rates rose over 2019-2023.", "2019-2023"),
    ("It rose from 2022/23-2023/24.", "2022/23-2023/24"),
    ("Most 16-17 year olds were in education.", "16-17"),
    ("A 2-2½ year review was held.", "2-2½"),
])
def test_style_N7_fails(text, excerpt):
    assert hits(text, "N7") == [excerpt]


@pytest.mark.parametrize("text", [
    "Care leavers aged 19 to 21 were in touch.",
    "It rose in 2023-24.",
    "It rose in 2023–24.",
    "It rose in 2023-2024.",
    "It rose in 1999-00.",
    "It rose from 2022/23 to 2023/24.",
    "The meeting on 2023-11-28 noted it.",
    "The meeting on 28-11-2023 noted it.",
    "CIN4-5 and S47 rose.",
    "Call 0151-934-2078 for details.",
    "Over a 12-month period it rose.",
    "In 2023/24 - 1,119 children were referred.",
    "It rose in 2023 — 24 more children than before.",
])
def test_style_N7_passes(text):
    assert hits(text, "N7") == []


def test_style_N7_two_digit_period_suggests_full_year():
    [violation] = [v for v in check("It was higher than 21-22.") if v.rule == "N7"]
    assert "2021/22" in violation.message


# ---------------------------------------------------------------------------------------------
# N8 ordinals
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("It was the 1st time.", "1st"),
    ("It was the 2nd time.", "2nd"),
    ("It was the 3rd time.", "3rd"),
    ("It was the 9th month of rises.", "9th"),
    ("It was the 4th of 5 authorities.", "4th"),
    ("It was the 1<sup>st</sup> time.", "1<sup>st</sup>"),
    ("It was the 21ˢᵗ time.", "21ˢᵗ"),
])
def test_style_N8_fails(text, excerpt):
    assert hits(text, "N8") == [excerpt]


@pytest.mark.parametrize("text", [
    "It was the first time.",
    "It was the ninth month of rises.",
    "It was the 10th month of rises.",
    "It was the 11th, 21st and 22nd month.",
    "It ranked 6th out of 12 authorities.",
    "It ranked 4th of 24 in the North West.",
])
def test_style_N8_passes(text):
    assert hits(text, "N8") == []


def test_style_N8_message_gives_word():
    assert "'third'" in [v for v in check("It was the 3rd time.") if v.rule == "N8"][0].message


# ---------------------------------------------------------------------------------------------
# N9 millions and billions
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("Spending was £1.2m.", "£1.2m"),
    ("There were 5k visits.", "5k"),
    ("Spending was £3bn.", "£3bn"),
    ("Spending was £3 m.", "£3 m"),
    ("Spending was £3b.", "£3b"),
    ("There were 10M visits.", "10M"),
    ("There were 2.5 Million visits.", "2.5 Million"),
    ("There were 2.5million visits.", "2.5million"),
])
def test_style_N9_fails(text, excerpt):
    assert hits(text, "N9") == [excerpt]


@pytest.mark.parametrize("text", [
    "Spending was £1.2 million.",
    "There were 2.5 million visits.",
    "Spending was £3 billion.",
    "The walk was 5km.",
    "Year 5b did well.",
    "It took 15 minutes.",
    "It took 10 mins.",
])
def test_style_N9_passes(text):
    assert hits(text, "N9") == []


def test_style_N9_k_suggests_full_number():
    assert "'5,000'" in [v for v in check("There were 5k visits.") if v.rule == "N9"][0].message


# ---------------------------------------------------------------------------------------------
# N10 "No." for number
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("No. of referrals rose.", "No."),
    ("The no. of children rose.", "no."),
    ("It was item no. 5 on the list.", "no."),
    ("Nos of children rose.", "Nos"),
    ("The no. children seen rose.", "no."),
])
def test_style_N10_fails(text, excerpt):
    assert hits(text, "N10") == [excerpt]


@pytest.mark.parametrize("text", [
    "No children were referred.",
    "The number of referrals rose.",
    "No, the rate did not change.",
    "The answer was no. The rate held.",
    "Nobody noted it.",
])
def test_style_N10_passes(text):
    assert hits(text, "N10") == []


# ---------------------------------------------------------------------------------------------
# L1 sentence length
# ---------------------------------------------------------------------------------------------

def _sentence(words: int) -> str:
    return " ".join(["Referrals"] + ["word"] * (words - 2) + ["81.4%."])


def test_style_L1_26_words_fails():
    text = _sentence(26)
    assert [(v.rule, v.start, v.end) for v in check(text) if v.rule == "L1"] == [("L1", 0, len(text))]
    assert "26 words" in check(text)[0].message


def test_style_L1_25_words_passes():
    assert hits(_sentence(25), "L1") == []


def test_style_L1_counts_only_tokens_with_letters_or_digits():
    assert hits(_sentence(25).replace("word word", "word - word", 3), "L1") == []


def test_style_L1_per_cent_counts_as_one_word_like_the_sign():
    per_cent = StyleProfile("per_cent", percent_sign=False)
    text = _sentence(25).replace("81.4%.", "81.4 per cent.")
    assert hits(text, "L1", profile=per_cent) == []
    assert hits(text.replace("Referrals", "Referrals word"), "L1", profile=per_cent) != []


def test_style_L1_each_sentence_separately():
    assert hits(_sentence(20) + " " + _sentence(20), "L1") == []


def test_style_L1_profile_limit():
    assert hits(_sentence(26), "L1", profile=StyleProfile(max_sentence_words=30)) == []
    assert hits(_sentence(21), "L1", profile=StyleProfile(max_sentence_words=20)) != []


# ---------------------------------------------------------------------------------------------
# L3 significance words
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("It was significantly below target.", "significantly"),
    ("There was a significant rise.", "significant"),
    ("Statistically, the rate rose.", "Statistically"),
    ("The change was insignificant.", "insignificant"),
])
def test_style_L3_fails(text, excerpt):
    assert hits(text, "L3") == [excerpt]


@pytest.mark.parametrize("text", [
    "There was a large rise.",
    "There was a notable rise of 3.2 percentage points.",
    "The sign of the change was clear.",
])
def test_style_L3_passes(text):
    assert hits(text, "L3") == []


def test_style_L3_allowed_when_significance_tested():
    assert hits("There was a statistically significant rise.", "L3", significance_tested=True) == []


# ---------------------------------------------------------------------------------------------
# L4 banned emotive words
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("Referrals soared.", "soared"),
    ("Referrals Plummeted in May.", "Plummeted"),
    ("A DRAMATIC rise.", "DRAMATIC"),
    ("A huge rise.", "huge"),
    ("An alarming rise.", "alarming"),
    ("The vast majority were seen.", "vast"),
    ("Costs skyrocketed.", "skyrocketed"),
    ("Costs sky-rocketed.", "sky-rocketed"),
])
def test_style_L4_fails(text, excerpt):
    assert hits(text, "L4") == [excerpt]


@pytest.mark.parametrize("text", [
    "Referrals rose by 12%.",
    "The direction of travel was down.",
    "The car crash data were late.",
    "Most children were seen.",
    "Staff canvassed views.",
])
def test_style_L4_passes(text):
    assert hits(text, "L4") == []


# ---------------------------------------------------------------------------------------------
# L11 British spelling
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt, uk", [
    ("We analyze the data.", "analyze", "analyse"),
    ("Analyzed data show a rise.", "Analyzed", "Analysed"),
    ("The program ended.", "program", "programme"),
    ("The color coding changed.", "color", "colour"),
    ("Behavior improved.", "Behavior", "Behaviour"),
    ("The family center opened.", "center", "centre"),
    ("The organization grew.", "organization", "organisation"),
    ("We prioritize visits.", "prioritize", "prioritise"),
    ("We utilize data.", "utilize", "utilise"),
    ("It was a judgment call.", "judgment", "judgement"),
    ("To fulfill our duty.", "fulfill", "fulfil"),
    ("ENROLLMENT rose.", "ENROLLMENT", "ENROLMENT"),
    ("Progress toward target was slow.", "toward", "towards"),
])
def test_style_L11_fails(text, excerpt, uk):
    [violation] = [v for v in check(text) if v.rule == "L11"]
    assert violation.excerpt == excerpt
    assert f"'{uk}'" in violation.message


@pytest.mark.parametrize("text", [
    "We analyse the data.",
    "The programme ended.",
    "The computer program crashed less often.",
    "The colour coding changed.",
    "The family centre opened.",
    "The organisation grew.",
    "It was a judgement call.",
    "The licence was renewed.",
    "The centrepiece was the analysis.",
])
def test_style_L11_passes(text):
    assert hits(text, "L11") == []


def test_style_L11_map_has_60_pairs():
    assert len(load_style_data().us_to_uk) >= 60


# ---------------------------------------------------------------------------------------------
# L6 a headline is one sentence
# ---------------------------------------------------------------------------------------------

def test_style_L6_one_sentence_passes():
    assert hits("Referrals rose to 1,119 in 2023/24, the highest in five years.", "L6", headline=True) == []


def test_style_L6_two_sentences_fails():
    assert hits("Referrals rose. Plans fell.", "L6", headline=True) == ["Plans fell."]


def test_style_L6_empty_fails():
    assert [v.rule for v in check("", headline=True)] == ["L6"]


def test_style_L6_only_for_headlines():
    assert hits("Referrals rose. Plans fell.", "L6") == []


# ---------------------------------------------------------------------------------------------
# L2 abbreviations written out on first use
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, excerpt", [
    ("The number of CIN plans rose.", "CIN"),
    ("CIN plans rose. Children in need (CIN) plans fell.", "CIN"),
    ("SEND support rose.", "SEND"),
    ("EHCPs rose.", "EHCPs"),
    ("Children in need (CP) plans rose and CP fell.", "CP"),
])
def test_style_L2_fails(text, excerpt):
    assert [v.excerpt for v in unexpanded_abbreviations(text)] == [excerpt]


@pytest.mark.parametrize("text", [
    "Children in need (CIN) plans rose. CIN plans fell.",
    "Child in Need (CIN) plans rose.",
    "Education, Health & Care Plans (EHCPs) rose and EHCP reviews fell.",
    "Looked-after children (LAC) and LAC reviews rose.",
    "Multi-Agency Safeguarding Hub (MASH) contacts rose.",
    "Section 47 (S47) enquiries rose.",
    "CIN (children in need) plans rose.",
    "CIN4 rose.",
    "We send letters.",
    "Children in care (CiC) rose.",
])
def test_style_L2_passes(text):
    assert unexpanded_abbreviations(text) == []


def test_style_L2_message_gives_expansion():
    [violation] = unexpanded_abbreviations("The number of CIN plans rose.")
    assert violation.rule == "L2" and "'children in need (CIN)'" in violation.message


def test_style_L2_custom_list():
    assert [v.excerpt for v in unexpanded_abbreviations("The ABC met.", {"ABC": "a big committee"})] == ["ABC"]
    assert unexpanded_abbreviations("A big committee (ABC) met. ABC", {"ABC": ["a big committee"]}) == []


def test_style_L2_default_list_covers_domain():
    expected = {"LAC", "CIN", "CP", "EHCP", "NEET", "S47", "SEND", "ICPC", "UASC", "RHI", "EET", "CiC", "MASH", "ASYE"}
    assert expected <= set(load_style_data().abbreviations)


# ---------------------------------------------------------------------------------------------
# check() as a whole
# ---------------------------------------------------------------------------------------------

CLEAN = (
    "In 2023/24, 81.4% of referrals (1,119 of 1,374) were completed within one working day. "
    "This was down from 84.1% in 2022/23, a fall of 2.7 percentage points, and below the 90.0% target. "
    "Re-referrals within 12 months rose to 332 children from 286 a year earlier.\n\n"
    "Children in need (CIN) plans numbered 556 in January 2024, the fourth consecutive month of increase. "
    "The rate of 65.6 per 10,000 children was above the England average of 42.0 for 2022-23.\n"
    "- Assessments completed within 45 working days rose by 1 percentage point to 62.7%.\n"
    "- Spending on placements was £2.5 million in Q2 2023/24, the 10th highest in the region."
)


def test_style_clean_paragraph_has_no_violations():
    assert check(CLEAN) == []
    assert unexpanded_abbreviations(CLEAN) == []


def test_style_violations_in_text_order_with_excerpts():
    text = "1119 children soared. It was 81.4 % and .5 and 3.2% points. We analyzed the 2nd program."
    found = check(text)
    assert [v.start for v in found] == sorted(v.start for v in found)
    assert all(v.excerpt == text[v.start:v.end] for v in found)
    assert {v.rule for v in found} >= {"N1", "N2", "N4", "N5", "N6", "N8", "L4", "L11"}


def test_style_violation_is_frozen():
    violation = Violation("N1", "m", 0, 1, "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        violation.rule = "N2"  # type: ignore[misc]


@pytest.mark.parametrize("text", [
    "", " ", "\n\n\n", ".", "...", "!!!?", "%%%", "- ", "* \n- \n# \n", "1.", ".5", "-1", "—–-‐",
    "💥🙂 ünïcödé — “quotes” ’", "\x00\x01\t\r", "1" * 10_000, "1," * 5_000, "9 " * 5_000, ".5" * 3_000,
    "No." * 2_000, "2023-" * 2_000, "|" * 1_000, "x" * 100_000, CLEAN * 200,
])
def test_style_check_never_raises_on_odd_input(text):
    for profile in (StyleProfile(), PER_CENT):
        found = check(text, profile, headline=True)
        assert all(isinstance(v, Violation) and v.excerpt == text[v.start:v.end] for v in found)
    sentences(text)
    unexpanded_abbreviations(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,%-–/ \n\t#*£kmbpo()NnIiCe½ˢᵗ")) | st.characters(),
               max_size=200))
def test_style_check_never_raises_fuzzed(text):
    found = check(text, headline=True)
    assert all(v.excerpt == text[v.start:v.end] for v in found)
    for start, end in sentences(text):
        assert 0 <= start < end <= len(text)
    unexpanded_abbreviations(text)


def test_style_check_is_fast():
    lines = [s for s in CLEAN.replace("\n", " ").split(". ") if s] * 300  # ~2,000 sentences
    started = time.perf_counter()
    for line in lines:
        check(line)
    assert time.perf_counter() - started < 5


# ---------------------------------------------------------------------------------------------
# phrasebank/style.yml
# ---------------------------------------------------------------------------------------------

def test_style_data_loads_and_is_cached():
    data = load_style_data()
    assert data is load_style_data()
    assert {"soared", "plummeted", "dramatic", "massive", "vast", "overwhelming", "worrying",
            "alarming"} <= set(data.banned_words)
    assert data.us_to_uk["analyze"] == "analyse"


def test_style_data_bad_file_reports_every_error(tmp_path):
    path = tmp_path / "style.yml"
    path.write_text(
        "version: 2\n"
        "colour: red\n"
        "banned_words: soared\n"
        "significance_words: [significant, '3.5', significant]\n"
        "us_to_uk:\n"
        "  Color: colour\n"
        "  analyze: analyze\n"
        "  center: [centre]\n"
        "allow_after:\n"
        "  programme: [computer]\n"
        "abbreviations:\n"
        "  C-N: [children in need]\n"
        "  CIN: []\n",
        encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_style_data(path)
    errors = caught.value.errors
    expected = ["version", "colour", "banned_words", "significance_words[1]", "significance_words[2]",
                "us_to_uk.Color", "us_to_uk.analyze", "us_to_uk.center", "allow_after.programme",
                "abbreviations.C-N", "abbreviations.CIN"]
    for key in expected:
        assert any(e.startswith(f"{path}: {key}: ") for e in errors), (key, errors)
    assert len(errors) == len(expected)


def test_style_data_not_yaml(tmp_path):
    path = tmp_path / "style.yml"
    path.write_text("banned_words: [soared\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_style_data(path)
