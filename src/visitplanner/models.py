"""The brief as immutable, validated data: one model per section of the brief.

No I/O and no solver here. Every instant is timezone-aware once a ``Brief`` is built:
a bare local time takes the visit's zone, which the ``Brief`` validator makes known
to the nested fields through a context variable while it validates them.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from visitplanner import timeparse
from visitplanner.timeparse import as_written, clock_text

_visit_zone: ContextVar[tzinfo | None] = ContextVar("visit_zone", default=None)


@contextmanager
def _zone_for_local_times(tz: tzinfo | None) -> Iterator[None]:
    token = _visit_zone.set(tz)
    try:
        yield
    finally:
        _visit_zone.reset(token)


Loc = tuple[str | int, ...]


def _error_at(title: str, problems: list[tuple[Loc, str]]) -> ValidationError:
    """A validation error pinned to fields of the model being validated (not the model)."""
    return ValidationError.from_exception_data(
        title,
        [
            InitErrorDetails(type=PydanticCustomError("brief_rule", message), loc=loc, input=None)
            for loc, message in problems
        ],
    )


def _instant(value: object) -> datetime:
    tz = _visit_zone.get()
    if tz is None:
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value
        raise ValueError("a local date-time needs the visit's timezone (visit.timezone)")
    return timeparse.parse_instant(value, tz)


def _zone_name(value: object) -> str:
    """The zone's name as the tz database spells it (``europe/brussels`` is
    ``Europe/Brussels``): calendars name it so."""
    if not isinstance(value, str):
        raise ValueError(f"expected a timezone name such as Asia/Almaty, got {as_written(value)}")
    return str(getattr(timeparse.zone(value), "zone", value))


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=100),
    WithJsonSchema({"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"}),
]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty: it is shown in the calendars and the itinerary")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]  # a title, a name: shown to people
Instant = Annotated[
    datetime,
    BeforeValidator(_instant),
    WithJsonSchema(
        {
            "type": "string",
            "description": "local date-time 'YYYY-MM-DD HH:MM', optionally followed by "
            "a zone name or an offset",
        }
    ),
]
Clock = Annotated[
    time,
    BeforeValidator(timeparse.parse_clock),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"}),
]
Day = Annotated[
    date,
    BeforeValidator(timeparse.parse_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
ZoneName = Annotated[str, BeforeValidator(_zone_name)]
# pytz lists each zone's clock changes up to 2037; later dates would take the last offset
# all year (Brussels in July 2040 at +01:00)
LAST_YEAR = 2037


def _plain_number(expected: str) -> BeforeValidator:
    """Refuse what pydantic would turn into a number but a brief's reader would not:
    YAML's true and false (1 and 0 to Python: ``minutes: true`` would be a one-minute
    meeting) and quoted text ("60", which the JSON Schema refuses too)."""

    def refuse(value: object) -> object:
        if isinstance(value, bool):
            raise ValueError(f"expected {expected}, got {str(value).lower()}")
        if isinstance(value, str):
            written = value.strip()
            hint = (
                "write numbers without quotes"
                if written.lstrip("+-").replace(".", "", 1).isdigit()
                else "a plain number in the field's unit, such as 90, without letters or quotes"
            )
            raise ValueError(f"expected {expected}, got the text {value!r} ({hint})")
        return value

    return BeforeValidator(refuse)


# Last in an Annotated, after the limits: the limits then stay in the JSON Schema
_WHOLE_NUMBER = _plain_number("a whole number")
_NUMBER = _plain_number("a number")
Minutes = Annotated[int, Field(gt=0, le=7 * 24 * 60), _WHOLE_NUMBER]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Frozen(BaseModel):
    """Base of every brief model: immutable, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Window(Frozen):
    """A span of absolute time, for availability and unavailability."""

    start: Instant
    end: Instant
    reason: str | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Window:
        if self.end <= self.start:
            raise _error_at(
                "Window",
                [
                    (
                        ("end",),
                        f"the window ends ({self.end:%Y-%m-%d %H:%M %z}) before or when it "
                        f"starts ({self.start:%Y-%m-%d %H:%M %z})",
                    )
                ],
            )
        return self


