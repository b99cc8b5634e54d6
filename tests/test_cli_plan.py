"""``visitplanner plan`` and ``visitplanner check`` from the command line, through
``visitplanner.cli.main(argv) -> exit code``.

The briefs: ``tests/small-visit.yaml`` (two days, Astana then Almaty, every meeting fits:
see tests/test_planner.py), and the two-meetings-one-hour brief of ``briefs.competing_text``
(the rector's courtesy call and keynote, both possible only 09:00-10:00): with priorities
10 and 100 the keynote is kept and the call left out; with both required there is no
itinerary. Exit codes (docs/reference/cli.md): 0 done, 1 infeasible / rules broken, 2 bad
brief, input file or command line, 3 internal error, 4 an output file cannot be written,
5 done but a calendar not written, as nothing is scheduled in it.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from briefs import SMALL_VISIT, competing_text
from visitplanner.cli import main

ISO_MINUTE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}$")
SECONDS = "must be a number of seconds above 0 and at most 86400 (a day)"
SEEDS = "must be a whole number from 0 to 1000000000"
WEIGHTS = "must be a whole number from 0 to 1000000"
TOP_KEYS = ["report_version", "visit", "status", "objective", "bound", "items", "unscheduled"]


def plan(brief: Path | str, tmp_path: Path, *extra: str) -> tuple[int, Path]:
    """``visitplanner plan BRIEF --report R --time-limit 5 ...``: the exit code and R."""
    report = tmp_path / "report.json"
    code = main(["plan", str(brief), "--report", str(report), "--time-limit", "5", *extra])
    return code, report


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plan_writes_the_documented_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 0; the report has the documented keys, in order; every item has id, kind,
    title, start, end, attendees, plus venue (meetings, fixed events) or from/to (transfers
    and travel) and option (transfers); times are ISO 8601 to the minute with the
    visit's offset (+05:00 in Almaty)."""
    code, report = plan(SMALL_VISIT, tmp_path, "--seed", "0", "--workers", "1")
    assert code == 0
    assert "optimal" in capsys.readouterr().out  # the summary; its wording is not pinned
    data = json.loads(report.read_text(encoding="utf-8"))
    assert list(data) == TOP_KEYS
    assert (data["visit"], data["status"], data["objective"], data["bound"]) == (
        "small-visit",
        "optimal",
        190,
        190,
    )
    kinds = {item["kind"] for item in data["items"]}
    assert kinds == {"meeting", "fixed", "transfer", "lunch", "travel"}
    for item in data["items"]:
        assert {"id", "kind", "title", "start", "end", "attendees"} <= set(item)
        assert ISO_MINUTE.match(item["start"]) and ISO_MINUTE.match(item["end"])
        assert datetime.fromisoformat(item["start"]).utcoffset() is not None
        assert item["start"].endswith("+05:00")
        if item["kind"] in ("meeting", "fixed"):
            assert "venue" in item and "from" not in item
        if item["kind"] in ("transfer", "travel"):
            assert {"from", "to"} <= set(item) and "venue" not in item
        assert ("option" in item) == (item["kind"] == "transfer")
    flight = next(item for item in data["items"] if item["id"] == "flight")
    assert (flight["from"], flight["to"], flight["option"]) == (
        "airport-nqz",
        "airport-ala",
        "KC 951",
    )
    assert data["unscheduled"] == []


def test_plan_reports_a_left_out_meeting_with_its_reason(tmp_path: Path) -> None:
    """The keynote (100) takes the only hour; the courtesy call (10) is listed in
    ``unscheduled`` with an id and a reason."""
    code, report = plan(write(tmp_path, "brief.yaml", competing_text("10", "100")), tmp_path)
    assert code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [item["id"] for item in data["items"] if item["kind"] == "meeting"] == ["keynote"]
    (left,) = data["unscheduled"]
    assert set(left) == {"id", "reason"}
    assert left["id"] == "courtesy-call" and left["reason"]


