"""The monthly update as cards (the phone view): the same rules as the grid.

A manager types into the number inputs of two cards and saves: exactly those two
carriers get a report. A save made meanwhile by someone else is a conflict, and the
next save goes through with what the manager typed; implausible figures need the tick.
Each path runs in Chinese and in English.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.chain_format import fmt_month
from models.common import default_end_month
from models.db import get_engine
from models.occupancy import OccupancyReport
from tests.app.conftest import page

OCCUPANCY = page("Occupancy")

# What the manager reads, written out by hand per language.
TEXT = {
    "zh": {
        "conflict": "已被 shibei",
        "refreshed": "已载入最新版本",
        "rate_jump": "30 个百分点",
        "confirm_needed": "请核对后勾选确认",
        "confirm_box": "我已核对以上数值",
        "rate": "本月出租率：",
        "cards": "卡片",
    },
    "en": {
        "conflict": "changed by shibei",
        "refreshed": "The newest version is loaded",
        "rate_jump": "30 percentage points",
        "confirm_needed": "tick the confirmation",
        "confirm_box": "I have checked these figures",
        "rate": "Rate this month: ",
        "cards": "Cards",
    },
}
Figures = tuple[float, int, int]


def _open(make_app: Callable[..., AppTest], lang: str) -> AppTest:
    """The occupancy page for shibei in the card view, as ``?view=cards&lang=..`` opens it."""
    at = make_app(OCCUPANCY, user="shibei")
    at.query_params["view"] = "cards"
    at.query_params["lang"] = lang
    return at.run()


def _sheet(at: AppTest) -> pd.DataFrame:
    return at.session_state[f"occ_sheet_{default_end_month().isoformat()}"]  # type: ignore[no-any-return]


def _key(at: AppTest, carrier_id: int, field: str) -> str:
    generation = f"{default_end_month().isoformat()}_{at.session_state['occ_gen']}"
    return f"occ_c_{generation}_{carrier_id}_{field}"


def _type(at: AppTest, carrier_id: int, figures: Figures) -> None:
    """Type the three figures into a carrier's card (each entry reruns, as in a browser)."""
    for field, value in zip(("area", "ws", "tenants"), figures, strict=True):
        at.number_input(key=_key(at, carrier_id, field)).set_value(value).run()


def _save(at: AppTest) -> None:
    at.button(key="occ_save").click().run()


def _reports(url: str, month: date) -> dict[int, tuple[float, int, int, int, bool]]:
    with Session(get_engine(url)) as session:
        rows = session.exec(select(OccupancyReport).where(OccupancyReport.month == month)).all()
        return {
            r.carrier_id: (
                r.occupied_area_m2,
                r.occupied_workstations,
                r.tenant_count,
                r.version,
                r.confirmed_unchanged,
            )
            for r in rows
        }


def _errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error).replace("\\", "")


def _with_last_month(at: AppTest) -> pd.DataFrame:
    sheet = _sheet(at)
    return sheet[sheet["prev_month"].notna()]


