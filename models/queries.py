"""Read-side queries for pages: KPIs, carrier tables, trends, tenants, conversions.

Every function takes a session and returns plain pandas objects or dicts; callers cache
them keyed by :func:`data_version`, which any process can read cheaply.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import ColumnElement, Engine, Table, and_, false, func, or_
from sqlalchemy import select as core_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel, col, select

from models import occupancy_rate as occ
from models import overview, size_history, stage_history
from models.audit import AppMeta, AuditEvent
from models.carrier import Carrier, CarrierSizeChange, CarrierStageChange
from models.common import SHANGHAI, add_months, default_end_month
from models.conversion import ConversionProject, ConversionStatusChange
from models.enums import Role
from models.occupancy import OccupancyReport
from models.services.core import Actor, meta_value
from models.support import SupportGrant
from models.tenant import Tenancy, Tenant
from models.user import User, UserScope
from models.zone import Zone


def data_version(session: Session) -> int:
    """Counter bumped by every write: a change here means cached figures are stale."""
    return int(meta_value(session, "data_version", "0") or 0)


def read_data_version(engine: Engine) -> int:
    """:func:`data_version` on a pooled connection, without an ORM session.

    Every page run and every live refresh of the big screen reads it first; one Core
    statement costs a quarter of a session's setup, commit and teardown (0.12 ms
    against 0.5 ms on SQLite).
    """
    table: Table = AppMeta.__table__  # type: ignore[attr-defined]
    stmt = core_select(table.c.value).where(table.c.key == "data_version")
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar() or 0)


def records_frame(rows: Sequence[SQLModel], model: type[SQLModel]) -> pd.DataFrame:
    """Rows of ``model`` as a frame that keeps the model's columns when there are none.

    Pages pick columns of empty results too: a fresh installation with no conversion
    project (or no carrier) failed on a column-less frame.
    """
    return pd.DataFrame([r.model_dump() for r in rows], columns=list(model.model_fields))


def zones_frame(session: Session) -> pd.DataFrame:
    """Stored zones with WKT geometry."""
    rows = session.exec(select(Zone)).all()
    return records_frame(rows, Zone)


def zones_geoframe(session: Session) -> gpd.GeoDataFrame | None:
    """The stored zones as :func:`geo.zones.build_zones` shapes them (None: none stored).

    What the maps draw: an imported outline replaces the shipped one in the database.
    """
    rows = session.exec(select(Zone)).all()
    if not rows:
        return None
    order = {code: i for i, code in enumerate((occ.DISTRICT, *occ.ZONE_CODES))}
    rows = sorted(rows, key=lambda z: (order.get(z.code, len(order)), z.code))
    return gpd.GeoDataFrame(
        {
            "code": [z.code for z in rows],
            "kind": [z.kind for z in rows],
            "name_zh": [z.name_zh for z in rows],
            "name_en": [z.name_en for z in rows],
            "theme_zh": [z.theme_zh for z in rows],
            "theme_en": [z.theme_en for z in rows],
        },
        geometry=[shapely.from_wkt(z.geometry_wkt) for z in rows],
        crs="EPSG:4326",
    )


def latest_month(session: Session) -> date | None:
    """The newest finished month any carrier reported: the month every page opens on.

    A report for the month still under way (allowed: a manager may file on the 28th)
    waits until that month is over. Three early November reports used to move home, the
    monthly workbook and the big screen to "November" with October's figures carried
    forward and 117 carriers "not reported" (admin QA), while 出租率填报 still asked for
    October.
    """
    newest = session.exec(select(func.max(OccupancyReport.month))).one()
    return None if newest is None else min(newest, default_end_month())


def _live_carrier_rows(session: Session, *, alive_at: date | None = None) -> pd.DataFrame:
    """Every live (not deleted) carrier, one statement.

    With ``alive_at``, also the carriers deleted after that day began (the overview
    counts a carrier until its deletion: :func:`models.overview.carriers_at`), shown as
    live: they were, that day.
    """
    # Plain rows, not ORM objects: building and dumping an object per carrier cost ten
    # times the query itself with thousands of carriers (manage.py bench --only db).
    table: Table = Carrier.__table__  # type: ignore[attr-defined]
    live: ColumnElement[bool] = table.c.deleted_at.is_(None)
    if alive_at is not None:
        live = or_(live, table.c.deleted_at > datetime.combine(alive_at, time(), tzinfo=UTC))
    rows = session.execute(core_select(table).where(live)).all()
    # Built from the table's columns even when empty: pages select columns of an empty
    # district too (a fresh installation's map page failed on a column-less frame).
    frame = pd.DataFrame([tuple(r) for r in rows], columns=[c.name for c in table.columns])
    if alive_at is not None:
        frame["deleted_at"] = None
    return frame


_REPORT_COLUMNS = [
    "carrier_id",
    "month",
    "occupied_area_m2",
    "occupied_workstations",
    "tenant_count",
    "reported_at",
    "reported_by",
    "version",
]


def _newest_report_rows(session: Session, *, as_of: date) -> pd.DataFrame:
    """Each carrier's newest report up to ``as_of``, one statement (stale ones too).

    Per carrier, the newest month is one index lookup (``carrier_id, month`` is unique,
    hence indexed): with 600,000 reports this is 8x faster on SQLite than grouping
    every report up to the month (manage.py bench --only db).
    """
    older = aliased(OccupancyReport)
    newest = (
        core_select(func.max(older.month))
        .where(col(older.carrier_id) == col(Carrier.id), col(older.month) <= as_of)
        .scalar_subquery()
    )
    rows = session.execute(
        core_select(*(getattr(OccupancyReport, name) for name in _REPORT_COLUMNS))
        .select_from(Carrier)
        .join(
            OccupancyReport,
            (col(OccupancyReport.carrier_id) == col(Carrier.id))
            & (col(OccupancyReport.month) == newest),
        )
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=_REPORT_COLUMNS)


def stage_change_rows(session: Session) -> pd.DataFrame:
    """Every carrier's stage history, one statement."""
    rows = session.execute(
        core_select(*(getattr(CarrierStageChange, c) for c in stage_history.CHANGE_COLUMNS))
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=stage_history.CHANGE_COLUMNS)


