"""``python -m benchmarks optw|latency|scale|rates``: run a benchmark, print each result
as it comes, write Markdown and CSV reports (docs/benchmarks.md)."""

from __future__ import annotations

import argparse
import csv
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks import latency, optw, rates, scale
from benchmarks.report import markdown_table, preamble

RESULTS = Path(__file__).parent / "results"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    bench = commands.add_parser("optw", help="OPTW/TOPTW scores against best-known values")
    bench.add_argument("--set", choices=sorted(optw.SETS), default="quick", dest="runs")
    bench.add_argument("--time-limit", type=float, default=10.0, metavar="S")
    bench.add_argument("--workers", type=int, default=1, metavar="N")
    bench.add_argument("--seed", type=int, default=0, metavar="N")
    bench.add_argument(
        "--data",
        type=Path,
        default=optw.DATA,
        metavar="DIR",
        help="instance files and bks.csv (the full set needs /work/shared/bench/optw)",
    )
    bench.add_argument(
        "--only",
        nargs="+",
        default=(),
        metavar="NAME",
        help="only the set's instances whose names begin so (e.g. --only rc pr01)",
    )
    bench.add_argument("--out", type=Path, default=RESULTS, metavar="DIR")

    lat = commands.add_parser("latency", help="wall time of visitplanner commands")
    lat.add_argument("--runs", type=int, default=5, metavar="N", help="runs per command (5)")
    lat.add_argument("--out", type=Path, default=RESULTS, metavar="DIR")

    curve = commands.add_parser("scale", help="generated briefs of 25 to 400 requests")
    curve.add_argument("--sizes", type=int, nargs="+", default=list(scale.SIZES), metavar="N")
    curve.add_argument("--limits", type=float, nargs="+", default=list(scale.LIMITS), metavar="S")
    curve.add_argument(
        "--seeds",
        type=int,
        nargs="+",
        default=[1],
        metavar="N",
        help="the generator's seeds: one brief per size and seed (1)",
    )
    curve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="search workers per run (1; from 2, 400-request runs search a bound by day or without "
        "travel on a core of their own)",
    )
    curve.add_argument("--out", type=Path, default=RESULTS / "scale", metavar="DIR")

    clock = commands.add_parser("rates", help="the work clock's rates on this machine")
    clock.add_argument("--out", type=Path, default=RESULTS, metavar="DIR")
    return parser


def run_optw(args: argparse.Namespace, command: str) -> int:
    from visitplanner.solver import SolveOptions

    runs = optw.only(optw.SETS[args.runs], args.only)
    if not runs:
        print(
            f"no instance of the {args.runs} set begins with {' or '.join(args.only)}",
            file=sys.stderr,
        )
        return 2
    missing = sorted({name for name, _ in runs if not (args.data / f"{name}.txt").exists()})
    if missing:
        print(f"missing in {args.data}: {', '.join(missing)} (use --data)", file=sys.stderr)
        return 2
    options = SolveOptions(
        time_limit=args.time_limit, seed=args.seed, workers=args.workers, soft_phase=False
    )
    stem = "-".join(["optw", args.runs, *args.only, f"{args.time_limit:g}s"])
    header = preamble(command)
    rows: list[optw.Row] = []
    print(" ".join(optw.CSV_COLUMNS), flush=True)
    for row in optw.run_set(runs, args.data, options):
        rows.append(row)
        print(*optw.cells(row), flush=True)
        paths = optw.write_reports(rows, args.out, stem, header)
    print("\n".join(optw.summary(rows)))
    print(f"reports: {paths[0]} {paths[1]}")
    return 1 if any(row.checked == "WRONG" for row in rows) else 0


def run_latency(args: argparse.Namespace, command: str) -> int:
    timings = latency.measure(args.runs)
    headers = ("command", "median s", "min s", "max s", "exit codes")
    table = [
        (
            t.command,
            f"{t.median:.2f}",
            f"{min(t.seconds):.2f}",
            f"{max(t.seconds):.2f}",
            " ".join(map(str, sorted(set(t.exit_codes)))),
        )
        for t in timings
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "latency.csv").open("w", newline="") as f:
        csv.writer(f).writerows([headers, *table])
    rows = [(f"`{name}`", *rest) for name, *rest in table]
    text = "\n".join(
        [f"# CLI latency ({args.runs} runs each)", "", *preamble(command), ""]
    ) + markdown_table(headers, rows)
    (args.out / "latency.md").write_text(text)
    print(text, end="")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser().parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks", *argv])
    if args.command == "scale":
        scale.run_curve(
            args.out, tuple(args.sizes), tuple(args.limits), tuple(args.seeds), args.workers
        )
        return 0
    if args.command == "rates":
        return run_rates(args, command)
    return run_optw(args, command) if args.command == "optw" else run_latency(args, command)


def run_rates(args: argparse.Namespace, command: str) -> int:
    workloads = "; ".join(rates.workloads())
    tallies = rates.measure()
    title = "# The work clock's rates on this machine"
    text = "\n".join([title, "", *preamble(command), "", f"Workloads: {workloads}.", ""])
    text += rates.report(tallies)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "rates.md").write_text(text)
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
