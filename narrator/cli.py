"""The ``narrator`` command: a thin typer skin over the library.

Each command parses its arguments, calls the library, and prints. A :class:`NarratorError`
becomes one line on stderr and exit status 2 (``--debug`` shows the traceback instead).
Heavy libraries are imported inside commands so that ``narrator --help`` stays fast.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import InputError, NarratorError

app = typer.Typer(
    name="narrator",
    help="Performance commentary for councils: read a scorecard and say what it shows.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"


CardArg = Annotated[Path, typer.Argument(help="Scorecard: .csv or .xlsx.")]
SheetOpt = Annotated[Optional[str], typer.Option("--sheet", help="Read only this sheet of a workbook.")]
ColumnsOpt = Annotated[Optional[Path], typer.Option(
    "--columns", help="A YAML mapping file adding your own column names, comparators and "
    "per-indicator polarity/unit (same form as phrasebank/columns.yml).")]
PeriodOpt = Annotated[Optional[str], typer.Option(
    "--period", help="Reporting period of the Current column when the file does not say it, "
    "e.g. 'September 2023'.")]


@app.callback()
def _root(debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False) -> None:
    _state["debug"] = debug


def _load(file: Path, sheet, columns, period):
    from .load import load_scorecard

    return load_scorecard(file, sheet=sheet, columns=columns, period=period)


@app.command("validate")
def validate_cli(
    file: CardArg,
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    period: PeriodOpt = None,
    fmt: Annotated[SummaryFormat, typer.Option("--format", help="text or json.")] = SummaryFormat.text,
) -> None:
    """Load a scorecard and print what narrator read: indicators by theme, unit and polarity,
    the latest period, what is missing or suppressed, and every warning. Exit 0 when it loads,
    2 when it cannot."""
    from .summary import render_text, summarise

    card = _load(file, sheet, columns, period)
    summary = summarise(card)
    if fmt is SummaryFormat.json:
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        typer.echo(render_text(summary))


class FactsFormat(StrEnum):
    json = "json"
    md = "md"


FactsFormatOpt = Annotated[Optional[FactsFormat], typer.Option(
    "--format", help="json or md. Default: -o's name (.json or .md), else json.", show_default=False)]


StyleOpt = Annotated[str, typer.Option("--style", help="House-style profile from phrasebank/commentary.yml: "
                                       "ons (81.4%), per_cent (81.4 per cent), govuk.")]
OutOpt = Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to this file instead of the screen "
                                                "(- for the screen). Its name gives the format when --format is not "
                                                "given.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]

# what a file's name says it holds, for telling a format from -o's name and catching a mismatch
_NAMED = {".docx": "docx", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json",
          ".csv": "csv", ".xlsx": "xlsx", ".txt": "txt", ".pdf": "pdf", ".doc": "doc", ".odt": "odt",
          ".rtf": "rtf", ".xls": "xls"}


def _format_for(output: Path | None, given: StrEnum | None, choices: type[StrEnum], default: StrEnum,
                binary: bool = False) -> StrEnum:
    """The output's format: ``--format`` when given, else the one ``-o``'s name ends in, else
    ``default``. A name that says another kind of file is an error ("draft.md" for a Word
    document, "figures.xlsx" for JSON), as is ``-o -`` (standard output) for a binary format."""
    if output is None or output.is_dir():
        return given or default
    if str(output) == "-":
        chosen = given or default
        if binary or chosen.value in ("docx", "xlsx"):
            raise InputError("-o -", f"the output ({chosen.value}) cannot be written to the screen",
                             "the name of a file to write")
        return chosen
    named = _NAMED.get(output.suffix.lower())
    if named is None or named == "txt" and (given or default).value in ("md", "json", "csv"):
        return given or default
    if given is None and named in choices.__members__:
        return choices(named)
    chosen = given or default
    if named != chosen.value:
        kind = output.suffix.lower()[1:]
        if named not in choices.__members__:
            endings = [f".{c.value}" for c in choices]
            raise InputError(str(output), f"names a .{kind} file, which this command does not write",
                             "a name ending " + (" or ".join(endings) if len(endings) < 3 else
                                                 f"{', '.join(endings[:-1])} or {endings[-1]}"))
        raise InputError(str(output), f"names a .{kind} file, but --format is {chosen.value}",
                         f"a name ending .{chosen.value}, or --format {named}")
    return chosen


def _narrate(file: Path, sheet, columns, period, style):
    from .plan import narrate

    return narrate(_load(file, sheet, columns, period), style=style)


def _report(file: Path, sheet, columns, period, style):
    from .plan import report

    return report(_load(file, sheet, columns, period), style=style)


def _emit(text: str | Iterable[str], output: Path | None, force: bool) -> None:
    """Text (or its pieces in turn, written as they come) to standard output or to ``output``."""
    if output is None or str(output) == "-":
        from .write import batched

        for block in batched((text,) if isinstance(text, str) else text):
            typer.echo(block, nl=False)
    else:
        from .write import write_text

        write_text(text, output, force)
        typer.echo(f"Wrote {output}", err=True)


@app.command("facts")
def facts_cli(
    file: CardArg,
    fmt: FactsFormatOpt = None,
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    period: PeriodOpt = None,
    style: StyleOpt = "ons",
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """The facts behind the commentary for every indicator: direction, judgement, target and
    comparator relations, derived RAG, and each sentence with the source of every number."""
    from .write import facts_json, facts_markdown

    fmt = _format_for(output, fmt, FactsFormat, FactsFormat.json)
    commentary = _narrate(file, sheet, columns, period, style)
    text = facts_json(commentary) if fmt is FactsFormat.json else facts_markdown(commentary)
    _emit(text, output, force)


@app.command("commentary")
def commentary_cli(
    file: CardArg,
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    period: PeriodOpt = None,
    style: StyleOpt = "ons",
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """The report as Markdown: headlines, what the data is telling us by theme, the questions it
    raises, and plain-English commentary on every indicator grouped by theme."""
    from .write import commentary_markdown

    _format_for(output, None, _Markdown, _Markdown.md)
    _emit(commentary_markdown(_report(file, sheet, columns, period, style)), output, force)


@app.command("questions")
def questions_cli(
    file: CardArg,
    fmt: FactsFormatOpt = None,
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    period: PeriodOpt = None,
    style: StyleOpt = "ons",
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Scrutiny questions the data raises, by theme: JSON (question, indicators, facts) or Markdown."""
    from .questions import ask, questions_json
    from .write import questions_markdown

    fmt = _format_for(output, fmt, FactsFormat, FactsFormat.json)
    card = _load(file, sheet, columns, period)
    found = ask(card, style=style)
    if fmt is FactsFormat.json:
        text = json.dumps(questions_json(found), indent=2, ensure_ascii=False) + "\n"
    else:
        text = questions_markdown(card, found)
    _emit(text, output, force)


