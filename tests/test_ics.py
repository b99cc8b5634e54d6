"""Calendars (.ics) for the whole visit and for each participant, read back as the
clients would read them.

The story: the Rector of UMONS and the Director of International Relations fly from
Astana to Almaty on Wednesday 14 April 2027 and sign a mobility agreement at Al-Farabi
Kazakh National University (its Kazakh name, long enough to fold, is the venue's name)
on Thursday 15 April. Almaty is UTC+5; Brussels, where both calendars live, is UTC+2
in April, three hours behind:

    item                     Almaty (visit)   Brussels (their files)   who
    14 Apr flight KC 951     07:10-08:50      04:10-05:50              rector, dir-intl
    14 Apr lunch             12:30-13:30      09:30-10:30              rector, dir-intl
    14 Apr travel to KBTU    14:35-14:50      11:35-11:50              rector
    14 Apr KBTU meeting      15:00-16:00      12:00-13:00              rector
    15 Apr KazNU meeting     10:00-11:15      07:00-08:15              rector, dir-intl, host
    15 Apr signing           11:30-12:00      08:30-09:00              + journalist
    15 Apr lunch             12:30-13:30      09:30-10:30              rector, dir-intl
    15 Apr reception         19:00-21:00      16:00-18:00              rector, dir-intl, host

The solver is not involved: the itinerary is written out by hand. Every file is parsed
by the strict ``ical`` parser and by icalendar (no recorded errors), its raw bytes are
checked (CRLF, 75-octet lines, a VTIMEZONE for every TZID, no ORGANIZER/ATTENDEE), and
recurring-ical-events answers "what is on this calendar that day?".
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import pytz
import recurring_ical_events  # type: ignore[import-untyped]
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

import night_shift
import visitplanner
from briefs import flight_from_brussels, planned
from visitplanner.ics import EmptyCalendarError, to_calendar, uid, write_calendar, write_calendars
from visitplanner.itinerary import Item, Itinerary, Unscheduled
from visitplanner.loader import parse_brief
from visitplanner.models import Brief

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = "VISITPLANNER_REGENERATE_GOLDEN"  # set to 1 to rewrite tests/golden/*.ics

KAZNU = "Әл-Фараби атындағы Қазақ ұлттық университеті"

BRIEF = f"""\
visit:
  id: umons-almaty
  title: UMONS visit to Almaty
  timezone: Asia/Almaty
  start: 2027-04-14
  end: 2027-04-15
participants:
  - {{id: rector, name: Philippe Dubois, title: "Rector, University of Mons (UMONS)",
     timezone: Europe/Brussels, travels: true}}
  - {{id: dir-intl, name: Director of International Relations,
     title: "International Relations Office, UMONS", timezone: Europe/Brussels, travels: true}}
  - {{id: kaznu-rector, name: "Rector, Al-Farabi KazNU"}}
  - {{id: journalist, name: "Correspondent, national news agency"}}
  - {{id: observer, name: "Observer, Ministry of Foreign Affairs"}}
venues:
  - {{id: hotel-astana, name: "Delegation hotel, Astana", kind: hotel, city: Astana}}
  - {{id: airport-nqz, name: Astana International Airport (NQZ), kind: airport, city: Astana}}
  - {{id: airport-ala, name: Almaty International Airport (ALA), kind: airport, city: Almaty}}
  - {{id: hotel-almaty, name: "Delegation hotel, Almaty", kind: hotel, city: Almaty,
     address: "Dostyk Ave, Almaty", location: [43.2380, 76.9570]}}
  - {{id: kaznu, name: {KAZNU}, city: Almaty,
     address: "71 al-Farabi Ave, Almaty", location: [43.2225, 76.9240]}}
  - {{id: kbtu, name: Kazakh-British Technical University, city: Almaty,
     address: "59 Tole Bi St, Almaty", location: [43.2560, 76.9450]}}
stays:
  - {{venue: hotel-astana, nights: [2027-04-13]}}
  - {{venue: hotel-almaty, nights: [2027-04-14, 2027-04-15]}}
transfers:
  - id: flight-nqz-ala
    title: Flight Astana to Almaty
    from: airport-nqz
    to: airport-ala
    attendees: [rector, dir-intl]
    check_in_minutes: 60
    options:
      - {{label: KC 951, depart: 2027-04-14 07:10, arrive: 2027-04-14 08:50}}
fixed:
  - {{id: reception, title: "Reception; toasts, speeches", venue: hotel-almaty,
     start: 2027-04-15 19:00, minutes: 120, attendees: [rector, dir-intl, kaznu-rector]}}
