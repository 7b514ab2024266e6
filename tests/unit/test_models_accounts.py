"""Looking after accounts: role, scope, deactivation, password reset, and the saver recheck.

What an administrator would notice: a deactivated manager can no longer log in or save
from a tab left open, a reset password works at once and the old one does not, a second
admin's stale form conflicts instead of overwriting, and nobody can lock the district
out by deactivating or demoting themselves. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from model_factories import ADMIN, MANAGER_IN, last_audit, make_carrier
from sqlmodel import Session, select

from models.db import get_engine, session_scope
from models.enums import Role
from models.errors import Conflict, PermissionDenied, ValidationFailed
from models.services.accounts import recheck_actor, reset_password, update_user, user_scope
from models.services.core import Actor
from models.services.users import authenticate, create_user, start_login_session
from models.user import LoginSession, User

PASSWORD = "correct-horse-2026"
NOW = datetime.now(UTC)


def _new(url: str, role: Role = Role.MANAGER, zones: tuple[str, ...] = ("shibei",)) -> User:
    name = f"user_{secrets.token_hex(4)}"
    with session_scope(get_engine(url)) as s:
        user = create_user(
            s, actor=ADMIN, username=name, password=PASSWORD, role=role, zone_codes=zones
        )
        s.expunge(user)
    return user


def _update(
    url: str, user: User, actor: Actor = ADMIN, version: int | None = None, **changes: object
) -> User:
    with session_scope(get_engine(url)) as s:
        done = update_user(
            s,
            actor=actor,
            user_id=user.id or 0,
            expected_version=version if version is not None else user.version,
            changes=changes,
        )
        s.expunge(done)
        return done


def _login(url: str, username: str, password: str = PASSWORD) -> Actor:
    with Session(get_engine(url)) as s:
        return authenticate(s, username=username, password=password, now=NOW)


def _cookie(url: str, username: str) -> str:
    with session_scope(get_engine(url)) as s:
        cookie, _ = start_login_session(s, username=username, now=NOW)
    return cookie


def _recheck(url: str, actor: Actor, cookie: str | None) -> Actor:
    with Session(get_engine(url)) as s:
        return recheck_actor(s, actor=actor, cookie=cookie, now=NOW)


def test_role_and_scope_change_reach_the_next_login(db_url: str) -> None:
    user = _new(db_url)
    _update(db_url, user, role="manager", zone_codes=["belt_szr", "belt_mrr"])
    actor = _login(db_url, user.username)
    assert actor.zone_codes == frozenset({"belt_szr", "belt_mrr"})
    event = last_audit(db_url, "user", user.id)
    assert json.loads(event.before or "{}") == {"zones": ["shibei"]}
    assert json.loads(event.after or "{}") == {"zones": ["belt_mrr", "belt_szr"]}


def test_carrier_scope_is_kept_and_checked(db_url: str) -> None:
    carrier = make_carrier(db_url)
    user = _new(db_url)
    _update(db_url, user, zone_codes=[], carrier_ids=[carrier.id])
    with Session(get_engine(db_url)) as s:
        assert user_scope(s, user.id or 0) == ([], [carrier.id])
    with pytest.raises(ValidationFailed) as err:
        _update(db_url, user, version=user.version + 1, carrier_ids=[987654])
    assert "#987654" in err.value.messages("en")[0]


def test_manager_cannot_be_left_without_scope(db_url: str) -> None:
    user = _new(db_url)
    with pytest.raises(ValidationFailed) as err:
        _update(db_url, user, zone_codes=[])
    assert "scope" in err.value.messages("en")[0]
    # A viewer needs none: the scope is simply dropped along with the role.
    _update(db_url, user, role="viewer", zone_codes=[])
    assert _login(db_url, user.username).role == Role.VIEWER


def test_deactivated_account_cannot_log_in_nor_save_from_an_open_tab(db_url: str) -> None:
    user = _new(db_url)
    actor = _login(db_url, user.username)
    cookie = _cookie(db_url, user.username)
    assert _recheck(db_url, actor, cookie) == actor
    _update(db_url, user, is_active=False)
    with Session(get_engine(db_url)) as s:
        assert not s.exec(select(LoginSession).where(LoginSession.user_id == user.id)).all()
    with pytest.raises(PermissionDenied):
        _login(db_url, user.username)
    for sent in (cookie, None):  # the login cookie, and single sign-on (no cookie)
        with pytest.raises(PermissionDenied) as err:
            _recheck(db_url, actor, sent)
        assert "nothing was saved" in err.value.messages("en")[0]


def test_recheck_hands_back_the_role_of_today(db_url: str) -> None:
    user = _new(db_url)
    actor = _login(db_url, user.username)
    cookie = _cookie(db_url, user.username)
    _update(db_url, user, role="viewer", zone_codes=[])
    assert _recheck(db_url, actor, cookie).role == Role.VIEWER


def test_reactivated_account_logs_in_again(db_url: str) -> None:
    user = _new(db_url)
    done = _update(db_url, user, is_active=False)
    _update(db_url, done, is_active=True)
    assert _login(db_url, user.username).username == user.username


def test_password_reset_replaces_the_old_one_and_lifts_the_delay(db_url: str) -> None:
    user = _new(db_url)
    cookie = _cookie(db_url, user.username)
    with session_scope(get_engine(db_url)) as s:
        row = s.get(User, user.id)
        assert row is not None
        row.failed_logins, row.locked_until = 9, NOW + timedelta(minutes=15)
    with session_scope(get_engine(db_url)) as s:
        reset_password(
            s, actor=ADMIN, user_id=user.id or 0, expected_version=1, password="new-secret-2026"
        )
    assert _login(db_url, user.username, "new-secret-2026").username == user.username
    with pytest.raises(PermissionDenied):
        _login(db_url, user.username, PASSWORD)
    with pytest.raises(PermissionDenied):  # sessions started with the old password end
        _recheck(db_url, _login(db_url, user.username, "new-secret-2026"), cookie)
    event = last_audit(db_url, "user", user.id)
    assert "new-secret-2026" not in (event.after or "") and "argon2" not in (event.after or "")


def test_short_password_reset_is_refused(db_url: str) -> None:
    user = _new(db_url)
    with session_scope(get_engine(db_url)) as s, pytest.raises(ValidationFailed):
        reset_password(s, actor=ADMIN, user_id=user.id or 0, expected_version=1, password="short")
    assert _login(db_url, user.username).username == user.username


def test_stale_form_conflicts_and_names_who_changed_it(db_url: str) -> None:
    user = _new(db_url)
    other_admin = Actor(username="second_admin", role=Role.ADMIN)
    _update(db_url, user, actor=other_admin, display_name="张经理")
    with pytest.raises(Conflict) as err:
        _update(db_url, user, version=1, zone_codes=["belt_njw"])
    assert "second_admin" in err.value.messages("en")[0]
    with Session(get_engine(db_url)) as s:
        assert user_scope(s, user.id or 0) == (["shibei"], [])  # nothing of the stale save


@pytest.mark.parametrize("change", [{"is_active": False}, {"role": "viewer"}])
def test_admin_cannot_lock_themselves_out(db_url: str, change: dict[str, object]) -> None:
    me = _new(db_url, Role.ADMIN, ())
    with pytest.raises(ValidationFailed) as err:
        _update(db_url, me, actor=Actor(username=me.username, role=Role.ADMIN), **change)
    assert "another administrator" in err.value.messages("en")[0]


def test_only_admins_change_accounts(db_url: str) -> None:
    user = _new(db_url)
    with pytest.raises(PermissionDenied):
        _update(db_url, user, actor=MANAGER_IN, display_name="x")
    with session_scope(get_engine(db_url)) as s, pytest.raises(PermissionDenied):
        reset_password(
            s, actor=MANAGER_IN, user_id=user.id or 0, expected_version=1, password="x" * 12
        )


def test_bad_values_are_refused_together(db_url: str) -> None:
    user = _new(db_url)
    with pytest.raises(ValidationFailed) as err:
        _update(db_url, user, role="root", zone_codes=["nowhere"], display_name="a\x07b")
    assert len(err.value.problems) == 3


def test_bidi_overrides_in_a_display_name_are_refused(db_url: str) -> None:
    # "\u202eRLO-admin" reads as "nimda-OLR": a name could pass for another account.
    user = _new(db_url)
    with pytest.raises(ValidationFailed):
        _update(db_url, user, display_name="\u202eRLO-admin\u202c")
