"""A manager saves a month of occupancy; a bad row is refused and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from unittest.mock import patch

import pandas as pd
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.audit import AuditEvent
from models.common import default_end_month
from models.db import get_engine
from models.occupancy import OccupancyReport
from tests.app.conftest import page

OCCUPANCY = page("Occupancy")


def editing(changes: dict[int, dict[str, Any]]) -> Callable[..., pd.DataFrame]:
    """A stand-in for st.data_editor that applies cell edits like a user would."""

    def editor(data: pd.DataFrame, **_: Any) -> pd.DataFrame:
        edited = data.copy()
        for row, values in changes.items():
            for column, value in values.items():
                edited.loc[edited.index[row], column] = value
        return edited

    return editor


def _reports(url: str, month: date) -> dict[int, OccupancyReport]:
    with Session(get_engine(url)) as session:
        rows = session.exec(select(OccupancyReport).where(OccupancyReport.month == month)).all()
        return {r.carrier_id: r for r in rows}


def _save(at: AppTest) -> None:
    next(b for b in at.button if b.label == "全部保存").click().run()


def test_manager_sees_only_their_carriers(make_app: Callable[..., AppTest]) -> None:
    seen: list[pd.DataFrame] = []
    with patch("streamlit.data_editor", lambda data, **_: seen.append(data) or data):
        at = make_app(OCCUPANCY, user="suhe").run()
    assert not at.exception
    assert seen and len(seen[-1]) > 0
    names = " ".join(seen[-1]["name_zh"])
    assert "聚能湾" not in names  # a Shibei carrier is not in the Suzhou River manager's scope


def test_manager_saves_a_month(make_app: Callable[..., AppTest], app_db: str) -> None:
    month = default_end_month()
    with patch("streamlit.data_editor", editing({0: {"occupied_area_m2": 1234.0}})):
        at = make_app(OCCUPANCY, user="shibei").run()
        assert not at.exception
        before = _reports(app_db, month)
        _save(at)
    assert not at.error, [e.value for e in at.error]
    after = _reports(app_db, month)
    assert 1234.0 in {r.occupied_area_m2 for r in after.values()}
    changed = next(r for r in after.values() if r.occupied_area_m2 == 1234.0)
    assert changed.reported_by == "shibei"
    assert len(after) >= len(before)
    with Session(get_engine(app_db)) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.username == "shibei")).all()
    assert any(e.entity == "occupancy" for e in events)


def test_bad_row_is_rejected_and_nothing_saved(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    month = default_end_month()
    bad = {0: {"occupied_area_m2": 10.0}, 1: {"occupied_area_m2": 99_999_999.0}}
    with patch("streamlit.data_editor", editing(bad)):
        at = make_app(OCCUPANCY, user="shibei").run()
        before = _reports(app_db, month)
        _save(at)
    messages = " ".join(e.value for e in at.error)
    assert "第 2 行" in messages and "超过载体总面积" in messages
    after = _reports(app_db, month)
    assert {k: (r.occupied_area_m2, r.version) for k, r in after.items()} == {
        k: (r.occupied_area_m2, r.version) for k, r in before.items()
    }


def test_viewer_cannot_open_the_sheet(make_app: Callable[..., AppTest]) -> None:
    at = make_app(OCCUPANCY, user="viewer").run()
    assert any("请先" in i.value for i in at.info)
