"""Writers: extraction JSON written in pieces is the text json.dumps gives, and a file written
from pieces is all there or not there at all."""

import json
from pathlib import Path

import pytest

from narrator.check import check_extraction
from narrator.extract import extract_text
from narrator.write import batched, extraction_json, extraction_json_pieces, write_text

PAPERS = Path(__file__).resolve().parents[2] / "shared" / "reference-papers"


def _whole(extractions, several=None) -> str:
    """The JSON as built before it was written in pieces: every dict, then one json.dumps."""
    data = [{"source": ex.source, "figures": ex.figures_json(),
             "issues": [i.to_json() for i in check_extraction(ex)]} for ex in extractions]
    if several is None:
        several = len(data) != 1
    return json.dumps(data if several else data[0], indent=2, ensure_ascii=False) + "\n"


@pytest.fixture(scope="module")
def extractions():
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(PAPERS.glob("0*.txt"))]
    texts += [("quotes \"and\" \\ slashes\n", "The rate was 45.1%, \"up\" from 40%\u2028and £1,200 in 2023/24."),
              ("none", "No figures here."),
              ("share", "Of 20 children, 25 (125%) were seen.")]  # a check issue
    return [extract_text(text, source) for source, text in texts]


@pytest.mark.parametrize("pick,several", [(slice(None), None), (slice(0, 1), None), (slice(-1, None), None),
                                          (slice(-2, -1), True), (slice(0, 0), True), (slice(-3, None), False)])
def test_extraction_json_in_pieces_is_what_json_dumps_gives(extractions, pick, several):
    chosen = extractions[pick]
    if several is False:
        chosen = chosen[:1]
    expected = _whole(chosen, several)
    assert extraction_json(chosen, several) == expected
    pieces = list(extraction_json_pieces(chosen, several))
    assert "".join(pieces) == expected
    if chosen and chosen[0].figures:
        assert len(pieces) > len(chosen[0].figures)  # one figure at a time, not one string


def test_batched_joins_small_pieces_in_order():
    assert list(batched(["ab", "c", "def", "g"], size=3)) == ["abc", "def", "g"]
    assert list(batched([])) == []


def test_a_file_written_from_pieces_is_whole_or_absent(tmp_path):
    dest = tmp_path / "out.json"
    write_text(iter(["{", '"a": 1', "}\n"]), dest)
    assert dest.read_text() == '{"a": 1}\n'

    def failing():
        yield "x" * 3_000_000  # more than one block is written before the failure
        raise RuntimeError("stopped while making the text")

    other = tmp_path / "other.json"
    with pytest.raises(RuntimeError):
        write_text(failing(), other)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no partial file, no temporary one
    with pytest.raises(RuntimeError):
        write_text(failing(), dest, force=True)
    assert dest.read_text() == '{"a": 1}\n'  # the file that was there is untouched


def test_commentary_lead_in_ends_with_one_full_stop(write_csv):
    """A name that ends with its own full stop ("Other placements No.") is not given a second one,
    in Markdown or HTML."""
    from narrator.load import load_scorecard
    from narrator.plan import report
    from narrator.write import commentary_markdown, draft_html

    path = write_csv("ref,indicator,unit,polarity,previous_year,current,current_period\n"
                     "CF19,Other Placements No.,count,low,14,16,September 2023\n")
    made = report(load_scorecard(path))
    markdown = commentary_markdown(made)
    assert "**CF19: Other Placements No.**" in markdown and ".." not in markdown
    html = draft_html(made)
    assert "<strong>CF19: Other Placements No.</strong>" in html and ".." not in html
