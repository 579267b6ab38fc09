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
import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

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
# Building the document
#
# python-docx takes about a millisecond per table cell or styled paragraph (it looks styles up by
# name and finds each child's place by schema on every call), which made a 150-indicator draft
# slow. So the body is written here as WordprocessingML text, in exactly the form python-docx
# would give it, and parsed once. python-docx still opens the template, holds the styles and
# images, and saves the package.


def _document(template: Path | None, settings: Settings):
    from docx import Document

    path = Path(template) if template else settings.templates / "narrator.docx"
    if template:
        from .safety import check_template

        check_template(path)  # a zip bomb is refused before python-docx unpacks anything
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


# Characters XML 1.0 cannot hold (python-docx refuses them with a traceback); dropped from text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile(r"(\t|\r|\n)")
_ATTR = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def _attr(text: str) -> str:
    return escape(_NOT_XML.sub("", text), _ATTR)


def _run_content(text: str) -> str:
    """A run's text as python-docx writes it: tabs and line breaks as elements, and
    ``xml:space="preserve"`` on a piece with space at either end."""
    out = []
    for piece in _BREAKS.split(_NOT_XML.sub("", text)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(out)


def _twips(points: float) -> int:
    return round(points * 20)


def _cell(width: int, shade: str | None, content: str) -> str:
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shd}</w:tcPr>{content}</w:tc>'