meetings:
  - {{id: kbtu-meeting, title: "Applied research cooperation, KBTU", venue: kbtu,
     attendees: [rector], minutes: 60}}
  - {{id: kaznu-rector-meeting, title: "Meeting with the Rector of Al-Farabi KazNU",
     venue: kaznu, attendees: [rector, dir-intl, kaznu-rector], minutes: 75}}
  - {{id: signing, title: Signing of the academic mobility agreement, venue: kaznu,
     attendees: [rector, kaznu-rector, journalist], optional_attendees: [dir-intl],
     minutes: 30}}
"""

ALMATY = pytz.timezone("Asia/Almaty")
DELEGATION = ("rector", "dir-intl")


def _item(
    kind: str,
    item_id: str,
    title: str,
    day: int,
    start: str,
    end: str,
    who: tuple[str, ...],
    **where: str,
) -> Item:
    def at(clock: str) -> datetime:
        return ALMATY.localize(datetime.fromisoformat(f"2027-04-{day} {clock}"))

    return Item.model_validate(
        {
            "id": item_id,
            "kind": kind,
            "title": title,
            "start": at(start),
            "end": at(end),
            "attendees": who,
            **where,
        }
    )


ITEMS = (
    _item(
        "transfer",
        "flight-nqz-ala",
        "Flight Astana to Almaty",
        14,
        "07:10",
        "08:50",
        DELEGATION,
        **{"from": "airport-nqz", "to": "airport-ala", "option": "KC 951"},
    ),
    _item("lunch", "lunch-2027-04-14", "Lunch", 14, "12:30", "13:30", DELEGATION),
    _item(
        "travel",
        "travel-rector-1",
        "Travel to KBTU",
        14,
        "14:35",
        "14:50",
        ("rector",),
        **{"from": "hotel-almaty", "to": "kbtu"},
    ),
    _item(
        "meeting",
        "kbtu-meeting",
        "Applied research cooperation, KBTU",
        14,
        "15:00",
        "16:00",
        ("rector",),
        venue="kbtu",
    ),
    _item(
        "meeting",
        "kaznu-rector-meeting",
        "Meeting with the Rector of Al-Farabi KazNU",
        15,
        "10:00",
        "11:15",
        ("rector", "dir-intl", "kaznu-rector"),
        venue="kaznu",
    ),
    _item(
        "meeting",
        "signing",
        "Signing of the academic mobility agreement",
        15,
        "11:30",
        "12:00",
        ("rector", "kaznu-rector", "journalist", "dir-intl"),
        venue="kaznu",
    ),
    _item("lunch", "lunch-2027-04-15", "Lunch", 15, "12:30", "13:30", DELEGATION),
    _item(
        "fixed",
        "reception",
        "Reception; toasts, speeches",
        15,
        "19:00",
        "21:00",
        ("rector", "dir-intl", "kaznu-rector"),
        venue="hotel-almaty",
    ),
)
ITINERARY = Itinerary(visit="umons-almaty", items=ITEMS)
PEOPLE = ("rector", "dir-intl", "kaznu-rector", "journalist")


@pytest.fixture(scope="module")
def brief() -> Brief:
    return parse_brief(BRIEF)


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build environment's SOURCE_DATE_EPOCH must not leak into these tests."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _lines(data: bytes) -> list[str]:
    """Content lines, unfolded."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def _events(data: bytes) -> list[dict[str, str]]:
    """Each VEVENT as {property name: raw value}, parameters dropped."""
    events: list[dict[str, str]] = []
    for line in _lines(data):
        name, value = re.split(r"[:;]", line, maxsplit=1)[0], line.split(":", 1)[1]
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and "END" not in events[-1]:
            events[-1][name] = value
    return events


def _event(data: bytes, item_id: str) -> dict[str, str]:
    return next(e for e in _events(data) if e["UID"].startswith(f"{item_id}."))


def _day(data: bytes, day: date) -> list[tuple[str, str, str, str]]:
    """What a client shows that day: (start, end, zone, title), in time order."""
    occurrences = recurring_ical_events.of(Calendar.from_ical(data)).at(day)
    return sorted(
        (f"{o.start:%H:%M}", f"{o.end:%H:%M}", str(o.start.tzinfo), str(o["SUMMARY"]))
        for o in occurrences
    )


def _written(brief: Brief, tmp_path: Path) -> Iterator[tuple[str, bytes]]:
    for path in write_calendars(tmp_path, brief, ITINERARY, include_travel=True):
        yield path.name, path.read_bytes()


# -- what clients parse -----------------------------------------------------------------


