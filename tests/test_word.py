"""Word output: the officer draft and the one-page briefing, read back from the .docx (never compared
as bytes), the one-page check with LibreOffice, and the overwrite refusal."""

import os
import shutil
import subprocess

import pytest

from narrator.load import load_scorecard
from narrator.plan import report
from narrator.word import Cover, brief_content, brief_document, draft_document, read_back, save

from .conftest import EXAMPLES

QUARTERLY = (EXAMPLES / "quarterly_scorecard_2023_q2.xlsx", EXAMPLES / "quarterly_scorecard_2023_q2.columns.yml")
CASES = {
    "monthly": (EXAMPLES / "monthly_scorecard_2023_09.xlsx", None),
    "quarterly": QUARTERLY,
    "dashboard": (EXAMPLES / "childrens_dashboard_2024_01.xlsx", None),
    "synthetic": (EXAMPLES / "synthetic_150.csv", None),
}


def _report(case):
    path, mapping = CASES[case]
    return report(load_scorecard(path, columns=mapping))


def _lines(path):
    return [f"{style}\t{text}" for style, text in read_back(path)]


@pytest.fixture(scope="module")
def quarterly_report():
    return _report("quarterly")


def test_word_draft_structure_styles_tables_and_room_for_the_officer(quarterly_report, tmp_path):
    path = save(draft_document(quarterly_report, cover=Cover("Sefton Council", "Overview and Scrutiny")),
                tmp_path / "draft.docx")
    pairs = read_back(path)
    styles = [s for s, _ in pairs]
    assert pairs[0][0] == "Title"
    assert ("Normal", "Council: Sefton Council") in pairs
    assert ("Heading 1", "Headlines") in pairs and styles.count("List Bullet") >= 3
    themes = [t for s, t in pairs if s == "Heading 1" and t != "Headlines"]
    # each theme in order, then the question about the scorecard as a whole (no measure of what
    # children and families think), under its own heading at the end
    assert themes == [s.theme for s in quarterly_report.commentary.sections] + ["Across the scorecard"]
    whole = pairs.index(("Heading 1", "Across the scorecard"))
    assert pairs[whole + 1] == ("Heading 2", "What questions is the data raising for us?")
    assert pairs[whole + 2][0] == "List Bullet" and pairs[whole + 2][1].startswith("No measure in this scorecard")
    assert whole + 3 == len(pairs)
    # one officer-context paragraph per indicator, after its commentary
    assert styles.count("Officer context") == len(quarterly_report.scorecard.indicators)
    # the table row for indicator 4, with RAG as a letter
    row = next(t for s, t in pairs if s == "table row" and t.startswith("4 |"))
    assert "65.2%" in row and "79.0%" in row and "84.0%" in row and row.endswith("| R")
    # the scrutiny questions sit under their theme
    assert any(s == "Heading 2" and t == "What questions is the data raising for us?" for s, t in pairs)


@pytest.mark.parametrize("case", ["monthly", "dashboard"])
def test_word_every_question_is_in_every_form_of_the_draft(case, tmp_path):
    """Word, HTML and Markdown drafts each carry every question, the one about the scorecard as a
    whole (which belongs to no theme) included."""
    import html

    from narrator.write import commentary_markdown, draft_html

    rep = _report(case)
    assert any(not q.refs for q in rep.questions)
    docx = "\n".join(t for _, t in read_back(save(draft_document(rep, charts=False), tmp_path / "d.docx")))
    page = html.unescape(draft_html(rep))
    markdown = commentary_markdown(rep)
    for q in rep.questions:
        assert q.text in docx and q.text in page and q.text in markdown, q.text


def test_word_draft_rag_cells_are_shaded_and_pictures_have_alt_text(tmp_path):
    from docx import Document

    path = save(draft_document(_report("monthly")), tmp_path / "draft.docx")
    doc = Document(str(path))
    fills = {}
    for table in doc.tables:
        for row in table.rows[1:]:
            cell = row.cells[-1]
            shd = cell._tc.xpath("./w:tcPr/w:shd")
            if cell.text in ("R", "A", "G"):
                fills[cell.text] = shd[0].get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill")
    assert fills == {"R": "F4B183", "A": "FFE699", "G": "C6E0B4"}
    descriptions = [d.get("descr") for d in doc.element.body.xpath(".//wp:docPr")]
    assert descriptions and all(d.startswith("Line chart of ") for d in descriptions)


