"""Batch runs: one piece of work per input file, in parallel with ``--jobs N``, results in input
order, a progress bar on a terminal, and a bad file that costs only its own result.

- :func:`run` calls a function on every item, serially (``jobs=1``) or in N worker processes
  (``concurrent.futures.ProcessPoolExecutor``, forked where the platform allows, so the workers
  start with what the parent has loaded). The results come back in the order of the items,
  whatever order the workers finish in, so a parallel run gives exactly what a serial one does.
- A :class:`~narrator.errors.NarratorError` (or any other exception) in one item becomes that
  item's one-line error; the others go on. The CLI prints the errors and exits 2 at the end.
  Each output is written atomically by its own item, so what was written stays written.
- The progress bar is drawn on standard error only when it is a terminal and there is more than
  one item; otherwise nothing is drawn at all.
- :class:`DocumentJob` and :func:`write_document`: one scorecard to one draft or briefing, the
  unit of work of ``narrator draft`` and ``narrator brief``.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .errors import InputError, NarratorError

SCORECARD_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One item's result, or the line saying why it has none."""

    name: str
    value: Any = None
    error: str | None = None


def _call(fn: Callable[[Any], Any], item: Any, name: str, debug: bool) -> Outcome:
    try:
        return Outcome(name, fn(item))
    except NarratorError as exc:
        if debug:
            raise
        return Outcome(name, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        if debug:
            raise
        return Outcome(name, error=f"{name}: unexpected {type(exc).__name__}: {exc}")


def _call_packed(args: tuple) -> Outcome:
    return _call(*args)


def run(fn: Callable[[Any], Any], items: Sequence[Any], names: Sequence[str], *, jobs: int = 1,
        label: str = "", debug: bool = False, stream: TextIO | None = None) -> list[Outcome]:
    """``fn(item)`` for every item, as :class:`Outcome` in the order of ``items``. ``jobs`` > 1
    runs them in that many processes (``fn`` and the items must pickle); 0 means one per core.
    ``names`` label the items in errors and in the progress bar."""
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    workers = 1 if debug else min(jobs, len(items))  # --debug: tracebacks from this process
    progress = Progress(len(items), label, stream if stream is not None else sys.stderr)
    results: list[Outcome | None] = [None] * len(items)
    try:
        if workers <= 1:
            for i, (item, name) in enumerate(zip(items, names)):
                results[i] = _call(fn, item, name, debug)
                progress.advance(name)
        else:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
                futures = {pool.submit(_call_packed, (fn, item, name, debug)): i
                           for i, (item, name) in enumerate(zip(items, names))}
                for future in as_completed(futures):
                    i = futures[future]
                    results[i] = future.result()
                    progress.advance(names[i])
    finally:
        progress.close()
    return [r for r in results if r is not None]


def _context():
    """Fork where there is fork (Linux): workers start at once with the parent's modules and
    caches (the extraction pipeline, the phrasebank). Elsewhere the platform's default."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else None)


class Progress:
    """``label [#######-------] 12/40 name`` on one line of a terminal, redrawn at most ten
    times a second and cleared at the end; nothing at all when the stream is not a terminal."""

    def __init__(self, total: int, label: str, stream: TextIO) -> None:
        self.total, self.label, self.stream = total, label, stream
        self.done = 0
        self.enabled = total > 1 and _isatty(stream)
        self._drawn = 0.0
        self._width = 0

    def advance(self, name: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn < 0.1 and self.done < self.total:
            return
        self._drawn = now
        columns = shutil.get_terminal_size((80, 20)).columns - 1
        filled = round(20 * self.done / self.total)
        line = f"{self.label} [{'#' * filled}{'-' * (20 - filled)}] {self.done}/{self.total} {name}"
        line = line[:columns]
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# ---------------------------------------------------------------------------------------------
# Narratives to figures (narrator extract, narrator check)


def extract_document(item):
    """One report (a path, or a :class:`~narrator.read_text.TextDocument` already read, as
    standard input is) to its :class:`~narrator.extract.Extraction`."""
    from .extract import extract_text
    from .read_text import read_document

    doc = read_document(item) if isinstance(item, (str, Path)) else item
    return extract_text(doc.text, doc.source)


def check_document(item):
    """One report to ``(extraction, issues)``."""
    from .check import check_extraction

    extraction = extract_document(item)
    return extraction, check_extraction(extraction)


def narratives(paths: Sequence[str]) -> tuple[list[Any], list[str], list[Outcome]]:
    """The reports to read, their names, and an error for each path that names none. Each path
    is expanded on its own (folders to their documents), so a missing one costs only itself; a
    file named twice is read once; standard input is read here, before any worker starts."""
    from .read_text import expand_inputs, read_document

    items, names, errors, seen = [], [], [], set()
    for given in paths:
        try:
            expanded = expand_inputs([given])
            for item in expanded:
                key = "-" if item == "-" else os.path.realpath(item)
                if key in seen:
                    continue
                seen.add(key)
                items.append(read_document("-") if item == "-" else item)
                names.append("<stdin>" if item == "-" else os.fspath(item))
        except NarratorError as exc:
            errors.append(Outcome(str(given), error=str(exc)))
    return items, names, errors


def warm_extraction() -> None:
    """Build the extraction pipeline once in this process, so forked workers share it."""
    from .extract import extract_text

    extract_text("1", "")


# ---------------------------------------------------------------------------------------------
# Scorecards to documents


@dataclass(frozen=True, slots=True)
class DocumentJob:
    """Everything ``narrator draft``/``brief`` needs to turn one scorecard into one document."""

    kind: str  # "draft" or "brief"
    file: Path
    output: Path
    fmt: str  # "docx", "md" or "html"
    sheet: str | None = None
    columns: Path | None = None
    period: str | None = None
    style: str = "ons"
    council: str = ""
    committee: str = ""
    title: str = ""
    template: Path | None = None
    force: bool = False
    charts: bool = True


def write_document(job: DocumentJob) -> Path:
    """Load, narrate and write one document (atomically); the path written."""
    from . import word
    from .load import load_scorecard
    from .plan import report
    from .write import brief_html, brief_markdown, commentary_markdown, draft_html, write_text

    rep = report(load_scorecard(job.file, sheet=job.sheet, columns=job.columns, period=job.period), style=job.style)
    cover = word.Cover(job.council, job.committee, job.title)
    if job.fmt == "docx":
        doc = (word.draft_document(rep, cover=cover, template=job.template, charts=job.charts)
               if job.kind == "draft" else word.brief_document(rep, cover=cover, template=job.template))
        return word.save(doc, job.output, job.force)
    if job.kind == "draft":
        text = commentary_markdown(rep, cover=cover) if job.fmt == "md" else draft_html(rep, cover=cover)
    else:
        text = brief_markdown(rep, cover=cover) if job.fmt == "md" else brief_html(rep, cover=cover)
    return write_text(text, job.output, job.force)


def warm_documents() -> None:
    """Import what every document needs once in this process, so forked workers share it."""
    import importlib

    for name in ("narrator.load", "narrator.plan", "narrator.word", "narrator.write", "docx", "pandas", "PIL.Image"):
        importlib.import_module(name)


def scorecards(paths: Sequence[Path]) -> list[Path]:
    """The scorecards named: files as given, folders replaced by the .csv and .xlsx files in them
    (sorted; hidden files and ``~$`` lock files skipped). A file named twice is done once."""
    found: dict[str, Path] = {}
    for path in paths:
        if Path(path).is_dir():
            inside = sorted(p for p in Path(path).iterdir() if p.suffix.lower() in SCORECARD_SUFFIXES
                            and not p.name.startswith((".", "~$")) and p.is_file())
            if not inside:
                raise InputError(str(path), "is a folder with no .csv or .xlsx files in it",
                                 "a folder holding scorecards, or the path of one scorecard")
        else:
            inside = [Path(path)]
        for p in inside:
            found.setdefault(os.path.normcase(os.path.abspath(p)), p)
    return list(found.values())


def document_jobs(files: Sequence[Path], kind: str, fmt: str, output: Path | None,
                  **options: Any) -> tuple[list[DocumentJob], list[Outcome]]:
    """The jobs for ``narrator draft``/``brief`` over ``files`` (folders expanded), and an error
    for each scorecard whose document would land on another's (two files with the same stem)."""
    found = scorecards(files)
    jobs, clashes, taken = [], [], {}
    for file, dest in zip(found, output_paths(found, kind, fmt, output)):
        key = os.path.normcase(os.path.abspath(dest))
        if key in taken:
            clashes.append(Outcome(str(file), error=str(InputError(
                str(file), f"would be written to {dest}, the same file as {taken[key]}",
                "scorecards with different file names, or one run each"))))
            continue
        taken[key] = file
        jobs.append(DocumentJob(kind, Path(file), dest, fmt, **options))
    return jobs, clashes


def output_paths(files: Sequence[Path], kind: str, fmt: str, output: Path | None) -> list[Path]:
    """Where each document goes: ``-o`` itself for one scorecard (or in it, when it is a folder);
    for several, ``-o`` is a folder (made if missing) and each document is named after its
    scorecard, ``<stem>_<kind>.<fmt>``, as it is in the current folder without ``-o``."""
    names = [Path(f"{Path(f).stem}_{kind}.{fmt}") for f in files]
    if len(files) == 1:
        if output is not None and output.is_dir():
            return [output / names[0]]  # an existing folder: the document goes in it, named as without -o
        return [output if output is not None else names[0]]
    if output is None:
        return names
    if output.exists() and not output.is_dir():
        raise InputError(str(output), "is a file, but several scorecards need a folder for their documents",
                         "the name of a folder (made if it does not exist)")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(output), f"cannot be made as a folder ({exc.strerror or type(exc).__name__})",
                         "a folder you can write to") from None
    return [output / name for name in names]
