"""Monthly occupancy updates: a manager saves many carriers' figures at once, or none.

Only rows the manager filled in or ticked reach this service. A ticked "same as last
month" row files a copy of the previous report, marked ``confirmed_unchanged`` in the
data and in the audit trail; nothing else is ever copied forward on the manager's name.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from models.carrier import Carrier
from models.common import utcnow
from models.errors import Conflict, PermissionDenied, Problem, ValidationFailed, problem
from models.occupancy import OccupancyCreate, OccupancyReport, implausible
from models.services.carrier_sizes import Size, size_at
from models.services.core import Actor, audit, diff, guarded_update, snapshot
from models.services.parsing import parse, quote_input
from models.validation import MIN_DATE

ENTITY = "occupancy"
FIGURES = ("occupied_area_m2", "occupied_workstations", "tenant_count")
# The key of a sheet row that files last month's figures again, deliberately.
SAME = "same_as_last_month"


def first_of_month(day: date) -> date:
    """Normalise any date to the first day of its month."""
    return day.replace(day=1)


def _subject(carrier: Carrier | None) -> tuple[str, str] | None:
    return None if carrier is None else (carrier.name_zh, carrier.name_en or carrier.name_zh)


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _figure_problems(raw: dict[str, Any], subject: tuple[str, str] | None) -> list[Problem]:
    """A blank cell asks to be filled in; text in a number cell asks for a number.

    The sheet always sends all three figures; a caller that leaves out a count (not
    the area) gets the model's default of 0, as before.
    """
    problems: list[Problem] = []
    for name in FIGURES:
        if name not in raw and name != "occupied_area_m2":
            continue
        value = raw.get(name)
        if _blank(value):
            problems.append(problem("err_fill_in", field=name, subject=subject))
        elif isinstance(value, str):
            try:
                float(value.strip().replace(",", ""))
            except ValueError:
                problems.append(
                    problem(
                        "err_not_number",
                        field=name,
                        value=quote_input(value.strip()),
                        subject=subject,
                    )
                )
    return problems


def _filled_in_problems(
    session: Session, data: dict[str, Any], blanks: list[Problem], carrier: Carrier, today: date
) -> list[Problem]:
    """The checks of the figures that were filled in, while others are blank or text.

    Every mistake of a card shows at once: a blank firm count hid an area ten times the
    carrier's until it was filled in (user QA). The blank figures count as 0 here, which
    no check refuses, so only the filled-in ones can be named.
    """
    probe = data | {p.field: 0 for p in blanks if p.field}
    try:
        item = parse(OccupancyCreate, probe)
    except ValidationFailed:
        return []  # the month or the carrier itself is wrong: said once the row is filled
    item.month = first_of_month(item.month)
    size = size_at(session, carrier, item.month)
    return _check_row(item, carrier, size, today, _subject(carrier))


def _carrier_id_of(raw: OccupancyCreate | dict[str, Any]) -> object:
    return raw.carrier_id if isinstance(raw, OccupancyCreate) else raw.get("carrier_id")


def lock_carriers(session: Session, carrier_ids: list[object]) -> None:
    """Lock the carriers' rows (PostgreSQL: FOR UPDATE) until the transaction ends.

    A report is checked against its carrier's size, and a resize against the newest
    report. Without the lock both checks can read the other's old row at the same
    moment and both commit: a 4,800 m² report in a carrier just cut to 4,000 m². The
    resize takes the same lock (models.services.carriers), so one waits for the other.
    Rows are locked in id order, so two overlapping saves cannot deadlock. SQLite needs
    none of this: a writing transaction holds the whole database from its BEGIN.
    """
    ids = sorted({cid for cid in carrier_ids if isinstance(cid, int)})
    if ids:
        session.exec(
            select(Carrier)
            .where(col(Carrier.id).in_(ids))
            .order_by(col(Carrier.id))
            .with_for_update()
            .execution_options(populate_existing=True)
        ).all()


def previous_report(session: Session, *, carrier_id: int, month: date) -> OccupancyReport | None:
    """The carrier's newest report before ``month`` ("last month" on the sheet)."""
    return session.exec(
        select(OccupancyReport)
        .where(OccupancyReport.carrier_id == carrier_id, OccupancyReport.month < month)
        .order_by(col(OccupancyReport.month).desc())
        .limit(1)
    ).first()


