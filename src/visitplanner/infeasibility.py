"""Why a brief is infeasible: the smallest set of brief facts that together rule it out.

First fast checks that need no search (a required item with no possible time, a change
of hotel city with no transfer). Then two stages of CP-SAT: ordinary solves find a
smallest set of required (or pinned) items that cannot all be scheduled; on those items
alone, every constraint group is guarded by an assumption literal
(``ModelBuilder(explain=True)``), and the sufficient set of groups an infeasible solve
returns is shrunk by deletion until every fact left is needed.
"""

from __future__ import annotations

import math
import time as wallclock
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from visitplanner import intervals as iv
from visitplanner.compile import (
    Compiled,
    city_links,
    compile_brief,
    night_anchor,
    public_holidays,
    travel_minutes,
)
from visitplanner.localtime import clock
from visitplanner.models import Brief
from visitplanner.problem import Problem, requiring_only, rule_of
from visitplanner.render import short_date
from visitplanner.timeparse import clock_text
from visitplanner.workclock import WorkClock


@dataclass(frozen=True)
class Explanation:
    """``feasible`` False: ``facts`` together make the brief impossible; drop or change
    any one of them and that reason goes away. ``decided`` False: the time ran out before
    either an itinerary or a set of conflicting facts was found."""

    feasible: bool
    facts: tuple[str, ...] = ()
    decided: bool = True

    def __str__(self) -> str:
        if not self.decided:
            return (
                "Undecided: within the time limit, neither an itinerary nor a set of "
                "conflicting facts was found. Try a longer --time-limit."
            )
        if self.feasible:
            return "The brief is feasible: every required item can be scheduled."
        lines = ["The brief is infeasible. These facts cannot all hold together:"]
        lines += [f"  - {fact}" for fact in self.facts]
        return "\n".join(lines)


def explain(brief: Brief, *, time_limit: float = 5.0) -> Explanation:
    """Explain why ``brief`` has no itinerary (or say that it has one); ValueError for
    a ``time_limit`` that is not a number of seconds above 0, as ``plan``'s."""
    if not isinstance(time_limit, int | float) or not 0 < time_limit < math.inf:
        raise ValueError(f"time_limit must be a number of seconds above 0, not {time_limit!r}")
    return explain_compiled(compile_brief(brief), time_limit=time_limit)


def explain_compiled(compiled: Compiled, *, time_limit: float = 5.0) -> Explanation:
    """``explain`` for a brief already compiled."""
    quick = quick_checks(compiled)
    if quick is not None:
        return quick
    return _core(compiled, time_limit)


def quick_checks(compiled: Compiled) -> Explanation | None:
    """Impossibilities that need no search, each with its specific facts."""
    for index, task in enumerate(compiled.problem.tasks):
        if not task.required:
            continue
        options = [o for o in task.options if not o.allowed_starts()]
        if len(options) < len(task.options):
            continue
        facts = [_required_fact(compiled, index)]
        for option in options:
            keys = iv.minimal_conflict(option.starts)
            conflict = [f"{key}|{task.id}" for key in keys]
            facts += [_fact(compiled, key, option.label, conflict) for key in conflict]
        return Explanation(False, tuple(dict.fromkeys(facts)))
    return _missing_transfer(compiled)


def _missing_transfer(compiled: Compiled) -> Explanation | None:
    brief = compiled.brief
    linked = city_links(brief)
    for person in brief.participants:
        if not person.travels:
            continue
        nights = brief.stays_of(person.id)
        for night, hotel in sorted(nights.items()):
            following = nights.get(night + timedelta(days=1))
            if following is None:
                continue
            here, there = brief.venue(hotel), brief.venue(following)
            if there.city in linked[here.city]:
                continue
            day = night + timedelta(days=1)
            leave = night_anchor(brief, person.id, night, hotel)
            arrive_by = night_anchor(brief, person.id, day, following)
            moves = [
                (brief.venue(t.from_).city, brief.venue(t.to).city)
                for t in brief.transfers
                if person.id in brief.expand(t.attendees)
                and any(leave <= o.depart and o.arrive <= arrive_by for o in t.options)
            ]
            leaves = any(a in linked[here.city] for a, _ in moves)
            arrives = any(b in linked[there.city] for _, b in moves)
            if leaves and arrives:
                continue
            return Explanation(
                False,
                (
                    f"{_who(brief, person.id)} sleeps at {here.name} ({here.city}) on the night "
                    f"of {short_date(night)} and at {there.name} ({there.city}) on the night of "
                    f"{short_date(day)} (stays)",
                    f"no transfer takes {person.id} from {here.city} to {there.city} "
                    f"on {short_date(day)}, and travel.times lists no drive between them (cities)",
                ),
            )
    return None


