"""Reverse mode, stage 1: the figures in a narrative, with value, unit, role, period and measure.

A spaCy pipeline on ``spacy.blank("en")`` (no trained model) with three rule components, run in
this order so that each sees what the earlier ones claimed:

1. ``narrator_periods``: periods (``2023/24``, ``2022-23``, ``Q3 23/24``, ``Quarter 4``,
   ``March 2024``, ``year to date``, ``as at the end of September``, bare years) into
   ``doc.spans["periods"]``; nothing inside a period is ever a figure.
2. ``narrator_identifiers``: numbers that name things (``section 47``, ``S47``, ``NI136``,
   ``Year 6``, ``Key Stage 2``, ``Covid 19``, codes such as ``CIN4``, dates such as ``31 March``)
   into ``doc.spans["identifiers"]``, using a spaCy ``PhraseMatcher`` on the cue words in
   ``phrasebank/extract.yml`` and patterns for codes.
3. ``narrator_figures``: numbers (separators, decimals, signs, ``£`` and ``m``/``k``/``bn``, number
   and proportion words), their units (``%``, ``per cent``, ``per 10,000``, days, weeks...) and
   fractions (``81.4% (1,119 / 1,374)``, ``41 out of 104``, ``9 (75%) of the 12``, ``82% (3,045)``)
   into ``doc.user_data["figures"]``; then each figure's role from the cue words around it, its period
   and its measure.

Offsets (``start``/``end``) are character offsets into the text given (for a ``.txt`` file, the
file's text after newline normalisation).
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .periods import MONTHS, parse_period
from .phrasebank import Checker, load_checked
from .settings import DEFAULT, Settings

UNITS = ("percent", "count", "rate_per_10k", "rate_per_1000", "rate_per_100k", "days", "weeks", "months", "years",
         "currency_gbp", "ratio", "other")
ROLES = ("actual", "target", "previous", "comparator", "threshold", "change", "part_of_definition")
ROLE_ORDER = ("change", "target", "threshold", "part_of_definition", "comparator", "previous")


class ExtractedFigure(NamedTuple):
    """One figure. Immutable like the stage's frozen dataclasses, but a named tuple: a long
    narrative has tens of thousands of figures and a tuple is built ten times faster."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    role: str
    period: str | None  # as written
    period_normalised: str | None  # narrator's label ("2023/24", "September 2023")
    comparator: str | None
    measure: str
    sentence: str
    numerator: int | None = None  # index (in the extraction's figures) of this figure's numerator
    denominator: int | None = None
    part_of: int | None = None  # for a numerator or denominator: the index of its percentage

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "unit": self.unit,
                "role": self.role, "period": self.period, "period_normalised": self.period_normalised,
                "comparator": self.comparator, "measure": self.measure, "numerator": self.numerator,
                "denominator": self.denominator, "part_of": self.part_of, "sentence": self.sentence}


@dataclass(frozen=True, slots=True)
class Extraction:
    source: str
    text: str
    figures: tuple[ExtractedFigure, ...]
    periods: tuple[tuple[int, int, str], ...] = field(default=())

    def figures_json(self) -> list[dict[str, Any]]:
        """Each figure's :meth:`ExtractedFigure.to_json`, but a sentence of more than
        ``SHOWN_SENTENCE_CHARS`` (a table read as text, a list with no full stop) given as the words
        round the figure, so the output does not repeat a long passage for each of its figures."""
        return list(self.iter_figures_json())

    def iter_figures_json(self) -> Iterator[dict[str, Any]]:
        """:meth:`figures_json` one figure at a time."""
        starts: dict[int, int] = {}
        for f in self.figures:
            data = f.to_json()
            if len(f.sentence) > SHOWN_SENTENCE_CHARS:
                data["sentence"] = _round_the_figure(self.text, f, starts)
            yield data


SHOWN_SENTENCE_CHARS = 1_000
_SHOWN_EACH_SIDE = 300


def _round_the_figure(text: str, f: ExtractedFigure, starts: dict[int, int]) -> str:
    """Up to ``_SHOWN_EACH_SIDE`` characters of the figure's sentence either side of it, cut at
    spaces, with "…" where the sentence goes on (``starts``: where each long sentence was found)."""
    sentence = f.sentence
    begin = starts.get(id(sentence))
    if begin is None or not begin <= f.start < begin + len(sentence):
        begin = text.find(sentence, max(0, f.end - len(sentence)))
        starts[id(sentence)] = begin
    if begin == -1:  # (not found: cannot happen for an extraction of this text)
        return sentence[:SHOWN_SENTENCE_CHARS]
    end = begin + len(sentence)
    lo, hi = max(begin, f.start - _SHOWN_EACH_SIDE), min(end, f.end + _SHOWN_EACH_SIDE)
    if lo > begin:
        space = text.find(" ", lo, f.start)
        lo = space + 1 if space != -1 else lo
    if hi < end:
        space = text.rfind(" ", f.end, hi)
        hi = space if space != -1 else hi
    return ("…" if lo > begin else "") + text[lo:hi].strip() + ("…" if hi < end else "")


# ---------------------------------------------------------------------------------------------
# Cue words (phrasebank/extract.yml)


@dataclass(frozen=True)
class Cues:
    number_words: dict[str, float]
    ratio_words: dict[str, float]
    units_after: tuple[tuple[str, str], ...]  # (phrase, unit), longest first
    role_before: dict[str, tuple[str, ...]]
    role_after: dict[str, tuple[str, ...]]
    identifiers_before: frozenset[str]
    months_after: frozenset[str]
    direction_words: dict[str, frozenset[str]]
    direction_basis: tuple[str, ...]  # a change said against its own basis ("rose on the month")
    target_words: dict[str, tuple[str, ...]]
    measure_words: dict[str, tuple[str, ...]]  # MEASURE_LISTS: the words that find a figure's measure


def _check(data: Any, chk: Checker) -> Cues:
    data = chk.mapping(data, "")
    chk.unknown_keys(data, "", {"version", "number_words", "ratio_words", "units_after", "roles",
                                "identifiers_before", "months_after", "direction_words", "direction_basis", "target_words",
                                "measures"})

    def numbers_of(key: str) -> dict[str, float]:
        out = {}
        for word, value in chk.mapping(data.get(key, {}), key).items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[str(word).lower()] = float(value)
            else:
                chk.error(f"{key}.{word}", f"expected a number, got {value!r}")
        return out

    units: list[tuple[str, str]] = []
    for unit, phrases in chk.mapping(data.get("units_after", {}), "units_after").items():
        if unit not in UNITS and unit != "hours":
            chk.error(f"units_after.{unit}", f"not a unit; expected one of {', '.join(UNITS)}")
        for phrase in chk.texts(phrases, f"units_after.{unit}"):
            units.append((phrase.lower(), unit))
    units.sort(key=lambda pu: -len(pu[0]))
    before: dict[str, tuple[str, ...]] = {}
    after: dict[str, tuple[str, ...]] = {}
    for role, spec in chk.mapping(data.get("roles", {}), "roles").items():
        if role not in ROLES:
            chk.error(f"roles.{role}", f"not a role; expected one of {', '.join(ROLES)}")
            continue
        spec = chk.mapping(spec, f"roles.{role}")
        chk.unknown_keys(spec, f"roles.{role}", {"before", "after"})
        before[role] = tuple(sorted((p.lower() for p in chk.texts(spec.get("before", []), f"roles.{role}.before")),
                                    key=len, reverse=True))
        after[role] = tuple(sorted((p.lower() for p in chk.texts(spec.get("after", []), f"roles.{role}.after")),
                                   key=len, reverse=True))
    directions = {k: frozenset(w.lower() for w in chk.texts(v, f"direction_words.{k}"))
                  for k, v in chk.mapping(data.get("direction_words", {}), "direction_words").items()}
    targets = {k: tuple(w.lower() for w in chk.texts(v, f"target_words.{k}"))
               for k, v in chk.mapping(data.get("target_words", {}), "target_words").items()}
    measures = chk.mapping(data.get("measures", {}), "measures")
    chk.unknown_keys(measures, "measures", set(MEASURE_LISTS))
    measure_words = {key: tuple(" ".join(w.lower().split()) for w in chk.texts(measures.get(key, []),
                                                                                f"measures.{key}"))
                     for key in MEASURE_LISTS}
    return Cues(numbers_of("number_words"), numbers_of("ratio_words"), tuple(units), before, after,
                frozenset(w.lower() for w in chk.texts(data.get("identifiers_before", []), "identifiers_before")),
                frozenset(w.lower() for w in chk.texts(data.get("months_after", []), "months_after")),
                directions, tuple(" ".join(w.lower().split()) for w in chk.texts(data.get("direction_basis", []),
                                                                                  "direction_basis")),
                targets, measure_words)


# the lists under `measures` in extract.yml
MEASURE_LISTS = ("verbs", "leading", "pointers", "existential", "stops", "auxiliaries", "trailing", "asides")


@lru_cache(maxsize=4)
def _load(path: Path) -> Cues:
    return load_checked(path, _check)


def _remembered(cache: dict[int, tuple[Any, Any]], owner: Any, make) -> Any:
    """``make(owner)``, worked out once per object. Looked up by ``id``, which is quicker than
    hashing a dataclass of paths; the entry keeps ``owner`` alive, so its id is not reused while the
    entry stands."""
    found = cache.get(id(owner))
    if found is None or found[0] is not owner:
        found = cache[id(owner)] = (owner, make(owner))
    return found[1]


_CUES_FOR: dict[int, tuple[Settings, Cues]] = {}


def load_cues(settings: Settings = DEFAULT) -> Cues:
    return _remembered(_CUES_FOR, settings, lambda s: _load(s.phrasebank / "extract.yml"))


