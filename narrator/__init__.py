"""narrator: performance commentary for English councils.

Forward: a scorecard (CSV or XLSX) -> facts -> plain-English commentary. The public API:
"""

from .errors import ConfigError, InputError, NarratorError
from .model import (Band, CellRef, Comparator, Indicator, Period, Point, Polarity, Relation,
                    Scorecard, Stated, Target, TargetKind, Unit, Value)
from .periods import parse_period

__all__ = [
    "Band",
    "CellRef",
    "Comparator",
    "ConfigError",
    "Indicator",
    "InputError",
    "NarratorError",
    "Period",
    "Point",
    "Polarity",
    "Relation",
    "Scorecard",
    "Stated",
    "Target",
    "TargetKind",
    "Unit",
    "Value",
    "load_scorecard",
    "parse_period",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    # the loader (and what it imports) only when asked for: every CLI command starts faster
    if name == "load_scorecard":
        from .load import load_scorecard

        return load_scorecard
    raise AttributeError(f"module 'narrator' has no attribute {name!r}")
