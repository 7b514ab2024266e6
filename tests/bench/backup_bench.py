"""Backup/restore timings (issue 10 §3), on demand: not part of the test suite.

    .venv/bin/python tests/bench/backup_bench.py [--audit N] [--pg postgresql+psycopg://...]

Loads the sample data into a temporary SQLite file (plus ``--audit`` extra audit events,
the table that grows without bound), then times: a backup of it, a restore into a fresh
SQLite file and, when ``--pg`` names a server's maintenance database, a restore into a
throw-away PostgreSQL database and a backup of that.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, insert, text

from models.audit import AuditEvent
from models.backup import BackupFile, write_backup
from models.common import utcnow
from models.db import get_engine, migrate, run_write, session_scope
from models.seed import load_sample
from models.services.backup import restore_database
from models.services.core import SYSTEM

T = TypeVar("T")


def timed(label: str, work: Callable[[], T]) -> T:
    # CPU time too: on a shared machine the wall time mostly measures the neighbours.
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:28} {wall:7.2f} s wall {used:7.2f} s CPU (this process)")
    return result


def backup_to(url: str, path: Path) -> int:
    with path.open("wb") as out:
        return write_backup(get_engine(url), out).total_rows


def restore_from(url: str, path: Path) -> int:
    with path.open("rb") as handle:
        backup = BackupFile(handle, name=path.name)
        summary = run_write(
            get_engine(url), lambda s: restore_database(s, actor=SYSTEM, backup=backup)
        )
    return summary.rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--audit", type=int, default=0, help="extra audit events to add")
    parser.add_argument("--pg", help="URL of a PostgreSQL maintenance database")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="backup_bench_"))
    source = f"sqlite:///{work / 'source.db'}"
    migrate(source)
    with session_scope(get_engine(source)) as s:
        load_sample(s)
    if args.audit:
        row = {"username": "bench", "action": "update", "entity": "carrier", "reason": ""}
        rows = [
            {**row, "at": utcnow(), "entity_id": i, "after": '{"x": 1}'} for i in range(args.audit)
        ]
        with session_scope(get_engine(source), write=True) as s:
            s.execute(insert(AuditEvent), rows)
    file = work / "b.zip"
    rows = timed("backup SQLite", lambda: backup_to(source, file))
    print(f"{'':32} {rows} rows, {file.stat().st_size / 1e6:.2f} MB")
    target = f"sqlite:///{work / 'target.db'}"
    migrate(target)
    timed("restore into SQLite", lambda: restore_from(target, file))
    if args.pg:
        name = f"backup_bench_{secrets.token_hex(4)}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        pg = args.pg.rsplit("/", 1)[0] + f"/{name}"
        try:
            migrate(pg)
            timed("restore into PostgreSQL", lambda: restore_from(pg, file))
            timed("backup PostgreSQL", lambda: backup_to(pg, work / "pg.zip"))
        finally:
            get_engine(pg).dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(f"files in {work}")


if __name__ == "__main__":
    main()
