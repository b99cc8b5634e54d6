"""The timetable heuristic (timetable.py): the first solution for briefs, whose meetings
have several attendees and whose days have lunches. A story worked out by hand on the
problem layer, then the property that matters to the solver: on real and generated
briefs, the hint is a solution of the CP-SAT model as it stands (fixing every hinted
variable leaves it feasible, worth what the heuristic says)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from benchmarks.scale import generate
from ortools.sat.python import cp_model

from visitplanner import check, plan
from visitplanner.compile import compile_brief
from visitplanner.hint import add_heuristic_hint, heuristic_routes
from visitplanner.loader import load_brief, parse_brief
from visitplanner.problem import (
    Anchor,
    Option,
    Placement,
    Precedence,
    Problem,
    Resource,
    Task,
)
from visitplanner.solver import ModelBuilder
from visitplanner.timetable import timetable_routes

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# Minutes from 08:00. Place 0 is the hotel, 1 the university, 2 a research institute,
# 10 minutes from each other; buffer 5. The delegate (resource 0) leaves the hotel at
# 08:00 and is back by 18:00 (600); the university's rector (resource 1) is free only
# from 10:00 to 12:00, so a one-hour meeting with him starts between 120 and 180.
TRAVEL = tuple(tuple(0 if a == b else 10 for b in range(3)) for a in range(3))


def _option(place: int | None, minutes: int, lo: int, hi: int) -> tuple[Option, ...]:
    return (Option("o", minutes, place, place, {"window": ((lo, hi),)}),)


TALKS = Task("talks", _option(1, 60, 120, 180), attendees=(0, 1), value=10)
LUNCH = Task("lunch", _option(None, 60, 240, 330), (0,), required=True, transparent=True)
VISIT = Task("institute", _option(2, 90, 0, 510), attendees=(0,), value=5)
SIGNING = Task("signing", _option(1, 30, 120, 240), attendees=(0, 1), required=True)


def _problem(*tasks: Task, precedences: tuple[Precedence, ...] = ()) -> Problem:
    day = (Anchor(0, 0), Anchor(600, 0))
    return Problem(
        horizon=600,
        travel=TRAVEL,
        resources=(Resource("delegate", day), Resource("rector")),
        tasks=tasks,
        buffer=5,
        precedences=precedences,
    )


def _timetable(problem: Problem) -> dict[str, tuple[int, int | None]]:
    """Task id -> (start, place) of the delegate's hinted day."""
    builder = ModelBuilder(problem).build()
    found = timetable_routes(builder, budget=10_000, seed=0)
    assert found is not None
    routes, _ = found
    nodes = builder.nodes[0]
    return {
        problem.tasks[t].id: (start, nodes[k].begin)
        for k, start in routes[0]
        if (t := nodes[k].task) is not None
    }


def test_a_day_of_talks_lunch_and_a_visit() -> None:
    # The lunch is required: it goes first, at 12:00 (240), the earliest it may. The
    # talks (value 10 for 2 x 60 minutes and a 20-minute detour: 100/140) rank before
    # the visit (25/110) and take the rector's first free minute, 10:00 (120). The visit
    # fits before them exactly: out at 0, 10 minutes' travel and 5 of buffer, in at 15,
    # 90 minutes to 105, 10 + 5 to the university at 120. After the lunch would cost as
    # much (a 10-minute detour), so the earlier start wins. The lunch is taken where the
    # talks ended: at the university (place 1), not at the hotel.
    hinted = _timetable(_problem(TALKS, LUNCH, VISIT))
    assert hinted == {"institute": (15, 2), "talks": (120, 1), "lunch": (240, 1)}


def test_the_hinted_lunch_and_talks_are_a_solution_of_the_model() -> None:
    problem = _problem(TALKS, LUNCH, VISIT)
    assert _fixed_to_the_hint(problem) == 15


def test_a_task_goes_in_only_after_the_tasks_it_comes_after() -> None:
    # The signing is required and comes after the talks, so the talks must be placed
    # too, first: at 120 to 180, then the signing at 180 + 5 (same room, no travel) at
    # the earliest, inside its window (up to 240).
    problem = _problem(TALKS, SIGNING, precedences=(Precedence(before=0, after=1),))
    hinted = _timetable(problem)
    assert hinted["signing"][0] >= hinted["talks"][0] + 60 + 5
    assert hinted == {"talks": (120, 1), "signing": (185, 1)}


def test_re_planning_keeps_the_previous_plan_where_there_is_room() -> None:
    # Last week's plan had the visit to the institute at 13:30 (330), after the lunch.
    # From scratch it would go at 08:15 (15, the story above); re-planning, it stays.
    kept = replace(VISIT, previous=Placement(option=0, start=330))
    hinted = _timetable(_problem(TALKS, LUNCH, kept))
    assert hinted["institute"] == (330, 2)
    assert hinted["talks"] == (120, 1)
    # The institute now receives visitors only until 11:20 (start 200 at the latest):
    # 13:30 is no longer allowed, and the visit goes where it would from scratch.
    mornings = _option(2, 90, 0, 200)
    moved = replace(VISIT, options=mornings, previous=Placement(option=0, start=330))
    assert _timetable(_problem(TALKS, LUNCH, moved))["institute"] == (15, 2)


def test_no_hint_when_a_required_task_finds_no_room() -> None:
    # The rector is free 10:00-12:00; the signing wants him at 09:00 sharp.
    late = Task("signing", _option(1, 30, 60, 60), attendees=(0, 1), required=True)
    blocked = Task("board", _option(1, 60, 30, 30), attendees=(0, 1), required=True)
    builder = ModelBuilder(_problem(late, blocked)).build()
    assert timetable_routes(builder, budget=10_000, seed=0) is None


