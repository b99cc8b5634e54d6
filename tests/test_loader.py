"""Reading briefs from YAML, and what the author is told when a brief is wrong.

The story: an international-relations office writes a three-day brief for a visit to
Mons (``BASE`` below) and makes, one at a time, every mistake we have seen or
can imagine. For each one ``visitplanner validate`` must

- exit with code 2 (bad brief),
- print ``FILE:LINE:COL: field.path: message`` with the line where the mistake is and a
  message that names it in plain words,
- never show a Python traceback.

The example brief shipped in ``examples/`` must load, and YAML must be read as YAML 1.2
(``10:00`` is a time, ``NO`` is Norway, not false).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from conftest import EXAMPLE, Run, Validate
from visitplanner.errors import BriefError
from visitplanner.loader import MAX_BRIEF_BYTES, MAX_NESTING, load_brief, parse_brief
from visitplanner.models import Brief

BASE = """\
visit:
  id: mons-demo
  title: Demo visit to Mons
  timezone: Europe/Brussels
  start: 2027-03-29
  end: 2027-03-31
  holidays: BE
  day: {start: 09:00, end: 18:00}
  lunch: {earliest: 12:00, latest: 14:00, minutes: 60}
  buffer_minutes: 10
participants:
  - {id: rector, name: Rector, travels: true}
  - {id: dean, name: Dean, travels: true}
  - id: host
    name: Host
    available: [{start: 2027-03-29 09:00, end: 2027-03-29 17:00}]
groups:
  guests: [rector, dean]
venues:
  - {id: campus, name: Campus, city: Mons, location: [50.4542, 3.9523],
     open: {mon-fri: 09:00-18:00}}
  - {id: hotel, name: Hotel, kind: hotel, city: Mons, location: [50.4550, 3.9510]}
  - {id: station, name: Mons station, kind: station, city: Mons}
  - {id: midi, name: Brussels-Midi, kind: station, city: Brussels}
travel:
  times:
    - [campus, hotel, 15]
stays:
  - {venue: hotel, nights: [2027-03-28, 2027-03-29, 2027-03-30]}
transfers:
  - id: train
    title: Train to Brussels
    from: station
    to: midi
    attendees: [guests]
    check_in_minutes: 10
    options:
      - {label: IC 1, depart: 2027-03-31 17:00, arrive: 2027-03-31 17:55}
fixed:
  - id: welcome
    title: Welcome
    venue: campus
    start: 2027-03-29 09:30
    minutes: 30
    attendees: [guests, host]
meetings:
  - id: talks
    title: Talks
    venue: campus
    attendees: [guests, host]
    minutes: 60
    priority: required
  - id: tour
    title: Lab tour
    venue: campus
    attendees: [dean]
    minutes: 45
    window: [10:00, 16:00]
    after: [talks]
