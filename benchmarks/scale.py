"""Scale curve: realistic delegation briefs of 25 to 400 meeting requests.

``generate(requests, seed)`` writes a brief like a protocol office would: a delegation
of a few travellers visiting one to three cities over a working week (a stay per night,
a flight with three options between cities), hosts who each belong to one institution
and are often free only part of the week, venues with coordinates and opening hours,
and more requests than the week can hold. ``python -m benchmarks scale`` plans each size
at several time limits in a fresh process and reports the priority kept, the proven
bound, the gap, the time to a first plan and the peak memory.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SIZES = (25, 50, 100, 200, 400)
LIMITS = (10.0, 30.0, 60.0)
CITIES = (
    ("Astana", (51.128, 71.430)),
    ("Almaty", (43.238, 76.946)),
    ("Shymkent", (42.317, 69.590)),
)
DAYS = ("2027-04-12", "2027-04-13", "2027-04-14", "2027-04-15", "2027-04-16")


def generate(requests: int, seed: int = 1) -> str:
    """The YAML text of a brief with ``requests`` meeting requests."""
    rnd = random.Random(seed * 1000 + requests)
    cities = CITIES[: 1 + min(2, requests // 50)]
    travellers = [f"delegate-{i}" for i in range(3 + min(3, requests // 100))]
    lines = [
        "visit:",
        f"  id: scale-{requests}",
        f"  title: Generated visit with {requests} requests",
        "  timezone: Asia/Almaty",
        f"  start: {DAYS[0]}",
        f"  end: {DAYS[-1]}",
        "  holidays: KZ",
        "  day: {start: 08:30, end: 18:30}",
        "  lunch: {earliest: 12:00, latest: 14:30, minutes: 60}",
        "  buffer_minutes: 10",
        "  max_meetings_per_day: 5",
        "participants:",
    ]
    lines += [f"  - {{id: {t}, name: Delegate {t[-1]}, travels: true}}" for t in travellers]
    # Which days the delegation spends in which city: a contiguous block per city.
    blocks = _split(len(DAYS), len(cities))
    city_of_day = [name for (name, _), n in zip(cities, blocks, strict=True) for _ in range(n)]
    venues: list[str] = []
    hosts: list[tuple[str, str]] = []  # (host id, venue id)
    for name, (lat, lon) in cities:
        key = name.lower()
        venues.append(
            f"  - {{id: hotel-{key}, name: Hotel {name}, kind: hotel, city: {name}, "
            f"location: [{lat:.4f}, {lon:.4f}]}}"
        )
        venues.append(
            f"  - {{id: airport-{key}, name: {name} airport, kind: airport, city: {name}, "
            f"location: [{lat - 0.08:.4f}, {lon + 0.03:.4f}]}}"
        )
        for v in range(max(3, requests // (5 * len(cities)))):
            vid = f"{key}-inst-{v}"
            venues.append(
                f"  - {{id: {vid}, name: Institution {v} of {name}, city: {name}, "
                f"location: [{lat + rnd.uniform(-0.06, 0.06):.4f}, "
                f"{lon + rnd.uniform(-0.08, 0.08):.4f}], open: {{mon-fri: 09:00-18:00}}}}"
            )
            for h in range(2):
                hosts.append((f"{vid}-host-{h}", vid))
    for host, vid in hosts:
        city = vid.split("-inst-")[0]
        days = [d for d, c in zip(DAYS, city_of_day, strict=True) if c.lower() == city]
        if rnd.random() < 0.4 and days:
            day = rnd.choice(days)
            start = rnd.choice(("09:00", "10:00", "13:00", "14:00"))
            end = {"09:00": "12:00", "10:00": "13:00", "13:00": "16:00", "14:00": "18:00"}[start]
            lines.append(
                f"  - {{id: {host}, name: Host {host}, available: "
                f"[{{start: {day} {start}, end: {day} {end}}}]}}"
            )
        else:
            lines.append(f"  - {{id: {host}, name: Host {host}}}")
    lines.append("venues:")
    lines += venues
    lines.append("stays:")
    for i, (name, _) in enumerate(cities):
        first = sum(blocks[:i])
        nights = [_night(first + k) for k in range(blocks[i]) if first + k < len(DAYS) - 1]
        if i == 0:
            nights.insert(0, "2027-04-11")
        if nights:
            lines.append(f"  - {{venue: hotel-{name.lower()}, nights: [{', '.join(nights)}]}}")
    if len(cities) > 1:
        lines.append("transfers:")
    for i in range(len(cities) - 1):
        here, there = cities[i][0].lower(), cities[i + 1][0].lower()
        day = DAYS[sum(blocks[: i + 1])]
        lines += [
            f"  - id: flight-{here}-{there}",
            f"    title: Flight {cities[i][0]} to {cities[i + 1][0]}",
            f"    from: airport-{here}",
            f"    to: airport-{there}",
            f"    attendees: [{', '.join(travellers)}]",
            "    check_in_minutes: 60",
            "    options:",
            f"      - {{label: EARLY, depart: {day} 07:00, arrive: {day} 08:40}}",
            f"      - {{label: MIDDAY, depart: {day} 15:00, arrive: {day} 16:40}}",
            f"      - {{label: EVENING, depart: {day} 19:00, arrive: {day} 20:40}}",
        ]
    lines.append("meetings:")
    for m in range(requests):
        host, vid = rnd.choice(hosts)
        who = rnd.sample(travellers, rnd.randint(1, min(3, len(travellers))))
        minutes = rnd.choice((30, 45, 60, 60, 90, 120))
        priority = rnd.randint(5, 100)
        lines.append(
            f"  - {{id: request-{m}, title: Request {m}, venue: {vid}, "
            f"attendees: [{', '.join([*who, host])}], minutes: {minutes}, "
            f"priority: {priority}}}"
        )
    return "\n".join(lines) + "\n"


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _night(index: int) -> str:
    return DAYS[index]


@dataclass(frozen=True)
class Point:
    requests: int
    seed: int  # of the generated brief
    limit: float
    status: str
    value: int
    bound: int
    first_plan_seconds: float | None
    seconds: float
    peak_rss_mb: float

    @property
    def gap(self) -> float:
        return 100.0 * (self.bound - self.value) / self.bound if self.bound else 0.0


def measure(brief_path: Path, limit: float, workers: int = 1) -> dict[str, object]:
    """Plan one brief (phase 1, the priorities) in this process; what ``Point`` needs."""
    from visitplanner.compile import compile_brief
    from visitplanner.loader import load_brief
    from visitplanner.solver import SolveOptions, solve

    began = time.monotonic()
    first: list[float] = []

    def log(text: str) -> None:
        if not first and any(line.startswith("#1 ") for line in text.splitlines()):
            first.append(time.monotonic() - began)

    problem = compile_brief(load_brief(brief_path)).problem
    options = SolveOptions(time_limit=limit, soft_phase=False, workers=workers, log=log)
    solution = solve(problem, options)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "status": solution.status,
        "value": solution.value,
        "bound": solution.bound,
        "first_plan_seconds": first[0] if first else None,
        "seconds": time.monotonic() - began,
        "peak_rss_mb": peak_kb / 1024,
    }


def run_curve(
    out: Path,
    sizes: tuple[int, ...] = SIZES,
    limits: tuple[float, ...] = LIMITS,
    seeds: tuple[int, ...] = (1,),
    workers: int = 1,
) -> list[Point]:
    """Every size, brief seed and limit, each in a fresh process (so peak memory is its
    own) with ``workers`` search workers. One brief per size says little about the next:
    of six 50-request briefs, one was proven optimal within 10 s."""
    out.mkdir(parents=True, exist_ok=True)
    points = []
    for requests, seed in ((n, s) for n in sizes for s in seeds):
        path = out / f"scale-{requests}-{seed}.yaml"
        path.write_text(generate(requests, seed), encoding="utf-8")
        for limit in limits:
            done = subprocess.run(
                [
                    *(sys.executable, "-m", "benchmarks.scale", "--measure"),
                    *(str(path), str(limit), str(workers)),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            data = json.loads(done.stdout.strip().splitlines()[-1])
            point = Point(requests=requests, seed=seed, limit=limit, **data)  # type: ignore[arg-type]
            points.append(point)
            print(_row(point), flush=True)
    (out / "scale.md").write_text(_report(points), encoding="utf-8")
    return points


def _row(p: Point) -> str:
    first = f"{p.first_plan_seconds:.2f}" if p.first_plan_seconds is not None else "-"
    return (
        f"| {p.requests} | {p.seed} | {p.limit:g} | {p.status} | {p.value} | {p.bound} | "
        f"{p.gap:.1f} | {first} | {p.seconds:.1f} | {p.peak_rss_mb:.0f} |"
    )


def _report(points: list[Point]) -> str:
    head = (
        "| requests | brief seed | limit s | status | priority kept | proven bound | gap % | "
        "first plan s | wall s | peak RSS MB |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    )
    return head + "\n".join(_row(p) for p in points) + "\n"


if __name__ == "__main__":  # one measurement, in the fresh process run_curve starts
    print(json.dumps(measure(Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))))
