"""Batch runs: extract, check, draft and brief over several files, serially and with --jobs 2 (the
same output, in the same order), one line for a bad file while the others go on, and a progress
bar only on a terminal."""

import io
import json
import shutil
import subprocess
import sys
import time

from narrator import batch
from narrator.word import read_back

from .conftest import EXAMPLES

REPORTS = {
    "a_report.txt": "Of 40 referrals, 30 (75%) were seen within a day. The rate rose from 50% to 40% in 2023.\n",
    "b_report.md": "# Summary\n\nThe number of children in care fell to 412 in March 2024, from 430 a year before.\n",
    "c_report.txt": "Attendance was 94.1% in the autumn term, above the England average of 93.2%.\n",
}


def _reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in reversed(REPORTS.items()):  # written out of order: the run sorts them
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_batch_extract_and_check_give_the_same_output_with_two_jobs(run_cli, tmp_path):
    folder = _reports(tmp_path)
    serial = run_cli("extract", folder)
    parallel = run_cli("extract", folder, "--jobs", "2")
    assert serial[0] == parallel[0] == 0 and serial[1] == parallel[1]
    assert [line.split('"')[3] for line in serial[1].splitlines() if line.startswith('    "source"')] == \
        [str(folder / name) for name in sorted(REPORTS)]
    for fmt in ("text", "json"):
        serial = run_cli("check", folder, "--format", fmt)
        parallel = run_cli("check", folder, "--format", fmt, "-j", "2")
        assert serial == parallel and serial[0] == 1  # a rise from 50% to 40%


def test_batch_a_bad_report_costs_only_its_own_line(run_cli, tmp_path):
    folder = _reports(tmp_path)
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    code, out, err = run_cli("check", folder / "a_report.txt", tmp_path / "old.doc", tmp_path / "gone.txt",
                             folder / "c_report.txt", "-j", "2")
    assert code == 2 and "Traceback" not in err
    assert [line.split(":")[0] for line in out.splitlines()] == [str(folder / "a_report.txt")] * 1 + \
        [str(folder / "c_report.txt")]
    errors = err.splitlines()
    assert len(errors) == 2 and all(line.startswith("narrator: error: ") for line in errors)
    assert any("old.doc" in line and ".doc" in line for line in errors) and any("gone.txt" in line for line in errors)


def _scorecards(tmp_path):
    folder = tmp_path / "cards"
    folder.mkdir()
    for name in ("monthly_scorecard_2023_09.csv", "childrens_dashboard_2024_01.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def test_batch_draft_and_brief_over_several_scorecards_match_a_serial_run(run_cli, tmp_path):
    cards = sorted(_scorecards(tmp_path).iterdir())
    for kind in ("draft", "brief"):
        code, _, err = run_cli(kind, *cards, "-o", tmp_path / "one")
        assert code == 0, err
        code, _, err = run_cli(kind, *cards, "-o", tmp_path / "two", "--jobs", "2")
        assert code == 0, err
        assert err.splitlines() == [f"Wrote {tmp_path / 'two' / (c.stem + '_' + kind + '.docx')}" for c in cards]
        for card in cards:
            name = f"{card.stem}_{kind}.docx"
            assert read_back(tmp_path / "one" / name) == read_back(tmp_path / "two" / name)


def test_batch_draft_keeps_what_was_written_and_reports_each_bad_scorecard(run_cli, tmp_path):
    folder = _scorecards(tmp_path)
    (folder / "broken.csv").write_text("ref,indicator,current\nA,Open cases,eighty\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "childrens_dashboard_2024_01_draft.md").write_text("an officer's edits", encoding="utf-8")
    code, _, err = run_cli("draft", folder, "-o", out, "--format", "md", "-j", "2")
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == f"Wrote {out / 'monthly_scorecard_2023_09_draft.md'}"
    assert len(lines) == 3 and "broken.csv" in lines[1] and "'eighty' is not a number" in lines[1]
    assert "already exists" in lines[2]
    assert (out / "childrens_dashboard_2024_01_draft.md").read_text(encoding="utf-8") == "an officer's edits"
    assert sorted(p.name for p in out.iterdir()) == ["childrens_dashboard_2024_01_draft.md",
                                                      "monthly_scorecard_2023_09_draft.md"]


def test_batch_one_scorecard_still_writes_the_file_named_by_o(run_cli, tmp_path):
    code, _, err = run_cli("brief", EXAMPLES / "monthly_scorecard_2023_09.csv", "-o", tmp_path / "mine.docx")
    assert code == 0 and err == f"Wrote {tmp_path / 'mine.docx'}\n"


def _sleep_then_return(item):
    time.sleep(item)
    return item


def test_batch_results_come_back_in_input_order_whatever_finishes_first():
    delays = [0.4, 0.0, 0.2, 0.0]
    outcomes = batch.run(_sleep_then_return, delays, ["a", "b", "c", "d"], jobs=2)
    assert [o.value for o in outcomes] == delays and [o.name for o in outcomes] == ["a", "b", "c", "d"]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_batch_progress_bar_only_on_a_terminal():
    terminal, pipe = _Terminal(), io.StringIO()
    batch.run(abs, [-1, -2, -3], ["x", "y", "z"], label="check", stream=terminal)
    batch.run(abs, [-1, -2, -3], ["x", "y", "z"], label="check", stream=pipe)
    assert "check [" in terminal.getvalue() and "3/3" in terminal.getvalue() and terminal.getvalue().endswith("\r")
    assert pipe.getvalue() == ""


def test_batch_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    folder = _reports(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "narrator", "extract", str(folder), "--format", "csv", "-j", "2"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == ""
    assert "\r" not in proc.stdout and "[#" not in proc.stdout and "[-" not in proc.stdout


def test_batch_extract_json_is_a_list_when_several_files_were_asked_for(run_cli, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Referrals fell from 830 to 693 per 10,000 children in 2023/24.\n", encoding="utf-8")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    code, out, err = run_cli("extract", good, bad)
    assert code == 2 and "bad.docx" in err
    data = json.loads(out)
    assert isinstance(data, list) and [d["source"] for d in data] == [str(good)]
    code, out, _ = run_cli("extract", good)
    assert code == 0 and isinstance(json.loads(out), dict)
