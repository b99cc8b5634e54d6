"""What the terminal shows: the summary after planning and the progress line.

The summary reads the same hand-built story as tests/test_render.py (two people, three
days in Kazakhstan, two flights, the museum visit left out). The progress line is fed
lines copied from a real CP-SAT log, with a fake clock so that the rate limit is exact.
"""

from __future__ import annotations

import io

import night_shift
from test_render import BRIEF, MUSEUM_REASON, itinerary
from visitplanner.loader import parse_brief
from visitplanner.planner import Result
from visitplanner.terminal import ProgressLine, status_line, summary

# -- the summary ---------------------------------------------------------------------


def result(status: str = "optimal", objective: int | None = 50, bound: int | None = 50) -> Result:
    plan = itinerary() if objective is not None else None
    return Result(status, plan, objective, bound, 0, 2.04)  # type: ignore[arg-type]


def test_summary_of_the_story() -> None:
    """Travel: 09:40-09:50 (10 min), 07:20-07:50 (30), 10:45-11:30 (45), 17:05-17:45 (40)
    = 125 min = 2 h 05 min, each leg with 2 people: 4 h 10 min of person-travel."""
    text = summary(parse_brief(BRIEF), result())
    assert text == (
        "UMONS mission to Kazakhstan (kz-2027-04)\n"
        "Tuesday 13 to Thursday 15 April 2027; times in Asia/Almaty\n"
        "Status: optimal: priority 50, the best possible; solved in 2.0 s\n"
        "Meetings: 2 of 3 kept, 1 left out\n"
        "\n"
        "Day by day:\n"
        "  Tue 13 Apr  09:40-13:00          1 meeting, lunch 12:00\n"
        "  Wed 14 Apr  07:20-14:05          1 meeting, KC 951 09:00-10:45, lunch 13:05\n"
        "  Thu 15 Apr  17:05-12:40 (+1 day) TK 353 / TK 1937 via Istanbul 19:45-12:40 (+1 day)\n"
        "\n"
        "Travel: 4 legs, 2 h 05 min door to door (4 h 10 min summed over the people on them).\n"
        "\n"
        "Left out:\n"
        f"  - museum (priority 10): {MUSEUM_REASON}\n"
    )


def test_the_day_at_a_glance_marks_a_time_the_clocks_show_twice() -> None:
    """The night the clocks go back in Brussels: the first call at 02:15 (+02:00), the
    third ending at 03:45 (+01:00), which happens once. The day's span gives the first
    call's start with its offset, as the calendars and the printout do."""
    brief = parse_brief(night_shift.BRIEF)
    outcome = Result("optimal", night_shift.itinerary(brief), 0, 0, 0, 0.1)
    assert "  Sun 31 Oct  02:15 (+02:00)-03:45 3 fixed events" in summary(brief, outcome)


def test_status_gives_the_gap_when_not_proven_optimal() -> None:
    """Priority 45 found, 50 proven possible at most: gap 5, that is 10% of 50."""
    assert status_line(result("feasible", 45, 50)) == (
        "feasible: priority 45; at most 50 may be possible (gap 5, 10.0%); solved in 2.0 s"
    )
    assert status_line(result("feasible", 50, 50)) == (
        "feasible: priority 50, the best possible; the preferences (optional attendees, "
        "times, travel) not proven the best; solved in 2.0 s"
    )


def test_summary_without_an_itinerary() -> None:
    brief = parse_brief(BRIEF)
    infeasible = summary(brief, result("infeasible", None, None))
    assert "Status: infeasible; solved in 2.0 s\n" in infeasible
    assert infeasible.endswith("cannot all fit the rules.\n")
    assert "try a longer time limit" in summary(brief, result("unknown", None, None))


def test_summary_of_a_replan_lists_the_changes() -> None:
    from visitplanner.replan import Change

    moved = Change("kaznu-talks", "moved", "the Rector of KazNU is not available then")
    replanned = Result("optimal", itinerary(), 50, 50, 0, 1.0, changes=(moved,))
    text = summary(parse_brief(BRIEF), replanned)
    assert (
        "Changes since the previous plan:\n"
        "  - moved kaznu-talks: the Rector of KazNU is not available then\n"
        "\nLeft out:\n"
    ) in text