# ---------------------------------------------------------------------------------------------
# Patterns

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_SPLIT_YEAR = r"(?:19|20)\d{2}\s?[/\-–]\s?(?:(?:19|20)\d{2}|\d{2})(?!\d)"
_SHORT_SPLIT = r"(?<![\d.,£])\d{2}/\d{2}(?![\d/%])"
PERIOD_RE = re.compile(
    rf"(?:\b(?:q[1-4]|quarter\s(?:one|two|three|four|[1-4]))(?:\s(?:of\s)?(?:{_SPLIT_YEAR}|\d{{2}}/\d{{2}}|(?:19|20)\d{{2}}))?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s(?:{_MONTHS})\.?\s(?:19|20)\d{{2}}\b"  # a date: "31 March 2024"
    rf"|\b\d{{1,2}}/\d{{1,2}}/(?:(?:19|20)\d{{2}}|\d{{2}})(?![\d/])"  # a date in figures: "31/03/2024", "5/3/24"
    rf"|\b\d{{1,2}}([.-])\d{{1,2}}\1(?:19|20)\d{{2}}(?![\d.-]\d)"  # "31.03.2024", "31-03-2024"
    rf"|\byear\s(?:end(?:ing|ed)?|to)\s(?:the\send\sof\s)?(?:{_MONTHS})\.?\s(?:19|20)\d{{2}}\b"  # "year ending June 2023"
    rf"|\b(?:{_MONTHS})\.?\s(?:to|-|–)\s(?:{_MONTHS})\.?\s(?:19|20)\d{{2}}\b"  # "July to September 2021"
    rf"|\bbetween\s(?:{_MONTHS})\.?\sand\s(?:{_MONTHS})\.?\s(?:19|20)\d{{2}}\b"  # "between April and October 2023"
    rf"|\b(?:{_MONTHS})\.?\s(?:19|20)\d{{2}}\b"
    rf"|\b(?:autumn|spring|summer)\sterm\s(?:of\s)?(?:{_SPLIT_YEAR}|(?:19|20)\d{{2}}\b)"  # a school term
    rf"|\b(?:{_MONTHS})[\-\s]\d{{2}}\b(?!\d)"
    rf"|\b(?:financial\s|fy\s?|year\s(?:end(?:ing)?\s)?)?{_SPLIT_YEAR}"
    rf"|{_SHORT_SPLIT}"
    rf"|\byear[\s-]to[\s-]date\b|\bytd\b"
    rf"|\b(?:rolling\s)?(?:\d{{1,2}}|three|six|twelve|two)[\s-]months?\s(?:to|ending)\s(?:the\send\sof\s)?(?:{_MONTHS})(?:\s(?:19|20)\d{{2}})?"
    rf"|\b(?:\d{{1,2}}|two|three|four|five)\syears?\s(?:to|ending)\s(?:the\send\sof\s)?(?:{_MONTHS})(?:\s(?:19|20)\d{{2}})?"
    rf"|\brolling\s(?:\d{{1,2}}|three|six|twelve)[\s-]months?\b|\b(?:\d{{1,2}}|three|six|twelve)[\s-]months?\srolling\b"
    rf"|\b(?:the\s)?(?:last|past|previous)\s(?:\d{{1,2}}|two|three|four|five|six|twelve)\s(?:years?|months?|quarters?|weeks?)\b"
    rf"|\b(?:first|second)\shalf\sof\s(?:the|this|last|next)\s(?:year|quarter)\b"
    rf"|\bas\sat\s(?:the\s)?end\sof\s(?:{_MONTHS})(?:\s(?:19|20)\d{{2}})?"
    rf"|(?<![\d.,£/])\b(?:19|20)\d{{2}}\b(?![\d/%.,]\d))",
    re.IGNORECASE)

_PERIOD_LOWER = re.compile(PERIOD_RE.pattern)  # the same, run on lower-cased text (faster than IGNORECASE)
_PERIOD_WORDS = ("q[1-4]", "quarter", "year", "ytd", "as at", "rolling", "last", "past", "previous", "first", "second",
                 "between",
                 "the (?:last|past|previous)", "financial", "fy", *_MONTHS.split("|"), "two", "three", "four", "five",
                 "six", "twelve", "autumn", "spring", "summer")


def _by_first_letter(words: tuple[str, ...]) -> str:
    """``words`` as one alternation grouped by first letter ("q[1-4]|quarter|year" as
    "q(?:[1-4]|uarter)|y(?:ear)"), the order within a letter kept: the same matches, but the regex
    engine rules out a letter's words with one test rather than one per word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


# Where a period can start: PERIOD_RE is tried only at these places (a number only when it is a
# year, "23/24", "12 months" / "3 years", or a day before a month). The character before the place (not a letter or
# digit) is consumed, which lets the engine skip to such characters; every word here ends with a
# letter or digit, so consuming it never hides the next place. Run on " " + the lower-cased text.
_PERIOD_START = re.compile(r"[^a-z0-9](?=[0-9qyarlpfstjmondb])(?:(?=(?:19|20)\d\d|\d\d/\d|\d{1,2}[/.-]\d{1,2}[/.-]\d|\d{1,2}[\s-](?:month|year)|\d{1,2}(?:st|nd|rd|th)?\s(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))\d|"
                           + _by_first_letter(_PERIOD_WORDS) + ")")


def find_periods(text: str, lower: str | None = None) -> list[tuple[int, int, str]]:
    """Every period in ``text`` as (start, end, as written), left to right, not overlapping
    (``lower``: ``text.lower()``, when the caller has it already)."""
    lower = text.lower() if lower is None else lower
    if len(lower) != len(text):  # a character whose lower case is longer: no shortcut
        return [(m.start(), m.end(), m.group(0)) for m in PERIOD_RE.finditer(text)]
    out, last = [], -1
    for candidate in _PERIOD_START.finditer(" " + lower):
        start = candidate.start()  # in ``lower``: one on for the character consumed, one back for the " "
        if start < last:
            continue
        m = _PERIOD_LOWER.match(lower, start)
        if m and m.end() > start:
            out.append((start, m.end(), text[start:m.end()]))
            last = m.end()
    return out


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
NUMBER_RE = re.compile(
    rf"(?=[-−+£\d.])(?P<sign>[-−+])?(?P<cur>£)?(?P<num>{_NUM})(?P<frac>[½¼¾⅓⅔])?(?P<mult>\s?(?:bn|billion|million|m|k)\b)?(?P<pct>\s?%)?",
    re.IGNORECASE)
# Several patterns here start by consuming their first character and then look behind for the word
# boundary ("[A-Z](?<!\w[A-Z])" rather than "\b[A-Z]"): a pattern that opens with a character, a set
# or a literal lets the regex engine skip ahead to where it can match, one that opens with an
# assertion is tried at every position of the text, which costs several times as much. The matches
# are the same.
# "\b[A-Z]{1,5}\d+[a-z]?\b", "\b[A-Z]+\d+[A-Z]+\d*\b", "\bS\.?\s?47s?\b", from their second character
CODE_RE = re.compile(r"[A-Z](?<!\w[A-Z])(?:[A-Z]{0,4}\d+[a-z]?|[A-Z]*\d+[A-Z]+\d*|(?<=S)\.?\s?47s?)\b")
COVID_RE = re.compile(r"(?=[cC])\bcovid[\s-]?19\b", re.IGNORECASE)
# a time of day, with its seconds or its zone ("11:52:03", "2:30 pm"), names no figure; a ratio ("1:18")
# does. (Looked for only where ":" and two digits follow a digit, _TIME_LEAD.)
TIME_RE = re.compile(r"\d(?<![\d.]\d)\d?:\d\d(?::\d\d(?!\d)|\s?(?:am|pm|utc|gmt|bst)\b)", re.IGNORECASE)
_TIME_LEAD = re.compile(r":\d\d")
# a number of two parts after a cue word names a thing ("section 4.2", "table 3.1"); one of three parts
# or more ("3.2.1", "192.168.1.2") is never a figure (see _find_figures)
_DOTTED_NUMBER = re.compile(r"\d+(?:\.\d+)+")
ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
# A sentence ends at white space after ".", "!" or "?" before a capital, a digit or an opening mark; at a
# blank line; before a bullet; before a short heading line. (Every ending starts with a white-space
# character, consumed first and then looked behind at.)
SENTENCE_END = re.compile(r"\s(?:(?<=[.!?]\s)\s*(?=[A-Z0-9(\"'“£])|(?<=\n)\s*\n|(?<=\n)(?=\s*[-•*]\s)|(?<=\n)(?=[A-Z][^\n]{0,80}\n))")
CLAUSE_BREAK = re.compile(r"[;:]|,\s(?=(?:and|but|while|whilst|which|with|against|compared)\b)|\s(?:and|but|while|whilst)\s|, ")
# "per 10,000" in any case, spelt out rather than with re.IGNORECASE (under which the engine cannot skip
# ahead to a "p"); "\u212a" is the Kelvin sign, which IGNORECASE takes for a "k"
RATE_BASE_RE = re.compile(r"[pP](?<!\w[pP])[eE][rR]\s(?:10,?000|1,?000|100,?000|10[kK\u212a]|100[kK\u212a]|1[kK\u212a])\b")

FRACTION_PATTERNS = [
    # 81.4% (1,119 / 1,374)  or 81.4% (1,119 out of 1,374)
    ("pct_paren_fraction", re.compile(
        rf"(?=[\d.])(?P<p>{_NUM})\s?(?:%|per\s?cent)\s?\(\s?(?P<n>{_NUM})\s?(?:/|out of|of)\s?(?P<d>{_NUM})\s?\)", re.I)),
    # 9 (75%) of the 12
    ("count_paren_pct_of", re.compile(
        rf"(?=[\d.])(?P<n>{_NUM})\s?\(\s?(?P<p>{_NUM})\s?(?:%|per\s?cent)\s?\)\s?(?:out\s)?of\s(?:the\s|all\s)?(?P<d>{_NUM})", re.I)),
    # 82% (3,045)
    ("pct_paren_count", re.compile(rf"(?=[\d.])(?P<p>{_NUM})\s?(?:%|per\s?cent)\s?\(\s?(?P<n>{_NUM})\s?\)", re.I)),
    # 41 out of 104 ; 41 of the 104 ; 41/104
    ("count_out_of", re.compile(
        rf"(?=[\d.])(?<![\d.,/])(?P<n>{_NUM})\s?(?:out\sof|of\sthe|/)\s?(?P<d>{_NUM})(?![\d/%]|\s?(?:%|per\s?cent))", re.I)),
]


# Where a fraction pattern can start: the first digit of a run of digits, followed by the rest of a
# number and then what the fraction patterns need straight after their first number, named by the
# group that matches: "%" or "per cent" then "(" (pct), "(" (paren), "out of", "of the" or "/" (of).
# (Written from the second character so that the scan can skip to digits; the "per cent", "out of"
# and "of the" of the patterns ignore case.) A number can end before any of these at only one place
# (any other end is followed by a digit, "," or "."), so one start leads into one kind of pattern.
_FRACTION_LEAD = re.compile(
    r"\d(?<!\d\d)(?=(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"
    r"\s?(?:(?P<pct>(?:%|(?i:per\s?cent))\s?\()|(?P<paren>\()|(?P<of>(?i:out\sof|of\sthe)|/)))")
_FRACTION_LEAD_OF = {"pct_paren_fraction": "pct", "count_paren_pct_of": "paren", "pct_paren_count": "pct",
                     "count_out_of": "of"}


def _fraction_starts(text: str) -> dict[str, list[int]]:
    """Every place a fraction pattern could start: where a run of digits (or ".5") begins with a
    bracket, slash or "of" not far after it, by what follows the number (_FRACTION_LEAD). Only runs
    that _FRACTION_LEAD passes are looked at: no fraction pattern matches at the others (nor at
    the "." before them), nor a pattern of another kind."""
    out: dict[str, list[int]] = {"pct": [], "paren": [], "of": []}
    for m in _FRACTION_LEAD.finditer(text):
        start = m.start()
        window = text[start:start + 40]
        if "(" in window or "/" in window or "of" in window:
            starts = out[m.lastgroup]
            if start and text[start - 1] == ".":
                starts.append(start - 1)
            starts.append(start)
    return out


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]):
    """``pattern.finditer(text)`` when the pattern can only start at ``starts`` (ascending)."""
    last = -1
    for start in starts:
        if start >= last:
            m = pattern.match(text, start)
            if m is not None:
                last = m.end()
                yield m


_GLUED = re.compile(r"[a-z]+", re.I)
# compiled once rather than looked up in re's cache for every figure
_PER_CENT = re.compile(r"\s?per\s?cent", re.I)
_WORD_AFTER = re.compile(r"\s+[a-z]")  # "three children", not "three." or "three 3"
# a count in words that ends a clause ("fell from six to two.", "lost five,", "Only four (22%)")
_STOP_AFTER = re.compile(r"[.,;:](?:\s|$)|\s\(\d")
# "one" as a pronoun: "the only one", "this one", "each one" (not "only one child")
_ONE_A_PRONOUN = re.compile(r"\b(?:the|this|that|which|each|every|any|another)\s(?:only\s)?$")
_ONE_NOT_A_COUNT = re.compile(r"\s+(?:of|another|in)\b")  # "one of", "one another", "one in"
_MULTIPLIERS = {"m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "k": 1e3}


def _number(text: str) -> float:
    return float(text.replace(",", ""))


# ---------------------------------------------------------------------------------------------
# The spaCy pipeline

_NLP = None


def pipeline():
    """The pipeline (built once): ``spacy.blank("en")`` with the three rule components."""
    global _NLP
    if _NLP is None:
        import spacy
        from spacy.language import Language

        cues = load_cues()

        if "narrator_periods" not in Language.factories:
            @Language.component("narrator_periods")
            def narrator_periods(doc):
                spans, matches = [], find_periods(_doc_text(doc), _doc_lower(doc))
                for start, end, _ in matches:
                    span = _span(doc, start, end, "PERIOD")
                    if span is not None:
                        spans.append(span)
                doc.spans["periods"] = spans
                doc.user_data["period_matches"] = matches
                return doc

            @Language.factory("narrator_identifiers")
            def make_identifiers(nlp, name):
                return _Identifiers(nlp, cues)

            @Language.component("narrator_figures")
            def narrator_figures(doc):
                # character offsets, not spans: every later step works on the text
                doc.user_data["figures"] = _find_figures(_doc_text(doc), doc, doc.user_data.get("cues") or load_cues())
                return doc

        nlp = spacy.blank("en")
        # No tokenizer exceptions ("Inc.", "don't"): with them spaCy re-matches special cases over the
        # whole document, which made table-like papers 30 times slower to tokenise. The rule
        # components work on characters; the cue phrases are tokenised the same way.
        nlp.tokenizer.rules = {}
        # A suffix is a few characters: looked for in a long token's last 100 (re.search of the
        # whole token for a pattern anchored at its end reads it all, for every suffix split off).
        # spaCy uses only the match's length, which is the same.
        whole_search = nlp.tokenizer.suffix_search

        def suffix_search(token: str, _search=whole_search):
            return _search(token[-100:])  # (a shorter token is its own slice, not a copy)

        nlp.tokenizer.suffix_search = suffix_search
        nlp.add_pipe("narrator_periods")
        nlp.add_pipe("narrator_identifiers")
        nlp.add_pipe("narrator_figures")
        _NLP = nlp
    return _NLP


_COMPONENTS: dict[int, tuple[Any, list[Any]]] = {}


def _components(nlp) -> list[Any]:
    """The pipeline's components in order (``nlp.pipeline`` builds a new list on every call)."""
    return _remembered(_COMPONENTS, nlp, lambda n: [component for _, component in n.pipeline])


