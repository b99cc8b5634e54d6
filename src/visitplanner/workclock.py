"""Time as work, so that the same brief and seed give the same plan on any machine.

A search stopped by the wall clock stops wherever the machine happens to be, and a
budget worked out from the seconds earlier steps took differs a little in every run;
either is enough for two runs of one brief to end with different plans (a generated
25-request brief, twice with the default 30 s: the same priorities, a different
preference search, so different files). A ``WorkClock`` counts *nominal seconds*
instead: every budget is a share of the time limit fixed in advance, and what a step
spends is its work, never its wall time. A CP-SAT search is stopped and charged by its
deterministic time (CP-SAT's own measure of its work) at ``DETERMINISTIC_PER_SECOND``
of its model's form, plus ``LOAD_SECONDS_PER_CONSTRAINT`` for loading and presolving the
model, which that measure hardly counts; our own heuristics charge their counted
checks (``hint.add_heuristic_hint``). The rates are those of a slow machine, and only
``PLANNED_SHARE`` of the time limit is planned as work, so the work normally ends before
the clock; the time limit stays a hard limit all the same (``deadline``), and on a
machine slow or busy enough for it to bind, runs can differ again.

With several workers CP-SAT is not reproducible anyway: the clock then simply counts
wall seconds and searches stop on the wall clock, which uses the whole time limit.
"""

from __future__ import annotations

import math
import time as wallclock
from typing import TYPE_CHECKING

from visitplanner.interrupt import searching

if TYPE_CHECKING:  # (importing OR-Tools takes time a command without a search should not)
    from ortools.sat.python import cp_model

# CP-SAT's deterministic seconds per wall second on one core of the slower benchmark
# machine (Intel Xeon, session 12), quiet: on the pairs 0.087-0.12 (first searches and
# linear bounds of generated briefs of 50 and 100 requests), on the circuits 0.28 (a
# 25-request brief's preference search) and 0.26-0.37 (OPTW). With a second job on each
# core they fall to about half (0.13 on that preference search).
DETERMINISTIC_PER_SECOND = {"pairs": 0.09, "circuits": 0.2}  # by ``solver.Travel``
# Wall seconds per constraint to load and presolve a model, hardly counted in CP-SAT's
# deterministic time. The neighbourhoods of a 400-request brief (17 000-38 000
# constraints, a light presolve) took about this much beside their search; a whole
# model's first search about 2.6 times as much, one with every task fixed a third
LOAD_SECONDS_PER_CONSTRAINT = 1e-5
# Of the time limit, planned as work; the rest is slack for a machine slower or busier
# than the rates above, which are those of a quiet one
PLANNED_SHARE = 0.8


class WorkClock:
    """Nominal seconds of work: ``seconds`` of them allowed (of a time limit), ``spent``
    so far."""

    def __init__(
        self, time_limit: float, deadline: float = math.inf, *, reproducible: bool = True
    ) -> None:
        self.seconds = time_limit * PLANNED_SHARE if reproducible else time_limit
        self.spent = 0.0
        self.reproducible = reproducible
        self.began = wallclock.monotonic()
        # The hard limit, nothing runs past it: the time limit's, or one set by a caller
        # who runs several solves within a limit of its own
        self.deadline = deadline if math.isfinite(deadline) else self.began + time_limit
        self.kept = 0.0  # wall seconds before the deadline kept for what must follow

    def left(self) -> float:
        return self.seconds - self.spent

    def keep(self, seconds: float) -> None:
        """Until kept again, end every search and ``overdue`` ``seconds`` before the
        deadline: a step that must follow (laying a plan on the circuits) keeps its time
        even where the work ran slower than the rates."""
        self.kept = seconds

    def overdue(self) -> bool:
        return wallclock.monotonic() >= self.deadline - self.kept

    def limit(
        self,
        solver: cp_model.CpSolver,
        seconds: float,
        form: str,
        *,
        least: float = 0.05,
        by_work: bool = False,
    ) -> None:
        """Stop ``solver``'s next search after ``seconds`` of work, or at the deadline,
        but never within ``least`` wall seconds (a search whose answer is needed).
        ``by_work``: by its work even when not reproducible, for a search that must
        outlast its presolve (whose wall time the work hardly counts) to have a bound."""
        params = solver.parameters
        wall_left = max(self.deadline - self.kept - wallclock.monotonic(), least)
        if self.reproducible or by_work:
            params.max_deterministic_time = max(seconds * DETERMINISTIC_PER_SECOND[form], 1e-3)
            params.max_time_in_seconds = wall_left
        else:
            params.max_time_in_seconds = max(min(seconds, wall_left), 0.05)

    def solve(
        self, solver: cp_model.CpSolver, model: cp_model.CpModel, form: str
    ) -> cp_model.CpSolverStatus:
        """``solver.solve(model)``, its work charged."""
        began = wallclock.monotonic()
        with searching(solver):
            code = solver.solve(model)
        if self.reproducible:
            searched = solver.deterministic_time / DETERMINISTIC_PER_SECOND[form]
            self.spent += searched + LOAD_SECONDS_PER_CONSTRAINT * len(model.proto.constraints)
        else:
            self.spent += wallclock.monotonic() - began
        return code

    def charge(self, estimate: float, began: float) -> None:
        """Charge a step of our own that began at ``began`` (a ``time.monotonic()``): its
        ``estimate`` by counted work, or its wall seconds when not reproducible."""
        self.spent += estimate if self.reproducible else wallclock.monotonic() - began
