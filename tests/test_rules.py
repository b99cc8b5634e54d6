"""Every rule of docs/rules.md as a worked example: a tiny brief in which the rule changes
the answer, planned for real.

Each test tells its story in the docstring with the arithmetic worked out, plans the brief
(``plan(brief, time_limit=5, seed=0, workers=1)``, through ``briefs.planned``), and asserts
what the rule forces: exact times, venues, options, the meetings it drops. ``planned`` also
insists that the planner's own check found nothing and that the independent checker,
run again here, finds nothing either. Where it shows something, the same brief is
planned again without the rule's constraint, to see the answer change.

Unless a test says otherwise: Tuesday 13 April 2027 in Asia/Almaty (UTC+5), working day
09:00-18:00, 10-minute buffer; the rector meets hosts who are free only when the test
says (``briefs.participants``); travel times between venues are worked out in
``tests/briefs.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from briefs import brief, competing_text, participants, planned, report_of, solve
from visitplanner.checker import check
from visitplanner.compile import compile_brief
from visitplanner.loader import parse_brief
from visitplanner.models import Brief

# -- no_double_booking (rule 1) ------------------------------------------------------

DOUBLE_BOOKING = """
meetings:
  - {id: minister-talks, title: Vice-Minister, venue: ministry, attendees: [rector, minister],
     minutes: 60, priority: 50}
  - {id: provost-talks, title: Provost, venue: ministry, attendees: [$who],
     minutes: 60, priority: 20}
"""


def double_booking(who: str) -> Brief:
    hosts = participants(minister="10:00-11:00", provost="10:30-11:45")
    text = hosts + DOUBLE_BOOKING.replace("$who", who)
    return brief(text, venues=["ministry"], visit={"buffer_minutes": "0"})


def test_no_double_booking_drops_the_overlapping_meeting() -> None:
    """Both meetings are at the ministry and the buffer is 0, so only rule 1 is at work.

    The Vice-Minister is free 10:00-11:00 only: the 60-minute talks are 10:00-11:00. The
    Provost is free 10:30-11:45, so the Provost's 60-minute talks start between 10:30 and
    10:45, and end 11:30 at the earliest: always inside the rector's 10:00-11:00. The rector
    cannot be in both; the talks of priority 50 stay and those of priority 20 go.
    Had the Provost talks been a meeting without the rector, both would take place.
    """
    plan = planned(double_booking("rector, provost"))
    assert plan.slot("minister-talks") == "10:00-11:00 ministry"
    assert set(plan.unscheduled) == {"provost-talks"}

    apart = planned(double_booking("provost"))
    assert apart.meetings == {"minister-talks", "provost-talks"}
    assert "10:30" <= apart.slot("provost-talks")[:5] <= "10:45"


# -- travel_time (rule 2) -----------------------------------------------------------

TRAVEL = """
meetings:
  - {id: ministry-talks, title: Ministry, venue: ministry, attendees: [rector, minister],
     minutes: 60, priority: 50}
  - {id: nu-talks, title: NU, venue: nu, attendees: [rector, provost], minutes: 60,
     priority: 40}
"""


def travel_brief(provost_leaves: str, travel: str = "") -> Brief:
    """Ministry talks 09:00-10:00, then NU talks with the Provost, free from 10:00 until
    ``provost_leaves``."""
    hosts = participants(minister="09:00-10:00", provost=f"10:00-{provost_leaves}")
    return brief(hosts + TRAVEL + travel, venues=["ministry", "nu"])


def test_travel_time_and_buffer_between_two_venues() -> None:
    """NU is 4.90 km from the ministry: ceil(4.90 / 25 * 60) = ceil(11.8) = 12 minutes,
    plus the 10-minute buffer. The ministry talks are 09:00-10:00 (the Vice-Minister's
    only hour), so the NU talks start at 10:00 + 12 + 10 = 10:22 at the earliest; the
    Provost leaves at 11:22, so the 60-minute NU talks are exactly 10:22-11:22. The
    itinerary shows the 12-minute drive, ending one buffer before the talks.
    """
    plan = planned(travel_brief("11:22"))
    assert plan.slot("ministry-talks") == "09:00-10:00 ministry"
    assert plan.slot("nu-talks") == "10:22-11:22 nu"
    assert plan.slot("travel-20270413-1000-ministry-nu") == "10:00-10:12 "


def test_travel_time_one_minute_short_drops_the_meeting() -> None:
    """With the Provost leaving at 11:21, the NU talks would have to start by 10:21, one
    minute before the rector can arrive (10:22): they are left out."""
    plan = planned(travel_brief("11:21"))
    assert plan.meetings == {"ministry-talks"}
    assert set(plan.unscheduled) == {"nu-talks"}


def test_travel_time_listed_in_travel_times_wins_over_the_distance() -> None:
    """``travel.times`` lists [nu, ministry, 30] (the other way round: either direction
    counts): the NU talks start at 10:00 + 30 + 10 = 10:40 at the earliest, and with the
    Provost there until 11:40 they are exactly 10:40-11:40."""
    plan = planned(travel_brief("11:40", "travel: {times: [[nu, ministry, 30]]}\n"))
    assert plan.slot("nu-talks") == "10:40-11:40 nu"


def test_travel_time_of_zero_minutes_between_venues_next_door() -> None:
    """``travel.times: [[nu, ministry, 0]]`` says the two are next door (0 minutes is a
    valid entry). The NU talks can start at 10:00 + 0 + 10 = 10:10, and with the Provost
    there until 11:10 they are exactly 10:10-11:10. There is no journey to show."""
    plan = planned(travel_brief("11:10", "travel: {times: [[nu, ministry, 0]]}\n"))
    assert plan.slot("nu-talks") == "10:10-11:10 nu"


# -- cities (rule 3) ----------------------------------------------------------------

CITIES = """
meetings:
  - {id: ulb-talks, title: ULB, venue: ulb, attendees: [rector, ulb-rector], minutes: 60,
     priority: 50}
  - {id: umons-talks, title: UMONS, venue: umons, attendees: [rector, umons-rector],
     minutes: 60, priority: 40}
