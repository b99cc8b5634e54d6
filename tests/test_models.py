"""The brief models, built straight from Python (no YAML): a worked example.

A small Mons visit in late March 2027 runs through the file. Brussels is on CET (+01:00)
until the clocks go forward at 02:00 on Sunday 28 March 2027, then on CEST (+02:00) until
03:00 on Sunday 31 October 2027, when 02:00-03:00 happens twice. So:

- a bare ``2027-03-29 10:00`` is read in the visit's zone: 10:00+02:00 = 08:00 UTC;
- ``2027-03-29 10:00 Asia/Almaty`` carries its own zone: 10:00+05:00 = 05:00 UTC;
- ``2027-03-29T10:00+01:00`` carries an offset: 09:00 UTC;
- ``2027-03-28 02:30`` never happens in Brussels, ``2027-10-31 02:30`` happens twice:
  both are refused, each with a message saying which.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from visitplanner import timeparse
from visitplanner.models import (
    Brief,
    FixedEvent,
    Meeting,
    Participant,
    Transfer,
    Venue,
    Visit,
    Window,
)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def mons_brief(**changes: Any) -> dict[str, Any]:
    """The running example as plain data; ``changes`` replace whole sections."""
    brief: dict[str, Any] = {
        "visit": {
            "id": "mons-2027",
            "title": "Partners' visit to Mons",
            "timezone": "Europe/Brussels",
            "start": "2027-03-29",
            "end": "2027-03-31",
        },
        "participants": [
            {"id": "rector", "name": "Rector", "travels": True},
            {"id": "dean", "name": "Dean", "travels": True},
            {"id": "mayor", "name": "Mayor of Mons"},
        ],
        "groups": {"guests": ["rector", "dean"]},
        "venues": [
            {"id": "campus", "name": "Campus", "city": "Mons"},
            {"id": "hotel", "name": "Hotel", "kind": "hotel", "city": "Mons"},
            {"id": "guesthouse", "name": "Guest house", "kind": "hotel", "city": "Mons"},
            {"id": "town-hall", "name": "Town hall", "city": "Mons"},
        ],
        "meetings": [
            {
                "id": "talks",
                "title": "Talks",
                "venue": "campus",
                "attendees": ["guests", "mayor"],
                "minutes": 60,
            }
        ],
    }
    brief.update(changes)
    return brief


def with_fixed_start(start: str | datetime, visit_start: str = "2027-03-29") -> dict[str, Any]:
    """The example with one fixed event starting at ``start`` (as written in a brief),
    the three-day visit moved to begin on ``visit_start`` when asked."""
    event = {
        "id": "reception",
        "title": "Reception at the town hall",
        "venue": "town-hall",
        "start": start,
        "minutes": 90,
        "attendees": ["guests", "mayor"],
    }
    brief = mons_brief(fixed=[event])
    first = date.fromisoformat(visit_start)
    brief["visit"] = {**brief["visit"], "start": first, "end": first + timedelta(days=2)}
    return brief


def fixed_start(start: str, visit_start: str = "2027-03-29") -> datetime:
    return Brief.model_validate(with_fixed_start(start, visit_start)).fixed[0].start


# -- instants -------------------------------------------------------------------------


def test_a_bare_local_time_is_in_the_visit_zone() -> None:
    """10:00 on Monday 29 March in Brussels is CEST (+02:00), i.e. 08:00 UTC."""
    start = fixed_start("2027-03-29 10:00")
    assert start.tzinfo is not None
    assert start.utcoffset() == timedelta(hours=2)
    assert start == utc(2027, 3, 29, 8, 0)


def test_the_day_before_the_change_is_still_winter_time() -> None:
    """On Saturday 27 March Brussels is still on CET (+01:00): 10:00 is 09:00 UTC (in a
    visit moved to start on Friday 26 March)."""
    assert fixed_start("2027-03-27 10:00", "2027-03-26") == utc(2027, 3, 27, 9, 0)


def test_a_time_with_its_own_zone_keeps_it() -> None:
    """10:00 in Almaty (+05:00, all year) is 05:00 UTC, whatever the visit's zone."""
    start = fixed_start("2027-03-29 10:00 Asia/Almaty")
    assert start == utc(2027, 3, 29, 5, 0)
    assert start.utcoffset() == timedelta(hours=5)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2027-03-29T10:00+01:00", utc(2027, 3, 29, 9, 0)),
        ("2027-03-29 10:00 +0530", utc(2027, 3, 29, 4, 30)),
        ("2027-03-29T10:00Z", utc(2027, 3, 29, 10, 0)),
    ],
)
def test_a_time_with_an_offset_keeps_it(written: str, expected: datetime) -> None:
    """An explicit offset wins over the visit's zone: 10:00+01:00 is 09:00 UTC."""
    assert fixed_start(written) == expected


