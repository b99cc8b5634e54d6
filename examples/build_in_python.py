"""Build a brief in Python, plan it, and write its calendar.

The story: a week after the ENU leadership visit (``kazakh-delegation-mons.yaml``), the
ENU Vice-Rector for Science comes back to Mons with a materials scientist for two working
days, Wednesday 7 and Thursday 8 April 2027. The one thing that must happen is a coating
trial on the Materia Nova pilot line, and the head of the laboratory is only free on
Wednesday afternoon. Around it: a joint paper with the UMONS Vice-Rector for Research
(who sits on a jury on Thursday morning), a seminar for the PhD students once the trial
has given results, and a wrap-up on Thursday.

The brief is made of the models that ``visitplanner`` exports, one per section of a YAML
brief. Built one by one, nested models need *aware* date-times (there is no visit zone
to read a bare local time in yet): ``local()`` below attaches the visit's zone.

Run it:

    python examples/build_in_python.py [OUTDIR]

It prints the plan and writes ``OUTDIR/follow-up.ics`` (OUTDIR defaults to a new
temporary folder).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import visitplanner
from visitplanner import (
    Brief,
    Lunch,
    Meeting,
    Participant,
    Stay,
    Venue,
    Visit,
    Window,
    WorkingDay,
)

ZONE = "Europe/Brussels"
CALENDAR = "follow-up.ics"


def local(day: date, clock: str) -> datetime:
    """``clock`` ("13:00") on ``day`` in Brussels, as an aware date-time."""
    hours, minutes = map(int, clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(ZONE))


def build_brief() -> Brief:
    """The follow-up visit: 2 travellers, 3 hosts, 3 venues, 4 meetings (1 required)."""
    wednesday, thursday = date(2027, 4, 7), date(2027, 4, 8)
    return Brief(
        visit=Visit(
            id="enu-mons-follow-up-2027-04",
            title="ENU research follow-up in Mons",
            timezone=ZONE,
            start=wednesday,
            end=thursday,
            holidays="BE",
            day=WorkingDay(start=time(8, 30), end=time(18, 0)),
            lunch=Lunch(earliest=time(12, 0), latest=time(14, 0), minutes=60),
            buffer_minutes=10,
            max_meetings_per_day=3,
        ),
        participants=(
            Participant(
                id="enu-vr-research",
                name="ENU Vice-Rector for Science",
                timezone="Asia/Almaty",  # their calendar shows Kazakh time
                travels=True,
            ),
            Participant(id="enu-scientist", name="ENU materials scientist", travels=True),
            Participant(
                id="mn-lab-head",
                name="Head of the Surface Engineering Laboratory, Materia Nova",
                available=(Window(start=local(wednesday, "13:00"), end=local(wednesday, "17:30")),),
            ),
            Participant(
                id="umons-vr-research",
                name="UMONS Vice-Rector for Research",
                unavailable=(
                    Window(
                        start=local(thursday, "08:30"),
                        end=local(thursday, "12:00"),
                        reason="PhD jury",
                    ),
                ),
            ),
            Participant(id="umons-phds", name="PhD students of the materials institute"),
        ),
        groups={"guests": ("enu-vr-research", "enu-scientist")},
        venues=(
            Venue(
                id="hotel-mons",
                name="Hotel, Mons",
                kind="hotel",
                city="Mons",
                location=(50.4537, 3.9550),
            ),
            Venue(
                id="umons",
                name="UMONS, Place du Parc 20",
                kind="university",
                city="Mons",
                location=(50.4585, 3.9522),
                open={"mon-fri": "08:00-19:00"},
            ),
            Venue(
                id="materia-nova",
                name="Materia Nova, Avenue Nicolas Copernic 3",
                kind="research_centre",
                city="Mons",
                location=(50.4719, 3.9290),
                open={"mon-fri": "08:30-17:30"},
            ),
        ),
        # Arrived on Tuesday evening; Thursday night they take the train to Paris.
        stays=(Stay(venue="hotel-mons", nights=(date(2027, 4, 6), wednesday)),),
        meetings=(
            Meeting(
                id="pilot-line-trial",
                title="Coating trial on the Materia Nova pilot line",
                venue="materia-nova",
                attendees=("guests", "mn-lab-head"),
                minutes=180,
                priority="required",
            ),
            Meeting(
                id="joint-paper",
                title="Writing the joint paper",
                venue="umons",
                attendees=("enu-vr-research", "umons-vr-research"),
                minutes=90,
                priority=60,
                prefer="morning",
            ),
            Meeting(
                id="phd-seminar",
                title="Seminar: first results of the coating trial",
                venue="umons",
                attendees=("enu-scientist", "umons-phds"),
                optional_attendees=("umons-vr-research",),
                minutes=60,
                priority=40,
                after=("pilot-line-trial",),
            ),
            Meeting(
                id="wrap-up",
                title="Wrap-up and next steps",
                venue="umons",
                attendees=("guests", "umons-vr-research"),
                minutes=45,
                priority=30,
                days=(thursday,),
                prefer="late",
            ),
        ),
    )


def main(argv: list[str] | None = None) -> int:
    """Plan the follow-up visit, print it and write its calendar into OUTDIR."""
    args = sys.argv[1:] if argv is None else argv
    outdir = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="visitplanner-"))
    outdir.mkdir(parents=True, exist_ok=True)

    brief = build_brief()
    result = visitplanner.plan(brief, time_limit=10)
    if result.itinerary is None:
        print(f"{brief.visit.title}: {result.status}: {result.explanation}")
        return 1

    kept = [item for item in result.itinerary.items if item.kind == "meeting"]
    print(f"{brief.visit.title}: {result.status}, {len(kept)} of {len(brief.meetings)} meetings")
    for item in kept:
        start = item.start.astimezone(brief.visit.tz)
        end = item.end.astimezone(brief.visit.tz)
        print(f"  {start:%a %d %b %H:%M}-{end:%H:%M}  {item.title} ({item.venue})")
    for left in result.itinerary.unscheduled:
        print(f"  left out: {left.id}: {left.reason}")

    calendar = outdir / CALENDAR
    calendar.write_bytes(visitplanner.to_calendar(brief, result.itinerary))
    print(f"Calendar written to {calendar}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
