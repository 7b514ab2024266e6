"""Graduations counted by hand from stored rows, for page-level tests.

Plain Python over ORM rows, independent of models.chain and models.overview: a test's
expected figure must not come from the function under test. A graduation is an exit
with reason "graduated" in the year, by the month's end, whose firm moved (on or after
that exit, by the month's end) into a carrier of a later stage; the stage of a tenancy
is its carrier's stage on the move-in day; each exit counts once, towards its earliest
such destination.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from models.carrier import CarrierStageChange
from models.db import get_engine
from models.occupancy import OccupancyReport
from models.tenant import Tenancy

RANK = {"public_space": 0, "nursery": 1, "incubator": 2, "accelerator": 3}


def hand_graduations(
    url: str, month: date | None = None, *, frm: str | None = None, to: str | None = None
) -> tuple[int, int]:
    """(year, count) of graduations in ``month``'s year up to its end.

    ``month`` defaults to the newest reported month; ``frm``/``to`` restrict the stage
    left and the stage of the (earliest) destination, None: any.
    """
    with Session(get_engine(url)) as s:
        month = month or max(r.month for r in s.exec(select(OccupancyReport)).all())
        history: dict[int, list[tuple[date, int, str]]] = {}
        for ch in s.exec(select(CarrierStageChange)).all():
            history.setdefault(ch.carrier_id, []).append((ch.changed_on, ch.id or 0, ch.stage))
        tenancies = s.exec(select(Tenancy)).all()

    def stage_at_start(t: Tenancy) -> str:
        """The carrier's stage the day the firm moved in (else its earliest recorded)."""
        rows = sorted(history[t.carrier_id])
        before = [r for r in rows if r[0] <= t.start_on]
        return (before[-1] if before else rows[0])[2]

    stage = {t.id: stage_at_start(t) for t in tenancies}
    nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    count = 0
    for out in tenancies:
        if out.exit_reason != "graduated" or out.end_on is None or out.end_on > last:
            continue
        if out.end_on.year != month.year or (frm is not None and stage[out.id] != frm):
            continue
        later = [
            t
            for t in tenancies
            if t.tenant_id == out.tenant_id
            and t.id != out.id
            and out.end_on <= t.start_on <= last
            and RANK[stage[t.id]] > RANK[stage[out.id]]
        ]
        first = min(later, key=lambda t: (t.start_on, t.id or 0), default=None)
        if first is not None and (to is None or stage[first.id] == to):
            count += 1
    return month.year, count
