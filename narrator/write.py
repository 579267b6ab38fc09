"""Stage 5: output. The facts as JSON or Markdown, the commentary as Markdown (via templates/).

JSON schema of ``narrator facts --format json`` (documented in the README)::

    {"source", "title", "reporting_period", "warnings": [...],
     "indicators": [{
        "ref", "name", "theme", "unit", "polarity",
        "latest": {"value", "period", "source"} | null,
        "direction": "up" | "down" | "same" | null,      # latest against previous year, else previous period
        "judgement": "better" | "worse" | null,
        "comparisons": {comparator_id: {"relation": "above" | "below" | "in_line", "value", "gap",
                                        "period", "stated"}},
        "target": {"status": "met" | "missed" | null, "value", "low", "high", "kind", "gap", "raw"} | null,
        "rag": derived R/A/G | null, "rag_stated", "direction_of_travel", "direction_of_travel_stated",
        "facts": [{"kind", "value", "reference", "difference", "relative", "direction", "judgement",
                   "relation", "status", "against", "period", "reference_period", "length", "stated",
                   "small", "sources"}],   # small: a change between two counts under 20, not judged
        "text": the paragraph,
        "sentences": [{"text", "numbers": [{"text", "value", "source"}]}],
        "warnings": [...]}]}
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from . import numbers
from .errors import InputError, reason
from .facts import Fact, FactKind, Figure, Judgement
from .plan import Commentary, Paragraph, Report
from .realise import load_phrasebank
from .settings import DEFAULT, Settings
from .templating import render


def _fig(fig: Figure | None) -> float | None:
    return None if fig is None else fig.value


def fact_json(fact: Fact) -> dict[str, Any]:
    sources: list[str] = []
    for fig in (fact.value, fact.reference):
        if fig is not None:
            sources.extend(str(s) for s in fig.sources)
    return {
        "kind": fact.kind.value,
        "value": _fig(fact.value),
        "reference": _fig(fact.reference),
        "difference": _fig(fact.difference),
        "relative": _fig(fact.relative),
        "direction": fact.direction.value if fact.direction else None,
        "judgement": fact.judgement.value if fact.judgement else None,
        "relation": fact.relation.value if fact.relation else None,
        "status": fact.status,
        "against": fact.against,
        "label": fact.label,
        "period": fact.period.label if fact.period else None,
        "reference_period": fact.reference_period.label if fact.reference_period else None,
        "length": fact.length,
        "stated": fact.stated,
        "small": fact.small,
        "sources": list(dict.fromkeys(sources)),
    }


def paragraph_json(p: Paragraph) -> dict[str, Any]:
    ind, facts = p.indicator, p.facts
    latest = facts.first(FactKind.LATEST)
    comparisons = {}
    for f in facts.all(FactKind.COMPARATOR):
        comparisons[f.against] = {
            "relation": f.relation.value if f.relation else None,
            "value": _fig(f.reference),
            "gap": _fig(f.difference),
            "period": f.reference_period.label if f.reference_period else None,
            "stated": f.stated,
        }
    target = None
    tf = facts.first(FactKind.TARGET)
    if ind.target is not None:
        target = {
            "status": tf.status if tf else None,
            "value": ind.target.low if ind.target.kind.value != "range" else None,
            "low": ind.target.low, "high": ind.target.high,
            "kind": ind.target.kind.value,
            "gap": _fig(tf.difference) if tf else None,
            "raw": ind.target.raw,
        }
    judgement = facts.judgement.value if facts.judgement in (Judgement.BETTER, Judgement.WORSE) else None
    return {
        "ref": ind.ref,
        "name": ind.name,
        "theme": ind.theme,
        "unit": ind.unit.value,
        "polarity": ind.polarity.value,
        "latest": None if latest is None else {
            "value": latest.value.value, "period": latest.period.label if latest.period else None,
            "source": latest.value.source},
        "direction": facts.direction.value if facts.direction else None,
        "judgement": judgement,
        "comparisons": comparisons,
        "target": target,
        "rag": facts.rag,
        "rag_stated": ind.rag.value if ind.rag else None,
        "direction_of_travel": facts.direction_of_travel.value if facts.direction_of_travel else None,
        "direction_of_travel_stated": ind.direction.value if ind.direction else None,
        "facts": [fact_json(f) for f in facts.facts],
        "text": p.text,
        "sentences": [{"text": s.text, "numbers": [{"text": n.text, "value": n.value, "source": n.source}
                                                   for n in s.numbers]} for s in p.sentences],
        "warnings": [str(w) for w in facts.warnings],
    }


def _header(c: Commentary) -> dict[str, Any]:
    card = c.scorecard
    return {"source": card.source, "title": card.title,
            "reporting_period": card.period.label if card.period else None}


def facts_json(c: Commentary) -> str:
    warnings = [str(w) for w in c.scorecard.warnings] + [str(w) for p in c.paragraphs for w in p.facts.warnings]
    data = {**_header(c), "warnings": warnings, "indicators": [paragraph_json(p) for p in c.paragraphs]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _title(c: Commentary) -> str:
    return c.scorecard.title or ""


def facts_markdown(c: Commentary, settings: Settings = DEFAULT) -> str:
    sections = []
    for section in c.sections:
        rows = []
        for p in section.paragraphs:
            data = paragraph_json(p)
            ind = p.indicator
            latest = data["latest"]
            rows.append({
                "ref": ind.ref, "name": ind.name.replace("|", "/"),
                "latest": numbers.figure(latest["value"], ind.unit, ind.decimals) if latest else "missing",
                "period": (latest or {}).get("period") or "",
                "direction": data["direction"] or "", "judgement": data["judgement"] or "",
                "target": (f"{data['target']['status'] or 'n/a'} ({data['target']['raw']})" if data["target"] else ""),
                "comparisons": ", ".join(f"{k}: {v['relation']}" for k, v in data["comparisons"].items()),
                "rag": data["rag"] or "",
            })
        sections.append({"theme": section.theme, "rows": rows})
    period = c.scorecard.period.label if c.scorecard.period else None
    return render("facts.md.j2", {"title": _title(c), "period": period, "sections": sections}, settings)


def questions_by_theme(questions) -> list[dict[str, Any]]:
    """``[{theme, questions: [text]}]`` in the order the questions come (grouped by theme already)."""
    groups: list[dict[str, Any]] = []
    for q in questions:
        if not groups or groups[-1]["theme"] != q.theme:
            groups.append({"theme": q.theme, "questions": []})
        groups[-1]["questions"].append(q.text)
    return groups


def _report_variables(c: Commentary | Report, cover=None, settings: Settings = DEFAULT) -> dict[str, Any]:
    report = c if isinstance(c, Report) else None
    commentary = report.commentary if report else c
    sections = [{"theme": s.theme,
                 "paragraphs": [{"ref": p.indicator.ref if p.indicator.ref_given else "",
                                 "name": p.indicator.name.rstrip(". "),  # the template ends it with a full stop
                                 "text": p.text}
                                for p in s.paragraphs]} for s in commentary.sections]
    headlines = [h.text for h in report.overview.headlines] if report else []
    summaries = [{"theme": s.theme, "text": s.text} for s in report.overview.summaries] if report else []
    questions = questions_by_theme(report.questions if report else ())
    period = commentary.scorecard.period.label if commentary.scorecard.period else None
    words = load_phrasebank(settings).document
    title = (cover.title if cover and cover.title else "") or _title(commentary)
    return {"title": title, "period": period, "headlines": headlines, "summaries": summaries,
            "questions": questions, "sections": sections, "wording": words,
            "council": cover.council if cover else "", "committee": cover.committee if cover else ""}


def commentary_markdown(c: Commentary | Report, settings: Settings = DEFAULT, cover=None) -> str:
    """The report as Markdown: headlines, theme summaries and questions (when ``c`` is a
    :class:`Report`), then the commentary on every indicator."""
    return render("commentary.md.j2", _report_variables(c, cover, settings), settings)


def draft_html(report: Report, settings: Settings = DEFAULT, cover=None) -> str:
    """The officer draft as one HTML page (autoescaped), with the indicator tables."""
    from .word import indicator_row

    variables = _report_variables(report, cover, settings)
    tables = {}
    for section in report.commentary.sections:
        tables[section.theme] = [indicator_row(p.facts, variables["wording"]) for p in section.paragraphs]
    variables["tables"] = tables
    return render("draft.html.j2", variables, settings)


def _brief_variables(report: Report, cover, settings: Settings) -> dict[str, Any]:
    from .word import brief_content

    content = brief_content(report, settings)
    words = load_phrasebank(settings).document
    card = report.scorecard
    return {"title": (cover.title if cover and cover.title else "") or card.title or "",
            "period": card.period.label if card.period else None, "wording": words,
            "council": cover.council if cover else "", "committee": cover.committee if cover else "",
            "headlines": list(content.headlines), "going_well": list(content.going_well),
            "concerns": list(content.concerns), "questions": list(content.questions),
            "going_well_none": content.when_empty[0], "concerns_none": content.when_empty[1],
            "questions_none": content.when_empty[2],
            "rows": [{"name": r[0], "latest": r[1], "target": r[2], "rag": r[3]} for r in content.rows]}


def brief_markdown(report: Report, settings: Settings = DEFAULT, cover=None) -> str:
    return render("brief.md.j2", _brief_variables(report, cover, settings), settings)


def brief_html(report: Report, settings: Settings = DEFAULT, cover=None) -> str:
    return render("brief.html.j2", _brief_variables(report, cover, settings), settings)


def questions_markdown(card, questions, settings: Settings = DEFAULT) -> str:
    """The scrutiny questions alone, as Markdown grouped by theme."""
    period = card.period.label if card.period else None
    return render("questions.md.j2", {"title": card.title or "", "period": period,
                                      "questions": questions_by_theme(questions),
                                      "wording": load_phrasebank(settings).document}, settings)


EXTRACT_COLUMNS = ("file", "text", "start", "end", "value", "unit", "role", "period", "period_normalised",
                   "comparator", "measure", "numerator", "denominator", "part_of", "sentence")


def extraction_json(extractions, several: bool | None = None) -> str:
    """``{"source", "figures", "issues"}`` per file: a list when ``several`` files were asked for
    (by default, when there is more than one extraction), so a batch where some files fail keeps
    its shape. The text of ``json.dumps(..., indent=2, ensure_ascii=False)`` and a newline."""
    return "".join(extraction_json_pieces(extractions, several))


def extraction_json_pieces(extractions, several: bool | None = None) -> Iterator[str]:
    """:func:`extraction_json` in pieces, one figure at a time, so a large extraction is written
    without its JSON (or every figure's dict) being held in memory at once."""
    from .check import check_extraction

    extractions = list(extractions)
    if several is None:
        several = len(extractions) != 1
    if not several:
        yield from _document_json(extractions[0], check_extraction, "")
    elif not extractions:
        yield "[]"
    else:
        for i, ex in enumerate(extractions):
            yield "[\n  " if i == 0 else ",\n  "
            yield from _document_json(ex, check_extraction, "  ")
        yield "\n]"
    yield "\n"


def _document_json(ex, check, pad: str) -> Iterator[str]:
    """One extraction's object as ``json.dumps(indent=2)`` writes it at the indent ``pad``."""
    inner = pad + "  "
    yield f'{{\n{inner}"source": {json.dumps(ex.source, ensure_ascii=False)},\n{inner}"figures": '
    yield from _list_json(ex.iter_figures_json(), inner)
    yield f',\n{inner}"issues": '
    yield from _list_json((i.to_json() for i in check(ex)), inner)
    yield f"\n{pad}}}"


def _list_json(items: Iterable[Any], pad: str) -> Iterator[str]:
    """A list as ``json.dumps(indent=2)`` writes it at the indent ``pad``, item by item. (A JSON
    string holds no raw line break, so indenting every line of an item's own dump is exact.)"""
    inner = pad + "  "
    opened = False
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n" + inner)
        yield (",\n" if opened else "[\n") + inner + text
        opened = True
    yield f"\n{pad}]" if opened else "[]"


def _rows(extractions) -> list[list[Any]]:
    rows = []
    for ex in extractions:
        for d in ex.figures_json():
            rows.append([ex.source] + [d[k] for k in EXTRACT_COLUMNS[1:]])
    return rows


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet could read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def extraction_csv(extractions) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXTRACT_COLUMNS)
    for row in _rows(extractions):
        writer.writerow([safe_cell(v) if v is not None else "" for v in row])
    return buffer.getvalue()


