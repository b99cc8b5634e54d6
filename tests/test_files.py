"""Writing the outputs (``files.write_all``): every file or none, and a failure names
the file and the reason once.

A calendar goes to ``out/calendars/visit.ics``, whose folder cannot be made (here: no
permission); the report beside the brief already holds an earlier run. The error names
the calendar and says why, once; the earlier report is as it was and no temporary file
is left behind."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from visitplanner.cli import main
from visitplanner.errors import OutputError
from visitplanner.files import clash, write_all


def test_a_folder_that_cannot_be_made_names_the_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "report.json"
    report.write_bytes(b"earlier\n")
    calendar = tmp_path / "out" / "calendars" / "visit.ics"
    made = Path.mkdir

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        if self == calendar.parent:
            raise PermissionError(13, "Permission denied")
        made(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(OutputError) as caught:
        write_all({report: b"new\n", calendar: b"BEGIN:VCALENDAR\n"})
    error = caught.value
    assert error.path == str(calendar) and error.replaced == ()
    assert error.reason == f"its folder {calendar.parent} cannot be made (Permission denied)"
    assert report.read_bytes() == b"earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_outputs_side_by_side_in_one_folder_do_not_clash() -> None:
    """The office keeps a visit in one folder: the report ``out/report.json`` beside the
    per-participant calendars ``out/v1.ics`` and ``out/rector.ics``. Distinct files, so
    no clash; only a second ``out/rector.ics``, or a file named ``out``, would be one."""
    out = Path("out")
    targets = [
        ("--report", out / "report.json"),
        ("--per-participant (the visit's calendar)", out / "v1.ics"),
        ("--per-participant (rector's calendar)", out / "rector.ics"),
    ]
    assert clash(targets) is None
    assert clash([*targets, ("-o", out / "rector.ics")]) == (
        "--per-participant (rector's calendar) and -o both name out/rector.ics: "
        "give each a file of its own"
    )
    assert clash([*targets, ("-o", out)]) == (
        "-o names out, a file, but --report writes out/report.json inside it"
    )


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_a_folder_that_takes_no_file_is_found_before_the_search(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o /proc/visit.ics``: /proc takes no new file, whoever runs the command (root
    passes every permission test, so the only sure one is to make a file there). Found
    before the search: exit 4, no progress line, the other outputs not written; the
    probe file made in the folders that do take files is gone."""
    brief = Path(__file__).resolve().parent / "small-visit.yaml"
    report = tmp_path / "report.json"
    code = main(["plan", str(brief), "--report", str(report), "-o", "/proc/visit.ics"])
    assert code == 4
    err = capsys.readouterr().err
    assert "/proc/visit.ics: cannot write the output: no file can be written in /proc" in err
    assert "solving" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_a_signal_while_writing_waits_until_every_file_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signal_name: str
) -> None:
    """Three outputs hold an earlier run; Ctrl-C (or SIGTERM) arrives as the first new
    file replaces its old one. The signal waits: all three are new, no temporary file is
    left, and only then does it take effect (here, SIGTERM's handler raises too). A
    probe's Ctrl-C left a new report beside old calendars, and SIGTERM a ``.r.json.*``
    temporary file."""
    number = getattr(signal, signal_name)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(
        number, stop if number != signal.SIGINT else signal.default_int_handler
    )
    files = {tmp_path / name: f"new {name}\n".encode() for name in ("a.ics", "b.json", "c.md")}
    for path in files:
        path.write_bytes(b"old\n")
    replace = os.replace
    sent: list[bool] = []

    def replace_then_signal(source: str, target: Path) -> None:
        replace(source, target)
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), number)

    monkeypatch.setattr(os, "replace", replace_then_signal)
    try:
        with pytest.raises(KeyboardInterrupt):
            write_all(files)
    finally:
        signal.signal(number, previous)
    assert {path.name: path.read_bytes() for path in files} == {
        path.name: content for path, content in files.items()
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ics", "b.json", "c.md"]
