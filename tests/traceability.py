"""Helpers shared by the property tests: the values a number in generated text may take."""

import re

from narrator.numbers import round_half_up


def derivable(cells, decimals: int) -> set[float]:
    """Every figure in ``cells`` (rounded as displayed at ``decimals``), and every difference and
    relative change between two of them."""
    figures = [round_half_up(float(part), decimals) for cell in cells for part in re.findall(r"\d+(?:\.\d+)?", str(cell))]
    allowed = set(figures)
    for a in figures:
        for b in figures:
            diff = round_half_up(a - b, decimals)
            allowed.add(abs(diff))
            if b:
                allowed.add(abs(round_half_up(diff / abs(b) * 100, 1)))
    return allowed


def write_card(path, header, rows):
    """A CSV scorecard with every cell quoted."""
    path.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in [header, *rows]) + "\n")
    return path