class WorkingDay(Frozen):
    start: Clock
    end: Clock

    @model_validator(mode="after")
    def _ends_after_start(self) -> WorkingDay:
        if self.end <= self.start:
            raise _error_at(
                "WorkingDay",
                [
                    (
                        ("end",),
                        f"the working day ends ({clock_text(self.end)}) before it starts "
                        f"({clock_text(self.start)})",
                    )
                ],
            )
        return self


class Lunch(Frozen):
    earliest: Clock
    latest: Clock
    minutes: Minutes

    @model_validator(mode="after")
    def _fits(self) -> Lunch:
        span = _clock_minutes(self.latest) - _clock_minutes(self.earliest)
        if span < self.minutes:
            raise ValueError(
                f"a {self.minutes}-minute lunch cannot fit between {clock_text(self.earliest)} "
                f"and {clock_text(self.latest)} ({max(span, 0)} minutes)"
            )
        return self

    def fits_beside(self, day: date, tz: tzinfo, start: datetime, end: datetime) -> bool:
        """Whether a lunch fits in the window on ``day`` before ``start`` or after
        ``end``: where it does not, a traveller on a transfer then eats on board (rule 10)."""
        opens = timeparse.at(day, self.earliest, tz)
        closes = timeparse.at(day, self.latest, tz)
        room = timedelta(minutes=self.minutes)
        return min(start, closes) - opens >= room or closes - max(end, opens) >= room


class Visit(Frozen):
    id: Id
    title: Text
    timezone: ZoneName
    start: Day
    end: Day
    holidays: str | None = Field(
        default=None, description="ISO country code whose public holidays allow no meetings"
    )
    extra_holidays: tuple[Day, ...] = Field(
        default=(), description="dates treated as public holidays on top of the country's"
    )
    not_holidays: tuple[Day, ...] = Field(
        default=(), description="dates the country's calendar lists that are working days"
    )
    day: WorkingDay = WorkingDay(start=time(9), end=time(18))
    lunch: Lunch | None = None
    buffer_minutes: Annotated[int, Field(ge=0, le=24 * 60), _WHOLE_NUMBER] = 0
    max_meetings_per_day: Annotated[int, Field(ge=1), _WHOLE_NUMBER] | None = None

    @model_validator(mode="after")
    def _dates(self) -> Visit:
        if self.end < self.start:
            raise _error_at(
                "Visit",
                [(("end",), f"the visit ends ({self.end}) before it starts ({self.start})")],
            )
        if self.end.year > LAST_YEAR:
            raise _error_at(
                "Visit",
                [
                    (
                        ("end",),
                        f"the visit ends in {self.end.year}; the time zone data used knows "
                        f"clock changes up to {LAST_YEAR} only",
                    )
                ],
            )
        if (self.end - self.start).days > 60:
            raise _error_at(
                "Visit",
                [
                    (
                        ("end",),
                        f"the visit lasts {(self.end - self.start).days + 1} days; "
                        "at most 61 are supported",
                    )
                ],
            )
        tz = timeparse.zone(self.timezone)
        for day in self.days():
            if timeparse.at(day, time(12), tz).date() != day:  # (Samoa, 30 December 2011)
                raise _error_at(
                    "Visit",
                    [(("start",), f"{day} never happens in {self.timezone}: its clocks skip it")],
                )
        return self

    @field_validator("holidays")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is None:
            return value
        # The registry's list of codes, not list_supported_countries(), which imports all
        # 250 country modules (0.11-0.17 s of a 0.5 s validate) to list their subdivisions.
        from holidays.registry import EntityLoader  # only briefs that name a country pay

        if value.upper() not in EntityLoader.get_country_codes():
            raise ValueError(
                f"no public-holiday calendar for country {as_written(value)}: use a two-letter ISO "
                "code such as KZ or BE"
            )
        return value.upper()

    @property
    def tz(self) -> tzinfo:
        return timeparse.zone(self.timezone)

    def days(self) -> list[date]:
        """Every date of the visit, first to last."""
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


class Participant(Frozen):
    id: Id
    name: Text
    title: Text | None = None
    email: str | None = None
    timezone: ZoneName | None = Field(
        default=None, description="the zone this person's calendar shows (default: the visit's)"
    )
    travels: StrictBool = Field(
        default=False, description="travels with the delegation: bound by stays and lunch"
    )
    available: tuple[Window, ...] | None = Field(
        default=None,
        min_length=1,  # (empty: never free, which leaves out the person, not a brief)
        description="if given, the only windows in which the person can attend",
    )
    unavailable: tuple[Window, ...] = ()
    busy_calendar: str | None = Field(
        default=None,
        min_length=1,
        description="path to an .ics file whose busy times block this person",
    )