def _plausible(row: pd.Series) -> Figures:
    """Last month's figures with 1.5 m² less: a small, ordinary change."""
    return (
        round(float(row["prev_occupied_area_m2"]) - 1.5, 1),
        int(row["prev_occupied_workstations"]),
        int(row["prev_tenant_count"]),
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_cards_filled_save_exactly_two_reports(
    make_app: Callable[..., AppTest], app_db: str, lang: str
) -> None:
    month = default_end_month()
    at = _open(make_app, lang)
    assert not at.exception
    # The switch shows the card view chosen by the URL, in the page's language.
    assert at.segmented_control(key="occ_view").value == "cards"
    first, second = (_with_last_month(at).iloc[i] for i in (0, 1))
    # Last month is written as months are everywhere else ("2026年9月", not "2026-09").
    shown = fmt_month(first["prev_month"], lang)
    assert any(shown in c.value for c in at.caption), [c.value for c in at.caption][:3]
    before = _reports(app_db, month)
    typed = {int(row["carrier_id"]): _plausible(row) for row in (first, second)}
    for carrier_id, figures in typed.items():
        _type(at, carrier_id, figures)
    _save(at)
    assert not at.error, _errors(at)
    after = _reports(app_db, month)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == set(typed)  # the two cards typed into, nothing else
    for carrier_id, figures in typed.items():
        assert after[carrier_id][:3] == figures
        assert after[carrier_id][4] is False
        # A new report starts at version 1, an edited one goes up by one.
        old = before.get(carrier_id)
        assert after[carrier_id][3] == (1 if old is None else old[3] + 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_card_rate_follows_typed_area_and_the_tick_files_last_month(
    make_app: Callable[..., AppTest], app_db: str, lang: str
) -> None:
    month = default_end_month()
    at = _open(make_app, lang)
    row = _with_last_month(at).iloc[0]
    carrier_id, total = int(row["carrier_id"]), float(row["total_area_m2"])
    at.number_input(key=_key(at, carrier_id, "area")).set_value(round(total / 4, 1)).run()
    rates = [m.value for m in at.markdown if TEXT[lang]["rate"] in m.value]
    # Cards in sheet order: the first card's rate is a quarter of its total area.
    assert f"{round(total / 4, 1) / total * 100:.1f}%" in rates[0]
    # Ticking "same as last month" hides the inputs and files last month's figures.
    at.toggle(key=_key(at, carrier_id, "same")).set_value(True).run()
    assert not [n for n in at.number_input if n.key == _key(at, carrier_id, "area")]
    before = _reports(app_db, month)
    _save(at)
    assert not at.error, _errors(at)
    after = _reports(app_db, month)
    assert {k for k in after if after[k] != before.get(k)} == {carrier_id}
    assert after[carrier_id][:3] == (
        float(row["prev_occupied_area_m2"]),
        int(row["prev_occupied_workstations"]),
        int(row["prev_tenant_count"]),
    )
    assert after[carrier_id][4] is True


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_card_conflict_keeps_the_typed_figures_and_the_next_save_wins(
    make_app: Callable[..., AppTest], app_db: str, lang: str
) -> None:
    month = default_end_month()
    a = _open(make_app, lang)
    b = _open(make_app, lang)  # B opened the cards before A saved
    row = _with_last_month(a).iloc[0]
    carrier_id = int(row["carrier_id"])
    figures_a = _plausible(row)
    figures_b = (figures_a[0] - 2.0, figures_a[1], figures_a[2])
    _type(a, carrier_id, figures_a)
    _save(a)
    assert not a.error, _errors(a)
    _type(b, carrier_id, figures_b)
    _save(b)
    assert TEXT[lang]["conflict"] in _errors(b)
    assert any(TEXT[lang]["refreshed"] in i.value for i in b.info)
    assert _reports(app_db, month)[carrier_id][:3] == figures_a  # A's save stands
    # B's card still shows what B typed; saving again (no reload) files it.
    assert b.number_input(key=_key(b, carrier_id, "area")).value == figures_b[0]
    _save(b)
    assert not b.error, _errors(b)
    assert _reports(app_db, month)[carrier_id][:3] == figures_b


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_card_implausible_figures_need_the_tick(
    make_app: Callable[..., AppTest], app_db: str, lang: str
) -> None:
    month = default_end_month()
    at = _open(make_app, lang)
    row = _with_last_month(at).iloc[0]
    carrier_id = int(row["carrier_id"])
    name = str(row["name_en"] or row["name_zh"]) if lang == "en" else str(row["name_zh"])
    total, prev = float(row["total_area_m2"]), float(row["prev_occupied_area_m2"])
    # 40 points of the total away from last month: up when there is room, else down.
    area = round(prev + 0.4 * total if prev / total <= 0.6 else prev - 0.4 * total, 1)
    figures = (area, int(row["prev_occupied_workstations"]), int(row["prev_tenant_count"]))
    before = _reports(app_db, month)
    _type(at, carrier_id, figures)
    warning = " ".join(w.value for w in at.warning).replace("\\", "")
    assert name in warning and TEXT[lang]["rate_jump"] in warning, warning
    assert any("⚠" in m.value for m in at.markdown if TEXT[lang]["rate"] in m.value)
    _save(at)  # not confirmed: refused, naming the carrier, nothing written
    assert name in _errors(at) and TEXT[lang]["confirm_needed"] in _errors(at), _errors(at)
    assert _reports(app_db, month) == before
    next(c for c in at.checkbox if c.label.startswith(TEXT[lang]["confirm_box"])).check().run()
    _save(at)
    assert not at.error, _errors(at)
    assert _reports(app_db, month)[carrier_id][:3] == figures


def test_untouched_cards_save_nothing(make_app: Callable[..., AppTest], app_db: str) -> None:
    month = default_end_month()
    at = _open(make_app, "zh")
    before = _reports(app_db, month)
    _save(at)
    assert any("未保存" in i.value for i in at.info)
    assert _reports(app_db, month) == before


def test_table_is_the_default_without_a_phone_and_the_switch_changes_the_view(
    make_app: Callable[..., AppTest],
) -> None:
    at = make_app(OCCUPANCY, user="shibei").run()  # AppTest sends no user agent
    assert at.segmented_control(key="occ_view").value == "table"
    assert not [n for n in at.number_input if n.key and n.key.startswith("occ_c_")]
    at.segmented_control(key="occ_view").set_value("cards").run()
    assert not at.exception
    sheet = _sheet(at)
    cards = [n for n in at.number_input if n.key and n.key.endswith("_area")]
    assert len(cards) == len(sheet)  # one card per carrier in the manager's scope
    assert at.query_params.get("view") in ("cards", ["cards"])  # kept in the URL


def test_a_negative_figure_is_refused_in_the_pages_language(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """User QA: -5 in 已用工位 showed Streamlit's own English range error, then the save
    said the field was empty. The card takes any number; the service names the rule."""
    month = default_end_month()
    at = _open(make_app, "zh")
    row = _with_last_month(at).iloc[0]
    carrier_id = int(row["carrier_id"])
    before = _reports(app_db, month)
    _type(at, carrier_id, (float(row["prev_occupied_area_m2"]), -5, 3))
    _save(at)
    errors = _errors(at)
    assert str(row["name_zh"]) in errors and "已用工位" in errors, errors
    assert "请填写" not in errors and "Number" not in errors, errors
    assert _reports(app_db, month) == before