"""


def cities_brief(extra: str = "", rector: str = "") -> Brief:
    """The rector (``rector``: extra fields) meets the Rector of ULB, free 09:00-10:00, and
    the Rector of UMONS, free 10:00-12:20; ``extra`` YAML is added to the brief."""
    hosts = participants(rector, ulb_rector="09:00-10:00", umons_rector="10:00-12:20")
    venues = ["hotel-bxl", "ulb", "umons", "hotel-mons"]
    return brief(hosts + CITIES + extra, venues=venues, visit={"timezone": "Europe/Brussels"})


def test_cities_are_connected_only_by_a_transfer_or_a_listed_drive() -> None:
    """ULB is in Brussels, UMONS in Mons: with no transfer and no ``travel.times`` entry the
    rector cannot go from one to the other, however long the gap. The ULB talks (09:00-10:00,
    priority 50) stay; the UMONS talks (priority 40) are left out.

    List the drive, [ulb, umons, 70], and both fit: 10:00 + 70 + 10 = 11:20, and the UMONS
    rector leaves at 12:20, so the UMONS talks are exactly 11:20-12:20.
    """
    apart = planned(cities_brief())
    assert apart.slot("ulb-talks") == "09:00-10:00 ulb"
    assert set(apart.unscheduled) == {"umons-talks"}

    plan = planned(cities_brief("travel: {times: [[ulb, umons, 70]]}\n"))
    assert plan.slot("ulb-talks") == "09:00-10:00 ulb"
    assert plan.slot("umons-talks") == "11:20-12:20 umons"


def test_stays_in_two_cities_linked_by_a_drive_between_other_venues() -> None:
    """As above, with the listed drive [ulb, umons, 70], and the rector now sleeping in
    Brussels the night of the 12th and in Mons the night of the 13th. The day goes: the
    Brussels hotel (03:00), ULB 09:00-10:00, the drive, UMONS 11:20-12:20, the Mons hotel
    (10 minutes away) for the night. No rule is broken on the way."""
    stays = """
stays:
  - {venue: hotel-bxl, nights: [2027-04-12]}
  - {venue: hotel-mons, nights: [2027-04-13]}
"""
    plan = planned(cities_brief("travel: {times: [[ulb, umons, 70]]}" + stays, "travels: true"))
    assert plan.slot("ulb-talks") == "09:00-10:00 ulb"
    assert plan.slot("umons-talks") == "11:20-12:20 umons"


ASTANA_THEN_ALMATY = """
stays:
  - {venue: hotel-astana, nights: [2027-04-12]}
  - {venue: hotel-almaty, nights: [2027-04-13]}
"""
TRANSFER = """
transfers:
  - {id: flight, title: Flight Astana to Almaty, from: airport-nqz, to: airport-ala,
     attendees: [rector], check_in_minutes: 60,
     options: [{label: KC 951, depart: 2027-04-13 07:10, arrive: 2027-04-13 08:50},
               {label: KC 955, depart: 2027-04-13 12:40, arrive: 2027-04-13 14:20},
               {label: KC 959, depart: 2027-04-13 18:30, arrive: 2027-04-13 20:10}]}
meetings:
  - {id: ministry-talks, title: Ministry, venue: ministry, attendees: [rector, minister],
     minutes: 60, priority: 50}
  - {id: kaznu-talks, title: KazNU, venue: kaznu, attendees: [rector, kaznu-rector],
     minutes: 60, priority: 60$after}
"""
FLIGHT_VENUES = ["hotel-astana", "ministry", "airport-nqz", "airport-ala", "hotel-almaty", "kaznu"]


def transfer_brief(minister: str, after: str = "") -> Brief:
    """Astana to Almaty on the 13th: the Vice-Minister is free ``minister``, the Rector of
    KazNU 14:00-16:12; ``after`` is added to the KazNU talks."""
    hosts = participants("travels: true", minister=minister, kaznu_rector="14:00-16:12")
    text = hosts + ASTANA_THEN_ALMATY + TRANSFER.replace("$after", after)
    return brief(text, venues=FLIGHT_VENUES)


def test_transfer_option_chosen_for_check_in_and_travel() -> None:
    """The rector sleeps in Astana before the 13th and in Almaty after it, and sees the
    Vice-Minister (10:00-11:00, ministry) and the Rector of KazNU (free 14:00-16:12).

    KC 951 (07:10) leaves before the ministry talks, and KC 959 lands at 20:10, after the
    Rector of KazNU has gone. KC 955 departs 12:40 with 60 minutes of check-in: the rector
    is at the airport by 11:40. The ministry is 11.52 km from the airport, ceil(27.7) = 28
    minutes, plus the buffer: the talks must end by 11:40 - 28 - 10 = 11:02, and 11:00
    does. KC 955 lands 14:20; the airport is 17.22 km from KazNU, ceil(41.3) = 42 minutes:
    the KazNU talks start at 14:20 + 42 + 10 = 15:12 at the earliest and end by 16:12:
    exactly 15:12-16:12.
    """
    plan = planned(transfer_brief("10:00-11:00"))
    assert plan.slot("flight") == "12:40-14:20 KC 955"
    assert plan.items["flight"].from_ == "airport-nqz"
    assert plan.slot("ministry-talks") == "10:00-11:00 ministry"
    assert plan.slot("kaznu-talks") == "15:12-16:12 kaznu"


def test_transfer_check_in_leaves_no_time_for_a_late_meeting() -> None:
    """With the Vice-Minister free 10:03-11:03 the talks would end at 11:03, one minute
    past 11:02: on KC 955 the rector would miss check-in. Only KC 951 and KC 955 reach
    KazNU in time, and the KazNU talks have the higher priority (60 > 50), so the ministry
    talks are left out. Both flights keep the KazNU talks; the rector flies KC 955, inside
    the working day (09:00-18:00), rather than check in at 06:10 for KC 951 (see the next
    test).
    """
    plan = planned(transfer_brief("10:03-11:03"))
    assert set(plan.unscheduled) == {"ministry-talks"}
    assert plan.slot("flight") == "12:40-14:20 KC 955"
    assert plan.items["kaznu-talks"].venue == "kaznu"


def test_transfer_options_outside_the_working_day_cost_comfort() -> None:
    """What each flight of the 13th costs in the preferences, per traveller: the minutes
    it keeps them outside the working day (09:00-18:00), those before it counted twice.
    KC 951 (check-in 06:10, lands 08:50): 160 minutes, 320 points. KC 955
    (check-in 11:40, lands 14:20): none. KC 959 (check-in 17:30, lands 20:10): 18:00 to
    20:10, 130. Only a choice between options keeping the same priorities pays them."""
    problem = compile_brief(transfer_brief("10:00-11:00")).problem
    flight = next(t for t in problem.tasks if t.id == "flight")
    assert [(o.label, o.off_hours) for o in flight.options] == [
        ("KC 951", 320),
        ("KC 955", 0),
        ("KC 959", 130),
    ]
    assert problem.off_hours_weight == 1


def test_order_between_cities_needs_only_the_buffer_the_flight_does_the_rest() -> None:
    """Put the KazNU talks ``after: [ministry-talks]``: Astana then Almaty. Between cities
    the order rule asks only for the buffer; each person's journey is rule 2's and 3's.
    With the Vice-Minister at 10:00-11:00, nothing changes: KC 955 and KazNU at 15:12.

    With the Vice-Minister at 10:03-11:03, the ministry talks rule KC 955 out (see above),
    and now the KazNU talks cannot go ahead without them: the best plan keeps the ministry
    talks (50), flies KC 959 (18:30) and leaves out the KazNU talks (60).
    """
    after = ", after: [ministry-talks]"
    plan = planned(transfer_brief("10:00-11:00", after))
    assert plan.slot("flight") == "12:40-14:20 KC 955"
    assert plan.slot("kaznu-talks") == "15:12-16:12 kaznu"

    late = planned(transfer_brief("10:03-11:03", after))
    assert late.slot("ministry-talks") == "10:03-11:03 ministry"
    assert late.slot("flight") == "18:30-20:10 KC 959"
    assert set(late.unscheduled) == {"kaznu-talks"}


# -- stays (rule 4) -----------------------------------------------------------------

STAYS = """
meetings:
  - {id: ministry-talks, title: Ministry, venue: ministry, attendees: [rector, minister],
     minutes: 60, priority: $ministry}
  - {id: kaznu-talks, title: KazNU, venue: kaznu, attendees: [rector, kaznu-rector],
     minutes: 60, priority: 20}
