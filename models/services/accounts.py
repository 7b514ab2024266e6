"""Looking after existing accounts: role, scope, deactivation and password resets.

Accounts are never deleted (the audit trail names them); a person who leaves is
*deactivated*. Deactivation and a password reset end every login session of the
account at once, and :func:`recheck_actor` makes every save check the saver's account
as it is now, so a browser tab left open by a deactivated or demoted manager cannot
keep writing with the rights it logged in with.

Two rules keep the district from locking itself out: an administrator cannot
deactivate or demote their own account, and a manager always keeps some scope.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from models.audit import AuditEvent
from models.carrier import Carrier
from models.enums import Role
from models.errors import Conflict, NotFound, PermissionDenied, ValidationFailed, problem
from models.services.core import (
    Actor,
    audit,
    format_shanghai_time,
    guarded_update,
    require,
    snapshot,
)
from models.services.location import unknown_zone_codes
from models.services.users import (
    ENTITY,
    actor_for_username,
    display_name_problems,
    hash_password,
    password_problems,
    resume_login_session,
)
from models.user import LoginSession, User, UserScope


def user_scope(session: Session, user_id: int) -> tuple[list[str], list[int]]:
    """A user's scope as (zone codes, carrier ids), each sorted."""
    rows = session.exec(select(UserScope).where(UserScope.user_id == user_id)).all()
    zones = sorted(r.zone_code for r in rows if r.zone_code)
    carriers = sorted(r.carrier_id for r in rows if r.carrier_id is not None)
    return zones, carriers


def account_rows(session: Session, *, now: datetime) -> list[dict[str, Any]]:
    """Every account with its scope and whether logins are being delayed right now.

    Two queries whatever the number of accounts (no query per user).
    """
    users = session.exec(select(User).order_by(col(User.id))).all()
    scopes = session.exec(select(UserScope).order_by(col(UserScope.id))).all()
    zones: dict[int, list[str]] = {}
    carriers: dict[int, list[int]] = {}
    for s in scopes:
        if s.zone_code:
            zones.setdefault(s.user_id, []).append(s.zone_code)
        elif s.carrier_id is not None:
            carriers.setdefault(s.user_id, []).append(s.carrier_id)
    return [
        {
            "id": u.id,
            "username": u.username,
            "display_name": u.display_name,
            "role": u.role,
            "zone_codes": sorted(zones.get(u.id or 0, [])),
            "carrier_ids": sorted(carriers.get(u.id or 0, [])),
            "is_active": u.is_active,
            "delayed_until": u.locked_until if u.locked_until and u.locked_until > now else None,
            "version": u.version,
        }
        for u in users
    ]


def _unknown_carriers(session: Session, ids: list[int]) -> list[str]:
    if not ids:
        return []
    live = set(
        session.exec(
            select(Carrier.id).where(col(Carrier.id).in_(ids), col(Carrier.deleted_at).is_(None))
        ).all()
    )
    return [str(i) for i in ids if i not in live]


def _conflict(session: Session, user_id: int) -> Conflict:
    """The conflict message, naming who last changed the account and when.

    Accounts carry no updated_by/updated_at columns; the audit trail knows.
    """
    last = session.exec(
        select(AuditEvent)
        .where(AuditEvent.entity == ENTITY, AuditEvent.entity_id == user_id)
        .order_by(col(AuditEvent.id).desc())
    ).first()
    by, at = (last.username, format_shanghai_time(last.at)) if last else ("?", "?")
    return Conflict([problem("err_conflict", by=by, at=at)])


def _guarded(
    session: Session, user: User, *, actor: Actor, expected_version: int, values: dict[str, Any]
) -> None:
    """The version-guarded update, its conflict naming who last changed the account."""
    try:
        guarded_update(session, user, expected_version=expected_version, values=values, actor=actor)
    except Conflict:
        raise _conflict(session, int(user.id or 0)) from None


def _end_sessions(session: Session, user_id: int) -> None:
    session.exec(delete(LoginSession).where(col(LoginSession.user_id) == user_id))


