"""Carriers (innovation spaces) by growth stage."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from models.common import utcnow
from models.enums import Accreditation, CarrierOrigin, OptIndustry, Stage, sql_in
from models.validation import (
    AreaM2,
    Count,
    Lat,
    Lon,
    Name200,
    OptCode32,
    OptFactDate,
    OptName200,
    OptWkt,
    Text200,
    Text300,
)


class CarrierBase(SQLModel):
    """Shared fields; their types (models.validation) carry every input rule."""

    name_zh: Name200 = Field(max_length=200)
    name_en: OptName200 = Field(default="", max_length=200)
    address: Text300 = Field(default="", max_length=300)
    stage: Stage = Field(sa_type=Text)
    operator: Text200 = Field(default="", max_length=200)
    accreditation: Accreditation = Field(default=Accreditation.NONE, sa_type=Text)
    opened_on: OptFactDate = None
    total_area_m2: AreaM2
    workstations_total: Count
    focus_industry: OptIndustry = Field(default=None, sa_type=Text)
    origin: CarrierOrigin = Field(default=CarrierOrigin.NEW, sa_type=Text)
    # WGS-84 location; an optional footprint polygon as WKT. The conversion project a
    # carrier came from is linked on ConversionProject.carrier_id (one source of truth).
    lon: Lon
    lat: Lat
    footprint_wkt: OptWkt = Field(default=None, sa_type=Text)
    # The carrier's own code (e.g. JA-0001): the stable key a spreadsheet import matches
    # rows by. Optional (older carriers have none); unique where set.
    code: OptCode32 = Field(default=None, max_length=32, unique=True, index=True)


class CarrierCreate(CarrierBase):
    """Input shape for a new carrier (park/belt are derived, never entered)."""


class CarrierUpdate(SQLModel):
    """Fields a manager may change, with the same types (hence rules) as CarrierBase.

    An omitted field is unchanged; None or an empty input clears an optional field
    (see models.services.parsing.parse_patch).
    """

    name_zh: Name200 | None = None
    name_en: OptName200 | None = None
    address: Text300 | None = None
    stage: Stage | None = None
    operator: Text200 | None = None
    accreditation: Accreditation | None = None
    opened_on: OptFactDate = None
    total_area_m2: AreaM2 | None = None
    workstations_total: Count | None = None
    focus_industry: OptIndustry = None
    origin: CarrierOrigin | None = None
    lon: Lon | None = None
    lat: Lat | None = None
    footprint_wkt: OptWkt = None
    code: OptCode32 = None


class Carrier(CarrierBase, table=True):
    __table_args__ = (
        CheckConstraint("total_area_m2 >= 0", name="ck_carrier_area"),
        CheckConstraint("workstations_total >= 0", name="ck_carrier_ws"),
        CheckConstraint(f"stage IN {sql_in(Stage)}", name="ck_carrier_stage"),
        CheckConstraint(f"origin IN {sql_in(CarrierOrigin)}", name="ck_carrier_origin"),
        CheckConstraint(f"accreditation IN {sql_in(Accreditation)}", name="ck_carrier_accr"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Stored as plain text (validated on input by the Create/Update shapes and CHECKs).
    stage: str = Field(sa_type=Text)  # type: ignore[assignment]
    accreditation: str = Field(default=Accreditation.NONE.value, sa_type=Text)  # type: ignore[assignment]
    focus_industry: str | None = Field(default=None, sa_type=Text)  # type: ignore[assignment]
    origin: str = Field(default=CarrierOrigin.NEW.value, sa_type=Text)  # type: ignore[assignment]
    # Derived spatially from lon/lat by the service layer.
    park_code: str | None = Field(default=None, max_length=32, index=True)
    belt_codes: str = Field(default="", max_length=200)
    is_sample: bool = False
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=64)
    deleted_at: datetime | None = None


class CarrierStageChange(SQLModel, table=True):
    """Dated stage history, so an as-of view shows a carrier's stage as it stood then.

    One row when a carrier is created (dated when it opened, or the day it was entered)
    and one each time its stage changes. The current stage stays on :class:`Carrier`;
    this table answers "which stage at the end of month M" (:mod:`models.stage_history`).
    """

    __tablename__ = "carrierstagechange"
    __table_args__ = (CheckConstraint(f"stage IN {sql_in(Stage)}", name="ck_stagechange_stage"),)

    id: int | None = Field(default=None, primary_key=True)
    carrier_id: int = Field(foreign_key="carrier.id", index=True)
    stage: str = Field(sa_type=Text)
    changed_on: date
    changed_by: str = Field(default="", max_length=64)


class CarrierSizeChange(SQLModel, table=True):
    """Dated size history, so a past month's rate divides by the area the carrier had then.

    Without it, cutting a carrier from 10,000 to 6,000 m² turned a past report of
    9,500 m² occupied into 158% (attack QA reproduced 102.4%). A row is written when a
    carrier is created and each time its area or workstations change; a carrier with
    no rows (created before migration 0009, never resized) keeps its current size for
    every month (:mod:`models.size_history`). The current size stays on :class:`Carrier`.
    """

    __tablename__ = "carriersizechange"

    id: int | None = Field(default=None, primary_key=True)
    carrier_id: int = Field(foreign_key="carrier.id", index=True)
    total_area_m2: float
    workstations_total: int
    changed_on: date
    changed_by: str = Field(default="", max_length=64)
