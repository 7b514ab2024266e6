"""Load reference zones and the generated sample data into a database.

Zones (district, Shibei park, belts) are reference geography and always present. The
sample data set (carriers, tenants, reports, conversions, demo users) is flagged
``is_sample`` and recorded in AppMeta so every page can show the sample-data badge; it is
loaded as one audited "seed" event and cleared the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, update
from sqlmodel import Session, col, select

from models.audit import AuditEvent
from models.carrier import Carrier, CarrierSizeChange, CarrierStageChange
from models.conversion import ConversionProject, ConversionStatusChange
from models.enums import Role
from models.occupancy import OccupancyReport
from models.services.core import SYSTEM, audit, meta_value, set_meta
from models.services.users import create_user
from models.support import SupportGrant
from models.tenant import Tenancy, Tenant
from models.user import User, UserScope
from models.validation import MIN_DATE
from models.zone import Zone


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: Role
    zone_codes: tuple[str, ...] = ()
    display_name: str = ""


# Demo-only accounts, documented in README; printed by `manage.py seed`.
DEMO_USERS = (
    DemoUser("admin", "admin-demo-2026", Role.ADMIN, (), "系统管理员 Admin"),
    DemoUser("shibei", "shibei-demo-2026", Role.MANAGER, ("shibei",), "市北园区管理员"),
    DemoUser("suhe", "suhe-demo-2026", Role.MANAGER, ("belt_szr",), "苏河集聚带管理员"),
    DemoUser("viewer", "viewer-demo-2026", Role.VIEWER, (), "区领导（只读）"),
)


def ensure_zones(session: Session) -> int:
    """Insert the reference zones when none are stored; returns how many were added."""
    if session.exec(select(func.count()).select_from(Zone)).one():
        return 0
    from geo.zones import reference_zones  # geo is pure; imported late to keep start cheap

    zones = reference_zones()
    for row in zones.itertuples():
        session.add(
            Zone(
                kind=row.kind,
                code=row.code,
                name_zh=row.name_zh,
                name_en=row.name_en,
                theme_zh=row.theme_zh,
                theme_en=row.theme_en,
                geometry_wkt=row.geometry.wkt,
            )
        )
    session.flush()
    return len(zones)


def has_sample_data(session: Session) -> bool:
    """True while generated sample data is loaded (drives the badge)."""
    return meta_value(session, "sample_data") == "1"


def is_empty(session: Session) -> bool:
    """No carriers at all (live or deleted)."""
    return not session.exec(select(func.count()).select_from(Carrier)).one()


def load_sample(session: Session, *, end_month: date | None = None) -> dict[str, int]:
    """Insert the generated sample set plus demo users; one audit event for all of it."""
    from data.sample_generator import generate  # the generator needs geo; import late

    ensure_zones(session)
    data = generate(end_month=end_month)
    from models.services.location import locate

    carrier_ids: dict[int, int] = {}
    for n, rec in enumerate(data.carriers, start=1):
        place = locate(session, lon=rec["lon"], lat=rec["lat"])
        row = Carrier(
            **_strip(rec),
            # Deterministic codes (the import key), the same that migration 0007 gives
            # the sample carriers of an older database.
            code=f"JA-{n:04d}",
            park_code=place.park_code,
            belt_codes=place.belt_text,
            updated_by=SYSTEM.username,
        )
        session.add(row)
        session.flush()
        carrier_ids[rec["id"]] = int(row.id or 0)
    tenant_ids: dict[int, int] = {}
    tenants = [Tenant(**_strip(rec), updated_by=SYSTEM.username) for rec in data.tenants]
    session.add_all(tenants)
    session.flush()
    for rec, tenant in zip(data.tenants, tenants, strict=True):
        tenant_ids[rec["id"]] = int(tenant.id or 0)
    _bulk(
        session,
        Tenancy,
        [
            {
                **_strip(r),
                "tenant_id": tenant_ids[r["tenant_id"]],
                "carrier_id": carrier_ids[r["carrier_id"]],
                "updated_by": SYSTEM.username,
            }
            for r in data.tenancies
        ],
    )
    _bulk(
        session,
        OccupancyReport,
        [{**r, "carrier_id": carrier_ids[r["carrier_id"]]} for r in data.reports],
    )
    project_ids: dict[int, int] = {}
    for rec in data.conversions:
        cid = carrier_ids.get(rec["carrier_id"]) if rec["carrier_id"] else None
        project = ConversionProject(
            **{**_strip(rec), "carrier_id": cid}, updated_by=SYSTEM.username
        )
        session.add(project)
        session.flush()
        project_ids[rec["id"]] = int(project.id or 0)
    _bulk(
        session,
        ConversionStatusChange,
        [{**r, "project_id": project_ids[r["project_id"]]} for r in data.status_changes],
    )
    _bulk(
        session,
        CarrierStageChange,
        [
            {**r, "carrier_id": carrier_ids[r["carrier_id"]], "changed_by": SYSTEM.username}
            for r in data.stage_changes
        ],
    )
    # The size each sample carrier has had since it opened, as create_carrier records
    # it for a carrier entered by hand (the sample draws no resizes).
    _bulk(
        session,
        CarrierSizeChange,
        [
            {
                "carrier_id": carrier_ids[r["id"]],
                "total_area_m2": r["total_area_m2"],
                "workstations_total": r["workstations_total"],
                "changed_on": r["opened_on"] or MIN_DATE,
                "changed_by": SYSTEM.username,
            }
            for r in data.carriers
        ],
    )
    _bulk(
        session,
        SupportGrant,
        [
            {**_strip(r), "tenant_id": tenant_ids[r["tenant_id"]], "updated_by": SYSTEM.username}
            for r in data.grants
        ],
    )
    for demo in DEMO_USERS:
        if not session.exec(select(User).where(User.username == demo.username)).first():
            create_user(
                session,
                actor=SYSTEM,
                username=demo.username,
                password=demo.password,
                role=demo.role,
                display_name=demo.display_name,
                zone_codes=demo.zone_codes,
                reason="demo user (sample data)",
            )
    set_meta(session, "sample_data", "1")
    set_meta(session, "seeded", "1")
    counts = data.counts()
    audit(
        session,
        actor=SYSTEM,
        action="seed",
        entity="dataset",
        entity_id=None,
        after=counts | {"checksum": data.checksum()},
        reason="sample data loaded",
    )
    return counts


def clear_sample(session: Session) -> None:
    """Remove every sample record and demo user; audited as one event."""
    sample_carriers = select(Carrier.id).where(Carrier.is_sample)
    sample_tenants = select(Tenant.id).where(Tenant.is_sample)
    sample_projects = select(ConversionProject.id).where(ConversionProject.is_sample)
    # Tenancies, grants and reports hanging off sample rows go with them (FK order).
    session.execute(
        delete(SupportGrant).where(
            col(SupportGrant.is_sample) | col(SupportGrant.tenant_id).in_(sample_tenants)
        )
    )
    session.execute(
        delete(Tenancy).where(
            col(Tenancy.carrier_id).in_(sample_carriers)
            | col(Tenancy.tenant_id).in_(sample_tenants)
        )
    )
    session.execute(
        delete(OccupancyReport).where(col(OccupancyReport.carrier_id).in_(sample_carriers))
    )
    session.execute(
        delete(CarrierStageChange).where(col(CarrierStageChange.carrier_id).in_(sample_carriers))
    )
    session.execute(
        delete(CarrierSizeChange).where(col(CarrierSizeChange.carrier_id).in_(sample_carriers))
    )
    session.execute(
        delete(ConversionStatusChange).where(
            col(ConversionStatusChange.project_id).in_(sample_projects)
        )
    )
    session.execute(delete(ConversionProject).where(col(ConversionProject.is_sample)))
    # Real conversions may point at sample carriers only if edited so; unlink them.
    session.execute(
        update(ConversionProject)
        .where(col(ConversionProject.carrier_id).in_(sample_carriers))
        .values(carrier_id=None)
    )
    session.execute(delete(UserScope).where(col(UserScope.carrier_id).in_(sample_carriers)))
    session.execute(delete(Carrier).where(col(Carrier.is_sample)))
    session.execute(delete(Tenant).where(col(Tenant.is_sample)))
    demo_ids = select(User.id).where(col(User.username).in_([d.username for d in DEMO_USERS]))
    session.execute(delete(UserScope).where(col(UserScope.user_id).in_(demo_ids)))
    session.execute(delete(User).where(col(User.id).in_(demo_ids)))
    set_meta(session, "sample_data", "0")
    set_meta(session, "seeded", "1")  # cleared on purpose: never re-seed behind the operator
    audit(
        session,
        actor=SYSTEM,
        action="clear_sample",
        entity="dataset",
        entity_id=None,
        reason="sample data cleared",
    )


def clear_all_carrier_data(session: Session) -> None:
    """Remove everything but zones, users and the audit trail (used by --reset)."""
    for table in (
        SupportGrant,
        Tenancy,
        OccupancyReport,
        CarrierStageChange,
        CarrierSizeChange,
        ConversionStatusChange,
        ConversionProject,
    ):
        session.execute(delete(table))
    session.execute(delete(UserScope).where(col(UserScope.carrier_id).is_not(None)))
    session.execute(delete(Carrier))
    session.execute(delete(Tenant))


def ensure_started(session: Session, *, seed_sample: bool) -> bool:
    """First-start bootstrap: zones always; sample data once, into an empty database.

    Returns True when sample data was loaded now. A database that was ever seeded or
    cleared (AppMeta ``seeded``) is never re-seeded behind the operator's back.
    """
    ensure_zones(session)
    if not seed_sample or meta_value(session, "seeded") or not is_empty(session):
        return False
    load_sample(session)
    set_meta(session, "seeded", "1")
    return True


def audit_count(session: Session) -> int:
    """Number of audit events (tests and the CLI summary)."""
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


def _strip(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if k != "id" and not k.startswith("_")}


def _bulk(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model), rows)
