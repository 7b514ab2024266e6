"""Monthly occupancy reports: one per carrier and month, never overwritten silently.

Also the plausibility rules of the monthly sheet: figures that are probably typing
mistakes, which the manager must confirm before they are saved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from models.common import utcnow


class OccupancyBase(SQLModel):
    carrier_id: int = Field(foreign_key="carrier.id", index=True)
    # First day of the month the figures describe.
    month: date = Field(index=True)
    occupied_area_m2: float = Field(ge=0)
    occupied_workstations: int = Field(default=0, ge=0)
    tenant_count: int = Field(default=0, ge=0)


class OccupancyCreate(OccupancyBase):
    """One row of a monthly update; ``version`` given when editing an existing report."""

    version: int | None = None


class OccupancyReport(OccupancyBase, table=True):
    __table_args__ = (
        UniqueConstraint("carrier_id", "month", name="uq_occupancy_carrier_month"),
        CheckConstraint("occupied_area_m2 >= 0", name="ck_occ_area"),
        CheckConstraint("occupied_workstations >= 0", name="ck_occ_ws"),
        CheckConstraint("tenant_count >= 0", name="ck_occ_tenants"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reported_by: str = Field(default="", max_length=64)
    reported_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1)
    # True when the manager ticked "same as last month": the figures are a deliberate
    # copy of the previous report, not numbers typed in for this month.
    confirmed_unchanged: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


# ------------------------------------------------------------------ plausibility

# A month-on-month change of the occupancy rate above this (as a fraction) is suspect.
MAX_RATE_JUMP = 0.30
# Occupied workstations falling below this share of last month's are suspect.
MIN_WS_KEPT = 0.5


@dataclass(frozen=True)
class Implausible:
    """One suspect figure: a catalogue key (``warn_*``) and its message parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


def occupancy_rate(occupied_area_m2: float | None, total_area_m2: float | None) -> float | None:
    """Occupied ÷ total area, or None when either is unknown or the total is not positive."""
    if occupied_area_m2 is None or total_area_m2 is None:
        return None
    if math.isnan(occupied_area_m2) or math.isnan(total_area_m2) or total_area_m2 <= 0:
        return None
    return occupied_area_m2 / total_area_m2


def implausible(
    *,
    total_area_m2: float,
    workstations_total: int,
    occupied_area_m2: float,
    occupied_workstations: int,
    tenant_count: int,
    prev_occupied_area_m2: float | None = None,
    prev_occupied_workstations: int | None = None,
) -> list[Implausible]:
    """The reasons a row of new figures looks like a mistake (empty when plausible).

    Rules: the rate moves by more than 30 percentage points from the previous report;
    more tenants than the carrier has workstations; occupied workstations fall by more
    than half. Rules that compare with last month are skipped when there is none.
    """
    found: list[Implausible] = []
    rate = occupancy_rate(occupied_area_m2, total_area_m2)
    prev_rate = occupancy_rate(prev_occupied_area_m2, total_area_m2)
    # Rounded, so exactly 30 points (0.8 - 0.5 = 0.30000000000000004) is not "more than".
    if (
        rate is not None
        and prev_rate is not None
        and round(abs(rate - prev_rate), 9) > MAX_RATE_JUMP
    ):
        found.append(
            Implausible(
                "warn_rate_jump",
                {"before": round(prev_rate * 100, 1), "after": round(rate * 100, 1)},
            )
        )
    # A carrier without workstations (offices let by area) has no such ceiling.
    if workstations_total > 0 and tenant_count > workstations_total:
        found.append(
            Implausible("warn_tenants_gt_ws", {"tenants": tenant_count, "ws": workstations_total})
        )
    if (
        prev_occupied_workstations
        and occupied_workstations < prev_occupied_workstations * MIN_WS_KEPT
    ):
        found.append(
            Implausible(
                "warn_ws_halved",
                {"before": prev_occupied_workstations, "after": occupied_workstations},
            )
        )
    return found
