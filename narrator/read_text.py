"""Reverse mode, stage 0: read a narrative report (.txt, .md, .docx, .pdf or standard input) as
plain text, remembering where each paragraph, table cell or page lies in that text.

::

    doc = read_document("Q2 report.docx")
    doc.text                      # the plain text figures are found in
    doc.blocks                    # Block(start, end, kind, where), in document order
    doc.block_at(offset).where    # "table 2, row 3, column 1"

Offsets are indexes into :attr:`TextDocument.text`, which is *not* always byte-for-byte the file:

* ``.txt`` / ``.md`` / standard input: the file's text after decoding (UTF-8 with or without a
  BOM, which is dropped; UTF-16 with a BOM; otherwise Windows-1252) and after newline
  normalisation (``\\r\\n`` and ``\\r`` become ``\\n``). Nothing else is changed. Paragraphs are
  split on blank lines; in Markdown (``.md`` and standard input) ``#`` lines and underlined
  (``===`` / ``---``) lines are headings, and ``#`` lines inside ``````` fences are not.
* ``.docx``: the body in document order. Each non-empty paragraph's text, then ``\\n``; each table
  row's cells joined with `` | ``, then ``\\n`` (a cell of several paragraphs keeps them apart with
  ``\\n``; a nested table is flattened into its cell the same way). Headers, footers, footnotes,
  comments, text boxes, deleted and hidden text are left out; tracked insertions are kept.
* ``.pdf``: the text layer page by page (pypdf), pages joined with a blank line. Pages with no
  text are left out (the other pages keep their real numbers). A PDF with no text at all is an
  :class:`InputError` (it needs OCR).

Every problem with a file is an :class:`InputError`: one line naming the file and what was
expected.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .errors import InputError, reason
from .safety import check_archive

SUFFIXES = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf"}
SUPPORTED = "a .txt, .md, .docx or .pdf file, or - for standard input"
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # refuse files (and standard input) larger than this
STDIN = "<stdin>"


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, heading, table cell or page: ``text[start:end]`` in its document."""

    start: int
    end: int
    kind: str  # "paragraph", "heading", "table_cell", "page"
    where: str  # "paragraph 12", "table 2, row 3, column 1", "page 4"


@dataclass(frozen=True, slots=True)
class TextDocument:
    """A narrative report as plain text; figure offsets are indexes into ``text``."""

    source: str  # the path as given, or "<stdin>"
    kind: str  # "txt", "md", "docx", "pdf", "stdin"
    text: str
    blocks: tuple[Block, ...]

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    def block_at(self, offset: int) -> Block | None:
        """The block holding ``offset`` (the innermost when blocks nest), or None."""
        found = None
        for block in self.blocks:
            if block.start <= offset < block.end or block.start == offset == block.end:
                if found is None or block.end - block.start <= found.end - found.start:
                    found = block
        return found


# ---------------------------------------------------------------------------------------------
# Choosing files

def expand_inputs(paths: Sequence[str | Path]) -> list[Path | str]:
    """The documents to read: files as given, folders replaced by the .txt/.md/.docx/.pdf files
    inside them (recursively, sorted; hidden files and folders and ``~$`` Word lock files are
    skipped), and ``-`` kept as ``"-"`` (standard input). A path that does not exist, or a folder
    with no documents in it, is an :class:`InputError`. A file named twice is read once."""
    found: list[Path | str] = []
    seen: set[str] = set()

    def add(item: Path | str, key: str) -> None:
        if key not in seen:
            seen.add(key)
            found.append(item)

    for given in paths:
        shown = os.fspath(given)
        if shown == "-":
            add("-", "-")
            continue
        path = Path(given)
        if path.is_dir():
            documents = _documents_in(path)
            if not documents:
                raise InputError(shown, "is a folder with no .txt, .md, .docx or .pdf files in it",
                                 "a folder holding narrative reports, or the path of one report")
            for doc in documents:
                add(doc, _key(doc))
        elif path.exists():
            add(path, _key(path))
        else:
            raise InputError(shown, "no such file or folder",
                             "the path of a .txt, .md, .docx or .pdf file, a folder of them, "
                             "or - for standard input")
    return found


