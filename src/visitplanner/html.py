"""``to_html(brief, itinerary)``: the day-by-day itinerary as one self-contained HTML page.

Made to be printed and carried: inline CSS only (no fonts, scripts, images or anything
fetched), print rules that start each day and each participant on a new page without
background colours, every text escaped, and the same bytes for the same plan. The
content comes from ``visitplanner.render``, shared with the Markdown document.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from visitplanner.itinerary import Itinerary
from visitplanner.models import Brief
from visitplanner.render import Day, Document, Entry, PersonPlan, build, duration

if TYPE_CHECKING:
    from visitplanner.replan import Change

STYLE = """\
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 11pt; line-height: 1.4; color: #1a1a1a; background: #fff;
  max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1a1a1a; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.meta, .note { color: #444; margin: .2rem 0; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem; }
table { width: 100%; border-collapse: collapse; margin: .3rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid #ccc; }
th { font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: #444; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; width: 8.5rem; }
tr.travel td, tr.lunch td { color: #444; font-size: .92rem; }
tr.transfer td { background: #eef3fb; }
tr.fixed td { background: #f6f6f0; }
.kind { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: #555; }
.details { margin: .15rem 0 0; padding-left: 1.1rem; }
.who { margin: 0; padding-left: 1.1rem; }
.empty { font-style: italic; color: #555; }
.left-out li { margin-bottom: .4rem; }
tr.moved td.what .kind, tr.added td.what .kind { color: #8a3b00; font-weight: 600; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  *, tr.transfer td, tr.fixed td { background: none !important; color: #000 !important;
    box-shadow: none !important; }
  nav { display: none; }
  a { text-decoration: none; }
  section.day, section.person, section.left-out { break-before: page;
    page-break-before: always; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
@page { margin: 14mm; }
"""


def to_html(
    brief: Brief,
    itinerary: Itinerary,
    *,
    status: str | None = None,
    changes: Sequence[Change] | None = None,
) -> str:
    """The printable itinerary of ``itinerary`` as a complete HTML document (a string);
    ``changes``: those of a re-plan (``render.build``)."""
    return render_document(build(brief, itinerary, status=status, changes=changes))


def render_document(doc: Document) -> str:
    """HTML for a ``render.Document``."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="visitplanner">',
        f"<title>{_e(doc.title)}: itinerary</title>",
        f"<style>\n{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(doc.title)}</h1>",
        f'<p class="meta">{_e(doc.dates)}. Times are local to {_e(doc.timezone)} '
        "unless marked otherwise.</p>",
        f'<p class="meta">{_e(doc.plan_line)}</p>',
        _nav(doc),
        "</header>",
        "<main>",
        *(() if doc.changes is None else (_changes(doc),)),
        *(_day(day) for day in doc.days),
        *(_person(plan, doc.timezone) for plan in doc.people),
        _left_out(doc),
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _nav(doc: Document) -> str:
    links = [] if doc.changes is None else ['<li><a href="#changes">Changes</a></li>']
    links += [f'<li><a href="#{_e(d.anchor)}">{_e(d.heading)}</a></li>' for d in doc.days]
    links += [f'<li><a href="#{_e(p.anchor)}">{_e(p.person.name)}</a></li>' for p in doc.people]
    links.append('<li><a href="#left-out">Meetings left out</a></li>')
    return '<nav aria-label="Contents"><ul>\n' + "\n".join(links) + "\n</ul></nav>"


def _changes(doc: Document) -> str:
    head = (
        '<section class="changes" id="changes">\n<h2>Changes since the previous plan</h2>\n'
        f"<p>{_e(doc.changes_line)}</p>\n"
    )
    if not doc.changes:
        return head + "</section>"
    rows = "\n".join(
        f'<tr class="{_e(c.change)}"><td>{_e(c.change.capitalize())}</td>'
        f"<td><strong>{_e(c.title)}</strong><br>{_e(c.id)}</td><td>{_e(c.before)}</td>"
        f"<td>{_e(c.after)}</td><td>{_e(c.reason)}</td></tr>"
        for c in doc.changes
    )
    return (
        f'{head}<table class="changes">\n<thead><tr><th scope="col">Change</th>'
        '<th scope="col">What</th><th scope="col">Before</th><th scope="col">After</th>'
        f'<th scope="col">Why</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n'
        "</section>"
    )


def _day(day: Day) -> str:
    note = "" if day.in_visit else '<p class="note">Outside the visit\'s dates.</p>\n'
    note += _continuing(day)
    return (
        f'<section class="day" id="{_e(day.anchor)}">\n'
        f"<h2>{_e(day.heading)}</h2>\n{note}{_table(day, who='Who')}\n</section>"
    )


def _person(plan: PersonPlan, visit_zone: str) -> str:
    person = plan.person
    lines = [
        f'<section class="person" id="{_e(plan.anchor)}">',
        f"<h2>{_e(person.name)}</h2>",
    ]
    if person.title:
        lines.append(f'<p class="meta">{_e(person.title)}</p>')
    zone_note = f"Times in {plan.timezone}"
    if plan.timezone != visit_zone:
        zone_note += f"; the visit's local time ({visit_zone}) is given under each entry"
    lines.append(f'<p class="meta">{_e(zone_note)}.</p>')
    for day in plan.days:
        lines.append(f"<h3>{_e(day.heading)}</h3>")
        lines.append(_continuing(day) + _table(day, who="With"))
    lines.append("</section>")
    return "\n".join(lines)


def _continuing(day: Day) -> str:
    return "".join(f'<p class="continuing">Continuing: {_e(line)}</p>\n' for line in day.continuing)


def _table(day: Day, *, who: str) -> str:
    entries = day.entries
    if not entries:
        return "" if day.continuing else '<p class="empty">Nothing planned.</p>'
    rows = "\n".join(_row(entry) for entry in entries)
    return (
        '<table class="items">\n<thead><tr><th scope="col">Time</th><th scope="col">What'
        f'</th><th scope="col">Where</th><th scope="col">{_e(who)}</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )


def _row(entry: Entry) -> str:
    time = _e(entry.span)
    if entry.local:
        time += f'<br><span class="note">{_e(entry.local)}</span>'
    kind = _kind_word(entry) + (f" · {entry.change}" if entry.change else "")
    what = f'<span class="kind">{_e(kind)}</span><br><strong>{_e(entry.title)}</strong>'
    if entry.details:
        what += '<ul class="details">' + "".join(f"<li>{_e(d)}</li>" for d in entry.details)
        what += "</ul>"
    where = _e(entry.where)
    people = ""
    if entry.group:
        people += f"<strong>{_e(entry.group)}</strong>"
    if entry.people:
        people += '<ul class="who">' + "".join(f"<li>{_e(name)}</li>" for name in entry.names)
        people += "</ul>"
    classes = f"{entry.kind} {entry.change}" if entry.change else entry.kind
    return (
        f'<tr class="{_e(classes)}" data-item="{_e(entry.item_id)}">'
        f'<td class="time">{time}</td><td class="what">{what}</td>'
        f'<td class="where">{where}</td><td class="people">{people}</td></tr>'
    )


def _kind_word(entry: Entry) -> str:
    if entry.kind == "transfer":
        return "Transfer"
    if entry.kind == "travel":
        return f"Travel, {duration(entry.minutes)}"
    return {"meeting": "Meeting", "fixed": "Fixed event", "lunch": "Lunch"}[entry.kind]


def _left_out(doc: Document) -> str:
    head = '<section class="left-out" id="left-out">\n<h2>Meetings left out</h2>\n'
    if not doc.left_out:
        return head + "<p>Every meeting of the brief is in the plan.</p>\n</section>"
    items = "\n".join(
        f"<li><strong>{_e(left.title)}</strong> ({_e(left.id)}"
        + (f", priority {_e(left.priority)}" if left.priority else "")
        + f"): {_e(left.reason)}</li>"
        for left in doc.left_out
    )
    return f"{head}<ul>\n{items}\n</ul>\n</section>"
