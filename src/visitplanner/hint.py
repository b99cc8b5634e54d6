"""A first solution for CP-SAT to start from: insertion by value, then iterated local search.

A resource's route is cut by its anchors into *segments* (before the first anchor,
between two consecutive ones, after the last). The heuristic places only tasks that one
resource attends alone, at a place, with no ``after`` order and no optional attendee
(no lunch): the required ones first, then, while any fits, the one with the best
value^2 / extra time at its cheapest position. Then it repeatedly takes a run of tasks
out of every segment and fills again (the ILS of Vansteenwegen et al., C&OR 36 (2009)
3281), moves single tasks where they cut travel and fills once more, then goes on from
the result when it is better, or worse within the annealing's tolerance, else from the
solution before; fills rank tasks with seeded noise (``ils.py``). A few such searches
with their own seeds share the work; the best is the hint. Work is counted in checks,
not seconds, so a seed gives the same hint on every machine. When some task is out of
its reach (a lunch, a meeting of several people), ``timetable.py`` builds the hint
instead.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from visitplanner.ils import Shakes, insertion_rank
from visitplanner.intervals import Intervals, intersect, normalize, size
from visitplanner.timetable import timetable_routes

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from visitplanner.solver import ModelBuilder, _Node

NEVER = -(1 << 60)
UNREACHABLE = 1 << 40  # the travel time of a leg that has none
STALE_ROUNDS = 1000  # rounds without a better solution before the search gives up
# Checks (tasks x positions) from which ``cheapest_insertions`` pays numpy's overhead.
# CPU seconds for 2 million checks, best of three, loop only / from 1 500 / from 4 000:
# pr19 one route 0.53 / 0.35 / 0.41, pr06 three routes 0.81 / 0.46 / 0.42; c101 0.59 /
# 0.72 / 0.74, r201 0.59 / 1.15 / 0.54 (narrow windows: the loop skips most positions;
# runs vary by 30 % on this machine)
VECTOR_CHECKS = 4000


def _gap(
    travel: tuple[tuple[int | None, ...], ...], buffer: int, a: int | None, b: int | None
) -> int | None:
    """Travel and buffer from place a to place b (``Problem.travel_between`` inlined)."""
    if a is None or b is None:
        return buffer
    minutes = travel[a][b]
    return None if minutes is None else minutes + buffer


def _first_start(allowed: Intervals, ready: int) -> tuple[int, int] | None:
    """The first allowed start at or after ``ready``, and the end of its interval."""
    for lo, hi in allowed:
        if ready <= hi:
            return max(lo, ready), hi
    return None


@dataclass
class _Segment:
    """One resource's tasks between two anchors, in order, with their earliest starts,
    how long each waits, and how far each may slip without breaking what follows."""

    b: ModelBuilder
    r: int
    head: int | None  # the anchor node before (None: the free depot)
    tail: int | None  # the anchor node after
    tasks: list[int] = field(default_factory=list)
    # Node -> its allowed starts between head and tail (one interval where the raw ones
    # hold one per day), shared by the segment's trial copies
    within: dict[int, Intervals] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.update()

    def node(self, k: int) -> _Node:
        return self.b.nodes[self.r][k]

    def task(self, k: int) -> int:
        t = self.node(k).task
        assert t is not None, "an anchor has no task"
        return t

    def allowed(self, k: int) -> Intervals:
        """Node k's allowed starts between the anchors: a start outside could never
        keep them."""
        found = self.within.get(k)
        if found is None:
            n = self.node(k)
            if n.task is None or n.option is None:
                found = ((n.earliest, n.earliest),)
            else:
                lo = NEVER if self.head is None else self.node(self.head).earliest
                hi = -NEVER if self.tail is None else self.node(self.tail).earliest
                found = intersect(self.b.allowed[n.task][n.option], ((lo, hi),))
            self.within[k] = found
        return found

    def may_hold(self, k: int) -> bool:
        return bool(self.allowed(k))

    @property
    def sequence(self) -> list[int]:
        return [k for k in (self.head, *self.tasks, self.tail) if k is not None]

    def update(self) -> bool:
        """Recompute starts, waits and slips; False if the sequence is infeasible."""
        self.feasible = self._schedule()
        return self.feasible

    def _schedule(self) -> bool:
        seq = self.sequence
        nodes = self.b.nodes[self.r]
        travel, buffer = self.b.problem.travel, self.b.problem.buffer
        self.start: list[int] = []
        self.wait: list[int] = []
        latest: list[int] = []
        previous: _Node | None = None
        for k in seq:
            node = nodes[k]
            ready = NEVER
            if previous is not None:
                gap = _gap(travel, buffer, previous.finish, node.begin)
                if gap is None:
                    return False
                ready = self.start[-1] + previous.duration + gap
            found = _first_start(self.allowed(k), ready)
            if found is None:
                return False
            self.start.append(found[0])
            self.wait.append(found[0] - ready if previous is not None else 0)
            latest.append(found[1])
            previous = node
        self.ends = [start + nodes[k].duration for start, k in zip(self.start, seq, strict=True)]
        self.begins = [nodes[k].begin for k in seq]
        self.finishes = [nodes[k].finish for k in seq]
        self.slip = [0] * len(seq)
        for i in range(len(seq) - 1, -1, -1):
            self.slip[i] = latest[i] - self.start[i]
            if i + 1 < len(seq):
                self.slip[i] = min(self.slip[i], self.wait[i + 1] + self.slip[i + 1])
        self.latest_start = [at + slip for at, slip in zip(self.start, self.slip, strict=True)]
        return True

    def cheapest_insertion(self, k: int) -> tuple[int, int] | None:
        """(extra time, index in ``tasks``) of the cheapest feasible insertion of k."""
        if not self.feasible:  # e.g. two anchors in different cities: try every place
            return next(((0, i) for i in range(len(self.tasks) + 1) if self._fits(k, i)), None)
        # The inner loop of the heuristic: plain lists and local names, ``_gap`` and
        # ``_first_start`` inlined
        first = 0 if self.head is None else 1
        last = first + len(self.tasks)  # the last position: before the tail, or at the end
        new = self.node(k)
        duration, begin, finish = new.duration, new.begin, new.finish
        allowed = self.allowed(k)
        earliest, latest = allowed[0][0], allowed[-1][1]
        single = len(allowed) == 1
        travel, buffer = self.b.problem.travel, self.b.problem.buffer
        onward = None if finish is None else travel[finish]
        start, wait, slip, ends = self.start, self.wait, self.slip, self.ends
        begins, finishes = self.begins, self.finishes
        count = len(start)
        # Before the node at ``pos`` the new one ends, with the buffer, no sooner than
        # earliest + duration + buffer: positions whose node must start before that are
        # out (``latest_start`` never decreases along the sequence)
        pos = bisect_left(
            self.latest_start, earliest + duration + buffer, first, min(last + 1, count)
        )
        best: tuple[int, int] | None = None
        while pos <= last:
            if pos:
                before = ends[pos - 1]
                if before + buffer > latest:
                    break  # ends never decrease: no later position either
                place = finishes[pos - 1]
                if place is None or begin is None:
                    ready = before + buffer
                else:
                    minutes = travel[place][begin]
                    if minutes is None:
                        pos += 1
                        continue
                    ready = before + minutes + buffer
            else:
                ready = NEVER
            if single:
                if ready > latest:
                    pos += 1
                    continue
                at = earliest if ready < earliest else ready
            else:
                found = _first_start(allowed, ready)
                if found is None:
                    pos += 1
                    continue
                at = found[0]
            end = at + duration
            if pos < count:  # the next node may start later by its slip at most
                following = begins[pos]
                if onward is None or following is None:
                    gap_out = buffer
                else:
                    minutes = onward[following]
                    if minutes is None:
                        pos += 1
                        continue
                    gap_out = minutes + buffer
                if end + gap_out - start[pos] > slip[pos]:
                    pos += 1
                    continue
                cost = end + gap_out - (start[pos] - wait[pos] if pos else at)
            elif pos:
                cost = end - ends[pos - 1]
            else:  # the only node of a resource without anchors
                cost = duration
            if best is None or cost < best[0]:
                best = (cost, pos - first)
            pos += 1
        return best

    def cheapest_insertions(
        self, ks: list[int], travel: NDArray[np.int64]
    ) -> list[tuple[int, int] | None]:
        """``cheapest_insertion`` of each of ``ks``, the same answers, worked out for all
        of them at once over every position with numpy (``travel``: the problem's travel
        times, ``UNREACHABLE`` where there is no journey): a fill of a long route asks
        for hundreds after each insertion, and the loop above took most of its time."""
        single = [k for k in ks if len(self.allowed(k)) == 1]
        if not self.feasible or len(single) * (len(self.tasks) + 1) < VECTOR_CHECKS:
            return [self.cheapest_insertion(k) for k in ks]
        first = 0 if self.head is None else 1
        last = first + len(self.tasks)
        count = len(self.start)
        buffer = self.b.problem.buffer
        nodes = [self.node(k) for k in single]
        duration = np.array([n.duration for n in nodes], dtype=np.int64)
        begin = np.array([n.begin for n in nodes], dtype=np.int64)
        finish = np.array([n.finish for n in nodes], dtype=np.int64)
        earliest = np.array([self.allowed(k)[0][0] for k in single], dtype=np.int64)
        latest = np.array([self.allowed(k)[0][1] for k in single], dtype=np.int64)
        positions = np.arange(first, last + 1)
        # Ready at each position (rows) for each task (columns): after the node before,
        # its travel and the buffer; anywhere at the very start of a route with no head
        ready = np.full((len(positions), len(single)), NEVER, dtype=np.int64)
        for row, pos in enumerate(positions):
            if pos:
                place = self.finishes[pos - 1]
                leg = 0 if place is None else travel[place, begin]
                ready[row] = self.ends[pos - 1] + leg + buffer
        at = np.maximum(ready, earliest)
        end = at + duration
        ok = at <= latest
        cost = np.zeros_like(end)
        for row, pos in enumerate(positions):
            if pos < count:  # the next node may start later by its slip at most
                following = self.begins[pos]
                out = end[row] + buffer + (0 if following is None else travel[finish, following])
                ok[row] &= out - self.start[pos] <= self.slip[pos]
                cost[row] = out - (self.start[pos] - self.wait[pos] if pos else at[row])
            else:  # after the last node; or the only node of a route without anchors
                cost[row] = end[row] - self.ends[pos - 1] if pos else duration
        cost = np.where(ok, cost, UNREACHABLE)
        best = cost.argmin(axis=0)  # the first position of the least cost, as above
        found = {
            k: (int(cost[row, col]), int(positions[row]) - first)
            if cost[row, col] < UNREACHABLE
            else None
            for col, (k, row) in enumerate(zip(single, best, strict=True))
        }
        return [found[k] if k in found else self.cheapest_insertion(k) for k in ks]

    def shorten(self) -> int:
        """Move single tasks elsewhere in the segment while that cuts travel and keeps
        every window (or-opt): room for more. Returns the work, in checks."""
        checks = 0
        while self.feasible:
            moved, tried = self._move_one()
            checks += tried
            if not moved:
                break
        return checks

    def _move_one(self) -> tuple[bool, int]:
        """The first move of one task that cuts travel and keeps every window, made."""
        seq = self.sequence
        first = 0 if self.head is None else 1
        last = len(seq) - (0 if self.tail is None else 1)  # the tasks are seq[first:last]
        travel, buffer = self.b.problem.travel, self.b.problem.buffer
        finishes, begins, size = self.finishes, self.begins, len(seq)

        def leg(i: int, j: int) -> int:  # from seq[i] to seq[j]; nothing past either end
            if i < 0 or j >= size:
                return 0
            found = _gap(travel, buffer, finishes[i], begins[j])
            return UNREACHABLE if found is None else found

        into = [leg(j - 1, j) for j in range(size + 1)]  # the leg that ends at seq[j]
        checks = 0
        for i in range(first, last):
            saved = into[i] + into[i + 1] - leg(i - 1, i + 1)
            for j in range(first, last + 1):  # seq[i] just before seq[j]
                if j in (i, i + 1):
                    continue
                checks += 1
                if leg(j - 1, i) + leg(i, j) - into[j] >= saved:
                    continue
                tasks = [k for k in seq[first:last] if k != seq[i]]
                tasks.insert(j - first - (j > i), seq[i])
                checks += len(tasks)
                if _Segment(self.b, self.r, self.head, self.tail, tasks, self.within).feasible:
                    self.tasks = tasks
                    self.update()
                    return True, checks
        return False, checks

    def _fits(self, k: int, index: int) -> bool:
        tasks = [*self.tasks[:index], k, *self.tasks[index:]]
        return _Segment(self.b, self.r, self.head, self.tail, tasks, self.within).feasible


def _movable(b: ModelBuilder, r: int, k: int) -> bool:
    n = b.nodes[r][k]
    if n.task is None:
        return False
    task = b.problem.tasks[n.task]
    ordered = any(n.task in (p.before, p.after) for p in b.problem.precedences)
    return not (
        task.transparent
        or task.attendees != (r,)
        or task.optional_attendees
        or ordered
        or n.begin is None
        or n.finish is None
    )


Routes = list[list[tuple[int, int]]]  # per resource, its (node, start) in time order


def _most_that_fits(b: ModelBuilder, entries: list[tuple[int, int, int, int, int]]) -> int:
    """At most what any plan keeps: the tasks best value per minute first, as many as the
    minutes fit in which some task could take place on each resource, the last in part
    (a fractional knapsack; travel, buffers and anchors only take more). A search that
    reaches it stops: 66 half-hour meetings of one person over three 9-hour days fit 54
    at most, which the first fill finds, and the search went on through its whole budget
    (6 of a 10 s limit), leaving CP-SAT too little on a loaded machine."""
    minutes: dict[int, int] = {}  # task -> its shortest option
    spans: dict[int, list[tuple[int, int]]] = {}  # resource -> where its tasks could be
    for r, k, _, t, _ in entries:
        node = b.nodes[r][k]
        assert node.option is not None
        minutes[t] = min(minutes.get(t, node.duration), node.duration)
        spans.setdefault(r, []).extend(
            (lo, hi + node.duration - 1)
            for lo, hi in b.allowed[t][node.option]  # its minutes
        )
    room = sum(size(normalize(found)) for found in spans.values())
    most = 0.0
    tasks = b.problem.tasks
    for t in sorted(minutes, key=lambda t: (-tasks[t].value / minutes[t], t)):
        taken = min(minutes[t], room)
        most += tasks[t].value * taken / minutes[t]
        room -= taken
        if room <= 0:
            break
    return min(math.floor(most + 1e-9), sum(task.value for task in tasks))


def heuristic_routes(
    b: ModelBuilder, budget: int, seed: int, deadline: float = math.inf
) -> tuple[Routes, int] | None:
    """Per resource, its ``(node, start)`` in time order (anchors included), and the
    checks spent; or None.

    Up to ``RESTARTS`` independent searches share the budget, each with its own seed and
    at least ``SEARCH_WORK`` checks if the budget has them; the best is kept. Seeds
    spread single searches widely, so the best of several beats one search given all
    the work (docs/benchmarks.md). No search starts or goes on after ``deadline`` (a
    ``time.monotonic()``): a safety net for a slow or loaded machine, or a problem whose
    checks are slow (TOPTW with 19 routes), where the time limit matters more than a
    reproducible hint; normally the work runs out well before.
    """
    share = max(budget // RESTARTS, min(budget, SEARCH_WORK))
    spent, best = 0, None
    for i in range(RESTARTS):
        if i and time.monotonic() > deadline:
            break
        found = _search(b, min(share, budget - spent), seed * RESTARTS + i, deadline)
        if found is None:
            return None  # a task out of reach, or a required one that fits nowhere: any seed
        score, routes, work = found
        if best is None or score > best[0]:
            best = (score, routes)
        spent += work
        if spent >= budget:
            break
    return (best[1], spent) if best else None


def _search(
    b: ModelBuilder, budget: int, seed: int, deadline: float = math.inf
) -> tuple[int, Routes, int] | None:
    """One iterated local search: (score, routes, work) or None; no round starts after
    ``deadline``."""
    problem = b.problem
    segments: list[list[_Segment]] = []
    for r, nodes in enumerate(b.nodes):
        anchors = sorted(
            (k for k, n in enumerate(nodes) if n.task is None), key=lambda k: nodes[k].earliest
        )
        segments.append([_Segment(b, r, h, t) for h, t in pairwise([None, *anchors, None])])
    entries = [  # (resource, node, segment, task, its value) for every place a task may go
        (r, k, j, t, problem.tasks[t].value)
        for r, nodes in enumerate(b.nodes)
        for k in range(len(nodes))
        if _movable(b, r, k) and (t := nodes[k].task) is not None
        for j, segment in enumerate(segments[r])
        if segment.may_hold(k)
    ]
    required = {i for i, task in enumerate(problem.tasks) if task.required}
    if set(range(len(problem.tasks))) - {entry[3] for entry in entries}:
        return None  # some task is out of reach: the timetable heuristic's case
    work = 0
    cheapest: dict[tuple[int, int, int], tuple[int, int] | None] = {}
    travel = np.array(
        [[UNREACHABLE if t is None else t for t in row] for row in problem.travel],
        dtype=np.int64,
    ).reshape(len(problem.travel), len(problem.travel))

    def changed(r: int, j: int) -> None:
        for key in [key for key in cheapest if key[0] == r and key[2] == j]:
            del cheapest[key]

    def fill(used: set[int], only_required: bool) -> None:
        nonlocal work
        open_places = [
            (r, k, j, t, value)
            for r, k, j, t, value in entries
            if t not in used and (t in required or not only_required)
        ]
        while True:
            missing: dict[tuple[int, int], list[int]] = {}  # segment -> tasks to work out
            for r, k, j, _, _ in open_places:
                if (r, k, j) not in cheapest:
                    missing.setdefault((r, j), []).append(k)
            for (r, j), ks in missing.items():
                segment = segments[r][j]
                for k, found in zip(ks, segment.cheapest_insertions(ks, travel), strict=True):
                    cheapest[r, k, j] = found
                work += len(ks) * (len(segment.tasks) + 1)
            best: tuple[float, int, int, int, int] | None = None
            for r, k, j, _, value in open_places:
                found = cheapest[r, k, j]
                if found is None:
                    continue
                rank = -found[0] if only_required else insertion_rank(value, found[0], shakes.rng)
                if best is None or rank > best[0]:
                    best = (rank, r, k, j, found[1])
            if best is None:
                return
            _, r, k, j, index = best
            segment = segments[r][j]
            segment.tasks.insert(index, k)
            if segment.update():
                t = segment.task(k)
                used.add(t)
                open_places = [place for place in open_places if place[3] != t]
                changed(r, j)
            else:  # cannot happen if the slip test is right; never loop on it
                segment.tasks.pop(index)
                segment.update()
                cheapest[r, k, j] = None

    def shorten() -> bool:
        """Cut every segment's travel; whether any changed."""
        nonlocal work
        moved = False
        for r, per_resource in enumerate(segments):
            for j, segment in enumerate(per_resource):
                before = list(segment.tasks)
                work += segment.shorten()
                if segment.tasks != before:
                    changed(r, j)
                    moved = True
        return moved

    def snapshot() -> tuple[int, list[list[list[int]]]]:
        score = sum(
            problem.tasks[s.task(k)].value
            for per_resource in segments
            for s in per_resource
            for k in s.tasks
        )
        return score, [[list(s.tasks) for s in per_resource] for per_resource in segments]

    def restore(to: list[list[list[int]]]) -> None:
        used.clear()
        for r, (per_resource, tasks) in enumerate(zip(segments, to, strict=True)):
            for j, (segment, chosen) in enumerate(zip(per_resource, tasks, strict=True)):
                if segment.tasks != chosen:
                    segment.tasks = list(chosen)
                    segment.update()
                    changed(r, j)
                used.update(segment.task(k) for k in chosen)

    shakes = Shakes(seed)
    used: set[int] = set()
    fill(used, only_required=True)
    if required - used:
        return None
    fill(used, only_required=False)
    best = current = snapshot()
    everything = _most_that_fits(b, entries)  # no plan is worth more
    while (
        work < budget
        and shakes.stale < STALE_ROUNDS
        and best[0] < everything
        and time.monotonic() < deadline
    ):
        shaken = False
        for r, per_resource in enumerate(segments):
            for j, segment in enumerate(per_resource):
                free = [i for i, k in enumerate(segment.tasks) if segment.task(k) not in required]
                if not free:
                    continue
                drop = set(free[shakes.run(len(free))])
                used -= {segment.task(segment.tasks[i]) for i in drop}
                segment.tasks = [k for i, k in enumerate(segment.tasks) if i not in drop]
                segment.update()
                changed(r, j)
                shaken = True
        if not shaken:
            break  # nothing optional placed: the first fill is all there is
        # A round costs a schedule of every segment at least, however small the problem
        work += sum(len(s.tasks) + 1 for per_resource in segments for s in per_resource)
        fill(used, only_required=False)
        if shorten():
            fill(used, only_required=False)
        now = snapshot()
        better = now[0] > best[0]
        if better:
            best = now
        if shakes.accepts(current[0] - now[0], best[0], work / budget):
            current = now
        else:
            restore(current[1])
        longest = max((len(s.tasks) for per_resource in segments for s in per_resource), default=0)
        shakes.next_round(better, longest)
    routes = []
    for per_resource, tasks in zip(segments, best[1], strict=True):
        route: list[tuple[int, int]] = []
        for segment, chosen in zip(per_resource, tasks, strict=True):
            segment.tasks = chosen
            if not segment.update():
                return None
            route.extend(
                (k, start)
                for k, start in zip(segment.sequence, segment.start, strict=True)
                if k != segment.head
            )
        routes.append(route)
    return best[0], routes, work


