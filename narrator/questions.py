"""Scrutiny questions: what the figures should prompt members to ask, with the wording from
``phrasebank/questions.yml``.

Each trigger below turns an indicator's facts into a candidate question (a lead stating the
figures, then an open question from the indicator's themed question set). Every figure a question
states is kept as a :class:`~narrator.realise.Number` naming the cells (or derivation) it came from.

=======================  ============================================================  ==========
trigger (``rule``)        when                                                          salience
=======================  ============================================================  ==========
``off_target``            the target is missed (the lead gives the change too when the  0.7-0.95
                          indicator also worsened)
``worsened``              the change against the previous year or period is worse than  0.55-0.7
                          the tolerance (only when the target is not missed); worse on
                          the month in a better year asks the seasonality question
                          instead, kept like this one (this one when that is too long)
``benchmark``             the benchmark band is the worse one (q4, or higher/lower      0.5
                          against polarity), or the figure is worse than every
                          comparator with a figure
``data_quality``          the latest step is far beyond the usual step (a JUMP fact)    0.6
``series_break``          a note on the indicator (notes column or footnote) matches    0.6
                          ``break_notes`` (commentary.yml): its counting changed
``unknown_share``         a percentage whose name matches ``unknown_names`` ("not       0.45
                          recorded", "unknown", "Other ...") above
                          ``limits.unknown_share``
``seasonality``           monthly: the change on the month before and the change on     0.35
                          the same month a year earlier point different ways, the
                          month's by more than ``seasonality_factor`` x its tolerance
``timeliness_quality``    a timeliness measure improved by more than                    0.4
                          ``timeliness_factor`` x its tolerance
``working``               on target and improving (at most one per indicator)           0.1
``voice``                 no indicator's name, short name or theme matches              0.3
                          ``voice_names`` (nothing shows what children and families
                          think): one question, no figures, about the whole scorecard
``overflow``              not a trigger: the indicators a full theme has no room for    (max of
                          (missed or worsened), asked about together                    theirs)
=======================  ============================================================  ==========

Salience within off_target and worsened grows with the size of the gap or change measured in
tolerances (up to five), so the furthest off target and worsening come first.

Selection, per theme (``Indicator.theme``, in scorecard order): identical questions are merged;
every indicator that missed its target or worsened keeps its most salient question; each
indicator keeps at most ``limits.per_indicator`` questions; a theme keeps at most
``limits.per_theme`` (when more indicators need a question than that, the least salient are
asked about together in one ``overflow`` question). Questions are ordered by salience. The
``voice`` question belongs to no theme: it comes after them all, under ``fragments.whole_scorecard``.
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
from .catalogue import load_catalogue, normalise_name
from .content import breaks_series
from .facts import (DEFAULT_TOLERANCES, Direction, Fact, FactKind, Figure, IndicatorFacts, Judgement,
                    Tolerances, scorecard_facts)
from .model import Indicator, Period, PeriodKind, Polarity, Relation, Scorecard, TargetKind, Unit
from .numbers import round_half_up
from .phrasebank import Checker, any_of, frame_slots, load_checked
from .realise import Number, Realiser, document_realiser, tidy, word_count
from .settings import DEFAULT, Settings

# The rules code fills in, with the cases each must give leads for: the contract the YAML meets.
RULES: dict[str, tuple[str, ...]] = {
    "off_target": ("missed", "missed_up", "missed_down"),
    "worsened": ("up", "down"),
    "benchmark": ("comparators", "band"),
    "data_quality": ("up", "down"),
    "seasonality": ("up", "down"),
    "timeliness_quality": ("any",),
    "working": ("any",),
    "series_break": ("any",),
    "unknown_share": ("any",),
    "voice": ("any",),
    "overflow": ("any",),
}
# The slots each rule can fill; a rule's `slots` in the YAML may list only these.
PROVIDES: dict[str, frozenset[str]] = {
    "off_target": frozenset({"subject", "value", "when", "target", "gap", "reference", "reference_when",
                             "change"}),
    "worsened": frozenset({"subject", "value", "when", "reference", "reference_when", "change"}),
    "benchmark": frozenset({"subject", "value", "when", "comparators", "band"}),
    "data_quality": frozenset({"subject", "value", "when", "reference", "reference_when", "step"}),
    "seasonality": frozenset({"subject", "value", "when", "previous", "previous_when", "year_value",
                              "year_when"}),
    "timeliness_quality": frozenset({"subject", "value", "when", "reference", "reference_when", "change"}),
    "working": frozenset({"subject", "value", "when", "target", "reference", "reference_when"}),
    "series_break": frozenset({"subject", "value", "when"}),
    "unknown_share": frozenset({"subject", "value", "when"}),
    "voice": frozenset(),
    "overflow": frozenset({"count", "theme", "when"}),
}
FRAGMENTS: dict[str, frozenset[str]] = {
    "target_value": frozenset({"target"}), "target_range": frozenset({"low", "high"}),
    "target_below": frozenset({"target"}), "target_at_most": frozenset({"target"}),
    "target_above": frozenset({"target"}), "target_at_least": frozenset({"target"}),
    "above": frozenset(), "below": frozenset(), "for_period": frozenset({"period"}),
    "comparator": frozenset({"name", "for_period", "value"}), "comparator_stated": frozenset({"name", "for_period"}),
    "comparators_one": frozenset({"relation", "first"}),
    "comparators_two": frozenset({"relation", "first", "second"}),
    "comparators_all": frozenset({"relation", "first"}),
    "band_higher": frozenset(), "band_lower": frozenset(), "band_q4": frozenset(),
    "step": frozenset({"period"}), "numeral_subject": frozenset({"subject"}), "whole_scorecard": frozenset(),
}
FLAGGING = ("off_target", "worsened")  # the rules that answer for a missed or worsened indicator
SALIENCE = {"data_quality": 0.6, "series_break": 0.6, "benchmark": 0.5, "unknown_share": 0.45,
            "timeliness_quality": 0.4, "seasonality": 0.35, "voice": 0.3, "working": 0.1}


@dataclass(frozen=True)
class ThemeSet:
    """A themed question set: which indicators it serves, and its asks by rule."""

    id: str
    catalogue_themes: tuple[str, ...]
    words: tuple[str, ...]
    asks: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class QuestionRules:
    """The validated ``questions.yml``."""

    format: str
    max_words: int
    per_theme: int
    per_indicator: int
    timeliness_factor: float
    seasonality_factor: float
    unknown_share: float  # a percentage
    # each list of regular expressions as one, or None when the list is empty
    timeliness_names: re.Pattern[str] | None
    unknown_names: re.Pattern[str] | None
    voice_names: re.Pattern[str] | None
    open_words: tuple[str, ...]
    fragments: dict[str, str]
    leads: dict[str, dict[str, tuple[str, ...]]]  # rule -> case -> leads
    themes: tuple[ThemeSet, ...]  # general last
    general: ThemeSet = field(repr=False, default=None)  # type: ignore[assignment]
    general_last: dict[str, str] = field(default_factory=dict)  # rule -> the ask when nothing else fits

    def theme_for(self, ind: Indicator, catalogue_theme: str | None) -> ThemeSet:
        """The question set for an indicator: by catalogue theme, then words in its name, then
        words in its theme, else ``general``."""
        if catalogue_theme:
            for ts in self.themes:
                if catalogue_theme in ts.catalogue_themes:
                    return ts
            return self.general  # the catalogue knows the theme, and no set is for it
        for text in (ind.name, ind.theme):
            norm = f" {normalise_name(text)} "
            for ts in self.themes:
                if any(f" {w} " in norm for w in ts.words):
                    return ts
        return self.general

    def asks(self, ts: ThemeSet, rule: str) -> tuple[str, ...]:
        return ts.asks.get(rule) or self.general.asks[rule]


def _whole(chk: Checker, value: Any, key: str, minimum: float, kind: type = int) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and not isinstance(value, int)) \
            or value < minimum:
        what = "a whole number" if kind is int else "a number"
        chk.error(key, f"expected {what} of {minimum:g} or more, got {value!r}")
        return None
    return value


def _check(data: Any, chk: Checker, catalogue_themes: frozenset[str]) -> QuestionRules:
    data = chk.mapping(data, "")
    chk.unknown_keys(data, "", {"version", "limits", "timeliness_names", "unknown_names", "voice_names",
                                "open_words", "format", "fragments", "rules", "themes"})
    if "version" in data and data["version"] != 1:
        chk.error("version", f"expected 1, got {data['version']!r}")
    limits = chk.mapping(data.get("limits", {}), "limits")
    chk.unknown_keys(limits, "limits", {"max_words", "per_theme", "per_indicator", "timeliness_factor",
                                        "seasonality_factor", "unknown_share"})
    max_words = _whole(chk, limits.get("max_words", 30), "limits.max_words", 5) or 30
    per_theme = _whole(chk, limits.get("per_theme", 10), "limits.per_theme", 2) or 10
    per_indicator = _whole(chk, limits.get("per_indicator", 2), "limits.per_indicator", 1) or 2
    factor = _whole(chk, limits.get("timeliness_factor", 3), "limits.timeliness_factor", 0, float) or 3
    seasonal = _whole(chk, limits.get("seasonality_factor", 3), "limits.seasonality_factor", 0, float)
    unknown_share = _whole(chk, limits.get("unknown_share", 10), "limits.unknown_share", 0, float)
    if unknown_share is not None and unknown_share >= 100:
        chk.error("limits.unknown_share", f"expected a percentage under 100, got {unknown_share!r}")
    patterns = {key: chk.patterns(data.get(key, []), key) for key in ("timeliness_names", "unknown_names",
                                                                      "voice_names")}
    open_words = tuple(w.lower() for w in chk.texts(data.get("open_words", []), "open_words"))
    if not open_words:
        chk.error("open_words", "expected at least one question word")

    fmt = chk.text(data.get("format", "{lead}: {ask}"), "format") or "{lead}: {ask}"
    try:
        if set(frame_slots(fmt)) != {"lead", "ask"}:
            chk.error("format", "expected {lead} and {ask} and no other slot")
            fmt = "{lead}: {ask}"
    except ValueError as exc:
        chk.error("format", f"bad braces: {exc}")
        fmt = "{lead}: {ask}"

    raw_fragments = chk.mapping(data.get("fragments", {}), "fragments")
    chk.unknown_keys(raw_fragments, "fragments", FRAGMENTS)
    fragments: dict[str, str] = {}
    for name, slots in FRAGMENTS.items():
        key = f"fragments.{name}"
        if name not in raw_fragments:
            chk.error(key, "missing")
            continue
        text = chk.text(raw_fragments[name], key)
        if text is not None and chk.frame(key, text, slots):
            fragments[name] = text

    leads, slots_of = chk.slotted_cases(data.get("rules", {}), "rules", RULES, "leads", "lead", "rule", PROVIDES)

    themes: list[ThemeSet] = []
    general = None
    last_resort: dict[str, str] = {}
    raw_themes = chk.mapping(data.get("themes", {}), "themes")
    if "general" not in raw_themes:
        chk.error("themes.general", "missing (the question set every other falls back to)")
    for name, spec in raw_themes.items():
        key = f"themes.{name}"
        spec = chk.mapping(spec, key)
        chk.unknown_keys(spec, key, {"asks", "last_resort"} if name == "general" else
                         {"catalogue_themes", "words", "asks"})
        cat = tuple(chk.texts(spec.get("catalogue_themes", []), f"{key}.catalogue_themes"))
        for i, theme in enumerate(cat):
            if catalogue_themes and theme not in catalogue_themes:
                chk.error(f"{key}.catalogue_themes[{i}]", f"unknown catalogue theme {theme!r}; expected one of "
                          f"{', '.join(sorted(catalogue_themes))}")
        words = tuple(normalise_name(w) for w in chk.texts(spec.get("words", []), f"{key}.words"))
        raw_asks = chk.mapping(spec.get("asks", {}), f"{key}.asks")
        asks: dict[str, tuple[str, ...]] = {}
        sections = [("asks", rule, frames) for rule, frames in raw_asks.items()]
        if name == "general":
            sections += [("last_resort", rule, frames) for rule, frames in
                         chk.mapping(spec.get("last_resort", {}), f"{key}.last_resort").items()]
        for section, rule, frames in sections:
            akey = f"{key}.{section}.{rule}"
            if rule not in RULES:
                chk.error(akey, f"unknown rule; expected one of {', '.join(RULES)}")
                continue
            texts = chk.texts(frames, akey)
            if not texts:
                chk.error(akey, "expected at least one question")
            good = []
            for i, text in enumerate(texts):
                ikey = f"{akey}[{i}]"
                first = text.split(" ", 1)[0].lower()
                if first not in open_words:
                    chk.error(ikey, f"not an open question: start with one of {', '.join(sorted(open_words))}")
                elif not text.rstrip().endswith("?"):
                    chk.error(ikey, "a question ends with '?'")
                elif chk.frame(ikey, text, slots_of.get(rule, PROVIDES[rule])):
                    good.append(text)
            if good and section == "asks":
                asks[rule] = tuple(good)
            elif good:
                if len(good) > 1:
                    chk.error(akey, "expected one question")
                last_resort[rule] = good[0]
        if name == "general":
            for rule in RULES:
                if rule not in raw_asks:
                    chk.error(f"{key}.asks.{rule}", "missing (general needs a question for every rule)")
        ts = ThemeSet(str(name), cat, words, asks)
        if name == "general":
            general = ts
        else:
            themes.append(ts)
    general = general or ThemeSet("general", (), (), {})
    return QuestionRules(fmt, max_words, per_theme, per_indicator, float(factor),
                         float(seasonal if seasonal is not None else 3),
                         float(unknown_share if unknown_share is not None else 10), any_of(patterns["timeliness_names"]),
                         any_of(patterns["unknown_names"]), any_of(patterns["voice_names"]), open_words,
                         fragments, leads, tuple(themes) + (general,), general, last_resort)


@lru_cache(maxsize=8)
def _load(path: Path, catalogue_themes: frozenset[str]) -> QuestionRules:
    return load_checked(path, lambda data, chk: _check(data, chk, catalogue_themes))


def load_question_rules(settings: Settings = DEFAULT) -> QuestionRules:
    """The validated question rules (``phrasebank/questions.yml``); ConfigError lists every problem
    with its key."""
    themes = frozenset(load_catalogue(settings).themes)
    return _load(settings.phrasebank / "questions.yml", themes)


# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    text: str
    theme: str
    refs: tuple[str, ...]
    rule: str  # trigger id, e.g. "off_target"
    salience: float
    facts: tuple[Fact, ...]
    numbers: tuple[Number, ...]


@dataclass
class _Candidate:
    ind: Indicator
    rule: str
    case: str
    slots: dict[str, str]
    slot_numbers: dict[str, list[Number]]
    facts: tuple[Fact, ...]
    salience: float
    # other wordings of some slots, tried in order when the question would be too long
    options: tuple[tuple[dict[str, str], dict[str, list[Number]]], ...] = ()
    # asked in place of this worsened question, and kept like one; the worsened one is asked
    # when this is too long
    instead_of: _Candidate | None = None


class _Asker:
    """Builds the candidate questions for one scorecard."""

    def __init__(self, rules: QuestionRules, realiser: Realiser, tol: Tolerances, settings: Settings):
        self.rules = rules
        self.r = realiser
        self.tol = tol
        self.fr = rules.fragments
        catalogue = load_catalogue(settings)
        self.catalogue_theme = {e.id: e.theme for e in catalogue.entries}

    # -- figures ----------------------------------------------------------------------------
    def _num(self, fig: Figure, ind: Indicator, out: dict[str, list[Number]], slot: str, **kw: bool) -> str:
        nums: list[Number] = []
        text = self.r.num(fig, ind.unit, nums, **kw)
        out.setdefault(slot, []).extend(nums)
        return text

    def _when(self, period: Period | None, fallback: str = "") -> str:
        return self.r.when(period, fallback)

    def _target(self, ind: Indicator, fact: Fact, out: dict[str, list[Number]]) -> str:
        target = ind.target
        dec = max(target.decimals, ind.decimals)  # one number of decimal places in a sentence (N3)
        src = (target.source,) if target.source else ()
        if target.kind is TargetKind.RANGE:
            low = self._num(Figure(round_half_up(target.low, dec), dec, src), ind, out, "target")
            high = self._num(Figure(round_half_up(target.high, dec), dec, src), ind, out, "target")
            return self.fr["target_range"].format(low=low, high=high)
        key = {TargetKind.VALUE: "target_value", TargetKind.BELOW: "target_below",
               TargetKind.AT_MOST: "target_at_most", TargetKind.ABOVE: "target_above",
               TargetKind.AT_LEAST: "target_at_least"}[target.kind]
        fig = Figure(round_half_up(target.low, dec), dec, src)
        return self.fr[key].format(target=self._num(fig, ind, out, "target"))

    def _base(self, ind: Indicator, latest: Fact) -> tuple[dict[str, str], dict[str, list[Number]]]:
        self.r.start_paragraph(ind)
        out: dict[str, list[Number]] = {}
        slots = {"subject": self.r.subject(ind), "value": self._num(latest.value, ind, out, "value"),
                 "when": self._when(latest.period)}
        return slots, out

    def _change_slots(self, ind: Indicator, change: Fact, slots: dict[str, str], out: dict[str, list[Number]]) -> None:
        fallback = "year_earlier" if change.kind is FactKind.CHANGE_YEAR else "previous_period"
        slots["reference"] = self._num(change.reference, ind, out, "reference")
        slots["reference_when"] = self._when(change.reference_period, fallback)
        if change.difference is not None:
            slots["change"] = self._num(change.difference, ind, out, "change", difference=True)

    def _scale(self, ind: Indicator, size: float, reference: float) -> float:
        """How many tolerances ``size`` is, capped at five, as a share of five."""
        tol = self.tol.for_indicator(ind, reference)
        if tol <= 0:
            return 1.0 if size else 0.0
        return min(1.0, abs(size) / tol / 5)

    # -- triggers ---------------------------------------------------------------------------
    def candidates(self, f: IndicatorFacts) -> list[_Candidate]:
        ind = f.indicator
        latest = f.first(FactKind.LATEST)
        if latest is None:
            return []
        out: list[_Candidate] = []
        target = f.first(FactKind.TARGET)
        worse = self._worse_change(f)
        missed = target is not None and target.status == "missed"
        seasonal = None
        if worse is not None and worse.kind is FactKind.CHANGE_PREVIOUS:
            year = f.first(FactKind.CHANGE_YEAR)
            if year is not None and year.judgement is Judgement.BETTER:
                # worse than last month in a better year: asked whether it is seasonal, however small
                seasonal = self._seasonality(f, latest, any_size=True)
                if seasonal is not None:
                    seasonal.instead_of = self._worsened(ind, latest, worse)
        if missed:
            out.append(self._off_target(ind, latest, target, worse))
        elif seasonal is not None:
            out.append(seasonal)
        elif worse is not None:
            out.append(self._worsened(ind, latest, worse))
        for make in (self._benchmark, self._data_quality, self._series_break, self._unknown_share,
                     self._seasonality, self._timeliness):
            if make == self._seasonality and seasonal is not None:
                continue  # asked already, in place of the worsened question
            cand = make(f, latest)
            if cand is not None:
                out.append(cand)
        if not missed and worse is None and target is not None and target.status == "met" \
                and f.judgement is Judgement.BETTER:
            change = f.first(FactKind.CHANGE_YEAR) or f.first(FactKind.CHANGE_PREVIOUS)
            slots, nums = self._base(ind, latest)
            slots["target"] = self._target(ind, target, nums)
            self._change_slots(ind, change, slots, nums)
            out.append(_Candidate(ind, "working", "any", slots, nums, (latest, target, change), SALIENCE["working"]))
        return out

    @staticmethod
    def _worse_change(f: IndicatorFacts) -> Fact | None:
        """The change that worsened: against the previous year if that did, else the previous period."""
        for kind in (FactKind.CHANGE_YEAR, FactKind.CHANGE_PREVIOUS):
            change = f.first(kind)
            if change is not None and change.judgement is Judgement.WORSE and change.reference is not None:
                return change
        return None

    def _off_target(self, ind: Indicator, latest: Fact, target: Fact, worse: Fact | None) -> _Candidate:
        slots, nums = self._base(ind, latest)
        slots["target"] = self._target(ind, target, nums)
        gap = target.difference.value if target.difference else 0.0
        if gap:
            slots["gap"] = self._num(target.difference, ind, nums, "gap", difference=True)
        facts: tuple[Fact, ...] = (latest, target)
        case = "missed"
        salience = 0.7 + 0.15 * self._scale(ind, gap, target.reference.value if target.reference else 0.0)
        if worse is not None:
            self._change_slots(ind, worse, slots, nums)
            case = "missed_up" if worse.direction is Direction.UP else "missed_down"
            facts += (worse,)
            salience += 0.1
        return _Candidate(ind, "off_target", case, slots, nums, facts, round(salience, 4))

    def _worsened(self, ind: Indicator, latest: Fact, change: Fact) -> _Candidate:
        slots, nums = self._base(ind, latest)
        self._change_slots(ind, change, slots, nums)
        salience = 0.55 + 0.1 * self._scale(ind, change.difference.value, change.reference.value)
        if change.kind is FactKind.CHANGE_YEAR:
            salience += 0.05
        case = "up" if change.direction is Direction.UP else "down"
        return _Candidate(ind, "worsened", case, slots, nums, (latest, change), round(salience, 4))

    def _benchmark(self, f: IndicatorFacts, latest: Fact) -> _Candidate | None:
        ind = f.indicator
        comparators = f.all(FactKind.COMPARATOR)
        band = f.first(FactKind.BAND)
        all_worse = bool(comparators) and all(c.judgement is Judgement.WORSE for c in comparators)
        band_worse = band is not None and band.judgement is Judgement.WORSE and \
            f"band_{band.label}" in self.fr
        if not all_worse and not band_worse:
            return None
        slots, nums = self._base(ind, latest)
        if all_worse:
            options = []
            for form in ("all", "every", "one"):
                if form != "all" and len(comparators) < 2:
                    break
                out: dict[str, list[Number]] = {}
                options.append(({"comparators": self._comparators(ind, comparators, out, form)}, out))
            slots["comparators"] = options[0][0]["comparators"]
            nums.update(options[0][1])
            return _Candidate(ind, "benchmark", "comparators", slots, nums, (latest, *comparators),
                              SALIENCE["benchmark"], tuple(options[1:]))
        slots["band"] = self.fr[f"band_{band.label}"]
        return _Candidate(ind, "benchmark", "band", slots, nums, (latest, band), SALIENCE["benchmark"])

    def _comparators(self, ind: Indicator, comparators: tuple[Fact, ...], nums: dict[str, list[Number]],
                     form: str) -> str:
        """``all``: "below both the statistical neighbour average (89.0%) and the England average
        (84.0%) for 2021/22" (with three or more, as ``every``); ``every``: every comparator, naming
        England (or the first); ``one``: England (or the first) alone."""
        relation = self.fr["above" if comparators[0].relation is Relation.ABOVE else "below"]
        every = form == "every" or (form == "all" and len(comparators) > 2)
        named = comparators
        if every or form == "one":
            named = (next((c for c in comparators if c.against == "england"), comparators[0]),)
        periods = {c.reference_period.label if c.reference_period else None for c in named}
        shared = periods.pop() if len(periods) == 1 else None

        def phrase(c: Fact) -> str:
            own = "" if shared is not None or c.reference_period is None else \
                self.fr["for_period"].format(period=c.reference_period.label)
            if c.reference is None:
                return self.fr["comparator_stated"].format(name=c.label, for_period=own)
            value = self._num(c.reference, ind, nums, "comparators")
            return self.fr["comparator"].format(name=c.label, for_period=own, value=value)

        items = [phrase(c) for c in named]
        if every:
            text = self.fr["comparators_all"].format(relation=relation, first=items[0])
        elif len(items) == 2:
            text = self.fr["comparators_two"].format(relation=relation, first=items[0], second=items[1])
        else:
            text = self.fr["comparators_one"].format(relation=relation, first=items[0])
        if shared is not None:
            text += self.fr["for_period"].format(period=shared)
        return text

    def _data_quality(self, f: IndicatorFacts, latest: Fact) -> _Candidate | None:
        jump = f.first(FactKind.JUMP)
        if jump is None or jump.direction is Direction.SAME or jump.reference is None:
            return None
        ind = f.indicator
        slots, nums = self._base(ind, latest)
        slots["reference"] = self._num(jump.reference, ind, nums, "reference")
        slots["reference_when"] = self._when(jump.reference_period, "previous_period")
        kind = jump.period.kind.value if jump.period else PeriodKind.MONTH.value
        slots["step"] = self.fr["step"].format(period=self.r.pb.period_words.get(kind, ("period",))[0])
        case = "up" if jump.direction is Direction.UP else "down"
        return _Candidate(ind, "data_quality", case, slots, nums, (latest, jump), SALIENCE["data_quality"])

    def _series_break(self, f: IndicatorFacts, latest: Fact) -> _Candidate | None:
        """A note on the indicator (its notes column or a footnote) says its figures changed how
        they are counted (``break_notes`` in the commentary phrasebank, which caveats the commentary)."""
        ind = f.indicator
        if not breaks_series(ind, self.r.pb.break_notes):
            return None
        slots, nums = self._base(ind, latest)
        return _Candidate(ind, "series_break", "any", slots, nums, (latest,), SALIENCE["series_break"])

    def _unknown_share(self, f: IndicatorFacts, latest: Fact) -> _Candidate | None:
        """An "unknown", "not recorded" or "other" category whose share is above the limit."""
        ind = f.indicator
        names = self.rules.unknown_names
        if ind.unit is not Unit.PERCENT or latest.value.value <= self.rules.unknown_share \
                or names is None or not names.search(ind.name):
            return None
        slots, nums = self._base(ind, latest)
        return _Candidate(ind, "unknown_share", "any", slots, nums, (latest,), SALIENCE["unknown_share"])

    def _year_ago(self, f: IndicatorFacts, latest: Fact) -> Fact | None:
        """The change against the same month a year earlier: the previous-year figure when it is
        for that month, else the series' figure for it."""
        ind = f.indicator
        cur = latest.period
        same_month = lambda p: p is not None and p.kind is PeriodKind.MONTH and \
            p.end.month == cur.end.month and p.end.year == cur.end.year - 1  # noqa: E731
        year = f.first(FactKind.CHANGE_YEAR)
        if year is not None and same_month(year.reference_period):
            return year
        point = next((p for p in ind.series if same_month(p.period) and not p.value.is_missing), None)
        if point is None:
            return None
        ref = Figure(round_half_up(point.value.number, ind.decimals), ind.decimals,
                     (point.value.source,) if point.value.source else (), "cell", point.period)
        diff = round_half_up(latest.value.value - ref.value, ind.decimals)
        difference = Figure(diff, ind.decimals, latest.value.sources + ref.sources, "difference")
        if abs(diff) <= self.tol.for_indicator(ind, ref.value) or diff == 0:
            direction = Direction.SAME
        else:
            direction = Direction.UP if diff > 0 else Direction.DOWN
        return Fact(FactKind.CHANGE_YEAR, ind.ref, latest.value, ref, difference, direction=direction,
                    against="previous_year", period=cur, reference_period=point.period)

    def _seasonality(self, f: IndicatorFacts, latest: Fact, any_size: bool = False) -> _Candidate | None:
        if latest.period is None or latest.period.kind is not PeriodKind.MONTH:
            return None
        previous = f.first(FactKind.CHANGE_PREVIOUS)
        if previous is None or previous.direction in (None, Direction.SAME) or previous.reference is None \
                or previous.small:  # a few either way between small counts: no season to see
            return None
        ind = f.indicator
        # a month's move only just beyond tolerance is noise, not a season (unless it is a worsening)
        usual = self.rules.seasonality_factor * self.tol.for_indicator(ind, previous.reference.value)
        if not any_size and abs(previous.difference.value) <= usual:
            return None
        year = self._year_ago(f, latest)
        if year is None or year.direction in (None, Direction.SAME) or year.direction is previous.direction:
            return None
        slots, nums = self._base(ind, latest)
        slots["previous"] = self._num(previous.reference, ind, nums, "previous")
        slots["previous_when"] = self._when(previous.reference_period, "previous_period")
        slots["year_value"] = self._num(year.reference, ind, nums, "year_value")
        slots["year_when"] = self._when(year.reference_period, "year_earlier")
        case = "up" if previous.direction is Direction.UP else "down"
        return _Candidate(ind, "seasonality", case, slots, nums, (latest, previous, year), SALIENCE["seasonality"])

    def _timeliness(self, f: IndicatorFacts, latest: Fact) -> _Candidate | None:
        ind = f.indicator
        names = self.rules.timeliness_names
        if ind.polarity is Polarity.NEUTRAL or names is None or not names.search(ind.name):
            return None
        for kind in (FactKind.CHANGE_YEAR, FactKind.CHANGE_PREVIOUS):
            change = f.first(kind)
            if change is None or change.judgement is not Judgement.BETTER or change.difference is None:
                continue
            tol = self.tol.for_indicator(ind, change.reference.value)
            if abs(change.difference.value) > self.rules.timeliness_factor * tol:
                slots, nums = self._base(ind, latest)
                self._change_slots(ind, change, slots, nums)
                return _Candidate(ind, "timeliness_quality", "any", slots, nums, (latest, change),
                                  SALIENCE["timeliness_quality"])
        return None

    # -- wording ----------------------------------------------------------------------------
    def realise(self, cand: _Candidate, theme_set: ThemeSet) -> tuple[str, tuple[Number, ...]] | None:
        """The question: the first lead (fullest first) and ask (from the hashed variant on) that fit
        the word limit, with the usual subject, then the catalogue's short one."""
        rules = self.rules
        leads = rules.leads.get(cand.rule, {}).get(cand.case, ())
        asks = rules.asks(theme_set, cand.rule)
        if not leads or not asks:
            return None
        start = zlib.crc32(f"{cand.ind.ref}|{cand.rule}".encode()) % len(asks)
        asks = asks[start:] + asks[:start]
        general = rules.general.asks.get(cand.rule, ())
        if general is not rules.asks(theme_set, cand.rule):  # then the general set, from its own start
            g = zlib.crc32(f"{cand.ind.ref}|{cand.rule}".encode()) % len(general) if general else 0
            asks += tuple(a for a in general[g:] + general[:g] if a not in asks)
        subjects = [cand.slots.get("subject", "")]
        if "subject" in cand.slots:
            # the catalogue's short name; never the name without "The percentage of" and the like,
            # which is mostly plural ("Referrals with a decision in 24 hours was 75.1%")
            short = self.r.subject(cand.ind, short=True)
            if short not in subjects:
                subjects.append(short)
        options = (({}, {}),) + cand.options
        last = rules.general_last.get(cand.rule)
        # the fullest lead with any ask (the themed ones first), then shorter leads; within each,
        # the indicator's own name before shorter ones; the last-resort ask only when nothing fits
        order = [(leads[:1], asks), (leads[1:], asks)]
        if last is not None and last not in asks:
            order.append((leads, (last,)))
        best: tuple[int, str, str, dict[str, list[Number]]] | None = None
        for lead_group, ask_group in order:
            for ask_text in ask_group:
                for subj in subjects:
                    if subj[:1].isdigit():
                        subj = self.fr["numeral_subject"].format(subject=subj)
                    for option, option_numbers in options:
                        slots = {**cand.slots, **option}
                        if "subject" in cand.slots:
                            slots["subject"] = subj
                        for lead in lead_group:
                            frame = rules.format.format(lead=lead, ask=ask_text)
                            if not all(map(slots.get, frame_slots(frame))):
                                continue
                            text = self._percent_words(tidy(frame.format_map(slots)))
                            words = self.r.words(text)
                            if words <= rules.max_words:
                                return text, self._numbers(text, frame, {**cand.slot_numbers, **option_numbers})
                            if best is None or words < best[0]:
                                best = (words, text, frame, {**cand.slot_numbers, **option_numbers})
        if best is None or cand.rule not in FLAGGING:
            return None  # too long to ask: only a missed or worsened indicator must have its question
        return best[1], self._numbers(best[1], best[2], best[3])

    def _percent_words(self, text: str) -> str:
        """"the middle 50%" in the wording follows the profile too."""
        return text if self.r.profile.percent_sign else re.sub(r"(\d)%", r"\1 per cent", text)

    @staticmethod
    def _numbers(text: str, frame: str, slot_numbers: dict[str, list[Number]]) -> tuple[Number, ...]:
        # slots in the order the frame names them (a set's order would change with the hash seed)
        used = [n for slot in frame_slots(frame) for n in slot_numbers.get(slot, [])]
        return tuple(sorted(used, key=lambda n: (text.find(n.text) if n.text in text else len(text))))


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def ask(card: Scorecard, facts: Sequence[IndicatorFacts] | None = None, *, style: str = "ons",
        settings: Settings = DEFAULT, tolerances: Tolerances = DEFAULT_TOLERANCES) -> tuple[Question, ...]:
    """The scrutiny questions for ``card``: grouped by theme in scorecard order, each theme's ordered
    by salience (see the module docstring for the triggers and the selection)."""
    rules = load_question_rules(settings)
    realiser = document_realiser(card, style, settings)
    all_facts = tuple(facts) if facts is not None else scorecard_facts(card, tolerances)
    asker = _Asker(rules, realiser, tolerances, settings)
    order = {f.ref: i for i, f in enumerate(all_facts)}
    rule_order = {r: i for i, r in enumerate(RULES)}

    by_theme: dict[str, list[Question]] = {}
    flagged: dict[str, list[str]] = {}  # theme -> refs that missed target or worsened
    by_text: dict[str, tuple[str, int]] = {}  # question text -> (theme, index)
    for f in all_facts:
        ind = f.indicator
        theme_set = rules.theme_for(ind, asker.catalogue_theme.get(ind.catalogue_id or ""))
        cands = asker.candidates(f)
        if any(c.rule in FLAGGING or c.instead_of is not None for c in cands):
            flagged.setdefault(ind.theme, []).append(ind.ref)
        questions = by_theme.setdefault(ind.theme, [])
        for cand in cands:
            made = asker.realise(cand, theme_set)
            if made is None and cand.instead_of is not None:
                cand = cand.instead_of
                made = asker.realise(cand, theme_set)
            if made is None:
                continue
            text, nums = made
            key = " ".join(text.lower().split())
            if key in by_text:  # the same question for another indicator: ask it once, for both
                theme, i = by_text[key]
                q = by_theme[theme][i]
                by_theme[theme][i] = Question(q.text, q.theme, q.refs + (ind.ref,), q.rule,
                                              max(q.salience, cand.salience), q.facts + cand.facts, q.numbers)
                continue
            by_text[key] = (ind.theme, len(questions))
            questions.append(Question(text, ind.theme, (ind.ref,), cand.rule, cand.salience, cand.facts, nums))

    out: list[Question] = []
    for theme, questions in by_theme.items():
        out.extend(_select(questions, flagged.get(theme, []), rules, asker, theme, card, order, rule_order))
    voice = _voice(card, rules, asker)
    if voice is not None:
        out.append(voice)
    return tuple(_expand(out, realiser))


