"""Wall time of the ``visitplanner`` command as a user sees it: each command run as a
subprocess several times, the median reported with the exit code. The package is
byte-compiled first, as ``pip install`` leaves it: where Python may not write bytecode
(``PYTHONDONTWRITEBYTECODE``, set on some CI machines) an editable install would
otherwise compile its modules again on every run, 0.1-0.3 s of a ``plan``."""

from __future__ import annotations

import compileall
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "umons-kazakhstan.yaml"


@dataclass(frozen=True)
class Timing:
    command: str
    seconds: tuple[float, ...]
    exit_codes: tuple[int, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def executable() -> str:
    """The ``visitplanner`` script installed beside this Python (the user's entry point)."""
    script = Path(sys.executable).parent / "visitplanner"
    if not script.exists():
        raise SystemExit(f"no {script}: install the package (pip install -e .) first")
    return str(script)


def time_command(args: list[str], runs: int, label: str | None = None) -> Timing:
    """Run ``visitplanner args`` ``runs`` times from the repository root; ``label`` names
    the command in the report (default: the command itself)."""
    seconds, codes = [], []
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run([executable(), *args], cwd=REPO, capture_output=True, check=False)
        seconds.append(time.perf_counter() - began)
        codes.append(done.returncode)
    return Timing(label or "visitplanner " + " ".join(args), tuple(seconds), tuple(codes))


def byte_compile() -> None:
    """Compile the installed ``visitplanner`` package's modules to bytecode (quietly)."""
    spec = importlib.util.find_spec("visitplanner")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def measure(runs: int, brief: Path = EXAMPLE) -> list[Timing]:
    """``--help``, ``validate`` and ``plan`` (JSON report only) on ``brief``, with the
    package byte-compiled."""
    byte_compile()
    relative = brief.relative_to(REPO) if brief.is_relative_to(REPO) else brief
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        return [
            time_command(["--help"], runs),
            time_command(["validate", str(relative)], runs),
            time_command(
                ["plan", str(relative), "--report", str(report), "--quiet"],
                runs,
                label=f"visitplanner plan {relative} --report REPORT.json --quiet",
            ),
        ]