def extraction_xlsx(extractions) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Figures"
    sheet.append(list(EXTRACT_COLUMNS))
    for row in _rows(extractions):
        sheet.append([safe_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_text(text: str | Iterable[str], dest: Path, force: bool = False) -> Path:
    """Write ``text`` (UTF-8), or its pieces in turn, to ``dest`` atomically; see :func:`write_bytes`."""
    pieces = (text,) if isinstance(text, str) else text
    return write_bytes((b.encode("utf-8") for b in batched(pieces)), dest, force)


WRITE_BLOCK = 1 << 20  # characters joined into one write


def batched(pieces: Iterable[str], size: int = WRITE_BLOCK) -> Iterator[str]:
    """Small pieces of text joined into blocks of about ``size`` characters."""
    block: list[str] = []
    length = 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


def write_bytes(data: bytes | Iterable[bytes], dest: Path, force: bool = False) -> Path:
    """Write ``data`` (or its blocks in turn) to ``dest`` atomically (temporary file in the same
    folder, then rename). An existing file is kept unless ``force``: a user may have edited it. Any
    problem writing, or making the blocks, leaves neither a partial file nor the temporary one
    behind; a problem writing is an InputError."""
    dest = Path(dest)
    if dest.is_dir():
        raise InputError(str(dest), "is a folder, not a file name", "the name of the file to write")
    if dest.exists() and not force:
        raise InputError(str(dest), "already exists and was left as it is", "a new file name, or --force to replace it")
    folder = dest.parent if str(dest.parent) else Path(".")
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise InputError(str(dest), f"cannot be written: the folder '{folder}' {problem}", "an existing folder")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{dest.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(str(dest), f"cannot be written ({exc.strerror or reason(exc)})",
                         "a folder you can write to") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for block in (data,) if isinstance(data, bytes) else data:
                handle.write(block)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, dest)
    except OSError as exc:  # disk full, a read-only file in the way, a network drive gone
        Path(tmp).unlink(missing_ok=True)
        raise InputError(str(dest), f"cannot be written ({exc.strerror or reason(exc)})",
                         "a folder you can write to with room for the file") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def _umask() -> int:
    """The process umask (mkstemp makes files 0600; outputs should get the usual permissions)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
