"""Reverse mode, stage 2: figures in a narrative that contradict each other.

Each issue quotes the text, gives its offsets and a plain reason. Kinds:

- ``share_over_100``: a percentage share (not a change) above 100%.
- ``fraction_mismatch``: a percentage that disagrees with its own fraction ("81.4% (1,119 / 1,374)")
  by more than the rounding of the percentage as written allows.
- ``change_mismatch``: "a rise of 12%" (or an explicit percentage change) that disagrees with the two
  counts the same sentence compares ("from 1,650 to 1,417").
- ``direction_contradiction``: "increase"/"decrease" (or "rose"/"fell"...) said of a change whose two
  figures ("from A to B", "compared with A") move the other way; "improvement"/"decline" checked
  against the measure's polarity from the indicator catalogue.
- ``target_contradiction``: "exceeded", "met", "above target", "not meeting"... contradicted by the
  figure, the target and the measure's polarity.
- ``inconsistent_value``: the same measure and period given two different values (the measure
  may be named more briefly later in its paragraph, by the last three words or more of its name).

It keeps quiet when in doubt: a false alarm costs an officer's trust. A check needs both numbers in
the same sentence with the roles it expects, and polarity from the catalogue where it matters.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .catalogue import load_catalogue
from .extract import _RANGE_DASH, ExtractedFigure, Extraction, load_cues, paragraph_breaks
from .model import Polarity
from .settings import DEFAULT, Settings


@dataclass(frozen=True, slots=True)
class Issue:
    kind: str
    start: int
    end: int
    quote: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "quote": self.quote, "reason": self.reason}


def _decimals(text: str) -> int:
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0


def _fmt(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".")


def _polarity(measure: str, settings: Settings, sentence: str = "") -> Polarity | None:
    catalogue = load_catalogue(settings)
    entry = catalogue.match(measure.split(":", 1)[-1]) or catalogue.match(measure) or \
        (catalogue.match(sentence) if sentence else None)
    if entry is None or entry.polarity is Polarity.NEUTRAL:
        return None
    return entry.polarity


_LOOK_BACK = 40  # figures looked back over for the one a sentence compares with (a long table has no paragraphs)
_FROM = re.compile(r"\bfrom\s+(?:£)?$", re.IGNORECASE)


def _said_before(ex: Extraction, figs: tuple[ExtractedFigure, ...], first: int, previous: ExtractedFigure,
                 by_sentence: dict[str, list[int]]) -> ExtractedFigure | None:
    """The nearest actual figure before ``figs[first]`` in its paragraph with ``previous``'s unit
    and measure, when it is the only one of its sentence; else None ("332 children from 198
    families": which is compared is not clear)."""
    measure = previous.measure.lower()

    def alike(f: ExtractedFigure, j: int) -> bool:  # (a base a percentage is of is a figure of the measure too)
        return f.role == "actual" and f.unit == previous.unit and f.measure.lower() == measure \
            and (f.part_of is None or figs[f.part_of].denominator == j)

    paragraph = ex.text.rfind("\n\n", 0, previous.start)
    for j in range(first - 1, max(-1, first - 1 - _LOOK_BACK), -1):
        f = figs[j]
        if f.start < paragraph:
            return None
        if alike(f, j):
            return f if sum(1 for k in by_sentence[f.sentence] if alike(figs[k], k)) == 1 else None
    return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+(?:-[a-z]+)?", text.lower()))


def _named_briefly(words: list[str], earlier: list[tuple[list[str], ExtractedFigure]]) -> ExtractedFigure | None:
    """The earlier figure (of the same paragraph, period and unit) whose measure ends with the
    other's, one of three words or more ("education employment or training" of "care leavers aged
    17 to 21 were in education employment or training"), or None."""
    for other_words, other in earlier:
        short, long = sorted((words, other_words), key=len)
        if len(short) >= 3 and len(long) > len(short) and long[-len(short):] == short:
            return other
    return None


def check_extraction(ex: Extraction, settings: Settings = DEFAULT) -> tuple[Issue, ...]:
    cues = load_cues(settings)
    figs = ex.figures
    issues: list[Issue] = []

    def quote(a: ExtractedFigure, b: ExtractedFigure | None = None) -> tuple[int, int, str]:
        start = min(a.start, b.start) if b else a.start
        end = max(a.end, b.end) if b else a.end
        return start, end, ex.text[start:end]

    for i, f in enumerate(figs):
        # a share over 100%
        if f.unit == "percent" and f.value > 100 and f.role in ("actual", "previous", "comparator", "target") \
                and not re.search(r"\b(?:increase|rise|growth|more|higher|up)\b",
                                  ex.text[max(0, f.start - 30):f.end + 20].lower()):
            issues.append(Issue("share_over_100", f.start, f.end, f.text,
                                f"{f.text} is a share of more than 100%, which cannot be right for a proportion"))
        # a percentage against its own fraction
        if f.unit == "percent" and f.numerator is not None and f.denominator is not None:
            n, d = figs[f.numerator].value, figs[f.denominator].value
            if d > 0:
                exact = 100 * n / d
                allowed = 0.5 * 10 ** -_decimals(f.text) + 1e-9
                if abs(exact - f.value) > allowed:
                    s, e, q = quote(f, figs[f.denominator])
                    issues.append(Issue("fraction_mismatch", s, e, q,
                                        f"{figs[f.numerator].text} out of {figs[f.denominator].text} is "
                                        f"{_fmt(exact)}%, not {f.text}"))

    by_sentence: dict[str, list[int]] = {}
    for i, f in enumerate(figs):
        by_sentence.setdefault(f.sentence, []).append(i)
    for sentence, idxs in by_sentence.items():
        stated = sentence
        if sentence.rstrip().endswith("?") and ": " in sentence:
            stated = sentence[:sentence.rfind(": ")]  # "... against a target of 85%: how are needs being
            # met?" asserts only what comes before the question
        words = _words(stated)
        group = [figs[i] for i in idxs]
        actual = next((g for g in group if g.role == "actual" and g.unit != "ratio"), None)
        previous = next((g for g in group if g.role == "previous"), None)
        target = next((g for g in group if g.role == "target"), None)
        change = next((g for g in group if g.role == "change"), None)
        carried = False
        if actual is None and previous is not None and previous.measure:
            # "There were 398 children in care ... This compares with 381 in June 2023, an increase
            # of 24": the figure compared is the paragraph's, said before with the same measure
            actual = _said_before(ex, figs, idxs[0], previous, by_sentence)
            carried = actual is not None
        # direction words against "from A to B" / "compared with A"
        lowered = stated.lower()
        if actual is not None and previous is not None and actual.unit == previous.unit \
                and actual.value != previous.value and previous.part_of is None \
                and (actual.part_of is None or carried) \
                and (_FROM.search(ex.text, max(0, previous.start - 12), previous.start)
                     or not any(b in lowered for b in cues.direction_basis)):  # (see direction_basis)
            went_up = actual.value > previous.value
            says_up = bool(words & cues.direction_words.get("up", frozenset()))
            says_down = bool(words & cues.direction_words.get("down", frozenset()))
            if says_up != says_down:  # one direction said, not both
                if says_up and not went_up or says_down and went_up:
                    s, e, q = quote(previous) if carried else quote(previous, actual)
                    said = "an increase" if says_up else "a decrease"
                    issues.append(Issue("direction_contradiction", s, e, q,
                                        f"the sentence describes {said}, but the figures go from {previous.text} "
                                        f"to {actual.text}"))
            polarity = _polarity(actual.measure, settings, sentence)
            says_better = bool(words & cues.direction_words.get("better", frozenset()))
            says_worse = bool(words & cues.direction_words.get("worse", frozenset()))
            if polarity is not None and says_better != says_worse:
                better = went_up if polarity is Polarity.HIGH else not went_up
                if says_better and not better or says_worse and better:
                    s, e, q = quote(previous) if carried else quote(previous, actual)
                    said = "an improvement" if says_better else "a decline"
                    issues.append(Issue("direction_contradiction", s, e, q,
                                        f"the sentence calls it {said}, but {previous.text} to {actual.text} is "
                                        f"{'better' if better else 'worse'} for a measure where "
                                        f"{'higher' if polarity is Polarity.HIGH else 'lower'} is better"))
            # a stated change in the count itself against the two counts
            if change is not None and change.unit == "count" == actual.unit and change.part_of is None \
                    and "percentage point" not in ex.text[change.end:change.end + 25]:
                exact = abs(actual.value - previous.value)
                allowed = 0.5 * 10 ** -_decimals(change.text) + 1e-9
                if abs(exact - abs(change.value)) > allowed:
                    s, e, q = quote(change) if carried else quote(previous, change)
                    issues.append(Issue("change_mismatch", s, e, q,
                                        f"{previous.text} to {actual.text} is a change of {_fmt(exact)}, "
                                        f"not {change.text}"))
            # a stated percentage change against the two counts
            if change is not None and change.unit == "percent" and actual.unit == "count" \
                    and previous.value > 0 and "percentage point" not in ex.text[change.end:change.end + 25]:
                exact = 100 * (actual.value - previous.value) / previous.value
                allowed = 0.5 * 10 ** -_decimals(change.text) + 1e-9
                if abs(abs(exact) - abs(change.value)) > allowed:
                    s, e, q = quote(change)
                    issues.append(Issue("change_mismatch", s, e, q,
                                        f"{previous.text} to {actual.text} is a change of {_fmt(exact)}%, "
                                        f"not {change.text}"))
        # signed percentage change stated as an actual figure beside two counts ("a -14.1% decrease")
        # is left alone: the sign and the word agree or the direction check covers it.
        # target words against the figure and the target
        if actual is not None and target is not None and actual.unit == target.unit:
            said = lowered.replace(actual.measure.lower(), " ") if actual.measure else lowered  # (not the
            # name's own words: "episodes closed with outcomes achieved")
            says_met = any(w in said for w in cues.target_words.get("met", ()))
            says_missed = any(w in said for w in cues.target_words.get("missed", ()))
            if says_missed:
                says_met = False
            polarity = _polarity(actual.measure, settings, sentence)
            high = next((g for g in group if g.role == "target" and g.start > target.end and g.unit == target.unit
                         and _RANGE_DASH.fullmatch(ex.text, target.end, g.start)), None)  # "a target range of 18% to 22%"
            if polarity is not None and (says_met or says_missed):
                if high is not None:
                    met = target.value <= actual.value <= high.value
                else:
                    met = actual.value >= target.value if polarity is Polarity.HIGH else actual.value <= target.value
                if says_met and not met or says_missed and met:
                    s, e, q = quote(actual, high or target)
                    wanted = f"{target.text} to {high.text}" if high is not None else target.text
                    issues.append(Issue("target_contradiction", s, e, q,
                                        f"the sentence says the target was {'met' if says_met else 'missed'}, "
                                        f"but {actual.text} against a target of {wanted} is "
                                        f"{'met' if met else 'missed'} where "
                                        f"{'higher' if polarity is Polarity.HIGH else 'lower'} is better"))

    # the same measure and period with two different values
    seen: dict[tuple[str, str, str], ExtractedFigure] = {}
    said: dict[tuple[int, str, str], list[tuple[list[str], ExtractedFigure]]] = defaultdict(list)
    breaks = paragraph_breaks(ex.text)
    reported: set[str] = set()
    for f in figs:
        when = f.period_normalised or f.period  # (as written where it names no year: "Quarter 2")
        if f.role != "actual" or f.part_of is not None or not when or not f.measure \
                or f.numerator is not None and f.unit != "percent":  # (a denominator: "41/104", "a 1/3 of")
            continue
        words = re.findall(r"[a-z0-9]+", f.measure.lower())
        key_measure = " ".join(words)
        if len(words) < 2 or f.sentence in reported or "\t" in f.sentence:  # (a table row's
            # columns are different periods or comparators)
            continue
        key = (key_measure, when, f.unit)
        other = seen.get(key)
        nearby = said[bisect.bisect_right(breaks, f.start - 2), when, f.unit]  # (by paragraph, as _said_before)
        if other is None:  # ... or named more briefly in the same paragraph, by the last words of its
            # name: "58.1% of care leavers aged 17 to 21 were in education, employment or training"
            # and then "education, employment or training stood at 55.8%" (the last few said there)
            other = _named_briefly(words, nearby[-_LOOK_BACK:])
        if other is not None and other.value != f.value and other.sentence != f.sentence:
            reported.add(f.sentence)  # one in a sentence: the others there are said of the same
            issues.append(Issue("inconsistent_value", f.start, f.end, f.text,
                                f"{f.text} for {when} disagrees with {other.text} given earlier "
                                f"for the same measure and period"))
        seen.setdefault(key, f)
        nearby.append((words, f))
    issues.sort(key=lambda x: (x.start, x.kind))
    return tuple(issues)
