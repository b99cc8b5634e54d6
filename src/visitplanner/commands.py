"""The commands that solve or check: ``plan`` and ``check`` (OR-Tools loads only here)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from visitplanner.errors import BriefError, ExitCode, Problem
from visitplanner.files import check_targets, clash, write_all
from visitplanner.itinerary import Itinerary
from visitplanner.loader import load_brief
from visitplanner.models import Brief
from visitplanner.replan import KEEP_BONUS, other_visit, unknown_places
from visitplanner.report import dumps, itinerary_from_report, report_dict

if TYPE_CHECKING:
    from visitplanner.planner import Result


def plan_command(args: argparse.Namespace) -> int:
    from visitplanner.planner import plan
    from visitplanner.terminal import ProgressLine, summary

    for given, option in ((args.pin, "--pin"), (args.keep_weight is not None, "--keep-weight")):
        if given and not args.previous:
            print(
                f"visitplanner plan: {option} needs --previous (the report to re-plan from)",
                file=sys.stderr,
            )
            return ExitCode.BAD_BRIEF
    brief = load_brief(args.brief)
    previous = read_report(args.previous) if args.previous else None
    other = other_visit(brief, previous) if previous is not None else None
    if other is not None:
        raise BriefError([Problem(other, file=args.previous)])
    if previous is not None and (unknown := unknown_places(brief, previous)):
        raise BriefError([replace(p, file=args.previous) for p in unknown])
    problem = clash(_targets(args, brief, previous))
    if problem is None and (args.output or args.per_participant):  # calendars: stamped
        problem = _stamp_problem()
    if problem is not None:
        print(f"visitplanner plan: {problem}; nothing was written.", file=sys.stderr)
        return ExitCode.BAD_BRIEF
    named = (args.output, args.report, args.html, args.markdown)
    folders = [Path(args.per_participant)] if args.per_participant else []
    check_targets([Path(name) for name in named if name], folders)  # before the search
    try:
        with ProgressLine(quiet=args.quiet) as progress:
            result = plan(
                brief,
                time_limit=args.time_limit,
                seed=args.seed,
                workers=args.workers,
                previous=previous,
                pins=tuple(args.pin),
                keep_bonus=KEEP_BONUS if args.keep_weight is None else args.keep_weight,
                log=progress,
            )
    except BriefError as exc:  # what re-planning finds wrong: the brief's, or a --pin's
        raise BriefError([_located(p, args.brief) for p in exc.problems]) from None
    if result.itinerary is None:
        if result.status == "infeasible":
            print(f"{args.brief}: {result.explanation}", file=sys.stderr)
        else:
            print(
                f"{args.brief}: no itinerary found within {args.time_limit:g} s; "
                "try a longer --time-limit.",
                file=sys.stderr,
            )
        return ExitCode.INFEASIBLE
    if result.violations:
        for violation in result.violations:
            print(f"internal error: {violation.rule}: {violation.message}", file=sys.stderr)
        print(
            "internal error: the itinerary breaks the rules above; nothing was written. "
            "Please report this with the brief.",
            file=sys.stderr,
        )
        return ExitCode.INTERNAL
    outputs, unwritten = _outputs(args, brief, result, previous)
    try:
        write_all(outputs)
    except KeyboardInterrupt:  # held while writing: it comes once every file is written
        print("interrupted: the outputs were all written first", file=sys.stderr)
        return ExitCode.INTERRUPTED
    if not args.quiet:
        print(summary(brief, result), end="")
    for warning in unwritten:
        print(warning, file=sys.stderr)
    return ExitCode.CALENDAR_NOT_WRITTEN if unwritten else ExitCode.OK


def _located(problem: Problem, brief: str) -> Problem:
    """``problem`` said of the file it is in: the brief, or the command line's --pin."""
    if problem.file != Problem("").file:
        return problem
    return replace(problem, file="visitplanner plan" if problem.path == "--pin" else brief)


def _stamp_problem() -> str | None:
    """What is wrong with ``SOURCE_DATE_EPOCH``, which stamps the calendars, or None:
    found before the search rather than after it."""
    from visitplanner.ics import source_date_epoch

    try:
        source_date_epoch()
    except ValueError as exc:
        return str(exc)
    return None


def _targets(
    args: argparse.Namespace, brief: Brief, previous: Itinerary | None
) -> list[tuple[str, Path]]:
    """Every file the command line may write, with the option that asks for it, and the
    files it reads that no output may replace: the brief and its busy calendars (a
    person's calendar written over their busy calendar would make the next run see the
    plan as busy time). The previous report may be replaced by the new one: it has been
    read. The per-participant calendars are named as ``ics.calendars`` names them, for
    every participant who may have one (after a re-plan, those of the ``previous`` plan
    too)."""
    from visitplanner.ics import participants_of

    targets = [("the brief", Path(args.brief))]
    base = Path(args.brief).parent  # (as ``load_brief`` reads the busy calendars)
    targets += [
        (f"{p.id}'s busy_calendar", base / p.busy_calendar)
        for p in brief.participants
        if p.busy_calendar is not None
    ]
    for option, name in (
        ("-o", args.output),
        ("--report", args.report),
        ("--html", args.html),
        ("--markdown", args.markdown),
    ):
        if name:
            targets.append((option, Path(name)))
    if args.per_participant:
        folder = Path(args.per_participant)
        targets.append(
            ("--per-participant (the visit's calendar)", folder / f"{brief.visit.id}.ics")
        )
        for pid in participants_of(brief, previous):
            who = f"--per-participant ({pid}'s calendar)"
            targets.append((who, folder / f"{pid}.ics"))
    return targets