def test_word_council_template_restyles_the_draft(quarterly_report, tmp_path):
    from docx import Document
    from docx.shared import Pt

    council = Document()
    council.styles["Normal"].font.name = "Georgia"
    council.styles["Heading 1"].font.size = Pt(20)
    council.add_paragraph("Text the council's template happens to hold")
    council.save(tmp_path / "council.docx")
    path = save(draft_document(quarterly_report, template=tmp_path / "council.docx"), tmp_path / "draft.docx")
    doc = Document(str(path))
    assert doc.styles["Normal"].font.name == "Georgia" and doc.styles["Heading 1"].font.size == Pt(20)
    assert "Text the council's template happens to hold" not in [p.text for p in doc.paragraphs]


def test_word_brief_content_is_balanced_and_short(quarterly_report, tmp_path):
    pairs = read_back(save(brief_document(quarterly_report), tmp_path / "brief.docx"))
    headings = [t for s, t in pairs if s == "Heading 2"]
    assert headings == ["What is going well", "Main concerns", "Questions to ask", "Key indicators"]
    questions = pairs[[t for _, t in pairs].index("Questions to ask") + 1:][:5]
    assert 3 <= sum(1 for s, _ in questions if s == "List Bullet") <= 5


def test_word_brief_says_when_the_report_has_no_concern_at_all(quarterly_report, write_csv, tmp_path):
    """Nothing missed a target, worsened or trails every comparator (15 to 16 vacancies are small
    numbers): "Nothing further beyond the headlines" under Main concerns would suggest concerns that
    are not there."""
    from narrator.write import brief_markdown

    path = write_csv("ref,indicator,theme,unit,polarity,previous_year,previous_year_period,current,current_period,"
                     "england\n"
                     "A1,Assessments in 45 days (%),Assessment,percent,high,80,2022/23,90,2023/24,85\n"
                     "V1,Social worker vacancies,Workforce,count,low,15,2022/23,16,2023/24,\n")
    rep = report(load_scorecard(path))
    content = brief_content(rep)
    assert content.concerns == () and not rep.overview.concerns
    assert content.when_empty[1] == "No measure missed its target or worsened."
    pairs = read_back(save(brief_document(rep), tmp_path / "brief.docx"))
    texts = [t for _, t in pairs]
    assert texts[texts.index("Main concerns") + 1] == "No measure missed its target or worsened."
    assert "## Main concerns\n\n- No measure missed its target or worsened." in brief_markdown(rep)
    # where there are concerns and progress, all of them in the headlines: nothing further
    content = brief_content(quarterly_report)
    assert quarterly_report.overview.concerns and quarterly_report.overview.progress
    assert content.when_empty == ("Nothing further beyond the headlines.",) * 2 + (content.when_empty[2],)


@pytest.mark.parametrize("case", ["monthly", "quarterly", "dashboard"])
def test_word_golden_draft_and_brief(case, tmp_path, golden):
    rep = _report(case)
    draft = save(draft_document(rep, charts=False), tmp_path / "draft.docx")
    brief = save(brief_document(rep), tmp_path / "brief.docx")
    golden(f"{case}_draft_docx.txt", "\n".join(_lines(draft)) + "\n")
    golden(f"{case}_brief_docx.txt", "\n".join(_lines(brief)) + "\n")


def _soffice():
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed, so the page count cannot be checked")
    if shutil.which("pdfinfo") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but pdfinfo is not installed: .ci/run installs poppler-utils")
        pytest.skip("pdfinfo (poppler-utils) is not installed, so the page count cannot be checked")
    return found


def _pages(soffice, docx, tmp_path):
    out = tmp_path / "pdf"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(out), str(docx)], check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(out / (docx.stem + ".pdf"))], check=True, capture_output=True, text=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))


@pytest.mark.parametrize("case", sorted(CASES))
def test_word_brief_is_exactly_one_page(case, tmp_path):
    soffice = _soffice()
    docx = save(brief_document(_report(case), cover=Cover("A Long Council Name Metropolitan Borough Council",
                                                          "Children's Services and Safeguarding Scrutiny")),
                tmp_path / f"brief_{case}.docx")
    assert _pages(soffice, docx, tmp_path) == 1


