"""The JSON report: the itinerary plus how the solve went, in a stable documented form.

See docs/report.md. Times are ISO 8601 with the visit's offset, so the file is readable
by people and by any JSON tool without knowing the brief.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytz

from visitplanner.itinerary import Item, Itinerary, Status, Unscheduled

REPORT_VERSION = 1


def report_dict(
    itinerary: Itinerary,
    *,
    status: Status,
    objective: float | None,
    bound: float | None,
    timezone: str,
) -> dict[str, Any]:
    """The report as plain JSON-ready data; times shown in ``timezone``."""
    tz = pytz.timezone(timezone)
    return {
        "report_version": REPORT_VERSION,
        "visit": itinerary.visit,
        "status": status,
        "objective": objective,
        "bound": bound,
        "items": [_item(item, tz) for item in itinerary.items],
        "unscheduled": [{"id": u.id, "reason": u.reason} for u in itinerary.unscheduled],
    }


def dumps(report: dict[str, Any]) -> str:
    """Stable text for a report: same content, same bytes."""
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _item(item: Item, tz: pytz.BaseTzInfo) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "start": _iso(item.start, tz),
        "end": _iso(item.end, tz),
    }
    if item.venue is not None:
        data["venue"] = item.venue
    if item.from_ is not None:
        data["from"] = item.from_
    if item.to is not None:
        data["to"] = item.to
    if item.option is not None:
        data["option"] = item.option
    data["attendees"] = list(item.attendees)
    return data


def _iso(moment: datetime, tz: pytz.BaseTzInfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="minutes")


def itinerary_from_report(data: dict[str, Any]) -> Itinerary:
    """Read the itinerary back from a parsed JSON report (``visitplanner check``)."""
    items = tuple(Item.model_validate(raw) for raw in data.get("items", []))
    unscheduled = tuple(Unscheduled.model_validate(u) for u in data.get("unscheduled", []))
    return Itinerary(visit=str(data.get("visit", "")), items=items, unscheduled=unscheduled)
