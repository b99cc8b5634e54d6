"""The proof step (``solver._prove``): after the first search and the neighbourhood
search, look for a plan worth more than the best, the objective as a constraint. A day
small enough to work out by hand: the hotel (0) and three venues 10 minutes apart, a
day of 100 minutes, meetings worth 5 and 4 (20 minutes each) and 6 (60 minutes). The
best day holds the two short ones: 3 legs x 10 + 40 = 70 minutes, worth 9; the long one
leaves room for nothing else (80 minutes, a second meeting needs 30 more)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from ortools.sat.python import cp_model

from visitplanner import solver
from visitplanner.intervals import normalize
from visitplanner.problem import Anchor, Option, Problem, Resource, Task
from visitplanner.solver import ModelBuilder, SolveOptions, _prove
from visitplanner.workclock import WorkClock

TRAVEL = tuple(tuple(0 if a == b else 10 for b in range(4)) for a in range(4))


def _builder() -> ModelBuilder:
    def meeting(place: int, value: int, minutes: int) -> Task:
        option = Option("o", minutes, place, place, {"window": normalize([(0, 100)])})
        return Task(f"m{place}", (option,), attendees=(0,), value=value)

    problem = Problem(
        horizon=100,
        travel=TRAVEL,
        resources=(Resource("delegate", (Anchor(0, 0), Anchor(100, 0))),),
        tasks=(meeting(1, 5, 20), meeting(2, 4, 20), meeting(3, 6, 60)),
    )
    builder = ModelBuilder(problem).build()
    builder.model.maximize(builder.priority_value())
    return builder


def _prove_from(best: int, bound: int, seconds: float = 5.0) -> tuple[int, int]:
    builder = _builder()
    values = [0] * len(builder.model.proto.variables)
    found = _prove(
        builder,
        builder.priority_value(),
        (best, bound),
        values,
        SolveOptions(),
        WorkClock(seconds),
        seconds,
    )
    return found[0], found[1]


def test_a_better_plan_is_found_and_proven() -> None:
    # Told the best so far is 6 (the long meeting) of a bound 15 (all three): "at least
    # 7" finds the 9 and, within its limit, proves it the best.
    assert _prove_from(6, 15) == (9, 9)


def test_the_best_is_proven_when_nothing_beats_it() -> None:
    # Told the best is 9 of a bound 15: "at least 10" is infeasible, so 9 is the bound.
    assert _prove_from(9, 15) == (9, 9)


def test_no_time_no_change() -> None:
    assert _prove_from(6, 15, seconds=0.0) == (6, 15)


class _Stopped:
    """A CP-SAT solver stopped by its limit before presolve ended: UNKNOWN, and a bound
    that is a placeholder (0), not a proof."""

    parameters = SimpleNamespace()
    best_objective_bound = 0.0
    deterministic_time = 0.0

    def solve(self, model: object) -> int:
        return cp_model.UNKNOWN


def test_a_search_stopped_without_answer_proves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Taking its 0 for a bound made a 200-request plan worth 4696 "optimal" when a longer
    # run found 4866. The best and the bound stay as they were.
    monkeypatch.setattr(solver, "_solver", lambda *_: _Stopped())
    assert _prove_from(6, 15) == (6, 15)