def size_change_rows(session: Session, *, carrier_id: int | None = None) -> pd.DataFrame:
    """Every carrier's size history (or one carrier's), one statement
    (:mod:`models.size_history`)."""
    stmt = core_select(*(getattr(CarrierSizeChange, c) for c in size_history.CHANGE_COLUMNS))
    if carrier_id is not None:
        stmt = stmt.where(col(CarrierSizeChange.carrier_id) == carrier_id)
    rows = session.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=size_history.CHANGE_COLUMNS)


def carriers_frame(
    session: Session, *, as_of: date | None = None, as_it_stood: bool = False
) -> pd.DataFrame:
    """Live carriers with the report the occupancy definition uses as of ``as_of``.

    ``as_of`` defaults to the newest reported month. Columns added to the carrier
    fields (see :func:`models.occupancy_rate.carrier_occupancy`): ``report_month``,
    ``occupied_area_m2`` ... of the newest report up to that month, ``occupancy_rate``
    (NaN when that report is older than the freshness window), ``used``,
    ``reported_for_month`` and ``counted`` (opened by then, so in the denominator).
    With an explicit ``as_of``, ``stage`` is the one each carrier had at the end of that
    month (:mod:`models.stage_history`); the sizes are always those of the month the
    figures describe (:mod:`models.size_history`); a rate divides by the area of its
    report's month. At most five statements whatever the
    number of carriers. ``as_it_stood`` adds the carriers deleted after that month's end,
    as the overview counts them (headline figures; pages that open a carrier's details
    keep to live ones).
    """
    month = as_of or latest_month(session) or default_end_month()
    end = stage_history.month_end(month) if as_it_stood else None
    df = _live_carrier_rows(session, alive_at=end)
    sizes = size_change_rows(session)
    if as_of is not None:
        df = stage_history.with_stage_at(df, stage_change_rows(session), as_of=as_of)
    # The sizes of the month the figures describe, also by default: the map panel set
    # an area cut today (1,000 m²) beside October's 95.9% (attack QA).
    df = size_history.with_size_at(df, sizes, as_of=month)
    reports = size_history.with_area_then(_newest_report_rows(session, as_of=month), sizes)
    per = occ.carrier_occupancy(df, reports, as_of=month)
    per = per.drop(columns="total_area_m2").assign(counted=True)
    df = df.merge(per, on="id", how="left")
    df["counted"] = df["counted"].fillna(False).astype(bool)
    for flag in ("used", "reported_for_month"):
        df[flag] = df[flag].fillna(False).astype(bool)
    df["occupancy_rate"] = df["occupancy_rate"].astype(float)
    df.attrs["as_of"] = month
    return df.sort_values("id").reset_index(drop=True)


