"""Planning a small but complete brief end to end: ``tests/small-visit.yaml``.

Two days: Tuesday 13 April 2027 in Astana, Wednesday 14 in Almaty (Asia/Almaty, UTC+5);
the rector and the Vice-Rector for Research travel (stays, lunch), a flight with two
options, a fixed reception, six meetings of which two are required.

Worked out: the KazNU meeting is required on the 14th and the Rector of KazNU sits in
council until 12:30, so the delegation must reach Almaty in time for the afternoon:
KC 957 lands 17:50, and 17:50 + 42 (airport to KazNU) + 10 (buffer) = 18:42 is past the
working day (18:30); KC 951 (07:10) it is. Everything else fits around it, so all four
optional meetings are kept: objective 80 + 40 + 20 + 50 = 190 (required meetings add
nothing: they are always there), proven optimal (bound 190).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from briefs import SMALL_VISIT, Planned, brief, planned, report_of, solve
from visitplanner import planner
from visitplanner.checker import check
from visitplanner.errors import BriefError
from visitplanner.loader import load_brief, parse_brief
from visitplanner.models import Brief
from visitplanner.report import dumps, itinerary_from_report


@pytest.fixture(scope="module")
def small() -> Brief:
    return load_brief(SMALL_VISIT)


@pytest.fixture(scope="module")
def plan(small: Brief) -> Planned:
    return planned(small)


def test_small_visit_is_planned_optimally_and_breaks_no_rule(plan: Planned) -> None:
    """Status optimal, no violation (by ``plan`` and by the checker run again), every
    meeting kept, on the flight worked out above, the reception exactly as given."""
    assert plan.result.objective == plan.result.bound == 190
    assert plan.meetings == {
        "ministry-meeting",
        "nu-research",
        "nu-lab-tour",
        "kaznu-meeting",
        "press-interview",
        "kaznu-dinner",
    }
    assert plan.unscheduled == {}
    assert plan.slot("flight") == "07:10-08:50 KC 951"
    assert plan.attendees("flight") == {"rector", "vr-research"}
    assert plan.slot("reception") == "19:00-21:00 embassy-be"
    assert plan.day("kaznu-meeting") == date(2027, 4, 14)
    assert plan.slot("kaznu-meeting")[:5] >= "12:30"  # after the Academic Council
    assert plan.day("ministry-meeting") == date(2027, 4, 13)
    for day in (date(2027, 4, 13), date(2027, 4, 14)):
        assert "12:00" <= plan.lunch("rector", day)[:5] <= "13:30"
        assert "12:00" <= plan.lunch("vr-research", day)[:5] <= "13:30"


def test_same_brief_and_seed_give_byte_identical_reports(small: Brief, plan: Planned) -> None:
    """One worker and a fixed seed: planning twice gives the same report, byte for byte."""
    again = solve(small)
    first = dumps(report_of(small, plan.result))
    assert dumps(report_of(small, again)) == first
    assert first.encode("utf-8") == dumps(report_of(small, solve(small))).encode("utf-8")


def test_report_round_trips_and_still_passes_the_checker(small: Brief, plan: Planned) -> None:
    """The report read back (as ``visitplanner check`` does) is the same itinerary, and the
    checker, given only the brief and the JSON, finds nothing wrong."""
    text = dumps(report_of(small, plan.result))
    back = itinerary_from_report(json.loads(text))
    assert back == plan.result.itinerary
    assert check(small, back) == []
    assert dumps(report_of(small, plan.result)) == text
    flight = next(item for item in json.loads(text)["items"] if item["id"] == "flight")
    assert (flight["start"], flight["end"]) == ("2027-04-14T07:10+05:00", "2027-04-14T08:50+05:00")


@pytest.mark.parametrize(
    ("time_limit", "workers", "seed", "message"),
    [
        (float("nan"), 1, 0, "time_limit must be a number of seconds above 0, not nan"),
        (0.0, 1, 0, "time_limit must be a number of seconds above 0, not 0.0"),
        (-1, 1, 0, "time_limit must be a number of seconds above 0, not -1$"),  # (not -0.8)
        (5.0, 0, 0, "workers must be at least 1, not 0"),
        (5.0, 1, 2**31, r"seed must fit in 32 bits \(-2\*\*31 to 2\*\*31 - 1\), not 2147483648"),
    ],
)
def test_the_python_api_refuses_a_time_limit_workers_or_seed_that_mean_nothing(
    time_limit: float, workers: int, seed: int, message: str
) -> None:
    """From Python, as from the command line: a NaN or zero time limit, no worker, or a
    seed CP-SAT cannot take is a ValueError that says which, before any search (NaN
    used to fail deep inside, a seed of 2**31 in OR-Tools with a TypeError)."""
    from visitplanner.planner import plan

    with pytest.raises(ValueError, match=message):
        plan(load_brief(SMALL_VISIT), time_limit=time_limit, workers=workers, seed=seed)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"workers": 1.5}, "workers must be a whole number, not 1.5"),
        ({"seed": None}, "seed must be a whole number, not None"),
        ({"time_limit": "5"}, "time_limit must be a number of seconds, not '5'"),
        ({"keep_bonus": 1.5}, "keep_bonus must be a whole number, not 1.5"),
    ],
)
def test_the_python_api_refuses_arguments_of_the_wrong_type(
    given: dict[str, object], message: str
) -> None:
    """A TypeError that names the argument, before any search (a seed of 1.5 failed deep
    inside OR-Tools, and a keep_bonus of 1.5 was taken)."""
    from visitplanner.planner import plan

    with pytest.raises(TypeError, match=message):
        plan(load_brief(SMALL_VISIT), **given)  # type: ignore[arg-type]


@pytest.mark.parametrize("seconds", [0, -1, float("nan"), "5"])
def test_explain_refuses_a_time_limit_that_means_nothing(seconds: object) -> None:
    """``explain(time_limit=0)`` answered "Undecided"; now a ValueError, as ``plan``'s."""
    from visitplanner.infeasibility import explain

    with pytest.raises(ValueError, match="time_limit must be a number of seconds above 0"):
        explain(load_brief(SMALL_VISIT), time_limit=seconds)  # type: ignore[arg-type]


