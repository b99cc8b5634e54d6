"""The night the clocks go back, shared by the calendar and printout tests.

Brussels goes back from 03:00 (UTC+2) to 02:00 (UTC+1) on Sunday 31 October 2027, so
02:15 happens twice. Three calls, each 30 minutes, for Alice (the visit's zone) and Bek
(Asia/Almaty, UTC+5, where nothing repeats):

    call    written            UTC     Brussels          Almaty
    first   02:15+02:00        00:15   02:15 (1st)       05:15
    second  02:15+01:00        01:15   02:15 (2nd)       06:15
    third   03:15+01:00        02:15   03:15 (once)      07:15
"""

from __future__ import annotations

from visitplanner.itinerary import Item, Itinerary
from visitplanner.models import Brief

BRIEF = """\
visit: {id: night-shift, title: The night the clocks go back, timezone: Europe/Brussels,
        start: 2027-10-31, end: 2027-10-31}
participants:
  - {id: alice, name: Alice}
  - {id: bek, name: Bek, timezone: Asia/Almaty}
venues:
  - {id: office, name: Office, city: Mons}
fixed:
  - {id: first, title: First call, venue: office, start: 2027-10-31T02:15+02:00,
     minutes: 30, attendees: [alice, bek]}
  - {id: second, title: Second call, venue: office, start: 2027-10-31T02:15+01:00,
     minutes: 30, attendees: [alice, bek]}
  - {id: third, title: Third call, venue: office, start: 2027-10-31T03:15+01:00,
     minutes: 30, attendees: [alice, bek]}
"""


def itinerary(brief: Brief) -> Itinerary:
    """The brief's fixed events, as the itinerary has them: no planning needed."""
    items = tuple(
        Item(
            id=f.id,
            kind="fixed",
            title=f.title,
            start=f.start,
            end=f.end,
            venue=f.venue,
            attendees=brief.expand(f.attendees),
        )
        for f in brief.fixed
    )
    return Itinerary(visit=brief.visit.id, items=items)