"""


def stays_brief(stays: str = "", ministry: str = "50") -> Brief:
    """The rector's ministry talks (priority ``ministry``) and KazNU talks (20)."""
    hosts = participants("travels: true", minister="", kaznu_rector="")
    text = hosts + STAYS.replace("$ministry", ministry) + stays
    return brief(text, venues=["ministry", "kaznu", "hotel-almaty"])


def test_stays_keep_the_day_in_the_city_of_the_nights() -> None:
    """Without stays, the rector can be in either city on the 13th, not both (no transfer):
    the ministry talks (priority 50) win over KazNU's (20).

    With both nights (12th and 13th) at the Almaty hotel, the rector is at that hotel at
    03:00 on the 13th and on the 14th; with no transfer the whole day is in Almaty, so the
    ministry talks cannot happen despite their higher priority, and the KazNU talks do.
    """
    assert planned(stays_brief()).meetings == {"ministry-talks"}

    plan = planned(stays_brief("stays: [{venue: hotel-almaty, nights: [2027-04-12, 2027-04-13]}]"))
    assert plan.meetings == {"kaznu-talks"}
    assert plan.unscheduled["ministry-talks"].endswith("(stays)")


def test_stays_a_required_meeting_in_the_other_city_is_infeasible() -> None:
    """The same day spent in Almaty, but the ministry talks (Astana) are required: no
    itinerary can have them, so the answer is "infeasible", with the stays named."""
    stays = "stays: [{venue: hotel-almaty, nights: [2027-04-12, 2027-04-13]}]"
    result = solve(stays_brief(stays, ministry="required"))
    assert result.status == "infeasible"
    assert result.itinerary is None
    assert "(stays)" in str(result.explanation)


def test_stays_the_last_day_without_a_night_after_it_is_where_the_night_before_was() -> None:
    """A visit of two days, the 13th and 14th, both nights before them at the Almaty hotel
    and none after the 14th (the rector flies home). The Vice-Minister (Astana) is free
    only on the 14th, the Rector of KazNU (Almaty) at any time. No transfer on the 14th:
    the rector wakes up in Almaty and no road leads to Astana, so the ministry talks
    cannot happen despite their priority (50 against 20), and the KazNU talks do. The
    stays say so at once: no day of the visit, the 14th included, is a day for a meeting
    in Astana (``stays:rector``), and the reason given names the stays."""
    hosts = participants("travels: true", minister="2027-04-14 10:00-11:00", kaznu_rector="")
    stays = "stays: [{venue: hotel-almaty, nights: [2027-04-12, 2027-04-13]}]"
    text = hosts + STAYS.replace("$ministry", "50") + stays
    last_day = brief(text, venues=["ministry", "kaznu", "hotel-almaty"], visit=TWO_DAYS)
    plan = planned(last_day)
    assert plan.meetings == {"kaznu-talks"}
    assert plan.unscheduled["ministry-talks"].endswith("(stays)")
    problem = compile_brief(last_day).problem
    ministry = next(t for t in problem.tasks if t.id == "ministry-talks").options[0]
    assert ministry.starts["stays:rector"] == ()  # neither the 13th nor the 14th


def one_flight(label: str, depart: str, arrive: str, check_in: int) -> str:
    """The rector's only flight, Astana to Almaty, as a ``transfers`` section."""
    return f"""
transfers:
  - {{id: flight, title: Flight to Almaty, from: airport-nqz, to: airport-ala,
     attendees: [rector], check_in_minutes: {check_in},
     options: [{{label: {label}, depart: {depart}, arrive: {arrive}}}]}}
"""


NIGHT_FLIGHT = (
    one_flight("KC 999", "2027-04-14 00:30", "2027-04-14 02:00", 30)
    + """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector], minutes: 60}
"""
)


def test_stays_a_night_flight_after_midnight_is_in_time_for_the_night_anchor() -> None:
    """The rector sleeps in Astana the night of 12 April and in Almaty the night of the
    13th, and flies KC 999 at 00:30 on the 14th (check-in from 00:00). The night anchor
    of the 13th is 03:00 on the 14th at the Almaty hotel: KC 999 lands 02:00, the hotel
    is 35 minutes from the airport, plus the buffer: 02:45, in time. So the day of the
    13th is spent in Astana, with the talks, and the brief is feasible."""
    venues = ["hotel-astana", "ministry", "airport-nqz", "airport-ala", "hotel-almaty"]
    text = participants("travels: true") + ASTANA_THEN_ALMATY + NIGHT_FLIGHT
    plan = planned(brief(text, venues=venues))
    assert plan.slot("flight") == "00:30-02:00 KC 999"
    assert plan.meetings == {"talks"}


EARLY_FLIGHT = (
    one_flight("KC 901", "2027-04-13 05:00", "2027-04-13 06:40", 120)
    + """
meetings:
  - {id: kaznu-talks, title: KazNU, venue: kaznu, attendees: [rector, kaznu-rector],
     minutes: 60, priority: required}
"""
)


def test_stays_an_early_check_in_moves_the_night_anchor_before_it() -> None:
    """The rector sleeps in Astana the night of 12 April and flies KC 901 at 05:00 on the
    13th, at the airport by 03:00 (check-in 120 minutes), 29 minutes from the hotel plus
    the buffer: she leaves the hotel at 02:21. She cannot be at the hotel at the usual
    03:00, so the night's moment at the hotel is the nearest five-minute step that
    leaves her time, 02:20 (it was fixed at 03:00, and the brief was infeasible). The
    journey to the airport is shown 02:21-02:50, ten minutes' buffer before check-in."""
    venues = ["hotel-astana", "airport-nqz", "airport-ala", "hotel-almaty", "kaznu"]
    hosts = participants("travels: true", kaznu_rector="")
    plan = planned(brief(hosts + ASTANA_THEN_ALMATY + EARLY_FLIGHT, venues=venues))
    assert plan.slot("flight") == "05:00-06:40 KC 901"
    assert plan.meetings == {"kaznu-talks"}
    [leg] = [i for i in plan.items.values() if i.kind == "travel" and i.from_ == "hotel-astana"]
    local = timedelta(hours=5)  # Almaty, UTC+5
    assert (leg.start, leg.end) == (
        datetime(2027, 4, 13, 2, 21, tzinfo=UTC) - local,
        datetime(2027, 4, 13, 2, 50, tzinfo=UTC) - local,
    )
    compiled = compile_brief(plan.brief)
    night = compiled.problem.resources[0].anchors[0]  # (the 12th; the 13th in Almaty)
    assert compiled.instant(night.time) == datetime(2027, 4, 13, 2, 20, tzinfo=UTC) - local


