"""Tiny briefs for the planner tests, and the helpers that plan and read them.

A test writes only what its story needs (participants, meetings, transfers...) and names
the venues it uses; ``brief`` adds the ``visit`` header and the venues from ``PLACES``.
Unless a test says otherwise the visit is one day, Tuesday 13 April 2027, in Asia/Almaty
(UTC+5 all year), working day 09:00-18:00, buffer 10 minutes, travel at 25 km/h and at
least 10 minutes (the brief's defaults).

Travel between the venues below, max(10, ceil(km / 25 * 60)) with the haversine distance
(R = 6371 km):

    Astana   hotel-astana - ministry     0.93 km ->  2.2 -> 10 min (the minimum)
             hotel-astana - airport-nqz 12.07 km -> 29.0 -> 29 min
             ministry     - nu           4.90 km -> 11.8 -> 12 min
             ministry     - embassy-be   2.19 km ->  5.3 -> 10 min
             ministry     - airport-nqz 11.52 km -> 27.7 -> 28 min
    Almaty   airport-ala  - kaznu       17.22 km -> 41.3 -> 42 min
             airport-ala  - hotel-almaty 14.37 km -> 34.5 -> 35 min
             hotel-almaty - kaznu        3.18 km ->  7.6 -> 10 min
    Brussels hotel-bxl    - ulb          4.28 km -> 10.3 -> 11 min
             hotel-bxl    - berlaymont   2.15 km ->  5.2 -> 10 min
    Mons     umons is 50 km from ulb: another city, reached only by a transfer or a
             ``travel.times`` entry; hotel-mons - umons 0.08 km -> 10 min.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from visitplanner.checker import check
from visitplanner.itinerary import Item
from visitplanner.loader import parse_brief
from visitplanner.models import Brief
from visitplanner.planner import Result, plan
from visitplanner.report import report_dict


def _place(name: str, city: str, lat: float, lon: float, kind: str = "venue") -> dict[str, Any]:
    return {"name": name, "kind": kind, "city": city, "location": [lat, lon]}


PLACES: dict[str, dict[str, Any]] = {
    # Astana
    "hotel-astana": _place("Delegation hotel", "Astana", 51.1283, 71.4305, "hotel"),
    "ministry": _place("Ministry of Science", "Astana", 51.1247, 71.4426),
    "nu": _place("Nazarbayev University", "Astana", 51.0906, 71.3982),
    "embassy-be": _place("Embassy of Belgium", "Astana", 51.1390, 71.4210),
    "airport-nqz": _place("Astana airport", "Astana", 51.0222, 71.4669, "airport"),
    # Almaty
    "airport-ala": _place("Almaty airport", "Almaty", 43.3521, 77.0405, "airport"),
    "hotel-almaty": _place("Hotel Almaty", "Almaty", 43.2380, 76.9570, "hotel"),
    "kaznu": _place("Al-Farabi KazNU", "Almaty", 43.2225, 76.9240),
    # Brussels and Mons
    "hotel-bxl": _place("Hotel Brussels", "Brussels", 50.8467, 4.3525, "hotel"),
    "airport-bru": _place("Brussels Airport", "Brussels", 50.9010, 4.4856, "airport"),
    "ulb": _place("ULB Solbosch", "Brussels", 50.8130, 4.3820),
    "berlaymont": _place("Berlaymont", "Brussels", 50.8433, 4.3826),
    "umons": _place("UMONS", "Mons", 50.4542, 3.9523),
    "hotel-mons": _place("Hotel Mons", "Mons", 50.4550, 3.9520, "hotel"),
}
"""Venue id -> its fields in a brief (all but ``id``)."""


def venue_yaml(vid: str, extra: str = "") -> str:
    """A venue of ``PLACES`` as one YAML flow mapping, with ``extra`` fields added."""
    fields = ", ".join(f"{k}: {json.dumps(v)}" for k, v in PLACES[vid].items())
    return f"{{id: {vid}, {fields}{', ' + extra if extra else ''}}}"


TIME_LIMIT = 5.0
SMALL_VISIT = Path(__file__).resolve().parent / "small-visit.yaml"
"""A small but complete brief: two cities, a flight with two options, stays, lunch."""


def brief_text(
    body: str,
    *,
    venues: Iterable[str] | Mapping[str, str],
    visit: Mapping[str, str] | None = None,
) -> str:
    """``body`` (YAML) after a ``visit`` header and the ``venues`` it names, as YAML text.

    ``visit`` overrides or adds visit fields (YAML values as text); ``venues`` is a list
    of ``PLACES`` ids, or a mapping id -> extra fields such as ``"closed: [2027-04-13]"``.
    """
    fields = {
        "id": "test-visit",
        "title": "Test visit",
        "timezone": "Asia/Almaty",
        "start": "2027-04-13",
        "end": "2027-04-13",
        "day": "{start: 09:00, end: 18:00}",
        "buffer_minutes": "10",
        **(visit or {}),
    }
    extras = venues if isinstance(venues, Mapping) else dict.fromkeys(venues, "")
    lines = ["visit:", *(f"  {key}: {value}" for key, value in fields.items()), "venues:"]
    lines.extend(f"  - {venue_yaml(vid, extra)}" for vid, extra in extras.items())
    return "\n".join(lines) + "\n" + textwrap.dedent(body)


def brief(
    body: str,
    *,
    venues: Iterable[str] | Mapping[str, str],
    visit: Mapping[str, str] | None = None,
) -> Brief:
    """The ``Brief`` of ``brief_text(body, venues=..., visit=...)``, through ``parse_brief``."""
    return parse_brief(brief_text(body, venues=venues, visit=visit))


def available(*spans: str) -> str:
    """``available`` windows as YAML, from spans such as ``"10:00-11:00"`` (on Tuesday 13
    April), ``"2027-05-07 10:00-11:00"`` or ``"2027-04-13 09:00 to 2027-04-14 10:00"``."""
    windows = []
    for span in spans:
        if " to " in span:
            start, end = span.split(" to ")
        else:
            day, _, clocks = span.rpartition(" ")
            first, last = clocks.split("-")
            start, end = f"{day or '2027-04-13'} {first}", f"{day or '2027-04-13'} {last}"
        windows.append(f"{{start: {start}, end: {end}}}")
    return f"[{', '.join(windows)}]"


def participants(rector: str = "", **hosts: str | tuple[str, ...]) -> str:
    """The ``participants`` section: the rector, with ``rector`` as extra fields (such as
    ``"travels: true"``), then one participant per keyword (``vice_minister`` is the id
    ``vice-minister``), available only in the spans given (see ``available``), or always
    when given ``""``."""
    lines = ["participants:", f"  - {{id: rector, name: Rector{', ' + rector if rector else ''}}}"]
    for key, spans in hosts.items():
        pid = key.replace("_", "-")
        fields = f"id: {pid}, name: {pid.replace('-', ' ').title()}"
        spans = (spans,) if isinstance(spans, str) else spans
        if any(spans):
            fields += f", available: {available(*spans)}"
        lines.append(f"  - {{{fields}}}")
    return "\n".join(lines) + "\n"


def flight_from_brussels() -> Brief:
    """The rector flies KC 902 from Brussels Airport, 21:40 Brussels time (CEST, UTC+2) on
    12 April, to Almaty (06:35 on the 13th, UTC+5), check-in 120 minutes before, then
    meets the Rector of KazNU, free all day, for an hour."""
    body = (
        participants("travels: true", kaznu_rector="")
        + """
