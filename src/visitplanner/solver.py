"""``Problem`` -> CP-SAT model -> ``Solution``: one small function per rule.

Each participant (resource) follows one circuit over the nodes it may visit: a depot
(before the first and after the last item), its night anchors, and one node per option of
every task it may attend. An arc taken between two nodes forces the second to start after
the first ends plus travel plus buffer, so travel, cities and stays are one circuit
(docs/explanation/how-the-solver-works.md). The same rules can be stated without the
circuits, as separations between pairs of nodes (``pairs.py``), which CP-SAT solves far
better where they are exact. The objective is lexicographic and solved in two phases:
first the summed priority of scheduled meetings, then, with that fixed, the soft
preferences.
"""

from __future__ import annotations

import math
import random
import time as wallclock
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

from ortools.sat.python import cp_model

from visitplanner.background import BackgroundBound
from visitplanner.daybound import DayBound, can_bound
from visitplanner.hint import add_heuristic_hint
from visitplanner.intervals import Intervals, intersect, normalize
from visitplanner.neighbourhood import Neighbourhoods, merge
from visitplanner.pairs import (
    add_travel_pairs,
    anchor_between,
    direct_is_safe,
    exact,
    shortest_gaps,
)
from visitplanner.problem import Problem, without_travel
from visitplanner.workclock import DETERMINISTIC_PER_SECOND, WorkClock

