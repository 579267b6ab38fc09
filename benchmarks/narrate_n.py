"""Narrate the 150-indicator example N times after one warm-up, and nothing else: for counting
instructions with valgrind, which does not depend on how busy the shared machine is.

Usage (from the repository root, or a worktree of another commit):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/narrate_n.py 0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/narrate_n.py 10

The difference of the two "Collected" totals is the instructions for 10 narrations.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from narrator.load import load_scorecard  # noqa: E402
from narrator.plan import narrate  # noqa: E402


def main() -> None:
    times = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    card = load_scorecard(ROOT / "examples" / "synthetic_150.csv")
    narrate(card)  # warm: the phrasebank, frames and subjects
    for _ in range(times):
        narrate(card)


if __name__ == "__main__":
    main()