def test_a_python_datetime_is_accepted_naive_or_aware() -> None:
    """A naive datetime is local to the visit; an aware one is kept as it is."""
    naive = Brief.model_validate(with_fixed_start(datetime(2027, 3, 29, 10, 0)))
    aware = Brief.model_validate(with_fixed_start(utc(2027, 3, 29, 7, 0)))
    assert naive.fixed[0].start == utc(2027, 3, 29, 8, 0)
    assert aware.fixed[0].start == utc(2027, 3, 29, 7, 0)
    assert aware.fixed[0].end == utc(2027, 3, 29, 8, 30)  # 90 minutes later


def refusal(start: str) -> str:
    """The message of the error raised for a fixed event starting at ``start``."""
    with pytest.raises(ValidationError) as info:
        Brief.model_validate(with_fixed_start(start))
    return str(info.value)


def test_a_time_in_the_spring_gap_is_refused() -> None:
    """At 02:00 on 28 March 2027 Brussels clocks jump to 03:00: 02:30 never happens."""
    message = refusal("2027-03-28 02:30")
    assert "2027-03-28 02:30 does not exist in Europe/Brussels" in message
    assert "the clocks skip it (they go forward)" in message


def test_a_time_in_the_autumn_overlap_is_refused() -> None:
    """At 03:00 on 31 October 2027 Brussels clocks go back to 02:00: 02:30 happens twice."""
    message = refusal("2027-10-31 02:30")
    assert "2027-10-31 02:30 happens twice in Europe/Brussels" in message
    assert "(the clocks go back)" in message


def test_an_offset_says_which_of_the_two_half_past_two() -> None:
    """With +02:00 it is the first 02:30 (00:30 UTC), with +01:00 the second (01:30 UTC)
    (in a visit moved to 30 October - 1 November)."""
    assert fixed_start("2027-10-31T02:30+02:00", "2027-10-30") == utc(2027, 10, 31, 0, 30)
    assert fixed_start("2027-10-31T02:30+01:00", "2027-10-30") == utc(2027, 10, 31, 1, 30)


@pytest.mark.parametrize("offset", ["+25:00", "-2400", "+05:60"])
def test_an_offset_that_no_clock_has_is_refused_in_plain_words(offset: str) -> None:
    """Offsets run from -23:59 to +23:59: +25:00 is a typo, and so is +05:60."""
    message = refusal(f"2027-03-29T10:00{offset}")
    assert f"offset {offset} is not a valid UTC offset (from -23:59 to +23:59, " in message
    assert "with minutes 00 to 59)" in message


def test_fixed_events_fall_from_the_day_before_the_visit_to_the_day_after() -> None:
    """The visit runs from Monday 29 to Wednesday 31 March. The delegation may arrive the
    day before (the night of the 28th can be a stay) and leave the day after: an event on
    Sunday 28 March or Thursday 1 April is accepted, one on Saturday 27 March, or in 2030
    (a slip of the year), is refused. The date is the one in Brussels: 23:30 UTC on the
    27th is 00:30 on the 28th there."""
    assert fixed_start("2027-03-28 20:00") == utc(2027, 3, 28, 18, 0)
    assert fixed_start("2027-04-01 08:00") == utc(2027, 4, 1, 6, 0)
    assert fixed_start("2027-03-27T23:30Z") == utc(2027, 3, 27, 23, 30)
    assert "the event starts on 2027-03-27, outside the visit" in refusal("2027-03-27 20:00")
    assert (
        "the event starts on 2030-03-29, outside the visit (fixed events and transfers fall "
        "from 2027-03-28, the day before it, to 2027-04-01, the day after it)"
    ) in refusal("2030-03-29 10:00")