def _key(q: Question, order: dict[str, int], rule_order: dict[str, int]) -> tuple:
    return (-q.salience, order.get(q.refs[0], 0), rule_order.get(q.rule, 99))


def _select(questions: list[Question], flagged: list[str], rules: QuestionRules, asker: _Asker, theme: str,
            card: Scorecard, order: dict[str, int], rule_order: dict[str, int]) -> list[Question]:
    ranked = sorted(questions, key=lambda q: _key(q, order, rule_order))
    # each flagged indicator's most salient off_target/worsened question
    primary: dict[str, Question] = {}
    for q in ranked:
        if q.rule in FLAGGING:
            for ref in q.refs:
                primary.setdefault(ref, q)
    for q in ranked:  # an indicator worse than last month in a better year: its seasonality question
        if q.rule == "seasonality":
            for ref in q.refs:
                primary.setdefault(ref, q)
    needed = list(dict.fromkeys(q for q in (primary[r] for r in flagged if r in primary)))
    needed.sort(key=lambda q: _key(q, order, rule_order))
    chosen: list[Question] = []
    overflow: Question | None = None
    if len(needed) > rules.per_theme:
        chosen = needed[:rules.per_theme - 1]
        rest = needed[rules.per_theme - 1:]
        overflow = _overflow(rest, rules, asker, theme, card)
        if overflow is None:
            chosen = needed[:rules.per_theme]
    else:
        chosen = list(needed)
    per_ind: dict[str, int] = {}
    for q in chosen:
        for ref in q.refs:
            per_ind[ref] = per_ind.get(ref, 0) + 1
    room = rules.per_theme - len(chosen) - (overflow is not None)
    for q in ranked:
        if room <= 0:
            break
        if q in chosen or any(per_ind.get(r, 0) >= rules.per_indicator for r in q.refs):
            continue
        chosen.append(q)
        room -= 1
        for ref in q.refs:
            per_ind[ref] = per_ind.get(ref, 0) + 1
    chosen.sort(key=lambda q: _key(q, order, rule_order))
    if overflow is not None:
        chosen.append(overflow)
    return chosen


