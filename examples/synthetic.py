#!/usr/bin/env python3
"""Generate large synthetic children's services scorecards in narrator's canonical CSV layout.

    python examples/synthetic.py --indicators 150 --months 24 --seed 1 -o examples/synthetic_150.csv
    python examples/synthetic.py --councils 153 --indicators 100 -o /tmp/national

One scorecard: one CSV, one row per indicator, with the columns described in
examples/README.md (ref, indicator, theme, unit, polarity, previous year, current, target,
band, RAG, direction of travel, statistical neighbour / England / North West averages, then one
column per month). With ``--councils K`` it writes K such files, ``council_001.csv`` ...
``council_K.csv``, into the directory given by ``-o``: every council has the same indicators
(refs, names, units, polarity) and the same England averages, and its own figures, targets,
statistical neighbour and regional averages. The regional comparator column is called
``region`` in that mode, since the councils are not all in the North West.

Deterministic: the same arguments always give byte-identical files (``random.Random(seed)``,
standard library only). The figures are invented; they only look like real ones.
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (name, theme, unit, polarity, low, high, target). low/high: the range a council's figures
# usually sit in. target: None, a number (reach it for "high", stay under it for "low"), or
# text such as "18-22" (a range) or "<5" (a bound), as councils write them.
MEASURES: list[tuple[str, str, str, str, float, float, object]] = [
    # Front door
    ("Contacts received (No. month)", "Front door", "count", "neutral", 900, 1600, None),
    ("Contacts received (rate per 10,000, 12 months rolling)", "Front door", "rate_per_10k", "neutral", 2400, 3600, None),
    ("Referrals received (No. month)", "Front door", "count", "neutral", 170, 320, None),
    ("Referrals received (rate per 10,000, 12 months rolling)", "Front door", "rate_per_10k", "neutral", 450, 760, None),
    ("Re-referrals within 12 months of a previous referral (%)", "Front door", "percent", "low", 14, 30, "18-22"),
    ("Referrals with a decision made within 24 hours (%)", "Front door", "percent", "high", 60, 98, 90),
    ("MASH screenings completed within 72 hours (%)", "Front door", "percent", "high", 60, 96, 85),
    ("Contacts progressing to a referral (%)", "Front door", "percent", "neutral", 14, 35, None),
    ("Domestic abuse notifications received (No. month)", "Front door", "count", "neutral", 150, 320, None),
    # Assessment
    ("Assessments completed within 45 working days (%)", "Assessment", "percent", "high", 68, 96, 85),
    ("Assessments completed (No. month)", "Assessment", "count", "neutral", 190, 380, None),
    ("Assessments completed (rate per 10,000, 12 months rolling)", "Assessment", "rate_per_10k", "neutral", 480, 900, None),
    ("Assessments ending with no further action (%)", "Assessment", "percent", "neutral", 18, 40, None),
    ("Average working days to complete an assessment (days)", "Assessment", "days", "low", 24, 44, 35),
    ("Children in need (rate per 10,000)", "Assessment", "rate_per_10k", "neutral", 290, 460, None),
    ("Child in need plans (No.)", "Assessment", "count", "neutral", 340, 600, None),
    ("Child in need visits within timescale (%)", "Assessment", "percent", "high", 68, 96, 90),
    ("Child in need reviews completed within timescale (%)", "Assessment", "percent", "high", 60, 95, 85),
    # Child protection
    ("Section 47 enquiries started (No. month)", "Child protection", "count", "neutral", 60, 140, None),
    ("Section 47 enquiries (rate per 10,000, 12 months rolling)", "Child protection", "rate_per_10k", "neutral", 150, 310, None),
    ("Strategy meetings held (No. month)", "Child protection", "count", "neutral", 90, 190, None),
    ("Initial child protection conferences within 15 working days (%)", "Child protection", "percent", "high", 68, 100, 85),
    ("Child protection plans (No.)", "Child protection", "count", "neutral", 190, 360, None),
    ("Child protection plans (rate per 10,000)", "Child protection", "rate_per_10k", "neutral", 34, 72, None),
    ("Child protection plans lasting 2 years or more (%)", "Child protection", "percent", "low", 0.5, 6.5, "<5"),
    ("Child protection plans starting for a second or subsequent time (%)", "Child protection", "percent", "low", 14, 30, "18-22"),
    ("Child protection visits within 10 working days (%)", "Child protection", "percent", "high", 74, 99, 90),
    ("Child protection reviews held within timescale (%)", "Child protection", "percent", "high", 84, 100, 95),
    # Children in care
    ("Children in care (No.)", "Children in care", "count", "neutral", 380, 650, None),
    ("Children in care (rate per 10,000)", "Children in care", "rate_per_10k", "neutral", 68, 120, None),
    ("Children in care with 3 or more placements in the year (%)", "Children in care", "percent", "low", 6, 14, 10),
    ("Children in care for 2.5 years or more in the same placement for 2 years (%)", "Children in care", "percent", "high", 58, 76, 70),
    ("Children in care placed more than 20 miles from home (%)", "Children in care", "percent", "low", 10, 26, 15),
    ("Children in care visited within timescale (%)", "Children in care", "percent", "high", 80, 99, 95),
    ("Children in care reviews held within timescale (%)", "Children in care", "percent", "high", 80, 99, 95),
    ("Children in care in foster placements (%)", "Children in care", "percent", "high", 60, 80, 72),
    ("Children in unregulated or unregistered placements (No.)", "Children in care", "count", "low", 0, 30, 10),
    ("Unaccompanied asylum-seeking children in care (No.)", "Children in care", "count", "neutral", 10, 60, None),
    ("Missing from care episodes (No. month)", "Children in care", "count", "low", 40, 180, None),
    ("Return home interviews completed within 72 hours (%)", "Children in care", "percent", "high", 40, 92, 80),
    ("Average days between entering care and moving in with an adoptive family (days)", "Children in care", "days", "low", 340, 620, 426),
    ("Average weekly cost of an external residential placement (£)", "Children in care", "currency_gbp", "low", 4200, 7600, None),
    # Care leavers
    ("Care leavers aged 17-21 in touch (%)", "Care leavers", "percent", "high", 84, 99, 95),
    ("Care leavers aged 19-21 in education, employment or training (%)", "Care leavers", "percent", "high", 44, 70, 60),
    ("Care leavers aged 19-21 in suitable accommodation (%)", "Care leavers", "percent", "high", 80, 99, 90),
    ("Care leavers with an up-to-date pathway plan (%)", "Care leavers", "percent", "high", 78, 100, 95),
    ("Care leavers supported (No.)", "Care leavers", "count", "neutral", 240, 460, None),
    # Health
    ("Children in care with an up-to-date health assessment (%)", "Health", "percent", "high", 74, 98, 90),
    ("Children in care with an up-to-date dental check (%)", "Health", "percent", "high", 58, 92, 80),
    ("Initial health assessments completed within 20 working days (%)", "Health", "percent", "high", 20, 85, 70),
    ("Strengths and Difficulties Questionnaires completed (%)", "Health", "percent", "high", 58, 96, 85),
    ("Hospital admissions for self-harm aged 10-24 (rate per 100,000)", "Health", "rate_per_100k", "low", 340, 900, None),
    ("Under 18 conceptions (rate per 1,000 females aged 15-17)", "Health", "rate_per_1000", "low", 9, 30, None),
    ("Children receiving a 2-2½ year health visitor review (%)", "Health", "percent", "high", 68, 96, 85),
    # Education
    ("Children missing education (No.)", "Education", "count", "low", 80, 260, None),
    ("Children electively home educated (No.)", "Education", "count", "neutral", 150, 350, None),
    ("Children in care with a current personal education plan (%)", "Education", "percent", "high", 84, 100, 95),
    ("EHC plans issued within 20 weeks (%)", "Education", "percent", "high", 10, 85, 60),
    ("Children in care persistently absent from school (%)", "Education", "percent", "low", 10, 30, 15),
    ("Suspensions of children in care (No. month)", "Education", "count", "low", 0, 16, None),
    # Workforce
    ("Social worker vacancy rate (%)", "Workforce", "percent", "low", 5, 25, 10),
    ("Agency social workers (%)", "Workforce", "percent", "low", 8, 50, 20),
    ("Children per social worker (ratio)", "Workforce", "ratio", "low", 12, 25, 18),
    ("Social workers with caseloads over 20 (No.)", "Workforce", "count", "low", 0, 30, 5),
    ("Social worker turnover in the last 12 months (%)", "Workforce", "percent", "low", 8, 26, 15),
    ("Supervisions held within timescale (%)", "Workforce", "percent", "high", 68, 98, 90),
    ("Case audits rated good or outstanding (%)", "Workforce", "percent", "high", 15, 62, 45),
    ("Case audits rated inadequate (%)", "Workforce", "percent", "low", 4, 25, 10),
    # Early help
    ("Early help assessments completed (No. month)", "Early help", "count", "neutral", 40, 120, None),
    ("Early help episodes closed with outcomes achieved (%)", "Early help", "percent", "high", 50, 86, 70),
    ("Families supported by early help (No.)", "Early help", "count", "neutral", 600, 1400, None),
    ("Step-downs from social care to early help (No. month)", "Early help", "count", "neutral", 10, 50, None),
    ("Early help cases escalated to social care (%)", "Early help", "percent", "low", 5, 20, 12),
    ("Average length of an early help episode (weeks)", "Early help", "weeks", "neutral", 16, 40, None),
]

THEME_CODES = {"Front door": "FD", "Assessment": "AS", "Child protection": "CP", "Children in care": "CIC",
               "Care leavers": "CL", "Health": "HE", "Education": "ED", "Workforce": "WF", "Early help": "EH"}
# Variants used once every measure has been used: names and refs stay unique.
LOCALITIES = [("Locality North", "N"), ("Locality South", "S"), ("Locality East", "E"),
              ("Locality West", "W"), ("Locality Central", "C")]
DECIMALS = {"percent": 1, "count": 0, "rate_per_10k": 1, "rate_per_1000": 1, "rate_per_100k": 1,
            "days": 0, "weeks": 1, "ratio": 1, "currency_gbp": 0, "other": 1}
MISSING_MARKERS = ["n/a", "-", "", "Not Yet Available"]
MISSING_SHARE = 0.01
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


@dataclass(frozen=True)
class Indicator:
    ref: str
    name: str
    theme: str
    unit: str
    polarity: str
    low: float
    high: float
    target: object
    measure: int  # index into MEASURES: indicators of the same measure share England averages
    scale: float  # locality variants of a count hold a share of the whole


def indicators(n: int) -> list[Indicator]:
    """The first n indicators: every measure once, then locality variants, then numbered areas."""
    out: list[Indicator] = []
    counters: dict[str, int] = {}
    round_no = 0
    while len(out) < n:
        for m, (name, theme, unit, polarity, low, high, target) in enumerate(MEASURES):
            if len(out) == n:
                break
            code = THEME_CODES[theme]
            if round_no == 0:
                counters[code] = counters.get(code, 0) + 1
                ref, label, scale = f"{code}{counters[code]}", name, 1.0
            else:
                base = next(i for i in out if i.measure == m and i.ref.isalnum())
                if round_no <= len(LOCALITIES):
                    place, suffix = LOCALITIES[round_no - 1]
                else:
                    place, suffix = f"Area {round_no}", f"A{round_no}"
                ref, label = f"{base.ref}-{suffix}", f"{name} ({place})"
                scale = 0.45 if unit == "count" else 1.0
            out.append(Indicator(ref, label, theme, unit, polarity, low, high, target, m, scale))
        round_no += 1
    return out


def month_labels(end_year: int, end_month: int, count: int) -> list[tuple[int, int]]:
    out = []
    y, m = end_year, end_month
    for _ in range(count):
        out.append((y, m))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out[::-1]


def fmt(value: float, unit: str) -> str:
    d = DECIMALS[unit]
    return f"{value:.{d}f}" if d else str(round(value))


def clamp(value: float, unit: str) -> float:
    value = max(0.0, value)
    return min(100.0, value) if unit == "percent" else value


def walk(rng: random.Random, ind: Indicator, steps: int) -> list[float]:
    """A mean-reverting random walk inside (roughly) the indicator's usual range."""
    low, high = ind.low * ind.scale, ind.high * ind.scale
    span = max(high - low, 1.0)
    centre = rng.uniform(low + 0.2 * span, high - 0.2 * span)
    x = rng.uniform(low, high)
    step = 0.025 if "rolling" in ind.name else 0.07  # rolling 12-month figures move slowly
    out = []
    for _ in range(steps):
        x += rng.gauss(0, span * step) + 0.15 * (centre - x)
        x = clamp(min(max(x, low - 0.15 * span), high + 0.15 * span), ind.unit)
        out.append(x)
    return out


