"""VTIMEZONE components checked against the tz database.

A calendar client turns ``DTSTART;TZID=Europe/Brussels:20270329T100000`` into an instant
with the VTIMEZONE we write, not with its own tz database, so every offset it can derive
must be the tz database's. The oracle is icalendar's ``Timezone.to_tz(lookup_tzid=False)``,
which evaluates the written STANDARD/DAYLIGHT rules without looking the TZID up; pytz
is the truth. The covered span is every calendar year the events touch.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import pytz
from icalendar import Timezone

from visitplanner.vtimezone import vtimezone


def _utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def _mismatches(tzid: str, first_year: int, last_year: int) -> list[str]:
    """Every half hour of the covered years where the written VTIMEZONE and pytz disagree."""
    component = vtimezone(tzid, _utc(first_year, 6, 1), _utc(last_year, 6, 1))
    parsed = Timezone.from_ical(component.to_ical())
    assert isinstance(parsed, Timezone)
    written = parsed.to_tz(lookup_tzid=False)
    truth = pytz.timezone(tzid)
    wrong = []
    moment, stop = _utc(first_year, 1, 1), _utc(last_year + 1, 1, 1)
    while moment < stop:
        if moment.astimezone(written).utcoffset() != moment.astimezone(truth).utcoffset():
            wrong.append(f"{moment:%Y-%m-%d %H:%M}Z")
        moment += timedelta(minutes=30)
    return wrong


def _observances(component: Timezone) -> list[tuple[str, ...]]:
    """(kind, DTSTART, TZOFFSETFROM, TZOFFSETTO, RRULE) of each observance, as written."""
    names = ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO", "RRULE")
    rows: list[tuple[str, ...]] = []
    fields: dict[str, str] = {}
    for line in component.to_ical().decode().replace("\r\n ", "").splitlines():
        name, value = line.split(":", 1)
        if name == "END" and value in ("STANDARD", "DAYLIGHT"):
            rows.append((value, *(fields.get(n, "") for n in names)))
        fields = {} if name == "BEGIN" else {**fields, name: value}
    return rows


@pytest.mark.parametrize(
    ("tzid", "first_year", "last_year"),
    [
        ("Asia/Almaty", 2027, 2027),
        ("Europe/Brussels", 2027, 2027),
        ("Australia/Sydney", 2027, 2027),
        ("America/Sao_Paulo", 2018, 2019),
    ],
)
def test_every_half_hour_of_the_covered_years_has_the_tz_database_offset(
    tzid: str, first_year: int, last_year: int
) -> None:
    """Almaty (one offset), Brussels (northern DST), Sydney (southern DST: summer time
    starts in October and ends in April) and Sao Paulo in the years it dropped DST."""
    assert _mismatches(tzid, first_year, last_year) == []


def test_almaty_is_one_standard_observance_at_utc_plus_5() -> None:
    """Kazakhstan moved from +06 to +05 at midnight on 1 March 2024 and has not changed
    since: one STANDARD observance starting then, no RRULE."""
    component = vtimezone("Asia/Almaty", _utc(2027, 4, 12), _utc(2027, 4, 16))
    assert _observances(component) == [("STANDARD", "20240301T000000", "+0600", "+0500", "")]


def test_brussels_changes_on_the_last_sundays_of_march_and_october() -> None:
    """A visit from 25 March to 2 April 2027 spans the change of Sunday 28 March. The
    spring onset is written at 02:00 on the winter clock (icalendar's own generator
    writes 03:00, an hour late); the autumn one at 03:00 on the summer clock. Each is one
    yearly rule, anchored at the last change before the covered year."""
    component = vtimezone("Europe/Brussels", _utc(2027, 3, 25), _utc(2027, 4, 2))
    assert _observances(component) == [
        ("STANDARD", "20261025T030000", "+0200", "+0100", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
        ("DAYLIGHT", "20270328T020000", "+0100", "+0200", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
    ]
    assert "RDATE" not in component.to_ical().decode()


def test_sydney_summer_time_starts_in_october_and_ends_in_april() -> None:
    """Southern hemisphere: DAYLIGHT begins on the first Sunday of October at 02:00 AEST
    (4 October 2026), STANDARD on the first Sunday of April at 03:00 AEDT (4 April 2027)."""
    component = vtimezone("Australia/Sydney", _utc(2027, 4, 1), _utc(2027, 10, 10))
    assert _observances(component) == [
        ("DAYLIGHT", "20261004T020000", "+1000", "+1100", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=10"),
        ("STANDARD", "20270404T030000", "+1100", "+1000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=4"),
    ]


def test_sao_paulo_rule_ends_with_until_when_brazil_dropped_dst() -> None:
    """Brazil's last summer time ended on 17 February 2019 (third Sunday of February).
    The 2018-2019 run of February changes stops there (UNTIL, in UTC), so nothing
    brings summer time back; the November 2018 onset is a single change."""
    component = vtimezone("America/Sao_Paulo", _utc(2018, 3, 1), _utc(2019, 6, 1))
    assert _observances(component) == [
        ("DAYLIGHT", "20171015T000000", "-0300", "-0200", ""),
        (
            "STANDARD",
            "20180218T000000",
            "-0200",
            "-0300",
            "FREQ=YEARLY;UNTIL=20190217T020000Z;BYDAY=3SU;BYMONTH=2",
        ),
        ("DAYLIGHT", "20181104T000000", "-0300", "-0200", ""),
    ]


def test_a_zone_that_never_changes_gets_one_fixed_observance() -> None:
    component = vtimezone("UTC", _utc(2027, 4, 12), _utc(2027, 4, 16))
    assert _observances(component) == [("STANDARD", "19700101T000000", "+0000", "+0000", "")]


def test_the_span_must_be_aware() -> None:
    with pytest.raises(ValueError, match="no timezone"):
        vtimezone("Asia/Almaty", datetime(2027, 4, 12), _utc(2027, 4, 16))
