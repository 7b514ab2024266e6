"""A carrier's growth stage on a given day, from its stored stage history.

The rule of :func:`models.stage_history.stage_on` (the chain page's), for one carrier
inside a write: the newest change dated on or before the day; before the first, the
earliest recorded stage; with no history, the carrier's current stage.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from models.carrier import Carrier, CarrierStageChange
from models.enums import Stage


def stage_rows(session: Session, carrier_id: int | None) -> list[CarrierStageChange]:
    """A carrier's stage history, oldest first (one statement)."""
    return list(
        session.exec(
            select(CarrierStageChange)
            .where(CarrierStageChange.carrier_id == carrier_id)
            .order_by(col(CarrierStageChange.changed_on), col(CarrierStageChange.id))
        ).all()
    )


def stage_on(session: Session, carrier: Carrier, day: date) -> Stage:
    """The carrier's stage on ``day``."""
    rows = stage_rows(session, carrier.id)
    if not rows:
        return Stage(carrier.stage)
    known = [r for r in rows if r.changed_on <= day]
    return Stage((known[-1] if known else rows[0]).stage)
