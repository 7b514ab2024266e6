"""Engine, sessions and schema migration.

The engine is built once per URL; a session is opened per unit of work, and every unit
of work is one database transaction on SQLite and PostgreSQL alike: a writing unit
(``session_scope(write=True)``, :func:`run_write`) begins it before its first statement,
and on SQLite no savepoint ever runs outside a transaction (its release would commit).
Alembic owns the schema: :func:`migrate` upgrades any database to head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from models.errors import Conflict, problem
from models.settings import get_settings

R = TypeVar("R")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers run beside a writer,
    # and busy_timeout makes a second writer wait instead of failing at once.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


# Execution option of a unit of work that will write (see session_scope(write=True)).
SQLITE_IMMEDIATE = "sqlite_begin_immediate"


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the write lock at BEGIN, waiting up to busy_timeout for another
    # writer, so its reads and writes are one transaction and it cannot fail half-way
    # on a snapshot that went stale. Readers keep sqlite3's lazy BEGIN (before the first
    # INSERT/UPDATE/DELETE), so long-lived reading sessions never block writers.
    if conn.get_execution_options().get(SQLITE_IMMEDIATE, False):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_savepoint(conn: Connection, _name: str) -> None:
    # sqlite3 does not BEGIN before a SAVEPOINT: the savepoint would then run outside
    # any transaction and its RELEASE would commit (a half-done save that stays).
    # Begin first, so the savepoint nests inside the unit of work's transaction.
    if not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN")


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: settings.database_url), created once."""
    url = url or get_settings().database_url
    # A failed statement's message quotes its parameters (a new user's password hash,
    # a login token's hash) and goes into the server log with the traceback: hide them.
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "savepoint", _sqlite_savepoint)
    else:
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    return engine


@contextmanager
def session_scope(engine: Engine | None = None, *, write: bool = False) -> Iterator[Session]:
    """One unit of work in one transaction: commit on success, roll back on any error.

    The transaction is begun here, before the caller's first statement, so everything
    the caller does (savepoints included) commits or rolls back together. ``write``
    marks a unit of work that will write: on SQLite it takes the write lock up front.
    """
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            session.begin()
            session.connection(execution_options={SQLITE_IMMEDIATE: True} if write else None)
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# SQLSTATEs of a transaction the database aborted to break a tie; running it again works.
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure


def is_transient(exc: BaseException) -> bool:
    """True for a deadlock or serialization failure (retrying the transaction is safe)."""
    orig = getattr(exc, "orig", None) if isinstance(exc, DBAPIError) else None
    # psycopg 3 says sqlstate, psycopg2 pgcode.
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return code in TRANSIENT_SQLSTATES


def run_write(engine: Engine | None, work: Callable[[Session], R], *, attempts: int = 3) -> R:
    """Run ``work`` in one write transaction, again if the database aborted it as a tie.

    A deadlock or serialization failure rolls the whole transaction back, so running it
    again is safe. When every attempt fails the user gets a Conflict ("try again"),
    never the driver's message.
    """
    for _ in range(attempts):
        try:
            with session_scope(engine, write=True) as session:
                return work(session)
        except DBAPIError as exc:
            if not is_transient(exc):
                raise
    raise Conflict([problem("err_busy_retry")])


def alembic_config(url: str) -> Config:
    """Alembic configuration pointing at the shipped migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(url: str | None = None) -> None:
    """Upgrade the database at ``url`` to the newest schema revision."""
    url = url or get_settings().database_url
    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        # Share the engine's connection so SQLite pragmas and schemas apply.
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