RED_EYE = """
stays:
  - {venue: hotel-astana, nights: [2027-04-11]}
  - {venue: hotel-almaty, nights: [2027-04-12, 2027-04-13]}
transfers:
  - {id: flight, title: Flight Astana to Almaty, from: airport-nqz, to: airport-ala,
     attendees: [rector], check_in_minutes: 60,
     options: [{label: KC 2, depart: 2027-04-12 23:55, arrive: 2027-04-13 07:00}$more]}
meetings:
  - {id: dinner-talks, title: Dinner talks, venue: ministry, attendees: [rector], minutes: 120,
     priority: 40, days: [2027-04-12], window: ["20:00", "22:00"]}
"""


def test_stays_a_red_eye_into_the_city_of_the_night() -> None:
    """Monday 12 and Tuesday 13 April; the rector sleeps in Astana on the 11th, in Almaty
    on the 12th and the 13th, and flies KC 2 from Astana at 23:55 on Monday (check-in
    22:55), landing at 07:00. The night of the 12th she is at the Almaty hotel at 07:45
    (landing, 35 minutes, the buffer), within the night (20:00-08:00). The night's moment
    used to be 22:50, the step nearest 03:00 clear of the flight, when she is still in
    Astana: the brief was infeasible, "no transfer takes rector from Astana to Almaty on
    Mon 12 Apr". With a 19:00 option as well, the dinner talks in Astana (20:00-22:00)
    are kept, on KC 2: the 19:00 flight was taken, the talks dropped."""
    venues = ["hotel-astana", "ministry", "airport-nqz", "airport-ala", "hotel-almaty"]
    two_days = {"start": "2027-04-12", "end": "2027-04-13"}
    text = participants("travels: true") + RED_EYE.replace("$more", "")
    plan = planned(brief(text, venues=venues, visit=two_days))
    assert plan.slot("flight") == "23:55-07:00 KC 2"
    assert plan.meetings == {"dinner-talks"}
    compiled = compile_brief(plan.brief)
    anchors = [compiled.instant(a.time) for a in compiled.problem.resources[0].anchors]
    local = timedelta(hours=5)  # Almaty, UTC+5
    assert anchors[1] == datetime(2027, 4, 13, 7, 45, tzinfo=UTC) - local

    earlier = ", {label: KC 1, depart: 2027-04-12 19:00, arrive: 2027-04-12 20:40}"
    text = participants("travels: true") + RED_EYE.replace("$more", earlier)
    plan = planned(brief(text, venues=venues, visit=two_days))
    assert plan.slot("flight") == "23:55-07:00 KC 2"
    assert plan.slot("dinner-talks") == "20:00-22:00 ministry"


def test_stays_a_meeting_window_across_three_in_the_morning() -> None:
    """The rector sleeps at the Astana hotel on the nights of the 12th and 13th; the
    night observation at the Ministry (10 minutes away, standing in for an observatory)
    has the window 02:00-04:00 on the 13th, two hours long. The night's moment at the
    hotel moves out of the window to 01:40 (the observation starts at 02:00, less the
    journey and the buffer), and the observation is planned; it was left out, the
    moment fixed at 03:00 inside it."""
    text = (
        participants("travels: true")
        + """
stays:
  - {venue: hotel-astana, nights: [2027-04-12, 2027-04-13]}
meetings:
  - {id: stars, title: Night observation, venue: ministry, attendees: [rector],
     minutes: 120, priority: 50, window: ["02:00", "04:00"]}
"""
    )
    plan = planned(brief(text, venues=["hotel-astana", "ministry"]))
    assert plan.slot("stars") == "02:00-04:00 ministry"
    compiled = compile_brief(plan.brief)
    night = compiled.problem.resources[0].anchors[0]
    local = timedelta(hours=5)  # Almaty, UTC+5
    assert compiled.instant(night.time) == datetime(2027, 4, 13, 1, 40, tzinfo=UTC) - local


# -- opening_hours (rule 5) ---------------------------------------------------------

ONE_MEETING = """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister], minutes: 60,
     priority: 50$extra}
"""
TWO_DAYS = {"start": "2027-04-13", "end": "2027-04-14"}


def one_meeting(
    *minister: str, extra: str = "", ministry: str = "", visit: dict[str, str] | None = None
) -> Brief:
    """The rector meets the Vice-Minister, free only in the spans ``minister``, at the
    ministry (with the ``ministry`` extra fields); ``extra`` is added to the meeting."""
    text = participants(minister=minister) + ONE_MEETING.replace("$extra", extra)
    return brief(text, venues={"ministry": ministry}, visit=visit)


def test_opening_hours_keep_the_meeting_inside_them() -> None:
    """The Vice-Minister is free 11:00-14:00; the ministry is open 09:00-12:00 on weekdays:
    the 60-minute talks must end by 12:00 and start at 11:00: exactly 11:00-12:00.
    Without opening hours they could start as late as 13:00."""
    plan = planned(one_meeting("11:00-14:00", ministry="open: {mon-fri: 09:00-12:00}"))
    assert plan.slot("talks") == "11:00-12:00 ministry"


def test_opening_hours_in_ranges_that_touch_are_one() -> None:
    """The ministry is open 09:00-11:00 and 11:00-12:00 (a front desk that changes at
    11:00); the Vice-Minister is free 10:30-11:30 only. The talks, 10:30-11:30, lie across
    the two ranges and inside the 09:00-12:00 they make together."""
    ministry = "open: {mon-fri: [09:00-11:00, 11:00-12:00]}"
    plan = planned(one_meeting("10:30-11:30", ministry=ministry))
    assert plan.slot("talks") == "10:30-11:30 ministry"


def test_opening_hours_closed_date_moves_the_meeting_to_another_day() -> None:
    """The Vice-Minister is free Tuesday 10:00-11:00 and Wednesday 15:00-16:00, and the
    talks prefer the morning: Tuesday 10:00. With the ministry closed on Tuesday 13 April,
    Wednesday 15:00-16:00 is all that is left."""
    free = ("10:00-11:00", "2027-04-14 15:00-16:00")
    morning = ", prefer: morning"
    plan = planned(one_meeting(*free, extra=morning, visit=TWO_DAYS))
    assert (plan.day("talks"), plan.slot("talks")) == (date(2027, 4, 13), "10:00-11:00 ministry")

    closed = planned(
        one_meeting(*free, extra=morning, visit=TWO_DAYS, ministry="closed: [2027-04-13]")
    )
    assert (closed.day("talks"), closed.slot("talks")) == (
        date(2027, 4, 14),
        "15:00-16:00 ministry",
    )


