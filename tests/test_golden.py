"""Golden commentary for every bundled example, and the house style held over all of it.

A change of wording shows here as a diff; accept it with ``pytest --update-golden`` after reading it.
"""

import pytest

from narrator.load import load_scorecard
from narrator.plan import narrate, report
from narrator.style import StyleProfile, check, unexpanded_abbreviations
from narrator.write import commentary_markdown

from .conftest import EXAMPLES

CASES = [
    ("monthly_scorecard_2023_09.xlsx", None),
    ("monthly_scorecard_2023_09.csv", None),
    ("quarterly_scorecard_2023_q2.xlsx", "quarterly_scorecard_2023_q2.columns.yml"),
    ("quarterly_scorecard_2023_q2.csv", None),
    ("childrens_dashboard_2024_01.xlsx", None),
    ("childrens_dashboard_2024_01.csv", None),
    ("synthetic_150.csv", None),
]
PROFILES = {"ons": StyleProfile(), "per_cent": StyleProfile("per_cent", percent_sign=False),
            "govuk": StyleProfile("govuk")}


def _commentary(name, mapping, style="ons"):
    card = load_scorecard(EXAMPLES / name, columns=EXAMPLES / mapping if mapping else None)
    return narrate(card, style=style)


@pytest.mark.parametrize("name,mapping", CASES, ids=[c[0] for c in CASES])
def test_golden_commentary(name, mapping, golden):
    """The whole report: headlines, theme summaries, questions and the commentary by indicator."""
    card = load_scorecard(EXAMPLES / name, columns=EXAMPLES / mapping if mapping else None)
    golden(name.replace(".", "_") + ".md", commentary_markdown(report(card)))


@pytest.mark.parametrize("style", sorted(PROFILES))
@pytest.mark.parametrize("name,mapping", CASES, ids=[c[0] for c in CASES])
def test_golden_all_generated_text_keeps_the_house_style(name, mapping, style):
    commentary = _commentary(name, mapping, style)
    problems = []
    for p in commentary.paragraphs:
        for v in check(p.text, PROFILES[style]):
            problems.append(f"{p.indicator.ref} {v.rule}: {v.message}: {v.excerpt!r}")
    prose = " ".join(p.text for p in commentary.paragraphs)
    problems += [f"{v.rule}: {v.message}" for v in unexpanded_abbreviations(prose)]
    assert not problems, "\n".join(problems[:20])
