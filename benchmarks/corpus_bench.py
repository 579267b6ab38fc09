"""Benchmark for reverse mode at scale: extraction words per second and peak memory on a narrative
corpus of at least 1 MB, with quantulum3 on the same corpus.

Usage (from the repository root):

    .venv/bin/python benchmarks/corpus_bench.py                  # Markdown table
    .venv/bin/python benchmarks/corpus_bench.py --json
    .venv/bin/python benchmarks/corpus_bench.py --no-quantulum   # narrator only (quantulum3 takes a minute)

The corpus (built in a temporary folder, one .txt file per document, deterministic):

- the annotated passages of benchmarks/extraction/gold.jsonl, one document each;
- the reference papers in ../shared/reference-papers/*.txt, when that folder is there (read at run
  time, never copied into the project);
- narrator's own commentary (``narrator commentary`` as Markdown) for synthetic councils from
  ``examples/synthetic.py --councils K --indicators 100``, council after council, until the corpus
  holds ``--megabytes`` (default 1.1) of text.

Words are whitespace-separated tokens. Speed is process CPU time on one core for
``narrator.extract.extract_text`` over every document (the pipeline built beforehand); peak memory
is the peak resident set of a fresh Python process that imports narrator, extracts every document
of the corpus and keeps every result, as ``narrator extract FOLDER`` does. The batch CLI is timed
too (wall time, serial and ``--jobs 2``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference-papers"
TARGET_WPS = 200_000
TARGET_MB = 300
COUNCILS = 60  # synthetic councils generated; commentary is taken from as many as the size needs

_PEAK = """
import resource, sys
from pathlib import Path
from narrator.extract import extract_text
kept = [extract_text(p.read_text(encoding="utf-8"), source=p.name) for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, sum(len(e.figures) for e in kept))
"""


def build_corpus(folder: Path, megabytes: float) -> list[Path]:
    files: list[Path] = []
    size = 0

    def add(name: str, text: str) -> None:
        nonlocal size
        path = folder / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
        size += len(text.encode("utf-8"))

    for i, line in enumerate((ROOT / "benchmarks" / "extraction" / "gold.jsonl").read_text(encoding="utf-8")
                             .splitlines()):
        if line.strip():
            add(f"gold_{i:03d}.txt", json.loads(line)["text"])
    if SHARED.is_dir():
        for paper in sorted(SHARED.glob("*.txt")):
            add(f"paper_{paper.stem}.txt", paper.read_text(encoding="utf-8"))
    from narrator.load import load_scorecard
    from narrator.plan import report
    from narrator.write import commentary_markdown

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(ROOT / "examples" / "synthetic.py"), "--councils", str(COUNCILS),
                        "--indicators", "100", "-o", tmp], check=True, capture_output=True)
        for card_file in sorted(Path(tmp).glob("*.csv")):
            if size >= megabytes * 1_000_000:
                break
            add(f"commentary_{card_file.stem}.txt", commentary_markdown(report(load_scorecard(card_file))))
    return files


def narrator_speed(texts: list[str]) -> dict:
    from narrator.extract import extract_text, pipeline

    pipeline()
    extract_text(texts[0])  # warm-up
    start = time.process_time()
    figures = sum(len(extract_text(t).figures) for t in texts)
    elapsed = time.process_time() - start
    words = sum(len(t.split()) for t in texts)
    return {"seconds": elapsed, "words_per_second": words / elapsed, "figures": figures}


def quantulum_speed(texts: list[str]) -> dict | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        print("note: quantulum3 is not installed (dev-only); narrator alone", file=sys.stderr)
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser.parse(texts[0])
        start = time.process_time()
        found = sum(len(parser.parse(t)) for t in texts)
        elapsed = time.process_time() - start
    words = sum(len(t.split()) for t in texts)
    return {"seconds": elapsed, "words_per_second": words / elapsed, "quantities": found}


def peak_memory(folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _PEAK, str(folder)], check=True, capture_output=True, text=True,
                         cwd=ROOT).stdout.split()
    return {"peak_mb": int(out[0]) / 1024, "figures": int(out[1])}


def cli_wall(folder: Path) -> dict:
    narrator = Path(sys.executable).parent / "narrator"
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in (1, 2):
            start = time.perf_counter()
            subprocess.run([str(narrator), "extract", str(folder), "--jobs", str(jobs), "-o",
                            str(Path(tmp) / f"out_{jobs}.json")], check=True, capture_output=True)
            out[f"jobs_{jobs}"] = time.perf_counter() - start
        same = (Path(tmp) / "out_1.json").read_bytes() == (Path(tmp) / "out_2.json").read_bytes()
    out["identical"] = same
    return out


def markdown(r: dict) -> str:
    n, q = r["narrator"], r.get("quantulum3")

    def baseline(fmt: str, value) -> str:  # quantulum3's cell, or "not run"
        return format(value(q), fmt) if q else "not run"

    rows = [("words per second (one core)", f"{n['words_per_second']:,.0f}",
             baseline(",.0f", lambda q: q["words_per_second"]), f">= {TARGET_WPS:,}"),
            ("seconds for the corpus", f"{n['seconds']:.2f}", baseline(".1f", lambda q: q["seconds"]), ""),
            ("speed vs quantulum3", f"{n['words_per_second'] / q['words_per_second']:.1f}x" if q else "n/a",
             "1.0x" if q else "n/a", ""),
            ("peak memory, whole corpus kept (MB)", f"{r['memory']['peak_mb']:.0f}", "", f"<= {TARGET_MB}"),
            ("figures found", f"{n['figures']:,}", baseline(",", lambda q: q["quantities"]), "")]
    lines = [f"Corpus: {r['documents']} documents, {r['bytes'] / 1e6:.2f} MB, {r['words']:,} words "
             f"({r['sources']}).", "",
             "| measure | narrator | quantulum3 | target |", "| --- | ---: | ---: | --- |",
             *(f"| {name} | {ours} | {theirs} | {target} |" for name, ours, theirs, target in rows)]
    if "cli" in r:
        c = r["cli"]
        lines += ["", f"`narrator extract FOLDER -o out.json` wall time: {c['jobs_1']:.1f} s serial, "
                      f"{c['jobs_2']:.1f} s with `--jobs 2` (outputs identical: {'yes' if c['identical'] else 'NO'})."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--megabytes", type=float, default=1.1, help="corpus size to build (default 1.1)")
    ap.add_argument("--no-quantulum", action="store_true")
    ap.add_argument("--no-cli", action="store_true", help="skip the batch CLI timing")
    args = ap.parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = build_corpus(folder, args.megabytes)
        texts = [f.read_text(encoding="utf-8") for f in files]
        kinds = {f.name.split("_")[0] for f in files}
        result = {"documents": len(files), "bytes": sum(len(t.encode("utf-8")) for t in texts),
                  "words": sum(len(t.split()) for t in texts),
                  "sources": ", ".join(k for k in ("gold", "paper", "commentary") if k in kinds) + " documents",
                  "narrator": narrator_speed(texts), "memory": peak_memory(folder)}
        if not args.no_quantulum:
            q = quantulum_speed(texts)
            if q is not None:
                result["quantulum3"] = q
        if not args.no_cli:
            result["cli"] = cli_wall(folder)
    print(json.dumps(result, indent=2) if args.json else markdown(result))
    ok = result["narrator"]["words_per_second"] >= TARGET_WPS and result["memory"]["peak_mb"] <= TARGET_MB
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
