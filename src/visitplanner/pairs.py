"""Rules 2 and 3 without circuits: each pair of a participant's items is kept apart.

Two items of one participant on the same day come one after the other, separated by at
least the shortest way between them (travel plus a buffer per leg) - a disjunction per
pair instead of a circuit through all of them. When the travel times obey the triangle
inequality (``exact``), a plan that keeps every pair apart is a route: sorted by start,
each item follows the one before it by the travel between them. Lunch is taken where the
item before it ended and the travel comes after it, so each lunch names the item just
before it (a literal per candidate). Places in cities with no road between them are
joined only by a move (an item that ends elsewhere than it begins: a flight), which the
pair's order then needs in between.

On the generated briefs of ``benchmarks/scale.py`` CP-SAT solves this form to optimality
where the circuits leave a gap: six 50-request briefs proven in 1-5 s, against one in
six in 10 s with the circuits (docs/benchmarks.md). Without ``exact`` it is a relaxation
and bounds the problem (``solver.pairs_bound``); kept apart by the direct journeys
instead (``direct_is_safe``), a restriction whose plans are routes, which the search uses.
"""

from __future__ import annotations

import bisect
import math
from typing import TYPE_CHECKING

from visitplanner.problem import Problem

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import LiteralT

    from visitplanner.solver import Literal_, ModelBuilder, _Node

UNREACHABLE = math.inf


def anchor_between(anchors: list[int], after: float, before: float) -> bool:
    """Whether a night anchor (``anchors``: their times, sorted) lies strictly between
    ``after`` and ``before``. Times never decrease along a participant's day, so two
    items cannot be next to each other when such an anchor falls after the first's
    latest start and before the second's earliest end: the anchor, which every
    participant passes, would fit nowhere between them. A Monday-only meeting is never
    paired with a Wednesday-only one (a generated 50-request week: 4 539 variables of the
    circuits instead of 6 064)."""
    i = bisect.bisect_right(anchors, after)
    return i < len(anchors) and anchors[i] < before


def shortest_gaps(problem: Problem) -> list[list[float]]:
    """Place -> place: the least time between leaving one and arriving at the other
    along roads, a buffer per leg (the buffer alone from a place to itself);
    ``UNREACHABLE`` between places no road joins."""
    gap = direct_gaps(problem)
    n = len(gap)
    for k in range(n):
        via = gap[k]
        for p in range(n):
            first = gap[p][k]
            if first == UNREACHABLE:
                continue
            row = gap[p]
            for q in range(n):
                if first + via[q] < row[q]:
                    row[q] = first + via[q]
    return gap


def direct_gaps(problem: Problem) -> list[list[float]]:
    """Place -> place: the journey straight from one to the other and a buffer (the
    buffer alone from a place to itself); ``UNREACHABLE`` where no road joins them."""
    n = len(problem.travel)
    return [
        [
            problem.buffer
            if p == q
            else (t + problem.buffer if (t := problem.travel[p][q]) is not None else UNREACHABLE)
            for q in range(n)
        ]
        for p in range(n)
    ]


def direct_is_safe(problem: Problem, closure: list[list[float]] | None = None) -> bool:
    """Whether the pairs may keep every two items apart by the journey straight between
    them (``ModelBuilder(direct=True)``) where the travel breaks the triangle inequality
    (a measured ``travel.times`` entry shorter than the estimates around it): every two
    places a way joins are joined by a road of their own, so the pairs that the order
    through moves and anchors leaves out (``UNREACHABLE``) are the same. Two consecutive
    items are then apart by their journey, as the rules ask, and two others by more than
    the rules do: a restriction, whose every plan is a route. ``closure``: the
    problem's ``shortest_gaps``, if already worked out (on 200 places, 0.4 s each time)."""
    closure = shortest_gaps(problem) if closure is None else closure
    direct = direct_gaps(problem)
    return all(
        (a == UNREACHABLE) == (b == UNREACHABLE)
        for row, other in zip(closure, direct, strict=True)
        for a, b in zip(row, other, strict=True)
    )


def exact(problem: Problem, closure: list[list[float]] | None = None) -> bool:
    """Whether the pairs describe routes exactly: no way between two places is shorter
    through a third (the travel obeys the triangle inequality, buffers counted), nor is
    there one through a third between two places no road joins (a station and a venue
    in another city, joined only by a drive from the hotel: a probe's plan of 310 on the
    pairs was no route, the circuits' best 235). ``closure``: as for ``direct_is_safe``."""
    gap = shortest_gaps(problem) if closure is None else closure
    return all(
        gap[p][q] == (UNREACHABLE if t is None else t + problem.buffer)
        for p, row in enumerate(problem.travel)
        for q, t in enumerate(row)
        if p != q
    )


