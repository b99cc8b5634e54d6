"""Why a brief has no itinerary, and why a meeting was left out: worked examples.

``explain(brief)`` answers with the facts of the brief that cannot all hold together;
each fact ends with the slug of its rule in parentheses (docs/rules.md). Quick checks
that need no search come first (a required meeting with no possible start, a change of
hotel city with no transfer); otherwise a CP-SAT core is shrunk until every fact is
needed. For meetings left out of a plan that exists, each gets a one-line reason
(``visitplanner.reasons``).

Unless a test says otherwise: one day, Tuesday 13 April 2027, in Asia/Almaty (UTC+5 all
year, so local times are the times written), working day 09:00-18:00, a 10-minute buffer
between one person's items, travel at 25 km/h and at least 10 minutes. The briefs are
built with ``tests/briefs.py``: the rector meets hosts who are free only in the windows a
test gives (``participants``), at venues whose travel times are worked out there (the
Ministry of Science to Nazarbayev University: 4.90 km, 12 minutes). Solves are short:
``time_limit`` 5 s, one worker, seed 0.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from benchmarks.scale import generate

from briefs import available, brief, brief_text, participants, planned
from visitplanner import planner, solver
from visitplanner.cli import main
from visitplanner.compile import compile_brief
from visitplanner.errors import BriefError
from visitplanner.infeasibility import Explanation, explain, quick_checks
from visitplanner.loader import load_brief, parse_brief
from visitplanner.models import Brief

VARIANTS = Path(__file__).resolve().parent / "data" / "variants"
_SLUG = re.compile(r"\(([a-z_]+)\)$")


def slugs(explanation: Explanation) -> list[str]:
    """The rule slug at the end of each fact, in order ("" for a fact without one)."""
    return [m[1] if (m := _SLUG.search(fact)) else "" for fact in explanation.facts]


def fact_about(explanation: Explanation, *words: str) -> str:
    """The one fact that contains every one of ``words``."""
    (found,) = [f for f in explanation.facts if all(w in f for w in words)]
    return found


@pytest.fixture
def no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make building a CP-SAT model, or solving, fail the test: what follows must be
    answered by the quick checks alone."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a CP-SAT model was built; the quick checks should have answered")

    monkeypatch.setattr(solver, "ModelBuilder", refuse)
    monkeypatch.setattr(planner, "solve", refuse)


def infeasible_without_search(b: Brief) -> Explanation:
    """The quick checks' answer; ``explain`` and ``plan`` must give the same one."""
    quick = quick_checks(compile_brief(b))
    assert isinstance(quick, Explanation) and not quick.feasible
    assert explain(b) == quick
    result = planner.plan(b, time_limit=5, seed=0, workers=1)
    assert (result.status, result.itinerary, result.explanation) == ("infeasible", None, quick)
    return quick


# -- three ways to be infeasible, three explanations -----------------------------------

HOST_AFTER_HOURS = """
meetings:
  - {id: talks, title: Talks at the Ministry, venue: ministry, attendees: [rector, minister],
     minutes: 60, priority: required$window}
"""


def host_after_hours(window: str) -> Brief:
    """The Minister is free 19:00-20:30 only; the Ministry is open 09:00-18:30."""
    text = participants(minister="19:00-20:30") + HOST_AFTER_HOURS.replace("$window", window)
    return brief(text, venues={"ministry": "open: {mon-fri: 09:00-18:30}"})


def test_a_host_free_only_after_the_ministry_closes(no_search: None) -> None:
    """(a) The talks are required and have their own window 08:00-21:00 (so the working
    day does not apply to them). For 60 minutes, the Ministry (open 09:00-18:30) allows
    starts 09:00-17:30; the Minister (free 19:00-20:30) allows starts 19:00-19:30. No start
    is in both: three facts, found without search. The window is not one of them: the two
    sets are disjoint whatever the window."""
    why = infeasible_without_search(host_after_hours(", window: [08:00, 21:00]"))
    assert slugs(why) == ["required_meetings", "opening_hours", "availability"]
    assert why.facts == (
        "talks ('Talks at the Ministry', 60 min with rector, minister) is required "
        "(required_meetings)",
        "talks is at Ministry of Science, open mon-fri 09:00-18:30 (opening_hours)",
        "minister (Minister) is available only Tue 13 Apr 19:00-20:30 (availability)",
    )


def test_only_the_busy_windows_that_matter_are_named(no_search: None) -> None:
    """The Minister is free 09:00-10:00 only, and the rector, from a busy calendar say,
    is busy 08:00-08:30, 09:30-10:30 and 15:00-16:00: the talks (60 min) cannot start.
    Of the rector's three busy windows only 09:30-10:30 meets the hour the other rules
    leave the talks (the Ministry open 09:00-18:30, the Minister 09:00-10:00): the others
    are not named (a probe's explanation listed six windows for one clash)."""
    busy = "unavailable: " + available("08:00-08:30", "09:30-10:30", "15:00-16:00")
    text = participants(busy, minister="09:00-10:00") + HOST_AFTER_HOURS.replace("$window", "")
    why = infeasible_without_search(
        brief(text, venues={"ministry": "open: {mon-fri: 09:00-18:30}"})
    )
    assert "rector (Rector) is unavailable Tue 13 Apr 09:30-10:30 (availability)" in why.facts


def test_a_host_free_only_after_the_working_day(no_search: None) -> None:
    """(a, again) Without a window of its own the meeting lies inside the working day
    09:00-18:00 (starts 09:00-17:00), which rules out the Minister's 19:00 just as well.
    The explanation is one minimal set: the working day and the Minister (the Ministry's
    hours would do too, but once the working day is in, they are not needed)."""
    why = infeasible_without_search(host_after_hours(""))
    assert slugs(why) == ["required_meetings", "working_day", "availability"]
    assert "inside the working day 09:00-18:00" in fact_about(why, "(working_day)")
    assert "19:00-20:30" in fact_about(why, "(availability)")


HOTEL_CHANGE = """
stays:
  - {venue: hotel-astana, nights: [2027-04-12, 2027-04-13]}
  - {venue: hotel-almaty, nights: [2027-04-14]}
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector], minutes: 60}
"""
HOTEL_VENUES = ["hotel-astana", "ministry", "airport-nqz", "airport-ala", "hotel-almaty"]


