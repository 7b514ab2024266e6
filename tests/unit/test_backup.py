"""Backup and restore (issue 10 §3): round trips between SQLite and PostgreSQL give
identical tables; bad files, other schema revisions and occupied targets are refused
with a message and leave the database exactly as it was."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

import models.backup as backup_module
from models.audit import AuditEvent
from models.backup import BackupFile, backup_tables
from models.db import get_engine, migrate, run_write, session_scope
from models.enums import Role
from models.errors import PermissionDenied, ServiceError
from models.queries import data_version
from models.services.backup import backup_database, restore_database
from models.services.core import SYSTEM
from models.services.users import authenticate, create_user, start_login_session
from models.user import LoginSession
from tests.unit.backup_support import (
    all_rows,
    assert_same_rows,
    make_backup,
    open_backup,
    rewrite,
)
from tests.unit.model_factories import ADMIN, MANAGER_IN, VIEWER, make_carrier

HEAD = backup_module.schema_head()
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def seeded_backup(seeded_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One backup of the shared sample database (read only)."""
    return make_backup(
        get_engine(seeded_url), tmp_path_factory.mktemp("bk") / "seeded.zip", now=NOW
    )


@pytest.fixture
def fresh_pg(pg_database_factory: Callable[[], str]) -> Iterator[str]:
    """An empty, migrated PostgreSQL database of this test's own."""
    url = pg_database_factory()
    migrate(url)
    yield url
    get_engine(url).dispose()


def restore(url: str, path: Path, **kwargs: Any) -> Any:
    backup = open_backup(path)
    return run_write(
        get_engine(url),
        lambda s: restore_database(s, actor=SYSTEM, backup=backup, **kwargs),
    )


def refusal(call: Callable[[], object]) -> str:
    """The English message of the ServiceError ``call`` raises."""
    with pytest.raises(ServiceError) as caught:
        call()
    return " ".join(caught.value.messages("en"))


def _max_id(url: str, table: str) -> int:
    with get_engine(url).connect() as conn:
        return int(conn.execute(text(f'SELECT MAX(id) FROM "{table}"')).scalar_one())


def log_in(url: str, username: str, password: str) -> str:
    with session_scope(get_engine(url)) as s:
        return authenticate(s, username=username, password=password, now=datetime.now(UTC)).role


# ------------------------------------------------------------------------- round trips


def test_sqlite_to_sqlite_gives_identical_tables(
    seeded_url: str, seeded_backup: Path, sqlite_url: str
) -> None:
    source = all_rows(get_engine(seeded_url))
    # Every table holds rows, so "identical" below compares something in each.
    assert all(source.values()), {k for k, v in source.items() if not v}
    with Session(get_engine(sqlite_url)) as s:
        version_before = data_version(s)

    summary = restore(sqlite_url, seeded_backup)

    assert summary.rows == sum(len(v) for v in source.values())
    assert summary.replaced_rows == 0
    assert_same_rows(source, all_rows(get_engine(sqlite_url), skip=("restore",)))
    # The restore is audited once, after the restored history, and running apps refresh.
    with Session(get_engine(sqlite_url)) as s:
        events = s.exec(select(AuditEvent).order_by(AuditEvent.id)).all()  # type: ignore[arg-type]
        assert [e.action for e in events].count("restore") == 1
        last = events[-1]
        assert (last.action, last.entity, last.username) == ("restore", "database", "system")
        assert last.id == max(r[0] for r in source["auditevent"]) + 1
        assert json.loads(last.after or "{}")["backup_file"] == "seeded.zip"
        assert data_version(s) > version_before
    # Password hashes came along: the demo admin logs in with the demo password.
    assert log_in(sqlite_url, "admin", "admin-demo-2026") == "admin"


