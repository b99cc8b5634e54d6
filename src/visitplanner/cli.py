"""The ``visitplanner`` command: a thin edge over the Python API.

``main(argv) -> int`` never raises for a user's mistake: it prints the problems and
returns a distinct exit code (see ``ExitCode``). OR-Tools is imported only by the
commands that solve, so ``--help`` and ``validate`` stay fast.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable, Sequence

from visitplanner import __version__
from visitplanner.errors import BriefError, ExitCode, OutputError
from visitplanner.interrupt import searches_stop_on_ctrl_c
from visitplanner.loader import load_brief
from visitplanner.models import Brief
from visitplanner.replan import MAX_KEEP_BONUS

DESCRIPTION = """\
Plan a delegation visit from a YAML brief: the best itinerary that breaks no rule,
every left-out meeting explained, calendars (.ics) to import.

examples:
  visitplanner validate examples/umons-kazakhstan.yaml
  visitplanner plan examples/umons-kazakhstan.yaml -o visit.ics --report report.json
  visitplanner check examples/umons-kazakhstan.yaml report.json
  visitplanner explain examples/umons-kazakhstan.yaml
  visitplanner schema > brief.schema.json

exit codes: 0 done, 1 infeasible, 2 bad brief, input file or command line, 3 internal error,
4 an output file cannot be written, 5 done but a calendar not written (nothing in it),
130 interrupted (Ctrl-C)
"""


# The longest search the command line accepts. Beyond a day nobody is waiting for the
# answer, and a limit like 1e308 s overflows the clock the solver computes deadlines on.
MAX_SECONDS = 86_400


def _seconds(text: str) -> float:
    """A time limit: a number of seconds above 0 and at most ``MAX_SECONDS``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= MAX_SECONDS:  # NaN fails both comparisons
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds above 0 and at most {MAX_SECONDS} (a day), not {text!r}"
        )
    return value


