"""How fast the forward engine could be at best, in this Python, doing what it does now.

Usage (from the repository root):

    .venv/bin/python benchmarks/floor_bench.py            # Markdown table
    .venv/bin/python benchmarks/forward_bench.py --json   # (the engine's own figures)

The engine's work for an indicator is counted on the 150-indicator example (how many values it
rounds, how many facts, figures, numbers and sentences it makes, how many sentence frames it
fills). Each of those steps is then timed alone, at its cheapest: a rounding as
``numbers.round_half_up`` does it, an object as the frozen slotted records are built, a number
written in house style, a frame filled and tidied. The sum of count x cost is a floor: the time an
indicator would take if the engine did nothing but those steps, with no rule, no decision and no
lookup between them. It is not a design, only a bound.
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from narrator import facts, numbers, realise  # noqa: E402
from narrator.load import load_scorecard  # noqa: E402
from narrator.model import Unit  # noqa: E402
from narrator.plan import narrate  # noqa: E402

BUDGET = 50.0  # microseconds an indicator for 20,000 a second (issue 7)


def counts(card) -> tuple[Counter, int]:
    """How many times each step runs in one ``narrate`` of ``card``."""
    seen: Counter = Counter()
    patched = []

    def count(owner, name, key):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            seen[key] += 1
            return original(*args, **kwargs)
        setattr(owner, name, wrapper)
        patched.append((owner, name, original))

    count(facts, "round_half_up", "rounding")
    count(facts.Fact, "__init__", "fact")
    count(facts.Figure, "__init__", "figure")
    count(realise.Number, "__init__", "number")
    count(realise.Sentence, "__init__", "sentence")
    count(realise.numbers, "figure", "number written")
    count(realise.numbers, "difference", "number written")
    count(realise.numbers, "relative", "number written")
    count(realise, "tidy", "frame filled")
    try:
        narrate(card)
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)
    return seen, len(card.indicators)


def unit_costs() -> dict[str, float]:
    """Microseconds for one of each step, best of several runs."""
    fig = facts.Figure(81.4, 1, ())
    frame = "{subject} rose from {reference} {reference_when} to {value} {when}, a rise of {size}."
    slots = {"subject": "The percentage of assessments completed within 45 working days", "reference": "79.0%",
             "reference_when": "in 2021/22", "value": "65.2%", "when": "in September 2023",
             "size": "13.8 percentage points"}

    def best(stmt, number=20_000) -> float:
        return min(timeit.repeat(stmt, number=number, repeat=5)) / number * 1e6

    return {
        "rounding": best(lambda: numbers.round_half_up(81.44, 1)),
        "fact": best(lambda: facts.Fact(facts.FactKind.LATEST, "A1", fig, fig)),
        "figure": best(lambda: facts.Figure(81.4, 1, ())),
        "number": best(lambda: realise.Number("81.4%", 81.4, fig)),
        "sentence": best(lambda: realise.Sentence("text", (), "kind", "rule")),
        "number written": best(lambda: numbers.figure(1119.0, Unit.COUNT, 0)),
        "frame filled": best(lambda: realise.tidy(frame.format_map(slots))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    card = load_scorecard(ROOT / "examples" / "synthetic_150.csv")
    narrate(card)  # warm: phrasebank, frames, subjects
    seen, n = counts(card)
    costs = unit_costs()
    rows = [(step, seen[step] / n, costs[step], seen[step] / n * costs[step]) for step in costs]
    floor = sum(r[3] for r in rows)
    if args.json:
        print(json.dumps({"steps": [{"step": s, "per_indicator": c, "microseconds_each": u, "microseconds": t}
                                    for s, c, u, t in rows], "floor": floor, "budget": BUDGET}, indent=2))
        return
    print("| step | per indicator | microseconds each | microseconds an indicator |")
    print("| --- | ---: | ---: | ---: |")
    for step, c, u, t in rows:
        print(f"| {step} | {c:.1f} | {u:.2f} | {t:.1f} |")
    print(f"| **floor: the steps alone** | | | **{floor:.1f}** |")
    print(f"\nBudget for 20,000 commentaries a second: {BUDGET:.0f} microseconds an indicator.")


if __name__ == "__main__":
    main()