def test_every_written_file_passes_the_strict_parsers(brief: Brief, tmp_path: Path) -> None:
    """The strict ``ical`` parser accepts each file and finds every event; icalendar
    records no error on any component."""
    for name, data in _written(brief, tmp_path):
        strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
        assert len(strict.events) == data.count(b"BEGIN:VEVENT") > 0, name
        parsed = Calendar.from_ical(data)
        assert [(c.name, c.errors) for c in parsed.walk() if c.errors] == [], name


def test_raw_bytes_are_what_calendar_clients_need(brief: Brief, tmp_path: Path) -> None:
    """CRLF only, no line over 75 octets, METHOD:PUBLISH, no ORGANIZER or ATTENDEE, no
    floating or bare-UTC event times, and a VTIMEZONE for every TZID used."""
    for name, data in _written(brief, tmp_path):
        assert data.endswith(b"\r\n"), name
        assert b"\n" not in data.replace(b"\r\n", b""), name
        assert b"\r" not in data.replace(b"\r\n", b""), name
        assert max(len(line) for line in data.split(b"\r\n")) <= 75, name
        lines = _lines(data)
        assert "METHOD:PUBLISH" in lines
        assert not [line for line in lines if line.startswith(("ORGANIZER", "ATTENDEE"))]
        times = [line for line in lines if line.startswith(("DTSTART", "DTEND"))]
        in_events = [line for line in times if not re.fullmatch(r"DTSTART:\d{8}T\d{6}", line)]
        assert all(";TZID=" in line for line in in_events), name
        used = {re.search(r"TZID=([^:;]+)", line)[1] for line in in_events}  # type: ignore[index]
        defined = {line[5:] for line in lines if line.startswith("TZID:")}
        assert used == defined, name


def test_a_long_kazakh_name_folds_between_characters_and_round_trips(brief: Brief) -> None:
    """LOCATION "Әл-Фараби атындағы Қазақ ұлттық университеті, 71 al-Farabi Ave, Almaty"
    is 109 octets in UTF-8 (Cyrillic letters take two), so it folds; every physical line
    is valid UTF-8 by itself, so no character was cut in two; unfolded, it is the name."""
    data = to_calendar(brief, ITINERARY)
    location = f"{KAZNU}, 71 al-Farabi Ave, Almaty"
    assert len(f"LOCATION:{location}".encode()) > 75
    folded = next(line for line in data.split(b"\r\n") if line.startswith(b"LOCATION:\xd3"))
    assert len(folded) <= 75
    for line in data.split(b"\r\n"):
        line.decode("utf-8")  # raises if a fold split a multibyte character
    parsed = Calendar.from_ical(data)
    locations = {str(event.get("LOCATION")) for event in parsed.walk("VEVENT")}
    assert location in locations
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    assert location in {event.location for event in strict.events}


# -- worked examples: what each person sees ---------------------------------------------


def test_the_rectors_calendar_on_15_april_in_brussels_time(brief: Brief) -> None:
    """The Rector's own file is in Europe/Brussels (UTC+2 in April): the 10:00 Almaty
    meeting is at 07:00 there, the 19:00 reception at 16:00."""
    data = to_calendar(brief, ITINERARY, participant="rector")
    assert _day(data, date(2027, 4, 15)) == [
        ("07:00", "08:15", "Europe/Brussels", "Meeting with the Rector of Al-Farabi KazNU"),
        ("08:30", "09:00", "Europe/Brussels", "Signing of the academic mobility agreement"),
        ("09:30", "10:30", "Europe/Brussels", "Lunch"),
        ("16:00", "18:00", "Europe/Brussels", "Reception; toasts, speeches"),
    ]
    assert "X-WR-TIMEZONE:Europe/Brussels" in _lines(data)


def test_the_whole_visit_and_the_hosts_are_in_almaty_time(brief: Brief) -> None:
    """The whole-visit file, and the personal file of a host who names no timezone,
    show Almaty's clock: the same meeting at 10:00."""
    whole = to_calendar(brief, ITINERARY)
    assert _day(whole, date(2027, 4, 15))[0] == (
        "10:00",
        "11:15",
        "Asia/Almaty",
        "Meeting with the Rector of Al-Farabi KazNU",
    )
    host = to_calendar(brief, ITINERARY, participant="kaznu-rector")
    assert [row[:2] for row in _day(host, date(2027, 4, 15))] == [
        ("10:00", "11:15"),
        ("11:30", "12:00"),
        ("19:00", "21:00"),
    ]