def update_user(
    session: Session,
    *,
    actor: Actor,
    user_id: int,
    expected_version: int,
    changes: dict[str, Any],
    reason: str = "",
) -> User:
    """Change an account's display name, role, active flag and scope (admins only).

    ``changes`` holds only what the admin changed: any of ``display_name``, ``role``,
    ``is_active``, ``zone_codes``, ``carrier_ids``. A deactivated account's login
    sessions end at once.
    """
    require(actor.is_admin, actor=actor, action="update", entity=ENTITY)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound([problem("err_not_found", entity=ENTITY, id=user_id)])
    unknown = set(changes) - {"display_name", "role", "is_active", "zone_codes", "carrier_ids"}
    if unknown:
        raise TypeError(f"update_user cannot change {sorted(unknown)}")  # a caller's bug
    zones, carriers = user_scope(session, user_id)
    new_zones = sorted({str(z) for z in changes.get("zone_codes", zones)})
    new_carriers = sorted({int(c) for c in changes.get("carrier_ids", carriers)})
    values: dict[str, Any] = {}
    problems = []
    if "display_name" in changes:
        values["display_name"] = str(changes["display_name"] or "").strip() or user.username
        problems += display_name_problems(values["display_name"])
    if "role" in changes:
        try:
            values["role"] = Role(changes["role"]).value
        except ValueError:
            problems.append(
                problem("err_unknown_value", field="role", value=str(changes["role"])[:40])
            )
    if "is_active" in changes:
        values["is_active"] = bool(changes["is_active"])
    role = Role(values.get("role", user.role)) if not problems else Role(user.role)
    if user.username == actor.username and (
        role != Role.ADMIN or not values.get("is_active", user.is_active)
    ):
        # The one admin who could undo it would be the one locked out.
        problems.append(problem("err_user_self"))
    problems += unknown_zone_codes(session, new_zones)
    problems += [
        problem("err_unknown_carrier", id=c) for c in _unknown_carriers(session, new_carriers)
    ]
    if role == Role.MANAGER and not new_zones and not new_carriers:
        problems.append(problem("err_manager_no_scope"))
    if problems:
        raise ValidationFailed(problems)
    before = snapshot(user) | {"zones": zones, "carriers": carriers}
    # The version moves even when only the scope changed: a second admin's stale form
    # must conflict on scope edits too.
    _guarded(session, user, actor=actor, expected_version=expected_version, values=values)
    if (new_zones, new_carriers) != (zones, carriers):
        session.exec(delete(UserScope).where(col(UserScope.user_id) == user_id))
        session.add_all([UserScope(user_id=user_id, zone_code=z) for z in new_zones])
        session.add_all([UserScope(user_id=user_id, carrier_id=c) for c in new_carriers])
    if not user.is_active:
        _end_sessions(session, user_id)
    after = snapshot(user) | {"zones": new_zones, "carriers": new_carriers}
    keys = [k for k in after if k != "version" and before.get(k) != after.get(k)]
    audit(
        session,
        actor=actor,
        action="update",
        entity=ENTITY,
        entity_id=user_id,
        before={k: before.get(k) for k in keys},
        after={k: after[k] for k in keys},
        reason=reason,
    )
    session.flush()
    return user


def reset_password(
    session: Session,
    *,
    actor: Actor,
    user_id: int,
    expected_version: int,
    password: str,
    reason: str = "",
) -> User:
    """Set a new password (admins only); it also lifts a login delay and ends sessions.

    The audit event says that the password was reset, never the password or its hash.
    """
    require(actor.is_admin, actor=actor, action="update", entity=ENTITY)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound([problem("err_not_found", entity=ENTITY, id=user_id)])
    if problems := password_problems(password):
        raise ValidationFailed(problems)
    values = {"password_hash": hash_password(password), "failed_logins": 0, "locked_until": None}
    _guarded(session, user, actor=actor, expected_version=expected_version, values=values)
    _end_sessions(session, user_id)
    audit(
        session,
        actor=actor,
        action="update",
        entity=ENTITY,
        entity_id=user_id,
        before={"password": "…"},
        after={"password": "reset"},
        reason=reason,
    )
    return user


def recheck_actor(session: Session, *, actor: Actor, cookie: str | None, now: datetime) -> Actor:
    """The saver's account as it is now: the role and scope it has today.

    With a login cookie, the login session must still exist (deactivation and password
    resets delete it); without one (single sign-on), the account must still be active.
    """
    if cookie:
        resumed = resume_login_session(session, cookie=cookie, now=now)
        fresh = resumed[0] if resumed is not None else None
    else:
        fresh = actor_for_username(session, username=actor.username)
    if fresh is None or fresh.username != actor.username:
        raise PermissionDenied([problem("err_login_ended")])
    return fresh
