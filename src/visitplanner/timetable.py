"""A first solution for briefs: every task at a fixed start, filled in by value.

``hint.py`` makes room in one person's route by sliding the tasks after an insertion;
that cannot work for a meeting of several people, whose start they share. Here each
person has a *timetable*: the anchors and the tasks placed so far, each at a fixed
start. A task goes in at a start that every attendee's timetable has room for (travel
and buffer from the item before and to the item after, a lunch taken where the item
before it ended), within the task's allowed starts and the daily meeting limit. Tasks
with one possible start (fixed events, transfers) and pinned ones go first, then the
lunches, then the other required tasks (the lunches after them if they were in the
way), then, when re-planning, the tasks of the previous plan where they were, then the
optional ones by value^2 / attendee minutes; an iterated local search then takes runs
of optional tasks out and fills again, going on from the result or, if the annealing
refuses it, from the timetable before, and returns the best (``ils.py``). A task goes in
only after the tasks it comes after (rule 9), and these stay while it is in. Work is
counted in checks, not seconds, so a seed gives the same hint on every machine (unless
the deadline, a safety net for a slow machine, stops the shakes first). No hint
when a required task finds no room; optional attendees never join (a soft bonus the
solver adds later).
"""

from __future__ import annotations

import math
import time
from bisect import bisect_left, bisect_right
from collections.abc import Container
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from visitplanner.ils import Shakes, insertion_rank
from visitplanner.intervals import contains, size

if TYPE_CHECKING:
    from visitplanner.solver import ModelBuilder

STALE_ROUNDS = 30  # rounds without a better timetable before the search gives up
UNBOUNDED = 1 << 60


@dataclass(frozen=True)
class _Item:
    """An anchor (``task`` None) or a task's option at a fixed start in one timetable."""

    start: int
    duration: int
    task: int | None
    option: int
    begin: int | None  # place; a lunch has none: it is where the item before ended
    finish: int | None
    transparent: bool = False

    @property
    def end(self) -> int:
        return self.start + self.duration


@dataclass(frozen=True)
class _Placement:
    cost: int  # attendee minutes taken, travel added included
    option: int
    start: int


# A copy of every timetable, the daily counts and the placements, to go back to
_Saved = tuple[list[list[_Item]], dict[tuple[int, int], int], dict[int, tuple[int, int]]]