def test_a_personal_file_holds_only_that_persons_items(brief: Brief) -> None:
    """The journalist attends only the signing; the Director misses the KBTU meeting."""
    journalist = _events(to_calendar(brief, ITINERARY, participant="journalist"))
    assert [e["SUMMARY"] for e in journalist] == ["Signing of the academic mobility agreement"]
    director = _events(to_calendar(brief, ITINERARY, participant="dir-intl"))
    assert [e["SUMMARY"] for e in director] == [
        "Flight Astana to Almaty (KC 951)",
        "Lunch",
        "Meeting with the Rector of Al-Farabi KazNU",
        "Signing of the academic mobility agreement",
        "Lunch",
        "Reception\\; toasts\\, speeches",
    ]


def test_the_flight_event_in_the_rectors_file(brief: Brief) -> None:
    """The flight, as the Rector's file writes it: DTSTART 04:10 Brussels (07:10 in
    Astana), the option in the title, the route as LOCATION, a personal UID, and a
    description with the local time, who flies, where they come from (the Astana hotel,
    night of 13 April), where they go next, and when to check in (60 minutes before
    07:10: 06:10), each time of the description with its zone: "06:10" alone in a
    Brussels calendar would read as 06:10 in Brussels, two hours after take-off."""
    event = _event(to_calendar(brief, ITINERARY, participant="rector"), "flight-nqz-ala")
    assert event["UID"] == "flight-nqz-ala.rector.umons-almaty@visitplanner"
    assert event["DTSTART"] == "20270414T041000"
    assert event["SUMMARY"] == "Flight Astana to Almaty (KC 951)"
    assert event["LOCATION"] == (
        "Astana International Airport (NQZ) -> Almaty International Airport (ALA)"
    )
    assert event["CATEGORIES"] == "TRANSFER"
    assert event["SEQUENCE"] == "0"
    assert "GEO" not in event
    assert event["DESCRIPTION"].split("\\n") == [
        "Visit time: 07:10-08:50 (Asia/Almaty)",
        "Attendees:",
        "- Philippe Dubois\\, Rector\\, University of Mons (UMONS)",
        "- Director of International Relations\\, International Relations Office\\, UMONS",
        "Coming from: Delegation hotel\\, Astana",
        "Going on to: Kazakh-British Technical University "
        "(Applied research cooperation\\, KBTU\\, starts 15:00 Asia/Almaty)",
        "Check-in: at Astana International Airport (NQZ) by 06:10 Asia/Almaty\\, "
        "60 minutes before departure",
    ]


def test_a_check_in_in_another_zone_gives_its_own_clock_too() -> None:
    """The rector flies KC 902 from Brussels at 21:40 (CEST, UTC+2) on 12 April: 00:40 on
    the 13th in Almaty (UTC+5), where the visit's times are read. Check-in, 120 minutes
    before, is at 22:40 in Almaty, which nobody at Brussels Airport reads: the description
    adds 19:40 Europe/Brussels, the clock at the airport."""
    visit = flight_from_brussels()
    itinerary = planned(visit).result.itinerary
    assert itinerary is not None
    event = _event(to_calendar(visit, itinerary), "flight-out")
    assert event["DTSTART"] == "20270413T004000"
    assert event["DESCRIPTION"].split("\\n")[-1] == (
        "Check-in: at Brussels Airport by 22:40 (19:40 Europe/Brussels)\\, "
        "120 minutes before departure"
    )


def test_the_whole_visit_names_who_comes_from_where(brief: Brief) -> None:
    """In the whole-visit file the KazNU meeting's attendees do not all come from the
    same place: the delegation from its hotel, the host from nowhere the plan knows. So
    the line names them; after the meeting all three stay for the signing."""
    event = _event(to_calendar(brief, ITINERARY), "kaznu-rector-meeting")
    assert event["UID"] == "kaznu-rector-meeting.umons-almaty@visitplanner"
    assert event["GEO"] == "43.2225;76.924"
    assert event["LOCATION"] == f"{KAZNU}\\, 71 al-Farabi Ave\\, Almaty"
    lines = event["DESCRIPTION"].split("\\n")
    assert lines[4:] == [
        "Coming from (Philippe Dubois\\; Director of International Relations): "
        "Delegation hotel\\, Almaty",
        f"Going on to: {KAZNU} (Signing of the academic mobility agreement\\, starts 11:30)",
    ]


