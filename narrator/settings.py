"""Where narrator finds its data (phrasebank/, templates/) and the defaults shared by CLI and API."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_root(name: str) -> Path:
    """``phrasebank/`` or ``templates/``: from ``$NARRATOR_PHRASEBANK`` / ``$NARRATOR_TEMPLATES``
    when set (a council's own copy), else beside the package in a checkout, else inside a wheel."""
    override = os.environ.get(f"NARRATOR_{name.upper()}")
    if override:
        return Path(override)
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    return _PACKAGE.parent / name


@dataclass(frozen=True)
class Settings:
    """Settings every stage reads. ``phrasebank`` and ``templates`` are folders."""

    phrasebank: Path = field(default_factory=lambda: _data_root("phrasebank"))
    templates: Path = field(default_factory=lambda: _data_root("templates"))


DEFAULT = Settings()
