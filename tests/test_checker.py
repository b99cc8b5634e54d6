"""The independent checker, rule by rule, as worked examples.

Most examples use one small brief: the rector spends Tuesday 13 April 2027 in Astana and
flies to Almaty early on Wednesday 14 April. Asia/Almaty is UTC+5 all year. Buffer 10 min;
travel 25 km/h, at least 10 min, except kaznu <-> airport-ala, listed as 60 min.

Distances used below (haversine, R = 6371 km), so travel = max(10, ceil(km / 25 * 60)):

    hotel-astana - ministry     0.93 km -> ceil(2.2) = 3  -> 10 min (the minimum)
    ministry     - nu           4.90 km -> ceil(11.8)     -> 12 min
    hotel-astana - nu           4.76 km -> ceil(11.4)     -> 12 min
    hotel-astana - airport-nqz 12.07 km -> ceil(29.0)     -> 29 min
    airport-ala  - kaznu        60 min, listed in travel.times as [kaznu, airport-ala]

GOOD is an itinerary that keeps every rule; each test changes one thing, in the brief or
the itinerary, and names the rule that breaks. Meetings not in an itinerary are listed as
unscheduled by ``plan``, as the solver does.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from string import Template

import pytest

from visitplanner import checker, timeparse
from visitplanner.checker import Context, Violation, check
from visitplanner.itinerary import Item, Itinerary, Unscheduled
from visitplanner.loader import parse_brief
from visitplanner.models import Brief

KAZAKHSTAN = Template("""
visit:
  id: astana-almaty
  title: Two days in Kazakhstan
  timezone: Asia/Almaty
  start: 2027-04-13                # a Tuesday
  end: 2027-04-14
  day: {start: 08:30, end: 18:30}
  buffer_minutes: 10
  $visit
participants:
  - {id: rector, name: Rector, travels: true}
  - {id: minister, name: Vice-Minister,
     available: [{start: 2027-04-13 09:00, end: 2027-04-13 12:00}]}
  - {id: provost, name: Provost,
     unavailable: [{start: 2027-04-13 08:00, end: 2027-04-13 09:30, reason: Senate}]}
  - {id: kaznu-rector, name: Rector of KazNU}
venues:
  - {id: hotel-astana, name: Hotel, kind: hotel, city: Astana, location: [51.1283, 71.4305]}
  - {id: ministry, name: Ministry, city: Astana, location: [51.1247, 71.4426],
     open: {mon-fri: 09:00-18:30}}
  - {id: nu, name: Nazarbayev University, city: Astana, location: [51.0906, 71.3982],
     open: {mon-fri: 08:30-19:00}}
  - {id: airport-nqz, name: Astana airport, kind: airport, city: Astana,
     location: [51.0222, 71.4669]}
  - {id: airport-ala, name: Almaty airport, kind: airport, city: Almaty,
     location: [43.3521, 77.0405]}
  - {id: hotel-almaty, name: Hotel, kind: hotel, city: Almaty, location: [43.2380, 76.9570]}
  - {id: kaznu, name: KazNU, city: Almaty, location: [43.2225, 76.9240],
     open: {mon-fri: 09:00-18:00}, closed: [$kaznu_closed]}
travel: {speed_kmh: 25, minimum_minutes: 10, times: [[kaznu, airport-ala, 60]]}
stays:
  - {venue: hotel-astana, nights: [2027-04-12, 2027-04-13]}
  - {venue: $almaty_hotel, nights: [2027-04-14]}
transfers:
  - {id: flight, title: Flight to Almaty, from: airport-nqz, to: airport-ala,
     attendees: [rector], check_in_minutes: 60,
     options: [{label: KC 951, depart: 2027-04-14 07:10, arrive: 2027-04-14 08:50},
               {label: KC 955, depart: 2027-04-14 12:40, arrive: 2027-04-14 14:20}]}
fixed:
  - {id: reception, title: Reception, venue: ministry, start: 2027-04-13 19:00,
     minutes: $reception_minutes, attendees: [rector, provost]}
meetings:
  - {id: ministry-talks, title: Ministry, venue: ministry, attendees: [rector, minister],
     optional_attendees: [provost, kaznu-rector], minutes: 60, priority: required}
  - {id: nu-talks, title: NU, venue: nu, attendees: [rector, provost], minutes: 60}
  - {id: lab-tour, title: Lab tour, venue: nu, attendees: [rector], minutes: 45,
     after: [nu-talks]}
  - {id: kaznu-talks, title: KazNU, venue: kaznu, attendees: [rector, kaznu-rector],
     minutes: 60, days: [$kaznu_days]}
  - {id: kaznu-dinner, title: Dinner, venue: hotel-almaty, attendees: [rector, kaznu-rector],
     minutes: 90, window: [18:30, 22:00]}
  - {id: press-briefing, title: Press, venues: [hotel-astana, ministry], attendees: [rector],
     minutes: 30, window: [05:00, 22:00]}
