"""The portable backup file: write it from one snapshot, read and verify it (issue 10 §3).

Format (a zip archive, readable without this app):

``manifest.json``
    ``format`` ("jingan-backup"), ``format_version``, ``schema_revision`` (the Alembic
    revision of the database it came from), ``created_at`` (UTC, ISO 8601),
    ``source_dialect`` (sqlite / postgresql), ``excluded`` (tables left out, with why),
    ``local_meta_keys`` (appmeta keys left out) and ``tables``: one entry per table in
    foreign-key order with its file, row count, SHA-256 of the file's bytes and its
    columns with a portable type (integer, float, boolean, text, date, datetime).
``tables/<table>.jsonl``
    One JSON object per row, ordered by primary key: numbers and booleans as JSON
    numbers and booleans, dates as ``YYYY-MM-DD``, timestamps as ISO 8601 in UTC with
    their offset, text as text, missing as ``null``.

Tables are enumerated from the SQLModel metadata, so a table added later is backed up
without touching this module. Left out on purpose:

* ``login_session``: live logins. Restored into another database they would revive
  cookies (or point at another user with the same id); a restore ends every login.
* the appmeta keys ``data_version`` (the running apps' cache key: a restore moves it
  forward instead of back) and ``session_secret`` (the deployment's cookie-signing key,
  which a backup file should not carry).

A backup reads every table inside one read transaction (PostgreSQL: REPEATABLE READ,
read only; SQLite: one explicit BEGIN, i.e. one WAL snapshot), so a write committed
while it runs is either wholly in it or wholly absent.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import IO, Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Table, inspect, select

from models.db import alembic_config
from models.errors import ValidationFailed, problem
from models.tables import metadata

FORMAT = "jingan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
EXCLUDED_TABLES: dict[str, str] = {
    "login_session": "live logins are not carried over; a restore ends every login",
}
LOCAL_META_KEYS = frozenset({"data_version", "session_secret"})
# Bookkeeping tables that do not make a database "hold data" (the app writes the zones
# and the counters on its first start, before anyone entered anything).
BOOKKEEPING_TABLES = frozenset({"appmeta", "zone", *EXCLUDED_TABLES})


@dataclass(frozen=True)
class TableEntry:
    """One table in the manifest."""

    name: str
    file: str
    rows: int
    sha256: str
    columns: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Manifest:
    """What a backup file says about itself."""

    schema_revision: str
    created_at: str
    source_dialect: str
    tables: tuple[TableEntry, ...]

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "schema_revision": self.schema_revision,
                "created_at": self.created_at,
                "source_dialect": self.source_dialect,
                "excluded": EXCLUDED_TABLES,
                "local_meta_keys": sorted(LOCAL_META_KEYS),
                "tables": [
                    {
                        "name": t.name,
                        "file": t.file,
                        "rows": t.rows,
                        "sha256": t.sha256,
                        "columns": [{"name": n, "type": k} for n, k in t.columns],
                    }
                    for t in self.tables
                ],
            },
            ensure_ascii=False,
            indent=1,
        )


def backup_tables() -> list[Table]:
    """Every table a backup holds, parents before children (foreign-key order)."""
    return [t for t in metadata.sorted_tables if t.name not in EXCLUDED_TABLES]


def schema_head() -> str:
    """The newest Alembic revision this code knows."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    return str(head)


def current_revision(conn: Connection) -> str | None:
    """The Alembic revision a database is at (None: never migrated)."""
    return MigrationContext.configure(conn).get_current_revision()


def portable_type(column: sa.Column[Any]) -> str:
    """The manifest's name for a column's type; it also picks the JSON encoding."""
    kind = column.type
    if isinstance(kind, sa.TypeDecorator):
        kind = kind.impl_instance
    for sa_type, name in (
        (sa.Boolean, "boolean"),
        (sa.Integer, "integer"),
        (sa.Float, "float"),
        (sa.DateTime, "datetime"),
        (sa.Date, "date"),
        (sa.String, "text"),
    ):
        if isinstance(kind, sa_type):
            return name
    raise TypeError(f"no portable encoding for {column.table.name}.{column.name}: {kind!r}")