def _counted(carriers: pd.DataFrame) -> pd.DataFrame:
    return carriers[carriers["counted"]] if "counted" in carriers.columns else carriers


def district_occupancy(session: Session, *, as_of: date | None = None) -> occ.OccupancyFigure:
    """The district occupancy figure (rate, coverage, carriers not reported) as of a month."""
    return occupancy_from_frame(carriers_frame(session, as_of=as_of))


def occupancy_from_frame(carriers: pd.DataFrame) -> occ.OccupancyFigure:
    """The figure over any subset of :func:`carriers_frame` rows (e.g. a filtered map)."""
    month = carriers.attrs.get("as_of") or default_end_month()
    if carriers.empty or "used" not in carriers.columns:
        return occ.OccupancyFigure(month, None, 0.0, 0.0, 0, 0)
    return occ.summarise(_counted(carriers), as_of=month)


def kpis(session: Session) -> dict[str, object]:
    """Headline figures for the big screen, as of the newest reported month.

    ``occupancy`` is the :class:`models.occupancy_rate.OccupancyFigure`;
    ``avg_occupancy`` its rate, kept for callers that only need the number.
    """
    month = latest_month(session)
    # As of that month, as the home page shows it (the wall said 68.4万㎡ of today's
    # areas beside the home page's 71.1万 for October; attack QA).
    # Only carriers open by that month's end, as home counts them: one announced to open
    # next year made the wall say 121 carriers beside home's 120 (attack QA).
    # Carriers deleted after it still count, as on home (attack QA: deleting one in
    # November took it out of the wall's October, not home's).
    df = _counted(carriers_frame(session, as_of=month, as_it_stood=True))
    # Firms with a tenancy open at the end of that month, in live carriers: the home
    # page's rule (the big screen said 547 beside the home page's 546, counting the
    # tenancies open today; user QA).
    end = stage_history.month_end(month or default_end_month())
    tenants = session.exec(
        select(func.count(func.distinct(Tenancy.tenant_id)))
        .join(Carrier, col(Carrier.id) == Tenancy.carrier_id)
        .where(
            # In the carriers counted above: open by then, not deleted before its end.
            or_(
                col(Carrier.deleted_at).is_(None),
                col(Carrier.deleted_at) > datetime.combine(end, time(), tzinfo=UTC),
            ),
            or_(col(Carrier.opened_on).is_(None), col(Carrier.opened_on) <= end),
            *_open_at_end_of(end),
        )
    ).one()
    projects = session.exec(
        select(func.count())
        .select_from(ConversionProject)
        .where(col(ConversionProject.deleted_at).is_(None))
    ).one()
    figure = occupancy_from_frame(df) if month is not None else None
    if df.empty:
        return {
            "carriers": 0,
            "by_stage": {},
            "total_area_m2": 0.0,
            "avg_occupancy": None,
            "occupancy": figure,
            "tenants": tenants,
            "conversions": projects,
            "month": month,
        }
    return {
        "carriers": len(df),
        "by_stage": df.groupby("stage").size().to_dict(),
        "total_area_m2": float(df["total_area_m2"].sum()),
        "avg_occupancy": figure.rate if figure else None,
        "occupancy": figure,
        "tenants": tenants,
        "conversions": projects,
        "month": month,
    }


