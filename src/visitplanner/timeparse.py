"""Reading the brief's time values and turning them into aware instants.

A bare local time is in the visit's zone unless it carries its own zone or offset.
Local times that do not exist (spring-forward gap) or exist twice (autumn overlap)
are refused, because silently picking one moves a meeting by an hour.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

import pytz

from visitplanner.localtime import offset_text

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2})?)"
    r"(?:\s*(Z|[+-]\d{2}:?\d{2})|\s+([A-Za-z_][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*))?$"
)


# 24:00, the end of a day: ``at`` puts it at the next midnight. (``time`` stops at 23:59:59.)
END_OF_DAY = time.max


def clock_text(clock: time) -> str:
    """``clock`` as a brief writes it: 09:05, or 24:00 for ``END_OF_DAY``."""
    return "24:00" if clock == END_OF_DAY else f"{clock:%H:%M}"


def as_written(value: object) -> str:
    """``value`` as a brief writes it, for messages: YAML's true, false and null are
    Python's True, False and None, which would puzzle a reader who typed them."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "null"
    return repr(value)


def zone(name: str) -> tzinfo:
    """The tz database zone called ``name``; ValueError if there is none."""
    try:
        return pytz.timezone(name)
    except pytz.UnknownTimeZoneError:
        raise ValueError(
            f"unknown timezone {name!r} (use an IANA name such as Asia/Almaty)"
        ) from None


def parse_clock(value: object) -> time:
    """``"10:30"`` -> 10:30. Accepts 00:00 to 24:00: 24:00 is ``END_OF_DAY``."""
    if isinstance(value, time):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(f"expected a clock time like 10:30, got the number {value}")
    if not isinstance(value, str):
        raise ValueError(f"expected a clock time like 10:30, got {as_written(value)}")
    m = _CLOCK.match(value.strip())
    if not m:
        raise ValueError(f"expected a clock time like 10:30, got {as_written(value)}")
    hour, minute = int(m.group(1)), int(m.group(2))
    _whole_minute(value, int(m.group(3) or 0))
    if hour == 24 and minute == 0:
        return END_OF_DAY
    if hour > 23 or minute > 59:
        raise ValueError(f"{as_written(value)} is not a time of day (hours 00-23, minutes 00-59)")
    return time(hour, minute)


YEARS = (1900, 2999)  # of any date or time a brief gives: what is outside is a typing slip


def _within_years(value: object, moment: date) -> None:
    """Refuse a year no visit has (0001, which pytz cannot even shift into UTC)."""
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise ValueError(
            f"{as_written(value)}: year {moment.year} is outside the years a brief may name "
            f"({YEARS[0]} to {YEARS[1]})"
        )


def parse_date(value: object) -> date:
    """A calendar date, from YAML's date or an ISO string."""
    if isinstance(value, datetime):
        raise ValueError(f"expected a date like 2027-04-12, got a date-time {value}")
    if isinstance(value, date):
        _within_years(value, value)
        return value
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                raise ValueError(f"{as_written(value)} is not a date in the calendar") from None
        else:
            _within_years(value, day)
            return day
    raise ValueError(f"expected a date like 2027-04-12, got {as_written(value)}")


def _pytz_zone(tz: tzinfo) -> pytz.BaseTzInfo | None:
    """``tz`` as a pytz zone (which can refuse gaps and overlaps); None for a fixed offset."""
    if isinstance(tz, pytz.BaseTzInfo):
        return tz
    try:
        return pytz.timezone(str(tz))  # a zoneinfo.ZoneInfo prints as its key
    except pytz.UnknownTimeZoneError:
        return None


def localize(naive: datetime, tz: tzinfo) -> datetime:
    """Attach ``tz`` to a wall-clock time, refusing times in a DST gap or overlap."""
    name = str(tz)
    ptz = _pytz_zone(tz)
    if ptz is None:
        return naive.replace(tzinfo=tz)
    try:
        return ptz.localize(naive, is_dst=None)
    except pytz.NonExistentTimeError:
        raise ValueError(
            f"{naive:%Y-%m-%d %H:%M} does not exist in {name}: the clocks skip it "
            "(they go forward); give a time outside the gap or an explicit offset"
        ) from None
    except pytz.AmbiguousTimeError:
        first, second = (offset_text(ptz.localize(naive, is_dst=dst)) for dst in (True, False))
        raise ValueError(
            f"{naive:%Y-%m-%d %H:%M} happens twice in {name} (the clocks go back); "
            f"give an explicit offset: {first} for the first time, {second} for the second"
        ) from None


