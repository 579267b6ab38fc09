"""Stage 0: read a scorecard (CSV or XLSX, any of the layouts councils use) into a :class:`Scorecard`.

How a sheet is read:

1. Every row is classified. A **header row** has an indicator-name column and at least one other
   column narrator recognises (aliases in ``phrasebank/columns.yml``, periods such as ``Apr-23``).
   A sheet may hold several tables, each with its own header row.
2. Under a header, a row with text in the indicator column is an **indicator**. A row with a
   single text cell followed by a header or an indicator is a **section heading**, which becomes
   the theme of the indicators below it (``FRONT DOOR - Head of Service ...`` -> ``Front door``).
   Text rows starting with ``*`` are footnotes, attached to names carrying the same marker.
3. Period columns form the series. The latest value is the ``current`` column, else the rolling
   12-month (then 6-month) value, else the latest non-missing period. The reporting period comes
   from ``--period``, a ``current_period`` column, or a period written in the sheet's title or
   notes (``September 2023``, ``snapshot at end of September 2023``).
4. Unit, polarity and theme come from the sheet's own columns, then a ``--columns`` mapping, then
   the name (``(%)``, ``rate per 10,000``), the values (``81.4%``), and the indicator catalogue;
   an indicator with no polarity from any of these loads as neutral, with a warning.

Every figure keeps its source cell. Any cell that cannot be read raises :class:`InputError`
naming file, sheet, row, column and value.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from .catalogue import Catalogue, load_catalogue
from .columns import Vocabulary, header_key, load_vocabulary, norm
from .errors import InputError, Location, column_letter, reason
from .model import (Band, CellRef, Comparator, Indicator, Period, PeriodKind, Point, Polarity,
                    Scorecard, Stated, Unit, Value, Warning)
from .periods import find_period, financial_year_of, parse_period, year_before
from .safety import check_archive
from .settings import DEFAULT, Settings
from .values import ValueProblem, parse_relation_cell, parse_target, parse_value

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


# ---------------------------------------------------------------------------------------------
# Reading files into grids of cells

@dataclass(frozen=True, slots=True)
class Cell:
    value: object
    fmt: str | None = None


@dataclass
class Grid:
    """One sheet (or a CSV file) as rows of cells; ``rows[r][c]`` is row r+1, column c+1."""

    file: str
    sheet: str | None
    rows: list[list[Cell]]

    def is_empty(self) -> bool:
        return not any(not _blank(c.value) for row in self.rows for c in row)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_csv(path: Path, shown: str) -> list[Grid]:
    from .read_text import decode_bytes

    text = decode_bytes(path.read_bytes())
    if "\x00" in text:
        raise InputError(shown, "is a binary file, not a CSV", "comma-separated text")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(text)
    try:
        rows = [[Cell(v) for v in row] for row in csv.reader(io.StringIO(text, newline=""),
                                                              delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError(shown, f"is not a readable CSV ({exc})", "comma-separated text") from None
    return [Grid(shown, None, rows)]


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines into the same number of
    fields most often (figures such as 1,119 in a semicolon file do not fool it), then the one
    found most often, then the comma."""
    sample = "\n".join([line for line in text.splitlines()[:20] if line.strip()][:10])
    if not sample:
        return ","

    def score(d: str) -> tuple[int, int, bool]:
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=d)]
        except csv.Error:
            return (0, 0, d == ",")
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        return (widths.count(common) if common > 1 else 0, sample.count(d), d == ",")

    return max((",", ";", "\t"), key=score)


