"""Why each meeting was left out, in one true and specific line.

In order: a predecessor (``after``) that is not scheduled; the rules that alone rule it
out, whatever else happens (no time when its venue is open and its attendees are free,
say); else a re-solve with the meeting forced in tells what it would displace.
"""

from __future__ import annotations

import dataclasses
import math
import time as wallclock
from collections.abc import Iterator
from datetime import date, time

from ortools.sat.python import cp_model

from visitplanner import intervals as iv
from visitplanner.compile import Compiled, public_holidays
from visitplanner.infeasibility import availability_text, explain_compiled
from visitplanner.itinerary import Unscheduled
from visitplanner.models import Meeting
from visitplanner.neighbourhood import Neighbourhoods, merge
from visitplanner.problem import Option, Problem, rule_of
from visitplanner.render import short_date
from visitplanner.solver import (
    NEIGHBOURHOODS_SECONDS_PER_CONSTRAINT,
    ModelBuilder,
    Solution,
    SolveOptions,
    kept,
    new_solver,
    realise,
    solve,
)
from visitplanner.timeparse import END_OF_DAY, at, clock_text
from visitplanner.workclock import WorkClock

GENERIC = (
    "the plan has no room for it, and what it would displace was not worked out in the "
    "time (a longer --time-limit gives a specific reason)"
)
# Where no plan can hold the meeting and ``explain`` named no facts in its time: said
# without naming what is in the way (it named "the required meetings, fixed events,
# transfers and lunches" of a brief that had none: an order and a window were the matter)
CANNOT_FIT = (
    "no plan can hold it, whatever else is dropped or moved (`visitplanner explain` with "
    "it made required names the facts in the way)"
)


# Seconds of work a re-solve gets at least (``_displacement``): with less, its model's
# build and heuristic leave its search nothing. Meetings beyond what the budget gives
# that much get the generic reason, the lowest priorities first.
DISPLACEMENT_LEAST = 1.0


def left_out(
    compiled: Compiled,
    solution: Solution,
    *,
    seed: int = 0,
    budget: float = 5.0,
    deadline: float = math.inf,
) -> Iterator[Unscheduled]:
    """A reason for every meeting not in ``solution``. Those that need a search (placing
    the meeting in the plan: ``_InThePlan``; else a re-solve with it forced in), the
    highest priorities first, share ``budget`` seconds of work (``workclock``: the same
    reasons in every run; one may take more than its share, and then leaves the next
    ones less; those the budget does not reach get ``GENERIC``); none starts after
    ``deadline`` (a ``time.monotonic()``; by default ``budget`` from now), a backstop."""
    deadline = min(deadline, wallclock.monotonic() + budget)
    reasons: dict[int, str | None] = {
        index: _static_reason(compiled, index, solution)
        for index, source in enumerate(compiled.sources)
        if source.kind == "meeting" and index not in solution.choices
    }
    waiting = sorted(
        (i for i, reason in reasons.items() if reason is None),
        key=lambda i: -compiled.problem.tasks[i].value,
    )
    if solution.pairs is not None and not _InThePlan.worth(solution.pairs, budget, deadline):
        waiting = []  # no time to place any: a whole new plan would take longer still
    local = _InThePlan.set_up(compiled, solution, seed, (budget, deadline)) if waiting else None
    spent = 0.0 if local is None else local.clock.spent
    least = DISPLACEMENT_LEAST if local is None else IN_THE_PLAN_LEAST
    for done, index in enumerate(waiting):
        share = (budget - spent) / (len(waiting) - done)
        if budget - spent < least or wallclock.monotonic() >= deadline:
            break
        reason, work = None, 0.0
        if local is not None:
            seconds = min(budget - spent, max(share, IN_THE_PLAN_STEP))
            reason, work = local.displacement(index, seconds)
        if reason is None:  # (no pairs model, a pin in the way, or more to move: a re-solve)
            limit = (max(share, DISPLACEMENT_LEAST), deadline)
            reason, more = _displacement(compiled, solution, index, seed, limit)
            work += more
        reasons[index] = reason
        spent += work
    for index, reason in reasons.items():
        source = compiled.sources[index]
        yield Unscheduled(id=source.brief_id, reason=reason or GENERIC)