def _doc_text(doc) -> str:
    """The text (``Doc.text`` joins every token again, so the caller's string is kept)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def _doc_lower(doc) -> str:
    """The text lower-cased, once for every component that looks for words in any case."""
    lower = doc.user_data.get("lower")
    if lower is None:
        lower = doc.user_data["lower"] = _doc_text(doc).lower()
    return lower


def _span(doc, start: int, end: int, label: str):
    """The span over these characters (token boundaries; widened only when they fall mid-token)."""
    return doc.char_span(start, end, label=label) or doc.char_span(start, end, label=label,
                                                                   alignment_mode="expand")


@lru_cache(maxsize=4096)
def _parse_period(text: str):
    return parse_period(text)


class _Identifiers:
    """Numbers that name things: a spaCy ``PhraseMatcher`` (on lower-case text) finds the cue words
    (``section``, ``year``, ``key stage``...) and the month words; a cue followed by a number token
    ("section 47") or a number followed by a month ("31 March") is an identifier. Codes ("NI136",
    "S47"), times of day ("11:52:03") and "Covid 19" come from patterns."""

    def __init__(self, nlp, cues: Cues):
        from spacy.matcher import PhraseMatcher

        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("ID_AFTER_WORD", [nlp.make_doc(w) for w in sorted(cues.identifiers_before)])
        self.matcher.add("DATE", [nlp.make_doc(w) for w in sorted(cues.months_after)])
        self.cue = nlp.vocab.strings["ID_AFTER_WORD"]

    def __call__(self, doc):
        spans, size = [], len(doc)
        for match_id, start, end in self.matcher(doc):
            if match_id == self.cue:
                if end < size and (doc[end].is_digit or _DOTTED_NUMBER.fullmatch(doc[end].text)):
                    spans.append(doc[start:end + 1])
            elif start > 0 and doc[start - 1].is_digit:
                spans.append(doc[start - 1:end])
        text = _doc_text(doc)
        patterns = [CODE_RE]
        if "covid" in _doc_lower(doc):
            patterns.append(COVID_RE)
        if _TIME_LEAD.search(text):
            patterns.append(TIME_RE)
        for pattern in patterns:
            for m in pattern.finditer(text):
                span = _span(doc, m.start(), m.end(), "IDENTIFIER")
                if span is not None:
                    spans.append(span)
        doc.spans["identifiers"] = spans
        return doc


# ---------------------------------------------------------------------------------------------
# Extraction


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    value: float
    unit: str | None
    role: str | None = None
    numerator: Any = None  # another _Raw
    denominator: Any = None
    part_of: Any = None


class _Mask:
    """Which characters of the text are claimed (by a period, an identifier, a figure)."""

    __slots__ = ("bits",)

    def __init__(self, size: int):
        self.bits = bytearray(size + 1)

    def add(self, start: int, end: int) -> None:
        self.bits[start:end] = b"\x01" * (end - start)

    def any(self, start: int, end: int) -> bool:
        return self.bits.find(1, start, end) != -1


_COMPILED: dict[int, tuple[Cues, dict[str, Any]]] = {}


def _compiled(cues: Cues) -> dict[str, Any]:
    """Patterns built from the cue lists, once per loaded phrasebank."""
    return _remembered(_COMPILED, cues, _compile)


def _compile(cues: Cues) -> dict[str, Any]:
    words = sorted(list(cues.ratio_words) + list(cues.number_words), key=len, reverse=True)

    initials = "".join(sorted({re.escape(w[0]) for w in words}))
    # the unit phrases, longest first, each ending at a word boundary ("%" may run on)
    units = "|".join(re.escape(p) + ("" if p == "%" else r"(?![^\W_])") for p, _ in cues.units_after) or "(?!)"

    def by_phrase(cue_lists: dict[str, tuple[str, ...]]) -> dict[str, tuple[int, bool]]:
        """phrase -> (the best rank of its roles other than "previous", whether it is a "previous" cue)"""
        out: dict[str, tuple[int, bool]] = {}
        for role, phrases in cue_lists.items():
            if role not in ROLE_ORDER:
                continue
            for phrase in phrases:
                key = " ".join(phrase.split())
                rank, previous = out.get(key, (len(ROLE_ORDER), False))
                if role == "previous":
                    previous = True
                else:
                    rank = min(rank, ROLE_ORDER.index(role))
                out[key] = (rank, previous)
        return out

    before_rank, after_rank = by_phrase(cues.role_before), by_phrase(cues.role_after)
    return {"before_rank": before_rank, "after_rank": after_rank,
            # every ending of the words before a figure ends with their last word, every start of the
            # words after it starts with their first: when that word ends (starts) no cue, no
            # lookup can succeed
            "before_last": frozenset(k.rsplit(" ", 1)[-1] for k in before_rank),
            "after_first": frozenset(k.split(" ", 1)[0] for k in after_rank),
            "units": re.compile(rf"\s*(?P<u>{units})"), "unit_of": dict(reversed(cues.units_after)),
            "words": re.compile(rf"(?=[{initials}])\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
            if words else re.compile("(?!)"),
            "measure_verb": _any_word(cues.measure_words["verbs"]),
            "measure_stop": re.compile(r"[;:]|,\s(?=\d)|" + _any_word(cues.measure_words["stops"]).pattern),
            "measure_aside": re.compile(r",\s+" + _any_word(cues.measure_words["asides"]).pattern),
            "measure_leading": frozenset(cues.measure_words["leading"]),
            "measure_pointers": frozenset(cues.measure_words["pointers"]),
            "measure_existential": frozenset(cues.measure_words["existential"]),
            "measure_auxiliaries": frozenset(cues.measure_words["auxiliaries"]),
            "measure_trailing": frozenset(cues.measure_words["trailing"])}


def _any_word(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``phrases`` as whole words, in lower-case text (longest first)."""
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
    initials = "".join(sorted({re.escape(p[0]) for p in phrases}))  # (lets the engine skip ahead to a first letter)
    return re.compile(rf"(?=[{initials}])(?<![\w'’-])(?:{alternatives})(?![\w'’-])" if alternatives else "(?!)")


def _word_numbers_re(cues: Cues) -> re.Pattern[str]:
    return _compiled(cues)["words"]


def paragraph_breaks(text: str) -> list[int]:
    """Where each "\n\n" in ``text`` starts, in order: the paragraph holding ``pos`` starts at the
    last one at or before ``pos - 2`` (as ``text.rfind("\n\n", 0, pos)``)."""
    breaks, at = [], text.find("\n\n")
    while at != -1:
        breaks.append(at)
        at = text.find("\n\n", at + 1)
    return breaks


def _sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


_WORD_RUN = re.compile(r"[\w%£+'’-]+")  # a word: letters, digits, %, £, +, apostrophes, hyphens


def _tail_words(text: str, n: int = 6) -> str:
    return " ".join(_WORD_RUN.findall(text.lower())[-n:])


def _head_words(lower: str, n: int = 5) -> str:
    """The first words of ``lower`` (already lower-cased)."""
    return " ".join(_WORD_RUN.findall(lower)[:n])


_RATE_AFTER = re.compile(r"\s*(?:[a-z'-]+\s){0,3}?per\s(10,?000|10k|1,?000|100,?000|100k)\b")
_RATE_BASES = {"10000": "rate_per_10k", "10k": "rate_per_10k", "1000": "rate_per_1000", "100000": "rate_per_100k",
               "100k": "rate_per_100k"}


def _unit_after(text: str, pos: int, compiled: dict[str, Any]) -> tuple[str | None, int]:
    """The unit words straight after a figure, and where they end (``compiled``: ``_compiled(cues)``)."""
    window = text[pos:pos + 40].lower()
    m = compiled["units"].match(window)
    if m:
        return compiled["unit_of"][m.group("u")], pos + m.end()
    # "per 10,000 children" may follow a word or two: "693 referrals per 10,000 children"
    m = _RATE_AFTER.match(window)
    if m:
        return _RATE_BASES[m.group(1).replace(",", "")], pos + m.end()
    return None, pos


# A text longer than this is read a part at a time (spaCy refuses a text of a million characters,
# and holding a whole 50 MB report as one Doc would take gigabytes).
PART_CHARS = 200_000