def test_plan_infeasible_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two required meetings for one hour: exit 1 and the reasons on stderr. A report from
    an earlier run stays byte for byte as it was, and no calendar appears."""
    brief = write(tmp_path, "brief.yaml", competing_text("required", "required"))
    report = tmp_path / "report.json"
    earlier = b'{"an earlier": "report"}\n'
    report.write_bytes(earlier)
    calendar = tmp_path / "visit.ics"
    code, _ = plan(brief, tmp_path, "-o", str(calendar))
    assert code == 1
    assert "infeasible" in capsys.readouterr().err
    assert report.read_bytes() == earlier
    assert not calendar.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.yaml", "report.json"]


def empty_plan_text() -> str:
    """The two meetings of ``competing_text`` at 90 minutes each, where the minister and
    the provost are free for 60: neither fits, and the plan, valid, has no item at all
    (nobody travels, so there is no lunch either)."""
    return competing_text("10", "100").replace("minutes: 60", "minutes: 90")


def test_an_empty_plan_writes_everything_but_the_calendars(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Neither meeting fits: the office still wants to know why, in the summary and in
    the report, HTML and Markdown, which are written. A calendar with no event is not
    valid iCalendar, so ``visit.ics`` (from an earlier run) stays byte for byte as it
    was, no ``calendars/`` folder appears, stderr says so for each, and the exit code
    is 5: done, but a calendar asked for was not written."""
    brief = write(tmp_path, "brief.yaml", empty_plan_text())
    calendar = tmp_path / "visit.ics"
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nan earlier plan\r\n")
    html, markdown = tmp_path / "itinerary.html", tmp_path / "itinerary.md"
    code, report = plan(
        brief,
        tmp_path,
        *("-o", str(calendar), "--per-participant", str(tmp_path / "calendars")),
        *("--html", str(html), "--markdown", str(markdown)),
    )
    assert code == 5
    out, err = capsys.readouterr()
    assert "Meetings: 0 of 2 kept, 2 left out" in out
    assert "keynote (priority 100): no time fits the availability of provost" in out
    nothing = "no events to write in a calendar for the visit: the itinerary has no items"
    assert f"{calendar}: calendar not written: {nothing}" in err
    assert f"{tmp_path / 'calendars'}: calendars not written: {nothing}" in err
    assert f"{calendar.name}: calendar not written" not in out
    assert "what is there is left as it was" in err and "Traceback" not in err
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["items"] == [] and len(data["unscheduled"]) == 2
    assert "keynote" in html.read_text(encoding="utf-8")
    assert "keynote" in markdown.read_text(encoding="utf-8")
    assert calendar.read_bytes() == b"BEGIN:VCALENDAR\r\nan earlier plan\r\n"
    assert not (tmp_path / "calendars").exists()


