"""Arcs a route can never take are never created (``solver._anchor_between``). Times
never decrease along a route, and every route passes its night anchors, so an arc that
would jump over a night leaves that night nowhere to go.

A two-day visit in minutes: the delegate sleeps at the hotel (place 0) at minute 100.
Meeting A may start only on day one (0-50), B only on day two (110-150), C on either
(0-150); each lasts 20 minutes at its own venue, 10 minutes from the others.

- A -> B would skip the night: no such arc. A -> C and C -> B may be taken.
- B cannot be the route's first item (the night comes before it), nor A its last (the
  night comes after it); C can be either.
- The best plan still holds all three: A and C on day one, or C on day two, and B."""

from __future__ import annotations

from visitplanner.intervals import normalize
from visitplanner.problem import Anchor, Option, Problem, Resource, Task
from visitplanner.solver import ModelBuilder, SolveOptions, solve

TRAVEL = tuple(tuple(0 if a == b else 10 for b in range(4)) for a in range(4))


def _problem() -> Problem:
    def meeting(name: str, place: int, window: tuple[int, int]) -> Task:
        option = Option("o", 20, place, place, {"window": normalize([window])})
        return Task(name, (option,), attendees=(0,), value=1)

    return Problem(
        horizon=200,
        travel=TRAVEL,
        resources=(Resource("delegate", (Anchor(100, 0),)),),
        tasks=(meeting("A", 1, (0, 50)), meeting("B", 2, (110, 150)), meeting("C", 3, (0, 150))),
    )


def _arcs() -> set[tuple[str, str]]:
    builder = ModelBuilder(_problem()).build()
    nodes = builder.nodes[0]
    names = {len(nodes): "depot"}
    for k, node in enumerate(nodes):
        names[k] = "night" if node.task is None else builder.problem.tasks[node.task].id
    return {(names[u], names[v]) for u, v in builder.arcs[0]}


def test_no_arc_jumps_over_a_night() -> None:
    arcs = _arcs()
    assert ("A", "B") not in arcs
    assert {("A", "C"), ("C", "B"), ("A", "night"), ("night", "B")} <= arcs


def test_the_first_and_last_items_respect_the_night() -> None:
    arcs = _arcs()
    assert ("depot", "B") not in arcs and ("A", "depot") not in arcs
    assert {("depot", "A"), ("depot", "C"), ("C", "depot"), ("B", "depot")} <= arcs


def test_the_best_plan_still_holds_all_three() -> None:
    solution = solve(_problem(), SolveOptions(time_limit=5, soft_phase=False))
    assert (solution.status, solution.value) == ("optimal", 3)
    starts = {_problem().tasks[i].id: c.start for i, c in solution.choices.items()}
    assert starts["A"] + 20 <= 100 <= starts["B"]
