"""The sample data scaled up, for benchmarks: k copies of the generated set, 10 years long.

``python -m tests.bench.scaled_data PATH --copies 10`` writes a SQLite file holding
``copies`` independent draws of :func:`data.sample_generator.generate` (each with its own
seed, so positions, names and curves differ) over ``months`` months of reports, plus the
reference zones and the demo users. Ten copies over 120 months give the "sample data
×10, ten years" of the benchmark: about 1,200 carriers, 7,800 tenants and 130,000
occupancy reports; 47 copies give the 600,000 reports of the database benchmark.

The records are the generator's; only the loading differs from :func:`models.seed.load_sample`:
ids are assigned here (the database is empty) so every table goes in with one bulk
insert, and park and belts come from :func:`models.services.location.locate_many`.
A file that already holds the same scale is reused (its ``bench_scale`` meta row says so).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text
from sqlmodel import Session

from data.sample_generator import SEED, SampleData, generate
from models.carrier import Carrier, CarrierStageChange
from models.conversion import ConversionProject, ConversionStatusChange
from models.db import get_engine, migrate, session_scope
from models.occupancy import OccupancyReport
from models.seed import DEMO_USERS, ensure_zones
from models.services.core import SYSTEM, bump_data_version, meta_value, set_meta
from models.services.location import locate_many
from models.services.users import create_user
from models.support import SupportGrant
from models.tenant import Tenancy, Tenant

END_MONTH = date(2026, 10, 1)
TODAY = date(2026, 11, 28)
BENCH_MONTHS = 120


@dataclass(frozen=True)
class Scale:
    """How much data: ``copies`` draws of the sample set, ``months`` of reports each."""

    copies: int
    months: int = BENCH_MONTHS

    @property
    def key(self) -> str:
        # "v2": stage history is part of the data (databases built before are rebuilt).
        return f"v2;copies={self.copies};months={self.months};end={END_MONTH.isoformat()}"


def scaled_sample(scale: Scale) -> SampleData:
    """``scale.copies`` generated sample sets merged into one, with ids made unique.

    Copy ``k`` uses seed ``SEED + 1000 k``; its names get a ``·k`` suffix (k ≥ 1) so
    people and uniqueness checks can tell the copies apart.
    """
    merged = SampleData()
    for k in range(scale.copies):
        part = generate(seed=SEED + 1000 * k, end_month=END_MONTH, today=TODAY, months=scale.months)
        _offset_into(merged, part, k)
    return merged


def _offset_into(merged: SampleData, part: SampleData, k: int) -> None:
    base = {name: len(getattr(merged, name)) for name in ("carriers", "tenants", "conversions")}
    base_tenancy = len(merged.tenancies)
    base_grant = len(merged.grants)
    suffix = f"·{k}" if k else ""
    for c in part.carriers:
        merged.carriers.append(
            {
                **c,
                "id": c["id"] + base["carriers"],
                "name_zh": c["name_zh"] + suffix,
                "name_en": c["name_en"] + suffix,
            }
        )
    for t in part.tenants:
        merged.tenants.append({**t, "id": t["id"] + base["tenants"], "name": t["name"] + suffix})
    for ty in part.tenancies:
        merged.tenancies.append(
            {
                **ty,
                "id": ty["id"] + base_tenancy,
                "tenant_id": ty["tenant_id"] + base["tenants"],
                "carrier_id": ty["carrier_id"] + base["carriers"],
            }
        )
    merged.reports.extend(
        {**r, "carrier_id": r["carrier_id"] + base["carriers"]} for r in part.reports
    )
    for p in part.conversions:
        cid = p["carrier_id"] + base["carriers"] if p["carrier_id"] else None
        merged.conversions.append(
            {
                **p,
                "id": p["id"] + base["conversions"],
                "carrier_id": cid,
                "name_zh": p["name_zh"] + suffix,
                "name_en": p["name_en"] + suffix,
            }
        )
    merged.status_changes.extend(
        {**s, "project_id": s["project_id"] + base["conversions"]} for s in part.status_changes
    )
    merged.stage_changes.extend(
        {**c, "carrier_id": c["carrier_id"] + base["carriers"]} for c in part.stage_changes
    )
    merged.grants.extend(
        {**g, "id": g["id"] + base_grant, "tenant_id": g["tenant_id"] + base["tenants"]}
        for g in part.grants
    )


def _rows(records: list[dict[str, Any]], **extra: Any) -> list[dict[str, Any]]:
    # The generator's private helpers ("_opened_idx") never reach the database.
    return [{k: v for k, v in r.items() if not k.startswith("_")} | extra for r in records]


def load_scaled(session: Session, scale: Scale) -> dict[str, int]:
    """Insert the scaled sample set into an empty, migrated database (zones included)."""
    ensure_zones(session)
    data = scaled_sample(scale)
    places = locate_many(session, [(c["lon"], c["lat"]) for c in data.carriers])
    who = {"updated_by": SYSTEM.username}
    carriers = [
        row | {"park_code": place.park_code, "belt_codes": place.belt_text}
        for row, place in zip(_rows(data.carriers, **who), places, strict=True)
    ]
    for model, rows in (
        (Carrier, carriers),
        (Tenant, _rows(data.tenants, **who)),
        (Tenancy, _rows(data.tenancies, **who)),
        (OccupancyReport, _rows(data.reports)),
        (ConversionProject, _rows(data.conversions, **who)),
        (ConversionStatusChange, _rows(data.status_changes)),
        (SupportGrant, _rows(data.grants, **who)),
        (CarrierStageChange, _rows(data.stage_changes, changed_by=SYSTEM.username)),
    ):
        # Chunks keep SQLite's and psycopg's parameter lists at a sane size.
        for start in range(0, len(rows), 20_000):
            session.execute(insert(model), rows[start : start + 20_000])
    _sync_sequences(session)
    for demo in DEMO_USERS:
        create_user(
            session,
            actor=SYSTEM,
            username=demo.username,
            password=demo.password,
            role=demo.role,
            display_name=demo.display_name,
            zone_codes=demo.zone_codes,
            reason="demo user (benchmark data)",
        )
    set_meta(session, "sample_data", "1")
    set_meta(session, "seeded", "1")
    set_meta(session, "bench_scale", scale.key)
    bump_data_version(session)
    return data.counts()


def _sync_sequences(session: Session) -> None:
    # Ids were given explicitly: PostgreSQL's sequences must move past them.
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in (
        Carrier,
        Tenant,
        Tenancy,
        OccupancyReport,
        ConversionProject,
        ConversionStatusChange,
        SupportGrant,
    ):
        table = model.__tablename__
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )
        )


def ensure_scaled_db(url: str, scale: Scale) -> bool:
    """Make the database at ``url`` hold ``scale``; True when it had to be (re)built.

    The database must be empty or already hold exactly this scale: the benchmark never
    wipes a database it did not fill.
    """
    migrate(url)
    engine = get_engine(url)
    with session_scope(engine) as session:
        if meta_value(session, "bench_scale") == scale.key:
            return False
        if meta_value(session, "bench_scale") or meta_value(session, "seeded"):
            raise RuntimeError(f"{url.split('@')[-1]} holds other data; use an empty database")
    with session_scope(engine, write=True) as session:
        load_scaled(session, scale)
    if url.startswith("sqlite"):
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            # Fold the write-ahead log into the file: readers then skip its index.
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return True


def sqlite_file(path: Path, scale: Scale) -> str:
    """A SQLite file at ``path`` holding ``scale`` (built on first use); its URL.

    A file the benchmark built for another scale is rebuilt; any other file is refused.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path.resolve()}"
    if path.exists():
        with session_scope(get_engine(url)) as session:
            held = meta_value(session, "bench_scale")
        if held and held != scale.key:
            get_engine(url).dispose()
            for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                stale.unlink(missing_ok=True)
    ensure_scaled_db(url, scale)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--months", type=int, default=BENCH_MONTHS)
    args = parser.parse_args()
    url = sqlite_file(args.path, Scale(args.copies, args.months))
    with session_scope(get_engine(url)) as session:
        print(url, meta_value(session, "bench_scale"))


if __name__ == "__main__":
    main()