def add_travel_pairs(b: ModelBuilder) -> None:
    """Rules 2 and 3, pairwise: for every two items of a participant that may fall on
    the same day, one ends and the other starts at least the shortest gap later (travel
    and buffer); lunches name the item before them (``_add_lunch_places``)."""
    gap = direct_gaps(b.problem) if b.direct else shortest_gaps(b.problem)
    buffer = b.problem.buffer
    done: set[tuple[object, ...]] = set()
    for r, nodes in enumerate(b.nodes):
        anchors = sorted(n.earliest for n in nodes if n.present is None)
        moves = [n for n in nodes if _move(n)]
        landmarks = bool(anchors or moves)
        for i, u in enumerate(nodes):
            for v in nodes[i + 1 :]:
                if (u.task is not None and u.task == v.task) or not _same_day(anchors, u, v):
                    continue
                if u.present is None and v.present is None:
                    continue
                ways = (_gap(gap, buffer, u, v), _gap(gap, buffer, v, u))
                if max(ways) <= buffer:
                    continue  # the padded no-overlap keeps them apart
                if min(ways) == UNREACHABLE and landmarks and not _landmark(u) and not _landmark(v):
                    continue  # kept apart through the anchors and moves (``_landmark``)
                key = (_key(r, u, ways), _key(r, v, ways))
                if key in done:
                    continue
                done.add(key)
                _add_order(b, gap, (u, v), moves)
        _add_lunch_places(b, r, nodes, anchors)


def _same_day(anchors: list[int], u: _Node, v: _Node) -> bool:
    return not anchor_between(
        anchors, u.latest_start, v.earliest + v.duration
    ) and not anchor_between(anchors, v.latest_start, u.earliest + u.duration)


def _landmark(n: _Node) -> bool:
    """An anchor or a move. Between two of them, or before the first or after the last,
    a participant stays on one network of roads, so an item there must be reachable from
    them without a move between (their pairs say so); two items on different networks
    are then never next to each other, and their own pair is not needed."""
    return n.present is None or _move(n)


def _move(n: _Node) -> bool:
    """An item that ends elsewhere than it begins (a flight): the only way between cities."""
    return n.begin != n.finish and not n.transparent


def _gap(gap: list[list[float]], buffer: int, before: _Node, after: _Node) -> float:
    if before.finish is None or after.begin is None:
        return buffer
    return gap[before.finish][after.begin]


def _key(r: int, n: _Node, ways: tuple[float, float]) -> tuple[object, ...]:
    """What makes two pairs the same constraint: the same items with the same presence
    (a task's attendees share its literals), unless a move of this participant is needed."""
    if n.present is None or UNREACHABLE in ways:
        return (r, id(n))
    return (n.task, n.option, n.begin, n.finish, id(n.present))


def _add_order(
    b: ModelBuilder, gap: list[list[float]], pair: tuple[_Node, _Node], moves: list[_Node]
) -> None:
    """When both items are there, one follows the other by its separation: one literal
    chooses which where both orders fit their windows, none where one order does, and
    they are never both there where neither does."""
    m = b.model
    both = [n.present for n in pair if n.present is not None]
    u, v = pair
    orders = [o for o in (_order(b, gap, (u, v), moves), _order(b, gap, (v, u), moves)) if o]
    absent: list[LiteralT] = [x.Not() for x in both]
    if not orders:
        m.add_bool_or(absent)
        return
    conditions: list[tuple[list[LiteralT], list[LiteralT]]]  # (when, when not)
    if len(orders) == 1:
        conditions = [(list(both), absent)]
    else:
        first = m.new_bool_var("")
        conditions = [
            ([first, *both], [first.Not(), *absent]),
            ([first.Not(), *both], [first, *absent]),
        ]
    for (before, after, separation, through), (when, otherwise) in zip(
        orders, conditions, strict=True
    ):
        m.add(after.start >= before.end + separation).only_enforce_if(when)
        if through is None:
            continue
        between: list[Literal_] = []
        for move in through:  # places no road joins: a move comes between
            via = m.new_bool_var("")
            if move.present is not None:
                m.add_implication(via, move.present)
            m.add(move.start >= before.end + b.problem.buffer).only_enforce_if(via)
            m.add(after.start >= move.end + b.problem.buffer).only_enforce_if(via)
            between.append(via)
        m.add_bool_or([*otherwise, *between])