def test_localize_refuses_gap_and_overlap_directly() -> None:
    """``timeparse.localize`` is the one place that decides, for models and callers alike."""
    brussels = timeparse.zone("Europe/Brussels")
    assert timeparse.localize(datetime(2027, 3, 28, 3, 30), brussels) == utc(2027, 3, 28, 1, 30)
    with pytest.raises(ValueError, match="does not exist"):
        timeparse.localize(datetime(2027, 3, 28, 2, 30), brussels)
    with pytest.raises(ValueError, match="happens twice"):
        timeparse.localize(datetime(2027, 10, 31, 2, 30), brussels)


def test_at_moves_a_gap_time_forward_and_takes_the_first_overlap() -> None:
    """``at`` (used by the compiler for clock times) never fails: 02:30 in the gap is
    03:30 CEST; 02:30 in the overlap is the first one, still CEST."""
    brussels = timeparse.zone("Europe/Brussels")
    assert timeparse.at(date(2027, 3, 28), time(2, 30), brussels) == utc(2027, 3, 28, 1, 30)
    assert timeparse.at(date(2027, 10, 31), time(2, 30), brussels) == utc(2027, 10, 31, 0, 30)


def test_at_moves_a_gap_time_by_the_gap_not_an_hour() -> None:
    """Lord Howe Island goes from +10:30 to +11:00 at 02:00 on Sunday 3 October 2027: the
    clocks skip to 02:30. 02:15 reads with the offset before the gap, 15:45 UTC, shown
    02:45; it was moved an hour (16:15 UTC), so a 30-minute meeting in [02:00, 03:00]
    had no room that night. Almaty's 2024 change (+06:00 to +05:00 at midnight, no
    daylight saving) repeats 23:00-24:00 on 29 February: 23:30 is the first, +06:00."""
    lord_howe = timeparse.zone("Australia/Lord_Howe")
    assert timeparse.at(date(2027, 10, 3), time(2, 15), lord_howe) == utc(2027, 10, 2, 15, 45)
    almaty = timeparse.zone("Asia/Almaty")
    assert timeparse.at(date(2024, 2, 29), time(23, 30), almaty) == utc(2024, 2, 29, 17, 30)


def test_a_window_outside_a_brief_needs_aware_times() -> None:
    """Without a visit there is no zone to read a bare local time in."""
    window = Window(start=utc(2027, 3, 29, 8), end=utc(2027, 3, 29, 9))
    assert window.end - window.start == timedelta(hours=1)
    with pytest.raises(ValidationError, match="needs the visit's timezone"):
        Window(start="2027-03-29 10:00", end="2027-03-29 11:00")


def test_a_window_must_end_after_it_starts() -> None:
    with pytest.raises(ValidationError, match=r"ends .* before or when it starts"):
        Window(start=utc(2027, 3, 29, 9), end=utc(2027, 3, 29, 9))


def test_an_unknown_zone_is_named() -> None:
    with pytest.raises(ValidationError, match="unknown timezone 'Europe/Mons'"):
        Participant(id="rector", name="Rector", timezone="Europe/Mons")


# -- visit ----------------------------------------------------------------------------


def test_visit_days_and_zone() -> None:
    """29 to 31 March is three days; the zone is the tz database's Brussels."""
    visit = Brief.model_validate(mons_brief()).visit
    assert visit.days() == [date(2027, 3, 29), date(2027, 3, 30), date(2027, 3, 31)]
    assert str(visit.tz) == "Europe/Brussels"
    assert visit.day.start == time(9) and visit.day.end == time(18)  # the default day


def test_holiday_country_is_checked_and_upper_cased() -> None:
    base = mons_brief()["visit"]
    assert Visit.model_validate({**base, "holidays": "be"}).holidays == "BE"
    with pytest.raises(ValidationError, match="no public-holiday calendar for country 'XX'"):
        Visit.model_validate({**base, "holidays": "XX"})


def test_lunch_must_fit_its_window() -> None:
    """A 60-minute lunch cannot fit between 12:00 and 12:45 (45 minutes)."""
    base = mons_brief()["visit"]
    lunch = {"earliest": "12:00", "latest": "12:45", "minutes": 60}
    with pytest.raises(ValidationError, match=r"60-minute lunch cannot fit .* \(45 minutes\)"):
        Visit.model_validate({**base, "lunch": lunch})