def _core(compiled: Compiled, time_limit: float) -> Explanation:
    from ortools.sat.python import cp_model

    from visitplanner.solver import ModelBuilder

    clock = WorkClock(time_limit)  # work, not wall time: the same explanation every time
    problem = _conflicting_tasks(compiled.problem, clock, clock.seconds / 2)
    if not isinstance(problem, Problem):
        return Explanation(problem == "feasible", decided=problem == "feasible")
    builder = ModelBuilder(problem, explain=True).build()
    guards = builder.guards
    names = {lit.index: key for key, lit in guards.items()}

    def infeasible_core(keys: list[str], seconds: float) -> tuple[str, list[str]]:
        """("infeasible", a sufficient subset of ``keys``), or ("feasible"|"unknown", [])."""
        builder.model.clear_assumptions()
        builder.model.add_assumptions([guards[k] for k in keys])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        clock.limit(solver, seconds, builder.travel)
        code = clock.solve(solver, builder.model, builder.travel)
        if code == cp_model.INFEASIBLE:
            found = solver.sufficient_assumptions_for_infeasibility()
            return "infeasible", [names[i] for i in found]
        return ("feasible" if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "unknown"), []

    status, core = infeasible_core(sorted(guards), clock.left())
    if status != "infeasible":
        return Explanation(status == "feasible", decided=status == "feasible")
    while True:  # solving again on the core alone often finds a smaller core, cheaply
        status, smaller = infeasible_core(core, max(clock.left(), 0.1))
        if status != "infeasible" or len(smaller) >= len(core):
            break
        core = smaller
    # Deletion in halving chunks, the facts least likely to matter first: a chunk whose
    # removal leaves the rest infeasible goes in one solve.
    chunk = max(1, len(core) // 2)
    while chunk >= 1:
        order = sorted(core, key=_deletion_order)
        for first in range(0, len(order), chunk):
            group = set(order[first : first + chunk])
            rest = [k for k in core if k not in group]
            left = clock.left()
            if not rest or not group <= set(core) or left <= 0:
                continue
            status, smaller = infeasible_core(rest, min(left, max(1.0, left / 4)))
            if status == "infeasible":
                core = smaller
        chunk //= 2
    facts = [_fact(compiled, key, within=core) for key in sorted(core, key=_fact_order)]
    facts += _unjoined_places(compiled, problem, core)
    return Explanation(False, tuple(dict.fromkeys(facts)))


def _unjoined_places(compiled: Compiled, problem: Problem, core: list[str]) -> list[str]:
    """The missing drives behind a core of cities and stays: a required meeting's venue
    and a hotel, a transfer's end or a fixed event's venue that the core names, in cities
    ``travel.times`` joins, but not these two places. No guard stands for a road that is
    not there, so without this a probe's meeting at a Grenoble venue, joined to the Lyon
    hotel but not to the Lyon airport its flight leaves from, was explained by the flight
    and the hotels alone."""
    brief = compiled.brief
    places: set[str] = set()
    for key in core:
        head, _, subject = key.partition("|")
        rule, _, detail = head.partition(":")
        if rule == "stays":
            places.update(brief.stays_of(detail or subject).values())
        elif rule in ("required", "cities", "fixed_events"):
            source = compiled.sources[compiled.task_position(subject)]
            if source.kind == "transfer":
                transfer = next(t for t in brief.transfers if t.id == source.brief_id)
                places.update((transfer.from_, transfer.to))
            elif source.kind == "fixed":
                places.add(next(e.venue for e in brief.fixed if e.id == source.brief_id))
    linked = city_links(brief)
    meetings = {m.id: m for m in brief.meetings}
    facts = []
    for task in problem.tasks:
        meeting = meetings.get(task.id)
        if meeting is None or not task.required:
            continue
        for vid in meeting.venue_ids:
            venue = brief.venue(vid)
            unjoined = [
                brief.venue(p)
                for p in sorted(places)
                if brief.venue(p).city != venue.city
                and brief.venue(p).city in linked[venue.city]
                and travel_minutes(brief, venue, brief.venue(p)) is None
            ]
            if unjoined:
                names = ", ".join(f"{p.name} ({p.city})" for p in unjoined)
                facts.append(
                    f"travel.times lists no drive between {venue.name} ({venue.city}) "
                    f"and {names}, so {meeting.id} cannot come straight before or after "
                    "an item there (travel_time)"
                )
    return facts


def _conflicting_tasks(problem: Problem, clock: WorkClock, seconds: float) -> Problem | str:
    """The problem cut down to a smallest-by-deletion set of required tasks (plus what they
    must follow) that still has no solution; "feasible" if it has one, "unknown" if
    neither can be shown in time.

    The full rules stay in force here, so each test is a fast ordinary solve; naming the
    facts among the few tasks left is then cheap (``_core``). The solves share
    ``seconds`` of ``clock``'s work."""
    from visitplanner.solver import SolveOptions, solve

    end = clock.spent + seconds
    pinned = {i for i, t in enumerate(problem.tasks) if t.pinned and t.previous is not None}
    required = [i for i, t in enumerate(problem.tasks) if t.required or i in pinned]

    def infeasible(keep: list[int]) -> bool | None:
        left = end - clock.spent
        if left <= 0 or clock.overdue():
            return None
        began = wallclock.monotonic()
        options = SolveOptions(time_limit=left, soft_phase=False, deadline=clock.deadline)
        found = solve(requiring_only(problem, keep)[0], options)
        clock.charge(found.work, began)
        return None if found.status == "unknown" else found.status == "infeasible"

    whole = infeasible(required)
    if whole is not True:
        return "unknown" if whole is None else "feasible"
    chunk = max(1, len(required) // 2)
    while chunk >= 1:
        for first in range(0, len(required), chunk):
            group = required[first : first + chunk]
            rest = [i for i in required if i not in group]
            if group and rest and infeasible(rest):
                required = rest
        chunk //= 2
    return requiring_only(problem, required)[0]


_LIKELY_IRRELEVANT = (
    "lunch",
    "fixed_events",
    "cities",
    "max_meetings_per_day",
    "stays",
    "availability",
    "opening_hours",
    "working_day",
    "meeting_window",
    "order",
    "travel_time",
)


def _deletion_order(key: str) -> tuple[int, str]:
    head = key.split("|", 1)[0]
    rule = rule_of(head)
    if rule == "required":
        rule = "lunch" if key.split("|", 1)[1].startswith("lunch-") else "required"
    ranks = _LIKELY_IRRELEVANT
    return (ranks.index(rule) if rule in ranks else len(ranks), key)


_ORDER = ("required", "fixed_events", "cities", "lunch", "meeting_window", "working_day")


def _fact_order(key: str) -> tuple[int, str]:
    rule = rule_of(key.split("|", 1)[0])
    return (_ORDER.index(rule) if rule in _ORDER else len(_ORDER), key)


# -- plain words -----------------------------------------------------------------


def _fact(
    compiled: Compiled, key: str, venue: str | None = None, within: Collection[str] = ()
) -> str:
    """One guarded constraint group, said in the brief's terms with local times;
    ``within``: the keys of the whole conflict, when known."""
    head, _, subject = key.partition("|")
    rule, _, detail = head.partition(":")
    brief = compiled.brief
    if rule == "required":
        return _required_fact(compiled, compiled.task_position(subject))
    if rule in ("travel_time", "stays", "max_meetings_per_day"):
        return _person_fact(brief, rule, detail or subject)  # stays:<person>|<task> too
    if rule == "pinned":
        return f"{subject} is pinned where the previous plan had it (pinned)"
    if rule == "order":
        then, first = subject.split("|", 1)
        return f"{then} may only start after {first} ends, travel and buffer included (order)"
    return _start_fact(compiled, rule, detail, subject, venue, within)


def _required_fact(compiled: Compiled, index: int) -> str:
    brief = compiled.brief
    source = compiled.sources[index]
    task = compiled.problem.tasks[index]
    if source.kind == "meeting":
        meeting = next(m for m in brief.meetings if m.id == source.brief_id)
        who = ", ".join(brief.expand(meeting.attendees))
        if task.pinned and not meeting.required:  # only the pin makes it a must
            return _fact(compiled, f"pinned|{meeting.id}")
        return (
            f"{meeting.id} ({meeting.title!r}, {meeting.minutes} min with {who}) is required "
            "(required_meetings)"
        )
    if source.kind == "fixed":
        event = next(e for e in brief.fixed if e.id == source.brief_id)
        return (
            f"fixed event {event.id} takes place {_span(brief, event.start, event.end)} at "
            f"{brief.venue(event.venue).name} (fixed_events)"
        )
    if source.kind == "transfer":
        transfer = next(t for t in brief.transfers if t.id == source.brief_id)
        choices = "; ".join(
            f"{o.label} departing {_moment(brief, o.depart)}" for o in transfer.options
        )
        return (
            f"{', '.join(brief.expand(transfer.attendees))} must take {transfer.id} "
            f"(check-in {transfer.check_in_minutes} min before departure) on one of: {choices} "
            "(cities)"
        )
    lunch = brief.visit.lunch
    assert lunch is not None and source.day is not None
    person = compiled.resource_ids[task.attendees[0]]
    return (
        f"{_who(brief, person)} needs a {lunch.minutes}-minute lunch between "
        f"{clock_text(lunch.earliest)} and {clock_text(lunch.latest)} "
        f"on {short_date(source.day)} (lunch)"
    )


def _person_fact(brief: Brief, rule: str, pid: str) -> str:
    who = _who(brief, pid)
    if rule == "travel_time":
        return (
            f"{who} needs travel time plus the {brief.visit.buffer_minutes}-minute buffer "
            "between consecutive items, and changes city only on a transfer (travel_time)"
        )
    if rule == "stays":
        nights = brief.stays_of(pid)
        where = "; ".join(
            f"{short_date(night)} at {brief.venue(hotel).name}"
            for night, hotel in sorted(nights.items())
        )
        return f"{who} spends the nights of {where} (stays)"
    limit = brief.visit.max_meetings_per_day
    meetings = "meeting" if limit == 1 else "meetings"
    return f"{who} attends at most {limit} {meetings} a day (max_meetings_per_day)"


def _start_fact(
    compiled: Compiled,
    rule: str,
    detail: str,
    task_id: str,
    venue: str | None,
    within: Collection[str] = (),
) -> str:
    brief = compiled.brief
    meeting = next((m for m in brief.meetings if m.id == task_id), None)
    if rule == "availability":
        return _availability_fact(compiled, detail, task_id, within)
    if rule == "working_day":
        day = brief.visit.day
        return (
            f"{task_id} must lie inside the working day "
            f"{clock_text(day.start)}-{clock_text(day.end)} (working_day)"
        )
    if rule == "meeting_window" and meeting is not None:
        days = (
            ", ".join(short_date(d) for d in sorted(meeting.days))
            if meeting.days
            else "any visit day"
        )
        window = (
            f" between {clock_text(meeting.window[0])} and {clock_text(meeting.window[1])}"
            if meeting.window
            else ""
        )
        return f"{task_id} must take place on {days}{window} (meeting_window)"
    if rule == "opening_hours" and meeting is not None:
        return _opening_fact(brief, [venue] if venue else list(meeting.venue_ids), task_id)
    if rule == "lunch":
        return _required_fact(compiled, compiled.task_position(task_id))
    if rule == "fixed_events":
        return _required_fact(compiled, compiled.task_position(task_id))
    if rule == "cities":
        return _required_fact(compiled, compiled.task_position(task_id))
    return f"{task_id}: {rule} ({rule})"


def _availability_fact(
    compiled: Compiled, pid: str, task_id: str, within: Collection[str] = ()
) -> str:
    brief = compiled.brief
    text = availability_text(compiled, pid, task_id, within)
    return f"{_who(brief, pid)} {text} (availability)"


def availability_text(
    compiled: Compiled, pid: str, task_id: str, within: Collection[str] = ()
) -> str:
    """When ``pid`` is free; of their busy windows, those ``task_id`` could meet by the
    other rules of the conflict ``within`` (its keys; all its start rules when empty: a
    busy calendar may hold dozens), all where that is none of them; each with the reason
    the brief gives. Only the conflict's rules: a probe's fact left out a board meeting
    that a holiday, not in the conflict, also ruled out, and the facts no longer held
    on their own."""
    brief = compiled.brief
    person = brief.participant(pid)
    parts = []
    if person.available is not None:
        spans = ", ".join(_span(brief, w.start, w.end) for w in person.available)
        parts.append(f"is available only {spans}")
    rules = {k.partition("|")[0] for k in within if k.partition("|")[2] == task_id}
    reach = _reach(compiled, task_id, f"availability:{pid}", rules or None)
    busy = [
        w
        for w in person.unavailable
        if iv.intersect(((compiled.minute(w.start), compiled.minute(w.end) - 1),), reach)
    ] or list(person.unavailable)
    if busy:
        spans = ", ".join(
            _span(brief, w.start, w.end) + (f" ({w.reason})" if w.reason else "") for w in busy
        )
        parts.append(f"is unavailable {spans}")
    return " and ".join(parts) or "has no free time"


def _reach(
    compiled: Compiled, task_id: str, leaving_out: str, only: Collection[str] | None = None
) -> iv.Intervals:
    """The minutes ``task_id`` could occupy, on any of its options, by every start rule
    but ``leaving_out`` (of ``only``, when given)."""
    task = compiled.problem.tasks[compiled.task_position(task_id)]
    spans: list[tuple[int, int]] = []
    for option in task.options:
        starts: iv.Intervals | None = None
        for key, allowed in option.starts.items():
            if key != leaving_out and (only is None or key in only):
                starts = allowed if starts is None else iv.intersect(starts, allowed)
        for lo, hi in starts if starts is not None else ((0, compiled.problem.horizon),):
            spans.append((lo, hi + option.duration - 1))
    return iv.normalize(spans)


def _opening_fact(brief: Brief, venue_ids: list[str], task_id: str) -> str:
    """Where ``task_id`` may be (a meeting with several venues: at any of them) and when
    each is open."""
    text = f"{task_id} is at " + "; or at ".join(_open_when(brief, vid) for vid in venue_ids)
    holidays = sorted(
        d for d in public_holidays(brief) if brief.visit.start <= d <= brief.visit.end
    )
    if holidays:
        text += f"; no meetings on the public holidays {', '.join(short_date(d) for d in holidays)}"
    return text + " (opening_hours)"


def _open_when(brief: Brief, vid: str) -> str:
    venue = brief.venue(vid)
    hours = (
        ", ".join(
            f"{spec} {value if isinstance(value, str) else ', '.join(value)}"
            for spec, value in venue.open.items()
        )
        if venue.open
        else "every day"
    )
    text = f"{venue.name}, open {hours}"
    closed = [d for d in venue.closed if brief.visit.start <= d <= brief.visit.end]
    if closed:
        text += f", closed on {', '.join(short_date(d) for d in closed)}"
    return text


def _who(brief: Brief, pid: str) -> str:
    person = brief.participant(pid)
    return f"{person.id} ({person.name})"


def _moment(brief: Brief, moment: datetime) -> str:
    """``Sun 31 Oct 02:10``, with the UTC offset of a time the clocks show twice."""
    tz = brief.visit.tz
    return f"{short_date(moment.astimezone(tz).date())} {clock(moment, tz)}"


def _span(brief: Brief, start: datetime, end: datetime) -> str:
    tz = brief.visit.tz
    a, b = start.astimezone(tz), end.astimezone(tz)
    if a.date() == b.date():
        return f"{short_date(a.date())} {clock(start, tz)}-{clock(end, tz)}"
    return f"{_moment(brief, start)} to {_moment(brief, end)}"
