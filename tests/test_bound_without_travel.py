"""The bound without travel (``solver.BoundWithoutTravel``): with two workers, a core
searches the problem with every journey instantaneous while phase 1 searches the real
one; any plan is also a plan without travel, so that optimum bounds the real one.

A day small enough to work out by hand (as in test_prove.py): the hotel (0) and three
venues 10 minutes apart, a day of 90 minutes (from and back to the hotel), meetings
worth 5 and 4 (20 minutes each) and 6 (60 minutes).

- With travel the best is the two short ones: hotel, venue, venue, hotel is 3 legs of
  10 minutes plus 40 = 70 minutes, worth 9. The long one and a short one need 60 + 20
  + 3 x 10 = 110 minutes; the long one alone is worth only 6.
- Without travel the long one and the 5 fit (80 minutes), worth 11; all three need 100.
"""

from __future__ import annotations

import threading
import time

import pytest

from visitplanner import solver
from visitplanner.intervals import normalize
from visitplanner.problem import Anchor, Option, Problem, Resource, Task, without_travel
from visitplanner.solver import BoundWithoutTravel, SolveOptions, solve

TRAVEL = tuple(tuple(0 if a == b else 10 for b in range(4)) for a in range(4))


def _day() -> Problem:
    def meeting(place: int, value: int, minutes: int) -> Task:
        starts = normalize([(0, 90 - minutes)])  # (done by the end of the day)
        option = Option("o", minutes, place, place, {"window": starts})
        return Task(f"m{place}", (option,), attendees=(0,), value=value)

    return Problem(
        horizon=90,
        travel=TRAVEL,
        resources=(Resource("delegate", (Anchor(0, 0), Anchor(90, 0))),),
        tasks=(meeting(1, 5, 20), meeting(2, 4, 20), meeting(3, 6, 60)),
    )


def test_without_travel_every_journey_is_instantaneous_but_transfers_stay() -> None:
    apart = ((0, None), (None, 0))  # two places a transfer alone joins
    problem = Problem(horizon=10, travel=((0, 25), (25, 0)), resources=(), tasks=())
    assert without_travel(problem).travel == ((0, 0), (0, 0))
    assert without_travel(Problem(horizon=10, travel=apart, resources=(), tasks=())).travel == apart


def test_the_bound_is_the_optimum_without_travel() -> None:
    # The real optimum is 9 (solved below); without travel 11, proven: a valid bound
    real = solve(_day(), SolveOptions(time_limit=5, soft_phase=False))
    assert (real.value, real.bound, real.status) == (9, 9, "optimal")
    search = BoundWithoutTravel(_day(), {}, seed=0, until=time.monotonic() + 10)
    waited = time.monotonic()
    while not search.ended() and time.monotonic() - waited < 10:
        time.sleep(0.01)
    assert search.stop() == 11


def test_two_workers_search_it_beside_phase_1_and_leave_no_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only large pairs models get it: counting this one as large, two workers find and
    # prove the 9; the search without travel is stopped with them, no thread left running
    monkeypatch.setattr(solver, "WHOLE_SEARCH_VARIABLES", 0)
    started = []
    monkeypatch.setattr(
        solver,
        "BoundWithoutTravel",
        lambda *args: started.append(BoundWithoutTravel(*args)) or started[-1],
    )
    before = threading.active_count()
    found = solve(_day(), SolveOptions(time_limit=5, soft_phase=False, workers=2))
    assert (found.value, found.bound, found.status) == (9, 9, "optimal")
    assert len(started) == 1 and started[0].ended()
    assert threading.active_count() == before
