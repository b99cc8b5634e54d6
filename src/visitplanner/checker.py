"""The independent checker: every hard rule of docs/rules.md, re-implemented from scratch.

It reads only the brief and the itinerary's aware datetimes, never the solver's integers,
and imports neither OR-Tools nor the solver: a mistake in the model cannot vouch for
itself. One ``check_<slug>`` function per rule, slugs as in docs/rules.md; ``check`` runs
them all. Every fault is reported once, by the rule it breaks first: overlapping items
by no_double_booking (not also travel_time), a move between cities by cities or stays
(not also travel_time).

Instants are compared in UTC; local dates and clock times come from converting to the
visit's zone, so a day that changes clocks (DST) is read as people live it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from itertools import pairwise

import holidays as holidays_lib

from visitplanner import timeparse
from visitplanner.intervals import joined
from visitplanner.itinerary import Item, Itinerary
from visitplanner.localtime import clock
from visitplanner.models import Brief, Meeting, Transfer
from visitplanner.timeparse import clock_text

EARTH_RADIUS_KM = 6371.0
NIGHT_ANCHOR = time(3, 0)
"""A travelling participant is at the night's hotel at some moment between NIGHT_OPENS on
the night's date and NIGHT_CLOSES the next morning; the plan's moment is usually this."""
NIGHT_OPENS = time(20, 0)
NIGHT_CLOSES = time(8, 0)


@dataclass(frozen=True)
class Violation:
    """One broken rule: its slug, what happened in plain words, the items and person involved."""

    rule: str
    message: str
    items: tuple[str, ...] = ()
    participant: str | None = None


@dataclass(frozen=True)
class Stop:
    """A point of someone's timeline that puts them somewhere: an item or a night anchor.

    ``start`` and ``end`` are UTC; for a transfer ``start`` is when check-in opens. A lunch
    has no place (``begins`` and ``ends`` are None); so has a venue the brief lacks.
    """

    start: datetime
    end: datetime
    begins: str | None
    ends: str | None
    item: Item | None
    night: date | None = None

    @property
    def is_lunch(self) -> bool:
        return self.item is not None and self.item.kind == "lunch"


@dataclass(frozen=True)
class Leg:
    """Two consecutive stops of one participant, and the journey the later one needs.

    ``origin`` is the last stop before ``following`` that is not a lunch: a lunch is taken
    where the previous item ended, so the journey to ``following`` starts from there.
    ``route`` is that journey's (from venue, to venue); None when there is none to make
    (into a lunch) or a place is unknown.
    """

    participant: str
    origin: Stop | None
    previous: Stop
    following: Stop
    route: tuple[str, str] | None


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two [latitude, longitude] points.

    Written again here rather than imported from compile: the checker shares no code with
    the pipeline it checks.
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _is_aware(moment: datetime) -> bool:
    return moment.utcoffset() is not None


def _minutes(span: timedelta) -> int:
    return span // timedelta(minutes=1)


class Context:
    """The brief and the itinerary, with the lookups every rule needs, computed once."""

    def __init__(self, brief: Brief, itinerary: Itinerary) -> None:
        self.brief = brief
        self.itinerary = itinerary
        self.tz = brief.visit.tz
        self.buffer = brief.visit.buffer_minutes
        self.participants = {p.id: p for p in brief.participants}
        self.venues = {v.id: v for v in brief.venues}
        self.meetings = {m.id: m for m in brief.meetings}
        self.fixed = {f.id: f for f in brief.fixed}
        self.transfers = {t.id: t for t in brief.transfers}
        # What the rules look at: travel legs are derived; naive times are well_formed's.
        self.items = tuple(
            item
            for item in itinerary.items
            if item.kind != "travel" and _is_aware(item.start) and _is_aware(item.end)
        )
        self._explicit_times: dict[tuple[str, str], int] = {}
        for a, b, minutes in brief.travel.times:
            self._explicit_times.setdefault((a, b), minutes)
            self._explicit_times.setdefault((b, a), minutes)

    # -- time ----------------------------------------------------------------

    def local(self, moment: datetime) -> str:
        """A moment as the visit's local date and clock time, for messages, with its UTC
        offset when the clocks show that time twice: ``2027-10-31 02:10 (+01:00)``."""
        return f"{moment.astimezone(self.tz):%Y-%m-%d} {clock(moment, self.tz)}"

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def at(self, day: date, clock: time) -> datetime:
        """The UTC instant of a local clock time on a local date."""
        return _utc(timeparse.at(day, clock, self.tz))

    def span(self, item: Item) -> tuple[datetime, datetime]:
        """The occupied span in UTC: a transfer starts check_in_minutes before departure."""
        start = _utc(item.start)
        transfer = self.transfers.get(item.id) if item.kind == "transfer" else None
        if transfer is not None:
            start -= timedelta(minutes=transfer.check_in_minutes)
        return start, _utc(item.end)

    def span_text(self, item: Item) -> str:
        return self.period(*self.span(item))

    def period(self, start: datetime, end: datetime) -> str:
        """``2027-04-13 10:00-11:00``, the end's date shown only when it differs."""
        first, last = self.local(start), self.local(end)
        return f"{first}-{last[11:] if last[:10] == first[:10] else last}"

    def in_window(self, item: Item, day: date, first: time, last: time) -> bool:
        """Whether the item lies within clock times ``first``-``last`` local on ``day``."""
        start, end = self.span(item)
        return self.at(day, first) <= start and end <= self.at(day, last)

    @cached_property
    def holidays(self) -> dict[date, str]:
        """Public holidays of the visit's country, with the brief's additions and removals."""
        visit = self.brief.visit
        named: dict[date, str] = {}
        if visit.holidays is not None:
            years = range(visit.start.year, visit.end.year + 1)
            named.update(holidays_lib.country_holidays(visit.holidays, years=years).items())
        named.update({day: "a holiday in visit.extra_holidays" for day in visit.extra_holidays})
        for day in visit.not_holidays:
            named.pop(day, None)
        return named

    # -- places --------------------------------------------------------------

    def travel(self, origin: str, destination: str) -> int | None:
        """Minutes from one venue to another; None when only a transfer connects them."""
        if origin == destination:
            return 0
        explicit = self._explicit_times.get((origin, destination))
        if explicit is not None:
            return explicit
        a, b = self.venues[origin], self.venues[destination]
        if a.city != b.city:
            return None
        minimum = self.brief.travel.minimum_minutes
        if a.location is None or b.location is None:
            return minimum
        km = haversine_km(a.location, b.location)
        return max(minimum, math.ceil(km / self.brief.travel.speed_kmh * 60))

    def city(self, venue: str) -> str:
        return self.venues[venue].city

    def known_venue(self, venue: str | None) -> str | None:
        return venue if venue in self.venues else None

    # -- who is where ----------------------------------------------------------

    @cached_property
    def meeting_items(self) -> list[tuple[Item, Meeting]]:
        """Every meeting item that names a meeting of the brief, with that meeting."""
        return [
            (item, self.meetings[item.id])
            for item in self.items
            if item.kind == "meeting" and item.id in self.meetings
        ]

    @cached_property
    def scheduled(self) -> dict[str, Item]:
        """Meeting id -> its (first) item."""
        found: dict[str, Item] = {}
        for item, meeting in self.meeting_items:
            found.setdefault(meeting.id, item)
        return found

    @cached_property
    def _items_by_participant(self) -> dict[str, list[Item]]:
        by_participant: dict[str, list[Item]] = {pid: [] for pid in self.participants}
        for item in sorted(self.items, key=self.span):
            for pid in item.attendees:
                if pid in by_participant:
                    by_participant[pid].append(item)
        return by_participant

    def items_of(self, pid: str) -> list[Item]:
        """The participant's items, by start of their occupied span."""
        return self._items_by_participant[pid]

    def anchors(self, pid: str) -> list[Stop]:
        """Night anchors of a travelling participant: at the hotel at the first moment,
        from 03:00 outwards minute by minute within the night, that the items before and
        after leave room for (``_at_hotel``); if none does, at 03:00, whose legs then
        report what is wrong."""
        if not self.participants[pid].travels:
            return []
        anchors = []
        for night, hotel in sorted(self.brief.stays_of(pid).items()):
            usual = self.at(night + timedelta(days=1), NIGHT_ANCHOR)
            opens = self.at(night, NIGHT_OPENS)
            closes = self.at(night + timedelta(days=1), NIGHT_CLOSES)
            reach = max(usual - opens, closes - usual) // timedelta(minutes=1)
            moments = (
                usual + timedelta(minutes=k * sign) for k in range(reach + 1) for sign in (-1, 1)
            )
            moment = next(
                (t for t in moments if opens <= t <= closes and self._at_hotel(pid, t, hotel)),
                usual,
            )
            anchors.append(Stop(moment, moment, hotel, hotel, None, night))
        return anchors

    def _at_hotel(self, pid: str, moment: datetime, hotel: str) -> bool:
        """Whether ``pid`` can be at ``hotel`` at ``moment``: no item under way, the last
        one before ended in time to travel there (from where the last non-lunch item
        ended, as rule 2 reads a lunch) and the next one starts late enough to be reached."""
        before: list[Stop] = []
        for item in self.items_of(pid):
            stop = self.stop(item)
            if stop.start < moment < stop.end:
                return False
            if stop.end <= moment:
                before.append(stop)
            elif not self._reachable(hotel, moment, stop.begins, stop.start):
                return False
            else:
                break  # (items by start: the later ones are the next legs' matter)
        if not before:
            return True
        last = max(before, key=lambda s: s.end)
        origin = next((s for s in reversed(before) if not s.is_lunch), None)
        if origin is None or origin.ends is None:
            return moment - last.end >= timedelta(minutes=self.buffer)
        return self._reachable(origin.ends, last.end, hotel, moment)

    def _reachable(
        self, here: str | None, leave: datetime, there: str | None, by: datetime
    ) -> bool:
        """Whether a journey from ``here`` (left at ``leave``) reaches ``there`` by ``by``,
        buffer included; free to or from no place."""
        travel = 0 if here is None or there is None else self.travel(here, there)
        return travel is not None and by - leave >= timedelta(minutes=travel + self.buffer)

    def stop(self, item: Item) -> Stop:
        start, end = self.span(item)
        if item.kind == "lunch":
            return Stop(start, end, None, None, item)
        if item.kind == "transfer":
            return Stop(start, end, self.known_venue(item.from_), self.known_venue(item.to), item)
        venue = self.known_venue(item.venue)
        return Stop(start, end, venue, venue, item)

    @cached_property
    def legs(self) -> list[Leg]:
        """Every participant's consecutive stops (items and night anchors), in time order."""
        legs = []
        for pid in self.participants:
            stops = [self.stop(item) for item in self.items_of(pid)] + self.anchors(pid)
            stops.sort(key=lambda s: (s.start, s.end))
            origin: Stop | None = None
            for previous, following in pairwise(stops):
                if not previous.is_lunch:
                    origin = previous
                route = None
                if origin is not None and origin.ends is not None and following.begins is not None:
                    route = (origin.ends, following.begins)
                legs.append(Leg(pid, origin, previous, following, route))
        return legs

    def leg_travel(self, leg: Leg) -> int | None:
        """Travel minutes the leg needs; None when only a transfer could make the journey."""
        return self.travel(*leg.route) if leg.route is not None else 0

    def describe(self, stop: Stop) -> str:
        """A stop named for a message: id, place and local times."""
        if stop.item is None:
            return f"the night of {stop.night} at {stop.begins} ({self.local(stop.start)})"
        item = stop.item
        if item.kind == "transfer":
            return f"{item.id} from {item.from_} to {item.to} (check-in {self.span_text(item)})"
        where = f" at {item.venue}" if item.venue is not None else ""
        return f"{item.id}{where} ({self.span_text(item)})"


