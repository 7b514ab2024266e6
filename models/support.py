"""Fiscal support grants paid to tenants: the data behind the double-support rule.

The 2018 sci-tech policy says the same fiscal support fund must not be paid twice and
that support goes only to firms registered and taxed in the district. A free-text note
on the tenant cannot be checked; a grant row (tenant, fund, level, year, amount) can
(see :mod:`models.policy`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from models.common import shanghai_today, utcnow
from models.enums import sql_in
from models.validation import (
    MIN_DATE,
    Count,
    MoneyMcny,
    Name200,
    Note500,
    OptName200,
    RowId,
)


class SupportLevel(StrEnum):
    """Which government pays the fund."""

    NATIONAL = "national"
    MUNICIPAL = "municipal"
    DISTRICT = "district"


def grant_year(value: int) -> int:
    """A year a grant was paid: from 1949 to next year (budgets are voted a year ahead)."""
    latest = shanghai_today().year + 1
    if not MIN_DATE.year <= value <= latest:
        raise PydanticCustomError(
            "err_date_range", "year out of range", {"min": MIN_DATE.year, "max": latest}
        )
    return value


# Built from the shared rules: a 32-bit count (so PostgreSQL never overflows) in range.
GrantYear = Annotated[Count, AfterValidator(grant_year)]
# Amounts are in 10,000 CNY (万元). MoneyMcny's bound read in 万元 caps one grant at
# 10 billion CNY, which no district grant approaches: anything above is a typo.
Amount10kCny = MoneyMcny
# Above this a grant needs the person's confirmation: the sample's largest national grant
# is about 300 万元, and 50,000 万元 (typed as yuan, or with extra zeros) was saved with
# nothing but "saved" and moved the policy page's figures (user QA).
LARGE_GRANT_10K_CNY = 1_000.0


class SupportGrantBase(SQLModel):
    """Shared fields; their types (models.validation) carry every input rule."""

    tenant_id: RowId = Field(foreign_key="tenant.id", index=True)
    fund_name: Name200 = Field(max_length=200)
    # The fund's official code where it has one; "same fund" compares codes first.
    fund_code: OptName200 = Field(default="", max_length=200)
    level: SupportLevel = Field(sa_type=Text)
    year: GrantYear
    amount_10k_cny: Amount10kCny = Field(default=0)
    note: Note500 = Field(default="", max_length=500)


class SupportGrantCreate(SupportGrantBase):
    """Input shape for a new grant."""


class SupportGrantUpdate(SQLModel):
    """Editable fields with the Base's types; the tenant (whose grant it is) stays."""

    fund_name: Name200 | None = None
    fund_code: OptName200 | None = None
    level: SupportLevel | None = None
    year: GrantYear | None = None
    amount_10k_cny: Amount10kCny | None = None
    note: Note500 | None = None


class SupportGrant(SupportGrantBase, table=True):
    __table_args__ = (
        CheckConstraint(f"level IN {sql_in(SupportLevel)}", name="ck_supportgrant_level"),
        CheckConstraint("amount_10k_cny >= 0", name="ck_supportgrant_amount"),
        CheckConstraint("year >= 1949", name="ck_supportgrant_year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Stored as plain text (validated on input by the Create/Update shapes and CHECKs).
    level: str = Field(sa_type=Text)  # type: ignore[assignment]
    is_sample: bool = False
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=64)
    deleted_at: datetime | None = None
