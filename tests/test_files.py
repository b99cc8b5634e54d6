"""Writing the outputs (``files.write_all``): every file or none, and a failure names
the file and the reason once.

A calendar goes to ``out/calendars/visit.ics``, whose folder cannot be made (here: no
permission); the report beside the brief already holds an earlier run. The error names
the calendar and says why, once; the earlier report is as it was and no temporary file
is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from visitplanner.errors import OutputError
from visitplanner.files import write_all


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