def _check_row(
    row: OccupancyCreate,
    carrier: Carrier,
    size: Size,
    today: date,
    subject: tuple[str, str] | None,
) -> list[Problem]:
    problems: list[Problem] = []
    if row.month > first_of_month(today):
        problems.append(
            problem("err_future_month", month=row.month.strftime("%Y-%m"), subject=subject)
        )
    # A report for a month before the carrier opened (an import took 1900-01, attack QA)
    # describes nothing; with no opening date, the dates' own floor applies.
    opened = first_of_month(carrier.opened_on) if carrier.opened_on else MIN_DATE
    if row.month < opened:
        problems.append(
            problem(
                "err_month_before_open",
                month=row.month.strftime("%Y-%m"),
                opened=opened.strftime("%Y-%m"),
                subject=subject,
            )
        )
    # Against the size the carrier had in the report's month (a late report for a month
    # before a cut may hold more than today's area).
    if row.occupied_area_m2 > size.area_m2:
        problems.append(
            problem(
                "err_occupied_gt_total",
                occupied=row.occupied_area_m2,
                total=size.area_m2,
                field="occupied_area_m2",
                subject=subject,
            )
        )
    if row.occupied_workstations > size.workstations:
        problems.append(
            problem(
                "err_ws_gt_total",
                occupied=row.occupied_workstations,
                total=size.workstations,
                field="occupied_workstations",
                subject=subject,
            )
        )
    return problems


def _implausible(
    row: OccupancyCreate,
    size: Size,
    prev: OccupancyReport | None,
    subject: tuple[str, str] | None,
) -> list[Problem]:
    found = implausible(
        total_area_m2=size.area_m2,
        workstations_total=size.workstations,
        occupied_area_m2=row.occupied_area_m2,
        occupied_workstations=row.occupied_workstations,
        tenant_count=row.tenant_count,
        prev_occupied_area_m2=prev.occupied_area_m2 if prev else None,
        prev_occupied_workstations=prev.occupied_workstations if prev else None,
    )
    return [
        Problem(
            key="err_confirm_implausible",
            params={"why": Problem(key=f.key, params=f.params)},
            subject=subject,
        )
        for f in found
    ]