class _Markdown(StrEnum):
    md = "md"


class DocFormat(StrEnum):
    docx = "docx"
    md = "md"
    html = "html"


CouncilOpt = Annotated[str, typer.Option("--council", help="Council name for the cover.")]
CommitteeOpt = Annotated[str, typer.Option("--committee", help="Committee name for the cover.")]
TitleOpt = Annotated[str, typer.Option("--title", help="Title (default: the scorecard's own).")]
TemplateOpt = Annotated[Optional[Path], typer.Option(
    "--template", help="A council's own .docx whose styles the document takes.")]
DocFormatOpt = Annotated[Optional[DocFormat], typer.Option(
    "--format", help="docx, md or html. Default: -o's name (.docx, .md or .html), else docx.", show_default=False)]


JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Work on this many files at once, each in its "
                                      "own process (0: one per processor core). Results are the same as one at "
                                      "a time, in the same order.")]


def _errors(outcomes) -> bool:
    """Print each failed file's one-line error; True when there were any."""
    failed = [o for o in outcomes if o.error is not None]
    for o in failed:
        typer.echo(f"narrator: error: {o.error}", err=True)
    return bool(failed)


def _documents(kind: str, files: list[Path], output: Path | None, fmt: DocFormat | None, jobs: int,
               **options) -> None:
    """One document per scorecard (batch.write_document), several at once with --jobs; a bad
    scorecard costs only its own document, and the exit status is 2 at the end."""
    from . import batch

    fmt = _format_for(output, fmt, DocFormat, DocFormat.docx, binary=True)

    planned, clashes = batch.document_jobs(files, kind, fmt.value, output, **options)
    if jobs != 1 and len(planned) > 1:
        batch.warm_documents()  # once here rather than in every worker
    done = batch.run(batch.write_document, planned, [str(j.file) for j in planned], jobs=jobs, label=kind,
                     debug=_state["debug"])
    for outcome in done:
        if outcome.error is None:
            typer.echo(f"Wrote {outcome.value}", err=True)
    if _errors(clashes + done):
        raise typer.Exit(2)


ScorecardsArg = Annotated[list[Path], typer.Argument(
    metavar="FILE", help="Scorecards: .csv or .xlsx files, or folders of them.")]
DocOutOpt = Annotated[Optional[Path], typer.Option(
    "-o", "--output", help="The file to write, or a folder to write it in; with several scorecards, a folder "
    "(made if missing). In a folder each document is named after its scorecard. Default: "
    "<scorecard>_<command>.<format> here.")]


@app.command("draft")
def draft_cli(
    files: ScorecardsArg,
    output: DocOutOpt = None,
    fmt: DocFormatOpt = None,
    council: CouncilOpt = "",
    committee: CommitteeOpt = "",
    title: TitleOpt = "",
    template: TemplateOpt = None,
    charts: Annotated[bool, typer.Option("--charts/--no-charts", help="Trend charts beside indicators.")] = True,
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    period: PeriodOpt = None,
    style: StyleOpt = "ons",
    force: ForceOpt = False,
    jobs: JobsOpt = 1,
) -> None:
    """The officer draft: headlines, then per theme the summary, a table of indicators with RAG,
    the commentary with room for the officer's own context, and the scrutiny questions."""
    _documents("draft", files, output, fmt, jobs, sheet=sheet, columns=columns, period=period, style=style,
               council=council, committee=committee, title=title, template=template, force=force, charts=charts)