def _read_xlsx(path: Path, shown: str, sheet: str | None) -> list[Grid]:
    import openpyxl  # imported here: it is slow to import and CSV users never need it
    from openpyxl.utils.exceptions import InvalidFileException

    check_archive(path, "xlsx", shown)  # zip bombs are refused before openpyxl unpacks anything
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError,
            AttributeError, IndexError, SyntaxError, EOFError, zlib.error, NotImplementedError) as exc:
        # SyntaxError: damaged XML (lxml's and ElementTree's errors); EOFError and zlib.error:
        # a truncated or damaged packed part
        raise InputError(shown, f"cannot be read as an Excel workbook ({reason(exc)})",
                         "an .xlsx file saved by Excel or LibreOffice") from None
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        raise InputError(shown, f"has no sheet named '{sheet}'",
                         "one of " + ", ".join(f"'{n}'" for n in names))
    grids = []
    for name in ([sheet] if sheet is not None else names):
        ws = book[name]
        if not hasattr(ws, "iter_rows"):  # a chart sheet
            continue
        rows = [[Cell(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
        for merged in ws.merged_cells.ranges:  # a merged header applies to every column it spans
            top = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else None
            if top is None:
                continue
            for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(rows[r]))):
                    rows[r][c] = top
        grids.append(Grid(shown, name, rows))
    return grids


def read_grids(path: Path, sheet: str | None = None) -> list[Grid]:
    """The file's sheets as grids; InputError when the file cannot be read."""
    shown = str(path)
    if not path.exists():
        raise InputError(shown, "no such file", "the path of a .csv or .xlsx scorecard")
    if path.is_dir():
        raise InputError(shown, "is a folder", "the path of a .csv or .xlsx scorecard")
    suffix = path.suffix.lower()
    try:
        if suffix in EXCEL_SUFFIXES:
            return _read_xlsx(path, shown, sheet)
        if suffix in CSV_SUFFIXES:
            if sheet is not None:
                raise InputError(shown, f"--sheet '{sheet}' was given but a CSV file has no sheets",
                                 "an .xlsx workbook, or no --sheet")
            return _read_csv(path, shown)
    except PermissionError:
        raise InputError(shown, "cannot be opened (permission denied)", "a readable file") from None
    if suffix == ".xls":
        problem = "is an old-style .xls workbook, which narrator does not read"
    elif suffix == ".ods":
        problem = "is an OpenDocument spreadsheet, which narrator does not read"
    else:
        problem = f"has an unknown scorecard format '{suffix or '(no extension)'}'"
    raise InputError(shown, problem, "a .csv or .xlsx file (save it from Excel as .xlsx or CSV)")


# ---------------------------------------------------------------------------------------------
# Recognising columns

@dataclass(frozen=True, slots=True)
class Column:
    index: int  # 0-based
    header: str
    role: str  # a role from columns.yml, or series / comparator / relation / unknown
    period: Period | None = None
    comparator: str | None = None


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", norm(text)).strip("_") or "comparator"


def classify_header(value: object, index: int, vocab: Vocabulary) -> Column | None:
    if _blank(value):
        return None
    if isinstance(value, datetime | date):
        period = parse_period(value)
        return Column(index, period.label if period else str(value), "series", period)
    header = " ".join(str(value).split())
    key, period = header_key(header)
    role = _role(key, vocab)
    if role:
        return Column(index, header, role, period)
    cid = vocab.comparator_id(key)
    if cid:
        return Column(index, header, "comparator", period, cid)
    if key.endswith("_relation"):
        base = key[: -len("_relation")]
        return Column(index, header, "relation", period, vocab.comparator_id(base) or _snake(base))
    for prefix in vocab.relation_prefixes:
        if key.startswith(prefix + " "):
            rest = key[len(prefix) + 1:].strip()
            return Column(index, header, "relation", period, vocab.comparator_id(rest) or _snake(rest))
    series = parse_period(header)
    if series is not None:
        return Column(index, header, "series", series)
    return Column(index, header, "unknown", period)


def _role(key: str, vocab: Vocabulary) -> str | None:
    return vocab.columns.get(key) or vocab.columns.get(key.rstrip("."))


def _names_indicator(value: object, vocab: Vocabulary) -> bool:
    """Whether classify_header gives the cell the indicator role (cheaply: no comparator or period)."""
    if _blank(value) or isinstance(value, datetime | date):
        return False
    return _role(header_key(" ".join(str(value).split()))[0], vocab) == "indicator"


@dataclass
class Header:
    row: int  # 0-based
    columns: list[Column]
    by_role: dict[str, Column] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for col in self.columns:
            if col.role not in ("series", "comparator", "relation", "unknown", "ignore"):
                self.by_role.setdefault(col.role, col)

    @property
    def indicator(self) -> Column:
        return self.by_role["indicator"]


def _as_header(row: list[Cell], r: int, vocab: Vocabulary) -> Header | None:
    if not any(_names_indicator(cell.value, vocab) for cell in row):
        return None  # no header without an indicator column
    columns = [col for i, cell in enumerate(row) if (col := classify_header(cell.value, i, vocab))]
    roles = [c.role for c in columns]
    if "indicator" not in roles or sum(1 for role in roles if role != "unknown") < 2:
        return None
    return Header(r, columns)


# ---------------------------------------------------------------------------------------------
# Walking a sheet

@dataclass
class Record:
    """An indicator row found in a sheet, with what was known about it when it was found."""

    grid: Grid
    row: int  # 0-based
    header: Header
    heading: str | None
    group_periods: dict[int, Period]


@dataclass
class SheetScan:
    records: list[Record] = field(default_factory=list)
    title: str | None = None
    period_texts: list[tuple[int, str]] = field(default_factory=list)  # (row, text) outside tables
    footnotes: dict[str, str] = field(default_factory=dict)  # marker ("*", "**") -> text
    skipped: list[str] = field(default_factory=list)


def _cell_text(cell: Cell) -> str:
    return "" if _blank(cell.value) else " ".join(str(cell.value).split())


def _nonempty(row: list[Cell]) -> list[int]:
    return [i for i, c in enumerate(row) if not _blank(c.value)]


def _is_record(row: list[Cell], header: Header) -> bool:
    col = header.indicator.index
    if col >= len(row) or _blank(row[col].value):
        return False
    value = row[col].value
    return isinstance(value, str) and not re.fullmatch(r"[\d.,%\s-]+", value)


def _clean_heading(text: str, vocab: Vocabulary) -> str:
    lower = text.lower()
    for marker in vocab.theme_cut:
        at = lower.find(marker)
        if at > 0:
            text = text[:at]
            break
    text = text.strip(" -–:")
    letters = [ch for ch in text if ch.isalpha()]
    words = [w for w in text.split() if w[:1].isalpha()]
    title_case = len(words) >= 2 and all(w[0].isupper() for w in words)
    if letters and (all(ch.isupper() for ch in letters) or title_case):
        # Headings in capitals or Title Case become sentence case (house style), acronyms kept.
        words = text.split()
        out = []
        for i, word in enumerate(words):
            bare = re.sub(r"[^A-Za-z0-9]", "", word).upper()
            if bare in vocab.acronyms:
                out.append(word)
            else:
                out.append(word.capitalize() if i == 0 else word.lower())
        text = " ".join(out)
    return text


def scan_sheet(grid: Grid, vocab: Vocabulary) -> SheetScan:
    scan = SheetScan()
    rows = grid.rows
    header: Header | None = None
    heading: str | None = None
    group_periods: dict[int, Period] = {}
    headers: dict[int, Header] = {}
    for r, row in enumerate(rows):
        if found := _as_header(row, r, vocab):
            headers[r] = found

    def next_nonempty(r: int) -> int | None:
        for n in range(r + 1, min(r + 4, len(rows))):
            if _nonempty(rows[n]):
                return n
        return None

    for r, row in enumerate(rows):
        filled = _nonempty(row)
        if not filled:
            continue
        if r in headers:
            header = headers[r]
            group_periods = _group_periods(rows[r - 1] if r else [], header)
            continue
        if header is not None and _is_record(row, header):
            only_name = filled == [header.indicator.index]
            n = next_nonempty(r)
            followed = n is not None and (n in headers or _is_record(rows[n], header))
            if not (only_name and followed):
                scan.records.append(Record(grid, r, header, heading, group_periods))
                continue
        texts = [_cell_text(row[i]) for i in filled if isinstance(row[i].value, str)]
        if len(filled) == 1 and texts:
            text = texts[0]
            marker = re.match(r"^(\*+)\s*", text)
            if marker:
                scan.footnotes[marker.group(1)] = text[marker.end():]
                scan.period_texts.append((r, text))
                continue
            n = next_nonempty(r)
            nxt_header = headers.get(n) if n is not None else None
            is_heading = n is not None and (
                nxt_header is not None or (header is not None and _is_record(rows[n], header)))
            if is_heading and parse_period(text) is None:
                heading = _clean_heading(text, vocab)
                if scan.title is None and not scan.records:
                    scan.title = text
                continue
        if header is not None and len(filled) > 1 and _has_figures(row, header):
            scan.skipped.append(f"row {r + 1} has figures but no indicator name; skipped")
        if scan.title is None and not scan.records and not any(parse_period(t) for t in texts):
            joined = " – ".join(t for t in texts if t)
            if joined and (r + 1) not in headers:
                scan.title = joined
        for i in filled:
            if isinstance(row[i].value, str) and not _over_data_column(r, i, headers):
                scan.period_texts.append((r, _cell_text(row[i])))
    return scan


def _has_figures(row: list[Cell], header: Header) -> bool:
    return any(not _blank(row[c.index].value) for c in header.columns
               if c.role in ("series", "current") and c.index < len(row))


def _over_data_column(r: int, c: int, headers: dict[int, Header]) -> bool:
    """A cell in the row just above a header, over a column other than ref/indicator."""
    header = headers.get(r + 1)
    if header is None:
        return False
    for col in header.columns:
        if col.index == c:
            return col.role not in ("ref", "indicator")
    return False


def _group_periods(above: list[Cell], header: Header) -> dict[int, Period]:
    """Periods written over columns in the row above a header ("Latest published statistics for
    LAs (2021-22)" over LA, SN and Eng)."""
    out: dict[int, Period] = {}
    for col in header.columns:
        if col.role in ("ref", "indicator") or col.index >= len(above):
            continue
        text = _cell_text(above[col.index])
        found = find_period(text) if text else None
        if found:
            out[col.index] = found[0]
    return out


# ---------------------------------------------------------------------------------------------
# Building indicators

@dataclass
class _Context:
    file: str
    vocab: Vocabulary
    catalogue: Catalogue
    period: Period | None
    several_sheets: bool
    warnings: list[Warning]

    def warn(self, code: str, message: str, where: str = "") -> None:
        self.warnings.append(Warning(code, message, where))


def _where(record: Record, col: Column | None = None) -> Location:
    if col is None:
        return Location(record.grid.file, record.grid.sheet, record.row + 1)
    return Location(record.grid.file, record.grid.sheet, record.row + 1, col.header, col.index + 1)


def _cell(record: Record, col: Column) -> Cell:
    row = record.grid.rows[record.row]
    return row[col.index] if col.index < len(row) else Cell(None)


def _ref(record: Record, col: Column) -> CellRef:
    return CellRef(record.grid.file, record.grid.sheet, record.row + 1, col.index + 1)


def _value(record: Record, col: Column, ctx: _Context) -> Value:
    cell = _cell(record, col)
    try:
        return parse_value(cell.value, _ref(record, col), ctx.vocab, cell.fmt)
    except ValueProblem as exc:
        raise InputError(_where(record, col), exc.problem, exc.expected) from None


def _word(record: Record, col: Column, ctx: _Context, section: str, required: bool) -> str | None:
    text = _cell_text(_cell(record, col))
    if not text:
        return None
    meaning = ctx.vocab.word(section, text)
    if meaning is None:
        table = ctx.vocab.words[section]
        choices = ", ".join(sorted(set(table.values())))
        if required:
            raise InputError(_where(record, col), f"'{text}' is not a {section} narrator knows",
                             f"one of {choices} (or words for them in columns.yml)")
        ctx.warn("W-word", f"'{text}' in column '{col.header}' is not a {section} narrator knows "
                 f"({choices}); ignored", str(_where(record, col)))
    return meaning


def _unit_from_name(name: str, vocab: Vocabulary) -> Unit | None:
    lower = name.lower()
    for unit, pattern in vocab.unit_cues:
        if pattern.search(lower):
            return unit
    return None


def build_indicator(record: Record, ctx: _Context, footnotes: dict[str, str]) -> Indicator:
    h = record.header
    name_cell = _cell(record, h.indicator)
    name = " ".join(str(name_cell.value).split())
    notes: list[str] = []
    marker = re.search(r"\s*(\*+)$", name)
    if marker:
        name = name[: marker.start()].rstrip()
        if marker.group(1) in footnotes:
            notes.append(footnotes[marker.group(1)])
    row_ref = _ref(record, h.indicator)
    ref = ""
    if "ref" in h.by_role:
        ref = _cell_text(_cell(record, h.by_role["ref"]))
        if re.fullmatch(r"\d+\.0", ref):
            ref = ref[:-2]
    ref_given = bool(ref)
    if not ref:
        ref = f"{record.grid.sheet + ':' if ctx.several_sheets and record.grid.sheet else ''}R{record.row + 1}"
    override = ctx.vocab.override(ref, name)
    name = override.get("name", name)
    entry = ctx.catalogue.match(name)

    # Series (finest granularity) and history (coarser period columns).
    points = []
    for col in h.columns:
        if col.role == "series" and col.period is not None:
            points.append(Point(col.period, _value(record, col, ctx)))
    series: tuple[Point, ...] = ()
    history: tuple[Point, ...] = ()
    if points:
        # Finest granularity among the cells that hold something, so that a CSV carrying both
        # monthly and quarterly columns gives a quarterly row its quarters, not blank months.
        filled = [p for p in points if not (p.value.missing == "blank")]
        finest = min(p.period.granularity for p in (filled or points))
        series = tuple(sorted((p for p in points if p.period.granularity == finest),
                              key=lambda p: p.period))
        history = tuple(sorted((p for p in points if p.period.granularity != finest),
                               key=lambda p: p.period))

    def role_value(role: str) -> Value | None:
        col = h.by_role.get(role)
        return _value(record, col, ctx) if col else None

    rolling_12m, rolling_6m = role_value("rolling_12m"), role_value("rolling_6m")

    # Current value and its period.
    current_period = ctx.period
    if "current_period" in h.by_role:
        col = h.by_role["current_period"]
        text = _cell_text(_cell(record, col))
        if text:
            current_period = parse_period(_cell(record, col).value) or parse_period(text)
            if current_period is None:
                raise InputError(_where(record, col), f"'{text}' is not a period",
                                 "a period such as September 2023, Sep-23, Q2 2023/24 or 2022/23")
    current = role_value("current")
    if current is None and (rolling_12m or rolling_6m):
        current = rolling_12m if rolling_12m and not rolling_12m.is_missing else rolling_6m
    if current is None and series:
        present = [p for p in series if not p.value.is_missing]
        if present:
            current, current_period = present[-1].value, present[-1].period
        else:
            current, current_period = series[-1].value, series[-1].period

    # Previous year.
    extra_comparators: tuple[Comparator, ...] = ()
    previous, previous_period, previous_from = None, None, "sheet"
    if "previous_year" in h.by_role:
        previous = role_value("previous_year")
        col = h.by_role.get("previous_year_period")
        text = _cell_text(_cell(record, col)) if col else ""
        if text:
            previous_period = parse_period(_cell(record, col).value) or parse_period(text)
            if previous_period is None:
                raise InputError(_where(record, col), f"'{text}' is not a period",
                                 "a period such as September 2022 or 2022/23")
        elif previous is None or previous.missing == "blank":
            previous_period = None
        elif h.by_role["previous_year"].period is not None:
            previous_period = h.by_role["previous_year"].period
        elif current_period is not None:
            previous_period = year_before(current_period)
    elif "previous_published" in h.by_role:
        col = h.by_role["previous_published"]
        previous = _value(record, col, ctx)
        previous_period = col.period or record.group_periods.get(col.index)
        previous_from = "published"
    if (previous is None or previous.is_missing) and "previous_year" not in h.by_role \
            and current_period is not None:
        wanted = year_before(current_period)
        for point in (*series, *history):
            if point.period == wanted and not point.value.is_missing:
                previous, previous_period, previous_from = point.value, point.period, "series"
                break
        else:
            if current_period.kind in (PeriodKind.QUARTER, PeriodKind.MONTH) and history:
                last_year = year_before(financial_year_of(current_period))
                for point in history:
                    if point.period == last_year and not point.value.is_missing:
                        previous, previous_period, previous_from = point.value, point.period, "series"

    # A mapping file may say which column holds this row's current or previous-year figure.
    moved: set[str] = set()
    if "current" in override:
        col = _override_column(record, override["current"], "current", ctx)
        current, moved = _value(record, col, ctx), moved | {col.role}
    if "previous_year" in override:
        col = _override_column(record, override["previous_year"], "previous_year", ctx)
        previous, previous_from, moved = _value(record, col, ctx), "mapping", moved | {col.role}
        previous_period = parse_period(override.get("previous_year_period", "")) or (
            year_before(current_period) if current_period else None)
        if "previous_published" in h.by_role and "previous_published" not in moved:
            published = _value(record, h.by_role["previous_published"], ctx)
            if not published.is_missing:
                col = h.by_role["previous_published"]
                extra_comparators = (Comparator("published", ctx.vocab.comparator_name("published"), published,
                                                col.period or record.group_periods.get(col.index), None, None),)
    if "rolling_12m" in moved or "rolling_6m" in moved:
        rolling_12m = rolling_6m = None  # the columns do not hold rolling figures for this row

    # Target.
    target = None
    if "target" in h.by_role:
        col = h.by_role["target"]
        cell = _cell(record, col)
        try:
            target = parse_target(cell.value, _ref(record, col), ctx.vocab, cell.fmt)
        except ValueProblem as exc:
            ctx.warn("W-target", f"{exc.problem}: no target used (expected {exc.expected})",
                     str(_where(record, col)))
            notes.append(f"Target as written: {_cell_text(cell)}")

    comparators = _comparators(record, ctx) + extra_comparators

    # Band, RAG, direction, notes.
    band = None
    if "band" in h.by_role:
        col = h.by_role["band"]
        text = _cell_text(_cell(record, col))
        if text and norm(text) not in ctx.vocab.words["missing"]:
            kind = ctx.vocab.word("band", text)
            if kind is None:
                ctx.warn("W-band", f"band '{text}' is not one narrator knows; kept as written",
                         str(_where(record, col)))
            band = Band(kind or "other", text, _ref(record, col))
    rag = _stated(record, ctx, "rag", "rag", "RAG rating")
    direction = _stated(record, ctx, "direction_of_travel", "direction", "direction of travel")
    if "notes" in h.by_role:
        text = _cell_text(_cell(record, h.by_role["notes"]))
        if text:
            notes.insert(0, text)

    # Unit.
    values = [v for v in (current, previous, rolling_12m, rolling_6m, *(p.value for p in series))
              if v is not None and not v.is_missing]
    unit, unit_from = None, "default"
    if "unit" in h.by_role:
        word = _word(record, h.by_role["unit"], ctx, "unit", required=True)
        if word:
            unit, unit_from = Unit(word), "sheet"
    if unit is None and "unit" in override:
        unit, unit_from = Unit(override["unit"]), "mapping"
    if unit is None and any(v.percent_sign for v in values):
        unit, unit_from = Unit.PERCENT, "values"
    if unit is None:
        cue = _unit_from_name(name, ctx.vocab)
        if cue is not None:
            unit, unit_from = cue, "name"
    if unit is None and entry is not None:
        unit, unit_from = entry.unit, "catalogue"
    if unit is None:
        whole = all(v.number is not None and float(v.number).is_integer() for v in values)
        unit = Unit.COUNT if values and whole else Unit.OTHER
        unit_from = "values"

    # Polarity.
    polarity, polarity_from = None, "default"
    if "polarity" in h.by_role:
        word = _word(record, h.by_role["polarity"], ctx, "polarity", required=True)
        if word:
            polarity, polarity_from = Polarity(word), "sheet"
    if polarity is None and "polarity" in override:
        polarity, polarity_from = Polarity(override["polarity"]), "mapping"
    if polarity is None and entry is not None:
        polarity, polarity_from = entry.polarity, "catalogue"
    if polarity is None:
        polarity = Polarity.NEUTRAL
        ctx.warn("W-polarity", f"'{name}' ({ref}) is not in the indicator catalogue and its polarity is "
                 "not given, so it is treated as neutral (no better/worse judgement). Set it with a "
                 f"'polarity' column (high, low or neutral) or in a --columns mapping file: "
                 f"indicators: {{{ref}: {{polarity: high}}}}", str(_where(record)))

    # Theme.
    theme, theme_from = None, "default"
    if "theme" in h.by_role:
        text = _cell_text(_cell(record, h.by_role["theme"]))
        if text:
            theme, theme_from = text, "sheet"
    if theme is None and "theme" in override:
        theme, theme_from = override["theme"], "mapping"
    if theme is None and record.heading:
        theme, theme_from = record.heading, "heading"
    if theme is None and ctx.several_sheets and record.grid.sheet:
        theme, theme_from = _clean_heading(record.grid.sheet, ctx.vocab), "sheet name"
    if theme is None and entry is not None:
        theme, theme_from = ctx.catalogue.theme_name(entry.theme), "catalogue"
    if theme is None:
        theme = record.grid.sheet or "Other indicators"

    # Decimals.
    if "decimals" in override:
        decimals = override["decimals"]
    elif "decimals" in h.by_role and (text := _cell_text(_cell(record, h.by_role["decimals"]))):
        if not re.fullmatch(r"[0-6](\.0)?", text):
            raise InputError(_where(record, h.by_role["decimals"]), f"'{text}' is not a number of decimal places",
                             "a whole number from 0 to 6")
        decimals = int(float(text))
    else:
        decimals = max((v.decimals for v in values), default=0)

    if unit is Unit.PERCENT:
        for v in values:
            if v.number is not None and v.number > 100:
                ctx.warn("W-over-100", f"'{name}' has {v.raw} at {v.source}, a percentage over 100%; "
                         "check the source", str(_where(record)))

    return Indicator(
        ref=ref, name=name, theme=theme, unit=unit, polarity=polarity, decimals=decimals,
        row=row_ref, series=series, history=history, current=current, current_period=current_period,
        previous_year=previous, previous_year_period=previous_period, target=target,
        comparators=comparators, band=band, rag=rag, direction=direction, rolling_12m=rolling_12m,
        rolling_6m=rolling_6m, notes=tuple(notes), catalogue_id=entry.id if entry else None,
        label=entry.label if entry else None, ref_given=ref_given,
        counts=entry.counts if entry else None, tolerance=override.get("tolerance"),
        previous_year_from=previous_from,
        unit_from=unit_from, polarity_from=polarity_from, theme_from=theme_from)


def _stated(record: Record, ctx: _Context, role: str, section: str, what: str) -> Stated | None:
    """A RAG rating or direction of travel as the sheet states it; unknown words are warned and
    ignored (they are kept for comparison, never relied on)."""
    col = record.header.by_role.get(role)
    if col is None:
        return None
    text = _cell_text(_cell(record, col)).replace("Α", "A")  # Greek capital alpha from PDF copies
    if not text or norm(text) in ctx.vocab.words["missing"]:
        return None
    meaning = ctx.vocab.word(section, text)
    if meaning is None:
        ctx.warn(f"W-{section}", f"{what} '{text}' is not one narrator knows; ignored", str(_where(record, col)))
        return None
    return Stated(meaning, text, _ref(record, col))


def _override_column(record: Record, wanted: str, field_name: str, ctx: _Context) -> Column:
    h = record.header
    if wanted in h.by_role:
        return h.by_role[wanted]
    for col in h.columns:
        if norm(col.header) == norm(wanted):
            return col
    headers = ", ".join(f"'{c.header}'" for c in h.columns if c.header)
    raise InputError(_where(record), f"the mapping file's {field_name}: '{wanted}' names no column of this table",
                     f"a column role such as rolling_6m or one of the headers {headers}")


def _comparators(record: Record, ctx: _Context) -> tuple[Comparator, ...]:
    found: dict[str, dict] = {}
    for col in record.header.columns:
        if col.role not in ("comparator", "relation"):
            continue
        cid = col.comparator or _snake(col.header)
        slot = found.setdefault(cid, {"period": None, "value": None, "relation": None, "rel_src": None})
        period = col.period or record.group_periods.get(col.index)
        if col.role == "comparator":
            value = _value(record, col, ctx)
            if not value.is_missing and slot["value"] is None:
                # Two columns for one comparator (North West 2020/21 and 2021/22): the first that
                # holds a figure gives both the figure and its period.
                slot["value"], slot["period"] = value, period
            elif slot["value"] is None:
                slot["period"] = slot["period"] or period
        else:
            cell = _cell(record, col)
            text = _cell_text(cell)
            word = ctx.vocab.word("relation", text) if text else None
            try:
                parsed = parse_relation_cell(cell.value, _ref(record, col), ctx.vocab, cell.fmt)
            except ValueProblem as exc:
                raise InputError(_where(record, col), exc.problem, exc.expected) from None
            if parsed is None and word is None:
                continue
            if parsed is not None:
                if parsed.relation is not None:
                    slot["relation"], slot["rel_src"] = parsed.relation, _ref(record, col)
                if parsed.value is not None and slot["value"] is None:
                    slot["value"] = parsed.value
                slot["period"] = parsed.period or slot["period"] or period
    out = []
    for cid, slot in found.items():
        if slot["value"] is None and slot["relation"] is None:
            continue
        out.append(Comparator(cid, ctx.vocab.comparator_name(cid), slot["value"], slot["period"],
                              slot["relation"], slot["rel_src"]))
    return tuple(out)


def _unknown_columns(records: list[Record], ctx: _Context) -> None:
    """Columns narrator does not recognise: numeric ones become comparators, others are ignored."""
    tables: dict[int, tuple[Header, list[Record]]] = {}
    for record in records:
        tables.setdefault(id(record.header), (record.header, []))[1].append(record)
    for h, rows in tables.values():
        record = rows[0]
        for i, col in enumerate(h.columns):
            if col.role != "unknown":
                continue
            cells = [_cell(rec, col) for rec in rows]
            filled = [c for c in cells if not _blank(c.value)]
            numeric = 0
            for c in filled:
                try:
                    numeric += not parse_value(c.value, None, ctx.vocab, c.fmt).is_missing
                except ValueProblem:
                    pass
            where = str(Location(record.grid.file, record.grid.sheet, h.row + 1, col.header, col.index + 1))
            if filled and numeric >= max(1, len(filled) // 2):
                h.columns[i] = replace(col, role="comparator", comparator=_snake(header_key(col.header)[0]))
                ctx.warn("W-column", f"column '{col.header}' is not one narrator knows; its figures are read "
                         "as a comparator (name it in a --columns mapping file if it is something else)", where)
            elif filled:
                ctx.warn("W-column", f"column '{col.header}' is not one narrator knows; ignored", where)


# ---------------------------------------------------------------------------------------------
# Entry point

def load_scorecard(path: str | Path, *, sheet: str | None = None, columns: str | Path | None = None,
                   period: str | None = None, settings: Settings = DEFAULT) -> Scorecard:
    """Read a scorecard file into a :class:`Scorecard`.

    path: a .csv or .xlsx file.  sheet: read only this sheet (default: every sheet that holds a
    table).  columns: a user's mapping file extending ``phrasebank/columns.yml``.
    period: the reporting period of the ``Current`` column when the file does not say it.
    Raises InputError (bad file or cell) or ConfigError (bad mapping file).
    """
    path = Path(path)
    vocab = load_vocabulary(Path(columns) if columns else None, settings)
    catalogue = load_catalogue(settings)
    report_period = None
    if period is not None:
        report_period = parse_period(period)
        if report_period is None:
            raise InputError("--period", f"'{period}' is not a period",
                             "a period such as 'September 2023', 'Sep-23', 'Q2 2023/24' or '2023/24'")
    grids = read_grids(path, sheet)
    shown = str(path)
    if not grids or all(g.is_empty() for g in grids):
        where = Location(shown, grids[0].sheet) if len(grids) == 1 else shown
        raise InputError(where, "is empty", "a header row and at least one indicator row")
    warnings: list[Warning] = []
    scans: list[tuple[Grid, SheetScan]] = []
    for grid in grids:
        if grid.is_empty():
            warnings.append(Warning("W-sheet", "the sheet is empty; skipped", str(Location(shown, grid.sheet))))
            continue
        scan = scan_sheet(grid, vocab)
        if not scan.records:
            if sheet is not None or len(grids) == 1:
                raise _no_table(grid, vocab)
            warnings.append(Warning("W-sheet", "no indicator table found on this sheet; skipped",
                                    str(Location(shown, grid.sheet))))
            continue
        for text in scan.skipped:
            warnings.append(Warning("W-row", text, str(Location(shown, grid.sheet))))
        scans.append((grid, scan))
    if not scans:
        raise _no_table(grids[0], vocab)

    title = next((s.title for _, s in scans if s.title), None)
    if report_period is None:
        report_period = _report_period(scans)
    ctx = _Context(shown, vocab, catalogue, report_period, len(scans) > 1, warnings)
    indicators: list[Indicator] = []
    first_seen: dict[str, Indicator] = {}
    for grid, scan in scans:
        _unknown_columns(scan.records, ctx)
        for record in scan.records:
            ind = build_indicator(record, ctx, scan.footnotes)
            if ind.ref in first_seen:
                earlier = first_seen[ind.ref].row
                col = record.header.by_role.get("ref", record.header.indicator)
                where = f" on row {earlier.row}" + (f" of sheet '{earlier.sheet}'" if earlier.sheet != grid.sheet
                                                    else "")
                raise InputError(_where(record, col), f"duplicate ref '{ind.ref}' (first{where})",
                                 "each indicator's ref once")
            first_seen[ind.ref] = ind
            indicators.append(ind)
    if report_period is None:
        # A canonical CSV states each row's period: the report is for the latest period most
        # rows give (ties go to the later one).
        counts: dict[Period, int] = {}
        for ind in indicators:
            if ind.current_period is not None:
                counts[ind.current_period] = counts.get(ind.current_period, 0) + 1
        if counts:
            report_period = max(counts, key=lambda p: (counts[p], p))
    has_current_col = any("current" in r.header.by_role for _, s in scans for r in s.records)
    if report_period is None and has_current_col and not any(i.current_period for i in indicators):
        warnings.append(Warning("W-period", "the sheet does not say which period its current column is "
                                "for; give it with --period (for example --period 'September 2023')", shown))
    return Scorecard(shown, tuple(indicators), report_period, title,
                     tuple(g.sheet for g, _ in scans if g.sheet), tuple(warnings))


def _report_period(scans: Iterable[tuple[Grid, SheetScan]]) -> Period | None:
    """The reporting period written in a sheet's titles or notes: a month or quarter first."""
    found: list[Period] = []
    for _, scan in scans:
        for _, text in scan.period_texts:
            hit = find_period(text)
            if hit:
                found.append(hit[0])
    fine = [p for p in found if p.granularity <= 3]
    if fine:
        return fine[0]
    return found[0] if found else None


def _no_table(grid: Grid, vocab: Vocabulary) -> InputError:
    for r, row in enumerate(grid.rows):
        header = _as_header(row, r, vocab)
        if header is not None:
            name = header.indicator
            return InputError(Location(grid.file, grid.sheet, r + 1),
                              "has a header row but no indicator rows under it",
                              f"a row for each indicator below the header, with its name in column "
                              f"'{name.header}' ({column_letter(name.index + 1)})")
    first = next((row for row in grid.rows if _nonempty(row)), [])
    seen = ", ".join(f"'{_cell_text(c)}'" for c in first if not _blank(c.value))[:200]
    r = next((i for i, row in enumerate(grid.rows) if _nonempty(row)), 0)
    aliases = [a for a, role in vocab.columns.items() if role == "indicator"][:4]
    return InputError(Location(grid.file, grid.sheet, r + 1 if first else None),
                      f"no column looks like an indicator name (first row reads {seen or 'nothing'})",
                      f"a header row with a column such as {', '.join(aliases)} and one other known "
                      "column, or a --columns mapping file naming your headers")
