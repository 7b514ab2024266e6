"""Monthly occupancy reports: one per carrier and month, never overwritten silently."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
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
