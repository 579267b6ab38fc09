"""Milliseconds for one pass of ``extract_text`` over the 38 gold passages, best of several runs.

Usage (from the repository root, or from a worktree of an older commit to compare the two):

    .venv/bin/python benchmarks/gold_pass_bench.py [--runs 7] [--passes 5]

or, to count instructions (which do not depend on how busy the machine is), N passes untimed
after the warm-up, under callgrind; the difference of the "Collected" totals for N=10 and N=0 is
the instructions for 10 passes:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/gold_pass_bench.py --untimed 10

Meant for side-by-side runs of two commits, alternately, on a shared machine: the words a second
of ``extract_bench.py`` depend on how busy the machine is, a difference between two commits run
one after the other much less.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from narrator.extract import extract_text  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--untimed", type=int, metavar="N", help="N passes after the warm-up, not timed")
    parser.add_argument("--text", type=Path, metavar="FILE", help="a text file's whole text instead of the gold "
                        "passages (for one pass over a long report)")
    args = parser.parse_args()
    if args.text is not None:
        texts = [args.text.read_text(encoding="utf-8")]
    else:
        gold = ROOT / "benchmarks" / "extraction" / "gold.jsonl"
        texts = [json.loads(line)["text"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    for text in texts:  # warm: the pipeline, cues and patterns
        extract_text(text)
    if args.untimed is not None:
        for _ in range(args.untimed):
            for text in texts:
                extract_text(text)
        return
    best = float("inf")
    for _ in range(args.runs):
        start = time.perf_counter()
        for _ in range(args.passes):
            for text in texts:
                extract_text(text)
        best = min(best, time.perf_counter() - start)
    print(f"{best * 1000 / args.passes:.2f} ms a pass over {len(texts)} passage{'s' if len(texts) > 1 else ''}")


if __name__ == "__main__":
    main()
