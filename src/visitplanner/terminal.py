"""What the terminal shows: a summary after planning, and a progress line while solving.

Pure formatting: nothing here imports the solver. ``summary(brief, result)`` reads a
``planner.Result``; ``ProgressLine`` is fed numbers (``update``) or the solver's log text
(call it with each chunk: it can be the ``log`` callback of ``SolveOptions``).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TextIO

from visitplanner.itinerary import Item, Itinerary
from visitplanner.localtime import clock
from visitplanner.models import Brief
from visitplanner.render import date_range, duration, mornings_under_way, short_date

if TYPE_CHECKING:
    from visitplanner.planner import Result


class _Outcome(Protocol):
    """The parts of ``planner.Result`` a summary reads."""

    @property
    def status(self) -> str: ...
    @property
    def itinerary(self) -> Itinerary | None: ...
    @property
    def objective(self) -> int | None: ...
    @property
    def bound(self) -> int | None: ...
    @property
    def solve_seconds(self) -> float: ...


# -- the summary after planning ------------------------------------------------------


def summary(brief: Brief, result: Result | _Outcome) -> str:
    """A few lines for people: status and gap, each day at a glance, the time spent
    travelling, what changed (when re-planning) and the meetings left out, with the
    reasons; for a plan without an itinerary, why."""
    visit = brief.visit
    lines = [
        f"{visit.title} ({visit.id})",
        f"{date_range(visit.start, visit.end)}; times in {visit.timezone}",
        f"Status: {status_line(result)}",
    ]
    itinerary = result.itinerary
    if itinerary is None:
        explanation = getattr(result, "explanation", None)
        if explanation is not None:
            lines.append(f"No itinerary. {explanation}")
        elif result.status == "infeasible":
            lines.append(
                "No itinerary: the required meetings, fixed events, transfers and lunches "
                "cannot all fit the rules."
            )
        else:
            lines.append("No itinerary found in the time given; try a longer time limit.")
        return "\n".join(lines) + "\n"
    meetings = [i for i in itinerary.items if i.kind == "meeting"]
    lines.append(
        f"Meetings: {len(meetings)} of {len(brief.meetings)} kept, "
        f"{len(itinerary.unscheduled)} left out"
    )
    lines += ["", "Day by day:"]
    lines += [f"  {line}" for line in _day_lines(brief, itinerary)]
    lines += ["", _travel_line(itinerary)]
    changes = getattr(result, "changes", ())
    if changes:
        lines += ["", "Changes since the previous plan:"]
        lines += [f"  - {c.change} {c.id}: {c.reason}" for c in changes]
    if itinerary.unscheduled:
        priorities = {m.id: m.priority for m in brief.meetings}
        lines += ["", "Left out:"]
        for left in itinerary.unscheduled:
            priority = priorities.get(left.id)
            tag = f" (priority {priority})" if priority is not None else ""
            lines.append(f"  - {left.id}{tag}: {left.reason}")
    return "\n".join(lines) + "\n"


def status_line(result: Result | _Outcome) -> str:
    """``"optimal: priority 550, the best possible; solved in 3.2 s"``; a plan whose
    priorities are proven but whose preferences are not says so (feasible beside "the
    best possible" read as a contradiction)."""
    seconds = f"solved in {result.solve_seconds:.1f} s"
    objective, bound = result.objective, result.bound
    if objective is None:
        return f"{result.status}; {seconds}"
    if result.status == "optimal":
        return f"{result.status}: priority {objective}, the best possible; {seconds}"
    if bound is None or bound <= objective:
        return (
            f"{result.status}: priority {objective}, the best possible; the preferences "
            f"(optional attendees, times, travel) not proven the best; {seconds}"
        )
    gap = bound - objective
    percent = 100 * gap / bound if bound else 0.0
    return (
        f"{result.status}: priority {objective}; at most {bound} may be possible "
        f"(gap {gap}, {percent:.1f}%); {seconds}"
    )


def _day_lines(brief: Brief, itinerary: Itinerary) -> list[str]:
    tz = brief.visit.tz
    by_day: dict[date, list[Item]] = defaultdict(list)
    under_way: dict[date, list[str]] = defaultdict(list)  # a long item's later mornings
    for item in itinerary.items:
        by_day[item.start.astimezone(tz).date()].append(item)
        for later in mornings_under_way(item, tz):
            under_way[later].append(item.title)
    lines = []
    for day in sorted(set(brief.visit.days()) | set(by_day)):
        items = sorted(by_day.get(day, []), key=lambda i: (i.start, i.id))
        if not items:
            going_on = "; ".join(under_way.get(day, []))
            what = f"continuing: {going_on}" if going_on else "nothing planned"
            lines.append(f"{short_date(day):<11} {what}")
            continue
        first = min(i.start for i in items).astimezone(tz)
        last = max(i.end for i in items).astimezone(tz)
        span = f"{clock(first, tz)}-{clock(last, tz, day)}"
        parts = []
        for kind, word in (("meeting", "meeting"), ("fixed", "fixed event")):
            count = sum(1 for i in items if i.kind == kind)
            if count:
                parts.append(f"{count} {word}{'s' if count != 1 else ''}")
        for item in items:
            if item.kind == "transfer":
                times = f"{clock(item.start, tz)}-{clock(item.end, tz, day)}"
                parts.append(f"{item.option or item.id} {times}")
        lunches = sorted({clock(i.start, tz) for i in items if i.kind == "lunch"})
        if lunches:
            parts.append("lunch " + "/".join(lunches))
        lines.append(f"{short_date(day):<11} {span:<20} {', '.join(parts) or 'travel only'}")
    return lines


def _travel_line(itinerary: Itinerary) -> str:
    legs = [i for i in itinerary.items if i.kind == "travel"]
    if not legs:
        return "Travel: none between venues."
    minutes = [round((i.end - i.start).total_seconds() / 60) for i in legs]
    person_minutes = sum(m * len(i.attendees) for m, i in zip(minutes, legs, strict=True))
    return (
        f"Travel: {len(legs)} leg{'s' if len(legs) != 1 else ''}, {duration(sum(minutes))} "
        f"door to door ({duration(person_minutes)} summed over the people on them)."
    )


# -- the progress line while solving -------------------------------------------------

_PHASE_LINE = re.compile(r"^#Phase (?P<name>\w+)")
_LOG_LINE = re.compile(
    r"^#(?:\d+|Bound|Done|LNS)\s+[\d.]+s\s+best:(?P<best>\S+)(?:\s+next:\[(?P<next>[^\]]*)\])?"
)
PHASES = ("priorities", "preferences")


class ProgressLine:
    """A single line that says how the search is going.

    On a terminal (``stream.isatty()``) the line is rewritten in place with ``\\r``; to a
    file or a pipe, plain lines, at most one per ``interval`` seconds; with ``quiet``,
    nothing. Feed it numbers with ``update`` or the solver's log text by calling it (a
    ``#Phase <name>`` line starts a phase of the objective, first the priorities, then
    the preferences; ``#LNS`` lines are the large-neighbourhood search's better plans;
    see ``SolveOptions.log``). Use it as a context manager, or call ``close``.
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        quiet: bool = False,
        tty: bool | None = None,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        maximize: bool = True,
    ) -> None:
        import sys

        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = _isatty(self.stream) if tty is None else tty
        self.interval = interval
        self.clock = clock
        self.maximize = maximize
        self.began = clock()
        self.phase = 0
        self.objective: float | None = None
        self.bound: float | None = None
        self.elapsed = 0.0
        self._shown = ""  # the text now on screen (tty) or last written (pipe)
        self._pending = False
        self._last_write: float | None = None

    # -- feeding -------------------------------------------------------------------

    def update(
        self,
        *,
        objective: float | None = None,
        bound: float | None = None,
        elapsed: float | None = None,
    ) -> None:
        """New best objective and/or bound; ``elapsed`` seconds (default: since creation)."""
        if objective is not None:
            self.objective = objective
        if bound is not None:
            self.bound = bound
        self.elapsed = self.clock() - self.began if elapsed is None else elapsed
        self._show()

    def __call__(self, text: str) -> None:
        """Read a chunk of CP-SAT's search log (one or several lines)."""
        for line in text.splitlines():
            phase = _PHASE_LINE.match(line)
            if phase is not None:
                if self._pending and not self.tty:  # the last phase's end, held back
                    self._write_line(self.text(), self.clock())
                name = phase["name"]
                self.phase = PHASES.index(name) if name in PHASES else len(PHASES)
                self.objective = self.bound = None
                continue
            match = _LOG_LINE.match(line)
            if match is None:
                continue
            best = _number(match["best"])
            if match["next"] is None:  # a better plan, nothing said of the bound
                self.update(objective=best)
                continue
            window = [_number(x) for x in match["next"].split(",") if x.strip()]
            bound = (window[-1] if self.maximize else window[0]) if window else best
            self.update(objective=best, bound=bound)

    # -- showing ---------------------------------------------------------------------

    def text(self) -> str:
        """The line as it reads now."""
        phase = PHASES[self.phase] if self.phase < len(PHASES) else f"phase {self.phase + 1}"
        parts = [f"solving ({phase})"]
        if self.objective is not None:
            parts.append(f"best {_show_number(self.objective)}")
        if self.bound is not None:
            parts.append(f"bound {_show_number(self.bound)}")
        if self.objective is not None and self.bound is not None:
            gap = abs(self.bound - self.objective)
            if self.phase == 0 and self.bound:
                # Priorities are positive sums: a percentage reads well. The preference
                # score can be negative, where a percentage would mislead.
                parts.append(f"gap {100 * gap / abs(self.bound):.1f}%")
            else:
                parts.append(f"gap {_show_number(gap)}")
        parts.append(f"{self.elapsed:.1f} s")
        return ", ".join(parts)

    def _show(self) -> None:
        if self.quiet:
            return
        text = self.text()
        if self.tty:
            pad = " " * max(0, len(self._shown) - len(text))
            self.stream.write(f"\r{text}{pad}")
            self.stream.flush()
            self._shown = text
            return
        now = self.clock()
        if self._last_write is not None and now - self._last_write < self.interval:
            self._pending = True
            return
        self._write_line(text, now)

    def _write_line(self, text: str, now: float) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()
        self._shown = text
        self._last_write = now
        self._pending = False

    def close(self) -> None:
        """End the line: on a terminal, move to a fresh line; to a pipe, write the last
        state if the rate limit held it back."""
        if self.quiet:
            return
        if self.tty:
            if self._shown:
                self.stream.write("\n")
                self.stream.flush()
                self._shown = ""
        elif self._pending:
            self._write_line(self.text(), self.clock())

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return None if value in (float("inf"), float("-inf")) else value


def _show_number(value: float) -> str:
    """``550``, ``-963``, ``0.50``; zero as ``0``, never ``-0`` (the solver logs -0, and
    -0.001 rounds to it): the ``z`` of the format."""
    return f"{value:z.0f}" if value == int(value) else f"{value:z.2f}"
