"""What ``narrator validate`` reports: a scorecard's shape, what is missing, and every warning."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .model import Scorecard


def summarise(card: Scorecard) -> dict[str, Any]:
    """A plain dict (JSON-ready) describing the loaded scorecard."""
    inds = card.indicators
    latest = Counter(i.current_period.label if i.current_period else "not stated" for i in inds
                     if i.current is not None)
    comparators: Counter[str] = Counter()
    for ind in inds:
        comparators.update(c.id for c in ind.comparators)
    missing = []
    for ind in inds:
        gaps = ind.missing
        if gaps:
            missing.append({"ref": ind.ref, "name": ind.name,
                            "gaps": [{"period": what, "reason": v.missing, "raw": v.raw,
                                      "cell": str(v.source) if v.source else None} for what, v in gaps]})
    return {
        "source": card.source,
        "title": card.title,
        "sheets": list(card.sheets),
        "reporting_period": card.period.label if card.period else None,
        "indicators": len(inds),
        "themes": dict(Counter(i.theme for i in inds)),
        "units": dict(Counter(i.unit.value for i in inds).most_common()),
        "polarity": dict(Counter(i.polarity.value for i in inds).most_common()),
        "polarity_from": dict(Counter(i.polarity_from for i in inds).most_common()),
        "latest_period": dict(latest.most_common()),
        "with_series": sum(1 for i in inds if i.series),
        "with_previous_year": sum(1 for i in inds if i.previous_year and not i.previous_year.is_missing),
        "with_target": sum(1 for i in inds if i.target),
        "comparators": dict(comparators.most_common()),
        "with_band": sum(1 for i in inds if i.band),
        "not_in_catalogue": [i.ref for i in inds if i.catalogue_id is None],
        "missing": missing,
        "warnings": [{"code": w.code, "where": w.where, "message": w.message} for w in card.warnings],
    }


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counter.items()) or "none"


def render_text(summary: dict[str, Any]) -> str:
    s = summary
    lines = [f"{s['source']}: {s['indicators']} indicators"
             + (f" on sheet{'s' if len(s['sheets']) > 1 else ''} " + ", ".join(f"'{n}'" for n in s["sheets"])
                if s["sheets"] else "")]
    if s["title"]:
        lines.append(f"  Title:            {s['title']}")
    lines.append(f"  Reporting period: {s['reporting_period'] or 'not stated (use --period)'}")
    lines.append(f"  Latest period:    {_counts(s['latest_period'])}")
    lines.append("  Themes:")
    width = max((len(t) for t in s["themes"]), default=0)
    for theme, n in s["themes"].items():
        lines.append(f"    {theme:<{width}}  {n:>4}")
    lines.append(f"  Units:            {_counts(s['units'])}")
    lines.append(f"  Polarity:         {_counts(s['polarity'])} (from {_counts(s['polarity_from'])})")
    lines.append(f"  Series:           {s['with_series']} indicators with period columns")
    lines.append(f"  Previous year:    {s['with_previous_year']}    Target: {s['with_target']}"
                 f"    Band: {s['with_band']}")
    lines.append(f"  Comparators:      {_counts(s['comparators'])}")
    if s["not_in_catalogue"]:
        refs = s["not_in_catalogue"]
        lines.append(f"  Not in catalogue: {len(refs)} ({', '.join(refs[:12])}{', ...' if len(refs) > 12 else ''})")
    lines.append(f"Missing or suppressed ({sum(len(m['gaps']) for m in s['missing'])} values):")
    if not s["missing"]:
        lines.append("  none")
    for m in s["missing"]:
        gaps = "; ".join(f"{g['period']} {g['reason']} ('{g['raw']}')" for g in m["gaps"])
        lines.append(f"  {m['ref']} {m['name']}: {gaps}")
    lines.append(f"Warnings ({len(s['warnings'])}):")
    if not s["warnings"]:
        lines.append("  none")
    for w in s["warnings"]:
        lines.append(f"  [{w['code']}] {w['where'] + ': ' if w['where'] else ''}{w['message']}")
    return "\n".join(lines)
