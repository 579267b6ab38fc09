"""Benchmark for forward mode: indicator commentaries per second in one process.

Usage (from the repository root):

    .venv/bin/python benchmarks/forward_bench.py            # Markdown table
    .venv/bin/python benchmarks/forward_bench.py --json     # the same numbers as JSON
    .venv/bin/python benchmarks/forward_bench.py --stages-only   # microseconds an indicator, per stage

Two inputs:

- ``examples/synthetic_150.csv``: one county scorecard of 150 indicators, narrated again and again
  until ``--min-seconds`` have passed;
- a national-scale set: ``examples/synthetic.py --councils 153 --indicators 100`` (153 councils by
  100 indicators, 15,300 indicators), generated into a temporary folder and narrated once each.

"Commentary" is ``narrator.plan.narrate``: the facts, content selection and realised sentences of
every indicator (what ``narrator commentary`` prints per indicator). ``report`` adds the headlines,
theme summaries and scrutiny questions; it is timed too, as documents per second. Loading the
scorecards is timed apart (it is not the engine). Times are process CPU time on one core.

What is remembered between ``narrate`` calls in one process: the phrasebank and its frames, as
parsed and ordered, and each indicator's subject by its name, label, unit and form (a national
run names the same indicators for every council). Nothing about the figures is. The county
scorecard is timed both ways: as a repeated run (subjects remembered), and as the first
document of a process ("cold": the subjects forgotten before every call).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 20_000  # indicator commentaries per second per core (issue 7)


def _clock() -> float:
    return time.process_time()


def _repeat(fn, min_seconds: float) -> tuple[int, float]:
    """Call ``fn`` until ``min_seconds`` of CPU time have passed: (calls, seconds)."""
    runs, start = 0, _clock()
    while True:
        fn()
        runs += 1
        elapsed = _clock() - start
        if elapsed >= min_seconds:
            return runs, elapsed


def county(min_seconds: float) -> dict:
    from narrator.load import load_scorecard
    from narrator.plan import narrate, report

    start = _clock()
    card = load_scorecard(ROOT / "examples" / "synthetic_150.csv")
    load_s = _clock() - start
    from narrator.realise import load_phrasebank

    narrate(card)  # warm-up: phrasebanks, catalogue, patterns
    runs, elapsed = _repeat(lambda: narrate(card), min_seconds)
    memo = load_phrasebank().subject_memo
    cold_runs, cold_s = _repeat(lambda: (memo.clear(), narrate(card)), min_seconds)
    reports, report_s = _repeat(lambda: report(card), min_seconds)
    n = len(card.indicators)
    return {"indicators": n, "load_seconds": load_s, "commentaries_per_second": n * runs / elapsed,
            "cold_commentaries_per_second": n * cold_runs / cold_s, "reports_per_second": reports / report_s}


def national(councils: int, indicators: int) -> dict:
    from narrator.load import load_scorecard
    from narrator.plan import narrate

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(ROOT / "examples" / "synthetic.py"), "--councils", str(councils),
                        "--indicators", str(indicators), "-o", tmp], check=True)
        files = sorted(Path(tmp).glob("*.csv"))
        start = _clock()
        cards = [load_scorecard(f) for f in files]
        load_s = _clock() - start
    narrate(cards[0])  # warm-up
    start = _clock()
    for card in cards:
        narrate(card)
    elapsed = _clock() - start
    n = sum(len(c.indicators) for c in cards)
    return {"councils": len(cards), "indicators": n, "load_seconds": load_s, "narrate_seconds": elapsed,
            "commentaries_per_second": n / elapsed}


def stages(min_seconds: float) -> dict:
    """Microseconds an indicator, per stage, on the county scorecard (each the best of 5 timings
    of at least ``min_seconds / 5``): facts; the choice of what to say; the sentences (narrate with
    the facts given, less the choice); and the whole of narrate."""
    from narrator.content import select
    from narrator.facts import scorecard_facts
    from narrator.load import load_scorecard
    from narrator.plan import narrate

    card = load_scorecard(ROOT / "examples" / "synthetic_150.csv")
    n = len(card.indicators)
    narrate(card)  # warm-up
    facts = scorecard_facts(card)

    def best(fn) -> float:
        return min(elapsed / runs for runs, elapsed in (_repeat(fn, min_seconds / 5) for _ in range(5))) / n * 1e6

    found = best(lambda: scorecard_facts(card))
    chosen = best(lambda: [select(f) for f in facts])
    given = best(lambda: narrate(card, facts=facts))
    return {"facts": found, "select": chosen, "sentences": given - chosen, "narrate": best(lambda: narrate(card))}


def markdown(result: dict) -> str:
    c, n = result["county"], result["national"]
    lines = ["| input | indicators | commentaries per second | target |", "| --- | ---: | ---: | ---: |",
             f"| synthetic_150.csv (one county) | {c['indicators']:,} | {c['commentaries_per_second']:,.0f} | "
             f">= {TARGET:,} |",
             f"| synthetic_150.csv, cold (subjects forgotten each run) | {c['indicators']:,} | "
             f"{c['cold_commentaries_per_second']:,.0f} | >= {TARGET:,} |",
             f"| national set ({n['councils']} councils) | {n['indicators']:,} | {n['commentaries_per_second']:,.0f} | "
             f">= {TARGET:,} |",
             "",
             f"Whole reports (commentary, headlines, theme summaries, questions) on synthetic_150.csv: "
             f"{c['reports_per_second']:.1f} a second. Loading: {c['load_seconds'] * 1000:.0f} ms for the county "
             f"scorecard, {n['load_seconds']:.1f} s for the {n['councils']} national ones."]
    if "stages" in result:
        st = result["stages"]
        lines += ["", "Microseconds an indicator on synthetic_150.csv (best of 5): "
                  f"facts {st['facts']:.1f}, choosing what to say {st['select']:.1f}, sentences {st['sentences']:.1f}; "
                  f"narrate as a whole {st['narrate']:.1f} (budget for the target: {1e6 / TARGET:.0f})."]
    met = min(c["commentaries_per_second"], c["cold_commentaries_per_second"], n["commentaries_per_second"]) >= TARGET
    lines += ["", "target met" if met else "target NOT met"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    ap.add_argument("--min-seconds", type=float, default=2.0, help="minimum timing run on the county scorecard")
    ap.add_argument("--councils", type=int, default=153)
    ap.add_argument("--indicators", type=int, default=100)
    ap.add_argument("--stages-only", action="store_true", help="only the per-stage microseconds an indicator")
    args = ap.parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if args.stages_only:
        result = {"stages": stages(args.min_seconds), "python": sys.version.split()[0]}
        st = result["stages"]
        print(json.dumps(result, indent=2) if args.json else
              " | ".join(f"{k} {v:.1f}" for k, v in st.items()) + " (microseconds an indicator)")
        return 0
    result = {"county": county(args.min_seconds), "national": national(args.councils, args.indicators),
              "stages": stages(args.min_seconds), "python": sys.version.split()[0]}
    print(json.dumps(result, indent=2) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