# Nominal seconds a placing in the plan (``_InThePlan``) gets at most, unless the
# budget's even share is more, and the least that is worth starting one: each loads
# and solves its small model and stops, 0.07 s in the median on a generated
# 100-request brief (at most 0.36), 0.16 s on a 400-request one (at most 0.75)
IN_THE_PLAN_STEP = 0.5
IN_THE_PLAN_LEAST = 0.05
# Seconds per constraint of the pairs model to lay the plan on it (``realise``): 1.34 s
# for the 117 000 constraints of a generated 400-request brief
SET_UP_SECONDS_PER_CONSTRAINT = 1.2e-5


class _InThePlan:
    """What placing a left-out meeting in the plan would take: the plan on the pairs
    model phase 1 searched, with the meeting forced in and its attendees' meetings on
    the days it could take place free to move or go, everything else as planned (a small
    model: ``Neighbourhoods``). The best answer is what it would displace in this plan.
    A whole new plan with the meeting forced in, in the time a reason gets, kept far
    less than the plan on large briefs, and its reasons named 80 meetings where placing
    it in the plan dropped 5."""

    def __init__(
        self,
        plan: tuple[Compiled, Solution, list[int]],
        hoods: Neighbourhoods,
        options: SolveOptions,
        clock: WorkClock,
    ) -> None:
        self.compiled, self.solution, self.values = plan
        self.hoods, self.options, self.clock = hoods, options, clock
        self.builder = hoods.builder

    @staticmethod
    def worth(builder: ModelBuilder, budget: float, deadline: float) -> bool:
        """Whether ``budget`` nominal seconds, and the wall clock until ``deadline``,
        leave time to lay the plan on ``builder``'s model, set up its neighbourhoods and
        place a meeting: on a 400-request brief the first two take 1.3 s, and at 10 s
        they once used the whole budget and placed nothing."""
        size = len(builder.model.proto.constraints)
        cost = SET_UP_SECONDS_PER_CONSTRAINT * size + IN_THE_PLAN_LEAST
        if builder.neighbourhoods is None:
            cost += NEIGHBOURHOODS_SECONDS_PER_CONSTRAINT * size
        return cost <= min(budget, deadline - wallclock.monotonic())

    @classmethod
    def set_up(
        cls, compiled: Compiled, solution: Solution, seed: int, budget: tuple[float, float]
    ) -> _InThePlan | None:
        """None where there is no pairs model, or the plan cannot be laid on it."""
        builder = solution.pairs
        if builder is None:
            return None
        seconds, deadline = budget
        options = SolveOptions(time_limit=seconds, seed=seed, soft_phase=False, deadline=deadline)
        clock = WorkClock(seconds, deadline)
        values = realise(builder, solution.choices, options, clock, seconds, least=0.05)
        if values is None:
            return None
        if builder.neighbourhoods is None:
            began = wallclock.monotonic()
            try:
                builder.neighbourhoods = Neighbourhoods(builder)
            except OSError:  # no temporary folder
                return None
            size = len(builder.model.proto.constraints)
            clock.charge(NEIGHBOURHOODS_SECONDS_PER_CONSTRAINT * size, began)
        return cls((compiled, solution, values), builder.neighbourhoods, options, clock)

    def displacement(self, index: int, seconds: float) -> tuple[str | None, float]:
        """The reason for leaving out task ``index`` and the work spent; None for the
        reason where it does not fit with only those freed (a probe found "cannot fit"
        said of meetings that fit once another traveller's day moved to another train),
        pinned meetings staying where they are (whether moving one would do is the whole
        re-solve's to tell)."""
        builder, values = self.builder, self.values
        problem = builder.problem
        present = [values[lit.index] for lit in builder.present]
        spent = self.clock.spent
        for everyone in (False, True):  # its people's days; else everyone's on those days
            free = {index} | {i for i in self._meets(index, everyone) if present[i]}
            part, changing = self.hoods.model(free, values)
            part.add(builder.present[index] == 1)
            solver = new_solver(1, self.options.seed)
            left = seconds - (self.clock.spent - spent)
            self.clock.limit(solver, left, "pairs", least=0.05)
            solver.parameters.symmetry_level = 0
            code = self.clock.solve(solver, part, "pairs")
            if code != cp_model.INFEASIBLE:
                break
        work = self.clock.spent - spent
        if code == cp_model.INFEASIBLE:  # not in this plan: a pin, or a day before or
            return None, work  # after, would have to move (the whole re-solve's to tell)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return GENERIC, work
        found = merge(values, list(solver.response_proto.solution), changing)
        dropped = sorted(
            (problem.tasks[i] for i in free if present[i] and not found[builder.present[i].index]),
            key=lambda t: (-t.value, t.id),
        )
        named = ", ".join(f"{t.id} (priority {t.value})" for t in dropped)
        if kept(builder, found) > kept(builder, values):
            moved = sorted(  # (a lunch break named as such, not by its task's id)
                {
                    "a lunch break" if problem.tasks[i].transparent else problem.tasks[i].id
                    for i in free
                    if i != index
                    and present[i]
                    and found[builder.present[i].index]
                    and found[builder.start[i].index] != values[builder.start[i].index]
                }
            )
            how = (
                f"dropping {named} for it keeps more"
                if dropped
                else f"it fits if {', '.join(moved)} {'moves' if len(moved) == 1 else 'move'}"
                if moved
                else "it fits as the plan stands"
            )
            return f"the search ran out of time before placing it: {how}", work
        full = _full_days(self.compiled, self.solution, index)
        return f"it fits on its own, but placing it would drop {named}{full}", work

    def _meets(self, index: int, everyone: bool) -> set[int]:
        """The tasks that share a participant with task ``index`` (or, ``everyone``, any
        task) and may take place on a day it may: all that placing it could move or drop
        (with ``everyone``, also by way of another traveller's day: a probe's meeting
        could take place only if a shared flight or a host's other meeting moved)."""
        problem = self.builder.problem
        task = problem.tasks[index]
        people = {*task.attendees, *(a.resource for a in task.optional_attendees)}
        reach = iv.normalize(
            (lo, hi + o.duration) for o in task.options for lo, hi in o.allowed_starts()
        )
        days = [span for span in problem.days if iv.intersect(reach, (span,))] or [
            (0, problem.horizon)
        ]
        within = iv.normalize(days)
        return {
            i
            for i, other in enumerate(problem.tasks)
            if i != index
            and (
                everyone
                or people & {*other.attendees, *(a.resource for a in other.optional_attendees)}
            )
            and any(iv.intersect(o.allowed_starts(), within) for o in other.options)
        }