""")

ALMATY = timeparse.zone("Asia/Almaty")
LUNCH = "lunch: {earliest: 12:00, latest: 14:30, minutes: 60}"


@cache
def kazakhstan(
    visit: str = "",
    reception_minutes: int = 120,
    kaznu_closed: str = "",
    kaznu_days: str = "2027-04-14",
    almaty_hotel: str = "hotel-almaty",
) -> Brief:
    """The example brief; the arguments are the few things a test may change."""
    return parse_brief(
        KAZAKHSTAN.substitute(
            visit=visit,
            reception_minutes=reception_minutes,
            kaznu_closed=kaznu_closed,
            kaznu_days=kaznu_days,
            almaty_hotel=almaty_hotel,
        )
    )


def item(kind: str, item_id: str, start: str, end: str, *attendees: str, **fields: str) -> Item:
    """An item from local times in Almaty; ``end`` may be a bare clock time on the same day."""
    end = end if " " in end else f"{start[:10]} {end}"
    return Item(
        id=item_id,
        kind=kind,
        title=item_id,
        start=timeparse.parse_instant(start, ALMATY),
        end=timeparse.parse_instant(end, ALMATY),
        attendees=attendees,
        **fields,
    )


def meeting(item_id: str, start: str, end: str, venue: str, *attendees: str) -> Item:
    return item("meeting", item_id, start, end, *attendees, venue=venue)


def lunch(start: str, end: str, who: str = "rector") -> Item:
    return item("lunch", f"lunch-{who}-{start[:10]}", start, end, who)


def flight(option: str, depart: str, arrive: str) -> Item:
    return item(
        "transfer",
        "flight",
        depart,
        arrive,
        "rector",
        from_="airport-nqz",
        to="airport-ala",
        option=option,
    )


def reception(minutes: int = 120) -> Item:
    """The fixed reception at the ministry from 19:00, as long as the brief makes it."""
    start = timeparse.parse_instant("2027-04-13 19:00", ALMATY)
    return Item(
        id="reception",
        kind="fixed",
        title="Reception",
        start=start,
        end=start + timedelta(minutes=minutes),
        venue="ministry",
        attendees=("rector", "provost"),
    )


GOOD = (
    meeting("ministry-talks", "2027-04-13 09:00", "10:00", "ministry", "rector", "minister"),
    meeting("nu-talks", "2027-04-13 10:30", "11:30", "nu", "rector", "provost"),
    meeting("lab-tour", "2027-04-13 11:40", "12:25", "nu", "rector"),
    reception(),
    flight("KC 951", "2027-04-14 07:10", "2027-04-14 08:50"),
    meeting("kaznu-talks", "2027-04-14 10:00", "11:00", "kaznu", "rector", "kaznu-rector"),
    meeting("kaznu-dinner", "2027-04-14 18:30", "20:00", "hotel-almaty", "rector", "kaznu-rector"),
)
LUNCHES = (lunch("2027-04-13 12:35", "13:35"), lunch("2027-04-14 12:00", "13:00"))


def plan(brief: Brief, items: tuple[Item, ...]) -> Itinerary:
    """An itinerary of ``items``, with every other meeting of the brief listed as left out."""
    scheduled = {i.id for i in items}
    return Itinerary(
        visit=brief.visit.id,
        items=items,
        unscheduled=tuple(
            Unscheduled(id=m.id, reason="left out in this example")
            for m in brief.meetings
            if m.id not in scheduled
        ),
    )


def changed(items: tuple[Item, ...], *replacements: Item, without: str = "") -> tuple[Item, ...]:
    """``items`` with those of the same id replaced (or added), and ``without`` dropped."""
    new = {r.id: r for r in replacements}
    kept = tuple(new.pop(i.id, i) for i in items if i.id != without)
    return kept + tuple(new.values())


def violations(brief: Brief, items: tuple[Item, ...]) -> list[Violation]:
    return check(brief, plan(brief, items))


def broken(brief: Brief, items: tuple[Item, ...]) -> set[str]:
    """The slugs of the rules that ``items`` break."""
    return {v.rule for v in violations(brief, items)}


def only(rule: str, brief: Brief, items: tuple[Item, ...]) -> Violation:
    """The single violation of ``items``, asserted to be of ``rule``."""
    found = violations(brief, items)
    assert [v.rule for v in found] == [rule], found
    return found[0]


# -- the whole example -------------------------------------------------------


def test_good_itinerary_breaks_no_rule() -> None:
    """GOOD keeps every rule, lunch included once the brief asks for it."""
    assert violations(kazakhstan(), GOOD) == []
    assert violations(kazakhstan(LUNCH), GOOD + LUNCHES) == []


def test_rules_are_the_slugs_of_docs_rules_md() -> None:
    """Every slug has its check_<slug> function and its section in docs/rules.md."""
    rules_md = (Path(__file__).parents[1] / "docs" / "rules.md").read_text()
    for slug in checker.RULES:
        assert f"## {slug}" in rules_md or slug == "well_formed"
        assert callable(getattr(checker, f"check_{slug}"))
    assert len(checker.RULES) == 14


# -- rule 1 ------------------------------------------------------------------


def test_no_double_booking() -> None:
    """nu-talks moved to 09:30 overlaps ministry-talks (09:00-10:00) for the rector by
    30 minutes. Only this rule reports it: the overlap is not also a too-short travel_time
    gap."""
    overlapping = meeting("nu-talks", "2027-04-13 09:30", "10:30", "nu", "rector", "provost")
    found = only("no_double_booking", kazakhstan(), changed(GOOD, overlapping))
    assert found.participant == "rector"
    assert found.items == ("ministry-talks", "nu-talks")
    assert "2027-04-13 09:00-10:00" in found.message and "09:30-10:30" in found.message


# -- rule 2 ------------------------------------------------------------------


def test_travel_time_between_meetings() -> None:
    """ministry to nu: 4.90 km, ceil(4.90/25*60) = 12 min > the 10-minute minimum, plus the
    10-minute buffer: nu-talks may start at 10:22 after ministry-talks ends at 10:00. At 10:22
    it is fine; at 10:15 the rector has 15 minutes and needs 22."""
    on_time = meeting("nu-talks", "2027-04-13 10:22", "11:22", "nu", "rector", "provost")
    assert violations(kazakhstan(), changed(GOOD, on_time)) == []

    early = meeting("nu-talks", "2027-04-13 10:15", "11:15", "nu", "rector", "provost")
    found = only("travel_time", kazakhstan(), changed(GOOD, early))
    assert found.participant == "rector"
    assert found.items == ("ministry-talks", "nu-talks")
    assert "has 15 min" in found.message
    assert "needs 22 (12 min travel from ministry to nu + 10 min buffer)" in found.message


def test_travel_time_uses_listed_times_in_either_direction() -> None:
    """travel.times lists [kaznu, airport-ala, 60]; the rector goes the other way. The
    flight lands 08:50, so kaznu-talks starts at 08:50 + 60 + 10 = 10:00 at the earliest
    (the computed 42 minutes for 17.2 km do not apply)."""
    early = meeting("kaznu-talks", "2027-04-14 09:55", "10:55", "kaznu", "rector", "kaznu-rector")
    found = only("travel_time", kazakhstan(), changed(GOOD, early))
    assert found.items == ("flight", "kaznu-talks")
    assert "needs 70 (60 min travel from airport-ala to kaznu" in found.message


def test_transfer_occupies_from_check_in() -> None:
    """The flight departs 07:10 with 60 minutes of check-in: the rector is taken from 06:10
    at airport-nqz. A press briefing at the Astana hotel must end 29 min travel + 10 buffer
    earlier: by 05:31. Ending 05:30 is fine; ending 05:35 is not, though the plane is
    still an hour and a half from leaving."""
    brief = kazakhstan()
    at_dawn = item(
        "meeting", "press-briefing", "2027-04-14 05:00", "05:30", "rector", venue="hotel-astana"
    )
    assert violations(brief, changed(GOOD, at_dawn)) == []

    late = item(
        "meeting", "press-briefing", "2027-04-14 05:05", "05:35", "rector", venue="hotel-astana"
    )
    found = only("travel_time", brief, changed(GOOD, late))
    assert found.items == ("press-briefing", "flight")
    assert "check-in 2027-04-14 06:10-08:50" in found.message
    assert "needs 39 (29 min travel from hotel-astana to airport-nqz" in found.message


def test_lunch_is_taken_where_the_morning_ended_and_travel_follows() -> None:
    """lab-tour ends 12:25 at nu; lunch 12:35-13:35 needs only the buffer before it (no
    travel: it is taken at nu). The press briefing at the Astana hotel then needs the
    journey from nu after lunch: 12 min + 10 buffer, so 13:57 at the earliest. At 13:50
    the rector has 15 minutes after lunch and needs 22."""
    brief = kazakhstan(LUNCH)
    in_time = item(
        "meeting", "press-briefing", "2027-04-13 13:57", "14:27", "rector", venue="hotel-astana"
    )
    assert violations(brief, changed(GOOD + LUNCHES, in_time)) == []

    hurried = item(
        "meeting", "press-briefing", "2027-04-13 13:50", "14:20", "rector", venue="hotel-astana"
    )
    found = only("travel_time", brief, changed(GOOD + LUNCHES, hurried))
    assert found.items == ("lab-tour", "lunch-rector-2027-04-13", "press-briefing")
    assert "has 15 min" in found.message
    assert "12 min travel from nu to hotel-astana" in found.message


def test_lunch_first_thing_in_the_day_is_at_the_hotel_or_where_the_next_item_is() -> None:
    """With nothing before it on Tuesday, lunch 12:00-13:00 is taken at the hotel (the
    night anchor), nu-talks then 12 min from hotel-astana + 10 buffer: 13:22 at the
    earliest; or the rector travels to NU first (by 11:50) and lunches there, nu-talks
    then only the buffer after lunch: 13:10 at the earliest. 13:15 is fine that way;
    13:05 is too early either way."""
    brief = kazakhstan(LUNCH)
    day = (lunch("2027-04-13 12:00", "13:00"),)
    for start, end in (("13:22", "14:22"), ("13:15", "14:15")):
        nu = meeting("nu-talks", f"2027-04-13 {start}", end, "nu", "rector", "provost")
        assert not [v for v in violations(brief, (*day, nu)) if v.rule == "travel_time"]

    nu = meeting("nu-talks", "2027-04-13 13:05", "14:05", "nu", "rector", "provost")
    [found] = [v for v in violations(brief, (*day, nu)) if v.rule == "travel_time"]
    assert "12 min travel from hotel-astana to nu" in found.message
    assert found.items == ("lunch-rector-2027-04-13", "nu-talks")


def test_night_anchor_is_a_moment_of_the_night_at_the_hotel() -> None:
    """The reception at the ministry starts 19:00; the rector flies at 07:10 the next
    morning, at the airport 60 minutes before. Some moment of the night (20:00 to 08:00)
    she must be at the hotel: back from the ministry (0.93 km: the 10-minute minimum + 10
    buffer) and off to the airport in time (12.1 km: ceil(12.1/25*60) = 29 min + 10
    buffer), so between the reception's end + 20 and 06:10 - 39 = 05:31. A reception of
    490 minutes (ends 03:10, past the usual 03:00) is fine: she is back at 03:30. 611
    minutes (ends 05:11) is still fine; 612 (ends 05:12) leaves no moment."""
    for minutes in (490, 611):
        assert (
            violations(kazakhstan(reception_minutes=minutes), changed(GOOD, reception(minutes)))
            == []
        )

    found = only("stays", kazakhstan(reception_minutes=612), changed(GOOD, reception(612)))
    assert found.items == ("reception",)
    assert (
        "should be at hotel-astana at some moment of the night of 2027-04-13 (20:00 to 08:00)"
        in (found.message)
    )
    assert "at 2027-04-14 03:00 rector is on reception" in found.message


# -- rule 3 ------------------------------------------------------------------


def test_cities_are_left_only_on_a_transfer() -> None:
    """The KazNU rector may join the ministry talks in Astana (an optional attendee), but
    she is at KazNU in Almaty on Wednesday and no transfer of hers links the two cities."""
    joined = meeting(
        "ministry-talks",
        "2027-04-13 09:00",
        "10:00",
        "ministry",
        "rector",
        "minister",
        "kaznu-rector",
    )
    found = only("cities", kazakhstan(), changed(GOOD, joined))
    assert found.participant == "kaznu-rector"
    assert found.items == ("ministry-talks", "kaznu-talks")
    assert "from ministry (Astana) to kaznu (Almaty) with no transfer" in found.message


def test_cities_every_attendee_is_on_the_transfer() -> None:
    """The flight carries nobody: the rector, its attendee, is not on it (and so starts
    Wednesday in Astana and meets in Almaty: the stays rule complains too)."""
    empty = item(
        "transfer",
        "flight",
        "2027-04-14 07:10",
        "2027-04-14 08:50",
        from_="airport-nqz",
        to="airport-ala",
        option="KC 951",
    )
    found = [v for v in violations(kazakhstan(), changed(GOOD, empty)) if v.rule == "cities"]
    assert [(v.participant, v.items) for v in found] == [("rector", ("flight",))]
    assert broken(kazakhstan(), changed(GOOD, empty)) == {"cities", "stays"}


# -- rule 4 ------------------------------------------------------------------


def test_stays_a_day_ends_in_the_city_of_the_night() -> None:
    """If the night of the 14th were booked in Astana, the rector, dining at the Almaty hotel
    until 20:00, could not be at hotel-astana at 03:00: no transfer takes her back."""
    found = only("stays", kazakhstan(almaty_hotel="hotel-astana"), GOOD)
    assert found.items == ("kaznu-dinner",)
    assert "from hotel-almaty (Almaty) to hotel-astana (Astana) with no transfer" in found.message


# -- rule 5 ------------------------------------------------------------------


def test_opening_hours() -> None:
    """The press briefing has its own window from 05:00, so no working day applies, but the
    ministry opens at 09:00: at 08:00 it is closed. At the hotel (no hours) 08:00 is fine."""
    at_hotel = item(
        "meeting", "press-briefing", "2027-04-13 08:00", "08:30", "rector", venue="hotel-astana"
    )
    assert violations(kazakhstan(), changed(GOOD, at_hotel)) == []

    at_ministry = item(
        "meeting", "press-briefing", "2027-04-13 08:00", "08:30", "rector", venue="ministry"
    )
    found = only("opening_hours", kazakhstan(), changed(GOOD, at_ministry))
    assert "press-briefing at ministry" in found.message
    assert "09:00-18:30" in found.message


def test_opening_hours_closed_date_and_holiday() -> None:
    """KazNU closed on the 14th, or the 14th made a holiday: kaznu-talks cannot be held
    that day (and, for the holiday, neither can the dinner)."""
    found = only("opening_hours", kazakhstan(kaznu_closed="2027-04-14"), GOOD)
    assert found.message.endswith("kaznu is closed on 2027-04-14")

    holiday = violations(kazakhstan("extra_holidays: [2027-04-14]"), GOOD)
    assert [(v.rule, v.items) for v in holiday] == [
        ("opening_hours", ("kaznu-talks",)),
        ("opening_hours", ("kaznu-dinner",)),
    ]


def test_holidays_come_from_the_country_with_the_briefs_changes() -> None:
    """KZ celebrates Nowruz on 21-23 March 2027 (and the 24th in lieu); the brief can add
    a day (the 26th) or give one back (the 23rd)."""
    brief = kazakhstan("holidays: KZ\n  extra_holidays: [2027-03-26]\n  not_holidays: [2027-03-23]")
    holidays = Context(brief, plan(brief, ())).holidays
    assert "Nowruz" in holidays[date(2027, 3, 22)]
    assert date(2027, 3, 23) not in holidays
    assert date(2027, 3, 26) in holidays


# -- rule 6 ------------------------------------------------------------------


def test_working_day() -> None:
    """The working day ends 18:30. lab-tour 17:45-18:30 is inside; 17:50-18:35 is not (nu
    itself is open until 19:00, and the reception at 19:00 is still 22 minutes away)."""
    inside = meeting("lab-tour", "2027-04-13 17:45", "18:30", "nu", "rector")
    assert violations(kazakhstan(), changed(GOOD, inside)) == []

    late = meeting("lab-tour", "2027-04-13 17:50", "18:35", "nu", "rector")
    found = only("working_day", kazakhstan(), changed(GOOD, late))
    assert found.items == ("lab-tour",)
    assert "lab-tour (2027-04-13 17:50-18:35) is outside the working day 08:30-18:30" in (
        found.message
    )


# -- rule 7 ------------------------------------------------------------------


def test_meeting_window() -> None:
    """kaznu-dinner has its own window 18:30-22:00: the working day does not bind it, the
    window does. At 18:00 it starts half an hour early."""
    early = meeting(
        "kaznu-dinner", "2027-04-14 18:00", "19:30", "hotel-almaty", "rector", "kaznu-rector"
    )
    found = only("meeting_window", kazakhstan(), changed(GOOD, early))
    assert "outside its window 18:30-22:00" in found.message


def test_meeting_window_days_and_visit_dates() -> None:
    """kaznu-talks restricted to Tuesday 13th is not on one of its days on the 14th; the
    dinner a day late (the 15th) is outside the visit."""
    found = only("meeting_window", kazakhstan(kaznu_days="2027-04-13"), GOOD)
    assert "kaznu-talks" in found.message and "not on one of its days (2027-04-13)" in (
        found.message
    )

    late = meeting(
        "kaznu-dinner", "2027-04-15 18:30", "20:00", "hotel-almaty", "rector", "kaznu-rector"
    )
    found = only("meeting_window", kazakhstan(), changed(GOOD, late))
    assert "outside the visit (2027-04-13 to 2027-04-14)" in found.message


# -- rule 8 ------------------------------------------------------------------


def test_availability_inside_available_windows() -> None:
    """The minister is only available 09:00-12:00 on the 13th. ministry-talks at 13:00
    (the rector comes from the lab tour: 12:25 + 22 = 12:47) is outside it."""
    afternoon = meeting(
        "ministry-talks", "2027-04-13 13:00", "14:00", "ministry", "rector", "minister"
    )
    found = only("availability", kazakhstan(), changed(GOOD, afternoon))
    assert found.participant == "minister"
    assert "only available 2027-04-13 09:00 to 2027-04-13 12:00" in found.message


def test_availability_never_inside_unavailable_windows() -> None:
    """The provost sits in the Senate until 09:30: joining the ministry talks (09:00-10:00,
    an optional attendee) overlaps it by 30 minutes. His nu-talks at 10:30 is fine."""
    joined = meeting(
        "ministry-talks", "2027-04-13 09:00", "10:00", "ministry", "rector", "minister", "provost"
    )
    found = only("availability", kazakhstan(), changed(GOOD, joined))
    assert found.participant == "provost"
    assert "busy 2027-04-13 08:00 to 2027-04-13 09:30" in found.message


# -- rule 9 ------------------------------------------------------------------


def test_order() -> None:
    """lab-tour comes after nu-talks. Swapping them (lab-tour 10:30, nu-talks 11:25) keeps
    every other rule but this one; scheduling the lab tour without the talks breaks it too."""
    swapped = changed(
        GOOD,
        meeting("lab-tour", "2027-04-13 10:30", "11:15", "nu", "rector"),
        meeting("nu-talks", "2027-04-13 11:25", "12:25", "nu", "rector", "provost"),
    )
    found = only("order", kazakhstan(), swapped)
    assert found.items == ("nu-talks", "lab-tour")
    assert "at least 10 min after nu-talks ends" in found.message

    found = only("order", kazakhstan(), changed(GOOD, without="nu-talks"))
    assert "nu-talks, which it must follow, is not" in found.message


# -- rule 10 -----------------------------------------------------------------


def test_lunch() -> None:
    """Lunch is 60 minutes inside 12:00-14:30 every day for the rector, who travels. At
    11:45 on the 14th it starts too early; leaving it out on the 13th leaves none."""
    brief = kazakhstan(LUNCH)
    early = lunch("2027-04-14 11:45", "12:45")
    found = only("lunch", brief, changed(GOOD + LUNCHES, early))
    assert found.items == ("lunch-rector-2027-04-14",)
    assert "must be 60 min within 12:00-14:30" in found.message

    found = only("lunch", brief, changed(GOOD + LUNCHES, without="lunch-rector-2027-04-13"))
    assert found.message == "rector has 0 lunch breaks on 2027-04-13 (none); expected 1"


# -- rule 11 -----------------------------------------------------------------


def test_max_meetings_per_day() -> None:
    """The rector has three meetings on the 13th (the reception is a fixed event and does
    not count): fine with at most 3, one too many with at most 2."""
    assert violations(kazakhstan("max_meetings_per_day: 3"), GOOD) == []
    found = only("max_meetings_per_day", kazakhstan("max_meetings_per_day: 2"), GOOD)
    assert found.participant == "rector"
    assert found.message == (
        "rector has 3 meetings on 2027-04-13 (ministry-talks, nu-talks, lab-tour); at most 2"
    )


# -- rule 12 -----------------------------------------------------------------


def test_required_meetings() -> None:
    """ministry-talks is required: an itinerary without it breaks the rule."""
    found = only("required_meetings", kazakhstan(), changed(GOOD, without="ministry-talks"))
    assert found.items == ("ministry-talks",)


# -- rule 13 -----------------------------------------------------------------


def test_fixed_events() -> None:
    """The reception is fixed at 19:00 at the ministry: moved to 19:30, or dropped, it is no
    longer as the brief gives it."""
    moved = item(
        "fixed", "reception", "2027-04-13 19:30", "21:30", "rector", "provost", venue="ministry"
    )
    found = only("fixed_events", kazakhstan(), changed(GOOD, moved))
    assert "the brief has it at ministry (2027-04-13 19:00-21:00)" in found.message

    found = only("fixed_events", kazakhstan(), changed(GOOD, without="reception"))
    assert found.message == "fixed event reception is missing"


# -- well-formed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("replacement", "message"),
    [
        (
            meeting(
                "kaznu-talks", "2027-04-14 10:00", "11:00", "hotel-almaty", "rector", "kaznu-rector"
            ),
            "item kaznu-talks: at hotel-almaty, not at kaznu",
        ),
        (
            meeting("nu-talks", "2027-04-13 10:30", "11:30", "nu", "rector"),
            "item nu-talks: required attendee provost missing",
        ),
        (
            meeting("lab-tour", "2027-04-13 11:40", "12:25", "nu", "rector", "provost"),
            "item lab-tour: provost not among its attendees or optional attendees",
        ),
        (
            meeting("lab-tour", "2027-04-13 11:40", "12:40", "nu", "rector"),
            "item lab-tour: lasts 60 min, not 45",
        ),
        (
            meeting("lab-tour", "2027-04-13 11:40", "12:25", "nu", "rector", "dean"),
            "item lab-tour: unknown participant dean",
        ),
        (
            meeting("gala", "2027-04-13 22:00", "23:00", "ministry", "rector"),
            "item gala: no meeting gala in the brief",
        ),
        (
            flight("KC 951", "2027-04-14 07:00", "2027-04-14 08:50"),
            "item flight: runs 2027-04-14 07:00 to 2027-04-14 08:50, but KC 951 departs "
            "2027-04-14 07:10 and arrives 2027-04-14 08:50",
        ),
        (
            flight("KC 999", "2027-04-14 07:10", "2027-04-14 08:50"),
            "item flight: option 'KC 999' is not one of KC 951, KC 955",
        ),
        (
            item("travel", "to-nu", "2027-04-13 10:05", "10:17", "rector", from_="ministry"),
            "item to-nu: no 'to' venue",
        ),
        (
            item(
                "travel", "to-nu", "2027-04-13 10:17", "10:05", "rector", from_="ministry", to="nu"
            ),
            "item to-nu: ends (2027-04-13 10:05) before it starts (2027-04-13 10:17)",
        ),
    ],
)
def test_well_formed_items(replacement: Item, message: str) -> None:
    """Each item describes what the brief says of it: venue, attendees, length, option."""
    found = only("well_formed", kazakhstan(), changed(GOOD, replacement))
    assert found.message == message


def test_well_formed_itinerary() -> None:
    """A meeting twice, a missing transfer, naive times, a meeting neither scheduled nor
    explained, the wrong visit: each is reported."""
    brief = kazakhstan()
    twice = plan(brief, (*GOOD, GOOD[0]))
    assert "meeting ministry-talks appears 2 times" in [v.message for v in check(brief, twice)]

    no_flight = plan(brief, changed(GOOD, without="flight"))
    assert "transfer flight is missing" in [v.message for v in check(brief, no_flight)]

    naive = GOOD[0].model_copy(update={"start": datetime(2027, 4, 13, 9)})
    messages = [v.message for v in check(brief, plan(brief, changed(GOOD, naive)))]
    assert "item ministry-talks: its times have no timezone" in messages

    silent = plan(brief, GOOD).model_copy(update={"unscheduled": (), "visit": "other"})
    assert [v.message for v in check(brief, silent)] == [
        "the itinerary is for visit 'other', the brief is 'astana-almaty'",
        "meeting press-briefing is neither scheduled nor unscheduled",
    ]


# -- daylight saving ---------------------------------------------------------

EASTER = Template("""
visit:
  id: mons-easter
  title: Easter weekend in Mons       # clocks go from 02:00 to 03:00 on Sunday 28 March
  timezone: Europe/Brussels
  start: 2027-03-27
  end: 2027-03-29
  day: {start: 09:00, end: 18:00}
  buffer_minutes: 10
