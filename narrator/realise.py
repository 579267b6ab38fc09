"""Stages 3-4: turn messages into sentences, with the wording from ``phrasebank/commentary.yml``.

Each sentence keeps the numbers it states, with the cells (or derivation) behind each one, so
``narrator facts --format json`` can show where every figure came from. Frames are picked
deterministically: a frame index from a stable hash of the indicator and message kind, moved on
when the previous paragraph used the same frame for that kind, and skipped when the sentence
would run past the profile's word limit.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import numbers
from .content import Message
from .facts import Direction, Fact, FactKind, Figure
from .model import Indicator, Period, PeriodKind, Relation, Scorecard, TargetKind, Unit
from .phrasebank import Checker, any_of, frame_slots, load_checked
from .records import quick_init
from .settings import DEFAULT, Settings
from .style import StyleData, abbreviation_hint, load_style_data

# The message kinds and cases code asks for: the contract the phrasebank must meet.
REQUIRED: dict[str, tuple[str, ...]] = {
    "opening_change": ("up.none", "down.none", "up.better", "down.better", "up.worse", "down.worse",
                       "same.none", "same.same", "unchanged"),
    "opening_change_second": ("up.none", "down.none", "up.better", "down.better", "up.worse", "down.worse",
                              "same.none", "same.same", "unchanged"),
    "opening_latest": ("any",),
    "last_available": ("any",),
    "missing": ("latest", "later", "unknown_period", "latest.blank", "unknown_period.blank"),
    "target": ("met.exact", "met.above", "met.below", "met.range", "missed.above", "missed.below",
               "missed.range_above", "missed.range_below", "none.above", "none.below", "none.exact"),
    "comparison": ("any", "stated", "target_met", "target_missed"),
    "band": ("higher", "lower", "in_range", "quartile", "other"),
    "streak": ("up", "down", "up.small", "down.small", "up.against", "down.against"),
    "extreme": ("up.since", "down.since", "up.all", "down.all"),
    "trend": ("up", "down", "same"),
    "volatile": ("any",),
    "caveat": ("series_break", "small_numbers"),
    "summary_counts": ("mixed", "better_only", "worse_only", "all_better", "all_worse", "all_none", "both_better",
                       "both_worse", "both_none", "one_better", "one_worse", "one_none", "unjudged"),
    "summary_targets": ("some_missed", "all_met", "all_missed", "both_met", "both_missed", "one_met", "one_missed"),
    "key_off_target": ("missed.above", "missed.below", "missed.range_above", "missed.range_below"),
    "key_met": ("any",),
    "key_behind": ("above.one", "below.one", "above.every", "below.every"),
    "key_change": ("up.better", "down.better", "up.worse", "down.worse", "up.none", "down.none"),
    "key_context": ("up.since", "down.since", "up.all", "down.all", "streak.up", "streak.down"),
    "previous_period": ("up", "down", "same", "unchanged"),
    "rolling": ("up", "down", "same"),
}
FRAGMENTS = ("in_period", "year_earlier", "previous_period", "for_period", "rise", "fall", "size_with_relative",
             "and", "list_comma", "both", "but", "target_value", "target_range", "target_below",
             "target_at_most", "target_above", "target_at_least", "comparator", "comparator_stated", "above",
             "below", "in_line")
DOCUMENT_HEADINGS = ("default_title", "period_label", "headlines", "summaries", "questions", "commentary",
                     "draft_subtitle", "brief_title", "council_label", "committee_label", "officer_context",
                     "indicators_table", "col_ref", "col_indicator", "col_latest", "col_previous", "col_target",
                     "col_comparators", "col_direction", "col_rag", "going_well", "concerns", "questions_to_ask",
                     "key_indicators", "none_found", "no_progress", "no_concerns", "no_questions",
                     "missing_value", "chart_caption")


@dataclass(frozen=True)
class Profile:
    name: str
    percent_sign: bool = True
    words_below: int = 10
    max_sentence_words: int = 25


@dataclass(frozen=True)
class Phrasebank:
    profiles: dict[str, Profile]
    unit_suffix: dict[str, str]
    period_words: dict[str, tuple[str, str]]
    fragments: dict[str, str]
    messages: dict[str, dict[str, tuple[str, ...]]]
    keep_capitals: frozenset[str] = frozenset()
    keep_before_number: frozenset[str] = frozenset()
    subject_max_words: int = 8
    subject_rate: str = "{name}"
    subject_count: str = "{name}"
    subject_percent: str = "{name}"
    subject_aged: str = "{range}"  # an age range after a counted noun: "care leavers aged 17 to 21"
    subject_qualified: str = "{name} ({qualifier})"  # what tells apart indicators that read the same
    subject_qualified_inside: str = "{name}, {qualifier}"  # the same inside a name's last bracket
    subject_article: str = "{name}"  # a name that opens with a measure word: "the number of open cases"
    article_openings: re.Pattern[str] | None = None  # those measure words ("Number of", "Average")
    spell_out: tuple[tuple[re.Pattern[str], str], ...] = ()  # abbreviations in names written out: "72hrs"
    subject_brackets: tuple[tuple[str, str], ...] = ()
    counted_nouns: frozenset[str] = frozenset()
    document: dict[str, str] = field(default_factory=dict)  # headings of the report
    break_notes: re.Pattern[str] | None = None  # notes that say the figures changed how they are counted
    # Realiser's subjects, by indicator name, label, unit and form (not part of the wording)
    subject_memo: dict = field(default_factory=dict, repr=False, compare=False)


SUBJECT_MEMO_SIZE = 20_000  # subjects remembered per phrasebank before the memo starts again


def _fields(frame: str) -> set[str]:
    return set(frame_slots(frame))


def _check(data: Any, chk: Checker) -> Phrasebank:
    data = chk.mapping(data, "")
    chk.unknown_keys(data, "", {"version", "profiles", "unit_suffix", "period_words", "fragments", "messages",
                                "keep_capitals", "keep_capitals_before_number", "subjects", "document",
                                "break_notes"})
    keep = frozenset(chk.texts(data.get("keep_capitals", []), "keep_capitals"))
    subjects = chk.mapping(data.get("subjects", {}), "subjects")
    chk.unknown_keys(subjects, "subjects", {"max_words", "rate", "count", "percent", "aged", "article",
                                            "article_openings", "qualified", "qualified_inside", "keep_brackets",
                                            "counted_nouns", "spell_out"})
    counted = frozenset(w.lower() for w in chk.texts(subjects.get("counted_nouns", []), "subjects.counted_nouns"))
    max_words = subjects.get("max_words", 8)
    if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 2:
        chk.error("subjects.max_words", f"expected a whole number of 2 or more, got {max_words!r}")
        max_words = 8
    forms = {}
    for key, default in (("rate", "{name}"), ("count", "{name}"), ("percent", "{name}"), ("aged", "{range}"),
                         ("article", "{name}"), ("qualified", "{name} ({qualifier})"),
                         ("qualified_inside", "{name}, {qualifier}")):
        form = chk.text(subjects.get(key, default), f"subjects.{key}") or default
        slots = _fields(default)
        try:
            if _fields(form) != slots:
                named = " and ".join(f"{{{slot}}}" for slot in sorted(slots))
                chk.error(f"subjects.{key}", f"expected a phrase with {named} and no other slot")
                form = default
        except ValueError as exc:
            chk.error(f"subjects.{key}", f"bad braces: {exc}")
            form = default
        forms[key] = form
    brackets = tuple((str(k).lower(), str(v)) for k, v in
                     chk.mapping(subjects.get("keep_brackets", {}), "subjects.keep_brackets").items())
    openings = chk.texts(subjects.get("article_openings", []), "subjects.article_openings")
    article_openings = re.compile(
        r"^(?:" + "|".join(r"\s+".join(map(re.escape, o.split())) for o in openings if o.strip()) + r")\b",
        re.IGNORECASE) if any(o.strip() for o in openings) else None
    spell_out = _spell_out(chk, subjects.get("spell_out", []))
    keep_number = frozenset(chk.texts(data.get("keep_capitals_before_number", []), "keep_capitals_before_number"))
    profiles = {}
    for name, spec in chk.mapping(data.get("profiles", {}), "profiles").items():
        spec = chk.mapping(spec, f"profiles.{name}")
        chk.unknown_keys(spec, f"profiles.{name}", {"percent_sign", "words_below", "max_sentence_words"})
        try:
            profiles[name] = Profile(name, **spec)
        except TypeError as exc:
            chk.error(f"profiles.{name}", str(exc))
    if "ons" not in profiles:
        chk.error("profiles.ons", "missing (the default profile)")
    suffix = {str(k): str(v) for k, v in chk.mapping(data.get("unit_suffix", {}), "unit_suffix").items()}
    for unit in suffix:
        if unit not in {u.value for u in Unit}:
            chk.error(f"unit_suffix.{unit}", "not a unit")
    period_words = {}
    for period_kind in PeriodKind:
        words = chk.texts(chk.mapping(data.get("period_words", {}), "period_words").get(period_kind.value, []),
                          f"period_words.{period_kind.value}")
        if len(words) != 2:
            chk.error(f"period_words.{period_kind.value}", "expected [singular, plural]")
        else:
            period_words[period_kind.value] = (words[0], words[1])
    fragments = {}
    raw_fragments = chk.mapping(data.get("fragments", {}), "fragments")
    for name in FRAGMENTS:
        if name not in raw_fragments:
            chk.error(f"fragments.{name}", "missing")
        else:
            text = chk.text(raw_fragments[name], f"fragments.{name}")
            if text is not None:
                fragments[name] = text
    chk.unknown_keys(raw_fragments, "fragments", FRAGMENTS)
    messages, _ = chk.slotted_cases(data.get("messages", {}), "messages", REQUIRED, "variants", "sentence",
                                    "message kind")
    document = {}
    raw_document = chk.mapping(data.get("document", {}), "document")
    chk.unknown_keys(raw_document, "document", DOCUMENT_HEADINGS)
    for key in DOCUMENT_HEADINGS:
        if key not in raw_document:
            chk.error(f"document.{key}", "missing")
        else:
            document[key] = chk.text(raw_document[key], f"document.{key}") or ""
    return Phrasebank(profiles, suffix, period_words, fragments, messages, keep, keep_number,
                      max_words, forms["rate"], forms["count"], forms["percent"], forms["aged"], forms["qualified"],
                      forms["qualified_inside"], forms["article"], article_openings, spell_out, brackets, counted, document,
                      any_of(chk.patterns(data.get("break_notes", []), "break_notes")))


def _spell_out(chk: Checker, value: Any) -> tuple[tuple[re.Pattern[str], str], ...]:
    """``subjects.spell_out``: [pattern, replacement] pairs; a replacement may name the pattern's
    groups as \\1 to \\9."""
    out = []
    if not isinstance(value, list):
        chk.error("subjects.spell_out", "expected a list of [pattern, replacement] pairs")
        return ()
    for i, pair in enumerate(value):
        key = f"subjects.spell_out[{i}]"
        if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(x, str) for x in pair):
            chk.error(key, "expected [pattern, replacement], both text")
            continue
        try:
            pattern = re.compile(pair[0], re.IGNORECASE)
        except re.error as exc:
            chk.error(key, f"not a regular expression ({exc})")
            continue
        groups = [int(g) for g in re.findall(r"\\(\d)", pair[1])]
        if any(g < 1 or g > pattern.groups for g in groups) or re.search(r"\\g<", pair[1]):
            chk.error(key, f"the replacement names a group the pattern does not have ({pattern.groups})")
            continue
        out.append((pattern, pair[1]))
    return tuple(out)


@lru_cache(maxsize=8)
def _load(path: Path) -> Phrasebank:
    return load_checked(path, _check)


def load_phrasebank(settings: Settings = DEFAULT) -> Phrasebank:
    """The validated commentary phrasebank; ConfigError lists every problem with its key."""
    return _load(settings.phrasebank / "commentary.yml")


# ---------------------------------------------------------------------------------------------

@quick_init
@dataclass(frozen=True, slots=True)
class Number:
    """A number as the text states it, with its value and where it came from: ``origin`` is the
    :class:`Figure` it states, or a derivation such as ``count(periods)``; ``source`` says it as
    text (the cells, or the derivation of them), made only when asked for."""

    text: str
    value: float
    origin: Figure | str

    @property
    def source(self) -> str:
        origin = self.origin
        return origin if isinstance(origin, str) else origin.source


@quick_init
@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    numbers: tuple[Number, ...]
    kind: str
    rule: str


_WORD = re.compile(r"[A-Za-z0-9£%]")
# (a caseload among the first three words is what is counted: "Social worker caseloads", not
# "Social workers with caseloads over 20")
_SAYS_COUNT = re.compile(r"^(?:the\s+)?(?:number|total|count|no\b|average|mean|median)|^(?:\S+\s+){0,2}caseloads?\b"
                         r"|\bnumbers?\b", re.I)
_SAYS_SHARE = re.compile(r"\b(?:percentage|proportion|per\s*cent|percent|rate|share|ratio)\b|%|^(?:the\s+)?average\b",
                         re.I)
_RATE_IN_NAME = re.compile(r"per\s*(?:10[,.]?000|10k|1[,.]?000|1k|100[,.]?000|100k)\b", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&/]+s?$")
_UNIT_BRACKETS = re.compile(r"\s*\((?:%|no\.?|number|num|n|count|percentage|%\s*month|no\.?\s*month)\)\s*$",
                            re.I)
_RANGE = re.compile(r"(?<![\d/])(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?½?)(?![\d/])")
_SPACES = re.compile(r"\s+")
_UNIT_ENDINGS = "oOsSſrR.%\n"  # what _TRAILING_UNIT can end with (ſ is s ignoring case; $ matches before a final \n)
_UNEVEN_SPACE = re.compile(r"\s\s|[^\S ]")  # what _SPACES.sub(" ", ...) would change
_SAYS_RATE = re.compile(r"\brates?\b", re.I)
_BRACKETED = re.compile(r"\s*\(([^()]*)\)")
_NOT_BRACKET_WORD = re.compile(r"[^a-z0-9+]+")
_SQUARE_BRACKETED = re.compile(r"\s*\[[^\[\]]*\]")
_TRAILING_UNIT = re.compile(r"\s+(?:no\.?|nos\.?|%|number)$", re.I)
_DASH = re.compile(r"(?<!\d)\s+[-–]\s+|\s+[-–]\s+(?!\d)")  # a separator, not "3 - 15"
# a separator with no spaces: between a plural word and a phrase in title case ("Outcomes-No
# Further Action"), not inside a word ("Semi-Independent", "Re-Referrals", "Step-Down")
_UNSPACED_DASH = re.compile(r"(?<=[a-z]{3}s)[-–](?=[A-Z][a-z]* [A-Z])")
_PERCENT_OF = re.compile(r"^%\s*of\b", re.I)
_NUMBER_OF = re.compile(r"^(?:no\.?|nos\.?)\s+of\b", re.I)


_PER_CENT = re.compile(r"\s+per\s+cent\b", re.I)
_NOT_A_WORD = re.compile(r"\s[^\sA-Za-z0-9£%]+(?!\S)")  # a token with no letter, digit, £ or % (after a space)


def word_count(text: str) -> int:
    """Words as the style checker counts them ("per cent" adds none, like "%"): the
    whitespace-separated tokens with a letter, digit, £ or % in them."""
    if "cent" in text.lower():
        text = _PER_CENT.sub("%", text)
    return len(text.split()) - len(_NOT_A_WORD.findall(" " + text))


def _sentence_case(name: str, keep_capitals: frozenset[str], keep_before_number: frozenset[str]) -> str:
    words = name.split()
    out = words[:1]
    for i, word in enumerate(words[1:], start=1):
        if word.islower():  # nothing in capitals: as it is
            out.append(word)
            continue
        bare = word.strip("()[],.;:'\"-")
        if bare.isupper() and len(bare) > 5 and bare not in keep_capitals:  # shouted: "BIRTHDAY CONTACT"
            word = word.replace(bare, bare.lower(), 1)
        elif bare[:1].isupper() and not any(ch.isupper() for ch in bare[1:]) and bare not in keep_capitals \
                and not _ACRONYM.match(bare) and not _before_number(bare, i, words, keep_before_number) \
                and not (bare == "Key" and i + 1 < len(words) and words[i + 1] == "Stage"):
            word = word.replace(bare, bare[:1].lower() + bare[1:], 1)
        elif "-" in bare and bare not in keep_capitals and all(
                part[:1].isupper() and part[1:].islower() for part in bare.split("-")):
            word = word.replace(bare, bare.lower(), 1)  # "Semi-Independent", each part capitalised
        out.append(word)
    return " ".join(out)


def _before_number(bare: str, i: int, words: list[str], keep_before_number: frozenset[str]) -> bool:
    return bare in keep_before_number and i + 1 < len(words) and words[i + 1][:1].isdigit()


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text if _ACRONYM.match(first.strip("()[],.;:'\"-")) else text[:1].lower() + text[1:]


def subject(ind: Indicator, pb: Phrasebank, short: bool = False, use_label: bool = True,
            qualifier: str = "") -> str:
    """How a sentence names the indicator (the paragraph's lead-in gives the full name).

    The name in sentence case (acronyms and ``keep_capitals`` words kept), with its bracketed
    qualifiers dropped unless they give the time basis (``subjects.keep_brackets``: "(YTD)" becomes
    "(year to date)"), number ranges written with "to" and a leading "% of" or "No. of" spelt
    out; the catalogue's short label when that is still longer than ``subjects.max_words``, or
    when the name is in two parts ("Child Protection - open over 18 months"), else the second part
    in brackets ("MASH screening outcomes (early help)"); and
    "The rate of ..." for a rate whose name does not say so ("The number of ..." for a count;
    "The percentage of ..." for a catalogue percentage). ``short``: the catalogue label whenever
    there is one. ``use_label=False`` when other indicators in the document share the label
    ("MASH screening outcomes" for four different outcomes). ``qualifier``: what sets the indicator
    apart from others in the document that would read the same ("Locality North"), added after
    the name (``subjects.qualified``).
    """
    def bracket(match: re.Match[str]) -> str:
        inner = " " + _NOT_BRACKET_WORD.sub(" ", match.group(1).lower()) + " "
        for key, words in pb.subject_brackets:
            if f" {key} " in inner:
                return f" ({words})"
        return ""

    # (each pattern is tried only where the characters it needs are in the name)
    name = ind.name
    for pattern, words in pb.spell_out:  # "within 72hrs": "within 72 hours"
        name = pattern.sub(words, name)
    shouted = _SHOUTED_TAIL.search(name)
    if shouted:  # "Care Leavers in Touch 17-21 (%) BIRTHDAY CONTACT": a qualifier, kept in brackets
        name = f"{name[:shouted.start()]} \x01{shouted.group(1).lower()}\x02"  # brackets once the rest is done
    name = _BRACKETED.sub(bracket, name) if "(" in name else name
    if "[" in name:
        name = _SQUARE_BRACKETED.sub("", name)
    name = name.strip(" -–:*")
    if name[-1:] in _UNIT_ENDINGS:
        name = _TRAILING_UNIT.sub("", name)  # "Other placements No."
    dashed = "-" in name or "–" in name
    if dashed:
        name = _DASH.sub(": ", name)  # "MASH Screening Outcomes - Early Help"
        name = _UNSPACED_DASH.sub(": ", name, 1)  # "Strategy Meeting Outcomes-No Further Action"
    name = _PERCENT_OF.sub("The percentage of", name)
    name = _NUMBER_OF.sub("The number of", name)
    if _UNEVEN_SPACE.search(name) or not name:
        name = _SPACES.sub(" ", name) or ind.name
    if use_label and ind.label and not ind.label[:1].isdigit() \
            and (short or word_count(name) > pb.subject_max_words or _says_doing(name, ind.label)
                 or ": " in name or _counts_nothing_named(name, ind, pb.counted_nouns)) \
            and _states_nothing_new(ind.label, ind.name):
        name = ind.label
        dashed = "-" in name or "–" in name
    if dashed:
        name = _RANGE.sub(lambda m: f"{m.group(1)} to {m.group(2)}", name)
    name = _sentence_case(name, pb.keep_capitals, pb.keep_before_number)
    if "\x01" in name:
        name = name.replace("\x01", "(").replace("\x02", ")")
    if " to " in name:  # "care leavers 17 to 21 in touch": "care leavers aged 17 to 21 in touch"
        name = _AGE_RANGE.sub(lambda m: _aged(m, name, pb), name)
    if ind.unit in (Unit.RATE_PER_10K, Unit.RATE_PER_1000, Unit.RATE_PER_100K) \
            and not _SAYS_RATE.search(name):
        name = pb.subject_rate.format(name=_lower_first(name))
    elif ind.unit is Unit.COUNT and not _SAYS_COUNT.search(name):
        name = pb.subject_count.format(name=_lower_first(_plural_head(name, pb.counted_nouns)
                                                         or _plural_last(name, pb.counted_nouns) or name))
    elif ind.unit is Unit.PERCENT and not _SAYS_SHARE.search(name) \
            and ((plural := _plural_head(name, pb.counted_nouns) or _plural_before_colon(name, pb.counted_nouns))
                 is not None
                 or any(w.lower().strip(",.()-:") in pb.counted_nouns for w in name.split()[:3])
                 or _counts_before_link(name, pb.counted_nouns)):
        # only when the name counts things ("Smoking status at delivery" is not "the percentage
        # of smoking status"), in the plural ("MASH contact ending prior to screening")
        name = pb.subject_percent.format(name=_lower_first(plural or name))
    if pb.article_openings is not None and pb.article_openings.match(name):
        name = pb.subject_article.format(name=_lower_first(name))  # "Number of open cases": "The number of"
    if ": " in name:  # a two-part name with no label: "MASH screening outcomes (early help)"
        name = _two_part(name, pb)
    if qualifier and name.endswith(")"):  # "(rolling 12 months, Locality North)"
        name = pb.subject_qualified_inside.format(name=name[:-1], qualifier=qualifier) + ")"
    elif qualifier:
        name = pb.subject_qualified.format(name=name, qualifier=qualifier)
    return name[:1].upper() + name[1:]


def _two_part(name: str, pb: Phrasebank) -> str:
    """A name in two parts with no catalogue label to say it ("MASH screening outcomes: early
    help"): the second part in brackets, as a qualifier (``subjects.qualified``), with any bracket
    it ends with inside (``subjects.qualified_inside``): "outcome (section 47, year to date)"."""
    first, _, second = name.partition(": ")
    inner = _LAST_BRACKET.fullmatch(second)
    if inner is not None:
        second = pb.subject_qualified_inside.format(name=inner.group(1), qualifier=inner.group(2))
    return pb.subject_qualified.format(name=first, qualifier=second)


# a text ending with a bracket of its own: "section 47 (year to date)"
_LAST_BRACKET = re.compile(r"(.*?) \(([^()]*)\)")
# a run of capitals ending a name, with a word of six letters or more in it ("BIRTHDAY CONTACT")
_SHOUTED_TAIL = re.compile(r"\s((?:[A-Z]{2,}\s)*[A-Z]{6,}(?:\s[A-Z]{2,})*)\s*$")
# a number range straight after a word, not already followed by its unit ("leavers 17 to 21")
_AGE_RANGE = re.compile(r"\b([A-Za-z-]+) (\d+½? to \d+½?)\b(?![ -]?(?:years?|year-olds?|weeks?|months?|days?|hours?|%))")


def _aged(m: re.Match[str], name: str, pb: Phrasebank) -> str:
    """An age range said as one: after a word of a name that counts people ("care leavers",
    "children"), with both ends 25 or under, and not already said with "aged"."""
    low, high = (float(x.rstrip("½")) for x in m.group(2).split(" to "))
    counts_people = any(w.lower() in pb.counted_nouns for w in name[:m.end(1)].split())
    if counts_people and high <= 25 and low < high and m.group(1).lower() != "aged":
        return f"{m.group(1)} {pb.subject_aged.format(range=m.group(2))}"
    return m.group(0)


def _counts_nothing_named(name: str, ind: Indicator, counted: frozenset[str]) -> bool:
    """A count or percentage whose name says where or how, not what is counted ("Secure Units
    No", "Independent and Semi-Independent Living %"), where the catalogue's label does ("Children
    in secure placements"): the label says it better than "The number of secure units"."""
    return ind.unit in (Unit.COUNT, Unit.PERCENT) and not _names_counted(name, counted) \
        and _names_counted(ind.label or "", counted) and not _SAYS_COUNT.search(name)


def _names_counted(text: str, counted: frozenset[str]) -> bool:
    """Whether a word of ``text`` is a counted noun, or the singular of one ("MASH Contact")."""
    for word in text.lower().split():
        word = word.strip(",.()-:")
        if word in counted or (_plural(word) or "") in counted:
            return True
    return False


def _states_nothing_new(label: str, name: str) -> bool:
    """Whether every number in the catalogue's label is in the indicator's name too: a label is a
    general name for a measure, and "Referral decisions within 1 working day" must not stand for
    "Referrals with a decision made within 24 hours"."""
    return not _DIGITS.search(label) or set(_DIGITS.findall(label)) <= set(_DIGITS.findall(name))


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def _plural_head(name: str, counted: frozenset[str]) -> str | None:
    """The name with its counted noun in the plural, when one of its first two words is the
    singular of a ``counted_nouns`` word and what follows it does not make it part of a longer
    noun ("MASH contact ending prior to screening", "Contact received", but not "Referral
    decisions"); None when there is none."""
    words = name.split(" ")
    for i, word in enumerate(words[:2]):
        plural = _plural(word)
        if plural is None or plural.lower() not in counted or word.lower() in counted:
            continue
        after = words[i + 1].lower() if i + 1 < len(words) else ""
        if after and not after.endswith(("ed", "ing")) and after not in _LINK_WORDS:
            return None
        words[i] = plural
        return " ".join(words)
    return None


def _plural_before_colon(name: str, counted: frozenset[str]) -> str | None:
    """A two-part name whose first part ends with the singular of a counted noun, with it in the
    plural ("Strategy Meeting Outcome: S47": "Strategy Meeting Outcomes: S47"); else None."""
    first, colon, rest = name.partition(": ")
    words = first.split(" ")
    plural = _plural(words[-1]) if colon and len(words) <= 4 else None
    if plural is None or plural.lower() not in counted or words[-1].lower() in counted:
        return None
    return " ".join(words[:-1] + [plural]) + colon + rest


def _plural_last(name: str, counted: frozenset[str]) -> str | None:
    """A counted name whose last word is the singular of a ``counted_nouns`` word, with it in the
    plural ("Child in need plan": "child in need plans"), when none of its first three words is
    counted already (not "Care leavers with a pathway plan"); else None."""
    words = name.split(" ")
    if len(words) < 2 or any(_says_many(w.lower().strip(",.()-:"), counted) for w in words[:3]):
        return None
    plural = _plural(words[-1])
    if plural is None or plural.lower() not in counted or not words[-1].isalpha():
        return None
    return " ".join(words[:-1] + [plural])


def _counts_before_link(name: str, counted: frozenset[str]) -> bool:
    """Whether a counted noun in the plural comes before the name's first linking word: the
    thing counted ("Strengths and difficulties questionnaires completed"; not "Attendance at
    initial child protection conferences")."""
    for word in name.lower().split():
        if word in _LINK_WORDS and word not in ("and", "or"):
            return False
        if _says_many(word.strip(",.()-:"), counted):
            return True
    return False


def _says_many(word: str, counted: frozenset[str]) -> bool:
    """A counted noun in the plural ("leavers", "children"; "child" of "child in need" is not)."""
    return word in counted and (word.endswith("s") or word in ("children", "people", "staff"))


def _plural(word: str) -> str | None:
    """The word in the plural, as it is written ("Enquiry": "Enquiries"); None for one that is not
    all letters."""
    if not word.replace("-", "").isalpha():
        return None
    if word[-1:] in ("y", "Y") and word[-2:-1].lower() not in ("a", "e", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


# words after a noun that end its phrase: "contact to", "referral within"
_LINK_WORDS = frozenset({"in", "to", "from", "with", "within", "by", "for", "of", "on", "at", "over", "under",
                         "prior", "after", "before", "per", "where", "who", "that", "which", "and", "or", "-", ":"})


def _says_doing(name: str, label: str) -> bool:
    """A name that opens with a verb in -ing ("Meeting the statutory requirement for health
    assessments") reads badly as a sentence's subject; the catalogue label names what is counted."""
    first = name.split(" ", 1)[0]
    return len(first) > 4 and first.lower().endswith("ing") and first[:1].isupper() \
        and not label.split(" ", 1)[0].lower().endswith("ing")


def contract(text: str, style_data: StyleData | None = None) -> str:
    """Undo :meth:`Realiser.expand`: "children in need (CIN)" back to "CIN" (for tests and checks
    that compare sentences with indicator names)."""
    data = style_data or load_style_data()
    for p in data.abbreviation_patterns:
        text = p.expanded.sub(lambda m: m.group("abbr") or m.group("first") or m.group(0), text)
    return text


# the message kinds a Realiser says, each by its method _<kind>
_MESSAGE_KINDS = ("opening_change", "opening_latest", "last_available", "missing", "comparison", "band", "streak",
                  "extreme", "trend", "volatile", "previous_period", "rolling", "caveat")


class Realiser:
    """Renders messages for one document; remembers the last frame used per kind for variety."""

    def __init__(self, phrasebank: Phrasebank, profile: str = "ons", style_data: StyleData | None = None):
        self.pb = phrasebank
        # abbreviations are written out on their first use in the document (style rule L2)
        self._abbreviations = style_data.abbreviation_patterns if style_data is not None else ()
        self._abbreviation_hint = style_data.abbreviation_hint_re if style_data is not None else None
        self._abbreviation_names = tuple(style_data.abbreviations) if style_data is not None else ()
        self._to_write_out = self._abbreviation_hint  # the hint for those not yet written out (None: none left)
        self._subjects = phrasebank.subject_memo
        self.shared_labels: frozenset[str] = frozenset()  # catalogue ids more than one indicator has
        self.qualifiers: dict[str, str] = {}  # by indicator name: what sets it apart from others that read the same
        self._expanded: set[str] = set()
        self._plain: dict[str, int] = {}  # sentences of this document with no abbreviation in them: their words()
        self._unabbreviated: set[str] = set()  # sentences fits() found no abbreviation in
        self._when: dict[str, str] = {}  # when() by period label
        self._methods = {kind: getattr(self, f"_{kind}") for kind in _MESSAGE_KINDS}
        self._frame_tables: dict[tuple[str, str], _FrameTable] = {}
        if profile not in phrasebank.profiles:
            from .errors import InputError
            raise InputError("--style", f"'{profile}' is not a style profile",
                             "one of " + ", ".join(phrasebank.profiles))
        self.profile = phrasebank.profiles[profile]
        self._last: dict[str, int] = {}
        self._first_word = ""
        self._suffixed = False  # a rate's "per 10,000 children" is said once per paragraph

    def start_paragraph(self, ind: Indicator | None = None) -> None:
        # a name that already says "per 10,000" needs no unit after the figures
        self._suffixed = ind is not None and self._subject(ind, False)[1]
        self._first_word = ""

    def subject(self, ind: Indicator, short: bool = False) -> str:
        return self._subject(ind, short)[0]

    def _subject(self, ind: Indicator, short: bool) -> tuple[str, bool]:
        """(subject, whether it says a rate's "per 10,000"), remembered with the phrasebank by
        everything :func:`subject` reads: a national run names the same indicators for every council."""
        use_label = ind.catalogue_id not in self.shared_labels
        qualifier = self.qualifiers.get(ind.name, "") if self.qualifiers else ""
        key = (ind.name, ind.label, ind.unit, use_label, short, qualifier)
        found = self._subjects.get(key)
        if found is None:
            if len(self._subjects) >= SUBJECT_MEMO_SIZE:
                self._subjects.clear()
            text = subject(ind, self.pb, short, use_label=use_label, qualifier=qualifier)
            found = self._subjects[key] = (text, bool(_RATE_IN_NAME.search(text)))
        return found

    # -- numbers --------------------------------------------------------------------------
    def num(self, fig: Figure, unit: Unit, numbers_out: list[Number], *, difference: bool = False,
            relative: bool = False) -> str:
        ps = self.profile.percent_sign
        suffix = None if self._suffixed else self.pb.unit_suffix
        if relative:
            text = numbers.relative(fig.value, fig.decimals, ps)
        elif difference:
            text = numbers.difference(fig.value, unit, fig.decimals, percent_sign=ps, rate_suffix=suffix)
        else:
            text = numbers.figure(fig.value, unit, fig.decimals, percent_sign=ps, rate_suffix=suffix)
        if not relative and self.pb.unit_suffix.get(unit):  # a Unit is its value as a key
            self._suffixed = True
        value = abs(fig.value) if (difference or relative) else fig.value
        numbers_out.append(Number(text, value, fig))
        return text

    def when(self, period: Period | None, fallback: str = "") -> str:
        if period is None:
            return self.pb.fragments[fallback] if fallback else ""
        said = self._when.get(period.label)
        if said is None:
            said = self._when[period.label] = self.pb.fragments["in_period"].format(period=period.label)
        return said

    def periods_word(self, period: Period | None, n: int) -> str:
        kind = period.kind.value if period else "month"
        singular, plural = self.pb.period_words.get(kind, ("period", "periods"))
        return singular if n == 1 else plural

    def count(self, n: int, numbers_out: list[Number]) -> str:
        text = numbers.count_word(n, self.profile.words_below)
        if text[:1].isdigit():
            numbers_out.append(Number(text, float(n), "count(periods)"))
        return text

    def change(self, fact: Fact, unit: Unit, numbers_out: list[Number]) -> str:
        size = self.num(fact.difference, unit, numbers_out, difference=True)
        if unit is not Unit.PERCENT and fact.relative is not None:
            rel = self.num(fact.relative, unit, numbers_out, relative=True)
            size = self.pb.fragments["size_with_relative"].format(size=size, relative=rel)
        key = "rise" if fact.difference.value > 0 else "fall"
        return self.pb.fragments[key].format(size=size)

    # -- frames ---------------------------------------------------------------------------
    def frame(self, kind: str, case: str, ref: str, slots: dict[str, str], rotate: bool = True,
              in_order: bool = False) -> str:
        """The first frame (from a stable per-indicator start, or the phrasebank's own order when
        ``in_order``) that fits the word limit; else the shortest."""
        table = self._frame_tables.get((kind, case))
        if table is None:
            table = self._frame_tables[kind, case] = _frame_table(self.pb.messages[kind][case],
                                                                  self.profile.percent_sign)
        n = len(table.frames)
        order: tuple[int, ...] | None
        if n == 1:
            order = _ONLY_FRAME
        else:
            start = 0 if in_order else zlib.crc32(f"{ref}|{kind}".encode()) % n
            rotated = rotate and self._last.get(kind) == table.first_index[start]
            key = (start, rotated, self._first_word)
            order = table.orders.get(key)
            if order is None:
                order = table.orders[key] = _frame_order(table, start, rotated, self._first_word)
        usable: Sequence[int]
        if all(map(slots.get, table.all_fields)):  # every slot any frame names is filled
            usable = order
        else:
            fields = table.fields
            usable = [i for i in order if all(map(slots.get, fields[i]))]
        filled = slots  # every slot a usable frame names is filled
        if not usable:
            usable, filled = order, _Slots(slots)
        tried = []
        for i in usable:
            text = tidy(table.frames[i].format_map(filled))
            if self.fits(text):
                best = i
                break
            tried.append((self.words(text), i, text))
        else:
            _, best, text = min(tried, key=lambda wit: wit[0])  # the first of the shortest
        self._last[kind] = table.first_index[best]
        self._first_word = table.first_words[best]
        return text

    # -- messages -------------------------------------------------------------------------
    def realise(self, msg: Message, ind: Indicator) -> list[Sentence]:
        return self._methods[msg.kind](msg, ind)

    def expand(self, text: str, commit: bool = True) -> str:
        """Write out each abbreviation on its first use in the document: "children in need (CIN)".
        ``commit=False`` shows what a sentence would read without counting it as used."""
        if text in self._unabbreviated or text in self._plain or self._to_write_out is None \
                or not self._to_write_out.search(text):
            return text
        for p in self._abbreviations:
            if p.abbreviation in self._expanded:
                continue
            use = p.use.search(text)
            if use is None:
                continue
            if p.expanded.search(text):  # written out already
                if commit:
                    self._written_out(p.abbreviation)
                continue
            before = text[:use.start()]
            if before.count("(") > before.count(")"):  # inside a bracket: "outcome (section 47)",
                text = f"{before}{p.expansion}{text[use.end():]}"  # written out again next time
                continue
            if commit:
                self._written_out(p.abbreviation)
            words = p.expansion[:1].upper() + p.expansion[1:] if use.start() == 0 else p.expansion
            text = f"{before}{words} ({use.group(0)}){text[use.end():]}"
        return text

    def _written_out(self, abbreviation: str) -> None:
        self._expanded.add(abbreviation)
        self._to_write_out = abbreviation_hint(a for a in self._abbreviation_names if a not in self._expanded)

    def forget_abbreviations(self) -> None:
        """Count every abbreviation as not yet written out (sentences made again in reading order)."""
        self._expanded.clear()
        self._to_write_out = self._abbreviation_hint

    def fits(self, text: str) -> bool:
        """Whether a tidied sentence, as it will be written, is within the profile's word limit.
        Its words are at most its spaces plus one (a token with no letter or digit, and the "cent"
        of "per cent", count for none), so a sentence with fewer spaces than the limit fits unless
        an abbreviation is still to be written out; otherwise :meth:`words` counts."""
        limit = self.profile.max_sentence_words
        if text.count(" ") < limit:
            if self._abbreviation_hint is None or text in self._unabbreviated or text in self._plain:
                return True
            if not self._abbreviation_hint.search(text):
                self._unabbreviated.add(text)
                return True
            if self._to_write_out is None or not self._to_write_out.search(text):
                return True  # each abbreviation in it written out already (not remembered: see forget_abbreviations)
        return self.words(text) <= limit

    def words(self, text: str) -> int:
        """Words in the sentence as it will be written (abbreviations written out)."""
        count = self._plain.get(text)
        if count is not None:
            return count
        if self._abbreviation_hint is not None and self._abbreviation_hint.search(text):
            return word_count(self.expand(text, commit=False))
        count = self._plain[text] = word_count(text)  # nothing to write out, now or later
        return count

    def _sentence(self, text: str, nums: list[Number], msg: Message) -> Sentence:
        text = self.expand(text)
        nums = [n for n in nums if n.text in text]  # a frame may leave a slot unused
        if len(nums) > 1:
            nums.sort(key=lambda n: text.find(n.text))  # in the order said (each is in the text)
        return Sentence(text, tuple(nums), msg.kind, msg.rule)

    def _opening_change(self, msg: Message, ind: Indicator) -> list[Sentence]:
        latest, change = msg.facts
        nums: list[Number] = []
        slots = {"subject": self.subject(ind)}
        slots["value"] = self.num(latest.value, ind.unit, nums)
        slots["when"] = self.when(latest.period)
        if msg.case != "unchanged":  # (the same figure: said once)
            slots["reference"] = self.num(change.reference, ind.unit, nums)
        fallback = "year_earlier" if change.kind is FactKind.CHANGE_YEAR else "previous_period"
        slots["reference_when"] = self.when(change.reference_period, fallback)
        change_nums: list[Number] = []
        if change.direction is not Direction.SAME:
            slots["change"] = self.change(change, ind.unit, change_nums)
        text = self.fitted(msg.kind, msg.case, ind, slots)
        if not self.fits(text):
            # still too long: the latest figure, then the change in a sentence of its own
            first_nums, second_nums = nums[:1], nums[1:]
            first = self.fitted("opening_latest", "any", ind, slots)
            second = self.frame("opening_change_second", msg.case, ind.ref, slots)
            if slots.get("change") and slots["change"] in second:
                second_nums += change_nums
            return [self._sentence(first, first_nums, msg), self._sentence(second, second_nums, msg)]
        if slots.get("change") and slots["change"] in text:
            nums += change_nums
        return [self._sentence(text, nums, msg)]

    def _opening_latest(self, msg: Message, ind: Indicator) -> list[Sentence]:
        (latest,) = msg.facts
        nums: list[Number] = []
        slots = {"subject": self.subject(ind), "value": self.num(latest.value, ind.unit, nums),
                 "when": self.when(latest.period)}
        return [self._sentence(self.fitted(msg.kind, msg.case, ind, slots), nums, msg)]

    def fitted(self, kind: str, case: str, ind: Indicator, slots: dict[str, str], *,
               rotate: bool = True, in_order: bool = False) -> str:
        """The frame with the usual subject; when every frame runs past the word limit, with the
        catalogue's short name for the indicator if that is shorter. (Never the name without "The
        percentage of": that is mostly plural, and "Referrals in 24 hours was 75.1%" does not agree.)"""
        text = self.frame(kind, case, ind.ref, slots, rotate=rotate, in_order=in_order)
        if "subject" not in slots or self.fits(text):
            return text
        short = self.subject(ind, short=True)
        if short != slots["subject"]:
            shorter_slots = {**slots, "subject": short}
            if "subject_lower" in slots:
                shorter_slots["subject_lower"] = _lower_first(short)
            shorter = self.frame(kind, case, ind.ref, shorter_slots, rotate=rotate, in_order=in_order)
            if self.words(shorter) < self.words(text):
                text = shorter
        return text

    def _caveat(self, msg: Message, ind: Indicator) -> list[Sentence]:
        return [self._sentence(self.frame(msg.kind, msg.case, ind.ref, {}), [], msg)]

    def _last_available(self, msg: Message, ind: Indicator) -> list[Sentence]:
        (fact,) = msg.facts
        nums: list[Number] = []
        slots = {"value": self.num(fact.value, ind.unit, nums), "when": self.when(fact.period)}
        return [self._sentence(self.frame(msg.kind, msg.case, ind.ref, slots), nums, msg)]

    def _missing(self, msg: Message, ind: Indicator) -> list[Sentence]:
        (fact,) = msg.facts
        slots = {"subject": _lower_first(self.subject(ind)), "period": fact.period.label if fact.period else "",
                 "reason": fact.status or "no figure given"}
        return [self._sentence(self.frame(msg.kind, msg.case, ind.ref, slots, rotate=False), [], msg)]

    def _target_phrase(self, ind: Indicator, nums: list[Number]) -> str:
        target = ind.target
        fr = self.pb.fragments
        dec = max(target.decimals, ind.decimals)
        src = (target.source,) if target.source else ()
        fig = lambda v: self.num(Figure(v, dec, src), ind.unit, nums)  # noqa: E731
        if target.kind is TargetKind.RANGE:
            return fr["target_range"].format(low=fig(target.low), high=fig(target.high))
        key = {TargetKind.VALUE: "target_value", TargetKind.BELOW: "target_below",
               TargetKind.AT_MOST: "target_at_most", TargetKind.ABOVE: "target_above",
               TargetKind.AT_LEAST: "target_at_least"}[target.kind]
        return fr[key].format(target=fig(target.low))

    def _comparison(self, msg: Message, ind: Indicator) -> list[Sentence]:
        """The target and comparators. Said together ("below both the target of 84% and the England
        average") when the target and a single comparator stand the same way; otherwise a target
        sentence with the gap, then the comparators grouped by relation."""
        out: list[Sentence] = []
        fr = self.pb.fragments
        target = msg.facts[0] if msg.facts and msg.facts[0].kind is FactKind.TARGET else None
        comparators = [f for f in msg.facts if f.kind is FactKind.COMPARATOR]
        valued = [c for c in comparators if c.reference is not None]
        together = (target is not None and len(valued) == len(comparators) == 1
                    and all(c.relation is target.relation for c in valued))
        periods = {c.reference_period.label if c.reference_period else None for c in comparators}
        shared = periods.pop() if len(periods) == 1 and not together else None
        items: list[tuple[Relation, str, list[Number]]] = []
        if target is not None and together:
            nums: list[Number] = []
            items.append((target.relation, self._target_phrase(ind, nums), nums))
        elif target is not None:
            out.append(self._target_sentence(msg, ind, target))
        stated = False
        for comp in comparators:
            nums = []
            for_period = "" if shared is not None or comp.reference_period is None else \
                fr["for_period"].format(period=comp.reference_period.label)
            if comp.reference is None:
                stated = True
                phrase = fr["comparator_stated"].format(name=comp.label, for_period=for_period)
            else:
                value = self.num(comp.reference, ind.unit, nums)
                phrase = fr["comparator"].format(name=comp.label, for_period=for_period, value=value)
            items.append((comp.relation, phrase, nums))
        if not items:
            return out
        if together and target.status is not None:
            case = f"target_{target.status}"
        else:
            case = "stated" if stated and not valued else "any"
        for_period = fr["for_period"].format(period=shared) if shared else ""
        text_items, nums = self._group(items)
        text = self.frame("comparison", case, ind.ref, {"items": text_items, "for_period": for_period})
        if len(items) == 1 or self.fits(text):
            return out + [self._sentence(text, nums, msg)]
        for relation in dict.fromkeys(r for r, _, _ in items):  # too long: a sentence per relation
            same = [i for i in items if i[0] is relation]
            part_items, part_nums = self._group(same)
            part = self.frame("comparison", case, ind.ref, {"items": part_items, "for_period": for_period})
            if len(same) > 2 and not self.fits(part):
                for at in range(0, len(same), 2):  # still too long: two comparators a sentence
                    part_items, part_nums = self._group(same[at:at + 2])
                    part = self.frame("comparison", case, ind.ref, {"items": part_items, "for_period": for_period})
                    out.append(self._sentence(part, part_nums, msg))
                continue
            out.append(self._sentence(part, part_nums, msg))
        return out

    def _target_sentence(self, msg: Message, ind: Indicator, target: Fact) -> Sentence:
        nums: list[Number] = []
        phrase = self._target_phrase(ind, nums)
        gap = target.difference.value if target.difference else 0.0
        if target.status is None:
            case = "none.exact" if gap == 0 else ("none.above" if gap > 0 else "none.below")
        elif target.status == "met":
            case = "met.range" if ind.target.kind is TargetKind.RANGE else (
                "met.exact" if gap == 0 else ("met.above" if gap > 0 else "met.below"))
        elif ind.target.kind is TargetKind.RANGE:
            case = "missed.range_above" if gap > 0 else "missed.range_below"
        else:
            case = "missed.above" if gap > 0 else "missed.below"
        slots = {"target": phrase}
        if gap != 0:
            slots["gap"] = self.num(target.difference, ind.unit, nums, difference=True)
        return self._sentence(self.frame("target", case, ind.ref, slots), nums, msg)

    def _group(self, items: list[tuple[Relation, str, list[Number]]]) -> tuple[str, list[Number]]:
        """"below both A and B", "above A but below B and C"; with all three relations, "below A,
        in line with B and above C" (not "but ... but")."""
        fr = self.pb.fragments
        groups: dict[Relation, list[str]] = {}
        nums: list[Number] = []
        for relation, phrase, item_nums in items:
            groups.setdefault(relation, []).append(phrase)
            nums += item_nums
        parts = []
        for relation, phrases in groups.items():
            word = fr[relation.value]
            if len(phrases) == 1:
                listed = phrases[0]
            elif len(phrases) == 2:
                listed = fr["both"] + phrases[0] + fr["and"] + phrases[1]
            else:
                listed = fr["list_comma"].join(phrases[:-1]) + fr["and"] + phrases[-1]
            parts.append(f"{word} {listed}")
        if len(parts) > 2:
            return fr["list_comma"].join(parts[:-1]) + fr["and"] + parts[-1], nums
        return fr["but"].join(parts), nums

    def _band(self, msg: Message, ind: Indicator) -> list[Sentence]:
        (fact,) = msg.facts
        label = ind.band.label if ind.band else fact.status or ""
        return [self._sentence(self.frame("band", msg.case, ind.ref, {"band": label}), [], msg)]

    def _streak(self, msg: Message, ind: Indicator) -> list[Sentence]:
        (fact,) = msg.facts
        nums: list[Number] = []
        slots = {"count": self.count(fact.length, nums), "count_ordinal": numbers.ordinal(fact.length),
                 "period": self.periods_word(fact.period, 1), "periods": self.periods_word(fact.period, fact.length)}
        return [self._sentence(self.frame("streak", msg.case, ind.ref, slots), nums, msg)]

    def _extreme(self, msg: Message, ind: Indicator) -> list[Sentence]:
        (fact,) = msg.facts
        nums: list[Number] = []
        slots = {"since": fact.reference_period.label if fact.reference_period else "",
                 "count": self.count(fact.length, nums) if fact.status == "all" else "",
                 "periods": self.periods_word(fact.period, fact.length)}
        return [self._sentence(self.frame("extreme", msg.case, ind.ref, slots), nums, msg)]

    def _trend(self, msg: Message, ind: Indicator) -> list[Sentence]:
        (fact,) = msg.facts
        nums: list[Number] = []
        slots = {"count": self.count(fact.length, nums), "periods": self.periods_word(fact.period, fact.length),
                 "reference": self.num(fact.reference, ind.unit, nums),
                 "reference_when": self.when(fact.reference_period)}
        return [self._sentence(self.frame("trend", msg.case, ind.ref, slots), nums, msg)]

    def _volatile(self, msg: Message, ind: Indicator) -> list[Sentence]:
        (fact,) = msg.facts
        nums: list[Number] = []
        slots = {"count": self.count(fact.length, nums), "periods": self.periods_word(fact.period, fact.length),
                 "low": self.num(fact.reference, ind.unit, nums), "low_when": self.when(fact.reference.period),
                 "high": self.num(fact.value, ind.unit, nums), "high_when": self.when(fact.value.period)}
        return [self._sentence(self.frame("volatile", msg.case, ind.ref, slots), nums, msg)]

    def _previous_period(self, msg: Message, ind: Indicator) -> list[Sentence]:
        (fact,) = msg.facts
        nums: list[Number] = []
        slots = {"reference": self.num(fact.reference, ind.unit, nums),
                 "reference_when": self.when(fact.reference_period, "previous_period")}
        if fact.direction is not Direction.SAME:
            slots["change"] = self.change(fact, ind.unit, nums)
        return [self._sentence(self.frame("previous_period", msg.case, ind.ref, slots), nums, msg)]

    def _rolling(self, msg: Message, ind: Indicator) -> list[Sentence]:
        (fact,) = msg.facts
        nums: list[Number] = []
        slots = {"value": self.num(fact.value, ind.unit, nums), "reference": self.num(fact.reference, ind.unit, nums)}
        return [self._sentence(self.frame("rolling", msg.case, ind.ref, slots), nums, msg)]


@dataclass(frozen=True, slots=True)
class _FrameTable:
    """A case's frames as a profile writes them, with what :meth:`Realiser.frame` asks of each:
    the slots it fills, its first word, and the index of its first copy (as ``frames.index``);
    ``orders`` remembers :func:`_frame_order` for the table."""

    frames: tuple[str, ...]
    fields: tuple[frozenset[str], ...]
    first_words: tuple[str, ...]
    first_index: tuple[int, ...]
    all_fields: frozenset[str]  # the slots any of the frames names
    orders: dict[tuple[int, bool, str], tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)


_ONLY_FRAME: tuple[int, ...] = (0,)


def _frame_order(table: _FrameTable, start: int, rotated: bool, first_word: str) -> tuple[int, ...]:
    """The order to try a table's frames in: from ``start`` round to the one before it; moved on by
    one when ``rotated`` (the previous paragraph used the start frame for this kind); and frames
    that open with the paragraph's last first word (``first_word``) tried last, so that two
    sentences in a row do not open with the same word."""
    n = len(table.frames)
    order = [*range(start, n), *range(start)]
    if rotated:
        order.append(order.pop(0))
    if first_word:
        again = [i for i in order if table.first_words[i] == first_word]
        if again:
            order = [i for i in order if table.first_words[i] != first_word] + again
    return tuple(order)


_DIGIT_PERCENT = re.compile(r"(\d)%")


@lru_cache(maxsize=1024)
def _frame_table(frames: tuple[str, ...], percent_sign: bool) -> _FrameTable:
    if not percent_sign:  # "the middle 50%" in a frame follows the profile too
        frames = tuple(_DIGIT_PERCENT.sub(r"\1 per cent", f) for f in frames)
    fields = tuple(frozenset(_fields(f)) for f in frames)
    return _FrameTable(frames, fields, tuple(f.split(" ", 1)[0] for f in frames),
                       tuple(frames.index(f) for f in frames), frozenset().union(*fields))


class _Slots(dict):
    def __missing__(self, key: str) -> str:  # a slot the frame may leave empty
        return ""


_SPACES_DOT = re.compile(r"\s+\.")


def tidy(text: str) -> str:
    """Fold spaces, drop spaces before punctuation and empty brackets, capitalise the start."""
    # Most sentences (every slot filled) need only the capital. isprintable() is false for any
    # whitespace but the plain space (Unicode separators and controls), which split() would fold.
    if text.isprintable() and text[:1] != " " and text[-1:] != " " and "  " not in text and " ," not in text \
            and " ." not in text and " ;" not in text and " :" not in text and " )" not in text \
            and "()" not in text and ",." not in text:
        return text[:1].upper() + text[1:]
    return _tidy_all(text)


def _tidy_all(text: str) -> str:
    """:func:`tidy` without the shortcut."""
    text = " ".join(text.split())  # str.split's whitespace is the regex \s
    # with spaces folded, a space before punctuation is one " "
    text = text.replace(" ,", ",").replace(" .", ".").replace(" ;", ";").replace(" :", ":").replace(" )", ")")
    text = text.replace("()", "").replace(",.", ".").replace(", ,", ",")
    if " ." in text:  # "a () ." has become "a  ."
        text = _SPACES_DOT.sub(".", text)
    return text[:1].upper() + text[1:]


def document_realiser(card: Scorecard, style: str = "ons", settings: Settings = DEFAULT) -> Realiser:
    """A Realiser for one document about ``card``. A catalogue label that several of its indicators
    share is not used as their subject when their names say them differently ("MASH screening
    outcomes" for four different outcomes); indicators whose subjects would still read the same
    are told apart by their names' brackets ("Locality North", :func:`_qualifiers`)."""
    realiser = Realiser(load_phrasebank(settings), style, load_style_data(settings.phrasebank / "style.yml"))
    by_label: dict[str, list[Indicator]] = {}
    for ind in card.indicators:
        if ind.catalogue_id:
            by_label.setdefault(ind.catalogue_id, []).append(ind)
    realiser.shared_labels = frozenset(k for k, inds in by_label.items() if len(inds) > 1)
    # a shared label is fine where the names read the same without it: the brackets tell them apart;
    # so do a count and a percentage of one thing ("Secure Units No", "Secure Units %")
    realiser.shared_labels = frozenset(k for k in realiser.shared_labels
                                       if len({realiser.subject(ind) for ind in by_label[k]}) > 1
                                       and len({_without_unit(ind.name) for ind in by_label[k]}) > 1)
    realiser.qualifiers = _qualifiers(card, realiser)
    return realiser


def _without_unit(name: str) -> str:
    """A name less what says its unit: "Secure Units No" and "Secure Units %" are "secure units"."""
    name = _UNIT_BRACKET.sub("", name).strip()
    name = _TRAILING_UNIT.sub("", name)
    name = _NUMBER_OF.sub("", _PERCENT_OF.sub("", name))
    return " ".join(name.lower().split())


_UNIT_BRACKET = re.compile(r"\s*\((?:%|no\.?|number)\)", re.I)


def _qualifiers(card: Scorecard, realiser: Realiser) -> dict[str, str]:
    """For indicators whose names differ but whose subjects would read the same ("Contacts received
    (No. month)" and "Contacts received (No. month) (Locality North)"), the bracketed parts of each
    name that the others in the group lack, by name: "Locality North"."""
    by_subject: dict[str, set[str]] = {}
    for ind in card.indicators:
        by_subject.setdefault(realiser.subject(ind), set()).add(ind.name)
    out: dict[str, str] = {}
    for names in by_subject.values():
        if len(names) < 2:
            continue
        brackets = {name: [b.strip() for b in _BRACKETED.findall(name) if b.strip()] for name in names}
        common = set.intersection(*(set(b) for b in brackets.values()))
        for name in sorted(names):
            extra = [b for b in brackets[name] if b not in common]
            if extra:
                out[name] = realiser.pb.fragments["list_comma"].join(dict.fromkeys(extra))
    return out