def _ids(*stops: Stop | None) -> tuple[str, ...]:
    """The ids of the items among ``stops``, once each (night anchors are not items)."""
    return tuple(dict.fromkeys(s.item.id for s in stops if s is not None and s.item is not None))


def _busy_windows(brief: Brief, pid: str) -> list[tuple[datetime, datetime]]:
    """Windows in which the participant cannot attend anything.

    The ``unavailable`` windows for now; the one place where ``busy_calendar`` events
    are to be added.
    """
    return [(w.start, w.end) for w in brief.participant(pid).unavailable]


# -- the rules, in the order of docs/rules.md ---------------------------------


def check_no_double_booking(ctx: Context) -> Iterator[Violation]:
    """Rule 1: a participant's occupied spans never share a minute."""
    for pid in ctx.participants:
        items = ctx.items_of(pid)
        for i, first in enumerate(items):
            first_end = ctx.span(first)[1]
            for second in items[i + 1 :]:
                if ctx.span(second)[0] >= first_end:
                    break  # sorted by start: no later item overlaps ``first`` either
                yield Violation(
                    "no_double_booking",
                    f"{pid} is booked twice: {first.id} ({ctx.span_text(first)}) overlaps "
                    f"{second.id} ({ctx.span_text(second)})",
                    (first.id, second.id),
                    pid,
                )


