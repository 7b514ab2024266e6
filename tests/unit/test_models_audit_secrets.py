"""The audit trail never holds a password hash, whoever reads it (the audit page shows it)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from models.audit import AuditEvent
from models.db import get_engine, session_scope
from models.enums import Role
from models.services.users import create_user
from tests.unit.model_factories import ADMIN, zoned_sqlite_url


def test_creating_a_user_audits_no_password_hash(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "t.db")
    password = "correct-horse-battery"
    with session_scope(get_engine(url)) as session:
        user = create_user(
            session,
            actor=ADMIN,
            username="auditee",
            password=password,
            role=Role.MANAGER,
            zone_codes=["shibei"],
        )
        stored_hash = user.password_hash
    with Session(get_engine(url)) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.entity == "user")).all()
    assert events, "creating a user wrote no audit event"
    for event in events:
        text = f"{event.before} {event.after} {event.reason}"
        assert "auditee" in text  # the event is about this user ...
        assert "password" not in text and stored_hash not in text  # ... without the secret
        assert "$argon2" not in text and password not in text