SolveStatus = Literal["optimal", "feasible", "infeasible", "unknown"]
Literal_ = cp_model.IntVar  # a Boolean variable
Travel = Literal["circuits", "pairs"]  # the two forms of rules 2 and 3


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 30.0
    seed: int = 0
    workers: int = 1
    soft_phase: bool = True
    # Receives CP-SAT's search log, a line ``#Phase priorities`` or ``#Phase preferences``
    # as each objective starts, and ``#LNS <s>s best:<v>`` (``_improve``) or ``#LNS <s>s
    # best:<v> next:[<v+1>,<bound>]`` (``_prove``) for each better plan or bound found
    # after the first search, whose own searches are not logged
    log: Callable[[str], None] | None = None
    # A ``time.monotonic()`` past which nothing runs, instead of ``time_limit`` from the
    # start: a caller's own limit over several solves. The work planned stays that of
    # ``time_limit``, so the solution is the same unless this binds.
    deadline: float = math.inf

    def __post_init__(self) -> None:
        for name in ("seed", "workers"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{name} must be a whole number, not {value!r}")
        if not isinstance(self.time_limit, int | float) or isinstance(self.time_limit, bool):
            raise TypeError(f"time_limit must be a number of seconds, not {self.time_limit!r}")
        if not math.isfinite(self.time_limit) or self.time_limit <= 0:
            raise ValueError(
                f"time_limit must be a number of seconds above 0, not {self.time_limit}"
            )
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")
        if not -(2**31) <= self.seed < 2**31:  # CP-SAT's random seed is a 32-bit integer
            raise ValueError(f"seed must fit in 32 bits (-2**31 to 2**31 - 1), not {self.seed}")


@dataclass(frozen=True)
class TaskChoice:
    option: int
    start: int
    joined: tuple[int, ...]  # optional attendees (resource indices) who join


@dataclass(frozen=True)
class Solution:
    status: SolveStatus
    value: int  # summed priority of scheduled tasks
    bound: int  # best proven upper bound on ``value``
    soft: int  # soft-preference score (phase 2)
    seconds: float
    choices: dict[int, TaskChoice] = field(default_factory=dict)
    work: float = 0.0  # nominal seconds spent (``workclock``): the same in every run
    # The pairs model phase 1 searched, where the travel allows one (``pairs.exact``):
    # the reasons for meetings left out try each in the plan there (``reasons``)
    pairs: ModelBuilder | None = field(default=None, repr=False, compare=False)


@dataclass
class _Node:
    """Something a resource's circuit passes through."""

    start: cp_model.LinearExprT
    end: cp_model.LinearExprT
    begin: int | None  # place where it begins (None: no place)
    finish: int | None  # place where it ends
    present: Literal_ | None  # None: always there
    earliest: int
    latest_start: int
    duration: int
    transparent: bool = False
    allowed: Intervals = ()  # start minutes it may take (task nodes)
    task: int | None = None  # the task and option a task node is for (None: an anchor)
    option: int | None = None


class ModelBuilder:
    """Builds the CP-SAT model of a ``Problem``; its attributes name every variable."""

    def __init__(
        self,
        problem: Problem,
        *,
        explain: bool = False,
        travel: Travel = "circuits",
        direct: bool = False,
    ) -> None:
        """With ``explain``, every group of constraints is guarded by a literal (see
        ``guard``) and no rule is pre-applied to variable domains, so that an infeasible
        problem yields a core of named groups. ``travel``: rules 2 and 3 as one circuit
        per participant, or as separations between pairs of its items (``pairs.py``:
        exact where the travel obeys the triangle inequality, a relaxation otherwise;
        never with ``explain``)."""
        self.problem = problem
        self.explain = explain
        self.travel = travel
        self.direct = direct  # the pairs apart by direct journeys (``pairs.direct_is_safe``)
        self.guards: dict[str, Literal_] = {}
        self.keeps: dict[int, Literal_] = {}  # task -> "it stays where it was" (``kept``)
        self.model = cp_model.CpModel()
        m = self.model
        everything: Intervals = ((0, problem.horizon),)
        self.allowed = [
            [everything if explain else o.allowed_starts() for o in t.options]
            for t in problem.tasks
        ]
        self.start: list[cp_model.IntVar] = []
        self.chosen: list[list[Literal_]] = []
        self.present: list[Literal_] = []
        self.joined: list[dict[int, Literal_]] = []
        for i, task in enumerate(problem.tasks):
            union = normalize(p for allowed in self.allowed[i] for p in allowed)
            self.start.append(
                m.new_int_var_from_domain(_domain(union or ((0, 0),)), f"start[{task.id}]")
            )
            chosen = [m.new_bool_var(f"chosen[{task.id},{o.label}]") for o in task.options]
            for lit, allowed in zip(chosen, self.allowed[i], strict=True):
                if not allowed:
                    m.add(lit == 0)
            self.chosen.append(chosen)
            if len(chosen) == 1:
                self.present.append(chosen[0])
            else:
                present = m.new_bool_var(f"present[{task.id}]")
                m.add(sum(chosen) == present)
                self.present.append(present)
            self.joined.append(
                {
                    a.resource: m.new_bool_var(f"joined[{task.id},{a.resource}]")
                    for a in task.optional_attendees
                }
            )
        self._on_day: dict[int, dict[int, Literal_]] = {}
        # The small models of neighbourhoods of plans of the pairs' model, once set up
        self.neighbourhoods: Neighbourhoods | None = None
        self.nodes: list[list[_Node]] = [[] for _ in problem.resources]
        # Per resource, (node, node) -> literal of that arc of its circuit (depot: len(nodes);
        # depot -> depot: the participant attends nothing)
        self.arcs: list[dict[tuple[int, int], Literal_]] = [{} for _ in problem.resources]
        self.travel_terms: list[cp_model.LinearExprT] = []

    def build(self) -> ModelBuilder:
        add_cities(self)
        add_start_rules(self)
        add_required_meetings(self)
        add_optional_attendance(self)
        add_stays(self)
        add_no_double_booking(self)
        if self.travel == "circuits":
            add_travel_time(self)
        else:
            add_travel_pairs(self)
        add_order(self)
        add_max_meetings_per_day(self)
        add_day_capacity(self)
        add_pins(self)
        return self

    # -- helpers shared by the rules -------------------------------------------

    def guard(self, key: str) -> list[Literal_]:
        """Enforcement literals for the constraint group ``key`` (none unless explaining)."""
        if not self.explain:
            return []
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"guard[{key}]")
        return [self.guards[key]]

    def attendance(self, t: int, o: int, r: int) -> Literal_:
        """The literal "resource r attends task t on option o"."""
        task = self.problem.tasks[t]
        if r in task.attendees:
            return self.chosen[t][o]
        joined = self.joined[t][r]
        if len(task.options) == 1:
            return joined
        both = self.model.new_bool_var(f"attends[{task.id},{o},{r}]")
        self.model.add_bool_and([joined, self.chosen[t][o]]).only_enforce_if(both)
        self.model.add_bool_or([joined.Not(), self.chosen[t][o].Not()]).only_enforce_if(both.Not())
        return both

    def priority_value(self) -> cp_model.LinearExprT:
        return sum(t.value * self.present[i] for i, t in enumerate(self.problem.tasks) if t.value)

    def soft_value(self) -> cp_model.LinearExprT:
        m = self.model
        terms: list[cp_model.LinearExprT] = []
        for i, task in enumerate(self.problem.tasks):
            for a in task.optional_attendees:
                terms.append(a.bonus * self.joined[i][a.resource])
            if task.preferred_starts and task.preference_bonus:
                met = m.new_bool_var(f"preferred[{task.id}]")
                m.add_implication(met, self.present[i])
                m.add_linear_expression_in_domain(
                    self.start[i], _domain(task.preferred_starts)
                ).only_enforce_if(met)
                terms.append(task.preference_bonus * met)
            if task.previous is not None and not task.pinned and self.problem.keep_bonus:
                terms.append(self.problem.keep_bonus * self.kept(i))
            if self.problem.round_bonus and _movable(self.allowed[i]):
                terms.append(self.problem.round_bonus * self.on_round_minute(i))
            if self.problem.off_hours_weight and len(task.options) > 1:
                per_minute = self.problem.off_hours_weight * len(task.attendees)
                terms.extend(
                    -per_minute * option.off_hours * chosen
                    for option, chosen in zip(task.options, self.chosen[i], strict=True)
                    if option.off_hours
                )
        if self.problem.travel_weight:
            terms.extend(-self.problem.travel_weight * t for t in self.travel_terms)
        return sum(terms)

    def on_round_minute(self, i: int) -> Literal_:
        """The literal "task i starts on a multiple of ``round_minutes``" (09:05, not 09:04)."""
        step = self.problem.round_minutes
        task = self.problem.tasks[i]
        quotient = self.model.new_int_var(0, self.problem.horizon // step, f"quotient[{task.id}]")
        rest = self.model.new_int_var(0, step - 1, f"rest[{task.id}]")
        self.model.add(self.start[i] == step * quotient + rest)
        on_mark = self.model.new_bool_var(f"round[{task.id}]")
        self.model.add(rest == 0).only_enforce_if(on_mark)
        return on_mark

    def on_day(self, i: int) -> dict[int, Literal_]:
        """Day index -> the literal "task i takes place (starts) on that day"."""
        if i in self._on_day:
            return self._on_day[i]
        task = self.problem.tasks[i]
        union = normalize(p for allowed in self.allowed[i] for p in allowed)
        days = [d for d, span in enumerate(self.problem.days) if _touches(union, span)]
        if len(days) <= 1:
            found = {d: self.present[i] for d in days}
        else:
            found = {d: self.model.new_bool_var(f"on_day[{task.id},{d}]") for d in days}
            self.model.add(sum(found.values()) == self.present[i])
            for d, lit in found.items():
                lo, hi = self.problem.days[d]
                self.model.add_linear_constraint(self.start[i], lo, hi - 1).only_enforce_if(lit)
        self._on_day[i] = found
        return found

    @property
    def day_literals(self) -> dict[int, dict[int, Literal_]]:
        """Task -> day -> "it starts that day", for the tasks a daily rule has asked."""
        return self._on_day

    @cached_property
    def departures(self) -> frozenset[int]:
        """Places a transfer leaves from: where a lunch may follow the journey to it (the
        airport before an afternoon flight). A lunch at every venue of a next meeting made
        the UMONS example's preference search unprovable in 30 s (proven in 2.4 s)."""
        return frozenset(
            o.begin
            for t in self.problem.tasks
            for o in t.options
            if o.begin is not None and o.begin != o.end
        )

    def kept(self, i: int) -> Literal_:
        """The literal "task i stays where the previous plan had it"."""
        if i in self.keeps:
            return self.keeps[i]
        previous = self.problem.tasks[i].previous
        assert previous is not None
        kept = self.model.new_bool_var(f"kept[{self.problem.tasks[i].id}]")
        self.model.add(self.start[i] == previous.start).only_enforce_if(kept)
        self.model.add_implication(kept, self.chosen[i][previous.option])
        self.keeps[i] = kept
        return kept


def _movable(allowed: list[Intervals]) -> bool:
    """Whether a task's start is still to be chosen (not a fixed event or transfer)."""
    points = {p for option in allowed for p in option}
    return len(points) > 1 or any(lo < hi for lo, hi in points)


def _domain(intervals: Intervals) -> cp_model.Domain:
    return cp_model.Domain.from_intervals([list(p) for p in intervals])


# -- the rules -------------------------------------------------------------------


def add_cities(b: ModelBuilder) -> None:
    """Rule 3: a task is done on at most one option (a transfer on exactly one, since
    transfers are required); moving between cities is otherwise impossible, which the
    travel matrix's ``None`` entries and the circuits of ``add_travel_time`` enforce."""
    for chosen in b.chosen:
        if len(chosen) > 1:
            b.model.add_at_most_one(chosen)


def add_start_rules(b: ModelBuilder) -> None:
    """Rules 5-8 and 13, and the lunch window: each option's start lies in the start
    minutes every rule allows (compiled per rule in ``Option.starts``)."""
    for i, task in enumerate(b.problem.tasks):
        for o, option in enumerate(task.options):
            if not b.allowed[i][o]:
                continue
            for key, allowed in option.starts.items():
                b.model.add_linear_expression_in_domain(
                    b.start[i], _domain(allowed)
                ).only_enforce_if([b.chosen[i][o], *b.guard(f"{key}|{task.id}")])


def add_required_meetings(b: ModelBuilder) -> None:
    """Rule 12 (and rules 10, 13 and 3 for lunch, fixed events and transfers): required
    tasks are always done."""
    for i, task in enumerate(b.problem.tasks):
        if task.required:
            b.model.add(b.present[i] == 1).only_enforce_if(b.guard(f"required|{task.id}"))


def add_optional_attendance(b: ModelBuilder) -> None:
    """Rule 8 for optional attendees: they join only a scheduled task, at a time they are
    free; their travel is checked like everyone's by ``add_travel_time``."""
    for i, task in enumerate(b.problem.tasks):
        for a in task.optional_attendees:
            joined = b.joined[i][a.resource]
            b.model.add_implication(joined, b.present[i])
            if not a.starts:
                b.model.add(joined == 0)
            else:
                b.model.add_linear_expression_in_domain(
                    b.start[i], _domain(a.starts)
                ).only_enforce_if(joined)


def add_stays(b: ModelBuilder) -> None:
    """Rule 4: a travelling participant is at the night's hotel at the night anchor; the
    anchors join that participant's circuit as fixed nodes (built in ``_nodes``)."""
    for r, resource in enumerate(b.problem.resources):
        b.nodes[r] = _nodes(b, r) + [
            _Node(
                start=anchor.time,
                end=anchor.time,
                begin=anchor.place,
                finish=anchor.place,
                present=None,
                earliest=anchor.time,
                latest_start=anchor.time,
                duration=0,
            )
            for anchor in resource.anchors
        ]


def _nodes(b: ModelBuilder, r: int) -> list[_Node]:
    """One node per option of every task resource ``r`` may attend. A transparent task
    (lunch) gets one node per place it may be taken at: where the node before it ended,
    or where the node after it begins (the journey then comes first), so that the travel
    on each arc is a constant."""
    located: list[_Node] = []
    transparent: list[tuple[int, int]] = []
    for t, task in enumerate(b.problem.tasks):
        if r not in task.attendees and r not in b.joined[t]:
            continue
        for o, option in enumerate(task.options):
            allowed = b.allowed[t][o]
            if not allowed:
                continue
            if task.transparent:
                transparent.append((t, o))
                continue
            located.append(
                _Node(
                    start=b.start[t],
                    end=b.start[t] + option.duration,
                    begin=option.begin,
                    finish=option.end,
                    present=b.attendance(t, o, r),
                    earliest=allowed[0][0],
                    latest_start=allowed[-1][1],
                    duration=option.duration,
                    allowed=allowed,
                    task=t,
                    option=o,
                )
            )
    for t, o in transparent:
        option = b.problem.tasks[t].options[o]
        allowed = b.allowed[t][o]
        places = _places_around(b, r, located, allowed, option.duration)
        at_place = {p: b.model.new_bool_var(f"taken_at[{t},{r},{p}]") for p in [None, *places]}
        b.model.add(sum(at_place.values()) == b.attendance(t, o, r))
        located.extend(
            _Node(
                start=b.start[t],
                end=b.start[t] + option.duration,
                begin=place,
                finish=place,
                present=lit,
                earliest=allowed[0][0],
                latest_start=allowed[-1][1],
                duration=option.duration,
                transparent=True,
                task=t,
                option=o,
            )
            for place, lit in at_place.items()
        )
    return located


# A lunch is taken at a departure (the journey there first) only for a transfer that may
# leave within this many minutes of its latest end: the airport before an afternoon flight
DEPARTURE_AFTER_LUNCH = 120


def _places_around(
    b: ModelBuilder, r: int, located: list[_Node], allowed: Intervals, duration: int
) -> list[int]:
    """Places a transparent node starting in ``allowed`` can be taken at: where a node
    that may end after the last night anchor before it (if any) ends, or that anchor;
    or where a transfer that may leave soon after it (``DEPARTURE_AFTER_LUNCH``)
    leaves from (the journey there first)."""
    first, last = allowed[0][0], allowed[-1][1]
    anchors = b.problem.resources[r].anchors
    buffer = b.problem.buffer
    day_start = max((a.time for a in anchors if a.time <= first), default=0)
    latest_end = last - buffer
    earliest_start = first + duration + buffer
    soon = last + duration + buffer + DEPARTURE_AFTER_LUNCH
    places = {
        n.finish
        for n in located
        if n.finish is not None
        and intersect(n.allowed, ((day_start - n.duration, latest_end - n.duration),))
    }
    places |= {  # (departures only: every venue after it made the preference search of
        # the UMONS example unprovable in 30 s, proven in 2.4 s before)
        n.begin
        for n in located
        if n.begin is not None
        and n.begin != n.finish
        and intersect(n.allowed, ((earliest_start, soon),))
    }
    places |= {a.place for a in anchors if a.place is not None and day_start <= a.time <= last}
    return sorted(places)


def add_no_double_booking(b: ModelBuilder) -> None:
    """Rule 1: a participant's items never overlap (implied by the circuits, stated
    directly because CP-SAT propagates it much better). Without the circuits, each item
    is followed by the buffer that any next item keeps, which spares the pairs of items
    at one place a separation of their own."""
    if b.explain:
        return  # the circuits imply it, and a no-overlap cannot be guarded
    padding = 0 if b.travel == "circuits" else b.problem.buffer
    for r, nodes in enumerate(b.nodes):
        intervals = [
            b.model.new_optional_fixed_size_interval_var(
                n.start, n.duration + padding, n.present, f"busy[{r},{k}]"
            )
            if n.present is not None
            else b.model.new_fixed_size_interval_var(
                n.start, n.duration + padding, f"busy[{r},{k}]"
            )
            for k, n in enumerate(nodes)
            if n.duration > 0
        ]
        if len(intervals) > 1:
            b.model.add_no_overlap(intervals)


def add_travel_time(b: ModelBuilder) -> None:
    """Rules 2 and 3: each participant's nodes form one circuit through a free depot; an
    arc u -> v makes v start after u ends plus travel plus buffer. A lunch break is taken
    where the node before it ended (the travel after it), or where the node after it
    begins (the travel before it): an arc into a lunch node from a node ending elsewhere
    must be followed by an arc to a node beginning at the lunch's place."""
    for r, nodes in enumerate(b.nodes):
        if len(nodes) < 2:
            continue
        depot = len(nodes)
        # The depot's own loop: taken when the participant attends nothing at all.
        b.arcs[r][depot, depot] = b.model.new_bool_var(f"idle[{r}]")
        arcs: list[tuple[int, int, cp_model.LiteralT]] = []
        # Explaining: no pruning from the stays, whose guard must be able to lift them
        anchors = [] if b.explain else sorted(n.earliest for n in nodes if n.present is None)
        for k, node in enumerate(nodes):
            if (not node.transparent or node.begin is None) and not anchor_between(
                anchors, -math.inf, node.earliest + node.duration
            ):
                b.arcs[r][depot, k] = b.model.new_bool_var(f"arc[{r},depot,{k}]")
            if not anchor_between(anchors, node.latest_start, math.inf):
                b.arcs[r][k, depot] = b.model.new_bool_var(f"arc[{r},{k},depot]")
            if node.present is not None:
                arcs.append((k, k, node.present.Not()))
        for u, before in enumerate(nodes):
            for v, after in enumerate(nodes):
                if u != v and not anchor_between(
                    anchors, before.latest_start, after.earliest + after.duration
                ):
                    lit = _arc(b, r, u, v, before, after)
                    if lit is not None:
                        b.arcs[r][u, v] = lit
        _lunch_after_the_journey(b, r, nodes)
        arcs.extend((u, v, lit) for (u, v), lit in b.arcs[r].items())
        b.model.add_circuit(arcs)


def _lunch_after_the_journey(b: ModelBuilder, r: int, nodes: list[_Node]) -> None:
    """A lunch reached by a journey (from a node ending elsewhere) is taken where the
    node after it begins: the journey goes there, not to a third place."""
    came: dict[int, list[Literal_]] = {}
    goes: dict[int, list[Literal_]] = {}
    depot = len(nodes)
    for (u, v), lit in b.arcs[r].items():
        if v < depot and nodes[v].transparent and u < depot and nodes[u].finish != nodes[v].begin:
            came.setdefault(v, []).append(lit)
        if u < depot and nodes[u].transparent and v < depot and nodes[v].begin == nodes[u].begin:
            goes.setdefault(u, []).append(lit)
    for k, journeys in came.items():
        b.model.add(sum(journeys) <= sum(goes.get(k, [])))


def _arc(b: ModelBuilder, r: int, u: int, v: int, before: _Node, after: _Node) -> Literal_ | None:
    """The literal of arc ``before -> after`` with its timing constraint, or None if the
    arc can never be taken. Explaining, an arc from or to a night anchor is always made,
    its journey (or the lack of one) under the stays' guard: a circuit must pass every
    anchor, so an anchor left with no arc would make the model infeasible with no named
    rule to blame (0.1 km/h from the hotel to the airport: an empty explanation)."""
    problem = b.problem
    rule = "stays" if before.present is None or after.present is None else "travel_time"
    lifted = b.explain and rule == "stays"  # (anchors' times are their own, explaining)
    unreachable = False
    if after.transparent and before.finish == after.begin:  # taken where it ended
        travel = 0
    elif after.transparent and (
        before.finish is None or after.begin is None or after.begin not in b.departures
    ):
        return None  # (at no place, only after a node at no place; elsewhere, at a departure)
    else:  # (into a lunch at another place: the journey first, to the node after it)
        between = problem.travel_between(before.finish, after.begin)
        if between is None and not lifted:
            return None
        unreachable, travel = between is None, between or 0
    gap = travel + problem.buffer
    if not lifted and before.earliest + before.duration + gap > after.latest_start:
        return None
    lit = b.model.new_bool_var(f"arc[{r},{u},{v}]")
    who = problem.resources[r].id
    guard = b.guard(f"{rule}|{who}")
    if unreachable:  # another city, and no journey there but a transfer
        b.model.add_bool_or([lit.Not()]).only_enforce_if(guard)
    b.model.add(after.start >= before.end + gap).only_enforce_if([lit, *guard])
    if rule == "stays" and b.explain:  # lifting the stays frees the journey, not the order:
        # else a route through a night could hold two items at once, and explanations
        # of a plain clash named the stays
        order = b.guard(f"travel_time|{who}")
        b.model.add(after.start >= before.end).only_enforce_if([lit, *order])
    if travel:  # (a journey before a lunch costs a minute more: the two are otherwise alike)
        b.travel_terms.append((travel + int(after.transparent)) * lit)
    return lit


def add_order(b: ModelBuilder) -> None:
    """Rule 9: ``after: [x]`` - the later task needs x scheduled and starts once x ends,
    travel and buffer included (between whichever options both take)."""
    problem = b.problem
    m = b.model
    for p in problem.precedences:
        first, then = problem.tasks[p.before], problem.tasks[p.after]
        guard = b.guard(f"order|{then.id}|{first.id}")
        m.add_implication(b.present[p.after], b.present[p.before]).only_enforce_if(guard)
        for o1, opt1 in enumerate(first.options):
            for o2, opt2 in enumerate(then.options):
                both = [b.chosen[p.before][o1], b.chosen[p.after][o2]]
                # Between cities only the buffer: each person's own journey is rule 2's.
                travel = problem.travel_between(opt1.end, opt2.begin) or 0
                m.add(
                    b.start[p.after] >= b.start[p.before] + opt1.duration + travel + problem.buffer
                ).only_enforce_if([*both, *guard])


def add_max_meetings_per_day(b: ModelBuilder) -> None:
    """Rule 11: no participant attends more than ``max_per_day`` counted tasks a day."""
    problem = b.problem
    if problem.max_per_day is None or not problem.days:
        return
    m = b.model
    per_day: dict[tuple[int, int], list[Literal_]] = {}
    for i, task in enumerate(problem.tasks):
        if not task.counts_per_day:
            continue
        for d, lit in b.on_day(i).items():
            for r in task.attendees:
                per_day.setdefault((r, d), []).append(lit)
            for r, joined in b.joined[i].items():
                both = m.new_bool_var(f"joins_on_day[{task.id},{r},{d}]")
                m.add_bool_and([lit, joined]).only_enforce_if(both)
                m.add_bool_or([lit.Not(), joined.Not()]).only_enforce_if(both.Not())
                per_day.setdefault((r, d), []).append(both)
    for (r, _), lits in per_day.items():
        if len(lits) > problem.max_per_day:
            guard = b.guard(f"max_meetings_per_day|{problem.resources[r].id}")
            m.add(sum(lits) <= problem.max_per_day).only_enforce_if(guard)


def add_day_capacity(b: ModelBuilder) -> None:
    """Redundant (implied by rule 1): the tasks a participant does on one day fit, end to
    end, between the earliest start and the latest end that day allows them. A linear
    cut that tightens the bound of the first objective level on crowded briefs."""
    problem = b.problem
    if not problem.days or b.explain:
        return
    loads: dict[tuple[int, int], list[tuple[int, Literal_, int, int]]] = {}
    for i, task in enumerate(problem.tasks):
        if len(task.options) != 1:
            continue
        duration = task.options[0].duration
        for d, lit in b.on_day(i).items():
            lo, hi = problem.days[d]
            allowed = intersect(b.allowed[i][0], ((lo, hi - 1),))
            if not allowed:
                continue
            for r in task.attendees:
                loads.setdefault((r, d), []).append(
                    (duration, lit, allowed[0][0], allowed[-1][1] + duration)
                )
    for items in loads.values():
        first = min(x[2] for x in items)
        last = max(x[3] for x in items)
        total = sum(x[0] + problem.buffer for x in items)
        if total > last - first + problem.buffer:
            b.model.add(
                sum((x[0] + problem.buffer) * x[1] for x in items) <= last - first + problem.buffer
            )


def add_pins(b: ModelBuilder) -> None:
    """Re-planning: a pinned task stays exactly where the previous plan had it."""
    for i, task in enumerate(b.problem.tasks):
        if task.pinned and task.previous is not None:
            guard = b.guard(f"pinned|{task.id}")
            b.model.add(b.kept(i) == 1).only_enforce_if(guard)


def _touches(union: Iterable[tuple[int, int]], span: tuple[int, int]) -> bool:
    return any(lo < span[1] and hi >= span[0] for lo, hi in union)


# -- solving ---------------------------------------------------------------------


_STATUS: dict[object, SolveStatus] = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
}


