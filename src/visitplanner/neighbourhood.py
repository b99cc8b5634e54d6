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
        self.names: list[list[int]] = []  # constraint -> the variables it names
        self.enforced: dict[int, list[int]] = {}  # constraint -> its enforcement literals
        self.intervals: dict[int, list[int]] = {}  # no-overlap -> its interval constraints
        self.users: list[list[int]] = [[] for _ in proto.variables]  # variable -> constraints
        self.near: list[list[int]] = [[] for _ in proto.variables]  # ... of at most SMALL
        for j, c in enumerate(proto.constraints):
            if c.HasField("no_overlap"):  # it names its intervals' variables through them
                self.intervals[j] = list(c.no_overlap.intervals)
                names = sorted({v for k in self.intervals[j] for v in self.names[k]})
            else:
                names = _variables(c)
            if c.enforcement_literal:
                self.enforced[j] = list(c.enforcement_literal)
            self.names.append(names)
            for v in names:
                self.users[v].append(j)
                if len(names) <= SMALL:
                    self.near[v].append(j)
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
        self.owned = set().union(*self.own)

    def changing(self, free: Iterable[int]) -> set[int]:
        """The variables that may change when the tasks ``free`` are freed."""
        changing = {v for i in free for v in self.own[i]}
        frontier = changing
        for _ in range(REACH):
            frontier = {
                w
                for v in frontier
                for j in self.near[v]
                for w in self.names[j]
                if w not in changing and w not in self.owned
            }
            changing |= frontier
        return changing

    def model(
        self, free: set[int], values: list[int], best: int
    ) -> tuple[cp_model.CpModel, set[int]]:
        """The model of the plan ``values`` with the tasks ``free`` freed, maximising the
        summed priority and looking for more than ``best``; and the variables that may
        change (``merge`` puts its solution back into the plan)."""
        changing = self.changing(free)
        kept = {j for v in changing for j in self.users[v]}
        kept.update(k for j in list(kept) for k in self.intervals.get(j, ()))
        order = sorted(
            j
            for j in kept
            if all(_may_hold(lit, values, changing) for lit in self.enforced.get(j, ()))
        )
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
        for v in {v for j in order for v in self.names[j]} - changing:
            domain = proto.variables[v].domain
            domain.clear()
            domain.extend((values[v], values[v]))
        tasks = self.builder.problem.tasks
        present = self.builder.present
        fixed = sum(t.value * values[present[i].index] for i, t in enumerate(tasks))
        fixed -= sum(tasks[i].value * values[present[i].index] for i in free)
        gained = sum(tasks[i].value * present[i] for i in sorted(free) if tasks[i].value)
        part.add(gained >= best + 1 - fixed)
        part.maximize(gained + fixed)
        proto.solution_hint.vars.extend(range(len(values)))
        proto.solution_hint.values.extend(values)
        return part, changing


def merge(values: list[int], found: list[int], changing: set[int]) -> list[int]:
    """The plan ``values`` with the variables ``changing`` as in a neighbourhood's
    solution ``found`` (the others are left unconstrained there, so read from the plan)."""
    return [found[v] if v in changing else value for v, value in enumerate(values)]


def _variable(literal: int) -> int:
    """The variable a literal's index names (a negated literal: -index - 1)."""
    return literal if literal >= 0 else -literal - 1


def _may_hold(literal: int, values: list[int], changing: set[int]) -> bool:
    """Whether an enforcement literal may be true: it may change, or is true in the plan."""
    v = _variable(literal)
    return v in changing or values[v] == (literal >= 0)


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
