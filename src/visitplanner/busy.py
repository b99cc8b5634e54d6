"""Busy times from a participant's exported calendar (.ics), for ``busy_calendar``.

Exports from Google, Outlook and Apple differ in ways that move or invent busy time:
Outlook names zones the Windows way ("Romance Standard Time") and marks free time with
X-MICROSOFT-CDO-BUSYSTATUS; Google relies on X-WR-TIMEZONE; all-day events carry no
zone at all. Every time is therefore given its zone here, before recurring-ical-events
expands RRULE, EXDATE and RECURRENCE-ID overrides. icalendar keeps the VTIMEZONEs of
every file it has read in one process-wide cache, so a TZID is resolved from the tz
database, CLDR's Windows names or this file's own VTIMEZONE, never from another file's.

Each event is checked first and named in what goes wrong (its SUMMARY, UID and line),
since the person who reads the message has to find it in a file they did not write.
Rules are brought forward to the visit and counted (``visitplanner.recurrence``) before
they are expanded, so that an event repeating every second since 1900 is refused at
once rather than expanded for minutes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

import pytz
import recurring_ical_events
from icalendar import Calendar, Event, vRecur
from icalendar.prop import vDDDLists
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from visitplanner.errors import BriefError, Problem
from visitplanner.intervals import joined
from visitplanner.models import Brief, Window
from visitplanner.recurrence import FREQUENCIES, bring_forward, count, rules, written
from visitplanner.timeparse import at

MAX_BUSY_PERIODS = 10_000  # a few events a day, not a rule that repeats every minute
MAX_BUSY_BYTES = 20_000_000  # years of a busy person's calendar, exported whole
_TIMED = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")
_FREE = {("STATUS", "CANCELLED"), ("TRANSP", "TRANSPARENT"), ("X-MICROSOFT-CDO-BUSYSTATUS", "FREE")}


def busy_windows(
    path: str | Path,
    start: datetime,
    end: datetime,
    *,
    default_tz: tzinfo | None = None,
    limit: int = MAX_BUSY_PERIODS,
) -> list[tuple[datetime, datetime]]:
    """The busy spans of the calendar at ``path`` that intersect [``start``, ``end``),
    merged where they overlap or touch, in time order.

    Free, transparent and cancelled events block nothing; an all-day event blocks its
    whole days. Floating times and all-day events are read in the calendar's
    X-WR-TIMEZONE, else in ``default_tz`` (pass the visit's zone), else in the zone of
    ``start``. Raises ``BriefError`` naming the file (and the event, with its line) when
    it is missing or broken, or when more than ``limit`` busy periods meet the window.
    """
    dated = isinstance(start, datetime) and isinstance(end, datetime)  # (a date has no zone)
    if not dated or start.tzinfo is None or end.tzinfo is None:
        raise ValueError("busy_windows needs aware start and end date-times")
    data = _bytes(path)
    calendar = _parsed(path, data)
    try:
        zone = _default_zone(calendar, default_tz or start.tzinfo)
        defined = _defined_zones(calendar)
    except ValueError as exc:
        raise _error(path, str(exc)) from None
    day = timedelta(days=1)  # all-day events are found by date: look a day wider
    _prepare(path, data, calendar, zone, defined, (start, end, start - day), limit)
    calendar.pop("X-WR-TIMEZONE", None)  # applied above, to floating times only
    try:
        occurrences = recurring_ical_events.of(calendar).between(start - day, end + day)
        spans = [_span(event, zone) for event in occurrences if _blocks(event)]
    except Exception as exc:  # recurring-ical-events fails in many ways on malformed input
        detail = f"{type(exc).__name__}: {_shown(exc)}"
        raise _error(path, f"cannot expand its events ({detail})") from None
    within = [(s, e) for s, e in spans if s < end and e > start and e > s]
    if len(within) > limit:
        raise _error(path, f"more than {limit:,} busy periods during the visit")
    return joined(within)


def _defined_zones(calendar: Calendar) -> dict[str, tzinfo]:
    """The file's own VTIMEZONEs by TZID; ValueError for one whose TZID is blank (none
    or two are refused before parsing, ``_zone_without_one_tzid``), or one icalendar
    cannot read."""
    defined: dict[str, tzinfo] = {}
    for tz in calendar.timezones:
        name = tz.get("TZID")
        if not isinstance(name, str) or not name.strip():
            raise ValueError("a VTIMEZONE needs exactly one TZID")
        try:
            defined[str(name)] = tz.to_tz(lookup_tzid=False)
        except Exception as exc:  # icalendar fails in many ways on a malformed VTIMEZONE
            raise ValueError(f"VTIMEZONE {name}: cannot read it ({type(exc).__name__})") from None
    return defined


def _prepare(
    path: str | Path,
    data: bytes,
    calendar: Calendar,
    zone: tzinfo,
    defined: dict[str, tzinfo],
    window: tuple[datetime, datetime, datetime],
    limit: int,
) -> None:
    """Check each event, give its times their zones, bring its rule forward to
    ``before`` and count its busy periods in [``start``, ``end``), refusing the file
    when they come to more than ``limit``."""
    start, end, before = window
    lines: list[int | None] = list(_event_lines(data))
    if len(lines) != len(calendar.events):
        lines = [None] * len(calendar.events)  # events nested oddly: no line to give
    counted: list[tuple[int, Event, int | None]] = []
    for event, line in zip(calendar.events, lines, strict=True):
        try:
            _check(event)
            _give_zones(event, zone, defined)
            bring_forward(event, before)
            periods = count(event, start, end, limit) if _blocks(event) else 0
        except ValueError as exc:
            raise _error(path, f"{_named(event)}: {exc}", line) from None
        except Exception as exc:  # a value of an unexpected type, say
            detail = f"{type(exc).__name__}: {_shown(exc)}"
            raise _error(path, f"{_named(event)}: cannot expand it ({detail})", line) from None
        counted.append((periods, event, line))
        if sum(n for n, _, _ in counted) > limit:
            _, most, where = max(counted, key=lambda entry: entry[0])
            recur = " and ".join(f"RRULE {written(rule)}" for rule in rules(most))
            raise _error(
                path,
                f"more than {limit:,} busy periods during the visit, most of them from "
                f"{_named(most)}, {recur}",
                where,
            )


def _error(path: str | Path, message: str, line: int | None = None) -> BriefError:
    return BriefError([Problem(f"busy calendar: {message}", file=str(path), line=line)])


def _shown(exc: Exception) -> str:
    """A parser's message, short and printable: it may quote a whole binary file."""
    text = "".join(c if c.isprintable() else "?" for c in str(exc))
    return text if len(text) <= 120 else text[:117] + "..."


