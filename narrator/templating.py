"""The Jinja2 environment for ``templates/``: sandboxed, ``StrictUndefined`` (a missing slot
fails loudly), HTML autoescaped for ``.html`` templates only.

The templates folder may be a council's own copy (``$NARRATOR_TEMPLATES``), so a template is
untrusted: the sandbox refuses attribute access that reaches Python internals
(``''.__class__.__mro__``, ``cycler.__init__.__globals__``). That, a syntax error, a missing slot
or a missing template is a :class:`ConfigError` naming the template file and line, never a
traceback. The values put into templates are data, never template source: text from a scorecard
that reads ``{{ 7*7 }}`` is printed as written.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .settings import DEFAULT, Settings


@lru_cache(maxsize=4)
def _environment(root: Path):
    from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(loader=FileSystemLoader(str(root)), undefined=StrictUndefined,
                                autoescape=select_autoescape(["html", "htm", "html.j2"]),
                                keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def render(name: str, variables: dict[str, Any], settings: Settings = DEFAULT) -> str:
    """Render ``templates/<name>`` with one explicit dict of variables; ConfigError when the
    template is missing, invalid or tries to leave the sandbox."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
    from jinja2.sandbox import SecurityError

    path = Path(settings.templates) / name
    try:
        return _environment(settings.templates).get_template(name).render(variables)
    except TemplateNotFound:
        raise ConfigError([f"{path}: no such template; expected the templates folder "
                           f"({settings.templates}) to hold {name}"]) from None
    except TemplateSyntaxError as exc:
        raise ConfigError([f"{path}, line {exc.lineno}: not a valid template ({_one_line(exc)}); "
                           "expected Jinja2 syntax"]) from None
    except SecurityError as exc:
        raise ConfigError([f"{path}{_line(exc, path)}: the template tries to reach Python internals, which "
                           f"narrator's sandbox refuses ({_one_line(exc)}); expected only the "
                           "variables narrator passes, such as title, period and sections"]) from None
    except TemplateError as exc:  # UndefinedError and the rest: a slot narrator does not fill
        raise ConfigError([f"{path}{_line(exc, path)}: cannot be rendered ({_one_line(exc)}); expected "
                           "only the variables narrator passes, such as title, period and sections"]) from None


def _one_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())[:160]


def _line(exc: BaseException, path: Path) -> str:
    """', line N': where in the template the error was raised (Jinja puts the template's own
    lines into the traceback), or nothing when it does not say."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename).name == path.name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f", line {line}" if line else ""
