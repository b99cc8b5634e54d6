"""Busy calendars in a brief: the rector's Google export blocks time in the plan.

tests/data/busy/rector-google.ics (Europe/Brussels, UTC+2 in April) has a weekly 10:00-11:00
meeting: in Almaty (UTC+5) that is 13:00-14:00 on Monday 12 and Tuesday 13 April 2027.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from visitplanner import BriefError, load_brief, parse_brief, plan
from visitplanner.checker import check
from visitplanner.cli import main

DATA = Path(__file__).parent / "data" / "busy"

BRIEF = """\
visit: {id: busy-demo, title: Busy demo, timezone: Asia/Almaty, start: 2027-04-12,
        end: 2027-04-12, day: {start: 09:00, end: 18:00}}
participants:
  - {id: rector, name: Rector, busy_calendar: rector-google.ics}
  - {id: provost, name: Provost, available: [{start: 2027-04-12 12:30, end: 2027-04-12 14:30}]}
venues:
  - {id: nu, name: Nazarbayev University, city: Astana, location: [51.09, 71.40]}
meetings:
  - {id: talks, title: Talks, venue: nu, attendees: [rector, provost], minutes: 60,
     priority: 50}
"""


def write_brief(folder: Path, text: str = BRIEF) -> Path:
    shutil.copy(DATA / "rector-google.ics", folder / "rector-google.ics")
    path = folder / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_busy_time_becomes_unavailability(tmp_path: Path) -> None:
    """The 10:00 Brussels meeting arrives as an unavailable window 13:00-14:00 Almaty."""
    brief = load_brief(write_brief(tmp_path))
    rector = brief.participant("rector")
    tz = brief.visit.tz
    spans = [(w.start.astimezone(tz), w.end.astimezone(tz)) for w in rector.unavailable]
    assert [(a.strftime("%d %H:%M"), b.strftime("%d %H:%M")) for a, b in spans][:2] == [
        ("12 13:00", "12 14:00"),
        ("13 13:00", "13 14:00"),
    ]
    assert all(w.reason == "busy in rector-google.ics" for w in rector.unavailable)


def test_the_plan_avoids_the_busy_hour(tmp_path: Path) -> None:
    """The Provost is free 12:30-14:30, so a 60-minute talk could start 12:30-13:30.
    Every such start overlaps the rector's 13:00-14:00 call: without the busy calendar
    the talks happen, with it they are left out, for lack of a common free hour."""
    free = plan(parse_brief(BRIEF.replace(", busy_calendar: rector-google.ics", "")), time_limit=5)
    assert free.itinerary is not None and free.itinerary.item("talks") is not None

    brief = load_brief(write_brief(tmp_path))
    result = plan(brief, time_limit=5)
    assert result.itinerary is not None
    assert result.itinerary.item("talks") is None
    (left,) = result.itinerary.unscheduled
    assert left.id == "talks"
    assert left.reason == (
        "no time fits the availability of rector (who is unavailable Mon 12 Apr 13:00-14:00 "
        "(busy in rector-google.ics)) and the availability of provost (who is available only "
        "Mon 12 Apr 12:30-14:30) together (availability)"
    )
    assert check(brief, result.itinerary) == []


def test_a_missing_busy_calendar_names_the_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No .ics beside the brief: exit 2, the message names the file and the field."""
    path = tmp_path / "brief.yaml"
    path.write_text(BRIEF, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "rector-google.ics" in err and "participants.0.busy_calendar" in err
    assert f"(named at {path}:4)" in err  # the brief's line that names the calendar
    assert "Traceback" not in err
    with pytest.raises(BriefError):
        load_brief(path)


def test_a_broken_rule_names_the_file_the_event_and_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Rector's export has a rule no calendar program writes, FREQ=SOMETIMES: exit 2,
    and one line that says where (the .ics and the event's line, the brief's field and
    line) and what is wrong, in words."""
    path = write_brief(tmp_path)
    (tmp_path / "rector-google.ics").write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:1\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270412T070000Z\r\n"
        b"DTEND:20270412T080000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{tmp_path / 'rector-google.ics'}:4: participants.0.busy_calendar: busy calendar: "
        "event UID 1: RRULE:FREQ=SOMETIMES: SOMETIMES is not a valid frequency (YEARLY, "
        f"MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY or SECONDLY) (named at {path}:4)\n"
    ) in err
