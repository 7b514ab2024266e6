"""A carrier's dated size history on the write side: record a resize, read a month's size.

The read side for pages is :mod:`models.size_history` (pure pandas, same rule). Here a
single month's size is looked up for a save: a report for a month before a cut is
checked against the area the carrier had then, and a cut is checked against the
reports of the months it applies to, not against older ones.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.carrier import Carrier, CarrierSizeChange, CarrierStageChange
from models.common import shanghai_today
from models.errors import Problem, problem
from models.occupancy import OccupancyReport
from models.services import carrier_fill
from models.services.carrier_stages import stage_rows
from models.services.core import Actor
from models.stage_history import month_end
from models.validation import MIN_DATE


def history_floor(
    session: Session,
    table: type[CarrierSizeChange] | type[CarrierStageChange],
    carrier_id: int,
    opened_on: date | None,
) -> date:
    """The earliest day a new row of a carrier's dated history may carry.

    Not before its opening nor before the newest row: a backdated change would sort
    before the history it follows (attack QA: the record said accelerator while every
    month since showed incubator).
    """
    last = session.exec(
        select(func.max(table.changed_on)).where(table.carrier_id == carrier_id)
    ).one()
    return max(d for d in (last, opened_on, date.min) if d is not None)


def last_change_on(
    session: Session,
    table: type[CarrierSizeChange] | type[CarrierStageChange],
    carrier_id: int,
    opened_on: date | None,
) -> date:
    """The day of a carrier's newest stage or size row: a change dated that day again
    replaces it (the later row wins a tie). With no rows, the opening (else
    :data:`~models.validation.MIN_DATE`): the whole history."""
    last = session.exec(
        select(func.max(table.changed_on)).where(table.carrier_id == carrier_id)
    ).one()
    return last or opened_on or MIN_DATE


def follow_opening(
    session: Session, carrier_id: int, *, old: date | None, new: date | None
) -> None:
    """A carrier's first stage and size rows, dated its old opening, move with it.

    They were written when the carrier was entered, not by the user. Left at the old
    opening (2027-01-01) after the opening moved to 2026-12-15, they made every change
    dated before them refused, and the date field could not go past the new opening:
    the carrier's size and stage could not be changed at all (attack QA recheck).
    """
    if old is None or new is None or old == new:
        return
    for rows in (stage_rows(session, carrier_id), size_rows(session, carrier_id)):
        days = [r.changed_on for r in rows]
        if days and days[0] == old and (len(days) == 1 or new <= days[1]):
            rows[0].changed_on = new
            session.add(rows[0])


class Size(NamedTuple):
    """A carrier's total area and workstations in one month."""

    area_m2: float
    workstations: int


def size_rows(session: Session, carrier_id: int | None) -> list[CarrierSizeChange]:
    """A carrier's size history, oldest first (one statement)."""
    return list(
        session.exec(
            select(CarrierSizeChange)
            .where(CarrierSizeChange.carrier_id == carrier_id)
            .order_by(col(CarrierSizeChange.changed_on), col(CarrierSizeChange.id))
        ).all()
    )


def size_in(rows: list[CarrierSizeChange], carrier: Carrier, month: date) -> Size:
    """The carrier's size at the end of ``month`` from its ``rows`` (:func:`size_rows`),
    by :mod:`models.size_history`'s rule.

    The newest recorded size dated by the month's end; before the first, the earliest
    recorded one; with no history, the carrier's current size.
    """
    if not rows:
        return Size(carrier.total_area_m2, carrier.workstations_total)
    last = month_end(month)
    known = [r for r in rows if r.changed_on <= last]
    row = known[-1] if known else rows[0]
    return Size(row.total_area_m2, row.workstations_total)


def size_at(session: Session, carrier: Carrier, month: date) -> Size:
    """The carrier's size at the end of ``month`` (:func:`size_in` on its stored rows)."""
    return size_in(size_rows(session, carrier.id), carrier, month)


def record_size(
    session: Session, carrier: Carrier, *, on: date, actor: Actor, replaced: Size | None = None
) -> None:
    """Add the carrier's current size to its history, dated ``on``.

    ``replaced`` is the size it had before: written first, dated the opening (with no
    opening date, :data:`~models.validation.MIN_DATE`), when the carrier has no history
    yet (created before the history existed), so the months before ``on`` keep dividing
    by it.
    """
    carrier_id = int(carrier.id or 0)
    if replaced is not None and not size_rows(session, carrier_id):
        since = min(carrier.opened_on or MIN_DATE, on)
        session.add(_row(carrier_id, replaced, since, actor))
    session.add(
        _row(carrier_id, Size(carrier.total_area_m2, carrier.workstations_total), on, actor)
    )


def _row(carrier_id: int, size: Size, on: date, actor: Actor) -> CarrierSizeChange:
    return CarrierSizeChange(
        carrier_id=carrier_id,
        total_area_m2=size.area_m2,
        workstations_total=size.workstations,
        changed_on=on,
        changed_by=actor.username,
    )


def resize_problems(
    session: Session,
    carrier_id: int,
    *,
    new: Size,
    changed: set[str],
    since: date,
    opened_on: date | None,
) -> list[Problem]:
    """A resize dated ``since`` must fit the reports of every month it applies to.

    It applies from ``since``'s month on (a size is the size at the month's end), so a
    report of that month or later may not hold more than the new size; older reports
    keep their own month's size. It may not be dated before the opening or the last
    recorded resize either (it would be sorted before the history it follows).
    """
    floor = history_floor(session, CarrierSizeChange, carrier_id, opened_on)
    if since < floor:
        return [problem("err_size_date_order", field="size_changed_on", on=since, floor=floor)]
    if late := too_late(since, opened_on, field="size_changed_on"):
        return late
    reports = session.exec(
        select(OccupancyReport).where(
            OccupancyReport.carrier_id == carrier_id,
            col(OccupancyReport.month) >= since.replace(day=1),
        )
    ).all()
    problems: list[Problem] = []
    checks = (
        ("total_area_m2", "err_area_below_reported", new.area_m2, "occupied_area_m2"),
        ("workstations_total", "err_ws_below_reported", new.workstations, "occupied_workstations"),
    )
    for field, key, total, figure in checks:
        over = [r for r in reports if getattr(r, figure) > total]
        if field in changed and over:
            worst = max(over, key=lambda r: (getattr(r, figure), r.month))
            problems.append(
                problem(
                    key,
                    field=field,
                    total=total,
                    occupied=getattr(worst, figure),
                    month=worst.month.strftime("%Y-%m"),
                    since=since,
                )
            )
    if "total_area_m2" in changed and not problems:
        # Nor the firms inside: from the first of the month on, the new size applies.
        first = since.replace(day=1)
        found = carrier_fill.first_overfull(
            carrier_fill.carrier_stays(session, carrier_id, start=first, end=None),
            start=first,
            end=None,
            extra_m2=0.0,
            area_on=lambda _day: new.area_m2,
        )
        if found is not None:
            problems.append(
                problem(
                    "err_area_below_tenancies",
                    field="total_area_m2",
                    total=new.area_m2,
                    since=since,
                    day=found.day,
                    used=found.rented_m2,
                )
            )
    return problems


def too_late(since: date, opened_on: date | None, *, field: str) -> list[Problem]:
    """A stage or size change may not take effect after today (or the opening, if later).

    One mistyped year (2027) sorted after every later real change and froze the
    history: each resize before it was refused as out of order (attack QA).
    """
    ceiling = max(shanghai_today(), opened_on or date.min)
    if since > ceiling:
        return [problem("err_change_in_future", field=field, on=since, ceiling=ceiling)]
    return []