"""

LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rest>.*)$")


def edit(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` (which must occur exactly once) replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, marker: str) -> int:
    """The 1-based number of the one line of ``text`` that contains ``marker``."""
    lines = [i for i, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(lines) == 1, f"{marker!r} is on lines {lines}"
    return lines[0]


@dataclass(frozen=True)
class Bad:
    """One mistake: how to make it from ``BASE``, where it is, and what must be said."""

    name: str
    edits: tuple[tuple[str, str], ...]
    at: str  # text on the line the problem must point to
    path: str  # the field path printed before the message ("" for whole-file problems)
    says: str  # a fragment of the message specific to this mistake

    def text(self) -> str:
        text = BASE
        for old, new in self.edits:
            text = edit(text, old, new)
        return text


def bad(name: str, old: str, new: str, at: str, path: str, says: str) -> Any:
    return pytest.param(Bad(name, ((old, new),), at, path, says), id=name)


TOUR = "    venue: campus\n    attendees: [dean]"

BAD_BRIEFS = [
    # -- fields: spelling, presence, shape ------------------------------------------
    bad("typo-in-field", "    minutes: 45", "    minuts: 45", "minuts: 45",
        "meetings.1.minuts", "unknown field 'minuts' (did you mean 'minutes'?)"),
    # a field of another section: "did you mean 'city'?" for 'city' was no help
    bad("field-of-another-section", "{id: dean, name: Dean, travels: true}",
        "{id: dean, name: Dean, travels: true, city: Mons}", "travels: true, city",
        "participants.1.city", "unknown field 'city' here: it is a field of venues"),
    bad("typo-in-section", "meetings:\n", "meeting:\n", "meeting:",
        "meeting", "unknown field 'meeting' (did you mean 'meetings'?)"),
    bad("typo-in-aliased-from", "    from: station", "    form: station", "form:",
        "transfers.0.form", "unknown field 'form' (did you mean 'from'?)"),
    bad("missing-required-field", "  title: Demo visit to Mons\n", "", "visit:",
        "visit.title", "required field 'title' is missing"),
    bad("attendees-not-a-list", "attendees: [dean]", "attendees: dean", "attendees: dean",
        "meetings.1.attendees", "expected a list such as [a, b], got 'dean'"),
    bad("travels-not-true-or-false", "name: Dean, travels: true", "name: Dean, travels: maybe",
        "maybe", "participants.1.travels", "expected true or false, got 'maybe'"),
    bad("travels-yaml-1.1-no", "name: Dean, travels: true", "name: Dean, travels: NO",
        "NO", "participants.1.travels",
        "expected true or false, got 'NO' (in YAML 1.2, NO is text)"),
    bad("travels-quoted", "name: Dean, travels: true", 'name: Dean, travels: "true"',
        '"true"', "participants.1.travels",
        "expected true or false, got 'true' (write it without quotes)"),
    bad("control-character", "  title: Demo visit to Mons", '  title: "Demo\\a visit"',
        '"Demo', "visit.title", "a control character (U+0007) in 'Demo\\x07 visit'"),
    bad("raw-control-character", "  title: Demo visit to Mons", "  title: Demo\a visit",
        "Demo", "visit.title", "a control character (U+0007) in 'Demo\\x07 visit'"),
    bad("c1-control-character", "  title: Demo visit to Mons", '  title: "Demo\x9b31m"',
        '"Demo', "visit.title", "a control character (U+009B) in 'Demo\\x9b31m'"),
    bad("minutes-quoted", "    minutes: 45", '    minutes: "45"', '"45"',
        "meetings.1.minutes", "got the text '45' (write numbers without quotes)"),
    bad("priority-true-or-false", "    priority: required", "    priority: true",
        "priority: true", "meetings.0.priority", "from 1 to 100, got true"),
    bad("empty-value", "    name: Host", "    name:", "    name:",
        "participants.2.name", "expected text, but the value is empty"),
    bad("empty-list", "nights: [2027-03-28, 2027-03-29, 2027-03-30]", "nights: []", "nights: []",
        "stays.0.nights", "needs at least 1 item, got an empty list"),
    # An empty list or mapping where leaving the field out means "any": never free,
    # never open, on no day, a calendar with no file
    bad("never-available", "available: [{start: 2027-03-29 09:00, end: 2027-03-29 17:00}]",
        "available: []", "available: []",
        "participants.2.available", "needs at least 1 item, got an empty list"),
    bad("never-open", "open: {mon-fri: 09:00-18:00}", "open: {}", "open: {}",
        "venues.0.open", "needs at least 1 item, got an empty mapping"),
    bad("on-no-day", "    window: [10:00, 16:00]\n", "    window: [10:00, 16:00]\n    days: []\n",
        "days: []", "meetings.1.days", "needs at least 1 item, got an empty list"),
    bad("busy-calendar-without-a-file", "  - {id: dean, name: Dean, travels: true}",
        '  - {id: dean, name: Dean, travels: true, busy_calendar: ""}', "busy_calendar",
        "participants.1.busy_calendar", "must not be empty"),
    bad("id-with-a-space", "id: tour", "id: lab tour", "id: lab tour",
        "meetings.1.id", "'lab tour' is not a valid id"),
    # -- references ---------------------------------------------------------------------
    bad("unknown-participant", "attendees: [dean]", "attendees: [deen]", "attendees: [deen]",
        "meetings.1.attendees.0", "unknown participant or group 'deen' (did you mean 'dean'?)"),
    bad("unknown-group-member", "guests: [rector, dean]", "guests: [rector, provost]",
        "provost", "groups.guests.1", "group 'guests' names unknown participant 'provost'"),
    bad("empty-group", "guests: [rector, dean]", "guests: []", "guests: []",
        "groups.guests", "needs at least 1 item, got an empty list"),
    bad("unknown-venue", "campus\n    start:", "campsu\n    start:", "campsu",
        "fixed.0.venue", "unknown venue 'campsu' (did you mean 'campus'?)"),
    bad("unknown-venue-in-travel-times", "- [campus, hotel, 15]", "- [campus, hostel, 15]",
        "hostel", "travel.times.0.1", "unknown venue 'hostel' (did you mean 'hotel'?)"),
    bad("duplicate-id", "  - {id: station,", "  - {id: campus, name: Annex, city: Mons}\n"
        "  - {id: station,", "Annex", "venues.2.id",
        "id 'campus' is used twice (first at venues.0)"),
    bad("meeting-named-like-a-lunch-break", "id: tour", "id: lunch-2027-03-30", "lunch-2027",
        "meetings.1.id", "id 'lunch-2027-03-30' looks like the ids the plan gives its lunch "
        "breaks and journeys ('lunch-' or 'travel-' and a digit); choose another"),
    bad("participant-named-like-the-visit", "  - {id: dean, name: Dean, travels: true}\n",
        "  - {id: dean, name: Dean, travels: true}\n  - {id: mons-demo, name: Demo Host}\n",
        "Demo Host", "participants.2.id", "participant id 'mons-demo' is the visit's id; the "
        "visit's calendar and this person's would both be mons-demo.ics"),
    bad("comma-in-an-unquoted-name", "{id: dean, name: Dean, travels: true}",
        "{id: dean, name: Dean, Engineering, travels: true}", "Engineering",
        "participants.1.Engineering", "'Engineering' has no colon after it, so it reads as a "
        "field of its own: inside {...} a comma starts a new field. If the comma belongs to "
        'a text, put the text in quotes: name: "Dean, Engineering"'),
    bad("participants-differing-only-in-case", "  - {id: dean, name: Dean, travels: true}\n",
        "  - {id: dean, name: Dean, travels: true}\n  - {id: Dean, name: Dean Two}\n",
        "Dean Two", "participants.2.id", "participant id 'Dean' and participant id 'dean' "
        "differ only in case: macOS and Windows take Dean.ics and dean.ics for one file"),
    bad("participant-named-like-a-device", "  - {id: dean, name: Dean, travels: true}\n",
        "  - {id: dean, name: Dean, travels: true}\n  - {id: aux, name: Aux}\n",
        "Aux", "participants.2.id", "id 'aux' names a device on Windows"),
    bad("participant-named-like-a-device-with-a-dot", "  - {id: dean, name: Dean, travels: true}\n",
        "  - {id: dean, name: Dean, travels: true}\n  - {id: nul.x, name: Nul}\n",
        "Nul", "participants.2.id", "id 'nul.x' names a device on Windows"),
    bad("stay-for-a-host", "nights: [2027-03-28, 2027-03-29, 2027-03-30]}",
        "nights: [2027-03-28, 2027-03-29, 2027-03-30], participants: [host]}",
        "participants: [host]", "stays.0.participants.0",
        "host does not travel, and a stay binds only participants who do"),
    bad("after-unknown-meeting", "after: [talks]", "after: [talk]", "after: [talk]",
        "meetings.1.after.0", "unknown meeting 'talk' in after (did you mean 'talks'?)"),
    bad("after-cycle", "    priority: required", "    priority: required\n    after: [tour]",
        "after: [tour]", "meetings.0.after", "in a cycle: talks -> tour -> talks"),
    bad("transfer-to-itself", "    to: midi", "    to: station", "to: station",
        "transfers.0.to", "goes from 'station' to itself"),
    bad("required-and-optional", "[guests, host]\n    minutes: 60",
        "[guests, host]\n    optional_attendees: [dean]\n    minutes: 60", "optional_attendees",
        "meetings.0.optional_attendees", "dean cannot be both required and optional"),
    # -- clock times, dates, zones ---------------------------------------------------------
    bad("hour-25", "end: 18:00}", "end: 25:00}", "day:",
        "visit.day.end", "'25:00' is not a time of day"),
    bad("impossible-date", "  start: 2027-03-29\n", "  start: 2027-02-30\n", "2027-02-30",
        "visit.start", "'2027-02-30' is not a date in the calendar"),
    # (empty text was accepted: an empty SUMMARY in the calendars, a venue closed)
    bad("blank-title", "title: Demo visit to Mons", "title: '  '", "title: '  '",
        "visit.title", "must not be empty: it is shown in the calendars and the itinerary"),
    bad("hours-without-hours", "open: {mon-fri: 09:00-18:00}", "open: {mon-fri: ''}",
        "open: {mon-fri: ''}", "venues.0.open",
        "'mon-fri' has no hours: give them, or leave out the days the venue is closed"),
    bad("year-one", "  start: 2027-03-29\n", "  start: 0001-03-29\n", "0001-03-29",
        "visit.start", "'0001-03-29': year 1 is outside the years a brief may name (1900 to "
        "2999)"),
    # (year 1 in a zone east of UTC was an OverflowError traceback: pytz cannot shift it)
    bad("date-time-in-year-one", "start: 2027-03-29 09:30", "start: 0001-01-01 00:00",
        "0001-01-01", "fixed.0.start", "year 1 is outside the years a brief may name"),
    bad("date-without-time", "start: 2027-03-29 09:30", "start: 2027-03-29", "    start: 2027",
        "fixed.0.start", "got only the date 2027-03-29"),
    # plans are to the minute: seconds that are not :00 would reach the calendar
    bad("date-time-with-seconds", "start: 2027-03-29 09:30", "start: 2027-03-29 09:30:15",
        "09:30:15", "fixed.0.start", "'2027-03-29 09:30:15' has seconds; times are planned "
        "in whole minutes"),
    bad("clock-with-seconds", "end: 18:00}", "end: 18:00:30}", "day:",
        "visit.day.end", "'18:00:30' has seconds"),
    bad("dst-gap-time", "depart: 2027-03-31 17:00", "depart: 2027-03-28 02:30", "IC 1",
        "transfers.0.options.0.depart",
        "2027-03-28 02:30 does not exist in Europe/Brussels: the clocks skip it"),
    bad("dst-overlap-in-its-own-zone", "start: 2027-03-29 09:30",
        "start: 2026-11-01 01:30 America/New_York", "America/New_York", "fixed.0.start",
        "happens twice in America/New_York (the clocks go back); give an explicit offset: "
        "-04:00 for the first time, -05:00 for the second"),
    bad("dst-overlap-time", "start: 2027-03-29 09:30", "start: 2027-10-31 02:30", "2027-10-31",
        "fixed.0.start", "2027-10-31 02:30 happens twice in Europe/Brussels"),
    bad("offset-beyond-a-day", "arrive: 2027-03-31 17:55", "arrive: 2027-03-31T17:55+25:00",
        "IC 1", "transfers.0.options.0.arrive", "offset +25:00 is not a valid UTC offset"),
    bad("unknown-timezone", "timezone: Europe/Brussels", "timezone: Europe/Mons", "timezone:",
        "visit.timezone", "unknown timezone 'Europe/Mons'"),
    bad("unknown-holiday-country", "holidays: BE", "holidays: XX", "holidays:",
        "visit.holidays", "no public-holiday calendar for country 'XX'"),
    bad("visit-ends-before-it-starts", "  end: 2027-03-31\n", "  end: 2027-03-20\n",
        "2027-03-20", "visit.end", "the visit ends (2027-03-20) before it starts (2027-03-29)"),
    bad("availability-ends-before-it-starts", "end: 2027-03-29 17:00", "end: 2027-03-29 08:00",
        "available:", "participants.2.available.0.end", "before or when it starts"),
    bad("window-ends-before-it-starts", "window: [10:00, 16:00]", "window: [16:00, 10:00]",
        "window:", "meetings.1.window", "window 16:00-10:00 ends before it starts"),
    bad("day-outside-the-visit", "    after: [talks]", "    after: [talks]\n    days: [2027-04-02]",
        "days: [2027", "meetings.1.days.0", "2027-04-02 is outside the visit (2027-03-29 to"),
    bad("stay-night-outside-the-visit", "nights: [2027-03-28,", "nights: [2027-03-20,",
        "nights:", "stays.0.nights.0", "night of 2027-03-20 is outside the visit"),
    bad("two-hotels-one-night", "stays:\n",
        "stays:\n  - {venue: campus, nights: [2027-03-29], participants: [dean]}\n",
        "venue: hotel, nights", "stays.1.nights.1",
        "dean would sleep at both campus and hotel on the night of 2027-03-29"),
    bad("fixed-event-outside-the-visit", "start: 2027-03-29 09:30", "start: 2030-03-29 09:30",
        "2030-03-29", "fixed.0.start", "the event starts on 2030-03-29, outside the visit"),
    bad("transfer-outside-the-visit", "arrive: 2027-03-31 17:55", "arrive: 2028-03-31 17:55",
        "IC 1", "transfers.0.options.0.arrive", "option 'IC 1' arrives on 2028-03-31, outside "
        "the visit (fixed events and transfers fall from 2027-03-28, the day before it, to "
        "2027-04-01, the day after it)"),
    bad("arrives-before-it-departs", "arrive: 2027-03-31 17:55", "arrive: 2027-03-31 16:55",
        "IC 1", "transfers.0.options.0.arrive",
        "arrives (2027-03-31 16:55 +0200) before or when it departs (2027-03-31 17:00 +0200)"),
    # -- numbers --------------------------------------------------------------------------
    bad("negative-minutes", "    minutes: 60", "    minutes: -60", "minutes: -60",
        "meetings.0.minutes", "must be greater than 0, got -60"),
    bad("zero-minutes", "    minutes: 30", "    minutes: 0", "minutes: 0",
        "fixed.0.minutes", "must be greater than 0, got 0"),
    bad("negative-check-in", "check_in_minutes: 10", "check_in_minutes: -5", "check_in",
        "transfers.0.check_in_minutes", "must be at least 0, got -5"),
    bad("priority-zero", "priority: required", "priority: 0", "priority: 0",
        "meetings.0.priority", "'required' or a whole number from 1 to 100, got 0"),
    bad("priority-high", "priority: required", "priority: high", "priority: high",
        "meetings.0.priority", "'required' or a whole number from 1 to 100, got 'high'"),
    # YAML's true is 1 to Python: "minutes: true" must not become a one-minute meeting
    bad("minutes-true", "    minutes: 45", "    minutes: true", "minutes: true",
        "meetings.1.minutes", "expected a whole number, got true"),
    bad("lunch-minutes-false", "minutes: 60}", "minutes: false}", "lunch:",
        "visit.lunch.minutes", "expected a whole number, got false"),
    bad("buffer-true", "  buffer_minutes: 10", "  buffer_minutes: true", "buffer_minutes",
        "visit.buffer_minutes", "expected a whole number, got true"),
    bad("max-meetings-true", "  buffer_minutes: 10",
        "  buffer_minutes: 10\n  max_meetings_per_day: true", "max_meetings",
        "visit.max_meetings_per_day", "expected a whole number, got true"),
    bad("check-in-true", "check_in_minutes: 10", "check_in_minutes: true", "check_in",
        "transfers.0.check_in_minutes", "expected a whole number, got true"),
    bad("travel-time-true", "- [campus, hotel, 15]", "- [campus, hotel, true]",
        "[campus, hotel, true]", "travel.times.0.2", "expected a whole number, got true"),
    bad("minimum-minutes-true", "travel:\n", "travel:\n  minimum_minutes: true\n",
        "minimum_minutes", "travel.minimum_minutes", "expected a whole number, got true"),
    bad("speed-true", "travel:\n", "travel:\n  speed_kmh: true\n", "speed_kmh",
        "travel.speed_kmh", "expected a number, got true"),
    bad("meeting-too-long-for-its-window", "    minutes: 45", "    minutes: 400", "minutes: 400",
        "meetings.1.minutes", "400 minutes cannot fit in the meeting's window 10:00-16:00"),
    bad("meeting-too-long-for-the-day", "    minutes: 60", "    minutes: 600", "minutes: 600",
        "meetings.0.minutes", "600 minutes cannot fit in the working day 09:00-18:00"),
    bad("lunch-cannot-fit", "latest: 14:00", "latest: 12:30", "lunch:",
        "visit.lunch", "a 60-minute lunch cannot fit between 12:00 and 12:30 (30 minutes)"),
    bad("latitude-out-of-range", "location: [50.4542,", "location: [95.4542,", "95.4542",
        "venues.0.location", "latitude runs from -90 to 90"),
    bad("travel-time-given-twice", "    - [campus, hotel, 15]",
        "    - [campus, hotel, 15]\n    - [hotel, campus, 20]", "[hotel, campus, 20]",
        "travel.times.1", "the travel time between hotel and campus is given twice: 15 "
        "minutes at travel.times.0 and 20 here; an entry counts in both directions"),
    bad("travel-time-to-itself", "- [campus, hotel, 15]", "- [campus, campus, 15]",
        "[campus, campus, 15]", "travel.times.0",
        "a travel time from campus to itself: moving within one venue takes no time"),
    bad("travel-time-without-minutes", "- [campus, hotel, 15]", "- [campus, hotel]",
        "[campus, hotel]", "travel.times.0", "each entry is [venue, venue, minutes]"),
    # -- meetings' own rules -----------------------------------------------------------------
    bad("venue-and-venues", TOUR, "    venue: campus\n    venues: [campus, hotel]\n"
        "    attendees: [dean]", "venues: [", "meetings.1.venues", "not both"),
    bad("no-venue", TOUR, "    attendees: [dean]", "- id: tour",
        "meetings.1", "the meeting has no venue"),
    bad("bad-weekday", "mon-fri", "mon-fry", "mon-fry",
        "venues.0.open", "'fry' is not a weekday (did you mean 'fri'?)"),
    bad("unknown-preference", "    after: [talks]", "    after: [talks]\n    prefer: evening",
        "prefer:", "meetings.1.prefer", "prefer is morning, afternoon, early, late"),
    # -- YAML itself -------------------------------------------------------------------------
    bad("alias-bomb", "  guests: [rector, dean]\n", "  guests: [rector, dean]\n"
        "  a: &a [rector, rector, rector, rector, rector, rector, rector, rector]\n"
        "  b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n  c: [*b, *b, *b, *b, *b, *b, *b, *b]\n",
        "&a", "", "anchors and aliases (&name, *name) are not allowed"),
    bad("merge-key-anchor", "  - {id: dean, name: Dean, travels: true}",
        "  - &dean {id: dean, name: Dean, travels: true}\n  - {<<: *dean, id: dean2}",
        "&dean", "", "anchors and aliases"),
    bad("merge-key", "  - {id: dean, name: Dean, travels: true}",
        "  - {id: dean, name: Dean, travels: true}\n  - {<<: {travels: true}, id: dean2}",
        "<<:", "", "YAML merge keys (<<) are not allowed"),
    bad("duplicate-key", "  buffer_minutes: 10", "  buffer_minutes: 10\n  buffer_minutes: 15",
        "buffer_minutes: 15", "", "a key appears twice in the same mapping: 'buffer_minutes', "
        "first at line"),
    bad("empty-key", "  title: Demo visit to Mons", "  title: Demo visit to Mons\n  ~: x",
        "~: x", "", "a key in visit is empty (null): write a field name before the colon"),
    bad("null-key", "  - id: tour", "  - null: tour", "null: tour", "",
        "a key in meetings.1 is empty (null)"),
    bad("not-yaml", "  title: Demo visit to Mons", "  title: Demo: visit to Mons", "Demo:",
        "", "not valid YAML: mapping values are not allowed here"),
    bad("tab-indent", "    title: Lab tour", "\ttitle: Lab tour", "Lab tour",
        "", "not valid YAML"),
    bad("yaml-tag", "    minutes: 45", "    minutes: !!int 45", "!!int",
        "", "YAML tags such as tag:yaml.org,2002:int are not allowed"),
    bad("yaml-1.1-directive", "visit:\n", "%YAML 1.1\n---\nvisit:\n", "%YAML",
        "", "briefs are read as YAML 1.2"),
    bad("yaml-1.3-directive", "visit:\n", "%YAML 1.3\n---\nvisit:\n", "%YAML",
        "", "asks for YAML 1.3 (%YAML directive); briefs are read as YAML 1.2"),
    bad("nested-too-deeply", "  buffer_minutes: 10", "  buffer_minutes: " + "[" * 500 + "]" * 500,
        "buffer_minutes: [[[", "", "not valid YAML: nested too deeply (more than 100 levels"),
    bad("nested-too-deeply-in-mappings", "  buffer_minutes: 10",
        "  buffer_minutes: " + "{a: " * 500 + "1" + "}" * 500,
        "buffer_minutes: {a:", "", "nested too deeply (more than 100 levels"),
]  # fmt: skip


def problems(run: Run) -> list[tuple[int, str]]:
    """(line, "path: message") for each located line the run printed on stderr."""
    found = []
    for line in run.err.splitlines():
        m = LOCATED.match(line)
        if m and m["file"] == str(run.path):
            found.append((int(m["line"]), m["rest"]))
    return found


def assert_refused(run: Run, line: int, path: str, says: str) -> None:
    assert run.code == 2, (run.out, run.err)
    assert "Traceback" not in run.out + run.err
    assert run.out == ""
    prefix = f"{path}: " if path else ""
    located = problems(run)
    hits = [rest for at, rest in located if at == line and rest.startswith(prefix)]
    assert hits, f"no problem at line {line} for {path!r}; got {located}\n{run.err}"
    assert any(says in rest for rest in hits), f"{says!r} not in {hits}"
    assert re.search(r"^\d+ problems? found\.$", run.err, re.MULTILINE)


@pytest.mark.parametrize("case", BAD_BRIEFS)
def test_a_bad_brief_is_refused_with_the_place_and_the_reason(
    validate: Validate, case: Bad
) -> None:
    """Each mistake, made alone in the base brief, is reported where it was made."""
    text = case.text()
    assert_refused(validate(text), line_of(text, case.at), case.path, case.says)


WHOLE_FILE = [
    pytest.param(b"", 1, "the brief is empty", id="empty-file"),
    pytest.param(b"# to be written\n", 1, "the brief is empty", id="only-a-comment"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", 1, "not UTF-8", id="binary"),
    pytest.param(b"visit:\n  id: x\n  title: \xff\xfe\n", 3, "not UTF-8", id="latin-1-byte"),
    pytest.param(b"visit:\n  id: x\x00\n", 2, "NUL bytes", id="nul-byte"),
    pytest.param(b"- visit\n- participants\n", 1, "a brief is a YAML mapping", id="a-list"),
    pytest.param(b"just some words\n", 1, "a brief is a YAML mapping", id="a-sentence"),
    pytest.param(
        BASE.encode() + b"#" * MAX_BRIEF_BYTES,
        1,
        "briefs are limited to 1,000,000 bytes",
        id="too-big",
    ),
]


@pytest.mark.parametrize(("content", "line", "says"), WHOLE_FILE)
def test_a_file_that_is_no_brief_at_all_is_refused(
    validate: Validate, content: bytes, line: int, says: str
) -> None:
    """Files that are not a YAML mapping are refused as a whole, still with a place."""
    assert_refused(validate(content), line, "", says)


def test_nesting_stops_at_a_hundred_levels() -> None:
    """The brief itself is one level and each ``[`` one more: ``visit:`` with 99 of them
    is 100 levels, read as usual (and refused for being a list); 100 of them is one
    level too many, refused before the composer's recursion can overflow the stack."""
    deepest = "visit: " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1) + "\n"
    with pytest.raises(BriefError, match="visit: expected a mapping"):
        parse_brief(deepest)
    with pytest.raises(BriefError, match=r":1:107: not valid YAML: nested too deeply"):
        parse_brief("visit: " + "[" * MAX_NESTING + "]" * MAX_NESTING + "\n")


