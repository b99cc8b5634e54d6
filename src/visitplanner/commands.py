"""The commands that solve or check: ``plan`` and ``check`` (OR-Tools loads only here)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from visitplanner.errors import BriefError, ExitCode, Problem
from visitplanner.files import write_all
from visitplanner.itinerary import Itinerary
from visitplanner.loader import load_brief
from visitplanner.report import dumps, itinerary_from_report, report_dict


def plan_command(args: argparse.Namespace) -> int:
    from visitplanner.planner import plan

    brief = load_brief(args.brief)
    say = (lambda text: None) if args.quiet else print
    previous = read_report(args.previous) if args.previous else None
    result = plan(
        brief,
        time_limit=args.time_limit,
        seed=args.seed,
        workers=args.workers,
        previous=previous,
        pins=tuple(args.pin),
        keep_bonus=args.keep_weight,
    )
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
    outputs: dict[Path, bytes] = {}
    if args.report:
        report = report_dict(
            result.itinerary,
            status=result.status,
            objective=result.objective,
            bound=result.bound,
            timezone=brief.visit.timezone,
            changes=result.changes if previous is not None else None,
        )
        outputs[Path(args.report)] = dumps(report).encode("utf-8")
    if args.output:
        from visitplanner.ics import to_calendar

        outputs[Path(args.output)] = to_calendar(brief, result.itinerary)
    write_all(outputs)
    itinerary = result.itinerary
    meetings = [i for i in itinerary.items if i.kind == "meeting"]
    say(
        f"{brief.visit.id}: {result.status}; {len(meetings)} meetings scheduled, "
        f"{len(itinerary.unscheduled)} left out; priority {result.objective} "
        f"(bound {result.bound}); solved in {result.solve_seconds:.1f} s."
    )
    for left in itinerary.unscheduled:
        say(f"  left out {left.id}: {left.reason}")
    for change in result.changes:
        say(f"  {change.change} {change.id}: {change.reason}")
    return ExitCode.OK


def read_report(path: str) -> Itinerary:
    """The itinerary of a JSON report written by ``plan``; BriefError naming the file."""
    try:
        return itinerary_from_report(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise BriefError([Problem(f"cannot read the report: {exc.strerror}", file=path)]) from None
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
    from visitplanner.explain import explain

    explanation = explain(load_brief(args.brief), time_limit=args.time_limit)
    print(f"{args.brief}: {explanation}")
    return ExitCode.OK if explanation.feasible else ExitCode.INFEASIBLE