def extract_text(text: str, source: str = "<text>", settings: Settings = DEFAULT) -> Extraction:
    """Every figure in ``text``. A text of more than ``PART_CHARS`` characters is read in parts cut
    just before a heading or label that opens a paragraph (see :func:`_parts`), and the parts'
    figures are put together with their offsets in the whole text."""
    if len(text) <= PART_CHARS:
        return _extract_part(text, source, settings)
    figures: list[ExtractedFigure] = []
    periods: list[tuple[int, int, str]] = []
    for start, end in _parts(text):
        part = _extract_part(text[start:end], source, settings)
        before = len(figures)
        for f in part.figures:
            links = {name: index + before for name in ("numerator", "denominator", "part_of")
                     if (index := getattr(f, name)) is not None}
            figures.append(f._replace(start=f.start + start, end=f.end + start, **links))
        periods.extend((s + start, e + start, written) for s, e, written in part.periods)
    return Extraction(source, text, tuple(figures), tuple(periods))


def _parts(text: str, size: int = PART_CHARS) -> list[tuple[int, int]]:
    """Where to cut a long text, as (start, end) pairs of at most ``size`` characters. Each cut is
    made in the second half of a part, at the first of these found from the end: a heading or
    label opening a paragraph (a figure's sentence, clause, paragraph and label then all lie in
    its part, so it reads as in the whole text); a blank line; a line break; a sentence's end; a
    space; else ``size`` characters in."""
    labels = [pos for pos, _ in _labels(text) if text.endswith("\n\n", 0, pos)]
    out, start = [], 0
    while len(text) - start > size:
        limit, floor = start + size, start + size // 2
        at = bisect.bisect_right(labels, limit) - 1
        if at >= 0 and labels[at] > floor:
            cut = labels[at]
        else:
            cut = limit
            for mark in ("\n\n", "\n", ". ", " "):
                found = text.rfind(mark, floor, limit)
                if found != -1:
                    cut = found + len(mark)
                    break
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def _extract_part(text: str, source: str, settings: Settings) -> Extraction:
    cues = load_cues(settings)
    nlp = pipeline()
    doc = nlp.make_doc(_broken_runs(text))
    doc.user_data["text"] = text
    doc.user_data["cues"] = cues
    for component in _components(nlp):
        doc = component(doc)
    return _finish(text, source, doc.user_data["figures"], doc.user_data["period_matches"], cues,
                   _doc_lower(doc))


# spaCy's tokenizer takes time in the square of a token's length when the token is made of
# punctuation it splits off one character at a time ("((((...5%...))))"): 400,000 characters of
# brackets ran for hours. The tokenizer is given the text with a space every RUN_CHARS characters of
# a longer run with no space; the components read the text itself, so offsets and figures are kept.
RUN_CHARS = 1_000
_LONG_RUN = re.compile(r"(?<!\S)\S{%d,}" % (RUN_CHARS + 1))


def _broken_runs(text: str) -> str:
    """``text`` with a space in place of every RUN_CHARS-th character of a run of more than
    RUN_CHARS characters with no space (the same length; prose has no such run)."""
    if _LONG_RUN.search(text) is None:
        return text
    chars = list(text)
    for m in _LONG_RUN.finditer(text):
        for at in range(m.start() + RUN_CHARS, m.end(), RUN_CHARS):
            chars[at] = " "
    return "".join(chars)


def _find_figures(text: str, doc, cues: Cues) -> list[_Raw]:
    """The figures, in text order: fractions first (so their parts are linked), then numbers,
    then numbers in words; none inside a period, an identifier or a rate's base ("per 10,000")."""
    blocked = _Mask(len(text))
    for start, end, _ in doc.user_data["period_matches"]:
        blocked.add(start, end)
    for span in doc.spans["identifiers"]:
        blocked.add(span.start_char, span.end_char)
    lower = _doc_lower(doc)
    for m in RATE_BASE_RE.finditer(text) if "per" in lower else ():
        blocked.add(m.start(), m.end())
    raws: list[_Raw] = []
    taken = _Mask(len(text))

    # Fractions first, so their parts are linked. Each pattern is tried only where a fraction of its
    # kind could start (_fraction_starts), in the same order and with the same overlaps as its own finditer.
    starts = _fraction_starts(text)
    for kind, pattern in FRACTION_PATTERNS:
        for m in _matches_at(pattern, text, starts[_FRACTION_LEAD_OF[kind]]):
            if taken.any(m.start(), m.end()) or blocked.any(m.start(), m.end()):
                continue
            groups = {g: (m.start(g), m.end(g)) for g in ("p", "n", "d") if g in pattern.groupindex}
            parts: dict[str, int] = {}
            for g, (s, e) in groups.items():
                if g == "p":
                    pct_end = text.find("%", e, e + 2)
                    end = pct_end + 1 if pct_end != -1 else e
                    if end == e:
                        pc = _PER_CENT.match(text[e:e + 10])
                        end = e + pc.end() if pc else e
                    raws.append(_Raw(s, end, _number(text[s:e]), "percent"))
                else:
                    raws.append(_Raw(s, e, _number(text[s:e]), "count"))
                parts[g] = len(raws) - 1
            # links are to the _Raw objects; _finish turns them into indices once sorted
            if "p" in parts:
                if "n" in parts:
                    raws[parts["p"]].numerator = raws[parts["n"]]
                    raws[parts["n"]].part_of = raws[parts["p"]]
                if "d" in parts:
                    raws[parts["p"]].denominator = raws[parts["d"]]
                    raws[parts["d"]].part_of = raws[parts["p"]]
            elif "n" in parts and "d" in parts:
                raws[parts["n"]].part_of = raws[parts["d"]]
                raws[parts["d"]].numerator = raws[parts["n"]]
            taken.add(m.start(), m.end())

    size = len(text)
    for m in NUMBER_RE.finditer(text):
        sign, cur, num, frac, mult, pct = m.groups()
        at, num_start, num_end = m.start(), m.start("num"), m.end("frac" if frac else "num")
        start, end = num_start, m.end()
        if cur:
            start = m.start("cur")
        elif sign and sign != "-" and (at == 0 or not text[at - 1].isalnum()):
            start = at
        if sign == "-" and at > 0 and text[at - 1] == " " and at + 1 < size and text[at + 1].isdigit():
            start = at  # "-14.1%"
        if taken.any(start, end) or blocked.any(num_start, num_end):
            continue
        if start and (text[start - 1].isalpha() or text[start - 1] == "/"):
            continue  # part of a word or code ("CIN4", "a/b")
        if start and text[start - 1].isdigit() or text[num_end:num_end + 1] == "." \
                and text[num_end + 1:num_end + 2].isdigit():
            continue  # a part of a number of three parts or more ("3.2.1", "192.168.1.2"): a paragraph's,
            # a version's or an address's
        after = text[end:end + 2]
        if text[num_end:num_end + 1].isalpha() and ORDINAL_RE.match(text, num_start):
            continue  # "3rd"
        if after[:1].isalpha() and not mult and not after.lower().startswith("x "):
            # "12m" written for months, "72hrs", "3rd": a unit glued on
            letters = _GLUED.match(text, end, end + 6)
            glued = letters.group(0).lower() if letters else ""
            if glued not in ("hrs", "hr", "h", "k", "m", "pm", "am", "ppt", "pp", "x"):
                continue
        value = _number(num)
        if frac:
            value += _VULGAR[frac]  # "2½ years"
        if sign == "-" and start == at:
            value = -value
        unit = "percent" if pct else None
        if cur:
            unit = "currency_gbp"
            value *= _MULTIPLIERS.get((mult or "").strip().lower(), 1)
        elif mult:
            word = mult.strip().lower()
            if word in ("million", "billion"):
                value *= _MULTIPLIERS[word]
            else:
                end = num_end  # "12m" without £: months or millions? keep the number only
        raws.append(_Raw(start, end, value, unit))
        taken.add(start, end)

    for m in _word_numbers_re(cues).finditer(lower):
        word = m.group(0)
        unit = "ratio" if word in cues.ratio_words else "count"
        value = cues.ratio_words.get(word, cues.number_words.get(word))
        if taken.any(m.start(), m.end()) or blocked.any(m.start(), m.end()):
            continue
        if unit == "count" and not _WORD_AFTER.match(lower[m.end():m.end() + 3]) \
                and (word == "one" or not _STOP_AFTER.match(lower, m.end())):
            continue
        if word == "one" and (_ONE_NOT_A_COUNT.match(lower[m.end():m.end() + 9])
                              or _ONE_A_PRONOUN.search(lower, max(0, m.start() - 9), m.start())):
            continue
        raws.append(_Raw(m.start(), m.end(), value, unit))
        taken.add(m.start(), m.end())

    raws.sort(key=lambda r: r.start)
    if ", of wh" in text:
        _bases_said_before(text, raws)
    return raws


def _bases_said_before(text: str, raws: list[_Raw]) -> None:
    """ "8,914 contacts in Quarter 4, of which 82% (3,045) were progressed": the count said before
    "of which" is the percentage's base, its denominator (in place)."""
    for i, r in enumerate(raws):
        if r.unit != "percent" or r.numerator is None or r.denominator is not None:
            continue
        lead = _OF_WHICH_BEFORE.search(text, max(0, r.start - 12), r.start)
        if lead is None:
            continue
        base = next((b for b in reversed(raws[:i]) if b.end <= lead.start()), None)
        if base is None or base.unit is not None and base.unit != "count" or base.part_of is not None \
                or base.numerator is not None or _STOP_BETWEEN.search(text, base.end, lead.start()):
            continue
        r.denominator, base.part_of = base, r


_OF_WHICH_BEFORE = re.compile(r", of wh(?:ich|om) $")
_STOP_BETWEEN = re.compile(r"[.;:!?]\s")  # the base is in the same sentence and clause



