"""The overview and as-of-month queries on ~600,000 occupancy reports, SQLite and PostgreSQL.

The data is the sample set ×47 over ten years (:mod:`tests.bench.scaled_data`): about
5,640 carriers and 606,000 reports. SQLite lives in ``.bench/`` of the project;
PostgreSQL gets its own database, ``jingan_bench`` (created when missing, never any
other), on ``BENCH_PG`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432``).
Both are built once and reused while they hold the same scale.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session

from models import overview, queries
from models.common import add_months
from models.db import get_engine, session_scope
from tests.bench.scaled_data import Scale, ensure_scaled_db, sqlite_file

ROOT = Path(__file__).resolve().parents[2]
FULL_COPIES = 47  # 47 × ~12,900 reports over 120 months > 600,000
QUICK_COPIES = 4
PG_SERVER = os.environ.get("BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
PG_DATABASE = "jingan_bench"


def pg_url() -> str | None:
    """URL of the benchmark's own PostgreSQL database (created if needed), or None."""
    try:
        import psycopg

        dsn = PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/test"
        with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)
            ).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    except Exception:  # noqa: BLE001 - no server: the section says so and goes on
        return None
    return f"{PG_SERVER}/{PG_DATABASE}"


def _drop_if_other_scale(url: str, scale: Scale) -> None:
    """Recreate the benchmark's own database when it holds another scale."""
    import psycopg

    from models.services.core import meta_value

    engine = get_engine(url)
    try:
        with session_scope(engine) as session:
            held = meta_value(session, "bench_scale")
    except Exception:  # noqa: BLE001 - not migrated yet: nothing to drop
        return
    finally:
        engine.dispose()
    if not held or held == scale.key:
        return
    dsn = PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/test"
    with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'DROP DATABASE "{PG_DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{PG_DATABASE}"')


def _median_ms(func: Callable[[], Any], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _with_session(engine: Engine, work: Callable[[Session], Any]) -> Callable[[], Any]:
    def run() -> Any:
        with session_scope(engine) as session:
            return work(session)

    return run


def time_queries(url: str, repeats: int) -> dict[str, Any]:
    """Median ms of the overview and as-of queries on the database at ``url``."""
    engine = get_engine(url)
    with session_scope(engine) as session:
        reports = int(session.execute(text("SELECT count(*) FROM occupancyreport")).scalar_one())
        carriers = int(session.execute(text("SELECT count(*) FROM carrier")).scalar_one())
        latest = queries.latest_month(session)
    assert latest is not None
    back = add_months(latest, -24)
    data = _with_session(engine, queries.overview_data)()
    cases: dict[str, Callable[[], Any]] = {
        "latest month (max)": _with_session(engine, queries.latest_month),
        "overview rows (6 statements)": _with_session(engine, queries.overview_data),
        "overview figures for a month (in memory)": lambda: overview.overview_view(
            data, as_of=back
        ),
        "as-of carriers, newest month": _with_session(
            engine, lambda s: queries.carriers_frame(s, as_of=latest)
        ),
        "as-of carriers, 24 months back": _with_session(
            engine, lambda s: queries.carriers_frame(s, as_of=back)
        ),
    }
    times = {name: round(_median_ms(func, repeats), 1) for name, func in cases.items()}
    return {"reports": reports, "carriers": carriers, "ms": times}


def run_db_bench(*, quick: bool, repeats: int = 3) -> dict[str, Any]:
    """Build (or reuse) both databases and time the queries on each."""
    scale = Scale(QUICK_COPIES if quick else FULL_COPIES)
    out: dict[str, Any] = {"scale": scale.key}
    started = time.perf_counter()
    lite = sqlite_file(ROOT / ".bench" / f"reports_x{scale.copies}.db", scale)
    out["sqlite_build_s"] = round(time.perf_counter() - started, 1)
    out["sqlite"] = time_queries(lite, repeats)
    pg = pg_url()
    if pg is None:
        out["postgresql"] = {"skipped": f"no PostgreSQL at {PG_SERVER.split('@')[-1]}"}
        return out
    started = time.perf_counter()
    if quick:
        # The quick run must not replace the full data set a previous full run left.
        out["postgresql"] = {"skipped": "quick run (PostgreSQL holds the full set)"}
        return out
    _drop_if_other_scale(pg, scale)
    ensure_scaled_db(pg, scale)
    out["postgresql_build_s"] = round(time.perf_counter() - started, 1)
    out["postgresql"] = time_queries(pg, repeats)
    return out
