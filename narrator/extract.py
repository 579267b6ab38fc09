"""Reverse mode, stage 1: the figures in a narrative, with value, unit, role, period and measure.

A spaCy pipeline on ``spacy.blank("en")`` (no trained model) with three rule components, run in
this order so that each sees what the earlier ones claimed:

1. ``narrator_periods``: periods (``2023/24``, ``2022-23``, ``Q3 23/24``, ``Quarter 4``,
   ``March 2024``, ``year to date``, ``as at the end of September``, bare years) into
   ``doc.spans["periods"]``; nothing inside a period is ever a figure.
2. ``narrator_identifiers``: numbers that name things (``section 47``, ``S47``, ``NI136``,
   ``Year 6``, ``Key Stage 2``, ``Covid 19``, codes such as ``CIN4``, dates such as ``31 March``)
   into ``doc.spans["identifiers"]``, using a spaCy ``Matcher`` on the cue words in
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
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .periods import parse_period
from .phrasebank import Checker, load_checked
from .settings import DEFAULT, Settings

UNITS = ("percent", "count", "rate_per_10k", "rate_per_1000", "rate_per_100k", "days", "weeks", "months", "years",
         "currency_gbp", "ratio", "other")
ROLES = ("actual", "target", "previous", "comparator", "threshold", "change", "part_of_definition")
ROLE_ORDER = ("change", "target", "part_of_definition", "comparator", "previous")


@dataclass(frozen=True, slots=True)
class ExtractedFigure:
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
    target_words: dict[str, tuple[str, ...]]


def _check(data: Any, chk: Checker) -> Cues:
    data = chk.mapping(data, "")
    chk.unknown_keys(data, "", {"version", "number_words", "ratio_words", "units_after", "roles",
                                "identifiers_before", "months_after", "direction_words", "target_words"})

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
    return Cues(numbers_of("number_words"), numbers_of("ratio_words"), tuple(units), before, after,
                frozenset(w.lower() for w in chk.texts(data.get("identifiers_before", []), "identifiers_before")),
                frozenset(w.lower() for w in chk.texts(data.get("months_after", []), "months_after")),
                directions, targets)


@lru_cache(maxsize=4)
def _load(path: Path) -> Cues:
    return load_checked(path, _check)


def load_cues(settings: Settings = DEFAULT) -> Cues:
    return _load(settings.phrasebank / "extract.yml")


# ---------------------------------------------------------------------------------------------
# Patterns

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_SPLIT_YEAR = r"(?:19|20)\d{2}\s?[/\-–]\s?(?:(?:19|20)\d{2}|\d{2})(?!\d)"
_SHORT_SPLIT = r"(?<![\d.,£])\d{2}/\d{2}(?![\d/%])"
PERIOD_RE = re.compile(
    rf"(?:\b(?:q[1-4]|quarter\s(?:one|two|three|four|[1-4]))(?:\s(?:of\s)?(?:{_SPLIT_YEAR}|\d{{2}}/\d{{2}}|(?:19|20)\d{{2}}))?"
    rf"|\b(?:{_MONTHS})\.?\s(?:19|20)\d{{2}}\b"
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
# Where a period can start: PERIOD_RE is tried only at these places.
_PERIOD_START = re.compile(r"(?<![a-z0-9])(?:\d|q[1-4]|quarter|year|ytd|as at|rolling|last|past|previous|first|"
                           rf"second|the (?:last|past|previous)|financial|fy|{_MONTHS}|one|two|three|four|five|six|"
                           r"twelve)")


def find_periods(text: str) -> list[tuple[int, int, str]]:
    """Every period in ``text`` as (start, end, as written), left to right, not overlapping."""
    lower = text.lower()
    if len(lower) != len(text):  # a character whose lower case is longer: no shortcut
        return [(m.start(), m.end(), m.group(0)) for m in PERIOD_RE.finditer(text)]
    out, last = [], -1
    for candidate in _PERIOD_START.finditer(lower):
        start = candidate.start()
        if start < last:
            continue
        m = _PERIOD_LOWER.match(lower, start)
        if m and m.end() > start:
            out.append((start, m.end(), text[start:m.end()]))
            last = m.end()
    return out


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
NUMBER_RE = re.compile(
    rf"(?P<sign>[-−+])?(?P<cur>£)?(?P<num>{_NUM})(?P<mult>\s?(?:bn|billion|million|m|k)\b)?(?P<pct>\s?%)?",
    re.IGNORECASE)
CODE_RE = re.compile(r"\b(?:[A-Z]{1,5}\d+[a-z]?|[A-Z]+\d+[A-Z]+\d*|S\.?\s?47s?)\b")
COVID_RE = re.compile(r"\bcovid[\s-]?19\b", re.IGNORECASE)
ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
RANGE_RE = re.compile(rf"(?P<a>{_NUM})\s?(?:-|–|to)\s?(?P<b>{_NUM})")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'“£])|\n\s*\n|\n(?=\s*[-•*]\s)|\n(?=[A-Z][^\n]{0,80}\n)")
CLAUSE_BREAK = re.compile(r"[;:]|,\s(?=(?:and|but|while|whilst|which|with|against|compared)\b)|\s(?:and|but|while|whilst)\s|, ")
_WORD_SPLIT = re.compile(r"[^\w%£+'’-]+|\.(?!\d)")
RATE_BASE_RE = re.compile(r"\bper\s(?:10,?000|1,?000|100,?000|10k|100k|1k)\b", re.IGNORECASE)

FRACTION_PATTERNS = [
    # 81.4% (1,119 / 1,374)  or 81.4% (1,119 out of 1,374)
    ("pct_paren_fraction", re.compile(
        rf"(?P<p>{_NUM})\s?(?:%|per\s?cent)\s?\(\s?(?P<n>{_NUM})\s?(?:/|out of|of)\s?(?P<d>{_NUM})\s?\)", re.I)),
    # 9 (75%) of the 12
    ("count_paren_pct_of", re.compile(
        rf"(?P<n>{_NUM})\s?\(\s?(?P<p>{_NUM})\s?(?:%|per\s?cent)\s?\)\s?(?:out\s)?of\s(?:the\s|all\s)?(?P<d>{_NUM})", re.I)),
    # 82% (3,045)
    ("pct_paren_count", re.compile(rf"(?P<p>{_NUM})\s?(?:%|per\s?cent)\s?\(\s?(?P<n>{_NUM})\s?\)", re.I)),
    # 41 out of 104 ; 41 of the 104 ; 41/104
    ("count_out_of", re.compile(
        rf"(?<![\d.,/])(?P<n>{_NUM})\s?(?:out\sof|of\sthe|/)\s?(?P<d>{_NUM})(?![\d/%]|\s?(?:%|per\s?cent))", re.I)),
]


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
                spans, matches = [], find_periods(_doc_text(doc))
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
        nlp.add_pipe("narrator_periods")
        nlp.add_pipe("narrator_identifiers")
        nlp.add_pipe("narrator_figures")
        _NLP = nlp
    return _NLP


def _doc_text(doc) -> str:
    """The text (``Doc.text`` joins every token again, so the caller's string is kept)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def _span(doc, start: int, end: int, label: str):
    """The span over these characters (token boundaries; widened only when they fall mid-token)."""
    return doc.char_span(start, end, label=label) or doc.char_span(start, end, label=label,
                                                                   alignment_mode="expand")


@lru_cache(maxsize=4096)
def _parse_period(text: str):
    return parse_period(text)


class _Identifiers:
    """Numbers that name things: a spaCy Matcher on the cue word before a number, plus codes."""

    def __init__(self, nlp, cues: Cues):
        from spacy.matcher import Matcher

        self.matcher = Matcher(nlp.vocab)
        single = [w for w in cues.identifiers_before if " " not in w]
        multi = [w.split() for w in cues.identifiers_before if " " in w]
        self.matcher.add("ID_AFTER_WORD", [[{"LOWER": {"IN": single}}, {"IS_DIGIT": True}],
                                           *[[*({"LOWER": part} for part in words), {"IS_DIGIT": True}]
                                             for words in multi]])
        self.matcher.add("DATE", [[{"IS_DIGIT": True}, {"LOWER": {"IN": sorted(cues.months_after)}}]])

    def __call__(self, doc):
        spans = []
        for _, start, end in self.matcher(doc):
            spans.append(doc[start:end])
        for pattern in (CODE_RE, COVID_RE):
            for m in pattern.finditer(_doc_text(doc)):
                span = _span(doc, m.start(), m.end(), "IDENTIFIER")
                if span is not None:
                    spans.append(span)
        doc.spans["identifiers"] = spans
        return doc


# ---------------------------------------------------------------------------------------------
# Extraction


@dataclass
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
        return 1 in self.bits[start:end]


_COMPILED: dict[int, dict[str, Any]] = {}


def _compiled(cues: Cues) -> dict[str, Any]:
    """Patterns built from the cue lists, once per loaded phrasebank."""
    found = _COMPILED.get(id(cues))
    if found is None:
        words = sorted(list(cues.ratio_words) + list(cues.number_words), key=len, reverse=True)

        def alternation(phrases, anchor):
            body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) or "(?!)"
            return re.compile(rf"(?:^| )(?:{body})$" if anchor == "end" else rf"^(?:{body})(?: |$)")

        found = {"words": re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"),
                 "before": {r: alternation(p, "end") for r, p in cues.role_before.items()},
                 "after": {r: alternation(p, "start") for r, p in cues.role_after.items()},
                 "keep": cues}
        _COMPILED[id(cues)] = found
    return found


