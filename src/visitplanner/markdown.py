"""``to_markdown(brief, itinerary)``: the day-by-day itinerary as Markdown.

The same content as the HTML page (both come from ``visitplanner.render``), as nested
lists that read well as plain text, paste into a wiki or an e-mail, and render in any
CommonMark or Python-Markdown viewer. Text from the brief is escaped so that a name with
``*`` or ``<`` prints as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from visitplanner.itinerary import Itinerary
from visitplanner.models import Brief
from visitplanner.render import Day, Document, Entry, PersonPlan, Revised, build

if TYPE_CHECKING:
    from visitplanner.replan import Change

# Escapes that CommonMark and Python-Markdown (mkdocs) both honour: a backslash before
# these, an entity for "<" (a tag) and for "&" where it would start an entity.
_SPECIAL = re.compile(r"([\\`*_{}\[\]#!])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What starts a list, a quote or a rule when a line begins with it: "1. list-like", "- x"
_LINE_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+>|=~])")


def to_markdown(
    brief: Brief,
    itinerary: Itinerary,
    *,
    status: str | None = None,
    changes: Sequence[Change] | None = None,
) -> str:
    """The printable itinerary of ``itinerary`` as a Markdown document (a string);
    ``changes``: those of a re-plan (``render.build``)."""
    return render_document(build(brief, itinerary, status=status, changes=changes))


def escape(text: str) -> str:
    """``text`` with Markdown's active characters backslash-escaped, on one line, and
    what would start a list or a quote if the text began a line ("1. Rector" as a
    participant's title)."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    text = _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;")


def render_document(doc: Document) -> str:
    """Markdown for a ``render.Document``."""
    lines = [
        f"# {escape(doc.title)}",
        "",
        f"{escape(doc.dates)}. Times are local to {escape(doc.timezone)} unless marked otherwise.",
        "",
        escape(doc.plan_line),
    ]
    if doc.changes is not None:
        lines += ["", "## Changes since the previous plan", "", escape(doc.changes_line)]
        if doc.changes:
            lines += ["", *(_revised(change) for change in doc.changes)]
    lines += ["", "## Day by day"]
    for day in doc.days:
        lines += ["", *_day(day, level=3, who="Who")]
    lines += ["", "## Each participant's itinerary"]
    for person in doc.people:
        lines += ["", *_person(person, doc.timezone)]
    lines += ["", "## Meetings left out", ""]
    if not doc.left_out:
        lines.append("Every meeting of the brief is in the plan.")
    for left in doc.left_out:
        priority = f", priority {escape(left.priority)}" if left.priority else ""
        lines.append(
            f"- **{escape(left.title)}** ({escape(left.id)}{priority}): {escape(left.reason)}"
        )
    return "\n".join(lines) + "\n"


def _revised(change: Revised) -> str:
    when = {
        "moved": f"{change.before} → {change.after}",
        "attendees": change.after,
        "added": change.after,
        "removed": f"was {change.before}",
    }[change.change]
    return (
        f"- **{change.change.capitalize()}** {escape(change.title)} ({escape(change.id)}): "
        f"{escape(when)}. Why: {escape(change.reason)}"
    )


def _day(day: Day, *, level: int, who: str) -> list[str]:
    lines = [f"{'#' * level} {escape(day.heading)}", ""]
    if not day.in_visit:
        lines += ["Outside the visit's dates.", ""]
    for line in day.continuing:
        lines += [f"Continuing: {escape(line)}", ""]
    if not day.entries:
        return [*lines, "Nothing planned."] if not day.continuing else lines[:-1]
    for entry in day.entries:
        lines += _entry(entry, who)
    return lines


def _entry(entry: Entry, who: str) -> list[str]:
    head = f"- **{escape(entry.span)}** {escape(entry.title)}"
    if entry.kind == "travel":
        head = f"- **{escape(entry.span)}** Travel: {escape(entry.where)}"
    elif entry.kind == "fixed":
        head += " (fixed)"
    if entry.change:
        head += f" ({entry.change})"
    sub: list[str] = []
    if entry.local:
        sub.append(f"Visit time: {escape(entry.local)}")
    if entry.kind in ("meeting", "fixed") and entry.where:
        sub.append(f"Where: {escape(entry.where)}")
    sub += [escape(detail[:1].upper() + detail[1:]) for detail in entry.details]
    if entry.people or entry.group:
        # (names with a comma of their own, "Rector, University of Oslo", read as lists;
        # a title's, in brackets, does not)
        bare = [re.sub(r"\([^)]*\)", "", name) for name in entry.names]
        between = "; " if any("," in name for name in bare) else ", "
        names = between.join(escape(name) for name in entry.names)
        if entry.group:
            names = f"{escape(entry.group)}: {names}" if names else escape(entry.group)
        sub.append(f"{who}: {names}")
    return [head, *(f"    - {line}" for line in sub)]


def _person(plan: PersonPlan, visit_zone: str) -> list[str]:
    person = plan.person
    lines = [f"### {escape(person.name)}", ""]
    if person.title:
        lines += [escape(person.title), ""]
    note = f"Times in {plan.timezone}"
    if plan.timezone != visit_zone:
        note += f"; the visit's local time ({visit_zone}) is given under each entry"
    lines.append(f"{escape(note)}.")
    for day in plan.days:
        lines += ["", *_day(day, level=4, who="With")]
    return lines