def test_an_empty_plan_warns_even_when_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``--quiet`` and only a calendar asked for: no summary, but the warning, and
    exit 5; no file appears."""
    brief = write(tmp_path, "brief.yaml", empty_plan_text())
    calendar = tmp_path / "visit.ics"
    code = main(["plan", str(brief), "-o", str(calendar), "--time-limit", "5", "--quiet"])
    assert code == 5
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{calendar}: calendar not written: no events to write")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.yaml"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("visit: {id: x}\n", "visit"),
        (competing_text("10", "100").replace("minutes: 60", "minutes: sixty", 1), "minutes"),
        (competing_text("10", "100").replace("venue: ministry", "venue: ministery", 1), "ministry"),
    ],
    ids=["incomplete", "not-a-number", "unknown-venue"],
)
def test_plan_bad_brief_exits_2_with_located_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    """A brief that does not validate: exit 2, each problem on stderr as FILE:LINE:COL,
    and no report."""
    code, report = plan(write(tmp_path, "brief.yaml", text), tmp_path)
    assert code == 2
    err = capsys.readouterr().err
    assert re.search(r"brief\.yaml:\d+", err) and message in err
    assert not report.exists()


@pytest.mark.parametrize(
    ("option", "target", "reason"),
    [
        ("-o", "calendars", "calendars: cannot write the output: is a directory"),
        ("--html", "notes.txt/visit.html", "notes.txt is a file, not a folder"),
        ("--per-participant", "notes.txt", "notes.txt: cannot write the output: is not a dir"),
    ],
    ids=["file-is-a-folder", "folder-is-a-file", "per-participant-folder-is-a-file"],
)
def test_plan_exits_4_when_an_output_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, target: str, reason: str
) -> None:
    """An output path with a folder or a file in the way: exit 4 with the path and the
    reason, found before the search, and the report of an earlier run kept as it was."""
    (tmp_path / "calendars").mkdir()
    (tmp_path / "notes.txt").write_text("my notes\n")
    report = tmp_path / "report.json"
    earlier = b'{"an earlier": "report"}\n'
    report.write_bytes(earlier)
    brief = write(tmp_path, "brief.yaml", competing_text("10", "100"))
    code, _ = plan(brief, tmp_path, option, str(tmp_path / target))
    assert code == 4
    err = capsys.readouterr().err
    assert reason in err and "nothing was written" in err
    assert "Traceback" not in err
    assert report.read_bytes() == earlier
    assert (tmp_path / "notes.txt").read_text() == "my notes\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--time-limit", "nan"], f"--time-limit: {SECONDS}, not 'nan'"),
        (["--time-limit", "-1"], f"--time-limit: {SECONDS}, not '-1'"),
        (["--time-limit", "1e308"], f"--time-limit: {SECONDS}, not '1e308'"),
        (["--time-limit", "86401"], f"--time-limit: {SECONDS}, not '86401'"),
        (["--time-limit", "ten"], "--time-limit: not a number of seconds: 'ten'"),
        (["--seed", "2147483648"], f"--seed: {SEEDS}, not 2147483648"),
        (["--seed", "-2147483649"], f"--seed: {SEEDS}, not -2147483649"),
        (["--seed", "-1"], f"--seed: {SEEDS}, not -1"),
        (["--seed", "1.5"], "--seed: not a whole number: '1.5'"),
        (["--workers", "0"], "--workers: must be a whole number from 1 to 256, not 0"),
        (["--workers", "-1"], "--workers: must be a whole number from 1 to 256, not -1"),
        (["--workers", "1000000"], "--workers: must be a whole number from 1 to 256, not 1000000"),
        (["--keep-weight", "-3"], f"--keep-weight: {WEIGHTS}, not -3"),
        (["--keep-weight", "1e20"], "--keep-weight: not a whole number: '1e20'"),
        (["--keep-weight", "1000001"], f"--keep-weight: {WEIGHTS}, not 1000001"),
        (["--pin", "keynote"], "--pin needs --previous"),
        (["--keep-weight", "30"], "--keep-weight needs --previous"),
    ],
    ids=[
        "nan-seconds",
        "negative-seconds",
        "overflowing-seconds",
        "more-than-a-day",
        "words",
        "seed-beyond-32-bits",
        "seed-below-32-bits",
        "negative-seed",
        "fractional-seed",
        "no-workers",
        "negative-workers",
        "a-million-workers",
        "negative-weight",
        "weight-in-exponent",
        "weight-beyond-a-million",
        "pin-alone",
        "keep-weight-alone",
    ],
)
def test_plan_refuses_option_values_that_mean_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    """A time limit of NaN, below 0, beyond a day (1e308 s would overflow the clock) or
    in words; a seed that CP-SAT's 32-bit ``random_seed`` cannot hold, or below 0; no
    workers or a million; a weight below 0, beyond a million or written 1e20; a pin with
    nothing to pin from: exit 2 with the option named, before anything is planned."""
    brief = write(tmp_path, "brief.yaml", competing_text("10", "100"))
    report = tmp_path / "report.json"
    code = main(["plan", str(brief), "--report", str(report), *options])
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not report.exists()


def test_plan_takes_the_largest_seed(tmp_path: Path) -> None:
    """Seed 1 000 000 000, the largest accepted, plans like any other: the keynote kept."""
    brief = write(tmp_path, "brief.yaml", competing_text("10", "100"))
    code, report = plan(brief, tmp_path, "--seed", "1000000000", "--quiet")
    assert code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [item["id"] for item in data["items"] if item["kind"] == "meeting"] == ["keynote"]


@pytest.mark.parametrize("seconds", ["0", "1e308"])
def test_explain_refuses_the_same_time_limits_as_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seconds: str
) -> None:
    """``explain --time-limit`` is bounded like ``plan``'s: above 0, at most a day."""
    brief = write(tmp_path, "brief.yaml", competing_text("required", "required"))
    assert main(["explain", str(brief), "--time-limit", seconds]) == 2
    err = capsys.readouterr().err
    assert f"--time-limit: {SECONDS}, not '{seconds}'" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["-o", "same.out", "--report", "same.out"], "-o and --report both name same.out"),
        (
            ["--html", "itinerary", "--markdown", "notes/../itinerary"],
            "--html itinerary and --markdown notes/../itinerary are the same file",
        ),
        (
            ["-o", "calendars", "--per-participant", "calendars"],
            "-o names calendars, a file, but --per-participant (the visit's calendar) "
            "writes calendars/test-visit.ics inside it",
        ),
        (
            ["-o", "calendars/rector.ics", "--per-participant", "calendars"],
            "-o and --per-participant (rector's calendar) both name calendars/rector.ics",
        ),
        (["--report", "brief.yaml"], "the brief and --report both name brief.yaml"),
    ],
    ids=["ics-and-report", "spelled-two-ways", "folder-and-file", "inside-the-folder", "brief"],
)
def test_plan_refuses_two_outputs_in_one_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    message: str,
) -> None:
    """The protocol office writes ``-o same.out --report same.out``: the report would
    silently replace the calendar. Likewise two spellings of one file, a calendar named
    like the folder of the per-participant calendars or like one of them (the rector's),
    and an output over the brief itself. Exit 2 with both options named, before any
    search (no progress line); nothing is written and the files there stay as they were."""
    monkeypatch.chdir(tmp_path)
    brief = write(tmp_path, "brief.yaml", competing_text("10", "100"))
    (tmp_path / "same.out").write_bytes(b"an earlier calendar\n")
    before = {path: path.read_bytes() for path in tmp_path.iterdir()}
    code = main(["plan", "brief.yaml", "--time-limit", "5", *options])
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "nothing was written" in err
    assert "solving" not in err and "Traceback" not in err
    assert {path: path.read_bytes() for path in tmp_path.iterdir()} == before
    assert brief.read_text(encoding="utf-8") == competing_text("10", "100")


