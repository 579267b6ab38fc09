import json
import subprocess
import sys

import pytest


def test_cli_validate_prints_summary(run_cli, write_csv):
    path = write_csv("ref,indicator,unit,polarity,current,current_period\n"
                     "A,Number of open cases,count,neutral,\"1,630\",January 2024\n"
                     "B,Visits in time (%),percent,high,n/a,January 2024\n")
    code, out, err = run_cli("validate", path)
    assert code == 0, err
    assert "2 indicators" in out and "January 2024" in out
    assert "B Visits in time (%): January 2024 not applicable ('n/a')" in out


def test_cli_validate_json(run_cli, write_csv):
    path = write_csv("ref,indicator,unit,polarity,current\nA,Number of open cases,count,neutral,10\n")
    code, out, _ = run_cli("validate", path, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["indicators"] == 1 and data["units"] == {"count": 1}


@pytest.mark.parametrize("text,fragment", [
    ("ref,indicator,current\nA,Open cases,eighty\n", "row 2, column 'current' (C): 'eighty' is not a number"),
    ("ref,indicator,current\nA,Open cases,1\nA,Other,2\n", "duplicate ref 'A'"),
    ("", "is empty"),
])
def test_cli_bad_input_one_line_exit_2(run_cli, write_csv, text, fragment):
    code, out, err = run_cli("validate", write_csv(text))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("narrator: error: ") and fragment in err
    assert "Traceback" not in err


def test_cli_unknown_format_and_missing_file(run_cli, tmp_path):
    (tmp_path / "card.ods").write_bytes(b"x")
    code, _, err = run_cli("validate", tmp_path / "card.ods")
    assert code == 2 and "OpenDocument" in err and "expected a .csv or .xlsx" in err
    code, _, err = run_cli("validate", tmp_path / "none.csv")
    assert code == 2 and "no such file" in err


def test_cli_debug_shows_traceback(run_cli, write_csv):
    from narrator.errors import InputError

    with pytest.raises(InputError):
        run_cli("--debug", "validate", write_csv("ref,indicator,current\nA,Open cases,eighty\n"))


def test_cli_console_script_runs_as_a_process(write_csv):
    path = write_csv("ref,indicator,current\nA,Open cases,eighty\n")
    proc = subprocess.run([sys.executable, "-m", "narrator", "validate", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    proc = subprocess.run([sys.executable, "-m", "narrator", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "validate" in proc.stdout


def test_cli_help_lists_each_command_without_breaking_its_sentences():
    """The list of commands wraps each summary to the screen, not where the docstring wrapped in
    the source (typer keeps a docstring's single line breaks there)."""
    import os
    import re
    env = {**os.environ, "COLUMNS": "400", "TERM": "dumb"}
    out = subprocess.run([sys.executable, "-m", "narrator", "--help"], capture_output=True, text=True,
                         env=env).stdout
    rows = [re.sub(r"^\W+|\W+$", "", line) for line in out.splitlines()]
    assert any(r.startswith("validate") and r.endswith("2 when it cannot") for r in rows), out
    assert any(r.startswith("check") and r.endswith("the others are still checked") for r in rows), out


def test_cli_usage_error_exits_2(run_cli):
    code, _, err = run_cli("validate")
    assert code == 2 and "Missing argument" in err


def test_cli_import_leaves_the_heavy_libraries_alone():
    """`narrator --help` stays fast: importing the CLI (and running --help) loads neither spaCy,
    pandas nor matplotlib; commands import what they need when they run."""
    heavy = ("spacy", "pandas", "matplotlib")
    code = ("import sys; import narrator.cli; "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""
    code = ("import sys\nfrom narrator.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            f"print(','.join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "validate" in proc.stdout and proc.stderr.strip() == ""


_CARD = ("ref,indicator,unit,polarity,current,current_period,previous_year\n"
         "A,Visits in time (%),percent,high,81.4,September 2023,79.0\n")


@pytest.mark.parametrize("command,name,starts", [
    ("draft", "out.md", b"# "), ("draft", "out.html", b"<!DOCTYPE html>"), ("draft", "out.docx", b"PK"),
    ("brief", "out.md", b"# "), ("facts", "out.md", b"# Facts"), ("facts", "out.json", b"{"),
    ("questions", "out.md", b"#"), ("questions", "out.json", b"["),
])
def test_cli_output_name_gives_the_format_when_none_is_asked(run_cli, write_csv, tmp_path, command, name, starts):
    out = tmp_path / name
    code, _, err = run_cli(command, write_csv(_CARD), "-o", out)
    assert code == 0, err
    assert out.read_bytes().lstrip().startswith(starts)


@pytest.mark.parametrize("args,fragment", [
    (("draft", "-o", "out.md", "--format", "docx"), "out.md: names a .md file, but --format is docx; "
                                                    "expected a name ending .docx, or --format md"),
    (("draft", "-o", "out.pdf"), "out.pdf: names a .pdf file, which this command does not write; "
                                 "expected a name ending .docx, .md or .html"),
    (("brief", "-o", "-"), "-o -: the output (docx) cannot be written to the screen"),
    (("commentary", "-o", "out.docx"), "expected a name ending .md"),
    (("facts", "-o", "out.json", "--format", "md"), "names a .json file, but --format is md"),
])
def test_cli_output_name_that_says_another_kind_of_file_is_refused(run_cli, write_csv, tmp_path, monkeypatch,
                                                                   args, fragment):
    monkeypatch.chdir(tmp_path)
    card = write_csv(_CARD)
    code, out, err = run_cli(args[0], card, *args[1:])
    assert code == 2 and out == "" and err.count("\n") == 1
    assert fragment in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scorecard.csv"]  # nothing written


def test_cli_extract_format_from_the_output_name_and_dash_for_the_screen(run_cli, tmp_path):
    text = tmp_path / "report.txt"
    text.write_text("Re-referrals rose to 24% in September 2023.", encoding="utf-8")
    code, _, err = run_cli("extract", text, "-o", tmp_path / "figures.xlsx")
    assert code == 0, err
    assert (tmp_path / "figures.xlsx").read_bytes()[:2] == b"PK"
    code, _, _ = run_cli("extract", text, "-o", tmp_path / "figures.csv")
    assert (tmp_path / "figures.csv").read_text(encoding="utf-8").startswith("file,text,")
    code, out, _ = run_cli("extract", text, "-o", "-", "--format", "csv")
    assert code == 0 and out.startswith("file,text,") and not (tmp_path / "-").exists()
    code, out, err = run_cli("extract", text, "--format", "xlsx")
    assert code == 2 and "cannot be shown on the screen" in err


def test_cli_one_document_into_an_existing_folder(run_cli, write_csv, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    code, _, err = run_cli("brief", write_csv(_CARD), "-o", folder, "--format", "md")
    assert code == 0, err
    assert [p.name for p in folder.iterdir()] == ["scorecard_brief.md"]
    code, _, err = run_cli("brief", write_csv(_CARD), "-o", folder, "--format", "md")
    assert code == 2 and "already exists" in err  # and it is left as it is
