"""How long ``explain`` takes on briefs of a realistic size (issue #5, point 6).

Runs ``visitplanner.infeasibility.explain(brief, time_limit=...)`` on every brief of
``tests/data/variants/`` (a five-day visit with the structure of the reference brief, and
variants of it made infeasible in one way each; their headers say how) and prints one row
per variant: the median wall time of ``--runs`` runs (loading the brief included), the
fastest and slowest run, the answer, how many facts it lists, and whether the quick
checks answered without a CP-SAT model. The target is at most 5 s per brief.

    python benchmarks/explain_latency.py                 # 3 runs each, time limit 5 s
    python benchmarks/explain_latency.py --runs 1 two-required

Timings depend on the machine and on what else runs on it (CP-SAT uses one worker here).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from visitplanner.compile import compile_brief
from visitplanner.infeasibility import Explanation, explain, quick_checks
from visitplanner.loader import load_brief

VARIANTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "variants"
TARGET = 5.0


@dataclass(frozen=True)
class Row:
    variant: str
    seconds: tuple[float, ...]
    answer: str
    facts: int
    quick: bool

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def answer(explanation: Explanation) -> str:
    if not getattr(explanation, "decided", True):
        return "undecided"
    return "feasible" if explanation.feasible else "infeasible"


def measure(path: Path, runs: int, time_limit: float) -> Row:
    """Explain the brief at ``path`` ``runs`` times; the last answer is reported."""
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        explanation = explain(load_brief(path), time_limit=time_limit)
        seconds.append(time.perf_counter() - began)
    quick = quick_checks(compile_brief(load_brief(path))) is not None
    return Row(path.stem, tuple(seconds), answer(explanation), len(explanation.facts), quick)


def table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        f"| variant | median s | min s | max s | answer | facts | quick check | <= {TARGET:g} s |",
        "| --- | ---: | ---: | ---: | --- | ---: | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row.variant} | {row.median:.2f} | {min(row.seconds):.2f} | "
            f"{max(row.seconds):.2f} | {row.answer} | {row.facts} | "
            f"{'yes' if row.quick else 'no'} | {'yes' if row.median <= TARGET else 'NO'} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", help="variant names (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="runs per variant (3)")
    parser.add_argument("--time-limit", type=float, default=5.0, help="explain's limit (5)")
    args = parser.parse_args(argv)
    paths = sorted(VARIANTS.glob("*.yaml"))
    if args.variants:
        paths = [p for p in paths if p.stem in args.variants]
    rows = []
    for path in paths:
        rows.append(measure(path, args.runs, args.time_limit))
        print(f"{path.stem}: {rows[-1].median:.2f} s", file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