class _Timetables:
    """Every resource's timetable and the checks that keep them within the rules."""

    def __init__(self, b: ModelBuilder) -> None:
        self.b = b
        problem = b.problem
        self.items: list[list[_Item]] = [
            sorted(
                (_Item(a.time, 0, None, 0, a.place, a.place) for a in resource.anchors),
                key=_start,
            )
            for resource in problem.resources
        ]
        # (task, option, resource) -> place -> node, for the lunches taken at each place
        self.lunch_nodes: dict[tuple[int, int, int], dict[int | None, int]] = {}
        for r, nodes in enumerate(b.nodes):
            for k, n in enumerate(nodes):
                if n.transparent and n.task is not None and n.option is not None:
                    self.lunch_nodes.setdefault((n.task, n.option, r), {})[n.begin] = k
        self.per_day: dict[tuple[int, int], int] = {}
        self.placed: dict[int, tuple[int, int]] = {}  # task -> (option, start)
        self.before: dict[int, list[int]] = {}  # task -> the tasks it comes after
        self.after: dict[int, list[int]] = {}  # task -> the tasks that come after it
        for p in problem.precedences:
            self.before.setdefault(p.after, []).append(p.before)
            self.after.setdefault(p.before, []).append(p.after)
        self.checks = 0

    # -- reading ----------------------------------------------------------------

    def item(self, t: int, o: int, start: int) -> _Item:
        task = self.b.problem.tasks[t]
        option = task.options[o]
        if task.transparent:
            return _Item(start, option.duration, t, o, None, None, True)
        return _Item(start, option.duration, t, o, option.begin, option.end)

    def day(self, start: int) -> int | None:
        for d, (lo, hi) in enumerate(self.b.problem.days):
            if lo <= start < hi:
                return d
        return None

    @staticmethod
    def place_after(seq: list[_Item], j: int) -> int | None:
        """Where a person is once item j is over (a lunch leaves them where they were)."""
        while j >= 0 and seq[j].transparent:
            j -= 1
        return seq[j].finish if j >= 0 else None

    def follows(self, r: int, before: _Item | None, place: int | None, after: _Item) -> bool:
        """Whether ``after`` may come next after ``before`` (None: nothing before), the
        person being at ``place`` when ``before`` ends."""
        problem = self.b.problem
        if after.transparent:
            assert after.task is not None
            nodes = self.lunch_nodes.get((after.task, after.option, r), {})
            if place not in nodes:
                return False
            travel: int | None = 0
        else:
            travel = problem.travel_between(place, after.begin)
        if travel is None:
            return False
        return before is None or after.start >= before.end + travel + problem.buffer

    def fits(self, r: int, seq: list[_Item], i: int, new: _Item | None) -> bool:
        """Whether r's timetable ``seq`` keeps the rules with ``new`` inserted at index i
        (None: with item i taken out), from item i-1 up to the first located item after
        the change (a lunch moves with the item before it, so the travel after it changes
        too). Nothing is copied: this is the heuristic's inner loop."""
        self.checks += 1
        before = seq[i - 1] if i else None
        place = self.place_after(seq, i - 1)
        later = range(i if new is not None else i + 1, len(seq))
        for item in chain(() if new is None else (new,), (seq[j] for j in later)):
            if not self.follows(r, before, place, item):
                return False
            if not item.transparent:
                if item is not new:  # what comes after it is as it was
                    return True
                place = item.finish
            before = item
        return True

    def counted_day(self, t: int, start: int) -> int | None:
        """The day a task counts against the daily limit on, if it counts."""
        problem = self.b.problem
        if problem.max_per_day is None or not problem.tasks[t].counts_per_day:
            return None
        return self.day(start)

    def placed_before(self, t: int) -> tuple[int, int]:
        """(option, start) of task t in the plan being re-planned."""
        previous = self.b.problem.tasks[t].previous
        assert previous is not None
        return previous.option, previous.start

    def gap(self, first: int, then: int, o1: int, o2: int) -> int:
        """Minutes from the start of ``first`` to that of ``then`` at least (rule 9)."""
        problem = self.b.problem
        a, b = problem.tasks[first].options[o1], problem.tasks[then].options[o2]
        return a.duration + (problem.travel_between(a.end, b.begin) or 0) + problem.buffer

    def earliest_after(self, t: int, o: int) -> int | None:
        """The first start the tasks t comes after allow (None: one is not placed)."""
        ready = -UNBOUNDED
        for first in self.before.get(t, ()):
            if first not in self.placed:
                return None
            o1, s1 = self.placed[first]
            ready = max(ready, s1 + self.gap(first, t, o1, o))
        return ready

    def in_order(self, t: int, o: int, start: int) -> bool:
        ready = self.earliest_after(t, o)
        if ready is None or start < ready:
            return False
        return all(
            self.placed[then][1] >= start + self.gap(t, then, o, self.placed[then][0])
            for then in self.after.get(t, ())
            if then in self.placed
        )

    def room(self, t: int, o: int, start: int) -> int | None:
        """Attendee minutes task t takes on option o at ``start`` (None: no room)."""
        problem = self.b.problem
        task = problem.tasks[t]
        if not contains(self.b.allowed[t][o], start) or not self.in_order(t, o, start):
            return None  # (a previous plan's start may no longer be allowed)
        day = self.counted_day(t, start)
        new = self.item(t, o, start)
        cost = 0
        for r in task.attendees:
            if day is not None and self.per_day.get((r, day), 0) >= (problem.max_per_day or 0):
                return None
            seq = self.items[r]
            i = bisect_right(seq, start, key=_start)
            if not self.fits(r, seq, i, new):
                return None
            cost += new.duration + self._detour(seq, i, new)
        return cost

    def _detour(self, seq: list[_Item], i: int, new: _Item) -> int:
        if new.transparent:
            return 0
        travel = self.b.problem.travel_between
        here = self.place_after(seq, i - 1)
        after = next((x.begin for x in seq[i:] if not x.transparent), None)
        return (
            (travel(here, new.begin) or 0)
            + (travel(new.finish, after) or 0)
            - (travel(here, after) or 0)
        )

    def candidates(self, t: int, o: int) -> list[int]:
        """Starts worth trying: the first allowed start after each gap of every
        attendee's timetable, and the same rounded up to the brief's round minutes."""
        b = self.b
        problem = b.problem
        allowed = b.allowed[t][o]
        if not allowed:
            return []
        new = self.item(t, o, allowed[0][0])
        after = self.earliest_after(t, o)
        if after is None:
            return []
        found = {lo for lo, _ in allowed} | {after}
        first, last = allowed[0][0], allowed[-1][1]
        for r in problem.tasks[t].attendees:
            seq = self.items[r]
            # Gap j lies between seq[j - 1] and seq[j]; only those that meet the window
            for j in range(
                bisect_left(seq, first, key=_start), bisect_right(seq, last, key=_start) + 1
            ):
                ready = first
                if j:
                    place = self.place_after(seq, j - 1)
                    travel = 0 if new.transparent else problem.travel_between(place, new.begin)
                    if travel is None:
                        continue
                    ready = seq[j - 1].end + travel + problem.buffer
                latest = seq[j].start - new.duration - problem.buffer if j < len(seq) else UNBOUNDED
                if ready > latest:
                    continue
                for lo, hi in allowed:
                    if hi >= ready and lo <= latest:
                        found.add(max(lo, ready))
                        break
        step = problem.round_minutes
        rounded = {-(-s // step) * step for s in found} if step > 1 else set()
        return sorted(s for s in found | rounded if contains(allowed, s))

    def best(self, t: int, skip: Container[int] = ()) -> _Placement | None:
        """The cheapest room for task t over its options (but those in ``skip``) and
        candidate starts."""
        found: _Placement | None = None
        for o in range(len(self.b.problem.tasks[t].options)):
            if o in skip:
                continue
            for start in self.candidates(t, o):
                cost = self.room(t, o, start)
                if cost is not None and (found is None or cost < found.cost):
                    found = _Placement(cost, o, start)
        return found

    # -- changing ---------------------------------------------------------------

    def place(self, t: int, o: int, start: int) -> None:
        new = self.item(t, o, start)
        for r in self.b.problem.tasks[t].attendees:
            seq = self.items[r]
            seq.insert(bisect_right(seq, start, key=_start), new)
        day = self.counted_day(t, start)
        if day is not None:
            for r in self.b.problem.tasks[t].attendees:
                self.per_day[r, day] = self.per_day.get((r, day), 0) + 1
        self.placed[t] = (o, start)

    def remove(self, t: int) -> bool:
        """Take task t out if every attendee's timetable still keeps the rules without
        it (a lunch after it moves to where the person was before); False if not."""
        start = self.placed[t][1]
        if any(then in self.placed for then in self.after.get(t, ())):
            return False
        found = []
        for r in self.b.problem.tasks[t].attendees:
            seq = self.items[r]
            i = next(i for i, x in enumerate(seq) if x.task == t)
            if not self.fits(r, seq, i, None):
                return False
            found.append((r, i))
        for r, i in found:
            del self.items[r][i]
        day = self.counted_day(t, start)
        if day is not None:
            for r in self.b.problem.tasks[t].attendees:
                self.per_day[r, day] -= 1
        del self.placed[t]
        return True

    def snapshot(self) -> _Saved:
        return [list(s) for s in self.items], dict(self.per_day), dict(self.placed)

    def restore(self, saved: _Saved) -> None:
        items, per_day, placed = saved
        self.items = [list(s) for s in items]
        self.per_day, self.placed = dict(per_day), dict(placed)

    def valid(self) -> bool:
        """Whether every timetable keeps the rules from end to end. Each change is
        checked where it is made, but the anchors alone may already break them: a night
        in another city that only a chain of optional meetings can reach."""
        return all(
            self.follows(r, seq[j - 1] if j else None, self.place_after(seq, j - 1), seq[j])
            for r, seq in enumerate(self.items)
            for j in range(len(seq))
        )

    def routes(self) -> list[list[tuple[int, int]]]:
        """Per resource, its ``(node, start)`` in time order, anchors included."""
        b = self.b
        routes = []
        for r, seq in enumerate(self.items):
            nodes = b.nodes[r]
            by_key = {
                (n.task, n.option): k
                for k, n in enumerate(nodes)
                if n.task is not None and not n.transparent
            }
            anchors = {n.earliest: k for k, n in enumerate(nodes) if n.task is None}
            route = []
            for j, x in enumerate(seq):
                if x.task is None:
                    k = anchors[x.start]
                elif x.transparent:
                    k = self.lunch_nodes[x.task, x.option, r][
                        self.place_after(seq, j - 1) if j else None
                    ]
                else:
                    k = by_key[x.task, x.option]
                route.append((k, x.start))
            routes.append(route)
        return routes


def _start(item: _Item) -> int:
    return item.start


def _previously_placed(b: ModelBuilder, tt: _Timetables) -> list[int]:
    return [t for t, task in enumerate(b.problem.tasks) if task.previous and t not in tt.placed]


def _required(b: ModelBuilder, tt: _Timetables) -> set[int]:
    """The tasks that must be placed: required and pinned ones, and every task one of
    them comes after."""
    found: set[int] = set()
    waiting = [i for i, task in enumerate(b.problem.tasks) if task.required or task.pinned]
    while waiting:
        t = waiting.pop()
        if t not in found:
            found.add(t)
            waiting.extend(tt.before.get(t, ()))
    return found


def timetable_routes(
    b: ModelBuilder, budget: int, seed: int, deadline: float = math.inf
) -> tuple[list[list[tuple[int, int]]], int] | None:
    """Per resource, its ``(node, start)`` in time order (anchors included), and the
    checks spent; or None.
    No round of shakes starts after ``deadline`` (a ``time.monotonic()``), the safety net
    of ``hint.heuristic_routes``: on a machine 1.45 times slower than the benchmark one,
    the work of a 60 s plan of 400 requests took 6.5-8.7 s."""
    problem = b.problem
    tt = next(filter(None, (_avoiding_blockers(b, first) for first in (True, False))), None)
    if tt is None:
        return None
    for t in sorted(_previously_placed(b, tt), key=lambda t: tt.placed_before(t)[1]):
        o, start = tt.placed_before(t)
        if tt.room(t, o, start) is not None:  # re-planning: keep it where it was
            tt.place(t, o, start)
    optional = [i for i, task in enumerate(problem.tasks) if i not in tt.placed and task.value]
    sharing: dict[int, set[int]] = {}  # resource -> optional tasks it attends
    for t in optional:
        for r in problem.tasks[t].attendees:
            sharing.setdefault(r, set()).add(t)
    cache: dict[int, _Placement | None] = {}

    def fill() -> None:
        while tt.checks < budget:
            chosen: tuple[float, int, _Placement] | None = None
            for t in optional:
                if t in tt.placed:
                    continue
                if t not in cache:
                    cache[t] = tt.best(t)
                found = cache[t]
                if found is None:
                    continue
                rank = insertion_rank(problem.tasks[t].value, found.cost, shakes.rng)
                if chosen is None or rank > chosen[0]:
                    chosen = (rank, t, found)
            if chosen is None:
                return
            _, t, found = chosen
            if tt.room(t, found.option, found.start) is None:  # kept from another day
                del cache[t]
                continue
            tt.place(t, found.option, found.start)
            forget(t, tt.day(found.start))

    def forget(t: int, day: int | None = None) -> None:
        """Drop the cached rooms a change to task t may have made stale: after placing
        it on ``day``, those of its attendees' tasks on that day (rooms elsewhere stay
        valid as a rule, and are checked again before use; no room stays no room);
        after taking it out, all of theirs."""
        for r in problem.tasks[t].attendees:
            for u in sharing.get(r, ()):
                kept = cache.get(u)
                if day is None or (kept is not None and tt.day(kept.start) == day):
                    cache.pop(u, None)
        for u in (*tt.before.get(t, ()), *tt.after.get(t, ())):
            cache.pop(u, None)

    shakes = Shakes(seed)
    fill()
    best = current = (_value(b, tt), tt.snapshot())
    while tt.checks < budget and shakes.stale < STALE_ROUNDS and time.monotonic() < deadline:
        taken = 0
        for seq in list(tt.items):
            mine = [x.task for x in seq if x.task in tt.placed and x.task in optional]
            if not mine:
                continue
            for t in mine[shakes.run(len(mine))]:
                if t is not None and t in tt.placed and tt.remove(t):
                    forget(t)
                    taken += 1
        if not taken:
            break
        fill()
        value = _value(b, tt)
        better = value > best[0]
        if better:
            best = (value, tt.snapshot())
        if shakes.accepts(current[0] - value, best[0], tt.checks / budget):
            current = best if better else (value, tt.snapshot())
        else:
            tt.restore(current[1])
            cache.clear()
        shakes.next_round(better, max((len(seq) for seq in tt.items), default=0))
    tt.restore(best[1])
    return (tt.routes(), tt.checks) if tt.valid() else None


# Options of transfers ``_avoiding_blockers`` may rule out, one at a time, at most
BLOCKER_RETRIES = 12


def _avoiding_blockers(b: ModelBuilder, lunch_first: bool) -> _Timetables | None:
    """``_with_required``, again without a transfer's option that left a later required
    task no room, until every one fits or no option is left to rule out: a probe's
    brief had no hint at all, its flight placed first at 12:30, the cheapest option,
    leaving a traveller's 12:00-14:00 lunch no room (the 17:30 one would)."""
    avoid: set[tuple[int, int]] = set()
    for _ in range(BLOCKER_RETRIES):
        tt, blockers = _with_required(b, lunch_first, frozenset(avoid))
        if tt is not None:
            return tt
        tasks = b.problem.tasks
        blocker = next(  # (one option of it left at least)
            (
                (t, o)
                for t, o in blockers
                if (t, o) not in avoid
                and sum((t, x) not in avoid for x in range(len(tasks[t].options))) > 1
            ),
            None,
        )
        if blocker is None:
            return None
        avoid.add(blocker)
    return None


def _with_required(
    b: ModelBuilder, lunch_first: bool, avoid: frozenset[tuple[int, int]] = frozenset()
) -> tuple[_Timetables | None, list[tuple[int, int]]]:
    """Timetables holding every task that must be placed, or None and the placed
    (task, option)s of several options that share a person with the one that found no
    room. Tasks with one possible start (fixed events, transfers) go first, on no option
    of ``avoid``; then, if ``lunch_first``, the lunches (so meetings go around them),
    then the rest, the fewest possible starts first, each at its cheapest room."""
    problem = b.problem
    tt = _Timetables(b)
    required = _required(b, tt)

    def urgency(t: int) -> tuple[bool, bool, int]:
        starts = sum(size(allowed) for allowed in b.allowed[t])
        fixed = starts <= len(problem.tasks[t].options)
        return not fixed, problem.tasks[t].transparent != lunch_first, starts

    while required:
        t = min(
            (t for t in required if all(x in tt.placed for x in tt.before.get(t, ()))),
            key=urgency,
        )
        required.remove(t)
        if problem.tasks[t].pinned and problem.tasks[t].previous is not None:
            o, start = tt.placed_before(t)
            if tt.room(t, o, start) is None:
                return None, []
        else:
            found = tt.best(t, {o for u, o in avoid if u == t})
            if found is None:
                people = set(problem.tasks[t].attendees)
                return None, [
                    (u, o)
                    for u, (o, _) in tt.placed.items()
                    if len(problem.tasks[u].options) > 1
                    and people & set(problem.tasks[u].attendees)
                ]
            o, start = found.option, found.start
        tt.place(t, o, start)
    return tt, []


def _value(b: ModelBuilder, tt: _Timetables) -> int:
    return sum(b.problem.tasks[t].value for t in tt.placed)