# Work per second of the time limit, on the benchmark machine: routes, about half of it
# when the searches do not stall sooner (3-6 million checks a second; on route problems
# CP-SAT rarely improves the heuristic's plan of several routes, it proves: 600 000
# gave 1.22 % mean gap on the OPTW headline, 900 000 0.91 % with seed 0 and 1.19 % with
# seed 1; the heuristic alone on eight hard runs, seed 1: 1.19 % at 900 000, 1.26 % at
# 1 800 000 over 12 searches, 0.89 % over 6; seed 0: 0.96 and 1.05 %; the headline at
# 1 800 000: 0.83 % with seed 0, 0.91 % with seed 1);
# timetables, 5-10 % of it (400 requests: 120 000 room checks in 0.7 s)
ROUTE_WORK = 1_800_000  # insertion checks of ``heuristic_routes``
SEARCH_WORK = 6_000_000  # a route search's share: the largest benchmark runs level off
RESTARTS = 6
TIMETABLE_WORK = 12_000  # room checks of ``timetable_routes``
# Checks a second on one core of the slower benchmark machine (session 12): what the
# work of each heuristic is charged in nominal seconds (``workclock``). Room checks of
# generated briefs of 25 to 400 requests, quiet: 103 000-132 000 a second (the larger
# the brief, the fewer); insertion checks: 3-6 million a second on the faster machine
ROUTE_CHECKS_PER_SECOND = 2_000_000
ROOM_CHECKS_PER_SECOND = 100_000


