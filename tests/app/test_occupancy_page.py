"""The monthly sheet writes only what a manager entered, and says what is wrong where.

A stand-in for st.data_editor applies cell edits like a user would (AppTest cannot type
into the grid); the page's own logic decides what reaches the database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import Any
from unittest.mock import patch

import pandas as pd
from sqlmodel import Session, func, select
from streamlit.testing.v1 import AppTest

from models.audit import AuditEvent
from models.carrier import Carrier
from models.common import default_end_month
from models.db import get_engine
from models.occupancy import OccupancyReport
from tests.app.conftest import page

OCCUPANCY = page("Occupancy")
Changes = dict[int, dict[str, Any]]


def editing(changes: Changes) -> Callable[..., pd.DataFrame]:
    """A grid stand-in applying ``changes`` ({carrier id: {column: value}}) when it runs.

    The dict is read at each run, so a test can load the sheet first and type after.
    """

    def editor(data: pd.DataFrame, **_: Any) -> pd.DataFrame:
        edited = data.copy().astype({c: object for c in data.columns})
        for carrier_id, values in changes.items():
            row = edited.index[edited["carrier_id"] == carrier_id][0]
            for column, value in values.items():
                edited.loc[row, column] = value
        return edited

    return editor


def _reports(url: str, month: date) -> dict[int, tuple[float, int, int, int, bool]]:
    with Session(get_engine(url)) as session:
        rows = session.exec(select(OccupancyReport).where(OccupancyReport.month == month)).all()
        return {
            r.carrier_id: (
                r.occupied_area_m2,
                r.occupied_workstations,
                r.tenant_count,
                r.version,
                getattr(r, "confirmed_unchanged", None),  # None: a schema without it
            )
            for r in rows
        }


def _not_reported(url: str, month: date) -> int:
    """The home page's "not reported" figure, counted straight from the tables."""
    with Session(get_engine(url)) as session:
        carriers = session.exec(select(func.count()).select_from(Carrier)).one()
        reported = session.exec(
            select(func.count()).select_from(OccupancyReport).where(OccupancyReport.month == month)
        ).one()
    return int(carriers) - int(reported)


def _sheet(at: AppTest) -> pd.DataFrame:
    return at.session_state[f"occ_sheet_{default_end_month().isoformat()}"]  # type: ignore[no-any-return]


def _unreported(at: AppTest) -> pd.Series:
    """The first carrier on the sheet with no report this month but one the month before.

    Read from the database, not from the page, so the test means the same on any page.
    """
    month = default_end_month()
    ids = [int(i) for i in _sheet(at)["carrier_id"]]
    with Session(get_engine(_db_url(at))) as session:
        for carrier_id in ids:
            reports = session.exec(
                select(OccupancyReport)
                .where(OccupancyReport.carrier_id == carrier_id, OccupancyReport.month <= month)
                .order_by(OccupancyReport.month.desc())  # type: ignore[attr-defined]
            ).all()
            if reports and reports[0].month < month:
                carrier = session.get(Carrier, carrier_id)
                assert carrier is not None
                prev = reports[0]
                return pd.Series(
                    {
                        "carrier_id": carrier_id,
                        "name_zh": carrier.name_zh,
                        "total_area_m2": carrier.total_area_m2,
                        "prev_occupied_area_m2": prev.occupied_area_m2,
                        "prev_occupied_workstations": prev.occupied_workstations,
                        "prev_tenant_count": prev.tenant_count,
                    }
                )
    raise AssertionError("the sample data has no unreported carrier in this scope")


def _db_url(_at: AppTest) -> str:
    return os.environ["DATABASE_URL"]


def _save(at: AppTest) -> None:
    next(b for b in at.button if b.label == "全部保存").click().run()


def _messages(at: AppTest) -> str:
    return " ".join(e.value for e in at.error).replace("\\", "")