class Venue(Frozen):
    id: Id
    name: Text
    kind: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_-]*$")] = Field(
        default="venue", description="hotel, airport, station, or any other word (venue)"
    )
    city: Text
    address: str | None = None
    location: tuple[float, float] | None = Field(
        default=None, description="[latitude, longitude] in degrees"
    )
    open: dict[str, str | tuple[str, ...]] | None = Field(
        default=None,
        min_length=1,  # (empty: never open; leave it out for always open)
        description="opening hours by weekday range, e.g. {mon-fri: 09:00-18:00, "
        "sat: 10:00-13:00}; several ranges as a list; absent: always open",
    )
    closed: tuple[Day, ...] = ()

    @field_validator("location", mode="before")
    @classmethod
    def _lat_lon_pair(cls, value: object) -> object:
        if value is not None and not (
            isinstance(value, list | tuple)
            and len(value) == 2
            and all(isinstance(x, int | float) and not isinstance(x, bool) for x in value)
        ):
            raise ValueError(
                "location is [latitude, longitude] in degrees, e.g. [50.45, 3.95]; "
                f"got {as_written(value)}"
            )
        return value

    @field_validator("location")
    @classmethod
    def _on_earth(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None:
            lat, lon = value
            if not -90 <= lat <= 90 or not -180 <= lon <= 180:
                raise ValueError(
                    f"[{lat}, {lon}] is not [latitude, longitude] in degrees: latitude runs "
                    "from -90 to 90, longitude from -180 to 180"
                )
        return value

    @field_validator("open", mode="before")
    @classmethod
    def _hours_shape(cls, value: object) -> object:
        example = "write opening hours like {mon-fri: 09:00-18:00, sat: [09:00-12:00, 14:00-17:00]}"
        if value is None:
            return value
        if not isinstance(value, dict):
            raise ValueError(f"{example}; got {as_written(value)}")
        for spec, ranges in value.items():
            texts = ranges if isinstance(ranges, list | tuple) else [ranges]
            if not isinstance(spec, str) or not all(isinstance(t, str) for t in texts):
                raise ValueError(f"{example}; got {spec!r}: {ranges!r}")
            if not any(t.strip(" ,") for t in texts):  # (read as closed those days)
                raise ValueError(
                    f"{spec!r} has no hours: give them, or leave out the days the venue is closed"
                )
        return value

    @field_validator("open")
    @classmethod
    def _hours_parse(
        cls, value: dict[str, str | tuple[str, ...]] | None
    ) -> dict[str, str | tuple[str, ...]] | None:
        if value is not None:
            _parse_opening_hours(value)
        return value

    def opening_ranges(self, weekday: int) -> list[tuple[time, time]] | None:
        """Opening ranges on ``weekday`` (0 = Monday); None means open all day."""
        if self.open is None:
            return None
        return _parse_opening_hours(self.open).get(weekday, [])


def _weekday(name: str, spec: str) -> int:
    if name in WEEKDAYS:
        return WEEKDAYS.index(name)
    close = difflib.get_close_matches(name, WEEKDAYS, n=1, cutoff=0.5)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(
        f"{spec!r}: {name!r} is not a weekday{hint}; write mon, tue, ..., sun, "
        "a range such as mon-fri, or a list such as mon,wed"
    )


def _weekday_set(spec: str) -> list[int]:
    days: list[int] = []
    for part in spec.lower().replace(" ", "").split(","):
        if "-" in part:
            first, last = part.split("-", 1)
            i, j = _weekday(first, spec), _weekday(last, spec)
            days.extend(range(i, j + 1) if i <= j else [*range(i, 7), *range(0, j + 1)])
        else:
            days.append(_weekday(part, spec))
    return days


def _parse_opening_hours(
    hours: dict[str, str | tuple[str, ...]],
) -> dict[int, list[tuple[time, time]]]:
    result: dict[int, list[tuple[time, time]]] = {}
    for spec, ranges in hours.items():
        texts = [ranges] if isinstance(ranges, str) else list(ranges)
        parsed = sorted(
            timeparse.parse_range(r.strip()) for text in texts for r in text.split(",") if r.strip()
        )
        for (_, end), (start, _) in itertools.pairwise(parsed):
            if start < end:
                raise ValueError(
                    f"{spec!r}: opening ranges overlap ({clock_text(start)} is before "
                    f"{clock_text(end)})"
                )
        for day in _weekday_set(spec):
            if day in result:
                raise ValueError(f"{WEEKDAYS[day]} appears in two opening-hour entries")
            result[day] = parsed
    return result


def _venue_venue_minutes(value: object) -> object:
    if not (isinstance(value, list | tuple) and len(value) == 3):
        raise ValueError(
            "each entry is [venue, venue, minutes], e.g. [hotel, airport, 40]; "
            f"got {as_written(value)}"
        )
    return value


class Travel(Frozen):
    speed_kmh: Annotated[float, Field(gt=0, le=1000), _NUMBER] = 25.0
    minimum_minutes: Annotated[int, Field(ge=0, le=24 * 60), _WHOLE_NUMBER] = 10
    times: tuple[
        Annotated[
            tuple[Id, Id, Annotated[int, Field(ge=0, le=24 * 60), _WHOLE_NUMBER]],
            BeforeValidator(_venue_venue_minutes),
        ],
        ...,
    ] = Field(default=(), description="explicit door-to-door minutes: [venue, venue, minutes]")


class Stay(Frozen):
    venue: Id
    nights: tuple[Day, ...] = Field(min_length=1)
    participants: tuple[Id, ...] | None = Field(
        default=None,
        description=(
            "who sleeps there (default: everyone who travels); a participant named here "
            "must travel (travels: true), a group stands for the travellers in it"
        ),
    )


class TransferOption(Frozen):
    label: Text
    depart: Instant
    arrive: Instant

    @model_validator(mode="after")
    def _arrives_after_departure(self) -> TransferOption:
        if self.arrive <= self.depart:
            raise _error_at(
                "TransferOption",
                [
                    (
                        ("arrive",),
                        f"option {self.label!r} arrives ({self.arrive:%Y-%m-%d %H:%M %z}) "
                        f"before or when it departs ({self.depart:%Y-%m-%d %H:%M %z})",
                    )
                ],
            )
        return self


class Transfer(Frozen):
    id: Id
    title: Text
    from_: Id = Field(alias="from")
    to: Id
    attendees: tuple[Id, ...] = Field(min_length=1)
    check_in_minutes: Annotated[int, Field(ge=0, le=24 * 60), _WHOLE_NUMBER] = 0
    options: tuple[TransferOption, ...] = Field(min_length=1)


class FixedEvent(Frozen):
    id: Id
    title: Text
    venue: Id
    start: Instant
    minutes: Minutes
    attendees: tuple[Id, ...] = Field(min_length=1)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def _priority(value: object) -> object:
    if value == "required" or (
        isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100
    ):
        return value
    raise ValueError(
        f"priority is 'required' or a whole number from 1 to 100, got {as_written(value)}"
    )


Priority = Annotated[
    Literal["required"] | int,
    BeforeValidator(_priority),
    WithJsonSchema(
        {
            "anyOf": [
                {"const": "required"},
                {"type": "integer", "minimum": 1, "maximum": 100},
            ]
        }
    ),
]

PREFER_WORDS = ("morning", "afternoon", "early", "late")


def _prefer(value: object) -> object:
    if value in PREFER_WORDS:
        return value
    try:
        preferred = timeparse.parse_clock(value)
        if preferred == timeparse.END_OF_DAY:
            raise ValueError
        return preferred
    except ValueError:
        raise ValueError(
            "prefer is morning, afternoon, early, late or a clock time like 10:30, "
            f"got {as_written(value)}"
        ) from None


Prefer = Annotated[
    Literal["morning", "afternoon", "early", "late"] | Clock, BeforeValidator(_prefer)
]


def _clock_pair(value: object) -> object:
    if not (isinstance(value, list | tuple) and len(value) == 2):
        raise ValueError(
            "a window is [start, end], two clock times like [12:00, 17:00]; "
            f"got {as_written(value)}"
        )
    return value


class Meeting(Frozen):
    id: Id
    title: Text
    venue: Id | None = None
    venues: tuple[Id, ...] | None = Field(default=None, description="the planner picks one")
    attendees: tuple[Id, ...] = Field(min_length=1)
    optional_attendees: tuple[Id, ...] = ()
    minutes: Minutes
    priority: Priority = 10
    days: tuple[Day, ...] | None = Field(default=None, min_length=1)  # (empty: never)
    window: Annotated[tuple[Clock, Clock], BeforeValidator(_clock_pair)] | None = Field(
        default=None, description="[start, end] local clock times; replaces the working day"
    )
    after: tuple[Id, ...] = ()
    prefer: Prefer | None = None
    pinned: StrictBool = False

    @model_validator(mode="after")
    def _one_venue_form(self) -> Meeting:
        if self.venue is not None and self.venues is not None:
            raise _error_at(
                "Meeting",
                [(("venues",), "give venue (one id) or venues (a list to pick from), not both")],
            )
        if self.venue is None and self.venues is None:
            raise ValueError("the meeting has no venue: give venue (one id) or venues (a list)")
        if self.venues is not None and not self.venues:
            raise _error_at("Meeting", [(("venues",), "venues is empty: name at least one")])
        if self.window is not None:
            first, last = self.window
            if last <= first:
                raise _error_at(
                    "Meeting",
                    [
                        (
                            ("window",),
                            f"window {clock_text(first)}-{clock_text(last)} ends before it "
                            "starts (a window cannot cross midnight; 24:00 ends a day)",
                        )
                    ],
                )
            if _clock_minutes(last) - _clock_minutes(first) < self.minutes:
                raise _error_at(
                    "Meeting",
                    [
                        (
                            ("minutes",),
                            f"{self.minutes} minutes cannot fit in the meeting's window "
                            f"{clock_text(first)}-{clock_text(last)} "
                            f"({_clock_minutes(last) - _clock_minutes(first)} minutes)",
                        )
                    ],
                )
        return self

    @property
    def venue_ids(self) -> tuple[str, ...]:
        return (self.venue,) if self.venue is not None else tuple(self.venues or ())

    @property
    def required(self) -> bool:
        return self.priority == "required"


class Brief(Frozen):
    """A whole visit brief; building one checks every cross-reference."""

    visit: Visit
    participants: tuple[Participant, ...]
    groups: dict[Id, Annotated[tuple[Id, ...], Field(min_length=1)]] = {}
    venues: tuple[Venue, ...] = ()
    travel: Travel = Travel()
    stays: tuple[Stay, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    fixed: tuple[FixedEvent, ...] = ()
    meetings: tuple[Meeting, ...] = ()

    @model_validator(mode="wrap")
    @classmethod
    def _local_times_in_visit_zone(cls, data: Any, handler: Any) -> Brief:
        tz = None
        if isinstance(data, dict):
            visit = data.get("visit")
            name = (
                visit.get("timezone")
                if isinstance(visit, dict)
                else getattr(visit, "timezone", None)
            )
            try:
                tz = timeparse.zone(name) if isinstance(name, str) else None
            except ValueError:
                tz = None
            if tz is None:
                # visit.timezone is missing or wrong, and that error is reported; read the
                # local times as UTC meanwhile so that each of them is not reported too.
                tz = timeparse.zone("UTC")
        with _zone_for_local_times(tz):
            brief: Brief = handler(data)
        return brief

    @model_validator(mode="after")
    def _cross_check(self) -> Brief:
        problems = list(_cross_problems(self))
        if problems:
            raise ValidationError.from_exception_data(
                "Brief",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("cross_reference", message),
                        loc=loc,
                        input=None,
                    )
                    for loc, message in problems
                ],
            )
        return self

    # -- lookups used across the pipeline --------------------------------------

    def participant(self, pid: str) -> Participant:
        """KeyError naming ``pid`` if the brief has no such participant."""
        found = next((p for p in self.participants if p.id == pid), None)
        if found is None:
            raise KeyError(f"no participant {pid!r} in the brief")
        return found

    def venue(self, vid: str) -> Venue:
        """KeyError naming ``vid`` if the brief has no such venue."""
        found = next((v for v in self.venues if v.id == vid), None)
        if found is None:
            raise KeyError(f"no venue {vid!r} in the brief")
        return found

    def expand(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """Participant ids named directly or through groups, in order, without repeats."""
        if isinstance(names, str):  # (a lone id would be read letter by letter)
            raise TypeError(f"expand takes a tuple of ids, not the text {names!r}")
        seen: dict[str, None] = {}
        for name in names:
            for pid in self.groups.get(name, (name,)):
                seen.setdefault(pid, None)
        return tuple(seen)

    def stays_of(self, pid: str) -> dict[date, str]:
        """Night (date the night starts) -> hotel venue id, for one participant."""
        person = self.participant(pid)
        nights: dict[date, str] = {}
        for stay in self.stays:
            who = self.expand(stay.participants) if stay.participants is not None else None
            if (who is None and person.travels) or (who is not None and pid in who):
                for night in stay.nights:
                    nights[night] = stay.venue
        return nights


def _clock_minutes(t: time) -> int:
    return 24 * 60 if t == timeparse.END_OF_DAY else t.hour * 60 + t.minute


def _cross_problems(brief: Brief) -> Iterator[tuple[Loc, str]]:
    """Every reference resolves, ids are unique, dates fall in the visit, no cycles."""
    if not brief.participants:
        yield ("participants",), "a brief needs at least one participant"
    yield from _unique_ids(brief)
    yield from _generated_ids(brief)
    yield from _calendar_names(brief)
    people = {p.id for p in brief.participants}
    venues = {v.id for v in brief.venues}
    meetings = {m.id for m in brief.meetings}
    first, last = brief.visit.start, brief.visit.end

    for name, members in brief.groups.items():
        for i, pid in enumerate(members):
            if pid not in people:
                yield (
                    ("groups", name, i),
                    f"group {name!r} names unknown participant {pid!r}{_did_you_mean(pid, people)}",
                )

    def who(loc: Loc, names: tuple[str, ...]) -> Iterator[tuple[Loc, str]]:
        for i, name in enumerate(names):
            if name not in people and name not in brief.groups:
                hint = _did_you_mean(name, people | set(brief.groups))
                yield (*loc, i), f"unknown participant or group {name!r}{hint}"

    def where(loc: Loc, vid: str) -> Iterator[tuple[Loc, str]]:
        if vid not in venues:
            yield loc, f"unknown venue {vid!r}{_did_you_mean(vid, venues)}"

    def when(loc: Loc, day: date) -> Iterator[tuple[Loc, str]]:
        if not first <= day <= last:
            yield loc, f"{day} is outside the visit ({first} to {last})"

    def around(loc: Loc, what: str, moment: datetime) -> Iterator[tuple[Loc, str]]:
        """Transfers and fixed events may also fall on the day before the visit (the
        delegation arrives) and the day after it (it flies home), dated in its zone."""
        day = moment.astimezone(brief.visit.tz).date()
        before, after = first - timedelta(days=1), last + timedelta(days=1)
        if not before <= day <= after:
            yield (
                loc,
                f"{what} on {day}, outside the visit (fixed events and transfers fall from "
                f"{before}, the day before it, to {after}, the day after it)",
            )

    for i, stay in enumerate(brief.stays):
        yield from where(("stays", i, "venue"), stay.venue)
        if stay.participants is not None:
            yield from who(("stays", i, "participants"), stay.participants)
            for k, name in enumerate(stay.participants):  # (a group: the travellers in it)
                if name in people and not brief.participant(name).travels:
                    yield (
                        ("stays", i, "participants", k),
                        f"{name} does not travel, and a stay binds only participants who "
                        f"do: set travels: true on {name}, or leave them out",
                    )
        for j, night in enumerate(stay.nights):
            if not first - timedelta(days=1) <= night <= last:
                yield (
                    ("stays", i, "nights", j),
                    (
                        f"night of {night} is outside the visit (nights run from "
                        f"{first - timedelta(days=1)} to {last})"
                    ),
                )
    yield from _double_booked_nights(brief)

    for i, transfer in enumerate(brief.transfers):
        loc: Loc = ("transfers", i)
        yield from where((*loc, "from"), transfer.from_)
        yield from where((*loc, "to"), transfer.to)
        yield from who((*loc, "attendees"), transfer.attendees)
        if transfer.from_ == transfer.to:
            yield (*loc, "to"), f"transfer {transfer.id!r} goes from {transfer.to!r} to itself"
        labels = [o.label for o in transfer.options]
        for j, label in enumerate(labels):
            if labels.index(label) != j:
                yield (*loc, "options", j, "label"), f"option label {label!r} appears twice"
        for j, option in enumerate(transfer.options):
            yield from around(
                (*loc, "options", j, "depart"), f"option {option.label!r} departs", option.depart
            )
            yield from around(
                (*loc, "options", j, "arrive"), f"option {option.label!r} arrives", option.arrive
            )

    for i, event in enumerate(brief.fixed):
        yield from where(("fixed", i, "venue"), event.venue)
        yield from who(("fixed", i, "attendees"), event.attendees)
        yield from around(("fixed", i, "start"), "the event starts", event.start)

    for i, meeting in enumerate(brief.meetings):
        loc = ("meetings", i)
        if meeting.venue is not None:
            yield from where((*loc, "venue"), meeting.venue)
        for j, vid in enumerate(meeting.venues or ()):
            yield from where((*loc, "venues", j), vid)
        yield from who((*loc, "attendees"), meeting.attendees)
        yield from who((*loc, "optional_attendees"), meeting.optional_attendees)
        both = set(brief.expand(meeting.attendees)) & set(brief.expand(meeting.optional_attendees))
        if both:
            yield (
                (*loc, "optional_attendees"),
                (f"{', '.join(sorted(both))} cannot be both required and optional"),
            )
        for j, day in enumerate(meeting.days or ()):
            yield from when((*loc, "days", j), day)
        workday = brief.visit.day
        if meeting.window is None and meeting.minutes > (
            _clock_minutes(workday.end) - _clock_minutes(workday.start)
        ):
            yield (
                (*loc, "minutes"),
                (
                    f"{meeting.minutes} minutes cannot fit in the working day "
                    f"{clock_text(workday.start)}-{clock_text(workday.end)}; give the meeting "
                    "its own window"
                ),
            )
        for j, other in enumerate(meeting.after):
            if other not in meetings:
                yield (
                    (*loc, "after", j),
                    f"unknown meeting {other!r} in after{_did_you_mean(other, meetings)}",
                )
            elif other == meeting.id:
                yield (*loc, "after", j), f"meeting {meeting.id!r} cannot follow itself"
    yield from _after_cycles(brief)

    for j, (a, b, _) in enumerate(brief.travel.times):
        yield from where(("travel", "times", j, 0), a)
        yield from where(("travel", "times", j, 1), b)
    yield from _travel_pairs(brief)


def _did_you_mean(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _unique_ids(brief: Brief) -> Iterator[tuple[Loc, str]]:
    seen: dict[str, str] = {}
    sections: list[tuple[str, tuple[Any, ...]]] = [
        ("participants", brief.participants),
        ("venues", brief.venues),
        ("transfers", brief.transfers),
        ("fixed", brief.fixed),
        ("meetings", brief.meetings),
    ]
    for name in brief.groups:
        seen[name] = f"groups.{name}"
    for section, items in sections:
        for i, item in enumerate(items):
            if item.id in seen:
                yield (
                    (section, i, "id"),
                    f"id {item.id!r} is used twice (first at {seen[item.id]}); "
                    "every id must be unique across the brief",
                )
            else:
                seen[item.id] = f"{section}.{i}"


# The ids the plan gives its own items (docs/report.md): ``lunch-2027-05-20[-2]``,
# ``travel-20270520-0840-hotel-kaznu``
GENERATED_ID = re.compile(r"(lunch|travel)-\d")


def _generated_ids(brief: Brief) -> Iterator[tuple[Loc, str]]:
    """A meeting, fixed event or transfer named like an item the plan generates would
    share its id, and its calendar UID, with a lunch break or a journey."""
    sections: list[tuple[str, tuple[Any, ...]]] = [
        ("transfers", brief.transfers),
        ("fixed", brief.fixed),
        ("meetings", brief.meetings),
    ]
    for section, items in sections:
        for i, item in enumerate(items):
            if GENERATED_ID.match(item.id):
                yield (
                    (section, i, "id"),
                    f"id {item.id!r} looks like the ids the plan gives its lunch breaks and "
                    "journeys ('lunch-' or 'travel-' and a digit); choose another",
                )


# Names Windows keeps for devices, whatever the extension: ``CON.ics`` is no file there
RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)]
)