def tolerance(unit: str, reference: float) -> float:
    return 1.0 if unit == "percent" else max(abs(reference) * 0.02, 0.5)


def rag(ind: Indicator, current: float, target: str) -> str:
    if not target:
        return ""
    tol = tolerance(ind.unit, current)
    if "-" in target[1:]:
        lo, hi = (float(t) for t in target.split("-"))
        if lo <= current <= hi:
            return "G"
        gap = lo - current if current < lo else current - hi
        return "A" if gap <= tol else "R"
    if target.startswith("<"):
        bound = float(target[1:])
        return "G" if current < bound else ("A" if current - bound <= tol else "R")
    goal = float(target)
    gap = goal - current if ind.polarity == "high" else current - goal
    return "G" if gap <= 0 else ("A" if gap <= tol else "R")


def direction(unit: str, current: float, before: float) -> str:
    diff = current - before
    tol = tolerance(unit, before)
    return "↑" if diff > tol else ("↓" if diff < -tol else "↔")


def band(unit: str, current: float, england: float) -> str:
    margin = 5.0 if unit == "percent" else england * 0.1
    return "Higher" if current > england + margin else ("Lower" if current < england - margin else "In range")


def scorecard(inds: list[Indicator], months: int, end: tuple[int, int], seed: int, council: int | None,
              national: dict[int, float]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of one council's scorecard."""
    rng = random.Random(seed if council is None else seed * 1_000_003 + council)
    periods = month_labels(end[0], end[1], months)
    fy_start = end[0] if end[1] >= 4 else end[0] - 1  # financial year of the last month
    published = f"{fy_start - 1}/{str(fy_start)[2:]}"
    region = "north_west" if council is None else "region"
    header = ["ref", "indicator", "theme", "unit", "polarity", "previous_year", "previous_year_period",
              "current", "current_period", "target", "band", "rag", "direction_of_travel",
              f"statistical_neighbours ({published})", f"england ({published})", f"{region} ({published})",
              *(f"{MONTHS[m - 1]}-{str(y)[2:]}" for y, m in periods)]
    current_period = f"{MONTH_NAMES[end[1] - 1]} {end[0]}"
    previous_period = f"{MONTH_NAMES[end[1] - 1]} {end[0] - 1}"

    def maybe_missing(text: str) -> str:
        return rng.choice(MISSING_MARKERS) if rng.random() < MISSING_SHARE else text

    rows = []
    for ind in inds:
        values = walk(rng, ind, months + 12)  # 12 extra months so last year's figure exists
        shown = [fmt(v, ind.unit) for v in values]
        series = [maybe_missing(s) for s in shown[12:]]
        current_text = series[-1]
        previous = maybe_missing(shown[-13])
        current = float(shown[-1])
        target = ""
        if isinstance(ind.target, str):
            target = ind.target
        elif ind.target is not None:
            goal = float(ind.target) * ind.scale
            if council is not None:  # councils set their own targets around the usual one
                goal *= rng.uniform(0.95, 1.05)
                if ind.unit == "percent":
                    goal = min(goal, 100.0)
            target = fmt(goal, ind.unit) if ind.unit != "percent" else str(round(goal))
        comparable = ind.unit != "count"  # averages are published for shares, rates and times
        england = national[ind.measure] if comparable else None
        sn = clamp(england * rng.uniform(0.9, 1.12), ind.unit) if comparable else None
        reg = clamp(england * rng.uniform(0.92, 1.1), ind.unit) if comparable else None
        have_current = current_text == shown[-1]
        before = series[-2] if len(series) > 1 else ""
        rows.append([
            ind.ref, ind.name, ind.theme, ind.unit, ind.polarity,
            previous, previous_period if previous not in MISSING_MARKERS else "",
            current_text, current_period, target,
            band(ind.unit, current, england) if comparable and have_current else "",
            rag(ind, current, target) if have_current else "",
            direction(ind.unit, current, float(before))
            if have_current and before not in MISSING_MARKERS else "",
            maybe_missing(fmt(sn, ind.unit)) if comparable else "",
            fmt(england, ind.unit) if comparable else "",
            maybe_missing(fmt(reg, ind.unit)) if comparable else "",
            *series,
        ])
    return header, rows


def national_averages(inds: list[Indicator], seed: int) -> dict[int, float]:
    """One England average per measure, shared by every council and locality variant."""
    rng = random.Random(seed * 7919 + 17)
    out = {}
    for m, (_, _, unit, _, low, high, _) in enumerate(MEASURES):
        out[m] = clamp(rng.uniform(low + 0.25 * (high - low), high - 0.25 * (high - low)), unit)
    return {m: out[m] for m in sorted({i.measure for i in inds})}


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=150, help="indicators per scorecard (default 150)")
    parser.add_argument("--months", type=int, default=24, help="monthly columns (default 24)")
    parser.add_argument("--end", default="2023-09", help="last month, YYYY-MM (default 2023-09)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--councils", type=int, default=0,
                        help="write this many council scorecards (council_001.csv ...) into the -o directory")
    parser.add_argument("-o", "--output", type=Path,
                        help="output file (default examples/synthetic_N.csv), or directory with --councils "
                             "(default examples/synthetic_councils)")
    args = parser.parse_args(argv)
    if args.indicators < 1 or args.months < 1:
        parser.error("--indicators and --months must be at least 1")
    try:
        year, month = (int(part) for part in args.end.split("-"))
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        parser.error(f"--end {args.end!r}: expected YYYY-MM, e.g. 2023-09")
    inds = indicators(args.indicators)
    national = national_averages(inds, args.seed)
    if args.councils:
        folder = args.output or HERE / "synthetic_councils"
        width = max(3, len(str(args.councils)))
        for k in range(1, args.councils + 1):
            header, rows = scorecard(inds, args.months, (year, month), args.seed, k, national)
            write(folder / f"council_{k:0{width}d}.csv", header, rows)
        print(f"{folder}: {args.councils} scorecards x {len(inds)} indicators x {args.months} months")
    else:
        path = args.output or HERE / f"synthetic_{args.indicators}.csv"
        header, rows = scorecard(inds, args.months, (year, month), args.seed, None, national)
        write(path, header, rows)
        print(f"{path}: {len(rows)} indicators x {args.months} months")


if __name__ == "__main__":
    main()
