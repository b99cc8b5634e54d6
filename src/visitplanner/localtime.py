"""Reading an instant on a zone's wall clock, and saying when that reading is ambiguous.

When clocks go back (Brussels, last Sunday of October, 03:00 back to 02:00), every time
from 02:00 to 02:59 happens twice. "02:15" alone then names two instants an hour apart;
RFC 5545 reads such a local time as the first of them. The printed itinerary marks a
repeated time with its UTC offset, and the calendars write it in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

_NEARBY = timedelta(days=1)  # offsets in force this far either side find the other reading


def repeated(moment: datetime, tz: tzinfo) -> bool:
    """Whether ``moment``'s wall-clock time in ``tz`` also shows at another instant."""
    local = moment.astimezone(tz)
    wall = local.replace(tzinfo=None)
    for near in (moment - _NEARBY, moment + _NEARBY):
        offset = near.astimezone(tz).utcoffset()
        if offset is None or offset == local.utcoffset():
            continue
        twin = (wall - offset).replace(tzinfo=UTC)
        if twin.astimezone(tz).replace(tzinfo=None) == wall:
            return True
    return False


def clock(moment: datetime, tz: tzinfo, since: date | None = None) -> str:
    """``"10:00"``; ``"02:15 (+01:00)"`` for a time that the clocks show twice that night;
    ``" (+1 day)"`` after it when its date in ``tz`` is a day after ``since``."""
    local = moment.astimezone(tz)
    text = f"{local:%H:%M}"
    if repeated(moment, tz):
        text += f" ({offset_text(local)})"
    if since is not None and local.date() != since:
        days = (local.date() - since).days
        text += f" ({days:+d} day{'s' if abs(days) != 1 else ''})"
    return text


def offset_text(moment: datetime) -> str:
    """``moment``'s UTC offset as written after a time: ``+01:00``, ``-05:00``."""
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    hours, minutes = divmod(abs(int(offset.total_seconds())) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def zone_label(moment: datetime) -> str:
    """The name of ``moment``'s zone (``Europe/Brussels``), else its UTC offset."""
    name = getattr(moment.tzinfo, "zone", None) or getattr(moment.tzinfo, "key", None)
    if isinstance(name, str) and "/" in name:
        return name
    return f"UTC{offset_text(moment)}"


def elsewhere(moment: datetime, tz: tzinfo) -> str | None:
    """``moment`` on the clock of the zone it was written in (``"09:40 Europe/Brussels"``)
    when that zone's offset then is not ``tz``'s: a flight's departure or landing in
    another zone than the one the reader's times are in; else None."""
    if moment.tzinfo is None:
        return None
    own = moment.astimezone(moment.tzinfo)  # (after arithmetic, pytz's offset may be stale)
    if own.utcoffset() == moment.astimezone(tz).utcoffset():
        return None
    return f"{clock(own, moment.tzinfo)} {zone_label(own)}"
