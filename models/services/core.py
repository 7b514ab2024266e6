"""Shared machinery of the service layer: actors, permission, audit, version guard."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import Integer, String, cast, event, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, SQLModel, select

from models.audit import AppMeta, AuditEvent
from models.carrier import Carrier
from models.common import shanghai_time, utcnow
from models.enums import Role
from models.errors import Conflict, NotFound, PermissionDenied, problem

T = TypeVar("T", bound=SQLModel)


@dataclass(frozen=True)
class Actor:
    """Who is acting, with the scope a manager may edit."""

    username: str
    role: Role = Role.VIEWER
    zone_codes: frozenset[str] = field(default_factory=frozenset)
    carrier_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def may_edit_carrier(self, carrier: Carrier) -> bool:
        """Admin: always. Manager: carriers listed in, or lying in a zone of, their scope."""
        if self.is_admin:
            return True
        if self.role != Role.MANAGER:
            return False
        if carrier.id is not None and carrier.id in self.carrier_ids:
            return True
        zones = {carrier.park_code or ""} | set(filter(None, carrier.belt_codes.split(",")))
        return bool(zones & self.zone_codes)

    def may_edit_zones(self, park_code: str | None, belt_codes: Iterable[str]) -> bool:
        """Whether a manager's zone scope covers a location (used for new records)."""
        if self.is_admin:
            return True
        if self.role != Role.MANAGER:
            return False
        return bool(({park_code or ""} | set(belt_codes)) & self.zone_codes)


# The seed and migrations act as this account.
SYSTEM = Actor(username="system", role=Role.ADMIN)


def require(allowed: bool, *, actor: Actor, action: str, entity: str) -> None:
    """Raise PermissionDenied unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(
            [problem("err_permission", user=actor.username, action=action, entity=entity)]
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(obj: SQLModel, *, skip: Iterable[str] = ()) -> dict[str, Any]:
    """Plain dict of a row's fields for the audit trail."""
    skipped = set(skip) | {"created_at", "updated_at", "password_hash"}
    return {k: _jsonable(v) for k, v in obj.model_dump().items() if k not in skipped}


# Bookkeeping every write changes; the audit event itself records who and when.
_BOOKKEEPING = {"version", "updated_by", "updated_at", "reported_by", "reported_at"}


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields the user changed, as (before, after)."""
    keys = [k for k in after if k not in _BOOKKEEPING and before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def audit(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    """Write one audit event in the caller's transaction; the data version moves at commit."""
    session.add(
        AuditEvent(
            username=actor.username,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=json.dumps(before, ensure_ascii=False) if before is not None else None,
            after=json.dumps(after, ensure_ascii=False) if after is not None else None,
            reason=reason.strip()[:500],
        )
    )
    bump_data_version(session)


# session.info flag: this transaction changed data, bump the data version at commit.
_BUMP = "bump_data_version"


def bump_data_version(session: Session) -> None:
    """Mark the transaction as a data change: the version counter moves once, at commit.

    The counter is one row every writer shares. Updating it in the middle of a
    transaction holds its lock while the transaction goes on to lock more rows, and two
    overlapping multi-row saves then deadlock on PostgreSQL; so it is taken last, once
    per transaction, by the before_commit hook below.
    """
    session.info[_BUMP] = True


