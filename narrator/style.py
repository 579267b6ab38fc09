"""Style checker: hold text (narrator's own, or an officer's) to the UK statistical style rules in
``../shared/design/style-rules.md``.

Implemented by :func:`check` (rule ids as in style-rules.md):

====  ==========================================================================================
N1    ``81.4%`` with no space; no "per cent"/"percent" (ONS). ``percent_sign=False`` flips it:
      "81.4 per cent", no ``%`` after a figure; "percent" as one word always fails.
N2    differences in "percentage points"; "1 percentage point" (also 1.0) singular, every other
      figure plural (except attributively: "a 3 percentage point rise"); no "%age", "% points",
      "pp", "p.p.", "ppt(s)".
N3    the percentages in one sentence share their number of decimal places.
N4    leading zero: ``0.5``, never ``.5``.
N5    comma thousands separators (``1,119``): no ``1119`` or ``1 119``. Years (a bare 19xx/20xx),
      periods (``2023/24``, ``2023/2024``), codes (``NI1360``, ``1990s``), references
      ("ref 12345") and figures with a leading zero (phone numbers) pass.
N6    no sentence or bullet starts with a numeral (a year or period included).
N7    ranges with "to", not a hyphen or en dash (``aged 19-21`` fails). Periods (``2023-24``,
      consecutive years only), dates and other chains (``2023-11-28``, ``0151-934-2078``) and codes
      (``CIN4-5``) pass; so does a spaced dash after a period ("2023/24 - 1,119 children").
N8    "first" ... "ninth" in words, ``10th`` onwards in numerals, no superscript; an ordinal
      followed by "(out) of" a number of 10 or more may be a numeral ("6th out of 12").
N9    "2.5 million", lower case, with a space; no ``k``, ``m``, ``bn`` after figures (``b`` only
      after a currency sign, so "Year 5b" passes).
N10   no "No." / "nos" for "number".
L1    at most ``profile.max_sentence_words`` words a sentence.
L3    "significant", "significantly", "statistically" (list in phrasebank/style.yml) only when the
      caller says the figures were significance tested.
L4    banned emotive words (phrasebank/style.yml).
L6    (``headline=True`` only) a headline is exactly one sentence.
L11   British spelling: US forms from phrasebank/style.yml's ``us_to_uk`` map.
====  ==========================================================================================

L2 (abbreviations written out on first use) is :func:`unexpanded_abbreviations`, kept apart
because a report section may rely on an earlier one. Left to other stages, since they need the
data behind the text or the whole document: L5, L6 beyond one sentence each, L7-L10, N9's
"0.x million", N11-N14.

The checker looks at prose, not tables or Markdown markup: lines starting with ``#`` are taken as
headings (each its own sentence), ``- ``, ``* ``, ``•`` and ``1.`` start bullets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from .phrasebank import Checker, load_checked
from .settings import DEFAULT


@dataclass(frozen=True, slots=True)
class Violation:
    """One breach of a style rule, with where it is in the checked text."""

    rule: str  # rule id from style-rules.md: "N1" ... "L11"
    message: str  # plain reason, one line
    start: int  # character offsets into the checked text
    end: int
    excerpt: str  # the offending text


@dataclass(frozen=True)
class StyleProfile:
    """A house style. The defaults are the ONS choices."""

    name: str = "ons"
    percent_sign: bool = True  # True: "81.4%"; False: "81.4 per cent" (N1 flips)
    max_sentence_words: int = 25  # L1


# --------------------------------------------------------------------------------------------
# Word lists (phrasebank/style.yml)
# --------------------------------------------------------------------------------------------

_WORD_ENTRY = re.compile(r"^[A-Za-z][A-Za-z'’ -]*[A-Za-z]$")
_ABBREVIATION = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def _word_list_re(words: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive whole-word pattern for a list of words or phrases."""
    alternatives = sorted({" ".join(w.lower().split()) for w in words}, key=len, reverse=True)
    body = "|".join(r"[\s-]+".join(re.escape(part) for part in re.split(r"[\s-]+", w)) for w in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body or '(?!)'})(?![\w-])", re.IGNORECASE)


