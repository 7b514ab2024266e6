"""No secrets in the server log (issue 11 §3).

The error boundary sends tracebacks to the log, and a traceback can quote SQL
parameters or a connection URL. This drives the app through the moments most likely to
leak: wrong and right logins, creating a user while the database is locked and again
when the INSERT itself fails (it carries the new password's hash), and a page against
an unreachable PostgreSQL whose URL holds a password. Everything logged meanwhile,
tracebacks included, must hold no password, no password hash, no URL password and no
login-cookie secret.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator

import pytest
import streamlit as st
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.audit import AppMeta
from models.db import get_engine
from models.services.users import SECRET_META_KEY
from models.settings import get_settings
from models.user import User
from tests.app.conftest import page
from tests.app.test_error_boundary import short_busy_timeout  # noqa: F401 - fixture

DEMO_PASSWORD = "admin-demo-2026"
WRONG_GUESS = "wrong-guess-Kx81z"
NEW_PASSWORD = "Log-Secret-Pass-77"
URL_PASSWORD = "Pg-Url-Secret-5"
LOGGERS = ("", "jingan", "streamlit", "sqlalchemy", "alembic", "tornado")


@pytest.fixture
def log_text() -> Iterator[Callable[[], str]]:
    """Everything logged (any level, tracebacks included) while the test runs."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    loggers = [logging.getLogger(name) for name in LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: "\n".join(formatter.format(r) for r in records)
    for logger in loggers:
        logger.removeHandler(handler)


def _login(at: AppTest, username: str, password: str) -> None:
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "登录").click().run()


def _secrets_in(url: str) -> dict[str, str]:
    with Session(get_engine(url)) as s:
        admin = s.exec(select(User).where(User.username == "admin")).one()
        secret = s.get(AppMeta, SECRET_META_KEY)
    found = {"admin's password hash": admin.password_hash}
    if secret is not None and secret.value:
        found["session secret"] = secret.value
    return found


def test_nothing_secret_reaches_the_log(
    short_busy_timeout: None,  # noqa: F811 - the fixture imported above
    make_app: Callable[..., AppTest],
    app_db: str,
    monkeypatch: pytest.MonkeyPatch,
    log_text: Callable[[], str],
) -> None:
    at = make_app().run()
    _login(at, "admin", WRONG_GUESS)
    assert "auth" not in at.session_state
    _login(at, "admin", DEMO_PASSWORD)
    assert at.session_state["auth"]["actor"].username == "admin"

    # Create a user while another process holds the write lock: the save fails.
    at.switch_page("pages/7_users.py").run()
    at.text_input(key="u_name").input("log_probe")
    at.text_input(key="u_password").input(NEW_PASSWORD)
    get_engine(app_db).dispose()
    holder = sqlite3.connect(app_db.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        next(b for b in at.button if b.form_id == "user_form").click().run()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert any("参考编号" in e.value for e in at.error), [e.value for e in at.error]

    # The same save failing at the INSERT itself (here a trigger refuses it): the
    # statement's parameters, the new password's hash among them, must stay out.
    with sqlite3.connect(app_db.removeprefix("sqlite:///")) as conn:
        conn.execute(
            "CREATE TRIGGER refuse_users BEFORE INSERT ON user "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
    at.text_input(key="u_password").input(NEW_PASSWORD)
    next(b for b in at.button if b.form_id == "user_form").click().run()
    assert any("参考编号" in e.value for e in at.error), [e.value for e in at.error]

    # A page against a PostgreSQL server that does not answer, password in its URL.
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://jingan:{URL_PASSWORD}@127.0.0.1:1/j")
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()  # the overview rows are one shared object
    st.cache_resource.clear()
    make_app(page("Map")).run()

    logged = log_text()
    # The failures above were logged with their tracebacks: the check looked at them.
    assert logged.count("Traceback") >= 3, logged[-3000:]
    assert "refused by the test" in logged
    secrets = _secrets_in(app_db) | {
        "the demo password": DEMO_PASSWORD,
        "a wrong guess": WRONG_GUESS,
        "a new user's password": NEW_PASSWORD,
        "the database URL's password": URL_PASSWORD,
        "an argon2 hash": "$argon2",
    }
    leaked = [what for what, value in secrets.items() if value in logged]
    assert leaked == [], leaked
