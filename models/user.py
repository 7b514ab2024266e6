"""Users, roles, the scope a manager may edit, and server-side login sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from models.common import utcnow
from models.enums import Role, sql_in


class User(SQLModel, table=True):
    __table_args__ = (CheckConstraint(f"role IN {sql_in(Role)}", name="ck_user_role"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(default="", max_length=200)
    password_hash: str = Field(default="", max_length=300)
    role: str = Field(default=Role.VIEWER.value, sa_type=Text)
    is_active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)


class UserScope(SQLModel, table=True):
    """One scope entry: a zone code (all carriers in it) or a single carrier."""

    __tablename__ = "userscope"
    __table_args__ = (
        CheckConstraint("(zone_code IS NULL) <> (carrier_id IS NULL)", name="ck_scope_one_target"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    zone_code: str | None = Field(default=None, max_length=32)
    carrier_id: int | None = Field(default=None, foreign_key="carrier.id")


class LoginSession(SQLModel, table=True):
    """One signed-in browser: the login cookie names it, logout deletes it (revocation).

    Only a SHA-256 of the cookie's random token is stored, so a copy of the database
    does not hand out live logins.
    """

    __tablename__ = "login_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