def holiday_brief(**visit: str) -> Brief:
    """Thursday 6 and Friday 7 May 2027 in Kazakhstan; the Vice-Minister is free Friday
    morning and Thursday afternoon; the talks prefer the morning."""
    fields = {"start": "2027-05-06", "end": "2027-05-07", "holidays": "KZ", **visit}
    free = ("2027-05-07 10:00-11:00", "2027-05-06 15:00-16:00")
    return one_meeting(*free, extra=", prefer: morning", visit=fields)


def test_opening_hours_public_holiday_with_the_briefs_corrections() -> None:
    """Thursday 6 and Friday 7 May 2027; 7 May is Defender of the Fatherland Day in
    Kazakhstan (``holidays: KZ``). The Vice-Minister is free Friday 10:00-11:00 and
    Thursday 15:00-16:00; the talks prefer the morning, but Friday is a holiday: Thursday
    15:00-16:00.

    ``not_holidays: [2027-05-07]`` makes Friday a working day: the morning wins, Friday
    10:00-11:00. ``extra_holidays: [2027-05-06]`` makes Thursday a holiday as well: no day
    is left and the talks are left out, the reason naming the rule.
    """
    plan = planned(holiday_brief())
    assert (plan.day("talks"), plan.slot("talks")) == (date(2027, 5, 6), "15:00-16:00 ministry")

    working = planned(holiday_brief(not_holidays="[2027-05-07]"))
    assert (working.day("talks"), working.slot("talks")) == (
        date(2027, 5, 7),
        "10:00-11:00 ministry",
    )

    closed = planned(holiday_brief(extra_holidays="[2027-05-06]"))
    assert closed.meetings == set()
    assert "(opening_hours)" in closed.unscheduled["talks"]


# -- working_day (rule 6) -----------------------------------------------------------


def test_working_day_unless_the_meeting_has_its_own_window() -> None:
    """The Vice-Minister is free 17:00-18:30. The working day ends at 18:00, so the
    60-minute talks are 17:00-18:00. Give the talks their own window [17:30, 19:00]: it
    replaces the working day, the talks start at 17:30 at the earliest and end by 18:30:
    exactly 17:30-18:30, past the working day."""
    assert planned(one_meeting("17:00-18:30")).slot("talks") == "17:00-18:00 ministry"

    evening = planned(one_meeting("17:00-18:30", extra=", window: [17:30, 19:00]"))
    assert evening.slot("talks") == "17:30-18:30 ministry"


# -- meeting_window (rule 7) --------------------------------------------------------


def test_meeting_window_and_days() -> None:
    """A two-day visit; the Vice-Minister is free from Tuesday 09:00 to Wednesday 10:00.
    With ``days: [2027-04-14]`` the talks are on Wednesday, inside the working day (from
    09:00) and before the Vice-Minister leaves (10:00): Wednesday 09:00-10:00.
    With ``window: [08:00, 09:00]`` as well they are Wednesday 08:00-09:00: the window
    replaces the working day, and 60 minutes fill it."""
    free = "2027-04-13 09:00 to 2027-04-14 10:00"
    wednesday = ", days: [2027-04-14]"
    plan = planned(one_meeting(free, extra=wednesday, visit=TWO_DAYS))
    assert (plan.day("talks"), plan.slot("talks")) == (date(2027, 4, 14), "09:00-10:00 ministry")

    early = planned(one_meeting(free, extra=wednesday + ", window: [08:00, 09:00]", visit=TWO_DAYS))
    assert (early.day("talks"), early.slot("talks")) == (date(2027, 4, 14), "08:00-09:00 ministry")


# -- availability (rule 8) ----------------------------------------------------------

TALKS = """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister],
     optional_attendees: [$optional], minutes: 60, priority: 50}
"""


def talks(rector: str = "", optional: str = "", **hosts: str) -> Brief:
    """Talks of the rector (``rector``: extra fields) and the Vice-Minister, and
    ``optional`` attendees, with the ``hosts`` free as given (see ``briefs.participants``)."""
    text = participants(rector, **hosts) + TALKS.replace("$optional", optional)
    return brief(text, venues=["ministry"])


def test_availability_windows_of_every_attendee() -> None:
    """The Vice-Minister is available 14:00-18:00 only; the rector has an Erasmus+ call
    14:00-17:00 (``unavailable``). The 60-minute talks fit only 17:00-18:00. Without the
    call they would be anywhere in 14:00-18:00."""
    call = "unavailable: [{start: 2027-04-13 14:00, end: 2027-04-13 17:00, reason: Erasmus+}]"
    plan = planned(talks(call, minister="14:00-18:00"))
    assert plan.slot("talks") == "17:00-18:00 ministry"

    free = planned(talks(minister="14:00-18:00")).items["talks"]
    assert free.start.hour >= 14 and free.end.hour <= 18


def test_availability_windows_that_touch_are_one() -> None:
    """The Vice-Minister gave two windows, 10:00-11:00 and 11:00-12:00 (two blocks of a
    calendar), and the talks must start 10:30 (``prefer`` is only a wish: a ``window``
    of 10:30-11:30). The 60-minute talks lie across the two: inside neither alone, inside
    the 10:00-12:00 they make together. A probe's plan dropped them."""
    plan = planned(one_meeting("10:00-11:00", "11:00-12:00", extra=", window: [10:30, 11:30]"))
    assert plan.slot("talks") == "10:30-11:30 ministry"


def test_optional_attendee_joins_only_when_free() -> None:
    """The Vice-Minister is free 10:00-12:00. The ambassador, optional, is free 10:45-11:45:
    the planner places the talks so that the ambassador can join: exactly 10:45-11:45.
    If the ambassador is free only 11:30-12:30, no 60-minute slot inside 10:00-12:00 lies
    inside it: the talks still happen, without the ambassador."""
    plan = planned(talks(optional="ambassador", minister="10:00-12:00", ambassador="10:45-11:45"))
    assert plan.slot("talks") == "10:45-11:45 ministry"
    assert plan.attendees("talks") == {"rector", "minister", "ambassador"}

    late = planned(talks(optional="ambassador", minister="10:00-12:00", ambassador="11:30-12:30"))
    assert late.attendees("talks") == {"rector", "minister"}


def test_optional_attendee_who_can_never_join_a_two_venue_meeting() -> None:
    """The talks may be at the ministry or the embassy; the ambassador, optional, is free
    only 19:00-21:00, after the working day, so can never join. Nothing is required: the
    talks simply take place without the ambassador (any hour of the day will do)."""
    text = (
        participants(ambassador="19:00-21:00")
        + """
meetings:
  - {id: talks, title: Talks, venues: [ministry, embassy-be], attendees: [rector],
     optional_attendees: [ambassador], minutes: 60}
"""
    )
    plan = planned(brief(text, venues=["ministry", "embassy-be"]))
    assert plan.attendees("talks") == {"rector"}


