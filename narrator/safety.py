"""Checks on untrusted packages before a library opens them: zip bombs disguised as .xlsx/.docx.

An .xlsx or .docx file is a zip archive. openpyxl and python-docx unpack every part of it into
memory, so a small file whose parts unpack to gigabytes (a zip bomb) would exhaust the machine.
:func:`check_archive` reads only the archive's directory (the declared sizes of its parts) and
refuses it, with a one-line :class:`InputError`, when

* it holds more than :data:`MAX_ARCHIVE_MEMBERS` parts;
* its parts unpack to more than :data:`MAX_UNPACKED_BYTES` together;
* a part that unpacks to more than :data:`RATIO_CHECKED_FROM` bytes is more than
  :data:`MAX_COMPRESSION_RATIO` times its packed size (ordinary Office parts are under 40 times).

Declared sizes can lie, but Python's :mod:`zipfile` never returns more than a part's declared
size (a part that unpacks to more fails its CRC check, which the readers report as a damaged
file), so checking the declared sizes bounds what the libraries unpack.

::

    check_archive(path, "xlsx")       # before openpyxl.load_workbook(path)
    check_archive(path, "docx")       # before docx.Document(path)
    check_template(path)              # a user's --template .docx
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from .errors import InputError, reason

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all parts together, as declared
MAX_ARCHIVE_MEMBERS = 10_000  # parts in one package
MAX_COMPRESSION_RATIO = 100  # unpacked / packed size of one part...
RATIO_CHECKED_FROM = 1024 * 1024  # ...checked for parts that unpack past this

ENCRYPTED = 0x1  # zip flag bits: an encrypted part...
UNSUPPORTED_FLAGS = 0x20 | 0x40  # ...patched data and strong encryption, which zipfile cannot unpack
UNPACKABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)

# kind -> (what the file should be, what an officer should give instead)
KINDS = {
    "xlsx": ("an Excel workbook", "an .xlsx file saved by Excel or LibreOffice"),
    "docx": ("a Word document", "a .docx file saved by Word or LibreOffice"),
    "template": ("a Word template", "a .docx file saved by Word or LibreOffice"),
}


def check_archive(path: str | Path, kind: str, shown: str | None = None) -> None:
    """Raise :class:`InputError` unless ``path`` is a zip archive of ordinary size.

    kind: ``"xlsx"``, ``"docx"`` or ``"template"`` (words the message uses).
    shown: the name to give in messages (default: the path as given)."""
    what, expected = KINDS[kind]
    shown = os.fspath(path) if shown is None else shown
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except FileNotFoundError:
        raise InputError(shown, "no such file", expected) from None
    except IsADirectoryError:
        raise InputError(shown, "is a folder", expected) from None
    except PermissionError:
        raise InputError(shown, "cannot be opened (permission denied)", "a readable file") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError) as exc:  # NotImplementedError: a zip format version from the future
        raise InputError(shown, f"cannot be read as {what} ({reason(exc)})", expected) from None
    ordinary = f"{what} of ordinary size"
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise InputError(shown, f"holds {len(members):,} packed parts, more than narrator's limit of "
                         f"{MAX_ARCHIVE_MEMBERS:,}", ordinary)
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(shown, f"unpacks to {unpacked:,} bytes, more than narrator's limit of "
                         f"{MAX_UNPACKED_BYTES:,} (a zip bomb?)", ordinary)
    for info in members:
        if info.flag_bits & ENCRYPTED:
            raise InputError(shown, f"is password-protected (part '{info.filename}' is encrypted)",
                             f"{what} saved without a password")
        if info.flag_bits & UNSUPPORTED_FLAGS or info.compress_type not in UNPACKABLE:
            raise InputError(shown, f"cannot be read as {what} (part '{info.filename}' is packed in a way "
                             "narrator cannot unpack)", expected)
        if info.file_size > RATIO_CHECKED_FROM and \
                info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise InputError(shown, f"has a part '{info.filename}' that unpacks to {ratio:,.0f} times its "
                             f"packed size, more than narrator's limit of {MAX_COMPRESSION_RATIO} times "
                             "(a zip bomb?)", ordinary)


def check_template(path: str | Path) -> None:
    """A user's ``--template`` .docx: :func:`check_archive` with kind ``"template"``."""
    check_archive(path, "template")