def _expansion_re(expansion: str) -> str:
    """A loose pattern for an expansion: any case, hyphens/commas/spaces alike, "&" for "and",
    an optional plural "s"."""
    parts = [p for p in re.split(r"[\s,\-]+", expansion.strip()) if p]
    words = ["(?:and|&)" if p.lower() == "and" else re.escape(p) for p in parts]
    return r"(?i:" + r"[\s,\-]+".join(words) + r"(?:['’]?s)?)"


@dataclass(frozen=True)
class _AbbreviationPatterns:
    abbreviation: str
    expansion: str  # the first expansion, for the message
    use: re.Pattern[str]
    expanded: re.Pattern[str]


def _abbreviation_patterns(abbreviation: str, expansions: Sequence[str]) -> _AbbreviationPatterns:
    abbr = re.escape(abbreviation)
    plural = r"(?:s|['’]s)?"
    exp = "|".join(_expansion_re(e) for e in expansions) or "(?!)"
    use = re.compile(rf"(?<!\w){abbr}{plural}(?!\w)")
    expanded = re.compile(
        rf"(?<!\w)(?:{exp})[^\S\n]*\([^\S\n]*(?P<abbr>{abbr}){plural}[^\S\n]*\)"  # children in need (CIN)
        rf"|(?<!\w)(?P<first>{abbr}){plural}[^\S\n]*\([^\S\n]*(?:{exp})[^\S\n]*\)")  # CIN (children in need)
    return _AbbreviationPatterns(abbreviation, expansions[0] if expansions else abbreviation, use, expanded)


@dataclass(frozen=True)
class StyleData:
    """The word lists from phrasebank/style.yml, with their patterns compiled once."""

    banned_words: tuple[str, ...]
    significance_words: tuple[str, ...]
    us_to_uk: Mapping[str, str]
    allow_after: Mapping[str, tuple[str, ...]]
    abbreviations: Mapping[str, tuple[str, ...]]
    banned_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    significance_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    us_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    abbreviation_patterns: tuple[_AbbreviationPatterns, ...] = field(init=False, repr=False, compare=False)
    # a quick test before abbreviation_patterns: found wherever one of them may be used (it does not
    # look at the character before, which would keep re from scanning for the first letters)
    abbreviation_hint_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "banned_re", _word_list_re(self.banned_words))
        object.__setattr__(self, "significance_re", _word_list_re(self.significance_words))
        object.__setattr__(self, "us_re", _word_list_re(self.us_to_uk))
        object.__setattr__(self, "abbreviation_patterns", tuple(
            _abbreviation_patterns(a, e) for a, e in self.abbreviations.items()))
        object.__setattr__(self, "abbreviation_hint_re", abbreviation_hint(self.abbreviations) or re.compile("(?!)"))


def abbreviation_hint(abbreviations: Iterable[str]) -> re.Pattern[str] | None:
    """A quick test for where one of ``abbreviations`` may be used (each one's ``use`` pattern
    finds nothing where this does not); None for none."""
    names = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    return re.compile(rf"(?:{names})(?:s|['’]s)?(?!\w)") if names else None


_SECTIONS = ("version", "banned_words", "significance_words", "us_to_uk", "allow_after", "abbreviations")


def _words(chk: Checker, data: dict, key: str) -> tuple[str, ...]:
    if key not in data:
        chk.error(key, "missing")
        return ()
    raw = data[key]
    if not isinstance(raw, list):
        chk.error(key, "expected a list of words")
        return ()
    out: list[str] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        text = chk.text(item, f"{key}[{i}]")
        if text is None:
            continue
        if not _WORD_ENTRY.match(text):
            chk.error(f"{key}[{i}]", f"expected a word or phrase of letters, got {text!r}")
            continue
        if text.lower() in seen:
            chk.error(f"{key}[{i}]", f"duplicate word {text!r}")
            continue
        seen.add(text.lower())
        out.append(text)
    if not raw:
        chk.error(key, "expected at least one word")
    return tuple(out)


