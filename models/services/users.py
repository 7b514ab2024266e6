"""Users: creation, password hashing (argon2), login with lockout, scopes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from models.enums import Role
from models.errors import PermissionDenied, ValidationFailed, problem
from models.services.core import Actor, audit, require, snapshot
from models.services.location import unknown_zone_codes
from models.settings import get_settings
from models.user import User, UserScope

ENTITY = "user"
_HASHER = PasswordHasher()
MIN_PASSWORD = 10


def create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    password: str,
    role: Role,
    display_name: str = "",
    zone_codes: Iterable[str] = (),
    carrier_ids: Iterable[int] = (),
    reason: str = "",
) -> User:
    """Create a user (admin only); the password is stored as an argon2 hash."""
    require(actor.is_admin, actor=actor, action="create", entity=ENTITY)
    username = username.strip()
    problems = []
    if not username:
        problems.append(problem("err_required", field="username"))
    if len(password) < MIN_PASSWORD:
        problems.append(problem("err_password_short"))
    if session.exec(select(User).where(User.username == username)).first():
        problems.append(problem("err_username_taken", value=username))
    problems += unknown_zone_codes(session, zone_codes)  # issue 7 §6: no scope on a typo
    if problems:
        raise ValidationFailed(problems)
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=_HASHER.hash(password),
        role=Role(role),
    )
    session.add(user)
    session.flush()
    for code in zone_codes:
        session.add(UserScope(user_id=user.id, zone_code=code))  # type: ignore[arg-type]
    for cid in carrier_ids:
        session.add(UserScope(user_id=user.id, carrier_id=cid))  # type: ignore[arg-type]
    session.flush()
    after = snapshot(user) | {
        "zones": sorted(zone_codes),
        "carriers": sorted(carrier_ids),
    }
    audit(
        session,
        actor=actor,
        action="create",
        entity=ENTITY,
        entity_id=user.id,
        after=after,
        reason=reason,
    )
    return user


def actor_for(session: Session, user: User) -> Actor:
    """The Actor (role and scope) of a stored user."""
    scopes = session.exec(select(UserScope).where(UserScope.user_id == user.id)).all()
    return Actor(
        username=user.username,
        role=Role(user.role),
        zone_codes=frozenset(s.zone_code for s in scopes if s.zone_code),
        carrier_ids=frozenset(s.carrier_id for s in scopes if s.carrier_id is not None),
    )


def authenticate(session: Session, *, username: str, password: str, now: datetime) -> Actor:
    """Check a password; repeated failures lock the account for a while.

    The one service function that commits on failure: the failure counter must survive
    the PermissionDenied that the caller's unit of work would otherwise roll back.
    """
    settings = get_settings()
    user = session.exec(select(User).where(User.username == username.strip())).first()
    if user is None or not user.is_active:
        # Hash anyway so timing does not reveal which usernames exist.
        _HASHER.hash(password)
        raise PermissionDenied([problem("err_login")])
    if user.locked_until is not None and user.locked_until > now:
        raise PermissionDenied([problem("err_locked", until=user.locked_until.strftime("%H:%M"))])
    try:
        _HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= settings.max_failed_logins:
            user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
            user.failed_logins = 0
        session.add(user)
        session.commit()
        raise PermissionDenied([problem("err_login")]) from None
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    return actor_for(session, user)


def actor_for_username(session: Session, *, username: str) -> Actor | None:
    """The Actor of an active stored user (single sign-on maps identities by username)."""
    user = session.exec(select(User).where(User.username == username.strip())).first()
    return actor_for(session, user) if user is not None and user.is_active else None