def _word_numbers_re(cues: Cues) -> re.Pattern[str]:
    return _compiled(cues)["words"]


def _sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _tail_words(text: str, n: int = 6) -> str:
    words = [w for w in _WORD_SPLIT.split(text.lower()) if w]
    return " ".join(words[-n:])


def _head_words(text: str, n: int = 5) -> str:
    words = [w for w in _WORD_SPLIT.split(text.lower()) if w]
    return " ".join(words[:n])


def _ends_with(tail: str, phrase: str) -> bool:
    return tail == phrase or tail.endswith(" " + phrase)


def _starts_with(head: str, phrase: str) -> bool:
    return head == phrase or head.startswith(phrase + " ") or (phrase in ("+",) and head.startswith(phrase))


def _unit_after(text: str, pos: int, cues: Cues) -> tuple[str | None, int]:
    """The unit words straight after a figure, and where they end."""
    window = text[pos:pos + 40].lower()
    stripped = window.lstrip()
    lead = len(window) - len(stripped)
    for phrase, unit in cues.units_after:
        if stripped.startswith(phrase) and (len(stripped) == len(phrase) or not stripped[len(phrase)].isalnum()
                                            or phrase == "%"):
            return unit, pos + lead + len(phrase)
    # "per 10,000 children" may follow a word or two: "693 referrals per 10,000 children"
    m = re.match(r"\s*(?:[a-z'-]+\s){0,3}?per\s(10,?000|10k|1,?000|100,?000|100k)\b", window)
    if m:
        unit = {"10000": "rate_per_10k", "10k": "rate_per_10k", "1000": "rate_per_1000",
                "100000": "rate_per_100k", "100k": "rate_per_100k"}[m.group(1).replace(",", "")]
        return unit, pos + m.end()
    return None, pos


