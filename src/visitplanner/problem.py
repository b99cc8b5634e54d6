"""The integer scheduling problem: what the solver sees, with no calendar left in it.

Times are whole minutes from an origin; places are indices into a travel matrix. A brief
compiles to this (``compile.py``), and so do benchmark instances (``benchmarks/``), so
both run through the same solver code. Documented in docs/problem.md.

The shape: *resources* (participants, or routes) each follow one sequence of *nodes*;
a *task* (meeting, fixed event, transfer, lunch) is done at most once, on one of its
*options* (a venue, a flight), by all its attendees together; every node is at a place,
and two consecutive nodes of one resource are separated by the travel time between their
places plus the buffer. *Anchors* are fixed points a resource must pass through (the
hotel at night, a depot at the start and end of a route).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from visitplanner.intervals import Intervals, intersect


def rule_of(key: str) -> str:
    """The rule slug of an ``Option.starts`` key: a slug (docs/rules.md) or
    ``slug:detail``, such as ``availability:rector``."""
    return key.split(":", 1)[0]


@dataclass(frozen=True)
class Option:
    """One way to do a task: where it begins and ends, how long, and when it may start.

    ``starts`` maps a rule slug to the start minutes that rule allows; the option may
    start only where all of them agree. A location of ``None`` means "no place": travel
    to and from it is free (a lunch break, which is taken wherever the resource is, has
    ``transparent=True`` on its task instead). ``off_hours``: minutes the option keeps
    its attendees busy outside their working day (an early check-in, a late arrival),
    a comfort cost weighed by ``Problem.off_hours_weight``.
    """

    label: str
    duration: int
    begin: int | None
    end: int | None
    starts: dict[str, Intervals]
    off_hours: int = 0

    def allowed_starts(self) -> Intervals:
        allowed: Intervals | None = None
        for part in self.starts.values():
            allowed = part if allowed is None else intersect(allowed, part)
        return allowed if allowed is not None else ((0, 0),)


@dataclass(frozen=True)
class OptionalAttendee:
    """A resource that may join a task, only at start minutes ``starts``, for a bonus."""

    resource: int
    starts: Intervals
    bonus: int


@dataclass(frozen=True)
class Task:
    """Something done at most once (exactly once if ``required``) on one of its options."""

    id: str
    options: tuple[Option, ...]
    attendees: tuple[int, ...]
    value: int = 0
    required: bool = False
    optional_attendees: tuple[OptionalAttendee, ...] = ()
    transparent: bool = False
    counts_per_day: bool = False
    preferred_starts: Intervals = ()
    preference_bonus: int = 0
    previous: Placement | None = None
    pinned: bool = False


@dataclass(frozen=True)
class Placement:
    """Where a previous plan had a task: its option and start. Re-planning keeps it there
    for ``Problem.keep_bonus`` (or for good, if the task is pinned)."""

    option: int
    start: int


@dataclass(frozen=True)
class Anchor:
    """A point in time at which a resource is at a place (``None``: anywhere)."""

    time: int
    place: int | None


@dataclass(frozen=True)
class Resource:
    id: str
    anchors: tuple[Anchor, ...] = ()


@dataclass(frozen=True)
class Precedence:
    """Task ``after`` may only be done if task ``before`` is, and starts once it ends
    (travel and buffer included)."""

    before: int
    after: int


@dataclass(frozen=True)
class Problem:
    """A whole instance. ``travel[a][b]`` is minutes from place a to b, ``None`` if the
    only way between them is a transfer task."""

    horizon: int
    travel: tuple[tuple[int | None, ...], ...]
    resources: tuple[Resource, ...]
    tasks: tuple[Task, ...]
    buffer: int = 0
    precedences: tuple[Precedence, ...] = ()
    days: tuple[tuple[int, int], ...] = ()
    max_per_day: int | None = None
    travel_weight: int = 0
    off_hours_weight: int = 0
    keep_bonus: int = 0
    round_minutes: int = 5
    round_bonus: int = 0
    place_names: tuple[str, ...] = field(default=())

    def travel_between(self, a: int | None, b: int | None) -> int | None:
        """Minutes from place a to place b; free to or from "no place"."""
        if a is None or b is None:
            return 0
        return self.travel[a][b]


def requiring_only(problem: Problem, keep: Iterable[int]) -> tuple[Problem, tuple[int, ...]]:
    """A feasibility sub-problem: only the tasks ``keep`` stay required; the tasks they
    must follow (``after``), those that move people between places (transfers, which
    night stays may need) and those at a place that bridges two others (``bridges``: the
    only way from one to the other may be through an item there) stay as options;
    everything else goes, and values are dropped. Also returns, for each task of the
    sub-problem, its index in ``problem``."""
    required = set(keep)
    bridging = bridges(problem)
    chosen = required | {
        i
        for i, t in enumerate(problem.tasks)
        if any(o.begin != o.end or o.begin in bridging for o in t.options)
    }
    while True:
        more = {p.before for p in problem.precedences if p.after in chosen} - chosen
        if not more:
            break
        chosen |= more
    order = tuple(sorted(chosen))
    position = {old: new for new, old in enumerate(order)}
    sub = replace(
        problem,
        tasks=tuple(replace(problem.tasks[i], required=i in required, value=0) for i in order),
        precedences=tuple(
            Precedence(position[p.before], position[p.after])
            for p in problem.precedences
            if p.before in chosen and p.after in chosen
        ),
    )
    return sub, order


def without_travel(problem: Problem) -> Problem:
    """``problem`` with every journey instantaneous (the places a transfer alone joins
    stay apart): a relaxation, each plan of ``problem`` is one of it, so its optimum
    bounds ``problem``'s."""
    travel = tuple(tuple(None if t is None else 0 for t in row) for row in problem.travel)
    return replace(problem, travel=travel)


def bridges(problem: Problem) -> frozenset[int]:
    """The places joined by a road to two places that no road joins: an item there is a
    way between those two. A probe's delegation slept in Brussels, then in Mons, with a
    drive listed to Mons only from the venue of a Brussels meeting; a sub-problem that
    dropped that optional meeting could not change city, and explained a required
    meeting's conflict with facts of someone who did not attend it."""
    return _bridges(problem.travel)


@cache  # (asked for each sub-problem an explanation tries)
def _bridges(travel: tuple[tuple[int | None, ...], ...]) -> frozenset[int]:
    places = range(len(travel))
    return frozenset(
        p
        for p in places
        if any(
            travel[r][p] is not None and travel[p][q] is not None and travel[r][q] is None
            for r in places
            for q in places
        )
    )
