"""The itinerary as iCalendar files that Google, Outlook and Apple import right first time.

One calendar for the whole visit in the visit's zone, and one per participant in that
person's own zone. What the clients need (DESIGN.md, section 4): METHOD:PUBLISH; a stable
UID and a SEQUENCE, so that importing a new plan updates events instead of duplicating
them; a DTSTAMP that never depends on the clock, so that the same plan gives the same
bytes; a VTIMEZONE for every TZID (built by ``vtimezone``); no ORGANIZER or ATTENDEE
(RFC 5546 allows none in PUBLISH), so people are named in DESCRIPTION. icalendar's
serializer writes CRLF and folds at 75 octets without splitting a UTF-8 character.

An event that starts or ends at a time the calendar's clocks show twice (the night they
go back) is written in UTC: RFC 5545 reads such a local time as its first occurrence, so
the second cannot be written with a TZID, and not every reader follows the RFC for the
first (Microsoft's .NET guidance takes an ambiguous time as standard time, the second).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TypedDict, Unpack
from urllib.parse import quote

import pytz
from icalendar import Calendar, Event, Timezone, vText

import visitplanner
from visitplanner.files import write_all
from visitplanner.itinerary import Item, Itinerary
from visitplanner.localtime import clock, elsewhere, repeated
from visitplanner.models import Brief, Participant, Venue
from visitplanner.replan import other_visit
from visitplanner.vtimezone import vtimezone

# C0 and C1 control characters, except tab and line feed (which TEXT can carry).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PLACED = ("meeting", "fixed", "transfer")  # the kinds that happen somewhere


class EmptyCalendarError(ValueError):
    """Nothing to put in the calendar; an empty VCALENDAR is invalid, so none is written."""


class CalendarOptions(TypedDict, total=False):
    """What ``to_calendar`` takes besides the plan, for the helpers that write files."""

    include_lunch: bool
    include_travel: bool
    dtstamp: datetime | None
    sequences: Mapping[str, int] | None
    previous: Itinerary | None


def to_calendar(
    brief: Brief,
    itinerary: Itinerary,
    *,
    participant: str | None = None,
    include_lunch: bool = True,
    include_travel: bool = False,
    dtstamp: datetime | None = None,
    sequences: Mapping[str, int] | None = None,
    previous: Itinerary | None = None,
) -> bytes:
    """The iCalendar bytes for the whole visit, or for one ``participant`` (only their
    items, in their own timezone). Same inputs, same bytes.

    DTSTAMP is ``dtstamp``, else the ``SOURCE_DATE_EPOCH`` environment variable, else
    midnight UTC of the visit's first day plus a minute per re-plan (the itinerary's
    ``revision``: a client that compares two versions of an event with one SEQUENCE by
    their DTSTAMP takes the newer plan's). ``sequences`` maps item ids to SEQUENCE
    (default: the item's ``sequence``, which ``plan`` raises when a re-plan changes it).
    ``previous``: the plan these calendars replace; each event its calendar had that
    this one has not (a meeting dropped, an attendee no longer there) is written
    cancelled, so that importing the new calendar removes or strikes out the old event;
    ValueError if it is another visit's plan (whose events it would cancel).
    Raises ``EmptyCalendarError`` when no item is left to write and none to cancel.
    """
    other = None if previous is None else other_visit(brief, previous)
    if other is not None:
        raise ValueError(other)
    people = {p.id: p for p in brief.participants}
    person = None
    if participant is not None:
        if participant not in participants_of(brief, previous):
            raise ValueError(f"unknown participant {participant!r}")
        # (one the brief no longer has: a calendar of cancellations, in the visit's zone)
        person = people.get(participant) or Participant(id=participant, name=participant)
        people.setdefault(participant, person)
    zone = (person.timezone if person else None) or brief.visit.timezone
    writer = _Writer(
        brief=brief,
        itinerary=itinerary,
        person=person,
        tz=pytz.timezone(zone),
        people=people,
        venues={v.id: v for v in brief.venues},
        stamp=_dtstamp(brief, dtstamp, itinerary.revision),
        sequences=sequences or {},
    )
    shown = {"lunch": include_lunch, "travel": include_travel}
    events = [writer.event(item) for item in _selected(itinerary, person, shown)]
    if previous is not None:
        written = {str(event["uid"]) for event in events}
        events += [
            writer.cancelled(item, previous)
            for item in _selected(previous, person, shown)
            if writer.uid(item, previous.visit) not in written
        ]
    if not events:
        raise EmptyCalendarError(_why_empty(itinerary, person))
    events.sort(key=lambda event: (event.decoded("dtstart").astimezone(UTC), str(event["uid"])))
    title = brief.visit.title if person is None else f"{brief.visit.title} ({person.name})"
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//visitplanner//visitplanner {visitplanner.__version__}//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", vText(_text(title)))
    calendar.add("x-wr-calname", vText(_text(title)))
    calendar.add("x-wr-timezone", vText(zone))
    for component in _timezones(events):
        calendar.add_component(component)
    for event in events:
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def write_calendar(
    path: str | Path,
    brief: Brief,
    itinerary: Itinerary,
    *,
    participant: str | None = None,
    **options: Unpack[CalendarOptions],
) -> Path:
    """Write ``to_calendar(...)`` to ``path`` atomically; a failure leaves the old file."""
    target = Path(path)
    write_all({target: to_calendar(brief, itinerary, participant=participant, **options)})
    return target


def write_calendars(
    directory: str | Path,
    brief: Brief,
    itinerary: Itinerary,
    **options: Unpack[CalendarOptions],
) -> list[Path]:
    """Write ``<visit-id>.ics`` for the whole visit and ``<participant-id>.ics`` for each
    participant who has at least one event (or, given ``previous``, one to cancel, a
    participant of that plan the brief no longer has included), into ``directory``
    (created if missing).

    Every file is built before the first one is written, and each is replaced
    atomically, so a failure never leaves a damaged or half-updated file.
    """
    folder = Path(directory)
    files = {folder / name: data for name, data in calendars(brief, itinerary, **options).items()}
    write_all(files)
    return list(files)


def calendars(
    brief: Brief, itinerary: Itinerary, **options: Unpack[CalendarOptions]
) -> dict[str, bytes]:
    """File name -> content: ``<visit-id>.ics`` for the whole visit, then
    ``<participant-id>.ics`` for each participant who has at least one event (or, given
    ``previous``, one to cancel: ``participants_of``)."""
    files = {f"{brief.visit.id}.ics": to_calendar(brief, itinerary, **options)}
    for pid in participants_of(brief, options.get("previous")):
        name = f"{pid}.ics"
        if name in files:
            raise ValueError(
                f"participant {pid!r} has the visit's id, so both calendars would be "
                f"{name}; rename one of them"
            )
        with contextlib.suppress(EmptyCalendarError):
            files[name] = to_calendar(brief, itinerary, participant=pid, **options)
    return files


def participants_of(brief: Brief, previous: Itinerary | None) -> list[str]:
    """Whose calendars there are: the brief's participants, then (after a re-plan) those
    of the ``previous`` plan the brief no longer has, whose calendars cancel their events."""
    known = [p.id for p in brief.participants]
    gone = {pid for item in previous.items for pid in item.attendees} if previous else set()
    return known + sorted(gone - set(known))


def uid(visit_id: str, item_id: str, participant: str | None = None) -> str:
    """``<item>.<visit>@visitplanner`` (``<item>.<participant>.<visit>@...`` for a personal
    copy): the same item keeps its UID from one export to the next. Characters other
    than letters, digits, ``-`` and ``_`` are %-escaped, dots included, so that the dots
    between parts cannot make two different items look alike."""
    parts = (item_id, participant, visit_id) if participant else (item_id, visit_id)
    return ".".join(quote(part, safe="-_").replace(".", "%2E") for part in parts) + "@visitplanner"


def _selected(
    itinerary: Itinerary, person: Participant | None, shown: Mapping[str, bool]
) -> list[Item]:
    """The items of the calendar of the visit (``person`` None) or of one person, less
    the kinds ``shown`` maps to False."""
    mine = itinerary.items if person is None else tuple(itinerary.of(person.id))
    return [item for item in mine if shown.get(item.kind, True)]


def _why_empty(itinerary: Itinerary, person: Participant | None) -> str:
    mine = itinerary.items if person is None else tuple(itinerary.of(person.id))
    if not itinerary.items:
        why = "the itinerary has no items"
    elif not mine:
        why = f"none of its {len(itinerary.items)} items concerns them"
    else:
        kinds = " and ".join(sorted({item.kind for item in mine}))
        why = f"its only items are {kinds}, which are left out"
    who = "the visit" if person is None else f"{person.name} ({person.id})"
    return f"no events to write in a calendar for {who}: {why}"


def _dtstamp(brief: Brief, given: datetime | None, revision: int) -> datetime:
    if given is not None:
        if given.tzinfo is None:
            raise ValueError(f"dtstamp {given} needs a timezone (UTC, say)")
        return given.astimezone(UTC).replace(microsecond=0)
    stamp = source_date_epoch()
    if stamp is not None:
        return stamp
    return datetime.combine(brief.visit.start, time(), UTC) + timedelta(minutes=revision)


def source_date_epoch() -> datetime | None:
    """The time the ``SOURCE_DATE_EPOCH`` environment variable gives (reproducible
    builds' convention), or None where it is unset; ValueError where it is not whole
    seconds from 1970-01-01 UTC up to the year 9999 (the command line says so before
    the search)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        seconds = int(epoch)
        if seconds < 0:
            raise ValueError
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(
            "SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 00:00 UTC, up to the "
            f"year 9999 (unset it to stamp the calendars from the visit's dates), got {epoch!r}"
        ) from None


def _timezones(events: list[Event]) -> list[Timezone]:
    """One VTIMEZONE per TZID the events use, covering their span, sorted by TZID."""
    spans: dict[str, list[datetime]] = {}
    for event in events:
        for name in ("dtstart", "dtend"):
            tzid = event[name].params.get("TZID")
            if tzid:
                spans.setdefault(tzid, []).append(event.decoded(name))
    return [vtimezone(tzid, min(spans[tzid]), max(spans[tzid])) for tzid in sorted(spans)]


def _text(value: str) -> str:
    """Text as calendars accept it: one kind of line break, no control characters."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


@dataclass(frozen=True)
class _Writer:
    """Everything needed to turn one item into a VEVENT for one calendar."""

    brief: Brief
    itinerary: Itinerary
    person: Participant | None
    tz: tzinfo
    people: dict[str, Participant]
    venues: dict[str, Venue]
    stamp: datetime
    sequences: Mapping[str, int]

    @property
    def local(self) -> tzinfo:
        """The visit's zone: where things happen, whatever zone the calendar shows."""
        return self.brief.visit.tz

    def uid(self, item: Item, visit_id: str) -> str:
        """The item's UID in this calendar, for a plan of the visit ``visit_id``."""
        personal = self.person.id if self.person else None
        named = item.id
        if personal and item.kind == "lunch":  # one a day, whichever sitting it is in
            named = f"lunch-{item.start.date().isoformat()}"
        return uid(visit_id, named, personal)

    def event(self, item: Item) -> Event:
        sequence = self.sequences.get(item.id, item.sequence)
        if sequence < 0:
            raise ValueError(f"SEQUENCE of {item.id!r} is {sequence}; it cannot be negative")
        event = self._timed(item, self.uid(item, self.brief.visit.id), sequence)
        summary = f"{item.title} ({item.option})" if item.option else item.title
        event.add("summary", _text(summary))
        location = self._location(item)
        if location:
            event.add("location", _text(location))
        venue = self._venue(item, item.venue) if item.venue else None
        if venue is not None and venue.location is not None:
            event.add("geo", venue.location)
        event.add("description", _text("\n".join(self._description(item))))
        event.add("categories", [item.kind.upper()])
        return event

    def cancelled(self, item: Item, previous: Itinerary) -> Event:
        """The event ``item`` of the ``previous`` plan had in this calendar, cancelled: a
        SEQUENCE above the one it went out with, STATUS:CANCELLED (RFC 5546 allows it
        in PUBLISH), and a summary that says so, for a client that shows it anyway."""
        event = self._timed(item, self.uid(item, previous.visit), item.sequence + 1)
        event.add("status", "CANCELLED")
        event.add("summary", _text(f"Cancelled: {item.title}"))
        why = self._why_dropped(item).rstrip(".")
        event.add("description", _text(f"Not in the new plan: {why}."))
        event.add("categories", [item.kind.upper()])
        return event

    def _why_dropped(self, item: Item) -> str:
        reasons = {u.id: u.reason for u in self.itinerary.unscheduled}
        if item.id in reasons:
            return reasons[item.id]
        if self.person is not None and self.person.id not in {
            p.id for p in self.brief.participants
        }:
            return f"{self.person.id} is no longer among the participants"
        if self.itinerary.item(item.id) is not None:  # (a personal calendar)
            return f"it goes on without {self.person.name if self.person else 'them'}"
        brief = self.brief
        planned = {m.id for m in brief.meetings} | {f.id for f in brief.fixed}
        planned |= {t.id for t in brief.transfers}
        if item.kind in _PLACED and item.id not in planned:
            return "it is no longer in the brief"
        return f"the {item.kind} is planned differently"

    def _timed(self, item: Item, event_uid: str, sequence: int) -> Event:
        """An event with the item's UID, stamp, SEQUENCE and times: in this calendar's
        zone, or in UTC where that zone's clocks show them twice."""
        event = Event()
        event.add("uid", event_uid)
        event.add("dtstamp", self.stamp)
        event.add("sequence", sequence)
        zone = UTC if self._in_utc(item) else self.tz
        event.add("dtstart", item.start.astimezone(zone))
        event.add("dtend", item.end.astimezone(zone))
        return event

    def _in_utc(self, item: Item) -> bool:
        """Whether the item starts or ends at a time this calendar's clocks show twice."""
        return repeated(item.start, self.tz) or repeated(item.end, self.tz)

    def _venue(self, item: Item, vid: str | None) -> Venue:
        if vid is None:
            raise ValueError(f"{item.kind} {item.id!r} has no venue")
        if vid not in self.venues:
            raise ValueError(f"item {item.id!r} names unknown venue {vid!r}")
        return self.venues[vid]

    def _location(self, item: Item) -> str | None:
        if item.venue:
            venue = self._venue(item, item.venue)
            return ", ".join(part for part in (venue.name, venue.address or venue.city) if part)
        if item.from_ and item.to:
            return f"{self._venue(item, item.from_).name} -> {self._venue(item, item.to).name}"
        return None

    def _description(self, item: Item) -> list[str]:
        """Who attends, where they come from and go next, and the check-in; times in
        the description are the visit's local times, said once when the event is not
        written in that zone (another zone's calendar, or UTC), and named after each
        time in another zone's calendar (``_clock``)."""
        lines = []
        if str(self.tz) != str(self.local) or self._in_utc(item):
            day = self._local_day(item)
            span = f"{clock(item.start, self.local)}-{clock(item.end, self.local, day)}"
            lines.append(f"Visit time: {span} ({self.local})")
        lines.append("Attendees:")
        for pid in item.attendees:
            if pid not in self.people:
                raise ValueError(f"item {item.id!r} names unknown participant {pid!r}")
            person = self.people[pid]
            lines.append(f"- {person.name}, {person.title}" if person.title else f"- {person.name}")
        if item.kind in _PLACED:
            viewers = (self.person.id,) if self.person else item.attendees
            lines.extend(self._neighbours(item, viewers, "Coming from", before=True))
            lines.extend(self._neighbours(item, viewers, "Going on to", before=False))
        lines.extend(self._check_in(item))
        return lines

    def _neighbours(
        self, item: Item, viewers: tuple[str, ...], label: str, *, before: bool
    ) -> list[str]:
        """Where the viewers come from (or go next) that day: the previous (next) item's
        place, else the hotel of the night before (after) unless the item is there.
        Viewers who differ are named."""
        who: dict[str, list[str]] = {}
        for pid in viewers:
            place = self._neighbour(item, pid, before=before)
            if place:
                who.setdefault(place, []).append(self.people[pid].name)
        if len(who) == 1 and len(next(iter(who.values()))) == len(viewers):
            return [f"{label}: {place}" for place in who]
        return [f"{label} ({'; '.join(names)}): {place}" for place, names in who.items()]

    def _neighbour(self, item: Item, pid: str, *, before: bool) -> str | None:
        day = self._local_day(item)
        placed = [i for i in self.itinerary.of(pid) if i.kind in _PLACED and i is not item]
        if before:
            earlier = [i for i in placed if i.end <= item.start and self._local_day(i) == day]
            if earlier:
                other = max(earlier, key=lambda i: i.end)
                ends = self._clock(other.end)
                return f"{self._end_place(other)} ({other.title}, ends {ends})"
            hotel = self.brief.stays_of(pid).get(day - timedelta(days=1))
        else:
            later = [i for i in placed if i.start >= item.end and self._local_day(i) == day]
            if later:
                other = min(later, key=lambda i: i.start)
                starts = self._clock(other.start)
                return f"{self._start_place(other)} ({other.title}, starts {starts})"
            hotel = self.brief.stays_of(pid).get(day)
        return self._venue(item, hotel).name if hotel and hotel != item.venue else None

    def _clock(self, moment: datetime) -> str:
        """``moment`` on the visit's clock, as the description's times are, with the zone
        named where the calendar is in another (a traveller's own zone): "18:10" alone in
        a Brussels calendar would read as Brussels time."""
        text = clock(moment, self.local)
        return text if str(self.tz) == str(self.local) else f"{text} {self.local}"

    def _local_day(self, item: Item) -> date:
        return item.start.astimezone(self.local).date()

    def _start_place(self, item: Item) -> str:
        return self._venue(item, item.venue or item.from_).name

    def _end_place(self, item: Item) -> str:
        return self._venue(item, item.venue or item.to).name

    def _check_in(self, item: Item) -> list[str]:
        transfer = next((t for t in self.brief.transfers if t.id == item.id), None)
        if item.kind != "transfer" or transfer is None or not transfer.check_in_minutes:
            return []
        check_in = item.start - timedelta(minutes=transfer.check_in_minutes)
        by = self._clock(check_in)
        there = elsewhere(check_in, self.local)  # the departure's own clock, if another
        if there is not None:
            by += f" ({there})"
        place = self._start_place(item)
        return [
            f"Check-in: at {place} by {by}, {transfer.check_in_minutes} minutes before departure"
        ]