def _order(
    b: ModelBuilder,
    gap: list[list[float]],
    ordered: tuple[_Node, _Node],
    moves: list[_Node],
) -> tuple[_Node, _Node, int, list[_Node] | None] | None:
    """The second item following the first: (first, second, separation, the moves that
    could come between where no road joins them, else None); None if it cannot. Between
    places no road joins, only the buffer is counted and a move must come between: one
    leaving the first item's roads (the first move after it does)."""
    before, after = ordered
    buffer = b.problem.buffer
    way = _gap(gap, buffer, before, after)
    separation = buffer if way == UNREACHABLE else int(way)
    if before.earliest + before.duration + separation > after.latest_start:
        return None
    if way < UNREACHABLE:
        return before, after, separation, None
    through = [
        move
        for move in moves
        if move is not before
        and move is not after
        and _gap(gap, buffer, before, move) < UNREACHABLE
        and before.earliest + before.duration + buffer <= move.latest_start
        and move.earliest + move.duration + buffer <= after.latest_start
    ]
    return (before, after, separation, through) if through else None


def _add_lunch_places(b: ModelBuilder, r: int, nodes: list[_Node], anchors: list[int]) -> None:
    """Rule 2 around a lunch: it is taken where the item just before it ended (at no
    place: first of all, or after an item at no place), the travel to the next item
    after it; or where the item just after it begins, the travel before it. Each lunch's
    node at place q (``_nodes`` makes one per place) is taken only right after an item
    ending at q (the last to end before the lunch) or right before one beginning at q
    (the first to start after it); the pairs of that node with the other items hold the
    travel from and to q."""
    m = b.model
    buffer = b.problem.buffer
    lunches: dict[int, list[_Node]] = {}
    for n in nodes:
        if n.transparent and n.task is not None:
            lunches.setdefault(n.task, []).append(n)
    for task, places in lunches.items():
        lunch = places[0]  # the places share start, end and window
        present = b.attendance(task, lunch.option, r)  # type: ignore[arg-type]
        at = {n.begin: n for n in places}
        others = [n for n in nodes if n.task != task and _same_day(anchors, n, lunch)]
        last_end = m.new_int_var(0, b.problem.horizon, "")  # of the item just before it
        previous: list[tuple[_Node, Literal_]] = []
        for w in others:
            if w.finish not in at or w.earliest + w.duration + buffer > lunch.latest_start:
                continue
            lit = m.new_bool_var("")
            m.add_implication(lit, at[w.finish].present)  # type: ignore[arg-type]
            if w.present is not None:
                m.add_implication(lit, w.present)
            m.add(lunch.start >= w.end + buffer).only_enforce_if(lit)
            m.add(last_end == w.end).only_enforce_if(lit)
            previous.append((w, lit))
        first_start = None  # of the item just after it, where a departure may be
        following: list[tuple[_Node, Literal_]] = []
        for w in others:
            if (
                not _move(w)  # (departures only, as the circuits: ``ModelBuilder.departures``)
                or w.begin not in at
                or lunch.earliest + lunch.duration + buffer > w.latest_start
            ):
                continue
            lit = m.new_bool_var("")
            m.add_implication(lit, at[w.begin].present)  # type: ignore[arg-type]
            if w.present is not None:
                m.add_implication(lit, w.present)
            if first_start is None:
                first_start = m.new_int_var(0, b.problem.horizon, "")
            m.add(w.start >= lunch.end + buffer).only_enforce_if(lit)
            m.add(first_start == w.start).only_enforce_if(lit)
            following.append((w, lit))
        first: list[Literal_] = []  # "nothing comes before it", as the circuits' depot arc
        if None in at and not anchor_between(anchors, -math.inf, lunch.earliest + lunch.duration):
            first.append(m.new_bool_var(""))
        if following:  # taken after the item before it, or before a departure
            m.add(sum(lit for _, lit in previous) + sum(first) <= 1)
            m.add(sum(lit for _, lit in following) <= 1)
        for place, n in at.items():
            then = [lit for w, lit in previous if w.finish == place]
            ahead = [lit for w, lit in following if w.begin == place]
            taken = sum(then + ahead + (first if place is None else []))
            assert n.present is not None  # (a lunch is never an anchor)
            m.add(taken >= n.present if following else taken == n.present)
        is_previous = {id(w): lit for w, lit in previous}
        is_following = {id(w): lit for w, lit in following}
        for u in others:
            after = m.new_bool_var("")
            with_u = [u.present] if u.present is not None else []
            m.add(u.start >= lunch.end + buffer).only_enforce_if([after, present, *with_u])
            if first_start is not None:
                m.add(u.start >= first_start).only_enforce_if([after, present, *with_u])
            m.add(lunch.start >= u.end + buffer).only_enforce_if([after.Not(), present, *with_u])
            m.add(u.end <= last_end).only_enforce_if([after.Not(), present, *with_u])
            for lit in first:
                m.add_bool_or([lit.Not(), after, *(x.Not() for x in with_u)])
            if id(u) in is_previous:
                m.add_implication(is_previous[id(u)], after.Not())
            if id(u) in is_following:
                m.add_implication(is_following[id(u)], after)
