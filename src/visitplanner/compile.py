"""Brief -> integer ``Problem``: the only place where time zones meet integers.

Every instant becomes whole minutes from ``origin`` (local midnight of the day before the
earliest date of the brief: the visit's first day, or an earlier flight or fixed event);
every clock time is placed on each date in the visit's zone, so a DST change
inside the visit is handled here once. Each rule that restricts when a meeting may start
(docs/rules.md, rules 5-8) is compiled into its own set of allowed starts, so that the
solver can name the rule that rules a meeting out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Literal

from visitplanner import intervals as iv
from visitplanner.intervals import Intervals
from visitplanner.models import Brief, Lunch, Meeting, Participant, Venue
from visitplanner.problem import (
    Anchor,
    Option,
    OptionalAttendee,
    Precedence,
    Problem,
    Resource,
    Task,
)
from visitplanner.timeparse import at

# A night with a stay puts its traveller at the hotel at some moment between NIGHT_OPENS
# on its date and NIGHT_CLOSES the next morning (docs/rules.md); the plan takes
# NIGHT_ANCHOR unless a transfer or fixed event keeps them away then (``night_anchor``)
NIGHT_ANCHOR = time(3, 0)
NIGHT_OPENS = time(20, 0)
NIGHT_CLOSES = time(8, 0)
NIGHT_STEP = timedelta(minutes=5)
EARTH_RADIUS_KM = 6371.0
OPTIONAL_JOIN_BONUS = 60
PREFERENCE_BONUS = 30
# A lunch break clear of the traveller's unavailable and busy times (their calendar's
# calls) where the lunch window leaves room: a preference, stronger than a meeting's time
# of day, as someone who marks 12:00-14:00 "lunch with family" must still get one
LUNCH_CLEAR_BONUS = 120
TRAVEL_WEIGHT = 1
ROUND_BONUS = 2  # a start on a five-minute mark (09:05 rather than 09:04) is worth 2 minutes
# A minute a transfer keeps a person outside the working day costs as much as a minute of
# travel: a midday flight rather than a 07:10 one when both keep the same meetings
OFF_HOURS_WEIGHT = 1
# ... and a minute before it, twice that: the UMONS example keeps its evening flight
# (hotel 21:35) rather than a 07:40 one (hotel at 06:01) for the same meetings
EARLY_FACTOR = 2
PREFER_TIME_SLACK = 30  # minutes either side of a preferred clock time
EDGE_OF_DAY = 120  # "early"/"late": within this many minutes of the window's edge

TaskKind = Literal["meeting", "fixed", "transfer", "lunch"]


@dataclass(frozen=True)
class TaskSource:
    """Where a problem task came from in the brief."""

    kind: TaskKind
    brief_id: str
    option_ids: tuple[str, ...]  # venue ids (meetings, fixed) or option labels (transfers)
    day: date | None = None  # lunch only


@dataclass(frozen=True)
class Compiled:
    brief: Brief
    problem: Problem
    origin: datetime
    sources: tuple[TaskSource, ...]
    place_ids: tuple[str, ...]
    resource_ids: tuple[str, ...]

    def minute(self, moment: datetime) -> int:
        """Whole minutes from the origin to ``moment``."""
        return int((moment - self.origin).total_seconds() // 60)

    def instant(self, minute: int) -> datetime:
        """The aware instant ``minute`` minutes after the origin, in the visit's zone."""
        return (self.origin + timedelta(minutes=minute)).astimezone(self.brief.visit.tz)

    def task_index(self, brief_id: str) -> int:
        """Position of the task made from the brief's meeting, fixed event or transfer."""
        return next(i for i, s in enumerate(self.sources) if s.brief_id == brief_id)

    def task_position(self, task_id: str) -> int:
        """Position of the problem task with id ``task_id`` (lunch tasks included)."""
        return next(i for i, t in enumerate(self.problem.tasks) if t.id == task_id)


