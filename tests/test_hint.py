"""The hint heuristic (hint.py): the first solution CP-SAT starts from. Stories small
enough to work out by hand: which tasks the greedy insertion takes, that the routes it
returns keep every window and travel time, and when it gives no hint at all."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from briefs import IDENTICAL_MEETINGS
from visitplanner import hint
from visitplanner.hint import RESTARTS, _search, _Segment, heuristic_routes
from visitplanner.intervals import normalize
from visitplanner.problem import Anchor, Option, Problem, Resource, Task
from visitplanner.solver import ModelBuilder, SolveOptions, solve

# Place 0 is the hotel; places 1-4 are venues 10 minutes from the hotel and from each
# other. The delegate leaves the hotel at 0 and must be back by 100.
TRAVEL = tuple(tuple(0 if a == b else 10 for b in range(5)) for a in range(5))


def _meeting(place: int, value: int, duration: int, window: tuple[int, int] = (0, 100)) -> Task:
    option = Option(
        label=f"at {place}",
        duration=duration,
        begin=place,
        end=place,
        starts={"time_window": normalize([window])},
    )
    return Task(id=f"m{place}", options=(option,), attendees=(0,), value=value)


def _problem(*tasks: Task, resources: int = 1) -> Problem:
    day = (Anchor(time=0, place=0), Anchor(time=100, place=0))
    return Problem(
        horizon=100,
        travel=TRAVEL,
        resources=tuple(Resource(id=f"p{r}", anchors=day) for r in range(resources)),
        tasks=tasks,
    )


def _scheduled(problem: Problem, seed: int = 0) -> list[tuple[str, int]]:
    builder = ModelBuilder(problem).build()
    found = heuristic_routes(builder, budget=10_000, seed=seed)
    assert found is not None
    (route,), _ = found
    return [
        (problem.tasks[node.task].id, start)
        for node, start in ((builder.nodes[0][k], start) for k, start in route)
        if node.task is not None
    ]


def test_the_heuristic_takes_value_per_minute_not_the_biggest_meeting() -> None:
    # A 60-minute meeting worth 6, two 20-minute ones worth 5 and 4. The big one takes
    # 10 + 60 + 10 = 80 minutes with its legs and leaves no room for another (a second
    # meeting adds 30: 110 > 100). The two short ones take 3 legs x 10 + 40 = 70 minutes
    # and are worth 9. Ranked by value^2 / extra minutes: 25/40, then 16/30 once the first
    # is placed, while 36/80 never leads. The solver, started from it, proves 9 is best.
    problem = _problem(_meeting(1, 5, 20), _meeting(2, 4, 20), _meeting(4, 6, 60))
    assert sorted(task for task, _ in _scheduled(problem)) == ["m1", "m2"]
    solution = solve(problem, SolveOptions(time_limit=5, workers=1))
    assert (solution.status, solution.value) == ("optimal", 9)


def test_the_routes_keep_windows_and_travel_times() -> None:
    # m2 may only start in [60, 70]; m1 and m3 anywhere. A route m1, m2 or m3, m2 must
    # wait for m2's window; whatever the heuristic picks must obey both rules.
    problem = _problem(_meeting(1, 3, 20), _meeting(2, 5, 20, (60, 70)), _meeting(3, 3, 20))
    scheduled = _scheduled(problem)
    assert "m2" in dict(scheduled)
    assert 60 <= dict(scheduled)["m2"] <= 70
    ends = 0  # the hotel, left at 0
    for task, start in scheduled:
        assert start >= ends + 10, f"{task} starts before the delegate can be there"
        ends = start + 20
    assert ends + 10 <= 100, "back at the hotel by 100"


def test_the_same_seed_gives_the_same_hint() -> None:
    problem = _problem(*(_meeting(p, p, 15 + 5 * p) for p in range(1, 5)))
    assert _scheduled(problem, seed=7) == _scheduled(problem, seed=7)


def test_no_hint_when_a_required_meeting_needs_two_people() -> None:
    # The heuristic routes one person at a time; a required meeting of two is out of its
    # reach, so it gives no hint rather than one that breaks the rules.
    shared = Task(
        id="both",
        options=_meeting(1, 0, 20).options,
        attendees=(0, 1),
        required=True,
    )
    problem = _problem(shared, _meeting(2, 4, 20), resources=2)
    assert heuristic_routes(ModelBuilder(problem).build(), budget=10_000, seed=0) is None
    # The solver still plans it, from its own first solution.
    solution = solve(problem, SolveOptions(time_limit=5, workers=1))
    assert solution.status == "optimal"
    assert 0 in solution.choices


def test_shortening_a_route_moves_a_task_where_it_cuts_travel_and_keeps_windows() -> None:
    # The hotel (place 0) and venues 1, 2, 3 lie on one street, 10 minutes a step. Each
    # meeting lasts 10 minutes; m3 must start by 40; the day ends at 120. In the order
    # m3, m1, m2 the legs take 30 + 20 + 10 + 20 = 80 minutes (back at 110). The first
    # move tried is m3's, between m1 and m2 (m1, m3, m2: 10 + 20 + 10 + 20 = 60 minutes):
    # it starts at 10 + 10 + 20 = 40, just in time (at the end, m1, m2, m3, it would
    # start at 50, past its window). No order of the three takes less than 60.
    street = tuple(tuple(10 * abs(a - b) for b in range(4)) for a in range(4))
    day = (Anchor(time=0, place=0), Anchor(time=120, place=0))
    problem = Problem(
        horizon=120,
        travel=street,
        resources=(Resource(id="p0", anchors=day),),
        tasks=(_meeting(1, 1, 10), _meeting(2, 1, 10), _meeting(3, 1, 10, (0, 40))),
    )
    builder = ModelBuilder(problem).build()
    m1, m2, m3, hotel_out, hotel_in = range(5)  # the model's nodes: tasks, then anchors
    assert [n.task for n in builder.nodes[0]] == [0, 1, 2, None, None]
    segment = _Segment(builder, 0, hotel_out, hotel_in, [m3, m1, m2])

    def legs() -> int:
        places = [0, *(builder.nodes[0][k].finish or 0 for k in segment.tasks), 0]
        return sum(street[a][b] for a, b in pairwise(places))

    assert segment.feasible and legs() == 80
    assert segment.shorten() > 0
    assert segment.tasks == [m1, m3, m2] and legs() == 60
    assert segment.start[1:-1] == [10, 40, 60]  # back at the hotel at 80


def test_past_the_deadline_no_search_starts_or_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # The searches after the first start only before the deadline, and no round of a
    # search starts after it (a safety net for a slow machine). Four meetings: each
    # search stops after STALE_ROUNDS rounds without gain, far below a budget of a
    # billion checks, so with no deadline all RESTARTS searches run; with a deadline
    # already past, only the first, stopped after its first fill, whose routes are kept.
    problem = _problem(*(_meeting(p, p, 15 + 5 * p) for p in range(1, 5)))
    builder = ModelBuilder(problem).build()
    seeds: list[int] = []

    def counted(b: ModelBuilder, budget: int, seed: int, deadline: float = math.inf) -> object:
        seeds.append(seed)
        return _search(b, budget, seed, deadline)

    monkeypatch.setattr(hint, "_search", counted)
    heuristic_routes(builder, budget=10**9, seed=7)
    assert seeds == [7 * RESTARTS + i for i in range(RESTARTS)]
    seeds.clear()
    found = heuristic_routes(builder, budget=10**9, seed=7, deadline=0.0)
    assert seeds == [7 * RESTARTS]
    share = 10**9 // RESTARTS
    first = _search(builder, share, 7 * RESTARTS, deadline=0.0)
    searched = _search(builder, share, 7 * RESTARTS)
    assert first is not None and searched is not None and found == (first[1], first[2])
    assert first[2] < searched[2]  # the work: a first fill, against STALE_ROUNDS rounds


def test_a_search_that_places_everything_stops_there() -> None:
    # Two 20-minute meetings worth 5 and 4: 3 legs x 10 + 40 = 70 minutes, both fit in
    # the day of 100. No plan is worth more than 9, so the first fill ends the search:
    # its work is that fill's, not STALE_ROUNDS rounds of shaking (the TOPTW runs with
    # every customer reachable spent three quarters of their limit shaking a full plan).
    builder = ModelBuilder(_problem(_meeting(1, 5, 20), _meeting(2, 4, 20))).build()
    found = _search(builder, 10**9, 0)
    assert found is not None
    score, routes, work = found
    assert score == 9 and len(routes[0]) == 4  # the hotel, both meetings, the hotel
    assert work < 20


def test_the_cheapest_insertion_misses_no_feasible_position() -> None:
    """``cheapest_insertion`` skips positions it can rule out without trying them (where
    the next node cannot wait long enough, or the new one could not start in time). On
    pr01 with two routes (48 customers, each window repeated on both days), tasks drawn
    at random are inserted one after the other: each time it finds a position exactly
    when trying every position finds one, and the one it finds is feasible."""
    import random

    from benchmarks.optw import DATA, parse_instance, to_problem

    builder = ModelBuilder(to_problem(parse_instance(DATA / "pr01.txt"), 2)).build()
    nodes = builder.nodes[0]
    anchors = sorted(
        (k for k, n in enumerate(nodes) if n.task is None), key=lambda k: nodes[k].earliest
    )
    segments = [_Segment(builder, 0, h, t) for h, t in pairwise([None, *anchors, None])]
    rng = random.Random(7)
    customers = [k for k, n in enumerate(nodes) if n.task is not None]
    found_some = missed = 0
    for _ in range(300):
        segment = rng.choice(segments)
        k = rng.choice(customers)
        if not segment.may_hold(k) or k in segment.tasks:
            continue
        found = segment.cheapest_insertion(k)
        feasible = [i for i in range(len(segment.tasks) + 1) if segment._fits(k, i)]
        assert (found is not None) == bool(feasible)
        if found is None:
            missed += 1
            continue
        assert found[1] in feasible
        found_some += 1
        segment.tasks.insert(found[1], k)
        assert segment.update()
    assert found_some > 20 and missed > 20  # both outcomes were exercised


def test_all_cheapest_insertions_at_once_are_the_ones_found_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``cheapest_insertions`` works out a segment's insertions with numpy, all at once
    (here always: ``VECTOR_CHECKS`` 0; a fill does so from 4 000 checks): on pr01 with
    two routes, segments filled at random, it gives every candidate the same (cost,
    position), or None, as ``cheapest_insertion`` one by one."""
    monkeypatch.setattr(hint, "VECTOR_CHECKS", 0)
    import random

    import numpy as np
    from benchmarks.optw import DATA, parse_instance, to_problem

    builder = ModelBuilder(to_problem(parse_instance(DATA / "pr01.txt"), 2)).build()
    problem, nodes = builder.problem, builder.nodes[0]
    travel = np.array(
        [[hint.UNREACHABLE if t is None else t for t in row] for row in problem.travel]
    )
    anchors = sorted(
        (k for k, n in enumerate(nodes) if n.task is None), key=lambda k: nodes[k].earliest
    )
    segments = [_Segment(builder, 0, h, t) for h, t in pairwise([None, *anchors, None])]
    customers = [k for k, n in enumerate(nodes) if n.task is not None]
    rng = random.Random(3)
    compared = 0
    for _ in range(120):
        segment = rng.choice(segments)
        open_ = [k for k in customers if segment.may_hold(k) and k not in segment.tasks]
        if not open_:
            continue
        expected = [segment.cheapest_insertion(k) for k in open_]
        assert segment.cheapest_insertions(open_, travel) == expected
        compared += len(open_)
        choice = rng.choice(
            [k for k, found in zip(open_, expected, strict=True) if found] or [None]
        )
        if choice is not None:
            found = segment.cheapest_insertion(choice)
            assert found is not None
            segment.tasks.insert(found[1], choice)
            assert segment.update()
    assert compared > 1000


def test_a_search_that_fills_every_minute_stops_there() -> None:
    """66 half-hour meetings of one person, priority 10 each, over three 09:00-18:00
    days: 1 620 minutes hold 54 of them, 540 at most (``_most_that_fits``). The first
    fill finds 54, and the searches stop there: under 300 000 checks, where they used to
    go on through the whole budget (18 million at 10 s, 6 s of it)."""
    from visitplanner.compile import compile_brief
    from visitplanner.loader import parse_brief

    builder = ModelBuilder(compile_brief(parse_brief(IDENTICAL_MEETINGS)).problem).build()
    found = heuristic_routes(builder, budget=18_000_000, seed=0)
    assert found is not None
    (route,), work = found
    assert len(route) == 54
    assert work < 300_000
