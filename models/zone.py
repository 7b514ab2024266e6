"""Zones: the district outline, Shibei park and the three cluster belts."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from models.enums import ZoneKind, sql_in


class ZoneBase(SQLModel):
    kind: str = Field(max_length=16)
    code: str = Field(max_length=32, unique=True, index=True)
    name_zh: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    theme_zh: str = Field(default="", max_length=200)
    theme_en: str = Field(default="", max_length=200)
    # WGS-84 polygon as WKT: portable text, no spatial extension needed.
    geometry_wkt: str = Field(sa_type=Text)


class Zone(ZoneBase, table=True):
    __table_args__ = (CheckConstraint(f"kind IN {sql_in(ZoneKind)}", name="ck_zone_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)