def test_a_calendar_named_as_the_briefs_own_folder_is_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o .`` names the folder the brief is in: exit 4, "is a directory", as for any
    folder, nothing written. It was exit 2, "-o names ., a file, but the brief writes
    brief.yaml inside it": neither half true."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "brief.yaml", competing_text("10", "100"))
    before = {path: path.read_bytes() for path in tmp_path.iterdir()}
    assert main(["plan", "brief.yaml", "--time-limit", "5", "--quiet", "-o", "."]) == 4
    err = capsys.readouterr().err
    assert err == ".: cannot write the output: is a directory; nothing was written.\n"
    assert {path: path.read_bytes() for path in tmp_path.iterdir()} == before


def test_plan_refuses_to_write_over_a_busy_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rector's busy calendar is ``calendars/rector.ics``, and the office asks for the
    per-participant calendars in ``calendars``: the plan would replace her busy calendar
    with its own, and the next run would read the plan as busy time (a probe saw the
    same brief turn infeasible). Exit 2, both named, nothing written."""
    monkeypatch.chdir(tmp_path)
    text = competing_text("10", "100").replace(
        "{id: rector, name: Rector}",
        "{id: rector, name: Rector, busy_calendar: calendars/rector.ics}",
    )
    write(tmp_path, "brief.yaml", text)
    (tmp_path / "calendars").mkdir()
    busy = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"
    (tmp_path / "calendars" / "rector.ics").write_bytes(busy)
    code = main(["plan", "brief.yaml", "--time-limit", "5", "--per-participant", "calendars"])
    assert code == 2
    err = capsys.readouterr().err
    assert (
        "rector's busy_calendar and --per-participant (rector's calendar) both name "
        "calendars/rector.ics" in err
    )
    assert "solving" not in err and "Traceback" not in err
    assert [p.name for p in (tmp_path / "calendars").iterdir()] == ["rector.ics"]
    assert (tmp_path / "calendars" / "rector.ics").read_bytes() == busy


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "brief.yaml", "-o", ""],
        ["plan", "brief.yaml", "--report", ""],
        ["plan", "brief.yaml", "--per-participant", ""],
        ["plan", "brief.yaml", "--html", ""],
        ["plan", "brief.yaml", "--markdown", ""],
        ["validate", ""],
        ["check", "brief.yaml", ""],
    ],
)
def test_an_empty_file_name_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    """``-o ""`` (an unset shell variable, say) wrote nothing and said nothing, exit 0;
    ``validate ""`` said the brief was a directory. Exit 2, naming the option."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "brief.yaml", competing_text("10", "100"))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "an empty file name" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.yaml"]