stays:
  - {venue: hotel-almaty, nights: [2027-04-13]}
transfers:
  - {id: flight-out, title: Flight Brussels to Almaty, from: airport-bru, to: airport-ala,
     attendees: [rector], check_in_minutes: 120,
     options: [{label: KC 902, depart: 2027-04-12 21:40 Europe/Brussels,
                arrive: 2027-04-13 06:35}]}
meetings:
  - {id: kaznu-talks, title: KazNU, venue: kaznu, attendees: [rector, kaznu-rector],
     minutes: 60}
"""
    )
    return brief(body, venues=["airport-bru", "airport-ala", "hotel-almaty", "kaznu"])


@dataclass(frozen=True)
class Planned:
    """A planned brief, read in the visit's local time."""

    brief: Brief
    result: Result

    @cached_property
    def items(self) -> dict[str, Item]:
        assert self.result.itinerary is not None
        return {item.id: item for item in self.result.itinerary.items}

    def slot(self, item_id: str) -> str:
        """``"10:22-11:22 nu"``: local start, end and venue (or chosen option) of an item."""
        item = self.items[item_id]
        tz = self.brief.visit.tz
        where = item.venue or item.option or ""
        return f"{item.start.astimezone(tz):%H:%M}-{item.end.astimezone(tz):%H:%M} {where}"

    def day(self, item_id: str) -> date:
        return self.items[item_id].start.astimezone(self.brief.visit.tz).date()

    def attendees(self, item_id: str) -> set[str]:
        return set(self.items[item_id].attendees)

    def lunch(self, participant: str, day: date | None = None) -> str:
        """``"12:40-13:40"``: the participant's lunch (on ``day``, for multi-day visits)."""
        tz = self.brief.visit.tz
        (lunch,) = [
            i
            for i in self.items.values()
            if i.kind == "lunch"
            and participant in i.attendees
            and (day is None or i.start.astimezone(tz).date() == day)
        ]
        return f"{lunch.start.astimezone(tz):%H:%M}-{lunch.end.astimezone(tz):%H:%M}"

    @property
    def meetings(self) -> set[str]:
        return {i.id for i in self.items.values() if i.kind == "meeting"}

    @property
    def unscheduled(self) -> dict[str, str]:
        assert self.result.itinerary is not None
        return {u.id: u.reason for u in self.result.itinerary.unscheduled}