def _documents_in(folder: Path) -> list[Path]:
    documents = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith((".", "~$")):
                continue
            if Path(name).suffix.lower() in SUFFIXES:
                documents.append(Path(root) / name)
    return sorted(documents, key=lambda p: [part.casefold() for part in p.relative_to(folder).parts]
                  + [str(p)])


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)


# ---------------------------------------------------------------------------------------------
# Reading one document

def read_document(path: str | Path, stdin: TextIO | None = None) -> TextDocument:
    """Read one report; ``"-"`` reads ``stdin`` (default ``sys.stdin``)."""
    shown = os.fspath(path)
    if shown == "-":
        return _read_stdin(stdin if stdin is not None else sys.stdin)
    path = Path(path)
    suffix = path.suffix.lower()
    kind = SUFFIXES.get(suffix)
    try:
        if not path.exists():
            raise InputError(shown, "no such file", f"the path of {SUPPORTED}")
        if path.is_dir():
            raise InputError(shown, "is a folder", f"the path of {SUPPORTED}")
        if kind is None:
            raise InputError(shown, _unknown_format(suffix), SUPPORTED)
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(shown, f"is {_megabytes(size)}, more than narrator's limit of "
                             f"{_megabytes(MAX_DOCUMENT_BYTES)}",
                             "a report of ordinary size (split it into parts)")
        if kind == "docx":
            text, blocks = _read_docx(path, shown)
        elif kind == "pdf":
            text, blocks = _read_pdf(path, shown)
        else:
            text = _decode(path.read_bytes(), shown)
            blocks = _text_blocks(text, markdown=kind == "md")
    except PermissionError:
        raise InputError(shown, "cannot be opened (permission denied)", "a readable file") from None
    except IsADirectoryError:
        raise InputError(shown, "is a folder", f"the path of {SUPPORTED}") from None
    except OSError as exc:
        raise InputError(shown, f"cannot be read ({reason(exc)})", "a readable file") from None
    return TextDocument(shown, kind, text, tuple(blocks))


def _unknown_format(suffix: str) -> str:
    if suffix == ".doc":
        return "is an old-style Word .doc file, which narrator does not read (save it as .docx)"
    if suffix in (".odt", ".rtf"):
        return f"is a {suffix} document, which narrator does not read (save it as .docx)"
    return f"has an unknown format '{suffix or '(no extension)'}'"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------------------------
# Plain text, Markdown and standard input

def _read_stdin(stream: TextIO) -> TextDocument:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:  # the real standard input: decode the bytes ourselves
        data = buffer.read(MAX_DOCUMENT_BYTES + 1)
        too_big = len(data) > MAX_DOCUMENT_BYTES
        text = "" if too_big else _decode(data, STDIN)
    else:
        raw = stream.read(MAX_DOCUMENT_BYTES + 1)
        too_big = len(raw) > MAX_DOCUMENT_BYTES
        if isinstance(raw, bytes):
            text = "" if too_big else _decode(raw, STDIN)
        else:
            text = _normalise_newlines(raw.removeprefix("\ufeff"))
            if "\x00" in text:
                raise InputError(STDIN, "is binary data, not text", "plain text or Markdown")
    if too_big:
        limit = _megabytes(MAX_DOCUMENT_BYTES)
        raise InputError(STDIN, f"is more than narrator's limit of {limit}",
                         "a report of ordinary size (split it into parts)")
    return TextDocument(STDIN, "stdin", text, tuple(_text_blocks(text, markdown=True)))


