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
from datetime import date

from visitplanner import intervals as iv
from visitplanner.compile import Compiled, public_holidays
from visitplanner.itinerary import Unscheduled
from visitplanner.problem import Option, rule_of
from visitplanner.render import short_date
from visitplanner.solver import Solution, SolveOptions, solve
from visitplanner.timeparse import clock_text

GENERIC = (
    "no room for it: it could only take a slot needed by higher-priority meetings, "
    "travel, lunch or the daily meeting limit"
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
    """A reason for every meeting not in ``solution``. The re-solves, the highest
    priorities first, share ``budget`` seconds of work evenly (``workclock``: the same
    reasons in every run; a re-solve of a large brief may take more than its share, and
    then leaves the next ones less); none starts after ``deadline`` (a
    ``time.monotonic()``; by default ``budget`` from now), a backstop."""
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
    spent = 0.0
    for done, index in enumerate(waiting):
        share = (budget - spent) / (len(waiting) - done)
        if budget - spent < DISPLACEMENT_LEAST or wallclock.monotonic() >= deadline:
            break
        limit = (max(share, DISPLACEMENT_LEAST), deadline)
        reasons[index], work = _displacement(compiled, solution, index, seed, limit)
        spent += work
    for index, reason in reasons.items():
        source = compiled.sources[index]
        yield Unscheduled(id=source.brief_id, reason=reason or GENERIC)


def _static_reason(compiled: Compiled, index: int, solution: Solution) -> str | None:
    """A missing predecessor, or the start rules that together leave no possible time."""
    brief = compiled.brief
    meeting = next(m for m in brief.meetings if m.id == compiled.sources[index].brief_id)
    missing = [x for x in meeting.after if compiled.task_index(x) not in solution.choices]
    if missing:
        return f"it must follow {', '.join(missing)}, which is not scheduled (order)"
    options = compiled.problem.tasks[index].options
    if any(iv.common(o.starts, list(o.starts)) for o in options if o.starts):
        return None
    culprits = dict.fromkeys(
        (key, option.label) for option in options for key in iv.minimal_conflict(option.starts)
    )
    phrases = list(
        dict.fromkeys(
            _phrase(compiled, key, venue)
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
        for lo, hi in allowed:
            first, last = compiled.instant(lo).date(), compiled.instant(hi).date()
            found |= {d for d in holidays | closed if first <= d <= last}
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


def _phrase(compiled: Compiled, key: str, venue: str) -> str:
    """What one start rule asks, in a few words."""
    rule, _, who = key.partition(":")
    day = compiled.brief.visit.day
    return {
        "meeting_window": "its days and window",
        "working_day": f"the working day {clock_text(day.start)}-{clock_text(day.end)}",
        "opening_hours": f"the opening hours, closed dates and public holidays of {venue}",
        "availability": f"the availability of {who}",
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
        pinned = [t.id for t in tasks if t.pinned]
        if pinned:
            unpinned = tuple(dataclasses.replace(t, pinned=False) for t in tasks)
            free = solve(
                dataclasses.replace(problem, tasks=unpinned),
                options,
            )
            if free.status in ("optimal", "feasible"):
                moved = ", ".join(pinned)
                reason = f"it would fit only if a pinned meeting moved: {moved} (pinned)"
                return reason, forced.work + free.work
        return (
            "it cannot fit together with the required meetings, fixed events, transfers "
            "and lunches, even with every other optional meeting dropped"
        ), forced.work
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
