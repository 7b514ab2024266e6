"""Audit trail and the cheap data-version counter used to invalidate caches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from models.common import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "auditevent"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    username: str = Field(max_length=64, index=True)
    action: str = Field(max_length=32)
    entity: str = Field(max_length=32, index=True)
    entity_id: int | None = None
    # JSON text of the changed fields before and after.
    before: str | None = Field(default=None, sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)
    reason: str = Field(default="", max_length=500)


class AppMeta(SQLModel, table=True):
    """Key/value facts about the data set: ``data_version``, ``sample_data``."""

    __tablename__ = "appmeta"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(default="", max_length=200)
