"""Property: whatever small brief it is given, the planner either says "infeasible" or
returns an itinerary that the independent checker finds no fault with.

Hypothesis draws briefs in Astana (and, with a flight, Almaty) over one or two days: 2-4
participants with random availability, 2-6 meetings with random lengths, priorities,
windows, days, venues (sometimes a choice of two), optional attendees, ``after`` and
``prefer``; sometimes a required meeting, lunch, a daily limit, opening hours, a closed
date; sometimes a flight with two options and the stays on either side of it.
Every brief is written as JSON, which is YAML too, and read by ``parse_brief``.

And a second property, which catches answers that are wrong though no rule is broken:
with nothing required (no flight, no required meeting), leaving every meeting out is an
itinerary, so the answer is never "infeasible".

Kept fast and reproducible: 40 examples, derandomized, 2 s per solve, one worker, seed 0.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs import PLACES
from visitplanner.checker import check
from visitplanner.loader import parse_brief
from visitplanner.planner import plan

DAYS = ("2027-04-13", "2027-04-14")  # Tuesday and Wednesday
ASTANA = ("hotel-astana", "ministry", "nu", "embassy-be")
ALMATY = ("hotel-almaty", "kaznu")
FLIGHTS = (  # two options on either day, the second leaving in the evening
    ("07:10", "08:50"),
    ("17:40", "19:20"),
)


def venue(vid: str, extra: dict[str, Any]) -> dict[str, Any]:
    """A venue of ``briefs.PLACES`` as brief data."""
    return {"id": vid, **PLACES[vid], **extra}


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def windows(draw: st.DrawFn, days: tuple[str, ...]) -> dict[str, str]:
    """A window of absolute time on one of ``days``, one to eight hours long."""
    day = draw(st.sampled_from(days))
    start = draw(st.integers(8 * 4, 16 * 4)) * 15
    length = draw(st.integers(4, 32)) * 15
    return {"start": f"{day} {clock(start)}", "end": f"{day} {clock(min(start + length, 1439))}"}


@st.composite
def participant(draw: st.DrawFn, pid: str, days: tuple[str, ...]) -> dict[str, Any]:
    person: dict[str, Any] = {"id": pid, "name": pid.title()}
    kind = draw(st.sampled_from(["free", "available", "unavailable"]))
    if kind == "available":
        person["available"] = draw(st.lists(windows(days), min_size=1, max_size=2))
    elif kind == "unavailable":
        person["unavailable"] = draw(st.lists(windows(days), min_size=1, max_size=2))
    return person


@st.composite
def meeting(
    draw: st.DrawFn,
    index: int,
    people: list[str],
    places: list[str],
    days: tuple[str, ...],
) -> dict[str, Any]:
    minutes = draw(st.sampled_from([30, 45, 60, 90]))
    attendees = draw(st.lists(st.sampled_from(people), min_size=1, max_size=2, unique=True))
    m: dict[str, Any] = {
        "id": f"m{index}",
        "title": f"Meeting {index}",
        "attendees": attendees,
        "minutes": minutes,
        "priority": draw(
            st.one_of(st.integers(1, 100), st.just("required"))
            if draw(st.integers(0, 9)) == 0
            else st.integers(1, 100)
        ),
    }
    if len(places) > 1 and draw(st.booleans()):
        m["venues"] = draw(st.lists(st.sampled_from(places), min_size=2, max_size=2, unique=True))
    else:
        m["venue"] = draw(st.sampled_from(places))
    others = [p for p in people if p not in attendees]
    if others and draw(st.booleans()):
        m["optional_attendees"] = [draw(st.sampled_from(others))]
    if draw(st.integers(0, 3)) == 0:
        start = draw(st.integers(7 * 4, 18 * 4)) * 15
        m["window"] = [clock(start), clock(start + minutes + draw(st.integers(0, 12)) * 15)]
    if len(days) > 1 and draw(st.integers(0, 3)) == 0:
        m["days"] = [draw(st.sampled_from(days))]
    if index > 0 and draw(st.integers(0, 3)) == 0:
        m["after"] = [f"m{draw(st.integers(0, index - 1))}"]
    if draw(st.integers(0, 3)) == 0:
        m["prefer"] = draw(st.sampled_from(["morning", "afternoon", "early", "late", "11:00"]))
    return m


@st.composite
def briefs(draw: st.DrawFn) -> dict[str, Any]:
    days = DAYS[: draw(st.integers(1, 2))]
    visit: dict[str, Any] = {
        "id": "random",
        "title": "A random visit",
        "timezone": "Asia/Almaty",
        "start": days[0],
        "end": days[-1],
        "day": {"start": "09:00", "end": "18:00"},
        "buffer_minutes": draw(st.sampled_from([0, 5, 10, 15])),
    }
    if draw(st.booleans()):
        visit["lunch"] = {"earliest": "12:00", "latest": "14:30", "minutes": 60}
    if draw(st.integers(0, 3)) == 0:
        visit["max_meetings_per_day"] = draw(st.integers(1, 3))

    flight = draw(st.integers(0, 2)) == 0
    cities = [ASTANA, ALMATY] if flight else [ASTANA]
    places = [
        p
        for city in cities
        for p in draw(st.lists(st.sampled_from(city), min_size=1, max_size=2, unique=True))
    ]
    venues = []
    for vid in places:
        extra: dict[str, Any] = {}
        if PLACES[vid]["kind"] != "hotel" and draw(st.integers(0, 2)) == 0:
            extra["open"] = {"mon-fri": draw(st.sampled_from(["09:00-17:00", "10:00-16:00"]))}
        if draw(st.integers(0, 5)) == 0:
            extra["closed"] = [draw(st.sampled_from(days))]
        venues.append(venue(vid, extra))

    count = draw(st.integers(2, 4))
    people = [f"p{i}" for i in range(count)]
    participants = [draw(participant(pid, days)) for pid in people]
    travels = draw(st.booleans())
    participants[0]["travels"] = travels
    data: dict[str, Any] = {"visit": visit, "participants": participants}

    if flight:
        venues += [venue("airport-nqz", {}), venue("airport-ala", {})]
        day = draw(st.sampled_from(days))
        data["transfers"] = [
            {
                "id": "flight",
                "title": "Flight to Almaty",
                "from": "airport-nqz",
                "to": "airport-ala",
                "attendees": ["p0"],
                "check_in_minutes": draw(st.sampled_from([30, 60, 90])),
                "options": [
                    {"label": f"KC {i}", "depart": f"{day} {dep}", "arrive": f"{day} {arr}"}
                    for i, (dep, arr) in enumerate(FLIGHTS)
                ],
            }
        ]
        if travels and draw(st.booleans()):
            before = [d for d in ("2027-04-12", *days) if d < day]
            venues += [venue(h, {}) for h in ("hotel-astana", "hotel-almaty") if h not in places]
            data["stays"] = [
                {"venue": "hotel-astana", "nights": before},
                {"venue": "hotel-almaty", "nights": [d for d in days if d >= day]},
            ]
    data["venues"] = venues
    meeting_places = [p for p in places if p not in ("airport-nqz", "airport-ala")]
    data["meetings"] = [
        draw(meeting(i, people, meeting_places, days)) for i in range(draw(st.integers(2, 6)))
    ]
    return data


# 40 examples each, the same ones on every run (CI reproducible), 2 s per solve.
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(briefs())
def test_plan_is_infeasible_or_breaks_no_rule(data: dict[str, Any]) -> None:
    """Whatever the brief, no itinerary the planner returns breaks a rule."""
    brief = parse_brief(json.dumps(data))
    result = plan(brief, time_limit=2, seed=0, workers=1)
    if result.status == "infeasible":
        assert result.itinerary is None
        return
    assert result.status in ("optimal", "feasible")
    assert result.itinerary is not None
    assert result.violations == ()
    assert check(brief, result.itinerary) == []


@st.composite
def briefs_without_required_items(draw: st.DrawFn) -> dict[str, Any]:
    """``briefs()`` with nothing that must happen: no flight (and so no stays), and every
    required meeting given priority 50. Leaving every meeting out is then an itinerary."""
    data = draw(briefs())
    data.pop("transfers", None)
    data.pop("stays", None)
    for m in data["meetings"]:
        if m["priority"] == "required":
            m["priority"] = 50
    return data


@SETTINGS
@given(briefs_without_required_items())
def test_with_nothing_required_there_is_always_an_itinerary(data: dict[str, Any]) -> None:
    """With nothing required (lunch aside, which always fits a day without fixed items),
    the empty plan keeps every rule, so the answer is never "infeasible"."""
    brief = parse_brief(json.dumps(data))
    result = plan(brief, time_limit=2, seed=0, workers=1)
    assert result.status in ("optimal", "feasible"), result.explanation
    assert result.itinerary is not None
    assert result.violations == ()