def test_there_are_at_least_thirty_distinct_bad_briefs() -> None:
    texts = {case.values[0].text() for case in BAD_BRIEFS}
    assert len(texts) == len(BAD_BRIEFS) >= 30
    assert len(texts) + len(WHOLE_FILE) >= 50


def test_the_base_brief_is_valid(validate: Validate) -> None:
    """Every mistake above is made in a brief that is otherwise right."""
    run = validate(BASE)
    assert run.code == 0, run.err
    assert run.err == ""


LATER = (
    "References between sections, and rules joining several fields, are checked once these "
    "are fixed.\n"
)


def test_every_problem_is_reported_at_once(validate: Validate) -> None:
    """Two unrelated mistakes in one brief: both come out, in file order, then a count,
    then (the fields being wrong) that the references are checked once they are right;
    a misspelt reference alone is found by that second pass and ends at the count."""
    text = edit(BASE, "end: 18:00}", "end: 25:00}")
    text = edit(text, "    minutes: 45", "    minuts: 45")
    run = validate(text)
    assert run.code == 2
    assert [line for line, _ in problems(run)] == [line_of(text, "25:00"), line_of(text, "minuts")]
    assert run.err.endswith("2 problems found.\n" + LATER)
    reference = validate(edit(BASE, "attendees: [dean]", "attendees: [deen]"))
    assert reference.code == 2
    assert reference.err.endswith("1 problem found.\n")