def _whole_minute(value: object, seconds: float) -> None:
    """Visits are planned to the minute: a time with seconds (10:30:15) is refused rather
    than reaching the calendar off the minute; 10:30:00 is 10:30."""
    if seconds:
        raise ValueError(
            f"{as_written(value)} has seconds; times are planned in whole minutes "
            "(write it as hours:minutes, like 10:30)"
        )


def parse_instant(value: object, default_tz: tzinfo) -> datetime:
    """A date-time, aware: ``2027-04-13 16:00`` (default zone), ``... Europe/Brussels``,
    ``...T09:05+02:00`` or an aware ``datetime``."""
    if isinstance(value, datetime):
        _whole_minute(value, value.second + value.microsecond)
        _within_years(value, value)
        return value if value.tzinfo is not None else localize(value, default_tz)
    if isinstance(value, date):
        raise ValueError(
            f"expected a date and a time like {value} 16:00, got only the date {value}"
        )
    if not isinstance(value, str):
        raise ValueError(f"expected a date-time like 2027-04-13 16:00, got {as_written(value)}")
    m = _DATETIME.match(value.strip())
    if not m and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return parse_instant(parse_date(value), default_tz)  # says what is missing
    if not m:
        raise ValueError(
            f"expected a date-time like 2027-04-13 16:00 (optionally followed by a zone "
            f"such as Europe/Brussels or an offset such as +05:00), got {as_written(value)}"
        )
    day, clock, offset, zone_name = m.groups()
    if clock.index(":") == 1:  # 9:00 is 09:00, as in clock times
        clock = "0" + clock
    if clock.startswith("24:"):
        raise ValueError(f"{as_written(value)}: a date-time ends a day at 00:00 of the next day")
    try:
        naive = datetime.fromisoformat(f"{day}T{clock}")
    except ValueError:
        raise ValueError(f"{as_written(value)} is not a date and time in the calendar") from None
    _whole_minute(value, naive.second + naive.microsecond)
    _within_years(value, naive)
    if offset:
        if offset == "Z":
            return naive.replace(tzinfo=pytz.utc)
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            raise ValueError(
                f"offset {offset} is not a valid UTC offset (from -23:59 to +23:59, with "
                "minutes 00 to 59)"
            )
        sign = 1 if offset[0] == "+" else -1
        return naive.replace(tzinfo=pytz.FixedOffset(sign * (hours * 60 + minutes)))
    return localize(naive, zone(zone_name) if zone_name else default_tz)


def parse_range(value: object) -> tuple[time, time]:
    """``"09:00-18:30"`` -> (09:00, 18:30), end after start."""
    if not isinstance(value, str) or value.count("-") != 1:
        raise ValueError(f"expected a time range like 09:00-18:00, got {as_written(value)}")
    first, last = (parse_clock(part.strip()) for part in value.split("-"))
    if last <= first:
        raise ValueError(f"range {as_written(value)} ends before it starts")
    return first, last


def at(day: date, clock: time, tz: tzinfo) -> datetime:
    """The instant of ``clock`` on ``day`` in ``tz``; a time in a gap of the clocks is
    read with the offset before the gap, so it moves forward by the gap's length (an
    hour, or half an hour on Lord Howe Island), and a time shown twice is its first
    occurrence (as RFC 5545 reads both); ``END_OF_DAY`` is the next day's midnight."""
    if clock == END_OF_DAY:
        return at(day + timedelta(days=1), time(0), tz)
    ptz = _pytz_zone(tz)
    naive = datetime.combine(day, clock)
    if ptz is None:
        return naive.replace(tzinfo=tz)
    try:
        return ptz.localize(naive, is_dst=None)
    except pytz.NonExistentTimeError:
        return ptz.normalize(ptz.localize(naive, is_dst=False))
    except pytz.AmbiguousTimeError:
        return ptz.localize(naive, is_dst=True)
