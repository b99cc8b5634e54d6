"""Busy times read from exported calendars, as ``busy_calendar`` feeds them to the planner.

The story: the visit runs Monday 12 to Friday 16 April 2027 in Almaty (UTC+5). Two of
the delegation send their calendars:

- the Rector exports his Google Calendar (``data/busy/rector-google.ics``): Europe/Brussels
  as X-WR-TIMEZONE (UTC+1 until Sunday 28 March, UTC+2 after), a weekly Monday meeting
  with an EXDATE and two RECURRENCE-ID overrides, an all-day event, a transparent and a
  cancelled event, one in UTC and one in Asia/Tokyo;
- the Director of International Relations exports Outlook
  (``data/busy/dir-intl-outlook.ics``): Windows zone names, X-MICROSOFT-CDO-BUSYSTATUS,
  and one "Customized Time Zone" that only the file's own VTIMEZONE defines.

Each test works out, by hand, which hours of Almaty time are blocked.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import pytz

from visitplanner import busy
from visitplanner.busy import busy_windows
from visitplanner.errors import BriefError

DATA = Path(__file__).parent / "data" / "busy"
ALMATY = pytz.timezone("Asia/Almaty")
BRUSSELS = pytz.timezone("Europe/Brussels")
VISIT = (ALMATY.localize(datetime(2027, 4, 12)), ALMATY.localize(datetime(2027, 4, 17)))


def _almaty(spans: list[tuple[datetime, datetime]]) -> list[str]:
    """Spans as Almaty wall-clock text, e.g. ``Mon 12 13:00 - Mon 12 14:00``."""
    return [
        f"{a.astimezone(ALMATY):%a %d %H:%M} - {b.astimezone(ALMATY):%a %d %H:%M}" for a, b in spans
    ]


def _visit_week(name: str) -> list[str]:
    """What the sample export ``name`` blocks from 12 to 16 April, in Almaty time."""
    return _almaty(busy_windows(DATA / name, *VISIT, default_tz=ALMATY))


def _ics(folder: Path, body: str, header: str = "", name: str = "busy.ics") -> Path:
    """A small calendar file with CRLF line ends: ``header`` lines, then ``body``."""
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{header}{body}END:VCALENDAR\n"
    path = folder / name
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


def _event(start: str, end: str, summary: str = "Busy", extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\nUID:{summary}-{start}@test\nDTSTAMP:20270101T000000Z\n"
        f"DTSTART{start}\nDTEND{end}\nSUMMARY:{summary}\n{extra}END:VEVENT\n"
    )


def test_the_rectors_google_calendar_during_the_visit() -> None:
    """Four blocks, all else ignored:

    - Mon 12: the weekly 10:00-11:00 Brussels meeting; Brussels is UTC+2 in April, so
      08:00-09:00 UTC, 13:00-14:00 in Almaty;
    - Tue 13: "Reading time" 09:00-12:00 Brussels is TRANSP:TRANSPARENT, so free; the
      17:00-18:00 call in Asia/Tokyo (UTC+9) is 08:00-09:00 UTC, 13:00-14:00 in Almaty;
    - Wed 14: the Senate 14:00-16:00 Brussels is STATUS:CANCELLED, so free;
    - Thu 15: the all-day Academic Council blocks the whole day in the calendar's zone,
      Brussels: 15 April 00:00 to 16 April 00:00 UTC+2, that is 03:00 to 03:00 in Almaty;
    - Fri 16: the FNRS call at 07:00-08:00 UTC is 12:00-13:00 in Almaty.
    """
    assert _visit_week("rector-google.ics") == [
        "Mon 12 13:00 - Mon 12 14:00",
        "Tue 13 13:00 - Tue 13 14:00",
        "Thu 15 03:00 - Fri 16 03:00",
        "Fri 16 12:00 - Fri 16 13:00",
    ]


def test_the_weekly_meeting_follows_brussels_clocks_exdate_and_overrides() -> None:
    """The Monday 10:00 Brussels meeting, 22 March to 26 April 2027:

    - 22 March: Brussels is still UTC+1, so 09:00 UTC, 14:00-15:00 in Almaty;
    - 29 March (Easter Monday) is an EXDATE: nothing;
    - 5 and 12 April: UTC+2, so 13:00-14:00 in Almaty;
    - 19 April was moved (RECURRENCE-ID) to Tuesday 20 April 09:00-10:30 Brussels,
      12:00-13:30 in Almaty;
    - 26 April's occurrence is overridden as CANCELLED: nothing.
    The other events of the calendar (13, 15 and 16 April) are listed too.
    """
    start = ALMATY.localize(datetime(2027, 3, 22))
    end = ALMATY.localize(datetime(2027, 4, 27))
    spans = busy_windows(DATA / "rector-google.ics", start, end, default_tz=ALMATY)
    assert _almaty(spans) == [
        "Mon 22 14:00 - Mon 22 15:00",
        "Mon 05 13:00 - Mon 05 14:00",
        "Mon 12 13:00 - Mon 12 14:00",
        "Tue 13 13:00 - Tue 13 14:00",
        "Thu 15 03:00 - Fri 16 03:00",
        "Fri 16 12:00 - Fri 16 13:00",
        "Tue 20 12:00 - Tue 20 13:30",
    ]


def test_the_directors_outlook_calendar_during_the_visit() -> None:
    """Nine blocks, from zones Outlook names the Windows way (CLDR's map to IANA):

    ===  ==============================  ==========================  ==========  =========
    day  event                           written                     UTC         Almaty
    ===  ==============================  ==========================  ==========  =========
    Mon  Tashkent call, TENTATIVE        09:00 West Asia (UTC+5)     04:00       09:00
    Mon  Boston call                     08:00 Eastern (UTC-4, DST)  12:00       17:00
    Tue  UNSW call                       18:00 AUS Eastern (UTC+10)  08:00       13:00
    Tue  Erasmus+ call                   13:00-14:30 Romance (UTC+2) 11:00       16:00
    Wed  team meeting, weekly            08:30 W. Europe (UTC+2)     06:30       11:30
    Wed  working lunch                   13:00 Customized (UTC+5)    08:00       13:00
    Thu  Visegrad call                   10:00 Central Europe (+2)   08:00       13:00
    Fri  UC Berkeley call (Thu 17:00)    17:00 Pacific (UTC-7, DST)  00:00 Fri   05:00
    Fri  Imperial College call           09:00 GMT (UTC+1, BST)      08:00       13:00
    ===  ==============================  ==========================  ==========  =========

    Sydney's summer time ended on 4 April, hence UTC+10. Ignored: the Wednesday webinar
    (X-MICROSOFT-CDO-BUSYSTATUS:FREE, although TRANSP says OPAQUE) and the all-day city
    festival (FREE and TRANSPARENT).
    """
    assert _visit_week("dir-intl-outlook.ics") == [
        "Mon 12 09:00 - Mon 12 10:00",
        "Mon 12 17:00 - Mon 12 18:00",
        "Tue 13 13:00 - Tue 13 14:00",
        "Tue 13 16:00 - Tue 13 17:30",
        "Wed 14 11:30 - Wed 14 12:30",
        "Wed 14 13:00 - Wed 14 14:00",
        "Thu 15 13:00 - Thu 15 14:00",
        "Fri 16 05:00 - Fri 16 06:00",
        "Fri 16 13:00 - Fri 16 14:00",
    ]


@pytest.mark.parametrize(
    ("windows_name", "utc_offset_hours"),
    [
        ("Central Europe Standard Time", 2),  # Europe/Budapest, summer time
        ("W. Europe Standard Time", 2),  # Europe/Berlin
        ("Romance Standard Time", 2),  # Europe/Paris
        ("GMT Standard Time", 1),  # Europe/London, British Summer Time
        ("Ekaterinburg Standard Time", 5),  # Asia/Yekaterinburg
        ("West Asia Standard Time", 5),  # Asia/Tashkent
        ("Central Asia Standard Time", 6),  # Asia/Bishkek (CLDR), not Almaty's UTC+5
        ("Pacific Standard Time", -7),  # America/Los_Angeles, daylight time
        ("Eastern Standard Time", -4),  # America/New_York, daylight time
        ("AUS Eastern Standard Time", 10),  # Australia/Sydney, standard time in April
    ],
)
def test_windows_zone_names_without_a_vtimezone(
    tmp_path: Path, windows_name: str, utc_offset_hours: int
) -> None:
    """An event at 12:00 on Wednesday 14 April 2027 in a Windows zone, with no VTIMEZONE
    to explain it, starts at 12:00 minus the zone's UTC offset that day."""
    body = _event(
        f';TZID="{windows_name}":20270414T120000', f';TZID="{windows_name}":20270414T130000'
    )
    [(start, _)] = busy_windows(_ics(tmp_path, body), *VISIT)
    noon_utc = datetime(2027, 4, 14, 12, tzinfo=pytz.utc)
    assert start == noon_utc - timedelta(hours=utc_offset_hours)


def test_each_file_means_its_own_customized_time_zone(tmp_path: Path) -> None:
    """icalendar keeps every VTIMEZONE it reads in one process-wide cache. Two Outlook
    files that both say "Customized Time Zone", one for UTC+5 and one for UTC-3, must
    each be read with their own: 09:00 is 04:00 UTC in the first, 12:00 UTC in the second."""

    def export(offset: str, name: str) -> Path:
        zone = (
            "BEGIN:VTIMEZONE\nTZID:Customized Time Zone\nBEGIN:STANDARD\n"
            f"DTSTART:16010101T000000\nTZOFFSETFROM:{offset}\nTZOFFSETTO:{offset}\n"
            "END:STANDARD\nEND:VTIMEZONE\n"
        )
        tzid = ';TZID="Customized Time Zone":'
        return _ics(
            tmp_path, zone + _event(f"{tzid}20270414T090000", f"{tzid}20270414T100000"), name=name
        )

    almaty_like, sao_paulo_like = export("+0500", "a.ics"), export("-0300", "b.ics")
    assert busy_windows(almaty_like, *VISIT)[0][0] == datetime(2027, 4, 14, 4, tzinfo=pytz.utc)
    assert busy_windows(sao_paulo_like, *VISIT)[0][0] == datetime(2027, 4, 14, 12, tzinfo=pytz.utc)


def test_floating_times_use_x_wr_timezone_else_the_default_zone(tmp_path: Path) -> None:
    """A hand-made file with floating times (no TZID, no Z): a daily 09:00-10:00 until 13
    April, and an overlapping 09:30-11:00 on the 12th, which merges with it.

    With X-WR-TIMEZONE:Europe/Brussels, 09:00 is 07:00 UTC, 12:00 in Almaty. Without it,
    ``default_tz`` (the visit's zone) applies: 09:00 in Almaty."""
    body = _event(
        ":20270412T090000", ":20270412T100000", "Daily", "RRULE:FREQ=DAILY;UNTIL=20270413T090000\n"
    )
    body += _event(":20270412T093000", ":20270412T110000", "Overlap")
    in_brussels = _ics(tmp_path, body, "X-WR-TIMEZONE:Europe/Brussels\n", "brussels.ics")
    assert _almaty(busy_windows(in_brussels, *VISIT, default_tz=ALMATY)) == [
        "Mon 12 12:00 - Mon 12 14:00",
        "Tue 13 12:00 - Tue 13 13:00",
    ]
    unzoned = _ics(tmp_path, body, name="unzoned.ics")
    assert _almaty(busy_windows(unzoned, *VISIT, default_tz=ALMATY)) == [
        "Mon 12 09:00 - Mon 12 11:00",
        "Tue 13 09:00 - Tue 13 10:00",
    ]


def test_an_all_day_event_without_a_calendar_zone_blocks_the_visit_day(tmp_path: Path) -> None:
    """No X-WR-TIMEZONE: the day is midnight to midnight in ``default_tz``. Spans are
    returned in the calendar's zone and still compare as instants."""
    path = _ics(tmp_path, _event(";VALUE=DATE:20270414", ";VALUE=DATE:20270415"))
    [(start, end)] = busy_windows(path, *VISIT, default_tz=ALMATY)
    assert (start, end) == (
        ALMATY.localize(datetime(2027, 4, 14)),
        ALMATY.localize(datetime(2027, 4, 15)),
    )
    assert BRUSSELS.normalize(start.astimezone(BRUSSELS)).hour == 21  # 13 April, 21:00


def test_only_spans_that_meet_the_window_are_returned(tmp_path: Path) -> None:
    """An event ending exactly when the window starts does not intersect it; one that
    starts before and ends inside does, and is returned whole."""
    body = _event(
        ";TZID=Asia/Almaty:20270411T220000", ";TZID=Asia/Almaty:20270412T000000", "Before"
    )
    body += _event(
        ";TZID=Asia/Almaty:20270411T230000", ";TZID=Asia/Almaty:20270412T010000", "Across"
    )
    assert _almaty(busy_windows(_ics(tmp_path, body), *VISIT)) == ["Sun 11 23:00 - Mon 12 01:00"]
    assert busy_windows(_ics(tmp_path, "", name="empty.ics"), *VISIT) == []


def test_seconds_widen_a_busy_span_to_whole_minutes(tmp_path: Path) -> None:
    """Plans are to the minute: a call exported as 05:00:30-05:59:30 UTC (10:00:30 to
    10:59:30 in Almaty) blocks 10:00 to 11:00, every second of it."""
    body = _event(":20270412T050030Z", ":20270412T055930Z", "Call")
    spans = busy_windows(_ics(tmp_path, body), *VISIT)
    assert _almaty(spans) == ["Mon 12 10:00 - Mon 12 11:00"]
    assert all(moment.second == 0 for span in spans for moment in span)


def test_a_time_the_clocks_show_twice_is_its_first_occurrence(tmp_path: Path) -> None:
    """Brussels puts its clocks back at 03:00 on Sunday 31 October 2027, so 02:00-03:00
    happens twice. RFC 5545 reads 02:00-02:59 written with that TZID as the first
    occurrence, summer time: 00:00-00:59 UTC. It was read as the second (01:00-01:59
    UTC), and a meeting could land in the real busy hour. A
    time the clocks skip (02:30 on Sunday 28 March) takes the offset before the gap:
    01:30 UTC, shown 03:30."""
    utc = pytz.utc
    window = (utc.localize(datetime(2027, 3, 27)), utc.localize(datetime(2027, 11, 1)))
    body = _event(";TZID=Europe/Brussels:20271031T020000", ";TZID=Europe/Brussels:20271031T025900")
    body += _event(
        ";TZID=Europe/Brussels:20270328T023000", ";TZID=Europe/Brussels:20270328T040000", "Gap"
    )
    spans = busy_windows(_ics(tmp_path, body), *window)
    assert [
        (f"{a.astimezone(utc):%d %H:%M}", f"{b.astimezone(utc):%d %H:%M}") for a, b in spans
    ] == [
        ("28 01:30", "28 02:00"),
        ("31 00:00", "31 00:59"),
    ]


# -- rules that started long ago -------------------------------------------------------


def _rule(folder: Path, start: str, rule: str, length: str = "DURATION:PT1M") -> Path:
    """A calendar of one recurring event: DTSTART ``start``, then ``rule``."""
    body = (
        f"BEGIN:VEVENT\nUID:rule@test\nDTSTAMP:20270101T000000Z\nSUMMARY:Monitoring\n"
        f"DTSTART{start}\n{length}\nRRULE:{rule}\nEND:VEVENT\n"
    )
    return _ics(folder, body)


def _timed(path: Path, **options: int) -> tuple[list[tuple[datetime, datetime]], float]:
    began = time.perf_counter()
    spans = busy_windows(path, *VISIT, default_tz=ALMATY, **options)
    return spans, time.perf_counter() - began


def test_a_rule_from_2000_costs_what_the_visit_costs(tmp_path: Path) -> None:
    """A monitoring bot books one minute in every two since 1 January 2000, 00:00 UTC:
    seven million occurrences before the visit. Only the visit's (12 April 00:00 to 17
    April 00:00 in Almaty, 19:00 UTC on the 11th to 19:00 UTC on the 16th, five days
    of 720) are of interest: 3600 spans, the first 00:00-00:01 on Monday 12 in Almaty,
    the last 23:58-23:59 on Friday 16, read in well under the 72 s it once took."""
    path = _rule(tmp_path, ":20000101T000000Z", "FREQ=MINUTELY;INTERVAL=2")
    spans, seconds = _timed(path)
    assert len(spans) == 3600
    assert _almaty([spans[0], spans[-1]]) == [
        "Mon 12 00:00 - Mon 12 00:01",
        "Fri 16 23:58 - Fri 16 23:59",
    ]
    assert seconds < 5


def test_too_many_busy_periods_are_refused_quickly(tmp_path: Path) -> None:
    """Every second since 1900 is 432,000 busy periods in the five days: far more than
    10,000, so the file is refused, naming the event, before anything is expanded."""
    path = _rule(tmp_path, ":19000101T000000Z", "FREQ=SECONDLY", "DURATION:PT1S")
    began = time.perf_counter()
    with pytest.raises(BriefError) as caught:
        busy_windows(path, *VISIT, default_tz=ALMATY)
    assert time.perf_counter() - began < 5
    [problem] = caught.value.problems
    assert problem.message == (
        "busy calendar: more than 10,000 busy periods during the visit, most of them from "
        "event 'Monitoring' (UID rule@test), RRULE FREQ=SECONDLY"
    )


def test_the_limit_counts_periods_in_the_visit_only(tmp_path: Path) -> None:
    """An hourly reminder since 2000 has 120 occurrences in the five days: under a limit
    of 120, over a limit of 119."""
    path = _rule(tmp_path, ":20000101T000000Z", "FREQ=HOURLY")
    assert len(busy_windows(path, *VISIT, limit=120)) == 120
    with pytest.raises(BriefError, match="more than 119 busy periods during the visit"):
        busy_windows(path, *VISIT, limit=119)


@pytest.mark.parametrize(
    ("start", "rule"),
    [
        (":20200103T091500Z", "FREQ=DAILY;INTERVAL=3"),
        (":20200106T091500Z", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE"),
        (";TZID=Europe/Brussels:20200101T093000", "FREQ=HOURLY;INTERVAL=7"),
        (";TZID=Europe/Brussels:20200101T000000", "FREQ=MINUTELY;INTERVAL=45;BYHOUR=10,11"),
        (":20200101T120000Z", "FREQ=DAILY;COUNT=2660"),
        (":20200101T120000Z", "FREQ=DAILY;COUNT=2660;BYDAY=MO,TU"),
        (":20200101T120000Z", "FREQ=HOURLY;UNTIL=20270413T000000Z"),
        (":20200131T080000Z", "FREQ=MONTHLY;INTERVAL=2"),
        (":20200112T080000Z", "FREQ=MONTHLY;COUNT=88"),
        (":20200229T080000Z", "FREQ=YEARLY;BYMONTH=2,4;BYMONTHDAY=12,13,29"),
        (";VALUE=DATE:20200101", "FREQ=DAILY;INTERVAL=5"),
    ],
)
def test_bringing_the_start_forward_changes_no_occurrence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str, rule: str
) -> None:
    """Each rule, started in 2020, blocks the same times whether its DTSTART is brought
    forward to the visit or expanded from 2020, COUNT, UNTIL, BY... parts, Brussels's
    clock changes, months without a 31st and years without a 29 February included."""
    path = _rule(tmp_path, start, rule, "DURATION:PT50M")
    brought = busy_windows(path, *VISIT, default_tz=ALMATY)
    monkeypatch.setattr(busy, "bring_forward", lambda event, before: None)
    assert brought == busy_windows(path, *VISIT, default_tz=ALMATY)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read it: No such file or directory"),
        ("this is not a calendar", "not an iCalendar"),
        ("BEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\n", "expected BEGIN:VCALENDAR, found BEGIN:VEVENT"),
        ("bad-tzid", "unknown timezone 'Nowhere Standard Time'"),
        ("bad-date", "event 'Busy' (UID Busy-:2027041@test): DTSTART: Expected time"),
        ("bad-x-wr", "unknown timezone 'Europe/Atlantis'"),
        ("two-ends", "2 DTEND lines, where an event has one at most"),
        ("zone-without-tzid", "a VTIMEZONE needs exactly one TZID"),
        ("zone-with-two-tzids", "a VTIMEZONE needs exactly one TZID"),
    ],
)
def test_a_broken_or_missing_file_is_a_brief_error_naming_it(
    tmp_path: Path, content: str | None, message: str
) -> None:
    """The planner reports these with the brief's other mistakes, naming the file."""
    path = tmp_path / "busy.ics"
    if content == "bad-tzid":
        tzid = ";TZID=Nowhere Standard Time:"
        _ics(tmp_path, _event(f"{tzid}20270414T090000", f"{tzid}20270414T100000"))
    elif content == "bad-date":
        _ics(tmp_path, _event(":2027041", ":20270414T100000Z"))
    elif content == "bad-x-wr":
        _ics(
            tmp_path,
            _event(":20270414T090000", ":20270414T100000"),
            "X-WR-TIMEZONE:Europe/Atlantis\n",
        )
    elif content == "two-ends":
        _ics(tmp_path, _event(":20270414T090000Z", ":20270414T100000Z\nDTEND:20270414T110000Z"))
    elif content in ("zone-without-tzid", "zone-with-two-tzids"):  # (both were tracebacks)
        tzids = "" if content == "zone-without-tzid" else "TZID:Asia/Almaty\nTZID:Local\n"
        zone = (
            f"BEGIN:VTIMEZONE\n{tzids}BEGIN:STANDARD\nTZOFFSETFROM:+0500\nTZOFFSETTO:+0500\n"
            "DTSTART:19700101T000000\nEND:STANDARD\nEND:VTIMEZONE\n"
        )
        _ics(tmp_path, _event(":20270414T090000Z", ":20270414T100000Z"), zone)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(BriefError) as caught:
        busy_windows(path, *VISIT)
    [problem] = caught.value.problems
    assert problem.file == str(path)
    assert message in problem.message