def test_an_unknown_timezone_is_said_once(validate: Validate) -> None:
    """The zone is wrong, not every date-time of the brief: one problem, not eight."""
    run = validate(edit(BASE, "timezone: Europe/Brussels", "timezone: Europe/Mons"))
    assert len(problems(run)) == 1
    assert run.err.endswith("1 problem found.\n" + LATER)


def test_a_misspelt_field_is_not_also_reported_missing(validate: Validate) -> None:
    """``minuts`` explains the missing ``minutes``: saying both would be noise."""
    run = validate(edit(BASE, "    minutes: 45", "    minuts: 45"))
    assert len(problems(run)) == 1
    assert "minutes' is missing" not in run.err


# -- reading the good parts right -------------------------------------------------------


def test_yaml_1_2_reads_clock_times_and_norway() -> None:
    """Under YAML 1.1 an unquoted 10:00 is the number 600 and NO is false. A brief is
    YAML 1.2: 10:00 is ten o'clock and NO stays the text NO (here a person's name)."""
    text = edit(BASE, "day: {start: 09:00, end: 18:00}", "day: {start: 10:00, end: 18:00}")
    text = edit(text, "{id: dean, name: Dean,", "{id: dean, name: NO,")
    text = edit(text, "    title: Lab tour", "    title: Off")
    brief = parse_brief(text)
    assert brief.visit.day.start == time(10, 0)
    assert brief.visit.lunch is not None and brief.visit.lunch.latest == time(14, 0)
    assert brief.participant("dean").name == "NO"
    assert brief.meetings[1].title == "Off"
    assert brief.meetings[1].window == (time(10), time(16))


