"""The OPTW benchmark harness (benchmarks/optw.py): the file parser, the distance rule,
the independent route check, one tiny instance solved through the problem layer with
its optimum worked out by hand; and the latency benchmark's byte-compiling. Fast:
nothing here runs a benchmark."""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # benchmarks/ is a package at the repo root, not installed

from benchmarks.optw import (  # noqa: E402
    DATA,
    SETS,
    Vertex,
    Visit,
    check_routes,
    distance,
    load_bks,
    only,
    parse_instance,
    routes_from_starts,
    run_instance,
)

from visitplanner.solver import SolveOptions  # noqa: E402

# Depot at the origin, Tmax 100; customers 1-3 on the x axis, 4 up the y axis, 5 too
# close to the depot to reach before its window closes. Solomon-style, so times x10.
TINY = """\
4 1 5 1
0 200
0 0.00 0.00 0.00 0.00 0 0 0 100
1 10.00 0.00 10.00 10.00 1 1 1 0 100
2 20.00 0.00 10.00 20.00 1 1 1 0 100
3 30.00 0.00 10.00 30.00 1 1 1 0 100
4 0.00 40.00 10.00 25.00 1 1 1 0 100
5 0.00 10.00 10.00 50.00 1 1 1 0 5
"""


@pytest.fixture
def tiny(tmp_path: Path):
    path = tmp_path / "tiny.txt"
    path.write_text(TINY)
    return parse_instance(path)


def test_parser_reads_a_solomon_file() -> None:
    c101 = parse_instance(DATA / "c101.txt")
    assert (c101.family, c101.scale, len(c101.vertices)) == ("solomon", 10, 101)
    assert c101.tmax == 12360
    # "1 45.00 68.00 90.00 10.00 1 1 1 912 967"
    assert c101.vertices[1] == Vertex(Fraction(45), Fraction(68), 900, 10, 9120, 9670)


def test_parser_reads_a_cordeau_file_with_crlf_and_a_visit_day_list() -> None:
    pr01 = parse_instance(DATA / "pr01.txt")
    assert (pr01.family, pr01.scale, len(pr01.vertices)) == ("cordeau", 100, 49)
    assert pr01.tmax == 100000
    # "1 -29.730 64.136 2 12 4 1 15 354 509": O and C are the last two tokens.
    assert pr01.vertices[1] == Vertex(
        Fraction("-29.730"), Fraction("64.136"), 200, 12, 35400, 50900
    )


def test_distance_is_the_floor_of_the_scaled_euclidean_distance() -> None:
    depot = Vertex(Fraction(40), Fraction(50), 0, 0, 0, 0)
    customer = Vertex(Fraction(45), Fraction(68), 0, 0, 0, 0)
    assert distance(depot, customer, 10) == 186  # 10 * sqrt(349) = 186.8
    origin = Vertex(Fraction(0), Fraction(0), 0, 0, 0, 0)
    near = Vertex(Fraction("0.29"), Fraction(0), 0, 0, 0, 0)
    assert distance(origin, near, 100) == 29  # in floats 100 * 0.29 = 28.999...
    corner = Vertex(Fraction(1), Fraction(1), 0, 0, 0, 0)
    assert distance(origin, corner, 100) == 141  # 100 * sqrt(2) = 141.4


def test_route_check_accepts_a_feasible_route_and_sums_its_scores(tiny) -> None:
    route = [Visit(1, 100), Visit(2, 300), Visit(3, 500)]
    check = check_routes(tiny, [route], m=1)
    assert check.ok and check.score == 60


def test_route_check_catches_a_late_arrival(tiny) -> None:
    # Customer 1 ends at 200 and customer 2 is 100 further: it cannot start at 250.
    check = check_routes(tiny, [[Visit(1, 100), Visit(2, 250)]], m=1)
    assert check.errors == ("route 0: customer 2 starts 250, arrives 300",)


def test_route_check_catches_a_repeated_customer_and_a_late_return(tiny) -> None:
    routes = [[Visit(1, 100)], [Visit(3, 300), Visit(1, 900)]]
    errors = check_routes(tiny, routes, m=2).errors
    assert "route 1: customer 1 visited again" in errors
    assert "route 1: back at the depot at 1100 > Tmax 1000" in errors


def test_route_check_catches_a_start_outside_the_window_and_too_many_routes(tiny) -> None:
    errors = check_routes(tiny, [[Visit(5, 100)], [Visit(4, 400)]], m=1).errors
    assert errors == ("2 routes, only 1 allowed", "route 0: customer 5 starts 100 outside [0, 50]")


