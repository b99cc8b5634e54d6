"""The itinerary as people read it on paper: one model shared by the HTML and Markdown
documents (``visitplanner.html``, ``visitplanner.markdown``).

``build(brief, itinerary)`` turns the plan's aware instants into a ``Document`` of plain
text already worked out: day by day in the visit's zone (local date, weekday, local
times), each entry with its place and address, the people there (names and titles),
travel legs, flight details and lunch; then each participant's own list in their own
``timezone``; then the meetings left out, with the reason. After a re-plan it opens with
what changed since the previous plan, and marks the entries that moved or are new. The
writers only lay it out,
so the two formats cannot disagree. No solver, no I/O; the same input gives the same
document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from visitplanner.itinerary import Item, ItemKind, Itinerary
from visitplanner.localtime import clock, elsewhere
from visitplanner.models import Brief, Participant
from visitplanner.timeparse import at, zone

if TYPE_CHECKING:
    from visitplanner.replan import Change

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
KIND_NAMES: dict[ItemKind, str] = {
    "meeting": "Meeting",
    "fixed": "Fixed event",
    "transfer": "Transfer",
    "lunch": "Lunch",
    "travel": "Travel",
}


@dataclass(frozen=True)
class Person:
    """Someone in the plan, as printed."""

    id: str
    name: str
    title: str | None = None

    @property
    def label(self) -> str:
        """``"Anne Dupont (Rector, University of Mons)"``, or the name alone."""
        return f"{self.name} ({self.title})" if self.title else self.name


@dataclass(frozen=True)
class Place:
    """A venue, as printed."""

    id: str
    name: str
    city: str = ""
    address: str | None = None

    @property
    def label(self) -> str:
        """``"Ministry of Science, Mangilik El Ave 8, Astana"``: the name and address."""
        return f"{self.name}, {self.address}" if self.address else self.name


@dataclass(frozen=True)
class Entry:
    """One line of a day: an item with its times in the zone of the view it is in.

    ``start``/``end`` are ``HH:MM``; ``end`` says ``(+1 day)`` when the item ends on a
    later date; a time the clocks show twice (the night they go back) adds its UTC
    offset: ``02:15 (+01:00)``. ``start_elsewhere`` / ``end_elsewhere`` are the start / end
    in the zone they were written in when that zone's offset differs from the view's (a
    flight that lands in Brussels: ``"09:40 Europe/Brussels"``).
    ``local`` is the span in the visit's zone, given only in a participant's view whose
    zone is not the visit's. ``people`` are the attendees (in a participant's view: the
    others there). ``group`` names a brief group whose members are exactly the attendees.
    """

    item_id: str
    kind: ItemKind
    title: str
    start: str
    end: str
    minutes: int
    place: Place | None = None
    origin: Place | None = None
    destination: Place | None = None
    option: str | None = None
    check_in: str | None = None
    check_in_minutes: int = 0
    check_in_elsewhere: str | None = None
    start_elsewhere: str | None = None
    end_elsewhere: str | None = None
    local: str | None = None
    people: tuple[Person, ...] = ()
    group: str | None = None
    change: str | None = None  # after a re-plan: "moved" or "added"

    @property
    def span(self) -> str:
        """``"19:10–20:55"``."""
        return f"{self.start}–{self.end}"

    @property
    def names(self) -> tuple[str, ...]:
        """The people, with their titles where it matters (meetings, events, transfers);
        names alone on travel legs and lunch breaks, which would otherwise read as lists."""
        if self.kind in ("travel", "lunch"):
            return tuple(p.name for p in self.people)
        return tuple(p.label for p in self.people)

    @property
    def where(self) -> str:
        """The place in one line: a venue with its address, or ``from → to``."""
        if self.place is not None:
            return self.place.label
        if self.origin is not None and self.destination is not None:
            return f"{self.origin.name} → {self.destination.name}"
        if self.kind == "lunch":
            return "where you are"
        return ""

    @property
    def details(self) -> tuple[str, ...]:
        """What a reader needs besides time, title and place, one phrase each."""
        if self.kind == "transfer":
            origin = self.origin.name if self.origin else "?"
            destination = self.destination.name if self.destination else "?"
            depart = f"departs {origin} at {self.start}"
            if self.start_elsewhere is not None:  # each time with its reading there
                depart += f", {self.start_elsewhere}"
            if self.check_in is not None:
                there = "" if self.check_in_elsewhere is None else f", {self.check_in_elsewhere}"
                depart += (
                    f" (check in by {self.check_in}{there}, {self.check_in_minutes} min before)"
                )
            arrive = f"arrives {destination} at {self.end}"
            if self.end_elsewhere is not None:
                arrive += f" ({self.end_elsewhere})"
            return (*((self.option,) if self.option else ()), depart, arrive)
        if self.kind == "travel":
            return (f"{duration(self.minutes)} door to door",)
        if self.kind == "lunch":
            return (f"{duration(self.minutes)} break",)
        return ()


@dataclass(frozen=True)
class Day:
    """One date of a view and what happens on it, in time order."""

    date: date
    heading: str
    entries: tuple[Entry, ...]
    in_visit: bool = True
    # Items that began on an earlier date and are still under way this morning (a two-day
    # fair: its middle day is not "nothing planned"), one line each
    continuing: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return f"day-{self.date.isoformat()}"


@dataclass(frozen=True)
class PersonPlan:
    """One participant's own itinerary, in their own zone."""

    person: Person
    timezone: str
    days: tuple[Day, ...]
    travels: bool = False

    @property
    def anchor(self) -> str:
        return f"person-{self.person.id}"