def solve(problem: Problem, options: SolveOptions | None = None) -> Solution:
    """Best solution of ``problem`` within the time limit: priorities first, then the
    soft preferences with the priority total held at its best.

    Phase 1 (``_priorities``) runs on the pairwise form of travel where it is exact
    (``pairs.exact``), which CP-SAT solves and proves far better than the circuits, and
    on the circuits otherwise. A plan found on the pairs is then laid on the circuits
    (``realise``: every task fixed, the arcs follow), which checks it is a route and
    gives phase 2 the travel it weighs. Every budget is work, not wall time
    (``workclock``): with one worker the same problem and seed give the same solution.
    """
    options = options or SolveOptions()
    clock = WorkClock(options.time_limit, options.deadline, reproducible=options.workers <= 1)
    phase1 = clock.seconds * (SOFT_SHARE if options.soft_phase else 1.0)
    closure = shortest_gaps(problem)
    exactly = exact(problem, closure)
    direct = not exactly and direct_is_safe(problem, closure)
    travel: Travel = "pairs" if exactly or direct else "circuits"
    builder = _build(problem, travel, clock, direct)
    if travel == "pairs":  # keep as long again to build the circuits and lay the plan on them
        reserve = min(clock.spent, phase1 / 4)
        phase1 -= reserve
        # (in wall time too; a short solve keeps at most a quarter of its time)
        clock.keep(min(reserve + REALISE_SECONDS, (clock.deadline - clock.began) / 4))
    found = _priorities(builder, options, clock, phase1)
    clock.keep(0.0)
    if isinstance(found, str):
        return _solution(found, clock)
    status, best, bound, values = found
    if direct:  # its bound and proofs are the restriction's: the relaxation's bound instead
        seconds = min(clock.left(), PROOF_SHARE * phase1)
        relaxed = pairs_bound(problem, options, clock, seconds)
        bound = max(best, sum(t.value for t in problem.tasks) if relaxed is None else relaxed)
        status = "optimal" if best >= bound else "feasible"
    window = f"{best + 1},{bound}" if best < bound else ""  # (the last search may not say)
    _log(options, f"#Done {wallclock.monotonic() - clock.began:.2f}s best:{best} next:[{window}]")
    pairs = None
    if travel == "pairs":
        pairs = builder
        circuits = _build(problem, "circuits", clock)
        plan = _choices(builder, values)
        routed = realise(circuits, plan, options, clock, max(clock.left(), 1.0))
        if routed is None:  # not a route after all: plan on the circuits instead
            _log(options, "#Pairs not a route: circuits")
            pairs = None
            found = _priorities(circuits, options, clock, clock.spent + max(clock.left(), 1.0))
            if isinstance(found, str):
                return _solution(found, clock)
            status, best, bound, values = found
        else:
            values = routed
            if direct and best < bound:  # the restriction may have missed a plan: prove,
                # or do better, on the circuits (a detour through a third place is theirs)
                circuits.model.maximize(circuits.priority_value())
                seconds = min(clock.left(), PROOF_SHARE * phase1)
                proved = _prove(
                    circuits,
                    circuits.priority_value(),
                    (best, bound),
                    values,
                    options,
                    clock,
                    seconds,
                )
                best, bound, values = proved
                status = "optimal" if best >= bound else "feasible"
        builder = circuits
    model = builder.model
    value = builder.priority_value()
    soft = 0
    if options.soft_phase:
        objective = builder.soft_value()  # its variables first, for the hint to cover
        model.add(value >= best)
        values = _as_before(builder, (best, values), options, clock) or values
        _hint(model, values)
        model.maximize(objective)
        _log(options, "#Phase preferences")
        # Its share at most, even when phase 1 ended early: a preference search is
        # seldom proven, and so runs to its limit, which must stay well within the clock
        seconds = min(clock.left(), (1 - SOFT_SHARE) * clock.seconds)
        second = _solver(options, clock, max(seconds, min(2.0, options.time_limit)), "circuits")
        code2 = clock.solve(second, model, "circuits")
        if code2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = list(second.response_proto.solution)
            soft = round(second.objective_value)
            # It holds at least phase 1's best, and may have found more (a probe's report
            # said 304 of a plan whose meetings summed to 310)
            best = kept(builder, values)
            if code2 != cp_model.OPTIMAL:
                status = "feasible"
        else:
            status = "feasible" if status == "optimal" else status
    choices = _choices(builder, values)
    return _solution(status, clock, (best, bound, soft), choices, pairs)