@pytest.mark.postgres
def test_sqlite_to_postgres_and_back_give_identical_tables(
    seeded_url: str, seeded_backup: Path, fresh_pg: str, tmp_path: Path
) -> None:
    source = all_rows(get_engine(seeded_url))
    restore(fresh_pg, seeded_backup)
    assert_same_rows(source, all_rows(get_engine(fresh_pg), skip=("restore",)))
    assert log_in(fresh_pg, "shibei", "shibei-demo-2026") == "manager"

    # The id sequences moved past the restored ids: new rows get the next ids.
    carrier = make_carrier(fresh_pg, name_zh="恢复后新建的孵化器")
    assert carrier.id == _max_id(seeded_url, "carrier") + 1
    with session_scope(get_engine(fresh_pg)) as s:
        user = create_user(
            s, actor=SYSTEM, username="after.restore", password="long-enough-1", role=Role.VIEWER
        )
        assert user.id == _max_id(seeded_url, "user") + 1

    # PostgreSQL → SQLite, with the rows written on PostgreSQL after the restore.
    pg_rows = all_rows(get_engine(fresh_pg))
    back = make_backup(get_engine(fresh_pg), tmp_path / "pg.zip")
    target = f"sqlite:///{tmp_path / 'back.db'}"
    migrate(target)
    restore(target, back)
    restored = all_rows(get_engine(target))
    # The target's own restore event is the one extra audit row.
    assert restored["auditevent"][-1][3] == "restore"
    restored["auditevent"] = restored["auditevent"][:-1]
    assert_same_rows(pg_rows, restored)
    assert log_in(target, "after.restore", "long-enough-1") == "viewer"
    get_engine(target).dispose()


def test_the_manifest_lists_every_table_in_foreign_key_order(seeded_backup: Path) -> None:
    manifest = open_backup(seeded_backup).manifest
    names = [t.name for t in manifest.tables]
    assert names == [t.name for t in backup_tables()]
    assert "login_session" not in names
    for parent, child in [("carrier", "tenancy"), ("tenant", "tenancy"), ("user", "userscope")]:
        assert names.index(parent) < names.index(child)
    assert manifest.schema_revision == backup_module.schema_head()
    assert manifest.created_at == "2026-11-28T09:30:00+00:00"
    carrier = next(t for t in manifest.tables if t.name == "carrier")
    types = dict(carrier.columns)
    assert (types["opened_on"], types["created_at"], types["lon"]) == ("date", "datetime", "float")
    assert (types["is_sample"], types["version"], types["name_zh"]) == (
        "boolean",
        "integer",
        "text",
    )
    with zipfile.ZipFile(seeded_backup) as zf:
        first = json.loads(zf.read("tables/carrier.jsonl").splitlines()[0])
    assert first["id"] == 1 and isinstance(first["is_sample"], bool)
    assert first["created_at"].endswith("+00:00")


# ------------------------------------------------------------------------ refusals