@dataclass(frozen=True)
class LeftOut:
    """A meeting of the brief that is not in the plan, and why."""

    id: str
    title: str
    priority: str
    reason: str


@dataclass(frozen=True)
class Revised:
    """A meeting, fixed event or transfer a re-plan moved, added, removed or gave other
    attendees (``replan.ChangeKind``): ``before``
    and ``after`` are when and where, in the visit's zone (``""`` when there is none)."""

    id: str
    title: str
    change: str
    before: str
    after: str
    reason: str


@dataclass(frozen=True)
class Document:
    """Everything a printed itinerary says, already as text."""

    title: str
    visit_id: str
    timezone: str
    dates: str
    status: str | None
    days: tuple[Day, ...]
    people: tuple[PersonPlan, ...]
    left_out: tuple[LeftOut, ...]
    meetings_total: int
    revision: int = 0  # re-plans that led to this plan
    changes: tuple[Revised, ...] | None = None  # after a re-plan, what changed (maybe none)

    @property
    def meetings_kept(self) -> int:
        return self.meetings_total - len(self.left_out)

    @property
    def plan_line(self) -> str:
        """``"14 of 16 meetings in the plan; plan status: optimal; revision 2."``: the
        revision (re-plans that led to the plan) only after a re-plan."""
        line = f"{self.meetings_kept} of {self.meetings_total} meetings in the plan"
        if self.status:
            line += f"; plan status: {self.status}"
        if self.revision:
            line += f"; revision {self.revision}"
        return line + "."

    @property
    def changes_line(self) -> str:
        """What the changes section says before its list, if anything."""
        if not self.changes:
            return (
                "Nothing moved: every meeting, fixed event and transfer is where the "
                "previous plan had it."
            )
        words = {"moved": "moved", "attendees": "with other attendees", "added": "added"}
        counts = [
            f"{n} {words.get(kind, kind)}"
            for kind in ("moved", "attendees", "added", "removed")
            if (n := sum(c.change == kind for c in self.changes))
        ]
        return f"Since the previous plan: {', '.join(counts)}."


