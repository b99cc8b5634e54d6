"""The work clock's rates on this machine (``visitplanner.workclock``): how much CP-SAT
work (deterministic seconds) and how many of our own counted steps a wall second holds,
against the rates the clock assumes. Every budget is work at those rates, so a machine
faster than them ends its runs early, and one slower lets the deadline cut them (and
then runs are no longer reproducible): this says which, and by how much.

Each workload is planned as the benchmarks plan it, one worker, with every search and
every charged step of the clock recorded: the generated 50- and 100-request briefs
(pairs), the UMONS example (both forms: its preferences on the circuits) and the OPTW
instance c101 with one route (circuits).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest.mock import patch

from benchmarks import optw
from benchmarks.scale import generate

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Tally:
    """What one kind of step did over ``count`` steps: ``nominal`` seconds charged to the
    clock in ``wall`` seconds; for searches, ``deterministic`` seconds of CP-SAT's work."""

    count: int = 0
    nominal: float = 0.0
    wall: float = 0.0
    deterministic: float = 0.0


@contextmanager
def recording() -> Iterator[dict[str, Tally]]:
    """Every ``WorkClock.solve`` (by model form) and ``WorkClock.charge`` (by the
    function that charged it) while inside, tallied."""
    from visitplanner.workclock import WorkClock

    tallies: dict[str, Tally] = defaultdict(Tally)
    solve, charge = WorkClock.solve, WorkClock.charge

    def timed_solve(clock: WorkClock, solver: Any, model: Any, form: str) -> Any:
        began, spent = time.monotonic(), clock.spent
        code = solve(clock, solver, model, form)
        tally = tallies[f"search, {form}"]
        tally.deterministic += solver.deterministic_time
        _add(tally, clock.spent - spent, began)
        return code

    def timed_charge(clock: WorkClock, estimate: float, began: float) -> None:
        charge(clock, estimate, began)
        _add(tallies[f"charged by {sys._getframe(1).f_code.co_name}"], estimate, began)

    with (
        patch.object(WorkClock, "solve", timed_solve),
        patch.object(WorkClock, "charge", timed_charge),
    ):
        yield tallies


def _add(tally: Tally, nominal: float, began: float) -> None:
    tally.count += 1
    tally.nominal += nominal
    tally.wall += time.monotonic() - began


def _brief(text: str, limit: float) -> Callable[[], None]:
    def run() -> None:
        from visitplanner.compile import compile_brief
        from visitplanner.loader import parse_brief
        from visitplanner.solver import SolveOptions, solve

        solve(compile_brief(parse_brief(text)).problem, SolveOptions(time_limit=limit))

    return run


def _optw(name: str, limit: float) -> Callable[[], None]:
    def run() -> None:
        from visitplanner.solver import SolveOptions

        instance = optw.parse_instance(optw.DATA / f"{name}.txt")
        optw.run_instance(instance, 1, None, SolveOptions(time_limit=limit, soft_phase=False))

    return run


def workloads() -> dict[str, Callable[[], None]]:
    example = (REPO / "examples" / "umons-kazakhstan.yaml").read_text(encoding="utf-8")
    return {
        "generated, 50 requests, 20 s": _brief(generate(50, 1), 20),
        "generated, 100 requests, 20 s": _brief(generate(100, 1), 20),
        "UMONS example, 30 s": _brief(example, 30),
        "OPTW c101, one route, 10 s": _optw("c101", 10),
    }


def measure() -> dict[str, Tally]:
    """Run every workload, recording; the tallies over all of them."""
    with recording() as tallies:
        for run in workloads().values():
            run()
    return dict(tallies)


def report(tallies: dict[str, Tally]) -> str:
    """A Markdown table: per kind of step, the wall seconds a nominal second took (above
    1.25, the slack of ``PLANNED_SHARE``, a run at that rate meets its deadline before
    its work ends) and, for searches, CP-SAT's deterministic seconds per wall second
    against the rate the clock assumes."""
    from visitplanner.workclock import DETERMINISTIC_PER_SECOND

    lines = [
        "| step | count | nominal s | wall s | wall s per nominal s | deterministic s "
        "per wall s | assumed |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind, t in sorted(tallies.items()):
        per_nominal = t.wall / t.nominal if t.nominal else 0.0
        form = kind.removeprefix("search, ")
        rate, assumed = "", ""
        if form in DETERMINISTIC_PER_SECOND:
            rate = f"{t.deterministic / t.wall:.3f}" if t.wall else "-"
            assumed = f"{DETERMINISTIC_PER_SECOND[form]:g}"
        lines.append(
            f"| {kind} | {t.count} | {t.nominal:.2f} | {t.wall:.2f} | {per_nominal:.2f} | "
            f"{rate} | {assumed} |"
        )
    return "\n".join(lines) + "\n"
