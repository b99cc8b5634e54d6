"""A neighbourhood of the large-neighbourhood search as a small model of its own.

A neighbourhood frees some tasks of a plan and keeps every other one as it is. Fixing
the kept tasks in a copy of the whole model leaves CP-SAT to load and presolve all of it
again for each neighbourhood: on a generated 400-request brief (44 000 variables,
117 000 constraints) 1.2-3.3 s of wall time each, for 0.02-0.4 deterministic seconds of
search. The model built here holds only the constraints that may still bind: those
naming a variable that may change, unless an enforcement literal that cannot change is
false. Every other constraint names only variables at their values in the plan, which
satisfies it, so leaving it out changes nothing: a solution of the small model, with
every other variable at its value in the plan, is a solution of the whole. The same
neighbourhoods then hold 10 000-75 000 constraints, loaded and presolved in 0.1-1.5 s.

What may change: the variables of the freed tasks (``ModelBuilder``'s start, chosen,
present and joined, and their items' presence: who attends, where a lunch is taken),
and the helper variables within ``REACH`` small constraints of them (the order of a
freed item and a kept one, the lunch's "item before"). A helper reached only from kept
tasks keeps its value. On the pairs (``pairs.py``) that loses nothing a freed task could
use, as two kept items keep their order; on the circuits it would keep the arc between
two kept items, which a freed item between them must open, so ``solver._improve``
searches the circuits on a copy of the whole model.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

if TYPE_CHECKING:
    from visitplanner.solver import ModelBuilder

# Constraints of at most this many variables carry a freed task's freedom to helper
# variables (a pair's order: its literal, two presences, two starts); a larger one (a
# day's capacity, a lunch's "one item before") would free the helpers of every task in it
SMALL = 6
# How many small constraints away from a freed task's own variables a helper is freed:
# 1 reaches its orders and its "before this lunch" literals, 2 the lunch's "item
# before" literals of the other items and the end of that item, which change when the
# freed task comes just before the lunch
REACH = 2


class Neighbourhoods:
    """Small models of neighbourhoods of a plan of ``builder``'s model (its pairs form)."""

    def __init__(self, builder: ModelBuilder) -> None:
        self.builder = builder
        self.constraints = builder.model.proto.constraints
        self.variables = cp_model.CpModel()  # the variables alone, copied for each model
        self.variables.proto.variables.extend(builder.model.proto.variables)
        proto = _readable(builder.model)
        names: list[list[int]] = []  # constraint -> the variables it names
        enforcement: list[list[int]] = []  # constraint -> its enforcement literals' variables
        wanted: list[bool] = []  # ... and the value each must have to enforce it, in order
        self.intervals: dict[int, list[int]] = {}  # no-overlap -> its interval constraints
        for j, c in enumerate(proto.constraints):
            if c.HasField("no_overlap"):  # it names its intervals' variables through them
                self.intervals[j] = list(c.no_overlap.intervals)
                names.append(sorted({v for k in self.intervals[j] for v in names[k]}))
            else:
                names.append(_variables(c))
            enforcement.append([_variable(lit) for lit in c.enforcement_literal])
            wanted.extend(lit >= 0 for lit in c.enforcement_literal)
        variables = len(proto.variables)
        self.incidence = _Incidence(names, variables)
        self.small = _Incidence([n if len(n) <= SMALL else [] for n in names], variables)
        self.enforcement = _Incidence(enforcement, variables)
        self.wanted = np.array(wanted, dtype=bool)
        self.no_overlaps = np.array(sorted(self.intervals), dtype=np.int64)
        self.own: list[set[int]] = [
            {
                _variable(builder.start[i].index),
                _variable(builder.present[i].index),
                *(_variable(lit.index) for lit in builder.chosen[i]),
                *(_variable(lit.index) for lit in builder.joined[i].values()),
            }
            for i in range(len(builder.problem.tasks))
        ]
        for nodes in builder.nodes:
            for n in nodes:
                if n.task is not None and n.present is not None:
                    self.own[n.task].add(_variable(n.present.index))
        self.owned = np.zeros(variables, dtype=bool)
        self.owned[sorted(set().union(*self.own))] = True

    def changing(self, free: Iterable[int]) -> NDArray[np.bool_]:
        """Which variables may change when the tasks ``free`` are freed."""
        changing = np.zeros(len(self.owned), dtype=bool)
        changing[sorted({v for i in free for v in self.own[i]})] = True
        frontier = changing.copy()
        for _ in range(REACH):
            frontier = self.small.named(self.small.naming(frontier)) & ~changing & ~self.owned
            changing |= frontier
        return changing

    def model(self, free: set[int], values: list[int]) -> tuple[cp_model.CpModel, set[int]]:
        """The model of the plan ``values`` with the tasks ``free`` freed, maximising the
        summed priority from the plan, hinted; and the variables that may change
        (``merge`` puts its solution back into the plan).

        The plan is a solution of it: CP-SAT takes the hint as its first solution and
        keeps any better one it finds in the time. Asked for more than the plan's value
        instead, a large neighbourhood gave nothing unless solved to the end: the 55
        neighbourhoods of one run on a 400-request brief, each solved again with 3 s, took
        43 s so and 57 s that way; of the six that ran out of time that way, one ended
        26 points over its plan so (1 that way) and one 14, proven in 1.2 s (6 that way)."""
        may_change = self.changing(free)
        changing = set(np.flatnonzero(may_change).tolist())
        kept = self.incidence.naming(may_change)
        for j in self.no_overlaps[kept[self.no_overlaps]].tolist():
            kept[self.intervals[j]] = True  # (its intervals name its variables)
        plan = np.asarray(values, dtype=np.int64)
        literals = self.enforcement.flat
        held = may_change[literals] | (plan[literals] == self.wanted)
        kept[self.enforcement.owner[~held]] = False  # not enforced, whatever may change
        order = np.flatnonzero(kept).tolist()
        place = {j: k for k, j in enumerate(order)}
        part = self.variables.clone()
        proto = part.proto
        for j in order:
            proto.constraints.append(self.constraints[j])
        for j, inner in self.intervals.items():
            if j in place:  # the intervals it names, renumbered (an absent one is left out)
                target = proto.constraints[place[j]].no_overlap.intervals
                target.clear()
                target.extend(place[k] for k in inner if k in place)
        for v in np.flatnonzero(self.incidence.named(kept) & ~may_change).tolist():
            domain = proto.variables[v].domain
            domain.clear()
            domain.extend((values[v], values[v]))
        tasks = self.builder.problem.tasks
        present = self.builder.present
        fixed = sum(t.value * values[present[i].index] for i, t in enumerate(tasks))
        fixed -= sum(tasks[i].value * values[present[i].index] for i in free)
        gained = sum(tasks[i].value * present[i] for i in sorted(free) if tasks[i].value)
        part.maximize(gained + fixed)
        proto.solution_hint.vars.extend(range(len(values)))
        proto.solution_hint.values.extend(values)
        return part, changing