class _Body:
    """Paragraphs, tables and pictures written as XML text into ``doc``'s body, in order, before
    its section properties. Style names are looked up once each, as python-docx looks them up
    (a missing style is the same KeyError; the default paragraph style is left implicit)."""

    _NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')

    def __init__(self, doc) -> None:
        self.doc = doc
        self.parts: list[str] = []
        self._ids: dict[tuple[str, int], str | None] = {}
        self._names = {s.name for s in doc.styles}
        self._next_shape_id: int | None = None
        self._images: dict[str, tuple[str, object]] = {}
        self._used: set[int] = set()

    def style(self, *names: str) -> str | None:
        """The first of ``names`` the document has (as a name), or None."""
        return next((n for n in names if n in self._names), None)

    def style_id(self, name: str | None, table: bool = False) -> str | None:
        if name is None:
            return None
        key = (name, table)
        if key not in self._ids:
            from docx.enum.style import WD_STYLE_TYPE

            kind = WD_STYLE_TYPE.TABLE if table else WD_STYLE_TYPE.PARAGRAPH
            self._ids[key] = self.doc.part.get_style_id(name, kind)
        return self._ids[key]

    def paragraph(self, text: str = "", style: str | None = None, *, size: float | None = None,
                  bold: bool = False, before: float | None = None, after: float | None = None,
                  center: bool = False, run: bool | None = None) -> None:
        """A paragraph of one run, as ``add_paragraph(text, style)`` then run and paragraph
        formatting would give it. ``run`` forces an (empty) run when there is no text."""
        self.parts.append(self.paragraph_xml(text, style, size=size, bold=bold, before=before, after=after,
                                             center=center, run=run))

    def paragraph_xml(self, text: str, style: str | None, *, size: float | None = None, bold: bool = False,
                      before: float | None = None, after: float | None = None, center: bool = False,
                      run: bool | None = None) -> str:
        ppr = []
        style_id = self.style_id(style)
        if style_id is not None:
            ppr.append(f'<w:pStyle w:val="{_attr(style_id)}"/>')
        if before is not None or after is not None:
            spacing = "".join(f' w:{k}="{_twips(v)}"' for k, v in (("before", before), ("after", after))
                              if v is not None)
            ppr.append(f"<w:spacing{spacing}/>")
        if center:
            ppr.append('<w:jc w:val="center"/>')
        xml = ["<w:p>"]
        if ppr:
            xml.append("<w:pPr>" + "".join(ppr) + "</w:pPr>")
        if text or run:
            rpr = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{round(size * 2)}"/>' if size else "")
            xml.append("<w:r>" + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + _run_content(text) + "</w:r>")
        xml.append("</w:p>")
        return "".join(xml) if len(xml) > 2 else "<w:p/>"

    def heading(self, text: str, level: int, *, before: float | None = None, after: float | None = None) -> None:
        self.paragraph(text, f"Heading {level}", before=before, after=after)

    def bullets(self, items: list[str], size: float | None = None) -> None:
        style = self.style("List Bullet")
        for text in items:
            self.paragraph(text, style, size=size, after=1 if size else None)

    def table(self, header: list[str], rows: list[list[str]], *, rag_col: int | None = None,
              size: float | None = None, widths_cm: list[float] | None = None, style: str | None = None) -> None:
        """A table as python-docx's ``add_table`` gives it, with a shaded header row repeated on
        each page, RAG letters in shaded cells, and fixed column widths when ``widths_cm``."""
        twips = self._widths(len(header), widths_cm)
        xml = [self._table_start(twips, style, fixed=bool(widths_cm)), '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>']
        for width, text in zip(twips, header):
            xml.append(_cell(width, "D9D9D9", self.paragraph_xml(text, None, size=size, bold=True, after=0, run=True)))
        xml.append("</w:tr>")
        for row in rows:
            xml.append("<w:tr>")
            for i, (width, text) in enumerate(zip(twips, row)):
                center = i == rag_col or (i > 1 and len(text) <= 12)
                shade = RAG_FILL.get(text) if i == rag_col else None
                xml.append(_cell(width, shade, self.paragraph_xml(text, None, size=size, bold=i == rag_col, after=0,
                                                                  center=center, run=True)))
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        self.parts.append("".join(xml))

    def box(self, paragraphs: list[str], fill: str) -> None:
        """A one-cell shaded table, the width of the page, holding ``paragraphs`` (XML)."""
        twips = self._widths(1, None)
        self.parts.append(self._table_start(twips, None, fixed=False) + "<w:tr>"
                          + _cell(twips[0], fill, "".join(paragraphs)) + "</w:tr></w:tbl>")

    def _widths(self, cols: int, widths_cm: list[float] | None) -> list[int]:
        from docx.shared import Cm, Emu

        if widths_cm:
            return [Cm(w).twips for w in widths_cm]
        return [Emu(self.doc._block_width // cols).twips] * cols  # as add_table shares the width out

    def _table_start(self, twips: list[int], style: str | None, fixed: bool) -> str:
        style_id = self.style_id(style, table=True)
        return ("<w:tbl><w:tblPr>"
                + (f'<w:tblStyle w:val="{_attr(style_id)}"/>' if style_id is not None else "")
                + '<w:tblW w:type="auto" w:w="0"/>'
                + ('<w:tblLayout w:type="fixed"/>' if fixed else "")
                + '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
                'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>'
                + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips) + "</w:tblGrid>")

    def picture(self, png: bytes, alt: str, width_cm: float) -> None:
        """An inline picture as ``run.add_picture(width=...)`` gives it, with alt text."""
        from docx.shared import Cm

        rid, image = self._image(png)
        cx, cy = image.scaled_dimensions(Cm(width_cm), None)
        if self._next_shape_id is None:
            self.flush()
            self._next_shape_id = self.doc.part.next_id
        shape_id, self._next_shape_id = self._next_shape_id, self._next_shape_id + 1
        self.parts.append(
            '<w:p><w:r><w:drawing><wp:inline xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{shape_id}" name="Picture {shape_id}" '
            f'descr="{_attr(alt)}" title="{_attr(alt[:60])}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="0" name="{_attr(image.filename)}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>'
            "</w:drawing></w:r></w:p>")

    def _image(self, png: bytes):
        """(relationship id, python-docx Image) for a PNG, one image part per distinct picture.
        Parts are added directly: python-docx's own lookup rescans every image part for each new
        picture, which is quadratic in the number of charts."""
        import hashlib

        key = hashlib.sha1(png).hexdigest()
        if key not in self._images:
            from docx.image.image import Image
            from docx.opc.constants import RELATIONSHIP_TYPE as RT
            from docx.opc.packuri import PackURI
            from docx.parts.image import ImagePart

            image = Image.from_blob(png)
            parts = self.doc.part.package.image_parts
            if not self._images:
                self._used = {p.partname.idx for p in parts}
            number = next(n for n in itertools.count(1) if n not in self._used)  # as python-docx numbers them
            self._used.add(number)
            part = ImagePart.from_image(image, PackURI(f"/word/media/image{number}.{image.ext}"))
            parts.append(part)
            self._images[key] = (self.doc.part.relate_to(part, RT.IMAGE), image)
        return self._images[key]

    def flush(self) -> None:
        """Parse what has been written and put it into the body, before the section properties."""
        if not self.parts:
            return
        from docx.oxml.parser import parse_xml

        fragment = parse_xml(f"<w:body {self._NS}>{''.join(self.parts)}</w:body>")
        self.parts = []
        body = self.doc.element.body
        sect = body.sectPr
        for child in list(fragment):
            # lxml takes time quadratic in a subtree's size to move it into another document, so a
            # table goes over empty and its rows follow one by one (a 1,000-row table: 3 s -> 10 ms)
            rows = list(child) if child.tag == _TABLE else []
            for row in rows:
                child.remove(row)
            if sect is not None:
                sect.addprevious(child)
            else:
                body.append(child)
            child.extend(rows)


_TABLE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"


def save(doc, dest: Path, force: bool = False) -> Path:
    """Save atomically; an existing file is kept unless ``force``."""
    from .write import write_bytes

    buffer = io.BytesIO()
    doc.save(buffer)
    return write_bytes(buffer.getvalue(), Path(dest), force)


# ---------------------------------------------------------------------------------------------
# The officer draft


def _cover(body: _Body, report: Report, cover: Cover, words: dict[str, str], subtitle: str) -> None:
    card = report.scorecard
    body.paragraph(cover.title or card.title or words["default_title"], body.style("Title"))
    lines = [subtitle]
    if cover.council:
        lines.append(f"{words['council_label']}: {cover.council}")
    if cover.committee:
        lines.append(f"{words['committee_label']}: {cover.committee}")
    if card.period:
        lines.append(f"{words['period_label']}: {card.period.label}")
    for line in lines:
        body.paragraph(line, body.style("Subtitle", "Normal") if line is subtitle else None)


def draft_document(report: Report, *, cover: Cover = Cover(), template: Path | None = None,
                   charts: bool = True, settings: Settings = DEFAULT):
    """The officer draft as a python-docx Document."""
    words = load_phrasebank(settings).document
    doc = _document(template, settings)
    body = _Body(doc)
    _cover(body, report, cover, words, words["draft_subtitle"])
    if report.overview.headlines:
        body.heading(words["headlines"], 1)
        body.bullets([h.text for h in report.overview.headlines])
    summaries = {s.theme: s for s in report.overview.summaries}
    from .write import questions_by_theme

    questions = {g["theme"]: g["questions"] for g in questions_by_theme(report.questions)}
    header = [words[k] for k in ("col_ref", "col_indicator", "col_latest", "col_previous", "col_target",
                                 "col_comparators", "col_direction", "col_rag")]
    table_style = body.style("Table Grid", "Light Grid Accent 1")
    for section in report.commentary.sections:
        body.heading(section.theme, 1)
        if section.theme in summaries:
            body.heading(words["summaries"], 2)
            body.paragraph(summaries[section.theme].text)
        rows = []
        for p in section.paragraphs:
            r = indicator_row(p.facts, words)
            rows.append([r["ref"], r["name"], r["latest"], r["previous"], r["target"], r["comparators"],
                         r["direction"], r["rag"]])
        body.heading(words["indicators_table"], 2)
        body.table(header, rows, rag_col=7, size=8, widths_cm=[1.2, 4.9, 1.6, 1.9, 1.6, 3.1, 1.4, 1.1],
                   style=table_style)
        body.heading(words["commentary"], 2)
        for p in section.paragraphs:
            ind = p.indicator
            lead = f"{ind.ref}: {ind.name}" if ind.ref_given else ind.name
            body.heading(lead, 3)
            if charts:
                chart = trend_chart(ind)
                if chart is not None:
                    body.picture(chart.png, chart.alt_text, 6.0)
            body.paragraph(p.text)
            body.paragraph(words["officer_context"], OFFICER_STYLE)
        if questions.get(section.theme):
            body.heading(words["questions"], 2)
            body.bullets(questions[section.theme])
    # questions about the scorecard as a whole, after the themes
    shown = {section.theme for section in report.commentary.sections}
    for theme, texts in questions.items():
        if theme not in shown:
            body.heading(theme, 1)
            body.heading(words["questions"], 2)
            body.bullets(texts)
    body.flush()
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
    # what going_well, concerns and questions say when empty: "nothing further beyond the
    # headlines" where the report has such points, else that it has none (``no_*`` wording)
    when_empty: tuple[str, str, str]
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
    further = words["none_found"]
    when_empty = (further if overview.progress else words["no_progress"],
                  further if overview.concerns else words["no_concerns"],
                  further if report.questions else words["no_questions"])
    content = BriefContent(tuple(h.text for h in headlines), tuple(well_texts), tuple(concern_texts),
                           tuple(question_texts), tuple(rows[:8]), when_empty)
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
    from docx.shared import Cm

    words = load_phrasebank(settings).document
    doc = _document(template, settings)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    content = brief_content(report, settings)
    card = report.scorecard
    body = _Body(doc)
    body.paragraph(words["brief_title"] + (f": {cover.title or card.title}" if (cover.title or card.title) else ""),
                   body.style("Title"), size=18, after=2)
    line = " | ".join(x for x in (cover.council, cover.committee,
                                  f"{words['period_label']}: {card.period.label}" if card.period else "") if x)
    if line:
        body.paragraph(line, after=4)
    # The headline box: a one-cell shaded table.
    bullet = body.style("List Bullet")
    body.box([body.paragraph_xml(words["headlines"], None, size=10, bold=True, after=0, run=True)]
             + [body.paragraph_xml(text, bullet, size=BODY_SIZE, after=1) for text in content.headlines], BOX_FILL)
    for heading, items, empty in zip((words["going_well"], words["concerns"], words["questions_to_ask"]),
                                     (content.going_well, content.concerns, content.questions), content.when_empty):
        body.heading(heading, 2, before=6, after=2)
        body.bullets(list(items) or [empty], size=BODY_SIZE)
    body.heading(words["key_indicators"], 2, before=6, after=2)
    body.table([words["col_indicator"], words["col_latest"], words["col_target"], words["col_rag"]],
               [list(r) for r in content.rows], rag_col=3, size=8, widths_cm=[11.0, 2.5, 2.5, 1.5],
               style=body.style("Table Grid", "Light Grid Accent 1"))
    if content.chart_ref is not None:
        ind = report.scorecard.indicator(content.chart_ref)
        chart = trend_chart(ind, width_in=3.6, height_in=0.9)
        if chart is not None:
            body.paragraph(f"{words['chart_caption']}: {ind.name}", size=8, bold=True, before=6, after=0)
            body.picture(chart.png, chart.alt_text, 9.0)
    body.flush()
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