def _check(data: Any, chk: Checker) -> StyleData:
    data = chk.mapping(data, "")
    chk.unknown_keys(data, "", _SECTIONS)
    if "version" in data and data["version"] != 1:
        chk.error("version", f"expected 1, got {data['version']!r}")
    banned = _words(chk, data, "banned_words")
    significance = _words(chk, data, "significance_words")

    us_to_uk: dict[str, str] = {}
    if "us_to_uk" not in data:
        chk.error("us_to_uk", "missing")
    for us, uk in chk.mapping(data.get("us_to_uk", {}), "us_to_uk").items():
        key = f"us_to_uk.{us}"
        us_text = chk.text(us, key)
        uk_text = chk.text(uk, key)
        if us_text is None or uk_text is None:
            continue
        if not _WORD_ENTRY.match(us_text) or us_text != us_text.lower():
            chk.error(key, f"expected a US spelling in lower-case letters, got {us_text!r}")
        elif not _WORD_ENTRY.match(uk_text):
            chk.error(key, f"expected a British spelling in letters, got {uk_text!r}")
        elif uk_text.lower() == us_text:
            chk.error(key, "the British spelling is the same as the US one")
        else:
            us_to_uk[us_text] = uk_text

    allow_after: dict[str, tuple[str, ...]] = {}
    for us, words in chk.mapping(data.get("allow_after", {}), "allow_after").items():
        key = f"allow_after.{us}"
        if str(us) not in us_to_uk:
            chk.error(key, "not a US spelling listed in us_to_uk")
            continue
        allowed = chk.texts(words, key)
        if not allowed:
            chk.error(key, "expected at least one word")
        allow_after[str(us)] = tuple(w.lower() for w in allowed)

    abbreviations: dict[str, tuple[str, ...]] = {}
    if "abbreviations" not in data:
        chk.error("abbreviations", "missing")
    for abbr, expansions in chk.mapping(data.get("abbreviations", {}), "abbreviations").items():
        key = f"abbreviations.{abbr}"
        abbr_text = chk.text(abbr, key)
        if abbr_text is None:
            continue
        if not _ABBREVIATION.match(abbr_text):
            chk.error(key, f"expected an abbreviation of letters and digits, got {abbr_text!r}")
            continue
        texts = chk.texts(expansions, key)
        if not texts:
            chk.error(key, "expected at least one expansion")
            continue
        for i, text in enumerate(texts):
            if not re.search(r"[A-Za-z]", text) or text.strip() == abbr_text:
                chk.error(f"{key}[{i}]", f"expected the abbreviation written out, got {text!r}")
        abbreviations[abbr_text] = tuple(texts)
    return StyleData(banned, significance, us_to_uk, allow_after, abbreviations)


@lru_cache(maxsize=8)
def _load(path: Path) -> StyleData:
    return load_checked(path, _check)


def load_style_data(path: Path | None = None) -> StyleData:
    """The validated word lists (default phrasebank/style.yml); raises ConfigError listing every problem."""
    return _load(Path(path) if path is not None else DEFAULT.phrasebank / "style.yml")


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------

_LINE = re.compile(r"[^\n]*(?:\n|$)")
_BULLET = re.compile(r"[^\S\n]*(?:[-*•]|\d{1,2}[.)])[^\S\n]+(?=\S)")
_HEADING = re.compile(r"[^\S\n]*#{1,6}[^\S\n]+")
_TABLE_ROW = re.compile(r"[^\S\n]*\|")
_END = re.compile(r"[.!?]+[\"'”’)\]*_]*(?=\s)")
# Words after which a full stop does not end a sentence ("e.g.", "approx.", "Cllr.").
_NO_SPLIT = frozenset("""e.g eg i.e ie vs v approx c ca cf incl inc viz al mr mrs ms dr st cllr fig figs
    para paras ref refs jan feb mar apr jun jul aug sep sept oct nov dec""".split())
# ... and after which it does not end one when a figure follows ("No. 5" is N10's business; "p. 5").
_NO_SPLIT_BEFORE_DIGIT = frozenset({"no", "nos", "p", "pp"})
_OPENERS = frozenset("\"'“‘([*_£$€#")


def _segments(text: str) -> list[tuple[int, int]]:
    """Blocks of prose: split at blank lines, bullets and headings; table rows (``|`` or tabs) dropped."""
    segments: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for m in _LINE.finditer(text):
        if m.start() == len(text) and m.end() == m.start():
            break
        line_start, line_end = m.start(), m.end() - (1 if m.group().endswith("\n") else 0)
        line = text[line_start:line_end]
        if not line.strip() or _TABLE_ROW.match(line) or "\t" in line.strip():
            if start is not None:
                segments.append((start, end))
            start = None
            continue
        heading = _HEADING.match(line)
        bullet = None if heading else _BULLET.match(line)
        if heading or bullet or start is None:
            if start is not None:
                segments.append((start, end))
            marker = heading or bullet
            start = line_start + (marker.end() if marker else 0)
        end = line_end
        if heading:
            segments.append((start, end))
            start = None
    if start is not None:
        segments.append((start, end))
    return segments


