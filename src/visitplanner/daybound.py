"""A bound on the summed priority from the days apart: logic-based Benders by day.

Where the pairs are exact (``pairs.exact``), a plan's days are independent once each
task has its day: the nights pin travellers to their hotels, lunches and the daily limit
are per day; and, a lunch counted as taken nowhere (``_day_model``), leaving a meeting
out never makes a day impossible (the triangle inequality holds, no place bridges two
others). So a *master* chooses a day for each task (and an option for each flight),
under what a day can hold whatever the order (each person's count of meetings, their
minutes end to end in the span their possible times cover), and each day's own model
then checks the meetings it was given, with their ``present`` literals as assumptions:
a day that cannot hold them returns a set that cannot all be there, and the master is
told so (a *cut*) before it chooses again. The master's optimum bounds every plan's
priority, more tightly with each round: on the generated 400-request brief 4, 7604
after 60 s on one core against 7739 for the whole model's bound (a plan of 7542 is
known); in the solver with two workers, the six 400-request briefs end 0.1-1.9 % from
it at 60 s (docs/benchmarks.md). Run beside the search on a core of its own
(``_priorities`` with two or more workers); ``solver.BoundWithoutTravel`` where the
pairs are not exact.
"""

from __future__ import annotations

import dataclasses
import time as wallclock
from collections import defaultdict
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from visitplanner.background import BackgroundBound
from visitplanner.intervals import intersect
from visitplanner.problem import Problem, Task

if TYPE_CHECKING:
    from visitplanner.solver import ModelBuilder

CHECK_SECONDS = 2.0  # per check of a day; a check that runs out adds no cut
CORES_PER_DAY = 6  # sets cut per day and round: each found, its least valued task goes


def can_bound(problem: Problem) -> bool:
    """Whether the days of ``problem`` hold every task that has a value, and nothing
    ties one day to another but what the master knows (no previous plan's placements);
    the caller has checked that the pairs are exact."""
    if not problem.days or any(t.previous is not None for t in problem.tasks):
        return False
    days = tuple((lo, hi - 1) for lo, hi in problem.days)
    for task in problem.tasks:
        for option in task.options:
            allowed = option.allowed_starts()
            inside = sum(b - a + 1 for a, b in intersect(allowed, days))
            if inside != sum(b - a + 1 for a, b in allowed):
                return False  # a start outside every day: the master would not see it
    return True


