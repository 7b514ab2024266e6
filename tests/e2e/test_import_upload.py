"""A park manager imports a tenants spreadsheet in the browser: upload, preview, confirm.

The file goes through the real file picker (``set_input_files`` on the uploader's input),
the preview must show one row to create before anything is written, and the confirmed
import must land in the database with its audit event. The uploader's own texts are
Streamlit's English; the page replaces them with Chinese ones.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
from e2e_support import (
    HOME_PATH,
    AppServer,
    BrowserSession,
    assert_no_exception,
    goto,
    login,
    metric_value,
    poll,
    screenshot,
    wait_for_app,
)
from openpyxl import Workbook
from sqlmodel import Session, select

from models.audit import AuditEvent
from models.credit_code import check_character
from models.db import get_engine
from models.tenant import Tenant
from tests.e2e.untranslated import untranslated

if TYPE_CHECKING:
    from conftest import TestDatabase

pytestmark = pytest.mark.e2e

BODY = "91310106MA2E2E0R7"
CODE = BODY + check_character(BODY)


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["统一社会信用代码", "企业名称", "行业", "注册在本区"])
    sheet.append([CODE, "浏览器导入科技有限公司", "大数据", "是"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_manager_imports_a_tenant_through_the_browser(
    browser_session: BrowserSession, app_server: AppServer, test_db: TestDatabase
) -> None:
    page = browser_session.page
    goto(page, app_server.url(HOME_PATH))
    login(page, "shibei", "shibei-demo-2026")
    page.locator("[data-testid='stSidebar'] [data-testid='stPageLink'] a").filter(
        has=page.get_by_text("数据导入", exact=True)
    ).first.click()
    wait_for_app(page)
    page.get_by_label("导入内容").click()
    page.get_by_role("option", name="企业").click()
    wait_for_app(page)
    uploader = page.locator("[data-testid='stFileUploader']")
    # Streamlit's English dropzone texts are replaced by the page's Chinese ones (the
    # Material icon's ligature name is drawn as an icon, not read as a word).
    icons = uploader.locator("[data-testid='stIconMaterial']").all_inner_texts()
    assert untranslated(uploader.inner_text(), "zh", allow=icons) == [], uploader.inner_text()
    uploader.locator("input[type='file']").set_input_files(
        {
            "name": "企业.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": _workbook(),
        }
    )
    assert poll(lambda: page.get_by_text("预览：企业.xlsx").count() > 0, timeout_s=30)
    wait_for_app(page)
    assert_no_exception(page)
    assert metric_value(page, "新增") == "1" and metric_value(page, "拒绝") == "0"
    with Session(get_engine(test_db.url)) as s:
        assert s.exec(select(Tenant).where(Tenant.credit_code == CODE)).first() is None
    screenshot(page, "import_preview")
    page.get_by_role("button", name="确认导入").click()
    wait_for_app(page)
    assert poll(lambda: page.get_by_text("导入完成：新增 1 行，更新 0 行。").count() > 0)
    with Session(get_engine(test_db.url)) as s:
        tenant = s.exec(select(Tenant).where(Tenant.credit_code == CODE)).one()
        event = s.exec(
            select(AuditEvent).where(AuditEvent.action == "import", AuditEvent.username == "shibei")
        ).one()
    assert tenant.name == "浏览器导入科技有限公司" and tenant.registered_in_district
    assert event.reason == "企业.xlsx"
    assert browser_session.external_requests == []
