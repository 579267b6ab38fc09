"""The indicator catalogue (``phrasebank/indicators.yml``): what common children's services
indicators are, so a scorecard that does not say an indicator's polarity, unit or theme still
loads with the right ones.

Matching: the indicator name and each phrase are normalised (lower case, ``&`` -> ``and``, any
character but letters, digits, ``%``, ``/``, ``+``, ``-`` -> space). An alternative (a list of
phrases) matches when every phrase occurs at word boundaries; its score is the phrases' total
length. An entry matches with its best alternative unless one of its ``exclude`` phrases
occurs. The highest score wins; ties go to the earlier entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Polarity, Unit
from .phrasebank import Checker, load_checked
from .settings import DEFAULT, Settings

_STRIP = re.compile(r"[^a-z0-9%/+\-]+")
_TOKEN = re.compile(r"[a-z0-9]+")  # what _has treats as inside a word


def normalise_name(name: str) -> str:
    return " ".join(_STRIP.sub(" ", name.lower().replace("&", " and ")).split())


def _has(phrase: str, name: str) -> bool:
    # Word-boundary search without a regex per phrase: fast enough for 10,000 rows.
    start = name.find(phrase)
    while start != -1:
        end = start + len(phrase)
        before = name[start - 1] if start else " "
        after = name[end] if end < len(name) else " "
        if not (before.isalnum() and before.isascii()) and not (after.isalnum() and after.isascii()):
            return True
        start = name.find(phrase, start + 1)
    return False


@dataclass(frozen=True)
class Entry:
    id: str
    label: str
    theme: str  # theme id
    unit: Unit
    polarity: Polarity
    counts: str
    match: tuple[tuple[str, ...], ...]
    exclude: tuple[str, ...]

    def score(self, name: str) -> int:
        if any(_has(p, name) for p in self.exclude):
            return 0
        best = 0
        for alternative in self.match:
            if all(_has(p, name) for p in alternative):
                best = max(best, sum(len(p) for p in alternative))
        return best


@dataclass(frozen=True)
class Catalogue:
    themes: dict[str, str]  # theme id -> display name
    entries: tuple[Entry, ...]
    # word -> (entry index, the words all of one of its alternatives needs), for alternatives whose
    # first word it is: an entry can only score when a name has every word of one alternative
    _by_word: dict[str, list[tuple[int, frozenset[str]]]] = field(default_factory=dict, init=False, repr=False,
                                                                compare=False)
    _found: dict[str, Entry | None] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for i, entry in enumerate(self.entries):
            for alternative in entry.match:
                words = [w for p in alternative for w in _TOKEN.findall(p)]
                if words:
                    self._by_word.setdefault(words[0], []).append((i, frozenset(words)))
                else:  # nothing to index by: always try it
                    self._by_word.setdefault("", []).append((i, frozenset()))

    def match(self, name: str) -> Entry | None:
        """The best entry for an indicator name (the first of the highest scores), or None."""
        norm_name = normalise_name(name)
        if norm_name in self._found:
            return self._found[norm_name]
        words = set(_TOKEN.findall(norm_name))
        candidates = sorted({i for word in (*words, "") for i, needs in self._by_word.get(word, ())
                             if needs <= words})
        best, best_score = None, 0
        for i in candidates:
            score = self.entries[i].score(norm_name)
            if score > best_score:
                best, best_score = self.entries[i], score
        if len(self._found) < 100_000:
            self._found[norm_name] = best
        return best

    def theme_name(self, theme_id: str) -> str:
        return self.themes.get(theme_id, theme_id.replace("_", " ").capitalize())


def _check(data: Any, chk: Checker) -> Catalogue:
    data = chk.mapping(data, "")
    chk.unknown_keys(data, "", {"version", "themes", "indicators"})
    themes = {str(k): str(v) for k, v in chk.mapping(data.get("themes", {}), "themes").items()}
    entries: list[Entry] = []
    seen: set[str] = set()
    items = data.get("indicators", [])
    if not isinstance(items, list):
        chk.error("indicators", "expected a list of entries")
        items = []
    fields = {"id", "label", "theme", "unit", "polarity", "counts", "match", "exclude"}
    for i, item in enumerate(items):
        item = chk.mapping(item, f"indicators[{i}]")
        key = f"indicators[{i}]" + (f" ({item['id']})" if "id" in item else "")
        chk.unknown_keys(item, key, fields)
        for required in fields - {"exclude"}:
            if required not in item:
                chk.error(f"{key}.{required}", "missing")
        ident = chk.text(item.get("id", ""), f"{key}.id") or ""
        if ident in seen:
            chk.error(f"{key}.id", f"duplicate id {ident!r}")
        seen.add(ident)
        theme = item.get("theme")
        if theme is not None and theme not in themes:
            chk.error(f"{key}.theme", f"unknown theme {theme!r}; expected one of {', '.join(themes)}")
        unit = chk.choice(item.get("unit"), f"{key}.unit", [u.value for u in Unit])
        polarity = chk.choice(item.get("polarity"), f"{key}.polarity", [p.value for p in Polarity])
        match = item.get("match", [])
        alternatives: list[tuple[str, ...]] = []
        if not isinstance(match, list) or not match:
            chk.error(f"{key}.match", "expected a non-empty list of phrase lists")
        else:
            for j, alt in enumerate(match):
                phrases = chk.texts(alt, f"{key}.match[{j}]")
                if not phrases:
                    chk.error(f"{key}.match[{j}]", "expected at least one phrase")
                alternatives.append(tuple(normalise_name(p) for p in phrases))
        exclude = tuple(normalise_name(p) for p in chk.texts(item.get("exclude", []), f"{key}.exclude"))
        if unit and polarity and ident:
            entries.append(Entry(ident, str(item.get("label", "")), str(theme), Unit(unit),
                                 Polarity(polarity), str(item.get("counts", "")),
                                 tuple(alternatives), exclude))
    return Catalogue(themes, tuple(entries))


@lru_cache(maxsize=8)
def _load(path: Path) -> Catalogue:
    return load_checked(path, _check)


def load_catalogue(settings: Settings = DEFAULT) -> Catalogue:
    """The validated catalogue; raises ConfigError listing every problem in the file."""
    return _load(settings.phrasebank / "indicators.yml")