# -- venues and opening hours ---------------------------------------------------------


def venue(open_hours: Any) -> Venue:
    return Venue(id="campus", name="Campus", city="Mons", open=open_hours)


def test_opening_hours_by_weekday_range() -> None:
    """Monday (0) to Friday (4) 09:00-18:00, Saturday two ranges, Sunday closed."""
    campus = venue({"mon-fri": "09:00-18:00", "sat": ["10:00-12:00", "14:00-16:00"]})
    assert campus.opening_ranges(0) == [(time(9), time(18))]
    assert campus.opening_ranges(4) == [(time(9), time(18))]
    assert campus.opening_ranges(5) == [(time(10), time(12)), (time(14), time(16))]
    assert campus.opening_ranges(6) == []


def test_opening_hours_absent_means_always_open() -> None:
    assert Venue(id="hotel", name="Hotel", city="Mons").opening_ranges(6) is None


def test_opening_hours_lists_wraps_and_commas() -> None:
    """``fri-mon`` wraps over the weekend; ``tue,thu`` lists days; a comma in the hours
    separates ranges, which come out sorted."""
    campus = venue({"fri-mon": "14:00-18:00, 08:00-12:00", "tue,thu": "10:00-11:00"})
    assert campus.opening_ranges(6) == [(time(8), time(12)), (time(14), time(18))]
    assert campus.opening_ranges(0) == campus.opening_ranges(5)
    assert campus.opening_ranges(1) == [(time(10), time(11))]
    assert campus.opening_ranges(2) == []


