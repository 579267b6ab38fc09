"""Load narrator's YAML data files and check their shape, reporting every error with its place.

Each error reads ``file: key.path: problem``, and all of a file's errors are raised together
in one :class:`~narrator.errors.ConfigError`, so a user fixing a mapping file sees everything
at once.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError


# PyYAML's safe loader on libyaml's parser, when PyYAML was built with it: the same data as
# yaml.safe_load (the same Python constructor and resolver), about ten times faster to read.
_LIBYAML_LOADER = getattr(yaml, "CSafeLoader", None)


def read_yaml(path: Path) -> Any:
    """The parsed YAML file; a ConfigError naming the file and line if it is not YAML."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError([f"{path}: cannot be read ({exc.strerror or exc})"]) from None
    except UnicodeDecodeError:
        raise ConfigError([f"{path}: is not UTF-8 text; expected a YAML file"]) from None
    if _LIBYAML_LOADER is not None:
        try:
            return yaml.load(text, Loader=_LIBYAML_LOADER)  # noqa: S506 (the safe loader, in C)
        except yaml.YAMLError:
            pass  # the pure-Python parser says what is wrong, in its words
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError([f"{path}:{where}: not valid YAML ({problem})"]) from None


_FORMATTER = string.Formatter()


@lru_cache(maxsize=4096)
def frame_slots(frame: str) -> tuple[str, ...]:
    """A frame's slot names in the order they appear, each once (remembered: phrasebank frames are
    few and asked about for every sentence). Bad braces raise ValueError, as str.format would."""
    return tuple(dict.fromkeys(name for _, name, _, _ in _FORMATTER.parse(frame) if name))


class Checker:
    """Collects shape errors for one file; ``done()`` raises them all at once."""

    def __init__(self, path: Path | str):
        self.path = str(path)
        self.errors: list[str] = []

    def error(self, key: str, problem: str) -> None:
        self.errors.append(f"{self.path}: {key or '(top level)'}: {problem}")

    def mapping(self, value: Any, key: str) -> dict:
        if not isinstance(value, dict):
            self.error(key, f"expected a mapping of keys to values, got {_kind(value)}")
            return {}
        return value

    def text(self, value: Any, key: str) -> str | None:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(key, f"expected text, got {_kind(value)}")
            return None
        return str(value)

    def texts(self, value: Any, key: str) -> list[str]:
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            self.error(key, f"expected a list of text, got {_kind(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            text = self.text(item, f"{key}[{i}]")
            if text is not None:
                out.append(text)
        return out

    def patterns(self, value: Any, key: str) -> tuple[re.Pattern[str], ...]:
        """A list of regular expressions, each matched in any case."""
        out = []
        for i, text in enumerate(self.texts(value, key)):
            try:
                out.append(re.compile(text, re.IGNORECASE))
            except re.error as exc:
                self.error(f"{key}[{i}]", f"not a regular expression ({exc})")
        return tuple(out)

    def choice(self, value: Any, key: str, allowed: Iterable[str]) -> str | None:
        allowed = list(allowed)
        if value not in allowed:
            self.error(key, f"expected one of {', '.join(allowed)}, got {value!r}")
            return None
        return value

    def frame(self, key: str, frame: str, allowed: Iterable[str]) -> bool:
        """Whether ``frame`` parses and fills only ``allowed`` slots; an error when not."""
        allowed = set(allowed)
        try:
            unknown = set(frame_slots(frame)) - allowed
        except ValueError as exc:
            self.error(key, f"bad braces: {exc}")
            return False
        if unknown:
            self.error(key, f"uses {', '.join(sorted(unknown))}, not in slots ({', '.join(sorted(allowed)) or 'none'})")
            return False
        return True

    def cases(self, value: Any, key: str, cases: Iterable[str], what: str,
              allowed: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Frames by case, from a mapping that must give each of ``cases`` and no other, each case
        at least one frame (``what`` names one in the error: "sentence", "lead"), every frame
        filling only ``allowed`` slots. The good frames of each case that has any."""
        value, cases = self.mapping(value, key), tuple(cases)
        for case in cases:
            if case not in value:
                self.error(f"{key}.{case}", "missing")
        out: dict[str, tuple[str, ...]] = {}
        for case, frames in value.items():
            ckey = f"{key}.{case}"
            if case not in cases:
                self.error(ckey, f"unknown case; expected one of {', '.join(cases)}")
                continue
            texts = self.texts(frames, ckey)
            if not texts:
                self.error(ckey, f"expected at least one {what}")
            good = tuple(t for i, t in enumerate(texts) if self.frame(f"{ckey}[{i}]", t, allowed))
            if good:
                out[case] = good
        return out

    def slotted_cases(self, value: Any, key: str, required: dict[str, Iterable[str]], frames_key: str,
                      what: str, unknown: str, provides: dict[str, set[str]] | None = None,
                      ) -> tuple[dict[str, dict[str, tuple[str, ...]]], dict[str, set[str]]]:
        """A mapping of the entries ``required`` names (message kinds, question rules), each
        ``{slots: [...], <frames_key>: {case: [frame, ...]}}`` with the cases ``required`` gives
        it (see :meth:`cases`). A missing entry, and any other (``unknown`` says what an entry is),
        is an error; with ``provides``, an entry's slots must be some of ``provides[name]``.
        Returns (frames by entry and case, slots by entry)."""
        raw = self.mapping(value, key)
        frames: dict[str, dict[str, tuple[str, ...]]] = {}
        slots_of: dict[str, set[str]] = {}
        for name, cases in required.items():
            ekey = f"{key}.{name}"
            if name not in raw:
                self.error(ekey, "missing")
                continue
            spec = self.mapping(raw[name], ekey)
            self.unknown_keys(spec, ekey, {"slots", frames_key})
            slots = set(self.texts(spec.get("slots", []), f"{ekey}.slots"))
            if provides is not None:
                for slot in sorted(slots - provides[name]):
                    self.error(f"{ekey}.slots", f"{slot!r} is not a slot {name} provides; expected some of "
                               f"{', '.join(sorted(provides[name]))}")
                slots &= provides[name]
            slots_of[name] = slots
            frames[name] = self.cases(spec.get(frames_key, {}), f"{ekey}.{frames_key}", cases, what, slots)
        for name in raw:
            if name not in required:
                self.error(f"{key}.{name}", f"unknown {unknown}; expected one of {', '.join(required)}")
        return frames, slots_of

    def unknown_keys(self, value: dict, key: str, known: Iterable[str]) -> None:
        known = set(known)
        for k in value:
            if k not in known:
                where = f"{key}.{k}" if key else str(k)
                self.error(where, f"unknown key; expected one of {', '.join(sorted(known))}")

    def done(self) -> None:
        if self.errors:
            raise ConfigError(self.errors)


def any_of(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str] | None:
    """Regular expressions as one that matches where any does (in any case), so a text is
    searched once; None when there are none."""
    texts = [f"(?:{p.pattern})" for p in patterns]
    return re.compile("|".join(texts), re.IGNORECASE) if texts else None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"text {value!r}", bool: f"{value!r}"}.get(
        type(value), f"{type(value).__name__} {value!r}")


def load_checked(path: Path, check: Callable[[Any, Checker], Any]) -> Any:
    """Read ``path`` and run ``check(data, checker)``; raise every error found together."""
    checker = Checker(path)
    result = check(read_yaml(path), checker)
    checker.done()
    return result