def check_travel_time(ctx: Context) -> Iterator[Violation]:
    """Rule 2: between consecutive stops, travel from where the last non-lunch item ended,
    plus the buffer; with a lunch between, the journey comes after the lunch or before
    it (then the lunch is taken where the next item is, a buffer before it). Overlaps and
    moves between cities are reported by their own rules."""
    for leg in ctx.legs:
        gap = leg.following.start - leg.previous.end
        travel = ctx.leg_travel(leg)
        if gap < timedelta(0) or travel is None:
            continue
        needed = travel + ctx.buffer
        if gap >= timedelta(minutes=needed):
            continue
        origin = leg.origin
        if (
            leg.previous.is_lunch
            and origin is not None
            and gap >= timedelta(minutes=ctx.buffer)
            and leg.previous.start - origin.end >= timedelta(minutes=needed)
        ):
            continue  # the journey before the lunch
        journey = (
            f"{travel} min travel from {origin.ends} to {leg.following.begins} + "
            if travel and origin is not None
            else ""
        )
        yield Violation(
            "travel_time",
            f"{leg.participant} has {_minutes(gap)} min between "
            f"{ctx.describe(leg.previous)} and {ctx.describe(leg.following)}; "
            f"needs {needed} ({journey}{ctx.buffer} min buffer)",
            _ids(leg.origin, leg.previous, leg.following),
            leg.participant,
        )


