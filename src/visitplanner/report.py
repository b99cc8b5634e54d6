"""The JSON report: the itinerary plus how the solve went, in a stable documented form.

See docs/report.md. Times are ISO 8601 with the visit's offset, so the file is readable
by people and by any JSON tool without knowing the brief.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import pytz
from pydantic import BaseModel, ValidationError

from visitplanner.itinerary import MAX_SEQUENCE, Item, Itinerary, Status, Unscheduled

if TYPE_CHECKING:
    from visitplanner.replan import Change

REPORT_VERSION = 1
Model = TypeVar("Model", bound=BaseModel)


def report_dict(
    itinerary: Itinerary,
    *,
    status: Status,
    objective: float | None,
    bound: float | None,
    timezone: str,
    changes: Sequence[Change] | None = None,
) -> dict[str, Any]:
    """The report as plain JSON-ready data; times shown in ``timezone``. ``changes`` (from
    re-planning) adds what moved, was added or removed, or has other attendees, compared
    with the previous plan."""
    tz = pytz.timezone(timezone)
    report = {
        "report_version": REPORT_VERSION,
        "visit": itinerary.visit,
        "status": status,
        "objective": objective,
        "bound": bound,
        "items": [_item(item, tz) for item in itinerary.items],
        "unscheduled": [{"id": u.id, "reason": u.reason} for u in itinerary.unscheduled],
    }
    if itinerary.revision:
        report["revision"] = itinerary.revision
    if changes is not None:
        report["changes"] = [_change(c, tz) for c in changes]
    return report


def _change(change: Change, tz: pytz.BaseTzInfo) -> dict[str, Any]:
    data: dict[str, Any] = {"id": change.id, "change": change.change, "reason": change.reason}
    for key, item in (("before", change.before), ("after", change.after)):
        if item is not None:
            data[key] = {k: v for k, v in _item(item, tz).items() if k in _PLACE_KEYS}
    return data


_PLACE_KEYS = ("start", "end", "venue", "from", "to", "option")


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
    data["sequence"] = item.sequence
    return data


def _iso(moment: datetime, tz: pytz.BaseTzInfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="minutes")


def itinerary_from_report(data: Any) -> Itinerary:
    """Read the itinerary back from a parsed JSON report (``visitplanner check``, ``plan
    --previous``); ValueError if it is not one this version writes."""
    if not isinstance(data, dict):
        raise ValueError(f"a report is a JSON object, not {type(data).__name__}")
    version = data.get("report_version")
    if version != REPORT_VERSION or isinstance(version, bool):
        raise ValueError(
            f"report_version is {json.dumps(version)}; this visitplanner reads version "
            f"{REPORT_VERSION}"
        )
    for key, kind in (("visit", str), ("items", list), ("unscheduled", list)):
        if not isinstance(data.get(key), kind):
            raise ValueError(f"{key} must be a JSON {_JSON_NAMES[kind]}")
    revision = data.get("revision", 0)
    if (
        not isinstance(revision, int)
        or isinstance(revision, bool)
        or not 0 <= revision <= MAX_SEQUENCE
    ):
        raise ValueError(
            f"revision must be a whole number from 0 to {MAX_SEQUENCE}, not {json.dumps(revision)}"
        )
    items = tuple(_entry(Item, "items", i, raw) for i, raw in enumerate(data["items"]))
    unscheduled = tuple(
        _entry(Unscheduled, "unscheduled", i, raw) for i, raw in enumerate(data["unscheduled"])
    )
    seen: dict[str, str] = {}
    for where, item_id in [(f"items[{i}]", x.id) for i, x in enumerate(items)] + [
        (f"unscheduled[{i}]", u.id) for i, u in enumerate(unscheduled)
    ]:
        if item_id in seen:  # (a plan never writes one twice: a report edited by hand)
            raise ValueError(f"{where}: {item_id!r} is also {seen[item_id]}")
        seen[item_id] = where
    for i, item in enumerate(items):
        for name, moment in (("start", item.start), ("end", item.end)):
            if not FIRST_YEAR <= moment.year <= LAST_YEAR:
                raise ValueError(
                    f"items[{i}].{name}: {moment.isoformat()} is not a time a plan can have "
                    f"(years {FIRST_YEAR}-{LAST_YEAR})"
                )
        if item.end < item.start:
            raise ValueError(f"items[{i}]: {item.id!r} ends before it starts")
    return Itinerary(visit=data["visit"], items=items, unscheduled=unscheduled, revision=revision)


# A plan's items lie within a day of its visit, which ends by 2037 (``models.LAST_YEAR``);
# times far outside are no report's, and near the ends of the calendar the checker's
# arithmetic would overflow
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _entry(model: type[Model], key: str, index: int, raw: Any) -> Model:
    """One entry of a list of the report, read; ValueError naming where it is wrong."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in (f"{key}[{index}]", *error["loc"]))
        raise ValueError(f"{where}: {error['msg']}") from None


_JSON_NAMES = {str: "string", list: "list"}
