"""What every benchmark report states: the machine it ran on, and Markdown tables."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path


def _proc_field(path: str, key: str) -> str | None:
    try:
        text = Path(path).read_text()
    except OSError:
        return None
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == key:
            return value.strip()
    return None


def machine() -> dict[str, str]:
    """nproc, CPU model, RAM, Python and OR-Tools versions of this machine."""
    from ortools import __version__ as ortools_version

    memory = _proc_field("/proc/meminfo", "MemTotal")
    ram = f"{int(memory.split()[0]) / 1024**2:.1f} GiB" if memory else "unknown"
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "ram": ram,
        "python": platform.python_version(),
        "ortools": ortools_version,
    }


def preamble(command: str) -> list[str]:
    """Markdown lines saying what ran, when, on which machine and which code."""
    info = machine()
    return [
        f"`{command}`, started {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM, "
        f"Python {info['python']}, OR-Tools {info['ortools']}",
        "",
        f"Code: {source_revision()}",
        "",
    ]


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def source_revision() -> str:
    """The commit the planner's code comes from, noting uncommitted changes to src/."""
    repo = Path(__file__).resolve().parent.parent

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)

    head = git("rev-parse", "--short", "HEAD")
    if head.returncode != 0:
        return "unknown (not a git checkout)"
    dirty = git("status", "--porcelain", "--", "src").stdout.strip()
    return head.stdout.strip() + (" + uncommitted changes to src/" if dirty else "")