def _static_reason(compiled: Compiled, index: int, solution: Solution) -> str | None:
    """A missing predecessor, or the start rules that together leave no possible time."""
    brief = compiled.brief
    meeting = next(m for m in brief.meetings if m.id == compiled.sources[index].brief_id)
    too_late = [x for x in meeting.after if _ends_too_late(compiled, compiled.task_index(x), index)]
    if too_late:  # whether or not it is scheduled: the first thing to know
        return (
            f"it must follow {', '.join(too_late)}, which cannot end, buffer included, before "
            "its last possible start (order)"
        )
    missing = [x for x in meeting.after if compiled.task_index(x) not in solution.choices]
    if missing:
        return f"it must follow {', '.join(missing)}, which is not scheduled (order)"
    options = compiled.problem.tasks[index].options
    if any(iv.common(o.starts, list(o.starts)) for o in options if o.starts):
        return None
    culprits = dict.fromkeys(
        (key, option.label) for option in options for key in iv.minimal_conflict(option.starts)
    )
    conflict = [f"{k}|{meeting.id}" for k, _ in culprits]
    phrases = list(
        dict.fromkeys(
            _phrase(compiled, key, venue, meeting, conflict)
            + (
                _closings_in_the_way(compiled, options, venue)
                if rule_of(key) == "opening_hours"
                else ""
            )
            for key, venue in culprits
        )
    )
    rules = ", ".join(dict.fromkeys(rule_of(key) for key, _ in culprits))
    if len(phrases) == 1:
        return f"no time fits {phrases[0]} ({rules})"
    return f"no time fits {', '.join(phrases[:-1])} and {phrases[-1]} together ({rules})"


def _ends_too_late(compiled: Compiled, first: int, then: int) -> bool:
    """Whether task ``first`` cannot end, with the buffer, by the last start task
    ``then`` may take by its own rules: then ``then`` can never follow it (a probe's
    follow-up, its host free 09:00-10:00, was to follow talks possible only at 14:00,
    and its reason said only that they were not scheduled)."""
    tasks = compiled.problem.tasks
    ends = [s[0][0] + o.duration for o in tasks[first].options if (s := o.allowed_starts())]
    starts = [s[-1][1] for o in tasks[then].options if (s := o.allowed_starts())]
    if not ends or not starts:
        return False
    return min(ends) + compiled.problem.buffer > max(starts)


