"""The occupancy definition computed by hand from stored rows, for page-level tests.

Deliberately plain Python over ORM rows, independent of models.occupancy_rate and
models.queries: a test's expected figure must not come from the function under test.
As of the newest reported month M, each live carrier's newest report with month in
[M-2, M] is used; rate = sum of occupied area / sum of total area over those carriers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models.carrier import Carrier
from models.db import get_engine
from models.occupancy import OccupancyReport


@dataclass(frozen=True)
class HandFigure:
    month: date
    rate: float | None
    used: int
    live: int
    not_reported: list[str]

    @property
    def shown(self) -> str:
        """The rate as the pages print it ("81.6%")."""
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def _months_back(month: date, n: int) -> date:
    m = month.year * 12 + month.month - 1 - n
    return date(m // 12, m % 12 + 1, 1)


def hand_figure(url: str) -> HandFigure:
    """The district figure of the database at ``url``, computed by hand."""
    with Session(get_engine(url)) as s:
        carriers = s.exec(select(Carrier).where(col(Carrier.deleted_at).is_(None))).all()
        reports = s.exec(select(OccupancyReport)).all()
    month = max(r.month for r in reports)
    oldest = _months_back(month, 2)
    newest: dict[int, OccupancyReport] = {}
    for r in reports:
        if r.carrier_id not in newest or r.month > newest[r.carrier_id].month:
            newest[r.carrier_id] = r
    occupied = total = 0.0
    used = 0
    missing = []
    for c in carriers:
        if c.opened_on is not None and c.opened_on >= _months_back(month, -1):
            continue  # opens after M: not a live carrier yet
        r = newest.get(int(c.id or 0))
        if r is not None and r.month >= oldest:
            occupied += r.occupied_area_m2
            total += c.total_area_m2
            used += 1
        if r is None or r.month != month:
            missing.append(c.name_zh)
    live = len(carriers) - sum(
        1 for c in carriers if c.opened_on is not None and c.opened_on >= _months_back(month, -1)
    )
    return HandFigure(month, occupied / total if total else None, used, live, missing)
