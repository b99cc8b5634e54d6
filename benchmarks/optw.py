"""OPTW / TOPTW benchmarks solved through the public problem layer (docs/benchmarks.md).

An instance file (format: benchmarks/data/README.md) becomes a ``Problem`` with one
resource whose ``m`` routes are ``m`` consecutive "days" of ``Tmax + 1`` time units, each
opened and closed by a depot anchor; every customer is an optional task worth its score.
It is solved by ``visitplanner.solver.solve``, the code path briefs take. The answer is
then re-checked by ``check_routes``, a route simulator that uses only the instance file.
"""

from __future__ import annotations

import csv
import math
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.report import markdown_table
from visitplanner.intervals import normalize
from visitplanner.problem import Anchor, Option, Problem, Resource, Task

if TYPE_CHECKING:
    from visitplanner.solver import SolveOptions

DATA = Path(__file__).parent / "data"

# Time units per unit of the file: distances are Euclidean, floored to 1 decimal
# (Solomon) or 2 decimals (Cordeau), so these make every distance an exact integer.
SCALE = {"solomon": 10, "cordeau": 100}


@dataclass(frozen=True)
class Vertex:
    """One line of an instance file, times scaled to integers (vertex 0 is the depot)."""

    x: Fraction
    y: Fraction
    duration: int
    score: int
    open: int  # earliest start of service
    close: int  # latest start of service


@dataclass(frozen=True)
class Instance:
    name: str
    family: str  # "solomon" or "cordeau"
    vertices: tuple[Vertex, ...]

    @property
    def scale(self) -> int:
        return SCALE[self.family]

    @property
    def tmax(self) -> int:
        """Each route leaves the depot at 0 and is back by this time."""
        return self.vertices[0].close

    @property
    def customers(self) -> range:
        return range(1, len(self.vertices))

    @property
    def day_length(self) -> int:
        """Route k lives in ``[k * day_length, k * day_length + tmax]``."""
        return self.tmax + 1


def family_of(name: str) -> str:
    return "cordeau" if name.startswith("pr") else "solomon"


def parse_instance(path: Path) -> Instance:
    """Read an OPTW file: header ``k v N t``, a ``D Q`` line, then ``N + 1`` vertex lines
    ``i x y d S f a <a ints> O C`` (``O`` and ``C`` are always the last two tokens)."""
    lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
    count = int(lines[0][2]) + 1
    family = family_of(path.stem)
    scale = SCALE[family]

    def scaled(token: str) -> int:
        value = Fraction(token) * scale
        if value.denominator != 1:
            raise ValueError(f"{path.name}: {token} is not a whole number of time units")
        return int(value)

    vertices = tuple(
        Vertex(
            x=Fraction(tokens[1]),
            y=Fraction(tokens[2]),
            duration=scaled(tokens[3]),
            score=int(Fraction(tokens[4])),
            open=scaled(tokens[-2]),
            close=scaled(tokens[-1]),
        )
        for tokens in lines[2 : 2 + count]
    )
    if len(vertices) != count:
        raise ValueError(f"{path.name}: expected {count} vertex lines, found {len(vertices)}")
    return Instance(path.stem, family, vertices)


def distance(a: Vertex, b: Vertex, scale: int) -> int:
    """``floor(scale * euclid(a, b))``, computed exactly (no float rounding)."""
    squared = scale * scale * ((a.x - b.x) ** 2 + (a.y - b.y) ** 2)
    return math.isqrt(math.floor(squared))


def travel_matrix(instance: Instance) -> tuple[tuple[int, ...], ...]:
    vs, scale = instance.vertices, instance.scale
    return tuple(tuple(distance(a, b, scale) for b in vs) for a in vs)


def to_problem(instance: Instance, routes: int) -> Problem:
    """The instance with ``routes`` routes as a ``Problem``: one resource, two depot
    anchors per route, one optional task per customer that may start in its window on
    any route."""
    day = instance.day_length
    anchors = tuple(
        Anchor(time=k * day + offset, place=0)
        for k in range(routes)
        for offset in (0, instance.tmax)
    )
    tasks = tuple(
        Task(
            id=str(i),
            options=(
                Option(
                    label=f"visit {i}",
                    duration=v.duration,
                    begin=i,
                    end=i,
                    starts={
                        "time_window": normalize(
                            (k * day + v.open, k * day + v.close) for k in range(routes)
                        )
                    },
                ),
            ),
            attendees=(0,),
            value=v.score,
        )
        for i, v in enumerate(instance.vertices)
        if i > 0
    )
    return Problem(
        horizon=routes * day,
        travel=travel_matrix(instance),
        resources=(Resource(id="routes", anchors=anchors),),
        tasks=tasks,
    )


# -- the independent check ----------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    customer: int
    start: int  # start of service, in time units from the route's departure