def build(
    brief: Brief,
    itinerary: Itinerary,
    *,
    status: str | None = None,
    changes: Sequence[Change] | None = None,
) -> Document:
    """The printed itinerary of ``itinerary`` for ``brief``; ``status`` is the plan's
    status (optimal, feasible...), shown when given; ``changes``, those of a re-plan
    (``replan.changes``), listed first and marked on the entries."""
    visit_tz = brief.visit.tz
    marks = {c.id: c.change for c in changes or () if c.change in ("moved", "added")}
    days = _days(
        brief, list(itinerary.items), visit_tz, brief.visit.days(), viewer=None, marks=marks
    )
    people: list[PersonPlan] = []
    for participant in brief.participants:
        items = itinerary.of(participant.id)
        if not items:
            continue
        name = participant.timezone or brief.visit.timezone
        people.append(
            PersonPlan(
                person=_person(participant),
                timezone=name,
                days=_days(brief, items, zone(name), [], viewer=participant, marks=marks),
                travels=participant.travels,
            )
        )
    meetings = {m.id: m for m in brief.meetings}
    left_out = tuple(
        LeftOut(
            id=u.id,
            title=meetings[u.id].title if u.id in meetings else u.id,
            priority=str(meetings[u.id].priority) if u.id in meetings else "",
            reason=u.reason,
        )
        for u in itinerary.unscheduled
    )
    return Document(
        title=brief.visit.title,
        visit_id=brief.visit.id,
        timezone=brief.visit.timezone,
        dates=date_range(brief.visit.start, brief.visit.end),
        status=status,
        days=days,
        people=tuple(people),
        left_out=left_out,
        meetings_total=len(brief.meetings),
        revision=itinerary.revision,
        changes=None if changes is None else tuple(_revised(brief, c) for c in changes),
    )


def _revised(brief: Brief, change: Change) -> Revised:
    item = change.after or change.before
    return Revised(
        id=change.id,
        title=item.title if item is not None else change.id,
        change=change.change,
        before=_when_where(brief, change.before),
        after=_when_where(brief, change.after),
        reason=change.reason,
    )


def _when_where(brief: Brief, item: Item | None) -> str:
    """``"Tue 13 Apr 14:00–15:00, ENU"`` in the visit's zone; a transfer names its
    option: ``"Wed 14 Apr 16:10–17:55, KC 957"``."""
    if item is None:
        return ""
    tz = brief.visit.tz
    day = item.start.astimezone(tz).date()
    span = f"{short_date(day)} {clock(item.start, tz)}–{clock(item.end, tz, day)}"
    place = _place(brief, item.venue)
    where = item.option if item.kind == "transfer" else place.name if place else None
    return f"{span}, {where}" if where else span


# -- words for dates, times and durations ------------------------------------------


def long_date(day: date) -> str:
    """``"Wednesday 14 April 2027"``; English names whatever the locale, for stable output."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """``"Wed 14 Apr"``."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]}"


def date_range(first: date, last: date) -> str:
    """``"Monday 17 to Friday 21 May 2027"``, or one date when both are the same."""
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        head = f"{WEEKDAYS[first.weekday()]} {first.day}"
    elif first.year == last.year:
        head = f"{WEEKDAYS[first.weekday()]} {first.day} {MONTHS[first.month - 1]}"
    else:
        head = long_date(first)
    return f"{head} to {long_date(last)}"


