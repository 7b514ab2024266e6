"""No lost updates through the UI, and navigation that follows the user's role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest.mock import patch

import pandas as pd
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.common import default_end_month
from models.db import get_engine, session_scope
from models.occupancy import OccupancyReport
from models.services.core import SYSTEM
from models.services.occupancy import save_month
from tests.app.conftest import page

OCCUPANCY = page("Occupancy")


def _last_row_editor() -> Callable[..., pd.DataFrame]:
    """Takes 1 m² off the last row's area: a carrier that reported already (the sheet
    lists the carriers still to report first), changed by an ordinary amount."""

    def editor(data: pd.DataFrame, **_: Any) -> pd.DataFrame:
        edited = data.copy()
        row = edited.index[-1]
        edited.loc[row, "occupied_area_m2"] = float(edited.loc[row, "occupied_area_m2"]) - 1
        return edited

    return editor


def test_second_editor_gets_a_conflict_not_a_silent_overwrite(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    month = default_end_month()
    with patch("streamlit.data_editor", _last_row_editor()):
        at = make_app(OCCUPANCY, user="shibei").run()  # the sheet is loaded now
        carrier_id = int(at.session_state[f"occ_sheet_{month.isoformat()}"].iloc[-1]["carrier_id"])
        # Meanwhile someone else files (or corrects) the same carrier and month.
        with session_scope(get_engine(app_db)) as session:
            existing = session.exec(
                select(OccupancyReport).where(
                    OccupancyReport.carrier_id == carrier_id, OccupancyReport.month == month
                )
            ).first()
            save_month(
                session,
                actor=SYSTEM,
                today=month.replace(day=28),
                confirm_implausible=True,
                rows=[
                    {
                        "carrier_id": carrier_id,
                        "month": month,
                        "occupied_area_m2": 222.0,
                        "occupied_workstations": 1,
                        "tenant_count": 1,
                        "version": existing.version if existing else None,
                    }
                ],
            )
        next(b for b in at.button if b.label == "全部保存").click().run()
    messages = " ".join(e.value for e in at.error)
    assert "已被" in messages and "system" in messages
    with Session(get_engine(app_db)) as session:
        stored = session.exec(
            select(OccupancyReport).where(
                OccupancyReport.carrier_id == carrier_id, OccupancyReport.month == month
            )
        ).one()
    assert stored.occupied_area_m2 == 222.0  # the other person's figure survives


def _links(at: AppTest) -> list[str]:
    return [str(link.proto.label) for link in at.sidebar.get("page_link")]


def test_leadership_sees_no_editing_pages(make_app: Callable[..., AppTest]) -> None:
    anonymous = _links(make_app().run())
    assert "地图" in anonymous and "出租率填报" not in anonymous and "用户管理" not in anonymous
    manager = _links(make_app(user="shibei").run())
    assert "出租率填报" in manager and "审计记录" in manager and "用户管理" not in manager
    assert "用户管理" in _links(make_app(user="admin").run())
