"""Parts of the hint heuristics' iterated local searches.

The shake schedule both share: how many tasks the search takes out of each route or
timetable in the next round, and from where. As in Vansteenwegen et al., C&OR 36 (2009)
3281: the run taken out grows by one each round without a better solution, back to one
past a third of the longest route; where it starts moves on by the run's length plus one
(plus a random 0 or 1, so that rounds do not repeat); a better solution starts over with
short runs.

The fill after a shake ranks tasks by ``insertion_rank``: value^2 per minute it costs,
times seeded noise, without which a greedy fill keeps rebuilding the same routes.

Annealing (``Shakes.accepts``): a round that ends worse than the solution it shook is
kept with a probability that falls as the work budget is spent, so the search can leave
a solution that every short shake leads back to (as in SAILS, Gunawan et al., C&OR 84
(2017) 1).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field


@dataclass
class Shakes:
    seed: int
    strength: int = 1  # tasks taken out of each route in a row
    offset: int = 0  # where the run starts, modulo the route's length
    stale: int = 0  # rounds since the last better solution
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def run(self, length: int) -> slice:
        """The positions to take out of a route of ``length`` movable tasks (> 0)."""
        begin = self.offset % length
        return slice(begin, begin + self.strength)

    def accepts(self, loss: int, scale: int, progress: float) -> bool:
        """Whether to go on from a solution worth ``loss`` less than the one shaken:
        always if it is no worse, else with probability exp(-loss / temperature), the
        temperature falling from ``TEMPERATURE`` x ``scale`` to 0 as ``progress`` (the share
        of the work budget spent) goes from 0 to 1."""
        if loss <= 0:
            return True
        temperature = TEMPERATURE * scale * (1.0 - progress)
        return temperature > 0 and self.rng.random() < math.exp(-loss / temperature)

    def next_round(self, better: bool, longest: int) -> None:
        """Move on after a round; ``longest``: the most tasks in a route now."""
        self.stale += 1
        if better:
            self.strength, self.stale = 0, 0
        self.offset += self.strength + 1 + self.rng.randrange(2)
        self.strength = self.strength + 1 if self.strength < max(1, longest // 3) else 1


# Of the best score: early on, a round 3 % worse is kept with probability 1/e. Route
# heuristic alone on eight hard OPTW runs, 6 million checks, seeds 0 and 1, mean gap to
# the BKS: 6.1 % never keeping a worse round, 4.7 % at 0.01 and 0.02, 4.5 % at 0.03,
# 5.4 % at 0.05 (docs/benchmarks.md, "The heuristic first solution")
TEMPERATURE = 0.03


def insertion_rank(value: int, cost: int, rng: random.Random) -> float:
    """How much a fill wants a task worth ``value`` that costs ``cost`` (minutes of
    route or of attendees' time): value^2 / cost, times 1 + ``NOISE`` x a seeded random
    number in [0, 1)."""
    return value * value / max(cost, 1) * (1.0 + NOISE * rng.random())


# With annealing, the route heuristic alone on the eight runs of TEMPERATURE (seeds 0
# and 1): mean gap 4.5 % without noise, 3.8 % at 0.2, 2.8 % at 0.5, 2.9 % at 1, 3.6 % at 2
NOISE = 0.5