def test_starts_on_the_problem_clock_split_into_routes(tiny) -> None:
    day = tiny.day_length  # 1001: route 1 starts at 1001
    routes = routes_from_starts(tiny, {3: 500, 1: 100, 4: day + 400})
    assert routes == [[Visit(1, 100), Visit(3, 500)], [Visit(4, 400)]]


@pytest.mark.parametrize(("m", "optimum"), [(1, 60), (2, 85)])
def test_tiny_instance_solved_through_the_problem_layer(tiny, m: int, optimum: int) -> None:
    """In file units. 1, 2, 3 in a row: arrive 10, 30, 50, each served 10, back at
    60 + 30 = 90 <= 100, scoring 10 + 20 + 30 = 60. Customer 4 (25) cannot join them:
    from 3 it is sqrt(30^2 + 40^2) = 50 away (60 + 50 > 100), from 1 sqrt(10^2 + 40^2)
    = 41.2 (20 + 41.2 + 10 + 40 > 100), and 4 before 1 ends at 50 + 41.2 + 10 + 10 > 100.
    Customer 5 (50) is 10 from the depot but closes at 5: never. So one route scores 60;
    with two, 4 alone (out 40, served 10, back 40: 90) adds 25: 85."""
    row = run_instance(tiny, m, optimum, SolveOptions(time_limit=5, workers=1, soft_phase=False))
    assert (row.score, row.status, row.checked, row.gap) == (optimum, "optimal", "yes", 0.0)


def test_only_keeps_the_runs_whose_instance_begins_so() -> None:
    # The full set: 56 Solomon instances with m = 1, pr01-pr20 with m = 1..4, then the
    # 56 Solomon instances again with as many routes as visit every customer. The 16 rc
    # instances (rc101-rc108, rc201-rc208) twice and pr01 with its 4 values of m: 36
    # runs, the last rc208 with its 3 routes.
    runs = only(SETS["full"], ["rc", "pr01"])
    assert len(runs) == 36
    assert runs[0] == ("rc101", 1) and runs[19] == ("pr01", 4) and runs[-1] == ("rc208", 3)
    assert only(SETS["quick"], []) == SETS["quick"]


def test_the_full_set_has_a_best_known_value_for_every_run() -> None:
    # 56 + 80 + 56 = 192 runs; the data README's bks.csv (copied into benchmarks/data)
    # has a value for each (the Gavalas rows, another format, are not in the set).
    assert len(SETS["full"]) == 192
    assert set(SETS["full"]) <= set(load_bks())


def test_the_every_customer_runs_use_the_files_fleet() -> None:
    # c101's first line is "4 10 100 1": v = 10 routes visit all 100 customers.
    for name in ("c101", "c105", "c201", "c205"):
        v = int((DATA / f"{name}.txt").read_text().split()[1])
        assert (name, v) in SETS["full"]


def test_the_latency_benchmark_times_the_package_byte_compiled() -> None:
    # As `pip install` leaves it: a module whose bytecode is missing has it again before
    # the first timed run, even where Python may not write it (PYTHONDONTWRITEBYTECODE).
    import importlib.util

    from benchmarks import latency

    import visitplanner.intervals

    cached = Path(importlib.util.cache_from_source(visitplanner.intervals.__file__))
    cached.unlink(missing_ok=True)
    latency.byte_compile()
    assert cached.exists()


def test_the_rates_benchmark_tallies_what_the_clock_charged(tiny) -> None:
    """``python -m benchmarks rates``: every search and charged step of a solve is
    tallied by kind, with the nominal seconds the clock was charged, so the report can
    say how many wall seconds a nominal second took on this machine."""
    from benchmarks.rates import recording, report

    from visitplanner.workclock import WorkClock

    with recording() as tallies:
        run_instance(tiny, 1, 60, SolveOptions(time_limit=5, workers=1, soft_phase=False))
    searches = [kind for kind in tallies if kind.startswith("search, ")]
    assert searches and all(tallies[k].count >= 1 and tallies[k].nominal > 0 for k in searches)
    assert "charged by _build" in tallies
    rows = report(tallies).splitlines()[2:]
    assert sorted(row.split(" | ")[0].removeprefix("| ") for row in rows) == sorted(tallies)
    assert WorkClock.solve.__name__ == "solve"  # put back once the recording ends