@pytest.mark.parametrize("endless", [False, True])
def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, endless: bool
) -> None:
    """With the limit at 1 000 bytes: a file of 1 001 bytes is refused by its size, and
    /dev/zero (whose size says 0 and which never ends) after reading 1 001 bytes; a
    probe's brief naming /dev/zero once grew the planner to 24 GB."""
    monkeypatch.setattr(busy, "MAX_BUSY_BYTES", 1000)
    path = Path("/dev/zero") if endless else tmp_path / "busy.ics"
    if not endless:
        path.write_bytes(b"x" * 1001)
    with pytest.raises(BriefError) as caught:
        busy_windows(path, *VISIT)
    [problem] = caught.value.problems
    assert problem.file == str(path)
    assert "it has more than 1,000 bytes; export only the weeks of the visit" in problem.message


FREQUENCIES = "YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY or SECONDLY"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            "UID:standup@test\nSUMMARY:Stand-up\nDTSTART:20270412T040000Z\nRRULE:FREQ=SOMETIMES\n",
            "event 'Stand-up' (UID standup@test): RRULE:FREQ=SOMETIMES: SOMETIMES is not a "
            f"valid frequency ({FREQUENCIES})",
        ),
        ("UID:1\nDTEND:20270412T050000Z\n", "event UID 1: no DTSTART, so no time to block"),
        (
            "SUMMARY:Gym\nDTSTART:20270412T040000Z\nRRULE:INTERVAL=2\n",
            "event 'Gym': RRULE:INTERVAL=2 has no FREQ",
        ),
        (
            "DTSTART:20270412T040000Z\nRRULE:FREQ=DAILY;INTERVAL=often\n",
            "an event with no SUMMARY or UID: RRULE:FREQ=DAILY;INTERVAL=often: "
            "Expected int, got: often",
        ),
        (
            "UID:2\nDTSTART:20270412T040000Z\nRRULE:FREQ=DAILY;BYHOUR=25\n",
            "event UID 2: RRULE:FREQ=DAILY;BYHOUR=25: hour must be in 0..23",
        ),
        (
            "UID:3\nDTSTART:20270412T040000Z\nDTEND:20270412T050000Z\nDURATION:PT1H\n",
            "event UID 3: both DTEND and DURATION, where an event has one or the other",
        ),
    ],
)
def test_a_broken_event_is_named_with_its_line(tmp_path: Path, broken: str, message: str) -> None:
    """A good event (lines 4-10, after three lines of header), then a broken one at
    line 11: the problem names it by SUMMARY and UID (whichever it has), says what is
    wrong in words, and points at its BEGIN:VEVENT line."""
    body = _event(":20270414T090000Z", ":20270414T100000Z")
    path = _ics(tmp_path, body + f"BEGIN:VEVENT\nDTSTAMP:20270101T000000Z\n{broken}END:VEVENT\n")
    with pytest.raises(BriefError) as caught:
        busy_windows(path, *VISIT)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (str(path), 11)
    assert problem.message == f"busy calendar: {message}"


def test_the_window_must_be_aware() -> None:
    """Naive date-times, or dates (an AttributeError before), are refused in words."""
    with pytest.raises(ValueError, match="aware"):
        busy_windows(DATA / "rector-google.ics", datetime(2027, 4, 12), VISIT[1])
    with pytest.raises(ValueError, match="aware start and end date-times"):
        busy_windows(DATA / "rector-google.ics", date(2027, 4, 12), date(2027, 4, 17))  # type: ignore[arg-type]
