"""The ``visitplanner`` command's thin edge: validate, schema, --version, --help.

A newcomer's first five minutes: ``--help`` tells what the commands are,
``validate`` on the shipped example says it is valid and sums it up in one line,
``schema`` prints the JSON Schema that editors use (the copy committed beside the models
must be the one the models generate), and a mistyped file name is an exit code 2 with
the name in the message, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE
from visitplanner import __version__
from visitplanner.cli import main
from visitplanner.schema import brief_schema

COMMITTED_SCHEMA = Path(__file__).resolve().parent.parent / "src/visitplanner/brief.schema.json"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_validate_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    """Five days (17 to 21 May), 18 people, 17 places, 16 meetings of which 3 must
    happen, two flights, two fixed events: all in one line."""
    code, out, err = run(["validate", str(EXAMPLE)], capsys)
    assert code == 0
    assert err == ""
    assert out == (
        f"{EXAMPLE}: valid. umons-kz-2027-05: 5 days, 18 participants, 17 venues, "
        "16 meetings (3 required), 2 transfers, 2 fixed events\n"
    )


def test_the_example_points_editors_at_the_schema() -> None:
    first_line = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../src/visitplanner/brief.schema.json"
    assert (EXAMPLE.parent / "../src/visitplanner/brief.schema.json").resolve() == (
        COMMITTED_SCHEMA
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert out.strip() == f"visitplanner {__version__}"


def test_python_dash_m_is_the_same_command() -> None:
    """``python -m visitplanner`` for a machine where the script is not on PATH."""
    done = subprocess.run(
        [sys.executable, "-m", "visitplanner", "validate", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith(f"{EXAMPLE}: valid. umons-kz-2027-05: 5 days")


def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path: Path) -> None:
    """A brief saved as ``n\\xffme.yaml`` (a Latin-1 name on a UTF-8 system), read on a
    strict UTF-8 output: the name is printed escaped. It was a UnicodeEncodeError
    traceback."""
    name = os.fsdecode(b"n\xffme.yaml")
    (tmp_path / name).write_bytes(EXAMPLE.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "visitplanner", "validate", name],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"n\\udcffme.yaml: valid.")


@pytest.mark.parametrize("argv", [["--help"], []])
def test_help_lists_the_commands(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` (and no command at all) shows the commands and the exit codes."""
    code, out, _ = run(argv, capsys)
    assert code == 0
    for command in ("validate", "plan", "check", "schema"):
        assert command in out
    assert "exit codes" in out


def test_validate_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", "--help"], capsys)
    assert code == 0
    assert "BRIEF" in out


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """The schema is draft 2020-12 JSON, and knows the brief's sections and ``from``."""
    code, out, _ = run(["schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == brief_schema()
    assert {"visit", "participants", "meetings"} <= set(schema["properties"])
    assert schema["required"] == ["visit", "participants"]
    assert "from" in schema["$defs"]["Transfer"]["properties"]
    assert schema["additionalProperties"] is False


def test_the_committed_schema_is_the_generated_one() -> None:
    """``src/visitplanner/brief.schema.json`` is what editors read; it must follow the
    models."""
    generated = json.dumps(brief_schema(), indent=2, sort_keys=True) + "\n"
    assert COMMITTED_SCHEMA.read_text(encoding="utf-8") == generated, (
        "the committed schema is out of date; regenerate it with:\n"
        "    visitplanner schema > src/visitplanner/brief.schema.json"
    )


def test_validate_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A typo in the file name: exit 2 and a message that names the file."""
    missing = tmp_path / "umons-kazahkstan.yaml"
    code, out, err = run(["validate", str(missing)], capsys)
    assert code == 2
    assert out == ""
    assert err.splitlines()[0] == f"{missing}: cannot read the brief: No such file or directory"


def test_validate_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["validate", str(tmp_path)], capsys)
    assert code == 2
    assert err.startswith(f"{tmp_path}: cannot read the brief: it is a directory")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_validate_an_endless_file(device: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A device that never ends has size 0 to ``stat``: the brief is read only up to the
    limit, and refused like any other file that is too big, not read until memory runs
    out."""
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    code, out, err = run(["validate", device], capsys)
    assert code == 2
    assert out == ""
    assert err.splitlines()[0] == (
        f"{device}:1:1: the brief is more than 1,000,000 bytes; "
        "briefs are limited to 1,000,000 bytes"
    )


@pytest.mark.parametrize("argv", [["validate"], ["frobnicate"], ["--no-such-option"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2
    assert "usage: visitplanner" in err