def _solution(
    status: SolveStatus,
    clock: WorkClock,
    values: tuple[int, int, int] = (0, 0, 0),
    choices: dict[int, TaskChoice] | None = None,
    pairs: ModelBuilder | None = None,
) -> Solution:
    """A ``Solution`` with ``values`` (priority, bound, soft score) and the time taken."""
    seconds = wallclock.monotonic() - clock.began
    return Solution(status, *values, seconds, choices or {}, clock.spent, pairs)


# Wall seconds a plan is always given to be laid on a model with every task fixed
# (``realise``), even past the deadline: without it a 400-request brief whose
# neighbourhoods ran into the deadline lost its plan of 8428 (the circuits could not
# confirm it in 0.05 s) for the circuits' heuristic's 7144. It takes 0.2-0.6 s there.
REALISE_SECONDS = 2.0
# Wall seconds per constraint to build a model (``ModelBuilder.build``), charged as work:
# a 400-request brief's pairs, 104 000 constraints, 2.55 s on the slower machine
BUILD_SECONDS_PER_CONSTRAINT = 2.5e-5


def _build(
    problem: Problem, travel: Travel, clock: WorkClock, direct: bool = False
) -> ModelBuilder:
    began = wallclock.monotonic()
    builder = ModelBuilder(problem, travel=travel, direct=direct).build()
    clock.charge(BUILD_SECONDS_PER_CONSTRAINT * len(builder.model.proto.constraints), began)
    return builder


