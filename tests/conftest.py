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


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden files in tests/golden from the current output")


@pytest.fixture
def golden(request):
    """golden(name, text): compare text with tests/golden/name, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"no golden file {path.name}: run pytest --update-golden and review the diff"
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            import difflib
            diff = "\n".join(difflib.unified_diff(expected.splitlines(), text.splitlines(), "golden", "now",
                                                  lineterm="", n=1))
            pytest.fail(f"{name} differs from its golden file (pytest --update-golden to accept):\n{diff[:4000]}")
    return check