@pytest.mark.parametrize(
    ("hours", "fragment"),
    [
        ({"mon-fry": "09:00-18:00"}, "'fry' is not a weekday (did you mean 'fri'?)"),
        ({"mon-fri": "18:00-09:00"}, "ends before it starts"),
        ({"mon-fri": ["09:00-13:00", "12:00-18:00"]}, "opening ranges overlap"),
        ({"mon-fri": "09:00-18:00", "fri": "09:00-12:00"}, "fri appears in two"),
        ({"mon-fri": "9 to 5"}, "expected a time range like 09:00-18:00"),
        ({"mon-fri": 9}, "write opening hours like"),
    ],
)
def test_bad_opening_hours_are_explained(hours: Any, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        venue(hours)
    assert fragment in str(info.value)


def test_location_is_latitude_then_longitude() -> None:
    """Mons is at about 50.45 N, 3.95 E; 95 is no latitude, and three numbers no place."""
    place = Venue(id="campus", name="Campus", city="Mons", location=(50.45, 3.95))
    assert place.location == (50.45, 3.95)
    with pytest.raises(ValidationError, match="latitude runs from -90 to 90"):
        Venue(id="campus", name="Campus", city="Mons", location=(95.0, 3.95))
    with pytest.raises(ValidationError, match=r"location is \[latitude, longitude\]"):
        Venue(id="campus", name="Campus", city="Mons", location=(50.0, 3.9, 1.0))


# -- meetings -------------------------------------------------------------------------


def meeting(**fields: Any) -> Meeting:
    base: dict[str, Any] = {
        "id": "talks",
        "title": "Talks",
        "venue": "campus",
        "attendees": ["rector"],
        "minutes": 60,
    }
    return Meeting.model_validate({**base, **fields})


def test_meeting_venue_ids_and_required() -> None:
    """One venue or a list to pick from; priority defaults to 10 and is not required."""
    assert meeting().venue_ids == ("campus",)
    assert meeting().priority == 10 and not meeting().required
    either = meeting(venue=None, venues=["campus", "hotel"], priority="required")
    assert either.venue_ids == ("campus", "hotel")
    assert either.required


def test_meeting_window_and_prefer_read_clock_times() -> None:
    talks = meeting(window=["12:00", "17:00"], prefer="16:30")
    assert talks.window == (time(12), time(17))
    assert talks.prefer == time(16, 30)
    assert meeting(prefer="morning").prefer == "morning"


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"venues": ["hotel"]}, "not both"),
        ({"venue": None}, "has no venue"),
        ({"venue": None, "venues": []}, "venues is empty"),
        ({"priority": 0}, "from 1 to 100, got 0"),
        ({"priority": "high"}, "got 'high'"),
        ({"priority": True}, "got true"),
        ({"minutes": 0}, "greater than 0"),
        ({"minutes": True}, "expected a whole number, got true"),
        ({"window": ["17:00", "12:00"]}, "window 17:00-12:00 ends before it starts"),
        ({"window": ["12:00", "12:30"]}, "60 minutes cannot fit in the meeting's window"),
        ({"window": ["12:00"]}, "a window is [start, end]"),
        ({"prefer": "evening"}, "prefer is morning, afternoon, early, late"),
        ({"attendees": []}, "at least 1 item"),
    ],
)
def test_bad_meetings_are_explained(fields: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        meeting(**fields)
    assert fragment in str(info.value)


def test_transfer_from_is_written_from() -> None:
    """``from`` is a Python keyword: the field is ``from_``, the brief writes ``from``."""
    data = {
        "id": "train",
        "title": "Train",
        "from": "mons-station",
        "to": "brussels-midi",
        "attendees": ["rector"],
        "options": [
            {"label": "IC", "depart": utc(2027, 3, 31, 15), "arrive": utc(2027, 3, 31, 16)}
        ],
    }
    assert Transfer.model_validate(data).from_ == "mons-station"
    by_name = {**data, "from_": data["from"]}
    del by_name["from"]
    assert Transfer.model_validate(by_name).from_ == "mons-station"
    assert "from" in Transfer.model_json_schema(by_alias=True)["properties"]


def test_fixed_event_end() -> None:
    """A 90-minute reception from 18:00 UTC ends at 19:30 UTC."""
    event = FixedEvent(
        id="reception",
        title="Reception",
        venue="town-hall",
        start=utc(2027, 3, 29, 18),
        minutes=90,
        attendees=("rector",),
    )
    assert event.end == utc(2027, 3, 29, 19, 30)


# -- groups and stays -----------------------------------------------------------------


def test_groups_expand_in_order_without_repeats() -> None:
    """``guests`` is rector and dean; naming rector again adds nothing."""
    brief = Brief.model_validate(mons_brief())
    assert brief.expand(("mayor", "guests", "rector")) == ("mayor", "rector", "dean")
    assert brief.participant("dean").travels
    assert brief.venue("hotel").kind == "hotel"


def test_stays_of_travellers_and_named_participants() -> None:
    """A stay without ``participants`` houses everyone who travels; one with them houses
    only those (a group name counts). The mayor does not travel: no stays at all."""
    stays = [
        {"venue": "hotel", "nights": ["2027-03-28", "2027-03-29"]},
        {"venue": "guesthouse", "nights": ["2027-03-30"], "participants": ["guests"]},
    ]
    brief = Brief.model_validate(mons_brief(stays=stays))
    rector = brief.stays_of("rector")
    assert rector == {
        date(2027, 3, 28): "hotel",
        date(2027, 3, 29): "hotel",
        date(2027, 3, 30): "guesthouse",
    }
    assert brief.stays_of("dean") == rector
    assert brief.stays_of("mayor") == {}


def test_two_hotels_on_one_night_are_refused() -> None:
    stays = [
        {"venue": "hotel", "nights": ["2027-03-29"]},
        {"venue": "guesthouse", "nights": ["2027-03-29"], "participants": ["dean"]},
    ]
    with pytest.raises(ValidationError, match="dean would sleep at both hotel and guesthouse"):
        Brief.model_validate(mons_brief(stays=stays))


def test_cross_references_are_all_reported_with_suggestions() -> None:
    """Two mistakes, two messages, each with the id the author probably meant."""
    data = mons_brief(groups={"guests": ["rector", "deen"]})
    data["meetings"][0]["venue"] = "campsu"
    with pytest.raises(ValidationError) as info:
        Brief.model_validate(data)
    message = str(info.value)
    assert "unknown participant 'deen' (did you mean 'dean'?)" in message
    assert "unknown venue 'campsu' (did you mean 'campus'?)" in message
    assert info.value.error_count() == 2


# -- immutability and strictness ------------------------------------------------------


def test_models_are_frozen() -> None:
    brief = Brief.model_validate(mons_brief())
    with pytest.raises(ValidationError, match="frozen"):
        brief.visit.title = "Another visit"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        brief.meetings[0].minutes = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("section", "item"),
    [
        ("participants", {"id": "rector", "name": "Rector", "travel": True}),
        ("venues", {"id": "campus", "name": "Campus", "city": "Mons", "opening": "always"}),
    ],
)
def test_unknown_fields_are_refused(section: str, item: dict[str, Any]) -> None:
    """``travel`` for ``travels``, ``opening`` for ``open``: a typo is an error, not a
    silently ignored wish."""
    data = mons_brief()
    data[section] = [item, *data[section][1:]]
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Brief.model_validate(data)


