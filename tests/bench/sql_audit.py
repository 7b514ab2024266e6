"""SQL statements per page render, and an index audit of those statements.

:class:`StatementLog` records every statement any engine sends (a SQLAlchemy
``before_cursor_execute`` listener on the Engine class), with its parameters, so a page
render can be counted (:func:`page_statements`) and each statement explained
(:func:`explain_scans`): ``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN`` on PostgreSQL.
A full scan of a large table is reported as a *missing index* when the statement filters
or joins on that table's columns, and as a *full read* when it reads the table whole on
purpose (the overview loads every report once per data version).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event, text

# Page renders counted by the bench and the test (leadership pages and the big screen).
COUNTED_PAGES = (
    "app.py",
    "pages/1_map.py",
    "pages/5_conversions.py",
    "pages/12_chain.py",
    "pages/13_compare.py",
    "pages/10_policy.py",
    "pages/screen.py",
)
LARGE_TABLE_ROWS = 5_000


@dataclass
class StatementLog:
    """Statements seen while active: (SQL text, parameters, dialect name)."""

    statements: list[tuple[str, Any, str]] = field(default_factory=list)

    def _on_execute(
        self, conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, many: bool
    ) -> None:
        del many
        self.statements.append((statement, parameters, conn.dialect.name))

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def statement_log() -> Iterator[StatementLog]:
    """Record every statement sent by any engine of this process while inside."""
    log = StatementLog()
    event.listen(Engine, "before_cursor_execute", log._on_execute)
    try:
        yield log
    finally:
        event.remove(Engine, "before_cursor_execute", log._on_execute)


def page_statements(url: str, page: str) -> StatementLog:
    """Statements of one page render with every data cache empty (a cold render).

    The engine and the app's bootstrap (migration check, zones) are warmed first and
    not counted: they run once per process, not per render.
    """
    import streamlit as st

    from tests.bench.page_reruns import app_database, new_app

    with app_database(url):
        new_app("app.py").run()
        st.cache_data.clear()
        with statement_log() as log:
            at = new_app(page).run()
        if at.exception:
            raise RuntimeError(f"{page} failed: {at.exception[0].message}")
    return log


def _is_read(statement: str) -> bool:
    return statement.lstrip().upper().startswith(("SELECT", "WITH"))


def _table_sizes(engine: Engine) -> dict[str, int]:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return {
            name: int(conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())
            for name in inspect(engine).get_table_names()
        }


_SQLITE_SCAN = re.compile(r"^SCAN (\w+)(?: AS (\w+))?(.*)$")
_PG_SCAN = re.compile(r"Seq Scan on (\w+)(?: (\w+))?")


def _plan_scans(conn: Any, dialect: str, statement: str, params: Any) -> list[tuple[str, str]]:
    """(table, alias) of every full table scan in the statement's plan."""
    scans = []
    if dialect == "sqlite":
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
        for row in rows:
            m = _SQLITE_SCAN.match(str(row[-1]))
            if m and "INDEX" not in m.group(3):
                scans.append((m.group(1), m.group(2) or m.group(1)))
    else:
        rows = conn.exec_driver_sql("EXPLAIN " + statement, params).all()
        for row in rows:
            m = _PG_SCAN.search(str(row[0]))
            if m:
                scans.append((m.group(1), m.group(2) or m.group(1)))
    return scans


# A soft-delete filter keeps nearly every row: an index would not be used for it.
_SOFT_DELETE = re.compile(r'[\w"]+\.deleted_at is null')


def _filters_on(statement: str, table: str, alias: str) -> bool:
    """Does a WHERE clause (other than a soft-delete filter) name a column of ``table``?

    A JOIN's ON clause does not count: the scanned table then drives the join (every
    row is read on purpose) and the other side is looked up by its key.
    """
    lowered = _SOFT_DELETE.sub("", statement.lower())
    clauses = [
        c.split(" group by ")[0].split(" order by ")[0] for c in lowered.split(" where ")[1:]
    ]
    names = {table.lower(), alias.lower()}
    return any(
        re.search(rf'(?<![\w"]){re.escape(n)}"?\.', clause) for clause in clauses for n in names
    )


@dataclass(frozen=True)
class Scan:
    """A full scan of a large table found in a page's statement."""

    page: str
    table: str
    rows: int
    kind: str  # "missing index" (a filter/join on it) or "full read"
    statement: str


def explain_scans(engine: Engine, logs: dict[str, StatementLog]) -> list[Scan]:
    """Full scans of tables above :data:`LARGE_TABLE_ROWS` in the pages' read statements."""
    sizes = _table_sizes(engine)
    found: list[Scan] = []
    seen: set[tuple[str, str]] = set()
    with engine.connect() as conn:
        for page, log in logs.items():
            for statement, params, dialect in log.statements:
                if not _is_read(statement) or (page, statement) in seen:
                    continue
                seen.add((page, statement))
                for table, alias in _plan_scans(conn, dialect, statement, params):
                    if sizes.get(table, 0) < LARGE_TABLE_ROWS:
                        continue
                    kind = "missing index" if _filters_on(statement, table, alias) else "full read"
                    short = " ".join(statement.split())[:160]
                    found.append(Scan(page, table, sizes[table], kind, short))
    return found
