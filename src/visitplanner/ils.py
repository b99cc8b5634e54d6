"""The shake schedule both hint heuristics share: how many tasks an iterated local search
takes out of each route or timetable in the next round, and from where.

As in Vansteenwegen et al., C&OR 36 (2009) 3281: the run taken out grows by one each
round without a better solution, back to one past a third of the longest route; where it
starts moves on by the run's length plus one (plus a random 0 or 1, so that rounds do not
repeat); a better solution starts over with short runs.
"""

from __future__ import annotations

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

    def next_round(self, better: bool, longest: int) -> None:
        """Move on after a round; ``longest``: the most tasks in a route now."""
        self.stale += 1
        if better:
            self.strength, self.stale = 0, 0
        self.offset += self.strength + 1 + self.rng.randrange(2)
        self.strength = self.strength + 1 if self.strength < max(1, longest // 3) else 1
