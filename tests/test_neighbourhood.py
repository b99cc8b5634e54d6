"""A neighbourhood of the large-neighbourhood search as a small model (``neighbourhood.py``).

The worked day of ``test_pairs``: one delegate, the hotel and three venues 10 minutes
apart, meetings worth 5 and 4 (20 minutes each) and 6 (60 minutes), each over by minute
90 and starting from minute 10, so 80 minutes of room.

- The plan keeps the long meeting alone (6). Freeing the two short ones finds nothing
  better: the long one leaves 80 - 60 = 20 minutes, and a short one needs 20 more for
  its travel and itself. The answer is the plan itself (6), which every neighbourhood's
  model holds as a solution, hinted.
- Freeing all three finds 9: the two short ones, 20 + 10 + 20 = 50 minutes.

Every answer, put back into the plan (``merge``), satisfies the whole model; on random
briefs too, where freeing every task finds the whole model's optimum.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from test_pairs import _day, _optimum
from test_properties import SETTINGS, briefs
from visitplanner.compile import compile_brief
from visitplanner.loader import parse_brief
from visitplanner.neighbourhood import Neighbourhoods, merge
from visitplanner.pairs import exact
from visitplanner.solver import ModelBuilder, SolveOptions, _choices, realise
from visitplanner.workclock import WorkClock


def _solve(model: cp_model.CpModel, hinted: bool = False) -> tuple[str, int, list[int]]:
    """The model's optimum, or with ``hinted`` its one solution with every variable at
    its hinted value (infeasible if that is none)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.fix_variables_to_their_hinted_value = hinted
    solver.parameters.max_time_in_seconds = 20
    code = solver.solve(model)
    assert code in (cp_model.OPTIMAL, cp_model.INFEASIBLE), "small enough to decide"
    if code == cp_model.INFEASIBLE:
        return "infeasible", 0, []
    return "optimal", round(solver.objective_value), list(solver.response_proto.solution)


def _satisfies(builder: ModelBuilder, values: list[int]) -> bool:
    """Whether ``values`` (one per variable) satisfy every constraint of the whole model."""
    whole = builder.model.clone()
    whole.clear_objective()  # type: ignore[no-untyped-call]
    for v, value in enumerate(values):
        domain = whole.proto.variables[v].domain
        domain.clear()
        domain.extend((value, value))
    return _solve(whole)[0] == "optimal"


def _plan(builder: ModelBuilder, keep: set[int]) -> list[int]:
    """A plan of ``builder``'s model with the tasks ``keep`` at their optimal starts
    alone (every other task left out)."""
    part = builder.model.clone()
    for i, present in enumerate(builder.present):
        part.add(present == int(i in keep))
    status, _, values = _solve(part)
    assert status == "optimal"
    return values


def test_freeing_two_short_meetings_beside_a_long_one_finds_nothing_better() -> None:
    builder = ModelBuilder(_day((1, 2, 3)), travel="pairs").build()
    builder.model.maximize(builder.priority_value())
    plan = _plan(builder, {2})  # the long meeting, worth 6
    part, changing = Neighbourhoods(builder).model({0, 1}, plan)
    status, value, found = _solve(part)
    assert (status, value) == ("optimal", 6)  # the two short ones cannot fit beside it
    assert _satisfies(builder, merge(plan, found, changing))


def test_freeing_every_meeting_finds_the_two_short_ones() -> None:
    builder = ModelBuilder(_day((1, 2, 3)), travel="pairs").build()
    builder.model.maximize(builder.priority_value())
    plan = _plan(builder, {2})
    part, changing = Neighbourhoods(builder).model({0, 1, 2}, plan)
    status, value, found = _solve(part)
    assert (status, value) == ("optimal", 9)
    merged = merge(plan, found, changing)
    assert _satisfies(builder, merged)
    assert sorted(_choices(builder, merged)) == [0, 1]


@SETTINGS
@given(briefs(), st.randoms(use_true_random=False))
def test_on_random_briefs_a_neighbourhood_keeps_every_rule(data: dict[str, Any], rng: Any) -> None:
    """From an optimal plan with a random half of its optional tasks dropped (if the
    rest is still a plan), a random set of tasks freed: the hint is a solution worth
    what the plan keeps, every answer keeps at least that and satisfies the whole model
    once merged, and freeing every task finds the whole model's optimum."""
    problem = compile_brief(parse_brief(json.dumps(data))).problem
    if not exact(problem):
        return  # the pairs are a relaxation there, and the search runs on the circuits
    best, builder, values = _optimum(problem, "pairs")
    if best is None:
        return
    done = sorted(_choices(builder, values))
    dropped = {i for i in done if rng.random() < 0.5 and not problem.tasks[i].required}
    rest = {i: c for i, c in _choices(builder, values).items() if i not in dropped}
    plan = (
        realise(builder, rest, SolveOptions(), WorkClock(5.0), 5.0) or values
    )  # an "after" may need one
    kept = sum(t.value * plan[builder.present[i].index] for i, t in enumerate(problem.tasks))
    hoods = Neighbourhoods(builder)
    free = {i for i in range(len(problem.tasks)) if rng.random() < 0.5}
    part, changing = hoods.model(free, plan)
    assert _solve(part, hinted=True)[:2] == ("optimal", kept)
    status, value, found = _solve(part)
    assert status == "optimal" and value >= kept
    assert _satisfies(builder, merge(plan, found, changing))
    everything, changing = hoods.model(set(range(len(problem.tasks))), plan)
    status, value, found = _solve(everything)
    assert (status, value) == ("optimal", best)
    assert _satisfies(builder, merge(plan, found, changing))