def _overflow(rest: list[Question], rules: QuestionRules, asker: _Asker, theme: str,
              card: Scorecard) -> Question | None:
    refs = tuple(dict.fromkeys(r for q in rest for r in q.refs))
    periods = [f.period for q in rest for f in q.facts if f.kind is FactKind.LATEST and f.period is not None]
    period = card.period if card.period is not None else (max(periods) if periods else None)
    if periods and any(p != period for p in periods):
        period = None  # not all for one period: say none
    count = numbers.count_word(len(refs), asker.r.profile.words_below)
    nums = [Number(count, float(len(refs)), f"count({', '.join(refs)})")] if count[:1].isdigit() else []
    slots = {"count": count, "theme": _lower_first(theme), "when": asker._when(period)}
    text = _first_that_fits(rules, asker, "overflow", slots, last_resort=False,
                            key=f"{theme}|{period.label if period else ''}")
    if text is None:
        return None
    facts = tuple(f for q in rest for f in q.facts)
    return Question(text, theme, refs, "overflow", max(q.salience for q in rest), facts, tuple(nums))


def _first_that_fits(rules: QuestionRules, asker: _Asker, rule: str, slots: dict[str, str],
                     last_resort: bool, key: str) -> str | None:
    """The first of the rule's leads, each with the general set's asks in turn from a start that
    ``key`` picks (so the wording varies from one scorecard or theme to the next, the same each
    time for the same one), then its last-resort ask when ``last_resort``, that stays within
    ``limits.max_words``."""
    leads = rules.leads.get(rule, {}).get("any", ())
    last = rules.general_last.get(rule) if last_resort else None
    general = rules.asks(rules.general, rule)
    if general:
        start = zlib.crc32(f"{key}|{rule}".encode()) % len(general)
        general = general[start:] + general[:start]
    for asks in (general, (last,) if last else ()):
        for lead in leads:
            for a in asks:
                text = asker._percent_words(tidy(rules.format.format(lead=lead, ask=a).format_map(slots)))
                if word_count(text) <= rules.max_words:
                    return text
    return None


