"""Stage 2b: the view from above. Headlines for the whole scorecard and a short summary per theme
("what is the data telling us"), built from the same facts as the commentary.

Each indicator offers at most one **key point**, the most salient of:

- off target (the target fact is ``missed``): a concern, salience 0.80 plus up to 0.10 for the
  size of the gap in tolerances;
- worsened beyond tolerance against the previous year (else the previous period): a concern,
  0.70 plus up to 0.10 for the size of the change;
- improved beyond tolerance: progress, 0.60 plus up to 0.10;
- behind every comparator shown (each comparator fact judged worse): a concern, 0.55 plus up to
  0.10 for the gap to the one named (England where shown);
- a longer run: the highest or lowest figure for six periods or more, or a streak of four or more
  rises or falls: 0.50, a concern or progress by its judgement, none for neutral measures;
- target met: progress, 0.45.

**Headlines** (at most six, one point each, one indicator each): concerns and progress taken in
turn, the more salient first, so neither crowds out the other; at least one headline puts the
latest figure in a longer run when any indicator has one. **Theme summaries**: how many measures
improved and worsened, how many targets were met, then the theme's two or three key points
(concerns first). All wording is in ``phrasebank/commentary.yml`` (``summary_*``, ``key_*``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .content import Message
from .facts import DEFAULT_TOLERANCES, Fact, FactKind, IndicatorFacts, Judgement, Tolerances, scorecard_facts
from .model import Indicator, Scorecard, TargetKind
from .realise import Number, Realiser, Sentence, _lower_first, document_realiser
from .settings import DEFAULT, Settings

MAX_HEADLINES = 6
KEY_POINTS_PER_THEME = 3
CONTEXT_MIN_RUN = 6  # "highest for six periods"
CONTEXT_MIN_STREAK = 4


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One indicator's most salient point, as a sentence that stands on its own."""

    ref: str
    theme: str
    kind: str  # off_target, worsened, improved, behind, context, met, moved
    concern: bool | None  # True: a concern; False: progress; None: neither (a neutral measure)
    salience: float
    sentence: Sentence
    facts: tuple[Fact, ...]

    @property
    def text(self) -> str:
        return self.sentence.text


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    theme: str
    sentences: tuple[Sentence, ...]
    key_points: tuple[KeyPoint, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Overview:
    headlines: tuple[KeyPoint, ...]
    summaries: tuple[ThemeSummary, ...]
    concerns: tuple[KeyPoint, ...] = ()  # each indicator's most salient concern, most salient first
    progress: tuple[KeyPoint, ...] = ()  # each indicator's most salient progress point


def _size(fact: Fact, ind: Indicator, tol: Tolerances) -> float:
    """How many tolerances a gap or change is, capped at 10, as a salience bonus up to 0.10."""
    if fact.difference is None or fact.reference is None:
        return 0.0
    tolerance = tol.for_indicator(ind, fact.reference.value) or 1.0
    return min(abs(fact.difference.value) / tolerance, 10.0) / 100


class _Writer:
    def __init__(self, realiser: Realiser, tol: Tolerances):
        self.r = realiser
        self.tol = tol

    def _say(self, kind: str, case: str, ind: Indicator, slots: dict[str, str], nums: list[Number]) -> Sentence:
        """The first frame that fits the word limit; with a shorter subject when none does."""
        text = self.r.fitted(kind, case, ind, slots, rotate=False, in_order=True)
        return self.r._sentence(text, nums, Message(kind, case, ind.ref, (), 0.0, f"{kind}.v1"))

    def _base(self, ind: Indicator, latest: Fact, nums: list[Number]) -> dict[str, str]:
        self.r.start_paragraph(ind)
        name = self.r.subject(ind)
        return {"subject": name, "subject_lower": _lower_first(name),
                "value": self.r.num(latest.value, ind.unit, nums), "when": self.r.when(latest.period)}

    def options(self, f: IndicatorFacts) -> list[tuple[float, str, bool | None, Fact]]:
        """Every point the indicator offers, most salient first."""
        ind = f.indicator
        out: list[tuple[float, str, bool | None, Fact]] = []
        target = f.first(FactKind.TARGET)
        if target is not None and target.status == "missed":
            out.append((0.80 + _size(target, ind, self.tol), "off_target", True, target))
        change = f.first(FactKind.CHANGE_YEAR) or f.first(FactKind.CHANGE_PREVIOUS)
        if change is not None and change.judgement is Judgement.WORSE:
            out.append((0.70 + _size(change, ind, self.tol), "worsened", True, change))
        if change is not None and change.judgement is Judgement.BETTER:
            out.append((0.60 + _size(change, ind, self.tol), "improved", False, change))
        behind = self._behind(f)
        if behind is not None:
            out.append((0.55 + _size(behind, ind, self.tol), "behind", True, behind))
        run = self._run(f)
        if run is not None:
            concern = None if run.judgement is None else run.judgement is Judgement.WORSE
            out.append((0.50, "context", concern, run))
        if target is not None and target.status == "met":
            out.append((0.45, "met", False, target))
        if change is not None and change.judgement is None and change.direction is not None \
                and change.direction.value != "same" and not change.small:  # (a few either way: no key point)
            out.append((0.30 + _size(change, ind, self.tol), "moved", None, change))
        out.sort(key=lambda o: -o[0])
        return out

    @staticmethod
    def _behind(f: IndicatorFacts) -> Fact | None:
        """The comparator to name when the figure is worse than every one shown: England where
        it has a value, else the first that has one."""
        comparators = f.all(FactKind.COMPARATOR)
        if not comparators or any(c.judgement is not Judgement.WORSE for c in comparators):
            return None
        valued = [c for c in comparators if c.reference is not None]
        return next((c for c in valued if c.against == "england"), valued[0] if valued else None)

    @staticmethod
    def _run(f: IndicatorFacts) -> Fact | None:
        run = next((e for e in f.all(FactKind.EXTREME) if (e.length or 0) >= CONTEXT_MIN_RUN), None)
        streak = f.first(FactKind.STREAK)
        if run is None and streak is not None and (streak.length or 0) >= CONTEXT_MIN_STREAK:
            run = streak
        return run

    def key_point(self, f: IndicatorFacts, concern: bool | None | str = "any") -> KeyPoint | None:
        """The indicator's most salient point (``concern=True``/``False``: its most salient
        concern or progress point)."""
        latest = f.first(FactKind.LATEST)
        if latest is None or latest.value is None:
            return None
        options = [o for o in self.options(f) if concern == "any" or o[2] is concern]
        if not options:
            return None
        salience, kind, is_concern, fact = options[0]
        return self._point(f, kind, is_concern, salience, fact, latest)

    def context_point(self, f: IndicatorFacts) -> KeyPoint | None:
        """The indicator's longer-run point, when it has one (for the headline that gives context)."""
        latest = f.first(FactKind.LATEST)
        run = self._run(f)
        if run is None or latest is None or latest.value is None:
            return None
        concern = None if run.judgement is None else run.judgement is Judgement.WORSE
        return self._point(f, "context", concern, 0.50, run, latest)

    def _point(self, f: IndicatorFacts, kind: str, concern: bool | None, salience: float, fact: Fact,
               latest: Fact) -> KeyPoint:
        ind = f.indicator
        nums: list[Number] = []
        slots = self._base(ind, latest, nums)
        if kind == "off_target":
            slots["target"] = self.r._target_phrase(ind, nums)
            slots["gap"] = self.r.num(fact.difference, ind.unit, nums, difference=True)
            gap = fact.difference.value
            if ind.target.kind is TargetKind.RANGE:
                case = "missed.range_above" if gap > 0 else "missed.range_below"
            else:
                case = "missed.above" if gap > 0 else "missed.below"
            sentence = self._say("key_off_target", case, ind, slots, nums)
        elif kind == "met":
            slots["target"] = self.r._target_phrase(ind, nums)
            sentence = self._say("key_met", "any", ind, slots, nums)
        elif kind == "behind":
            fr = self.r.pb.fragments
            own = "" if fact.reference_period is None or fact.reference_period == latest.period else \
                fr["for_period"].format(period=fact.reference_period.label)
            slots["comparator"] = fr["comparator"].format(name=fact.label, for_period=own,
                                                          value=self.r.num(fact.reference, ind.unit, nums))
            every = "every" if len(f.all(FactKind.COMPARATOR)) > 1 else "one"
            sentence = self._say("key_behind", f"{fact.relation.value}.{every}", ind, slots, nums)
        elif kind in ("worsened", "improved", "moved"):
            slots["reference"] = self.r.num(fact.reference, ind.unit, nums)
            fallback = "year_earlier" if fact.kind is FactKind.CHANGE_YEAR else "previous_period"
            slots["reference_when"] = self.r.when(fact.reference_period, fallback)
            case = f"{fact.direction.value}.{fact.judgement.value if fact.judgement else 'none'}"
            sentence = self._say("key_change", case, ind, slots, nums)
        else:  # context
            if fact.kind is FactKind.STREAK:
                case = f"streak.{fact.direction.value}"
                slots["count"] = self.r.count(fact.length, nums)
                slots["periods"] = self.r.periods_word(fact.period, fact.length)
            else:
                case = f"{fact.direction.value}.{fact.status}"
                slots["since"] = fact.reference_period.label if fact.reference_period else ""
                slots["count"] = self.r.count(fact.length, nums) if fact.status == "all" else ""
                slots["periods"] = self.r.periods_word(fact.period, fact.length)
            sentence = self._say("key_context", case, ind, slots, nums)
        return KeyPoint(ind.ref, ind.theme, kind, concern, salience, sentence, (latest, fact))

    def theme_sentences(self, theme_facts: Sequence[IndicatorFacts]) -> list[Sentence]:
        first = theme_facts[0].indicator
        out: list[Sentence] = []
        judged = [f for f in theme_facts if f.indicator.polarity.value != "neutral"
                  and f.first(FactKind.LATEST) is not None]
        better = [f for f in judged if f.judgement is Judgement.BETTER]
        worse = [f for f in judged if f.judgement is Judgement.WORSE]
        nums: list[Number] = []

        def counted(items: Sequence[IndicatorFacts]) -> str:
            text = self.r.count(len(items), [])
            if text[:1].isdigit():
                nums.append(Number(text, float(len(items)), "count(" + ",".join(x.ref for x in items) + ")"))
            return text

        if not judged:
            case = "unjudged"
        elif len(judged) == 1:
            case = "one_better" if better else ("one_worse" if worse else "one_none")
        elif better and worse:
            case = "mixed"
        elif len(better) == len(judged) or len(worse) == len(judged) or not better and not worse:
            every = "better" if better else ("worse" if worse else "none")  # "Both ... improved",
            case = f"{'both' if len(judged) == 2 else 'all'}_{every}"  # "All five ... worsened"
        elif better:
            case = "better_only"
        else:
            case = "worse_only"
        moved = {id(f) for f in better} | {id(f) for f in worse}  # by identity: "in" on a list compared deeply
        slots = {"judged": counted(judged), "better": counted(better), "worse": counted(worse),
                 "steady": counted([f for f in judged if id(f) not in moved])}
        out.append(self._say("summary_counts", case, first, slots, nums))
        nums = []
        targeted = [f for f in theme_facts if f.first(FactKind.TARGET) is not None
                    and f.first(FactKind.TARGET).status in ("met", "missed")]
        met = [f for f in targeted if f.first(FactKind.TARGET).status == "met"]
        if targeted:
            if len(targeted) == 1:
                case = "one_met" if met else "one_missed"
            elif len(met) == len(targeted) or not met:
                case = f"{'both' if len(targeted) == 2 else 'all'}_{'met' if met else 'missed'}"
            else:
                case = "some_missed"
            met_ids = {id(f) for f in met}
            slots = {"with_target": counted(targeted), "met": counted(met),
                     "missed": counted([f for f in targeted if id(f) not in met_ids])}
            out.append(self._say("summary_targets", case, first, slots, nums))
        return out


def summarise(card: Scorecard, facts: Sequence[IndicatorFacts] | None = None, *, style: str = "ons",
              settings: Settings = DEFAULT, tolerances: Tolerances = DEFAULT_TOLERANCES) -> Overview:
    """Headlines and theme summaries for ``card`` (facts computed when not given)."""
    all_facts = tuple(facts) if facts is not None else scorecard_facts(card, tolerances)
    realiser = document_realiser(card, style, settings)
    writer = _Writer(realiser, tolerances)

    by_theme: dict[str, list[IndicatorFacts]] = {}
    for f in all_facts:
        by_theme.setdefault(f.indicator.theme, []).append(f)
    points = {f.ref: writer.key_point(f) for f in all_facts}

    # Headlines: concerns and progress in turn, one indicator each.
    all_concerns = sorted((p for p in (writer.key_point(f, True) for f in all_facts) if p), key=lambda p: -p.salience)
    all_progress = sorted((p for p in (writer.key_point(f, False) for f in all_facts) if p), key=lambda p: -p.salience)
    concerns, progress = list(all_concerns), list(all_progress)
    headlines: list[KeyPoint] = []
    used: set[str] = set()
    while len(headlines) < MAX_HEADLINES and (concerns or progress):
        for pool in (concerns, progress):
            while pool and pool[0].ref in used:
                pool.pop(0)
            if pool and len(headlines) < MAX_HEADLINES:
                headlines.append(pool.pop(0))
                used.add(headlines[-1].ref)
    headlines.sort(key=lambda p: -p.salience)
    if headlines and not any(p.kind == "context" for p in headlines):
        used = {p.ref for p in headlines}
        context = None
        for f in sorted(all_facts, key=lambda f: -(points[f.ref].salience if points[f.ref] else 0)):
            if f.ref not in used:
                context = writer.context_point(f)
                if context is not None:
                    break
        if context is None:  # one of the headline indicators has a longer run: say that instead
            for i, p in enumerate(headlines):
                candidate = writer.context_point(next(f for f in all_facts if f.ref == p.ref))
                if candidate is not None:
                    headlines[i] = KeyPoint(candidate.ref, candidate.theme, candidate.kind, candidate.concern,
                                            p.salience, candidate.sentence, candidate.facts)
                    break
        elif len(headlines) < MAX_HEADLINES:
            headlines.append(context)
        else:
            headlines[-1] = context
    # The sentences were made in ranking order; make them again in reading order so each
    # abbreviation is written out at its first use in the document.
    realiser.forget_abbreviations()
    headlines = [_again(writer, all_facts, p) for p in headlines]

    summaries = []
    for theme, theme_facts in by_theme.items():
        sentences = writer.theme_sentences(theme_facts)
        chosen = sorted((points[f.ref] for f in theme_facts if points[f.ref] is not None),
                        key=lambda p: (p.concern is not True, -p.salience))[:KEY_POINTS_PER_THEME]
        chosen = [_again(writer, all_facts, p) for p in chosen]
        summaries.append(ThemeSummary(theme, tuple(sentences) + tuple(p.sentence for p in chosen), tuple(chosen)))
    return Overview(tuple(headlines), tuple(summaries), tuple(all_concerns), tuple(all_progress))


def _again(writer: _Writer, all_facts: Sequence[IndicatorFacts], point: KeyPoint) -> KeyPoint:
    f = next(x for x in all_facts if x.ref == point.ref)
    latest, fact = point.facts
    return writer._point(f, point.kind, point.concern, point.salience, fact, latest)