def test_lunch_and_travel_events_are_optional(brief: Brief) -> None:
    """Lunch breaks are in by default, travel legs are out by default."""

    def kinds(include_lunch: bool = True, include_travel: bool = False) -> list[str]:
        data = to_calendar(
            brief,
            ITINERARY,
            participant="rector",
            include_lunch=include_lunch,
            include_travel=include_travel,
        )
        return [e["CATEGORIES"] for e in _events(data)]

    assert kinds() == ["TRANSFER", "LUNCH", "MEETING", "MEETING", "MEETING", "LUNCH", "FIXED"]
    assert "LUNCH" not in kinds(include_lunch=False)
    assert kinds(include_travel=True).count("TRAVEL") == 1


# -- identity and determinism -----------------------------------------------------------


def test_same_inputs_give_the_same_bytes_whatever_the_item_order(brief: Brief) -> None:
    """Events are sorted by start then UID, so a shuffled itinerary writes the same file."""
    shuffled = Itinerary(visit="umons-almaty", items=ITEMS[::-1])
    assert to_calendar(brief, ITINERARY) == to_calendar(brief, ITINERARY)
    assert to_calendar(brief, shuffled) == to_calendar(brief, ITINERARY)


def test_dtstamp_comes_from_the_argument_then_source_date_epoch_then_the_brief(
    brief: Brief, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never the wall clock: by default midnight UTC of the visit's first day (14 April);
    SOURCE_DATE_EPOCH=1803893400 is 2027-03-01 09:30 UTC; an explicit ``dtstamp`` wins."""

    def stamps(dtstamp: datetime | None = None) -> set[str]:
        return {e["DTSTAMP"] for e in _events(to_calendar(brief, ITINERARY, dtstamp=dtstamp))}

    assert stamps() == {"20270414T000000Z"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1803893400")
    assert stamps() == {"20270301T093000Z"}
    assert stamps(ALMATY.localize(datetime(2027, 3, 2, 14, 0))) == {"20270302T090000Z"}
    with pytest.raises(ValueError, match="needs a timezone"):
        stamps(datetime(2027, 3, 2))
    for wrong in ("yesterday", "1.5", "-5", "99999999999999"):  # (the last: year 3 170 843)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", wrong)
        with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
            stamps()


def test_sequence_comes_from_the_mapping_so_a_moved_item_updates(brief: Brief) -> None:
    """Re-importing with SEQUENCE 1 for the moved signing replaces the old event (same UID)."""
    data = to_calendar(brief, ITINERARY, sequences={"signing": 1})
    sequences = {e["UID"].split(".")[0]: e["SEQUENCE"] for e in _events(data)}
    assert sequences["signing"] == "1"
    assert sequences["reception"] == "0"
    with pytest.raises(ValueError, match="negative"):
        to_calendar(brief, ITINERARY, sequences={"signing": -1})


def test_uids_are_stable_rfc_safe_and_cannot_collide() -> None:
    """Dots separate the parts, so a dot inside an id is escaped: item ``a.b`` of visit
    ``v`` and item ``a`` of participant ``b`` stay apart."""
    assert uid("umons-almaty", "signing") == "signing.umons-almaty@visitplanner"
    assert uid("umons-almaty", "signing", "rector") == "signing.rector.umons-almaty@visitplanner"
    assert uid("v", "a.b") == "a%2Eb.v@visitplanner"
    assert uid("v", "a", "b") == "a.b.v@visitplanner"
    assert uid("v", "lunch 14/04") == "lunch%2014%2F04.v@visitplanner"


def test_text_loses_control_characters_and_escapes_commas_and_semicolons(
    brief: Brief,
) -> None:
    """A title pasted from a word processor with a bell and an escape character: both
    go, the comma and semicolon are escaped, and the title reads back intact."""
    item = ITEMS[4].model_copy(update={"title": "Talks\x07, part 1;\x1b[0m KazNU\r\nday 2"})
    data = to_calendar(brief, Itinerary(visit="umons-almaty", items=(item,)))
    assert "SUMMARY:Talks\\, part 1\\;[0m KazNU\\nday 2" in _lines(data)
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data)
    parsed = next(iter(Calendar.from_ical(data).walk("VEVENT")))
    assert str(parsed["SUMMARY"]) == "Talks, part 1;[0m KazNU\nday 2"


# -- errors -----------------------------------------------------------------------------


def test_nothing_to_write_is_an_error_not_an_empty_calendar(brief: Brief) -> None:
    with pytest.raises(EmptyCalendarError, match="the itinerary has no items"):
        to_calendar(brief, Itinerary(visit="umons-almaty", items=()))
    with pytest.raises(EmptyCalendarError, match="none of its 8 items concerns them"):
        to_calendar(brief, ITINERARY, participant="observer")
    lunches = Itinerary(visit="umons-almaty", items=(ITEMS[1], ITEMS[6]))
    with pytest.raises(EmptyCalendarError, match="lunch"):
        to_calendar(brief, lunches, include_lunch=False)


def test_unknown_references_are_refused(brief: Brief) -> None:
    with pytest.raises(ValueError, match="unknown participant 'nobody'"):
        to_calendar(brief, ITINERARY, participant="nobody")
    lost = ITEMS[3].model_copy(update={"venue": "atlantis"})
    with pytest.raises(ValueError, match="'kbtu-meeting' names unknown venue 'atlantis'"):
        to_calendar(brief, Itinerary(visit="umons-almaty", items=(lost,)))


# -- files ------------------------------------------------------------------------------


def test_write_calendars_writes_the_visit_and_one_file_per_person(
    brief: Brief, tmp_path: Path
) -> None:
    """The observer has no item, so no file; everyone else gets ``<id>.ics``."""
    paths = write_calendars(tmp_path / "calendars", brief, ITINERARY)
    assert [p.name for p in paths] == ["umons-almaty.ics", *(f"{p}.ics" for p in PEOPLE)]
    assert sorted(os.listdir(tmp_path / "calendars")) == sorted(p.name for p in paths)
    rector = (tmp_path / "calendars" / "rector.ics").read_bytes()
    assert rector == to_calendar(brief, ITINERARY, participant="rector")


def test_a_participant_named_like_the_visit_is_refused(brief: Brief, tmp_path: Path) -> None:
    """Both calendars would be ``rector.ics``; one would silently overwrite the other."""
    clash = brief.model_copy(update={"visit": brief.visit.model_copy(update={"id": "rector"})})
    with pytest.raises(ValueError, match="participant 'rector' has the visit's id"):
        write_calendars(tmp_path, clash, ITINERARY)
    assert os.listdir(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_debris(
    brief: Brief, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the final rename fails (disk full, permissions...), the previous calendar is
    untouched and the temporary file is gone."""
    target = tmp_path / "visit.ics"
    target.write_bytes(b"previous calendar")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        write_calendar(target, brief, ITINERARY)
    assert target.read_bytes() == b"previous calendar"
    assert os.listdir(tmp_path) == ["visit.ics"]


def test_a_failing_calendar_writes_nothing(brief: Brief, tmp_path: Path) -> None:
    """Every file is built before the first is written: a bad item leaves the folder as
    it was, not half-updated."""
    lost = ITEMS[3].model_copy(update={"venue": "atlantis"})
    broken = Itinerary(visit="umons-almaty", items=(*ITEMS[:3], lost))
    (tmp_path / "rector.ics").write_bytes(b"previous calendar")
    with pytest.raises(ValueError, match="atlantis"):
        write_calendars(tmp_path, brief, broken)
    assert os.listdir(tmp_path) == ["rector.ics"]
    assert (tmp_path / "rector.ics").read_bytes() == b"previous calendar"


@pytest.mark.parametrize(
    ("participant", "golden"),
    [(None, "umons-almaty.ics"), ("rector", "umons-almaty.rector.ics")],
)
def test_golden_files(
    brief: Brief, monkeypatch: pytest.MonkeyPatch, participant: str | None, golden: str
) -> None:
    """The exact bytes, reviewed by a person once. After an intended change, rewrite
    them with ``VISITPLANNER_REGENERATE_GOLDEN=1 pytest tests/test_ics.py`` and review
    the diff. PRODID carries version 0.0.0 so that releases do not touch them."""
    monkeypatch.setattr(visitplanner, "__version__", "0.0.0")
    data = to_calendar(
        brief,
        ITINERARY,
        participant=participant,
        include_travel=True,
        dtstamp=datetime(2027, 3, 1, tzinfo=UTC),
    )
    path = GOLDEN / golden
    if os.environ.get(REGENERATE) == "1":
        path.write_bytes(data)
    assert data == path.read_bytes()


# -- the nights the clocks change -------------------------------------------------------


def _instants(data: bytes) -> list[tuple[str, str, str]]:
    """(start, end, title) of every event as icalendar reads it back, in UTC."""
    return sorted(
        (
            f"{event.start.astimezone(UTC):%H:%M}Z",
            f"{event.end.astimezone(UTC):%H:%M}Z",
            str(event["SUMMARY"]),
        )
        for event in Calendar.from_ical(data).walk("VEVENT")
    )


def test_a_time_the_clocks_show_twice_is_written_in_utc() -> None:
    """On Sunday 31 October 2027 Brussels goes back from 03:00 (UTC+2) to 02:00 (UTC+1),
    so 02:15 happens twice: at 00:15 UTC and at 01:15 UTC. Written as
    ``DTSTART;TZID=Europe/Brussels:20271031T021500``, both calls would be read as the
    first (RFC 5545, 3.3.5): the second would show an hour early. Both are written in
    UTC instead, start and end alike; the 03:15 call (02:15 UTC) exists once and keeps
    its TZID. icalendar and the strict ``ical`` parser read the three instants back,
    and the description gives the local times with their offsets.

    (recurring-ical-events 3.8 is no judge here: it moves UTC times into X-WR-TIMEZONE
    and then loses which 02:15 it was. Google's own exports are UTC times under an
    X-WR-TIMEZONE, so Google reads them.)"""
    brief = parse_brief(night_shift.BRIEF)
    data = to_calendar(brief, night_shift.itinerary(brief))
    events = {e["UID"].split(".")[0]: e for e in _events(data)}
    assert (events["first"]["DTSTART"], events["first"]["DTEND"]) == (
        "20271031T001500Z",
        "20271031T004500Z",
    )
    assert (events["second"]["DTSTART"], events["second"]["DTEND"]) == (
        "20271031T011500Z",
        "20271031T014500Z",
    )
    assert "DTSTART;TZID=Europe/Brussels:20271031T031500" in _lines(data)
    assert events["second"]["DESCRIPTION"].split("\\n")[0] == (
        "Visit time: 02:15 (+01:00)-02:45 (+01:00) (Europe/Brussels)"
    )
    assert "Visit time" not in events["third"]["DESCRIPTION"]
    assert _instants(data) == [
        ("00:15Z", "00:45Z", "First call"),
        ("01:15Z", "01:45Z", "Second call"),
        ("02:15Z", "02:45Z", "Third call"),
    ]
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    assert sorted(e.dtstart.astimezone(UTC).hour for e in strict.events) == [0, 1, 2]


def test_in_another_zone_the_same_instants_need_no_utc() -> None:
    """Bek's calendar is in Almaty (UTC+5), where nothing repeats that night: the three
    calls are at 05:15, 06:15 and 07:15 with TZID=Asia/Almaty. Alice's, in the visit's
    zone, is written like the whole visit."""
    brief = parse_brief(night_shift.BRIEF)
    bek = to_calendar(brief, night_shift.itinerary(brief), participant="bek")
    assert [line for line in _lines(bek) if line.startswith("DTSTART;")] == [
        "DTSTART;TZID=Asia/Almaty:20271031T051500",
        "DTSTART;TZID=Asia/Almaty:20271031T061500",
        "DTSTART;TZID=Asia/Almaty:20271031T071500",
    ]
    alice = to_calendar(brief, night_shift.itinerary(brief), participant="alice")
    assert _instants(alice) == _instants(to_calendar(brief, night_shift.itinerary(brief)))


def test_the_night_the_clocks_go_forward_keeps_its_zone() -> None:
    """On Sunday 28 March 2027 Brussels skips from 02:00 to 03:00: 00:30 UTC is 01:30
    (UTC+1) and 01:30 UTC is 03:30 (UTC+2). No written time falls in the skipped hour,
    none is ambiguous, so both keep TZID=Europe/Brussels and read back exactly."""
    brief = parse_brief(
        night_shift.BRIEF.replace("2027-10-31T02:15+02:00", "2027-03-28T01:30+01:00")
        .replace("2027-10-31T02:15+01:00", "2027-03-28T03:30+02:00")
        .replace("2027-10-31T03:15+01:00", "2027-03-28T04:30+02:00")
        .replace("2027-10-31", "2027-03-28")
    )
    data = to_calendar(brief, night_shift.itinerary(brief))
    starts = [line for line in _lines(data) if line.startswith("DTSTART;")]
    assert starts == [
        "DTSTART;TZID=Europe/Brussels:20270328T013000",
        "DTSTART;TZID=Europe/Brussels:20270328T033000",
        "DTSTART;TZID=Europe/Brussels:20270328T043000",
    ]
    assert [row[:2] for row in _instants(data)] == [
        ("00:30Z", "01:00Z"),
        ("01:30Z", "02:00Z"),
        ("02:30Z", "03:00Z"),
    ]


def test_a_replan_cancels_what_each_calendar_had_and_has_no_longer(brief: Brief) -> None:
    """A re-plan drops the KBTU meeting (it went out with SEQUENCE 2) and holds the
    signing without the Director (an optional attendee). Given the previous plan, each
    calendar cancels what it had and has no longer: the visit's and the Rector's the KBTU
    meeting, SEQUENCE 3, with the reason it was left out; the Director's the signing,
    which goes on without them. The journalist's calendar cancels nothing. Every file
    still passes the strict parser."""
    previous = ITINERARY.model_copy(
        update={
            "items": tuple(
                i.model_copy(update={"sequence": 2}) if i.id == "kbtu-meeting" else i for i in ITEMS
            )
        }
    )
    signing = next(i for i in ITEMS if i.id == "signing")
    without = tuple(p for p in signing.attendees if p != "dir-intl")
    current = Itinerary(
        visit=ITINERARY.visit,
        items=tuple(
            i.model_copy(update={"attendees": without}) if i.id == "signing" else i
            for i in ITEMS
            if i.id not in ("kbtu-meeting", "travel-rector-1")
        ),
        unscheduled=(Unscheduled(id="kbtu-meeting", reason="the Rector is away"),),
    )

    def cancelled(participant: str | None) -> dict[str, tuple[str, str, str]]:
        data = to_calendar(brief, current, participant=participant, previous=previous)
        strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
        assert len(strict.events) == data.count(b"BEGIN:VEVENT")
        return {
            e["UID"]: (e["SUMMARY"], e["SEQUENCE"], e["DESCRIPTION"])
            for e in _events(data)
            if e.get("STATUS") == "CANCELLED"
        }

    kbtu = ("Cancelled: Applied research cooperation\\, KBTU", "3")
    away = "Not in the new plan: the Rector is away."
    assert cancelled(None) == {"kbtu-meeting.umons-almaty@visitplanner": (*kbtu, away)}
    assert cancelled("rector") == {"kbtu-meeting.rector.umons-almaty@visitplanner": (*kbtu, away)}
    director = next(p.name for p in brief.participants if p.id == "dir-intl")
    assert cancelled("dir-intl") == {
        "signing.dir-intl.umons-almaty@visitplanner": (
            "Cancelled: Signing of the academic mobility agreement",
            "1",
            f"Not in the new plan: it goes on without {director}.",
        )
    }
    assert cancelled("journalist") == {}


def test_sequence_and_dtstamp_follow_the_replanned_itinerary(brief: Brief) -> None:
    """Without ``sequences``, each event's SEQUENCE is its item's ``sequence`` (what
    ``plan`` sets on a re-plan), so the Python API needs no mapping; the default DTSTAMP
    is the visit's first day at midnight UTC plus a minute per re-plan (``revision`` 3:
    00:03), so a client comparing two versions with one SEQUENCE by DTSTAMP takes the
    newer plan's."""
    items = tuple(i.model_copy(update={"sequence": 2}) if i.id == "signing" else i for i in ITEMS)
    data = to_calendar(brief, Itinerary(visit=ITINERARY.visit, items=items, revision=3))
    events = {e["UID"].split(".")[0]: e for e in _events(data)}
    assert (events["signing"]["SEQUENCE"], events["reception"]["SEQUENCE"]) == ("2", "0")
    assert {e["DTSTAMP"] for e in events.values()} == {"20270414T000300Z"}


def test_a_personal_event_that_ends_the_next_day_says_so_in_local_time(brief: Brief) -> None:
    """The Rector's calendar is in Brussels time; an event from 19:45 in Almaty on 15
    April to 12:40 (Almaty) the next day carries the visit's local time in its
    description with the day: "19:45-12:40 (+1 day)", not a span that seems to run
    backwards."""
    late = Item(
        id="reception",
        kind="fixed",
        title="Late reception",
        start=ALMATY.localize(datetime(2027, 4, 15, 19, 45)),
        end=ALMATY.localize(datetime(2027, 4, 16, 12, 40)),
        venue="hotel-almaty",
        attendees=("rector",),
    )
    data = to_calendar(brief, Itinerary(visit=ITINERARY.visit, items=(late,)), participant="rector")
    assert _event(data, "reception")["DESCRIPTION"].startswith(
        "Visit time: 19:45-12:40 (+1 day) (Asia/Almaty)"
    )


def test_a_previous_plan_of_another_visit_is_refused(brief: Brief) -> None:
    """``previous`` is the plan these calendars replace; one of another visit would have
    them cancel that visit's events under its UIDs. ``plan`` refused it already; the
    calendar functions do too, with the same words."""
    other = Itinerary(visit="another-visit", items=ITINERARY.items[:1])
    with pytest.raises(ValueError, match="the previous plan is of the visit 'another-visit'"):
        to_calendar(brief, ITINERARY, previous=other)