def occupancy_trend(session: Session, *, carrier_id: int | None = None) -> pd.DataFrame:
    """Monthly occupancy: the district by the one definition, or one carrier's own reports.

    The district line computes every month with
    :func:`models.occupancy_rate.occupancy_trend` (two statements in all), so the set of
    carriers follows the same rule each month and the line stays flat when no carrier's
    figures changed. Columns: ``month``, ``occupied``, ``total``, ``tenants``, ``rate``
    (and ``carriers_used``, ``carriers_total``, ``coverage`` for the district).
    """
    if carrier_id is not None:
        stmt = (
            select(
                col(OccupancyReport.month),
                OccupancyReport.occupied_area_m2,
                Carrier.total_area_m2,
                OccupancyReport.tenant_count,
            )
            .join(Carrier, col(Carrier.id) == col(OccupancyReport.carrier_id))
            .where(col(Carrier.deleted_at).is_(None), OccupancyReport.carrier_id == carrier_id)
            .order_by(col(OccupancyReport.month))
        )
        df = pd.DataFrame(
            session.exec(stmt).all(), columns=["month", "occupied", "total", "tenants"]
        )
        # Each month divides by the area the carrier had then (its size history).
        then = size_history.area_then(
            size_change_rows(session, carrier_id=carrier_id), df.assign(carrier_id=carrier_id)
        )
        df["total"] = then.where(then.notna(), df["total"]).astype(float)
        df["rate"] = (df["occupied"] / df["total"].where(df["total"] > 0)).astype(float)
        return df
    carriers = _live_carrier_rows(session)
    # Only the columns the definition needs: no ORM objects for thousands of rows.
    rows = session.exec(
        select(
            col(OccupancyReport.carrier_id),
            col(OccupancyReport.month),
            col(OccupancyReport.occupied_area_m2),
            col(OccupancyReport.tenant_count),
        )
    ).all()
    reports = size_history.with_area_then(
        pd.DataFrame(rows, columns=["carrier_id", "month", "occupied_area_m2", "tenant_count"]),
        size_change_rows(session),
    )
    if carriers.empty or reports.empty:
        return occ.occupancy_trend(carriers, reports, months=[])
    first = occ.month_start(reports["month"].min())
    last = occ.month_start(reports["month"].max())
    months = [add_months(first, i) for i in range(_months_between(first, last) + 1)]
    return occ.occupancy_trend(carriers, reports, months=months)


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


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


def open_tenancy_places(session: Session) -> pd.DataFrame:
    """Where each firm is now: one row per open tenancy in a live carrier.

    Columns ``tenant_id``, ``carrier_id``, ``name_zh``, ``name_en``; one statement. The
    move-in picker names a firm's current carriers, so a move-in is not mistaken for a
    move (user QA: the firm stayed counted in its old carrier too).
    """
    rows = session.exec(
        select(Tenancy.tenant_id, Tenancy.carrier_id, Carrier.name_zh, Carrier.name_en)
        .join(Carrier, col(Carrier.id) == col(Tenancy.carrier_id))
        .where(col(Tenancy.end_on).is_(None), col(Carrier.deleted_at).is_(None))
        .order_by(col(Tenancy.tenant_id), col(Tenancy.start_on))
    ).all()
    return pd.DataFrame(
        [tuple(r) for r in rows], columns=["tenant_id", "carrier_id", "name_zh", "name_en"]
    )


def tenants_frame(session: Session) -> pd.DataFrame:
    """All live tenants."""
    rows = session.exec(
        select(Tenant).where(col(Tenant.deleted_at).is_(None)).order_by(col(Tenant.id))
    ).all()
    return records_frame(rows, Tenant)