def test_a_yaml_timestamp_keeps_its_offset() -> None:
    """``2027-03-31T15:55:00Z`` is a YAML timestamp: it is 15:55 UTC (17:55 in Brussels),
    not 15:55 in Brussels."""
    text = edit(BASE, "arrive: 2027-03-31 17:55", "arrive: 2027-03-31T15:55:00Z")
    arrive = parse_brief(text).transfers[0].options[0].arrive
    assert arrive == datetime(2027, 3, 31, 15, 55, tzinfo=UTC)


def test_parse_brief_raises_one_error_listing_problems() -> None:
    """The Python API raises ``BriefError``; its problems carry file, line and path."""
    with pytest.raises(BriefError) as info:
        parse_brief(edit(BASE, "holidays: BE", "holidays: XX"), filename="visit.yaml")
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.column) == ("visit.yaml", 7, 13)
    assert problem.path == "visit.holidays"
    assert str(problem).startswith("visit.yaml:7:13: visit.holidays: no public-holiday")


# -- the example brief --------------------------------------------------------------------


def test_the_example_brief_loads() -> None:
    """The UMONS mission: five days in May 2027, Astana then Almaty, three must-haves."""
    brief = load_brief(EXAMPLE)
    assert brief.visit.days()[0] == date(2027, 5, 17)
    assert len(brief.visit.days()) == 5
    assert [m.id for m in brief.meetings if m.required] == [
        "ministry-talks",
        "kaznu-talks",
        "kaznu-signing",
    ]
    assert 15 <= len(brief.meetings) <= 20
    assert brief.expand(("delegation",)) == (
        "rector",
        "vr-research",
        "dean-engineering",
        "intl-office",
    )


