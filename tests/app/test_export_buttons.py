"""Every page that shows tables offers them as CSV and Excel; the map offers GeoJSON;
the home page offers the monthly report for the month of its slider.

Files are made when a button is clicked (a deferred callable); the tests "click" by
running the callable the button registered, as Streamlit's server does.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from models.db import get_engine, session_scope
from models.services.core import SYSTEM
from models.services.tenants import create_tenant
from tests.app.conftest import ROOT, page
from tests.unit.model_factories import tenant_data


def buttons(at: AppTest) -> dict[str, object]:
    """Download buttons by their key."""
    out = {}
    for element in at.get("download_button"):
        proto = element.proto  # type: ignore[attr-defined]
        out[proto.id.split("-", 2)[2]] = proto
    return out


# Every deferred download registered during the test, by file id: AppTest's runtime
# (and its media file manager) lives only while the script runs.
DEFERRED: dict[str, Callable[[], object]] = {}


@pytest.fixture(autouse=True)
def record_deferred(monkeypatch: pytest.MonkeyPatch) -> None:
    original = MediaFileManager.add_deferred

    def add(self: MediaFileManager, data_callable: Callable[[], object], *a: Any, **k: Any) -> str:
        file_id = original(self, data_callable, *a, **k)  # type: ignore[arg-type]
        DEFERRED[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add)


def click(proto: object) -> bytes:
    """The file a download button hands over when clicked."""
    data = DEFERRED[proto.deferred_file_id]()  # type: ignore[attr-defined]
    return data if isinstance(data, bytes) else str(data).encode()


# (page, user, keys of tables offered as CSV + Excel)
PAGES: list[tuple[Path, str | None, set[str]]] = [
    (ROOT / "app.py", None, {"ov_dl_zones", "ov_dl_stages", "ov_dl_projects", "ov_csv_zone"}),
    (page("Map"), None, {"dl_zone_table"}),
    (page("Conversions"), None, {"dl_ct_projects"}),
    (page("Chain"), None, {"dl_chain_stages", "dl_chain_stays"}),
    (page("Compare"), None, {"dl_cmp_table", "dl_cmp_mapping"}),
    (page("Policy"), None, {"dl_policy_zones", "dl_policy_cars", "dl_policy_list"}),
    (page("Tenants"), "admin", {"dl_tenants"}),
    (page("Audit"), "admin", {"dl_audit"}),
    (page("Grants"), "admin", {"dl_grants"}),
    (page("Users"), "admin", {"dl_users"}),
]


@pytest.mark.parametrize(("script", "user", "tables"), PAGES, ids=[p.stem for p, _u, _t in PAGES])
def test_tables_offer_csv_and_excel(
    make_app: Callable[..., AppTest], script: Path, user: str | None, tables: set[str]
) -> None:
    at = make_app(script, user=user)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    found = buttons(at)
    assert tables <= set(found), sorted(found)
    for key in tables:
        assert found[key].label == "下载 CSV"  # type: ignore[attr-defined]
        assert found[f"{key}_xlsx"].label == "下载 Excel"  # type: ignore[attr-defined]
    # No table offers only one of the two formats.
    csv_keys = {k for k in found if not k.endswith("_xlsx") and k.startswith(("dl_", "ov_"))}
    csv_keys -= {"dl_report"} | {k for k in found if k.startswith("dl_geo_")}
    assert {f"{k}_xlsx" for k in csv_keys} <= set(found)


def test_table_files_are_what_the_table_shows(make_app: Callable[..., AppTest]) -> None:
    at = make_app(page("Tenants"), user="admin")
    at.run()
    found = buttons(at)
    data = click(found["dl_tenants"])
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("企业名称,统一社会信用代码,")  # the headers the table shows
    book = openpyxl.load_workbook(io.BytesIO(click(found["dl_tenants_xlsx"])))
    ws = book.active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == header.split(",")
    assert ws.max_row == len(data.decode("utf-8-sig").splitlines())


@pytest.mark.parametrize(("lang", "yes_no"), [("zh", {"是", "否"}), ("en", {"yes", "no"})])
def test_the_policy_list_file_says_yes_or_no_and_has_no_float_noise(
    make_app: Callable[..., AppTest], lang: str, yes_no: set[str]
) -> None:
    """QA found True/False and 1271.6999999999998 in the policy page's list file."""
    at = make_app(page("Policy"))
    at.session_state["lang"] = lang
    at.run()
    rows = list(csv.reader(io.StringIO(click(buttons(at)["dl_policy_list"]).decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert body, "the sample's list is not empty"
    ticks = [i for i, h in enumerate(header) if {r[i] for r in body} <= yes_no]
    assert len(ticks) == 3, header  # registered, taxed, five-year commitment
    cells = [c for r in body for c in r]
    assert not {"True", "False"} & set(cells)
    noise = re.compile(r"\.\d*(9{5}|0{5})")  # 1271.6999999999998, 0.30000000000000004
    assert not [c for c in cells if noise.search(c)], "float noise in the file"


def test_map_offers_its_layers_as_geojson(make_app: Callable[..., AppTest]) -> None:
    at = make_app(page("Map"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    found = buttons(at)
    for layer in ("carriers", "zones", "projects"):
        assert f"dl_geo_{layer}" in found
    carriers = json.loads(click(found["dl_geo_carriers"]))
    assert carriers["type"] == "FeatureCollection"
    # The file holds what the map shows: "显示 120 / 120 个载体".
    assert at.caption[0].value == f"显示 {len(carriers['features'])} / 120 个载体"
    lon, lat = carriers["features"][0]["geometry"]["coordinates"]
    assert 121.40 < lon < 121.49 and 31.20 < lat < 31.33  # WGS-84 Jing'an
    zones = json.loads(click(found["dl_geo_zones"]))
    assert len(zones["features"]) == 5


@pytest.mark.parametrize(("lang", "sheet"), [("zh", "概览"), ("en", "Summary")])
def test_home_offers_the_report_for_the_chosen_month(
    make_app: Callable[..., AppTest], lang: str, sheet: str
) -> None:
    at = make_app()
    at.session_state["lang"] = lang
    at.session_state["home_month"] = date(2026, 9, 1)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    report = buttons(at)["dl_report"]
    month = {"zh": "2026年9月", "en": "Sep 2026"}[lang]
    assert month in report.label  # type: ignore[attr-defined]
    assert report.type == "primary"  # type: ignore[attr-defined]
    book = openpyxl.load_workbook(io.BytesIO(click(report)))
    assert book.sheetnames[0] == sheet
    assert book[sheet]["A1"].value.endswith(month)


def test_map_geojson_follows_the_filter(make_app: Callable[..., AppTest]) -> None:
    at = make_app(page("Map"))
    at.session_state["f_stage_zh"] = ["accelerator"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    carriers = json.loads(click(buttons(at)["dl_geo_carriers"]))["features"]
    assert carriers and {f["properties"]["stage"] for f in carriers} == {"accelerator"}
    assert at.caption[0].value == f"显示 {len(carriers)} / 120 个载体"


def test_a_tenant_named_like_a_formula_downloads_as_text(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    name = '=HYPERLINK("http://evil.example","点我")'
    with session_scope(get_engine(app_db)) as session:
        create_tenant(session, actor=SYSTEM, data=tenant_data(name=name), reason="test")
    at = make_app(page("Tenants"), user="admin")
    at.run()
    found = buttons(at)
    rows = list(csv.reader(io.StringIO(click(found["dl_tenants"]).decode("utf-8-sig"))))
    assert ["'" + name] in [r[:1] for r in rows]  # the apostrophe keeps it text
    ws = openpyxl.load_workbook(io.BytesIO(click(found["dl_tenants_xlsx"]))).active
    cells = [row[0] for row in ws.iter_rows(min_row=2) if row[0].value == name]
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].quotePrefix  # text, also after an edit