def _path(text: str) -> str:
    """A file or folder name: not empty (``-o ""`` would otherwise write nothing, and
    say nothing)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty file name")
    return text


# CP-SAT's random_seed is a 32-bit int, and it and the planner derive further seeds from
# the user's (one per worker, one per restart of the heuristic): a billion leaves room.
MAX_SEED = 1_000_000_000
# More workers than the machine has cores do not help; CP-SAT's num_workers is 32-bit.
MAX_WORKERS = 256


def _whole_number(lowest: int, highest: int) -> Callable[[str], int]:
    """A whole number from ``lowest`` to ``highest``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not lowest <= value <= highest:
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {lowest} to {highest}, not {value}"
            )
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="visitplanner",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"visitplanner {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check a brief and say what is wrong with it, all at once"
    )
    validate.add_argument("brief", type=_path, metavar="BRIEF", help="the brief, a YAML file")

    commands.add_parser("schema", help="print the JSON Schema of the brief format")

    plan = commands.add_parser("plan", help="build the best itinerary and write it out")
    plan.add_argument("brief", type=_path, metavar="BRIEF", help="the brief, a YAML file")
    plan.add_argument(
        "-o", "--output", type=_path, metavar="ICS", help="write the whole visit as .ics"
    )
    plan.add_argument("--report", type=_path, metavar="JSON", help="write the JSON report")
    plan.add_argument(
        "--per-participant",
        type=_path,
        metavar="DIR",
        help="write one .ics per participant (their items, in their own time zone) into DIR",
    )
    plan.add_argument(
        "--no-lunch", action="store_true", help="leave lunch breaks out of the calendars"
    )
    plan.add_argument(
        "--travel-events",
        action="store_true",
        help="put travel legs in the calendars as events of their own",
    )
    plan.add_argument(
        "--html", type=_path, metavar="FILE", help="write the printable itinerary as HTML"
    )
    plan.add_argument(
        "--markdown", type=_path, metavar="FILE", help="write the itinerary as Markdown"
    )
    plan.add_argument(
        "--time-limit",
        type=_seconds,
        default=30.0,
        metavar="S",
        help="seconds of search, at most a day (30)",
    )
    plan.add_argument(
        "--seed",
        type=_whole_number(0, MAX_SEED),
        default=0,
        metavar="N",
        help=f"random seed, 0 to {MAX_SEED} (0)",
    )
    plan.add_argument(
        "--workers",
        type=_whole_number(1, MAX_WORKERS),
        default=1,
        metavar="N",
        help=f"search workers, 1 to {MAX_WORKERS}; 1 (the default) gives byte-identical "
        "output for a seed",
    )
    plan.add_argument(
        "--quiet",
        action="store_true",
        help="no progress line and no summary; errors and warnings only",
    )
    plan.add_argument(
        "--previous",
        type=_path,
        metavar="REPORT",
        help="re-plan: keep this earlier JSON report's itinerary wherever possible",
    )
    plan.add_argument(
        "--pin",
        action="append",
        default=[],
        metavar="ID",
        help="with --previous: keep this meeting exactly where it was (repeatable)",
    )
    plan.add_argument(
        "--keep-weight",
        type=_whole_number(0, MAX_KEEP_BONUS),
        default=None,
        metavar="N",
        help=f"with --previous: soft points, 0 to {MAX_KEEP_BONUS}, an item earns by staying "
        "put (1000; one minute of travel costs 1, an optional attendee joining earns 60)",
    )

    explain = commands.add_parser(
        "explain", help="say why a brief has no itinerary: the smallest set of conflicting facts"
    )
    explain.add_argument("brief", type=_path, metavar="BRIEF", help="the brief, a YAML file")
    explain.add_argument(
        "--time-limit",
        type=_seconds,
        default=5.0,
        metavar="S",
        help="seconds to spend, at most a day (5)",
    )

    check = commands.add_parser(
        "check", help="check a JSON report against the brief's rules, independently"
    )
    check.add_argument("brief", type=_path, metavar="BRIEF", help="the brief, a YAML file")
    check.add_argument("report", type=_path, metavar="REPORT", help="a JSON report written by plan")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0) if isinstance(exc.code, int) else ExitCode.BAD_BRIEF
    if args.command is None:
        parser.print_help()
        return ExitCode.OK
    try:
        handler = {
            "validate": _validate,
            "schema": _schema,
            "plan": _plan,
            "check": _check,
            "explain": _explain,
        }[args.command]
        with searches_stop_on_ctrl_c():
            return handler(args)
    except KeyboardInterrupt:
        print("interrupted: outputs are written only by a run that ends", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BriefError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        if exc.more_later:
            print(
                "References between sections, and rules joining several fields, are checked "
                "once these are fixed.",
                file=sys.stderr,
            )
        return ExitCode.BAD_BRIEF
    except OutputError as exc:
        if exc.replaced:
            done = (
                f"already replaced: {', '.join(exc.replaced)}; the other outputs are as they were"
            )
        else:
            done = "nothing was written"
        print(f"{exc.path}: cannot write the output: {exc.reason}; {done}.", file=sys.stderr)
        return ExitCode.CANNOT_WRITE


def run() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 (a probe's
        # n\xffme.yaml) cannot be printed on a strict UTF-8 stream: escape it instead
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into head or less that closed early
        sys.stderr.close()
        code = ExitCode.OK
    sys.exit(code)


def _validate(args: argparse.Namespace) -> int:
    brief = load_brief(args.brief)
    print(f"{args.brief}: valid. {summary(brief)}")
    return ExitCode.OK


def summary(brief: Brief) -> str:
    """One line that tells what the brief asks for."""
    required = sum(1 for m in brief.meetings if m.required)

    def count(n: int, what: str) -> str:
        return f"{n} {what}{'s' if n != 1 else ''}"

    return (
        f"{brief.visit.id}: {count(len(brief.visit.days()), 'day')}, "
        f"{count(len(brief.participants), 'participant')}, {count(len(brief.venues), 'venue')}, "
        f"{count(len(brief.meetings), 'meeting')} ({required} required), "
        f"{count(len(brief.transfers), 'transfer')}, {count(len(brief.fixed), 'fixed event')}"
    )


def _schema(args: argparse.Namespace) -> int:
    from visitplanner.schema import brief_schema

    json.dump(brief_schema(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return ExitCode.OK


def _plan(args: argparse.Namespace) -> int:
    from visitplanner.commands import plan_command

    return plan_command(args)


def _explain(args: argparse.Namespace) -> int:
    from visitplanner.commands import explain_command

    return explain_command(args)


def _check(args: argparse.Namespace) -> int:
    from visitplanner.commands import check_command

    return check_command(args)
