"""Stage 2: the document plan. Indicators grouped into sections by theme (in the order the
scorecard gives them), a paragraph per indicator, the messages chosen by :mod:`content` in the
order they are said; then each paragraph is realised (:mod:`realise`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .content import Message, select
from .facts import DEFAULT_TOLERANCES, IndicatorFacts, Tolerances, scorecard_facts
from .model import Indicator, Scorecard
from .realise import Sentence, document_realiser
from .records import quick_init
from .settings import DEFAULT, Settings
from .summarise import Overview, summarise


@quick_init
@dataclass(frozen=True, slots=True)
class Paragraph:
    """One indicator's commentary."""

    indicator: Indicator
    facts: IndicatorFacts
    messages: tuple[Message, ...]
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Section:
    theme: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Commentary:
    """The realised commentary for a scorecard."""

    scorecard: Scorecard
    sections: tuple[Section, ...]

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)


def narrate(card: Scorecard, *, settings: Settings = DEFAULT, style: str = "ons",
            tolerances: Tolerances = DEFAULT_TOLERANCES,
            facts: tuple[IndicatorFacts, ...] | None = None) -> Commentary:
    """Facts, content selection, plan and realisation for every indicator of ``card``."""
    realiser = document_realiser(card, style, settings)
    breaks = realiser.pb.break_notes
    by_theme: dict[str, list[Paragraph]] = {}
    for found in (facts if facts is not None else scorecard_facts(card, tolerances)):
        ind = found.indicator
        messages = select(found, break_notes=breaks)
        sentences: list[Sentence] = []
        realiser.start_paragraph(ind)
        for message in messages:
            sentences.extend(realiser.realise(message, ind))
        by_theme.setdefault(ind.theme, []).append(Paragraph(ind, found, messages, tuple(sentences)))
    return Commentary(card, tuple(Section(theme, tuple(paras)) for theme, paras in by_theme.items()))


@dataclass(frozen=True, slots=True)
class Report:
    """Everything forward mode writes: headlines and theme summaries, scrutiny questions, and
    the commentary on each indicator, all from one set of facts."""

    commentary: Commentary
    overview: Overview
    questions: tuple  # of questions.Question

    @property
    def scorecard(self) -> Scorecard:
        return self.commentary.scorecard


def report(card: Scorecard, *, settings: Settings = DEFAULT, style: str = "ons",
           tolerances: Tolerances = DEFAULT_TOLERANCES) -> Report:
    from .questions import ask  # noqa: PLC0415 (questions imports this module's neighbours)

    facts = scorecard_facts(card, tolerances)
    return Report(narrate(card, settings=settings, style=style, tolerances=tolerances, facts=facts),
                  summarise(card, facts, style=style, settings=settings, tolerances=tolerances),
                  ask(card, facts, style=style, settings=settings))
