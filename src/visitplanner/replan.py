"""Re-planning after a change: keep the previous itinerary wherever possible.

The previous plan's placements (meetings, transfers, each traveller's lunch) become
``Task.previous`` (kept for ``keep_bonus`` each in the soft phase, after priorities) or,
for pinned meetings, hard pins. After solving, every meeting, fixed event
and transfer is compared with its previous placement: what moved, was added or removed,
or has other attendees, and why; an item whose calendar event changed gets a higher
SEQUENCE so calendar apps update it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from visitplanner.compile import Compiled, lunch_task_id, travel_minutes
from visitplanner.errors import BriefError, Problem
from visitplanner.itinerary import Item, Itinerary
from visitplanner.localtime import clock
from visitplanner.models import Brief
from visitplanner.problem import Placement, Task, rule_of
from visitplanner.render import short_date

KEEP_BONUS = 1000  # soft points per item kept in place; a travel minute costs 1
# Staying put for a million soft points outweighs the preferences of any realistic brief
# (a minute of travel costs 1); weights beyond 2**63 overflow CP-SAT's 64-bit objective.
MAX_KEEP_BONUS = 1_000_000

ChangeKind = Literal["moved", "attendees", "added", "removed"]


@dataclass(frozen=True)
class Change:
    id: str
    change: ChangeKind
    reason: str
    before: Item | None = None
    after: Item | None = None


def with_previous(
    compiled: Compiled,
    previous: Itinerary,
    *,
    pins: Iterable[str] = (),
    keep_bonus: int = KEEP_BONUS,
) -> Compiled:
    """``compiled`` with the previous plan's placements attached to its tasks."""
    brief = compiled.brief
    other = other_visit(brief, previous)
    if other is not None:
        raise BriefError([Problem(other, path="previous")])
    pinned = {m.id for m in brief.meetings if m.pinned} | set(pins)
    known = {m.id for m in brief.meetings}
    problems = [
        Problem(f"cannot pin {pid!r}: the brief has no meeting with that id", path="--pin")
        for pid in sorted(set(pins) - known)
    ]
    tasks = list(compiled.problem.tasks)
    placed: set[str] = set()
    gone: dict[str, str] = {}  # id -> its previous venue or option, no longer offered
    for item in previous.items:
        if item.kind not in ("meeting", "transfer") or item.id not in known | {
            t.id for t in brief.transfers
        }:
            continue
        index = compiled.task_index(item.id)
        labels = compiled.sources[index].option_ids
        label = item.venue if item.kind == "meeting" else item.option
        if label not in labels:
            gone[item.id] = str(label)
            continue
        placement = Placement(labels.index(label), _start_minute(compiled, item))
        tasks[index] = dataclasses.replace(
            tasks[index], previous=placement, pinned=item.id in pinned
        )
        placed.add(item.id)
    tasks = _lunches_as_before(compiled, previous, tasks)
    problems += [
        Problem(
            f"cannot pin {pid!r}: its place in the previous plan, {gone[pid]}, is no longer "
            "one of its venues in the brief; offer it again, or unpin it"
            if pid in gone
            else f"cannot pin {pid!r}: the previous plan does not schedule it",
            path="pinned",
        )
        for pid in sorted(pinned & known - placed)
    ]
    if problems:
        raise BriefError(problems)
    problem = dataclasses.replace(compiled.problem, tasks=tuple(tasks), keep_bonus=keep_bonus)
    return dataclasses.replace(compiled, problem=problem)


def _lunches_as_before(compiled: Compiled, previous: Itinerary, tasks: list[Task]) -> list[Task]:
    """Each traveller's lunch where the previous plan had it, for the same ``keep_bonus``
    as a meeting: a probe's re-plan moved a lunch from 13:00 to 11:30 for nothing, and
    four calendars got an update nobody had asked for."""
    position = {t.id: i for i, t in enumerate(tasks)}
    tz = compiled.brief.visit.tz
    for item in previous.items:
        if item.kind != "lunch":
            continue
        day = item.start.astimezone(tz).date()
        for pid in item.attendees:
            index = position.get(lunch_task_id(pid, day))
            if index is not None:
                tasks[index] = dataclasses.replace(
                    tasks[index], previous=Placement(0, compiled.minute(item.start))
                )
    return tasks


def unknown_places(brief: Brief, previous: Itinerary) -> list[Problem]:
    """Each place of ``previous`` that ``brief`` has no venue for, as a problem at its
    field (``items.3.from``): the re-plan compares journeys through them (a probe's
    report edited to a flight from "nowhere" was a traceback after the search)."""
    known = {v.id for v in brief.venues}
    return [
        Problem(
            f"unknown venue {place!r}: the brief has no venue with that id", f"items.{n}.{name}"
        )
        for n, item in enumerate(previous.items)
        for name, place in (("venue", item.venue), ("from", item.from_), ("to", item.to))
        if place is not None and place not in known
    ]