def hotel_change(transfers: str = "") -> Brief:
    """Two days, Tuesday 13 and Wednesday 14 April; the rector travels, sleeps in Astana
    on the nights of the 12th and 13th and in Almaty on the night of the 14th."""
    text = participants("travels: true") + HOTEL_CHANGE + transfers
    return brief(text, venues=HOTEL_VENUES, visit={"end": "2027-04-14"})


def test_a_change_of_hotel_city_with_no_transfer_that_day(no_search: None) -> None:
    """(b) The night anchor of the 13th puts the rector at the Astana hotel at 03:00 on
    Wednesday 14th; that of the 14th, at the Almaty hotel at 03:00 on Thursday 15th. In
    between the rector must change city, and the brief has no transfer at all (nor a
    ``travel.times`` drive). Found without search, named by hotel, city and date."""
    why = infeasible_without_search(hotel_change())
    assert why.facts == (
        "rector (Rector) sleeps at Delegation hotel (Astana) on the night of Tue 13 Apr and "
        "at Hotel Almaty (Almaty) on the night of Wed 14 Apr (stays)",
        "no transfer takes rector from Astana to Almaty on Wed 14 Apr, and travel.times "
        "lists no drive between them (cities)",
    )


def test_a_hotel_the_transfer_cannot_be_reached_from_is_named() -> None:
    """The rector sleeps in Astana before the 13th and in Almaty after it, on KC 955
    (check-in 11:40). At ``speed_kmh: 0.1`` the 12.07 km from the hotel to the airport
    take 7 242 minutes: from the hotel at 03:00 the flight is out of reach, so the stays
    cannot hold, flight or no flight. The explanation names them (it named nothing: the
    circuit's arcs from the night anchors were left out, not blamed on a rule)."""
    body = (
        participants("travels: true")
        + """
travel: {speed_kmh: 0.1}
stays:
  - {venue: hotel-astana, nights: [2027-04-12]}
  - {venue: hotel-almaty, nights: [2027-04-13]}
transfers:
  - {id: flight, title: Flight Astana to Almaty, from: airport-nqz, to: airport-ala,
     attendees: [rector], check_in_minutes: 60,
     options: [{label: KC 955, depart: 2027-04-13 12:40, arrive: 2027-04-13 14:20}]}
"""
    )
    slow = brief(body, venues=["hotel-astana", "airport-nqz", "airport-ala", "hotel-almaty"])
    why = explain(slow)
    assert not why.feasible and why.decided
    assert why.facts == (
        "rector (Rector) spends the nights of Mon 12 Apr at Delegation hotel; "
        "Tue 13 Apr at Hotel Almaty (stays)",
    )


TWO_VENUES = """
meetings:
  - {id: ministry-talks, title: Talks at the Ministry, venue: ministry,
     attendees: [rector, minister], minutes: 60, priority: $ministry}
  - {id: nu-talks, title: Talks at NU, venue: nu, attendees: [rector, provost], minutes: 60,
     priority: $nu}
"""


def two_venues(
    minister: str = "09:00-10:00",
    provost: str = "10:15-11:15",
    ministry: str = "required",
    nu: str = "required",
    buffer: str = "10",
) -> Brief:
    """The rector's talks with the Minister at the Ministry and with the Provost at NU."""
    text = participants(minister=minister, provost=provost)
    text += TWO_VENUES.replace("$ministry", ministry).replace("$nu", nu)
    return brief(text, venues=["ministry", "nu"], visit={"buffer_minutes": buffer})


def test_two_required_meetings_that_fit_alone_but_not_together() -> None:
    """(c) Needs search. The Minister is free 09:00-10:00 and the Provost 10:15-11:15: a
    60-minute meeting fills each window, so the talks are at 09:00 at the Ministry and at
    10:15 at NU. Each fits alone. Together, the rector leaves the Ministry at 10:00, needs
    12 minutes to NU plus the 10-minute buffer, and arrives for 10:22: 7 minutes late.

    The explanation lists exactly the five facts at work: both meetings required, both
    windows, and the rector's travel-and-buffer rule; nothing about the working day (the
    windows lie inside it)."""
    b = two_venues()
    assert quick_checks(compile_brief(b)) is None  # no single meeting is impossible
    why = explain(b)
    assert not why.feasible
    assert sorted(slugs(why)) == [
        "availability",
        "availability",
        "required_meetings",
        "required_meetings",
        "travel_time",
    ]
    assert "ministry-talks" in fact_about(why, "(required_meetings)", "Ministry")
    assert "nu-talks" in fact_about(why, "(required_meetings)", "NU")
    assert fact_about(why, "(availability)", "minister (Minister)").endswith(
        "is available only Tue 13 Apr 09:00-10:00 (availability)"
    )
    assert fact_about(why, "(availability)", "provost (Provost)").endswith(
        "is available only Tue 13 Apr 10:15-11:15 (availability)"
    )
    assert fact_about(why, "(travel_time)").startswith("rector (Rector) needs travel time plus")
    assert "10-minute buffer" in fact_about(why, "(travel_time)")
    assert planner.plan(b, time_limit=5, seed=0, workers=1).explanation == why


@pytest.mark.parametrize(
    ("change", "edit"),
    [
        ("ministry-talks not required", {"ministry": "50"}),
        ("nu-talks not required", {"nu": "50"}),
        ("the Minister free all day", {"minister": ""}),
        ("the Provost free all day", {"provost": ""}),
        ("no buffer: 10:00 + 12 = 10:12", {"buffer": "0"}),
    ],
)
def test_each_fact_is_needed_drop_it_and_the_brief_plans(change: str, edit: dict[str, str]) -> None:
    """Minimal: take any one of the five facts of the example above out of the brief (the
    travel rule by setting the buffer to 0, since 12 minutes of travel alone still reach
    NU by 10:15) and the brief plans, with no rule broken."""
    plan = planned(two_venues(**edit))
    assert plan.result.explanation is None
    if "not required" in change:  # the one left optional is the one left out
        assert len(plan.unscheduled) == 1
    else:
        assert plan.meetings == {"ministry-talks", "nu-talks"}