class _Incidence:
    """Which variables each constraint names, as flat arrays (``flat``: the variables,
    one constraint after the other; ``owner``: the constraint of each), so that a
    neighbourhood's variables and constraints are found with array operations: with
    Python loops over sets, a neighbourhood's model of a 400-request brief took 0.14 s
    to build, 0.047 s so (the same models)."""

    def __init__(self, names: list[list[int]], variables: int) -> None:
        self.flat = np.array([v for named in names for v in named], dtype=np.int64)
        self.owner = np.repeat(np.arange(len(names)), [len(named) for named in names])
        self.constraints = len(names)
        self.variables = variables

    def naming(self, variables: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """Which constraints name at least one of ``variables`` (a flag per variable)."""
        naming = np.zeros(self.constraints, dtype=bool)
        naming[self.owner[variables[self.flat]]] = True
        return naming

    def named(self, constraints: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """Which variables ``constraints`` name (a flag per constraint)."""
        named = np.zeros(self.variables, dtype=bool)
        named[self.flat[constraints[self.owner]]] = True
        return named


def merge(values: list[int], found: list[int], changing: set[int]) -> list[int]:
    """The plan ``values`` with the variables ``changing`` as in a neighbourhood's
    solution ``found`` (the others are left unconstrained there, so read from the plan)."""
    return [found[v] if v in changing else value for v, value in enumerate(values)]


def _variable(literal: int) -> int:
    """The variable a literal's index names (a negated literal: -index - 1)."""
    return literal if literal >= 0 else -literal - 1


def _readable(model: cp_model.CpModel) -> cp_model_pb2.CpModelProto:
    """The model as a Python protocol buffer: read through the wrapper of the C++ one,
    each field is a call into C++, and setting up took 2.0 s for the 100 000 constraints
    of a 400-request brief; written to a file and parsed back, 0.06 s. Raises OSError if
    there is no temporary folder to write to."""
    readable = cp_model_pb2.CpModelProto()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.pb"
        if not model.export_to_file(str(path)):
            raise OSError(f"could not write {path}")
        readable.ParseFromString(path.read_bytes())
    return readable


def _variables(c: cp_model_pb2.ConstraintProto) -> list[int]:
    """The variables a constraint of the pairs model names, enforcement included."""
    kind = c.WhichOneof("constraint")
    if kind == "linear":
        named = list(c.linear.vars)
    elif kind in ("bool_and", "bool_or", "at_most_one", "exactly_one"):
        named = list(getattr(c, kind).literals)
    elif kind == "interval":
        i = c.interval
        named = [*i.start.vars, *i.end.vars, *i.size.vars]
    else:
        raise RuntimeError(f"internal error: a constraint neighbourhoods do not know: {c}")
    return sorted({_variable(v) for v in (*c.enforcement_literal, *named)})
