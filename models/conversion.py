"""Conversion projects: idle commercial buildings and old factories turned into space."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from models.common import utcnow
from models.enums import ConversionStatus, OriginalUse, Stage, sql_in


class ConversionBase(SQLModel):
    name_zh: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    original_use: OriginalUse = Field(sa_type=Text)
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    footprint_wkt: str | None = Field(default=None, sa_type=Text)
    floor_area_m2: float = Field(ge=0)
    target_stage: Stage = Field(sa_type=Text)
    investment_mcny: float = Field(default=0, ge=0)
    planned_start: date | None = None
    planned_open: date | None = None
    actual_start: date | None = None
    actual_open: date | None = None


class ConversionCreate(ConversionBase):
    """Input shape for a new project (starts as identified unless given)."""

    status: ConversionStatus = ConversionStatus.IDENTIFIED


class ConversionUpdate(SQLModel):
    name_zh: str | None = None
    name_en: str | None = None
    address: str | None = None
    original_use: OriginalUse | None = None
    floor_area_m2: float | None = None
    target_stage: Stage | None = None
    investment_mcny: float | None = None
    planned_start: date | None = None
    planned_open: date | None = None
    actual_start: date | None = None
    actual_open: date | None = None


class ConversionProject(ConversionBase, table=True):
    __tablename__ = "conversionproject"
    __table_args__ = (
        CheckConstraint("floor_area_m2 >= 0", name="ck_conv_area"),
        CheckConstraint("investment_mcny >= 0", name="ck_conv_invest"),
        CheckConstraint(f"status IN {sql_in(ConversionStatus)}", name="ck_conv_status"),
        CheckConstraint(f"original_use IN {sql_in(OriginalUse)}", name="ck_conv_use"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Stored as plain text (validated on input by the Create/Update shapes and CHECKs).
    original_use: str = Field(sa_type=Text)  # type: ignore[assignment]
    target_stage: str = Field(sa_type=Text)  # type: ignore[assignment]
    status: str = Field(default=ConversionStatus.IDENTIFIED.value, sa_type=Text)
    # The carrier the project became once operating.
    carrier_id: int | None = Field(default=None, foreign_key="carrier.id")
    is_sample: bool = False
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=64)
    deleted_at: datetime | None = None


class ConversionStatusChange(SQLModel, table=True):
    """Dated status history, so an as-of view can replay the pipeline."""

    __tablename__ = "conversionstatuschange"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="conversionproject.id", index=True)
    status: str = Field(sa_type=Text)
    changed_on: date
    changed_by: str = Field(default="", max_length=64)
    note: str = Field(default="", max_length=500)
