"""No traceback in front of a user (issue 7 §3).

After ordinary edits of every entity kind every page renders without an exception or
the boundary's error message; the audit page shows those edits in words. A database
that is unreachable, cannot be created or is locked gets one short message with a
reference id, and nothing of its host, port, path or SQL; when it comes back, the next
run renders the page normally.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from sqlalchemy import event
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

import models.db
from models import queries
from models.carrier import Carrier
from models.common import shanghai_today
from models.conversion import ConversionProject
from models.credit_code import check_character
from models.db import get_engine, session_scope
from models.enums import ConversionStatus, ExitReason, Role
from models.services.carriers import update_carrier
from models.services.conversions import allowed_next, change_status, update_conversion
from models.services.occupancy import save_month
from models.services.tenants import move_in, move_out, update_tenant
from models.services.users import actor_for, create_user
from models.settings import get_settings
from models.tenant import Tenancy, Tenant
from models.user import User
from tests.app.conftest import PAGES, ROOT, page
from tests.app.rendered import DB_MESSAGE_ZH, assert_page_ok, failures, rendered_text
from tests.conftest import SEED_END_MONTH

SCRIPTS = [ROOT / "app.py", *PAGES]
REF = re.compile(r"参考编号：([0-9a-f]{8})")


def _admin(session: Session) -> object:
    return actor_for(session, session.exec(select(User).where(User.username == "admin")).one())


def edit_every_kind(url: str) -> None:
    """One ordinary edit of each entity kind, through the service layer, as the admin."""
    engine = get_engine(url)
    with session_scope(engine) as s:
        admin = _admin(s)
        c = s.exec(
            select(Carrier).where(Carrier.park_code == "shibei").order_by(Carrier.id)
        ).first()
        assert c is not None and c.id is not None
        update_carrier(
            s,
            actor=admin,
            carrier_id=c.id,
            expected_version=c.version,
            changes={"operator": "测试运营方"},
            reason="测试",
        )
    with session_scope(engine) as s:
        admin = _admin(s)
        t = s.exec(select(Tenant).order_by(Tenant.id)).first()
        assert t is not None and t.id is not None
        update_tenant(
            s,
            actor=admin,
            tenant_id=t.id,
            expected_version=t.version,
            changes={"employees": t.employees + 1, "fiscal_support_note": "无"},
        )
    with session_scope(engine) as s:
        admin = _admin(s)
        open_ = s.exec(select(Tenancy).where(Tenancy.end_on.is_(None)).order_by(Tenancy.id)).first()  # type: ignore[union-attr]
        assert open_ is not None and open_.id is not None
        move_out(
            s,
            actor=admin,
            tenancy_id=open_.id,
            expected_version=open_.version,
            end_on=shanghai_today(),
            exit_reason=ExitReason.LEFT_DISTRICT,
        )
        move_in(
            s,
            actor=admin,
            data={
                "tenant_id": open_.tenant_id,
                "carrier_id": c.id,
                "area_m2": 50.0,
                "workstations": 5,
                "start_on": shanghai_today(),
            },
        )
    with session_scope(engine) as s:
        admin = _admin(s)
        sheet = queries.month_sheet(s, actor=admin, month=SEED_END_MONTH).iloc[0]
        version = (
            None
            if sheet["version"] is None or sheet["version"] != sheet["version"]
            else int(sheet["version"])
        )
        save_month(
            s,
            actor=admin,
            rows=[
                {
                    "carrier_id": int(sheet["carrier_id"]),
                    "month": SEED_END_MONTH,
                    "version": version,
                    "occupied_area_m2": float(sheet["total_area_m2"]) / 2,
                    "occupied_workstations": 1,
                    "tenant_count": 1,
                }
            ],
            today=shanghai_today(),
            confirm_implausible=True,  # half full and one workstation: unusual on purpose
        )
    with session_scope(engine) as s:
        admin = _admin(s)
        p = s.exec(
            select(ConversionProject)
            .where(ConversionProject.status == ConversionStatus.IDENTIFIED)
            .order_by(ConversionProject.id)
        ).first()
        assert p is not None and p.id is not None
        update_conversion(
            s,
            actor=admin,
            project_id=p.id,
            expected_version=p.version,
            changes={"investment_mcny": 12.5},
        )
    with session_scope(engine) as s:
        admin = _admin(s)
        p = s.get(ConversionProject, p.id)
        assert p is not None
        change_status(
            s,
            actor=admin,
            project_id=p.id,  # type: ignore[arg-type]
            expected_version=p.version,
            status=allowed_next(ConversionStatus(p.status))[0],
            on=shanghai_today(),
            note="",
        )
    with session_scope(engine) as s:
        create_user(
            s,
            actor=_admin(s),
            username="reviewer",
            password="reviewer-pass-2026",
            role=Role.VIEWER,
            display_name="审阅人",
        )


@pytest.fixture
def edited_db(app_db: str) -> str:
    edit_every_kind(app_db)
    st.cache_data.clear()
    st.cache_resource.clear()  # the overview rows are one shared object
    return app_db


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_every_page_renders_after_an_edit_of_every_kind(
    make_app: Callable[..., AppTest], edited_db: str, script: Path
) -> None:
    for user in ("admin", "shibei"):
        at = make_app(script, user=user).run()
        assert_page_ok(at, f"{script.name} as {user}")


def test_audit_page_shows_the_edits_in_words(
    make_app: Callable[..., AppTest], edited_db: str
) -> None:
    """The NaN "before" of a create next to updates crashed json.loads (pandas 3)."""
    at = make_app(page("Audit"), user="admin").run()
    assert_page_ok(at, "audit")
    [events] = [d.value for d in at.dataframe]
    changes = " ".join(events["changes"].astype(str))
    assert "运营方: " in changes and "→ 测试运营方" in changes, changes[:500]
    assert "员工人数" in changes and "employees" not in changes
    # Every kind of record edited above is listed, in Chinese.
    assert {"载体", "企业", "租约", "出租率填报", "改造项目", "用户"} <= set(events["entity"])
    # Whole ids and Shanghai time to the second, in the table and so in its files
    # (admin QA: the CSV had "5.0" and "23:03:30.240637+08:00").
    assert str(events["entity_id"].dtype) == "Int64"
    assert events["at"].dt.tz is None and (events["at"].dt.microsecond == 0).all()
    for event_id in at.selectbox(key="a_pick").options[:8]:
        # Options read "#12 · 2026-11-29 14:27 · admin · 新建 用户 #5".
        at.selectbox(key="a_pick").set_value(int(event_id.split(" ")[0].lstrip("#"))).run()
        assert_page_ok(at, f"audit event {event_id}")
        assert "None" not in rendered_text(at)


# --------------------------------------------------------------- database faults


def _assert_friendly_db_message(at: AppTest, *secrets: str) -> str:
    """The DB message with a reference id shows, and none of ``secrets`` anywhere."""
    assert not at.exception, [e.value for e in at.exception]
    messages = [e.value for e in at.error if DB_MESSAGE_ZH in e.value]
    assert messages, [e.value for e in at.error]
    match = REF.search(messages[0])
    assert match, messages[0]
    # A month slider's widget type (SELECT_SLIDER) is not SQL.
    text = rendered_text(at).replace("SELECT_SLIDER", "")
    for secret in (*secrets, "SELECT", "sqlalchemy", "Traceback", "OperationalError"):
        assert secret not in text, f"{secret!r} is on the page"
    return match.group(1)


@pytest.fixture
def error_log() -> Iterator[list[logging.LogRecord]]:
    """Records of the server-side error log (the traceback goes there)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    logging.getLogger("jingan").addHandler(handler)
    yield records
    logging.getLogger("jingan").removeHandler(handler)


