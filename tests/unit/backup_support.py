"""Helpers for the backup tests: dump every row of every table, tamper with backup files."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from models.backup import LOCAL_META_KEYS, BackupFile, write_backup
from models.tables import metadata


def all_rows(engine: Engine, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every backed-up table, by primary key, as comparable tuples.

    Left out, as the format says: login sessions, and the appmeta keys local to one
    deployment. ``skip`` drops the audit events of these actions (a restore's own event).
    """
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name == "login_session":
                continue
            query = select(table).order_by(*table.primary_key.columns)
            got = [tuple(r) for r in conn.execute(query)]
            if table.name == "appmeta":
                got = [r for r in got if r[0] not in LOCAL_META_KEYS]
            if table.name == "auditevent":
                got = [r for r in got if r[3] not in skip]
            rows[table.name] = got
    return rows


def assert_same_rows(left: dict[str, list[tuple[Any, ...]]], right: dict[str, Any]) -> None:
    """Table by table, so a failure names the table (a whole-dict diff is unreadable)."""
    assert sorted(left) == sorted(right)
    for name in left:
        assert len(left[name]) == len(right[name]), name
        for a, b in zip(left[name], right[name], strict=True):
            assert a == b, (name, a, b)


def make_backup(engine: Engine, path: Path, *, now: datetime | None = None) -> Path:
    with path.open("wb") as out:
        write_backup(engine, out, now=now)
    return path


def open_backup(path: Path) -> BackupFile:
    return BackupFile(io.BytesIO(path.read_bytes()), name=path.name)


def rewrite(
    source: Path,
    target: Path,
    *,
    member: str,
    change: Callable[[bytes], bytes],
    fix_manifest: Callable[[dict[str, Any], bytes], None] | None = None,
) -> Path:
    """Copy a backup zip with one member changed (a valid zip: only our checks can tell)."""
    with zipfile.ZipFile(source) as src:
        contents = {name: src.read(name) for name in src.namelist()}
    contents[member] = change(contents[member])
    if fix_manifest is not None:
        manifest = json.loads(contents["manifest.json"])
        fix_manifest(manifest, contents[member])
        contents["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name, data in contents.items():
            dst.writestr(name, data)
    return target
