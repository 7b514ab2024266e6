"""Builders for model tests: actors, valid input dicts, committed rows, row counts.

Every builder commits through the real service layer as the SYSTEM admin, so rows look
exactly like ones a user would have created.
"""

from __future__ import annotations

import itertools
import random
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from models.audit import AuditEvent
from models.carrier import Carrier
from models.conversion import ConversionProject
from models.credit_code import ALPHABET, check_character
from models.db import get_engine, migrate, session_scope
from models.enums import Role
from models.seed import ensure_zones
from models.services.carriers import create_carrier
from models.services.conversions import create_conversion
from models.services.core import SYSTEM, Actor
from models.services.tenants import create_tenant, move_in
from models.tenant import Tenancy, Tenant

# Points checked against the shipped zones: one in Shibei park only, one in the Suzhou
# River belt only, one far outside Jing'an (Minhang).
SHIBEI_POINT = (121.451, 31.300)
SZR_POINT = (121.466925, 31.242264)
OUTSIDE_POINT = (121.50, 31.10)

VIEWER = Actor(username="vera", role=Role.VIEWER)
MANAGER_IN = Actor(username="shibei_mgr", role=Role.MANAGER, zone_codes=frozenset({"shibei"}))
MANAGER_OUT = Actor(username="suhe_mgr", role=Role.MANAGER, zone_codes=frozenset({"belt_szr"}))
ADMIN = Actor(username="root", role=Role.ADMIN)

_rng = random.Random(42)
_serial = itertools.count(1)


def zoned_sqlite_url(path: Path) -> str:
    """A migrated SQLite database at ``path`` holding the reference zones."""
    url = f"sqlite:///{path}"
    migrate(url)
    with session_scope(get_engine(url)) as s:
        ensure_zones(s)
    return url


def new_credit_code() -> str:
    """A valid, practically unique Shanghai-style credit code."""
    body = "91310106" + "".join(_rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


def carrier_data(point: tuple[float, float] = SHIBEI_POINT, **over: Any) -> dict[str, Any]:
    """A valid carrier form at ``point``."""
    n = next(_serial)
    return {
        "name_zh": f"测试孵化器{n}",
        "name_en": f"Test Incubator {n}",
        "stage": "incubator",
        "total_area_m2": 5000.0,
        "workstations_total": 400,
        "lon": point[0],
        "lat": point[1],
        **over,
    }


def tenant_data(**over: Any) -> dict[str, Any]:
    """A valid tenant form with a fresh credit code."""
    n = next(_serial)
    return {
        "name": f"上海测试科技有限公司{n}",
        "credit_code": new_credit_code(),
        "industry": "ai",
        **over,
    }


def conversion_data(point: tuple[float, float] = SHIBEI_POINT, **over: Any) -> dict[str, Any]:
    """A valid conversion-project form at ``point``."""
    n = next(_serial)
    return {
        "name_zh": f"测试厂房改造{n}",
        "original_use": "old_factory",
        "lon": point[0],
        "lat": point[1],
        "floor_area_m2": 8000.0,
        "target_stage": "incubator",
        **over,
    }


def make_carrier(url: str, point: tuple[float, float] = SHIBEI_POINT, **over: Any) -> Carrier:
    with session_scope(get_engine(url)) as s:
        return create_carrier(s, actor=SYSTEM, data=carrier_data(point, **over))


def make_tenant(url: str, **over: Any) -> Tenant:
    with session_scope(get_engine(url)) as s:
        return create_tenant(s, actor=SYSTEM, data=tenant_data(**over))


def make_tenancy(url: str, tenant_id: int, carrier_id: int, **over: Any) -> Tenancy:
    data = {
        "tenant_id": tenant_id,
        "carrier_id": carrier_id,
        "area_m2": 100.0,
        "workstations": 8,
        "start_on": date(2025, 1, 1),
        **over,
    }
    with session_scope(get_engine(url)) as s:
        return move_in(s, actor=SYSTEM, data=data)


def make_conversion(
    url: str, point: tuple[float, float] = SHIBEI_POINT, **over: Any
) -> ConversionProject:
    with session_scope(get_engine(url)) as s:
        return create_conversion(
            s, actor=SYSTEM, data=conversion_data(point, **over), on=date(2025, 1, 1)
        )


def count(session: Session, model: type[Any]) -> int:
    """Rows of ``model`` as the database sees them now (a fresh query)."""
    return session.exec(select(func.count()).select_from(model)).one()


def audit_rows(url: str) -> int:
    with Session(get_engine(url)) as s:
        return count(s, AuditEvent)


def last_audit(url: str, entity: str, entity_id: int | None) -> AuditEvent:
    """The newest audit event for one record."""
    with Session(get_engine(url)) as s:
        row = s.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id.desc())  # type: ignore[union-attr]
        ).first()
    assert row is not None, f"no audit event for {entity} #{entity_id}"
    return row