def duration(minutes: int) -> str:
    """``"45 min"``, ``"2 h"``, ``"1 h 45 min"``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest:02d} min" if rest else "")


# -- building the views ------------------------------------------------------------


def _person(participant: Participant) -> Person:
    return Person(participant.id, participant.name, participant.title)


def _people(brief: Brief) -> dict[str, Person]:
    return {p.id: _person(p) for p in brief.participants}


def _place(brief: Brief, vid: str | None) -> Place | None:
    if vid is None:
        return None
    venue = next((v for v in brief.venues if v.id == vid), None)
    if venue is None:
        return Place(vid, vid)
    return Place(venue.id, venue.name, venue.city, venue.address)


def _days(
    brief: Brief,
    items: list[Item],
    tz: tzinfo,
    always: list[date],
    viewer: Participant | None,
    marks: Mapping[str, str],
) -> tuple[Day, ...]:
    """Items grouped by the local date (in ``tz``) of their start; every date of
    ``always`` appears even when nothing happens on it. ``marks``: item id -> its change
    in a re-plan. A date is in the visit when it is one of the visit's dates, or holds an
    item that starts on one in the visit's zone (a participant in Seoul reads Wednesday
    evening in Brussels as Thursday, which is not "outside the visit's dates")."""
    by_date: dict[date, list[Entry]] = defaultdict(list)
    continuing: dict[date, list[str]] = defaultdict(list)
    visit_days = set(brief.visit.days())
    during = set(visit_days)
    for item in sorted(items, key=lambda i: (i.start, i.end, i.kind, i.id)):
        entry = _entry(brief, item, tz, viewer, marks.get(item.id))
        day = item.start.astimezone(tz).date()
        by_date[day].append(entry)
        if item.start.astimezone(brief.visit.tz).date() in visit_days:
            during.add(day)
        for later in mornings_under_way(item, tz):
            since = f"{short_date(day)} {entry.start}"
            until = f"{short_date(item.end.astimezone(tz).date())} {clock(item.end, tz)}"
            continuing[later].append(f"{item.title}, from {since} to {until}")
    return tuple(
        Day(
            day,
            long_date(day),
            tuple(by_date.get(day, [])),
            day in during,
            tuple(continuing.get(day, [])),
        )
        for day in sorted(set(always) | set(by_date))
    )


# An item still under way at this hour of a later date continues on it; an overnight
# flight that lands at 02:30 shows its arrival "(+1 day)" on the day it leaves instead
UNDER_WAY_AT = time(6, 0)


def mornings_under_way(item: Item, tz: tzinfo) -> list[date]:
    """The dates after ``item``'s first (in ``tz``) at whose ``UNDER_WAY_AT`` it is still
    under way."""
    first = item.start.astimezone(tz).date()
    last = item.end.astimezone(tz).date()
    return [
        first + timedelta(days=k)
        for k in range(1, (last - first).days + 1)
        if at(first + timedelta(days=k), UNDER_WAY_AT, tz) < item.end
    ]


def _entry(
    brief: Brief, item: Item, tz: tzinfo, viewer: Participant | None, change: str | None
) -> Entry:
    people = _people(brief)
    start_day = item.start.astimezone(tz).date()
    attendees = [people.get(pid, Person(pid, pid)) for pid in item.attendees]
    if viewer is not None:
        attendees = [p for p in attendees if p.id != viewer.id]
    local = None
    visit_tz = brief.visit.tz
    if viewer is not None and (viewer.timezone or brief.visit.timezone) != brief.visit.timezone:
        visit_day = item.start.astimezone(visit_tz).date()
        local = (
            f"{clock(item.start, visit_tz)}–{clock(item.end, visit_tz, visit_day)} "
            f"{brief.visit.timezone}"
        )
    # The departure on the clock of the zone it was written in, unless ``local`` gives it
    departs_elsewhere = elsewhere(item.start, tz)
    if local is not None and elsewhere(item.start, visit_tz) is None:
        departs_elsewhere = None
    check_in = check_in_elsewhere = None
    check_in_minutes = 0
    if item.kind == "transfer":
        transfer = next((t for t in brief.transfers if t.id == item.id), None)
        if transfer is not None and transfer.check_in_minutes:
            check_in_minutes = transfer.check_in_minutes
            opens = item.start - timedelta(minutes=check_in_minutes)
            check_in = clock(opens, tz)
            if departs_elsewhere is not None:
                check_in_elsewhere = elsewhere(opens, tz)
    return Entry(
        item_id=item.id,
        kind=item.kind,
        title=item.title,
        start=clock(item.start, tz),
        end=clock(item.end, tz, start_day),
        minutes=round((item.end - item.start).total_seconds() / 60),
        place=_place(brief, item.venue),
        origin=_place(brief, item.from_),
        destination=_place(brief, item.to),
        option=item.option,
        check_in=check_in,
        check_in_minutes=check_in_minutes,
        check_in_elsewhere=check_in_elsewhere,
        start_elsewhere=departs_elsewhere,
        end_elsewhere=elsewhere(item.end, tz),  # ... and its landing zone
        local=local,
        people=tuple(attendees),
        group=_group_of(brief, item.attendees) if viewer is None else None,
        change=change,
    )


def _group_of(brief: Brief, attendees: tuple[str, ...]) -> str | None:
    """The first group whose members are exactly ``attendees`` (in any order)."""
    wanted = set(attendees)
    return next((name for name, members in brief.groups.items() if set(members) == wanted), None)