@dataclass(frozen=True)
class RouteCheck:
    score: int
    errors: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def routes_from_starts(instance: Instance, starts: dict[int, int]) -> list[list[Visit]]:
    """Split ``customer -> start on the problem's clock`` into routes ordered by start."""
    day = instance.day_length
    routes: dict[int, list[Visit]] = {}
    for customer, start in sorted(starts.items(), key=lambda item: item[1]):
        routes.setdefault(start // day, []).append(Visit(customer, start % day))
    return [routes.get(k, []) for k in range(max(routes, default=-1) + 1)]


def check_routes(instance: Instance, routes: Sequence[Sequence[Visit]], m: int) -> RouteCheck:
    """Simulate each route from the depot at time 0: every start lies in the customer's
    window and after the previous service ends plus the distance, the route is back at
    the depot by ``Tmax``, no customer is visited twice, at most ``m`` routes."""
    vs, scale = instance.vertices, instance.scale
    errors: list[str] = []
    if len(routes) > m:
        errors.append(f"{len(routes)} routes, only {m} allowed")
    seen: set[int] = set()
    for k, route in enumerate(routes):
        here, free_at = 0, 0
        for visit in route:
            i = visit.customer
            if not 0 < i < len(vs):
                errors.append(f"route {k}: no customer {i}")
                continue
            if i in seen:
                errors.append(f"route {k}: customer {i} visited again")
            seen.add(i)
            arrival = free_at + distance(vs[here], vs[i], scale)
            if visit.start < arrival:
                errors.append(f"route {k}: customer {i} starts {visit.start}, arrives {arrival}")
            if not vs[i].open <= visit.start <= vs[i].close:
                errors.append(
                    f"route {k}: customer {i} starts {visit.start} outside "
                    f"[{vs[i].open}, {vs[i].close}]"
                )
            here, free_at = i, visit.start + vs[i].duration
        back = free_at + distance(vs[here], vs[0], scale)
        if back > instance.tmax:
            errors.append(f"route {k}: back at the depot at {back} > Tmax {instance.tmax}")
    return RouteCheck(sum(vs[i].score for i in seen if 0 < i < len(vs)), tuple(errors))


# -- best-known values and benchmark sets ------------------------------------------


def load_bks(path: Path = DATA / "bks.csv") -> dict[tuple[str, int], int]:
    """``(instance, m) -> best-known score`` from bks.csv."""
    with path.open(newline="") as f:
        return {(row["instance"], int(row["m"])): int(row["value"]) for row in csv.DictReader(f)}


def _runs(names: Iterable[str], ms: Iterable[int]) -> tuple[tuple[str, int], ...]:
    ms = tuple(ms)
    return tuple((name, m) for name in names for m in ms)


_SOLOMON_HEADLINE = [f"{c}{n}" for c in ("c", "r", "rc") for n in (101, 105, 201, 205)]
_SOLOMON_ALL = (
    [f"c1{n:02d}" for n in range(1, 10)]
    + [f"c2{n:02d}" for n in range(1, 9)]
    + [f"r1{n:02d}" for n in range(1, 13)]
    + [f"r2{n:02d}" for n in range(1, 12)]
    + [f"rc1{n:02d}" for n in range(1, 9)]
    + [f"rc2{n:02d}" for n in range(1, 9)]
)

# Routes enough to visit every customer: the ``v`` of each Solomon file's first line
# (Solomon's VRPTW fleet), so the optimum with that many is the total score (bks.csv,
# "m = v", the data README's section 4.3)
_FLEET = (
    dict.fromkeys([f"c1{n:02d}" for n in range(1, 10)], 10)
    | dict.fromkeys([f"c2{n:02d}" for n in range(1, 9)], 4)
    | dict(
        zip(
            [f"r1{n:02d}" for n in range(1, 13)],
            (19, 17, 13, 9, 14, 12, 10, 9, 11, 10, 10, 9),
            strict=True,
        )
    )
    | dict(
        zip([f"r2{n:02d}" for n in range(1, 12)], (4, 3, 3, 2, 3, 3, 2, 2, 3, 3, 2), strict=True)
    )
    | dict(zip([f"rc1{n:02d}" for n in range(1, 9)], (14, 12, 11, 10, 13, 11, 11, 10), strict=True))
    | dict(zip([f"rc2{n:02d}" for n in range(1, 9)], (4, 3, 3, 3, 4, 3, 3, 3), strict=True))
)

SETS: dict[str, tuple[tuple[str, int], ...]] = {
    "quick": (("c101", 1), ("r101", 1), ("rc101", 1), ("pr01", 2)),
    "headline": _runs(_SOLOMON_HEADLINE, [1])
    + _runs([f"pr{n:02d}" for n in range(1, 5)], range(1, 5)),
    "full": _runs(_SOLOMON_ALL, [1])
    + _runs([f"pr{n:02d}" for n in range(1, 21)], range(1, 5))
    + tuple((name, _FLEET[name]) for name in _SOLOMON_ALL),
}


def only(runs: Sequence[tuple[str, int]], prefixes: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """The runs whose instance name begins with one of ``prefixes`` (all if none)."""
    return tuple(run for run in runs if not prefixes or run[0].startswith(tuple(prefixes)))


# -- running and reporting -------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One benchmark run. ``score`` is None when the solver returned no solution;
    ``checked`` is "yes" (the route check passed), "no" (nothing to check) or "WRONG"."""

    family: str
    instance: str
    m: int
    score: int | None
    bks: int | None
    bound: int | None
    status: str
    seconds: float
    checked: str
    errors: tuple[str, ...] = ()

    @property
    def gap(self) -> float | None:
        """``(BKS - score) / BKS`` in percent; no solution counts as a score of 0."""
        if not self.bks:
            return None
        return 100.0 * (self.bks - (self.score or 0)) / self.bks


def run_instance(instance: Instance, m: int, bks: int | None, options: SolveOptions) -> Row:
    """Solve ``instance`` with ``m`` routes and check the answer independently."""
    from visitplanner.solver import solve  # here only: the route check never sees it

    problem = to_problem(instance, m)
    began = time.monotonic()
    solution = solve(problem, options)
    seconds = time.monotonic() - began
    if solution.status in ("infeasible", "unknown"):
        return Row(
            instance.family, instance.name, m, None, bks, None, solution.status, seconds, "no"
        )
    starts = {int(problem.tasks[t].id): choice.start for t, choice in solution.choices.items()}
    check = check_routes(instance, routes_from_starts(instance, starts), m)
    errors = check.errors
    if check.score != solution.value:
        errors += (f"solver says {solution.value}, the routes score {check.score}",)
    return Row(
        instance.family,
        instance.name,
        m,
        check.score,
        bks,
        solution.bound,
        solution.status,
        seconds,
        "WRONG" if errors else "yes",
        errors,
    )


CSV_COLUMNS = (
    "family",
    "instance",
    "m",
    "score",
    "BKS",
    "gap %",
    "proven bound",
    "status",
    "seconds",
    "checked",
)


def cells(row: Row) -> list[str]:
    def show(value: object) -> str:
        return "-" if value is None else str(value)

    gap = row.gap
    return [
        row.family,
        row.instance,
        str(row.m),
        show(row.score),
        show(row.bks),
        "-" if gap is None else f"{gap:.2f}",
        show(row.bound),
        row.status,
        f"{row.seconds:.1f}",
        row.checked,
    ]


def summary(rows: Sequence[Row]) -> list[str]:
    """Counts and the mean gap of a set of runs, one sentence per line."""
    gaps = [r.gap for r in rows if r.gap is not None]
    lines = [
        f"- runs: {len(rows)}; with a solution: {sum(r.score is not None for r in rows)}; "
        f"proven optimal: {sum(r.status == 'optimal' for r in rows)}; "
        f"at or above the BKS: {sum(r.gap is not None and r.gap <= 0 for r in rows)}",
        f"- WRONG (failed the route check): {sum(r.checked == 'WRONG' for r in rows)}; "
        f"infeasible: {sum(r.status == 'infeasible' for r in rows)}; "
        f"no solution in time (unknown): {sum(r.status == 'unknown' for r in rows)}",
    ]
    if gaps:
        lines.append(
            f"- mean gap to BKS: {sum(gaps) / len(gaps):.2f} % over {len(gaps)} runs "
            f"(a run without a solution counts as 100 %); worst {max(gaps):.2f} %"
        )
    return lines


def write_reports(
    rows: Sequence[Row], out: Path, stem: str, preamble: Sequence[str]
) -> tuple[Path, Path]:
    """Write ``<stem>.csv`` and ``<stem>.md`` (``preamble`` under its title) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    csv_path, md_path = out / f"{stem}.csv", out / f"{stem}.md"
    with csv_path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(cells(row) for row in rows)
    lines = [
        f"# OPTW/TOPTW benchmark: {stem}",
        "",
        *preamble,
        *summary(rows),
        "",
        markdown_table(CSV_COLUMNS, [cells(row) for row in rows]),
    ]
    wrong = [row for row in rows if row.errors]
    if wrong:
        lines.append("## Route check failures\n")
        lines += [f"- {r.instance} m={r.m}: {'; '.join(r.errors)}" for r in wrong]
    md_path.write_text("\n".join(lines) + "\n")
    return csv_path, md_path


def run_set(
    runs: Sequence[tuple[str, int]],
    data: Path,
    options: SolveOptions,
) -> Iterator[Row]:
    """Run every ``(instance, m)`` of ``runs``, one after the other."""
    bks = load_bks(data / "bks.csv")
    for name, m in runs:
        instance = parse_instance(data / f"{name}.txt")
        yield run_instance(instance, m, bks.get((name, m)), options)