def _priorities(
    builder: ModelBuilder, options: SolveOptions, clock: WorkClock, until: float
) -> tuple[SolveStatus, int, int, list[int]] | SolveStatus:
    """Phase 1: the best summed priority until ``clock`` has spent ``until`` nominal
    seconds, as (status, best, bound, solution), or the status alone when there is no
    plan.

    It starts from the heuristic's plan (``hint.py``) with one CP-SAT search; if that
    stops without proving optimality, the rest of the time goes to rounds of
    large-neighbourhood search (``_improve``) from the best plan found, each until it
    stalls, then a proof attempt (``_prove``), until the best is proven or time is up.
    The first proof's time also goes to a tighter bound: on the circuits the bound of
    the pairs (``pairs_bound``), on a pairs model of up to ``LINEAR_BOUND_SIZE``
    constraints that of its full linear relaxation (``linear_bound``)."""
    problem = builder.problem
    model = builder.model
    form = builder.travel
    value = builder.priority_value()
    model.maximize(value)
    began = wallclock.monotonic()
    # A safety net in wall time (the work ends sooner): a share of the time to the
    # deadline, not of the work, which a short solve's build alone may nearly use up
    cutoff = clock.began + RESTART_CUTOFF * (clock.deadline - clock.began)
    hinted = add_heuristic_hint(builder, options.time_limit, options.seed, cutoff)
    clock.charge(hinted or 0.0, began)
    start = None if hinted is None else _hinted_values(model)  # the heuristic's plan
    if start is not None and form == "pairs":  # the pairs' order literals are not hinted
        realised = realise(builder, _choices(builder, start), options, clock, until - clock.spent)
        if realised is not None:
            start = realised
            _hint(model, start)
    if hinted is None:
        for i, task in enumerate(problem.tasks):
            if not task.required:  # start from "nothing optional": a solution if any is
                for lit in builder.chosen[i]:
                    model.add_hint(lit, False)
    _log(options, "#Phase priorities")
    share = FIRST_SEARCH_SHARE[hinted is not None]
    large = form == "pairs" and len(model.proto.variables) > WHOLE_SEARCH_VARIABLES
    if form == "pairs":  # searched whole if small, else only long enough for a bound
        share = 0.0 if large else max(share, WHOLE_SEARCH_SHARE)
    # A bound on a core of its own: by day where the pairs are exact, else without travel
    background: BackgroundBound | None = None
    worth = WITHOUT_TRAVEL_SECONDS_PER_CONSTRAINT * len(model.proto.constraints)
    if large and hinted is not None and options.workers >= 2 and until - clock.spent >= worth:
        stop = min(wallclock.monotonic() + until - clock.spent, clock.deadline - clock.kept)
        if not builder.direct and can_bound(problem):
            background = DayBound(problem, options.seed, stop)
        elif _travels(problem):
            plan = _choices(builder, _hinted_values(model))
            background = BoundWithoutTravel(problem, plan, options.seed, stop)
        if background is not None:
            options = replace(options, workers=options.workers - 1)
    # Long enough to presolve, without which there is no bound (capped: a plan matters
    # more); by its work even with several workers, whose wall clock once cut the
    # presolve of 400-request briefs short (no bound but the sum of all priorities)
    presolve = PRESOLVE_WORK_PER_CONSTRAINT * len(model.proto.constraints)
    presolve = min(presolve / DETERMINISTIC_PER_SECOND[form], 0.4 * until)
    first = max(min(until * share, until - clock.spent), presolve)
    trivial = sum(t.value for t in problem.tasks)  # the bound before any is proven
    solver = _solver(options, clock, first, form, by_work=large)
    code = clock.solve(solver, model, form)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"internal error: invalid CP-SAT model: {model.validate()}")
    if code == cp_model.UNKNOWN and hinted is None:  # a bound but no plan yet: search on
        solver = _solver(options, clock, until - clock.spent, form)
        code = clock.solve(solver, model, form)
    status = _STATUS.get(code, "unknown")
    # No plan from the search: the heuristic's, where it keeps every rule (``_checked``)
    checked = _checked(builder, start, options, clock, ALONE) if status == "unknown" else None
    if checked is not None:
        best, values = kept(builder, checked), checked
        bound = trivial  # nothing better is proven yet
        status = "feasible"
    elif status in ("infeasible", "unknown"):
        if background is not None:  # (a plan was hinted: not expected)
            background.stop()
        return status
    else:
        best = round(solver.objective_value)
        bound = round(solver.best_objective_bound)
        values = list(solver.response_proto.solution)
        # CP-SAT's presolve may break a hint: it orders symmetric tasks (66 identical
        # meetings of one person: the heuristic's 54 "repaired" to none; a plan at 5 s on
        # a loaded machine kept 1)
        if start is not None and kept(builder, start) > best:
            checked = _checked(builder, start, options, clock)
        if checked is not None:
            best, values = kept(builder, checked), checked
            status = "optimal" if best >= bound else status
    rng = random.Random(options.seed)
    # A tighter bound, tried once: on the circuits the pairs' (``pairs_bound``), on the
    # pairs their full linear relaxation (``linear_bound``) where it is quick
    tightened = form == "pairs" and len(model.proto.constraints) > LINEAR_BOUND_SIZE
    hoods = None  # the pairs' small neighbourhood models, if there is time to set them up
    setup = NEIGHBOURHOODS_SECONDS_PER_CONSTRAINT * len(model.proto.constraints)
    enough = setup + NEIGHBOURHOODS_LEAST * NEIGHBOURHOOD_SECONDS
    if form == "pairs" and status != "optimal" and until - clock.spent > enough:
        began = wallclock.monotonic()
        try:
            hoods = builder.neighbourhoods = Neighbourhoods(builder)
        except OSError as error:  # no temporary folder: copies of the whole model instead
            _log(options, f"#Neighbourhoods not set up: {error}")
        clock.charge(setup, began)
    while status != "optimal":
        if background is not None and background.ended():
            found = (background.stop(), background.name)
            bound = _tighten(options, (best, bound), found, clock.began)
            background = None
            if best >= bound:
                status = "optimal"
                break
        remaining = until - clock.spent
        proof = min(remaining, PROOF_SHARE * until)
        if remaining < 0.1 or clock.overdue():
            break
        near = bound - best <= PROOF_GAP * bound
        kept_for_proof = proof if near or not tightened else 0.0  # (the tighter bound first)
        best, values = _improve(
            (builder, hoods),
            value,
            (best, values, bound),
            options,
            (clock, remaining - kept_for_proof),
            rng,
        )
        if best < bound and not tightened:
            tightened = True
            spent = clock.spent
            seconds = min(until - spent, proof)
            if form == "pairs":
                relaxed = linear_bound(builder, values, options, clock, seconds)
                source = "linear"
            else:
                relaxed, source = pairs_bound(problem, options, clock, seconds), "pairwise"
            bound = _tighten(options, (best, bound), (relaxed, source), clock.began)
            proof -= clock.spent - spent
        if best >= bound:
            status = "optimal"
            break
        proof = min(until - clock.spent, proof)
        best, bound, values = _prove(builder, value, (best, bound), values, options, clock, proof)
        if best >= bound:
            status = "optimal"
    if background is not None:
        found = (background.stop(), background.name)
        bound = _tighten(options, (best, bound), found, clock.began)
        status = "optimal" if best >= bound else status
    return status, best, bound, values


