"""Read-side queries for pages: KPIs, carrier tables, trends, tenants, conversions.

Every function takes a session and returns plain pandas objects or dicts; callers cache
them keyed by :func:`data_version`, which any process can read cheaply.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import and_, false, func, or_
from sqlmodel import Session, col, select

from models.audit import AuditEvent
from models.carrier import Carrier
from models.conversion import ConversionProject, ConversionStatusChange
from models.occupancy import OccupancyReport
from models.services.core import Actor, meta_value
from models.tenant import Tenancy, Tenant
from models.zone import Zone


def data_version(session: Session) -> int:
    """Counter bumped by every write: a change here means cached figures are stale."""
    return int(meta_value(session, "data_version", "0") or 0)


def zones_frame(session: Session) -> pd.DataFrame:
    """Stored zones with WKT geometry."""
    rows = session.exec(select(Zone)).all()
    return pd.DataFrame([r.model_dump() for r in rows])


def latest_month(session: Session) -> date | None:
    """The newest month any carrier reported."""
    return session.exec(select(func.max(OccupancyReport.month))).one()


def carriers_frame(session: Session) -> pd.DataFrame:
    """Live carriers with their newest report, occupancy rate and open-tenancy count."""
    carriers = session.exec(select(Carrier).where(col(Carrier.deleted_at).is_(None))).all()
    df = pd.DataFrame([c.model_dump() for c in carriers])
    if df.empty:
        return df
    newest = (
        select(OccupancyReport.carrier_id, func.max(OccupancyReport.month).label("m"))
        .group_by(col(OccupancyReport.carrier_id))
        .subquery()
    )
    reports = session.exec(
        select(OccupancyReport).join(
            newest,
            (col(OccupancyReport.carrier_id) == newest.c.carrier_id)
            & (OccupancyReport.month == newest.c.m),
        )
    ).all()
    rep = pd.DataFrame(
        [
            {
                "id": r.carrier_id,
                "report_month": r.month,
                "occupied_area_m2": r.occupied_area_m2,
                "occupied_workstations": r.occupied_workstations,
                "tenant_count": r.tenant_count,
                "reported_at": r.reported_at,
                "reported_by": r.reported_by,
                "report_version": r.version,
            }
            for r in reports
        ],
        columns=[
            "id",
            "report_month",
            "occupied_area_m2",
            "occupied_workstations",
            "tenant_count",
            "reported_at",
            "reported_by",
            "report_version",
        ],
    )
    df = df.merge(rep, on="id", how="left")
    df["occupancy_rate"] = (
        df["occupied_area_m2"] / df["total_area_m2"].where(df["total_area_m2"] > 0)
    ).astype(float)
    return df.sort_values("id").reset_index(drop=True)


def kpis(session: Session) -> dict[str, object]:
    """Headline figures for the home page (latest reported month)."""
    df = carriers_frame(session)
    month = latest_month(session)
    tenants = session.exec(
        select(func.count(func.distinct(Tenancy.tenant_id))).where(col(Tenancy.end_on).is_(None))
    ).one()
    projects = session.exec(
        select(func.count())
        .select_from(ConversionProject)
        .where(col(ConversionProject.deleted_at).is_(None))
    ).one()
    if df.empty:
        return {
            "carriers": 0,
            "by_stage": {},
            "total_area_m2": 0.0,
            "avg_occupancy": None,
            "tenants": tenants,
            "conversions": projects,
            "month": month,
        }
    current = df[df["report_month"] == month] if month else df.iloc[0:0]
    occ = (
        current["occupied_area_m2"].sum() / current["total_area_m2"].sum()
        if not current.empty and current["total_area_m2"].sum() > 0
        else None
    )
    return {
        "carriers": len(df),
        "by_stage": df.groupby("stage").size().to_dict(),
        "total_area_m2": float(df["total_area_m2"].sum()),
        "avg_occupancy": occ,
        "tenants": tenants,
        "conversions": projects,
        "month": month,
    }


def occupancy_trend(session: Session, *, carrier_id: int | None = None) -> pd.DataFrame:
    """Monthly occupancy (area-weighted) for one carrier, or all carriers together."""
    stmt = select(
        col(OccupancyReport.month),
        func.sum(OccupancyReport.occupied_area_m2).label("occupied"),
        func.sum(Carrier.total_area_m2).label("total"),
        func.sum(OccupancyReport.tenant_count).label("tenants"),
    ).join(Carrier, col(Carrier.id) == col(OccupancyReport.carrier_id))
    stmt = stmt.where(col(Carrier.deleted_at).is_(None))
    if carrier_id is not None:
        stmt = stmt.where(OccupancyReport.carrier_id == carrier_id)
    rows = session.exec(
        stmt.group_by(col(OccupancyReport.month)).order_by(col(OccupancyReport.month))
    ).all()
    df = pd.DataFrame(rows, columns=["month", "occupied", "total", "tenants"])
    df["rate"] = df["occupied"] / df["total"].where(df["total"] > 0)
    return df


def current_tenants(session: Session, *, carrier_id: int) -> pd.DataFrame:
    """Open tenancies in a carrier with their tenants."""
    rows = session.exec(
        select(Tenancy, Tenant)
        .join(Tenant, col(Tenant.id) == col(Tenancy.tenant_id))
        .where(Tenancy.carrier_id == carrier_id, col(Tenancy.end_on).is_(None))
        .order_by(col(Tenancy.start_on))
    ).all()
    return pd.DataFrame(
        [
            {
                "tenancy_id": ty.id,
                "tenancy_version": ty.version,
                "tenant_id": t.id,
                "name": t.name,
                "name_en": t.name_en,
                "credit_code": t.credit_code,
                "industry": t.industry,
                "area_m2": ty.area_m2,
                "workstations": ty.workstations,
                "start_on": ty.start_on,
                "registered_in_district": t.registered_in_district,
                "tax_in_district": t.tax_in_district,
                "high_tech_certified": t.high_tech_certified,
            }
            for ty, t in rows
        ]
    )


def tenants_frame(session: Session) -> pd.DataFrame:
    """All live tenants."""
    rows = session.exec(
        select(Tenant).where(col(Tenant.deleted_at).is_(None)).order_by(col(Tenant.id))
    ).all()
    return pd.DataFrame([r.model_dump() for r in rows])


def conversions_frame(session: Session) -> pd.DataFrame:
    """Live conversion projects."""
    rows = session.exec(
        select(ConversionProject)
        .where(col(ConversionProject.deleted_at).is_(None))
        .order_by(col(ConversionProject.id))
    ).all()
    return pd.DataFrame([r.model_dump() for r in rows])


def status_history(session: Session, *, project_id: int) -> pd.DataFrame:
    """Dated status changes of one project, oldest first."""
    rows = session.exec(
        select(ConversionStatusChange)
        .where(ConversionStatusChange.project_id == project_id)
        .order_by(col(ConversionStatusChange.changed_on), col(ConversionStatusChange.id))
    ).all()
    return pd.DataFrame([r.model_dump() for r in rows])


def audit_frame(
    session: Session,
    *,
    username: str | None = None,
    entity: str | None = None,
    since: date | None = None,
    until: date | None = None,
    entity_ids: dict[str, set[int]] | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """Audit events, newest first, filtered; ``entity_ids`` restricts to a scope.

    Dates are whole days in UTC, ``until`` included.
    """
    stmt = select(AuditEvent).order_by(col(AuditEvent.id).desc())
    if username:
        stmt = stmt.where(AuditEvent.username == username)
    if entity:
        stmt = stmt.where(AuditEvent.entity == entity)
    if since:
        stmt = stmt.where(col(AuditEvent.at) >= datetime.combine(since, time.min, tzinfo=UTC))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
        stmt = stmt.where(col(AuditEvent.at) < end)
    if entity_ids is not None:
        # Scope filter in SQL, so the limit counts only events the reader may see.
        allowed = [
            and_(col(AuditEvent.entity) == name, col(AuditEvent.entity_id).in_(sorted(ids)))
            for name, ids in entity_ids.items()
            if ids
        ]
        stmt = stmt.where(or_(*allowed)) if allowed else stmt.where(false())
    rows = session.exec(stmt.limit(limit)).all()
    return pd.DataFrame([r.model_dump() for r in rows])


def editable_carriers(session: Session, *, actor: Actor) -> pd.DataFrame:
    """Live carriers the actor may edit (all for admins, their scope for managers)."""
    carriers = session.exec(
        select(Carrier).where(col(Carrier.deleted_at).is_(None)).order_by(col(Carrier.id))
    ).all()
    return pd.DataFrame([c.model_dump() for c in carriers if actor.may_edit_carrier(c)])


def month_sheet(session: Session, *, actor: Actor, month: date) -> pd.DataFrame:
    """The monthly update table for a manager: one row per editable carrier.

    Rows with a report for ``month`` carry its figures and version (an edit); the others
    are pre-filled with the carrier's previous report and version None (a new report).
    """
    carriers = editable_carriers(session, actor=actor)
    columns = [
        "carrier_id",
        "name_zh",
        "name_en",
        "total_area_m2",
        "workstations_total",
        "occupied_area_m2",
        "occupied_workstations",
        "tenant_count",
        "version",
        "last_month",
        "reported_at",
    ]
    if carriers.empty:
        return pd.DataFrame(columns=columns)
    ids = carriers["id"].tolist()
    reports = session.exec(
        select(OccupancyReport)
        .where(col(OccupancyReport.carrier_id).in_(ids), OccupancyReport.month <= month)
        .order_by(col(OccupancyReport.carrier_id), col(OccupancyReport.month).desc())
    ).all()
    newest: dict[int, OccupancyReport] = {}
    for report in reports:
        newest.setdefault(report.carrier_id, report)
    rows = []
    for c in carriers.itertuples():
        r = newest.get(int(c.id))  # type: ignore[arg-type]
        same = r is not None and r.month == month
        rows.append(
            {
                "carrier_id": c.id,
                "name_zh": c.name_zh,
                "name_en": c.name_en,
                "total_area_m2": c.total_area_m2,
                "workstations_total": c.workstations_total,
                "occupied_area_m2": r.occupied_area_m2 if r else 0.0,
                "occupied_workstations": r.occupied_workstations if r else 0,
                "tenant_count": r.tenant_count if r else 0,
                "version": r.version if same and r else None,
                "last_month": r.month if r else None,
                "reported_at": r.reported_at if r else None,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def freshness(carriers: pd.DataFrame, *, expected_month: date, now: datetime) -> pd.DataFrame:
    """Per carrier: days since its last report and whether ``expected_month`` is missing."""
    out = pd.DataFrame({"id": carriers.get("id", pd.Series(dtype=int))})
    reported = pd.to_datetime(carriers.get("reported_at"), utc=True)
    out["days_since_update"] = (pd.Timestamp(now) - reported).dt.days
    months = pd.to_datetime(carriers.get("report_month"))
    out["stale"] = months.isna() | (months < pd.Timestamp(expected_month))
    return out


def _json_object(value: object) -> dict[str, object]:
    """An audit column as a dict: None, NaN (pandas 3's missing value) and "" are empty.

    A value that is not a JSON object (or not JSON at all) is shown under one pseudo
    field instead of failing the audit page.
    """
    if not isinstance(value, str) or not value.strip():
        return {}
    try:
        parsed = json.loads(value)
    except ValueError:
        return {"value": value}
    return parsed if isinstance(parsed, dict) else {"value": parsed}


def change_summary(before: object, after: object) -> list[tuple[str, object, object]]:
    """Field-level differences of an audit event as (field, before, after) triples.

    ``before``/``after`` are the JSON texts of the event; a missing side may arrive as
    None or as NaN (a missing value in a pandas 3 frame).
    """
    old = _json_object(before)
    new = _json_object(after)
    fields = list(dict.fromkeys([*new, *old]))
    return [(f, old.get(f), new.get(f)) for f in fields if old.get(f) != new.get(f)]


def scope_entity_ids(session: Session, *, actor: Actor) -> dict[str, set[int]]:
    """Which audited records fall in a manager's scope (carriers and what hangs off them)."""
    carrier_ids = set(editable_carriers(session, actor=actor).get("id", pd.Series(dtype=int)))
    reports = session.exec(
        select(OccupancyReport.id).where(col(OccupancyReport.carrier_id).in_(carrier_ids))
    ).all()
    tenancies = session.exec(
        select(Tenancy.id).where(col(Tenancy.carrier_id).in_(carrier_ids))
    ).all()
    tenants = session.exec(
        select(Tenancy.tenant_id).where(col(Tenancy.carrier_id).in_(carrier_ids))
    ).all()
    projects = session.exec(
        select(ConversionProject.id).where(col(ConversionProject.carrier_id).in_(carrier_ids))
    ).all()
    return {
        "carrier": carrier_ids,
        "occupancy": {int(i) for i in reports if i is not None},
        "tenancy": {int(i) for i in tenancies if i is not None},
        "tenant": {int(i) for i in tenants},
        "conversion": {int(i) for i in projects if i is not None},
    }


ZONE_ORDER = ("shibei", "belt_njw", "belt_szr", "belt_mrr")


def zone_summary(carriers: pd.DataFrame) -> pd.DataFrame:
    """Per park/belt: carriers, total area and area-weighted occupancy (newest reports).

    A carrier lying in two belts counts in both, as the policy counts it.
    """
    rows = []
    for code in ZONE_ORDER:
        if carriers.empty:
            inside = carriers
        else:
            belts = carriers["belt_codes"].fillna("").str.split(",")
            mask = (carriers["park_code"] == code) | belts.apply(lambda b, c=code: c in b)
            inside = carriers[mask]
        area = float(inside["total_area_m2"].sum()) if not inside.empty else 0.0
        occupied = float(inside["occupied_area_m2"].fillna(0).sum()) if not inside.empty else 0.0
        rows.append(
            {
                "zone": code,
                "carriers": len(inside),
                "area_m2": area,
                "occupancy": occupied / area if area else None,
            }
        )
    return pd.DataFrame(rows)


def occupancy_change(trend: pd.DataFrame) -> float | None:
    """Month-on-month change of the district occupancy rate (fraction points)."""
    rates = trend["rate"].dropna() if "rate" in trend else pd.Series(dtype=float)
    return float(rates.iloc[-1] - rates.iloc[-2]) if len(rates) >= 2 else None