ORDER = """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister], minutes: 60,
     priority: required}
  - {id: follow-up, title: Follow-up, venue: ministry, attendees: [rector, provost],
     minutes: 60, priority: required, after: [talks]}
"""


def test_order_and_availability_a_minimal_set_not_the_obvious_one() -> None:
    """Needs search. The follow-up comes after the talks; the Provost is free 10:00-11:00,
    so the follow-up must start at 10:00 sharp; the talks end at 10:00 at the earliest
    (working day from 09:00), and the same venue still asks for the 10-minute buffer: the
    follow-up could start 10:10 at the earliest. Four facts: the follow-up is required,
    the order, the Provost's window and the working day. "talks is required" is not
    needed (the order brings the talks in), nor is the Minister's 14:00-15:00, which is a
    second, separate reason: with a 07:00 working day the brief is still infeasible, and
    the explanation then names the Minister instead."""
    hosts = participants(minister="14:00-15:00", provost="10:00-11:00")
    why = explain(brief(hosts + ORDER, venues=["ministry"]))
    assert sorted(slugs(why)) == [
        "availability",
        "order",
        "required_meetings",
        "working_day",
    ]
    assert fact_about(why, "(order)") == (
        "follow-up may only start after talks ends, travel and buffer included (order)"
    )
    assert "follow-up" in fact_about(why, "(required_meetings)")
    assert "talks must lie inside the working day 09:00-18:00" in fact_about(why, "(working_day)")
    assert "provost" in fact_about(why, "(availability)")

    early = explain(
        brief(hosts + ORDER, venues=["ministry"], visit={"day": "{start: 07:00, end: 18:00}"})
    )
    assert not early.feasible
    assert "minister (Minister) is available only Tue 13 Apr 14:00-15:00 (availability)" in (
        early.facts
    )


def test_a_feasible_brief_says_so() -> None:
    """The two meetings of (c) with the Provost free from 10:30: the rector arrives at NU
    at 10:22, in time. Nothing to explain."""
    why = explain(two_venues(provost="10:30-11:30"))
    assert why == Explanation(True)
    assert str(why) == "The brief is feasible: every required item can be scheduled."


# -- the pre-solve checks: fast, no CP-SAT model --------------------------------------


def test_no_common_free_time_inside_the_opening_hours(no_search: None) -> None:
    """Any two of the three agree on a time, but not all three. The Minister is free
    09:00-10:00 and 14:00-15:00, the Provost 09:00-10:00 and 16:00-17:00, the Ministry
    opens at 11:00. Minister and Provost: 09:00 (Ministry closed); Minister and Ministry:
    14:00 (Provost away); Provost and Ministry: 16:00 (Minister away). All three facts."""
    hosts = participants(
        minister=("09:00-10:00", "14:00-15:00"), provost=("09:00-10:00", "16:00-17:00")
    )
    text = (
        hosts
        + """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister, provost],
     minutes: 60, priority: required}
"""
    )
    why = infeasible_without_search(
        brief(text, venues={"ministry": "open: {mon-fri: 11:00-18:00}"})
    )
    assert slugs(why) == ["required_meetings", "opening_hours", "availability", "availability"]
    assert "open mon-fri 11:00-18:00" in why.facts[1]
    assert why.facts[2].startswith(
        "minister (Minister) is available only Tue 13 Apr 09:00-10:00, Tue 13 Apr 14:00-15:00"
    )
    assert why.facts[3].startswith(
        "provost (Provost) is available only Tue 13 Apr 09:00-10:00, Tue 13 Apr 16:00-17:00"
    )


def test_a_required_meeting_on_the_day_its_venue_is_closed(no_search: None) -> None:
    """Two days; the talks must be on Wednesday 14 April, and the Ministry is closed that
    day (it is open on the 13th, which the talks may not use)."""
    text = (
        participants()
        + """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector], minutes: 60,
     priority: required, days: [2027-04-14]}
"""
    )
    b = brief(text, venues={"ministry": "closed: [2027-04-14]"}, visit={"end": "2027-04-14"})
    why = infeasible_without_search(b)
    assert slugs(why) == ["required_meetings", "opening_hours", "meeting_window"]
    assert why.facts[1] == (
        "talks is at Ministry of Science, open every day, closed on Wed 14 Apr (opening_hours)"
    )
    assert why.facts[2] == "talks must take place on Wed 14 Apr (meeting_window)"


LONG = """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector], minutes: 90,
     priority: required, window: [09:00, 10:00]}
"""


def test_a_meeting_longer_than_its_window_is_a_brief_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """90 minutes in a 09:00-10:00 window is not an infeasible plan but a wrong brief: it
    is refused when read (``BriefError``, located at the meeting's ``minutes``), so
    ``explain`` and ``plan`` exit 2, like ``validate``, and never reach the solver."""
    text = brief_text(participants() + LONG, venues=["ministry"])
    with pytest.raises(BriefError) as error:
        parse_brief(text)
    (problem,) = error.value.problems
    assert problem.path == "meetings.0.minutes"
    assert (
        problem.message == "90 minutes cannot fit in the meeting's window 09:00-10:00 (60 minutes)"
    )
    path = tmp_path / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    for command in ("explain", "plan"):
        assert main([command, str(path), "--time-limit", "5"]) == 2
        err = capsys.readouterr().err
        assert re.search(r"brief\.yaml:\d+:\d+: meetings\.0\.minutes: 90 minutes", err), err


# -- the command line -----------------------------------------------------------------


def write(tmp_path: Path, b: str) -> Path:
    path = tmp_path / "brief.yaml"
    path.write_text(b, encoding="utf-8")
    return path


