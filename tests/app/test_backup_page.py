"""The admin's backup page (issue 10 §3): backup, refusals, restore; nobody else gets in."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.audit import AuditEvent
from models.backup import BackupFile, write_backup
from models.db import get_engine, run_write
from models.services.backup import restore_database
from models.services.core import SYSTEM
from tests.app.conftest import page
from tests.unit.backup_support import all_rows

BACKUP = page("Backup")


def _backup_of(url: str) -> bytes:
    buffer = io.BytesIO()
    write_backup(get_engine(url), buffer)
    return buffer.getvalue()


def _texts(at: AppTest, kind: str) -> list[str]:
    """Shown messages, without the markdown escapes that keep file names literal."""
    return [str(e.value).replace("\\", "") for e in getattr(at, kind)]


@pytest.mark.parametrize("user", [None, "viewer", "shibei"])
def test_only_an_admin_gets_in(make_app: Callable[..., AppTest], user: str | None) -> None:
    at = make_app(BACKUP, user=user).run()
    assert not at.exception
    assert "仅系统管理员可用。" in _texts(at, "info")
    assert not at.file_uploader and not [b for b in at.button if b.key == "bk_make"]


def test_admin_makes_a_backup_and_restores_one_in_chinese(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    at = make_app(BACKUP, user="admin").run()
    assert not at.exception
    assert at.title[0].value == "备份与恢复"
    at.button(key="bk_make").click().run()
    assert any(s.startswith("备份已生成：") and "架构版本" in s for s in _texts(at, "success"))
    # Thousands grouped, as every other count (admin QA: "6224 rows").
    assert any(re.search(r"共 \d{1,3}(,\d{3})+ 行", s) for s in _texts(at, "success"))
    assert len(at.get("download_button")) == 1

    data = _backup_of(app_db)
    before = all_rows(get_engine(app_db))
    at.file_uploader(key="bk_file").set_value(("夜间备份.zip", data, "application/zip"))
    at.button(key="bk_restore").click().run()
    # The database holds the sample data: a restore wants the confirmation first.
    assert any("数据库中已有数据（" in e and "请勾选确认" in e for e in _texts(at, "error"))
    assert all_rows(get_engine(app_db)) == before

    at.checkbox(key="bk_force").check()
    at.text_input(key="bk_reason").input("演练")
    at.button(key="bk_restore").click().run()
    assert not at.exception
    assert any(s.startswith("已恢复 ") and "请重新登录" in s for s in _texts(at, "success"))
    # Logged out: the restore ended every login, this one included.
    assert "auth" not in at.session_state
    assert "仅系统管理员可用。" in _texts(at, "info")
    assert all_rows(get_engine(app_db), skip=("restore",)) == before
    with Session(get_engine(app_db)) as s:
        last = s.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()  # type: ignore[union-attr]
    assert last is not None
    assert (last.action, last.username, last.reason) == ("restore", "admin", "演练")
    assert json.loads(last.after or "{}")["backup_file"] == "夜间备份.zip"


def test_a_damaged_file_is_refused_in_english(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    at = make_app(BACKUP, user="admin")
    at.query_params["lang"] = "en"
    at.run()
    assert at.title[0].value == "Backup and restore"
    before = all_rows(get_engine(app_db))
    at.button(key="bk_restore").click().run()
    assert "Choose a backup file first." in _texts(at, "error")

    data = _backup_of(app_db)
    at.file_uploader(key="bk_file").set_value(
        ("cut.zip", data[: len(data) // 3], "application/zip")
    )
    at.checkbox(key="bk_force").check()
    at.button(key="bk_restore").click().run()
    assert not at.exception
    assert any("“cut.zip” is not a readable backup" in e for e in _texts(at, "error"))
    assert all_rows(get_engine(app_db)) == before
    assert "auth" in at.session_state  # still logged in: nothing happened


def test_the_audit_page_shows_a_restore_in_words(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    backup = BackupFile(io.BytesIO(_backup_of(app_db)), name="月末.zip")
    run_write(
        get_engine(app_db),
        lambda s: restore_database(s, actor=SYSTEM, backup=backup, force=True, reason="演练"),
    )
    at = make_app(page("Audit"), user="admin").run()
    at.selectbox(key="a_entity").set_value("database").run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert list(shown["action"]) == ["恢复"] and list(shown["entity"]) == ["数据库"]
    changes = shown["changes"].iloc[0]
    assert "备份文件: — → 月末.zip" in changes and "来源数据库: — → SQLite" in changes
