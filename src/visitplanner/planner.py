"""``plan(brief) -> Result``: compile, solve, turn the integers back into an itinerary,
and check it independently before anyone sees it."""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from visitplanner.compile import Compiled, compile_brief, travel_minutes
from visitplanner.itinerary import Item, Itinerary, Status, Unscheduled
from visitplanner.models import Brief
from visitplanner.reasons import left_out
from visitplanner.replan import (
    KEEP_BONUS,
    MAX_KEEP_BONUS,
    Change,
    changes,
    sequences,
    with_previous,
)
from visitplanner.solver import Solution, SolveOptions, TaskChoice, solve
from visitplanner.workclock import PLANNED_SHARE

if TYPE_CHECKING:
    from visitplanner.checker import Violation
    from visitplanner.infeasibility import Explanation


REASONS_SHARE = 0.2  # of the time limit, kept for finding why meetings were left out
EXPLAIN_SECONDS = 5.0  # at least, spent finding and shrinking why a brief is infeasible


@dataclass(frozen=True)
class Result:
    """What planning gave: a status, the itinerary (None when infeasible or unknown), the
    objective (summed priority of scheduled optional meetings), its proven bound, the
    soft-preference score, solve seconds, and the independent checker's findings."""

    status: Status
    itinerary: Itinerary | None
    objective: int | None
    bound: int | None
    soft_score: int | None
    solve_seconds: float
    violations: tuple[Violation, ...] = field(default=())
    explanation: Explanation | None = None
    changes: tuple[Change, ...] = ()


def plan(
    brief: Brief,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int = 1,
    previous: Itinerary | None = None,
    pins: tuple[str, ...] = (),
    keep_bonus: int = KEEP_BONUS,
    log: Callable[[str], None] | None = None,
) -> Result:
    """Plan ``brief``; the itinerary returned has been through ``checker.check``.

    With ``previous`` (re-planning), items stay where that plan had them unless moving
    them lets more priority in, or gains more than ``keep_bonus`` soft points each;
    ``pins`` (and meetings with ``pinned: true``) do not move at all. ``log`` receives
    CP-SAT's search log of the main solve (``terminal.ProgressLine`` reads it).
    """
    from visitplanner.checker import check
    from visitplanner.infeasibility import explain_compiled, quick_checks

    SolveOptions(time_limit=time_limit, seed=seed, workers=workers)  # refuses bad ones as given
    if pins and previous is None:
        raise ValueError(f"pins {', '.join(pins)} need previous, the plan to pin them from")
    if not isinstance(keep_bonus, int) or isinstance(keep_bonus, bool):
        raise TypeError(f"keep_bonus must be a whole number, not {keep_bonus!r}")
    if not 0 <= keep_bonus <= MAX_KEEP_BONUS:
        raise ValueError(f"keep_bonus must be from 0 to {MAX_KEEP_BONUS}, got {keep_bonus}")
    deadline = time.monotonic() + time_limit
    compiled = compile_brief(brief)
    if previous is not None:
        compiled = with_previous(compiled, previous, pins=pins, keep_bonus=keep_bonus)
    quick = quick_checks(compiled)
    if quick is not None:
        return Result("infeasible", None, None, None, None, 0.0, explanation=quick)
    solution = solve(
        compiled.problem,
        SolveOptions(
            time_limit=time_limit * (1 - REASONS_SHARE), seed=seed, workers=workers, log=log
        ),
    )
    if solution.status == "infeasible":
        why = explain_compiled(compiled, time_limit=max(EXPLAIN_SECONDS, time_limit))
        return Result("infeasible", None, None, None, None, solution.seconds, explanation=why)
    if solution.status == "unknown":
        return Result("unknown", None, None, None, None, solution.seconds)
    # What the solve left of the time limit, by its work (reproducible), not by the clock
    reasons_budget = max(1.0, time_limit - solution.work / PLANNED_SHARE)
    unscheduled = tuple(
        left_out(compiled, solution, seed=seed, budget=reasons_budget, deadline=deadline)
    )
    itinerary = build_itinerary(compiled, solution, unscheduled)
    found: tuple[Change, ...] = ()
    if previous is not None:
        found = tuple(changes(compiled, previous, itinerary))
        revisions = sequences(previous, itinerary)
        itinerary = itinerary.model_copy(
            update={
                "items": tuple(
                    i.model_copy(update={"sequence": revisions[i.id]}) for i in itinerary.items
                ),
                "revision": previous.revision + 1,
            }
        )
    violations = tuple(check(brief, itinerary))
    return Result(
        solution.status,
        itinerary,
        solution.value,
        solution.bound,
        solution.soft,
        solution.seconds,
        violations,
        changes=found,
    )