def _target_with_data(url: str) -> Engine:
    make_carrier(url)
    return get_engine(url)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("truncated", "not a readable backup"),
        ("not_a_zip", "not a readable backup"),
        ("no_manifest", "has no manifest.json"),
        ("checksum", "Table carrier in “bad.zip” fails its checksum"),
        ("missing_rows", "Table tenancy in “bad.zip” fails its checksum"),
        ("revision", f"comes from schema revision 0004, but this database is at {HEAD}"),
        ("bad_value", "Table conversionstatuschange in “bad.zip”, line 3: invalid value"),
        ("broken_link", "The rows of table userscope in “bad.zip” could not be written"),
    ],
)
def test_a_bad_file_is_refused_and_the_database_is_unchanged(
    seeded_backup: Path, zoned_url: str, tmp_path: Path, damage: str, message: str
) -> None:
    bad = tmp_path / "bad.zip"
    raw = seeded_backup.read_bytes()

    def fix_sha(manifest: dict[str, Any], data: bytes) -> None:
        # A consistent manifest: only the value checks and the database can object.
        for entry in manifest["tables"]:
            if entry["file"] == member:
                entry["sha256"] = hashlib.sha256(data).hexdigest()

    member = ""
    if damage == "truncated":
        bad.write_bytes(raw[: len(raw) // 2])
    elif damage == "not_a_zip":
        bad.write_bytes(b"name,area\nA,1\n")
    elif damage == "no_manifest":
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr("tables/zone.jsonl", "{}\n")
    elif damage == "checksum":
        rewrite(
            seeded_backup,
            bad,
            member="tables/carrier.jsonl",
            change=lambda b: b.replace(b"5", b"6", 1),
        )
    elif damage == "missing_rows":
        rewrite(
            seeded_backup,
            bad,
            member="tables/tenancy.jsonl",
            change=lambda b: b[: b.rfind(b"\n", 0, -1) + 1],
        )
    elif damage == "revision":

        def old(b: bytes) -> bytes:
            return json.dumps({**json.loads(b), "schema_revision": "0004"}).encode()

        rewrite(seeded_backup, bad, member="manifest.json", change=old)
    elif damage == "bad_value":
        member = "tables/conversionstatuschange.jsonl"

        def third_date_wrong(b: bytes) -> bytes:
            lines = b.splitlines(keepends=True)
            row = json.loads(lines[2])
            row["changed_on"] = "2024年3月1日"
            lines[2] = (json.dumps(row, ensure_ascii=False) + "\n").encode()
            return b"".join(lines)

        rewrite(seeded_backup, bad, member=member, change=third_date_wrong, fix_manifest=fix_sha)
    elif damage == "broken_link":
        member = "tables/userscope.jsonl"

        def scope_of_nobody(b: bytes) -> bytes:
            row = json.loads(b.splitlines()[0])
            return b + (json.dumps({**row, "id": 999, "user_id": 4242}) + "\n").encode()

        def fix(manifest: dict[str, Any], data: bytes) -> None:
            fix_sha(manifest, data)
            next(t for t in manifest["tables"] if t["file"] == member)["rows"] += 1

        rewrite(seeded_backup, bad, member=member, change=scope_of_nobody, fix_manifest=fix)

    engine = _target_with_data(zoned_url)
    before = all_rows(engine)
    # Even with --force: the refusal comes before, or rolls back, every change.
    got = refusal(lambda: restore(zoned_url, bad, force=True))
    assert message in got
    assert all_rows(engine) == before


@pytest.fixture
def zoned_url(tmp_path: Path) -> Iterator[str]:
    from tests.unit.model_factories import zoned_sqlite_url

    url = zoned_sqlite_url(tmp_path / "target.db")
    yield url
    get_engine(url).dispose()


def test_an_occupied_database_is_replaced_only_when_confirmed(
    seeded_url: str, seeded_backup: Path, zoned_url: str
) -> None:
    engine = _target_with_data(zoned_url)
    with session_scope(engine) as s:
        create_user(
            s, actor=SYSTEM, username="local.admin", password="long-enough-1", role=Role.ADMIN
        )
    with session_scope(engine) as s:
        start_login_session(s, username="local.admin", now=datetime.now(UTC))
        secret = s.exec(text("SELECT value FROM appmeta WHERE key = 'session_secret'")).one()[0]  # type: ignore[call-overload]
    before = all_rows(engine)

    got = refusal(lambda: restore(zoned_url, seeded_backup))
    # 1 carrier with its first stage-history and size-history rows, 1 user, 2 audit
    # events (zones and settings do not count).
    assert "already holds data (6 rows)" in got
    assert all_rows(engine) == before

    summary = restore(zoned_url, seeded_backup, force=True)
    # Deleted: those 6 rows, the login session and the zones.
    assert summary.replaced_rows == 6 + 1 + len(before["zone"])
    assert_same_rows(all_rows(get_engine(seeded_url)), all_rows(engine, skip=("restore",)))
    with Session(engine) as s:
        # Every login ended; the deployment keeps its own cookie-signing key.
        assert s.exec(select(LoginSession)).all() == []
        assert (
            s.exec(text("SELECT value FROM appmeta WHERE key = 'session_secret'")).one()[0]
            == secret
        )  # type: ignore[call-overload]
    # The target's own account went with its data.
    with pytest.raises(PermissionDenied):
        log_in(zoned_url, "local.admin", "long-enough-1")


@pytest.mark.postgres
def edited_carrier(backup: Path, out: Path, index: int, field: str, value: object) -> Path:
    """``backup`` with one field of its ``index``-th carrier row changed, and the
    checksum recomputed: a file edited by hand, that passes the integrity checks."""

    def edit(data: bytes) -> bytes:
        lines = data.split(b"\n")
        row = json.loads(lines[index])
        row[field] = value
        lines[index] = json.dumps(row, ensure_ascii=False).encode()
        return b"\n".join(lines)

    def fix_sha(manifest: dict[str, Any], data: bytes) -> None:
        entry = next(t for t in manifest["tables"] if t["name"] == "carrier")
        entry["sha256"] = hashlib.sha256(data).hexdigest()

    return rewrite(backup, out, member="tables/carrier.jsonl", change=edit, fix_manifest=fix_sha)


def test_postgres_refuses_an_occupied_target_and_a_broken_file_unchanged(
    seeded_backup: Path, fresh_pg: str, tmp_path: Path
) -> None:
    engine = _target_with_data(fresh_pg)
    before = all_rows(engine)
    assert "already holds data" in refusal(lambda: restore(fresh_pg, seeded_backup))
    bad = rewrite(
        seeded_backup,
        tmp_path / "late.zip",
        member="manifest.json",
        change=lambda b: json.dumps({**json.loads(b), "schema_revision": "0003"}).encode(),
    )
    assert "comes from schema revision 0003" in refusal(lambda: restore(fresh_pg, bad, force=True))

    # The 200-character limit of a name, which the forms apply, is held before the
    # insert (SQLite never enforced it). The carriers come after zones, users and
    # tenants: all of that rolls back.
    too_long = edited_carrier(seeded_backup, tmp_path / "long.zip", 0, "name_zh", "很长的名字" * 50)
    got = refusal(lambda: restore(fresh_pg, too_long, force=True))
    assert "Table carrier in “long.zip”, line 1: invalid value" in got
    assert all_rows(engine) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("name_zh", "名" * 5000), ("total_area_m2", 1e300), ("lat", 91.0), ("stage", "rocket")],
)
def test_a_restore_holds_rows_to_the_rules_of_the_forms(
    seeded_backup: Path, zoned_url: str, tmp_path: Path, field: str, value: object
) -> None:
    """A backup edited by hand (checksums recomputed) brought in a 5,000-character name
    and 1e300 m², and the overview then showed an area of 10^33 m² (attack QA)."""
    engine = get_engine(zoned_url)
    before = all_rows(engine)

    bad = edited_carrier(seeded_backup, tmp_path / "edited.zip", 2, field, value)
    got = refusal(lambda: restore(zoned_url, bad, force=True))
    assert "Table carrier in “edited.zip”, line 3: invalid value" in got
    assert all_rows(engine) == before


