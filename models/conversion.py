"""Conversion projects: idle commercial buildings and old factories turned into space."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from models.common import utcnow
from models.enums import ConversionStatus, OriginalUse, Stage, sql_in
from models.validation import (
    AreaM2,
    Lat,
    Lon,
    MoneyMcny,
    Name200,
    OptFactDate,
    OptName200,
    OptPlanDate,
    OptWkt,
    Text300,
)


def _starts_identified(status: ConversionStatus) -> ConversionStatus:
    """A new project enters the pipeline at its start; later statuses are dated steps."""
    if status != ConversionStatus.IDENTIFIED:
        raise PydanticCustomError("err_status_initial", "must start as identified")
    return status


class ConversionBase(SQLModel):
    """Shared fields; their types (models.validation) carry every input rule."""

    name_zh: Name200 = Field(max_length=200)
    name_en: OptName200 = Field(default="", max_length=200)
    address: Text300 = Field(default="", max_length=300)
    original_use: OriginalUse = Field(sa_type=Text)
    lon: Lon
    lat: Lat
    footprint_wkt: OptWkt = Field(default=None, sa_type=Text)
    floor_area_m2: AreaM2
    target_stage: Stage = Field(sa_type=Text)
    investment_mcny: MoneyMcny = Field(default=0)
    planned_start: OptPlanDate = None
    planned_open: OptPlanDate = None
    actual_start: OptFactDate = None
    actual_open: OptFactDate = None


class ConversionCreate(ConversionBase):
    """Input shape for a new project: it always starts as "identified".

    Later statuses go through change_status, which dates each step in the history; a
    project created as "operating" would skip the chain and have no history.
    """

    status: Annotated[ConversionStatus, AfterValidator(_starts_identified)] = (
        ConversionStatus.IDENTIFIED
    )


class ConversionUpdate(SQLModel):
    """Descriptive fields with ConversionBase's types (status: change_status only)."""

    name_zh: Name200 | None = None
    name_en: OptName200 | None = None
    address: Text300 | None = None
    original_use: OriginalUse | None = None
    floor_area_m2: AreaM2 | None = None
    target_stage: Stage | None = None
    investment_mcny: MoneyMcny | None = None
    planned_start: OptPlanDate = None
    planned_open: OptPlanDate = None
    actual_start: OptFactDate = None
    actual_open: OptFactDate = None
    footprint_wkt: OptWkt = None


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