def _closings_in_the_way(compiled: Compiled, options: tuple[Option, ...], venue: str) -> str:
    """``" (Thu 15 Apr is a public holiday; closed Fri 16 Apr)"``: the public holidays,
    and the dates ``venue`` is closed, on which every other rule in the conflict would
    allow the meeting, so that the venue's closing is what rules it out (a probe's reason
    named the opening hours of a venue whose host was free only on the holiday added to
    the brief, and not the holiday). Else ``""``."""
    brief = compiled.brief
    visit_days = set(brief.visit.days())
    holidays = public_holidays(brief) & visit_days
    closed = set(next((v.closed for v in brief.venues if v.id == venue), ())) & visit_days
    found: set[date] = set()
    for option in options:
        keys = iv.minimal_conflict(option.starts)
        if option.label != venue or not any(rule_of(k) == "opening_hours" for k in keys):
            continue
        others = [option.starts[k] for k in keys if rule_of(k) != "opening_hours"]
        allowed = others[0] if others else ((0, compiled.problem.horizon),)
        for part in others[1:]:
            allowed = iv.intersect(allowed, part)
        for d in holidays | closed:  # named where the venue would be open in time that day
            hours = iv.starts_within(_open_by_weekday(compiled, venue, d), option.duration)
            if iv.intersect(allowed, hours):
                found.add(d)
    on_holidays = sorted(found & holidays)
    parts = []
    if on_holidays:
        named = " and ".join(short_date(d) for d in on_holidays)
        parts.append(
            f"{named} {'is a public holiday' if len(on_holidays) == 1 else 'are public holidays'}"
        )
    if found - holidays:
        parts.append("closed " + " and ".join(short_date(d) for d in sorted(found - holidays)))
    return f" ({'; '.join(parts)})" if parts else ""


def _open_by_weekday(compiled: Compiled, venue: str, day: date) -> list[tuple[int, int]]:
    """The minutes ``venue`` opens on ``day`` by its weekday's hours alone (a holiday or
    a closed date aside), as half-open spans."""
    tz = compiled.brief.visit.tz
    ranges = compiled.brief.venue(venue).opening_ranges(day.weekday())
    hours = [(time(0), END_OF_DAY)] if ranges is None else ranges
    return iv.joined(
        (compiled.minute(at(day, a, tz)), compiled.minute(at(day, b, tz))) for a, b in hours
    )


def _phrase(compiled: Compiled, key: str, venue: str, meeting: Meeting, conflict: list[str]) -> str:
    """What one start rule asks, in a few words (of the ``conflict``'s keys)."""
    rule, _, who = key.partition(":")
    day = compiled.brief.visit.day
    given = [name for name, value in (("days", meeting.days), ("window", meeting.window)) if value]
    if rule == "availability":  # with the brief's own words for the busy times
        busy = availability_text(compiled, who, meeting.id, conflict)
        return f"the availability of {who} (who {busy})"
    return {
        "meeting_window": f"its {' and '.join(given)}" if given else "the visit's dates",
        "working_day": f"the working day {clock_text(day.start)}-{clock_text(day.end)}",
        "opening_hours": f"the opening hours, closed dates and public holidays of {venue}",
        "stays": f"the city {who} is in each day (stays)",
    }.get(rule, rule)


def _displacement(
    compiled: Compiled,
    solution: Solution,
    index: int,
    seed: int,
    seconds_and_deadline: tuple[float, float],
) -> tuple[str, float]:
    """Force the meeting in and see what the best plan then loses; and the work spent."""
    seconds, deadline = seconds_and_deadline
    options = SolveOptions(time_limit=seconds, seed=seed, soft_phase=False, deadline=deadline)
    problem = compiled.problem
    tasks = list(problem.tasks)
    tasks[index] = dataclasses.replace(tasks[index], required=True)
    forced = solve(
        dataclasses.replace(problem, tasks=tuple(tasks)),
        options,
    )
    if forced.status == "infeasible":
        pinned = [i for i, t in enumerate(tasks) if t.pinned]
        if pinned:
            unpinned = tuple(dataclasses.replace(t, pinned=False) for t in tasks)
            free = solve(
                dataclasses.replace(problem, tasks=unpinned),
                options,
            )
            if free.status in ("optimal", "feasible"):
                return _unpinned(problem, solution, free, pinned), forced.work + free.work
        return _cannot_fit(compiled, index, forced.work, deadline)
    if forced.status == "unknown":
        return GENERIC, forced.work
    dropped = sorted(
        (problem.tasks[i] for i in solution.choices if i not in forced.choices),
        key=lambda t: (-t.value, t.id),
    )
    dropped = [t for t in dropped if compiled.sources[problem.tasks.index(t)].kind == "meeting"]
    if not dropped:
        return GENERIC, forced.work
    named = ", ".join(f"{t.id} (priority {'required' if t.required else t.value})" for t in dropped)
    full = _full_days(compiled, solution, index)
    return f"it fits on its own, but placing it would drop {named}{full}", forced.work


