"""A carrier's growth stage on a given day, from its stored stage history.

The rule of :func:`models.stage_history.stage_on` (the chain page's), for one carrier
inside a write: the newest change dated on or before the day; before the first, the
earliest recorded stage; with no history, the carrier's current stage.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from models import chain
from models.carrier import Carrier, CarrierStageChange
from models.common import shanghai_today
from models.enums import Stage
from models.errors import Problem, problem


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


def matched_graduations(session: Session) -> dict[int, str]:
    """Graduated exits the chain page counts (a later-stage move-in follows), by the
    exit's tenancy id, with the firm's name. Its own rule: :func:`models.chain.graduations`.
    """
    events, _ = chain.graduations(chain.staged_tenancies(session), as_of=shanghai_today())
    return dict(zip(events["from_tenancy_id"].astype(int), events["tenant_name"], strict=True))


def lost_graduations(session: Session, before: dict[int, str], *, on: date) -> list[Problem]:
    """A stage change dated ``on`` (already written, not committed) may not undo a
    recorded graduation: backdated, it turned a nursery → incubator move into incubator
    → incubator, and home and the chain lost it without a word (recheck QA)."""
    session.flush()
    after = matched_graduations(session)
    lost = [name for tid, name in before.items() if tid not in after]
    if not lost:
        return []
    names = "、".join(lost[:3]) + (f" 等 {len(lost)} 家" if len(lost) > 3 else "")
    return [problem("err_stage_breaks_graduation", field="stage_changed_on", on=on, names=names)]