def test_manager_sees_only_their_carriers(make_app: Callable[..., AppTest]) -> None:
    seen: list[pd.DataFrame] = []
    with patch("streamlit.data_editor", lambda data, **_: seen.append(data) or data):
        at = make_app(OCCUPANCY, user="suhe").run()
    assert not at.exception
    assert seen and len(seen[-1]) > 0
    names = " ".join(seen[-1]["name_zh"])
    assert "聚能湾" not in names  # a Shibei carrier is not in the Suzhou River manager's scope


def test_last_month_is_shown_apart_and_this_month_starts_blank(
    make_app: Callable[..., AppTest],
) -> None:
    seen: list[pd.DataFrame] = []
    with patch("streamlit.data_editor", lambda data, **_: seen.append(data) or data):
        at = make_app(OCCUPANCY, user="shibei").run()
    row = _unreported(at)
    shown = seen[-1].set_index("carrier_id").loc[int(row["carrier_id"])]
    assert pd.isna(shown["occupied_area_m2"]) and pd.isna(shown["tenant_count"])
    assert shown["prev_occupied_area_m2"] == row["prev_occupied_area_m2"] > 0


def test_one_changed_figure_writes_one_report(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    month = default_end_month()
    changes: Changes = {}
    with patch("streamlit.data_editor", editing(changes)):
        at = make_app(OCCUPANCY, user="shibei").run()
        assert not at.exception
        row = _unreported(at)
        before, missing_before = _reports(app_db, month), _not_reported(app_db, month)
        area = float(row["prev_occupied_area_m2"]) - 10.0
        ws, tenants = int(row["prev_occupied_workstations"]), int(row["prev_tenant_count"])
        changes[int(row["carrier_id"])] = {
            "occupied_area_m2": area,
            "occupied_workstations": ws,
            "tenant_count": tenants,
        }
        at.text_input(key="occ_reason").input("10月新入驻一家")
        _save(at)
    assert not at.error, _messages(at)
    # It says what it saved, by name, and the next save starts without this reason.
    said = [s.value for s in at.success]
    assert any("已保存" in s and "1 个载体" in s and row["name_zh"] in s for s in said), said
    assert at.text_input(key="occ_reason_g1").value == ""  # a new field (see ui_edits.renew)
    after = _reports(app_db, month)
    assert set(after) - set(before) == {int(row["carrier_id"])}  # exactly one new report
    assert {k: after[k] for k in before} == before  # every other report untouched
    assert after[int(row["carrier_id"])] == (area, ws, tenants, 1, False)
    assert _not_reported(app_db, month) == missing_before - 1


def test_same_as_last_month_tick_files_a_confirmed_copy(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    month = default_end_month()
    changes: Changes = {}
    with patch("streamlit.data_editor", editing(changes)):
        at = make_app(OCCUPANCY, user="shibei").run()
        row = _unreported(at)
        carrier_id = int(row["carrier_id"])
        before = _reports(app_db, month)
        changes[carrier_id] = {"same_as_last_month": True}
        _save(at)
    assert not at.error, _messages(at)
    after = _reports(app_db, month)
    assert set(after) - set(before) == {carrier_id}
    assert after[carrier_id] == (
        row["prev_occupied_area_m2"],
        row["prev_occupied_workstations"],
        row["prev_tenant_count"],
        1,
        True,
    )
    with Session(get_engine(app_db)) as session:
        report = session.exec(
            select(OccupancyReport).where(
                OccupancyReport.carrier_id == carrier_id, OccupancyReport.month == month
            )
        ).one()
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.entity == "occupancy", AuditEvent.entity_id == report.id
            )
        ).one()
    assert event.username == "shibei" and event.action == "confirm_unchanged"
    assert '"confirmed_unchanged": true' in (event.after or "")