def other_visit(brief: Brief, previous: Itinerary) -> str | None:
    """Why ``previous`` cannot be re-planned from for ``brief``, if it is another visit's:
    the new calendars would cancel that visit's events."""
    if previous.visit == brief.visit.id:
        return None
    return (
        f"the previous plan is of the visit {previous.visit!r}, the brief of {brief.visit.id!r}: "
        "re-plan from a plan of this visit (its calendars would cancel the other's events)"
    )


def changes(compiled: Compiled, previous: Itinerary, current: Itinerary) -> list[Change]:
    """What differs between the two plans, item by item, with a reason for each."""
    tracked = ("meeting", "fixed", "transfer")
    before = {i.id: i for i in previous.items if i.kind in tracked}
    after = {i.id: i for i in current.items if i.kind in tracked}
    reasons = {u.id: u.reason for u in current.unscheduled}
    found: list[Change] = []
    for item_id, old in before.items():
        new = after.get(item_id)
        if new is None:
            why = reasons.get(item_id, "it is no longer in the brief")
            found.append(Change(item_id, "removed", why, before=old))
        elif _placement(old) != _placement(new):
            found.append(Change(item_id, "moved", _why_moved(compiled, old, current), old, new))
        elif old.attendees != new.attendees:
            found.append(Change(item_id, "attendees", _who_changed(old, new), old, new))
    found += [
        Change(item_id, "added", "it is new in the brief or now fits", after=new)
        for item_id, new in after.items()
        if item_id not in before
    ]
    return sorted(found, key=lambda c: c.id)


def sequences(previous: Itinerary, current: Itinerary) -> dict[str, int]:
    """Calendar SEQUENCE per item id, for the plan that re-plans ``previous``: the
    previous one, plus one for an item whose time, place or attendees changed; for an
    item new in it, the number of this re-plan (``previous.revision + 1``). A lunch
    sitting's previous ones are the one with its id (its UID in the visit's calendar)
    and those of that day its people sat at before (sittings regroup from one plan to the
    next, and each person's calendar names their lunch by its day: ``ics.uid``): the
    highest of their SEQUENCEs, plus one if any of them changed, so that each lunch
    event, the visit's and each person's, never goes down and goes up when it changes.

    So a SEQUENCE never exceeds the number of the re-plan that set it, nor does the one
    an event is cancelled with (``ics``: the one it went out with, plus one): a meeting
    cancelled and back in a later re-plan returns above its cancellation, and an
    attendee who leaves a meeting and comes back finds it above the cancellation of
    their own copy."""
    revision = previous.revision + 1
    old = {i.id: i for i in previous.items}
    result: dict[str, int] = {}
    for item in current.items:
        sat = [old[item.id]] if item.id in old else []  # (the visit's calendar: one UID)
        if item.kind == "lunch":
            sat += [
                b
                for b in previous.items
                if b.kind == "lunch"
                and b.id != item.id
                and b.start.date() == item.start.date()
                and set(b.attendees) & set(item.attendees)
            ]
        if not sat:
            result[item.id] = revision
            continue
        changed = any(_event_of(b) != _event_of(item) for b in sat)
        result[item.id] = max(b.sequence for b in sat) + (1 if changed else 0)
    return result


def _who_changed(old: Item, new: Item) -> str:
    """``"same time and place; dean no longer attends"``: an item whose people changed."""
    left = [p for p in old.attendees if p not in new.attendees]
    joined = [p for p in new.attendees if p not in old.attendees]
    parts = []
    if left:
        parts.append(f"{', '.join(left)} no longer {'attends' if len(left) == 1 else 'attend'}")
    if joined:
        parts.append(f"{', '.join(joined)} {'attends' if len(joined) == 1 else 'attend'} too")
    return "same time and place; " + "; ".join(parts)


def _start_minute(compiled: Compiled, item: Item) -> int:
    """The problem-layer start of an item: a transfer starts at check-in."""
    check_in = (
        next((t.check_in_minutes for t in compiled.brief.transfers if t.id == item.id), 0)
        if item.kind == "transfer"
        else 0
    )
    return compiled.minute(item.start) - check_in


def _placement(item: Item) -> tuple[object, ...]:
    return (item.start, item.end, item.venue, item.option, item.from_, item.to)


def _event_of(item: Item) -> tuple[object, ...]:
    """What a calendar event of the item shows that a re-plan may change."""
    return (*_placement(item), item.attendees, item.title)


