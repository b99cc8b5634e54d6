"""The bound without travel (``solver.relaxed_bound``): the problem with its circuits
left out is a plain scheduling problem that CP-SAT solves outright, and no plan of the
problem can keep more than its optimum.

One delegate, one day of 100 minutes, the hotel (place 0) 10 minutes from each venue.
Meetings worth 5 and 4 (20 minutes each) and 6 (60 minutes); each must start in
[10, 90 - its length], so that it is over by minute 90 (room for the way back).

- All three at one venue: 80 minutes of room. The three together need 100; the 20 and
  60 fit end to end (80), worth 11. Travel does not bind between them, and the bound
  without travel is 11 too: the plan is proven optimal by the relaxation alone.
- The same with a 5-minute buffer: 20 + 5 + 60 = 85 > 80, so the best is the two short
  ones (20 + 5 + 20 = 45), worth 9. The relaxation keeps the buffer: its bound is 9,
  not 11.
- Each meeting at its own venue, 10 minutes apart: 20 + 10 + 60 = 90 > 80, the best is
  again 9, but the relaxation, blind to travel, still allows 11: a bound, not the
  answer."""

from __future__ import annotations

from visitplanner.intervals import normalize
from visitplanner.problem import Anchor, Option, Problem, Resource, Task
from visitplanner.solver import SolveOptions, relaxed_bound, solve

TRAVEL = tuple(tuple(0 if a == b else 10 for b in range(4)) for a in range(4))


def _problem(places: tuple[int, int, int], buffer: int = 0) -> Problem:
    def meeting(name: str, place: int, value: int, minutes: int) -> Task:
        window = normalize([(10, 90 - minutes)])
        option = Option("o", minutes, place, place, {"window": window})
        return Task(name, (option,), attendees=(0,), value=value)

    return Problem(
        horizon=100,
        travel=TRAVEL,
        resources=(Resource("delegate", (Anchor(0, 0), Anchor(100, 0))),),
        tasks=(
            meeting("short-5", places[0], 5, 20),
            meeting("short-4", places[1], 4, 20),
            meeting("long-6", places[2], 6, 60),
        ),
        buffer=buffer,
    )


def _both(problem: Problem) -> tuple[int | None, int, str]:
    plan = solve(problem, SolveOptions(time_limit=5, soft_phase=False))
    return relaxed_bound(problem, SolveOptions(), 5.0), plan.value, plan.status


def test_where_travel_does_not_bind_the_relaxation_proves_the_plan() -> None:
    assert _both(_problem((1, 1, 1))) == (11, 11, "optimal")


def test_the_buffer_is_kept() -> None:
    assert _both(_problem((1, 1, 1), buffer=5)) == (9, 9, "optimal")


def test_where_travel_binds_it_is_a_bound_only() -> None:
    assert _both(_problem((1, 2, 3))) == (11, 9, "optimal")


def test_no_time_no_bound() -> None:
    assert relaxed_bound(_problem((1, 1, 1)), SolveOptions(), 0.0) is None


def test_on_generated_weeks_no_plan_beats_it() -> None:
    """Generated briefs (lunches, flights, meetings of several delegates and a host):
    25 requests, where travel hardly binds, the bound without travel is the optimum
    that the solver proves (1093); 50 requests (second brief), every plan the solver
    finds in 3 s stays at or below it (2229)."""
    from benchmarks.scale import generate

    from visitplanner import parse_brief
    from visitplanner.compile import compile_brief

    def problem(requests: int, seed: int) -> Problem:
        return compile_brief(parse_brief(generate(requests, seed))).problem

    small = problem(25, 1)
    plan = solve(small, SolveOptions(time_limit=10, soft_phase=False))
    assert (plan.status, plan.value) == ("optimal", 1093)
    assert relaxed_bound(small, SolveOptions(), 5.0) == 1093
    larger = problem(50, 2)
    assert relaxed_bound(larger, SolveOptions(), 5.0) == 2229
    assert solve(larger, SolveOptions(time_limit=3, soft_phase=False)).value <= 2229
