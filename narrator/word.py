"""Stage 5: Word documents. The officer draft (everything, to edit) and the one-page lead member
briefing, built with python-docx on real Word styles (Title, Heading 1/2, List Bullet, a table
style) so that a council's own template restyles them.

- ``--template council.docx``: the styles (and page set-up) come from the council's document; its
  body is emptied first. Without it, ``templates/narrator.docx`` (made by
  ``templates/build_template.py``).
- RAG is shown as the letter in a shaded cell, so it survives black-and-white printing.
- After each indicator's commentary the draft leaves a paragraph in the ``Officer context`` style
  for the officer's own explanation.
- The briefing must fit one A4 page: its parts are trimmed by salience against an estimate of the
  height each takes (checked by rendering with LibreOffice in the tests).
- Files are written atomically and never replace an existing file unless ``force``.

All the words on the page other than the commentary come from ``document:`` in
``phrasebank/commentary.yml``.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from . import numbers
from .charts import has_chart, trend_chart
from .errors import InputError
from .facts import Direction, FactKind, IndicatorFacts
from .model import Indicator, TargetKind
from .plan import Report
from .realise import load_phrasebank
from .settings import DEFAULT, Settings

RAG_FILL = {"R": "F4B183", "A": "FFE699", "G": "C6E0B4"}
ARROWS = {Direction.UP: "↑", Direction.DOWN: "↓", Direction.SAME: "↔"}
OFFICER_STYLE = "Officer context"
BOX_FILL = "DEEAF6"


@dataclass(frozen=True, slots=True)
class Cover:
    council: str = ""
    committee: str = ""
    title: str = ""


# ---------------------------------------------------------------------------------------------
# Table cells


def value_text(ind: Indicator, number: float | None, missing: str) -> str:
    if number is None:
        return missing
    return numbers.figure(number, ind.unit, ind.decimals, rate_suffix=None)


def target_text(ind: Indicator, missing: str = "") -> str:
    t = ind.target
    if t is None:
        return missing
    fig = lambda v: numbers.figure(v, ind.unit, max(t.decimals, ind.decimals), rate_suffix=None)  # noqa: E731
    if t.kind is TargetKind.RANGE:
        return f"{fig(t.low)} to {fig(t.high)}"
    sign = {TargetKind.BELOW: "<", TargetKind.AT_MOST: "≤", TargetKind.ABOVE: ">", TargetKind.AT_LEAST: "≥"}
    return sign.get(t.kind, "") + fig(t.low)


def comparators_text(ind: Indicator) -> str:
    parts = []
    for c in ind.comparators:
        short = c.name.replace("the ", "", 1).replace(" average", "")
        if c.value is not None and not c.value.is_missing:
            parts.append(f"{short} {value_text(ind, c.value.number, '')}")
        elif c.stated_relation is not None:
            parts.append(f"{short}: {c.stated_relation.value.replace('_', ' ')}")
    return "; ".join(parts)


def rag_of(f: IndicatorFacts) -> str:
    if f.rag:
        return f.rag
    return f.indicator.rag.value if f.indicator.rag else ""


def indicator_row(f: IndicatorFacts, doc_words: dict[str, str]) -> dict[str, str]:
    ind = f.indicator
    missing = doc_words["missing_value"]
    latest = f.first(FactKind.LATEST)
    previous = ind.previous_year.number if ind.previous_year and not ind.previous_year.is_missing else None
    given = ind.previous_year is not None and ind.previous_year.missing != "blank"
    return {
        "ref": ind.ref if ind.ref_given else "",
        "name": ind.name,
        "latest": value_text(ind, latest.value.value if latest and latest.value else None, missing),
        "previous": value_text(ind, previous, missing) if given else "",
        "target": target_text(ind),
        "comparators": comparators_text(ind),
        "direction": ARROWS.get(f.direction, "") if f.direction else "",
        "rag": rag_of(f),
    }


# ---------------------------------------------------------------------------------------------
# python-docx helpers


def _document(template: Path | None, settings: Settings):
    from docx import Document

    path = Path(template) if template else settings.templates / "narrator.docx"
    try:
        doc = Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several kinds for a bad file
        raise InputError(str(path), f"cannot be read as a Word document ({type(exc).__name__})",
                         "a .docx file saved by Word or LibreOffice") from None
    body = doc.element.body
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue
        body.remove(child)
    _ensure_styles(doc)
    return doc


def _ensure_styles(doc) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    names = {s.name for s in doc.styles}
    if OFFICER_STYLE not in names:
        style = doc.styles.add_style(OFFICER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.italic = True
        style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        style.paragraph_format.space_after = Pt(10)
        _paragraph_border(style.element)


def _paragraph_border(style_element) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = style_element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", "8EAADB")):
        left.set(qn(key), value)
    borders.append(left)
    ppr.append(borders)


def _style(doc, *names: str):
    available = {s.name for s in doc.styles}
    for name in names:
        if name in available:
            return name
    return None


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _cell_text(cell, text: str, *, bold: bool = False, size: float | None = None, center: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    para = cell.paragraphs[0]
    run = para.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_after = Pt(0)


def _table(doc, header: list[str], rows: list[list[str]], rag_col: int | None, size: float,
           widths_cm: list[float] | None = None):
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(header))
    style = _style(doc, "Table Grid", "Light Grid Accent 1")
    if style:
        table.style = style
    for i, text in enumerate(header):
        _cell_text(table.rows[0].cells[i], text, bold=True, size=size)
        _shade(table.rows[0].cells[i], "D9D9D9")
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            center = i == rag_col or (i > 1 and len(text) <= 12)
            _cell_text(cells[i], text, bold=i == rag_col, size=size, center=center)
            if i == rag_col and text in RAG_FILL:
                _shade(cells[i], RAG_FILL[text])
    if widths_cm:
        _widths(table, widths_cm)
    return table


def _widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid, cells and fixed layout)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    for i, width in enumerate(widths_cm):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _bullets(doc, items: list[str], size: float | None = None) -> None:
    from docx.shared import Pt

    style = _style(doc, "List Bullet")
    for text in items:
        para = doc.add_paragraph(text, style=style)
        if size:
            for run in para.runs:
                run.font.size = Pt(size)
            para.paragraph_format.space_after = Pt(1)


def _picture(doc, png: bytes, alt: str, width_cm: float) -> None:
    from docx.shared import Cm

    para = doc.add_paragraph()
    shape = para.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
    shape._inline.docPr.set("descr", alt)
    shape._inline.docPr.set("title", alt[:60])


def save(doc, dest: Path, force: bool = False) -> Path:
    """Save atomically; an existing file is kept unless ``force``."""
    from .write import write_bytes

    buffer = io.BytesIO()
    doc.save(buffer)
    return write_bytes(buffer.getvalue(), Path(dest), force)


# ---------------------------------------------------------------------------------------------
# The officer draft


def _cover(doc, report: Report, cover: Cover, words: dict[str, str], subtitle: str) -> None:
    card = report.scorecard
    doc.add_paragraph(cover.title or card.title or words["default_title"], style=_style(doc, "Title"))
    lines = [subtitle]
    if cover.council:
        lines.append(f"{words['council_label']}: {cover.council}")
    if cover.committee:
        lines.append(f"{words['committee_label']}: {cover.committee}")
    if card.period:
        lines.append(f"{words['period_label']}: {card.period.label}")
    for line in lines:
        doc.add_paragraph(line, style=_style(doc, "Subtitle", "Normal") if line is subtitle else None)


def draft_document(report: Report, *, cover: Cover = Cover(), template: Path | None = None,
                   charts: bool = True, settings: Settings = DEFAULT):
    """The officer draft as a python-docx Document."""
    words = load_phrasebank(settings).document
    doc = _document(template, settings)
    _cover(doc, report, cover, words, words["draft_subtitle"])
    if report.overview.headlines:
        doc.add_heading(words["headlines"], level=1)
        _bullets(doc, [h.text for h in report.overview.headlines])
    summaries = {s.theme: s for s in report.overview.summaries}
    from .write import questions_by_theme

    questions = {g["theme"]: g["questions"] for g in questions_by_theme(report.questions)}
    header = [words[k] for k in ("col_ref", "col_indicator", "col_latest", "col_previous", "col_target",
                                 "col_comparators", "col_direction", "col_rag")]
    for section in report.commentary.sections:
        doc.add_heading(section.theme, level=1)
        if section.theme in summaries:
            doc.add_heading(words["summaries"], level=2)
            doc.add_paragraph(summaries[section.theme].text)
        rows = []
        for p in section.paragraphs:
            r = indicator_row(p.facts, words)
            rows.append([r["ref"], r["name"], r["latest"], r["previous"], r["target"], r["comparators"],
                         r["direction"], r["rag"]])
        doc.add_heading(words["indicators_table"], level=2)
        _table(doc, header, rows, rag_col=7, size=8, widths_cm=[1.2, 5.4, 1.6, 1.6, 1.6, 3.2, 1.2, 1.1])
        doc.add_heading(words["commentary"], level=2)
        for p in section.paragraphs:
            ind = p.indicator
            lead = f"{ind.ref}: {ind.name}" if ind.ref_given else ind.name
            doc.add_heading(lead, level=3)
            if charts:
                chart = trend_chart(ind)
                if chart is not None:
                    _picture(doc, chart.png, chart.alt_text, 6.0)
            doc.add_paragraph(p.text)
            doc.add_paragraph(words["officer_context"], style=OFFICER_STYLE)
        if questions.get(section.theme):
            doc.add_heading(words["questions"], level=2)
            _bullets(doc, questions[section.theme])
    return doc


# ---------------------------------------------------------------------------------------------
# The one-page briefing

# Height estimates, in points, for the briefing's A4 page (tuned against LibreOffice renders).
PAGE_BUDGET = 700.0
BODY_SIZE = 9.0
CHARS_PER_LINE = 100  # at 9pt over the text width; deliberately low, so estimates run high
LINE = 12.0
HEADING = 22.0
TABLE_ROW = 13.0
CHART_HEIGHT = 95.0  # caption and a 9 cm wide, 0.9 inch high chart


def _lines(text: str, chars: int = CHARS_PER_LINE) -> int:
    return max(1, math.ceil(len(text) / chars))


# What to trim, least salient last item first, while the page is too full: (part, fewest to keep).
# Keeps at least three questions, two headlines, two rows and one point each way.
TRIM_ORDER = (("rows", 4), ("going_well", 2), ("concerns", 2), ("questions", 3), ("headlines", 2),
              ("rows", 2), ("going_well", 1), ("concerns", 1))


@dataclass(frozen=True, slots=True)
class BriefContent:
    headlines: tuple[str, ...]
    going_well: tuple[str, ...]
    concerns: tuple[str, ...]
    questions: tuple[str, ...]
    rows: tuple[tuple[str, str, str, str], ...]  # indicator, latest, target, RAG
    chart_ref: str | None = None  # a headline indicator's trend chart, when the page has room

    def height(self) -> float:
        h = 60.0  # title and period line
        h += 14 + sum(_lines(t, 90) * LINE + 2 for t in self.headlines)  # the box
        for items in (self.going_well, self.concerns, self.questions):
            h += HEADING + sum(_lines(t, 92) * LINE + 1 for t in items or ("-",))
        h += HEADING + TABLE_ROW * (len(self.rows) + 1)
        if self.chart_ref is not None:
            h += CHART_HEIGHT
        return h


def brief_content(report: Report, settings: Settings = DEFAULT, budget: float = PAGE_BUDGET) -> BriefContent:
    """What the briefing says, trimmed by salience until its estimated height fits the page."""
    overview = report.overview
    by_ref = {p.indicator.ref: p for p in report.commentary.paragraphs}
    # three headlines, concerns and progress in turn (the overview's are ordered by salience)
    concern_heads = [h for h in overview.headlines if h.concern is True]
    other_heads = [h for h in overview.headlines if h.concern is not True]
    headlines = []
    while len(headlines) < 3 and (concern_heads or other_heads):
        for pool in (concern_heads, other_heads):
            if pool and len(headlines) < 3:
                headlines.append(pool.pop(0))
    used = {h.ref for h in headlines}
    well = [kp for kp in overview.progress if kp.ref not in used]
    concerns = [kp for kp in overview.concerns if kp.ref not in used]
    well_texts = [kp.text for kp in well][:4]
    concern_texts = [kp.text for kp in concerns][:4]
    qs = sorted(report.questions, key=lambda q: -q.salience)
    seen_refs: set[tuple[str, ...]] = set()
    question_texts = []
    for q in qs:
        if q.refs in seen_refs:
            continue
        seen_refs.add(q.refs)
        question_texts.append(q.text)
        if len(question_texts) == 5:
            break
    key_refs = [h.ref for h in headlines] + [kp.ref for kp in concerns + well]
    words = load_phrasebank(settings).document
    rows = []
    for ref in dict.fromkeys(key_refs):
        p = by_ref.get(ref)
        if p is None:
            continue
        r = indicator_row(p.facts, words)
        name = p.indicator.name if len(p.indicator.name) <= 60 else p.indicator.name[:57].rstrip() + "..."
        rows.append((name, r["latest"], r["target"], r["rag"]))
    content = BriefContent(tuple(h.text for h in headlines), tuple(well_texts), tuple(concern_texts),
                           tuple(question_texts), tuple(rows[:8]))
    # Trim until it fits (TRIM_ORDER).
    while content.height() > budget:
        step = next(((name, keep) for name, keep in TRIM_ORDER if len(getattr(content, name)) > keep), None)
        if step is None:
            break
        content = _replace(content, **{step[0]: getattr(content, step[0])[:-1]})
    # A trend chart for the first headline indicator that has a series, where the page has room.
    for h in headlines:
        ind = by_ref[h.ref].indicator if h.ref in by_ref else None
        if ind is not None and has_chart(ind):
            with_chart = _replace(content, chart_ref=h.ref)
            if with_chart.height() <= budget:
                content = with_chart
            break
    return content


def _replace(content: BriefContent, **changes) -> BriefContent:
    from dataclasses import replace

    return replace(content, **changes)


def brief_document(report: Report, *, cover: Cover = Cover(), template: Path | None = None,
                   settings: Settings = DEFAULT):
    """The one-page lead member briefing as a python-docx Document."""
    from docx.shared import Cm, Pt

    words = load_phrasebank(settings).document
    doc = _document(template, settings)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    content = brief_content(report, settings)
    card = report.scorecard
    title = doc.add_paragraph(words["brief_title"] + (f": {cover.title or card.title}" if (cover.title or card.title)
                                                      else ""), style=_style(doc, "Title"))
    title.paragraph_format.space_after = Pt(2)
    for run in title.runs:
        run.font.size = Pt(18)
    line = " | ".join(x for x in (cover.council, cover.committee,
                                  f"{words['period_label']}: {card.period.label}" if card.period else "") if x)
    if line:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(4)
    # The headline box: a one-cell shaded table.
    box = doc.add_table(rows=1, cols=1)
    cell = box.rows[0].cells[0]
    _shade(cell, BOX_FILL)
    _cell_text(cell, words["headlines"], bold=True, size=10)
    for text in content.headlines:
        para = cell.add_paragraph(style=_style(doc, "List Bullet"))
        run = para.add_run(text)
        run.font.size = Pt(BODY_SIZE)
        para.paragraph_format.space_after = Pt(1)
    for heading, items in ((words["going_well"], content.going_well), (words["concerns"], content.concerns),
                           (words["questions_to_ask"], content.questions)):
        h = doc.add_heading(heading, level=2)
        h.paragraph_format.space_before = Pt(6)
        h.paragraph_format.space_after = Pt(2)
        _bullets(doc, list(items) or [words["none_found"]], size=BODY_SIZE)
    h = doc.add_heading(words["key_indicators"], level=2)
    h.paragraph_format.space_before = Pt(6)
    h.paragraph_format.space_after = Pt(2)
    _table(doc, [words["col_indicator"], words["col_latest"], words["col_target"], words["col_rag"]],
           [list(r) for r in content.rows], rag_col=3, size=8, widths_cm=[11.0, 2.5, 2.5, 1.5])
    if content.chart_ref is not None:
        ind = report.scorecard.indicator(content.chart_ref)
        chart = trend_chart(ind, width_in=3.6, height_in=0.9)
        if chart is not None:
            caption = doc.add_paragraph(f"{words['chart_caption']}: {ind.name}")
            caption.paragraph_format.space_before = Pt(6)
            caption.paragraph_format.space_after = Pt(0)
            for run in caption.runs:
                run.font.size = Pt(8)
                run.bold = True
            _picture(doc, chart.png, chart.alt_text, 9.0)
    return doc


def read_back(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph and table cell, in order: what golden tests compare."""
    from docx import Document

    doc = Document(str(path))
    out: list[tuple[str, str]] = []
    body = doc.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            p = Paragraph(child, doc)
            has_picture = bool(child.xpath(".//pic:pic"))
            out.append((p.style.name if p.style is not None else "", p.text + (" [picture]" if has_picture else "")))
        elif child.tag.endswith("}tbl"):
            table = Table(child, doc)
            for row in table.rows:
                out.append(("table row", " | ".join(c.text for c in row.cells)))
    return out

