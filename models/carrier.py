"""Carriers (innovation spaces) by growth stage."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from models.common import utcnow
from models.enums import Accreditation, CarrierOrigin, Industry, Stage, sql_in


class CarrierBase(SQLModel):
    name_zh: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    stage: Stage = Field(sa_type=Text)
    operator: str = Field(default="", max_length=200)
    accreditation: Accreditation = Field(default=Accreditation.NONE, sa_type=Text)
    opened_on: date | None = None
    total_area_m2: float = Field(ge=0)
    workstations_total: int = Field(ge=0)
    focus_industry: Industry | None = Field(default=None, sa_type=Text)
    origin: CarrierOrigin = Field(default=CarrierOrigin.NEW, sa_type=Text)
    # WGS-84 location; an optional footprint polygon as WKT. The conversion project a
    # carrier came from is linked on ConversionProject.carrier_id (one source of truth).
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    footprint_wkt: str | None = Field(default=None, sa_type=Text)


class CarrierCreate(CarrierBase):
    """Input shape for a new carrier (park/belt are derived, never entered)."""


class CarrierUpdate(SQLModel):
    """Fields a manager may change; None means unchanged."""

    name_zh: str | None = None
    name_en: str | None = None
    address: str | None = None
    stage: Stage | None = None
    operator: str | None = None
    accreditation: Accreditation | None = None
    opened_on: date | None = None
    total_area_m2: float | None = None
    workstations_total: int | None = None
    focus_industry: Industry | None = None
    origin: CarrierOrigin | None = None
    lon: float | None = None
    lat: float | None = None


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
