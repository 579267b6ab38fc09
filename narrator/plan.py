"""Stage 2: the document plan. Indicators grouped into sections by theme (in the order the
scorecard gives them), a paragraph per indicator, the messages chosen by :mod:`content` in the
order they are said; then each paragraph is realised (:mod:`realise`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .content import Message, select
from .facts import DEFAULT_TOLERANCES, IndicatorFacts, Tolerances, scorecard_facts
from .model import Indicator, Scorecard
from .realise import Realiser, Sentence, load_phrasebank
from .settings import DEFAULT, Settings
from .style import load_style_data


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
            tolerances: Tolerances = DEFAULT_TOLERANCES) -> Commentary:
    """Facts, content selection, plan and realisation for every indicator of ``card``."""
    realiser = Realiser(load_phrasebank(settings), style, load_style_data(settings.phrasebank / "style.yml"))
    seen: dict[str, int] = {}
    for ind in card.indicators:
        if ind.catalogue_id:
            seen[ind.catalogue_id] = seen.get(ind.catalogue_id, 0) + 1
    realiser.shared_labels = frozenset(k for k, n in seen.items() if n > 1)
    by_theme: dict[str, list[Paragraph]] = {}
    for facts in scorecard_facts(card, tolerances):
        ind = facts.indicator
        messages = select(facts)
        sentences: list[Sentence] = []
        realiser.start_paragraph(ind)
        for message in messages:
            sentences.extend(realiser.realise(message, ind))
        by_theme.setdefault(ind.theme, []).append(Paragraph(ind, facts, messages, tuple(sentences)))
    return Commentary(card, tuple(Section(theme, tuple(paras)) for theme, paras in by_theme.items()))
