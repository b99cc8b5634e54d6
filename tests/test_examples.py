"""The shipped examples plan, obey every rule, and tell the stories their comments tell.

- ``examples/umons-kazakhstan.yaml``: a UMONS mission to Astana and Almaty, 17-21 May 2027.
- ``examples/kazakh-delegation-mons.yaml``: the return visit, the ENU leadership in
  Brussels and Mons from Thursday 25 to Tuesday 30 March 2027, over Easter (Sunday 28 and
  Monday 29 are Belgian public holidays) and over the night the clocks go forward
  (Sunday 28 March, 02:00 CET becomes 03:00 CEST).
- ``examples/build_in_python.py``: a brief built from the models, planned, written as .ics.

Each brief is planned once per session (one worker, seed 0, 15 s at most; they take
about a second each), then checked by the independent checker and read like an itinerary.
"""

from __future__ import annotations

import functools
import importlib.util
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType

import icalendar
import pytest

from visitplanner import Brief, load_brief
from visitplanner.checker import check
from visitplanner.ics import to_calendar
from visitplanner.itinerary import Item
from visitplanner.planner import Result, plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
UMONS_KZ = EXAMPLES / "umons-kazakhstan.yaml"
ENU_MONS = EXAMPLES / "kazakh-delegation-mons.yaml"
SCRIPT = EXAMPLES / "build_in_python.py"


@functools.cache
def planned(path: Path) -> tuple[Brief, Result]:
    """The brief at ``path`` and its plan (one worker, seed 0), computed once."""
    brief = load_brief(path)
    return brief, plan(brief, time_limit=15, seed=0, workers=1)


def itinerary_items(path: Path) -> dict[str, Item]:
    """The planned meetings, fixed events and transfers of a brief, by id."""
    _, result = planned(path)
    assert result.itinerary is not None
    return {
        item.id: item
        for item in result.itinerary.items
        if item.kind in ("meeting", "fixed", "transfer")
    }


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%a %d %b %H:%M UTC")


# -- every brief: planned, every required meeting in, every rule kept --------------------


@pytest.mark.parametrize("path", [UMONS_KZ, ENU_MONS], ids=lambda p: p.name)
def test_the_example_plans_and_obeys_every_rule(path: Path) -> None:
    """The plan is found (optimal or feasible), holds every required meeting, and the
    independent checker finds nothing wrong with it."""
    brief, result = planned(path)
    assert result.status in ("optimal", "feasible"), result.explanation
    assert result.itinerary is not None
    scheduled = {item.id for item in result.itinerary.items if item.kind == "meeting"}
    required = {m.id for m in brief.meetings if m.required}
    assert required <= scheduled
    assert check(brief, result.itinerary) == []
    assert result.violations == ()