def conversions_frame(session: Session, *, as_of: date | None = None) -> pd.DataFrame:
    """Live conversion projects; with ``as_of``, as they stood at the end of that month.

    As of a month, a project shows the status of its newest status change on or before
    the month's last day, and a project with no change by then (not identified yet) is
    left out: the rule of :func:`models.overview.project_status_at`. Two statements.
    """
    rows = session.exec(
        select(ConversionProject)
        .where(col(ConversionProject.deleted_at).is_(None))
        .order_by(col(ConversionProject.id))
    ).all()
    frame = records_frame(rows, ConversionProject)
    if as_of is None or frame.empty:
        return frame
    changes = session.execute(
        core_select(*(getattr(ConversionStatusChange, c) for c in overview.CHANGE_COLUMNS))
    ).all()
    data = overview.OverviewData(
        projects=frame.assign(deleted_at=None)[overview.PROJECT_COLUMNS],
        changes=pd.DataFrame([tuple(r) for r in changes], columns=overview.CHANGE_COLUMNS),
    )
    then = overview.project_status_at(data, as_of=as_of)[["id", "status"]]
    return frame.drop(columns="status").merge(then, on="id").reset_index(drop=True)


def status_history(session: Session, *, project_id: int) -> pd.DataFrame:
    """Dated status changes of one project, oldest first."""
    rows = session.exec(
        select(ConversionStatusChange)
        .where(ConversionStatusChange.project_id == project_id)
        .order_by(col(ConversionStatusChange.changed_on), col(ConversionStatusChange.id))
    ).all()
    return records_frame(rows, ConversionStatusChange)


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

    Dates are whole Shanghai days, ``until`` included.
    """
    stmt = select(AuditEvent).order_by(col(AuditEvent.id).desc())
    if username:
        stmt = stmt.where(AuditEvent.username == username)
    if entity:
        stmt = stmt.where(AuditEvent.entity == entity)
    if since:
        # Days are Shanghai days: "today" starts at 00:00 CST (16:00 UTC the day before).
        start = datetime.combine(since, time.min, tzinfo=SHANGHAI).astimezone(UTC)
        stmt = stmt.where(col(AuditEvent.at) >= start)
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=SHANGHAI)
        end = end.astimezone(UTC)
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
    return records_frame(rows, AuditEvent)


def editable_carriers(session: Session, *, actor: Actor) -> pd.DataFrame:
    """Live carriers the actor may edit (all for admins, their scope for managers)."""
    carriers = session.exec(
        select(Carrier).where(col(Carrier.deleted_at).is_(None)).order_by(col(Carrier.id))
    ).all()
    return records_frame([c for c in carriers if actor.may_edit_carrier(c)], Carrier)


def month_sheet(session: Session, *, actor: Actor, month: date) -> pd.DataFrame:
    """The monthly update table for a manager: one row per editable carrier.

    This month's figures (``occupied_area_m2`` …) hold the report for ``month`` with its
    version, or are blank (NaN, version None) when there is none: last month's figures
    are never offered as this month's. They sit apart, read-only, in the ``prev_*``
    columns (the newest report before ``month``, from ``prev_month``).
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
        "confirmed_unchanged",
        "reported_at",
        "prev_month",
        "prev_occupied_area_m2",
        "prev_occupied_workstations",
        "prev_tenant_count",
        "recorded_tenants",
        "recorded_area_m2",
    ]
    if carriers.empty:
        return pd.DataFrame(columns=columns)
    ids = carriers["id"].tolist()
    # The sizes of the sheet's month: the save checks a report against them.
    carriers = size_history.with_size_at(carriers, size_change_rows(session), as_of=month)
    reports = session.exec(
        select(OccupancyReport)
        .where(col(OccupancyReport.carrier_id).in_(ids), OccupancyReport.month <= month)
        .order_by(col(OccupancyReport.carrier_id), col(OccupancyReport.month).desc())
    ).all()
    recorded = _recorded_tenants(session, ids, month)
    current: dict[int, OccupancyReport] = {}
    previous: dict[int, OccupancyReport] = {}
    for report in reports:
        if report.month == month:
            current[report.carrier_id] = report
        else:
            previous.setdefault(report.carrier_id, report)
    nan = float("nan")
    rows = []
    for c in carriers.itertuples():
        r = current.get(int(c.id))
        p = previous.get(int(c.id))
        rows.append(
            {
                "carrier_id": c.id,
                "name_zh": c.name_zh,
                "name_en": c.name_en,
                "total_area_m2": c.total_area_m2,
                "workstations_total": c.workstations_total,
                # Floats throughout, so a blank cell (NaN) and a typed one share a type.
                "occupied_area_m2": float(r.occupied_area_m2) if r else nan,
                "occupied_workstations": float(r.occupied_workstations) if r else nan,
                "tenant_count": float(r.tenant_count) if r else nan,
                "version": r.version if r else None,
                "confirmed_unchanged": bool(r.confirmed_unchanged) if r else False,
                "reported_at": r.reported_at if r else None,
                "prev_month": p.month if p else None,
                "prev_occupied_area_m2": float(p.occupied_area_m2) if p else nan,
                "prev_occupied_workstations": float(p.occupied_workstations) if p else nan,
                "prev_tenant_count": float(p.tenant_count) if p else nan,
                "recorded_tenants": recorded.get(int(c.id), (0, 0.0))[0],
                "recorded_area_m2": recorded.get(int(c.id), (0, 0.0))[1],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _open_at_end_of(month: date) -> tuple[Any, ...]:
    """SQL conditions: a tenancy open at the end of ``month`` (the overview's rule,
    :func:`models.overview.open_tenancies`)."""
    last = add_months(month.replace(day=1), 1) - timedelta(days=1)
    return (
        col(Tenancy.start_on) <= last,
        or_(col(Tenancy.end_on).is_(None), col(Tenancy.end_on) > last),
    )


def _recorded_tenants(
    session: Session, ids: list[int], month: date
) -> dict[int, tuple[int, float]]:
    """Firms per carrier with a tenancy open at the end of ``month``, and the area they
    rent (one statement).

    The overview's rule for an open tenancy. The sheet sets both beside the typed 在孵企业数
    and 已出租面积, which nothing compared with the tenancy records (user QA: 6 typed, 8
    recorded; 4,500 ㎡ typed while the recorded firms rented 4,690 ㎡).
    """
    rows = session.exec(
        select(
            Tenancy.carrier_id,
            func.count(func.distinct(Tenancy.tenant_id)),
            func.coalesce(func.sum(Tenancy.area_m2), 0.0),
        )
        .where(col(Tenancy.carrier_id).in_(ids), *_open_at_end_of(month))
        .group_by(col(Tenancy.carrier_id))
    ).all()
    return {int(c): (int(n), float(a)) for c, n, a in rows}


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
    fields = [f for f in dict.fromkeys([*new, *old]) if f not in BOOKKEEPING_FIELDS]
    return [
        (f, old.get(f), new.get(f))
        for f in fields
        if old.get(f) != new.get(f) and not (_blank(old.get(f)) and _blank(new.get(f)))
    ]


# Kept by every record for the system's own use: the event itself says who and when, and
# a new user's entry listed "Failed logins", "Version" and "ID" (admin QA).
BOOKKEEPING_FIELDS = frozenset(
    {"id", "version", "created_at", "updated_at", "updated_by", "failed_logins"}
)


def _blank(value: object) -> bool:
    """Nothing in it: None, "", [] or {} (a new user's "Carriers: — → —")."""
    return value is None or value == "" or value == [] or value == {}


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
    # Grants hang off tenants: a manager sees the grants of tenants that ever rented here.
    grants = session.exec(
        select(SupportGrant.id).where(col(SupportGrant.tenant_id).in_(set(tenants)))
    ).all()
    return {
        "carrier": carrier_ids,
        "occupancy": {int(i) for i in reports if i is not None},
        "tenancy": {int(i) for i in tenancies if i is not None},
        "tenant": {int(i) for i in tenants},
        "conversion": {int(i) for i in projects if i is not None},
        "support_grant": {int(i) for i in grants if i is not None},
    }


ZONE_ORDER = occ.ZONE_CODES


def zone_summary(carriers: pd.DataFrame) -> pd.DataFrame:
    """Per park/belt and the district total, by the one occupancy definition.

    ``carriers`` is :func:`carriers_frame` (its as-of month travels in ``attrs``). A
    carrier inside both the park and a belt counts in both rows; the ``district`` row
    counts every carrier once. Columns: ``zone``, ``carriers``, ``area_m2``,
    ``occupancy``, ``carriers_used``, ``coverage``, ``not_reported``.
    """
    month = carriers.attrs.get("as_of") or default_end_month()
    if carriers.empty or "used" not in carriers.columns:
        return occ.zone_figures(pd.DataFrame(columns=["id"]), _empty_per_carrier(), as_of=month)
    counted = _counted(carriers)
    return occ.zone_figures(counted, counted, as_of=month)


def _empty_per_carrier() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in occ.PER_CARRIER_COLUMNS})