def extract_text(text: str, source: str = "<text>", settings: Settings = DEFAULT) -> Extraction:
    """Every figure in ``text``."""
    cues = load_cues(settings)
    nlp = pipeline()
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text
    doc.user_data["cues"] = cues
    for _, component in nlp.pipeline:
        doc = component(doc)
    return _finish(text, source, doc.user_data["figures"], doc.user_data["period_matches"], cues)


def _find_figures(text: str, doc, cues: Cues) -> list[_Raw]:
    """The figures, in text order: fractions first (so their parts are linked), then numbers,
    then numbers in words; none inside a period, an identifier or a rate's base ("per 10,000")."""
    blocked = _Mask(len(text))
    for start, end, _ in doc.user_data["period_matches"]:
        blocked.add(start, end)
    for span in doc.spans["identifiers"]:
        blocked.add(span.start_char, span.end_char)
    for m in RATE_BASE_RE.finditer(text):
        blocked.add(m.start(), m.end())
    raws: list[_Raw] = []
    taken = _Mask(len(text))

    # Fractions first, so their parts are linked.
    for kind, pattern in FRACTION_PATTERNS:
        for m in pattern.finditer(text):
            if taken.any(m.start(), m.end()) or blocked.any(m.start(), m.end()):
                continue
            groups = {g: (m.start(g), m.end(g)) for g in ("p", "n", "d") if g in pattern.groupindex}
            parts: dict[str, int] = {}
            for g, (s, e) in groups.items():
                if g == "p":
                    pct_end = text.find("%", e, e + 2)
                    end = pct_end + 1 if pct_end != -1 else e
                    if end == e:
                        pc = re.match(r"\s?per\s?cent", text[e:e + 10], re.I)
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

    for m in NUMBER_RE.finditer(text):
        start, end = m.start("num"), m.end()
        if m.group("cur"):
            start = m.start("cur")
        elif m.group("sign") and (m.start() == 0 or not text[m.start() - 1].isalnum()) and m.group("sign") != "-":
            start = m.start()
        if m.group("sign") == "-" and m.start() > 0 and text[m.start() - 1] == " " and \
                (m.start() + 1 < len(text) and text[m.start() + 1].isdigit()):
            start = m.start()  # "-14.1%"
        if taken.any(start, end) or blocked.any(m.start("num"), m.end("num")):
            continue
        before = text[max(0, start - 1):start]
        if before and (before.isalpha() or before in "/"):
            continue  # part of a word or code ("CIN4", "a/b")
        after = text[end:end + 2]
        if ORDINAL_RE.match(text, m.start("num")):
            continue
        if after[:1].isalpha() and not m.group("mult") and not after.lower().startswith(("x ",)):
            # "12m" written for months, "72hrs", "3rd": a unit glued on
            glued = re.match(r"[a-z]+", text[end:end + 6], re.I).group(0).lower()
            if glued not in ("hrs", "hr", "h", "k", "m", "pm", "am", "ppt", "pp", "x"):
                continue
        value = _number(m.group("num"))
        if m.group("sign") == "-" and start == m.start():
            value = -value
        unit = None
        if m.group("pct"):
            unit = "percent"
        if m.group("cur"):
            unit = "currency_gbp"
            mult = (m.group("mult") or "").strip().lower()
            value *= {"m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "k": 1e3}.get(mult, 1)
        elif m.group("mult"):
            mult = m.group("mult").strip().lower()
            if mult in ("million", "billion"):
                value *= 1e6 if mult == "million" else 1e9
            else:
                end = m.end("num")  # "12m" without £: months or millions? keep the number only
        raws.append(_Raw(start, end, value, unit))
        taken.add(start, end)

    lower = text.lower()
    for m in _word_numbers_re(cues).finditer(lower):
        word = m.group(0)
        unit = "ratio" if word in cues.ratio_words else "count"
        value = cues.ratio_words.get(word, cues.number_words.get(word))
        if taken.any(m.start(), m.end()) or blocked.any(m.start(), m.end()):
            continue
        if unit == "count" and not re.match(r"\s+[a-z]", lower[m.end():m.end() + 3]):
            continue
        if word == "one" and re.match(r"\s+(?:of|another|in)\b", lower[m.end():m.end() + 9]):
            continue
        raws.append(_Raw(m.start(), m.end(), value, unit))
        taken.add(m.start(), m.end())

    raws.sort(key=lambda r: r.start)
    return raws



def _finish(text: str, source: str, raws: list[_Raw], period_matches, cues: Cues) -> Extraction:
    sentences = _sentences(text)
    starts = [s for s, _ in sentences]
    labels = _labels(text)
    figures: list[ExtractedFigure] = []
    index_of = {id(r): i for i, r in enumerate(raws)}
    for i, raw in enumerate(raws):
        at = bisect.bisect_right(starts, raw.start) - 1
        s_start, s_end = sentences[at] if at >= 0 and raw.start < sentences[at][1] else (0, len(text))
        sentence = text[s_start:s_end]
        clause_start = s_start
        for m in CLAUSE_BREAK.finditer(text, s_start, raw.start):
            clause_start = m.end()
        clause_end = s_end
        nxt = CLAUSE_BREAK.search(text, raw.end, s_end)
        if nxt:
            clause_end = nxt.start()
        unit = raw.unit
        unit_words_end = raw.end
        if unit in (None, "count"):
            found, unit_words_end = _unit_after(text, raw.end, cues)
            if found == "hours":
                found = "other"
            if found and unit is None or (found and unit == "count" and raw.part_of is None and found != "percent"):
                unit = found
        if unit is None:
            window = text[clause_start:raw.start].lower()
            if re.search(r"per\s(?:10,?000|10k)\b", window):
                unit = "rate_per_10k"
            elif re.search(r"per\s(?:100,?000|100k)\b", window):
                unit = "rate_per_100k"
            elif re.search(r"per\s(?:1,?000|thousand)\b", window):
                unit = "rate_per_1000"
            elif re.search(r"\b(?:number of )?days\b|\bworking days\b", window) and "average" in window:
                unit = "days"
            elif re.search(r"\bper\s(?!cent\b|10|1,|100|thousand)[a-z]", text[max(0, s_start):raw.start].lower()):
                unit = "ratio"  # "children per social worker"
            else:
                unit = "count"
        tail = _tail_words(_YEARS.sub(" ", text[max(clause_start, raw.start - 80):raw.start].replace("(", " ")))
        head = _head_words(text[unit_words_end:min(clause_end, unit_words_end + 40)])
        role = _role(raw, tail, head, text[unit_words_end:clause_end], cues)
        if role == "actual" and re.search(r"percentage points?|% points?|\bpp\b", text[raw.end:unit_words_end], re.I):
            role = "change"  # "up 4 percentage points"
        elif role == "actual" and re.search(r"(?:^|\s)(?:up|down)$", tail) and re.match(r"\s*(?:on|from|since)\b",
                                                                                      text[unit_words_end:clause_end]):
            role = "change"  # "down 14 on Q1"
        elif role == "actual" and re.search(r"(?:^|\s)in$", tail) and re.match(
                r"\s?(?:hrs|hours?|working days?|days?|weeks?|months?)\b", text[raw.end:raw.end + 14], re.I):
            role = "part_of_definition"  # "in 72 hours"
        period, period_norm = _period_for(raw, unit_words_end, text, s_start, s_end, period_matches)
        comparator = _comparator_name(tail, head) if role == "comparator" else None
        measure = _measure(text, clause_start, raw.start, unit_words_end, clause_end, labels)
        figures.append(ExtractedFigure(text[raw.start:raw.end], raw.start, raw.end, raw.value, unit, role, period,
                                       period_norm, comparator, measure, sentence.strip()))
    from dataclasses import replace as _replace

    # "a fall of 85 (6.3%)": the bracketed percentage is the same change, relative
    for i in range(1, len(figures)):
        a, b = figures[i - 1], figures[i]
        if a.role == "change" and b.unit == "percent" and re.fullmatch(r"\s?\(\s?", text[a.end:b.start]):
            figures[i] = _replace(b, role="change")
    # a range of ages or times is part of a definition ("aged 15 to 17", "at 6 to 8 weeks", "16 and 17 year olds",
    # "between 4 and 9 times")
    for i in range(1, len(figures)):
        a, b = figures[i - 1], figures[i]
        between = text[max(0, a.start - 8):a.start].lower().endswith("between ") and \
            re.match(r"\s?[a-z]", text[b.end:b.end + 3])
        if re.fullmatch(r"\s?(?:-|–|to|and)\s?", text[a.end:b.start]) and (
                between or b.role == "part_of_definition" or re.match(r"\s?(?:weeks?|months?|years?|days?|hours?|times)\b",
                                                                      text[b.end:b.end + 8])):
            figures[i - 1] = _replace(a, role="part_of_definition")
            figures[i] = _replace(b, role="part_of_definition")
    # the second number of a range ("aged 19-21", "18 to 22%") takes the first one's role
    for i in range(1, len(figures)):
        a, b = figures[i - 1], figures[i]
        if re.fullmatch(r"\s?(?:-|–|to)\s?", text[a.end:b.start]) and a.role in ("part_of_definition", "target"):
            figures[i] = _replace(b, role=a.role, unit=a.unit if b.unit == "count" else b.unit)
    # previous: a figure "in <earlier period>" beside one for a later period in the same sentence
    figures = _previous_by_period(figures)
    # a rate said once: "fell from 830 to 693 per 10,000 children, above statistical neighbours (579)"
    rates = {}
    for f in figures:
        if f.unit.startswith("rate_"):
            rates.setdefault(f.sentence, f.unit)
    for i, f in enumerate(figures):
        if f.unit == "count" and f.sentence in rates and f.role in ("previous", "comparator", "target", "change") \
                and raws[i].part_of is None:
            figures[i] = _replace(f, unit=rates[f.sentence])
    # ... or once in the paragraph: a bare number of the same size nearby is the same rate
    paragraph_rate: dict[int, tuple[str, float]] = {}
    for f in figures:
        if f.unit.startswith("rate_") or f.unit == "ratio" and f.value > 1 and f.text[:1].isdigit():
            paragraph_rate.setdefault(text.rfind("\n\n", 0, f.start), (f.unit, abs(f.value)))
    for i, f in enumerate(figures):
        found = paragraph_rate.get(text.rfind("\n\n", 0, f.start))
        if found and f.unit == "count" and raws[i].part_of is None and raws[i].numerator is None \
                and f.role not in ("part_of_definition",) and f.value and found[1] \
                and (f.role == "change" or 1 / 3 <= abs(f.value) / found[1] <= 3):
            figures[i] = _replace(f, unit=found[0])
    def idx(other: _Raw | None) -> int | None:
        return None if other is None else index_of[id(other)]

    linked = [_replace(fig, numerator=idx(raw.numerator), denominator=idx(raw.denominator), part_of=idx(raw.part_of))
              for raw, fig in zip(raws, figures)]
    return Extraction(source, text, tuple(linked), tuple(period_matches))


def _role(raw: _Raw, tail: str, head: str, rest: str, cues: Cues) -> str:
    """The first role (in ROLE_ORDER) whose cue ends the words before the figure or starts the
    words after it; ``rest`` is the clause after the figure."""
    if raw.part_of is not None:
        return "actual"
    patterns = _compiled(cues)
    for role in ROLE_ORDER:
        before = patterns["before"].get(role)
        m = before.search(tail) if before is not None else None
        if m is not None and m.group(0).strip() == "from" and not re.search(r"\bto\b", rest) \
                and not _CHANGE_WORD.search(tail) and re.match(r"\s*[a-z]", rest) \
                and not re.match(r"\s*(?:in|at|for|during|a|an|the|per|last|this|that|as)\b", rest):
            m = None  # "332 children from 198 families": not "from A to B" nor "a decrease from A"
        if m is not None:
            return role
        after = patterns["after"].get(role)
        if after is not None and after.search(head):
            return role
    # "the North West rate of 372.1", "England's figure of 55%": a comparator named just before
    last = re.split(r"\b(?:than|from|target|compared)\b", tail)[-1]
    if _COMPARATOR_NEAR.search(" ".join(last.split()[-5:])):
        return "comparator"
    return "actual"


# "the England average for 2021/22 (538)": the period between cue and figure is skipped
_YEARS = re.compile(r"\s(?:(?:for|in)\s)?(?:(?:19|20)\d\d(?:[/-]\d\d)?|q[1-4]\s\S+|[a-z]+\s(?:19|20)\d\d)\s*(?=$|\()",
                    re.IGNORECASE)
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


_INLINE_LABEL = re.compile(r"(?:^|\n)([A-Z][\w'’&/ -]{1,40}?):\s", re.MULTILINE)


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
    for m in _INLINE_LABEL.finditer(text):
        if len(m.group(1).split()) <= 5:
            out.append((m.start(1), m.group(1).strip()))
    out.sort()
    return out


def _measure(text: str, clause_start: int, start: int, end: int, clause_end: int,
             labels: list[tuple[int, str]]) -> str:
    """"label: words of the clause" (the words before the figure, or after it when it opens the clause)."""
    label = ""
    for pos, name in labels:
        if pos <= start:
            label = name
        else:
            break
    words = [w.strip("()[],;:/") for w in re.split(r"\s+", text[clause_start:start].strip()) if w][-10:]
    words = [w for w in words if w and not re.search(r"\d", w) and not text[clause_start:start].strip().endswith(":")]
    if len(words) < 3:
        after = [w.strip("()[],;:/.") for w in re.split(r"\s+", text[end:clause_end].strip()) if w][:10]
        words = [w for w in after if w and not re.search(r"\d", w)]
    clause = " ".join(words).strip(" ,;:()-")
    if label and clause:
        return f"{label}: {clause}"
    return label or clause


def _period_for(raw: _Raw, unit_end: int, text: str, s_start: int, s_end: int,
                period_matches) -> tuple[str | None, str | None]:
    # "81.4% in 2023/24", "693 per 10,000 children in September 2023", else the sentence's period
    # nearest before, else the first after, else the paragraph's latest before the figure
    inside = [(s, e, t) for s, e, t in period_matches if s_start <= s < s_end]
    chosen = None
    after = [p for p in inside if p[0] >= unit_end and p[0] - unit_end <= 30
             and re.fullmatch(r"\s*(?:[a-z]+\s){0,2}(?:in|for|during|at|as at|by|from|since)\s(?:the\s)?(?:end\sof\s)?"
                              r"|\s*(?:\(|,\s)?", text[unit_end:p[0]].lower())
             and not re.search(r"\bthan\b", text[unit_end:p[0]].lower())]
    if after:
        chosen = after[0]
    else:
        before = [p for p in inside if p[1] <= raw.start]
        if before:
            chosen = before[-1]
        else:
            # the period the paragraph was talking about before this sentence, else the sentence's own
            para_start = text.rfind("\n\n", 0, raw.start) + 1
            earlier = [p for p in period_matches if para_start <= p[0] < s_start]
            chosen = earlier[-1] if earlier else (inside[0] if inside else None)
    if chosen is None:
        return None, None
    written = chosen[2]
    period = _parse_period(written)
    return written, period.label if period else None


def _previous_by_period(figures: list[ExtractedFigure]) -> list[ExtractedFigure]:
    from dataclasses import replace

    out = list(figures)
    by_sentence: dict[str, list[int]] = {}
    for i, f in enumerate(figures):
        by_sentence.setdefault(f.sentence, []).append(i)
    for idxs in by_sentence.values():
        periods = [_parse_period(figures[i].period) if figures[i].period else None for i in idxs]
        dated = [p for p in periods if p is not None]
        if len(set(dated)) < 2:
            continue
        latest = max(dated)
        for i, p in zip(idxs, periods):
            f = figures[i]
            if p is not None and p < latest and f.role == "actual" and f.unit == figures[idxs[0]].unit \
                    and p.kind == latest.kind:
                out[i] = replace(f, role="previous")
    return out