def test_plan_missing_brief_exits_2(tmp_path: Path) -> None:
    code, report = plan(tmp_path / "nowhere.yaml", tmp_path)
    assert code == 2
    assert not report.exists()


def test_plan_writes_the_calendar_too(tmp_path: Path) -> None:
    """``-o visit.ics`` next to ``--report``: both written, the calendar with CRLF lines."""
    pytest.importorskip("visitplanner.ics")
    calendar = tmp_path / "visit.ics"
    code, report = plan(SMALL_VISIT, tmp_path, "-o", str(calendar))
    assert code == 0
    assert report.exists()
    content = calendar.read_bytes()
    assert content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert content.rstrip(b"\r\n").endswith(b"END:VCALENDAR")
    assert b"Research partnership talks" in content


# -- check ------------------------------------------------------------------------------


def planned_report(tmp_path: Path) -> dict[str, Any]:
    code, report = plan(SMALL_VISIT, tmp_path, "--quiet")
    assert code == 0
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def test_check_a_good_report_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    planned_report(tmp_path)
    capsys.readouterr()
    assert main(["check", str(SMALL_VISIT), str(tmp_path / "report.json")]) == 0
    assert "obeys every rule" in capsys.readouterr().out


def test_check_a_tampered_report_names_the_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Move the press interview (the rector and the journalist, 30 minutes at KazNU) onto
    the start of the KazNU meeting, which the rector also attends: the rector is booked
    twice. ``check`` exits 1 and prints the rule's slug."""
    data = planned_report(tmp_path)
    items = {item["id"]: item for item in data["items"]}
    start = datetime.fromisoformat(items["kaznu-meeting"]["start"])
    interview = items["press-interview"]
    interview["venue"] = "kaznu"
    interview["start"] = start.isoformat(timespec="minutes")
    interview["end"] = (start + timedelta(minutes=30)).isoformat(timespec="minutes")
    tampered = write(tmp_path, "tampered.json", json.dumps(data))
    capsys.readouterr()
    code = main(["check", str(SMALL_VISIT), str(tampered)])
    assert code == 1
    out = capsys.readouterr().out
    assert "no_double_booking: rector is booked twice" in out


def test_check_a_file_that_is_not_a_report_exits_2(tmp_path: Path) -> None:
    assert main(["check", str(SMALL_VISIT), str(write(tmp_path, "r.json", "[1, 2"))]) == 2
    assert main(["check", str(SMALL_VISIT), str(tmp_path / "missing.json")]) == 2


def test_a_wrong_source_date_epoch_is_refused_before_the_search(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SOURCE_DATE_EPOCH stamps the calendars; "1.5" is not whole seconds: exit 2 and a
    one-line message before any search, the old calendar left as it was. Without -o or
    --per-participant nothing is stamped, so the same run writes its report."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1.5")
    calendar = write(tmp_path, "visit.ics", "the old calendar")
    code = main(["plan", str(SMALL_VISIT), "-o", str(calendar), "--time-limit", "5"])
    err = capsys.readouterr().err
    assert code == 2
    assert "SOURCE_DATE_EPOCH must be whole seconds" in err and "'1.5'" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert calendar.read_text(encoding="utf-8") == "the old calendar"
    code, report = plan(SMALL_VISIT, tmp_path)
    assert code == 0 and report.exists()