def _city_changes(ctx: Context, rule: str) -> Iterator[Violation]:
    """Moves between cities that no road connects, made outside a transfer; ``stays`` reports
    those with a night anchor at either end, ``cities`` the others."""
    for leg in ctx.legs:
        origin, following = leg.origin, leg.following
        if leg.route is None or origin is None or following.start < leg.previous.end:
            continue
        if ctx.travel(*leg.route) is not None:
            continue
        if (origin.item is None or following.item is None) != (rule == "stays"):
            continue
        here, there = leg.route
        yield Violation(
            rule,
            f"{leg.participant} would go from {here} ({ctx.city(here)}) to {there} "
            f"({ctx.city(there)}) with no transfer: "
            f"{ctx.describe(origin)}, then {ctx.describe(following)}",
            _ids(origin, following),
            leg.participant,
        )


def check_cities(ctx: Context) -> Iterator[Violation]:
    """Rule 3: a participant changes city only on a transfer, and every attendee of a
    transfer is on it (on the one option it names)."""
    yield from _city_changes(ctx, "cities")
    for item in ctx.items:
        transfer = ctx.transfers.get(item.id) if item.kind == "transfer" else None
        if transfer is None:
            continue
        for pid in ctx.brief.expand(transfer.attendees):
            if pid not in item.attendees:
                yield Violation(
                    "cities",
                    f"{pid} is an attendee of transfer {item.id} but is not on it "
                    f"({item.option}, {ctx.span_text(item)})",
                    (item.id,),
                    pid,
                )