class DayBound(BackgroundBound):
    """The master's bound, improved round after round in a thread of its own until
    ``until`` (a ``time.monotonic()``) or ``stop``."""

    name = "by day"

    def __init__(self, problem: Problem, seed: int, until: float) -> None:
        super().__init__()
        self._problem = problem
        self._seed = seed
        self._until = until
        self.start()

    def _solve(
        self, model: cp_model.CpModel, seconds: float, presolve: bool = True
    ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self._seed
        solver.parameters.cp_model_presolve = presolve
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        return self.solve(solver, model), solver

    def _left(self) -> float:
        return self._until - wallclock.monotonic()

    def search(self) -> None:
        self._rounds()

    def _rounds(self) -> None:
        problem = self._problem
        master, x = _master(problem)
        options = _option_literals(problem, master)
        tried: set[tuple[int, int]] = set()
        while not self.stopping() and self._left() > 0:
            code, solver = self._solve(master, self._left())
            if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return
            found = round(solver.best_objective_bound)
            self.bound = found if self.bound is None else min(self.bound, found)
            chosen = {i: d for (i, d), v in x.items() if solver.value(v)}
            master.clear_hints()  # type: ignore[no-untyped-call]
            for v in x.values():
                master.add_hint(v, solver.value(v))
            cuts = 0
            for i, d in chosen.items():  # each meeting with the options it can go with
                if (i, d) not in tried and not problem.tasks[i].required:
                    tried.add((i, d))
                    for f, fits in self._options_beside(i, d, options):
                        master.add(x[i, d] <= sum(options[f][k] for k in fits))
                        cuts += 1
            for d in range(len(problem.days)):
                given = {
                    i for i, day in chosen.items() if day == d and not problem.tasks[i].required
                }
                for core in self._cores(d, given):
                    master.add(sum(x[i, d] for i in core) <= len(core) - 1)
                    cuts += 1
            if cuts == 0 and code == cp_model.OPTIMAL and not self.stopping():
                self.bound = min(self.bound, round(solver.objective_value))
                return  # no day refused what it was given: no cut left to find

    def _options_beside(
        self, i: int, d: int, options: dict[int, list[cp_model.IntVar]]
    ) -> list[tuple[int, list[int]]]:
        """For each required task of day ``d`` with several options (the group flight
        at 07:00, 15:00 or 19:00) that shares a person with task ``i``, the options that
        ``i`` can go with that day, where some cannot: most of the sets a day cannot hold
        were an Astana meeting and an Almaty one that need different flights."""
        problem = self._problem
        lo, hi = problem.days[d]
        people = set(problem.tasks[i].attendees)
        found: list[tuple[int, list[int]]] = []
        for f in options:
            task = problem.tasks[f]
            today = all(
                intersect(s, ((lo, hi - 1),)) == s
                for s in (o.allowed_starts() for o in task.options)
            )
            if not today or not people & set(task.attendees):
                continue
            builder, position = _day_model(problem, d, {i})
            fits = []
            for k in range(len(task.options)):
                if self.stopping() or self._left() <= 0:
                    return found
                builder.model.clear_assumptions()
                builder.model.add_assumptions(
                    [builder.present[position[i]], builder.chosen[position[f]][k]]
                )
                code, _ = self._solve(builder.model, min(CHECK_SECONDS, self._left()), False)
                if code != cp_model.INFEASIBLE:
                    fits.append(k)
            if len(fits) < len(task.options):
                found.append((f, fits))
        return found

    def _cores(self, d: int, given: set[int]) -> list[list[int]]:
        """Sets of ``given`` that day ``d`` cannot all hold: each found, its least valued
        task is set aside and the day checked again."""
        if not given:
            return []
        builder, position = _day_model(self._problem, d, given)
        present = {i: builder.present[position[i]] for i in given}
        model = builder.model
        left = set(given)
        found: list[list[int]] = []
        for _ in range(CORES_PER_DAY):
            if self.stopping() or self._left() <= 0:
                break
            model.clear_assumptions()
            model.add_assumptions([present[i] for i in left])
            model.add_assumptions([present[i].Not() for i in given - left])
            code, solver = self._solve(model, min(CHECK_SECONDS, self._left()), presolve=False)
            if code != cp_model.INFEASIBLE:
                break
            names = {present[i].index: i for i in left}
            core = [
                names[v] for v in solver.sufficient_assumptions_for_infeasibility() if v in names
            ]
            if not core:
                break
            found.append(core)
            left.discard(min(core, key=lambda i: self._problem.tasks[i].value))
        return found


def _master(problem: Problem) -> tuple[cp_model.CpModel, dict[tuple[int, int], cp_model.IntVar]]:
    """The day each task takes, and what a day holds whatever the order: each person's
    count of counted tasks (``max_per_day``), and their tasks end to end, buffers
    included, within the span their possible times cover that day and within every span
    one of them covers (rule 1: a person's items never overlap)."""
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    loads: dict[tuple[int, int], list[tuple[cp_model.IntVar, int, int, int, bool, bool]]] = (
        defaultdict(list)
    )
    for i, task in enumerate(problem.tasks):
        for d, (lo, hi) in enumerate(problem.days):
            spans = [
                (today[0][0], today[-1][1] + o.duration, o.duration)
                for o in task.options
                if (today := intersect(o.allowed_starts(), ((lo, hi - 1),)))
            ]
            if not spans:
                continue
            lit = x[i, d] = model.new_bool_var(f"day[{task.id},{d}]")
            first, last = min(s[0] for s in spans), max(s[1] for s in spans)
            shortest = min(s[2] for s in spans)
            for r in task.attendees:
                loads[r, d].append(
                    (lit, shortest, first, last, task.counts_per_day, task.transparent)
                )
    for i, task in enumerate(problem.tasks):
        days = [x[i, d] for d in range(len(problem.days)) if (i, d) in x]
        if task.required:
            model.add(sum(days) == 1)
        else:
            model.add(sum(days) <= 1)
    buffer = problem.buffer
    for items in loads.values():
        counted = [it[0] for it in items if it[4]]
        if problem.max_per_day is not None and len(counted) > problem.max_per_day:
            model.add(sum(counted) <= problem.max_per_day)
        first, last = min(it[2] for it in items), max(it[3] for it in items)
        model.add(sum(it[1] * it[0] for it in items) <= last - first)
        placed = [it for it in items if not it[5]]  # (a lunch needs no buffer of its own)
        if placed:
            model.add(sum((it[1] + buffer) * it[0] for it in placed) <= last - first + buffer)
        for a, b in sorted({(it[2], it[3]) for it in items}):
            inside = [it for it in items if a <= it[2] and it[3] <= b]
            if len(inside) > 1 and sum(it[1] for it in inside) > b - a:
                model.add(sum(it[1] * it[0] for it in inside) <= b - a)
    model.maximize(sum(problem.tasks[i].value * lit for (i, _), lit in x.items()))
    return model, x


def _day_model(problem: Problem, d: int, given: set[int]) -> tuple[ModelBuilder, dict[int, int]]:
    """Day ``d``'s own model: the tasks ``given`` (optional, each kept to the day), the
    required tasks that can only be that day, and, optional, those that may be; a
    relaxation of the real day in which leaving a task out never makes the day
    impossible, so that a set it cannot hold is one no plan holds on that day. Hence the
    lunch with no place of its own: the real one is taken where the item before it
    ended, and a morning meeting at the afternoon's venue saved a journey (a first
    version cut a generated 50-request brief's optimum, 1758, to 1704). With the
    model, each task's position in it."""
    from visitplanner.solver import ModelBuilder

    lo, hi = problem.days[d]
    day = ((lo, hi - 1),)
    tasks: list[Task] = []
    position: dict[int, int] = {}
    for i, task in enumerate(problem.tasks):
        starts = [o.allowed_starts() for o in task.options]
        today = any(intersect(s, day) for s in starts)
        if task.required and today:
            only = all(intersect(s, day) == s for s in starts)
            if task.transparent:  # a lunch anywhere, travel as if it were not there
                task = dataclasses.replace(task, transparent=False)
            position[i] = len(tasks)
            tasks.append(task if only else dataclasses.replace(task, required=False, value=0))
        elif i in given:
            options = tuple(
                dataclasses.replace(o, starts={**o.starts, "day": day}) for o in task.options
            )
            position[i] = len(tasks)
            tasks.append(dataclasses.replace(task, options=options, required=False, value=0))
    sub = dataclasses.replace(problem, tasks=tuple(tasks), precedences=())
    builder = ModelBuilder(sub, travel="pairs").build()
    return builder, position


def _option_literals(
    problem: Problem, master: cp_model.CpModel
) -> dict[int, list[cp_model.IntVar]]:
    """For each required task with several options, a literal per option in the
    master, one of them true: the plan takes one flight, whichever days it serves."""
    literals = {}
    for f, task in enumerate(problem.tasks):
        if task.required and len(task.options) > 1:
            literals[f] = [
                master.new_bool_var(f"option[{task.id},{k}]") for k in range(len(task.options))
            ]
            master.add_exactly_one(literals[f])
    return literals