def travel_minutes(brief: Brief, a: Venue, b: Venue) -> int | None:
    """Door-to-door minutes from ``a`` to ``b`` per docs/rules.md (None: only a transfer)."""
    if a.id == b.id:
        return 0
    for x, y, minutes in brief.travel.times:
        if {x, y} == {a.id, b.id}:
            return minutes
    if a.city != b.city:
        return None
    if a.location is None or b.location is None:
        return brief.travel.minimum_minutes
    km = haversine_km(a.location, b.location)
    return max(brief.travel.minimum_minutes, math.ceil(km / brief.travel.speed_kmh * 60))


def lunch_task_id(pid: str, day: date) -> str:
    """The id of ``pid``'s lunch task on ``day`` (re-planning finds the previous ones)."""
    return f"lunch-{pid}-{day.isoformat()}"


def night_anchor(brief: Brief, pid: str, night: date, hotel: str) -> datetime:
    """When the plan has ``pid`` at ``hotel`` on the stay of ``night``: 03:00 the next
    morning, or, where a transfer, fixed event or meeting window of theirs keeps them
    away then (a 05:00 flight whose check-in opens at 03:00, a landing at 02:40 with the
    hotel half an hour away), the moment nearest 03:00, on five-minute steps within the
    night, that keeps them away least often (each option of a transfer counted); the
    earlier of two as near. Away: from leaving the hotel for the check-in, the event or
    the window (travel and buffer) until back at the hotel from the arrival or the end."""
    tz = brief.visit.tz
    base = brief.venue(hotel)
    buffer = brief.visit.buffer_minutes

    def gap(a: Venue, b: Venue) -> timedelta:
        minutes = travel_minutes(brief, a, b)  # another city: no way to the hotel to add
        return timedelta(minutes=0 if minutes is None else minutes + buffer)

    default = at(night + timedelta(days=1), NIGHT_ANCHOR, tz)
    opens = at(night, NIGHT_OPENS, tz)
    closes = at(night + timedelta(days=1), NIGHT_CLOSES, tz)
    away: list[tuple[datetime, datetime]] = []
    for transfer in brief.transfers:
        if pid in brief.expand(transfer.attendees):
            check_in = timedelta(minutes=transfer.check_in_minutes)
            start, end = brief.venue(transfer.from_), brief.venue(transfer.to)
            # Before a flight from where no road reaches the hotel they are there, not at
            # the hotel, all night (a red-eye into the hotel's city: not at 22:50 before
            # it leaves, as a probe's plan had them); likewise after one away from it
            before = travel_minutes(brief, base, start) is None
            after = travel_minutes(brief, end, base) is None
            away += [
                (
                    opens - NIGHT_STEP if before else o.depart - check_in - gap(base, start),
                    closes + NIGHT_STEP if after else o.arrive + gap(end, base),
                )
                for o in transfer.options
            ]
    for event in brief.fixed:
        if pid in brief.expand(event.attendees):
            venue = brief.venue(event.venue)
            finish = event.start + timedelta(minutes=event.minutes)
            away.append((event.start - gap(base, venue), finish + gap(venue, base)))
    for meeting in brief.meetings:  # a window of the night (a probe's 02:00-04:00 stars)
        if meeting.window is not None and pid in brief.expand(meeting.attendees):
            venues = [brief.venue(v) for v in meeting.venue_ids]
            there = max(gap(base, v) for v in venues)
            back = max(gap(v, base) for v in venues)
            first, last = meeting.window
            for day in meeting.days or brief.visit.days():
                away.append((at(day, first, tz) - there, at(day, last, tz) + back))
    steps = max((default - opens) // NIGHT_STEP, (closes - default) // NIGHT_STEP)
    nearest = (default + sign * k * NIGHT_STEP for k in range(steps + 1) for sign in (-1, 1))
    candidates = [t for t in nearest if opens <= t <= closes]
    return min(candidates, key=lambda t: sum(lo < t < hi for lo, hi in away))


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def city_links(brief: Brief) -> dict[str, set[str]]:
    """City -> the cities reachable from it without a transfer (``travel.times`` pairs)."""
    linked = {v.city: {v.city} for v in brief.venues}
    for a, b, _ in brief.travel.times:
        x, y = brief.venue(a).city, brief.venue(b).city
        if x != y:
            merged = linked[x] | linked[y]
            for city in merged:
                linked[city] = merged
    return linked


def public_holidays(brief: Brief) -> set[date]:
    """The visit's holiday dates: the country's, plus extra ones, minus working ones."""
    days: set[date] = set()
    visit = brief.visit
    if visit.holidays:
        import holidays

        years = range(visit.start.year, visit.end.year + 1)
        days = set(holidays.country_holidays(visit.holidays, years=years))
    return (days | set(visit.extra_holidays)) - set(visit.not_holidays)


def compile_brief(brief: Brief) -> Compiled:
    """Turn a validated brief into the integer problem the solver works on."""
    return _Compiler(brief).compiled()


class _Compiler:
    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.tz = brief.visit.tz
        self.days = brief.visit.days()
        first = at(self.days[0] - timedelta(days=1), time(0), self.tz)
        fixed_times = [t for e in brief.fixed for t in (e.start, e.end)]
        option_times = [
            t for tr in brief.transfers for o in tr.options for t in (o.depart, o.arrive)
        ]
        earliest = min([first, *fixed_times, *option_times])
        self.origin = at(earliest.astimezone(self.tz).date() - timedelta(days=1), time(0), self.tz)
        last = at(self.days[-1] + timedelta(days=2), time(0), self.tz)
        latest = max([last, *fixed_times, *option_times])
        self.horizon = self.minute(latest) + 24 * 60
        self.place_ids = tuple(v.id for v in brief.venues)
        self.place = {vid: i for i, vid in enumerate(self.place_ids)}
        self.resource_ids = tuple(p.id for p in brief.participants)
        self.resource = {pid: i for i, pid in enumerate(self.resource_ids)}
        self.holidays = public_holidays(brief)
        self.everything: Intervals = ((0, self.horizon),)

    def minute(self, moment: datetime) -> int:
        return int((moment - self.origin).total_seconds() // 60)

    def clock(self, day: date, clock: time) -> int:
        return self.minute(at(day, clock, self.tz))

    def day_span(self, day: date) -> tuple[int, int]:
        return self.clock(day, time(0)), self.clock(day + timedelta(days=1), time(0))

    def off_hours(self, begins: datetime, start: int, end: int) -> int:
        """Minutes of ``[start, end)`` before the working day of the day it ``begins``,
        counted ``EARLY_FACTOR`` times (an early start costs sleep as well), plus those
        after that working day and before midnight: an early check-in, a late arrival.
        (A flight that lands the next day counts to midnight only, so the night on
        board weighs the same for every option that takes it.)"""
        day = begins.astimezone(self.tz).date()
        workday = self.brief.visit.day
        opens, closes = self.clock(day, workday.start), self.clock(day, workday.end)
        midnight = self.day_span(day)[1]
        early = max(0, min(end, opens) - start)
        return EARLY_FACTOR * early + max(0, min(end, midnight) - max(start, closes))

    def compiled(self) -> Compiled:
        tasks: list[Task] = []
        sources: list[TaskSource] = []
        for meeting in self.brief.meetings:
            tasks.append(self.meeting_task(meeting))
            sources.append(TaskSource("meeting", meeting.id, meeting.venue_ids))
        for event in self.brief.fixed:
            start = self.minute(event.start)
            attendees = self.brief.expand(event.attendees)
            option = Option(
                label=event.venue,
                duration=event.minutes,
                begin=self.place[event.venue],
                end=self.place[event.venue],
                starts={
                    "fixed_events": ((start, start),),
                    **self.availability(attendees, event.minutes),
                },
            )
            tasks.append(Task(event.id, (option,), self.resources(attendees), required=True))
            sources.append(TaskSource("fixed", event.id, (event.venue,)))
        for transfer in self.brief.transfers:
            attendees = self.brief.expand(transfer.attendees)
            options = []
            for choice in transfer.options:
                start = self.minute(choice.depart) - transfer.check_in_minutes
                duration = self.minute(choice.arrive) - start
                options.append(
                    Option(
                        label=choice.label,
                        duration=duration,
                        begin=self.place[transfer.from_],
                        end=self.place[transfer.to],
                        starts={
                            "cities": ((start, start),),
                            **self.availability(attendees, duration),
                        },
                        off_hours=self.off_hours(
                            choice.depart - timedelta(minutes=transfer.check_in_minutes),
                            start,
                            start + duration,
                        ),
                    )
                )
            tasks.append(
                Task(transfer.id, tuple(options), self.resources(attendees), required=True)
            )
            sources.append(
                TaskSource("transfer", transfer.id, tuple(o.label for o in transfer.options))
            )
        lunch = self.brief.visit.lunch
        if lunch is not None:
            for person in self.brief.participants:
                if not person.travels:
                    continue
                busy = [(self.minute(a), self.minute(b)) for a, b in self.busy[person.id]]
                for day in self.days:
                    if self.on_board(person.id, day, lunch):
                        continue
                    lo = self.clock(day, lunch.earliest)
                    hi = self.clock(day, lunch.latest) - lunch.minutes
                    # Not on an Erasmus+ call, where the window leaves room around it
                    clear = iv.subtract(((lo, hi),), iv.starts_avoiding(busy, lunch.minutes))
                    wanted = clear if clear and clear != ((lo, hi),) else ()
                    option = Option(
                        label="lunch",
                        duration=lunch.minutes,
                        begin=None,
                        end=None,
                        starts={"lunch": ((lo, hi),)},
                    )
                    tasks.append(
                        Task(
                            lunch_task_id(person.id, day),
                            (option,),
                            (self.resource[person.id],),
                            required=True,
                            transparent=True,
                            preferred_starts=wanted,
                            preference_bonus=LUNCH_CLEAR_BONUS if wanted else 0,
                        )
                    )
                    sources.append(TaskSource("lunch", f"lunch-{day.isoformat()}", (), day))
        index = {s.brief_id: i for i, s in enumerate(sources) if s.kind == "meeting"}
        precedences = tuple(
            Precedence(before=index[x], after=index[m.id])
            for m in self.brief.meetings
            for x in m.after
        )
        problem = Problem(
            horizon=self.horizon,
            travel=self.travel_matrix(),
            resources=tuple(self.resource_of(p) for p in self.brief.participants),
            tasks=tuple(tasks),
            buffer=self.brief.visit.buffer_minutes,
            precedences=precedences,
            days=tuple(self.day_span(d) for d in self.days),
            max_per_day=self.brief.visit.max_meetings_per_day,
            travel_weight=TRAVEL_WEIGHT,
            off_hours_weight=OFF_HOURS_WEIGHT,
            round_bonus=ROUND_BONUS,
            place_names=self.place_ids,
        )
        return Compiled(
            brief=self.brief,
            problem=problem,
            origin=self.origin,
            sources=tuple(sources),
            place_ids=self.place_ids,
            resource_ids=self.resource_ids,
        )

    def resources(self, pids: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(self.resource[p] for p in pids)

    def travel_matrix(self) -> tuple[tuple[int | None, ...], ...]:
        venues = self.brief.venues
        return tuple(tuple(travel_minutes(self.brief, a, b) for b in venues) for a in venues)

    def resource_of(self, person: Participant) -> Resource:
        if not person.travels:
            return Resource(person.id)
        nights = sorted(self.brief.stays_of(person.id).items())
        anchors = tuple(
            Anchor(self.minute(night_anchor(self.brief, person.id, n, hotel)), self.place[hotel])
            for n, hotel in nights
        )
        return Resource(person.id, anchors)

    # -- meetings --------------------------------------------------------------

    def meeting_task(self, meeting: Meeting) -> Task:
        attendees = self.brief.expand(meeting.attendees)
        duration = meeting.minutes
        shared = {
            "working_day": self.working_day_starts(meeting),
            "meeting_window": self.window_starts(meeting),
            **self.availability(attendees, duration),
        }
        options = tuple(
            Option(
                label=vid,
                duration=duration,
                begin=self.place[vid],
                end=self.place[vid],
                starts={"opening_hours": self.opening_starts(self.brief.venue(vid), duration)}
                | shared
                | self.city_days(attendees, self.brief.venue(vid).city),
            )
            for vid in meeting.venue_ids
        )
        optional = tuple(
            OptionalAttendee(
                self.resource[pid], self.person_starts(pid, duration), OPTIONAL_JOIN_BONUS
            )
            for pid in self.brief.expand(meeting.optional_attendees)
        )
        preferred = self.preferred_starts(meeting)
        return Task(
            meeting.id,
            options,
            self.resources(attendees),
            value=0 if meeting.required else int(meeting.priority),
            required=meeting.required,
            optional_attendees=optional,
            counts_per_day=True,
            preferred_starts=preferred,
            preference_bonus=PREFERENCE_BONUS if preferred else 0,
        )

    def city_days(self, pids: tuple[str, ...], city: str) -> dict[str, Intervals]:
        """Rule 4 made explicit (``stays:<id>``): a travelling attendee can be in ``city``
        only on days that begin or end there, or that have one of their transfers. The
        circuits imply it; stating it prunes the search a great deal."""
        found: dict[str, Intervals] = {}
        for pid in pids:
            cities_by_day = self.cities_by_day.get(pid)
            if cities_by_day is None:
                continue
            spans = [
                self.day_span(day)
                for day in self.days
                if (reachable := cities_by_day.get(day)) is None or city in reachable
            ]
            if len(spans) < len(self.days):
                found[f"stays:{pid}"] = iv.normalize((a, b - 1) for a, b in spans)
        return found

    @cached_property
    def cities_by_day(self) -> dict[str, dict[date, set[str] | None]]:
        """For each travelling participant, the cities each day can reach: those of the
        stays of the night before and the night after it (the one there is, on a last
        day), of its transfers, and the cities ``travel.times`` joins to them (None: any,
        when neither night has a stay)."""
        linked = city_links(self.brief)
        result: dict[str, dict[date, set[str] | None]] = {}
        for person in self.brief.participants:
            nights = self.brief.stays_of(person.id) if person.travels else {}
            if not nights:
                continue
            hops: dict[date, set[str]] = {}
            for transfer in self.brief.transfers:
                if person.id not in self.brief.expand(transfer.attendees):
                    continue
                ends = {self.brief.venue(transfer.from_).city, self.brief.venue(transfer.to).city}
                for option in transfer.options:
                    first = option.depart.astimezone(self.tz).date()
                    last = option.arrive.astimezone(self.tz).date()
                    for offset in range((last - first).days + 1):
                        hops.setdefault(first + timedelta(days=offset), set()).update(ends)
            days: dict[date, set[str] | None] = {}
            for day in self.days:
                before, after = nights.get(day - timedelta(days=1)), nights.get(day)
                if before is None and after is None:
                    days[day] = None
                    continue
                cities = {self.brief.venue(n).city for n in (before, after) if n is not None}
                cities |= hops.get(day, set())
                if before is None:  # from anywhere, by a transfer that leaves before the night
                    cities |= hops.get(day + timedelta(days=1), set())
                days[day] = set().union(*(linked[c] for c in cities))
            result[person.id] = days
        return result

    def on_board(self, pid: str, day: date, lunch: Lunch) -> bool:
        """Whether every option of one of ``pid``'s transfers leaves no room for lunch on
        ``day``: then there is no lunch to plan, it is eaten on board (rule 10). A probe's
        provost, flying New York - Kathmandu all of the visit's first day, made the brief
        infeasible."""
        for transfer in self.brief.transfers:
            if pid not in self.brief.expand(transfer.attendees):
                continue
            check_in = timedelta(minutes=transfer.check_in_minutes)
            if not any(
                lunch.fits_beside(day, self.tz, o.depart - check_in, o.arrive)
                for o in transfer.options
            ):
                return True
        return False

    def meeting_days(self, meeting: Meeting) -> list[date]:
        allowed = set(meeting.days) if meeting.days is not None else None
        return [d for d in self.days if allowed is None or d in allowed]

    def working_day_starts(self, meeting: Meeting) -> Intervals:
        if meeting.window is not None:
            return self.everything
        workday = self.brief.visit.day
        spans = [(self.clock(d, workday.start), self.clock(d, workday.end)) for d in self.days]
        return iv.starts_within(spans, meeting.minutes)

    def window_starts(self, meeting: Meeting) -> Intervals:
        days = self.meeting_days(meeting)
        if meeting.window is None:
            return iv.normalize((lo, hi - 1) for lo, hi in map(self.day_span, days))
        first, last = meeting.window
        spans = [(self.clock(d, first), self.clock(d, last)) for d in days]
        return iv.starts_within(spans, meeting.minutes)

    def opening_starts(self, venue: Venue, duration: int) -> Intervals:
        spans: list[tuple[int, int]] = []
        for day in self.days:
            if day in self.holidays or day in venue.closed:
                continue
            ranges = venue.opening_ranges(day.weekday())
            if ranges is None:
                spans.append(self.day_span(day))
            else:
                ranges_today = ((self.clock(day, a), self.clock(day, b)) for a, b in ranges)
                spans.extend(iv.joined(ranges_today))  # (one day's: 09-10 and 10-11 are 09-11)
        return iv.starts_within(spans, duration)

    def availability(self, pids: tuple[str, ...], duration: int) -> dict[str, Intervals]:
        """Rule 8, one entry per attendee (``availability:<id>``) so that an explanation
        can name the person; attendees free all the time add nothing."""
        starts = {f"availability:{pid}": self.person_starts(pid, duration) for pid in pids}
        return {key: value for key, value in starts.items() if value != self.everything}

    @cached_property
    def busy(self) -> dict[str, list[tuple[datetime, datetime]]]:
        return {p.id: [(w.start, w.end) for w in p.unavailable] for p in self.brief.participants}

    def person_starts(self, pid: str, duration: int) -> Intervals:
        person = self.brief.participant(pid)
        allowed = self.everything
        if person.available is not None:
            windows = ((self.minute(w.start), self.minute(w.end)) for w in person.available)
            allowed = iv.starts_within(iv.joined(windows), duration)
        busy = [(self.minute(a), self.minute(b)) for a, b in self.busy[pid]]
        return iv.subtract(allowed, iv.starts_avoiding(busy, duration))

    def preferred_starts(self, meeting: Meeting) -> Intervals:
        prefer = meeting.prefer
        if prefer is None:
            return ()
        days = self.meeting_days(meeting)
        first, last = meeting.window or (self.brief.visit.day.start, self.brief.visit.day.end)
        spans: list[tuple[int, int]] = []
        for day in days:
            lo, hi = self.clock(day, first), self.clock(day, last) - meeting.minutes
            noon = self.clock(day, time(12))
            if prefer == "morning":
                spans.append((lo, noon - 1))
            elif prefer == "afternoon":
                spans.append((noon, hi))
            elif prefer == "early":
                spans.append((lo, lo + EDGE_OF_DAY))
            elif prefer == "late":
                spans.append((hi - EDGE_OF_DAY, hi))
            else:
                target = self.clock(day, prefer)
                spans.append((target - PREFER_TIME_SLACK, target + PREFER_TIME_SLACK))
        return iv.normalize(spans)
