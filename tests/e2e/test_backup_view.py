"""The backup page in a real browser (issue 10 §3): the admin downloads a backup, uploads
it again and restores it; every word on the page is Chinese, Streamlit's uploader too.

Runs its own server on a private copy of the e2e database, since a restore ends every
login session of the database it replaces.
"""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from e2e_support import (
    ARTIFACTS,
    AppServer,
    BrowserSession,
    assert_no_exception,
    goto,
    login,
    poll,
    screenshot,
    start_server,
    stop_server,
    wait_for_app,
)
from test_language_tour import data_words, visible_text
from untranslated import untranslated

from models.backup import BackupFile
from models.db import get_engine

if TYPE_CHECKING:
    from conftest import TestDatabase

pytestmark = pytest.mark.e2e

# What Streamlit's uploader would say in English, had its texts not been replaced.
UPLOADER_ENGLISH = ("Upload", "per file", "ZIP")


@pytest.fixture(scope="module")
def own_server(
    test_db: TestDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppServer]:
    target = tmp_path_factory.mktemp("backup_e2e") / "copy.db"
    source = test_db.url.removeprefix("sqlite:///")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    server = start_server(f"sqlite:///{target}", "backup")
    yield server
    stop_server(server.process)
    get_engine(f"sqlite:///{target}").dispose()


def _after_text(page: object, selector: str) -> str:
    """The CSS ``::after`` content of the first element matching ``selector``."""
    return str(
        page.locator(selector).first.evaluate(  # type: ignore[attr-defined]
            "(el) => getComputedStyle(el, '::after').content"
        )
    )


def test_admin_downloads_and_restores_a_backup(
    own_server: AppServer, browser_session: BrowserSession, tmp_path: Path
) -> None:
    page = browser_session.page
    goto(page, own_server.url("/backup"))
    login(page, "admin", "admin-demo-2026")
    assert_no_exception(page)
    page.get_by_role("button", name="生成备份").click()
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="下载备份文件").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("jingan-backup-") and saved.suffix == ".zip"
    with saved.open("rb") as handle:  # opening verifies every table's checksum
        carriers = next(
            t.rows
            for t in BackupFile(handle, name=saved.name).manifest.tables
            if t.name == "carrier"
        )
    assert carriers > 100 and zipfile.is_zipfile(saved)

    # Chinese only, the uploader included (its own texts are replaced by CSS).
    seen = visible_text(page)
    assert not untranslated(seen, "zh", allow=data_words(own_server.database_url)), seen
    assert not any(word in seen for word in UPLOADER_ENGLISH)
    assert "选择文件" in _after_text(
        page, "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer']"
    )
    assert ".zip" in _after_text(page, "[data-testid='stFileUploaderDropzoneInstructions'] div")
    screenshot(page, "backup_page")
    page.locator("[data-testid='stFileUploader']").screenshot(
        path=str(ARTIFACTS / "backup_uploader.png")
    )

    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(saved)
    wait_for_app(page)
    page.get_by_text("我确认用备份替换数据库中现有的全部数据").click()
    wait_for_app(page)
    page.get_by_role("button", name="恢复", exact=True).click()
    wait_for_app(page)
    assert_no_exception(page)
    done = poll(lambda: page.get_by_text("已恢复", exact=False).count() > 0, timeout_s=30)
    screenshot(page, "backup_restored")
    assert done, visible_text(page)
    # Logged out by the restore: the page now asks for an administrator.
    assert page.get_by_text("仅系统管理员可用。").count() == 1