def check_stays(ctx: Context) -> Iterator[Violation]:
    """Rule 4: a travelling participant is at the night's hotel at a moment of the night
    (the anchor), so each day starts and ends in the city of its nights (the travel itself
    is rule 2)."""
    yield from _city_changes(ctx, "stays")
    for pid in ctx.participants:
        for anchor in ctx.anchors(pid):
            for item in ctx.items_of(pid):
                start, end = ctx.span(item)
                if start < anchor.start < end:
                    yield Violation(
                        "stays",
                        f"{pid} should be at {anchor.begins} at some moment of the night of "
                        f"{anchor.night} ({NIGHT_OPENS:%H:%M} to {NIGHT_CLOSES:%H:%M}), but "
                        f"no moment is left: at {ctx.local(anchor.start)} {pid} is on "
                        f"{item.id} ({ctx.span_text(item)})",
                        (item.id,),
                        pid,
                    )


def check_opening_hours(ctx: Context) -> Iterator[Violation]:
    """Rule 5: a meeting lies inside its venue's opening hours that weekday, not on a closed
    date of the venue, not on a public holiday."""
    for item, _ in ctx.meeting_items:
        venue = ctx.venues.get(item.venue or "")
        if venue is None:
            continue
        day = ctx.local_date(item.start)
        when = f"{item.id} at {venue.id} ({ctx.span_text(item)})"
        ranges = venue.opening_ranges(day.weekday())
        if ranges is not None and not any(
            ctx.in_window(item, day, o, c) for o, c in joined(ranges)
        ):
            shown = (f"{clock_text(o)}-{clock_text(c)}" for o, c in ranges)
            hours = ", ".join(shown) or "closed all day"
            yield Violation(
                "opening_hours",
                f"{when} is outside the opening hours on {day:%A}s: {hours}",
                (item.id,),
            )
        if day in venue.closed:
            yield Violation("opening_hours", f"{when}: {venue.id} is closed on {day}", (item.id,))
        if day in ctx.holidays:
            yield Violation(
                "opening_hours",
                f"{when} falls on a public holiday: {day} is {ctx.holidays[day]}",
                (item.id,),
            )


def check_working_day(ctx: Context) -> Iterator[Violation]:
    """Rule 6: a meeting without its own window lies inside the visit's working day."""
    workday = ctx.brief.visit.day
    for item, meeting in ctx.meeting_items:
        day = ctx.local_date(item.start)
        if meeting.window is None and not ctx.in_window(item, day, workday.start, workday.end):
            yield Violation(
                "working_day",
                f"{item.id} ({ctx.span_text(item)}) is outside the working day "
                f"{clock_text(workday.start)}-{clock_text(workday.end)}",
                (item.id,),
            )


def check_meeting_window(ctx: Context) -> Iterator[Violation]:
    """Rule 7: a meeting lies inside its window, on one of its days, within the visit."""
    visit = ctx.brief.visit
    for item, meeting in ctx.meeting_items:
        day = ctx.local_date(item.start)
        when = f"{item.id} ({ctx.span_text(item)})"
        if meeting.window is not None and not ctx.in_window(item, day, *meeting.window):
            first, last = meeting.window
            yield Violation(
                "meeting_window",
                f"{when} is outside its window {clock_text(first)}-{clock_text(last)}",
                (item.id,),
            )
        if meeting.days is not None and day not in meeting.days:
            days = ", ".join(str(d) for d in sorted(meeting.days))
            yield Violation(
                "meeting_window", f"{when} is not on one of its days ({days})", (item.id,)
            )
        if not visit.start <= day <= visit.end:
            yield Violation(
                "meeting_window",
                f"{when} is outside the visit ({visit.start} to {visit.end})",
                (item.id,),
            )