def _calendar_names(brief: Brief) -> Iterator[tuple[Loc, str]]:
    """``plan --per-participant`` names each person's calendar ``<id>.ics`` beside the
    visit's ``<visit id>.ics``: one would overwrite the other, also where the ids differ
    only in case (macOS and Windows take ``P1.ics`` and ``p1.ics`` for one file); and a
    name Windows keeps for a device is no file there."""
    visit = brief.visit.id
    if _device(visit):
        yield (("visit", "id"), _reserved(visit))
    first = {visit.casefold(): (visit, "the visit's id")}  # file name -> (id, whose)
    for i, person in enumerate(brief.participants):
        here = ("participants", i, "id")
        if _device(person.id):
            yield (here, _reserved(person.id))
        spelled, whose = first.setdefault(person.id.casefold(), (person.id, ""))
        if not whose:
            first[person.id.casefold()] = (person.id, f"participant id {person.id!r}")
        elif spelled == visit and person.id == visit:
            yield (
                here,
                f"participant id {person.id!r} is the visit's id; the visit's calendar and "
                f"this person's would both be {person.id}.ics: give one of them another id",
            )
        elif spelled != person.id:  # (the same id twice is ``_unique_ids``' to report)
            yield (
                here,
                f"participant id {person.id!r} and {whose} differ only in case: macOS and "
                f"Windows take {person.id}.ics and {spelled}.ics for one file, so one "
                "calendar would replace the other; give one of them another id",
            )