# -- order (rule 9) -----------------------------------------------------------------

ORDER = """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister], minutes: 90,
     priority: 50}
  - {id: lab-tour, title: Lab tour, venue: nu, attendees: [vice-rector], minutes: 60,
     priority: 40, after: [talks]}
"""


def order_brief(ministry: str = "") -> Brief:
    hosts = participants(minister="14:00-15:30", vice_rector="09:00-16:52")
    return brief(hosts + ORDER, venues={"ministry": ministry, "nu": ""})


def test_order_waits_for_the_earlier_meeting_and_the_way_from_it() -> None:
    """The talks at the ministry are 14:00-15:30 (the Vice-Minister's only 90 minutes).
    The lab tour at NU comes ``after: [talks]``, even though only the Vice-Rector goes:
    15:30 + 12 (ministry to NU) + 10 (buffer) = 15:52 at the earliest, and the Vice-Rector
    leaves at 16:52: exactly 15:52-16:52. Without ``after`` the tour could be any time
    from 09:00."""
    plan = planned(order_brief())
    assert plan.slot("talks") == "14:00-15:30 ministry"
    assert plan.slot("lab-tour") == "15:52-16:52 nu"


def test_order_without_the_earlier_meeting_drops_the_later_one() -> None:
    """The ministry is closed on 13 April: the talks cannot happen (opening_hours), and
    the lab tour, which must follow them, is left out too, saying why."""
    plan = planned(order_brief(ministry="closed: [2027-04-13]"))
    assert plan.meetings == set()
    assert "(opening_hours)" in plan.unscheduled["talks"]
    assert plan.unscheduled["lab-tour"] == "it must follow talks, which is not scheduled (order)"


# -- lunch (rule 10) ----------------------------------------------------------------

LUNCH = """
meetings:
  - {id: morning-talks, title: Morning, venue: ministry, attendees: [rector, minister],
     minutes: 60, priority: 50}
  - {id: afternoon-talks, title: Afternoon, venue: $venue, attendees: [rector, provost],
     minutes: 60, priority: 20}
"""


def lunch_brief(minister: str, provost: str, venue: str, lunch: str | None) -> Brief:
    """Morning talks at the ministry, afternoon talks at ``venue``; the hosts are free
    ``minister`` and ``provost``; ``lunch`` for the rector, who travels."""
    hosts = participants("travels: true", minister=minister, provost=provost)
    text = hosts + LUNCH.replace("$venue", venue)
    return brief(text, venues=["ministry", "nu"], visit={"lunch": lunch} if lunch else None)


def test_lunch_break_for_those_who_travel() -> None:
    """Lunch is 60 minutes between 12:00 and 13:40, for the rector (``travels: true``).
    The morning talks are 11:30-12:30 (the Vice-Minister's hour); the lunch starts after
    the buffer, 12:40, and must end by 13:40: exactly 12:40-13:40. The Provost's hour,
    13:00-14:00, is taken by lunch, and lunch cannot move before the morning talks (it
    would start by 12:00 and overlap them): the afternoon talks (priority 20) go.
    Without ``visit.lunch`` both talks take place."""
    lunch = "{earliest: 12:00, latest: 13:40, minutes: 60}"
    plan = planned(lunch_brief("11:30-12:30", "13:00-14:00", "ministry", lunch))
    assert plan.slot("morning-talks") == "11:30-12:30 ministry"
    assert plan.lunch("rector") == "12:40-13:40"
    assert set(plan.unscheduled) == {"afternoon-talks"}

    no_lunch = planned(lunch_brief("11:30-12:30", "13:00-14:00", "ministry", None))
    assert no_lunch.meetings == {"morning-talks", "afternoon-talks"}


def test_lunch_is_kept_off_a_call_where_the_window_leaves_room() -> None:
    """The rector is unavailable 12:00-13:00 (a Senate call, ``unavailable``); lunch is
    60 minutes between 12:00 and 14:00, and the day has nothing else. Lunch is not bound
    by availability (a traveller who marks 12:00-14:00 "lunch with family" still gets
    one), but where the window leaves room it is kept off the call: 13:00-14:00, not
    12:00 (a probe's plan put it on the call). With the call from 12:00 to 14:00 no room
    is left, and lunch is 12:00-13:00 as before, on it."""
    call = "{start: 2027-04-13 12:00, end: 2027-04-13 $end, reason: Senate call}"
    lunch = {"lunch": "{earliest: 12:00, latest: 14:00, minutes: 60}"}
    for end, expected in (("13:00", "13:00-14:00"), ("14:00", "12:00-13:00")):
        rector = f"travels: true, unavailable: [{call.replace('$end', end)}]"
        plan = planned(
            brief(participants(rector) + "meetings: []\n", venues=["ministry"], visit=lunch)
        )
        assert plan.lunch("rector") == expected


def test_lunch_is_taken_where_the_morning_ended_and_travel_follows_it() -> None:
    """Morning talks at the ministry 11:00-12:00; lunch 60 minutes between 12:00 and 13:30;
    afternoon talks at NU with the Provost, free 13:32-14:32.

    The lunch is taken at the ministry, after the buffer: 12:10 at the earliest, 12:30 at
    the latest. The journey to NU comes after it: 12 minutes plus the buffer, so the NU
    talks start 22 minutes after lunch ends. Starting at 13:32, they need lunch over by
    13:10: lunch is exactly 12:10-13:10, and the talks 13:32-14:32.
    """
    lunch = "{earliest: 12:00, latest: 13:30, minutes: 60}"
    plan = planned(lunch_brief("11:00-12:00", "13:32-14:32", "nu", lunch))
    assert plan.slot("morning-talks") == "11:00-12:00 ministry"
    assert plan.lunch("rector") == "12:10-13:10"
    assert plan.slot("afternoon-talks") == "13:32-14:32 nu"


def test_lunch_may_follow_the_journey_to_an_afternoon_flight() -> None:
    """The rector flies KC 955 at 14:30 (check-in 60 minutes before: 13:30) from Astana
    airport, 29 minutes from the hotel; lunch is an hour between 12:00 and 14:00. Taken
    at the hotel (12:00-13:00), the journey after it would reach the airport at 13:39 +
    10 buffer: too late. So she goes first (11:21-11:50, the buffer before lunch) and
    lunches at the airport, 12:00-13:00, checking in at 13:30. The brief had no plan when
    the journey could only come after lunch."""
    venues = ["hotel-astana", "airport-nqz", "airport-ala", "hotel-almaty"]
    lunch = {"lunch": "{earliest: 12:00, latest: 14:00, minutes: 60}"}
    body = (
        participants("travels: true")
        + ASTANA_THEN_ALMATY
        + one_flight("KC 955", "2027-04-13 14:30", "2027-04-13 16:10", 60)
        + "meetings: []\n"
    )
    plan = planned(brief(body, venues=venues, visit=lunch))
    assert plan.slot("flight") == "14:30-16:10 KC 955"
    assert plan.lunch("rector") == "12:00-13:00"
    [leg] = [i for i in plan.items.values() if i.kind == "travel" and i.from_ == "hotel-astana"]
    local = timedelta(hours=5)  # Almaty, UTC+5
    assert (leg.start + local, leg.end + local) == (
        datetime(2027, 4, 13, 11, 21, tzinfo=UTC),
        datetime(2027, 4, 13, 11, 50, tzinfo=UTC),
    )


