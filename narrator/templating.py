"""The Jinja2 environment for ``templates/``: sandboxed, ``StrictUndefined`` (a missing slot
fails loudly), HTML autoescaped for ``.html`` templates only."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .settings import DEFAULT, Settings


@lru_cache(maxsize=4)
def _environment(root: Path):
    from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(loader=FileSystemLoader(str(root)), undefined=StrictUndefined,
                                autoescape=select_autoescape(["html", "htm", "html.j2"]),
                                keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def render(name: str, variables: dict[str, Any], settings: Settings = DEFAULT) -> str:
    """Render ``templates/<name>`` with one explicit dict of variables."""
    return _environment(settings.templates).get_template(name).render(variables)
