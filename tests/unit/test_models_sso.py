"""Single sign-on identities map to registered, active users only."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from models.db import get_engine, session_scope
from models.enums import Role
from models.services.core import SYSTEM
from models.services.users import actor_for_username, create_user
from models.user import User
from tests.unit.model_factories import zoned_sqlite_url


def test_sso_identity_maps_to_a_registered_active_user(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "t.db")
    with session_scope(get_engine(url)) as session:
        create_user(
            session,
            actor=SYSTEM,
            username="li.wei@jingan.gov.cn",
            password="long-enough-pw",
            role=Role.MANAGER,
            zone_codes=["shibei"],
        )
    with session_scope(get_engine(url)) as session:
        actor = actor_for_username(session, username="li.wei@jingan.gov.cn")
        assert actor is not None and actor.role == Role.MANAGER
        assert actor.zone_codes == frozenset({"shibei"})
        assert actor_for_username(session, username="stranger@example.com") is None
        user = session.exec(select(User)).one()
        user.is_active = False
        session.add(user)
    with session_scope(get_engine(url)) as session:
        assert actor_for_username(session, username="li.wei@jingan.gov.cn") is None