def test_the_example_flights_in_three_spellings_of_time() -> None:
    """KC 853 leaves Astana at 07:40 local (+05:00): 02:40 UTC. KC 859 is written with an
    offset, 19:10+05:00: 14:10 UTC. The flight home lands at 09:40 Brussels summer time
    (+02:00): 07:40 UTC."""
    flights = {t.id: t for t in load_brief(EXAMPLE).transfers}
    morning, _, evening = flights["flight-astana-almaty"].options
    assert morning.depart == datetime(2027, 5, 19, 2, 40, tzinfo=UTC)
    assert evening.depart == datetime(2027, 5, 19, 14, 10, tzinfo=UTC)
    home = flights["flight-home"].options[-1]
    assert home.arrive == datetime(2027, 5, 22, 7, 40, tzinfo=UTC)
    assert str(home.arrive.tzinfo) == "Europe/Brussels"


def test_the_example_stays() -> None:
    """The Dean sleeps at the NU guest house in Astana, the others at the hotel; all
    four in Almaty from Wednesday night; nobody has a bed on Friday night."""
    brief = load_brief(EXAMPLE)
    dean = brief.stays_of("dean-engineering")
    rector = brief.stays_of("rector")
    assert dean[date(2027, 5, 16)] == "nu-guesthouse"
    assert rector[date(2027, 5, 16)] == "hotel-astana"
    assert dean[date(2027, 5, 19)] == rector[date(2027, 5, 19)] == "hotel-almaty"
    assert date(2027, 5, 21) not in rector
    assert brief.stays_of("ambassador") == {}