# ------------------------------------------------------------------------------ write


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction whose reads all see the same committed state."""
    if engine.dialect.name == "postgresql":
        options: dict[str, Any] = {
            "isolation_level": "REPEATABLE READ",
            "postgresql_readonly": True,
        }
        with engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn
        return
    with engine.connect() as conn:
        conn.begin()
        # pysqlite begins lazily, before the first write only: without this BEGIN every
        # SELECT would be its own transaction and see a different moment.
        conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.utcoffset() is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dump_table(conn: Connection, table: Table, zf: zipfile.ZipFile, now: datetime) -> TableEntry:
    """Write one table as JSON lines, ordered by primary key; hash what was written."""
    columns = tuple((c.name, portable_type(c)) for c in table.columns)
    query = select(table).order_by(*table.primary_key.columns)
    if table.name == "appmeta":
        query = query.where(table.c.key.not_in(sorted(LOCAL_META_KEYS)))
    names = [c.name for c in table.columns]
    # Only dates and timestamps need converting; everything else is JSON as it comes.
    timed = [i for i, (_, kind) in enumerate(columns) if kind in ("date", "datetime")]
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256()
    rows = 0
    name = f"tables/{table.name}.jsonl"
    info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as member:
        for chunk in conn.execute(query.execution_options(yield_per=2000)).partitions():
            lines = []
            for row in chunk:
                values = list(row)
                for i in timed:
                    values[i] = _encode(values[i])
                lines.append(encoder.encode(dict(zip(names, values, strict=True))))
            data = ("\n".join(lines) + "\n").encode()
            member.write(data)
            digest.update(data)
            rows += len(lines)
    return TableEntry(table.name, name, rows, digest.hexdigest(), columns)


def write_backup(engine: Engine, out: IO[bytes], *, now: datetime | None = None) -> Manifest:
    """Write the whole database to ``out`` as a backup zip; return its manifest.

    Refuses (ValidationFailed) a database that is not at this code's schema head, or
    that holds a table this code does not know (it would be left out silently).
    """
    head = schema_head()
    now = (now or datetime.now(UTC)).astimezone(UTC)
    with _snapshot(engine) as conn:
        revision = current_revision(conn)
        if revision != head:
            raise ValidationFailed(
                [problem("bk_db_not_at_head", current=revision or "-", head=head)]
            )
        known = {t.name for t in metadata.sorted_tables} | {"alembic_version"}
        unknown = sorted(set(inspect(conn).get_table_names()) - known)
        if unknown:
            raise ValidationFailed([problem("bk_unknown_tables", tables=", ".join(unknown))])
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            entries = tuple(_dump_table(conn, t, zf, now) for t in backup_tables())
            manifest = Manifest(
                schema_revision=head,
                created_at=now.isoformat(),
                source_dialect=engine.dialect.name,
                tables=entries,
            )
            zf.writestr(MANIFEST, manifest.to_json())
    return manifest


def backup_bytes(engine: Engine) -> tuple[bytes, Manifest]:
    """The backup as bytes (the admin page's download)."""
    buffer = io.BytesIO()
    manifest = write_backup(engine, buffer)
    return buffer.getvalue(), manifest


# ------------------------------------------------------------------------------- read


def _refuse(key: str, **params: Any) -> ValidationFailed:
    return ValidationFailed([problem(key, **params)])


class BackupFile:
    """An opened, verified backup: the manifest, then its rows table by table.

    Opening checks everything that can be checked without a database: a readable zip,
    a manifest of this format, every table's file present with the promised row count
    and SHA-256. Values are checked against their column types while rows are read.
    """

    def __init__(self, source: IO[bytes], *, name: str) -> None:
        self.name = name
        try:
            self._zip = zipfile.ZipFile(source)
            raw = self._zip.read(MANIFEST)
        except KeyError:
            raise _refuse("bk_no_manifest", file=name) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise _refuse("bk_not_a_backup", file=name) from None
        self.manifest = self._parse_manifest(raw)
        self._verify()

    def _parse_manifest(self, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError("format")
            if data.get("format_version") != FORMAT_VERSION:
                raise _refuse("bk_format_version", file=self.name, found=data.get("format_version"))
            tables = tuple(
                TableEntry(
                    name=str(t["name"]),
                    file=str(t["file"]),
                    rows=int(t["rows"]),
                    sha256=str(t["sha256"]),
                    columns=tuple((str(c["name"]), str(c["type"])) for c in t["columns"]),
                )
                for t in data["tables"]
            )
            return Manifest(
                schema_revision=str(data["schema_revision"]),
                created_at=str(data["created_at"]),
                source_dialect=str(data.get("source_dialect", "")),
                tables=tables,
            )
        except ValidationFailed:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise _refuse("bk_bad_manifest", file=self.name) from None

    def _verify(self) -> None:
        for entry in self.manifest.tables:
            digest = hashlib.sha256()
            lines = 0
            try:
                with self._zip.open(entry.file) as member:
                    for line in member:
                        digest.update(line)
                        lines += 1
            except KeyError:
                raise _refuse("bk_table_missing", file=self.name, table=entry.name) from None
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
                raise _refuse("bk_checksum", file=self.name, table=entry.name) from None
            if digest.hexdigest() != entry.sha256 or lines != entry.rows:
                raise _refuse("bk_checksum", file=self.name, table=entry.name)

    def check_schema(self, revision: str | None) -> None:
        """Refuse a backup of another schema revision, or with other tables or columns."""
        if self.manifest.schema_revision != revision:
            raise _refuse(
                "bk_wrong_revision",
                file=self.name,
                found=self.manifest.schema_revision,
                current=revision or "-",
            )
        expected = [(t.name, tuple(c.name for c in t.columns)) for t in backup_tables()]
        found = [(t.name, tuple(n for n, _ in t.columns)) for t in self.manifest.tables]
        if sorted(expected) != sorted(found):
            raise _refuse("bk_tables_differ", file=self.name)

    def rows(self, table: Table) -> Iterator[dict[str, Any]]:
        """The rows of ``table``, decoded to Python values of its column types."""
        entry = next(t for t in self.manifest.tables if t.name == table.name)
        plan = [(c.name, portable_type(c), c.nullable is not False) for c in table.columns]
        names = {name for name, _, _ in plan}
        with self._zip.open(entry.file) as member:
            for number, line in enumerate(member, start=1):
                try:
                    record = json.loads(line)
                    if type(record) is not dict or record.keys() != names:
                        raise ValueError("columns")
                    for name, kind, nullable in plan:
                        value = record[name]
                        # The common case (a JSON value already of the column's type)
                        # without a call; the rest (dates, floats written as ints,
                        # wrong types) goes through _decode.
                        if value is None:
                            if not nullable:
                                raise ValueError("null")
                        elif type(value) is not _NATIVE.get(kind):
                            record[name] = _decode(value, kind)
                    yield record
                except (ValueError, TypeError):
                    raise _refuse(
                        "bk_bad_row", file=self.name, table=table.name, line=number
                    ) from None

    def close(self) -> None:
        self._zip.close()


# Portable types whose JSON value is already the Python value.
_NATIVE: dict[str, type] = {"text": str, "integer": int, "float": float, "boolean": bool}


def _decode(value: Any, kind: str) -> Any:
    """One non-null JSON value as the Python value of a column of portable type ``kind``."""
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind == "text" and isinstance(value, str):
        return value
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if kind == "datetime" and isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        if parsed.utcoffset() is None:
            raise ValueError("naive timestamp")
        return parsed.astimezone(UTC)
    raise ValueError(kind)
