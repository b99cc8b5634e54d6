"""Ctrl-C during a plan (``visitplanner.interrupt``).

The story: the protocol office starts yesterday's brief again, now grown to 100 meeting
requests, with a minute to search, and thinks better of it a few seconds in. Ctrl-C
stops the command at once, whatever it was doing (a CP-SAT search runs in C++, where
Python alone would notice only when the search returns), with exit code 130 and one line
that says so, no traceback; yesterday's calendar at the output path is left as it was.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.scale import generate

from visitplanner import cli
from visitplanner.errors import ExitCode


def test_ctrl_c_stops_a_plan_at_once_and_writes_nothing(tmp_path: Path) -> None:
    brief = tmp_path / "grown.yaml"
    brief.write_text(generate(100, 1), encoding="utf-8")
    calendar = tmp_path / "visit.ics"
    calendar.write_bytes(b"yesterday's calendar")
    visitplanner = [sys.executable, "-c", "from visitplanner.cli import run; run()"]
    command = [*visitplanner, "plan", str(brief), "-o", str(calendar)]
    run = subprocess.Popen(
        [*command, "--time-limit", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Ctrl-C as a terminal delivers it: a test run started in the background (``&``
        # in a script) ignores SIGINT, and its children would inherit that and plan on
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(4)  # loaded, and searching: the heuristic's plan or CP-SAT
    assert run.poll() is None
    run.send_signal(signal.SIGINT)
    pressed = time.monotonic()
    _, err = run.communicate(timeout=30)
    stopped_after = time.monotonic() - pressed
    assert run.returncode == ExitCode.INTERRUPTED == 130
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
    assert stopped_after < 15  # not the rest of the minute (here, well under a second)
    assert calendar.read_bytes() == b"yesterday's calendar"


def test_an_interrupt_anywhere_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while the brief is read (Python code: KeyboardInterrupt at once)."""

    def pressed(path: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load_brief", pressed)
    assert cli.main(["validate", "brief.yaml"]) == 130
    assert capsys.readouterr().err == "interrupted: outputs are written only by a run that ends\n"
