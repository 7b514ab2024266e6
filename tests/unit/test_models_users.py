"""Users: argon2-hashed passwords, login, growing delay after repeated failures, admin-only.

Runs on SQLite and PostgreSQL: the lockout compares stored timezone-aware datetimes,
which the two databases store differently.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from model_factories import ADMIN, MANAGER_IN, VIEWER
from sqlmodel import Session, select

from models.db import get_engine, session_scope
from models.enums import Role
from models.errors import PermissionDenied, ValidationFailed
from models.services.core import Actor
from models.services.users import authenticate, create_user
from models.settings import get_settings
from models.user import User

PASSWORD = "correct-horse-2026"
NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
LOGIN_REFUSED_ZH = "用户名或密码错误，或尝试过于频繁，请稍后再试"
LOGIN_REFUSED_EN = "Wrong username or password, or too many attempts; please try again later"


def _new_user(url: str, role: Role = Role.MANAGER, zones: tuple[str, ...] = ("shibei",)) -> str:
    name = f"user_{secrets.token_hex(4)}"
    with session_scope(get_engine(url)) as s:
        create_user(s, actor=ADMIN, username=name, password=PASSWORD, role=role, zone_codes=zones)
    return name


def _login(url: str, username: str, password: str, now: datetime) -> Actor:
    with Session(get_engine(url)) as s:
        actor = authenticate(s, username=username, password=password, now=now)
        s.commit()
        return actor


def _stored(url: str, username: str) -> User:
    with Session(get_engine(url)) as s:
        return s.exec(select(User).where(User.username == username)).one()


def test_password_is_stored_as_argon2_hash(db_url: str) -> None:
    name = _new_user(db_url)
    user = _stored(db_url, name)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_right_password_returns_actor_with_role_and_scope(db_url: str) -> None:
    name = _new_user(db_url, Role.MANAGER, ("shibei", "belt_mrr"))
    actor = _login(db_url, name, PASSWORD, NOW)
    assert actor.username == name
    assert actor.role == Role.MANAGER
    assert actor.zone_codes == frozenset({"shibei", "belt_mrr"})
    assert not actor.is_admin


def test_username_is_trimmed_at_login(db_url: str) -> None:
    name = _new_user(db_url, Role.VIEWER, ())
    assert _login(db_url, f"  {name} ", PASSWORD, NOW).role == Role.VIEWER


@pytest.mark.parametrize("password", ["wrong-password-1", "", PASSWORD.upper()])
def test_wrong_password_is_refused(db_url: str, password: str) -> None:
    name = _new_user(db_url)
    with pytest.raises(PermissionDenied) as info:
        _login(db_url, name, password, NOW)
    assert info.value.messages("en") == [LOGIN_REFUSED_EN]
    assert info.value.messages("zh") == [LOGIN_REFUSED_ZH]


def test_unknown_user_gets_the_same_message(db_url: str) -> None:
    with pytest.raises(PermissionDenied) as info:
        _login(db_url, "nobody_here", PASSWORD, NOW)
    assert info.value.messages("en") == [LOGIN_REFUSED_EN]


def test_inactive_user_cannot_log_in(db_url: str) -> None:
    name = _new_user(db_url)
    with session_scope(get_engine(db_url)) as s:
        user = s.exec(select(User).where(User.username == name)).one()
        user.is_active = False
        s.add(user)
    with pytest.raises(PermissionDenied):
        _login(db_url, name, PASSWORD, NOW)


def test_growing_delay_after_repeated_failures_then_unlock(db_url: str) -> None:
    settings = get_settings()
    name = _new_user(db_url)
    for _ in range(settings.max_failed_logins):
        with pytest.raises(PermissionDenied):
            _login(db_url, name, "not-the-password", NOW)
    # Throttled now, even with the right password, and the answer says nothing more.
    with pytest.raises(PermissionDenied) as info:
        _login(db_url, name, PASSWORD, NOW + timedelta(seconds=1))
    assert info.value.messages("en") == [LOGIN_REFUSED_EN]
    # Not a 15-minute lock: after the short delay the right password works again.
    actor = _login(db_url, name, PASSWORD, NOW + timedelta(seconds=2))
    assert actor.username == name
    stored = _stored(db_url, name)
    assert (stored.failed_logins, stored.locked_until) == (0, None)


def test_one_failure_short_of_the_limit_does_not_lock(db_url: str) -> None:
    limit = get_settings().max_failed_logins
    name = _new_user(db_url)
    for _ in range(limit - 1):
        with pytest.raises(PermissionDenied):
            _login(db_url, name, "nope-nope-nope", NOW)
    assert _login(db_url, name, PASSWORD, NOW).username == name
    # A success resets the count: another limit-1 failures still do not lock.
    for _ in range(limit - 1):
        with pytest.raises(PermissionDenied):
            _login(db_url, name, "nope-nope-nope", NOW)
    assert _login(db_url, name, PASSWORD, NOW).username == name


@pytest.mark.parametrize("actor", [MANAGER_IN, VIEWER], ids=["manager", "viewer"])
def test_non_admin_cannot_create_users(db_url: str, actor: Actor) -> None:
    name = f"sneaky_{secrets.token_hex(4)}"
    with pytest.raises(PermissionDenied) as info, session_scope(get_engine(db_url)) as s:
        create_user(s, actor=actor, username=name, password=PASSWORD, role=Role.ADMIN)
    assert info.value.messages("zh") == [f"用户“{actor.username}”无权新建该用户"]
    with Session(get_engine(db_url)) as s:
        assert s.exec(select(User).where(User.username == name)).first() is None


def test_short_password_and_taken_username_are_refused(db_url: str) -> None:
    name = _new_user(db_url)
    with pytest.raises(ValidationFailed) as info, session_scope(get_engine(db_url)) as s:
        create_user(s, actor=ADMIN, username=name, password="short", role=Role.VIEWER)
    assert info.value.messages("en") == [
        "Password must be at least 10 characters",
        f"Username “{name}” already exists",
    ]


def test_a_manager_without_any_scope_is_refused(db_url: str) -> None:
    """Such an account could edit nothing; the admin is told what is missing."""
    name = f"user_{secrets.token_hex(4)}"
    with pytest.raises(ValidationFailed) as caught, session_scope(get_engine(db_url)) as s:
        create_user(s, actor=ADMIN, username=name, password=PASSWORD, role=Role.MANAGER)
    assert caught.value.messages("zh") == ["园区管理员至少需要一个管理范围（园区 / 集聚带或载体）"]
    with Session(get_engine(db_url)) as s:
        assert s.exec(select(User).where(User.username == name)).first() is None
    # A viewer needs no scope.
    assert _new_user(db_url, Role.VIEWER, ())
