"""A sample database whose every user-editable text field holds a script payload.

Used by tests/e2e/test_xss.py. Each field gets the same payload with its own tag, so a
test can tell which field is shown where: an ``<img onerror=alert>``, a template
expression ``{{7*7}}`` (must not become 49), backticks, ``${alert(1)}`` and a closing
``</script>``. Everything is written through the service layer, as a user would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models.carrier import Carrier
from models.credit_code import check_character
from models.db import get_engine, migrate, session_scope
from models.enums import ConversionStatus, Role
from models.seed import load_sample
from models.services.carriers import create_carrier
from models.services.conversions import change_status, create_conversion, link_carrier
from models.services.core import SYSTEM, set_meta
from models.services.support import create_grant
from models.services.tenants import create_tenant, graduate, move_in
from models.services.users import create_user

PAYLOAD = "<img src=x onerror=alert(1)>{{7*7}}`b`${alert(1)}</script>"
# Inside Shibei park, a little apart from the other hostile carrier of e2e_support.
LON, LAT = 121.4525, 31.3005
HOSTILE_USER, HOSTILE_PASSWORD = "xss_admin", "xss-admin-pass-2026"


def tagged(tag: str) -> str:
    """The payload for one field: ``[tag]`` first, so it is easy to find."""
    return f"[{tag}]{PAYLOAD}"


@dataclass
class HostileIds:
    """Ids of the records holding payloads."""

    carrier: int = 0
    accelerator: int = 0
    tenant: int = 0
    project: int = 0


def build(url: str) -> HostileIds:
    """Migrate ``url``, load the sample (ending 2026-10) and add the hostile records."""
    migrate(url)
    engine = get_engine(url)
    ids = HostileIds()
    with session_scope(engine) as s:
        load_sample(s, end_month=date(2026, 10, 1))
        set_meta(s, "seeded", "1")
    with session_scope(engine) as s:
        carrier = create_carrier(
            s,
            actor=SYSTEM,
            data={
                "name_zh": tagged("C-ZH"),
                "name_en": tagged("C-EN"),
                "address": tagged("C-ADDR"),
                "operator": tagged("C-OP"),
                "stage": "incubator",
                "lon": LON,
                "lat": LAT,
                "total_area_m2": 2000,
                "workstations_total": 100,
                "opened_on": date(2024, 1, 1),
            },
            reason=tagged("REASON"),
        )
        target = _accelerator(s)
        ids.carrier, ids.accelerator = int(carrier.id or 0), target
    with session_scope(engine) as s:
        body = "91310106MA1XY7001"
        tenant = create_tenant(
            s,
            actor=SYSTEM,
            data={
                "name": tagged("T-NAME"),
                "name_en": tagged("T-EN"),
                "credit_code": body + check_character(body),
                "industry": "ai",
                "fiscal_support_note": tagged("T-NOTE"),
                "registered_in_district": True,
            },
        )
        ids.tenant = int(tenant.id or 0)
        tenancy = move_in(
            s,
            actor=SYSTEM,
            data={
                "tenant_id": ids.tenant,
                "carrier_id": ids.carrier,
                "area_m2": 120.0,
                "workstations": 10,
                "start_on": date(2025, 3, 1),
            },
        )
        create_grant(
            s,
            actor=SYSTEM,
            data={
                "tenant_id": ids.tenant,
                "fund_name": tagged("G-FUND"),
                "fund_code": tagged("G-CODE"),
                "level": "district",
                "year": 2025,
                "amount_10k_cny": 20,
                "note": tagged("G-NOTE"),
            },
        )
    with session_scope(engine) as s:
        # This year's graduation puts the name on the chain page and the big screen.
        graduate(
            s,
            actor=SYSTEM,
            tenancy_id=int(tenancy.id or 0),
            expected_version=tenancy.version,
            to_carrier_id=ids.accelerator,
            on=date(2026, 10, 31),  # the newest graduation: first on the screen's list
            # No area: the sample's accelerators are let to the last square metre, and a
            # move-in may not rent more than a carrier holds (the payload is the name).
            area_m2=0.0,
            workstations=12,
        )
    with session_scope(engine) as s:
        project = create_conversion(
            s,
            actor=SYSTEM,
            data={
                "name_zh": tagged("P-ZH"),
                "name_en": tagged("P-EN"),
                "address": tagged("P-ADDR"),
                "original_use": "old_factory",
                "lon": LON + 0.001,
                "lat": LAT,
                "floor_area_m2": 9000.0,
                "target_stage": "incubator",
                # Long overdue: the big screen lists the late projects first.
                "planned_start": date(2019, 6, 1),
                "planned_open": date(2020, 1, 1),
            },
            on=date(2025, 1, 1),
        )
        ids.project = int(project.id or 0)
    with session_scope(engine) as s:
        change_status(
            s,
            actor=SYSTEM,
            project_id=ids.project,
            expected_version=1,
            status=ConversionStatus.UNDER_CONSTRUCTION,
            on=date(2026, 3, 1),
            note=tagged("P-NOTE"),
        )
    with session_scope(engine) as s:
        # Still under construction, years after its planned opening: first on the big
        # screen's list (late projects first), linked to the hostile carrier.
        link_carrier(
            s, actor=SYSTEM, project_id=ids.project, expected_version=2, carrier_id=ids.carrier
        )
    with session_scope(engine) as s:
        create_user(
            s,
            actor=SYSTEM,
            username=HOSTILE_USER,
            password=HOSTILE_PASSWORD,
            role=Role.ADMIN,
            display_name=tagged("U-NAME"),
        )
    return ids


def _accelerator(session: Session) -> int:
    """A live accelerator of the sample (the graduation's target)."""
    row = session.exec(
        select(Carrier)
        .where(Carrier.stage == "accelerator", col(Carrier.deleted_at).is_(None))
        .order_by(col(Carrier.id))
    ).first()
    assert row is not None and row.id is not None
    return int(row.id)
