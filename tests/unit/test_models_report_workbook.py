"""The monthly occupancy workbook: hand-calculated figures, the pages' figures, layout.

Fixture (the one of test_models_occupancy_rate, with stages; areas in m², reports are
occupied area; the report month M = 2026-10, so "last month" is 2026-09):

    id  stage         total  zones              reports                   notes
    1   incubator     1000   shibei             Aug 800, Sep 800, Oct 800
    2   accelerator   3000   shibei + belt_mrr  Aug 1500, Sep 1500        park AND belt
    3   public_space   500   belt_njw           Aug 500                   named "=HYPERLINK(...)"
    4   incubator     2000   belt_njw           Jul 1800                  stale in Oct
    5   nursery       1500   belt_szr           (none)
    6   public_space   400   belt_mrr           Oct 100                   opened 2026-10-05
    7   incubator      900   shibei             Oct 900                   deleted 2026-10-20

Carrier 7 counts in September (deleted later) but not in October; carrier 6 counts in
October only. One tenant is open in carrier 1 at the end of October.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import openpyxl
import pandas as pd
import pytest
from sqlmodel import Session

from models import occupancy_rate as occ
from models import overview as ov
from models import queries
from models.db import get_engine
from models.report_workbook import build_workbook, report_bytes, report_tables
from tests.hand_occupancy import hand_figure

JUL, AUG, SEP, OCT = (date(2026, m, 1) for m in (7, 8, 9, 10))
HOSTILE = '=HYPERLINK("http://evil.example","点我")'

CARRIERS = pd.DataFrame(
    {
        "id": [1, 2, 3, 4, 5, 6, 7],
        "name_zh": ["载体一", "载体二", HOSTILE, "载体四", "载体五", "载体六", "载体七"],
        "name_en": ["One", "Two", "", "Four", "Five", "Six", "Seven"],
        "stage": [
            "incubator",
            "accelerator",
            "public_space",
            "incubator",
            "nursery",
            "public_space",
            "incubator",
        ],
        "total_area_m2": [1000.0, 3000.0, 500.0, 2000.0, 1500.0, 400.0, 900.0],
        "park_code": ["shibei", "shibei", None, None, None, None, "shibei"],
        "belt_codes": ["", "belt_mrr", "belt_njw", "belt_njw", "belt_szr", "belt_mrr", ""],
        "opened_on": [None, None, None, None, None, date(2026, 10, 5), None],
        "deleted_at": [None] * 6 + [datetime(2026, 10, 20, tzinfo=UTC)],
    }
)
REPORTS = pd.DataFrame(
    [
        (1, AUG, 800.0, 3),
        (1, SEP, 800.0, 3),
        (1, OCT, 800.0, 3),
        (2, AUG, 1500.0, 5),
        (2, SEP, 1500.0, 5),
        (3, AUG, 500.0, 2),
        (4, JUL, 1800.0, 4),
        (6, OCT, 100.0, 1),
        (7, OCT, 900.0, 2),
    ],
    columns=ov.REPORT_COLUMNS,
)
TENANCIES = pd.DataFrame(
    [
        (1, 10, 1, date(2026, 1, 1), None, None),
        (2, 11, 3, date(2026, 5, 1), date(2026, 9, 15), "left_district"),
    ],
    columns=ov.TENANCY_COLUMNS,
)
DATA = ov.OverviewData(carriers=CARRIERS, reports=REPORTS, tenancies=TENANCIES)


def same(a: object, b: object) -> bool:
    """Equal figures, where "no figure" (None or NaN) equals "no figure"."""
    if pd.isna(a) or pd.isna(b):  # type: ignore[call-overload]
        return bool(pd.isna(a) and pd.isna(b))  # type: ignore[call-overload]
    return a == pytest.approx(b)


def _pp(change: object) -> object:
    return None if change is None or pd.isna(change) else float(change) * 100  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def tables() -> object:
    return report_tables(DATA, as_of=OCT)


def test_district_figures_by_hand(tables) -> None:  # type: ignore[no-untyped-def]
    s = tables.summary.set_index("key")
    # October: 1 (800/1000), 2 (Sep 1500/3000), 3 (Aug 500/500), 6 (100/400) = 2900/4900;
    # 4's July report is too old, 5 never reported, 7 deleted on 20 October.
    assert s.loc["occupancy:district", "value"] == pytest.approx(2900 / 4900)
    # September: 1 (800), 2 (1500), 3 (Aug 500), 4 (Jul 1800) over 6500; 7 counted, unused.
    assert s.loc["occupancy:district", "prev"] == pytest.approx(4600 / 6500)
    assert s.loc["occupancy:district", "mom"] == pytest.approx(2900 / 4900 - 4600 / 6500)
    assert pd.isna(s.loc["occupancy:district", "year_ago"])  # no reports in Oct 2025
    assert s.loc["coverage:district", "value"] == pytest.approx(4 / 6)
    assert s.loc["carriers", "value"] == 6 and s.loc["carriers", "prev"] == 6
    assert s.loc["area_m2", "value"] == 1000 + 3000 + 500 + 2000 + 1500 + 400
    assert s.loc["available_m2:district", "value"] == 4900 - 2900
    assert s.loc["tenants", "value"] == 1  # tenant 11 left in September


def test_zone_figures_by_hand(tables) -> None:  # type: ignore[no-untyped-def]
    z = tables.zones.set_index("zone")
    assert list(z.index) == ["district", "shibei", "belt_njw", "belt_szr", "belt_mrr"]
    # shibei: Oct 1 + 2 = 2300/4000; Sep the same (7 counted but unused): change 0.
    assert z.loc["shibei", "occupancy"] == pytest.approx(2300 / 4000)
    assert z.loc["shibei", "mom_pp"] == pytest.approx(0.0)
    # belt_njw: Oct only 3 is fresh (500/500 = 100%); Sep 3 + 4 = 2300/2500 = 92%: +8 pp.
    assert z.loc["belt_njw", "occupancy"] == 1.0
    assert z.loc["belt_njw", "prev_occupancy"] == pytest.approx(0.92)
    assert z.loc["belt_njw", "mom_pp"] == pytest.approx(8.0)
    assert (z.loc["belt_njw", "carriers_used"], z.loc["belt_njw", "carriers"]) == (1, 2)
    assert z.loc["belt_njw", "not_reported"] == 2
    # belt_mrr: Oct 2 + 6 = 1600/3400; Sep 2 alone = 50%.
    assert z.loc["belt_mrr", "occupancy"] == pytest.approx(1600 / 3400)
    assert z.loc["belt_mrr", "mom_pp"] == pytest.approx((1600 / 3400 - 0.5) * 100)
    assert z.loc["belt_mrr", "available_m2"] == 3400 - 1600
    # belt_szr: carrier 5 never reported: no rate (not 0%), coverage 0/1.
    assert pd.isna(z.loc["belt_szr", "occupancy"]) and pd.isna(z.loc["belt_szr", "mom_pp"])
    assert z.loc["belt_szr", "coverage"] == 0.0
    assert z.loc["district", "not_reported"] == 4  # 2, 3, 4, 5


def test_stage_figures_by_hand(tables) -> None:  # type: ignore[no-untyped-def]
    s = tables.stages.set_index("stage")
    assert list(s.index) == ["public_space", "nursery", "incubator", "accelerator"]
    # public space: Oct 3 + 6 = 600/900; Sep 3 alone = 100%.
    assert s.loc["public_space", "occupancy"] == pytest.approx(600 / 900)
    assert s.loc["public_space", "mom_pp"] == pytest.approx((600 / 900 - 1) * 100)
    # incubator: Oct 1 alone (4 stale, 7 deleted) = 80%; Sep 1 + 4 = 2600/3000.
    assert s.loc["incubator", "occupancy"] == pytest.approx(0.8)
    assert s.loc["incubator", "prev_occupancy"] == pytest.approx(2600 / 3000)
    assert (s.loc["incubator", "carriers_used"], s.loc["incubator", "carriers"]) == (1, 2)
    assert s.loc["incubator", "area_m2"] == 3000
    assert s.loc["incubator", "tenants"] == 1
    assert pd.isna(s.loc["nursery", "occupancy"])
    assert s.loc["accelerator", "occupancy"] == 0.5 and s.loc["accelerator", "mom_pp"] == 0


def test_carrier_rows_and_the_carriers_that_did_not_report(tables) -> None:  # type: ignore[no-untyped-def]
    c = tables.carriers.set_index("id")
    assert sorted(c.index) == [1, 2, 3, 4, 5, 6]  # 7 was deleted in October
    assert c.loc[1, "occupancy"] == 0.8 and c.loc[1, "mom_pp"] == 0
    assert c.loc[2, "zones"] == "shibei,belt_mrr"
    assert c.loc[6, "occupancy"] == 0.25 and pd.isna(c.loc[6, "prev_occupancy"])  # new
    assert pd.isna(c.loc[4, "occupancy"]) and not c.loc[4, "used"]  # July: too old
    missing = tables.not_reported.set_index("id")
    assert list(missing.index) == [2, 3, 4, 5]
    assert missing["used"].to_dict() == {2: True, 3: True, 4: False, 5: False}


def test_figures_equal_the_home_page_functions(tables) -> None:  # type: ignore[no-untyped-def]
    kpis = ov.kpi_table(DATA, as_of=OCT)
    z = tables.zones.set_index("zone")
    for zone in ov.ZONES:
        assert same(z.loc[zone, "occupancy"], kpis.loc[f"occupancy:{zone}", "value"])
        assert same(z.loc[zone, "mom_pp"], _pp(kpis.loc[f"occupancy:{zone}", "mom"]))
        assert z.loc[zone, "carriers"] == kpis.loc[f"carriers:{zone}", "value"]
    # The stage rows agree with the home page's trend for the month.
    trend = ov.trend(DATA, as_of=OCT, months=1)
    stages = trend[trend["kind"] == "stage"].set_index("group")
    s = tables.stages.set_index("stage")
    pd.testing.assert_series_equal(
        s["occupancy"].astype(float), stages["occupancy"], check_names=False
    )
    assert s["tenants"].tolist() == stages["tenants"].tolist()
    # The trend sheet is the home page's trend.
    assert tables.trend.iloc[-1]["district"] == pytest.approx(2900 / 4900)
    # The definition itself, for the district (the deleted carrier dropped by hand).
    live = CARRIERS[CARRIERS["id"] != 7]
    assert tables.zones.iloc[0]["occupancy"] == occ.occupancy_rate(live, REPORTS, as_of=OCT).rate


def _book(lang: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(report_bytes(DATA, as_of=OCT, lang=lang)))


@pytest.mark.parametrize(
    ("lang", "sheets", "header"),
    [
        ("zh", ["概览", "园区与集聚带", "按阶段", "按载体", "未填报载体", "出租率趋势"], "出租率"),
        (
            "en",
            [
                "Summary",
                "Park and belts",
                "By stage",
                "By carrier",
                "Not reported",
                "Occupancy trend",
            ],
            "Occupancy",
        ),
    ],
)
def test_workbook_in_both_languages(lang: str, sheets: list[str], header: str) -> None:
    book = _book(lang)
    assert book.sheetnames == sheets
    zones = book[sheets[1]]
    assert zones["E1"].value == header
    assert zones["A2"].value == ("全区合计" if lang == "zh" else "District total")
    assert book[sheets[0]]["A1"].value.endswith("2026年10月" if lang == "zh" else "Oct 2026")


def test_workbook_cells_hold_the_figures_with_number_formats() -> None:
    book = _book("zh")
    zones = book["园区与集聚带"]
    # Row 2 is the district: occupancy 2900/4900 as a fraction shown as a percentage.
    assert zones["E2"].value == pytest.approx(2900 / 4900)
    assert zones["E2"].number_format == "0.0%"
    assert zones["G2"].value == pytest.approx((2900 / 4900 - 4600 / 6500) * 100)  # pp
    assert zones["G2"].number_format == "+0.0;-0.0;0.0"
    assert zones["J2"].value == 2000 and zones["J2"].number_format == "#,##0"
    assert zones["E5"].value is None  # belt_szr: no rate, an empty cell rather than 0%
    summary = book["概览"]
    assert summary["A5"].value == "创新载体" and summary["B5"].value == 6
    assert summary["B7"].value == pytest.approx(2900 / 4900)
    assert summary["B7"].number_format == "0.0%"


def test_workbook_headers_are_frozen_and_columns_sized() -> None:
    book = _book("zh")
    assert book["概览"].freeze_panes == "A5"  # title, definition, blank, header
    assert book["未填报载体"].freeze_panes == "A5"
    for name in ("园区与集聚带", "按阶段", "按载体", "出租率趋势"):
        assert book[name].freeze_panes == "A2", name
        assert book[name]["A1"].font.bold
    assert book["按载体"].auto_filter.ref == "A1:L7"
    assert book["园区与集聚带"].column_dimensions["A"].width >= 12


def test_workbook_has_charts() -> None:
    data = report_bytes(DATA, as_of=OCT, lang="en")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    archive = zipfile.ZipFile(io.BytesIO(data))
    charts = [archive.read(n).decode() for n in names if n.startswith("xl/charts/chart")]
    assert len(charts) == 2  # occupancy by zone (bars) and the 12-month trend (lines)
    bars = next(c for c in charts if "<barChart>" in c)
    lines = next(c for c in charts if "<lineChart>" in c)
    assert bars.count("<ser>") == 1  # the occupancy column of the five zones
    assert "'Park and belts'!$E$2:$E$6" in bars
    assert lines.count("<ser>") == 5  # district, the park and three belts
    assert "'Occupancy trend'!$A$2:$A$13" in lines  # 12 months


def test_a_hostile_carrier_name_stays_text() -> None:
    data = report_bytes(DATA, as_of=OCT, lang="zh")
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["按载体"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == HOSTILE]
    assert cells, "the carrier named like a formula is listed"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/sheet"):
            assert "<f>" not in archive.read(name).decode(), name


def test_an_empty_database_gives_a_workbook_without_figures() -> None:
    book = build_workbook(report_tables(ov.OverviewData(), as_of=OCT), lang="en")
    assert book["Park and belts"]["E2"].value is None
    assert book["By carrier"].max_row == 1  # the header only


def test_seeded_database_matches_the_pages_and_a_hand_count(seeded_url: str) -> None:
    """The sample set: the map/zone table's queries and the hand count agree."""
    with Session(get_engine(seeded_url)) as s:
        month = queries.latest_month(s)
        got = report_tables(queries.overview_data(s), as_of=month)
        zones = queries.zone_summary(queries.carriers_frame(s)).set_index("zone")
        district = queries.district_occupancy(s)
    hand = hand_figure(seeded_url)
    z = got.zones.set_index("zone")
    assert z.loc["district", "occupancy"] == pytest.approx(hand.rate)
    assert z.loc["district", "occupancy"] == pytest.approx(district.rate)
    for zone in zones.index:
        assert z.loc[zone, "occupancy"] == pytest.approx(zones.loc[zone, "occupancy"])
        assert z.loc[zone, "carriers_used"] == zones.loc[zone, "carriers_used"]
        assert z.loc[zone, "not_reported"] == zones.loc[zone, "not_reported"]
    names = dict(zip(got.carriers["id"], got.carriers["name_zh"], strict=True))
    assert sorted(names[i] for i in got.not_reported["id"]) == sorted(hand.not_reported)
    assert len(got.not_reported) == len(district.not_reported_ids)


def test_the_page_figures_handed_over_give_the_same_report(tables) -> None:  # type: ignore[no-untyped-def]
    # The home page hands over its cached overview and its 72-month trend frame.
    view = ov.overview_view(DATA, as_of=OCT)
    trend = ov.trend(DATA, as_of=OCT, months=15)
    reused = report_tables(DATA, as_of=OCT, view=view, trend=trend)
    for name in ("summary", "zones", "stages", "carriers", "not_reported", "trend"):
        pd.testing.assert_frame_equal(getattr(reused, name), getattr(tables, name), obj=name)
    # A view of another month is not used for this one.
    other = report_tables(DATA, as_of=OCT, view=ov.overview_view(DATA, as_of=SEP))
    pd.testing.assert_frame_equal(other.zones, tables.zones)
    # A trend that starts after the window: the sheet has the months there are.
    late = report_tables(DATA, as_of=OCT, trend=ov.trend(DATA, as_of=OCT, months=2))
    assert [f"{m:%Y-%m}" for m in late.trend["month"]] == ["2026-09", "2026-10"]
    build_workbook(late, lang="zh")  # still a workbook, with a shorter chart