def _use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()  # the overview rows are one shared object
    st.cache_resource.clear()


def test_unreachable_postgres_shows_the_message_without_host_or_port(
    make_app: Callable[..., AppTest],
    monkeypatch: pytest.MonkeyPatch,
    error_log: list[logging.LogRecord],
) -> None:
    _use_database(monkeypatch, "postgresql+psycopg://nobody@127.0.0.1:1/x")
    for script in (ROOT / "app.py", page("Map"), page("Audit")):
        at = make_app(script).run()
        ref = _assert_friendly_db_message(at, "127.0.0.1", "nobody", "5432", ":1", "psycopg")
        # The details went to the server log under the same reference id.
        assert any(ref in r.getMessage() and r.exc_info for r in error_log)
        assert at.button(key=f"_db_retry_{ref}").label == "重试"


def test_sqlite_file_that_cannot_be_created_then_can(
    make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory should be")
    _use_database(monkeypatch, f"sqlite:///{blocker}/sub/app.db")
    at = make_app().run()
    _assert_friendly_db_message(at, str(tmp_path), "not-a-dir", "app.db")
    # The directory becomes available: the failed bootstrap was not cached.
    blocker.unlink()
    at.run()
    assert_page_ok(at, "after the data directory appeared")
    assert at.title[0].value == "静安区科技创新空间地图"


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite waits 10 s for a lock; 0.3 s keeps these tests quick, same behaviour."""
    original = models.db._sqlite_pragmas

    def pragmas(dbapi_conn: object, record: object) -> None:
        original(dbapi_conn, record)
        dbapi_conn.execute("PRAGMA busy_timeout=300")  # type: ignore[attr-defined]

    monkeypatch.setattr(models.db, "_sqlite_pragmas", pragmas)


def _db_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def test_locked_database_shows_the_message_and_recovers(
    short_busy_timeout: None, make_app: Callable[..., AppTest], app_db: str
) -> None:
    holder = sqlite3.connect(_db_path(app_db), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("SELECT count(*) FROM carrier").fetchone()
    try:
        at = make_app(page("Map")).run()
        _assert_friendly_db_message(at, _db_path(app_db), "app.db", "database is locked")
    finally:
        holder.execute("COMMIT")
        holder.close()
    at.run()
    assert_page_ok(at, "after the lock was released")
    assert DB_MESSAGE_ZH not in rendered_text(at)


def test_save_while_locked_keeps_the_input_and_shows_no_sql(
    short_busy_timeout: None, make_app: Callable[..., AppTest], app_db: str
) -> None:
    at = make_app(page("Tenants"), user="admin").run()
    at.text_input(key="t_name_-1").input("上海锁定测试科技有限公司")
    first17 = "91310106MA1FY5X7X"
    at.text_input(key="t_code_-1").input(first17 + check_character(first17))
    holder = sqlite3.connect(_db_path(app_db), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # readers go on, writers wait and give up
    try:
        at.button(key="t_save_-1").click().run()
        _assert_friendly_db_message(at, _db_path(app_db), "INSERT", "argon2", "UPDATE")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert at.text_input(key="t_name_-1").value == "上海锁定测试科技有限公司"
    assert len(failures(at)) == 1, failures(at)


@pytest.fixture
def full_disk(app_db: str) -> Iterator[None]:
    """Every write fails as SQLite fails on a full disk; reads go on.

    The driver's own error (``sqlite3.OperationalError: database or disk is full``) is
    raised where SQLite raises it, at execute, so SQLAlchemy wraps it as it would the
    real one (tests/unit/test_models_faults.py fills a real file to get the real one).
    """
    engine = get_engine(app_db)

    def refuse_writes(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engine, "before_cursor_execute", refuse_writes)
    yield
    event.remove(engine, "before_cursor_execute", refuse_writes)


def test_save_on_a_full_disk_says_so_keeps_the_input_and_writes_nothing(
    full_disk: None, make_app: Callable[..., AppTest], app_db: str
) -> None:
    with Session(get_engine(app_db)) as s:
        tenants_before = len(s.exec(select(Tenant)).all())
    at = make_app(page("Tenants"), user="admin").run()
    assert_page_ok(at, "reading works on a full disk")
    name = "上海磁盘已满测试科技有限公司" + "很长的名称" * 30
    at.text_input(key="t_name_-1").input(name[:200])
    first17 = "91310106MA1FY5X7X"
    at.text_input(key="t_code_-1").input(first17 + check_character(first17))
    at.button(key="t_save_-1").click().run()
    [message] = [e.value for e in at.error]
    assert message.startswith("数据库存储空间已满，刚才的修改没有保存"), message
    text = rendered_text(at)
    for secret in (_db_path(app_db), "INSERT", "disk is full", "Traceback"):
        assert secret not in text, secret
    assert at.text_input(key="t_name_-1").value == name[:200]  # nothing typed is lost
    with Session(get_engine(app_db)) as s:
        assert len(s.exec(select(Tenant)).all()) == tenants_before


def test_login_while_locked_shows_the_db_message(
    short_busy_timeout: None, make_app: Callable[..., AppTest], app_db: str
) -> None:
    at = make_app().run()
    at.text_input(key="login_user").input("shibei")
    at.text_input(key="login_password").input("wrong-password")  # counted: a write
    holder = sqlite3.connect(_db_path(app_db), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # readers go on, writers wait and give up
    try:
        next(b for b in at.button if b.label == "登录").click().run()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "auth" not in at.session_state
    _assert_friendly_db_message(at, _db_path(app_db), "argon2", "UPDATE", "failed_logins")


def test_outage_message_is_in_the_readers_language_with_the_switch_still_there(
    make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_database(monkeypatch, "postgresql+psycopg://nobody@127.0.0.1:1/x")
    at = make_app(page("Conversions")).run()
    _assert_friendly_db_message(at, "127.0.0.1")
    at.segmented_control(key="lang_choice").set_value("en").run()
    [message] = [e.value for e in at.error]
    assert message.startswith("The database is temporarily unavailable"), message
    assert "127.0.0.1" not in rendered_text(at)


def test_save_inside_a_form_while_locked_shows_one_message(
    short_busy_timeout: None, make_app: Callable[..., AppTest], app_db: str
) -> None:
    """The move-in form saves inside st.form, where a retry button is not allowed."""
    at = make_app(page("Tenancies"), user="shibei").run()
    with Session(get_engine(app_db)) as session:
        firm = session.exec(select(Tenant.id).order_by(Tenant.id)).first()
    at.selectbox(key="mi_tenant").set_value(firm)  # the picker starts empty
    at.number_input(key="mi_area").set_value(25.0)
    holder = sqlite3.connect(_db_path(app_db), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        next(b for b in at.button if b.label == "入驻").click().run()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _assert_friendly_db_message(at, _db_path(app_db), "INSERT")
    assert len(failures(at)) == 1, failures(at)


# ------------------------------------------------- every page, every kind of outage

# The big screen keeps its own outage notice (tests/app/test_screen_page.py): without
# figures yet it says it is connecting, and shows no error box on the wall.
SCREEN_CONNECTING = "正在连接数据"


def _assert_outage_shown(at: AppTest, script: Path, *secrets: str) -> None:
    if script.stem != "screen":
        _assert_friendly_db_message(at, *secrets)
        return
    assert_page_ok(at, "screen during the outage")
    text = rendered_text(at)
    assert SCREEN_CONNECTING in text
    for secret in (*secrets, "Traceback", "OperationalError", "sqlalchemy"):
        assert secret not in text, f"{secret!r} is on the screen"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_every_page_survives_an_unreachable_database_and_recovers(
    make_app: Callable[..., AppTest],
    app_db: str,
    monkeypatch: pytest.MonkeyPatch,
    script: Path,
) -> None:
    """Down: one short message, no host, port, user or driver. Back: the page works."""
    _use_database(monkeypatch, "postgresql+psycopg://nobody:s3cret-pw@127.0.0.1:1/x")
    at = make_app(script, user="admin")
    at.run()
    _assert_outage_shown(at, script, "127.0.0.1", "nobody", "s3cret-pw", ":1/", "psycopg")
    _use_database(monkeypatch, app_db)
    at.run()
    assert_page_ok(at, f"{script.stem} after the database came back")
    assert DB_MESSAGE_ZH not in rendered_text(at)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_every_page_survives_a_locked_database_and_recovers(
    short_busy_timeout: None, make_app: Callable[..., AppTest], app_db: str, script: Path
) -> None:
    """Locked by another process: the same message without the file's path; then fine."""
    at = make_app(script, user="admin")  # reads the user: before the lock
    get_engine(app_db).dispose()  # an idle pooled connection would stop the lock
    holder = sqlite3.connect(_db_path(app_db), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("SELECT count(*) FROM carrier").fetchone()
    try:
        at.run()
        _assert_outage_shown(at, script, _db_path(app_db), "app.db", "database is locked")
    finally:
        holder.execute("COMMIT")
        holder.close()
    at.run()
    assert_page_ok(at, f"{script.stem} after the lock was released")
    assert DB_MESSAGE_ZH not in rendered_text(at)
