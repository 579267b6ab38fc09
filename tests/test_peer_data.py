"""Regression checks on the peers' public test sentences in ``../shared/peer-data`` (MIT): the
regression suite of quantulum3 and the English specs of Microsoft Recognizers-Text.

Most of those sentences lie outside narrator's field (physical units, numbers in words beyond
nine, American and European number formats), so the checks are of two kinds:

- every sentence is read without an error, each figure's offsets give back its text, and no figure
  lies inside a period narrator found;
- the figures narrator does cover (digits, percentages and pounds, written the UK way) are found
  with the peers' values. What is left out of that, and why, is listed beside each rule below.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from narrator.extract import extract_text, find_periods

PEERS = Path(__file__).resolve().parents[1].parent / "shared" / "peer-data"
QUANTULUM = PEERS / "quantulum3"
RECOGNIZERS = PEERS / "recognizers-text" / "Specs"

pytestmark = pytest.mark.skipif(not PEERS.is_dir(), reason="../shared/peer-data is not beside the repository")


def _texts() -> list[str]:
    out = []
    for name in ("quantities.json", "quantities.ambiguity.json"):
        out += [case["req"] for case in json.loads((QUANTULUM / name).read_text(encoding="utf-8"))]
    out += json.loads((QUANTULUM / "errors.json").read_text(encoding="utf-8"))
    for path in sorted(RECOGNIZERS.rglob("*.json")):
        out += [case["Input"] for case in json.loads(path.read_text(encoding="utf-8"))]
    return out


def test_peer_sentences_are_read_with_true_offsets_and_no_figure_in_a_period():
    texts = _texts()
    assert len(texts) >= 1500  # the copies are all there
    for text in texts:
        ex = extract_text(text)
        periods = find_periods(text)
        starts = [f.start for f in ex.figures]
        assert starts == sorted(starts), text
        for f in ex.figures:
            assert text[f.start:f.end] == f.text, text
            assert not any(s < f.end and f.start < e for s, e, _ in periods), (text, f.text)


def _found(text: str, start: int, end: int, value: float) -> bool:
    return any(f.start < end and f.end > start and abs(f.value - value) < 1e-6 for f in extract_text(text).figures)


# quantulum3's quantities in narrator's field, less: a year (a period to narrator, never a figure),
# a fraction or a power of ten ("1/40", "2.48×10−5"), and a range that quantulum3 gives as its mean
# ("7 to 10" as 8.5)
_Q_UNITS = {"percentage", "dimensionless", "pound sterling"}
_Q_LEFT_OUT = re.compile(r"^(?:19|20)\d\d$|/|×|\bto\b|[-–]\s?\d")


def test_peer_quantulum3_numbers_percentages_and_pounds_are_found_with_their_values():
    checked = 0
    for name in ("quantities.json", "quantities.ambiguity.json"):
        for case in json.loads((QUANTULUM / name).read_text(encoding="utf-8")):
            for q in case["res"]:
                surface = q["surface"]
                if q["unit"] not in _Q_UNITS or not re.search(r"\d", surface) or _Q_LEFT_OUT.search(surface):
                    continue
                start = case["req"].find(surface)
                assert start >= 0
                assert _found(case["req"], start, start + len(surface), q["value"]), (case["req"], surface)
                checked += 1
    assert checked >= 18


# Recognizers-Text's numbers and percentages written in digits, less (by the sentence, each with its
# reason) what is not UK style or not a figure to narrator
_R_FILES = ("NumberModel.json", "NumberModelExperimentalMode.json", "NumberModelPercentMode.json",
            "PercentModel.json", "PercentModelPercentMode.json")
_R_LEFT_OUT = {
    "1 234 567": "thousands split by spaces, not commas (ONS N5)",
    "40 000 is the same as 40\u202f000": "the same",
    "For now, China's population is 1 414 021 100.": "the same",
    "1\u202f234\u202f567.89 is a valid number format.": "the same",
    "The result is 12,34,567.89": "Indian grouping",
    "1.111,11, 1,111.11": "European decimal comma (its second number is checked below)",
    "The number is 1,3.": "European decimal comma",
    "192.168.1.2": "an address: an identifier, not four figures",
    "Any time to meet on 5/17/2018?": "an American date: a period, whose parts are no figures",
    "I want to earn $2000 over 3 years": "2000 is read as a year",
}


def test_peer_recognizers_numbers_and_percentages_in_digits_are_found_with_their_values():
    checked = left_out = 0
    for name in _R_FILES:
        for case in json.loads((RECOGNIZERS / "Number" / "English" / name).read_text(encoding="utf-8")):
            text = case["Input"]
            for r in case.get("Results", []):
                value = (r.get("Resolution") or {}).get("value")
                if r.get("TypeName") not in ("number", "percentage") or value in (None, "null") \
                        or not re.fullmatch(r"[\d,.%\s\u202f]+", r["Text"]):
                    continue  # (numbers in words: narrator reads them only up to nine, and some fractions)
                if text in _R_LEFT_OUT and not (text.startswith("1.111,11") and r["Text"] == "1,111.11"):
                    left_out += 1
                    continue
                assert _found(text, r["Start"], r["End"] + 1, float(value.rstrip("%"))), (text, r["Text"])
                checked += 1
    assert checked >= 60 and left_out <= 30
