"""Backup and restore of the whole database, admin only (issue 10 §3).

The file format lives in :mod:`models.backup`. A restore is one write transaction:

1. refuse unless the actor is an admin, the backup is of this schema revision with the
   same tables and columns, and the database holds no data (or ``force``);
2. on PostgreSQL lock every table first, so no other writer slips a row in between;
3. delete every row (children first; the appmeta keys local to this deployment stay),
   insert the backup's rows (parents first) with their ids, then move PostgreSQL's id
   sequences past the restored ids so the next insert does not collide;
4. write the "restore" audit event after the restored history, which also moves the
   data version so every running app refreshes its figures.

Any failure rolls the whole transaction back: the database stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import IO, Any

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import Engine, Integer, Table, delete, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel

from models.backup import (
    BOOKKEEPING_TABLES,
    LOCAL_META_KEYS,
    BackupFile,
    Manifest,
    backup_tables,
    current_revision,
    write_backup,
)
from models.db import session_scope
from models.errors import ValidationFailed, problem
from models.services.core import Actor, audit, meta_value, require, set_meta
from models.tables import metadata

BATCH = 1000
DIALECT_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class RestoreSummary:
    """What a restore did: tables and rows restored, rows deleted (login sessions too)."""

    tables: int
    rows: int
    replaced_rows: int


def data_counts(session: Session) -> dict[str, int]:
    """Rows per table that count as data (not the zones or bookkeeping)."""
    counts = {}
    for table in metadata.sorted_tables:
        if table.name in BOOKKEEPING_TABLES:
            continue
        n = int(session.execute(select(func.count()).select_from(table)).scalar_one())
        if n:
            counts[table.name] = n
    return counts


def _lock_all(session: Session) -> None:
    """PostgreSQL: hold every table exclusively until commit (no writer in between)."""
    quote = session.get_bind().dialect.identifier_preparer.quote
    names = ", ".join(quote(t.name) for t in metadata.sorted_tables)
    session.execute(text(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE"))


def _reset_sequences(session: Session) -> None:
    """PostgreSQL: the next generated id of every table follows its largest restored id."""
    quote = session.get_bind().dialect.identifier_preparer.quote
    for table in metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        column = pk[0].name
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE(MAX({quote(column)}), 0) + 1, false) FROM {quote(table.name)}"
            ),
            {"table": quote(table.name), "column": column},
        )


def input_rules() -> dict[str, type[SQLModel]]:
    """Table name → the model holding its input rules (``CarrierBase`` for ``carrier``).

    A table class's first parent that is a plain SQLModel with fields: the rules every
    form and import applies (lengths, ranges, enums, dates). Tables without one (audit,
    settings) are checked by their column types only.
    """
    rules: dict[str, type[SQLModel]] = {}
    pending = list(SQLModel.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        table = getattr(cls, "__table__", None)
        if table is None:
            continue
        for parent in cls.__mro__[1:]:
            if (
                issubclass(parent, SQLModel)
                and parent is not SQLModel
                and not hasattr(parent, "__table__")
                and parent.model_fields
            ):
                rules[str(table.name)] = parent
                break
    return rules


def _checked(
    rows: Iterator[dict[str, Any]], rules: type[SQLModel] | None, table: str, file: str
) -> Iterator[dict[str, Any]]:
    """The rows, each first held to the rules a form would apply (a tampered or foreign
    backup must not bring in a 5,000-character name or 1e300 m², attack QA)."""
    for line, row in enumerate(rows, start=1):
        if rules is not None:
            try:
                rules.model_validate(
                    {name: row[name] for name in rules.model_fields if name in row}
                )
            except PydanticValidationError:
                raise ValidationFailed(
                    [problem("bk_bad_row", file=file, table=table, line=line)]
                ) from None
        yield row


def _insert_rows(session: Session, table: Table, backup: BackupFile) -> int:
    rows = _checked(backup.rows(table), input_rules().get(table.name), table.name, backup.name)
    count = 0
    while batch := list(islice(rows, BATCH)):
        try:
            session.execute(insert(table), batch)
        except DBAPIError:
            # The driver's text may quote SQL and values: name only the table.
            raise ValidationFailed(
                [problem("bk_insert_failed", file=backup.name, table=table.name)]
            ) from None
        count += len(batch)
    return count


def restore_database(
    session: Session,
    *,
    actor: Actor,
    backup: BackupFile,
    force: bool = False,
    reason: str = "",
) -> RestoreSummary:
    """Replace every row of the database with the backup's, in the caller's transaction."""
    require(actor.is_admin, actor=actor, action="restore", entity="database")
    conn = session.connection()
    backup.check_schema(current_revision(conn))
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        _lock_all(session)
    existing = data_counts(session)
    if existing and not force:
        raise ValidationFailed([problem("bk_not_empty", rows=sum(existing.values()))])
    replaced = 0
    for table in reversed(metadata.sorted_tables):
        stmt = delete(table)
        if table.name == "appmeta":
            stmt = stmt.where(table.c.key.not_in(sorted(LOCAL_META_KEYS)))
        replaced += session.execute(stmt).rowcount  # type: ignore[attr-defined]
    restored = sum(_insert_rows(session, table, backup) for table in backup_tables())
    if postgres:
        _reset_sequences(session)
    # A restored data set is never re-seeded with sample data behind the operator's back.
    if not meta_value(session, "seeded"):
        set_meta(session, "seeded", "1")
    details: dict[str, Any] = {
        "backup_file": backup.name,
        "backup_made_at": _shown_time(backup.manifest.created_at),
        "schema_revision": backup.manifest.schema_revision,
        "source_database": DIALECT_NAMES.get(backup.manifest.source_dialect, "?"),
        "restored_rows": restored,
        "replaced_rows": replaced,
    }
    audit(
        session,
        actor=actor,
        action="restore",
        entity="database",
        entity_id=None,
        after=details,
        reason=reason,
    )
    return RestoreSummary(
        tables=len(backup.manifest.tables),
        rows=restored,
        replaced_rows=replaced,
    )


def backup_database(engine: Engine, out: IO[bytes], *, actor: Actor, reason: str = "") -> Manifest:
    """Write the whole database to ``out`` (admin only: it holds password hashes).

    The backup reads one snapshot; who took it is then audited in a transaction of its
    own (so the event is not inside the file it describes).
    """
    require(actor.is_admin, actor=actor, action="backup", entity="database")
    manifest = write_backup(engine, out)
    with session_scope(engine, write=True) as session:
        audit(
            session,
            actor=actor,
            action="backup",
            entity="database",
            entity_id=None,
            after={
                "backup_made_at": _shown_time(manifest.created_at),
                "schema_revision": manifest.schema_revision,
                "backed_up_rows": manifest.total_rows,
            },
            reason=reason,
        )
    return manifest


def _shown_time(iso: str) -> str:
    """A manifest's UTC timestamp as the audit page shows times (to the second)."""
    try:
        return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return iso[:19]