def solve(b: Brief) -> Result:
    """The planner as every test calls it: small time limit, fixed seed, one worker."""
    return plan(b, time_limit=TIME_LIMIT, seed=0, workers=1)


def planned(b: Brief, status: str = "optimal") -> Planned:
    """Plan ``b``, and insist that the itinerary breaks no rule, by the planner's own
    check and by running the independent checker again."""
    result = solve(b)
    assert result.status == status, result
    assert result.itinerary is not None
    assert result.violations == (), result.violations
    assert check(b, result.itinerary) == []
    return Planned(b, result)


def report_of(b: Brief, result: Result) -> dict[str, Any]:
    """The JSON report of a plan, as ``visitplanner plan --report`` writes it."""
    assert result.itinerary is not None
    return report_dict(
        result.itinerary,
        status=result.status,
        objective=result.objective,
        bound=result.bound,
        timezone=b.visit.timezone,
    )


COMPETING = """
meetings:
  - {id: courtesy-call, title: Courtesy call, venue: ministry, attendees: [rector, minister],
     minutes: 60, priority: $call}
  - {id: keynote, title: Keynote, venue: ministry, attendees: [rector, provost],
     minutes: 60, priority: $keynote}
"""


def competing_text(call: str, keynote: str) -> str:
    """Two meetings of the rector at the ministry, and one hour (09:00-10:00) for both: the
    courtesy call and the keynote, with the priorities given ("required" or a number)."""
    hosts = participants(minister="09:00-10:00", provost="09:00-10:00")
    text = hosts + COMPETING.replace("$call", call).replace("$keynote", keynote)
    return brief_text(text, venues=["ministry"])


# 66 half-hour meetings of one person, priority 10 each, over three 09:00-18:00 days
IDENTICAL_MEETINGS = """\
visit: {id: v, title: V, timezone: Europe/Brussels, start: 2027-06-08, end: 2027-06-10}
participants: [{id: p, name: P}]
venues: [{id: x, name: X, city: Mons}]
meetings:
""" + "".join(
    f"  - {{id: m{i}, title: M{i}, venue: x, attendees: [p], minutes: 30}}\n" for i in range(66)
)
