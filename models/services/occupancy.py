"""Monthly occupancy updates: a manager saves many carriers' figures at once, or none."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.carrier import Carrier
from models.common import utcnow
from models.errors import Conflict, PermissionDenied, Problem, ValidationFailed, problem
from models.occupancy import OccupancyCreate, OccupancyReport
from models.services.core import Actor, audit, diff, guarded_update, snapshot
from models.services.parsing import parse

ENTITY = "occupancy"


def first_of_month(day: date) -> date:
    """Normalise any date to the first day of its month."""
    return day.replace(day=1)


def _check_row(row: OccupancyCreate, carrier: Carrier | None, today: date, n: int) -> list[Problem]:
    problems: list[Problem] = []
    if carrier is None or carrier.deleted_at is not None:
        return [problem("err_not_found", entity="carrier", id=row.carrier_id, row=n)]
    if row.month > first_of_month(today):
        problems.append(problem("err_future_month", month=row.month.strftime("%Y-%m"), row=n))
    if row.occupied_area_m2 > carrier.total_area_m2:
        problems.append(
            problem(
                "err_occupied_gt_total",
                occupied=row.occupied_area_m2,
                total=carrier.total_area_m2,
                field="occupied_area_m2",
                row=n,
            )
        )
    if row.occupied_workstations > carrier.workstations_total:
        problems.append(
            problem(
                "err_ws_gt_total",
                occupied=row.occupied_workstations,
                total=carrier.workstations_total,
                field="occupied_workstations",
                row=n,
            )
        )
    return problems


def save_month(
    session: Session,
    *,
    actor: Actor,
    rows: list[OccupancyCreate | dict[str, Any]],
    today: date,
    reason: str = "",
) -> list[OccupancyReport]:
    """Validate every row first, then write them all (or raise and write nothing).

    Rows are numbered from 1 in error messages, as the manager sees them in the table.
    A row that edits an existing report must carry that report's ``version``.
    """
    parsed: list[OccupancyCreate] = []
    problems: list[Problem] = []
    for n, raw in enumerate(rows, start=1):
        try:
            item = parse(OccupancyCreate, raw, row=n)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            continue
        item.month = first_of_month(item.month)
        parsed.append(item)
        problems.extend(_check_row(item, session.get(Carrier, item.carrier_id), today, n))
    if problems:
        raise ValidationFailed(problems)
    denied = [
        problem("err_permission", user=actor.username, action="update", entity=ENTITY, row=n)
        for n, item in enumerate(parsed, start=1)
        if not actor.may_edit_carrier(session.get(Carrier, item.carrier_id))  # type: ignore[arg-type]
    ]
    if denied:
        raise PermissionDenied(denied)
    return [_upsert(session, actor=actor, item=item, reason=reason) for item in parsed]


def _upsert(
    session: Session, *, actor: Actor, item: OccupancyCreate, reason: str
) -> OccupancyReport:
    existing = session.exec(
        select(OccupancyReport).where(
            OccupancyReport.carrier_id == item.carrier_id,
            OccupancyReport.month == item.month,
        )
    ).first()
    values = item.model_dump(exclude={"version", "carrier_id", "month"})
    if existing is None:
        report = OccupancyReport(**item.model_dump(exclude={"version"}), reported_by=actor.username)
        try:
            # A savepoint, so a concurrent insert of the same month is a clean Conflict.
            with session.begin_nested():
                session.add(report)
                session.flush()
        except IntegrityError:
            raise Conflict(
                [problem("err_conflict", by="?", at=item.month.strftime("%Y-%m"))]
            ) from None
        audit(
            session,
            actor=actor,
            action="create",
            entity=ENTITY,
            entity_id=report.id,
            after=snapshot(report),
            reason=reason,
        )
        return report
    unchanged = all(getattr(existing, k) == v for k, v in values.items())
    if unchanged and item.version in (None, existing.version):
        # Re-confirming the same figures is not a change: no write, no audit noise.
        return existing
    if item.version is None:
        # The form was loaded before someone else filed this month: refuse, don't overwrite.
        raise Conflict([problem("err_conflict", by=existing.reported_by, at=_fmt(existing))])
    before = snapshot(existing)
    try:
        guarded_update(
            session,
            existing,
            expected_version=item.version,
            values={**values, "reported_by": actor.username, "reported_at": utcnow()},
            actor=actor,
        )
    except Conflict:
        raise Conflict(
            [problem("err_conflict", by=existing.reported_by, at=_fmt(existing))]
        ) from None
    old, new = diff(before, snapshot(existing))
    if old:
        audit(
            session,
            actor=actor,
            action="update",
            entity=ENTITY,
            entity_id=existing.id,
            before=old,
            after=new,
            reason=reason,
        )
    return existing


def _fmt(report: OccupancyReport) -> str:
    return report.reported_at.strftime("%Y-%m-%d %H:%M")