def _increment_data_version(session: Session) -> None:
    # One atomic UPDATE: a read-modify-write in Python would lose increments when two
    # transactions write at once (both read n, both write n + 1).
    result = session.execute(
        update(AppMeta)
        .where(AppMeta.key == "data_version")  # type: ignore[arg-type]
        .values(value=cast(cast(AppMeta.value, Integer) + 1, String))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        session.add(AppMeta(key="data_version", value="1"))
    session.flush()


@event.listens_for(OrmSession, "before_commit")
def _bump_at_commit(session: OrmSession) -> None:
    """Flush the transaction's own rows first, then touch the shared counter last."""
    # Releasing a savepoint fires this too; only the outermost commit may bump.
    if not session.in_nested_transaction() and session.info.pop(_BUMP, False):
        session.flush()
        _increment_data_version(session)  # type: ignore[arg-type]


@event.listens_for(OrmSession, "after_transaction_end")
def _forget_bump(session: OrmSession, transaction: SessionTransaction) -> None:
    # A rolled-back transaction changed nothing; the next one must not inherit its flag.
    if transaction.parent is None:
        session.info.pop(_BUMP, None)


def get_live(session: Session, model: type[T], obj_id: int, *, entity: str) -> T:
    """Load a row that exists and is not soft-deleted, or raise NotFound."""
    obj = session.get(model, obj_id)
    if obj is None or getattr(obj, "deleted_at", None) is not None:
        raise NotFound([problem("err_not_found", entity=entity, id=obj_id)])
    return obj


def guarded_update(
    session: Session,
    obj: Any,
    *,
    expected_version: int,
    values: dict[str, Any],
    actor: Actor,
) -> None:
    """UPDATE ... WHERE version = expected; a stale version is a Conflict, never a write.

    The WHERE clause makes the check atomic in the database, so two sessions that read
    the same version cannot both win, on SQLite and on PostgreSQL alike.
    """
    model = type(obj)
    if hasattr(model, "updated_at"):
        values = {**values, "updated_at": utcnow(), "updated_by": actor.username}
    stmt = (
        update(model)
        .where(model.id == obj.id, model.version == expected_version)
        .values(**values, version=model.version + 1)
    )
    result = session.execute(stmt)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(obj)
        raise Conflict(
            [
                problem(
                    "err_conflict",
                    by=getattr(obj, "updated_by", "") or "?",
                    at=format_shanghai_time(getattr(obj, "updated_at", None)),
                )
            ]
        )
    session.refresh(obj)


def format_shanghai_time(value: datetime | None) -> str:
    """Shanghai time: a manager told "changed at 06:12" when it was 14:12 distrusts it."""
    return shanghai_time(value).strftime("%Y-%m-%d %H:%M") if value else "?"


def meta_value(session: Session, key: str, default: str = "") -> str:
    """Read one AppMeta value."""
    row = session.exec(select(AppMeta).where(AppMeta.key == key)).first()
    return row.value if row else default


def set_meta(session: Session, key: str, value: str) -> None:
    """Write one AppMeta value."""
    row = session.get(AppMeta, key)
    if row is None:
        session.add(AppMeta(key=key, value=value))
    else:
        row.value = value
        session.add(row)


def audited_create(session: Session, obj: T, *, actor: Actor, entity: str, reason: str = "") -> T:
    """Insert a validated, permitted row and audit it whole, in the caller's transaction.

    One place for the add/flush/audit steps every create shares, so a rule added here
    holds for carriers, tenants, projects and grants alike.
    """
    session.add(obj)
    session.flush()  # assigns the id the audit event names
    audit(
        session,
        actor=actor,
        action="create",
        entity=entity,
        entity_id=getattr(obj, "id", None),
        after=snapshot(obj),
        reason=reason,
    )
    return obj


def audited_update(
    session: Session,
    obj: Any,
    *,
    actor: Actor,
    entity: str,
    expected_version: int,
    values: dict[str, Any],
    reason: str = "",
) -> None:
    """Version-guarded update plus an audit event holding only the changed fields."""
    before = snapshot(obj)
    guarded_update(session, obj, expected_version=expected_version, values=values, actor=actor)
    old, new = diff(before, snapshot(obj))
    audit(
        session,
        actor=actor,
        action="update",
        entity=entity,
        entity_id=obj.id,
        before=old,
        after=new,
        reason=reason,
    )


def soft_delete(
    session: Session,
    model: type[T],
    obj_id: int,
    *,
    actor: Actor,
    entity: str,
    expected_version: int,
    reason: str = "",
) -> None:
    """Admin-only soft delete: the row stays, marked deleted, with the full record audited."""
    obj = get_live(session, model, obj_id, entity=entity)
    require(actor.is_admin, actor=actor, action="delete", entity=entity)
    before = snapshot(obj)
    guarded_update(
        session,
        obj,
        expected_version=expected_version,
        values={"deleted_at": utcnow()},
        actor=actor,
    )
    audit(
        session,
        actor=actor,
        action="delete",
        entity=entity,
        entity_id=obj_id,
        before=before,
        reason=reason,
    )
