"""The shake schedule (ils.py) both hint heuristics follow. On routes of 9 movable tasks,
a third is 3: rounds without a better solution take out runs of 1, 2, 3 tasks, then 1
again; a better solution starts over at 1. Where a run starts moves on by its length
plus one, plus a seeded 0 or 1."""

from __future__ import annotations

import random

from visitplanner.ils import NOISE, Shakes, insertion_rank


def test_runs_grow_to_a_third_of_the_longest_route_then_start_over() -> None:
    shakes = Shakes(seed=0)
    lengths = []
    for _ in range(5):
        run = shakes.run(9)
        lengths.append(run.stop - run.start)
        shakes.next_round(better=False, longest=9)
    assert lengths == [1, 2, 3, 1, 2]
    assert shakes.stale == 5


def test_a_better_solution_starts_over_with_short_runs() -> None:
    shakes = Shakes(seed=0)
    shakes.next_round(better=False, longest=9)
    shakes.next_round(better=False, longest=9)
    assert shakes.strength == 3
    shakes.next_round(better=True, longest=9)
    assert (shakes.strength, shakes.stale) == (1, 0)


def test_the_start_moves_on_by_the_run_plus_one_or_two_and_wraps() -> None:
    shakes = Shakes(seed=0)
    starts = []
    for _ in range(6):
        starts.append(shakes.run(4).start)
        before = shakes.offset + shakes.strength + 1
        shakes.next_round(better=False, longest=9)
        assert shakes.offset - before in (0, 1)
    assert all(0 <= s < 4 for s in starts)


def test_the_same_seed_gives_the_same_schedule() -> None:
    def starts(seed: int) -> list[int]:
        shakes, found = Shakes(seed), []
        for _ in range(20):
            found.append(shakes.run(7).start)
            shakes.next_round(better=False, longest=12)
        return found

    assert starts(5) == starts(5)


def test_annealing_keeps_a_worse_round_less_often_as_the_budget_is_spent() -> None:
    # Best score 1000: the temperature starts at 3 % of it, 30. A round 30 worse is kept
    # with probability e^-1 = 0.368 at the start; half-way the temperature is 15 and the
    # same loss is kept with probability e^-2 = 0.135; with the budget spent, never. A
    # round no worse is always kept.
    def kept(progress: float, loss: int = 30) -> float:
        shakes = Shakes(seed=3)
        return sum(shakes.accepts(loss, 1000, progress) for _ in range(20_000)) / 20_000

    assert abs(kept(0.0) - 0.368) < 0.015
    assert abs(kept(0.5) - 0.135) < 0.015
    assert kept(1.0) == 0.0
    assert kept(1.0, loss=0) == 1.0
    assert kept(0.9, loss=-5) == 1.0


def test_the_fill_ranks_value_squared_per_minute_with_a_little_noise() -> None:
    # A task worth 5 that costs 40 minutes ranks 25 / 40 = 0.625, times 1 to 1.5 (NOISE
    # 0.5); one worth 4 that costs 10 ranks 1.6 to 2.4 and always leads. A cost of 0 (a
    # task on the way) counts as 1 minute.
    rng = random.Random(0)
    ranks = [insertion_rank(5, 40, rng) for _ in range(1000)]
    assert NOISE == 0.5
    assert 0.625 <= min(ranks) < 0.65 and 0.91 < max(ranks) < 0.9375
    assert all(insertion_rank(4, 10, rng) > 1.5 for _ in range(1000))
    assert 9.0 <= insertion_rank(3, 0, rng) < 13.5