def _decode(data: bytes, shown: str) -> str:
    """UTF-8 (a BOM is dropped), UTF-16 with a BOM, else Windows-1252; newlines normalised."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(shown, f"is not valid UTF-16 text ({reason(exc)})",
                             "text saved as UTF-8 or UTF-16") from None
    else:
        text = decode_bytes(data)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise InputError(shown, "is a binary file, not text",
                         "plain text or Markdown (a Word or PDF report needs a .docx or .pdf name)")
    return _normalise_newlines(text)


_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r" {0,3}(```|~~~)")


def _text_blocks(text: str, markdown: bool) -> list[Block]:
    """Paragraphs split on blank lines; with ``markdown``, headings too. Each block is trimmed of
    surrounding whitespace; ``where`` counts paragraphs and headings together and gives the line."""
    blocks: list[Block] = []
    para: list[tuple[int, int, int]] = []  # (start, end, line number) of each line of a paragraph
    fence: str | None = None

    def emit(start: int, end: int, line: int, kind: str) -> None:
        chunk = text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        if end > start:
            blocks.append(Block(start, end, kind, f"paragraph {len(blocks) + 1} (line {line})"))

    def flush(kind: str = "paragraph") -> None:
        if para:
            emit(para[0][0], para[-1][1], para[0][2], kind)
            para.clear()

    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start, end = offset, offset + len(line)
        offset = end + 1
        if markdown:
            opener = _FENCE.match(line)
            if fence is not None:
                if opener and opener.group(1) == fence:
                    fence = None
            elif opener:
                fence = opener.group(1)
            elif _ATX_HEADING.match(line):
                flush()
                emit(start, end, number, "heading")
                continue
            elif para and _SETEXT_UNDERLINE.match(line):
                flush("heading")
                continue
            elif not para and _THEMATIC_BREAK.match(line):
                continue
        if not line.strip():
            flush()
        else:
            para.append((start, end, number))
    flush()
    return blocks


# ---------------------------------------------------------------------------------------------
# Word

def _read_docx(path: Path, shown: str) -> tuple[str, list[Block]]:
    expected = "a .docx file saved by Word or LibreOffice"
    with open(path, "rb") as handle:
        magic = handle.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(shown, "is not a .docx package (it looks like an old-style .doc file, "
                         "or a password-protected document)",
                         "an unprotected .docx file (save it from Word as .docx, no password)")
    check_archive(path, "docx", shown)  # zip bombs are refused before python-docx unpacks anything

    import docx  # imported here: only Word users need it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        return _docx_text(document)
    except InputError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, TypeError,
            AttributeError, IndexError, SyntaxError, EOFError, zlib.error, NotImplementedError) as exc:
        # SyntaxError: lxml's XMLSyntaxError; EOFError, zlib.error: a damaged packed part
        raise InputError(shown, f"cannot be read as a Word document ({reason(exc)})",
                         expected) from None


def _docx_text(document) -> tuple[str, list[Block]]:
    from docx.oxml.ns import qn

    W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    skipped = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"), qn("w:pPr"), qn("w:rPr"),
               fallback}
    wrappers = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:moveTo")}
    val = qn("w:val")

    def children(element, tags: set[str]) -> Iterator:
        """Children with the given tags, looking inside content controls and similar wrappers."""
        for child in element:
            if child.tag in tags:
                yield child
            elif child.tag in wrappers:
                yield from children(child, tags)

    def hidden(run) -> bool:
        rpr = run.find(qn("w:rPr"))
        vanish = rpr.find(qn("w:vanish")) if rpr is not None else None
        return vanish is not None and vanish.get(val) not in ("0", "false", "off")

    def paragraph_text(p) -> str:
        parts = []
        for run in p.iter(qn("w:r")):
            parent = run.getparent()
            while parent is not None and parent is not p and parent.tag not in skipped:
                parent = parent.getparent()
            if parent is p and not hidden(run):
                parts.append(run.text)  # python-docx's CT_R.text: w:t, w:tab, w:br, ...
        return _normalise_newlines("".join(parts))

    def is_heading(p) -> bool:
        from docx.text.paragraph import Paragraph
        try:
            name = (Paragraph(p, document).style.name or "").strip().lower()
        except (KeyError, ValueError, AttributeError):
            return False
        return name.startswith("heading") or name.startswith("title")

    def grid_count(element, props_tag: str, prop: str, default: int) -> int:
        """w:gridSpan of a cell, or w:gridBefore of a row, as a number of grid columns."""
        props = element.find(qn(props_tag))
        found = props.find(qn(prop)) if props is not None else None
        try:
            return max(0, int(found.get(val))) if found is not None else default
        except (TypeError, ValueError):
            return default

    def cell_text(tc) -> str:
        parts = []
        for child in children(tc, {W_P, W_TBL}):
            part = paragraph_text(child) if child.tag == W_P else nested_table_text(child)
            if part.strip():
                parts.append(part)
        return "\n".join(parts)

    def nested_table_text(tbl) -> str:
        rows = []
        for tr in children(tbl, {W_TR}):
            cells = [cell_text(tc) for tc in children(tr, {W_TC})]
            if any(c.strip() for c in cells):
                rows.append(" | ".join(cells))
        return "\n".join(rows)

    pieces: list[str] = []
    blocks: list[Block] = []
    length = 0
    paragraphs = tables = 0

    def append(piece: str) -> int:
        nonlocal length
        start = length
        pieces.append(piece)
        length += len(piece)
        return start

    for child in children(document.element.body, {W_P, W_TBL}):
        if child.tag == W_P:
            text = paragraph_text(child)
            if not text.strip():
                continue
            paragraphs += 1
            start = append(text)
            append("\n")
            kind = "heading" if is_heading(child) else "paragraph"
            blocks.append(Block(start, start + len(text), kind, f"paragraph {paragraphs}"))
            continue
        tables += 1
        for row_number, tr in enumerate(children(child, {W_TR}), start=1):
            column = 1 + grid_count(tr, "w:trPr", "w:gridBefore", 0)
            cells = []
            for tc in children(tr, {W_TC}):
                cells.append((column, cell_text(tc)))
                column += max(1, grid_count(tc, "w:tcPr", "w:gridSpan", 1))
            if not any(text.strip() for _, text in cells):
                continue
            for index, (column_number, text) in enumerate(cells):
                if index:
                    append(" | ")
                start = append(text)
                if text.strip():
                    where = f"table {tables}, row {row_number}, column {column_number}"
                    blocks.append(Block(start, start + len(text), "table_cell", where))
            append("\n")
    return "".join(pieces), blocks


# ---------------------------------------------------------------------------------------------
# PDF

@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning or an error for every flaw it works round (an unknown font
    encoding, a broken cross-reference table); they would clutter the CLI's one-line output.
    What it cannot work round it raises, and that becomes an InputError."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _read_pdf(path: Path, shown: str) -> tuple[str, list[Block]]:
    import pypdf  # imported here: only PDF users need it
    from pypdf.errors import DependencyError, FileNotDecryptedError

    expected = "a PDF saved or printed from Word, LibreOffice or a browser"
    unlocked = "a PDF without a password (save or print it again unprotected)"
    with _quiet_pypdf():
        try:
            reader = pypdf.PdfReader(str(path))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except DependencyError:
                    opened = 0
                if not opened:
                    raise InputError(shown, "is encrypted and cannot be opened without a password",
                                     unlocked)
            pages = []
            for number, page in enumerate(reader.pages, start=1):
                pages.append((number, _normalise_newlines(page.extract_text() or "").strip()))
        except InputError:
            raise
        except (DependencyError, FileNotDecryptedError) as exc:
            raise InputError(shown, f"is encrypted and cannot be opened ({reason(exc)})",
                             unlocked) from None
        except (OSError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of error on damaged files
            raise InputError(shown, f"cannot be read as a PDF ({reason(exc)})", expected) from None
    if not pages:
        raise InputError(shown, "has no pages", expected)
    if not any(text for _, text in pages):
        raise InputError(shown, "has no text layer (a scanned image?)",
                         "a PDF with selectable text — run it through OCR first")
    pieces: list[str] = []
    blocks: list[Block] = []
    length = 0
    for number, text in pages:
        if not text:
            continue
        if pieces:
            pieces.append("\n\n")
            length += 2
        pieces.append(text)
        blocks.append(Block(length, length + len(text), "page", f"page {number}"))
        length += len(text)
    return "".join(pieces), blocks


def decode_bytes(data: bytes) -> str:
    """Text as councils' files hold it: UTF-16 with a BOM (Excel's "Unicode text"), UTF-8 (with or
    without a BOM), else Windows-1252, else Latin-1. Byte-order marks at the start are dropped."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").lstrip("\ufeff")
        except UnicodeDecodeError:
            pass
    data = data.removeprefix(b"\xef\xbb\xbf")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
