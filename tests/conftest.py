"""Shared fixtures: run ``visitplanner validate`` on a brief written to a temporary file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from visitplanner.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "umons-kazakhstan.yaml"


@dataclass(frozen=True)
class Run:
    """What one ``visitplanner validate`` run gave back."""

    path: Path
    code: int
    out: str
    err: str


Validate = Callable[[str | bytes], Run]


@pytest.fixture
def validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Validate:
    """Write ``content`` to ``brief.yaml`` in a fresh folder and validate it."""

    def run(content: str | bytes) -> Run:
        path = tmp_path / "brief.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        code = main(["validate", str(path)])
        captured = capsys.readouterr()
        return Run(path, code, captured.out, captured.err)

    return run