# Seconds of phase 1 left, per constraint of the model, for the bound without travel to
# be worth a core and a build beside the search: a 400-request brief (104 000
# constraints) proves it in 20-30 s, with 38-42 s left at 60 s; a 200-request brief
# (35 000 constraints, 7 s left at 10 s) kept 4595-4642 with it at 10 s, against 4823
# with two workers and no bound; at 30 s (23 s left) 5218 of a bound 5434 with it (5249
# with no bound, 5198 of 5517 with one worker)
WITHOUT_TRAVEL_SECONDS_PER_CONSTRAINT = 3e-4


def kept(builder: ModelBuilder, values: list[int]) -> int:
    """The summed priority of the tasks a solution keeps."""
    tasks = builder.problem.tasks
    return sum(t.value * values[builder.present[i].index] for i, t in enumerate(tasks))


def _travels(problem: Problem) -> bool:
    """Whether any journey between places takes time."""
    return any(t for row in problem.travel for t in row)


def realise(
    builder: ModelBuilder,
    choices: dict[int, TaskChoice],
    options: SolveOptions,
    clock: WorkClock,
    seconds: float,
    least: float = REALISE_SECONDS,
) -> list[int] | None:
    """A full solution of ``builder``'s model with every task fixed as in ``choices``
    (the order and arc literals follow from the starts), or None if there is none;
    ``least`` wall seconds whatever the deadline."""
    part = builder.model.clone()
    for i in range(len(builder.problem.tasks)):
        choice = choices.get(i)
        for o, lit in enumerate(builder.chosen[i]):
            part.add(lit == int(choice is not None and choice.option == o))
        for r, lit in builder.joined[i].items():
            part.add(lit == int(choice is not None and r in choice.joined))
        if choice is not None:
            part.add(builder.start[i] == choice.start)
    part.clear_objective()  # type: ignore[no-untyped-call]
    quiet = replace(options, log=None)  # (its answer is needed: time past the deadline)
    solver = _solver(quiet, clock, seconds, builder.travel, least=least)
    if clock.solve(solver, part, builder.travel) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution)


SOFT_SHARE = 0.7  # of the time limit, for phase 1 when there is a phase 2
PROOF_SHARE = 0.1  # of phase 1, for each proof of the best (``_prove``)
# Time is kept for a proof after the neighbourhood search only when the best is this
# close to the bound (a proof still follows if the search stalls), once the bound of the
# pairs is known: from further, "more than the best" is not decided in the time. Three
# 400-request briefs at 60 s, seeds 0 and 1: 49 064 kept in all with the proof's time
# kept, 49 424 without it
PROOF_GAP = 0.01
# Of the time to the deadline: no route search of the heuristic starts or goes on later
# (its work normally ends long before; this binds on a slower or loaded machine, or on
# TOPTW with many routes, whose checks are slow: r101 with 19 ran 2.4 s past a 60 s limit)
RESTART_CUTOFF = 0.75
# Of phase 1, for the first full search (the rest improves it), by whether it starts from
# the heuristic's plan: then it mostly confirms it and sets the bound, and the
# neighbourhood search makes better use of the time
FIRST_SEARCH_SHARE = {False: 0.4, True: 0.15}
# Of phase 1, for the first search of a pairs model of up to WHOLE_SEARCH_VARIABLES:
# searched whole, it is often proven outright. Generated briefs: 50 requests (about
# 3 000 variables), briefs 3, 5, 6 at 10 s proven in 2.5-3.9 s with 0.5, against 2 / 5 /
# 61 points short of the bound with 0.15; 0.7 rather than 0.5, since brief 6 needs 4.9 s
# on an idle core. 100 requests (about 5 000): brief 1 proven in 16.8 s of 60, brief 3
# in 34 s (3395 of 3527 with 0.5). 200 requests (about 14 000) do better with the
# neighbourhood search: at 10 / 30 s brief 1 kept 4726 / 5294 searched whole against
# 5139 / 5455. A larger pairs model's first search lasts only long enough to presolve
# (PRESOLVE_WORK_PER_CONSTRAINT), for a bound: 400 requests, 8.6 s of 60 at 0.15
# gave the bound and no better plan than the heuristic's.
WHOLE_SEARCH_SHARE = 0.7
WHOLE_SEARCH_VARIABLES = 10_000
# A first search gets at least this many deterministic seconds per constraint (capped at
# 0.4 of phase 1): one stopped before its presolve ends has no bound at all. The
# presolve's work: 0.05-0.1 deterministic seconds for a 400-request brief's 104 000
# constraints (no bound at 0.05, its linear relaxation's at 0.1), 0.002-0.01 for a
# 100-request brief's 11 500 (none at 0.002). In wall time that 400-request brief's
# presolve took 4.1 s on the slower machine: with the wall clock as the budget, such a
# search had once ended with no bound. 2.7 times as much (45 nominal microseconds a
# constraint) left 400-request briefs 6 s less for the neighbourhoods: brief 3 kept 8058.
PRESOLVE_WORK_PER_CONSTRAINT = 1.5e-6


def _as_before(
    builder: ModelBuilder,
    best_values: tuple[int, list[int]],
    options: SolveOptions,
    clock: WorkClock,
) -> list[int] | None:
    """When re-planning, a plan worth ``best`` that keeps every item of the previous
    plan where it was, where its rules still allow it (the rest, and new items, as
    CP-SAT finds them), for the preference search to start from; None if there is none
    (the brief changed where it matters) or no re-plan. Phase 1 keeps only what it must;
    from its plan, the preferences' search seldom found the old places again: a probe
    re-planned an unchanged brief and 9 to 18 items moved at the same priority."""
    best, values = best_values
    placed = [  # (where its rules still allow it: one that cannot stay moves, not all)
        (i, t.previous)
        for i, t in enumerate(builder.problem.tasks)
        if t.previous
        and t.previous.option < len(builder.allowed[i])
        and any(a <= t.previous.start <= b for a, b in builder.allowed[i][t.previous.option])
    ]
    if not placed:
        return None
    part = builder.model.clone()
    for i, previous in placed:
        part.add(builder.start[i] == previous.start)
        part.add(builder.chosen[i][previous.option] == 1)
        if i in builder.keeps:  # so that the hint earns what keeping them is worth
            part.add(builder.keeps[i] == 1)
    part.add(builder.priority_value() >= best)
    part.clear_objective()  # type: ignore[no-untyped-call]
    _hint(part, values)
    seconds = min(clock.left(), AS_BEFORE_SHARE * clock.seconds)
    solver = _solver(replace(options, log=None), clock, max(seconds, 0.05), builder.travel)
    if clock.solve(solver, part, builder.travel) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution)


AS_BEFORE_SHARE = 0.05  # of the time limit, at most


def _checked(
    builder: ModelBuilder,
    plan: list[int] | None,
    options: SolveOptions,
    clock: WorkClock,
    least: float = 0.05,
) -> list[int] | None:
    """The heuristic's ``plan`` laid on the whole model (``realise``), or None where it
    breaks a rule (or there is none): the heuristics keep most rules, not every one (a
    route plan once broke the daily limit, and moved a pin, when taken in place of
    CP-SAT's unchecked). ``least``: wall seconds it gets whatever the deadline."""
    if plan is None:
        return None
    return realise(builder, _choices(builder, plan), options, clock, CHECK_SECONDS, least=least)


CHECK_SECONDS = 1.0  # of work at most; a 400-request model's check takes a fraction
# Wall seconds the check gets, past the deadline if need be, where the heuristic's plan
# is the only one: on a loaded machine (load 3.4 on two cores) a 100-request brief at
# 0.3 s had no plan in two runs of three, its check cut off at 0.05 s
ALONE = 0.5


def _hinted_values(model: cp_model.CpModel) -> list[int]:
    """The model's hint as a solution vector (the heuristic's hint is complete; a fixed
    variable it leaves out reads 0, which ``_choices`` never reads)."""
    values = [0] * len(model.proto.variables)
    hint = model.proto.solution_hint
    for var, value in zip(hint.vars, hint.values, strict=True):
        values[var] = value
    return values


