"""Format checks for the reverse-mode gold set in benchmarks/extraction (see its README.md).

These tests validate the annotations only; they do not import narrator.extract.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "benchmarks" / "extraction"

UNITS = {"percent", "count", "rate_per_10k", "rate_per_1000", "rate_per_100k", "days", "weeks", "months", "years",
         "currency_gbp", "ratio", "other"}
ROLES = {"actual", "target", "previous", "comparator", "threshold", "change", "part_of_definition"}
ISSUE_KINDS = {"share_over_100", "fraction_mismatch", "change_mismatch", "direction_contradiction",
               "target_contradiction", "inconsistent_value"}
NON_FIGURE_KINDS = {"period", "identifier", "rate_base"}
FIGURE_KEYS = {"text", "start", "end", "value", "unit", "role", "period", "numerator_of", "denominator_of"}
NUMERAL = re.compile(r"(?P<gbp>£)?(?P<num>[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?)"
                     r"(?P<mult>\s?(?:million|billion)|m|bn|k)?(?P<pct>%|\s?per cent|\s?percent)?")
MULT = {"million": 1e6, "billion": 1e9, "m": 1e6, "bn": 1e9, "k": 1e3}


def load_passages() -> list[dict]:
    with open(GOLD_DIR / "gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_001() -> dict:
    return json.loads((GOLD_DIR / "gold_001.json").read_text(encoding="utf-8"))


def paper_001_text() -> str | None:
    path = (ROOT / load_001()["source"]).resolve()
    return path.read_text(encoding="utf-8") if path.exists() else None


def check_figures(where: str, text: str | None, figures: list[dict], non_figures: list[dict]) -> None:
    for i, f in enumerate(figures):
        tag = f"{where} figure {i} {f.get('text')!r}"
        assert FIGURE_KEYS <= set(f), f"{tag}: missing {FIGURE_KEYS - set(f)}"
        assert isinstance(f["start"], int) and isinstance(f["end"], int) and 0 <= f["start"] < f["end"], tag
        assert isinstance(f["value"], (int, float)), tag
        assert f["unit"] in UNITS, f"{tag}: unit {f['unit']}"
        assert f["role"] in ROLES, f"{tag}: role {f['role']}"
        assert f["period"] is None or (isinstance(f["period"], str) and f["period"].strip()), tag
        if f["role"] in ("part_of_definition", "threshold"):
            assert f["period"] is None, f"{tag}: definitions and thresholds carry no period"
        for key in ("numerator_of", "denominator_of"):
            j = f[key]
            if j is not None:
                assert isinstance(j, int) and 0 <= j < len(figures) and j != i, f"{tag}: {key}={j}"
                assert figures[j]["unit"] == "percent", f"{tag}: {key} must point at a percentage"
                assert f["unit"] == "count", f"{tag}: fraction parts are counts"
                assert f["role"] == figures[j]["role"] or f["role"] in ("actual", "previous"), tag
        if text is not None:
            assert text[f["start"]:f["end"]] == f["text"], f"{tag}: offsets give {text[f['start']:f['end']]!r}"
            if f["period"] is not None and where != "paper001":
                assert f["period"] in text, f"{tag}: period {f['period']!r} not written in the passage"
        m = NUMERAL.fullmatch(f["text"])
        if m:  # a numeral: the value must be what the text says
            value = float(m["num"].replace(",", "")) * (MULT[m["mult"].strip()] if m["mult"] else 1)
            assert value == pytest.approx(f["value"], rel=1e-9), f"{tag}: value {f['value']} vs text"
            assert not m["pct"] or f["unit"] == "percent", f"{tag}: a % sign means unit percent"
            assert not m["gbp"] or f["unit"] == "currency_gbp", f"{tag}: a £ sign means unit currency_gbp"
        else:
            assert not re.search(r"\d", f["text"]), f"{tag}: span does not follow the span convention"
    spans = sorted((f["start"], f["end"]) for f in figures)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), f"{where}: figure spans overlap"
    for n in non_figures:
        assert n["kind"] in NON_FIGURE_KINDS, f"{where}: non-figure kind {n['kind']}"
        assert 0 <= n["start"] < n["end"], where
        if text is not None:
            assert text[n["start"]:n["end"]] == n["text"], f"{where}: non-figure {n}"
    if text is not None:  # completeness: every digit is either a figure or a known non-figure
        covered = {k for s in figures + non_figures for k in range(s["start"], s["end"])}
        for m in re.finditer(r"\d", text):
            assert m.start() in covered, f"{where}: unannotated digit at {m.start()}: {text[m.start()-20:m.start()+20]!r}"


def test_gold_passages_format():
    passages = load_passages()
    ids = [p["id"] for p in passages]
    assert len(ids) == len(set(ids)), "duplicate passage ids"
    for p in passages:
        assert set(p) >= {"id", "text", "figures", "issues"}, p["id"]
        assert p["figures"], f"{p['id']}: no figures"
        check_figures(p["id"], p["text"], p["figures"], p.get("non_figures", []))
        for issue in p["issues"]:
            assert issue["kind"] in ISSUE_KINDS, f"{p['id']}: issue kind {issue['kind']}"
            assert 0 <= issue["start"] < issue["end"] <= len(p["text"]), f"{p['id']}: issue offsets"
            assert issue.get("note"), f"{p['id']}: issue without a note"
            inside = [f for f in p["figures"] if issue["start"] <= f["start"] and f["end"] <= issue["end"]]
            assert inside, f"{p['id']}: an issue span must contain the figure(s) it is about"


def test_gold_measures_format():
    """gold_measures.jsonl: a measure for each figure of each passage, in order; none (null) for a
    threshold or a number that is part of a definition, and 1 to 12 words otherwise."""
    path = ROOT / "benchmarks" / "extraction" / "gold_measures.jsonl"
    measures = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    passages = load_passages()
    assert [m["id"] for m in measures] == [p["id"] for p in passages]
    for m, p in zip(measures, passages):
        assert len(m["measures"]) == len(p["figures"]), p["id"]
        for measure, figure in zip(m["measures"], p["figures"]):
            if figure["role"] in ("threshold", "part_of_definition"):
                assert measure is None, (p["id"], figure["text"])
            else:
                assert isinstance(measure, str) and 1 <= len(measure.split()) <= 12, (p["id"], figure["text"])


def test_gold_set_size_and_coverage():
    passages = load_passages()
    figures = [f for p in passages for f in p["figures"]]
    assert len(passages) >= 25
    assert len(figures) >= 250
    assert {f["role"] for f in figures} == ROLES, "every role is exercised"
    assert {f["unit"] for f in figures} == UNITS, "every unit is exercised"
    assert {i["kind"] for p in passages for i in p["issues"]} == ISSUE_KINDS, "every issue kind is exercised"
    assert any(f["numerator_of"] is not None for f in figures)


def test_gold_001_format():
    meta = load_001()
    assert meta["source"].startswith("../shared/reference-papers/001_")
    assert re.fullmatch(r"[0-9a-f]{64}", meta["sha256"])
    assert "text" not in meta, "the paper's text must not be copied into the repository"
    check_figures("paper001", None, meta["figures"], meta.get("non_figures", []))
    assert meta["issues"] == [] or all(i["kind"] in ISSUE_KINDS for i in meta["issues"])


def test_gold_001_offsets_match_shared_paper():
    text = paper_001_text()
    if text is None:
        pytest.skip("reference paper 001 is not available at ../shared/reference-papers")
    meta = load_001()
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == meta["sha256"], "paper 001 has changed"
    assert len(text) == meta["length"]
    check_figures("paper001", text, meta["figures"], meta.get("non_figures", []))


def test_benchmark_helpers():
    spec = importlib.util.spec_from_file_location("extract_bench", ROOT / "benchmarks" / "extract_bench.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # dataclasses look the module up while it is being executed
    try:
        spec.loader.exec_module(bench)
    finally:
        sys.modules.pop(spec.name, None)
    assert bench.norm_period("2023-24") == bench.norm_period("23/24") == bench.norm_period("2023/24") == "2023/24"
    assert bench.norm_period("Quarter 3 2023-24") == bench.norm_period("Q3 23/24")
    assert bench.norm_period(None) is None
    assert bench.measure_overlap("referrals received", "The referrals received") == 1.0
    assert bench.measure_overlap("rate of referrals", "referrals received") == 0.5
    assert bench.measure_overlap("re-referrals", "contacts") == 0.0
    gold = [{"start": 0, "end": 5, "value": 81.4, "unit": "percent"},
            {"start": 7, "end": 12, "value": 1119.0, "unit": "count"}]
    P = bench.Pred
    preds = [P(0, 4, 81.4, "percent", "actual", None, "81.4"), P(6, 12, 1119.0, "count", "actual", None, "(1,119"),
             P(7, 12, 1119.0, "count", "actual", None, "1,119")]
    assert len(bench.match(gold, preds)) == 2
    docs = bench.load_gold(quiet=True)
    assert len(docs) >= len(load_passages())
