"""Errors narrator raises, and how they read.

::

    NarratorError                 anything narrator reports to the user (CLI: one line, exit 2)
    ├── InputError                a scorecard or narrative file that cannot be read as asked
    └── ConfigError               a phrasebank, catalogue or mapping file that is not valid

Every message is one line naming where the problem is (file, sheet, row, column, value) and
what was expected, so an officer can open the file and fix it without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class NarratorError(Exception):
    """Base class: a problem narrator explains to the user in one line."""

    exit_code = 2


@dataclass(frozen=True)
class Location:
    """Where something is in an input file. Rows are 1-based as a spreadsheet shows them."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # the column's header text, when known
    column_index: int | None = None  # 1-based

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None or self.column_index is not None:
            parts.append(_column_text(self.column, self.column_index))
        return ", ".join(parts)


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    if 0 < index <= 26:
        return chr(64 + index)
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_text(name: str | None, index: int | None) -> str:
    if name and index:
        return f"column '{name}' ({column_letter(index)})"
    if index:
        return f"column {column_letter(index)}"
    return f"column '{name}'"


def reason(exc: BaseException) -> str:
    """An exception's message cut to one short line, for the brackets of an error message."""
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.splitlines()[0].split())[:120]


class InputError(NarratorError):
    """An input file that narrator cannot read as asked.

    problem: what is wrong ("'eighty' is not a number"); expected: what would be right.
    """

    def __init__(self, where: Location | str, problem: str, expected: str | None = None,
                 value: object = None):
        self.where = where
        self.problem = problem
        self.expected = expected
        self.value = value
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.problem}"
        if self.expected:
            text += f"; expected {self.expected}"
        return " ".join(text.split())  # always one line


class ConfigError(NarratorError):
    """A phrasebank, catalogue or column-mapping file with errors; lists every one of them."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        if len(self.errors) == 1:
            return self.errors[0]
        return f"{len(self.errors)} errors: " + " | ".join(self.errors)