def add_heuristic_hint(
    b: ModelBuilder, time_limit: float, seed: int, deadline: float = math.inf
) -> float | None:
    """Hint a heuristic solution to CP-SAT and return the nominal seconds its work
    took (its checks at the rates above); None (and no hint) if there is none.
    ``deadline``: see ``heuristic_routes`` (and ``timetable_routes``, which takes over
    where a task needs several participants at once)."""
    found = heuristic_routes(b, round(ROUTE_WORK * time_limit), seed, deadline)
    if found is not None:
        routes, seconds = found[0], found[1] / ROUTE_CHECKS_PER_SECOND
    else:
        found = timetable_routes(b, round(TIMETABLE_WORK * time_limit), seed, deadline)
        if found is None:
            return None
        routes, seconds = found[0], found[1] / ROOM_CHECKS_PER_SECOND
    hint: dict[int, int] = {}  # variable index -> value, each variable once

    def set_to(var: cp_model.IntVar, value: int) -> None:  # a literal may be negated
        index = var.index
        hint[index if index >= 0 else -index - 1] = int(value) if index >= 0 else 1 - value

    placed: dict[int, tuple[int, int]] = {}  # task -> (option, start)
    for r, route in enumerate(routes):
        nodes = b.nodes[r]
        for k, start in route:
            n = nodes[k]
            if n.task is not None and n.option is not None:
                placed[n.task] = (n.option, start)
        depot = len(nodes)
        taken = set(pairwise([depot, *(k for k, _ in route), depot]))
        for arc, lit in b.arcs[r].items():
            set_to(lit, arc in taken)
        visited = {k for k, _ in route}
        for k, n in enumerate(nodes):
            if n.transparent and n.present is not None:  # where each lunch is taken
                set_to(n.present, k in visited)
    for t, days in b.day_literals.items():
        begins = placed[t][1] if t in placed else None
        for d, lit in days.items():
            lo, hi = b.problem.days[d]
            set_to(lit, begins is not None and lo <= begins < hi)
    for t, chosen in enumerate(b.chosen):
        option, start = placed.get(t, (None, b.start[t].proto.domain[0]))
        for o, lit in enumerate(chosen):
            set_to(lit, o == option)
        set_to(b.present[t], option is not None)
        set_to(b.start[t], start)
        for joined in b.joined[t].values():
            set_to(joined, False)
    for index, value in sorted(hint.items()):
        b.model.proto.solution_hint.vars.append(index)
        b.model.proto.solution_hint.values.append(value)
    return seconds