def test_explain_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``visitplanner explain``: 0 and "feasible" for a brief that plans; 1 and the facts
    (on stdout: they are the command's answer) for one that does not; 2 for a brief that
    is wrong."""
    feasible = brief_text(
        participants(minister="09:00-10:00") + HOST_AFTER_HOURS.replace("$window", ""),
        venues=["ministry"],
    )
    assert main(["explain", str(write(tmp_path, feasible))]) == 0
    assert capsys.readouterr().out.endswith(
        "brief.yaml: The brief is feasible: every required item can be scheduled.\n"
    )

    infeasible = brief_text(
        participants(minister="19:00-20:30") + HOST_AFTER_HOURS.replace("$window", ""),
        venues=["ministry"],
    )
    assert main(["explain", str(write(tmp_path, infeasible))]) == 1
    out = capsys.readouterr().out
    assert "brief.yaml: The brief is infeasible. These facts cannot all hold together:\n" in out
    assert (
        "  - minister (Minister) is available only Tue 13 Apr 19:00-20:30 (availability)\n" in out
    )

    wrong = feasible.replace("venue: ministry", "venue: ministery")
    assert main(["explain", str(write(tmp_path, wrong))]) == 2
    assert "ministry" in capsys.readouterr().err  # the suggestion


def test_plan_on_an_infeasible_brief_prints_why_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Example (c) through ``visitplanner plan`` with every output asked for: exit 1, the
    explanation on stderr (the five facts), nothing on stdout and no file written."""
    text = brief_text(
        participants(minister="09:00-10:00", provost="10:15-11:15")
        + TWO_VENUES.replace("$ministry", "required").replace("$nu", "required"),
        venues=["ministry", "nu"],
    )
    path = write(tmp_path, text)
    outputs = {"--report": "r.json", "-o": "v.ics", "--html": "v.html", "--markdown": "v.md"}
    outputs["--per-participant"] = "people"
    asked = [x for option, name in outputs.items() for x in (option, str(tmp_path / name))]
    code = main(["plan", str(path), "--time-limit", "5", *asked])
    assert code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{path}: The brief is infeasible.")
    assert captured.err.count("\n  - ") == 5
    assert "rector (Rector) needs travel time plus the 10-minute buffer" in captured.err
    assert [p.name for p in tmp_path.iterdir()] == ["brief.yaml"]


# -- reasons for meetings left out ------------------------------------------------------

LEFT_OUT = """
meetings:
  - {id: ministry-visit, title: Ministry visit, venue: ministry, attendees: [rector],
     minutes: 60, priority: 30, days: [2027-04-13]}
  - {id: joint-talks, title: Joint talks, venue: nu, attendees: [rector, minister, provost],
     minutes: 60, priority: 30}
  - {id: lab-tour, title: Laboratory tour, venue: nu, attendees: [rector], minutes: 30,
     priority: 30, after: [joint-talks]}
  - {id: press, title: Press, venue: nu, attendees: [rector], minutes: 30, priority: 30}
"""


@pytest.fixture(scope="module")
def left_out() -> dict[str, str]:
    """Two days, 13 and 14 April. The Ministry is closed on the 13th, the only day of the
    ministry visit; the Minister is free 09:00-10:00 and the Provost 10:00-11:00 on the
    13th, never together for the joint talks; the lab tour must follow the joint talks.
    The press meeting fits: it is the control."""
    hosts = participants(minister="09:00-10:00", provost="10:00-11:00")
    b = brief(
        hosts + LEFT_OUT,
        venues={"ministry": "closed: [2027-04-13]", "nu": ""},
        visit={"end": "2027-04-14"},
    )
    plan = planned(b)
    assert plan.meetings == {"press"}
    return plan.unscheduled


def test_reason_the_venue_is_closed_on_its_only_day(left_out: dict[str, str]) -> None:
    """Start rules alone rule it out, whatever else happens: the reason names the venue,
    the rules (the Ministry's closed date, named, and the meeting's one day) and their
    slugs."""
    assert left_out["ministry-visit"] == (
        "no time fits the opening hours, closed dates and public holidays of ministry "
        "(closed Tue 13 Apr) and its days together (opening_hours, meeting_window)"
    )


def test_reason_the_attendees_are_never_free_together(left_out: dict[str, str]) -> None:
    """The Minister's and the Provost's windows do not meet: both named, not the rector,
    who is always free."""
    assert left_out["joint-talks"] == (
        "no time fits the availability of minister (who is available only Tue 13 Apr "
        "09:00-10:00) and the availability of provost (who is available only Tue 13 Apr "
        "10:00-11:00) together (availability)"
    )


def test_reason_a_host_free_only_after_the_working_day() -> None:
    """The Dean is free 19:00-20:00 only, after the working day (09:00-18:00): the reason
    names both rules, not just the Dean (who is free, only not in working hours)."""
    text = (
        participants(dean="19:00-20:00")
        + """
meetings:
  - {id: dinner-talk, title: Talk, venue: ministry, attendees: [rector, dean], minutes: 60}
"""
    )
    plan = planned(brief(text, venues=["ministry"]))
    assert plan.unscheduled["dinner-talk"] == (
        "no time fits the working day 09:00-18:00 and the availability of dean (who is "
        "available only Tue 13 Apr 19:00-20:00) together (working_day, availability)"
    )


def test_reason_it_must_follow_a_meeting_left_out(left_out: dict[str, str]) -> None:
    assert left_out["lab-tour"] == "it must follow joint-talks, which is not scheduled (order)"


def test_reason_it_can_never_follow_the_meeting_it_comes_after() -> None:
    """The follow-up comes ``after`` the talks; its host is free 09:00-10:00, the talks'
    host 14:00-15:00 only, and the talks give way to a call worth more at the same hour.
    The talks end at 15:00 at the earliest, the follow-up starts at 09:00 at the latest:
    even scheduled, the talks would leave it no room, and the reason says so. It said
    only that the talks were not scheduled, as if placing them would bring it in."""
    text = (
        participants(x="14:00-15:00", z="14:00-15:00", f="09:00-10:00")
        + """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, x], minutes: 60,
     priority: 10}
  - {id: call, title: Call, venue: ministry, attendees: [rector, z], minutes: 60,
     priority: 50}
  - {id: follow-up, title: Follow-up, venue: ministry, attendees: [rector, f], minutes: 60,
     priority: 30, after: [talks]}
"""
    )
    plan = planned(brief(text, venues=["ministry"]))
    assert plan.meetings == {"call"}
    assert plan.unscheduled["follow-up"] == (
        "it must follow talks, which cannot end, buffer included, before its last possible "
        "start (order)"
    )


COMPETING = """
meetings:
  - {id: courtesy-call, title: Courtesy call, venue: ministry, attendees: [rector, minister],
     minutes: 60, priority: 40}
  - {id: keynote, title: Keynote, venue: ministry, attendees: [rector, provost], minutes: 50,
     priority: 30}
  - {id: round-table, title: Round table, venue: ministry, attendees: [rector, dean],
     minutes: 120, priority: $priority}
"""


def competing(priority: str) -> Brief:
    """At the Ministry: the courtesy call (Minister free 09:00-10:00, so 09:00-10:00), the
    keynote (Provost free 10:10-11:00, 50 minutes, so 10:10-11:00, just the buffer after
    the call) and the round table (Dean free 09:00-11:00, 120 minutes, so 09:00-11:00),
    which overlaps both."""
    hosts = participants(minister="09:00-10:00", provost="10:10-11:00", dean="09:00-11:00")
    return brief(hosts + COMPETING.replace("$priority", priority), venues=["ministry"])


def test_reason_it_would_drop_higher_priority_meetings() -> None:
    """The round table (60) against the call and the keynote (40 + 30 = 70): the round
    table goes, and its reason names both meetings it would push out, with priorities,
    the higher first."""
    plan = planned(competing("60"))
    assert plan.meetings == {"courtesy-call", "keynote"}
    assert plan.result.objective == 70
    assert plan.unscheduled == {
        "round-table": "it fits on its own, but placing it would drop courtesy-call "
        "(priority 40), keynote (priority 30)"
    }


def test_reasons_on_a_larger_brief_name_what_placing_it_in_the_plan_drops() -> None:
    """A generated brief of 50 requests (seed 2; 16 left out at 10 s): each left-out
    meeting is tried in the plan, its attendees' meetings on the days it could take
    place free to move or go, the rest as planned. On a quiet machine every one gets a
    specific reason (a loaded one may run out of time for some, and they say so); what a
    reason says it would drop shares a participant with it (here the people's own
    meetings are always enough to free; see the shared flight below): a whole new plan with the
    meeting forced in, as before, named meetings that had nothing to do with it (80 at
    once on a 400-request brief, where placing it in the plan dropped 5)."""
    generated = parse_brief(generate(50, 2))
    result = planner.plan(generated, time_limit=10, seed=0, workers=1)
    assert result.itinerary is not None and result.violations == ()
    meetings = {m.id: m for m in generated.meetings}
    reasons = {u.id: u.reason for u in result.itinerary.unscheduled}
    assert len(reasons) >= 10
    drops = {m: r for m, r in reasons.items() if "placing it would drop" in r}
    assert drops
    for meeting_id, reason in drops.items():
        people = set(generated.expand(meetings[meeting_id].attendees))
        for dropped in re.findall(r"([\w-]+) \(priority \d+\)", reason):
            assert people & set(generated.expand(meetings[dropped].attendees)), (
                meeting_id,
                dropped,
            )


SHARED_FLIGHT = """
participants:
  - {id: rector, name: Rector, travels: true}
  - {id: dean, name: Dean, travels: true}
  - {id: minister, name: Minister, available: [{start: 2027-04-13 13:00, end: 2027-04-13 14:00}]}
  - {id: kaznu-rector, name: Rector of KazNU,
     available: [{start: 2027-04-13 13:00, end: 2027-04-13 14:00}]}
stays:
  - {venue: hotel-astana, nights: [2027-04-12]}
  - {venue: hotel-almaty, nights: [2027-04-13]}
transfers:
  - {id: flight, title: Flight to Almaty, from: airport-nqz, to: airport-ala,
     attendees: [rector, dean], check_in_minutes: 60,
     options: [{label: KC 951, depart: 2027-04-13 09:00, arrive: 2027-04-13 10:40},
               {label: KC 955, depart: 2027-04-13 16:00, arrive: 2027-04-13 17:40}]}
meetings:
  - {id: ministry-talks, title: Ministry, venue: ministry, attendees: [rector, minister],
     minutes: 60, priority: 50}
  - {id: kaznu-talks, title: KazNU, venue: kaznu, attendees: [dean, kaznu-rector],
     minutes: 60, priority: 60}
"""


def test_reason_names_another_travellers_meeting_when_a_shared_flight_would_move() -> None:
    """The rector and the dean fly to Almaty together, at 09:00 or 16:00. The minister
    (Astana) and KazNU's rector (Almaty) are both free only 13:00-14:00: the rector's
    ministry talks (50) need the 16:00 flight (14:00 + 28 min to the airport + 10 buffer
    = 14:38, check-in at 15:00), the dean's KazNU talks (60) the 09:00 one. The dean's
    win. Placing the ministry talks in the plan means moving the flight, which the
    rector's own meetings alone cannot do: the dean's talks, which share no one with
    them, are what it drops."""
    venues = ["hotel-astana", "ministry", "airport-nqz", "airport-ala", "hotel-almaty", "kaznu"]
    plan = planned(brief(SHARED_FLIGHT, venues=venues))
    assert plan.slot("flight") == "09:00-10:40 KC 951"
    assert plan.meetings == {"kaznu-talks"}
    assert plan.unscheduled == {
        "ministry-talks": "it fits on its own, but placing it would drop kaznu-talks (priority 60)"
    }


def test_reason_names_the_daily_limit_when_it_is_what_leaves_no_room() -> None:
    """One meeting a day (``max_meetings_per_day: 1``), one day, two meetings of the
    Rector that would both fit: the plan keeps the one at 50; the other's reason says
    what it would drop and, since the Rector is at the limit on the only day it could take
    place, that too (a probe found the limit unnamed: "why can a 30-minute interview not
    fit in a free afternoon?")."""
    body = (
        participants(minister="")
        + """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister], minutes: 60,
     priority: 50}
  - {id: interview, title: Interview, venue: ministry, attendees: [rector], minutes: 30,
     priority: 20}
"""
    )
    plan = planned(brief(body, venues=["ministry"], visit={"max_meetings_per_day": "1"}))
    assert plan.meetings == {"talks"}
    assert plan.unscheduled == {
        "interview": "it fits on its own, but placing it would drop talks (priority 50); "
        "rector already has 1 meeting on each day it could take place (max_meetings_per_day)"
    }


def test_reason_names_the_public_holiday_that_closes_the_venue() -> None:
    """Two days, Tuesday 13 and Wednesday 14 April; the Minister is free only on the
    14th, which the brief makes a holiday (``extra_holidays``), when the Ministry is
    closed. The reason names the holiday, the one fact a reader would look for."""
    body = (
        participants(minister="2027-04-14 09:00-17:00")
        + """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister], minutes: 60}
"""
    )
    visit = {"end": "2027-04-14", "extra_holidays": "[2027-04-14]"}
    plan = planned(brief(body, venues=["ministry"], visit=visit))
    assert plan.unscheduled == {
        "talks": "no time fits the opening hours, closed dates and public holidays of "
        "ministry (Wed 14 Apr is a public holiday) and the availability of minister (who "
        "is available only Wed 14 Apr 09:00-17:00) together (opening_hours, availability)"
    }

    # Open only 09:00-12:00 and the minister free only from 14:00: the holiday is no
    # longer what rules the talks out, and is not named (a probe's reasons named one)
    evening = body.replace("2027-04-14 09:00", "2027-04-14 14:00")
    hours = {"ministry": "open: {mon-fri: 09:00-12:00}"}
    plan = planned(brief(evening, venues=hours, visit=visit))
    assert plan.unscheduled == {
        "talks": "no time fits the opening hours, closed dates and public holidays of "
        "ministry and the availability of minister (who is available only Wed 14 Apr "
        "14:00-17:00) together (opening_hours, availability)"
    }


def test_reason_names_the_holiday_and_the_closed_date_that_close_the_venue() -> None:
    """Three days, 13 to 15 April; the Minister is free only on the 14th, a holiday, and
    the 15th, when the Ministry is closed (``closed``). Both are named (a probe's reason
    named the holiday and not the closed day after it)."""
    body = (
        participants(minister=("2027-04-14 09:00-17:00", "2027-04-15 09:00-17:00"))
        + """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister], minutes: 60}
"""
    )
    visit = {"end": "2027-04-15", "extra_holidays": "[2027-04-14]"}
    plan = planned(brief(body, venues={"ministry": "closed: [2027-04-15]"}, visit=visit))
    assert plan.unscheduled == {
        "talks": "no time fits the opening hours, closed dates and public holidays of "
        "ministry (Wed 14 Apr is a public holiday; closed Thu 15 Apr) and the availability "
        "of minister (who is available only Wed 14 Apr 09:00-17:00, Thu 15 Apr 09:00-17:00) "
        "together (opening_hours, availability)"
    }


def test_reason_a_pinned_meeting_in_the_way_and_what_else_would_go() -> None:
    """The round table (60) loses to the courtesy call and the keynote (40 + 30). Re-planned
    with the courtesy call pinned, the round table would fit only if the call went, and
    the keynote would go too: the reason says both. It said "it would fit only if a
    pinned meeting moved: courtesy-call", as if the pin alone kept it out."""
    first = planner.plan(competing("60"), time_limit=5, seed=0, workers=1)
    assert first.itinerary is not None
    again = planner.plan(
        competing("60"),
        time_limit=5,
        seed=0,
        workers=1,
        previous=first.itinerary,
        pins=("courtesy-call",),
    )
    assert again.itinerary is not None
    reasons = {u.id: u.reason for u in again.itinerary.unscheduled}
    assert reasons["round-table"] == (
        "it would fit only if the pinned courtesy-call (priority 40) went (pinned); placing "
        "it would also drop keynote (priority 30)"
    )


def test_reason_the_higher_priority_wins_and_the_other_says_what_it_would_drop() -> None:
    """The round table at 80 beats 70: now the call and the keynote are out, and each
    would drop the round table (priority 80) to get in."""
    plan = planned(competing("80"))
    assert plan.meetings == {"round-table"}
    drop = "it fits on its own, but placing it would drop round-table (priority 80)"
    assert plan.unscheduled == {"courtesy-call": drop, "keynote": drop}


def test_reason_it_cannot_fit_with_the_required_meetings() -> None:
    """With the round table required, the call and the keynote cannot fit at all, whatever
    else is dropped: the reason says so, with the facts that leave no room, as ``explain``
    finds them for the brief with the call required (the round table holds the rector
    09:00-11:00, the only hour the Minister has; a probe's reason said only "cannot fit
    together with the required meetings ...", where a lunch was the matter)."""
    plan = planned(competing("required"))
    assert plan.unscheduled["courtesy-call"] == (
        "it cannot fit beside these, whatever happens to the other optional meetings: "
        "round-table ('Round table', 120 min with rector, dean) is required "
        "(required_meetings); dean (Dean) is available only Tue 13 Apr 09:00-11:00 "
        "(availability); minister (Minister) is available only Tue 13 Apr 09:00-10:00 "
        "(availability); rector (Rector) needs travel time plus the 10-minute buffer between "
        "consecutive items, and changes city only on a transfer (travel_time)"
    )


# -- regressions: bugs found while writing these examples, now fixed ---------------------

BRIEFING = """
fixed:
  - {id: briefing, title: Briefing, venue: embassy-be, start: 2027-04-13 10:00, minutes: 60,
     attendees: [rector]}
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister], minutes: 60,
     priority: required}
"""


def test_no_fact_is_listed_twice() -> None:
    """The rector's briefing at the embassy is fixed at 10:00-11:00; the Minister is free
    only 10:00-11:00, for required talks at the Ministry. Four facts, each once (the fixed
    event used to come twice: once for "it takes place", once for "exactly then")."""
    why = explain(
        brief(participants(minister="10:00-11:00") + BRIEFING, venues=["ministry", "embassy-be"])
    )
    assert why.facts == (
        "fixed event briefing takes place Tue 13 Apr 10:00-11:00 at Embassy of Belgium "
        "(fixed_events)",
        "talks ('Talks', 60 min with rector, minister) is required (required_meetings)",
        "minister (Minister) is available only Tue 13 Apr 10:00-11:00 (availability)",
        "rector (Rector) needs travel time plus the 10-minute buffer between consecutive "
        "items, and changes city only on a transfer (travel_time)",
    )


LUNCH_TALKS = """
meetings:
  - {id: talks, title: Talks, venue: ministry, attendees: [rector, minister], minutes: 120,
     priority: required}
"""


def test_the_lunch_window_is_said_in_plain_words() -> None:
    """The Minister is free 12:00-14:30 for 120 required minutes; the travelling rector
    needs a 60-minute lunch in 12:00-14:30: 180 minutes in 150. The lunch is one fact in
    plain words (it used to come a second time as the internal id
    ``lunch-rector-2027-04-13: lunch (lunch)``)."""
    text = participants("travels: true", minister="12:00-14:30") + LUNCH_TALKS
    lunch = "{earliest: 12:00, latest: 14:30, minutes: 60}"
    why = explain(brief(text, venues=["ministry"], visit={"lunch": lunch}))
    assert why.facts == (
        "rector (Rector) needs a 60-minute lunch between 12:00 and 14:30 on Tue 13 Apr (lunch)",
        "talks ('Talks', 120 min with rector, minister) is required (required_meetings)",
        "minister (Minister) is available only Tue 13 Apr 12:00-14:30 (availability)",
        "rector (Rector) needs travel time plus the 10-minute buffer between consecutive "
        "items, and changes city only on a transfer (travel_time)",
    )


def test_every_fact_of_the_hotel_change_names_its_rule() -> None:
    """Example (b): the nights are a ``stays`` fact, the missing transfer a ``cities`` one
    (the first fact used to end without a slug)."""
    assert slugs(explain(hotel_change())) == ["stays", "cities"]


MONS_WITHOUT_A_ROAD_FROM_ULB = """
travel:
  times: [[hotel-bxl, umons, 55]]
stays:
  - {venue: hotel-bxl, nights: [2027-04-12, 2027-04-13]}
fixed:
  - {id: ulb-lunch, title: Lunch at ULB, venue: ulb, start: 2027-04-13 12:00, minutes: 60,
     attendees: [rector]}
meetings:
  - {id: umons-talks, title: Talks at UMONS, venue: umons, attendees: [rector], minutes: 60,
     priority: required}
"""


def test_a_drive_travel_times_does_not_list_is_named() -> None:
    """The rector sleeps in Brussels and has a fixed lunch at ULB at 12:00; the talks at
    UMONS (Mons) must fit the same day. ``travel.times`` lists the drive from the hotel to
    UMONS (55 min) but none from ULB, so the talks can come neither before the lunch
    (UMONS -> ULB) nor after it (ULB -> UMONS). No rule of the model stands for a road
    that is not there: the explanation named the lunch, the talks and the nights alone,
    and a reader could not see what to add. Now the missing drive is a fact of its own;
    with it listed (60 min) the brief plans."""
    body = participants("travels: true") + MONS_WITHOUT_A_ROAD_FROM_ULB
    venues = ["hotel-bxl", "ulb", "umons"]
    why = explain(brief(body, venues=venues))
    assert not why.feasible and why.decided
    assert fact_about(why, "travel.times") == (
        "travel.times lists no drive between UMONS (Mons) and ULB Solbosch (Brussels), so "
        "umons-talks cannot come straight before or after an item there (travel_time)"
    )
    assert "fixed_events" in slugs(why)
    with_the_drive = body.replace("55]]", "55], [ulb, umons, 60]]")
    assert explain(brief(with_the_drive, venues=venues)).feasible


BRUSSELS_TO_MONS_BY_ULB = """
travel:
  times: [[ulb, hotel-mons, 55]]
stays:
  - {venue: hotel-bxl, nights: [2027-04-12]}
  - {venue: hotel-mons, nights: [2027-04-13]}
meetings:
  - {id: ulb-talks, title: Talks at ULB, venue: ulb, attendees: [rector, ulb-rector],
     minutes: 60, priority: 10}
  - {id: umons-talks, title: Talks at UMONS, venue: umons, attendees: [rector, umons-rector],
     minutes: 60, priority: required}
"""


def test_a_meeting_that_is_the_only_way_between_two_cities_stays_in_the_search() -> None:
    """The rector sleeps in Brussels, then in Mons, and the one drive listed joins ULB to
    the Mons hotel: the optional ULB talks are the only way to Mons, and the required
    UMONS talks, in Mons the same day, can come neither before them (no drive from the
    Brussels hotel to UMONS) nor after (none from ULB to UMONS, and the Mons hotel is
    for the night). The facts say so: the talks, their day, the nights and the missing
    drive. The search for the required items in conflict used to drop every optional
    meeting, ULB's too, and answered with the nights alone (without the ULB talks no
    day could change city): true, but not why the UMONS talks cannot be held."""
    lunch = "{earliest: 12:00, latest: 14:00, minutes: 60}"
    text = (
        participants("travels: true", ulb_rector="14:00-15:00", umons_rector="09:00-10:00")
        + BRUSSELS_TO_MONS_BY_ULB
    )
    venues = ["hotel-bxl", "ulb", "umons", "hotel-mons"]
    why = explain(brief(text, venues=venues, visit={"lunch": lunch}))
    assert why.facts == (
        "umons-talks ('Talks at UMONS', 60 min with rector, umons-rector) is required "
        "(required_meetings)",
        "umons-talks must take place on any visit day (meeting_window)",
        "rector (Rector) spends the nights of Mon 12 Apr at Hotel Brussels; Tue 13 Apr at "
        "Hotel Mons (stays)",
        "travel.times lists no drive between UMONS (Mons) and Hotel Brussels (Brussels), so "
        "umons-talks cannot come straight before or after an item there (travel_time)",
    )


def test_the_busy_times_named_are_those_the_conflicts_own_rules_reach() -> None:
    """Tuesday 13 and Wednesday 14 April, the 14th a holiday; the host sits in the
    Senate all Tuesday and on a board until 16:00 on Wednesday; the required talks (60
    minutes) lie within 09:00-16:30. Required, the window and the host's busy times are
    conflict enough, the holiday is not needed, so it is not named, and the board
    meeting must be: it was left out (the holiday already closed the ministry that day,
    so the filter that keeps a long busy calendar short dropped it), and the three facts
    listed no longer held on their own."""
    busy = (
        "[{start: 2027-04-13 00:00, end: 2027-04-14 00:00, reason: Senate}, "
        "{start: 2027-04-14 00:00, end: 2027-04-14 16:00, reason: Board}]"
    )
    text = (
        participants()
        + f"""  - {{id: host, name: Host, unavailable: {busy}}}
meetings:
  - {{id: talks, title: Talks, venue: ministry, attendees: [rector, host], minutes: 60,
     priority: required, window: ["09:00", "16:30"]}}
"""
    )
    visit = {"end": "2027-04-14", "extra_holidays": "[2027-04-14]"}
    why = explain(brief(text, venues=["ministry"], visit=visit))
    assert fact_about(why, "(availability)") == (
        "host (Host) is unavailable Tue 13 Apr 00:00 to Wed 14 Apr 00:00 (Senate), "
        "Wed 14 Apr 00:00-16:00 (Board) (availability)"
    )


WRONG_WAY = """
transfers:
  - id: flight
    title: Flight Almaty to Astana
    from: airport-ala
    to: airport-nqz
    attendees: [rector]
    options:
      - {label: KC 952, depart: 2027-04-14 10:00, arrive: 2027-04-14 11:40}
"""


def test_a_flight_the_wrong_way_is_no_transfer_at_all(no_search: None) -> None:
    """As in (b), but the one flight of the 14th goes from Almaty to Astana, the wrong way:
    it does not count, and the quick check says what (b) says, no transfer from Astana to
    Almaty that day. (The check used to ignore the direction; the search then blamed the
    working day of the optional meeting ``talks``, which has nothing to do with it.)"""
    assert infeasible_without_search(hotel_change(WRONG_WAY)).facts == explain(hotel_change()).facts


def test_running_out_of_time_is_undecided_never_feasible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """tests/data/variants/two-required.yaml has no itinerary (two required meetings in
    the same 90 minutes, see its header). With 0.01 seconds not even the first solve can
    finish: the answer is "undecided", neither feasible nor a list of facts, and
    ``visitplanner explain`` exits 1, not 0."""
    path = VARIANTS / "two-required.yaml"
    why = explain(load_brief(path), time_limit=0.01)
    assert (why.feasible, why.decided, why.facts) == (False, False, ())
    assert str(why) == (
        "Undecided: within the time limit, neither an itinerary nor a set of conflicting "
        "facts was found. Try a longer --time-limit."
    )
    assert main(["explain", str(path), "--time-limit", "0.01"]) == 1
    assert capsys.readouterr().out == f"{path}: {why}\n"


def test_a_realistic_conflict_is_explained_in_a_few_facts() -> None:
    """tests/data/variants/two-required.yaml: the Vice-Minister and the Rector of ENU are
    both free only Tuesday 09:00-10:30, for two required 60-minute meetings with the
    Rector and the Director of International Relations (60 + 11 + 10 + 60 = 141
    minutes). Five facts: both meetings required, both windows, and one attendee's travel
    rule. It used to list 32 facts, every lunch and the flight home among them, with any
    time limit; then six, the attendee's nights too (lifting the stays freed the order
    of a route through a night, not only the journey to the hotel)."""
    why = explain(load_brief(VARIANTS / "two-required.yaml"))
    assert sorted(slugs(why)) == [
        "availability",
        "availability",
        "required_meetings",
        "required_meetings",
        "travel_time",
    ]
    assert "Tue 13 Apr 09:00-10:30 (availability)" in fact_about(why, "vice-minister (")
    assert "Tue 13 Apr 09:00-10:30 (availability)" in fact_about(why, "enu-rector (")


HOTEL_OR_ULB = """\
visit: {id: two-venues, title: T, timezone: Europe/Brussels, start: 2027-05-18,
        end: 2027-05-18}
participants: [{id: r, name: Rector}]
venues:
  - {id: hotel, name: Hotel, city: Brussels, open: {mon-sun: "17:00-20:00"}}
  - {id: ulb, name: ULB, city: Brussels}
meetings:
  - {id: talk, title: Talk, venues: [hotel, ulb], attendees: [r], minutes: 60,
     window: ["09:00", "10:00"]}
"""


def test_a_pinned_meeting_with_several_venues_is_explained_with_each() -> None:
    """The talk may be at the hotel (open 17:00-20:00) or at ULB, 09:00-10:00 on
    Tuesday 18 May: the plan has it at ULB. Then ULB closes that day and the talk is
    pinned: the explanation names both venues, ULB's closing day with them (it used to
    name only the hotel, the first venue, which was not the news), and the pin."""
    first = planner.plan(parse_brief(HOTEL_OR_ULB), time_limit=5)
    assert first.itinerary is not None and first.itinerary.item("talk").venue == "ulb"
    closed = HOTEL_OR_ULB.replace("city: Brussels}", "city: Brussels, closed: [2027-05-18]}")
    again = planner.plan(
        parse_brief(closed), time_limit=5, previous=first.itinerary, pins=("talk",)
    )
    assert again.explanation is not None
    assert fact_about(again.explanation, "(opening_hours)") == (
        "talk is at Hotel, open mon-sun 17:00-20:00; or at ULB, open every day, closed on "
        "Tue 18 May (opening_hours)"
    )
    # Only the pin makes the talk (priority 10) a must: the fact says so, where it said
    # "talk ... is required (required_meetings)" as of a meeting the brief requires
    assert "talk is pinned where the previous plan had it (pinned)" in again.explanation.facts
    assert "required_meetings" not in slugs(again.explanation)


def test_a_time_the_clocks_show_twice_is_explained_with_its_offset() -> None:
    """Brussels shows 02:00-03:00 twice on Sunday 31 October 2027. The host is free only
    in the second of those hours (+01:00), the talk needs 90 minutes: the fact names
    that hour with its offset, "02:00 (+01:00)-03:00", where it read "02:00-03:00", which
    could be either."""
    why = explain(
        parse_brief(
            """
visit: {id: autumn, title: Autumn, timezone: Europe/Brussels, start: 2027-10-31,
        end: 2027-10-31, day: {start: "00:00", end: "24:00"}}
participants:
  - {id: host, name: Host,
     available: [{start: "2027-10-31 02:00+01:00", end: "2027-10-31 03:00+01:00"}]}
venues: [{id: umons, name: UMONS, city: Mons}]
meetings: [{id: talk, title: Talk, venue: umons, attendees: [host], minutes: 90,
            priority: required}]
"""
        )
    )
    assert "host (Host) is available only Sun 31 Oct 02:00 (+01:00)-03:00 (availability)" in (
        why.facts
    )