def save_month(
    session: Session,
    *,
    actor: Actor,
    rows: list[OccupancyCreate | dict[str, Any]],
    today: date,
    reason: str = "",
    confirm_implausible: bool = False,
) -> list[OccupancyReport]:
    """Validate every row first, then write them all (or raise and write nothing).

    Each row is one carrier's figures the manager entered, or ``same_as_last_month:
    True`` to file the previous report's figures again as confirmed unchanged. Rows
    that edit an existing report carry its ``version``. Figures that look like a
    mistake (see :func:`models.occupancy.implausible`) are refused unless
    ``confirm_implausible``. Problems name the carrier, not a row number.
    """
    parsed: list[tuple[OccupancyCreate, bool]] = []
    problems: list[Problem] = []
    lock_carriers(session, [_carrier_id_of(raw) for raw in rows])
    for n, raw in enumerate(rows, start=1):
        data = raw.model_dump() if isinstance(raw, OccupancyCreate) else dict(raw)
        same = bool(data.pop(SAME, False))
        carrier_id = data.get("carrier_id")
        carrier = session.get(Carrier, carrier_id) if isinstance(carrier_id, int) else None
        if carrier is None or carrier.deleted_at is not None:
            problems.append(problem("err_not_found", entity="carrier", id=carrier_id, row=n))
            continue
        subject = _subject(carrier)
        month = data.get("month")
        prev = (
            previous_report(session, carrier_id=carrier.id or 0, month=first_of_month(month))
            if isinstance(month, date)
            else None
        )
        if same:
            if prev is None:
                problems.append(problem("err_no_last_month", subject=subject))
                continue
            # The manager's tick, not their typing, decides the figures.
            data |= {name: getattr(prev, name) for name in FIGURES}
        else:
            figure_problems = _figure_problems(data, subject)
            if figure_problems:
                problems.extend(figure_problems)
                problems.extend(_filled_in_problems(session, data, figure_problems, carrier, today))
                continue
        try:
            item = parse(OccupancyCreate, data, row=n)
        except ValidationFailed as exc:
            problems.extend(replace(p, row=None, subject=subject) for p in exc.problems)
            continue
        item.month = first_of_month(item.month)
        parsed.append((item, same))
        size = size_at(session, carrier, item.month)
        row_problems = _check_row(item, carrier, size, today, subject)
        problems.extend(row_problems)
        # "Confirm if right" only for figures that could be right: beside "46,900 ㎡ is
        # more than the carrier's 4,690 ㎡" it asked for a tick that could not help.
        if not same and not confirm_implausible and not row_problems:
            problems.extend(_implausible(item, size, prev, subject))
    if problems:
        raise ValidationFailed(problems)
    denied = [
        problem(
            "err_permission",
            user=actor.username,
            action="update",
            entity=ENTITY,
            subject=_subject(carrier),
        )
        for item, _ in parsed
        if not actor.may_edit_carrier(carrier := session.get(Carrier, item.carrier_id))  # type: ignore[arg-type]
    ]
    if denied:
        raise PermissionDenied(denied)
    # Rows are written in carrier order, so two overlapping saves lock their rows in
    # the same order and one waits for the other instead of deadlocking.
    ordered = sorted(parsed, key=lambda pair: (pair[0].carrier_id, pair[0].month))
    return [
        _upsert(session, actor=actor, item=item, same=same, reason=reason) for item, same in ordered
    ]


def _upsert(
    session: Session, *, actor: Actor, item: OccupancyCreate, same: bool, reason: str
) -> OccupancyReport:
    existing = session.exec(
        select(OccupancyReport).where(
            OccupancyReport.carrier_id == item.carrier_id,
            OccupancyReport.month == item.month,
        )
    ).first()
    subject = _subject(session.get(Carrier, item.carrier_id))
    values = {**item.model_dump(include=set(FIGURES)), "confirmed_unchanged": same}
    action = "confirm_unchanged" if same else None
    if existing is None:
        report = OccupancyReport(
            **item.model_dump(exclude={"version"}),
            confirmed_unchanged=same,
            reported_by=actor.username,
        )
        try:
            # A savepoint inside the unit of work's transaction: a concurrent insert of
            # the same month is a clean Conflict, and a later failure undoes this row.
            with session.begin_nested():
                session.add(report)
                session.flush()
        except IntegrityError:
            raise Conflict(
                [problem("err_conflict", by="?", at=item.month.strftime("%Y-%m"), subject=subject)]
            ) from None
        audit(
            session,
            actor=actor,
            action=action or "create",
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
        raise Conflict(
            [problem("err_conflict", by=existing.reported_by, at=_fmt(existing), subject=subject)]
        )
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
            [problem("err_conflict", by=existing.reported_by, at=_fmt(existing), subject=subject)]
        ) from None
    old, new = diff(before, snapshot(existing))
    if old:
        audit(
            session,
            actor=actor,
            action=action or "update",
            entity=ENTITY,
            entity_id=existing.id,
            before=old,
            after=new,
            reason=reason,
        )
    return existing


def _fmt(report: OccupancyReport) -> str:
    return report.reported_at.strftime("%Y-%m-%d %H:%M")