def _ends_sentence(text: str, stop: re.Match[str], seg_end: int) -> bool:
    """Whether the full stop (or ! ?) in ``stop`` ends a sentence."""
    after = stop.end()
    while after < seg_end and text[after].isspace():
        after += 1
    if after >= seg_end:
        return False  # the segment's end splits anyway
    nxt = text[after]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False
    if text[stop.start()] != ".":
        return True
    word_start = stop.start()
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:stop.start()].lstrip("\"'“‘([*_").lower()
    if word in _NO_SPLIT:
        return False
    return not (word in _NO_SPLIT_BEFORE_DIGIT and nxt.isdigit())


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences (and bullets, and headings) in ``text``, bullet markers left out."""
    return _sentences(text, _segments(text))


def _sentences(text: str, segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for seg_start, seg_end in segments:
        start = seg_start
        for stop in _END.finditer(text, seg_start, seg_end):
            if _ends_sentence(text, stop, seg_end):
                span = _trim(text, start, stop.end())
                if span:
                    spans.append(span)
                start = stop.end()
        span = _trim(text, start, seg_end)
        if span:
            spans.append(span)
    return spans


_WORD = re.compile(r"[^\W_]")


_PER_CENT_WORDS = re.compile(r"\s+per\s+cent\b", re.IGNORECASE)


def _word_count(sentence: str) -> int:
    """Words in a sentence: whitespace-separated tokens holding a letter or digit (L1). "per cent"
    counts as "%" does (no word of its own), so a sentence is as long in either style profile."""
    sentence = _PER_CENT_WORDS.sub("%", sentence)
    return sum(1 for token in sentence.split() if _WORD.search(token))


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------

_NUM = r"(?<![\w.,])\d[\d,]*(?:\.\d+)?"  # a figure, from its first digit

# N1
_SPACE_PERCENT = re.compile(rf"{_NUM}\s+%")
_PER_CENT = re.compile(r"(?<![\w-])per[\s-]?cent(?![\w-])", re.IGNORECASE)
_PERCENT_ONE_WORD = re.compile(r"(?<![\w-])per-?cent(?![\w-])", re.IGNORECASE)
_DIGIT_PERCENT = re.compile(rf"{_NUM}\s*%")

# N2
_PERCENT_AGE = re.compile(r"%[^\S\n]?ages?\b", re.IGNORECASE)
_PERCENT_POINTS = re.compile(r"(?:%|(?<![\w-])per[\s-]?cent)[^\S\n]*(?:points?|pts?)\b", re.IGNORECASE)
_PP = re.compile(rf"({_NUM})[^\S\n]*(pp|p\.p\.|ppts?|pc[^\S\n]?pts?)(?!\w)", re.IGNORECASE)
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|zero"
_PERCENTAGE_POINT = re.compile(
    rf"(?:({_NUM})|(?<![\w-])({_NUMBER_WORDS}))[^\S\n]+percentage[\s-]+(points?)\b(?:[\s-]+([a-z]+))?",
    re.IGNORECASE)
_ONE = re.compile(r"1(?:\.0+)?")
# Nouns a singular "percentage point" may qualify: "a 3 percentage point rise".
_ATTRIBUTIVE = frozenset("""rise rises increase increases fall falls decrease decreases drop drops gap gaps
    difference differences change changes improvement improvements reduction reductions decline
    declines gain gains swing lead shift jump narrowing widening deterioration growth margin""".split())

# N3
_PERCENTAGE = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.(\d+))?[^\S\n]*(?:%|per[\s-]?cent\b)"
                         r"(?![^\S\n]*(?:age|points?|pts?)\b)", re.IGNORECASE)

# N4
_LEADING_POINT = re.compile(r"(?<![\w.,])\.\d+")

# N5
_LONG_NUMBER = re.compile(r"(?<![\d.,])(\d{4,})(\.\d+)?(?!\d)")
_SPACED_NUMBER = re.compile(r"(?<![\w.,])([1-9]\d{0,2})((?:[ \u00a0\u202f\u2009]\d{3})+)(?!\d|,\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_REF_BEFORE = re.compile(r"(?:\b(?:ref|reference|no|nos|number|code|id|tel|telephone|phone|case|urn|upn|"
                         r"account|invoice|po)\.?|#)[^\S\n]*[:#]?[^\S\n]*$", re.IGNORECASE)
_PERIOD_BEFORE = re.compile(r"(?<!\d)(?:19|20)\d\d[/\-–]$")
_LABEL_BEFORE = re.compile(r"\b(?:year|years|stage|quarter|section|tier|level|phase|step|q|ks|page|pages|"
                           r"table|figure|chart|item|annex|appendix|paragraph|para|ward)[^\S\n]+$", re.IGNORECASE)
_CODE_MARKS = frozenset("#_")
_PATH_MARKS = frozenset("-/")
_CURRENCY = frozenset("£$€")
_PERCENT_AFTER = re.compile(r"[^\S\n]*(?:%|per[\s-]?cent\b)", re.IGNORECASE)

# N6
_LEAD = "\"'“‘([*_"

# N7
_DASH = re.compile(r"(?<=\d)([^\S\n]*)[-‐‑‒–]([^\S\n]*)(?=\d)")
_TOKEN_CHARS = frozenset(".,/")
_DASHES = frozenset("-‐‑‒–")

# N8
_ORDINAL = re.compile(r"(?<![\w.,])([1-9])(st|nd|rd|th)\b", re.IGNORECASE)
_OUT_OF = re.compile(r"[^\S\n]+(?:out[^\S\n]+)?of[^\S\n]+(\d[\d,]*)")
_SUPERSCRIPT = re.compile(r"(?<![\w.,])\d+(?:ˢᵗ|ⁿᵈ|ʳᵈ|ᵗʰ|[^\S\n]*<sup>[^\S\n]*(?:st|nd|rd|th)[^\S\n]*</sup>|\^(?:st|nd|rd|th)\b)",
                          re.IGNORECASE)
_ORDINAL_WORDS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")

# N9
_ABBREVIATED_MULTIPLE = re.compile(
    rf"([£$€]?)({_NUM})([^\S\n]?)(k|K|m|M|mn|bn|Bn|BN|b|tn)(?![\w])")
_MULTIPLE_WORD = {"k": "thousand", "m": "million", "mn": "million", "bn": "billion", "b": "billion", "tn": "trillion"}
_MILLION = re.compile(rf"{_NUM}([^\S\n]*)(million|billion|trillion)\b", re.IGNORECASE)

# N10
_NO_NUMBER = re.compile(r"(?<![\w.])(?:[Nn]o|NO)\.(?=[^\S\n]*(?:[Oo]f\b|\d|[a-z]|\())"
                        r"|(?<![\w.])[Nn]os\b\.?|№")


def _v(text: str, rule: str, message: str, start: int, end: int) -> Violation:
    return Violation(rule, message, start, end, text[start:end])


def _with_commas(digits: str) -> str:
    """``1119`` -> ``1,119``, by string (no int(): any length works)."""
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def _n1(text: str, pos: int, endpos: int, profile: Any) -> list[Violation]:
    out = []
    if profile.percent_sign:
        for m in _SPACE_PERCENT.finditer(text, pos, endpos):
            out.append(_v(text, "N1", "no space before %: write "
                          f"'{m.group().split()[0]}%'", m.start(), m.end()))
        for m in _PER_CENT.finditer(text, pos, endpos):
            out.append(_v(text, "N1", "write % with figures, not 'per cent' or 'percent'", m.start(), m.end()))
    else:
        for m in _DIGIT_PERCENT.finditer(text, pos, endpos):
            figure = m.group().rstrip("%").strip()
            out.append(_v(text, "N1", f"write '{figure} per cent', not %", m.start(), m.end()))
        for m in _PERCENT_ONE_WORD.finditer(text, pos, endpos):
            out.append(_v(text, "N1", "write 'per cent' as two words", m.start(), m.end()))
    return out


def _n2(text: str, pos: int, endpos: int) -> list[Violation]:
    out = []
    for m in _PERCENT_AGE.finditer(text, pos, endpos):
        out.append(_v(text, "N2", "write 'percentage', not '%age'", m.start(), m.end()))
    for m in _PERCENT_POINTS.finditer(text, pos, endpos):
        out.append(_v(text, "N2", "a difference of percentages is in 'percentage points'", m.start(), m.end()))
    for m in _PP.finditer(text, pos, endpos):
        out.append(_v(text, "N2", f"write '{m.group(1)} percentage points', not '{m.group(2)}'",
                      m.start(), m.end()))
    for m in _PERCENTAGE_POINT.finditer(text, pos, endpos):
        figure, word, points, following = m.group(1), m.group(2), m.group(3), m.group(4)
        is_one = bool(_ONE.fullmatch(figure)) if figure else word.lower() == "one"
        plural = points.lower().endswith("s")
        end = m.end(3)
        if is_one and plural:
            out.append(_v(text, "N2", "exactly 1 takes the singular: '1 percentage point'", m.start(), end))
        elif not is_one and not plural and (following or "").lower() not in _ATTRIBUTIVE:
            out.append(_v(text, "N2", f"write '{figure or word} percentage points' (plural for any "
                          "figure but 1)", m.start(), end))
    return out


def _n3(text: str, start: int, end: int) -> list[Violation]:
    found = [(m, len(m.group(1) or "")) for m in _PERCENTAGE.finditer(text, start, end)]
    if len({places for _, places in found}) < 2:
        return []
    first = found[0][1]
    m, places = next((m, p) for m, p in found if p != first)

    def dp(n: int) -> str:
        return f"{n} decimal place" + ("" if n == 1 else "s")

    return [_v(text, "N3", f"percentages in one sentence should share decimal places: this has "
               f"{dp(places)}, an earlier one {dp(first)}", m.start(), m.end())]


def _n4(text: str, pos: int, endpos: int) -> list[Violation]:
    return [_v(text, "N4", f"write a leading zero: '0{m.group()}'", m.start(), m.end())
            for m in _LEADING_POINT.finditer(text, pos, endpos)]


def _n5(text: str, pos: int, endpos: int) -> list[Violation]:
    out = []
    for m in _LONG_NUMBER.finditer(text, pos, endpos):
        digits, decimals = m.group(1), m.group(2) or ""
        s, e = m.start(), m.end()
        before = text[s - 1] if s else " "
        after = text[e] if e < len(text) else " "
        if before.isalpha() or after.isalpha() or before in _CODE_MARKS or after == "_" or digits[0] == "0":
            continue  # a code (NI1360, 1990s) or an identifier with a leading zero (phone numbers)
        if before in _PATH_MARKS and s >= 2 and text[s - 2].isalpha():
            continue  # ref-12345, gov.uk/12345
        if (len(digits) == 4 and not decimals and _YEAR.fullmatch(digits) and before not in _CURRENCY
                and not _PERCENT_AFTER.match(text, e)):
            continue  # a year
        if len(digits) == 4 and _PERIOD_BEFORE.search(text, max(0, s - 5), s):
            continue  # second half of 2023/2024
        if _REF_BEFORE.search(text, max(0, s - 20), s):
            continue  # ref 12345, case no. 20231
        out.append(_v(text, "N5", f"use comma separators: '{_with_commas(digits)}{decimals}'", s, e))
    for m in _SPACED_NUMBER.finditer(text, pos, endpos):
        if _LABEL_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue  # "Year 6 100 pupils": two figures, not one
        if len(m.group(2).split()) > 3:
            continue  # "802 811 826 830 841": a list of figures, not one over a billion
        fixed = m.group(1) + "," + ",".join(m.group(2).split())
        out.append(_v(text, "N5", f"use commas, not spaces, as thousands separators: '{fixed}'",
                      m.start(), m.end()))
    return out


def _n6(text: str, start: int, end: int) -> list[Violation]:
    i = start
    while i < end and text[i] in _LEAD:
        i += 1
    if i < end and text[i] in _CURRENCY:
        i += 1
    if i >= end or not text[i].isdigit():
        return []
    j = i
    while j < end and not text[j].isspace():
        j += 1
    return [_v(text, "N6", "a sentence or bullet should not start with a numeral; start with a word",
               start, j)]


def _token_left(text: str, i: int) -> int:
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in _TOKEN_CHARS):
        i -= 1
    return i


def _token_right(text: str, i: int) -> int:
    n = len(text)
    while i < n and (text[i].isalnum() or text[i] in _TOKEN_CHARS):
        i += 1
    while i > 0 and text[i - 1] in ".,":
        i -= 1
    return i


def _is_period(left: str, right: str) -> bool:
    """2023-24, 2023-2024, 1999-00: consecutive years."""
    if not (len(left) == 4 and _YEAR.fullmatch(left)):
        return False
    if len(right) == 2 and right.isdigit():
        return int(right) == (int(left) + 1) % 100
    return len(right) == 4 and right.isdigit() and int(right) == int(left) + 1


def _n7(text: str, pos: int, endpos: int) -> list[Violation]:
    out = []
    for m in _DASH.finditer(text, pos, endpos):
        spaced = bool(m.group(1) or m.group(2))
        left_start = _token_left(text, m.start())
        right_end = _token_right(text, m.end())
        left, right = text[left_start:m.start()], text[m.end():right_end]
        if any(ch.isalpha() for ch in left) or _is_period(left, right):
            continue  # a code (CIN4-5) or a period (2023-24)
        if not spaced:
            before = text[left_start - 1] if left_start else " "
            after = text[right_end] if right_end < len(text) else " "
            if (before in _DASHES and left_start >= 2 and text[left_start - 2].isdigit()) or (
                    after in _DASHES and right_end + 1 < len(text) and text[right_end + 1].isdigit()):
                continue  # a chain: 2023-11-28, 0151-934-2078
            if left.startswith("0") and len(left) >= 3:
                continue  # a phone number or identifier
        elif "/" in left or "/" in right:
            continue  # "2023/24 - 1,119 children": a dash used as punctuation
        message = f"write ranges with 'to': '{left} to {right}'"
        if len(left) == len(right) == 2 and left.isdigit() and right.isdigit() and int(right) == int(left) + 1:
            message += f"; if this is a year, write it in full: '20{left}/{right}'"
        out.append(_v(text, "N7", message, left_start, right_end))
    return out


def _n8(text: str, pos: int, endpos: int) -> list[Violation]:
    out = []
    for m in _ORDINAL.finditer(text, pos, endpos):
        out_of = _OUT_OF.match(text, m.end())
        if out_of and len(out_of.group(1).replace(",", "").lstrip("0")) >= 2:
            continue  # "6th out of 12" follows the higher number
        out.append(_v(text, "N8", f"write '{_ORDINAL_WORDS[int(m.group(1))]}' in words", m.start(), m.end()))
    for m in _SUPERSCRIPT.finditer(text, pos, endpos):
        out.append(_v(text, "N8", "no superscript ordinals", m.start(), m.end()))
    return out


def _n9(text: str, pos: int, endpos: int) -> list[Violation]:
    out = []
    for m in _ABBREVIATED_MULTIPLE.finditer(text, pos, endpos):
        currency, figure, space, unit = m.groups()
        if (space or unit == "b") and not currency:
            continue  # "5 m" may be metres; "Year 5b" is a class
        if unit.lower() == "k":
            suggestion = currency + _thousands(figure)
        else:
            suggestion = f"{currency}{figure} {_MULTIPLE_WORD[unit.lower()]}"
        out.append(_v(text, "N9", f"no abbreviation after a figure: write '{suggestion}' (or the unit "
                      f"in full), not '{unit}'", m.start(), m.end()))
    for m in _MILLION.finditer(text, pos, endpos):
        space, word = m.group(1), m.group(2)
        if word != word.lower():
            out.append(_v(text, "N9", f"'{word.lower()}' is lower case", m.start(), m.end()))
        elif not space:
            out.append(_v(text, "N9", f"put a space before '{word}'", m.start(), m.end()))
    return out


def _thousands(figure: str) -> str:
    """``10`` -> ``10,000``, ``2.5`` -> ``2,500``: a figure written with "k", in full."""
    try:
        return format((Decimal(figure.replace(",", "")) * 1000).normalize(), ",f")
    except (InvalidOperation, ValueError):
        return f"{figure} thousand"


def _n10(text: str, pos: int, endpos: int) -> list[Violation]:
    return [_v(text, "N10", "write 'number', not 'No.' or 'nos'", m.start(), m.end())
            for m in _NO_NUMBER.finditer(text, pos, endpos)]


def _l1(text: str, start: int, end: int, limit: int) -> list[Violation]:
    words = _word_count(text[start:end])
    if words <= limit:
        return []
    return [_v(text, "L1", f"sentence has {words} words; keep to {limit} or fewer", start, end)]


def _l3(text: str, pos: int, endpos: int, data: StyleData) -> list[Violation]:
    return [_v(text, "L3", f"'{m.group()}' implies a significance test; use 'large', 'notable' or "
               "the figure", m.start(), m.end()) for m in data.significance_re.finditer(text, pos, endpos)]


def _l4(text: str, pos: int, endpos: int, data: StyleData) -> list[Violation]:
    return [_v(text, "L4", f"'{m.group()}' is emotive; say what changed and by how much",
               m.start(), m.end()) for m in data.banned_re.finditer(text, pos, endpos)]


_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)[\s-]+$")


def _same_case(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _l11(text: str, pos: int, endpos: int, data: StyleData) -> list[Violation]:
    out = []
    for m in data.us_re.finditer(text, pos, endpos):
        us = m.group()
        key = " ".join(us.lower().split())
        allowed = data.allow_after.get(key)
        if allowed:
            previous = _PREVIOUS_WORD.search(text, max(0, m.start() - 40), m.start())
            if previous and previous.group(1).lower() in allowed:
                continue
        uk = data.us_to_uk.get(key)
        if uk:
            out.append(_v(text, "L11", f"British spelling: '{_same_case(us, uk)}'", m.start(), m.end()))
    return out


def _l6(text: str, spans: list[tuple[int, int]]) -> list[Violation]:
    if len(spans) == 1:
        return []
    if not spans:
        return [Violation("L6", "a headline is one sentence; this has none", 0, len(text), text)]
    return [_v(text, "L6", f"a headline is one sentence making one point; this has {len(spans)}",
               spans[1][0], spans[-1][1])]


def check(text: str, profile: StyleProfile = StyleProfile(), *, headline: bool = False,
          significance_tested: bool = False) -> list[Violation]:
    """Every testable style rule over ``text``; the violations in text order.

    ``profile`` may be any object with ``percent_sign`` and ``max_sentence_words`` (the
    realiser's profiles too). ``significance_tested=True`` allows the L3 words.
    """
    data = load_style_data()
    segments = _segments(text)
    found: list[Violation] = []
    for pos, endpos in segments:
        found += _n1(text, pos, endpos, profile)
        found += _n2(text, pos, endpos)
        found += _n4(text, pos, endpos)
        found += _n5(text, pos, endpos)
        found += _n7(text, pos, endpos)
        found += _n8(text, pos, endpos)
        found += _n9(text, pos, endpos)
        found += _n10(text, pos, endpos)
        if not significance_tested:
            found += _l3(text, pos, endpos, data)
        found += _l4(text, pos, endpos, data)
        found += _l11(text, pos, endpos, data)
    spans = _sentences(text, segments)
    for start, end in spans:
        found += _n3(text, start, end)
        found += _n6(text, start, end)
        found += _l1(text, start, end, profile.max_sentence_words)
    if headline:
        found += _l6(text, spans)
    found.sort(key=lambda v: (v.start, v.end, v.rule))
    return found


def unexpanded_abbreviations(text: str, abbreviations: Mapping[str, str | Sequence[str]] | None = None
                             ) -> list[Violation]:
    """L2: abbreviations whose first use is not written out as "expansion (ABBR)"; in text order.

    ``abbreviations`` maps each abbreviation to its expansion (or a list of them); by default
    the list in phrasebank/style.yml.
    """
    if abbreviations is None:
        patterns: Iterable[_AbbreviationPatterns] = load_style_data().abbreviation_patterns
    else:
        patterns = [_abbreviation_patterns(a, [e] if isinstance(e, str) else list(e))
                    for a, e in abbreviations.items()]
    out = []
    for p in patterns:
        first = p.use.search(text)
        if first is None:
            continue
        expanded = any((m.start("abbr") if m.group("abbr") is not None else m.start("first")) == first.start()
                       for m in p.expanded.finditer(text))
        if not expanded:
            out.append(_v(text, "L2", f"'{p.abbreviation}' is not written out on first use: write "
                          f"'{p.expansion} ({p.abbreviation})'", first.start(), first.end()))
    out.sort(key=lambda v: (v.start, v.end))
    return out
