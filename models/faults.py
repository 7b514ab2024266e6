"""Classify unexpected failures for the user-facing error boundary (pure, no Streamlit).

A user never sees a traceback: ui.run_page logs the details under a short reference id
and shows one sentence. This module decides which sentence. A database that is down,
unreachable or locked is a passing condition ("try again shortly") and must not reveal
host, port, file path or SQL; anything else is a bug reported with its reference id.
"""

from __future__ import annotations

import secrets
import sqlite3

from sqlalchemy import exc as sa_exc

# Raised by the DBAPI drivers themselves (outside SQLAlchemy's wrapping, e.g. by
# Alembic's bootstrap or a raw connect) when the server or file cannot be used.
_DRIVER_UNAVAILABLE: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)
try:  # psycopg is optional: SQLite-only deployments don't install it
    import psycopg

    _DRIVER_UNAVAILABLE += (psycopg.OperationalError, psycopg.InterfaceError)
except ImportError:  # pragma: no cover - depends on the installation
    pass

# SQLAlchemy wrappers meaning "could not talk to the database", not "bad data".
_SA_UNAVAILABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,  # connection pool exhausted
    sa_exc.DisconnectionError,
)


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes/contexts, each once (cycles are possible)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and not any(current is s for s in seen):
        seen.append(current)
        # SQLAlchemy keeps the driver's error as ``orig`` (also its cause when raised).
        orig = getattr(current, "orig", None)
        if isinstance(orig, BaseException) and not any(orig is s for s in seen):
            seen.append(orig)
        current = current.__cause__ or current.__context__
    return seen


def database_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` means the database is down, unreachable or locked.

    Covers SQLAlchemy's OperationalError family (connection refused, "database is
    locked", a SQLite file that cannot be opened), the raw driver errors, and OS errors
    such as a refused connection or a data directory that cannot be created. Integrity
    and programming errors are bugs or bad data, not an outage, and return False.
    """
    for item in _chain(exc):
        if isinstance(item, sa_exc.IntegrityError | sa_exc.ProgrammingError | sa_exc.DataError):
            return False
        if isinstance(item, _SA_UNAVAILABLE + _DRIVER_UNAVAILABLE):
            return True
        if isinstance(item, ConnectionError | TimeoutError):
            return True
        # The engine creates a SQLite file's directory; failing to is an unusable store.
        if isinstance(item, OSError) and item.filename is not None:
            return True
    return False


# SQLite's SQLITE_FULL, PostgreSQL's disk_full class, and the OS's "no space left".
_SQLITE_FULL = 13
_PG_DISK_FULL = "53100"
_ENOSPC = 28


def database_full(exc: BaseException) -> bool:
    """True when ``exc`` means the database's disk (or its size limit) is full.

    Reading still works then, and waiting does not help: the message must say that the
    change was not saved and that an administrator has to free space.
    """
    for item in _chain(exc):
        if getattr(item, "sqlite_errorcode", None) == _SQLITE_FULL:
            return True
        if getattr(item, "sqlstate", None) == _PG_DISK_FULL:
            return True
        if isinstance(item, OSError) and item.errno == _ENOSPC:
            return True
        text = str(item).lower()
        if "database or disk is full" in text or "no space left on device" in text:
            return True
    return False


def reference_id() -> str:
    """A short id quoted to the user and written next to the traceback in the log."""
    return secrets.token_hex(4)
