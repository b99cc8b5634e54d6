"""The neighbourhood search's step (``solver._lns_step``): each neighbourhood is a copy
of the whole model that CP-SAT presolves again, so its deterministic time grows with the
model. Up to 10 000 variables a neighbourhood gets 0.3 deterministic seconds; a model of
40 000 (about the size of pr04 with four routes) gets four times that, 1.2; one of
78 000 (the generated 400-request brief) 2.34."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from visitplanner.solver import _lns_step


def _model(variables: int) -> cp_model.CpModel:
    model = cp_model.CpModel()
    for i in range(variables):
        model.new_bool_var(f"x{i}")
    return model


@pytest.mark.parametrize(
    ("variables", "seconds"), [(5_000, 0.3), (10_000, 0.3), (40_000, 1.2), (78_000, 2.34)]
)
def test_the_step_grows_with_the_model(variables: int, seconds: float) -> None:
    assert _lns_step(_model(variables)) == pytest.approx(seconds)
