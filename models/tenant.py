"""Tenants (enterprises) and their tenancies in carriers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.common import utcnow
from models.enums import ExitReason, Industry, sql_in
from models.validation import (
    AreaM2,
    Count,
    FactDate,
    Name200,
    Note500,
    OptFactDate,
    OptName200,
    RowId,
)


class TenantBase(SQLModel):
    """Shared fields; their types (models.validation) carry every input rule."""

    name: Name200 = Field(max_length=200)
    name_en: OptName200 = Field(default="", max_length=200)
    credit_code: str = Field(min_length=18, max_length=18)
    industry: Industry = Field(sa_type=Text)
    founded_on: OptFactDate = None
    registered_in_district: bool = False
    tax_in_district: bool = False
    high_tech_certified: bool = False
    # Support rules officials check: ≥ 5 years committed, no double fiscal support.
    five_year_commitment: bool = False
    fiscal_support_note: Note500 = Field(default="", max_length=500)
    employees: Count = Field(default=0)


class TenantCreate(TenantBase):
    """Input shape for a new tenant."""


class TenantUpdate(SQLModel):
    """Editable fields with TenantBase's types; the credit code (identity) is not one."""

    name: Name200 | None = None
    name_en: OptName200 | None = None
    industry: Industry | None = None
    founded_on: OptFactDate = None
    registered_in_district: bool | None = None
    tax_in_district: bool | None = None
    high_tech_certified: bool | None = None
    five_year_commitment: bool | None = None
    fiscal_support_note: Note500 | None = None
    employees: Count | None = None


class Tenant(TenantBase, table=True):
    __table_args__ = (
        UniqueConstraint("credit_code", name="uq_tenant_credit_code"),
        CheckConstraint("employees >= 0", name="ck_tenant_employees"),
        CheckConstraint(f"industry IN {sql_in(Industry)}", name="ck_tenant_industry"),
    )

    id: int | None = Field(default=None, primary_key=True)
    industry: str = Field(sa_type=Text)  # type: ignore[assignment]
    is_sample: bool = False
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=64)
    deleted_at: datetime | None = None


class TenancyBase(SQLModel):
    tenant_id: RowId = Field(foreign_key="tenant.id", index=True)
    carrier_id: RowId = Field(foreign_key="carrier.id", index=True)
    area_m2: AreaM2 = Field(default=0)
    workstations: Count = Field(default=0)
    start_on: FactDate
    end_on: OptFactDate = None
    exit_reason: ExitReason | None = Field(default=None, sa_type=Text)


class TenancyCreate(TenancyBase):
    """Input shape for a move-in."""


class Tenancy(TenancyBase, table=True):
    __table_args__ = (
        CheckConstraint("area_m2 >= 0", name="ck_tenancy_area"),
        CheckConstraint("workstations >= 0", name="ck_tenancy_ws"),
        CheckConstraint("end_on IS NULL OR end_on >= start_on", name="ck_tenancy_dates"),
        CheckConstraint(
            f"exit_reason IS NULL OR exit_reason IN {sql_in(ExitReason)}",
            name="ck_tenancy_exit",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    exit_reason: str | None = Field(default=None, sa_type=Text)  # type: ignore[assignment]
    # Indexed (migration 0008): "tenants now" counts open tenancies (end_on IS NULL),
    # which without it scanned every tenancy ever recorded.
    end_on: OptFactDate = Field(default=None, index=True)
    version: int = Field(default=1)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=64)