def test_a_visit_is_refused_where_the_zone_data_cannot_place_it() -> None:
    """pytz knows each zone's clock changes up to 2037: a visit in July 2040 in Brussels
    would be read at +01:00 all summer, an hour off. Samoa skipped Friday 30 December
    2011 (from UTC-10 to UTC+14): a visit over it has a day with no hours at all, which
    the planner took for an internal error."""

    def visit(zone: str, start: date, end: date) -> Visit:
        return Visit(id="v", title="V", timezone=zone, start=start, end=end)

    with pytest.raises(ValidationError, match=r"ends in 2040; .* up to 2037 only"):
        visit("Europe/Brussels", date(2040, 7, 2), date(2040, 7, 2))
    with pytest.raises(ValidationError, match="2011-12-30 never happens in Pacific/Apia"):
        visit("Pacific/Apia", date(2011, 12, 29), date(2011, 12, 31))
    assert visit("Pacific/Apia", date(2011, 12, 31), date(2012, 1, 2)).days()[0].day == 31


def test_a_zone_name_is_spelt_as_the_tz_database_spells_it() -> None:
    """``europe/brussels`` is accepted and becomes ``Europe/Brussels``, the name the
    calendars carry (X-WR-TIMEZONE, TZID)."""
    visit = Visit(
        id="v", title="V", timezone="europe/brussels", start=date(2027, 5, 3), end=date(2027, 5, 3)
    )
    assert visit.timezone == "Europe/Brussels"


def test_a_date_time_reads_its_hour_as_a_clock_time_does() -> None:
    """``9:00`` is 09:00 in a date-time as in a clock time (it was "not a date and time
    in the calendar"); ``24:00`` ends a window of clock times, but a date-time says
    00:00 of the next day, and the message says so."""
    brussels = timeparse.zone("Europe/Brussels")
    assert timeparse.parse_instant("2027-03-20 9:00", brussels) == utc(2027, 3, 20, 8)
    with pytest.raises(ValueError, match="ends a day at 00:00 of the next day"):
        timeparse.parse_instant("2027-03-20 24:00", brussels)


def test_a_date_time_may_name_any_zone_a_participant_may() -> None:
    """``EST5EDT`` is a zone name (a participant may have it); after a date-time it was
    "expected a date-time like ...", since names with digits in their first part did not
    read as zones."""
    brussels = timeparse.zone("Europe/Brussels")
    assert timeparse.parse_instant("2027-03-20 10:00 EST5EDT", brussels) == utc(2027, 3, 20, 14)


def test_looking_up_what_the_brief_does_not_have_names_it() -> None:
    """``participant``, ``venue`` and ``stays_of`` with an unknown id raise a KeyError
    that names it (a bare StopIteration before, with no message); ``expand`` takes a
    tuple of ids, and refuses a lone id that it would read letter by letter."""
    from pathlib import Path

    from visitplanner.loader import load_brief

    brief = load_brief(Path(__file__).resolve().parent.parent / "examples/umons-kazakhstan.yaml")
    with pytest.raises(KeyError, match="no participant 'nobody'"):
        brief.participant("nobody")
    with pytest.raises(KeyError, match="no venue 'nowhere'"):
        brief.venue("nowhere")
    with pytest.raises(KeyError, match="no participant 'nobody'"):
        brief.stays_of("nobody")
    with pytest.raises(TypeError, match="not the text 'rector'"):
        brief.expand("rector")  # type: ignore[arg-type]
    assert brief.expand(("rector",)) == ("rector",)