def build_itinerary(
    compiled: Compiled, solution: Solution, unscheduled: tuple[Unscheduled, ...] = ()
) -> Itinerary:
    """The solver's choices as dated items, with lunch merged per day and travel legs."""
    brief = compiled.brief
    items: list[Item] = []
    eaten: list[tuple[date, int, str]] = []  # (day, start minute, who) of each lunch
    for index, choice in sorted(solution.choices.items()):
        source = compiled.sources[index]
        task = compiled.problem.tasks[index]
        if source.kind == "lunch":
            day = source.day or compiled.instant(choice.start).date()
            eaten.append((day, choice.start, compiled.resource_ids[task.attendees[0]]))
            continue
        items.append(_item(compiled, index, choice))
    lunches: dict[tuple[date, int, str], list[str]] = defaultdict(list)
    for day, minute, pid in eaten:  # one sitting per time and city
        city = _city_at(brief, items, pid, compiled.instant(minute), day)
        lunches[(day, minute, city)].append(pid)
    minutes = brief.visit.lunch.minutes if brief.visit.lunch else 0
    for item_id, minute, people in _lunch_groups(lunches):
        items.append(
            Item(
                id=item_id,
                kind="lunch",
                title="Lunch",
                start=compiled.instant(minute),
                end=compiled.instant(minute + minutes),
                attendees=tuple(people),
            )
        )
    items.extend(_travel_legs(compiled, items))
    items.sort(key=_item_order)
    return Itinerary(
        visit=brief.visit.id,
        items=tuple(items),
        unscheduled=unscheduled,
    )


_KIND_ORDER = {"travel": 0, "transfer": 1, "fixed": 2, "meeting": 3, "lunch": 4}


def _item_order(item: Item) -> tuple[datetime, int, datetime, str]:
    return (item.start, _KIND_ORDER[item.kind], item.end, item.id)


def _local_date(brief: Brief, moment: datetime) -> date:
    return moment.astimezone(brief.visit.tz).date()


def _city_at(brief: Brief, items: list[Item], pid: str, moment: datetime, day: date) -> str:
    """The city ``pid`` is in at ``moment`` of ``day``: where their last item before it
    ended, else where their next one that day begins, else their hotel of the night
    before; "" where none says."""
    mine = [i for i in items if pid in i.attendees and _local_date(brief, i.start) == day]
    before = [i for i in mine if i.end <= moment]
    after = [i for i in mine if i.start >= moment]
    if before:
        last = max(before, key=lambda i: i.end)
        place = last.to or last.venue
    elif after:
        first = min(after, key=lambda i: i.start)
        place = first.from_ or first.venue
    else:
        place = brief.stays_of(pid).get(day - timedelta(days=1))
    return brief.venue(place).city if place is not None else ""


def _lunch_groups(
    lunches: dict[tuple[date, int, str], list[str]],
) -> list[tuple[str, int, list[str]]]:
    """Lunches as (item id, start minute, people), one per day, start and city:
    ``lunch-<date>`` when everyone eats together that day, ``lunch-<date>-<n>`` for the
    n-th sitting otherwise (two groups in two cities at 12:00 are two sittings)."""
    by_day: dict[date, list[tuple[int, str]]] = defaultdict(list)
    for day, minute, city in lunches:
        by_day[day].append((minute, city))
    groups = []
    for (day, minute, city), people in sorted(lunches.items()):
        sittings = sorted(by_day[day])
        suffix = "" if len(sittings) == 1 else f"-{sittings.index((minute, city)) + 1}"
        groups.append((f"lunch-{day.isoformat()}{suffix}", minute, people))
    return groups