def _why_moved(compiled: Compiled, old: Item, current: Itinerary) -> str:
    if old.kind == "fixed":
        return "the brief moved this fixed event"
    brief = compiled.brief
    index = compiled.task_index(old.id)
    labels = compiled.sources[index].option_ids
    label = old.venue if old.kind == "meeting" else old.option
    if label not in labels:
        what = "venue" if old.kind == "meeting" else "option"
        return f"its previous {what} {label} is no longer offered"
    edited = _edited(brief, old)
    new = current.item(old.id)
    same = new is not None and (new.start, new.venue) == (old.start, old.venue)
    if edited and (old.kind == "transfer" or same):  # (a retimed option; or the length alone)
        return edited
    day = old.start.astimezone(brief.visit.tz).date()
    if day not in brief.visit.days():
        return _joined(edited, f"the visit no longer includes {short_date(day)}")
    option = compiled.problem.tasks[index].options[labels.index(label)]
    minute = _start_minute(compiled, old)
    broken = dict.fromkeys(  # (one phrase per rule: stays:rector and stays:dean read alike)
        _rule_words(key)
        for key, allowed in option.starts.items()
        if not any(lo <= minute <= hi for lo, hi in allowed)
    )
    if broken:
        return _joined(edited, f"its previous time is no longer possible: {', '.join(broken)}")
    if edited:
        return edited
    full = _full_day(brief, old, current)
    if full:
        return full
    blockers = [
        item.id
        for item in current.items
        if item.kind in ("meeting", "fixed", "transfer")
        and item.id != old.id
        and set(item.attendees) & set(old.attendees)
        and _in_the_way(compiled.brief, item, old)
    ]
    if blockers:
        return f"its previous slot is now taken by {', '.join(sorted(blockers))}"
    return "moved for a better plan: more priority, or a better score for preferences and travel"


def _edited(brief: Brief, old: Item) -> str:
    """What the brief changed in the item itself since ``old``, in words, or "": a
    meeting's length, a transfer option's times (a probe's retimed flight was said to
    break the cities rule, a shortened meeting to have moved "for a better plan")."""
    tz = brief.visit.tz

    def span(start: datetime, end: datetime) -> str:
        """``"Wed 19 May 21:10-22:55"``, the end's date too where it is another."""
        day = start.astimezone(tz).date()
        return f"{short_date(day)} {clock(start, tz)}-{clock(end, tz, day)}"

    if old.kind == "meeting":
        meeting = next(m for m in brief.meetings if m.id == old.id)
        was = round((old.end - old.start).total_seconds() / 60)
        if meeting.minutes != was:
            return f"the brief made it {meeting.minutes} minutes long (was {was})"
    elif old.kind == "transfer":
        transfer = next(t for t in brief.transfers if t.id == old.id)
        option = next(o for o in transfer.options if o.label == old.option)
        if (option.depart, option.arrive) != (old.start, old.end):
            return (
                f"the brief changed the times of its option {old.option}: now "
                f"{span(option.depart, option.arrive)}, was {span(old.start, old.end)}"
            )
    return ""


def _full_day(brief: Brief, old: Item, current: Itinerary) -> str:
    """Why a meeting's previous day has no room left under ``max_meetings_per_day``, or
    "": one of its people has that many other meetings that day in the new plan."""
    limit = brief.visit.max_meetings_per_day
    if limit is None or old.kind != "meeting":
        return ""
    tz = brief.visit.tz
    day = old.start.astimezone(tz).date()
    for pid in old.attendees:
        others = [
            i
            for i in current.items
            if i.kind == "meeting"
            and i.id != old.id
            and pid in i.attendees
            and i.start.astimezone(tz).date() == day
        ]
        if len(others) >= limit:
            meetings = "meeting" if limit == 1 else "meetings"
            return (
                f"its previous day is full: {pid} has {len(others)} other {meetings} on "
                f"{short_date(day)} in the new plan (max_meetings_per_day)"
            )
    return ""


def _joined(first: str, second: str) -> str:
    return f"{first}; {second}" if first else second


def _in_the_way(brief: Brief, item: Item, old: Item) -> bool:
    """Whether ``item`` leaves no room for ``old``'s previous slot: they overlap, counting
    a transfer from its check-in, and the journey and buffer between their places (a
    meeting that had to leave for a new flight's check-in was said to have moved "for a
    better plan")."""
    check_in = next((t.check_in_minutes for t in brief.transfers if t.id == item.id), 0)
    busy_from = item.start - timedelta(minutes=check_in)
    buffer = brief.visit.buffer_minutes
    here = old.venue or old.from_
    before = _journey(brief, here, item.venue or item.from_)  # old, then the item
    after = _journey(brief, item.venue or item.to, here)  # the item, then old
    return busy_from - timedelta(minutes=before + buffer) < old.end and old.start < (
        item.end + timedelta(minutes=after + buffer)
    )


def _journey(brief: Brief, a: str | None, b: str | None) -> int:
    """Minutes from venue ``a`` to ``b`` (0 where either is unknown, or only a transfer
    joins them: no claim is made there)."""
    if a is None or b is None:
        return 0
    return travel_minutes(brief, brief.venue(a), brief.venue(b)) or 0


def _rule_words(key: str) -> str:
    rule = rule_of(key)
    if rule == "availability" and ":" in key:
        return f"{key.split(':', 1)[1]} is not available then (availability)"
    return f"the {rule.replace('_', ' ')} rule forbids it ({rule})"