def test_blank_and_text_cells_get_their_own_messages_naming_the_carrier(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    month = default_end_month()
    changes: Changes = {}
    with patch("streamlit.data_editor", editing(changes)):
        at = make_app(OCCUPANCY, user="shibei").run()
        row = _unreported(at)
        before = _reports(app_db, month)
        changes[int(row["carrier_id"])] = {"occupied_area_m2": "abc", "tenant_count": 2}
        _save(at)
    messages = _messages(at)
    assert f"{row['name_zh']}：“已出租面积”须为数字" in messages, messages
    assert f"{row['name_zh']}：请填写“已用工位”" in messages, messages
    assert "不能为负数" not in messages and "第 " not in messages
    assert _reports(app_db, month) == before


def test_implausible_figures_need_a_confirmation(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    month = default_end_month()
    changes: Changes = {}
    with patch("streamlit.data_editor", editing(changes)):
        at = make_app(OCCUPANCY, user="shibei").run()
        row = _unreported(at)
        carrier_id = int(row["carrier_id"])
        before = _reports(app_db, month)
        # Half the previous workstations and a 40-point fall in the rate.
        area = float(row["prev_occupied_area_m2"]) - 0.4 * float(row["total_area_m2"])
        ws = int(row["prev_occupied_workstations"]) // 3
        changes[carrier_id] = {
            "occupied_area_m2": round(area, 1),
            "occupied_workstations": ws,
            "tenant_count": 1,
        }
        at.run()
        warning = " ".join(w.value for w in at.warning).replace("\\", "")
        assert row["name_zh"] in warning and "30 个百分点" in warning and "一半" in warning
        _save(at)  # not confirmed: refused, naming the carrier
        assert row["name_zh"] in _messages(at) and "确认" in _messages(at)
        assert _reports(app_db, month) == before
        next(c for c in at.checkbox if c.label.startswith("我已核对")).check().run()
        _save(at)
    assert not at.error, _messages(at)
    assert _reports(app_db, month)[carrier_id][:2] == (round(area, 1), ws)


def test_after_a_conflict_reload_lets_the_next_save_succeed(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    month = default_end_month()
    changes_a: Changes = {}
    changes_b: Changes = {}
    with patch("streamlit.data_editor", editing(changes_a)):
        a = make_app(OCCUPANCY, user="shibei").run()
    with patch("streamlit.data_editor", editing(changes_b)):
        b = make_app(OCCUPANCY, user="shibei").run()  # B opened the sheet too
    row = _unreported(a)
    carrier_id = int(row["carrier_id"])
    figures = {"occupied_workstations": int(row["prev_occupied_workstations"]), "tenant_count": 1}
    changes_a[carrier_id] = {"occupied_area_m2": float(row["prev_occupied_area_m2"]), **figures}
    changes_b[carrier_id] = {"occupied_area_m2": float(row["prev_occupied_area_m2"]) - 5, **figures}
    with patch("streamlit.data_editor", editing(changes_a)):
        _save(a)
    assert not a.error, _messages(a)
    with patch("streamlit.data_editor", editing(changes_b)):
        _save(b)
        assert "已被 shibei" in _messages(b)
        next(x for x in b.button if x.label == "重新载入").click().run()
        assert not b.error
        _save(b)
    assert not b.error, _messages(b)
    assert _reports(app_db, month)[carrier_id][0] == float(row["prev_occupied_area_m2"]) - 5


def test_after_a_conflict_the_next_save_succeeds_without_a_reload(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """The sheet picks up the newer version itself and keeps what the manager typed."""
    month = default_end_month()
    changes_a: Changes = {}
    changes_b: Changes = {}
    with patch("streamlit.data_editor", editing(changes_a)):
        a = make_app(OCCUPANCY, user="shibei").run()
    with patch("streamlit.data_editor", editing(changes_b)):
        b = make_app(OCCUPANCY, user="shibei").run()
    row = _unreported(a)
    carrier_id = int(row["carrier_id"])
    figures = {"occupied_workstations": int(row["prev_occupied_workstations"]), "tenant_count": 1}
    changes_a[carrier_id] = {"occupied_area_m2": float(row["prev_occupied_area_m2"]), **figures}
    changes_b[carrier_id] = {"occupied_area_m2": float(row["prev_occupied_area_m2"]) - 5, **figures}
    with patch("streamlit.data_editor", editing(changes_a)):
        _save(a)
    with patch("streamlit.data_editor", editing(changes_b)):
        _save(b)
        assert "已被 shibei" in _messages(b)
        assert any("已载入最新版本" in i.value for i in b.info)
        _save(b)  # the same figures again, no reload in between
    assert not b.error, _messages(b)
    assert _reports(app_db, month)[carrier_id][0] == float(row["prev_occupied_area_m2"]) - 5


def test_live_rate_follows_the_typed_area(make_app: Callable[..., AppTest]) -> None:
    seen: list[pd.DataFrame] = []
    with patch("streamlit.data_editor", lambda data, **_: seen.append(data) or data):
        at = make_app(OCCUPANCY, user="shibei").run()
        sheet = _sheet(at)
        pos = int(sheet.index[sheet["carrier_id"] == _unreported(at)["carrier_id"]][0])
        total = float(sheet.iloc[pos]["total_area_m2"])
        editor_key = f"occ_editor_{default_end_month().isoformat()}_{at.session_state['occ_gen']}"
        # What the grid keeps in session state after the manager typed half the area.
        at.session_state[editor_key] = {
            "edited_rows": {str(pos): {"occupied_area_m2": total / 2}},
            "added_rows": [],
            "deleted_rows": [],
        }
        at.run()
    assert seen[-1].iloc[pos]["rate"] == "50.0%"


def test_viewer_cannot_open_the_sheet(make_app: Callable[..., AppTest]) -> None:
    at = make_app(OCCUPANCY, user="viewer").run()
    assert any("请先" in i.value for i in at.info)


def test_the_carriers_still_to_report_are_named_and_come_first(
    make_app: Callable[..., AppTest],
) -> None:
    # User QA: "2 个载体尚未填报" and then a search through 38 cards for the two.
    seen: list[pd.DataFrame] = []
    with patch("streamlit.data_editor", lambda data, **_: seen.append(data) or data):
        at = make_app(OCCUPANCY, user="shibei").run()
    assert not at.exception
    sheet = _sheet(at)
    missing = sheet[sheet["version"].isna()]
    assert 0 < len(missing) < len(sheet)
    warning = " ".join(w.value for w in at.warning).replace("\\", "")
    assert f"{len(missing)} 个载体尚未填报" in warning
    assert all(str(name) in warning for name in missing["name_zh"].head(5)), warning
    # They lead the grid the manager sees.
    first = seen[-1]["carrier_id"].head(len(missing)).tolist()
    assert sorted(first) == sorted(missing["carrier_id"].tolist())


def test_the_grid_leads_with_the_tick_and_says_how_many_rows_scroll(
    make_app: Callable[..., AppTest],
) -> None:
    """User QA at 1366 px: the tick column was off-screen, and 15 of 38 rows showed unsaid."""
    seen: list[pd.DataFrame] = []
    with patch("streamlit.data_editor", lambda data, **_: seen.append(data) or data):
        at = make_app(OCCUPANCY, user="shibei").run()
    assert not at.exception
    columns = list(seen[-1].columns)
    assert columns[:3] == ["carrier_id", "name_zh", "same_as_last_month"], columns
    rows = len(seen[-1])
    assert rows > 15, "the sample gives the Shibei manager more rows than the grid shows"
    assert any(f"共 {rows} 个载体" in c.value for c in at.caption), [c.value for c in at.caption]


def test_a_typed_tenant_count_unlike_the_records_is_pointed_out(
    make_app: Callable[..., AppTest],
) -> None:
    """User QA: 6 typed while the records held 8, silently; a hint, not a refusal."""
    changes: Changes = {}
    with patch("streamlit.data_editor", editing(changes)):
        at = make_app(OCCUPANCY, user="shibei").run()
        row = _unreported(at)
        sheet = _sheet(at)
        recorded = int(
            sheet.loc[sheet["carrier_id"] == row["carrier_id"], "recorded_tenants"].iloc[0]
        )
        changes[int(row["carrier_id"])] = {"tenant_count": recorded + 3}
        at.run()
    notes = [c.value for c in at.caption if "与入驻登记不一致" in c.value]
    assert notes and f"填 {recorded + 3} 家、登记 {recorded} 家" in notes[0], notes