def _fields_used(value: Any, used: set[tuple[str, str]]) -> None:
    if isinstance(value, BaseModel):
        for name in value.model_fields_set:
            used.add((type(value).__name__, name))
            _fields_used(getattr(value, name), used)
    elif isinstance(value, tuple | list):
        for item in value:
            _fields_used(item, used)
    elif isinstance(value, dict):
        for item in value.values():
            _fields_used(item, used)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def _all_fields(model: type[BaseModel], found: set[tuple[str, str]]) -> None:
    for name, field in model.model_fields.items():
        found.add((model.__name__, name))
        for sub in _models_in(field.annotation):
            if not any(owner == sub.__name__ for owner, _ in found):
                _all_fields(sub, found)


def test_the_example_shows_every_field_of_the_format() -> None:
    """The example is the format's showcase: it sets every field of every model, except
    ``busy_calendar`` (an .ics file beside the brief) and ``pinned`` (for re-planning)."""
    used: set[tuple[str, str]] = set()
    _fields_used(load_brief(EXAMPLE), used)
    every: set[tuple[str, str]] = set()
    _all_fields(Brief, every)
    assert every - used == {("Participant", "busy_calendar"), ("Meeting", "pinned")}


def test_private_use_characters_are_text() -> None:
    """Raw control characters are read as private-use stand-ins until refused; a brief's
    own private-use character (an icon font's, U+E001) is text all the same."""
    brief = parse_brief(
        'visit: {id: a, title: "x\ue001y", timezone: UTC, start: 2027-05-17, end: 2027-05-18}\n'
        "participants: [{id: p, name: P}]\n"
    )
    assert brief.visit.title == "x\ue001y"