LATE = """\
visit: {id: late, title: Late talk, timezone: Asia/Almaty, start: 2027-04-12,
        end: 2027-04-12, day: {start: 09:00, end: "24:00"}}
participants:
  - {id: rector, name: Rector}
venues:
  - {id: club, name: Club, city: Almaty, location: [43.24, 76.95],
     open: {mon-sun: "18:00-24:00"}}
meetings:
  - {id: talk, title: Late talk, venue: club, attendees: [rector], minutes: 60,
     window: ["23:00", "24:00"], priority: 10}
"""


def test_24_00_is_the_end_of_the_day() -> None:
    """A working day, an opening range and a window may end at 24:00: the hour-long
    talk fits 23:00-24:00 exactly, ending at the next midnight (read as 23:59 it had 59
    minutes and the brief was refused). 61 minutes do not fit; 24:00 is no start."""
    from visitplanner.planner import plan

    brief = parse_brief(LATE)
    result = plan(brief, time_limit=5)
    assert result.itinerary is not None and check(brief, result.itinerary) == []
    (talk,) = result.itinerary.items
    assert (f"{talk.start:%d %H:%M}", f"{talk.end:%d %H:%M}") == ("12 23:00", "13 00:00")
    with pytest.raises(BriefError, match=r"cannot fit in the meeting's window 23:00-24:00"):
        parse_brief(LATE.replace("minutes: 60", "minutes: 61"))
    with pytest.raises(BriefError, match="prefer is morning, afternoon"):
        parse_brief(LATE.replace("priority: 10", 'priority: 10, prefer: "24:00"'))


def test_a_brief_with_nothing_to_plan_gives_an_empty_itinerary() -> None:
    """A visit and one participant, no venue, no meeting: a valid brief (``validate``
    says so), and its plan is the empty itinerary, optimal at priority 0 (the route
    heuristic once crashed building a travel matrix of no places)."""
    empty = parse_brief(
        "visit: {id: a, title: t, timezone: UTC, start: 2027-05-17, end: 2027-05-18}\n"
        "participants: [{id: p, name: P}]\n"
    )
    result = planned(empty)
    assert result.result.itinerary is not None
    assert result.result.itinerary.items == ()
    assert result.result.objective == 0


ONE_A_DAY = """\
visit: {id: one-a-day, title: One a day, timezone: Europe/Brussels, start: 2027-04-13,
        end: 2027-04-14, day: {start: 09:00, end: 18:00}, max_meetings_per_day: 1}
participants: [{id: rector, name: Rector}]
venues: [{id: a, name: A, city: Mons}]
meetings:
  - {id: m1, title: M1, venue: a, attendees: [rector], minutes: 60, priority: 50}
  - {id: m2, title: M2, venue: a, attendees: [rector], minutes: 60, priority: 40}
  - {id: m3, title: M3, venue: a, attendees: [rector], minutes: 60, priority: 30}
"""


def test_the_daily_limit_holds_where_the_route_heuristic_ignores_it() -> None:
    """One meeting a day, two days, three one-hour meetings of the rector worth 50, 40
    and 30: the best plan keeps m1 and m2, one a day, 90. The route heuristic (every
    meeting one person's, no lunch) knows no daily limit and puts all three on Tuesday,
    120; its plan was once taken over CP-SAT's as "worth more", breaking the limit
    (objective 120 above the bound 90). A heuristic's plan is now checked first."""
    plan = planned(parse_brief(ONE_A_DAY))
    assert plan.meetings == {"m1", "m2"}
    assert plan.result.objective == plan.result.bound == 90
    days = {plan.items[m].start.date() for m in ("m1", "m2")}
    assert days == {date(2027, 4, 13), date(2027, 4, 14)}


