"""The plan as people read it: items with aware start and end times.

This is what the solver's integers become, what the checker inspects and what every
exporter writes out. It knows nothing of CP-SAT.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictInt

ItemKind = Literal["meeting", "fixed", "transfer", "lunch", "travel"]
# RFC 5545's INTEGER (a calendar's SEQUENCE) is a signed 32-bit number
MAX_SEQUENCE = 2**31 - 1
Status = Literal["optimal", "feasible", "infeasible", "unknown"]


class Item(BaseModel):
    """One thing on someone's calendar."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    id: str = Field(description="the brief's id; generated for lunch and travel items")
    kind: ItemKind
    title: str
    start: AwareDatetime
    end: AwareDatetime
    venue: str | None = Field(default=None, description="meetings and fixed events")
    from_: str | None = Field(default=None, alias="from", description="transfers and travel")
    to: str | None = Field(default=None, description="transfers and travel")
    option: str | None = Field(default=None, description="the chosen option's label")
    attendees: tuple[str, ...] = Field(description="ids of the participants actually there")
    sequence: StrictInt = Field(
        default=0, ge=0, le=MAX_SEQUENCE, description="calendar SEQUENCE, raised when it changes"
    )


class Unscheduled(BaseModel):
    """A meeting left out of the plan, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    reason: str


class Itinerary(BaseModel):
    """Every item of a visit plan, in time order, and the meetings left out."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    visit: str
    items: tuple[Item, ...]
    unscheduled: tuple[Unscheduled, ...] = ()
    revision: StrictInt = Field(
        default=0, ge=0, le=MAX_SEQUENCE, description="re-plans that led here; 0: a first plan"
    )

    def of(self, participant: str) -> list[Item]:
        """The items one participant attends, in time order."""
        return [item for item in self.items if participant in item.attendees]

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)