@app.command("brief")
def brief_cli(
    files: ScorecardsArg,
    output: DocOutOpt = None,
    fmt: DocFormatOpt = None,
    council: CouncilOpt = "",
    committee: CommitteeOpt = "",
    title: TitleOpt = "",
    template: TemplateOpt = None,
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    period: PeriodOpt = None,
    style: StyleOpt = "ons",
    force: ForceOpt = False,
    jobs: JobsOpt = 1,
) -> None:
    """The one-page lead member briefing: headlines, what is going well, the main concerns, the
    questions to ask and the key indicators with RAG."""
    _documents("brief", files, output, fmt, jobs, sheet=sheet, columns=columns, period=period, style=style,
               council=council, committee=committee, title=title, template=template, force=force)


class ExtractFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


def _narratives(files: list[str], jobs: int, work, label: str):
    """Outcomes of ``work`` (batch.extract_document or batch.check_document) over the reports
    named, in input order, with an error outcome for each path that names none."""
    from . import batch

    items, names, missing = batch.narratives(files)
    if jobs != 1 and len(items) > 1:
        batch.warm_extraction()  # once here rather than in every worker
    return missing + batch.run(work, items, names, jobs=jobs, label=label, debug=_state["debug"])


@app.command("extract")
def extract_cli(
    files: Annotated[list[str], typer.Argument(help="Narratives: .txt, .md, .docx, .pdf, folders, or - for "
                                                     "standard input.")],
    fmt: Annotated[Optional[ExtractFormat], typer.Option(
        "--format", help="json, csv or xlsx. Default: -o's name (.json, .csv or .xlsx), else json.",
        show_default=False)] = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    jobs: JobsOpt = 1,
) -> None:
    """Every figure in narrative reports: value, unit, role, period, measure, fraction links, the
    sentence and its character offsets, with the issues `narrator check` finds. A report that
    cannot be read gets one line on stderr; the others are still given, and the exit status is 2."""
    from . import batch
    from .write import extraction_csv, extraction_json_pieces, extraction_xlsx, write_bytes

    fmt = _format_for(output, fmt, ExtractFormat, ExtractFormat.json)
    if fmt is ExtractFormat.xlsx and output is None:
        raise InputError("--format xlsx", "writes a workbook, which cannot be shown on the screen",
                         "-o FILE.xlsx")
    outcomes = _narratives(files, jobs, batch.extract_document, "extract")
    found = [o.value for o in outcomes if o.error is None]
    if found:
        if fmt is ExtractFormat.xlsx:
            write_bytes(extraction_xlsx(found), output, force)
            typer.echo(f"Wrote {output}", err=True)
        else:
            several = len(outcomes) > 1 or any(Path(f).is_dir() for f in files if f != "-")
            _emit(extraction_json_pieces(found, several) if fmt is ExtractFormat.json else extraction_csv(found),
                  output, force)
    if _errors(outcomes):
        raise typer.Exit(2)


@app.command("check")
def check_cli(
    files: Annotated[list[str], typer.Argument(help="Narratives: .txt, .md, .docx, .pdf, folders, or -.")],
    fmt: Annotated[CheckFormat, typer.Option("--format", help="text or json.")] = CheckFormat.text,
    jobs: JobsOpt = 1,
) -> None:
    """Figures that contradict each other: shares over 100%, percentages that disagree with their
    fractions or changes, rises called falls, targets called met that were missed, one measure
    with two values. Exit status 1 when it finds any, 0 when clean, 2 when a report cannot be
    read (the others are still checked)."""
    from . import batch

    outcomes = _narratives(files, jobs, batch.check_document, "check")
    found = [o.value for o in outcomes if o.error is None]
    if fmt is CheckFormat.json:
        data = [{"source": ex.source, "issues": [i.to_json() for i in issues]} for ex, issues in found]
        if data:
            typer.echo(json.dumps(data if len(data) > 1 else data[0], indent=2, ensure_ascii=False))
    else:
        for ex, issues in found:
            for i in issues:
                line = ex.text.count("\n", 0, i.start) + 1
                typer.echo(f"{ex.source}:{line}: [{i.start}-{i.end}] {i.kind}: \"{i.quote}\": {i.reason}")
            if not issues:
                typer.echo(f"{ex.source}: no contradictions found")
    if _errors(outcomes):
        raise typer.Exit(2)
    if any(issues for _, issues in found):
        raise typer.Exit(1)


def _help_paragraphs(doc: str) -> str:
    """A docstring's paragraphs, each on one line. typer's list of commands keeps single line
    breaks, so a docstring wrapped for the source broke mid-sentence there."""
    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(doc).split("\n\n"))


for _command in app.registered_commands:
    _command.help = _help_paragraphs(_command.help or _command.callback.__doc__ or "")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app, turning NarratorError into one line and exit 2.
    Usage errors are reported by typer itself (also exit 2)."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        app(args=args, prog_name="narrator")
    except NarratorError as exc:
        if _state["debug"] or "--debug" in args:
            raise
        typer.echo(f"narrator: error: {exc}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
