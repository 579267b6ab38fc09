"""Shared fixtures: writing small scorecards on the fly, and running the CLI in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def write_csv(tmp_path):
    def write(text: str, name: str = "scorecard.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path
    return write


@pytest.fixture
def write_xlsx(tmp_path):
    """write(sheets) where sheets maps a sheet name to rows; a cell may be (value, number_format)."""
    def write(sheets: dict[str, list[list[object]]], name: str = "scorecard.xlsx",
              merges: dict[str, list[str]] | None = None) -> Path:
        import openpyxl

        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            ws = book.create_sheet(title)
            for r, row in enumerate(rows, start=1):
                for c, cell in enumerate(row, start=1):
                    value, fmt = cell if isinstance(cell, tuple) else (cell, None)
                    if value is None:
                        continue
                    target = ws.cell(row=r, column=c, value=value)
                    if fmt:
                        target.number_format = fmt
            for rng in (merges or {}).get(title, []):
                ws.merge_cells(rng)
        path = tmp_path / name
        book.save(path)
        return path
    return write


@pytest.fixture
def run_cli(capsys):
    """run(*args) -> (exit code, stdout, stderr), running narrator's main() in this process."""
    from narrator.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = 0
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err
    return run
