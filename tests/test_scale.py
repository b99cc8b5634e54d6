"""The scale-curve generator writes briefs a protocol office could have written.

``benchmarks.scale.generate(n)`` gives n meeting requests over a working week; the same n
and seed give the same text, the brief validates, and a short plan of the smallest size
keeps every rule. Three parts of the solver that only large briefs reach are tried on
them too: the neighbourhoods' fallback without a temporary folder, the bound of the
full linear relaxation, and a first search given the work to presolve, for a bound.
"""

from __future__ import annotations

import pytest
from benchmarks.scale import generate

from visitplanner import check, neighbourhood, parse_brief, plan, solver
from visitplanner.compile import compile_brief
from visitplanner.solver import (
    PRESOLVE_WORK_PER_CONSTRAINT,
    ModelBuilder,
    SolveOptions,
    _solver,
    linear_bound,
    realise,
    solve,
)
from visitplanner.workclock import DETERMINISTIC_PER_SECOND, WorkClock


def test_generated_briefs_have_the_requested_size_and_are_reproducible() -> None:
    """25 requests: one city (Astana), three delegates; 100: three cities, each joined
    to the next by a flight with three options, four delegates. The same call gives the
    same text."""
    small = parse_brief(generate(25))
    assert len(small.meetings) == 25 and not small.transfers
    assert {v.city for v in small.venues} == {"Astana"}
    large = parse_brief(generate(100))
    assert len(large.meetings) == 100
    assert {v.city for v in large.venues} == {"Astana", "Almaty", "Shymkent"}
    assert [len(t.options) for t in large.transfers] == [3, 3]
    assert len([p for p in large.participants if p.travels]) == 4
    assert generate(100) == generate(100) != generate(100, seed=2)


def test_a_generated_brief_plans_within_the_rules() -> None:
    """Three seconds on the 25-request brief: some requests kept, none breaking a rule."""
    brief = parse_brief(generate(25))
    result = plan(brief, time_limit=3)
    assert result.itinerary is not None
    assert result.objective and result.objective > 0
    assert check(brief, result.itinerary) == []


def test_without_a_temporary_folder_the_search_goes_on_with_copies_of_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The small neighbourhood models read the whole model from a file written to a
    temporary folder (``neighbourhood._readable``). On a machine with none, the 100-
    request brief still plans within the rules in 8 seconds (4 leave no work for a
    neighbourhood after the heuristic and the first search): the neighbourhoods are then
    copies of the whole model, and the log says why."""

    def no_folder() -> None:
        raise OSError("No usable temporary directory found")

    monkeypatch.setattr(neighbourhood.tempfile, "TemporaryDirectory", no_folder)
    monkeypatch.setattr(solver, "NEIGHBOURHOODS_SECONDS_PER_CONSTRAINT", 0.0)  # set up anyway
    monkeypatch.setattr(solver, "NEIGHBOURHOODS_LEAST", 0)
    # and not searched whole first, which may prove it or take all the time on a slow machine
    monkeypatch.setattr(solver, "WHOLE_SEARCH_VARIABLES", 0)
    lines: list[str] = []
    brief = parse_brief(generate(100))
    result = plan(brief, time_limit=8, log=lines.append)
    assert "#Neighbourhoods not set up: No usable temporary directory found" in lines
    assert result.itinerary is not None
    assert check(brief, result.itinerary) == []


def test_the_full_linear_relaxation_bounds_the_best_plan_from_above() -> None:
    """``solver.linear_bound`` (linearization level 2, from a plan) on the 25-request
    brief, whose best plan keeps 1093 (proven): a bound of at least 1093 and below the
    sum of every priority; with no time, no bound."""
    problem = compile_brief(parse_brief(generate(25))).problem
    found = solve(problem, SolveOptions(time_limit=10, soft_phase=False))
    assert (found.status, found.value) == ("optimal", 1093)
    builder = ModelBuilder(problem, travel="pairs").build()
    builder.model.maximize(builder.priority_value())
    plan_values = realise(builder, found.choices, SolveOptions(), WorkClock(5.0), 5.0)
    assert plan_values is not None
    bound = linear_bound(builder, plan_values, SolveOptions(), WorkClock(5.0), 5.0)
    assert bound is not None and 1093 <= bound < sum(t.value for t in problem.tasks)
    assert linear_bound(builder, plan_values, SolveOptions(), WorkClock(5.0), 0.0) is None


def test_a_first_search_given_the_work_to_presolve_ends_with_a_bound_every_time() -> None:
    """The 100-request brief's pairs model (about 13 000 constraints): with a twentieth
    of the work ``PRESOLVE_WORK_PER_CONSTRAINT`` gives it (0.001 deterministic seconds of
    0.02) its search stops before its presolve ends, with no bound at all (CP-SAT's
    placeholder, 0). With all of it, it ends with a bound, at most the sum
    of every priority (4891), and, stopped by work and not by the clock, with the same
    plan and bound every time."""
    problem = compile_brief(parse_brief(generate(100))).problem
    builder = ModelBuilder(problem, travel="pairs").build()
    builder.model.maximize(builder.priority_value())
    every_priority = sum(t.value for t in problem.tasks)
    assert every_priority == 4891
    work = PRESOLVE_WORK_PER_CONSTRAINT * len(builder.model.proto.constraints)
    presolve = work / DETERMINISTIC_PER_SECOND["pairs"]

    def searched(seconds: float) -> tuple[float, float]:
        clock = WorkClock(600.0)
        solver = _solver(SolveOptions(), clock, seconds, "pairs")
        clock.solve(solver, builder.model, "pairs")
        assert solver.wall_time < 60
        return solver.objective_value, solver.best_objective_bound

    assert searched(presolve / 20)[1] == 0  # no bound: presolve did not end
    value, bound = searched(presolve)
    assert 0 < bound < every_priority
    assert searched(presolve) == (value, bound)
