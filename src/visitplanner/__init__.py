"""visitplanner: plan delegation visits with CP-SAT, explain them, export calendars."""

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

__all__ = [
    "Brief",
    "BriefError",
    "ExitCode",
    "FixedEvent",
    "Lunch",
    "Meeting",
    "Participant",
    "Problem",
    "Stay",
    "Transfer",
    "TransferOption",
    "Travel",
    "Venue",
    "Visit",
    "Window",
    "WorkingDay",
    "__version__",
    "load_brief",
    "parse_brief",
]
