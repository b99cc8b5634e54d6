"""Recurrence rules of busy calendars, made cheap to expand.

dateutil, which recurring-ical-events uses, steps through a rule from its DTSTART: an
event repeating every two minutes since 2000 took seven million steps (72 s) before the
first one that mattered. ``bring_forward`` moves DTSTART forward by whole periods of the
rule to just before the visit, which keeps every later occurrence, so that the cost
depends on the visit and not on how old the rule is. ``count`` then counts the
occurrences that meet the visit, up to a limit, before anything is expanded.

Rules step on the wall clock of DTSTART's zone (09:00 stays 09:00 across a change of
summer time), as dateutil does, so the arithmetic here is on naive wall-clock times.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, tzinfo

import pytz
from dateutil.rrule import rrule, rrulestr
from icalendar import Event, vRecur

FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
_STEPS = {
    "WEEKLY": timedelta(weeks=1),
    "DAILY": timedelta(days=1),
    "HOURLY": timedelta(hours=1),
    "MINUTELY": timedelta(minutes=1),
    "SECONDLY": timedelta(seconds=1),
}
_MONTHS = {"YEARLY": 12, "MONTHLY": 1}


def rules(event: Event) -> list[vRecur]:
    """The event's readable RRULEs (RFC 5545 wants at most one; some files have more)."""
    return [rule for rule in event.rrules if isinstance(rule, vRecur)]


def written(rule: vRecur) -> str:
    """The rule as a file writes it: ``FREQ=WEEKLY;BYDAY=MO``."""
    text: str = rule.to_ical().decode()  # type: ignore[no-untyped-call]
    return text


def bring_forward(event: Event, before: datetime) -> None:
    """Move DTSTART forward by whole periods of the event's RRULE, to the last step whose
    occurrence is over by ``before``, so that the occurrences from ``before`` on are the
    same; DTEND becomes the equivalent DURATION. Left as they are: a rule with COUNT and
    BY... parts (only stepping tells how many came earlier), an event with several
    RRULEs, and an all-day event repeating more often than daily."""
    found = rules(event)
    if len(found) != 1 or len(event.rrules) != 1:
        return
    rule, start, span = found[0], event.DTSTART, _length(event)
    freq = str(rule["FREQ"][0])
    counted = "COUNT" in rule
    filtered = any(part.startswith("BY") for part in rule)
    timed = isinstance(start, datetime)
    if (counted and filtered) or (not timed and freq not in ("WEEKLY", "DAILY", *_MONTHS)):
        return
    if span is None:
        return
    wall = _wall(start, start)
    latest = _wall(before - span, start)
    interval = int(rule.get("INTERVAL", [1])[0])
    periods = _periods(freq, interval, wall, latest)
    if counted:
        if freq in _MONTHS and wall.day > 28:
            return  # months without that day are skipped, and not counted
        periods = min(periods, int(rule["COUNT"][0]) - 1)
    moved = _moved(freq, interval, wall, periods)
    while moved is None:  # no 29 February that year: one period less
        periods -= 1
        moved = _moved(freq, interval, wall, periods)
    if periods <= 0:
        return
    if filtered:  # the step itself may not match the BY... parts: take the next occurrence
        moved = next(iter(_stepper(rule, moved, start)), None)
        if moved is None:
            del event["RRULE"]  # no occurrence left after the step
            return
    if counted:
        rule["COUNT"] = [int(rule["COUNT"][0]) - periods]
    for name in ("DTSTART", "DTEND", "DURATION"):
        event.pop(name, None)
    # added as they are: icalendar's setters refuse an all-day start lasting 50 minutes,
    # which recurring-ical-events reads
    event.add("DTSTART", _placed(moved, start))
    event.add("DURATION", span)


def count(event: Event, start: datetime, end: datetime, limit: int) -> int:
    """How many occurrences of the event's RRULEs begin before ``end`` and are still on
    at ``start``, counting no further than ``limit + 1``. All-day events are counted on
    the zone of ``start``."""
    first = event.DTSTART
    low, high = _wall(start - (_length(event) or timedelta(0)), first), _wall(end, first)
    total = 0
    for rule in rules(event):
        for occurrence in _stepper(rule, _wall(first, first), first).xafter(low):
            if occurrence >= high or total > limit:
                break
            total += 1
    return total


def _length(event: Event) -> timedelta | None:
    """How long each occurrence lasts: DURATION, else DTEND - DTSTART, else nothing (a
    day for an all-day event); None when only one of DTSTART and DTEND is a date."""
    start, end, duration = event.DTSTART, event.DTEND, event.DURATION
    if duration is not None:
        return duration  # type: ignore[no-any-return]
    if end is None:
        return timedelta(0) if isinstance(start, datetime) else timedelta(days=1)
    if isinstance(start, datetime) != isinstance(end, datetime):
        return None
    return end - start  # type: ignore[no-any-return]


def _wall(moment: date, like: date) -> datetime:
    """``moment`` on the wall clock that ``like`` is written in, as a naive date-time."""
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time())
    zone = like.tzinfo if isinstance(like, datetime) else None
    if moment.tzinfo is not None and zone is not None:
        moment = moment.astimezone(zone)
    return moment.replace(tzinfo=None)


def _periods(freq: str, interval: int, wall: datetime, latest: datetime) -> int:
    """How many whole periods fit from ``wall`` to ``latest``."""
    if latest <= wall:
        return 0
    if freq in _STEPS:
        return (latest - wall) // (_STEPS[freq] * interval)
    months = (latest.year - wall.year) * 12 + latest.month - wall.month
    if (latest.day, latest.time()) < (wall.day, wall.time()):
        months -= 1
    return max(0, months // (_MONTHS[freq] * interval))


def _moved(freq: str, interval: int, wall: datetime, periods: int) -> datetime | None:
    """``wall`` moved by ``periods`` periods; None for a day the month does not have."""
    if freq in _STEPS:
        return wall + _STEPS[freq] * interval * periods
    months = wall.month - 1 + _MONTHS[freq] * interval * periods
    year, month = wall.year + months // 12, months % 12 + 1
    if wall.day > calendar.monthrange(year, month)[1]:
        return None
    return wall.replace(year=year, month=month)


def _placed(wall: datetime, like: date) -> date:
    """A wall-clock time back in the form of ``like``: a date, or a time in its zone."""
    if not isinstance(like, datetime):
        return wall.date()
    zone: tzinfo | None = like.tzinfo
    if isinstance(zone, pytz.BaseTzInfo):
        return zone.localize(wall)
    return wall.replace(tzinfo=zone)


def _stepper(rule: vRecur, wall: datetime, like: date) -> rrule:
    """``rule`` as dateutil steps it from ``wall``, on the wall clock of ``like``."""
    text = written(vRecur({key: value for key, value in rule.items() if key != "UNTIL"}))
    try:
        stepper: rrule = rrulestr(text, dtstart=wall)
    except ValueError as exc:
        raise ValueError(f"RRULE:{text}: {exc}") from None
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        last = (
            _wall(until, like) if isinstance(until, datetime) else datetime.combine(until, time.max)
        )
        stepper = stepper.replace(until=last)
    return stepper