class _Index:
    """Where sentences, clause breaks, paragraphs, labels and periods are in the text, found once
    per document so each figure's lookups are binary searches, not scans."""

    __slots__ = ("text", "lower", "cues", "sentences", "texts", "break_starts", "break_ends", "paragraphs", "label_pos",
                 "label_names", "period_starts", "period_ends", "periods", "figure_starts")

    def __init__(self, text: str, lower: str, period_matches, figure_starts: list[int]) -> None:
        self.text = text
        self.lower = lower  # text.lower()
        self.figure_starts = figure_starts  # where each figure starts, ascending
        self.cues: dict[str, tuple[list[int], list[int]]] = {}
        self.sentences = _sentences(text)
        self.texts: dict[tuple[int, int], str] = {}
        breaks = [(m.start(), m.end()) for m in CLAUSE_BREAK.finditer(text)]
        self.break_starts = [s for s, _ in breaks]
        self.break_ends = [e for _, e in breaks]
        self.paragraphs = paragraph_breaks(text)
        labels = _labels(text)
        self.label_pos = [p for p, _ in labels]
        self.label_names = [n for _, n in labels]
        self.periods = list(period_matches)
        self.period_starts = [s for s, _, _ in self.periods]
        self.period_ends = [e for _, e, _ in self.periods]

    def cue_in(self, name: str, start: int, end: int) -> bool:
        """Whether the cue ``_WINDOW_CUES[name]`` is found in ``text[start:end]`` (lower-cased); the
        cue's places in the whole text are found once, on first use."""
        if len(self.lower) != len(self.text):  # a character whose lower case is longer: search the slice
            return _WINDOW_CUES[name].search(self.text[start:end].lower()) is not None
        found = self.cues.get(name)
        if found is None:
            places = [(m.start(), m.end()) for m in _WINDOW_CUES[name].finditer(self.lower)]
            found = self.cues[name] = ([s for s, _ in places], [e for _, e in places])
        starts, ends = found
        at = bisect.bisect_left(starts, start)
        return at < len(starts) and ends[at] <= end

    def sentence_text(self, text: str, start: int, end: int) -> str:
        found = self.texts.get((start, end))
        if found is None:
            found = self.texts[(start, end)] = text[start:end].strip()
        return found

    def clause(self, s_start: int, s_end: int, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): from the last break before it to the next break after it."""
        clause_start, clause_end = s_start, s_end
        at = bisect.bisect_right(self.break_ends, start) - 1
        if at >= 0 and self.break_starts[at] >= s_start:
            clause_start = self.break_ends[at]
        at = bisect.bisect_left(self.break_starts, end)
        if at < len(self.break_starts) and self.break_ends[at] <= s_end:
            clause_end = self.break_starts[at]
        return clause_start, clause_end

    def paragraph(self, pos: int) -> int:
        """Where the paragraph holding ``pos`` starts (as ``text.rfind("\\n\\n", 0, pos)``)."""
        at = bisect.bisect_right(self.paragraphs, pos - 2) - 1
        return self.paragraphs[at] if at >= 0 else -1

    def figure_between(self, start: int, end: int) -> bool:
        """Whether a figure starts in ``[start, end)``."""
        at = bisect.bisect_left(self.figure_starts, start)
        return at < len(self.figure_starts) and self.figure_starts[at] < end

    def label(self, pos: int) -> str:
        at = bisect.bisect_right(self.label_pos, pos) - 1
        return self.label_names[at] if at >= 0 else ""


_PP_AFTER = re.compile(r"percentage points?|% points?|\bpp\b", re.I)
_ON_FROM_SINCE = re.compile(r"\s*(?:on|from|since)\b")
_TIME_UNIT_AFTER = re.compile(r"\s?(?:hrs|hours?|working days?|days?|weeks?|months?|years?)\b", re.I)
_PER_10K = re.compile(r"per\s(?:10,?000|10k)\b")
_PER_100K = re.compile(r"per\s(?:100,?000|100k)\b")
_PER_1000 = re.compile(r"per\s(?:1,?000|thousand)\b")
# "\b(?:number of )?days\b|\bworking days\b" and "\bper\s(?!...)[a-z]", with the boundary looked behind at
# (see CODE_RE)
_DAYS_WORD = re.compile(r"[dnw](?<!\w[dnw])(?:(?<=n)umber of days|(?<=d)ays|(?<=w)orking days)\b")
_PER_THING = re.compile(r"per(?<!\wper)\s(?!cent\b|10|1,|100|thousand)[a-z]")
# Cues looked for anywhere earlier in the clause or sentence (a unit said once: "per 10,000 ... 693")
_WINDOW_CUES = {"per_10k": _PER_10K, "per_100k": _PER_100K, "per_1000": _PER_1000, "days": _DAYS_WORD,
                "average": re.compile("average"), "per_thing": _PER_THING}
_OPEN_BRACKET = re.compile(r"\s?\(\s?")
_RANGE_JOIN = re.compile(r"\s?(?:-|–|to|and)\s?")
# a word straight after a number that says what it counts ("147 section 47 enquiries", "38 children
# entered", "12 fewer"), where a rate's bare number is followed by a linking or comparing word ("44.2 for
# England", "71 below the target"), a bracket or a stop
_COUNTED_AFTER = re.compile(r" (?!(?:for|in|at|on|and|or|than|compared|against|from|to|with|by|during|across|among|"
                            r"as|per|versus|vs|when|while|whilst|which|but|the|a|an|this|that|is|was|were|"
                            r"respectively|previously|last|published|above|below|under|over|higher|lower|short|"
                            r"ahead|behind|up|down)\b)[a-z]")
# "52 (35.4%) led to a conference": a number with its share in brackets after it counts something (a
# change's bracket is its relative size: "a fall of 54.7 (7.1%)")
_SHARE_AFTER = re.compile(r" ?\( ?\d[\d,]*(?:\.\d+)? ?(?:%|per ?cent)\)")
_NUMBER_OF = re.compile(r"n(?<![a-z]n)(?:umbers?|o\.?) of\b")  # "number of", "no. of" (from its first letter:
# see CODE_RE)
_UNDATED_ROLES = ("part_of_definition", "threshold")
# an age: after "aged", "age", "ages", "aged under", "under-" ("under-18 conceptions"), or before "year olds"
_AGE_BEFORE = re.compile(r"(?:\b[aA]ge[ds]?(?: (?:under|over|between))?|\b[uU]nder-|\b[oO]ver-) ?$")
_YEAR_OLDS = re.compile(r"[\s-]?years?[\s-]olds?\b", re.IGNORECASE)
_TIME_UNITS = ("days", "weeks", "months", "years")
# a time in the singular before a noun: a number that names a kind of measure, not a figure of it
_PERIOD_ADJECTIVE = re.compile(r"[\s-](?:day|week|month|year|hour|quarter)[\s-](?!olds?\b|on\b|to\b|in\b|of\b|and\b|or\b)[a-z]")
_AGE_UNITS = ("count", "years", "rate_per_10k", "rate_per_1000", "rate_per_100k")  # (a rate's bare number
# takes the rate's unit only later; "per 1,000 women aged 15 to 17" has none of its own)
_RANGE_DASH = re.compile(r"\s?(?:-|–|to)\s?")
_LETTER_AFTER = re.compile(r"\s?[a-z]")
_TIME_AFTER = re.compile(r"\s?(?:weeks?|months?|years?|days?|hours?|times)\b")

def _finish(text: str, source: str, raws: list[_Raw], period_matches, cues: Cues, lower: str) -> Extraction:
    index = _Index(text, lower, period_matches, [r.start for r in raws])
    compiled = _compiled(cues)
    size = len(text)
    rows: list[dict[str, Any]] = []  # one per figure, made frozen once every pass is done
    sentences, at_sentence = index.sentences, 0
    # (a text with none of what an age needs skips its tests; substring tests, quicker than a search)
    aged = "age" in lower or "old" in lower or "under-" in lower or "over-" in lower
    for raw in raws:
        # the figure's sentence (else the whole text): the figures come in text order, so the first
        # sentence that ends after this figure starts is found by moving on from the last one's
        while at_sentence < len(sentences) and sentences[at_sentence][1] <= raw.start:
            at_sentence += 1
        if at_sentence < len(sentences) and sentences[at_sentence][0] <= raw.start:
            s_start, s_end = sentences[at_sentence]
        else:
            s_start, s_end = 0, size
        clause_start, clause_end = index.clause(s_start, s_end, raw.start, raw.end)
        unit = raw.unit
        unit_words_end = raw.end
        if unit is None or unit == "count":
            found, unit_words_end = _unit_after(text, raw.end, compiled)
            if found == "hours":
                found = "other"
            if found and unit is None or (found and unit == "count" and raw.part_of is None and found != "percent"):
                unit = found
        if unit is None:
            if index.cue_in("per_10k", clause_start, raw.start):
                unit = "rate_per_10k"
            elif index.cue_in("per_100k", clause_start, raw.start):
                unit = "rate_per_100k"
            elif index.cue_in("per_1000", clause_start, raw.start):
                unit = "rate_per_1000"
            elif index.cue_in("average", clause_start, raw.start) and index.cue_in("days", clause_start, raw.start):
                unit = "days"
            elif index.cue_in("per_thing", s_start, raw.start):
                unit = "ratio"  # "children per social worker"
            else:
                unit = "count"
        tail = _tail_words(_without_period_at_end(text[max(clause_start, raw.start - 80):raw.start].replace("(", " ")))
        # the words after the figure are read only when a cue could start them or a comparator be named
        after = text[unit_words_end:min(clause_end, unit_words_end + 40)].lower()
        role = _role(raw, tail, after, text, unit_words_end, clause_end, compiled)
        if role == "actual":
            if unit_words_end > raw.end and _PP_AFTER.search(text, raw.end, unit_words_end):
                role = "change"  # "up 4 percentage points"
            elif (tail.endswith(" up") or tail.endswith(" down") or tail == "up" or tail == "down") \
                    and _ON_FROM_SINCE.match(text, unit_words_end, clause_end):
                role = "change"  # "down 14 on Q1"
            elif (tail.endswith((" in", " for")) or tail in ("in", "for")) \
                    and _TIME_UNIT_AFTER.match(text, raw.end, raw.end + 14):
                role = "part_of_definition"  # "in 72 hours", "in the same placement for two years"
        if role == "actual" and raw.part_of is None and _PERIOD_ADJECTIVE.match(text, raw.end):
            role = "part_of_definition"  # "the 6 month rate", "a 12-month rolling figure", "the 26 week target"
        if aged and unit in _AGE_UNITS and raw.part_of is None and raw.numerator is None and (
                _AGE_BEFORE.search(text, max(0, raw.start - 14), raw.start) or _YEAR_OLDS.match(text, raw.end)):
            role, unit = "part_of_definition", "years"  # an age: "aged 10 to 17", "at age five", "16 year olds"
        period, period_norm = _period_for(raw, unit_words_end, text, s_start, s_end, index)
        rows.append({"text": text[raw.start:raw.end], "start": raw.start, "end": raw.end, "value": raw.value,
                     "unit": unit, "role": role, "period": period, "period_normalised": period_norm,
                     "comparator": _comparator_name(tail, _head_words(after)) if role == "comparator" else None,
                     "measure": "", "sentence": index.sentence_text(text, s_start, s_end),
                     "_at": (s_start, s_end, unit_words_end)})

    # "a fall of 85 (6.3%)": the bracketed percentage is the same change, relative
    for a, b in zip(rows, rows[1:]):
        if a["role"] == "change" and b["unit"] == "percent" and _OPEN_BRACKET.fullmatch(text, a["end"], b["start"]):
            b["role"] = "change"
    # a range of ages or times is part of a definition ("aged 15 to 17", "at 6 to 8 weeks", "16 and 17 year olds",
    # "between 4 and 9 times")
    for a, b in zip(rows, rows[1:]):
        if b["start"] - a["end"] <= 5 and _RANGE_JOIN.fullmatch(text, a["end"], b["start"]):
            between = text[max(0, a["start"] - 8):a["start"]].lower().endswith("between ") and \
                _LETTER_AFTER.match(text, b["end"], b["end"] + 3)
            if between or b["role"] == "part_of_definition" or _TIME_AFTER.match(text, b["end"], b["end"] + 8):
                a["role"] = b["role"] = "part_of_definition"
                if a["unit"] == "count" and b["unit"] in _TIME_UNITS:
                    a["unit"] = b["unit"]  # "at 6 to 8 weeks"
    # the second number of a range ("aged 19-21", "18 to 22%") takes the first one's role
    for a, b in zip(rows, rows[1:]):
        if a["role"] in ("part_of_definition", "target") and _RANGE_DASH.fullmatch(text, a["end"], b["start"]):
            b["role"] = a["role"]
            if b["unit"] == "count" or a["unit"] == "years" and b["unit"] in _AGE_UNITS:
                b["unit"] = a["unit"]  # (an age's second number, "per 1,000 women aged 15 to 17", too)
    # previous: a figure "in <earlier period>" beside one for a later period in the same sentence
    by_sentence = _sentence_groups(rows)
    _previous_by_period(rows, index, by_sentence)
    # a rate said once: "fell from 830 to 693 per 10,000 children, above statistical neighbours (579)"
    rates: dict[str, str] = {}
    for f in rows:
        if f["unit"].startswith("rate_"):
            rates.setdefault(f["sentence"], f["unit"])
    for raw, f in zip(raws, rows):
        if f["unit"] == "count" and f["sentence"] in rates and f["role"] in ("previous", "comparator", "target", "change") \
                and raw.part_of is None:
            f["unit"] = rates[f["sentence"]]
    # ... or once in the paragraph: a bare number of the same size nearby is the same rate
    paragraph_rate: dict[int, tuple[str, float]] = {}
    for f in rows:
        if f["unit"].startswith("rate_") or f["unit"] == "ratio" and f["value"] > 1 and f["text"][:1].isdigit():
            paragraph_rate.setdefault(index.paragraph(f["start"]), (f["unit"], abs(f["value"])))
    if paragraph_rate:
        counted: set[tuple[int, int]] = set()
        for changes in (False, True):  # the figures first, then the changes between them
            if changes:
                # a change said beside a count and no rate is a change of that count ("This compares
                # with 381 in June 2023, an increase of 24")
                counted = {f["_at"][0] for f in rows if f["unit"] == "count" and f["role"] in ("actual", "previous")}
            for raw, f in zip(raws, rows):
                if (f["role"] == "change") is not changes or f["unit"] != "count":
                    continue
                found = paragraph_rate.get(index.paragraph(f["start"]))
                if found and raw.part_of is None and raw.numerator is None \
                        and f["role"] != "part_of_definition" and f["value"] and found[1] \
                        and (f["_at"][0] not in counted or f["sentence"] in rates if changes
                             else 1 / 3 <= abs(f["value"]) / found[1] <= 3) \
                        and not _COUNTED_AFTER.match(text, f["end"]) \
                        and (changes or not _SHARE_AFTER.match(text, f["end"])) \
                        and not _NUMBER_OF.search(lower, f["_at"][0], f["start"]):  # "147 enquiries", "12
                    f["unit"] = found[0]  # fewer", "52 (35.4%)", "The number of plans fell from 290 to 262": counts

    _measures(text, lower, rows, index, compiled, by_sentence)
    _denominator_measures(raws, rows, compiled)
    for f in rows:
        if f["role"] in _UNDATED_ROLES:  # "within 12 months", "over 20 cases": a definition has no period
            f["period"] = f["period_normalised"] = None
    _compared_periods(text, rows, index, by_sentence)

    index_of = {id(r): i for i, r in enumerate(raws) if r.part_of is not None or r.numerator is not None
                or r.denominator is not None}

    def idx(other: _Raw | None) -> int | None:
        return None if other is None else index_of[id(other)]

    figures = tuple(ExtractedFigure(f["text"], f["start"], f["end"], f["value"], f["unit"], f["role"], f["period"],
                                    f["period_normalised"], f["comparator"], f["measure"], f["sentence"],
                                    idx(raw.numerator), idx(raw.denominator), idx(raw.part_of))
                    if index_of else
                    ExtractedFigure(f["text"], f["start"], f["end"], f["value"], f["unit"], f["role"], f["period"],
                                    f["period_normalised"], f["comparator"], f["measure"], f["sentence"])
                    for raw, f in zip(raws, rows))
    return Extraction(source, text, figures, tuple(period_matches))


def _compared_periods(text: str, rows: list[dict[str, Any]], index: _Index,
                      sentences: dict[int, list[dict[str, Any]]]) -> None:
    """A target, comparator or change is for the period of the figure it is held against: "up from
    76.5% in January 2024 to 71.2% in February 2024, against a target of 80%" gives the target
    February 2024, not the previous figure's January 2024 that stands nearest before it; when its
    sentence has no actual figure ("This is 6.1% lower than in 2022/23 (1,578) and below statistical
    neighbours (548.0)"), the last actual figure before it in the paragraph says the period. One
    with a period of its own after it ("15% by March 2025") keeps it, and a comparator with none
    takes the period the next one in the list gives ("44.2 for statistical neighbours and 43.2 for
    England in 2022/23")."""
    roles = {f["role"] for f in rows}
    if "previous" not in roles and "comparator" not in roles or not roles & _HELD_AGAINST_SET:
        return  # (nothing held against a previous figure's period, and no list of comparators)
    last_actual: dict[int, dict[str, Any]] = {}  # by paragraph: the last actual figure so far
    for group in sentences.values():
        held = [f for f in group if f["role"] in _HELD_AGAINST_SET and f["period"]]
        if held:
            paragraph = index.paragraph(group[0]["start"])
            if len(held) > 1:
                for a, b in zip(group, group[1:]):
                    if a["role"] == b["role"] == "comparator" and a["period"] != b["period"] and b["period"] \
                            and not _own_period(text, a) and _own_period(text, b) \
                            and " and " in text[a["end"]:b["start"]]:
                        a["period"], a["period_normalised"] = b["period"], b["period_normalised"]
            earlier = {g["period"] for g in group if g["role"] == "previous"}
            for f in held:
                if f["period"] in earlier and not _own_period(text, f):
                    actual = next((g for g in group if g["role"] == "actual" and g["period"]
                                   and g["period"] != f["period"] and g["start"] < f["start"]), None)
                    if actual is None and not any(g["role"] == "actual" for g in group):
                        actual = last_actual.get(paragraph)
                    if actual is not None and actual["period"] and actual["period"] != f["period"]:
                        f["period"], f["period_normalised"] = actual["period"], actual["period_normalised"]
        for g in reversed(group):
            if g["role"] == "actual" and g["period"]:
                last_actual[index.paragraph(g["start"])] = g
                break


_HELD_AGAINST = ("target", "comparator", "change")
_HELD_AGAINST_SET = frozenset(_HELD_AGAINST)


def _own_period(text: str, f: dict[str, Any]) -> bool:
    """Whether ``f``'s period is written straight after it ("42.0% in 2022/23"), or pointed back
    to ("50.3% for that year")."""
    return text.find(f["period"], f["end"], f["end"] + 30) != -1 or _SAME_PERIOD.match(text, f["end"]) is not None


_SAME_PERIOD = re.compile(r"\s+(?:for|in|over) (?:that|the same) (?:year|period|month|quarter)\b", re.I)


def _role(raw: _Raw, tail: str, after: str, text: str, rest: int, clause_end: int, compiled: dict[str, Any]) -> str:
    """The first role (in ROLE_ORDER) whose cue ends the words before the figure or starts the
    words after it (``after``: the lower-cased text after it, read by ``_head_words``);
    ``text[rest:clause_end]`` is the clause after the figure. A cue is whole words: the words
    before are looked up from the longest ending to the shortest, the words after from the start."""
    if raw.part_of is not None:
        return "actual"
    before_rank, after_rank = compiled["before_rank"], compiled["after_rank"]
    best = _NO_ROLE
    previous_cue = None  # the longest cue for "previous" that ends ``tail``
    if tail and tail.rpartition(" ")[2] in compiled["before_last"]:
        at = 0
        while at != -1:
            found = before_rank.get(tail[at:])
            if found is not None:
                if found[0] < best:
                    best = found[0]
                if found[1] and previous_cue is None:
                    previous_cue = tail[at:]
            at = tail.find(" ", at) + 1 or -1
    first = _WORD_RUN.search(after)
    if first is not None and first.group() in compiled["after_first"]:
        head = _head_words(after)
        at = head.find(" ")
        while True:
            found = after_rank.get(head if at == -1 else head[:at])
            if found is not None and found[0] < best:
                best = found[0]
            if found is not None and found[1]:
                best = min(best, _PREVIOUS_RANK)
            if at == -1:
                break
            at = head.find(" ", at + 1)
    if previous_cue is not None and best > _PREVIOUS_RANK and not (
            previous_cue == "from" and not _TO.search(text[rest:clause_end]) and not _CHANGE_WORD.search(tail)
            and _LOWER_WORD.match(text, rest, clause_end) and not _SMALL_WORD.match(text, rest, clause_end)):
        best = _PREVIOUS_RANK  # not "332 children from 198 families": "from A to B", "a decrease from A"
    if best != _NO_ROLE:
        return ROLE_ORDER[best]
    # "the North West rate of 372.1", "England's figure of 55%": a comparator named just before. (The
    # words looked at are some of ``tail``'s, with the same word boundaries, so a comparator among
    # them is found in ``tail`` too: most figures are settled by that one search.)
    if not _COMPARATOR_NEAR.search(tail):
        return "actual"
    last = _NOT_COMPARATOR.split(tail)[-1]
    if _COMPARATOR_NEAR.search(" ".join(last.split()[-5:])):
        return "comparator"
    return "actual"


_NO_ROLE = len(ROLE_ORDER)
_PREVIOUS_RANK = ROLE_ORDER.index("previous")
_TO = re.compile(r"\bto\b")
_LOWER_WORD = re.compile(r"\s*[a-z]")
_SMALL_WORD = re.compile(r"\s*(?:in|at|for|during|a|an|the|per|last|this|that|as)\b")
_NOT_COMPARATOR = re.compile(r"\b(?:than|from|target|compared)\b")
# "the England average for 2021/22 (538)": the period between cue and figure is skipped
_YEARS = re.compile(r"\s(?:(?:for|in)\s)?(?:(?:19|20)\d\d(?:[/-]\d\d)?|q[1-4]\s\S+|[a-z]+\s(?:19|20)\d\d|quarter\s[1-4]|q[1-4])"
                    r"\s*(?=$|\()",
                    re.IGNORECASE)
_QUARTERS = frozenset({"q1", "q2", "q3", "q4"})


def _without_period_at_end(window: str) -> str:
    """``window`` less a period at its very end ("the England average for 2021/22"): _YEARS, run
    only when the window ends in a digit or in "Q1 <word>" (no other way it can match)."""
    end = window.rstrip()
    if end and (end[-1].isdigit() or len(parts := end.rsplit(None, 2)) >= 2 and parts[-2].lower() in _QUARTERS):
        return _YEARS.sub(" ", window)
    return window


_COMPARATOR_NEAR = re.compile(r"\b(?:statistical neighbours?|england'?s?|national|north west|greater manchester|regional|region|"
                              r"similar authorities|benchmark|comparators?)\b")
_CHANGE_WORD = re.compile(r"\b(?:increase|increased|decrease|decreased|rise|rose|fall|fell|reduction|reduced|drop|"
                          r"dropped|up|down|change|improvement|improved|decline|declined|compared)\b")

_COMPARATORS = (("statistical neighbour", "statistical_neighbours"), ("england", "england"),
                ("national", "england"), ("north west", "north_west"), ("region", "region"),
                ("similar authorities", "statistical_neighbours"), ("benchmark", "benchmark"))


def _comparator_name(tail: str, head: str) -> str | None:
    for phrase, name in _COMPARATORS:
        if phrase in tail or phrase in head:
            return name
    return "other"


# a capital at the start of a line (looked behind at: see CODE_RE), up to 40 more characters, ": "
_INLINE_LABEL = re.compile(r"([A-Z](?<![^\n][A-Z])[\w'’&/ -]{1,40}?):\s")


def _labels(text: str) -> list[tuple[int, str]]:
    """Paragraph labels and where they start: short heading lines, and "Referrals: ..." at the start
    of a paragraph. They give a figure's measure its context."""
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip().lstrip("#").strip()
        if stripped and len(stripped) <= 80 and not stripped.endswith((".", ":", ";", ",")) and \
                len(stripped.split()) <= 10:
            out.append((pos, stripped))
        pos += len(line) + 1
    for m in _INLINE_LABEL.finditer(text) if ":" in text else ():
        if len(m.group(1).split()) <= 5:
            out.append((m.start(1), m.group(1).strip()))
    out.sort()
    return out


def _measures(text: str, lower: str, rows: list[dict[str, Any]], index: _Index, compiled: dict[str, Any],
              by_sentence: dict[int, list[dict[str, Any]]]) -> None:
    """Each figure's measure: the words that name what it is a value of.

    A sentence's measure is its subject, the words before its first verb or figure ("The percentage
    of re-referrals | rose to 26.9%"), less leading words such as "the percentage of"; or, when the
    sentence opens with its figure, the words after it ("1,482 | referrals were received"); or,
    when the subject points back ("It", "This", "The figure"), the sentence before's in the same
    paragraph; else the paragraph's label ("Referrals:"). Every figure of the sentence takes it,
    except a later actual figure followed by words of its own ("involving 122 | children").
    Definitions' numbers stay in ("within 12 months"); other figures and periods do not.

    It also sets one role: the numbers in a bold lead-in with no verb are part of a name
    ("**CF19: Other Placements (Z1, 38.6) No.**"), as it is here that lead-ins are found.
    """
    if not rows:
        return
    verb, pointers = compiled["measure_verb"], compiled["measure_pointers"]
    cuts = [(f["start"], f["end"]) for f in rows if f["role"] != "part_of_definition"]
    cuts += [(start, end) for start, end, _ in index.periods if not _QUALIFYING_PERIOD.search(lower, start, end)]
    cuts.sort()
    cut_starts = [c for c, _ in cuts]
    carried, paragraph, previous_end = "", None, 0
    tabbed = "\t" in text
    for sentence_rows in by_sentence.values():
        s_start, s_end, _ = sentence_rows[0]["_at"]
        para = index.paragraph(s_start)
        line = text.rfind("\n", 0, s_start)
        if para != paragraph or line != -1 and line >= previous_end and _NEW_ITEM.match(text, line + 1):
            carried, paragraph = "", para  # a new paragraph, list item or table row says its own
        previous_end = s_end
        label = index.label(s_start)
        begin = s_start
        colon = text.find(": ", s_start, min(s_end, s_start + 60))
        if colon != -1 and text.count(" ", s_start, colon) < 8:
            begin = colon + 2  # "Referrals: In 2023/24, ..."
        bold = text.rfind("**", begin, sentence_rows[-1]["start"])
        if bold != -1:
            if verb.search(lower, s_start, bold) is None:  # a name, not a statement: its numbers
                for f in sentence_rows:  # are part of it ("**CF19: Other Placements (Z1, 38.6) No.**")
                    if f["start"] < bold:
                        f["role"] = "part_of_definition"
            begin = bold + 2  # "**Care leavers in touch.** The percentage of ..."
        first = next((f for f in sentence_rows if f["role"] != "part_of_definition" and f["start"] >= begin),
                     None) or next((f for f in sentence_rows if f["start"] >= begin), sentence_rows[-1])
        subject_end = max(begin, first["start"])
        found_verb = verb.search(lower, begin, subject_end)
        if found_verb is not None:
            subject_end = found_verb.start()
        aside = compiled["measure_aside"].search(lower, begin, subject_end)
        if aside is not None:
            subject_end = aside.start()  # "Persistent absence, defined as missing 10% or more ..., fell"
        comma = text.rfind(", ", begin, subject_end)
        if comma != -1 and text.count("(", begin, comma) > text.count(")", begin, comma):
            comma = -1  # inside a bracket: "(rolling 12 months, Locality North)" is part of the subject
        part = ""
        if comma != -1 and _FRONTED_PART.match(lower, begin) and not index.figure_between(begin, comma) \
                and _phrase(text, begin, comma, cuts, cut_starts, compiled):
            part = " ".join(text[begin:comma].split())  # "At Key Stage 2, permanent exclusions fell",
            part = part[:1].lower() + part[1:]  # "Among boys, 61% were seen"
            if not lower[comma + 2:subject_end].strip():
                begin = subject_end  # the figure opens the clause: the words after it say the rest
        if comma != -1 and lower[comma + 2:subject_end].strip() and not _LIST_WORD.search(lower, comma, subject_end):
            begin = comma + 2  # "Due to fewer referrals, it has ...": the subject follows the comma
        said = _phrase(text, begin, subject_end, cuts, cut_starts, compiled)
        words = said.lower().split()
        points_back = bool(words) and (said.lower() in pointers or words[-1] in pointers
                                       or len(words) <= 3 and any(w in pointers for w in words))
        qualifier = ""
        if points_back and len(words) > 2 and words[-1] in pointers:  # "For children in care the figure was"
            kept = said.split()[:-1]
            while kept and kept[-1].lower() in compiled["measure_trailing"]:
                kept.pop()
            qualifier = " ".join(kept)
        if points_back or words and (words[-1] in compiled["measure_existential"]
                                     or words[0] in compiled["measure_existential"]):
            said = ""  # "It rose", "There were 197 families"
        if carried and first["role"] in ("comparator", "target"):
            said, points_back = "", True  # "Statistical neighbours averaged 21.3%", "The target is 85%"
        if points_back:
            pass
        elif not said:
            said = _after_phrase(text, lower, first, s_end, cuts, cut_starts, compiled)
            comma = text.find(", ", first["end"], s_end) if not said else -1
            if comma != -1 and not _phrase(text, first["_at"][2], comma, cuts, cut_starts, compiled):
                # "At 94% in September 2023, the percentage of visits in timescale is ..."
                ends = verb.search(lower, comma + 2, s_end)
                said = _phrase(text, comma + 2, ends.start() if ends else s_end, cuts, cut_starts, compiled)
        elif found_verb is None and len(words[-1]) > 3 and words[-1].endswith("ed"):
            said = _after_phrase(text, lower, first, s_end, cuts, cut_starts, compiled) or said  # "the service
            # completed 2,036 assessments": what was completed
        elif len(words) == 1:
            said = " ".join(filter(None, (said, _after_phrase(text, lower, first, s_end, cuts, cut_starts, compiled,
                                                                 verb_first=True))))  # "Timeliness ... completed within 45 days"
        if part and said and not points_back:
            said = f"{said} {part}"  # "permanent exclusions at Key Stage 2"
        measure = carried = said or carried or label
        if qualifier and measure:
            measure = f"{measure} ({qualifier})"  # said of a part: "... (children in care)"
        row_label = _row_label(text, first["start"], s_start, s_end, cuts, cut_starts, compiled) if tabbed else ""
        if row_label:
            measure = row_label  # a table row: its first cell of words
        before = begin
        prev = None
        for f in sentence_rows:
            if f["start"] < begin:  # a number in a lead-in ("**7: Number of ...**"): none said
                continue
            own = ""
            if f is not first and f["role"] == "actual" and f["start"] > first["end"] \
                    and not f["unit"].startswith("rate_") and (_CLAUSE_OPENS.search(text, before, f["start"]) or (
                        not row_label and f["unit"] == "count" and _COUNT_OPENS.search(text, before, f["start"])
                        and _COUNTED_AFTER.match(text, f["end"]))):
                own = _after_phrase(text, lower, f, s_end, cuts, cut_starts, compiled)  # "and 50 left"
                if not own and measure and f["unit"] == "count" \
                        and _OF_WHICH_BEFORE.search(lower, max(0, f["start"] - 12), f["start"]):
                    # "317 contacts ..., of which 114 (36%) met the threshold": a part of the measure
                    done = _after_phrase(text, lower, f, s_end, cuts, cut_starts, compiled, verb_first=True)
                    own = f"{measure} that {done}" if done else ""
            elif prev is not None and prev["measure"] != measure and _OPEN_BRACKET.fullmatch(text, prev["end"], f["start"]):
                own = prev["measure"]  # "114 (36%) met the threshold": the bracket is said of the same
            f["measure"] = own or measure
            before, prev = f["end"], f


def _denominator_measures(raws: list[_Raw], rows: list[dict[str, Any]], compiled: dict[str, Any]) -> None:
    """A denominator in its percentage's brackets counts the whole, not the part: "84.2% (1,248 /
    1,482) of referrals had a decision": 1,482 is of "referrals", the measure up to its first verb."""
    at = None
    for raw in raws:
        base = raw.denominator
        if base is None or base.start < raw.end:  # (a base said before: "317 contacts, of which 36%")
            continue
        if at is None:
            at = {r.start: f for r, f in zip(raws, rows)}
        measure = at[raw.start]["measure"]
        verb = compiled["measure_verb"].search(measure.lower())
        if verb is None:
            continue
        words = measure[:verb.start()].split()
        while words and words[-1].lower() in compiled["measure_trailing"]:
            words.pop()
        if words:
            at[base.start]["measure"] = " ".join(words)


# periods that qualify a measure rather than date a figure: kept in it ("reviews in timescale (year to date)")
_QUALIFYING_PERIOD = re.compile(r"year[\s-]to[\s-]date|ytd|rolling|months?\srolling")


def _row_label(text: str, at: int, s_start: int, s_end: int, cuts: list[tuple[int, int]], cut_starts: list[int],
               compiled: dict[str, Any]) -> str:
    """The first cell of two words or more in the tab-separated line holding ``at``, if it is one."""
    line_start = max(s_start, text.rfind("\n", 0, at) + 1)
    line_end = text.find("\n", at, s_end)
    line_end = s_end if line_end == -1 else line_end
    if "\t" not in text[line_start:line_end]:
        return ""
    pos = line_start
    for cell in text[line_start:line_end].split("\t"):
        if cell.count(" ") >= 1 and any(c.isalpha() for c in cell):
            return _phrase(text, pos, pos + len(cell), cuts, cut_starts, compiled)
        pos += len(cell) + 1
    return ""


_CLAUSE_OPENS = re.compile(r", |\sand\s|\.\s|;\s")  # between two figures: the second may open a clause
# ... and so may a count of something else after these ("332 children from 198 families", "423 involving 122
# individual children", "64 families with 125 children")
_COUNT_OPENS = re.compile(r"\s(?:from|involving|with)\s")
_LIST_WORD = re.compile(r"\s(?:and|or)\s")  # "in education, employment or training": a list, not a clause


def _after_phrase(text: str, lower: str, f: dict[str, Any], s_end: int, cuts: list[tuple[int, int]],
                  cut_starts: list[int], compiled: dict[str, Any], verb_first: bool = False) -> str:
    """The words after a figure that name it ("1,482 referrals were received"), up to a stop
    word, another figure or period, or the end of the sentence; a bracket straight after the
    figure ("84.2% (1,248 / 1,482) of referrals") is passed over."""
    start = f["_at"][2]
    while start < s_end and text[start] == " ":
        start += 1
    if start < s_end and text[start] == "(":
        close = text.find(")", start, s_end)
        start = close + 1 if close != -1 else start
    of = _OF_THE.match(lower, start, s_end)
    if of is not None:  # "31 (43.1%) of the 72 children": past the whole
        at = bisect.bisect_left(cut_starts, of.end())
        if at < len(cuts) and cut_starts[at] == of.end():
            start = cuts[at][1]
    end = min(s_end, start + 200)
    stop = compiled["measure_stop"].search(lower, start, end)
    if stop is not None:
        end = stop.start()
    at = bisect.bisect_left(cut_starts, start)
    if at < len(cut_starts) and cut_starts[at] < end:
        end = cut_starts[at]
    said = _phrase(text, start, end, cuts, cut_starts, compiled, auxiliaries=True)
    if verb_first:
        return said
    head, _, rest = said.partition(" ")
    head = head.lower()
    if head in compiled["measure_auxiliaries"] and f["unit"] == "percent" and rest:
        return rest  # "29.4% were persistently absent": a share of those who were
    if head in compiled["measure_auxiliaries"] or compiled["measure_verb"].fullmatch(head) \
            or len(head) > 3 and head.endswith("ed"):
        return ""  # "41 came from the police": a part of the measure before, not a measure
    return said


_OF_THE = re.compile(r"\s*of\s+(?:the\s+|our\s+)?")


_MEASURE_WORD = re.compile(r"[^\W_](?:[\w'’&/-]*[^\W_])?%?")


def _phrase(text: str, start: int, end: int, cuts: list[tuple[int, int]], cut_starts: list[int],
            compiled: dict[str, Any], auxiliaries: bool = False) -> str:
    """The words of ``text[start:end]`` as a measure: figures (not definitions' numbers), periods
    and brackets left out, leading and trailing words trimmed, at most 12 words."""
    if end <= start:
        return ""
    pieces = []
    pos = start
    at = bisect.bisect_left(cut_starts, start)
    while at > 0 and cuts[at - 1][1] > start:
        at -= 1
    while at < len(cuts) and cuts[at][0] < end:
        c_start, c_end = cuts[at]
        if c_start > pos:
            pieces.append(text[pos:c_start])
        pos = max(pos, c_end)
        at += 1
    if pos < end:
        pieces.append(text[pos:end])
    joined = " ".join(pieces)
    if "(" in joined:  # "(CIN)" and what was a figure's bracket left out; "(year to date)" kept
        joined = _IN_BRACKETS.sub(lambda m: " " if _ACRONYM_OR_EMPTY.fullmatch(m.group(1)) else f" {m.group(1)} ",
                                  joined)
    words = _MEASURE_WORD.findall(joined)
    leading, trailing = compiled["measure_leading"], compiled["measure_trailing"]
    first = 0
    while first < len(words) and words[first].lower() in leading:
        first += 1
    if auxiliaries:  # "referrals were received": "referrals received"
        skip = compiled["measure_auxiliaries"]
        for i in range(first + 1, min(len(words), first + 5)):
            if words[i].lower() in skip:  # with a second straight after it: "have been"
                drop = 2 if i + 1 < len(words) and words[i + 1].lower() in skip else 1
                words = words[:i] + words[i + drop:]
                break
    last = len(words)
    while last > first and words[last - 1].lower() in trailing:
        last -= 1
    return " ".join(words[first:last][:12])


_IN_BRACKETS = re.compile(r"\(([^()]*)\)?")
_ACRONYM_OR_EMPTY = re.compile(r"[\s\W\d]*(?:[A-Z][A-Za-z&]*[A-Z]s?)?[\s\W\d]*")
# a line that opens a list item, heading or table row: "- ", "* ", "# ", "| ", "12\t"
_NEW_ITEM = re.compile(r"\s*(?:[-*•#|]|\d+[\t:.)]|\S*\t)")


_PERIOD_LEAD = re.compile(r"\s*(?:[a-z]+\s){0,2}(?:in|for|during|at|as at|by|from|since)\s(?:the\s)?(?:end\sof\s)?"
                          r"|\s*(?:\(|,\s)?")
_ON_LEAD = re.compile(r"\s*(?:[a-z]+\s){0,2}on\s")  # "480 on 31 March 2023" (a date only: "down 14 on Q1" compares)
_THAN = re.compile(r"\bthan\b")
_COMPARED_WITH = re.compile(r"\b(?:than|on|from|since|compared|against|versus|vs)\b", re.I)


def _period_for(raw: _Raw, unit_end: int, text: str, s_start: int, s_end: int,
                index: _Index) -> tuple[str | None, str | None]:
    # "81.4% in 2023/24", "693 per 10,000 children in September 2023", else the sentence's period
    # nearest before, else its next period when no other figure stands between ("1,417
    # assessments were started in 2023/24"), else the paragraph's first, else the sentence's first
    periods, starts = index.periods, index.period_starts
    chosen = None
    at = bisect.bisect_left(starts, unit_end)
    while at < len(periods) and starts[at] < s_end and starts[at] - unit_end <= 30:
        between = text[unit_end:starts[at]].lower()
        if (_PERIOD_LEAD.fullmatch(between) or _ON_LEAD.fullmatch(between) and _DATE.fullmatch(periods[at][2])) \
                and not _THAN.search(between):
            chosen = periods[at]
            break
        at += 1
    if chosen is None:
        at = bisect.bisect_right(index.period_ends, raw.start) - 1
        if at >= 0 and starts[at] >= s_start and not _TO_AFTER.fullmatch(text, periods[at][1], raw.start):
            chosen = periods[at]  # (not "from six in 2021/22 to two": that period is the one it rose from)
        elif (at := bisect.bisect_left(starts, unit_end)) < len(periods) and starts[at] < s_end \
                and not index.figure_between(raw.end, starts[at]) \
                and not _COMPARED_WITH.search(text, unit_end, starts[at]):
            chosen = periods[at]  # not "6.1% lower than in 2022/23", "down 14 on Q1": the period compared with
        else:
            # the period the paragraph is about: the first it names ("In 2023/24 ... compared with
            # 2022/23. [this sentence]" is about 2023/24; the latest named would be the comparison,
            # the latest in time often a target's deadline); else the sentence's own
            at = bisect.bisect_left(starts, s_start)
            first = bisect.bisect_left(starts, index.paragraph(raw.start) + 1)
            if first < at:
                chosen = periods[first]
            elif at < len(periods) and starts[at] < s_end:
                chosen = periods[at]
    if chosen is None:
        return None, None
    written = chosen[2]
    if written[:1].isdigit() and (label := _date_label(written)):  # a day, though parse_period reads
        return written, label  # "17/05/2024" as its month (what a scorecard's column means by it)
    period = _parse_period(written)
    return written, period.label if period else None


# a fronted phrase that names a part of what is measured ("At Key Stage 2, ...", "Among boys, ...")
_FRONTED_PART = re.compile(r"(?:at|among|amongst|within|across) ")
_TO_AFTER = re.compile(r",?\s+to\s+")
_DATE = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\.?\s+((?:19|20)\d{{2}})", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)?\d{2})")  # day first, as in the UK


def _date_label(written: str) -> str | None:
    """A date as the papers write it, the same way each time: "31st Mar. 2024" -> "31 March 2024";
    None for anything else, and for a day the month does not have."""
    day = _date_of(written)
    return None if day is None else f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _date_of(written: str) -> date | None:
    """The day a date names ("31st Mar. 2024"); None for anything else, and for a day the month
    does not have."""
    m = _DATE.fullmatch(written)
    try:
        if m is not None:
            return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        m = _NUMERIC_DATE.fullmatch(written)
        if m is not None:  # "31/03/2024", "5/3/24"; "5/17/2018" (month first) names no UK day
            year = int(m.group(3))
            return date(year + 2000 if year < 100 else year, int(m.group(2)), int(m.group(1)))
    except ValueError:
        pass
    return None


def _previous_by_period(rows: list[dict[str, Any]], index: _Index, sentences: dict[int, list[dict[str, Any]]]) -> None:
    """An actual figure for an earlier period than the latest actual or comparator figure in its
    sentence, and then in its paragraph, is a previous value (in place)."""
    if len({f["period"] for f in rows if f["period"]}) < 2:  # one period or none: nothing is earlier
        return
    keys: dict[str, tuple[str, date, date] | None] = {}  # by period as written
    dated_rows = []
    for f in rows:
        written = f["period"]
        if f["role"] in _SAID_NOW and written:
            if written not in keys:
                keys[written] = _period_key(written)
            if keys[written] is not None:
                dated_rows.append((keys[written], f))
    for key in (lambda pf: pf[1]["sentence"], lambda pf: index.paragraph(pf[1]["start"])):
        groups: dict[Any, list] = {}
        for pf in dated_rows:
            groups.setdefault(key(pf), []).append(pf)
        for dated in groups.values():
            if len(dated) > 1 and len({p for p, _ in dated}) > 1:
                _mark_previous(dated, keys, sentences)


def _mark_previous(dated: list[tuple[tuple[str, date, date], dict[str, Any]]],
                   keys: dict[str, tuple[str, date, date] | None],
                   sentences: dict[int, list[dict[str, Any]]]) -> None:
    """Among figures with their periods, the actual ones earlier than the latest (of the same kind
    of period and unit) are previous values, unless their own sentence gives an earlier figure as
    the previous one ("fell to 71.2% in February 2024 from 76.5% in January 2024" keeps 71.2% when
    a later sentence gives another measure for March 2024)."""
    # the latest of the figures said as they stand (a target's deadline is not "now"), as Period
    # orders: by end, shorter first
    latest, now = max(dated, key=lambda pf: (pf[0][1], -pf[0][2].toordinal()))
    for p, f in dated:
        if f["role"] == "actual" and p[0] == latest[0] and p[1] < latest[1] and f["unit"] == now["unit"] \
                and not _compared_in_sentence(f, p, keys, sentences[f["_at"][0]]):
            f["role"] = "previous"


def _sentence_groups(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """The figures of each sentence, by where it starts, in order."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for f in rows:
        at = f["_at"][0]
        group = groups.get(at)
        if group is None:
            groups[at] = [f]
        else:
            group.append(f)
    return groups


def _compared_in_sentence(f: dict[str, Any], p: tuple[str, date, date], keys: dict[str, tuple[str, date, date] | None],
                          sentence: list[dict[str, Any]]) -> bool:
    """Whether ``f``'s own sentence gives a previous figure after it, of its unit, for an earlier
    period, and none before it (in "compared to 2022/23 (286), 2021/22 (106) and 2020/21 (143)",
    106 is one of the earlier figures)."""
    for g in sentence:
        if g["role"] == "previous" and g["start"] < f["start"]:
            return False
        if g["role"] == "previous" and g["unit"] == f["unit"] and g["period"]:
            key = keys.get(g["period"]) or _period_key(g["period"])
            if key is not None and key[0] == p[0] and key[1] < p[1]:
                return True
    return False


_SAID_NOW = frozenset({"actual", "comparator"})  # roles whose period can be the latest a sentence or paragraph is about


def _period_key(written: str) -> tuple[str, date, date] | None:
    """(kind, end, start) of a period as written, a date ("31 March 2024") as a day; None for one
    that cannot be placed in time."""
    day = _date_of(written) if written[:1].isdigit() else None
    if day is not None:
        return "day", day, day
    period = _parse_period(written)
    return None if period is None else (period.kind.value, period.end, period.start)