def _device(name: str) -> bool:
    """Whether Windows takes a file of this name for a device: ``nul.x.ics`` is ``NUL``
    too, whatever follows the first dot."""
    return name.split(".", 1)[0].lower() in RESERVED_NAMES


def _reserved(name: str) -> str:
    return f"id {name!r} names a device on Windows ({name}.ics is no file there); choose another"


def _travel_pairs(brief: Brief) -> Iterator[tuple[Loc, str]]:
    """An entry of ``travel.times`` counts in both directions and a venue is 0 minutes
    from itself: a second entry for a pair, or one from a venue to itself, would be
    silently ignored."""
    first_entry: dict[frozenset[str], int] = {}
    for j, (a, b, minutes) in enumerate(brief.travel.times):
        if a == b:
            yield (
                ("travel", "times", j),
                f"a travel time from {a} to itself: moving within one venue takes no time; "
                "remove the entry",
            )
            continue
        k = first_entry.setdefault(frozenset((a, b)), j)
        if k != j:
            yield (
                ("travel", "times", j),
                f"the travel time between {a} and {b} is given twice: "
                f"{brief.travel.times[k][2]} minutes at travel.times.{k} and {minutes} here; "
                "an entry counts in both directions: give each pair once",
            )


def _double_booked_nights(brief: Brief) -> Iterator[tuple[Loc, str]]:
    for person in brief.participants:
        taken: dict[date, str] = {}
        for i, stay in enumerate(brief.stays):
            if stay.participants is None:
                if not person.travels:
                    continue
            elif person.id not in brief.expand(stay.participants):
                continue
            for j, night in enumerate(stay.nights):
                if night in taken and taken[night] != stay.venue:
                    yield (
                        ("stays", i, "nights", j),
                        (
                            f"{person.id} would sleep at both {taken[night]} and {stay.venue} "
                            f"on the night of {night}"
                        ),
                    )
                taken[night] = stay.venue


def _after_cycles(brief: Brief) -> Iterator[tuple[Loc, str]]:
    follows = {m.id: [a for a in m.after if a != m.id] for m in brief.meetings}
    index = {m.id: i for i, m in enumerate(brief.meetings)}
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> Iterator[tuple[Loc, str]]:
        state[node] = 1
        path.append(node)
        for nxt in follows.get(node, []):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield (
                        ("meetings", index[nxt], "after"),
                        ("meetings wait for each other in a cycle: " + " -> ".join([*cycle, nxt])),
                    )
            elif nxt in follows and state.get(nxt) is None:
                yield from visit(nxt, path)
        path.pop()
        state[node] = 2

    for mid in follows:
        if mid not in state:
            yield from visit(mid, [])
