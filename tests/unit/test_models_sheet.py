"""The monthly sheet's rules as pure functions: plausibility, edits, rows to save.

Plus the service's answers a manager reads: blank versus text cells, the tick without
an earlier report, and the confirmation of implausible figures, each naming the carrier.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from model_factories import make_carrier
from sqlmodel import select

from models import sheet as sheets
from models.db import get_engine, session_scope
from models.enums import Role
from models.errors import ValidationFailed
from models.occupancy import OccupancyReport, implausible
from models.services.core import Actor
from models.services.occupancy import save_month
from models.sheet import (
    apply_edits,
    default_view,
    flags,
    prepare,
    rate_labels,
    rows_to_save,
    typed_figures,
    with_rate,
)

ADMIN = Actor(username="alice", role=Role.ADMIN)
MONTH = date(2026, 2, 1)


def _rules(**figures: float) -> set[str]:
    base: dict[str, float] = {
        "total_area_m2": 1000.0,
        "workstations_total": 100,
        "occupied_area_m2": 500.0,
        "occupied_workstations": 50,
        "tenant_count": 5,
        "prev_occupied_area_m2": 500.0,
        "prev_occupied_workstations": 50,
    }
    return {f.key for f in implausible(**(base | figures))}  # type: ignore[arg-type]


def test_plausible_figures_pass() -> None:
    assert _rules() == set()
    assert _rules(occupied_area_m2=800.0) == set()  # exactly 30 points: allowed
    assert _rules(occupied_workstations=25) == set()  # exactly half: allowed
    assert _rules(tenant_count=100) == set()  # as many tenants as workstations


def test_each_rule_fires_just_past_its_limit() -> None:
    assert _rules(occupied_area_m2=801.0) == {"warn_rate_jump"}
    assert _rules(occupied_area_m2=199.0) == {"warn_rate_jump"}
    assert _rules(tenant_count=101) == {"warn_tenants_gt_ws"}
    assert _rules(occupied_workstations=24) == {"warn_ws_halved"}


def test_rules_needing_last_month_are_skipped_without_it() -> None:
    assert _rules(prev_occupied_area_m2=None, occupied_area_m2=990.0) == set()  # type: ignore[arg-type]
    assert _rules(prev_occupied_workstations=None, occupied_workstations=0) == set()  # type: ignore[arg-type]
    assert _rules(workstations_total=0, occupied_workstations=50, tenant_count=3) == set()


def _sheet() -> pd.DataFrame:
    nan = float("nan")
    return prepare(
        pd.DataFrame(
            {
                "carrier_id": [1, 2],
                "name_zh": ["甲", "乙"],
                "total_area_m2": [1000.0, 2000.0],
                "workstations_total": [100, 100],
                "occupied_area_m2": [nan, 1500.0],
                "occupied_workstations": [nan, 80.0],
                "tenant_count": [nan, 4.0],
                "version": [None, 3],
                "confirmed_unchanged": [False, False],
                "prev_month": [date(2026, 1, 1), date(2026, 1, 1)],
                "prev_occupied_area_m2": [600.0, 1500.0],
                "prev_occupied_workstations": [60.0, 80.0],
                "prev_tenant_count": [6.0, 4.0],
            }
        )
    )


def test_untouched_rows_save_nothing_and_edits_save_only_their_row() -> None:
    loaded = _sheet()
    assert rows_to_save(loaded, loaded.copy(), MONTH) == []
    edited = apply_edits(loaded, {"edited_rows": {"1": {"tenant_count": 5}}})
    assert rows_to_save(loaded, edited, MONTH) == [
        {
            "carrier_id": 2,
            "month": MONTH,
            "version": 3,
            "occupied_area_m2": 1500.0,
            "occupied_workstations": 80.0,
            "tenant_count": 5,
        }
    ]


def test_a_tick_saves_only_the_tick_and_shows_last_months_rate() -> None:
    loaded = _sheet()
    edited = apply_edits(loaded, {"edited_rows": {0: {"same_as_last_month": True}}})
    assert rows_to_save(loaded, edited, MONTH) == [
        {"carrier_id": 1, "month": MONTH, "version": None, "same_as_last_month": True}
    ]
    assert with_rate(edited)["rate_pct"].iloc[0] == pytest.approx(60.0)


def test_rate_and_flags_follow_the_typed_figures() -> None:
    loaded = _sheet()
    typed = {"occupied_area_m2": 950.0, "occupied_workstations": 20, "tenant_count": 1}
    edited = apply_edits(loaded, {"edited_rows": {0: typed}})
    assert with_rate(edited)["rate_pct"].iloc[0] == pytest.approx(95.0)
    assert {f.key for f in flags(loaded, edited)[0]} == {"warn_rate_jump", "warn_ws_halved"}
    cleared = apply_edits(edited, {"edited_rows": {0: {"occupied_area_m2": None}}})
    assert rows_to_save(loaded, cleared, MONTH)[0]["occupied_area_m2"] is None


def test_rate_labels_show_the_typed_rate_and_mark_suspect_rows() -> None:
    loaded = _sheet()
    # Row 0: 950 of 1000 m² after 600 last month (35 points: suspect); row 1 as loaded.
    edited = apply_edits(loaded, {"edited_rows": {0: {"occupied_area_m2": 950.0}}})
    edited = apply_edits(edited, {"edited_rows": {0: {"occupied_workstations": 60}}})
    edited = apply_edits(edited, {"edited_rows": {0: {"tenant_count": 6}}})
    assert rate_labels(loaded, edited) == ["95.0% ⚠", "75.0%"]
    assert rate_labels(loaded, loaded) == ["", "75.0%"]  # blank figures: no rate yet


def test_a_rate_over_100_percent_is_marked_before_the_other_figures_are_typed() -> None:
    loaded = _sheet()
    # 1,159 of 1,000 m², workstations and tenants still blank (QA typed 800 of 690 m²).
    edited = apply_edits(loaded, {"edited_rows": {0: {"occupied_area_m2": 1159.0}}})
    assert flags(loaded, edited) == {}  # the full check waits for every figure
    assert rate_labels(loaded, edited)[0] == "115.9% ⚠"


def test_a_card_starts_from_the_loaded_figures() -> None:
    loaded = _sheet()
    blank, filed = typed_figures(loaded.iloc[0]), typed_figures(loaded.iloc[1])
    assert blank == {"occupied_area_m2": None, "occupied_workstations": None, "tenant_count": None}
    assert filed == {"occupied_area_m2": 1500.0, "occupied_workstations": 80, "tenant_count": 4}
    assert type(filed["occupied_workstations"]) is int  # a whole-number input needs an int


@pytest.mark.parametrize(
    ("agent", "view"),
    [
        # iPhone Safari, Android Chrome on a phone, WeChat's browser on Android, an iPad
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148", "cards"),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/125.0 Mobile Safari/537.36", "cards"),
        ("Mozilla/5.0 (Linux; Android 13; V2227A) MicroMessenger/8.0.47", "cards"),
        ("Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) Safari/604.1", "cards"),
        # desktop Chrome on Windows, no header at all
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/125.0 Safari/537.36", "table"),
        (None, "table"),
    ],
)
def test_phones_get_cards_and_desktops_the_table(agent: str | None, view: str) -> None:
    assert default_view(agent) == view


def _refusal(url: str, row: dict[str, object], **kwargs: object) -> list[str]:
    with pytest.raises(ValidationFailed) as info, session_scope(get_engine(url)) as s:
        save_month(s, actor=ADMIN, rows=[row], today=date(2026, 3, 10), **kwargs)  # type: ignore[arg-type]
    return info.value.messages("zh")


def test_blank_and_text_cells_have_their_own_messages(sqlite_url: str) -> None:
    # No zones here: an admin may edit any carrier, wherever it lies.
    carrier = make_carrier(sqlite_url, name_zh="测试载体甲", total_area_m2=1000.0)
    row = {
        "carrier_id": carrier.id,
        "month": MONTH,
        "occupied_area_m2": "12a",
        "occupied_workstations": float("nan"),
        "tenant_count": 3,
    }
    assert _refusal(sqlite_url, row) == [
        "测试载体甲：“已出租面积”须为数字（输入：“12a”）",
        "测试载体甲：请填写“已用工位”",
    ]


def test_a_blank_count_does_not_hide_an_area_above_the_total(sqlite_url: str) -> None:
    """User QA: 46,900 ㎡ in a 4,690 ㎡ carrier was named only once the count was filled."""
    carrier = make_carrier(sqlite_url, name_zh="测试载体丙", total_area_m2=4690.0)
    row = {
        "carrier_id": carrier.id,
        "month": MONTH,
        "occupied_area_m2": 46900.0,
        "occupied_workstations": 10,
        "tenant_count": None,
    }
    messages = _refusal(sqlite_url, row)
    assert messages[0] == "测试载体丙：请填写“在孵企业数”"
    assert any("46,900" in m and "4,690" in m for m in messages[1:]), messages
    # Blank figures are not judged as 0 against anything: a row with only blanks asks
    # to fill them in and says nothing else.
    blanks = {**row, "occupied_area_m2": None, "occupied_workstations": None}
    assert len(_refusal(sqlite_url, blanks)) == 3


def test_the_tick_needs_an_earlier_report(sqlite_url: str) -> None:
    carrier = make_carrier(sqlite_url, name_zh="测试载体乙")
    row = {"carrier_id": carrier.id, "month": MONTH, "same_as_last_month": True}
    assert _refusal(sqlite_url, row) == ["测试载体乙：没有上月数据可沿用，请填写本月数值"]


def test_implausible_figures_are_saved_only_when_confirmed(sqlite_url: str) -> None:
    carrier = make_carrier(sqlite_url, name_zh="测试载体丙", total_area_m2=1000.0)
    engine = get_engine(sqlite_url)
    first = {"carrier_id": carrier.id, "month": date(2026, 1, 1), "occupied_area_m2": 900.0}
    with session_scope(engine) as s:
        save_month(
            s,
            actor=ADMIN,
            rows=[first | {"occupied_workstations": 90, "tenant_count": 1}],
            today=MONTH,
        )
    row = {
        "carrier_id": carrier.id,
        "month": MONTH,
        "occupied_area_m2": 100.0,
        "occupied_workstations": 90,
        "tenant_count": 1,
    }
    [message] = _refusal(sqlite_url, row)
    assert message.startswith(
        "测试载体丙：数值异常（出租率较上月变化超过 30 个百分点：90.0% → 10.0%）"
    )
    with session_scope(engine) as s:
        save_month(s, actor=ADMIN, rows=[row], today=date(2026, 3, 10), confirm_implausible=True)
        stored = s.exec(select(OccupancyReport).where(OccupancyReport.month == MONTH)).one()
    assert stored.occupied_area_m2 == 100.0 and not stored.confirmed_unchanged
    # An impossible figure is refused outright; no "confirm if right" beside it (a tick
    # could not help, user QA).
    over = row | {"month": date(2026, 3, 1), "occupied_area_m2": 10_000.0}
    [impossible] = _refusal(sqlite_url, over)
    assert "超过载体总面积" in impossible and "数值异常" not in impossible


def test_carriers_still_to_report_come_first_and_are_named() -> None:
    frame = pd.DataFrame(
        {
            "carrier_id": [1, 2, 3, 4, 5, 6, 7, 8],
            "name_zh": list("甲乙丙丁戊己庚辛"),
            "version": [1, None, 2, None, None, None, None, None],
        }
    )
    ordered = sheets.missing_first(frame)
    assert ordered["carrier_id"].tolist() == [2, 4, 5, 6, 7, 8, 1, 3]  # stable otherwise
    text = sheets.missing_warning(frame, month=date(2026, 10, 1), name_col="name_zh", lang="zh")
    # Six missing, five named, then the count.
    assert text == "6 个载体尚未填报 2026年10月 数据：乙、丁、戊、己、庚 等（共 6 个）"
    en = sheets.missing_warning(frame, month=date(2026, 10, 1), name_col="name_zh", lang="en")
    assert en is not None and "乙, 丁" in en
    assert (
        sheets.missing_warning(
            frame.head(1), month=date(2026, 10, 1), name_col="name_zh", lang="zh"
        )
        is None
    )


def test_a_save_says_which_carriers_it_wrote() -> None:
    """User QA: a bare "已保存", and the saved rows moved out of view."""
    frame = pd.DataFrame({"carrier_id": [1, 2, 3], "name_zh": ["甲", "乙", "丙"]})
    month = date(2026, 10, 1)
    text = sheets.saved_message(frame, [3, 1], month=month, name_col="name_zh", lang="zh")
    assert text == "已保存 2026年10月 2 个载体的数据：丙、甲"
    many = pd.DataFrame({"carrier_id": range(1, 8), "name_zh": list("甲乙丙丁戊己庚")})
    text = sheets.saved_message(many, list(range(1, 8)), month=month, name_col="name_zh", lang="en")
    assert (
        text == "Saved the Oct 2026 figures of 7 carriers: 甲, 乙, 丙, 丁, 戊 and others (7 in all)"
    )


def test_typed_tenant_counts_that_differ_from_the_records_are_named() -> None:
    """User QA: 6 typed while the records held 8 firms, and nothing said so."""
    loaded = pd.DataFrame(
        {
            "carrier_id": [1, 2, 3, 4],
            "name_zh": ["甲", "乙", "丙", "丁"],
            "tenant_count": [float("nan"), float("nan"), 5.0, 7.0],
            "recorded_tenants": [8, 3, 5, 9],
        }
    )
    edited = loaded.assign(tenant_count=[6.0, 3.0, 5.0, 7.0])
    note = sheets.tenant_count_note(loaded, edited, name_col="name_zh", lang="zh")
    # 甲 typed 6 against 8 recorded; 乙 agrees; 丙 and 丁 were not typed this time.
    assert note is not None and note.endswith("甲 填 6 家、登记 8 家")
    assert "乙" not in note and "丁" not in note
    assert sheets.tenant_count_note(loaded, loaded, name_col="name_zh", lang="zh") is None
    en = sheets.tenant_count_note(loaded, edited, name_col="name_zh", lang="en")
    assert en is not None and en.endswith("甲: 6 typed, 8 recorded")


def test_typed_areas_that_differ_from_the_recorded_tenancies_are_named() -> None:
    """User QA: 4,500 ㎡ typed while the recorded firms rented all 4,690 ㎡, unsaid."""
    loaded = pd.DataFrame(
        {
            "carrier_id": [1, 2, 3],
            "name_zh": ["甲", "乙", "丙"],
            "occupied_area_m2": [float("nan"), float("nan"), 300.0],
            "recorded_area_m2": [4690.0, 1200.0, 250.0],
        }
    )
    edited = loaded.assign(occupied_area_m2=[4500.0, 1200.4, 300.0])
    note = sheets.area_note(loaded, edited, name_col="name_zh", lang="zh")
    # 甲 differs; 乙 agrees within rounding; 丙 was not typed this time.
    assert note is not None and note.endswith("甲 填 4,500 ㎡、登记企业合计租用 4,690 ㎡")
    assert "乙" not in note and "丙" not in note
    assert sheets.area_note(loaded, loaded, name_col="name_zh", lang="zh") is None


def test_figures_the_save_refuses_are_not_offered_the_confirmation_tick() -> None:
    """Recheck QA: -50 ㎡, or 5,000 ㎡ in a 4,690 ㎡ carrier, was listed as "looks
    unlikely, tick to confirm", though no tick lets it through."""
    loaded = _sheet()
    plausible_jump = loaded.assign(  # 60% → 95%: possible, so asked to confirm
        occupied_area_m2=[950.0, 1500.0],
        occupied_workstations=[60.0, 80.0],
        tenant_count=[5.0, 4.0],
    )
    assert list(sheets.flags(loaded, plausible_jump)) == [0]
    for area, ws in ((-50.0, 60.0), (1200.0, 60.0), (950.0, 120.0)):
        edited = loaded.assign(
            occupied_area_m2=[area, 1500.0],
            occupied_workstations=[ws, 80.0],
            tenant_count=[5.0, 4.0],
        )
        assert sheets.flags(loaded, edited) == {}, (area, ws)
    # Nor a "differs from the records" hint for a negative figure: the save names it.
    with_records = loaded.assign(recorded_tenants=[6, 4], recorded_area_m2=[600.0, 1500.0])
    negative = with_records.assign(tenant_count=[-2.0, 4.0], occupied_area_m2=[-50.0, 1500.0])
    assert sheets.tenant_count_note(with_records, negative, name_col="name_zh", lang="zh") is None
    assert sheets.area_note(with_records, negative, name_col="name_zh", lang="zh") is None
