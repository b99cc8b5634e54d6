"""visitplanner: plan delegation visits with CP-SAT, explain them, export calendars."""

from typing import TYPE_CHECKING

from visitplanner.errors import BriefError, ExitCode, Problem
from visitplanner.loader import load_brief, parse_brief
from visitplanner.models import (
    Brief,
    FixedEvent,
    Lunch,
    Meeting,
    Participant,
    Stay,
    Transfer,
    TransferOption,
    Travel,
    Venue,
    Visit,
    Window,
    WorkingDay,
)

__version__ = "0.1.0"

if TYPE_CHECKING:  # the lazily loaded names below, for type checkers
    from visitplanner.checker import Violation, check
    from visitplanner.compile import Compiled, compile_brief
    from visitplanner.ics import to_calendar
    from visitplanner.infeasibility import Explanation, explain
    from visitplanner.itinerary import Item, Itinerary, Unscheduled
    from visitplanner.planner import Result, plan
    from visitplanner.solver import Solution, SolveOptions, solve

# Solving needs OR-Tools, which takes a while to import: these load on first use, so
# that reading and validating briefs (and ``visitplanner --help``) stay fast.
_LAZY = {
    "plan": "visitplanner.planner",
    "Result": "visitplanner.planner",
    "check": "visitplanner.checker",
    "Violation": "visitplanner.checker",
    "compile_brief": "visitplanner.compile",
    "Compiled": "visitplanner.compile",
    "solve": "visitplanner.solver",
    "SolveOptions": "visitplanner.solver",
    "Solution": "visitplanner.solver",
    "Itinerary": "visitplanner.itinerary",
    "Item": "visitplanner.itinerary",
    "Unscheduled": "visitplanner.itinerary",
    "to_calendar": "visitplanner.ics",
    "explain": "visitplanner.infeasibility",
    "Explanation": "visitplanner.infeasibility",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'visitplanner' has no attribute {name!r}")


__all__ = [
    "Brief",
    "BriefError",
    "Compiled",
    "ExitCode",
    "Explanation",
    "FixedEvent",
    "Item",
    "Itinerary",
    "Lunch",
    "Meeting",
    "Participant",
    "Problem",
    "Result",
    "Solution",
    "SolveOptions",
    "Stay",
    "Transfer",
    "TransferOption",
    "Travel",
    "Unscheduled",
    "Venue",
    "Violation",
    "Visit",
    "Window",
    "WorkingDay",
    "__version__",
    "check",
    "compile_brief",
    "explain",
    "load_brief",
    "parse_brief",
    "plan",
    "solve",
    "to_calendar",
]
