"""Benchmark for reverse mode: figures extracted from narrative text against an annotated gold set.

Usage (from the repository root):

    .venv/bin/python benchmarks/extract_bench.py            # Markdown table
    .venv/bin/python benchmarks/extract_bench.py --json     # the same numbers as JSON
    .venv/bin/python benchmarks/extract_bench.py --errors   # also list narrator's misses and false positives

Gold data: benchmarks/extraction/gold.jsonl (passages written for the benchmark) and
benchmarks/extraction/gold_001.json (offsets into reference paper 001, read from the shared folder at run time and
skipped with a message when that file is absent). Annotation rules: benchmarks/extraction/README.md.

Matching: a predicted figure matches a gold figure when their character spans overlap and their values are equal
(relative difference <= 1e-6; for gold values with unit "ratio", which are rounded to 4 decimal places, an absolute
difference <= 5e-5 is also accepted). Matching is one-to-one (maximum bipartite matching, preferring larger
overlaps). Unit, role and period accuracy are computed over matched pairs.

quantulum3 (a dev-only dependency) is run on the same texts as a baseline when it is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "benchmarks" / "extraction"

TARGETS = {
    "f1": 0.95,
    "unit_accuracy": 0.9,
    "role_accuracy": 0.9,
    "periods_as_figures": 0,
    "words_per_second": 200_000,
    "speedup_vs_quantulum3": 20.0,
}

QUANTULUM_UNITS = {
    "percentage": "percent",
    "pound sterling": "currency_gbp",
    "dimensionless": "count",
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
}

YEARISH = re.compile(r"(?:19|20)\d\d(?:\s*[/-]\s*(?:\d\d|(?:19|20)\d\d))?")


# --------------------------------------------------------------------------------------------------- gold data

@dataclass
class Doc:
    id: str
    text: str
    figures: list[dict]
    non_figures: list[dict] = field(default_factory=list)
    issues: list[dict] = field(default_factory=list)
    measures: list[str | None] | None = None  # gold_measures.jsonl, one per figure (None: not annotated)


def load_gold(gold_dir: Path = GOLD_DIR, paper001: Path | None = None, quiet: bool = False) -> list[Doc]:
    docs = []
    with open(gold_dir / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                docs.append(Doc(d["id"], d["text"], d["figures"], d.get("non_figures", []), d.get("issues", [])))
    measures_path = gold_dir / "gold_measures.jsonl"
    if measures_path.exists():
        by_id = {}
        with open(measures_path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    m = json.loads(line)
                    by_id[m["id"]] = m["measures"]
        for doc in docs:
            found = by_id.get(doc.id)
            if found is not None and len(found) == len(doc.figures):
                doc.measures = found
    meta_path = gold_dir / "gold_001.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        src = paper001 or (ROOT / meta["source"]).resolve()
        if not src.exists():
            _note(quiet, f"note: reference paper 001 not found at {src}; skipping gold_001.json")
        else:
            text = src.read_text(encoding="utf-8")
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            bad = [f for f in meta["figures"] if text[f["start"]:f["end"]] != f["text"]]
            if digest != meta.get("sha256") and bad:
                _note(quiet, f"note: {src} differs from the annotated version ({len(bad)} offsets no longer match); "
                             "skipping gold_001.json")
            else:
                docs.append(Doc("paper001", text, meta["figures"], meta.get("non_figures", []),
                                meta.get("issues", [])))
    return docs


def _note(quiet: bool, msg: str) -> None:
    if not quiet:
        print(msg, file=sys.stderr)


# --------------------------------------------------------------------------------------------------- predictions

@dataclass
class Pred:
    start: int
    end: int
    value: float
    unit: str | None
    role: str | None
    period: str | None
    text: str
    measure: str | None = None


def run_narrator(extract_text, docs: list[Doc]) -> dict[str, list[Pred]]:
    out = {}
    for d in docs:
        ex = extract_text(d.text, source=d.id)
        out[d.id] = [Pred(int(f.start), int(f.end), _float(f.value), getattr(f, "unit", None),
                          getattr(f, "role", None), getattr(f, "period", None), d.text[int(f.start):int(f.end)],
                          getattr(f, "measure", None))
                     for f in ex.figures]
    return out


def run_quantulum(parser, docs: list[Doc]) -> dict[str, list[Pred]]:
    out = {}
    for d in docs:
        preds = []
        for q in parser.parse(d.text):
            s, e = q.span
            preds.append(Pred(s, e, _float(q.value), QUANTULUM_UNITS.get(q.unit.name, "other"), None, None,
                              d.text[s:e]))
        out[d.id] = preds
    return out


def _float(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


# --------------------------------------------------------------------------------------------------- matching

def values_equal(gold: dict, pred: float) -> bool:
    g = float(gold["value"])
    if pred != pred:  # NaN
        return False
    if g == pred:
        return True
    if abs(g - pred) <= 1e-6 * max(abs(g), abs(pred)):
        return True
    return gold.get("unit") == "ratio" and abs(g - pred) <= 5e-5


def match(gold: list[dict], preds: list[Pred]) -> list[tuple[int, int]]:
    """Maximum one-to-one matching of gold to predicted figures (overlapping span and equal value)."""
    cands: dict[int, list[int]] = {}
    for gi, g in enumerate(gold):
        opts = []
        for pi, p in enumerate(preds):
            overlap = min(g["end"], p.end) - max(g["start"], p.start)
            if overlap > 0 and values_equal(g, p.value):
                opts.append((-overlap, pi))
        cands[gi] = [pi for _, pi in sorted(opts)]
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in cands[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(gold)):
        augment(gi, set())
    return sorted((gi, pi) for pi, gi in owner.items())


def norm_period(p: str | None) -> str | None:
    if p is None:
        return None
    s = str(p).strip().lower()
    if not s:
        return None
    s = s.replace("–", "-").replace("year-to-date", "year to date")
    s = re.sub(r"^(?:as at|as of|at|in|during|for|between|by)\s+", "", s)
    s = re.sub(r"^the\s+", "", s)
    months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december"]
    s = re.sub(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[\s-]+(20)?(\d\d)\b(?![/-])",
               lambda m: f"{next(x for x in months if x.startswith(m.group(1)[:3]))} 20{m.group(3)}", s)
    s = re.sub(r"\b(?:20)?(\d\d)\s*[/-]\s*(?:20)?(\d\d)\b", r"20\1/\2", s)
    s = re.sub(r"\bquarter\s*(\d)\b", r"q\1", s)
    s = re.sub(r"\s+", " ", s)
    return s


def _inside(p: Pred, spans: list[dict]) -> bool:
    return any(n["start"] <= p.start and p.end <= n["end"] for n in spans)


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    unit_ok: int = 0
    role_ok: int = 0
    period_ok: int = 0
    periods_as_figures: int = 0
    identifiers_as_figures: int = 0
    rate_bases_as_figures: int = 0
    measure_scored: int = 0  # matched figures with a gold measure
    measure_overlap: float = 0.0  # the sum of their word-overlap F1s (measure_words)
    errors: list[str] = field(default_factory=list)

    def as_dict(self, with_roles: bool = True) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        m = self.tp or 1
        d = {"true_positives": self.tp, "false_positives": self.fp, "false_negatives": self.fn,
             "precision": p, "recall": r, "f1": f1, "unit_accuracy": self.unit_ok / m}
        if with_roles:
            d.update({"role_accuracy": self.role_ok / m, "period_accuracy": self.period_ok / m})
            if self.measure_scored:
                d["measure_overlap"] = self.measure_overlap / self.measure_scored
        d.update({"periods_as_figures": self.periods_as_figures,
                  "identifiers_as_figures": self.identifiers_as_figures,
                  "rate_bases_as_figures": self.rate_bases_as_figures})
        return d


def score(docs: list[Doc], preds: dict[str, list[Pred]]) -> Scores:
    s = Scores()
    for d in docs:
        ps = preds.get(d.id, [])
        pairs = match(d.figures, ps)
        mg = {g for g, _ in pairs}
        mp = {p for _, p in pairs}
        s.tp += len(pairs)
        s.fn += len(d.figures) - len(mg)
        s.fp += len(ps) - len(mp)
        for gi, pi in pairs:
            g, p = d.figures[gi], ps[pi]
            s.unit_ok += p.unit == g["unit"]
            s.role_ok += p.role == g["role"]
            ok = norm_period(p.period) == norm_period(g["period"])
            s.period_ok += ok
            for attr, gv, pv in (("unit", g["unit"], p.unit), ("role", g["role"], p.role)):
                if gv != pv:
                    s.errors.append(f"{d.id} {attr:<6} {g['text']!r}@{g['start']}: gold {gv}, got {pv}")
            if not ok:
                s.errors.append(f"{d.id} period {g['text']!r}@{g['start']}: gold {g['period']!r}, got {p.period!r}")
            gold_measure = d.measures[gi] if d.measures is not None else None
            if gold_measure is not None and p.measure is not None:
                overlap = measure_overlap(gold_measure, p.measure)
                s.measure_scored += 1
                s.measure_overlap += overlap
                if overlap < 0.5:
                    s.errors.append(f"{d.id} measure {g['text']!r}@{g['start']}: gold {gold_measure!r}, "
                                    f"got {p.measure!r}")
        periods = [n for n in d.non_figures if n["kind"] == "period"]
        idents = [n for n in d.non_figures if n["kind"] == "identifier"]
        bases = [n for n in d.non_figures if n["kind"] == "rate_base"]
        for pi, p in enumerate(ps):
            if pi in mp:
                continue
            if _inside(p, periods) or YEARISH.fullmatch(p.text.strip()):
                s.periods_as_figures += 1
                kind = "period"
            elif _inside(p, idents):
                s.identifiers_as_figures += 1
                kind = "identifier"
            elif _inside(p, bases):
                s.rate_bases_as_figures += 1
                kind = "rate base"
            else:
                kind = "extra"
            s.errors.append(f"{d.id} FP ({kind}) {p.text!r}@{p.start} value={p.value} unit={p.unit} role={p.role}")
        for gi, g in enumerate(d.figures):
            if gi not in mg:
                near = [p for p in ps if min(g["end"], p.end) > max(g["start"], p.start)]
                hint = f" (overlapping prediction {near[0].text!r} value={near[0].value})" if near else ""
                s.errors.append(f"{d.id} FN {g['text']!r}@{g['start']} value={g['value']} "
                                f"{g['unit']}/{g['role']}{hint}")
    return s


_MINOR_WORDS = frozenset("the a an of in to and or with for by on at as per their our its his her had has have "
                         "were was is are been be that who which from".split())


def measure_words(text: str) -> set[str]:
    """The words of a measure that name it: lower case, without punctuation or minor words."""
    return {w for w in re.findall(r"[a-z0-9]+(?:['’-][a-z0-9]+)*", text.lower()) if w not in _MINOR_WORDS}


def measure_overlap(gold: str, got: str) -> float:
    """How far a measure found names the gold one: the F1 of their words (``measure_words``)."""
    g, p = measure_words(gold), measure_words(got)
    common = len(g & p)
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


# --------------------------------------------------------------------------------------------------- speed

def words_per_second(fn, texts: list[str], min_seconds: float = 1.0) -> float:
    words = sum(len(t.split()) for t in texts)
    for t in texts[:1]:
        fn(t)  # warm-up (lazy loading, regex compilation)
    reps, start = 0, time.perf_counter()
    while True:
        for t in texts:
            fn(t)
        reps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return words * reps / elapsed


# --------------------------------------------------------------------------------------------------- report

def _fmt(v, kind: str) -> str:
    if v is None:
        return "n/a"
    if kind == "ratio":
        return f"{v:.3f}"
    if kind == "int":
        return f"{int(v)}"
    if kind == "speed":
        return f"{v:,.0f}"
    if kind == "x":
        return f"{v:.1f}x"
    return str(v)


ROWS = [
    ("precision", "precision", "ratio", None),
    ("recall", "recall", "ratio", None),
    ("F1", "f1", "ratio", ">= 0.95"),
    ("unit accuracy (matched)", "unit_accuracy", "ratio", ">= 0.9"),
    ("role accuracy (matched)", "role_accuracy", "ratio", ">= 0.9"),
    ("period accuracy (matched)", "period_accuracy", "ratio", None),
    ("measure word overlap (matched, annotated)", "measure_overlap", "ratio", None),
    ("periods reported as figures", "periods_as_figures", "int", "0"),
    ("identifiers reported as figures", "identifiers_as_figures", "int", None),
    ("rate bases reported as figures", "rate_bases_as_figures", "int", None),
    ("words per second", "words_per_second", "speed", ">= 200,000"),
    ("speed vs quantulum3", "speedup_vs_quantulum3", "x", ">= 20x"),
]


def targets_met(r: dict) -> dict[str, bool]:
    met = {}
    for key, target in TARGETS.items():
        v = r.get(key)
        if v is None:
            continue
        met[key] = v == target if key == "periods_as_figures" else v >= target
    return met


def markdown(result: dict) -> str:
    n, q = result.get("narrator"), result.get("quantulum3")
    lines = ["| metric | narrator | quantulum3 | target |", "| --- | ---: | ---: | --- |"]
    for label, key, kind, target in ROWS:
        nv = _fmt(n.get(key), kind) if n else "not run"
        qv = _fmt(q.get(key), kind) if q else "not run"
        if key == "speedup_vs_quantulum3":
            qv = "1.0x" if q else "not run"
        lines.append(f"| {label} | {nv} | {qv} | {target or ''} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--errors", action="store_true", help="list narrator's mismatches after the table")
    ap.add_argument("--module", default="narrator.extract",
                    help="module providing extract_text (default narrator.extract)")
    ap.add_argument("--paper001", type=Path, default=None, help="path to reference paper 001 (default: shared folder)")
    ap.add_argument("--no-quantulum", action="store_true", help="skip the quantulum3 baseline")
    ap.add_argument("--min-seconds", type=float, default=1.0, help="minimum timing run per extractor")
    args = ap.parse_args(argv)

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    docs = load_gold(paper001=args.paper001, quiet=False)
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    result: dict = {"passages": len(docs), "gold_figures": sum(len(d.figures) for d in docs), "words": words,
                    "paper001_included": any(d.id == "paper001" for d in docs)}

    narrator_ok = True
    try:
        extract_text = importlib.import_module(args.module).extract_text
    except (ImportError, AttributeError) as exc:
        print(f"note: cannot import extract_text from {args.module} ({exc}); reporting the baseline only",
              file=sys.stderr)
        narrator_ok = False
    nscores = None
    if narrator_ok:
        nscores = score(docs, run_narrator(extract_text, docs))
        result["narrator"] = nscores.as_dict()
        result["narrator"]["words_per_second"] = words_per_second(lambda t: extract_text(t), texts,
                                                                  args.min_seconds)

    if not args.no_quantulum:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from quantulum3 import parser as qparser
                import importlib.metadata as md
                qversion = md.version("quantulum3")
        except ImportError:
            print("note: quantulum3 is not installed (dev-only: .venv/bin/pip install quantulum3); "
                  "reporting narrator alone", file=sys.stderr)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                qs = score(docs, run_quantulum(qparser, docs)).as_dict(with_roles=False)
                qs["words_per_second"] = words_per_second(qparser.parse, texts, args.min_seconds)
            qs["version"] = qversion
            result["quantulum3"] = qs
            if "narrator" in result:
                result["narrator"]["speedup_vs_quantulum3"] = (result["narrator"]["words_per_second"]
                                                               / qs["words_per_second"])
    if "narrator" in result:
        result["narrator"]["targets_met"] = targets_met(result["narrator"])

    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"Gold set: {result['passages']} passages, {result['gold_figures']} figures, {words:,} words"
              + ("" if result["paper001_included"] else " (paper 001 not included)"))
        if "quantulum3" in result:
            print(f"Baseline: quantulum3 {result['quantulum3']['version']}")
        print()
        print(markdown(result))
        if "narrator" in result:
            met = result["narrator"]["targets_met"]
            missed = [k for k, v in met.items() if not v]
            print(f"\nnarrator meets {sum(met.values())} of {len(met)} targets"
                  + (f"; missed: {', '.join(missed)}" if missed else ""))
    if args.errors and nscores is not None:
        print("\nnarrator mismatches:", file=sys.stderr if args.json else sys.stdout)
        for e in nscores.errors:
            print("  " + e, file=sys.stderr if args.json else sys.stdout)
    return 0 if narrator_ok else 2


if __name__ == "__main__":
    sys.exit(main())
