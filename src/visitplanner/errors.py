"""The exception types for a user's mistakes, and the CLI's exit codes.

A brief can be wrong in many places at once; users fix faster when they see every
problem in one go, so ``BriefError`` carries a list of ``Problem``s, each rendered as
``FILE:LINE:COL: field.path: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``visitplanner`` command."""

    OK = 0
    INFEASIBLE = 1
    BAD_BRIEF = 2
    INTERNAL = 3
    CANNOT_WRITE = 4
    CALENDAR_NOT_WRITTEN = 5  # done, but nothing was scheduled to put in a calendar asked for
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a brief, located as precisely as the loader could."""

    message: str
    path: str = ""
    file: str = "<brief>"
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class BriefError(Exception):
    """The brief (or a file it names) is wrong; ``problems`` says where and why.
    ``more_later``: checks that need every field well-formed (references between
    sections, rules joining several fields) did not run, and may find more."""

    def __init__(self, problems: list[Problem], *, more_later: bool = False) -> None:
        self.problems = problems
        self.more_later = more_later
        super().__init__("\n".join(str(p) for p in problems))


class OutputError(OSError):
    """An output file cannot be written (a directory in its place, no permission, a full
    disk); ``path`` says which, ``reason`` why, ``replaced`` which outputs were already
    replaced (none unless the failure came while moving the finished files into place).
    An OSError, as writing files from the Python API raised before it existed."""

    def __init__(self, path: str, reason: str, replaced: tuple[str, ...] = ()) -> None:
        self.path, self.reason, self.replaced = path, reason, replaced
        super().__init__(f"{path}: {reason}")