def _item(compiled: Compiled, index: int, choice: TaskChoice) -> Item:
    brief = compiled.brief
    source = compiled.sources[index]
    task = compiled.problem.tasks[index]
    option = task.options[choice.option]
    start = compiled.instant(choice.start)
    end = compiled.instant(choice.start + option.duration)
    attendees = tuple(compiled.resource_ids[r] for r in (*task.attendees, *choice.joined))
    if source.kind == "transfer":
        transfer = next(t for t in brief.transfers if t.id == source.brief_id)
        picked = transfer.options[choice.option]
        return Item(
            id=transfer.id,
            kind="transfer",
            title=transfer.title,
            start=picked.depart,
            end=picked.arrive,
            from_=transfer.from_,
            to=transfer.to,
            option=picked.label,
            attendees=attendees,
        )
    titles = {x.id: x.title for x in brief.meetings} | {x.id: x.title for x in brief.fixed}
    title = titles[source.brief_id]
    return Item(
        id=source.brief_id,
        kind="fixed" if source.kind == "fixed" else "meeting",
        title=title,
        start=start,
        end=end,
        venue=source.option_ids[choice.option],
        attendees=attendees,
    )


def _travel_legs(compiled: Compiled, items: list[Item]) -> list[Item]:
    """Derived legs between a participant's consecutive places (hotel nights included).

    A leg to an item ends ``buffer_minutes`` before it starts; a leg back to the hotel for
    the night starts when the last item of the day ends (after lunch, if lunch is last),
    and a leg from an arrival when it lands (nobody waits at the airport for a meeting an
    hour later, or for lunch: they go, and wait there), or after lunch if lunch comes
    sooner than the way's end; a leg that would cross a lunch goes before it.
    """
    brief = compiled.brief
    buffer = timedelta(minutes=brief.visit.buffer_minutes)
    legs: dict[tuple[str, str, datetime, datetime], list[str]] = defaultdict(list)
    check_ins = {t.id: t.check_in_minutes for t in brief.transfers}
    for person in brief.participants:
        # (start, end, where it begins, where it ends, "item" | "transfer" | "night")
        stops: list[tuple[datetime, datetime, str, str, str]] = []
        lunches = [
            (i.start, i.end) for i in items if i.kind == "lunch" and person.id in i.attendees
        ]
        for item in items:
            if person.id not in item.attendees or item.kind == "lunch":
                continue
            if item.kind == "transfer":
                assert item.from_ is not None and item.to is not None
                check_in = timedelta(minutes=check_ins[item.id])
                stops.append((item.start - check_in, item.end, item.from_, item.to, "transfer"))
            elif item.venue is not None:
                stops.append((item.start, item.end, item.venue, item.venue, "item"))
        resource = compiled.problem.resources[compiled.resource_ids.index(person.id)]
        for anchor in resource.anchors:  # the nights at the hotel, as the plan has them
            if anchor.place is not None:
                moment, hotel = compiled.instant(anchor.time), compiled.place_ids[anchor.place]
                stops.append((moment, moment, hotel, hotel, "night"))
        stops.sort()
        for (_, prev_end, _, here, came), (next_start, _, there, _, going) in itertools.pairwise(
            stops
        ):
            if here == there or (
                not person.travels
                and _local_date(brief, prev_end) != (_local_date(brief, next_start))
            ):
                continue  # a host goes home between days: no leg to show
            minutes = travel_minutes(brief, brief.venue(here), brief.venue(there))
            if not minutes:
                continue  # no leg to show: next door, or a city change on a transfer
            duration = timedelta(minutes=minutes)
            lunch = next(((a, b) for a, b in lunches if prev_end <= a < next_start), None)
            if came == "transfer":  # when it lands, unless a lunch comes before the way's end
                late = lunch is not None and lunch[0] < prev_end + duration + buffer
                begin = lunch[1] if late and lunch else prev_end
                finish = begin + duration
            elif going == "night" or next_start == prev_end:
                begin = max(prev_end, lunch[1] if lunch else prev_end)
                finish = begin + duration
            else:
                finish = next_start - buffer
                begin = finish - duration
            if lunch and begin < lunch[1] and lunch[0] < finish:  # the journey before lunch
                finish = lunch[0] - buffer
                begin = finish - duration
            legs[(here, there, begin, finish)].append(person.id)
    return [
        Item(
            id=f"travel-{begin.astimezone(brief.visit.tz):%Y%m%d-%H%M}-{here}-{there}",
            kind="travel",
            title=f"Travel: {brief.venue(here).name} to {brief.venue(there).name}",
            start=begin,
            end=finish,
            from_=here,
            to=there,
            attendees=tuple(people),
        )
        for (here, there, begin, finish), people in legs.items()
    ]