def _voice(card: Scorecard, rules: QuestionRules, asker: _Asker) -> Question | None:
    """One question about the scorecard as a whole when no indicator's name, short name or theme
    shows what children and families think (``voice_names``); it states no figure."""
    names = rules.voice_names
    if names is None or not card.indicators:
        return None
    texts = dict.fromkeys(text for ind in card.indicators for text in (ind.name, ind.label, ind.theme) if text)
    if any(names.search(text) for text in texts):
        return None
    text = _first_that_fits(rules, asker, "voice", {}, last_resort=True,
                            key=f"{card.title or ''}|{card.period.label if card.period else ''}")
    if text is None:
        return None
    return Question(text, rules.fragments["whole_scorecard"], (), "voice", SALIENCE["voice"], (), ())


def _expand(questions: list[Question], realiser: Realiser) -> list[Question]:
    """Write out each abbreviation on its first use, in the order the questions are asked."""
    out = []
    for q in questions:
        text = realiser.expand(q.text)
        out.append(Question(text, q.theme, q.refs, q.rule, q.salience, q.facts, q.numbers) if text != q.text else q)
    return out


# ---------------------------------------------------------------------------------------------

def questions_json(questions: Sequence[Question]) -> list[dict[str, Any]]:
    """The questions as JSON-ready dicts, each with its facts and every figure's source."""
    from .write import fact_json

    return [{
        "question": q.text,
        "theme": q.theme,
        "indicators": list(q.refs),
        "rule": q.rule,
        "salience": q.salience,
        "facts": [fact_json(f) for f in q.facts],
        "numbers": [{"text": n.text, "value": n.value, "source": n.source} for n in q.numbers],
    } for q in questions]