def test_an_option_that_leaves_a_required_task_no_room_is_tried_no_more() -> None:
    """A required briefing with two fixed starts, 270-330 or 420-480, and the delegate's
    lunch, an hour starting in 240-330. Placed first at its first option, the briefing
    leaves the lunch no room (before it: 240-300 + 5 > 270; after it: 335 > 330); the
    timetable then tries again without that option, and has a hint (it had none: a
    probe's brief, its flight at 12:30 over a 12:00-14:00 lunch, went without one)."""
    briefing = Task(
        "briefing",
        (*_option(1, 60, 270, 270), *_option(1, 60, 420, 420)),
        attendees=(0,),
        required=True,
    )
    assert _timetable(_problem(briefing, LUNCH)) == {"lunch": (240, 0), "briefing": (420, 1)}


def test_no_hint_when_only_optional_meetings_lead_to_the_next_hotel() -> None:
    # Brussels hotel (0) at 03:00, Mons hotel (3) the next night: no road between the
    # hotels, but ULB (1) and UMONS (2) are 70 minutes apart. Only ULB then UMONS gets the
    # rector to Mons; the heuristic never places one meeting that leads nowhere, so its
    # timetable would be the two hotels alone, which breaks rule 2: it gives no hint.
    travel = ((0, 11, None, None), (11, 0, 70, None), (None, 70, 0, 10), (None, None, 10, 0))
    problem = Problem(
        horizon=1440,
        travel=travel,
        resources=(Resource("rector", (Anchor(0, 0), Anchor(1440, 3))),),
        tasks=(
            Task("ulb", _option(1, 60, 360, 360), attendees=(0,), value=50),
            Task("umons", _option(2, 60, 420, 500), attendees=(0,), value=40),
        ),
    )
    builder = ModelBuilder(problem).build()
    assert timetable_routes(builder, budget=10_000, seed=0) is None


def test_the_route_heuristic_leaves_meetings_of_several_people_to_the_timetable() -> None:
    builder = ModelBuilder(_problem(TALKS, VISIT)).build()
    assert heuristic_routes(builder, budget=10_000, seed=0) is None
    assert timetable_routes(builder, budget=10_000, seed=0) is not None


def test_past_its_deadline_the_timetable_keeps_its_first_fill() -> None:
    """The 50-request brief with work for every round of shakes: the first fill keeps
    1447 of priority, the shakes raise it to 1631. With the deadline already past (a
    very slow machine), no round starts: the first fill's timetable, still a plan."""
    problem = compile_brief(parse_brief(generate(50))).problem
    builder = ModelBuilder(problem, travel="pairs").build()

    def kept(found: tuple[list[list[tuple[int, int]]], int] | None) -> int:
        assert found is not None
        routes, _ = found
        nodes = builder.nodes
        done = {nodes[r][k].task for r, route in enumerate(routes) for k, _ in route}
        return sum(problem.tasks[t].value for t in done if t is not None)

    assert kept(timetable_routes(builder, budget=100_000, seed=0)) == 1631
    assert kept(timetable_routes(builder, budget=100_000, seed=0, deadline=0.0)) == 1447


BRIEFS = {
    "umons-kazakhstan": lambda: load_brief(EXAMPLES / "umons-kazakhstan.yaml"),
    "kazakh-delegation-mons": lambda: load_brief(EXAMPLES / "kazakh-delegation-mons.yaml"),
    "generated-25": lambda: parse_brief(generate(25)),
    "generated-100": lambda: parse_brief(generate(100)),
}


@pytest.mark.parametrize("name", BRIEFS)
def test_on_briefs_the_hint_is_a_solution_of_the_model(name: str) -> None:
    problem = compile_brief(BRIEFS[name]()).problem
    assert _fixed_to_the_hint(problem) > 0


def _fixed_to_the_hint(problem: Problem) -> int:
    """The priority value of the model with every hinted variable fixed to its hint;
    fails if the hint leaves a variable out, if that model is infeasible or if its value
    is not the heuristic's."""
    builder = ModelBuilder(problem).build()
    builder.model.maximize(builder.priority_value())
    assert add_heuristic_hint(builder, time_limit=2, seed=0) is not None
    hint = builder.model.proto.solution_hint
    hinted = dict(zip(hint.vars, hint.values, strict=True))
    assert len(hinted) == len(hint.vars), "each variable is hinted once"
    free = {i for i, v in enumerate(builder.model.proto.variables) if v.domain[0] < v.domain[-1]}
    assert free <= set(hinted), "the hint is complete: CP-SAT takes it as its first solution"
    expected = sum(
        task.value for i, task in enumerate(problem.tasks) if hinted[builder.present[i].index]
    )
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30
    assert solver.solve(builder.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert round(solver.objective_value) == expected
    return expected


def test_with_no_time_to_search_the_plan_is_the_heuristics() -> None:
    # 100 requests and 0.3 s: CP-SAT stops before its first solution, so the plan is the
    # timetable the heuristic built (0.3 s x 12 000 checks), which keeps every rule. No
    # bound is proven: the report's bound is then every request's priority together.
    brief = parse_brief(generate(100))
    result = plan(brief, time_limit=0.3)
    assert result.status == "feasible"
    assert result.itinerary is not None and check(brief, result.itinerary) == []
    assert 0 < (result.objective or 0) < (result.bound or 0)
    assert result.bound == sum(m.priority for m in brief.meetings if not m.required)