def check_availability(ctx: Context) -> Iterator[Violation]:
    """Rule 8: everyone on a meeting, fixed event or transfer is available for its whole
    occupied span: inside an ``available`` window if they have any, in no busy window."""
    busy = {pid: _busy_windows(ctx.brief, pid) for pid in ctx.participants}
    for item in ctx.items:
        if item.kind == "lunch":
            continue
        start, end = ctx.span(item)
        for pid in item.attendees:
            person = ctx.participants.get(pid)
            if person is None:
                continue
            if person.available is not None and not any(
                first <= start and end <= last
                for first, last in joined((w.start, w.end) for w in person.available)
            ):
                windows = "; ".join(
                    f"{ctx.local(w.start)} to {ctx.local(w.end)}" for w in person.available
                )
                yield Violation(
                    "availability",
                    f"{pid} attends {item.id} ({ctx.span_text(item)}) but is only "
                    f"available {windows}",
                    (item.id,),
                    pid,
                )
            for first, last in busy[pid]:
                if first < end and start < last:
                    yield Violation(
                        "availability",
                        f"{pid} attends {item.id} ({ctx.span_text(item)}) but is busy "
                        f"{ctx.local(first)} to {ctx.local(last)}",
                        (item.id,),
                        pid,
                    )


def check_order(ctx: Context) -> Iterator[Violation]:
    """Rule 9: a meeting with ``after: [x]`` is scheduled only with x, and starts once x has
    ended and its venue is reached (travel plus buffer; only the buffer between cities,
    where rules 2 and 3 govern each attendee's journey)."""
    for item, meeting in ctx.meeting_items:
        for before_id in meeting.after:
            before = ctx.scheduled.get(before_id)
            if before is None:
                yield Violation(
                    "order",
                    f"{item.id} is scheduled ({ctx.span_text(item)}) but {before_id}, which "
                    "it must follow, is not",
                    (item.id,),
                )
                continue
            origin, destination = ctx.known_venue(before.venue), ctx.known_venue(item.venue)
            travel = ctx.travel(origin, destination) if origin and destination else None
            needed = (travel or 0) + ctx.buffer
            gap = _utc(item.start) - _utc(before.end)
            if gap < timedelta(minutes=needed):
                yield Violation(
                    "order",
                    f"{item.id} ({ctx.span_text(item)}) must start at least {needed} min "
                    f"after {before_id} ends ({ctx.span_text(before)}); it starts "
                    f"{_minutes(gap)} min after",
                    (before_id, item.id),
                )


def check_lunch(ctx: Context) -> Iterator[Violation]:
    """Rule 10: every travelling participant has exactly one lunch of ``lunch.minutes`` inside
    ``lunch.earliest``-``lunch.latest`` on every visit day, none on a day one of their
    transfers leaves no room for it (eaten on board)."""
    lunch = ctx.brief.visit.lunch
    if lunch is None:
        return
    days = set(ctx.brief.visit.days())
    for pid, person in ctx.participants.items():
        if not person.travels:
            continue
        by_day: dict[date, list[Item]] = defaultdict(list)
        for item in ctx.items_of(pid):
            if item.kind == "lunch":
                by_day[ctx.local_date(item.start)].append(item)
        transfers = [ctx.span(i) for i in ctx.items_of(pid) if i.kind == "transfer"]
        for day in sorted(days | by_day.keys()):
            lunches = by_day[day]
            on_board = any(
                not lunch.fits_beside(day, ctx.tz, start, end) for start, end in transfers
            )
            if not lunches and on_board:
                continue
            if len(lunches) != 1 or day not in days:
                ids = ", ".join(i.id for i in lunches) or "none"
                expected = 1 if day in days else 0
                yield Violation(
                    "lunch",
                    f"{pid} has {len(lunches)} lunch breaks on {day} ({ids}); expected {expected}",
                    tuple(i.id for i in lunches),
                    pid,
                )
            for item in lunches:
                length = _minutes(_utc(item.end) - _utc(item.start))
                if length != lunch.minutes or not ctx.in_window(
                    item, day, lunch.earliest, lunch.latest
                ):
                    yield Violation(
                        "lunch",
                        f"{pid}'s lunch {item.id} ({ctx.span_text(item)}, {length} min) "
                        f"must be {lunch.minutes} min within "
                        f"{clock_text(lunch.earliest)}-{clock_text(lunch.latest)}",
                        (item.id,),
                        pid,
                    )