def _unpinned(problem: Problem, solution: Solution, free: Solution, pinned: list[int]) -> str:
    """The pinned meetings that the plan with the meeting in moves or drops, and what
    else it drops: a probe's reason named every pinned meeting as one that "moved",
    where the one in the way would go, and not the meeting worth 30 that would go too."""
    tasks = problem.tasks

    def label(i: int) -> str:
        return f"{tasks[i].id} (priority {tasks[i].value})"

    def moved(i: int) -> bool:
        placed, was = free.choices[i], tasks[i].previous
        return was is None or (placed.option, placed.start) != (was.option, was.start)

    gone = [label(i) for i in pinned if i not in free.choices]
    away = [tasks[i].id for i in pinned if i in free.choices and moved(i)]
    parts = [f"{', '.join(away)} moved"] if away else []
    parts += [f"{', '.join(gone)} went"] if gone else []
    others = sorted(
        (i for i in solution.choices if i not in free.choices and i not in pinned),
        key=lambda i: (-tasks[i].value, tasks[i].id),
    )
    also = ", ".join(label(i) for i in others if tasks[i].value)
    reason = f"it would fit only if the pinned {' and '.join(parts)} (pinned)"
    return reason + (f"; placing it would also drop {also}" if also else "")


# Seconds of work an explanation of what leaves no room for a meeting gets (and is
# charged, whatever it takes: the same reasons in every run)
OBSTACLES_SECONDS = 3.0


def _cannot_fit(compiled: Compiled, index: int, work: float, deadline: float) -> tuple[str, float]:
    """``CANNOT_FIT``, with the facts that leave no room for task ``index`` named where an
    explanation of the problem with it required finds them (a probe's meeting had only
    "cannot fit together with the required meetings ...", where the minister's lunch and
    the host's one free hour were the matter), if ``deadline`` leaves its time; and the
    work, ``work`` and ``OBSTACLES_SECONDS`` (charged whatever the explanation takes)."""
    if wallclock.monotonic() + OBSTACLES_SECONDS > deadline:
        return CANNOT_FIT, work
    work += OBSTACLES_SECONDS
    tasks = list(compiled.problem.tasks)
    tasks[index] = dataclasses.replace(tasks[index], required=True)
    problem = dataclasses.replace(compiled.problem, tasks=tuple(tasks))
    why = explain_compiled(
        dataclasses.replace(compiled, problem=problem), time_limit=OBSTACLES_SECONDS
    )
    own = f"{tasks[index].id} ("
    facts = [f for f in why.facts if not (f.startswith(own) and f.endswith("(required_meetings)"))]
    if why.feasible or not why.decided or not facts:
        return CANNOT_FIT, work
    listed = "; ".join(facts)
    return (
        f"it cannot fit beside these, whatever happens to the other optional meetings: {listed}",
        work,
    )


def _full_days(compiled: Compiled, solution: Solution, index: int) -> str:
    """``"; rector already has 2 meetings on each day it could take place
    (max_meetings_per_day)"`` when the daily limit is what leaves no room: every day the
    meeting could start on, one of its people is at the limit in the plan. Else ``""``."""
    problem = compiled.problem
    limit, task = problem.max_per_day, problem.tasks[index]
    if limit is None or not problem.days or not task.counts_per_day:
        return ""
    starts = [s for o in task.options for s in o.allowed_starts()]
    days = [
        d for d, (lo, hi) in enumerate(problem.days) if any(a < hi and b >= lo for a, b in starts)
    ]
    counts: dict[tuple[int, int], int] = {}
    for i, choice in solution.choices.items():
        if not problem.tasks[i].counts_per_day:
            continue
        for d, (lo, hi) in enumerate(problem.days):
            if lo <= choice.start < hi:
                for r in (*problem.tasks[i].attendees, *choice.joined):
                    counts[r, d] = counts.get((r, d), 0) + 1
    full = [r for r in task.attendees if days and all(counts.get((r, d), 0) >= limit for d in days)]
    if not full:
        return ""
    who = " and ".join(compiled.resource_ids[r] for r in full)
    have = "has" if len(full) == 1 else "have"
    meetings = "meeting" if limit == 1 else "meetings"
    return (
        f"; {who} already {have} {limit} {meetings} on each day it could take place "
        "(max_meetings_per_day)"
    )