def occupancy_change(trend: pd.DataFrame) -> float | None:
    """Month-on-month change of the district occupancy rate (fraction points)."""
    rates = trend["rate"].dropna() if "rate" in trend else pd.Series(dtype=float)
    return float(rates.iloc[-1] - rates.iloc[-2]) if len(rates) >= 2 else None


# --- overview and time (issue 8 §2, §4) ---


def overview_data(session: Session) -> overview.OverviewData:
    """Every row the overview needs, whatever its dates: seven statements in all.

    Deleted carriers and projects are included (with ``deleted_at``), because a month
    before their deletion still counted them; :mod:`models.overview` filters per month.
    """
    ov = overview
    carriers = session.execute(
        core_select(*(getattr(Carrier, c) for c in ov.CARRIER_COLUMNS)).order_by(col(Carrier.id))
    ).all()
    reports = session.execute(
        core_select(*(getattr(OccupancyReport, c) for c in ov.REPORT_COLUMNS))
    )
    tenancies = session.execute(
        core_select(
            col(Tenancy.id),
            col(Tenancy.tenant_id),
            col(Tenancy.carrier_id),
            col(Tenancy.start_on),
            col(Tenancy.end_on),
            col(Tenancy.exit_reason),
        )
        # A deleted firm's stays still count in the months they covered: it can only be
        # deleted once every stay has ended, and deleting it rewrote past months on home
        # (547 → 546 for October) but not on the big screen (attack QA).
        .order_by(col(Tenancy.id))
    ).all()
    projects = session.execute(
        core_select(*(getattr(ConversionProject, c) for c in ov.PROJECT_COLUMNS))
    ).all()
    changes = session.execute(
        core_select(*(getattr(ConversionStatusChange, c) for c in ov.CHANGE_COLUMNS))
    ).all()
    managers = session.execute(
        core_select(
            col(User.username),
            col(User.display_name),
            col(UserScope.zone_code),
            col(UserScope.carrier_id),
        )
        .join(UserScope, col(UserScope.user_id) == col(User.id))
        .where(col(User.role) == Role.MANAGER.value, col(User.is_active).is_(True))
    ).all()

    def frame(rows: Sequence[Any], columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame([tuple(r) for r in rows], columns=columns)

    return ov.OverviewData(
        carriers=frame(carriers, ov.CARRIER_COLUMNS),
        reports=frame(reports.all(), ov.REPORT_COLUMNS),
        tenancies=frame(tenancies, ov.TENANCY_COLUMNS),
        projects=frame(projects, ov.PROJECT_COLUMNS),
        changes=frame(changes, ov.CHANGE_COLUMNS),
        managers=frame(managers, ov.MANAGER_COLUMNS),
        stage_changes=stage_change_rows(session),
        size_changes=size_change_rows(session),
    )


def overview_view(session: Session, *, as_of: date | None = None) -> overview.OverviewView:
    """The home KPIs and attention list as they stood at ``as_of`` (default: newest month).

    Cached by the page per (data version, month); constant statements whatever the data.
    """
    month = occ.month_start(as_of or latest_month(session) or default_end_month())
    return overview.overview_view(overview_data(session), as_of=month)


def overview_trend(session: Session) -> pd.DataFrame:
    """Per month, stage and zone: carriers, area, tenants, occupancy (:func:`overview.trend`).

    Up to the newest reported month, back to the first report (at most 72 months), so
    the page cuts any 12- or 36-month window from one frame cached per data version:
    moving the month slider does not recompute it.
    """
    latest = latest_month(session) or default_end_month()
    first = session.exec(select(func.min(OccupancyReport.month))).one()
    months = overview.trend_months(first, latest)
    return overview.trend(overview_data(session), as_of=latest, months=months)
