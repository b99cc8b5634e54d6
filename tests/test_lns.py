"""The neighbourhood search's step (``solver._lns_step``): each neighbourhood is a copy
of the whole model that CP-SAT presolves again, so its work grows with the model. Up to
10 000 variables a neighbourhood gets 2 nominal seconds (``workclock``); a model of
40 000 (about the size of pr04 with four routes) gets four times that, 8; one of 78 000
(the generated 400-request brief) 15.6. And the absent tasks it offers
(``solver._favouring_value``), and the two whole days some of them free
(``solver._day_pair``)."""

from __future__ import annotations

import random

import pytest
from ortools.sat.python import cp_model

from visitplanner.solver import _day_pair, _favouring_value, _lns_step


def _model(variables: int) -> cp_model.CpModel:
    model = cp_model.CpModel()
    for i in range(variables):
        model.new_bool_var(f"x{i}")
    return model


@pytest.mark.parametrize(
    ("variables", "seconds"), [(5_000, 2.0), (10_000, 2.0), (40_000, 8.0), (78_000, 15.6)]
)
def test_the_step_grows_with_the_model(variables: int, seconds: float) -> None:
    assert _lns_step(_model(variables)) == pytest.approx(seconds)


def test_the_absent_tasks_offered_favour_the_valuable_ones() -> None:
    """Task 0 is worth 100, task 1 worth 10: drawn with odds in proportion to the value
    squared, task 0 comes first 10 000 times for every 100 of task 1's, about 990 draws
    in 1 000 (a uniform draw: about 500). Asked for both, a draw offers both."""
    rng = random.Random(7)
    firsts = [_favouring_value([0, 1], 1, [100, 10], rng)[0] for _ in range(1_000)]
    assert 970 <= firsts.count(0) < 1_000
    assert sorted(_favouring_value([0, 1], 2, [100, 10], rng)) == [0, 1]
    assert _favouring_value([0, 1], 0, [100, 10], rng) == []


def test_a_day_pair_is_two_whole_consecutive_days() -> None:
    """Three days of 1 440 minutes, from minute 0: a day pair is Monday and Tuesday
    (0-2879), Tuesday and Wednesday (1440-4319), or Wednesday alone, the last day (2880-
    4319), each drawn about a third of the time; a problem without days frees it whole."""
    days = ((0, 1440), (1440, 2880), (2880, 4320))
    rng = random.Random(3)
    drawn = [_day_pair(days, 4320, rng) for _ in range(300)]
    assert set(drawn) == {(0, 2879), (1440, 4319), (2880, 4319)}
    assert all(80 <= drawn.count(pair) <= 120 for pair in set(drawn))
    assert _day_pair((), 600, rng) == (0, 600)
