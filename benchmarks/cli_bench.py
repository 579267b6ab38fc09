"""Benchmark for the command line: wall time of `narrator --help`, `narrator draft` and `narrator brief` on the
150-indicator synthetic scorecard, each a fresh process (interpreter start and imports included).

Usage (from the repository root):

    .venv/bin/python benchmarks/cli_bench.py              # Markdown table, 7 runs of each command
    .venv/bin/python benchmarks/cli_bench.py --runs 15    # more runs
    .venv/bin/python benchmarks/cli_bench.py --json       # the same numbers as JSON

Each command is run once to warm the file cache (not counted), then --runs times; the table gives the best and the
median wall time, the target, and the exact command (run from the repository root, outputs in a temporary folder).
Timing is by subprocess from this script, so it includes starting Python, as a user running the command sees it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORECARD = "examples/synthetic_150.csv"

# (name, arguments after `narrator`, target in seconds); {out} is a temporary folder
COMMANDS = (
    ("help", ["--help"], 0.5),
    ("draft", ["draft", SCORECARD, "-o", "{out}/draft.docx", "--force"], 1.5),
    ("brief", ["brief", SCORECARD, "-o", "{out}/brief.docx", "--force"], 1.5),
)


def _narrator() -> list[str]:
    """The installed console script beside this Python, else `python -m narrator`."""
    script = Path(sys.executable).with_name("narrator")
    return [str(script)] if script.exists() else [sys.executable, "-m", "narrator"]


def _time(argv: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return elapsed


def measure(runs: int) -> list[dict]:
    base = _narrator()
    results = []
    with tempfile.TemporaryDirectory(prefix="narrator-bench-") as out:
        for name, args, target in COMMANDS:
            argv = base + [a.format(out=out) for a in args]
            _time(argv)  # warm the file cache
            times = [_time(argv) for _ in range(runs)]
            shown = ["narrator"] + [a.format(out="$TMP") for a in args]
            results.append({"name": name, "command": " ".join(shown), "runs": runs,
                            "best_s": round(min(times), 3), "median_s": round(statistics.median(times), 3),
                            "target_s": target, "met": statistics.median(times) <= target})
    return results


def machine() -> str:
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}")


def markdown(results: list[dict]) -> str:
    lines = [f"Wall time, {results[0]['runs']} runs each after one warm-up, on {machine()}; "
             "run from the repository root, $TMP a temporary folder.", "",
             "| command | best (s) | median (s) | target (s) | met |", "| --- | ---: | ---: | ---: | --- |"]
    for r in results:
        lines.append(f"| `{r['command']}` | {r['best_s']:.3f} | {r['median_s']:.3f} | {r['target_s']:.1f} | "
                     f"{'yes' if r['met'] else 'no'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args(argv)
    results = measure(max(1, args.runs))
    if args.json:
        print(json.dumps({"machine": machine(), "results": results}, indent=2))
    else:
        print(markdown(results))
    return 0 if all(r["met"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