def test_no_lunch_on_a_day_a_flight_leaves_no_room_for_it() -> None:
    """Lunch is an hour between 12:00 and 14:00; the rector's only flight, KC 955, leaves
    at 12:40 (check-in from 11:40) and lands at 14:20: 20 minutes of the window before the
    check-in, none after the landing. She eats on board: no lunch item that day, and the
    brief plans (it had no plan: a probe's provost flew New York - Kathmandu through the
    visit's first day). Offered KC 959 at 18:30 as well, the flight that leaves room is
    taken and lunch is on the ground; take that lunch away and the checker says so."""
    venues = ["hotel-astana", "airport-nqz", "airport-ala", "hotel-almaty"]
    lunch = {"lunch": "{earliest: 12:00, latest: 14:00, minutes: 60}"}
    body = participants("travels: true") + ASTANA_THEN_ALMATY + "meetings: []\n"
    on_board = one_flight("KC 955", "2027-04-13 12:40", "2027-04-13 14:20", 60)
    plan = planned(brief(body + on_board, venues=venues, visit=lunch))
    assert plan.slot("flight") == "12:40-14:20 KC 955"
    assert [i for i in plan.items.values() if i.kind == "lunch"] == []

    evening = on_board.replace(
        "}]}", "}, {label: KC 959, depart: 2027-04-13 18:30, arrive: 2027-04-13 20:10}]}"
    )
    with_room = brief(body + evening, venues=venues, visit=lunch)
    plan = planned(with_room)
    assert plan.slot("flight") == "18:30-20:10 KC 959"
    assert plan.lunch("rector") == "12:00-13:00"
    assert plan.result.itinerary is not None
    items = tuple(i for i in plan.result.itinerary.items if i.kind != "lunch")
    hungry = plan.result.itinerary.model_copy(update={"items": items})
    assert [v.rule for v in check(with_room, hungry)] == ["lunch"]


def test_lunch_every_day_for_a_traveller_without_stays() -> None:
    """Two days, the rector travels (so lunches, 60 minutes between 12:00 and 14:00) but
    the brief gives no stays (no night anchors). The talks are on Tuesday. Wednesday has
    nothing but lunch, which is all the rules ask: a lunch with nothing known before it
    needs only the buffer after it. Two lunches, the talks, no violation."""
    text = (
        participants("travels: true")
        + """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector], minutes: 60,
     days: [2027-04-13]}
"""
    )
    lunch = "{earliest: 12:00, latest: 14:00, minutes: 60}"
    plan = planned(brief(text, venues=["ministry"], visit={"end": "2027-04-14", "lunch": lunch}))
    assert plan.meetings == {"talks"}
    assert "12:00" <= plan.lunch("rector", date(2027, 4, 14))[:5] <= "13:00"


# -- max_meetings_per_day (rule 11) -------------------------------------------------

THREE_MEETINGS = """
meetings:
  - {id: science, title: Science, venue: ministry, attendees: [rector, minister], minutes: 60,
     priority: 50}
  - {id: mobility, title: Mobility, venue: ministry, attendees: [rector, minister],
     minutes: 60, priority: 40}
  - {id: funding, title: Funding, venue: ministry, attendees: [rector, minister], minutes: 60,
     priority: 30}
"""


def test_max_meetings_per_day_keeps_the_most_valuable() -> None:
    """Three one-hour meetings fit easily in the day; with ``max_meetings_per_day: 2`` the
    rector attends two: those of priority 50 and 40; the one of priority 30 is left out."""
    text = participants(minister="") + THREE_MEETINGS
    assert planned(brief(text, venues=["ministry"])).meetings == {"science", "mobility", "funding"}

    plan = planned(brief(text, venues=["ministry"], visit={"max_meetings_per_day": "2"}))
    assert plan.meetings == {"science", "mobility"}
    assert set(plan.unscheduled) == {"funding"}


OPTIONAL_COUNTS = """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector],
     optional_attendees: [vice-rector], minutes: 60, priority: 50}
  - {id: lab-visit, title: Lab visit, venue: ministry, attendees: [vice-rector], minutes: 60,
     priority: 40}
"""


def test_max_meetings_per_day_counts_an_optional_attendee_who_joins() -> None:
    """The Vice-Rector has the lab visit and may join the rector's talks. With no limit
    the Vice-Rector joins (a bonus in the objective). With ``max_meetings_per_day: 1``
    joining would make two meetings that day: both meetings still happen, without the
    Vice-Rector at the talks."""
    text = participants(vice_rector="") + OPTIONAL_COUNTS
    joined = planned(brief(text, venues=["ministry"]))
    assert joined.attendees("talks") == {"rector", "vice-rector"}

    plan = planned(brief(text, venues=["ministry"], visit={"max_meetings_per_day": "1"}))
    assert plan.meetings == {"talks", "lab-visit"}
    assert plan.attendees("talks") == {"rector"}


# -- required_meetings (rule 12) and priorities ---------------------------------------


def competing(call: str, keynote: str) -> Brief:
    """The courtesy call and the keynote, one hour for both (``briefs.competing_text``)."""
    return parse_brief(competing_text(call, keynote))


def test_priorities_the_higher_wins_the_slot_and_the_other_is_explained() -> None:
    """Both hosts are free only 09:00-10:00, and both meetings need the rector for that
    hour. The keynote (priority 100) wins over the courtesy call (10); the call is left
    out, and its reason names the keynote it would displace."""
    plan = planned(competing("10", "100"))
    assert plan.slot("keynote") == "09:00-10:00 ministry"
    assert plan.result.objective == 100
    assert "keynote" in plan.unscheduled["courtesy-call"]


def test_required_meeting_wins_over_any_priority() -> None:
    """Make the courtesy call ``priority: required``: it is always scheduled, so the
    keynote, priority 100, gives way."""
    plan = planned(competing("required", "100"))
    assert plan.slot("courtesy-call") == "09:00-10:00 ministry"
    assert set(plan.unscheduled) == {"keynote"}


TOURS = """
meetings:
  - {id: keynote, title: Keynote, venue: ministry, attendees: [rector, minister], minutes: 60,
     priority: 100}
  - {id: tour-a, title: Tour A, venue: nu, attendees: [rector, provost], minutes: 60,
     priority: 10}
  - {id: tour-b, title: Tour B, venue: nu, attendees: [rector, provost], minutes: 60,
     priority: 10}
"""


