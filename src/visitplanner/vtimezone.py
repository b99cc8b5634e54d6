"""VTIMEZONE components built from the tz database, in the shape calendar clients expect.

icalendar's own ``Timezone.from_tzid`` writes the spring DST onset an hour late and lists
every change as an RDATE, which Outlook mishandles. Here each run of yearly changes that
follow one rule ("last Sunday of March at 02:00") becomes one STANDARD or DAYLIGHT
observance with an RRULE; a zone without changes in the covered span gets a single
STANDARD observance with its fixed offset.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any

import pytz
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_SINCE_EVER = datetime(1970, 1, 1)  # onset written for an offset that never changed

# A yearly rule: (month, wall-clock time, day spec). The day spec is one of
# ("last", weekday), ("nth", n, weekday), ("date", day), ("from", first_day, weekday);
# the earlier kinds are the more usual way to write the same rule.
_Rule = tuple[int, time, tuple[Any, ...]]
_PREFERENCE = ("last", "nth", "date", "from")


@dataclass(frozen=True)
class _Change:
    """One change of offset or abbreviation, as the tz database records it."""

    utc: datetime  # naive UTC instant of the change
    offset_from: timedelta
    offset_to: timedelta
    daylight: bool  # clocks go forward for summer time (whatever sign the tz database uses)
    name: str

    @property
    def local(self) -> datetime:
        """Wall-clock time of the change, read on the clock before it (what DTSTART says)."""
        return self.utc + self.offset_from

    @property
    def kind(self) -> tuple[timedelta, timedelta, bool, str]:
        return self.offset_from, self.offset_to, self.daylight, self.name


def vtimezone(tzid: str, start: datetime, end: datetime) -> Timezone:
    """The VTIMEZONE for IANA zone ``tzid``, exact for every instant of the calendar
    years that ``start`` to ``end`` touch; rules still in force after that stay open-ended.
    """
    tz = pytz.timezone(tzid)
    first = datetime(_naive_utc(start).year, 1, 1)
    last = datetime(_naive_utc(end).year + 1, 1, 1)
    component = Timezone()
    component.add("tzid", tzid)
    for observance in _observances(_changes(tz, first), last):
        component.add_component(observance)
    return component


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{moment} has no timezone; the covered span needs aware times")
    return moment.astimezone(UTC).replace(tzinfo=None)


def _changes(tz: tzinfo, first: datetime) -> list[_Change]:
    """The change in force at ``first``, then every later change the tz database lists
    (to 2037), so that each yearly rule is checked well past the covered span."""
    times: list[datetime] = getattr(tz, "_utc_transition_times", [])
    infos: list[tuple[timedelta, timedelta, str]] = getattr(tz, "_transition_info", [])
    if len(times) < 2:  # UTC or a fixed-offset zone
        offset = tz.utcoffset(first) or timedelta(0)
        return [_Change(_SINCE_EVER - offset, offset, offset, False, tz.tzname(first) or "UTC")]
    anchor = max((i for i in range(1, len(times)) if times[i] <= first), default=1)
    changes = []
    for i in range(anchor, len(times)):
        (before, dst_before, _), (offset, dst, name) = infos[i - 1], infos[i]
        daylight = dst != dst_before and offset > before
        changes.append(_Change(times[i], before, offset, daylight, name))
    return changes


@dataclass
class _Run:
    """Changes of one kind in consecutive years, and the rules all of them follow."""

    members: list[_Change]
    rules: set[_Rule]


def _observances(
    changes: list[_Change], last: datetime
) -> list[TimezoneStandard | TimezoneDaylight]:
    """One observance per run of same-kind changes in consecutive years under one rule."""
    runs: list[_Run] = []
    latest: dict[tuple[timedelta, timedelta, bool, str], _Run] = {}
    for change in changes:
        rules = _rules(change.local)
        run = latest.get(change.kind)
        if run and change.local.year == run.members[-1].local.year + 1 and run.rules & rules:
            run.members.append(change)
            run.rules &= rules
        else:
            latest[change.kind] = _Run([change], rules)
            runs.append(latest[change.kind])
    return [
        _observance(run.members, _preferred(run.rules), open_ended=run.members[-1].utc > last)
        for run in runs
        if run.members[0].utc < last
    ]


def _rules(local: datetime) -> set[_Rule]:
    """Every yearly rule that puts a change on this wall-clock date and time."""
    weekday = local.weekday()
    days_in_month = calendar.monthrange(local.year, local.month)[1]
    shortest = 28 if local.month == 2 else days_in_month
    specs: list[tuple[Any, ...]] = [("nth", (local.day - 1) // 7 + 1, weekday), ("date", local.day)]
    if local.day + 7 > days_in_month:
        specs.append(("last", weekday))
    first_days = range(max(1, local.day - 6), min(local.day, shortest - 6) + 1)
    specs.extend(("from", k, weekday) for k in first_days)
    return {(local.month, local.time(), spec) for spec in specs}


def _preferred(rules: Iterable[_Rule]) -> _Rule:
    return min(rules, key=lambda rule: (_PREFERENCE.index(rule[2][0]), rule))


def _observance(
    members: list[_Change], rule: _Rule, *, open_ended: bool
) -> TimezoneStandard | TimezoneDaylight:
    head = members[0]
    observance = TimezoneDaylight() if head.daylight else TimezoneStandard()
    observance.add("dtstart", head.local)
    observance.add("tzoffsetfrom", head.offset_from)
    observance.add("tzoffsetto", head.offset_to)
    if len(members) > 1:
        # UNTIL is UTC, but some clients read it as local time: the later of the two readings
        # keeps the last change in for both, and comes long before the next year's.
        until = max(members[-1].utc, members[-1].local)
        observance.add("rrule", _rrule(rule, None if open_ended else until))
    observance.add("tzname", head.name)
    return observance


def _rrule(rule: _Rule, until: datetime | None) -> dict[str, Any]:
    month, _, spec = rule
    recur: dict[str, Any] = {"FREQ": "YEARLY", "BYMONTH": month}
    kind = spec[0]
    if kind == "last":
        recur["BYDAY"] = f"-1{_WEEKDAYS[spec[1]]}"
    elif kind == "nth":
        recur["BYDAY"] = f"{spec[1]}{_WEEKDAYS[spec[2]]}"
    elif kind == "date":
        recur["BYMONTHDAY"] = spec[1]
    else:
        recur["BYMONTHDAY"] = list(range(spec[1], spec[1] + 7))
        recur["BYDAY"] = _WEEKDAYS[spec[2]]
    if until is not None:
        recur["UNTIL"] = until.replace(tzinfo=UTC)
    return recur