def test_summary_of_an_infeasible_plan_gives_the_explanation() -> None:
    from visitplanner.infeasibility import Explanation

    why = Explanation(False, ("ministry-talks is required", "the minister is away"))
    text = summary(
        parse_brief(BRIEF), Result("infeasible", None, None, None, None, 0.5, explanation=why)
    )
    assert text.endswith(
        "No itinerary. The brief is infeasible. These facts cannot all hold together:\n"
        "  - ministry-talks is required\n"
        "  - the minister is away\n"
    )


# -- the progress line ---------------------------------------------------------------

LOG = """\
#Phase priorities
Starting CP-SAT solver v9.15.6755
#Bound   0.50s best:-inf  next:[-0,550]   initial_domain
#1       0.87s best:420   next:[425,550]  main
#2       0.94s best:550   next:[]         main
#Done    0.94s main
#Phase preferences
Starting CP-SAT solver v9.15.6755
#Bound   0.48s best:-inf  next:[-14884,507] initial_domain
#1       0.70s best:-963  next:[-962,-44] main [hint]
"""


class Clock:
    """A clock that reads what the test sets."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_pipe_gets_at_most_one_line_per_second() -> None:
    """Updates at 0.0, 0.4, 0.8 and 1.2 s: lines at 0.0 and 1.2; 0.4 and 0.8 are held
    back and superseded. The update at 1.5 is held back and written by close()."""
    out, clock = io.StringIO(), Clock()
    progress = ProgressLine(out, tty=False, clock=clock)
    for now, best in ((0.0, 10), (0.4, 20), (0.8, 30), (1.2, 40), (1.5, 45)):
        clock.now = now
        progress.update(objective=best, bound=50)
    assert out.getvalue() == (
        "solving (priorities), best 10, bound 50, gap 80.0%, 0.0 s\n"
        "solving (priorities), best 40, bound 50, gap 20.0%, 1.2 s\n"
    )
    progress.close()
    assert out.getvalue().splitlines()[-1] == (
        "solving (priorities), best 45, bound 50, gap 10.0%, 1.5 s"
    )


def test_a_terminal_gets_one_line_rewritten_in_place() -> None:
    out, clock = io.StringIO(), Clock()
    with ProgressLine(out, tty=True, clock=clock) as progress:
        progress.update(objective=420, bound=550, elapsed=0.87)
        progress.update(objective=550, bound=550, elapsed=10.25)
    first = "solving (priorities), best 420, bound 550, gap 23.6%, 0.9 s"
    second = "solving (priorities), best 550, bound 550, gap 0.0%, 10.2 s"
    assert out.getvalue() == f"\r{first}\r{second}\n"


def test_a_shorter_line_blanks_the_end_of_the_longer_one() -> None:
    out = io.StringIO()
    progress = ProgressLine(out, tty=True)
    progress.update(objective=1, bound=1000, elapsed=100.0)
    progress.update(bound=1, elapsed=1.0)
    long, short = out.getvalue().split("\r")[1:]
    assert len(short) == len(long) and short.endswith(" ")


def test_quiet_writes_nothing() -> None:
    out = io.StringIO()
    with ProgressLine(out, quiet=True, tty=True) as progress:
        progress.update(objective=1, bound=2, elapsed=0.5)
        progress(LOG)
    assert out.getvalue() == ""


def test_reads_the_solver_log_phase_by_phase() -> None:
    """Maximising: the bound is the top of ``next``; ``next:[]`` means best = bound.
    ``#Phase preferences`` starts the preference phase, whose gap is not a percentage
    (the score may be negative): |-44 - -963| = 919."""
    progress = ProgressLine(io.StringIO(), tty=False)
    progress(LOG.split("#Done")[0])
    assert (progress.phase, progress.objective, progress.bound) == (0, 550, 550)
    progress(LOG.split("#Done")[1])
    assert (progress.phase, progress.objective, progress.bound) == (1, -963, -44)
    assert progress.text().startswith("solving (preferences), best -963, bound -44, gap 919,")


def test_the_neighbourhood_search_improves_the_priorities_within_their_phase() -> None:
    """The first search stops at 420 of at most 560; the large-neighbourhood search then
    finds 480 (its own searches are not logged, so their bounds, which are those of a
    part of the plan, never show), and the proof step shows nothing beats it. Still the
    priority phase."""
    progress = ProgressLine(io.StringIO(), tty=False)
    progress(
        "#Phase priorities\n"
        "Starting CP-SAT solver v9.15.6755\n"
        "#1       0.87s best:420   next:[421,560]  main\n"
        "#Done    2.00s main\n"
        "#LNS 2.10s best:480\n"
    )
    assert (progress.phase, progress.objective, progress.bound) == (0, 480, 560)
    progress("#LNS 3.00s best:480 next:[]\n")  # the proof: nothing beats 480
    assert (progress.phase, progress.objective, progress.bound) == (0, 480, 480)


def test_a_plan_with_nothing_to_gain_shows_a_bound_of_0() -> None:
    """No meeting can fit, so the solver's first bound is the interval ``[-0,-0]``: the
    line says ``bound 0``, never ``bound -0``; likewise a best of -0.0 and a preference
    score that rounds to zero from below."""
    progress = ProgressLine(io.StringIO(), tty=False, clock=Clock())
    progress("#Phase priorities\n#Bound   0.05s best:-inf  next:[-0,-0]   initial_domain\n")
    assert progress.text() == "solving (priorities), bound 0, 0.0 s"
    progress.update(objective=-0.0, elapsed=0.1)
    assert progress.text() == "solving (priorities), best 0, bound 0, gap 0, 0.1 s"
    progress.update(objective=-0.001, bound=0.5, elapsed=0.2)
    assert progress.text().startswith("solving (priorities), best 0.00, bound 0.50,")


def test_the_bound_without_travel_lowers_the_bound_shown() -> None:
    """After the first search (420 of at most 560), the pairwise form of travel can keep
    at most 500 (``solver.pairs_bound``): the line shows that bound at once."""
    progress = ProgressLine(io.StringIO(), tty=False)
    progress("#Phase priorities\n#1       0.87s best:420   next:[421,560]  main\n")
    progress("#Bound 1.50s best:420 next:[421,500] pairwise\n")
    assert (progress.objective, progress.bound) == (420, 500)


def test_a_real_stream_that_is_not_a_terminal() -> None:
    """Default detection: a StringIO is not a TTY."""
    assert ProgressLine(io.StringIO()).tty is False


def test_the_solvers_log_has_one_phase_line_per_objective() -> None:
    """A 100-request brief in 4 s: the first search does not prove its plan, so the
    large-neighbourhood search runs (several small CP-SAT searches). The progress line
    still sees two phases, priorities then preferences, and ends on the preferences."""
    from benchmarks.scale import generate

    from visitplanner.compile import compile_brief
    from visitplanner.solver import SolveOptions, solve

    lines: list[str] = []
    progress = ProgressLine(io.StringIO(), tty=False)

    def log(text: str) -> None:
        lines.extend(text.splitlines())
        progress(text)

    problem = compile_brief(parse_brief(generate(100))).problem
    solution = solve(problem, SolveOptions(time_limit=4, log=log))
    assert [line for line in lines if line.startswith("#Phase")] == [
        "#Phase priorities",
        "#Phase preferences",
    ]
    # Phase 1 logs its first search (and its second try, if the first stopped before any
    # plan), never the neighbourhood search's many small ones; phase 2 is one search.
    second = lines.index("#Phase preferences")
    assert 1 <= sum(line.startswith("Starting CP-SAT") for line in lines[:second]) <= 2
    assert sum(line.startswith("Starting CP-SAT") for line in lines[second:]) == 1
    found = [int(line.split("best:")[1].split()[0]) for line in lines if line.startswith("#LNS")]
    if found:  # a better plan (on a quiet machine: 2853; under load the clock may stop it)
        assert found == sorted(found) and found[-1] == solution.value
    assert progress.phase == 1


def test_a_pipe_gets_each_phases_last_state() -> None:
    """Phase 1's search ends with a proof, 60 of 60, 0.3 s after a line that said bound
    80: the rate limit holds that state back, and the next phase would have dropped it;
    it is written as the preferences start (the solver logs each phase's end: #Done)."""
    out, clock = io.StringIO(), Clock()
    progress = ProgressLine(out, tty=False, clock=clock)
    progress("#Phase priorities")
    progress("#Bound  0.01s best:-inf  next:[-0,80] initial_domain")
    clock.now = 0.3
    progress("#Done 0.30s best:60 next:[]")
    progress("#Phase preferences")
    assert out.getvalue().splitlines() == [
        "solving (priorities), bound 80, 0.0 s",
        "solving (priorities), best 60, bound 60, gap 0.0%, 0.3 s",
    ]