def test_priorities_a_host_with_two_meetings_may_have_neither() -> None:
    """The keynote (priority 100) and two tours with the Provost (10 each) all need the
    rector in the same hour, 09:00-10:00. The best plan keeps the keynote (100) and drops
    both tours; the Provost then has nothing that day, which no rule forbids."""
    text = participants(minister="09:00-10:00", provost="09:00-10:00") + TOURS
    plan = planned(brief(text, venues=["ministry", "nu"]))
    assert plan.slot("keynote") == "09:00-10:00 ministry"
    assert plan.result.objective == 100
    assert set(plan.unscheduled) == {"tour-a", "tour-b"}


def test_required_meetings_that_cannot_all_fit_are_infeasible() -> None:
    """Both meetings required, one hour for two: no itinerary can keep every rule, so the
    answer is the status "infeasible", an explanation, and no itinerary at all."""
    result = solve(competing("required", "required"))
    assert result.status == "infeasible"
    assert result.itinerary is None
    assert result.objective is None
    assert result.explanation is not None


# -- fixed_events (rule 13) ---------------------------------------------------------

FIXED = """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister], minutes: 60}
"""
FIXED_EVENTS = """
fixed:
  - {id: embassy-briefing, title: Briefing at the embassy, venue: embassy-be,
     start: 2027-04-13 10:00, minutes: 60, attendees: [rector]}
  - {id: reception, title: Reception, venue: embassy-be, start: 2027-04-13 19:00,
     minutes: 120, attendees: [rector]}
"""


def test_fixed_events_happen_exactly_as_given() -> None:
    """The rector is briefed at the embassy 10:00-11:00 (fixed). The Vice-Minister is free
    10:00-12:20; the ministry is 10 minutes from the embassy (2.19 km, the minimum), plus
    the buffer: the talks start at 11:00 + 10 + 10 = 11:20 and end 12:20, exactly.
    The evening reception, 19:00-21:00, is kept as given though the working day ends at
    18:00 (fixed events are not bound by it). Without the briefing the talks could
    start at 10:00."""
    text = participants(minister="10:00-12:20") + FIXED
    plan = planned(brief(text + FIXED_EVENTS, venues=["ministry", "embassy-be"]))
    assert plan.slot("embassy-briefing") == "10:00-11:00 embassy-be"
    assert plan.items["embassy-briefing"].kind == "fixed"
    assert plan.slot("talks") == "11:20-12:20 ministry"
    assert plan.slot("reception") == "19:00-21:00 embassy-be"
    assert plan.attendees("reception") == {"rector"}

    free = planned(brief(text, venues=["ministry", "embassy-be"]))
    assert "10:00" <= free.slot("talks")[:5] <= "11:20"


# -- choices the planner makes ---------------------------------------------------------

PRESS = """
meetings:
  - {id: interview, title: Interview, venues: [kaznu, hotel-almaty],
     attendees: [rector, journalist], minutes: 30, window: [18:30, 19:00]}
"""


def test_multi_venue_meeting_picks_the_venue_that_fits() -> None:
    """The interview may be at KazNU or at the hotel, in the window 18:30-19:00 (30
    minutes: exactly 18:30-19:00). KazNU is open 09:00-18:00 only, so it is at the hotel."""
    venues = {"kaznu": "open: {mon-fri: 09:00-18:00}", "hotel-almaty": ""}
    plan = planned(brief(participants(journalist="") + PRESS, venues=venues))
    assert plan.slot("interview") == "18:30-19:00 hotel-almaty"


PREFER = """
meetings:
  - {id: breakfast, title: Breakfast talks, venue: ministry, attendees: [rector],
     minutes: 60, prefer: morning}
  - {id: seminar, title: Seminar, venue: nu, attendees: [vice-rector], minutes: 90,
     prefer: afternoon}
  - {id: call, title: Call, venue: ministry, attendees: [dean], minutes: 30, prefer: "15:00"}
"""


def test_prefer_morning_afternoon_or_a_time_is_respected_when_free() -> None:
    """Nobody is busy, so each preference is met: ``morning`` starts before 12:00,
    ``afternoon`` at 12:00 or later (and, 90 minutes long, by 16:30 to end by 18:00), a
    clock time within 30 minutes of it: 14:30-15:30."""
    text = participants(vice_rector="", dean="") + PREFER
    plan = planned(brief(text, venues=["ministry", "nu"]))
    assert "09:00" <= plan.slot("breakfast")[:5] < "12:00"
    assert "12:00" <= plan.slot("seminar")[:5] <= "16:30"
    assert "14:30" <= plan.slot("call")[:5] <= "15:30"


# -- time zones ------------------------------------------------------------------------

DST = """
stays: [{venue: hotel-bxl, nights: [2027-03-25, 2027-03-26, 2027-03-27, 2027-03-28]}]
meetings:
  - {id: friday-talks, title: Friday, venue: berlaymont, attendees: [rector, host],
     minutes: 60, days: [2027-03-26], window: [09:00, 10:00]}
  - {id: monday-talks, title: Monday, venue: berlaymont, attendees: [rector, host],
     minutes: 60, days: [2027-03-29], window: [09:00, 10:00]}
"""


def test_dst_a_local_time_is_the_same_on_either_side_of_the_change() -> None:
    """Brussels, Friday 26 to Monday 29 March 2027; clocks go forward on Sunday 28 March
    at 02:00 (CET, UTC+1, becomes CEST, UTC+2). Each talk has the window 09:00-10:00, 60
    minutes: both are at 09:00 local, which is 08:00 UTC on Friday and 07:00 UTC on
    Monday. The report shows the offset of each date. (No ``holidays: BE`` here: Monday 29
    March 2027 is Easter Monday.) The rector, who travels, lunches every day, and the
    night anchor of Saturday night (03:00 on Sunday, just after the change) is at the
    hotel."""
    visit = {
        "timezone": "Europe/Brussels",
        "start": "2027-03-26",
        "end": "2027-03-29",
        "lunch": "{earliest: 12:00, latest: 14:00, minutes: 60}",
    }
    text = participants("travels: true", host="") + DST
    plan = planned(brief(text, venues=["hotel-bxl", "berlaymont"], visit=visit))
    friday, monday = plan.items["friday-talks"], plan.items["monday-talks"]
    assert friday.start.astimezone(UTC) == datetime(2027, 3, 26, 8, 0, tzinfo=UTC)
    assert monday.start.astimezone(UTC) == datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
    assert friday.start.utcoffset() == timedelta(hours=1)
    assert monday.start.utcoffset() == timedelta(hours=2)
    for day in (26, 27, 28, 29):
        assert "12:00" <= plan.lunch("rector", date(2027, 3, day))[:5] <= "13:00"

    starts = {item["id"]: item["start"] for item in report_of(plan.brief, plan.result)["items"]}
    assert starts["friday-talks"] == "2027-03-26T09:00+01:00"
    assert starts["monday-talks"] == "2027-03-29T09:00+02:00"
