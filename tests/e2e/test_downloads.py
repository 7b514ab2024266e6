"""Downloads in a real browser: the leader's monthly report, a table, the map's layers.

The files are built on the server when the button is clicked (Streamlit's deferred
download); this checks that a click really hands over a file a person can open.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import openpyxl
import pytest
from e2e_support import HOME_PATH, MAP_PATH, AppServer, assert_no_exception, goto, wait_for_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e


def download(page: Page, key: str) -> tuple[str, bytes]:
    """Click the download button with widget key ``key``; the file's name and bytes."""
    button = page.locator(f".st-key-{key} button").first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    file = info.value
    path = file.path()
    return file.suggested_filename, path.read_bytes()


def test_report_and_table_downloads_from_the_home_page(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.base_url + HOME_PATH)
    wait_for_app(page)
    assert_no_exception(page)
    name, data = download(page, "dl_report")
    assert name.endswith(".xlsx") and "出租率月报" in name
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[:2] == ["概览", "园区与集聚带"]
    assert book["园区与集聚带"]["A2"].value == "全区合计"
    name, data = download(page, "ov_dl_zones")
    assert name.endswith(".csv") and data.startswith(b"\xef\xbb\xbf")
    assert "全区合计" in data.decode("utf-8-sig")


def test_map_layers_download_as_geojson(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.base_url + MAP_PATH)
    wait_for_app(page)
    assert_no_exception(page)
    name, data = download(page, "dl_geo_zones")
    assert name == "jingan_zones.geojson"
    zones = json.loads(data)
    codes = [f["properties"]["code"] for f in zones["features"]]
    assert codes == ["district", "shibei", "belt_njw", "belt_szr", "belt_mrr"]