participants: [{id: rector, name: Rector, travels: true}]
venues:
  - {id: hotel-mons, name: Hotel, kind: hotel, city: Mons, location: [50.4542, 3.9523]}
  - {id: umons, name: UMONS, city: Mons, location: [50.4583, 3.9563]}
stays: [{venue: hotel-mons, nights: [2027-03-26, 2027-03-27, 2027-03-28]}]
fixed:
  - {id: concert, title: Concert, venue: umons, start: 2027-03-27 $concert_start,
     minutes: $concert_minutes, attendees: [rector]}
meetings: [{id: board, title: Board, venue: umons, attendees: [rector], minutes: 60}]
""")


def easter(concert_minutes: int = 120, concert_start: str = "23:00") -> Brief:
    return parse_brief(
        EASTER.substitute(concert_minutes=concert_minutes, concert_start=concert_start)
    )


SATURDAY_23H = datetime(2027, 3, 27, 22, tzinfo=UTC)  # 23:00 in Brussels, still UTC+1
MONDAY_UTC = datetime(2027, 3, 29, tzinfo=UTC)


def utc_item(kind: str, item_id: str, start: datetime, minutes: int, venue: str) -> Item:
    return Item(
        id=item_id,
        kind=kind,
        title=item_id,
        start=start,
        end=start + timedelta(minutes=minutes),
        venue=venue,
        attendees=("rector",),
    )


def concert(minutes: int, start: datetime = SATURDAY_23H) -> Item:
    return utc_item("fixed", "concert", start, minutes, "umons")


def board(utc_hour: int) -> Item:
    return utc_item("meeting", "board", MONDAY_UTC.replace(hour=utc_hour), 60, "umons")


def test_dst_local_clock_times_after_the_change() -> None:
    """On Monday 29 March Brussels is UTC+2. 07:00 UTC is 09:00 local, the start of the
    working day; 16:00 UTC is 18:00 local, its end (a checker that kept the winter offset
    would see 08:00 and 17:00 and get both wrong)."""
    assert violations(easter(), (concert(120), board(7))) == []

    found = only("working_day", easter(), (concert(120), board(16)))
    assert "board (2027-03-29 18:00-19:00)" in found.message


def test_dst_night_anchor_on_the_night_the_clocks_change() -> None:
    """A concert starts Saturday 19:30 (UTC+1, 18:30 UTC), before the night (20:00 to
    08:00) opens. The night ends Sunday 08:00, already summer time: 06:00 UTC, 690 real
    minutes after the concert's start though the clock moves 750. umons is 0.54 km from
    the hotel: 10 min + 10 buffer. A 670-minute concert (ends 05:40 UTC) leaves the rector
    20 minutes to be at the hotel by the night's end; a 671-minute one does not (a checker
    counting the clock's minutes would allow 730)."""
    start = SATURDAY_23H - timedelta(hours=3, minutes=30)
    assert violations(easter(670, "19:30"), (concert(670, start), board(7))) == []

    found = only("stays", easter(671, "19:30"), (concert(671, start), board(7)))
    assert found.items == ("concert",)
    assert "no moment is left: at 2027-03-28 03:00 rector is on concert" in found.message


