"""The vocabulary that tells the loader what a scorecard's headers and cells mean.

Built from ``phrasebank/columns.yml`` and, optionally, a user's mapping file in the same form
(``--columns mapping.yml``), whose entries are tried first. A mapping file may also carry
``indicators:``, settings for single rows keyed by ref or by indicator name::

    columns:
      indicator: ["pi description"]
    comparators:
      county_average: {name: the county average, aliases: ["county avg"]}
    indicators:
      FD2: {polarity: neutral, unit: rate_per_10k}
      "Children missing from education (No)": {polarity: low}
      "8": {current: rolling_6m, previous_year: rolling_12m}

``current`` and ``previous_year`` name the column (by role, such as ``rolling_6m``, or by its
header) that holds that row's figure, for sheets where a footnote changes a column's meaning for
some rows (paper 004: rows without ``*`` hold 12-months-ago figures in ``LA 12m``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Polarity, Unit
from .periods import find_period, parse_period
from .phrasebank import Checker, load_checked
from .settings import DEFAULT, Settings

ROLES = ("ref", "indicator", "theme", "unit", "polarity", "decimals", "current", "current_period",
         "previous_year", "previous_year_period", "target", "band", "rag", "direction_of_travel",
         "rolling_12m", "rolling_6m", "previous_published", "notes", "ignore")
VALUE_SECTIONS = {
    "missing": None,
    "direction": ("up", "down", "same"),
    "rag": ("R", "A", "G"),
    "relation": ("above", "below", "in_line"),
    "polarity": tuple(p.value for p in Polarity),
    "band": ("higher", "lower", "in_range", "q1", "q2", "q3", "q4"),
    "unit": tuple(u.value for u in Unit),
}
OVERRIDE_FIELDS = {"polarity": tuple(p.value for p in Polarity), "unit": tuple(u.value for u in Unit),
                   "theme": None, "decimals": None, "name": None, "tolerance": None,
                   # which column holds this row's current or previous-year figure, by role or header
                   "current": None, "previous_year": None, "previous_year_period": None}

_BRACKET_PERIOD = re.compile(r"\s*[\(\[]([^()\[\]]*)[\)\]]\s*$")


def norm(text: Any) -> str:
    """Lower-case, ``&`` -> ``and``, spaces folded: the form aliases are compared in."""
    text = str(text).replace("&", " and ").replace("\u00a0", " ").lower()
    return " ".join(text.split())


def header_key(text: Any) -> tuple[str, Any]:
    """(normalised header, period in trailing brackets or None): ``England Average (2021/22)``
    -> (``england average``, 2021/22)."""
    text = norm(text).rstrip(":*").strip()
    period = None
    match = _BRACKET_PERIOD.search(text)
    if match:
        found = parse_period(match.group(1)) or (find_period(match.group(1)) or (None,))[0]
        if found is not None:
            period = found
            text = text[: match.start()].strip()
    return text, period


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(phrase.lower()) + r"(?![a-z0-9])")


@dataclass(frozen=True)
class Vocabulary:
    """Aliases and cell words, normalised, ready for lookups."""

    columns: dict[str, str]  # header alias -> role
    comparators: dict[str, str]  # header alias -> comparator id
    comparator_names: dict[str, str]  # comparator id -> how commentary names it
    relation_prefixes: tuple[str, ...]
    theme_cut: tuple[str, ...]
    words: dict[str, dict[str, str]]  # section -> cell word -> normalised value
    unit_cues: tuple[tuple[Unit, re.Pattern[str]], ...]
    acronyms: frozenset[str]
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)  # ref or norm(name) -> fields
    value_markers: tuple[str, ...] = ()  # lower case, longest first: read past after a figure ("(p)", "*")
    sources: tuple[str, ...] = ()

    def word(self, section: str, text: Any) -> str | None:
        """The normalised meaning of a cell word in ``section`` (``rag``, ``direction``...), or None."""
        key = norm(text).strip(" .")
        table = self.words[section]
        return table.get(key) if key else None

    def comparator_id(self, text: str) -> str | None:
        """The comparator a header names (``Stat Neighbours`` -> ``statistical_neighbours``)."""
        key = norm(text).strip(" .")
        if key in self.comparators:
            return self.comparators[key]
        for suffix in (" rate", " average", " avg", " figure", " mean", " median"):
            if key.endswith(suffix) and key[: -len(suffix)] in self.comparators:
                return self.comparators[key[: -len(suffix)]]
        return None

    def comparator_name(self, comparator_id: str) -> str:
        return self.comparator_names.get(
            comparator_id, "the " + comparator_id.replace("_", " ") + " average")

    def override(self, ref: str, name: str) -> dict[str, Any]:
        return self.overrides.get(ref) or self.overrides.get(norm(name)) or {}


def _check_file(data: Any, chk: Checker, base: bool) -> dict[str, Any]:
    data = chk.mapping(data if data is not None else {}, "")
    known = {"version", "columns", "comparators", "relation_prefixes", "theme_heading_cut", "value_markers",
             "values", "unit_cues", "acronyms", "indicators"}
    chk.unknown_keys(data, "", known)
    out: dict[str, Any] = {"columns": {}, "comparators": {}, "names": {}, "prefixes": [],
                           "cut": [], "words": {}, "cues": [], "acronyms": [], "overrides": {}, "markers": []}
    for role, aliases in chk.mapping(data.get("columns", {}), "columns").items():
        if role not in ROLES:
            chk.error(f"columns.{role}", f"unknown column role; expected one of {', '.join(ROLES)}")
            continue
        for alias in chk.texts(aliases, f"columns.{role}"):
            out["columns"][header_key(alias)[0]] = role
    for cid, spec in chk.mapping(data.get("comparators", {}), "comparators").items():
        key = f"comparators.{cid}"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(cid)):
            chk.error(key, "a comparator id is snake_case (letters, digits, _)")
            continue
        if isinstance(spec, list):
            spec = {"aliases": spec}
        spec = chk.mapping(spec, key)
        chk.unknown_keys(spec, key, {"name", "aliases"})
        if "name" in spec:
            name = chk.text(spec["name"], f"{key}.name")
            if name:
                out["names"][cid] = name
        for alias in [cid, *chk.texts(spec.get("aliases", []), f"{key}.aliases")]:
            out["comparators"][header_key(alias)[0]] = cid
    out["prefixes"] = [norm(p) for p in chk.texts(data.get("relation_prefixes", []), "relation_prefixes")]
    out["cut"] = [p.lower() for p in chk.texts(data.get("theme_heading_cut", []), "theme_heading_cut")]
    out["markers"] = [norm(m) for m in chk.texts(data.get("value_markers", []), "value_markers")]
    values = chk.mapping(data.get("values", {}), "values")
    for section, spec in values.items():
        key = f"values.{section}"
        if section not in VALUE_SECTIONS:
            chk.error(key, f"unknown section; expected one of {', '.join(VALUE_SECTIONS)}")
            continue
        table = out["words"].setdefault(section, {})
        spec = chk.mapping(spec, key)
        allowed = VALUE_SECTIONS[section]
        if allowed is None:  # missing: word -> reason
            for word, reason in spec.items():
                reason = chk.text(reason, f"{key}.{word}")
                if reason:
                    table[norm(word)] = reason
            continue
        for meaning, words in spec.items():
            if chk.choice(meaning, f"{key}.{meaning}", allowed) is None:
                continue
            for word in chk.texts(words, f"{key}.{meaning}"):
                table[norm(word)] = meaning
    for i, item in enumerate(data.get("unit_cues", []) or []):
        key = f"unit_cues[{i}]"
        if not (isinstance(item, list) and len(item) == 2):
            chk.error(key, "expected [unit, [phrases...]]")
            continue
        unit = chk.choice(item[0], f"{key}[0]", VALUE_SECTIONS["unit"])
        for phrase in chk.texts(item[1], f"{key}[1]"):
            if unit:
                out["cues"].append((Unit(unit), phrase_pattern(phrase)))
    out["acronyms"] = [a.upper() for a in chk.texts(data.get("acronyms", []), "acronyms")]
    for ref, spec in chk.mapping(data.get("indicators", {}) or {}, "indicators").items():
        key = f"indicators.{ref}"
        spec = chk.mapping(spec, key)
        chk.unknown_keys(spec, key, OVERRIDE_FIELDS)
        fields: dict[str, Any] = {}
        for name, allowed in OVERRIDE_FIELDS.items():
            if name not in spec:
                continue
            if allowed is not None:
                if chk.choice(spec[name], f"{key}.{name}", allowed) is not None:
                    fields[name] = spec[name]
            elif name == "tolerance":
                if isinstance(spec[name], int | float) and not isinstance(spec[name], bool) and spec[name] >= 0:
                    fields[name] = float(spec[name])
                else:
                    chk.error(f"{key}.tolerance", f"expected a number of 0 or more, got {spec[name]!r}")
            elif name == "decimals":
                if isinstance(spec[name], int) and not isinstance(spec[name], bool) and 0 <= spec[name] <= 6:
                    fields[name] = spec[name]
                else:
                    chk.error(f"{key}.decimals", f"expected a whole number from 0 to 6, got {spec[name]!r}")
            else:
                text = chk.text(spec[name], f"{key}.{name}")
                if text and name == "previous_year_period" and parse_period(text) is None:
                    chk.error(f"{key}.{name}", f"'{text}' is not a period such as September 2022 or 2022/23")
                elif text:
                    fields[name] = text
        out["overrides"][str(ref)] = fields
        out["overrides"][norm(ref)] = fields
    if base:
        for section in VALUE_SECTIONS:
            if section not in out["words"]:
                chk.error(f"values.{section}", "missing section")
        if not out["cues"]:
            chk.error("unit_cues", "missing")
    return out


@lru_cache(maxsize=8)
def _checked_base(path: Path) -> dict[str, Any]:
    return load_checked(path, lambda d, c: _check_file(d, c, base=True))


def load_vocabulary(mapping: Path | None = None, settings: Settings = DEFAULT) -> Vocabulary:
    """The built-in vocabulary, extended by a user's mapping file (its aliases win)."""
    path = settings.phrasebank / "columns.yml"
    base = _checked_base(path)  # read once a process, like the other phrasebank files; not changed
    sources = [str(path)]
    if mapping is not None:
        user = load_checked(Path(mapping), lambda d, c: _check_file(d, c, base=False))
        # a copy of what the mapping file adds to
        base = {**base, **{key: dict(base[key]) for key in ("columns", "comparators", "names", "overrides")},
                "words": {section: dict(table) for section, table in base["words"].items()},
                "acronyms": list(base["acronyms"])}
        sources.append(str(mapping))
        for key in ("columns", "comparators", "names", "overrides"):
            base[key].update(user[key])
        for section, table in user["words"].items():
            base["words"].setdefault(section, {}).update(table)
        base["prefixes"] = user["prefixes"] + base["prefixes"]
        base["cut"] = user["cut"] + base["cut"]
        base["cues"] = user["cues"] + base["cues"]
        base["acronyms"] += user["acronyms"]
        base["markers"] = user["markers"] + base["markers"]
    return Vocabulary(
        columns=base["columns"], comparators=base["comparators"], comparator_names=base["names"],
        relation_prefixes=tuple(sorted(base["prefixes"], key=len, reverse=True)),
        theme_cut=tuple(base["cut"]), words=base["words"], unit_cues=tuple(base["cues"]),
        acronyms=frozenset(base["acronyms"]), overrides=base["overrides"], sources=tuple(sources),
        value_markers=tuple(sorted(set(base["markers"]), key=len, reverse=True)))