def test_a_measured_journey_that_breaks_the_triangle_inequality_keeps_the_strong_search() -> None:
    """A two-day Brussels programme of 42 requests for three people, twice what fits
    (``tests/data/oversubscribed-brussels.yaml``, written by a probe), with one measured
    journey: hotel to imec in Leuven, 45 minutes, where the estimate from anywhere else
    in Brussels is about 90. Through the hotel, Leuven is nearer than straight there, so
    the pairs' shortest ways are not the journeys (``pairs.exact`` fails), and phase 1
    ran on the circuits: 975 at 10 s, 1055 only after 60 s. Every two places having a
    road of their own, the pairs now keep items apart by their direct journeys (a
    restriction whose plans are routes): 1055 at 10 s, proven on the circuits."""
    from visitplanner.planner import plan as plan_brief

    brief = load_brief(Path(__file__).resolve().parent / "data/oversubscribed-brussels.yaml")
    result = plan_brief(brief, time_limit=10, seed=0, workers=1)
    assert result.violations == ()
    assert (result.objective, result.bound) == (1055, 1055)


def test_a_leg_from_an_arrival_leaves_at_once() -> None:
    """The rector lands in Almaty at 06:35 (KC 902 from Brussels) and meets the Rector of
    KazNU at 09:00, the start of the working day. The airport is 17.22 km from KazNU, 42
    minutes: the leg leaves at the landing, 06:35-07:17, and the wait is at KazNU, not at
    the airport (a leg to an item otherwise ends the buffer before it: 08:08-08:50, which
    a probe read as the delegation idling at the airport for an hour and a half)."""
    from briefs import flight_from_brussels

    visit = planned(flight_from_brussels())
    leg = next(i for i in visit.result.itinerary.items if i.kind == "travel")
    assert (leg.from_, leg.to) == ("airport-ala", "kaznu")
    assert visit.slot(leg.id) == "06:35-07:17 "
    assert visit.slot("kaznu-talks") == "09:00-10:00 kaznu"


TWO_CITIES_AT_LUNCH = """
participants:
  - {id: rector, name: Rector, travels: true}
  - {id: dean, name: Dean, travels: true}
stays:
  - {venue: hotel-astana, nights: [2027-04-12, 2027-04-13], participants: [rector]}
  - {venue: hotel-almaty, nights: [2027-04-12, 2027-04-13], participants: [dean]}
meetings:
  - {id: ministry-talks, title: Ministry, venue: ministry, attendees: [rector], minutes: 60,
     window: [10:00, 11:00]}
  - {id: kaznu-talks, title: KazNU, venue: kaznu, attendees: [dean], minutes: 60,
     window: [10:00, 11:00]}
"""


def test_lunch_at_the_same_time_in_two_cities_is_two_sittings() -> None:
    """The rector is in Astana and the dean in Almaty, 1 000 km apart; both lunch at
    12:00, the earliest (lunch 12:00-13:30, an hour, nothing after the 10:00 talks).
    They are not one lunch of two people: the plan has two sittings,
    lunch-2027-04-13-1 and -2, one each (a probe's itinerary listed "Lunch, Who: A1, A2,
    B1" for two teams in Vienna and Krakow)."""
    venues = ["hotel-astana", "ministry", "hotel-almaty", "kaznu"]
    lunch = {"lunch": "{earliest: 12:00, latest: 13:30, minutes: 60}"}
    plan = planned(brief(TWO_CITIES_AT_LUNCH, venues=venues, visit=lunch))
    sittings = {i.id: i.attendees for i in plan.items.values() if i.kind == "lunch"}
    assert sorted(sittings.values()) == [("dean",), ("rector",)]
    assert sorted(sittings) == ["lunch-2027-04-13-1", "lunch-2027-04-13-2"]
    assert plan.lunch("rector") == plan.lunch("dean") == "12:00-13:00"


def test_the_objective_is_the_plan_delivered_even_when_phase_two_finds_more() -> None:
    """A probe's random brief (18 meetings, 3 days, a daily limit of 2): at 3 s phase 1
    keeps 304 and the preference search, which may not keep less, finds a plan of 310.
    The report's objective is what the delivered plan keeps, the sum of its optional
    meetings' priorities (it said 304)."""
    brief = load_brief(Path(__file__).parent / "data" / "phase-two-finds-more.yaml")
    result = planner.plan(brief, time_limit=3, seed=0, workers=1)
    assert result.itinerary is not None
    priority = {m.id: m.priority for m in brief.meetings if not m.required}
    kept = sum(priority.get(i.id, 0) for i in result.itinerary.items if i.kind == "meeting")
    assert result.objective == kept
    assert check(brief, result.itinerary) == []