def _outputs(
    args: argparse.Namespace, brief: Brief, result: Result, previous: Itinerary | None
) -> tuple[dict[Path, bytes], list[str]]:
    """Every file the command line asked for, built in memory before any is written, and
    why each calendar with no event to hold is not written: an empty plan is a valid
    answer, whose report and itinerary say what was left out and why, but an empty
    VCALENDAR is invalid iCalendar. After a re-plan (``previous``) the calendars also
    cancel the events of the previous plan that this one has not."""
    itinerary = result.itinerary
    assert itinerary is not None
    outputs: dict[Path, bytes] = {}
    unwritten: list[str] = []
    changes = result.changes if previous is not None else None
    if args.report:
        report = report_dict(
            itinerary,
            status=result.status,
            objective=result.objective,
            bound=result.bound,
            timezone=brief.visit.timezone,
            changes=changes,
        )
        outputs[Path(args.report)] = dumps(report).encode("utf-8")
    if args.output or args.per_participant:
        from visitplanner.ics import EmptyCalendarError, calendars, to_calendar

        options = {
            "include_lunch": not args.no_lunch,
            "include_travel": args.travel_events,
            "previous": previous,
        }
        if args.output:
            target = Path(args.output)
            try:
                outputs[target] = to_calendar(brief, itinerary, **options)
            except EmptyCalendarError as exc:
                unwritten.append(_not_written(target, "calendar", str(exc)))
        if args.per_participant:
            folder = Path(args.per_participant)
            try:
                files = calendars(brief, itinerary, **options)
            except EmptyCalendarError as exc:  # the visit's has no event, so nobody's has
                unwritten.append(_not_written(folder, "calendars", str(exc)))
            else:
                outputs.update({folder / name: data for name, data in files.items()})
    if args.html:
        from visitplanner.html import to_html

        page = to_html(brief, itinerary, status=result.status, changes=changes)
        outputs[Path(args.html)] = page.encode()
    if args.markdown:
        from visitplanner.markdown import to_markdown

        text = to_markdown(brief, itinerary, status=result.status, changes=changes)
        outputs[Path(args.markdown)] = text.encode()
    return outputs, unwritten


def _not_written(target: Path, what: str, why: str) -> str:
    """The warning for a calendar left unwritten, saying that an earlier one is kept."""
    kept = "; what is there is left as it was" if target.exists() else ""
    return f"{target}: {what} not written: {why}; an empty calendar is not valid iCalendar{kept}."


# A report of a 400-request brief is about 200 kB
MAX_REPORT_BYTES = 50_000_000


def read_report(path: str) -> Itinerary:
    """The itinerary of a JSON report written by ``plan``; BriefError naming the file.
    At most one byte over ``MAX_REPORT_BYTES`` is read (``/dev/zero`` never ends)."""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_REPORT_BYTES + 1)
        if len(data) > MAX_REPORT_BYTES:
            raise ValueError(f"more than {MAX_REPORT_BYTES:,} bytes")
        return itinerary_from_report(json.loads(data.decode("utf-8")))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise BriefError([Problem(f"cannot read the report: {reason}", file=path)]) from None
    except RecursionError:  # JSON nested thousands of levels deep
        raise BriefError(
            [Problem("not a visitplanner JSON report: nested too deeply", file=path)]
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        message = str(exc).splitlines()[0]
        raise BriefError(
            [Problem(f"not a visitplanner JSON report: {message}", file=path)]
        ) from None


def check_command(args: argparse.Namespace) -> int:
    from visitplanner.checker import check

    brief = load_brief(args.brief)
    itinerary = read_report(args.report)
    violations = check(brief, itinerary)
    for violation in violations:
        print(f"{violation.rule}: {violation.message}")
    if violations:
        print(f"{len(violations)} violation(s).")
        return ExitCode.INFEASIBLE
    print(f"{args.report}: the itinerary obeys every rule of {args.brief}.")
    return ExitCode.OK


def explain_command(args: argparse.Namespace) -> int:
    from visitplanner.infeasibility import explain

    explanation = explain(load_brief(args.brief), time_limit=args.time_limit)
    print(f"{args.brief}: {explanation}")
    return ExitCode.OK if explanation.feasible and explanation.decided else ExitCode.INFEASIBLE