# -- independence ------------------------------------------------------------


def test_checker_imports_no_solver() -> None:
    """The checker must not share code with what it checks: no OR-Tools, no solver module."""
    source = Path(checker.__file__).read_text()
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module or ""
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {
        m
        for m in imported
        if m.startswith(("ortools", "visitplanner.solver", "visitplanner.compile"))
    }
    probe = (
        "import sys, visitplanner.checker; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'ortools' "
        "or m in ('visitplanner.solver', 'visitplanner.compile')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_time_the_clocks_show_twice_is_named_with_its_offset() -> None:
    """Brussels shows 02:00-03:00 twice on Sunday 31 October 2027. A talk put at the
    second 02:10 (01:10 UTC, +01:00) for an hour breaks its window [01:00, 02:30]; the
    message gives the offset, "02:10 (+01:00)-03:10", where it said "02:10-03:10"
    (and a talk at the first 02:10 for an hour read "02:10-02:10")."""
    brief = parse_brief(
        """
visit: {id: autumn, title: Autumn, timezone: Europe/Brussels, start: 2027-10-31,
        end: 2027-10-31, day: {start: "00:00", end: "24:00"}}
participants: [{id: rector, name: Rector}]
venues: [{id: umons, name: UMONS, city: Mons}]
meetings: [{id: talk, title: Talk, venue: umons, attendees: [rector], minutes: 60,
            window: ["01:00", "02:30"]}]
"""
    )
    talk = utc_item("meeting", "talk", datetime(2027, 10, 31, 1, 10, tzinfo=UTC), 60, "umons")
    messages = [v.message for v in check(brief, Itinerary(visit="autumn", items=(talk,)))]
    assert messages == ["talk (2027-10-31 02:10 (+01:00)-03:10) is outside its window 01:00-02:30"]