def _hint(model: cp_model.CpModel, values: list[int]) -> None:
    model.clear_hints()  # type: ignore[no-untyped-call]
    model.proto.solution_hint.vars.extend(range(len(values)))
    model.proto.solution_hint.values.extend(values)


def _improve(
    builder_and_hoods: tuple[ModelBuilder, Neighbourhoods | None],
    value: cp_model.LinearExprT,
    best_values_bound: tuple[int, list[int], int],
    options: SolveOptions,
    clock_and_seconds: tuple[WorkClock, float],
    rng: random.Random,
) -> tuple[int, list[int]]:
    """Large-neighbourhood search: free the tasks that may start in a random stretch of
    time (on small parts, sometimes two whole days: ``DAY_PAIR_SHARE``), keep every other
    task as it is, and re-solve that part for a higher value.
    Stops once ``clock`` has spent ``seconds`` more (work: reproducible), after
    ``LNS_PATIENCE`` parts in a row without a better plan (time for a proof), or on
    reaching the bound. Each part is a small model of its own where ``hoods`` are set up
    (on the pairs, given the time), which starts from the plan and may answer with it,
    else a copy of the whole model asked for more than the best."""
    builder, hoods = builder_and_hoods
    clock, seconds = clock_and_seconds
    problem = builder.problem
    form = builder.travel
    best, values, bound = best_values_bound
    stale = 0
    end = clock.spent + seconds
    width = max(problem.horizon // 8, 60)
    step_size = NEIGHBOURHOOD_SECONDS if hoods is not None else _lns_step(builder.model)
    spans = [normalize(p for allowed in options_ for p in allowed) for options_ in builder.allowed]
    worth = [task.value for task in problem.tasks]
    while (
        end - clock.spent > 0.05 and not clock.overdue() and stale < LNS_PATIENCE and best < bound
    ):
        day_pair = hoods is not None and rng.random() < DAY_PAIR_SHARE
        lo, hi = (
            _day_pair(problem.days, problem.horizon, rng)
            if day_pair
            else _stretch(problem.horizon, width, rng)
        )
        effort, per_freed = (DAY_PAIR_EFFORT, 1) if day_pair else (1, LNS_OFFERED_PER_FREED)
        done = {i for i in range(len(spans)) if values[builder.present[i].index]}
        free = {i for i in done if lo <= values[builder.start[i].index] <= hi}
        absent = [
            i for i in range(len(spans)) if i not in done and intersect(spans[i], ((lo, hi),))
        ]
        offered = min(len(absent), max(LNS_NEW_TASKS, per_freed * len(free)))
        free |= set(_favouring_value(absent, offered, worth, rng))
        if not free:
            continue
        changing: set[int] | None = None
        if hoods is not None:
            part, changing = hoods.model(free, values)
        else:
            part = builder.model.clone()
            for i in range(len(problem.tasks)):
                if i not in free:
                    _keep(part, builder, i, values)
            part.add(value >= best + 1)
            _hint(part, values)
        step = min(effort * step_size, end - clock.spent)
        solver = _solver(replace(options, log=None), clock, step, form)
        params = solver.parameters
        params.random_seed = rng.randrange(1 << 30)
        if hoods is not None:  # a small part, mostly fixed: a light presolve
            params.symmetry_level = 0
            params.max_presolve_iterations = 1
        code = clock.solve(solver, part, form)
        stale += 1
        better = code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value > best
        if better:  # (a small model's answer may be the plan it was given)
            best, stale = round(solver.objective_value), 0
            found = list(solver.response_proto.solution)
            values = found if changing is None else merge(values, found, changing)
            elapsed = wallclock.monotonic() - clock.began
            _log(options, f"#LNS {elapsed:.2f}s best:{best}")
        if not day_pair:  # solved: try a larger stretch; else a smaller one
            solved = code in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
            width = min(problem.horizon, width * 6 // 5) if solved else max(60, width * 7 // 10)
    return best, values


def _stretch(horizon: int, width: int, rng: random.Random) -> tuple[int, int]:
    """A stretch of ``width`` minutes centred anywhere in ``[0, horizon]``, as (first,
    last) minute."""
    centre = rng.randrange(horizon + 1)
    return centre - width // 2, centre + width // 2


def _day_pair(
    days: tuple[tuple[int, int], ...], horizon: int, rng: random.Random
) -> tuple[int, int]:
    """Two whole consecutive ``days`` (the last day alone, or all of ``[0, horizon]``
    without days), as (first, last) minute."""
    if not days:
        return 0, horizon
    d = rng.randrange(len(days))
    return days[d][0], days[min(d + 1, len(days) - 1)][1] - 1


def _prove(
    builder: ModelBuilder,
    value: cp_model.LinearExprT,
    best_and_bound: tuple[int, int],
    values: list[int],
    options: SolveOptions,
    clock: WorkClock,
    seconds: float,
) -> tuple[int, int, list[int]]:
    """Search for a plan worth more than the best so far, the objective stated as a
    constraint: CP-SAT propagates "at least best + 1" far better than it raises an
    objective's bound, so this often proves the best optimal in a fraction of a second
    where the first search's bound had stalled (a generated 50-request brief: 1758 of a
    bound 1768 after 60 s; "at least 1759" is infeasible in 0.3 s). Returns the best, a
    bound and the solution, the bound at the best when proven."""
    best, bound = best_and_bound
    if seconds <= 0.05:
        return best, bound, values
    part = builder.model.clone()
    part.add(value >= best + 1)
    _hint(part, values)
    solver = _solver(replace(options, log=None), clock, seconds, builder.travel)
    code = clock.solve(solver, part, builder.travel)
    if code == cp_model.INFEASIBLE:
        _log(options, f"#LNS {seconds:.2f}s best:{best} next:[]")
        return best, best, values
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = round(solver.objective_value)
        values = list(solver.response_proto.solution)
        if code == cp_model.OPTIMAL:
            bound = found
        else:
            bound = min(bound, max(found, round(solver.best_objective_bound)))
        _log(options, f"#LNS {seconds:.2f}s best:{found} next:[{found + 1},{bound}]")
        return found, bound, values
    # Stopped without an answer: its bound may be a placeholder (0 before presolve ends)
    return best, bound, values


def _tighten(
    options: SolveOptions,
    best_and_bound: tuple[int, int],
    relaxed_and_source: tuple[int | None, str],
    began: float,
) -> int:
    """The lower of the bound and another one (``relaxed``, None if none was found),
    logged with its ``source`` when lower (``began``: when the solve began)."""
    best, bound = best_and_bound
    relaxed, source = relaxed_and_source
    if relaxed is None or relaxed >= bound:
        return bound
    window = f"{best + 1},{relaxed}" if best < relaxed else ""
    elapsed = wallclock.monotonic() - began
    _log(options, f"#Bound {elapsed:.2f}s best:{best} next:[{window}] {source}")
    return relaxed


# Models of up to this many constraints get a bound from their full linear relaxation
# (``linear_bound``): on a generated 200-request brief (35 000 constraints) it is 5533
# within 2 s, against 5590 from the first search, or 5588 after 30 s of search; on a
# 400-request brief (100 000) it gives no bound within 10 s
LINEAR_BOUND_SIZE = 50_000


def linear_bound(
    builder: ModelBuilder,
    values: list[int],
    options: SolveOptions,
    clock: WorkClock,
    seconds: float,
) -> int | None:
    """At least what any plan of ``builder``'s model keeps in priorities: CP-SAT's bound
    with the full linear relaxation (linearization level 2, which the searches skip: it
    slows them more than it helps), from the plan ``values``; None if it found none."""
    if seconds <= 0.05:
        return None
    part = builder.model.clone()
    _hint(part, values)
    return _bound(part, builder.travel, options, (clock, seconds), linearization_level=2)


def pairs_bound(
    problem: Problem, options: SolveOptions, clock: WorkClock, seconds: float
) -> int | None:
    """At least what any plan of ``problem`` keeps in priorities: CP-SAT's bound on the
    pairwise form of travel (``ModelBuilder(travel="pairs")``, a relaxation where the
    travel breaks the triangle inequality), or None if it found none."""
    if seconds <= 0.05:
        return None
    relaxed = ModelBuilder(problem, travel="pairs").build()
    relaxed.model.maximize(relaxed.priority_value())
    return _bound(relaxed.model, "pairs", options, (clock, seconds))


class BoundWithoutTravel(BackgroundBound):
    """The optimum of the problem without travel (``without_travel``), searched on a
    core of its own while phase 1 searches on the others: every plan is also a plan
    without travel, so that optimum bounds the real one. Without travel CP-SAT often
    proves it where it cannot prove the real one: generated 400-request briefs 1, 3, 4,
    6 proven at 8201, 8382, 7664, 8031 in 30-34 s on one core, against bounds of 8229,
    8448, 7739, 8131 with travel. Only with two or more workers (``_priorities``): on
    one core the time is worth more to the plan. Its search starts from ``plan``. Where
    the pairs are exact, ``daybound.DayBound`` takes its place.
    """

    name = "without travel"

    def __init__(self, problem: Problem, plan: dict[int, TaskChoice], seed: int, until: float):
        """Search until ``until`` (a ``time.monotonic()``) at the latest."""
        super().__init__()
        self._problem, self._plan, self._seed, self._until = problem, plan, seed, until
        self.start()

    def search(self) -> None:
        relaxed = ModelBuilder(without_travel(self._problem), travel="pairs").build()
        model = relaxed.model
        model.maximize(relaxed.priority_value())
        for i, choice in self._plan.items():
            model.add_hint(relaxed.chosen[i][choice.option], True)
            model.add_hint(relaxed.start[i], choice.start)
        solver = new_solver(1, self._seed)
        solver.parameters.max_time_in_seconds = max(self._until - wallclock.monotonic(), 0.05)
        if self.solve(solver, model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.bound = round(solver.best_objective_bound)


def _bound(
    model: cp_model.CpModel,
    form: Travel,
    options: SolveOptions,
    clock_and_seconds: tuple[WorkClock, float],
    linearization_level: int | None = None,
) -> int | None:
    """CP-SAT's bound on ``model``'s objective after at most ``seconds`` of work, or
    None if it stopped with no solution (infeasible cannot be: a plan exists; unknown
    bounds nothing, its bound may be a placeholder)."""
    clock, seconds = clock_and_seconds
    solver = _solver(replace(options, log=None), clock, seconds, form)
    if linearization_level is not None:
        solver.parameters.linearization_level = linearization_level
    if clock.solve(solver, model, form) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return round(solver.best_objective_bound)


# Nominal seconds of work per neighbourhood that is a copy of the whole model (of up to
# LNS_STEP_VARIABLES; larger ones in proportion): 0.3 deterministic seconds on the
# circuits, as before the work clock
LNS_STEP = 2.0
LNS_STEP_VARIABLES = 10_000
# Nominal seconds of work per small neighbourhood model, besides its load: parts of
# 20 000-75 000 constraints of 400-request briefs took 0.2-1.5 s to load and presolve for
# 0.01-0.2 deterministic seconds of search; two 400-request briefs kept 7991 / 8283 with
# 0.75 s of wall time each, 8082 / 8403 with 1.5 s (before the work clock)
NEIGHBOURHOOD_SECONDS = 1.5
# Setting up the neighbourhoods (``Neighbourhoods``: which constraints name which
# variables) takes about this long per constraint: 0.83-0.90 s for the 98 600-106 500 of
# three 400-request briefs, about as much with a second run beside it (1.1-2.5 s before it
# read a parsed copy of the model)
NEIGHBOURHOODS_SECONDS_PER_CONSTRAINT = 9e-6
# Without time for the setup and this many small neighbourhoods (NEIGHBOURHOOD_SECONDS
# each at least), each neighbourhood is a copy of the whole model instead, which starts at
# once and takes larger steps: 400 requests at 10 s (3.9 s left) kept 7402 / 7364 on
# briefs 1 and 3 so at 4a6b1b8 and 7485 / 7677 with this rule, 7193 / 7186 and 7063 /
# 7132 with the neighbourhoods set up
NEIGHBOURHOODS_LEAST = 3
LNS_NEW_TASKS = 10  # absent tasks offered to a neighbourhood, at least (``_favouring_value``)
LNS_OFFERED_PER_FREED = 2  # ... and otherwise this many per task it frees (a day pair: 1)
LNS_PATIENCE = 15  # neighbourhoods in a row without a better plan before a proof
# Of the small neighbourhoods, those that free two whole consecutive days and offer as
# many absent tasks as they free, with DAY_PAIR_EFFORT times the time: on a brief where
# the daily meeting limit binds everywhere, each day alone is soon at its best given the
# others, and what is left is to move meetings between days. 400-request brief 3 at 60 s,
# seeds 0-3: 8280 / 8256 / 8301 / 8301 against 8203 / 8264 / 8234 / 8264 (bound 8447);
# briefs 1 and 2 with seed 0: 8145 / 8420 against 8108 / 8417
DAY_PAIR_SHARE = 0.3
DAY_PAIR_EFFORT = 2


def _favouring_value(tasks: list[int], k: int, values: list[int], rng: random.Random) -> list[int]:
    """``k`` of ``tasks`` drawn at random without replacement, each with odds in
    proportion to its value squared (the keys u ** (1 / weight) of Efraimidis and
    Spirakis, IPL 97 (2006) 181): a neighbourhood that is offered the valuable absent tasks
    more often finds the exchanges that pay. Three 400-request briefs at 60 s, seeds 0-3:
    brief 3 kept 8273 on average against 8162 with a uniform draw (8245-8301 against
    8130-8197), briefs 1 and 2 the same within the noise (8074 / 8402 against 8082 /
    8406); value to the power 1 or 3 gained less."""
    weights = {i: max(1, values[i]) ** 2 for i in tasks}
    return sorted(tasks, key=lambda i: rng.random() ** (1.0 / weights[i]), reverse=True)[:k]


def _lns_step(model: cp_model.CpModel) -> float:
    """Nominal seconds for one neighbourhood: each is a copy of the whole model,
    presolved again, so a large model needs longer before its search even starts (400
    requests, 78 000 variables, two briefs: 7251 / 7404 kept at 60 s with 0.3
    deterministic seconds, 7576 / 7687 with 1.0)."""
    return LNS_STEP * max(1.0, len(model.proto.variables) / LNS_STEP_VARIABLES)


def _keep(part: cp_model.CpModel, builder: ModelBuilder, i: int, values: list[int]) -> None:
    """Fix task i (its option, who joins, its start) to what it is in ``values``."""
    for lit in (*builder.chosen[i], *builder.joined[i].values()):
        part.add(lit == values[lit.index])
    if values[builder.present[i].index]:
        part.add(builder.start[i] == values[builder.start[i].index])


def _log(options: SolveOptions, line: str) -> None:
    if options.log is not None:
        options.log(line)


def _solver(
    options: SolveOptions,
    clock: WorkClock,
    seconds: float,
    form: Travel,
    *,
    least: float = 0.05,
    by_work: bool = False,
) -> cp_model.CpSolver:
    """A solver for ``seconds`` of work on a model of ``form``, and ``least`` wall
    seconds whatever the deadline (``WorkClock.limit``, as ``by_work``)."""
    solver = new_solver(options.workers, options.seed)
    params = solver.parameters
    clock.limit(solver, seconds, form, least=least, by_work=by_work)
    if options.log is not None:
        params.log_search_progress = True
        params.log_to_stdout = False
        solver.log_callback = options.log
    return solver


def new_solver(workers: int, seed: int) -> cp_model.CpSolver:
    """A CP-SAT solver with the settings every search of ours shares."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = max(1, workers)
    params.random_seed = seed
    # Probing at presolve costs more than it prunes on these circuit models: measured
    # 6.4 s -> 3.3 s on the reference brief and 6.6 s -> 1.2 s on the UMONS example.
    params.cp_model_probing_level = 0
    return solver


def _choices(builder: ModelBuilder, values: list[int]) -> dict[int, TaskChoice]:
    """The tasks done in a solution (``values`` indexed like the model's variables)."""
    choices: dict[int, TaskChoice] = {}
    for i in range(len(builder.problem.tasks)):
        if not values[builder.present[i].index]:
            continue
        option = next(o for o, lit in enumerate(builder.chosen[i]) if values[lit.index])
        joined = tuple(r for r, lit in builder.joined[i].items() if values[lit.index])
        choices[i] = TaskChoice(option, values[builder.start[i].index], joined)
    return choices
