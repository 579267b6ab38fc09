"""Everything forward mode works out, written to one text file, to show that a change meant only to
make the engine faster (or a different build of it) leaves the output exactly as it was.

Usage (from the repository root):

    .venv/bin/python benchmarks/forward_dump.py before.txt     # before the change
    .venv/bin/python benchmarks/forward_dump.py after.txt      # after it
    cmp before.txt after.txt

For every scorecard in ``examples/`` under each style profile, and for synthetic councils
(``examples/synthetic.py --councils N``, ``--councils 0`` for none) under the default profile:
each indicator's facts, warnings, RAG and direction of travel, the messages chosen, every sentence
with each number's text, value and source, then the headlines and theme summaries and the scrutiny
questions. A scorecard that cannot be loaded or narrated is written as its error, so a change in
which inputs fail shows too.
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STYLES = ("ons", "per_cent", "govuk")


def number(n) -> str:
    return f"{n.text} {n.value!r} {n.source}"


class _Renamed:
    """Writes to ``out`` with a folder's path written as ``name`` (sources name their files), so
    that two copies of the repository, or two temporary folders, give the same text."""

    def __init__(self, out, folder: str, name: str) -> None:
        self.out, self.folder, self.name = out, folder, name

    def write(self, text: str) -> None:
        self.out.write(text.replace(self.folder, self.name))


def dump_card(path: Path, styles: tuple[str, ...], out) -> None:
    from narrator.load import load_scorecard
    from narrator.plan import report

    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    try:
        card = load_scorecard(path)
    except Exception as exc:  # noqa: BLE001 (a failure is part of what is compared)
        out.write(f"{name}: cannot load: {exc}\n")
        return
    for style in styles:
        try:
            rep = report(card, style=style)
        except Exception as exc:  # noqa: BLE001
            out.write(f"{name} {style}: {exc!r}\n")
            continue
        for p in rep.commentary.paragraphs:
            out.write(f"{name}|{style}|{p.indicator.ref}\n")
            for fact in p.facts.facts:
                out.write(f"  F {fact!r}\n")
            out.write(f"  W {p.facts.warnings!r} {p.facts.rag} {p.facts.direction}\n")
            for m in p.messages:
                out.write(f"  M {m.kind} {m.case} {m.salience} {m.rule}\n")
            for s in p.sentences:
                out.write(f"  S {s.text} | {s.kind} {s.rule}\n")
                for n in s.numbers:
                    out.write(f"    N {number(n)}\n")
        out.write(f"OV {rep.overview!r}\n")
        for q in rep.questions:
            fields = [(f.name, [number(n) for n in q.numbers] if f.name == "numbers" else getattr(q, f.name))
                      for f in dataclasses.fields(q)]
            out.write(f"Q {fields!r}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("output", type=Path, help="the text file to write")
    ap.add_argument("--councils", type=int, default=20, help="synthetic councils to add (default 20)")
    ap.add_argument("--indicators", type=int, default=100, help="indicators per synthetic council")
    args = ap.parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".csv", ".xlsx"))
    with tempfile.TemporaryDirectory() as tmp, args.output.open("w", encoding="utf-8") as out:
        for path in examples:
            dump_card(path, STYLES, _Renamed(out, str(ROOT), "."))
        if args.councils > 0:
            subprocess.run([sys.executable, str(ROOT / "examples" / "synthetic.py"), "--councils", str(args.councils),
                            "--indicators", str(args.indicators), "--seed", "7", "-o", tmp],
                           check=True, stdout=subprocess.DEVNULL)
            renamed = _Renamed(out, tmp, "synthetic")
            for path in sorted(Path(tmp).glob("*.csv")):
                dump_card(path, ("ons",), renamed)
    print(f"{args.output}: {args.output.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