def check_max_meetings_per_day(ctx: Context) -> Iterator[Violation]:
    """Rule 11: no participant attends more than ``max_meetings_per_day`` meetings on a date."""
    limit = ctx.brief.visit.max_meetings_per_day
    if limit is None:
        return
    attended: dict[tuple[str, date], list[str]] = defaultdict(list)
    for item, _ in ctx.meeting_items:
        for pid in item.attendees:
            attended[pid, ctx.local_date(item.start)].append(item.id)
    for (pid, day), ids in sorted(attended.items()):
        if len(ids) > limit:
            yield Violation(
                "max_meetings_per_day",
                f"{pid} has {len(ids)} meetings on {day} ({', '.join(ids)}); at most {limit}",
                tuple(ids),
                pid,
            )


def check_required_meetings(ctx: Context) -> Iterator[Violation]:
    """Rule 12: every ``priority: required`` meeting is scheduled."""
    for meeting in ctx.brief.meetings:
        if meeting.required and meeting.id not in ctx.scheduled:
            yield Violation(
                "required_meetings",
                f"required meeting {meeting.id} is not scheduled",
                (meeting.id,),
            )


def check_fixed_events(ctx: Context) -> Iterator[Violation]:
    """Rule 13: every fixed event is in the itinerary exactly as the brief gives it."""
    placed = {item.id: item for item in reversed(ctx.items) if item.kind == "fixed"}
    for event in ctx.brief.fixed:
        item = placed.get(event.id)
        if item is None:
            yield Violation("fixed_events", f"fixed event {event.id} is missing", (event.id,))
            continue
        expected = (
            _utc(event.start),
            _utc(event.end),
            event.venue,
            set(ctx.brief.expand(event.attendees)),
        )
        actual = (_utc(item.start), _utc(item.end), item.venue, set(item.attendees))
        if actual != expected:
            yield Violation(
                "fixed_events",
                f"fixed event {event.id} is at {item.venue} ({ctx.span_text(item)}) with "
                f"{', '.join(item.attendees)}; the brief has it at {event.venue} "
                f"({ctx.period(event.start, event.end)}) with "
                f"{', '.join(ctx.brief.expand(event.attendees))}",
                (event.id,),
            )


def check_well_formed(ctx: Context) -> Iterator[Violation]:
    """The itinerary describes this brief: known ids, each meeting at most once and as the
    brief defines it, each transfer exactly once on one of its options, times that make
    sense, and every meeting either scheduled or listed as unscheduled with a reason."""

    def bad(message: str, *ids: str) -> Violation:
        return Violation("well_formed", message, ids)

    itinerary, brief = ctx.itinerary, ctx.brief
    if itinerary.visit != brief.visit.id:
        yield bad(
            f"the itinerary is for visit {itinerary.visit!r}, the brief is {brief.visit.id!r}"
        )
    for item in itinerary.items:
        yield from (bad(f"item {item.id}: {m}", item.id) for m in _item_problems(ctx, item))
    counts = Counter((i.kind, i.id) for i in itinerary.items if i.kind in _SECTIONS)
    for (kind, item_id), count in sorted(counts.items()):
        if count > 1:
            yield bad(f"{kind} {item_id} appears {count} times", item_id)
    for transfer in brief.transfers:
        if ("transfer", transfer.id) not in counts:
            yield bad(f"transfer {transfer.id} is missing", transfer.id)
    left_out = {u.id for u in itinerary.unscheduled}
    for unscheduled_id in sorted(left_out & ctx.scheduled.keys()):
        yield bad(f"meeting {unscheduled_id} is both scheduled and unscheduled", unscheduled_id)
    for unscheduled_id in sorted(left_out - ctx.meetings.keys()):
        yield bad(f"unscheduled {unscheduled_id} is not a meeting of the brief", unscheduled_id)
    for meeting in brief.meetings:
        if meeting.id not in ctx.scheduled and meeting.id not in left_out:
            yield bad(f"meeting {meeting.id} is neither scheduled nor unscheduled", meeting.id)


_SECTIONS = ("meeting", "fixed", "transfer")
"""Item kinds whose ids name something of the brief, and so appear at most once."""