def test_word_draft_of_the_150_indicator_scorecard_renders(tmp_path):
    soffice = _soffice()
    docx = save(draft_document(_report("synthetic")), tmp_path / "draft_synthetic.docx")
    assert _pages(soffice, docx, tmp_path) > 10


def test_word_existing_output_is_never_overwritten_without_force(run_cli, tmp_path):
    path, mapping = QUARTERLY
    out = tmp_path / "draft.docx"
    out.write_bytes(b"an officer's edited draft")
    code, _, err = run_cli("draft", path, "--columns", mapping, "-o", out)
    assert code == 2 and "already exists" in err and "--force" in err and err.count("\n") == 1
    assert out.read_bytes() == b"an officer's edited draft"
    code, _, err = run_cli("draft", path, "--columns", mapping, "-o", out, "--force", "--no-charts")
    assert code == 0 and out.read_bytes()[:2] == b"PK"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("kind", ["draft", "brief"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_word_other_formats(run_cli, tmp_path, kind, fmt):
    path, mapping = QUARTERLY
    out = tmp_path / f"{kind}.{fmt}"
    code, _, err = run_cli(kind, path, "--columns", mapping, "--format", fmt, "-o", out,
                           "--council", "Sefton <Council>")
    assert code == 0, err
    text = out.read_text()
    assert "Questions to ask" in text or "What questions is the data raising for us?" in text
    if fmt == "html":
        assert "Sefton &lt;Council&gt;" in text and "<Council>" not in text
    else:
        assert "Sefton <Council>" in text


def test_word_chart_of_whole_numbers_has_whole_ticks():
    """A count of 2 then 1 (secure placements) is marked 1 and 2 on its axis, not 1.0, 1.5 and 2.0."""
    from narrator.charts import _scale, _tick_label, _ticks

    lo, hi = _scale([2.0, 1.0, 1.0, 1.0])
    ticks = _ticks(lo, hi, whole=True)
    assert [_tick_label(t, ticks[1] - ticks[0]) for t in ticks] == ["1", "2"]
    assert _ticks(lo, hi) == [1.0, 1.5, 2.0]  # a series with fractions may have them
    lo, hi = _scale([7.0, 3.9, 6.9, 4.4])
    assert _ticks(lo, hi) == [4.0, 6.0]


def test_word_charts_are_drawn_without_matplotlib_the_same_bytes_each_time():
    """Trend charts come from Pillow alone (matplotlib is never imported, nor any font file on the
    machine read), as PNGs of the asked size, identical from run to run, with the alt text saying
    what they show."""
    import io
    import sys

    from PIL import Image

    from narrator.charts import _font, has_chart, trend_chart

    assert _font(11).getname() == ("Aileron", "Regular")  # the font Pillow carries

    card = load_scorecard(EXAMPLES / "synthetic_150.csv")
    charted = [ind for ind in card.indicators if has_chart(ind)][:20]
    first = [trend_chart(ind) for ind in charted]
    again = [trend_chart(ind) for ind in charted]
    assert [c.png for c in first] == [c.png for c in again]
    assert all(c.alt_text.startswith("Line chart of ") for c in first)
    image = Image.open(io.BytesIO(first[0].png))
    assert image.format == "PNG" and image.size == (360, 135)
    assert Image.open(io.BytesIO(trend_chart(charted[0], width_in=3.6).png)).size == (540, 135)
    code = ("import sys; from narrator.load import load_scorecard; from narrator.charts import trend_chart; "
            f"card = load_scorecard({str(EXAMPLES / 'synthetic_150.csv')!r}); "
            "[trend_chart(i) for i in card.indicators[:5]]; print('matplotlib' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"


def test_word_text_keeps_markup_and_tabs_and_drops_characters_xml_cannot_hold(quarterly_report, tmp_path):
    cover = Cover("A & B <Council>", "Scrutiny\x07 committee", "Title\twith tab")
    pairs = read_back(save(draft_document(quarterly_report, cover=cover, charts=False), tmp_path / "draft.docx"))
    assert pairs[0] == ("Title", "Title\twith tab")
    assert ("Normal", "Council: A & B <Council>") in pairs
    assert ("Normal", "Committee: Scrutiny committee") in pairs