def test_only_an_admin_may_back_up_or_restore(seeded_backup: Path, zoned_url: str) -> None:
    engine = get_engine(zoned_url)
    out = io.BytesIO()
    with pytest.raises(PermissionDenied):
        backup_database(engine, out, actor=MANAGER_IN)
    assert out.getvalue() == b""
    # An admin's backup is audited after its snapshot, so the file does not hold it.
    manifest = backup_database(engine, out, actor=ADMIN, reason="nightly")
    with Session(engine) as s:
        last = s.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()  # type: ignore[union-attr]
    assert last is not None
    assert (last.action, last.entity, last.username, last.reason) == (
        "backup",
        "database",
        "root",
        "nightly",
    )
    assert json.loads(last.after or "{}")["backed_up_rows"] == manifest.total_rows
    saved = BackupFile(io.BytesIO(out.getvalue()), name="n.zip").manifest.tables
    assert next(t.rows for t in saved if t.name == "auditevent") == 0
    backup = open_backup(seeded_backup)
    with pytest.raises(PermissionDenied), session_scope(engine, write=True) as s:
        restore_database(s, actor=VIEWER, backup=backup)


# -------------------------------------------------------------------- the backup side


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_backup_is_one_snapshot(
    db: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = request.getfixturevalue("fresh_pg" if db == "postgresql" else "zoned_url")
    make_carrier(url)
    dump = backup_module._dump_table

    def dump_then_write(conn: Any, table: Any, zf: Any, now: datetime) -> Any:
        entry = dump(conn, table, zf, now)
        if table.name == "appmeta":
            # Another user saves while the backup is half-way through.
            make_carrier(url, name_zh="备份途中新建")
        return entry

    monkeypatch.setattr(backup_module, "_dump_table", dump_then_write)
    path = make_backup(get_engine(url), tmp_path / "live.zip")
    monkeypatch.undo()
    rows = {t.name: t.rows for t in open_backup(path).manifest.tables}
    # The carrier and its audit event are both absent: the backup saw one moment.
    assert (rows["carrier"], rows["auditevent"]) == (1, 1)
    target = f"sqlite:///{tmp_path / 'check.db'}"
    migrate(target)
    restore(target, path)
    assert len(all_rows(get_engine(target))["carrier"]) == 1
    get_engine(target).dispose()


def test_a_backup_refuses_tables_it_does_not_know_and_old_schemas(
    zoned_url: str, tmp_path: Path
) -> None:
    engine = get_engine(zoned_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    got = refusal(lambda: make_backup(engine, tmp_path / "a.zip"))
    assert "tables this app does not know (notes)" in got
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE notes")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    got = refusal(lambda: make_backup(engine, tmp_path / "b.zip"))
    assert f"schema revision 0001, this app expects {HEAD}" in got


def test_backup_file_reads_what_write_backup_wrote(seeded_backup: Path) -> None:
    backup = BackupFile(seeded_backup.open("rb"), name="x.zip")
    zone_table = next(t for t in backup_tables() if t.name == "zone")
    zones = list(backup.rows(zone_table))
    backup.close()
    assert {z["code"] for z in zones} >= {"shibei", "belt_njw", "belt_szr", "belt_mrr"}