def _item_problems(ctx: Context, item: Item) -> Iterator[str]:
    if not (_is_aware(item.start) and _is_aware(item.end)):
        yield "its times have no timezone"
        return
    if item.end <= item.start:
        yield f"ends ({ctx.local(item.end)}) before it starts ({ctx.local(item.start)})"
    unknown = [pid for pid in item.attendees if pid not in ctx.participants]
    if unknown:
        yield f"unknown participant {', '.join(unknown)}"
    for field, place in _places(item):
        if place is None:
            yield f"no {field!r} venue"
        elif place not in ctx.venues:
            yield f"{field} names unknown venue {place}"
    known: dict[str, Container[str]] = {
        "meeting": ctx.meetings,
        "fixed": ctx.fixed,
        "transfer": ctx.transfers,
    }
    if item.kind in known and item.id not in known[item.kind]:
        yield f"no {item.kind} {item.id} in the brief"
    elif item.kind == "meeting":
        yield from _meeting_problems(ctx, item, ctx.meetings[item.id])
    elif item.kind == "transfer":
        yield from _transfer_problems(ctx, item, ctx.transfers[item.id])


def _places(item: Item) -> list[tuple[str, str | None]]:
    """The venue fields an item of its kind must fill: (field name, value)."""
    if item.kind in ("meeting", "fixed"):
        return [("venue", item.venue)]
    if item.kind in ("transfer", "travel"):
        return [("from", item.from_), ("to", item.to)]
    return []


def _outsiders(ctx: Context, item: Item, allowed: set[str]) -> str:
    """The item's known attendees who may not be on it, comma-separated ('' if none);
    unknown ids have their own message."""
    return ", ".join(p for p in item.attendees if p in ctx.participants and p not in allowed)


def _meeting_problems(ctx: Context, item: Item, meeting: Meeting) -> Iterator[str]:
    if item.venue not in meeting.venue_ids:
        yield f"at {item.venue}, not at {' or '.join(meeting.venue_ids)}"
    required = ctx.brief.expand(meeting.attendees)
    allowed = set(required) | set(ctx.brief.expand(meeting.optional_attendees))
    missing = [pid for pid in required if pid not in item.attendees]
    if missing:
        yield f"required attendee {', '.join(missing)} missing"
    extra = _outsiders(ctx, item, allowed)
    if extra:
        yield f"{extra} not among its attendees or optional attendees"
    length = _minutes(_utc(item.end) - _utc(item.start))
    if length != meeting.minutes:
        yield f"lasts {length} min, not {meeting.minutes}"


def _transfer_problems(ctx: Context, item: Item, transfer: Transfer) -> Iterator[str]:
    if (item.from_, item.to) != (transfer.from_, transfer.to):
        yield f"goes from {item.from_} to {item.to}, not {transfer.from_} to {transfer.to}"
    option = next((o for o in transfer.options if o.label == item.option), None)
    if option is None:
        labels = ", ".join(o.label for o in transfer.options)
        yield f"option {item.option!r} is not one of {labels}"
    elif (_utc(item.start), _utc(item.end)) != (_utc(option.depart), _utc(option.arrive)):
        yield (
            f"runs {ctx.local(item.start)} to {ctx.local(item.end)}, but {option.label} "
            f"departs {ctx.local(option.depart)} and arrives {ctx.local(option.arrive)}"
        )
    extra = _outsiders(ctx, item, set(ctx.brief.expand(transfer.attendees)))
    if extra:
        yield f"{extra} not among its attendees"


CHECKS: tuple[Callable[[Context], Iterable[Violation]], ...] = (
    check_no_double_booking,
    check_travel_time,
    check_cities,
    check_stays,
    check_opening_hours,
    check_working_day,
    check_meeting_window,
    check_availability,
    check_order,
    check_lunch,
    check_max_meetings_per_day,
    check_required_meetings,
    check_fixed_events,
    check_well_formed,
)
"""Every rule's check, in the order of docs/rules.md."""

RULES = tuple(rule_check.__name__.removeprefix("check_") for rule_check in CHECKS)
"""Every rule slug, in the order of docs/rules.md."""


def check(brief: Brief, itinerary: Itinerary) -> list[Violation]:
    """Every violation of the hard rules by ``itinerary``; empty when it obeys them all."""
    ctx = Context(brief, itinerary)
    return [violation for rule in CHECKS for violation in rule(ctx)]
