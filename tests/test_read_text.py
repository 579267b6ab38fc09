"""Reading narrative reports for reverse mode: .txt, .md, .docx, .pdf and standard input."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from narrator import read_text
from narrator.errors import InputError
from narrator.read_text import Block, TextDocument, expand_inputs, read_document


# ---------------------------------------------------------------------------------------------
# Helpers

def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(pages: list[list[str] | None]) -> bytes:
    """A minimal valid PDF: one page per item, each a list of lines in Helvetica, or None for a
    page holding only a 1x1 image (no text layer). Cross-reference offsets are computed here."""
    objects: dict[int, bytes] = {}
    font_id = 3
    objects[font_id] = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                        b"/Encoding /WinAnsiEncoding >>")
    kids = []
    next_id = 4
    for lines in pages:
        page_id, content_id = next_id, next_id + 1
        next_id += 2
        kids.append(page_id)
        if lines is None:
            stream = b"q 100 0 0 100 72 600 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI Q"
        else:
            ops = ["BT /F1 12 Tf 14 TL 72 720 Td"]
            ops += [f"{_pdf_string(line)} Tj T*" for line in lines]
            ops.append("ET")
            stream = "\n".join(ops).encode("latin-1")
        objects[page_id] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                            f"/Resources << /Font << /F1 {font_id} 0 R >> >> "
                            f"/Contents {content_id} 0 R >>").encode()
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                  f"/Count {len(kids)} >>").encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in range(1, next_id):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % next_id
    out += b"0000000000 65535 f \n"
    for number in range(1, next_id):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (next_id, xref)
    return bytes(out)


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Quarterly performance report", level=0)  # style "Title"
    document.add_paragraph("Children's services had a steady quarter.")
    document.add_paragraph("")  # empty: skipped
    document.add_heading("Front door", level=1)
    document.add_paragraph("Re-referrals fell to 18.2% from 21.0% last year.")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["Indicator", "Value", "Target"],
                             ["Re-referrals (%)", "18.2", "20"],
                             ["", "", ""]]):  # an empty row: skipped
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 2).add_paragraph("(stretch 19)")  # a cell of two paragraphs
    document.add_paragraph("Assessments in time rose to 85%.")
    document.sections[0].header.paragraphs[0].text = "OFFICIAL - header text"
    document.save(str(path))
    return path


def assert_one_line_error(excinfo, name: str, *words: str) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    assert name in message
    for word in words:
        assert word in message, message
    return message


def check_blocks(doc: TextDocument) -> None:
    """Blocks are in order, inside the text, and trimmed."""
    last = 0
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(doc.text)
        assert block.start >= last
        last = block.end
        piece = doc.text[block.start:block.end]
        assert piece and piece == piece.strip()


# ---------------------------------------------------------------------------------------------
# Plain text and Markdown

def test_txt_paragraphs_split_on_blank_lines(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("First paragraph,\nstill first.\n\n  \nSecond: 81.4%.\n\n\nThird.\n",
                    encoding="utf-8")
    doc = read_document(path)
    assert doc == TextDocument(str(path), "txt", path.read_text(encoding="utf-8"), doc.blocks)
    texts = [doc.block_text(b) for b in doc.blocks]
    assert texts == ["First paragraph,\nstill first.", "Second: 81.4%.", "Third."]
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 3
    assert [b.where for b in doc.blocks] == ["paragraph 1 (line 1)", "paragraph 2 (line 5)",
                                             "paragraph 3 (line 8)"]
    check_blocks(doc)


def test_txt_hash_lines_are_not_headings(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("# not a heading in plain text\nbody\n", encoding="utf-8")
    doc = read_document(path)
    assert [b.kind for b in doc.blocks] == ["paragraph"]


def test_source_is_the_path_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("r.txt").write_text("x", encoding="utf-8")
    assert read_document("./r.txt").source == "./r.txt"
    assert read_document(Path("r.txt")).source == "r.txt"


def test_markdown_headings(tmp_path):
    path = tmp_path / "report.md"
    text = ("# Summary\nPerformance held up.\n\n## Front door\n\nRe-referrals: 18%.\n\n"
            "Setext heading\n==============\n\n---\n\n```\n# a comment in code\n```\n#hashtag\n")
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert doc.kind == "md" and doc.text == text
    got = [(b.kind, doc.block_text(b)) for b in doc.blocks]
    assert got == [
        ("heading", "# Summary"),
        ("paragraph", "Performance held up."),
        ("heading", "## Front door"),
        ("paragraph", "Re-referrals: 18%."),
        ("heading", "Setext heading"),
        ("paragraph", "```\n# a comment in code\n```\n#hashtag"),
    ]
    assert doc.blocks[2].where == "paragraph 3 (line 4)"
    check_blocks(doc)


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffCosts rose to £1.2m – up 4%.".encode("utf-8"))
    doc = read_document(path)
    assert doc.text == "Costs rose to £1.2m – up 4%."
    assert doc.block_text(doc.blocks[0]) == doc.text


def test_cp1252_fallback(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Spend was £2.5m \u2013 \u201cwithin budget\u201d.".encode("cp1252"))
    assert read_document(path).text == "Spend was £2.5m \u2013 \u201cwithin budget\u201d."


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("Rate: 12.5%\r\n".encode("utf-16"))
    assert read_document(path).text == "Rate: 12.5%\n"


def test_crlf_and_cr_become_lf(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(b"One 1%.\r\nStill one.\r\n\r\nTwo 2%.\rThree lines\r")
    doc = read_document(path)
    assert doc.text == "One 1%.\nStill one.\n\nTwo 2%.\nThree lines\n"
    assert [doc.block_text(b) for b in doc.blocks] == ["One 1%.\nStill one.", "Two 2%.\nThree lines"]
    assert doc.text.index("2%") == doc.blocks[1].start + 4


def test_empty_text_file_has_no_blocks(tmp_path):
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    doc = read_document(path)
    assert doc.text == "" and doc.blocks == ()


def test_block_at(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("alpha 1\n\nbeta 2\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.block_at(doc.text.index("2")) == doc.blocks[1]
    assert doc.block_at(doc.text.index("\n\n") + 1) is None


# ---------------------------------------------------------------------------------------------
# Standard input

def test_stdin_from_string_io():
    doc = read_document("-", stdin=io.StringIO("\ufeff# Heading\r\nTotal 42.\r\n\r\nNext 7.\n"))
    assert doc.source == "<stdin>" and doc.kind == "stdin"
    assert doc.text == "# Heading\nTotal 42.\n\nNext 7.\n"
    assert [(b.kind, doc.block_text(b)) for b in doc.blocks] == [
        ("heading", "# Heading"), ("paragraph", "Total 42."), ("paragraph", "Next 7.")]


def test_stdin_bytes_buffer_is_decoded():
    stream = io.TextIOWrapper(io.BytesIO("£3m in 2023\r\n".encode("cp1252")), encoding="utf-8")
    doc = read_document(Path("-"), stdin=stream)
    assert doc.text == "£3m in 2023\n"


def test_stdin_defaults_to_sys_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("from sys.stdin"))
    assert read_document("-").text == "from sys.stdin"


def test_stdin_too_large(monkeypatch):
    monkeypatch.setattr(read_text, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(InputError) as excinfo:
        read_document("-", stdin=io.StringIO("x" * 11))
    assert_one_line_error(excinfo, "<stdin>", "limit")


# ---------------------------------------------------------------------------------------------
# Word

def test_docx_paragraphs_headings_and_tables_in_order(tmp_path):
    doc = read_document(make_docx(tmp_path / "report.docx"))
    assert doc.kind == "docx"
    assert doc.text == (
        "Quarterly performance report\n"
        "Children's services had a steady quarter.\n"
        "Front door\n"
        "Re-referrals fell to 18.2% from 21.0% last year.\n"
        "Indicator | Value | Target\n"
        "Re-referrals (%) | 18.2 | 20\n(stretch 19)\n"
        "Assessments in time rose to 85%.\n"
    )
    assert "OFFICIAL" not in doc.text  # headers are ignored
    got = [(b.kind, b.where, doc.block_text(b)) for b in doc.blocks]
    assert got == [
        ("heading", "paragraph 1", "Quarterly performance report"),
        ("paragraph", "paragraph 2", "Children's services had a steady quarter."),
        ("heading", "paragraph 3", "Front door"),
        ("paragraph", "paragraph 4", "Re-referrals fell to 18.2% from 21.0% last year."),
        ("table_cell", "table 1, row 1, column 1", "Indicator"),
        ("table_cell", "table 1, row 1, column 2", "Value"),
        ("table_cell", "table 1, row 1, column 3", "Target"),
        ("table_cell", "table 1, row 2, column 1", "Re-referrals (%)"),
        ("table_cell", "table 1, row 2, column 2", "18.2"),
        ("table_cell", "table 1, row 2, column 3", "20\n(stretch 19)"),
        ("paragraph", "paragraph 5", "Assessments in time rose to 85%."),
    ]
    check_blocks(doc)


def test_docx_merged_and_nested_cells(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Spans two"
    table.cell(0, 2).text = "C"
    table.cell(1, 0).text = "A"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "x 1"
    inner.cell(0, 1).text = "y 2"
    table.cell(1, 2).text = "C2"
    document.add_table(rows=1, cols=1).cell(0, 0).text = "second table"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    doc = read_document(path)
    got = [(b.where, doc.block_text(b)) for b in doc.blocks]
    assert got == [
        ("table 1, row 1, column 1", "Spans two"),
        ("table 1, row 1, column 3", "C"),
        ("table 1, row 2, column 1", "A"),
        ("table 1, row 2, column 2", "x 1 | y 2"),
        ("table 1, row 2, column 3", "C2"),
        ("table 2, row 1, column 1", "second table"),
    ]
    assert doc.text.splitlines()[0] == "Spans two | C"


def test_docx_deleted_and_hidden_text_left_out(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    paragraph = document.add_paragraph("Kept ")
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>gone</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>inserted</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>'))
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    assert read_document(path).text == "Kept inserted\n"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_converted_to_pdf_by_libreoffice(tmp_path):
    source = make_docx(tmp_path / "report.docx")
    out = tmp_path / "out"
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=180)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"LibreOffice could not convert the document: {exc}")
    pdf = out / "report.pdf"
    if not pdf.exists():
        pytest.skip("LibreOffice produced no PDF")
    doc = read_document(pdf)
    assert doc.kind == "pdf"
    assert [b.where for b in doc.blocks] == ["page 1"]
    assert "18.2%" in doc.text and "Assessments in time rose to 85%." in doc.text


# ---------------------------------------------------------------------------------------------
# PDF

def test_pdf_pages(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([["Quarterly report", "Re-referrals fell to 18.2% (target 20%)."],
                               None,  # an image-only page: left out, numbering kept
                               ["Assessments rose to 85%."]]))
    doc = read_document(path)
    assert doc.kind == "pdf" and doc.source == str(path)
    assert [b.where for b in doc.blocks] == ["page 1", "page 3"]
    assert [b.kind for b in doc.blocks] == ["page", "page"]
    first, last = (doc.block_text(b) for b in doc.blocks)
    assert "Quarterly report" in first and "18.2% (target 20%)." in first
    assert last == "Assessments rose to 85%."
    assert doc.text == first + "\n\n" + last
    check_blocks(doc)


def test_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([None, None]))
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert str(excinfo.value) == (f"{path}: has no text layer (a scanned image?); expected a PDF with "
                                  "selectable text — run it through OCR first")


def _encrypted_pdf(tmp_path, text: str, user_password: str, name: str):
    """A one-page PDF saying ``text``, encrypted with ``user_password`` (and an owner password)."""
    import pypdf

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf([[text]]))
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    path = tmp_path / name
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def test_pdf_with_a_password(tmp_path):
    locked = _encrypted_pdf(tmp_path, "Secret 42%", "letmein", "locked.pdf")
    with pytest.raises(InputError) as excinfo:
        read_document(locked)
    assert_one_line_error(excinfo, str(locked), "password")


def test_pdf_with_only_an_owner_password_opens(tmp_path):
    restricted = _encrypted_pdf(tmp_path, "Open 7%", "", "restricted.pdf")
    assert read_document(restricted).text == "Open 7%"


@pytest.mark.parametrize("content", [b"this is not a PDF at all\n", b"", b"%PDF-1.4\n1 0 obj\n<<"])
def test_corrupt_pdf(tmp_path, content):
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert_one_line_error(excinfo, str(path), "PDF")


# ---------------------------------------------------------------------------------------------
# Errors

def test_corrupt_docx_not_a_zip(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_text("plain text pretending to be Word", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert_one_line_error(excinfo, str(path), "Word document", "expected a .docx file")


def test_docx_that_is_another_zip(tmp_path):
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a Word package")
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert_one_line_error(excinfo, str(path), "Word document")


def test_docx_with_broken_xml(tmp_path):
    good = make_docx(tmp_path / "good.docx")
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml"
                            else data)
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert_one_line_error(excinfo, str(path), "Word document")


def test_docx_that_is_an_old_doc_or_password_protected(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert_one_line_error(excinfo, str(path), ".doc", "password")


@pytest.mark.parametrize("name", ["scorecard.xlsx", "report.doc", "README"])
def test_unknown_extension_lists_supported_formats(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert_one_line_error(excinfo, str(path), ".txt", ".md", ".docx", ".pdf", "- for standard input")


def test_upper_case_extension_is_fine(tmp_path):
    path = tmp_path / "SHOUT.TXT"
    path.write_text("ok", encoding="utf-8")
    assert read_document(path).kind == "txt"


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.docx"
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert_one_line_error(excinfo, str(path), "no such file")


def test_folder_given_to_read_document(tmp_path):
    folder = tmp_path / "reports.md"
    folder.mkdir()
    with pytest.raises(InputError) as excinfo:
        read_document(folder)
    assert_one_line_error(excinfo, str(folder), "is a folder")


def test_binary_file_named_txt(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert_one_line_error(excinfo, str(path), "binary")


def test_file_too_large(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # sparse: no real disk used
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert_one_line_error(excinfo, str(path), "50.0 MB", "limit")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(InputError) as excinfo:
            read_document(path)
        assert_one_line_error(excinfo, str(path), "permission denied")
    finally:
        path.chmod(0o644)


# ---------------------------------------------------------------------------------------------
# Choosing files

def test_expand_inputs(tmp_path):
    folder = tmp_path / "reports"
    (folder / "b-sub").mkdir(parents=True)
    (folder / ".hidden-dir").mkdir()
    for name in ["b.md", "A.txt", "c.PDF", "d.docx", "b-sub/e.txt", ".hidden.txt", "~$d.docx",
                 "notes.xlsx", "image.png", ".hidden-dir/f.txt"]:
        (folder / name).write_bytes(b"x")
    single = tmp_path / "single.docx"
    single.write_bytes(b"x")
    odd = tmp_path / "odd.rtf"  # named explicitly: kept, read_document explains the format
    odd.write_bytes(b"x")
    got = expand_inputs([str(single), folder, "-", odd, single])
    assert got == [single, folder / "A.txt", folder / "b-sub" / "e.txt", folder / "b.md",
                   folder / "c.PDF", folder / "d.docx", "-", odd]
    assert all(isinstance(p, Path) for p in got if p != "-")


def test_expand_inputs_missing_path(tmp_path):
    missing = tmp_path / "missing"
    with pytest.raises(InputError) as excinfo:
        expand_inputs([missing])
    assert_one_line_error(excinfo, str(missing), "no such file or folder", "- for standard input")


def test_expand_inputs_empty_folder(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "~$lock.docx").write_bytes(b"x")
    with pytest.raises(InputError) as excinfo:
        expand_inputs([folder])
    assert_one_line_error(excinfo, str(folder), "no .txt, .md, .docx or .pdf files")


def test_block_is_hashable_and_frozen():
    block = Block(0, 1, "paragraph", "paragraph 1")
    assert {block: 1}[block] == 1
    with pytest.raises(AttributeError):
        block.start = 2  # type: ignore[misc]


def test_folder_without_extension_is_called_a_folder(tmp_path):
    with pytest.raises(InputError) as excinfo:
        read_document(tmp_path)
    assert_one_line_error(excinfo, str(tmp_path), "is a folder")


def test_binary_stdin():
    with pytest.raises(InputError) as excinfo:
        read_document("-", stdin=io.StringIO("PK\x03\x04\x00\x00"))
    assert_one_line_error(excinfo, "<stdin>", "binary")