def _bytes(path: str | Path) -> bytes:
    """The file's bytes, at most ``MAX_BUSY_BYTES`` of them (a device such as
    ``/dev/zero`` would never end: one byte more than the limit is read, no more)."""
    too_big = f"it has more than {MAX_BUSY_BYTES:,} bytes; export only the weeks of the visit"
    try:
        if Path(path).stat().st_size > MAX_BUSY_BYTES:
            raise _error(path, too_big)
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_BUSY_BYTES + 1)
    except IsADirectoryError:
        raise _error(path, "cannot read it: it is a directory") from None
    except OSError as exc:
        raise _error(path, f"cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_BUSY_BYTES:
        raise _error(path, too_big)
    return data


def _parsed(path: str | Path, data: bytes) -> Calendar:
    line = _zone_without_one_tzid(data)
    if line is not None:  # (two TZIDs break icalendar's parser itself)
        raise _error(path, "a VTIMEZONE needs exactly one TZID", line)
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise _error(path, f"not an iCalendar (.ics) file: {_shown(exc)}") from None
    except Exception as exc:  # icalendar's parser fails in other ways on malformed input
        detail = f"{type(exc).__name__}: {_shown(exc)}"
        raise _error(path, f"cannot read it as an iCalendar (.ics) file ({detail})") from None
    if calendar.name != "VCALENDAR":
        raise _error(path, f"expected BEGIN:VCALENDAR, found BEGIN:{calendar.name}")
    return calendar


def _zone(tzid: str, defined: dict[str, tzinfo]) -> tzinfo:
    """An IANA name, a Windows name (CLDR's map, shipped with icalendar), or a zone
    that this file's VTIMEZONE defines."""
    name = tzid.strip().strip("/")
    for candidate in (name, WINDOWS_TO_OLSON.get(name)):
        if candidate:
            try:
                return pytz.timezone(candidate)
            except pytz.UnknownTimeZoneError:
                pass
    if tzid in defined:
        return defined[tzid]
    raise ValueError(
        f"unknown timezone {tzid!r}: not an IANA or Windows zone name, and the file has "
        "no VTIMEZONE for it"
    )


def _default_zone(calendar: Calendar, fallback: tzinfo) -> tzinfo:
    name = calendar.get("X-WR-TIMEZONE")
    return _zone(str(name), {}) if name else fallback


def _zone_without_one_tzid(data: bytes) -> int | None:
    """The line of the first VTIMEZONE with no TZID or with more than one, if any."""
    begun, count = None, 0
    for number, text in enumerate(data.splitlines(), start=1):
        line = text.strip().upper()
        if line == b"BEGIN:VTIMEZONE":
            begun, count = number, 0
        elif begun is not None and line.startswith(b"TZID") and line[4:5] in (b":", b";"):
            count += 1
        elif begun is not None and line == b"END:VTIMEZONE":
            if count != 1:
                return begun
            begun = None
    return None


def _event_lines(data: bytes) -> list[int]:
    """The line of each BEGIN:VEVENT, in the order of ``Calendar.events``."""
    found = enumerate(data.splitlines(), start=1)
    return [number for number, text in found if text.strip().upper() == b"BEGIN:VEVENT"]


def _named(event: Event) -> str:
    """``event 'Weekly meeting' (UID 42@example.com)``: how to find it in the file."""
    summary, uid = (" ".join(str(event.get(name, "")).split()) for name in ("SUMMARY", "UID"))
    if summary and uid:
        return f"event {summary!r} (UID {uid})"
    if summary or uid:
        return f"event {summary!r}" if summary else f"event UID {uid}"
    return "an event with no SUMMARY or UID"


def _check(event: Event) -> None:
    """Refuse, in plain words, what would stop ``event`` from being read or expanded."""
    for name in ("DTSTART", "DTEND", "DURATION"):
        found = event.get(name)
        if isinstance(found, list):
            raise ValueError(f"{len(found)} {name} lines, where an event has one at most")
    if "DTSTART" not in event:
        raise ValueError("no DTSTART, so no time to block")
    if "DTEND" in event and "DURATION" in event:
        raise ValueError("both DTEND and DURATION, where an event has one or the other")
    problems = [_rule_problem(rule) for rule in event.rrules]
    problems += [f"{name}: {why}" for name, why in event.errors if name in (*_TIMED, "DURATION")]
    if any(problems):
        raise ValueError("; ".join(problem for problem in problems if problem))


def _rule_problem(rule: Any) -> str:
    """What is wrong with an RRULE, in words; ``""`` when nothing is."""
    text = written(rule) if isinstance(rule, vRecur) else str(rule)  # as the file has it
    parts = dict(part.split("=", 1) for part in text.upper().split(";") if "=" in part)
    freq = parts.get("FREQ")
    if freq is None:
        return f"RRULE:{text} has no FREQ"
    if freq not in FREQUENCIES:
        known = f"{', '.join(FREQUENCIES[:-1])} or {FREQUENCIES[-1]}"
        return f"RRULE:{text}: {freq} is not a valid frequency ({known})"
    if isinstance(rule, vRecur):
        return ""
    return f"RRULE:{text}: {rule.parse_error}"


def _give_zones(event: Event, zone: tzinfo, defined: dict[str, tzinfo]) -> None:
    """Attach to every date-time of ``event`` the zone its TZID names (``zone`` when it
    is floating); UTC times and dates stay as they are."""
    for name in _TIMED:
        for value, tzid in _values(event.get(name)):
            if isinstance(value.dt, datetime) and (tzid or value.dt.tzinfo is None):
                wall = value.dt.replace(tzinfo=None)
                value.dt = _attach(wall, _zone(tzid, defined) if tzid else zone)


def _values(prop: Any) -> Iterator[tuple[Any, str | None]]:
    """Each date or date-time of a property (several EXDATE lines, lists of values), with
    the TZID the line names."""
    for line in prop if isinstance(prop, list) else [prop] if prop is not None else []:
        tzid = line.params.get("TZID")
        for value in line.dts if isinstance(line, vDDDLists) else [line]:
            yield value, tzid


def _attach(wall: datetime, zone: tzinfo) -> datetime:
    """The instant of a wall-clock time in ``zone`` as RFC 5545 reads it: a time shown
    twice is its first occurrence, one in a gap takes the offset before the gap."""
    if isinstance(zone, pytz.BaseTzInfo):
        return at(wall.date(), wall.time(), zone)
    return wall.replace(tzinfo=zone)


def _blocks(event: Event) -> bool:
    return not any(str(event.get(name, "")).upper() == value for name, value in _FREE)


def _span(event: Event, zone: tzinfo) -> tuple[datetime, datetime]:
    """Start and end of one occurrence; an all-day event runs from midnight to midnight."""
    first, last = event.start, event.end
    if isinstance(first, datetime) and isinstance(last, datetime):
        first, last = _as_written(first), _as_written(last)
        return _minute_before(first).astimezone(zone), _minute_after(last).astimezone(zone)
    return _midnight(first, zone), _midnight(last, zone)


def _as_written(moment: datetime) -> datetime:
    """The instant of ``moment``'s wall-clock time in its zone as RFC 5545 reads it
    (``_attach``): recurring-ical-events localizes each occurrence with pytz's default,
    which takes the second of two times the clocks show twice."""
    if isinstance(moment.tzinfo, pytz.BaseTzInfo):
        return _attach(moment.replace(tzinfo=None), pytz.timezone(str(moment.tzinfo.zone)))
    return moment


def _minute_before(moment: datetime) -> datetime:
    """The whole minute at or before ``moment``: plans are to the minute, and a busy
    10:00:30-10:59:30 blocks 10:00-11:00."""
    return moment.replace(second=0, microsecond=0)


def _minute_after(moment: datetime) -> datetime:
    floor = _minute_before(moment)
    return floor if floor == moment else floor + timedelta(minutes=1)


def _midnight(day: date, zone: tzinfo) -> datetime:
    return _attach(datetime.combine(day, time()), zone)


def with_busy_calendars(brief: Brief, base: Path) -> Brief:
    """``brief`` with every participant's ``busy_calendar`` (a path relative to ``base``)
    read into extra ``unavailable`` windows over the visit, a day either side."""
    tz = brief.visit.tz
    start = at(brief.visit.start - timedelta(days=1), time(0), tz)
    end = at(brief.visit.end + timedelta(days=2), time(0), tz)
    people = []
    problems: list[Problem] = []
    for index, person in enumerate(brief.participants):
        if person.busy_calendar is None:
            people.append(person)
            continue
        path = base / person.busy_calendar
        try:
            spans = busy_windows(path, start, end, default_tz=tz)
        except BriefError as exc:
            field = f"participants.{index}.busy_calendar"
            problems += [dataclasses.replace(p, path=field) for p in exc.problems]
            continue
        busy = tuple(Window(start=a, end=b, reason=f"busy in {path.name}") for a, b in spans)
        people.append(person.model_copy(update={"unavailable": person.unavailable + busy}))
    if problems:
        raise BriefError(problems)
    return brief.model_copy(update={"participants": tuple(people)})