@pytest.mark.parametrize("path", [UMONS_KZ, ENU_MONS], ids=lambda p: p.name)
def test_the_example_starts_with_its_schema_line(path: Path) -> None:
    """Editors that read ``yaml-language-server`` comments complete and check the brief."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../src/visitplanner/brief.schema.json"


# -- UMONS in Kazakhstan -------------------------------------------------------------------


def test_umons_mission_keeps_every_meeting_around_the_holiday_and_the_flights() -> None:
    """Monday 17 May is Kurban Ait (added with extra_holidays): only the fixed briefing and
    walk take place. The Vice-Minister is seen in one of the two slots the office offered.
    The midday flight to Almaty (FS 7105, 12:50-14:35) would leave no room for lunch, so
    another is taken; the signing follows the talks at KazNU; KBTU is closed on Thursday
    20, so the energy meeting is on Friday. All 16 meetings fit."""
    brief, result = planned(UMONS_KZ)
    assert result.itinerary is not None and result.itinerary.unscheduled == ()
    items = itinerary_items(UMONS_KZ)
    tz = brief.visit.tz

    on_monday = [i for i in items.values() if i.start.astimezone(tz).date() == date(2027, 5, 17)]
    assert {i.kind for i in on_monday} == {"fixed"}

    talks = items["ministry-talks"]
    slots = brief.participant("vice-minister").available or ()
    assert any(s.start <= talks.start and talks.end <= s.end for s in slots)

    assert items["flight-astana-almaty"].option != "FS 7105"
    assert items["kaznu-signing"].start >= items["kaznu-talks"].end
    assert items["kbtu-energy"].start.astimezone(tz).date() == date(2027, 5, 21)

    home = items["flight-home"]
    assert home.end.astimezone(tz).date() == date(2027, 5, 22)  # lands on Saturday


# -- ENU in Brussels and Mons --------------------------------------------------------------


def test_enu_visit_holds_no_meeting_at_easter() -> None:
    """On Easter Sunday 28 and Easter Monday 29 March no meeting takes place: Sunday has
    the Easter concert, Monday the private visit of Grand-Hornu, both fixed in advance."""
    brief, _ = planned(ENU_MONS)
    tz = brief.visit.tz
    by_day: dict[date, set[str]] = {}
    for item in itinerary_items(ENU_MONS).values():
        by_day.setdefault(item.start.astimezone(tz).date(), set()).add(item.id)
    assert by_day[date(2027, 3, 28)] == {"easter-concert"}
    assert by_day[date(2027, 3, 29)] == {"grand-hornu-visit"}


def test_enu_visit_leaves_out_the_demo_only_offered_on_easter_monday() -> None:
    """The Numediart director's only slot is Easter Monday morning, a public holiday: the
    demonstration is the one meeting left out, with a reason. Everything else fits."""
    _, result = planned(ENU_MONS)
    assert result.itinerary is not None
    left_out = {u.id: u.reason for u in result.itinerary.unscheduled}
    assert list(left_out) == ["numediart-demo"]
    assert left_out["numediart-demo"]


def test_enu_visit_meetings_at_nine_move_by_an_hour_in_utc_across_the_clock_change() -> None:
    """A 09:00 meeting on Friday 26 March is 08:00 UTC (CET, +01:00); on Tuesday 30 March,
    after the clocks went forward on Sunday at 02:00, it is 07:00 UTC (CEST, +02:00).
    Both are forced by the hosts: Wallonie-Bruxelles International has 09:00-10:00 on
    Friday, Materia Nova's chief executive 09:00-11:00 on Tuesday for a two-hour meeting.
    The Easter concert, fixed at 16:00 on the Sunday itself, is 14:00 UTC."""
    items = itinerary_items(ENU_MONS)
    assert utc(items["wbi-talks"].start) == "Fri 26 Mar 08:00 UTC"
    assert utc(items["materia-nova-talks"].start) == "Tue 30 Mar 07:00 UTC"
    assert utc(items["easter-concert"].start) == "Sun 28 Mar 14:00 UTC"
    assert items["wbi-talks"].start.utcoffset() == timedelta(hours=1)
    assert items["materia-nova-talks"].start.utcoffset() == timedelta(hours=2)


def test_enu_visit_drives_from_brussels_to_mons_on_friday() -> None:
    """Thursday is in Brussels (the embassy, the FNRS, the Ambassador's dinner), and so is
    Friday 09:00 at WBI; Brussels and Mons are linked only by the drives listed in
    travel.times, so every traveller reaches Mons on one of those drives from WBI (65 to
    70 minutes, as listed), and every other Friday meeting is in Mons."""
    brief, result = planned(ENU_MONS)
    assert result.itinerary is not None
    items = itinerary_items(ENU_MONS)
    tz = brief.visit.tz
    friday = [i for i in items.values() if i.start.astimezone(tz).date() == date(2027, 3, 26)]
    cities = {i.id: brief.venue(i.venue).city for i in friday if i.venue}
    assert cities.pop("wbi-talks") == "Brussels"
    assert set(cities.values()) == {"Mons"}
    drives = [
        leg
        for leg in result.itinerary.items
        if leg.kind == "travel" and leg.from_ == "wbi" and brief.venue(leg.to or "").city == "Mons"
    ]
    travellers = {p.id for p in brief.participants if p.travels}
    assert travellers <= {pid for leg in drives for pid in leg.attendees}
    listed = {frozenset((a, b)): minutes for a, b, minutes in brief.travel.times}
    for leg in drives:
        assert leg.end - leg.start == timedelta(minutes=listed[frozenset(("wbi", leg.to or ""))])


def test_enu_visit_flies_home_on_the_evening_flight_landing_in_kazakh_time() -> None:
    """The Istanbul flight home leaves Brussels at 12:05, so check-in at 10:05 and the
    drive to the airport would cut into the required Materia Nova meeting (09:00-11:00):
    the Frankfurt flight is taken, leaving at 17:20 and landing in Astana at 05:55 on
    Wednesday 31 March, Kazakh time (UTC+05:00). The signing follows the UMONS talks."""
    items = itinerary_items(ENU_MONS)
    home = items["flight-home"]
    assert home.option == "LH 1004 / KC 912 via Frankfurt"
    assert home.end == datetime.fromisoformat("2027-03-31T05:55+05:00")
    assert items["signing"].start >= items["umons-talks"].end
    assert items["materia-nova-labs"].start >= items["materia-nova-talks"].end


def test_enu_visit_calendars_show_brussels_time_and_the_delegation_kazakh_time() -> None:
    """The visit's calendar writes the Friday and Tuesday 09:00 meetings at 09:00 Brussels
    time; the Rector of ENU's own calendar, in Asia/Almaty, has them at 13:00 and 12:00:
    Kazakhstan keeps UTC+05:00 all year while Belgium moves to summer time."""
    brief, result = planned(ENU_MONS)
    assert result.itinerary is not None

    def starts(data: bytes) -> dict[str, datetime]:
        calendar = icalendar.Calendar.from_ical(data)
        return {str(e["SUMMARY"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}

    visit = to_calendar(brief, result.itinerary)
    rector = to_calendar(brief, result.itinerary, participant="enu-rector")
    assert b"DTSTART;TZID=Europe/Brussels:20270326T090000" in visit
    assert b"DTSTART;TZID=Europe/Brussels:20270330T090000" in visit
    assert b"DTSTART;TZID=Asia/Almaty:20270326T130000" in rector
    assert b"DTSTART;TZID=Asia/Almaty:20270330T120000" in rector
    wbi = "Scholarships and mobility with Wallonie-Bruxelles International"
    assert starts(visit)[wbi] == starts(rector)[wbi] == datetime(2027, 3, 26, 8, tzinfo=UTC)


# -- the Python script -----------------------------------------------------------------


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_in_python", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_brief_plans_and_obeys_every_rule() -> None:
    """The brief built from the models plans, keeps its required pilot-line trial inside
    the laboratory head's Wednesday afternoon, and passes the checker."""
    brief = load_script().build_brief()
    result = plan(brief, time_limit=10, seed=0, workers=1)
    assert result.status in ("optimal", "feasible")
    assert result.itinerary is not None
    assert check(brief, result.itinerary) == []
    trial = result.itinerary.item("pilot-line-trial")
    assert trial is not None
    assert datetime(2027, 4, 7, 11, tzinfo=UTC) <= trial.start  # 13:00 in Brussels (CEST)
    assert trial.end <= datetime(2027, 4, 7, 15, 30, tzinfo=UTC)  # 17:30
    seminar = result.itinerary.item("phd-seminar")
    assert seminar is None or seminar.start >= trial.end


def test_the_script_runs_and_writes_a_calendar(tmp_path: Path) -> None:
    """``python examples/build_in_python.py OUTDIR`` prints the plan and writes
    OUTDIR/follow-up.ics, which parses, with the coating trial on Wednesday 7 April."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Coating trial on the Materia Nova pilot line" in done.stdout
    calendar = icalendar.Calendar.from_ical((tmp_path / "follow-up.ics").read_bytes())
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    trial = events["Coating trial on the Materia Nova pilot line"]
    assert trial.decoded("DTSTART").date() == date(2027, 4, 7)
    assert trial.decoded("DTEND") - trial.decoded("DTSTART") == timedelta(hours=3)
    assert str(calendar["METHOD"]) == "PUBLISH"
