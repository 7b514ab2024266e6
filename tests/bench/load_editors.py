"""Twenty editors at once: managers saving occupancy, carriers and tenancies in parallel.

    .venv/bin/python -m tests.bench.load_editors --db postgresql --seconds 60 --editors 20
    .venv/bin/python -m tests.bench.load_editors --db sqlite --seconds 20 --editors 20

A measurement with a verdict, not a unit test (tests/unit/test_load_editors.py runs a
10-second version in CI). It builds its own database (PostgreSQL: a throw-away database
on ``TEST_PG_HOST``:``TEST_PG_PORT``, user ``TEST_PG_USER``, created from the maintenance
database ``TEST_PG_DB`` and dropped afterwards; SQLite: a file in a temporary directory),
loads a small fixture of 16 carriers in four places whose zones overlap, and lets N
simulated managers (threads, one per editor) write through the service layer exactly as
the pages do (``models.db.run_write`` around one service call) for the given time:

- **occupancy**: one to three carriers' figures for one of the last three months, against
  the report version the editor read (a new report when none exists yet);
- **carrier**: operator, address, total area or workstations, against the version read;
- **tenancy**: a move-out of an open tenancy (against its version) or a move-in.

Scopes overlap on purpose (Shibei park, the Middle Ring belt, both, the Suzhou River
belt, Suzhou River plus Shibei), so several editors fight over the same rows. On a
Conflict the editor re-reads the record and saves the same intention again, as a person
would, at most ``MAX_RETRIES`` times; when the re-read shows the intention no longer
applies (the tenancy was closed by someone else meanwhile) or the service refuses it
(the carrier shrank below the figure being entered) that is counted as *refused*.

Afterwards the database is checked against two independent records:

1. **The editors' own log of accepted writes** (entity, id, the version the write
   produced, the values it set). Per record the accepted versions must be exactly
   2 … final version with no gaps or repeats (a repeat is two writers who both
   "won" from the same base: a lost update), and every field must hold the value of
   the last accepted write that set it, unless a later accepted write changed it.
2. **A replay of the audit log.** Creates carry the whole record, updates the changed
   fields before and after. Replaying every event of every carrier, report and tenancy
   in id order must reproduce each row's current values (bookkeeping fields such as
   ``updated_by`` apart), each update's "before" must equal the replayed state just
   before it (no write was based on a stale read), the final version must equal
   1 + the number of update events, and the editors' accepted writes must equal the
   audit events under their names, editor by editor.

It also checks two rules that only concurrency could break: no report of a carrier
exceeds the carrier's area or workstations in the report's month, and no tenant has two open
tenancies in the same carrier. Deadlocks and serialization failures that the database
reported (and ``run_write`` retried) are counted apart from the ones that reached an
editor as a traceback; the latter must be zero, as must unexpected errors.

``--json PATH`` writes the report as JSON. Exit code 0 when every check passed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlmodel import Session, col, select

from models.audit import AuditEvent
from models.carrier import Carrier
from models.credit_code import check_character
from models.db import get_engine, migrate, run_write, session_scope
from models.enums import ExitReason, Role
from models.errors import Conflict, ServiceError
from models.faults import database_unavailable
from models.occupancy import OccupancyReport
from models.seed import ensure_zones
from models.services.carrier_sizes import size_at
from models.services.carriers import create_carrier, update_carrier
from models.services.core import _BOOKKEEPING, SYSTEM, Actor, snapshot
from models.services.occupancy import save_month
from models.services.tenants import create_tenant, move_in, move_out
from models.tenant import Tenancy

MAX_RETRIES = 3
TODAY = date(2026, 11, 10)  # "today" of the simulation: months 2026-08 … 2026-10 are open
MONTHS = [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
# Four places whose zones overlap (checked against the shipped zones).
PLACES = {
    "shibei": (121.451, 31.300),  # Shibei park only
    "shibei+mrr": (121.450, 31.295),  # Shibei park and the Middle Ring belt
    "mrr": (121.450, 31.290),  # Middle Ring belt only
    "szr": (121.466925, 31.242264),  # Suzhou River belt only
}
SCOPES = [
    frozenset({"shibei"}),
    frozenset({"belt_mrr"}),
    frozenset({"shibei", "belt_mrr"}),
    frozenset({"belt_szr"}),
    frozenset({"belt_szr", "shibei"}),
]
CARRIERS_PER_PLACE = 4
TENANTS = 48
# Entities whose every write goes through the audit trail and is checked by replay.
REPLAYED = {"carrier": Carrier, "occupancy": OccupancyReport, "tenancy": Tenancy}
# The report's rows: a service call made; the service accepted it; it was refused as a
# stale version; the editor re-read and tried again (after a conflict or an outage
# message); the editor stopped after MAX_RETRIES; a rule refused it (or the re-read
# showed it no longer applied); run_write's own deadlock retries ran out; the page
# would have said "database unavailable" (locked, no pooled connection in time);
# anything else (a bug).
COUNTS = (
    "attempts",
    "accepted",
    "conflicts",
    "retries",
    "gave_up",
    "refused",
    "busy",
    "unavailable",
    "errors",
)
TRANSIENT = {"40P01": "deadlock", "40001": "serialization failure"}


# ----------------------------------------------------------------------- database


def _pg_settings() -> tuple[str, int, str, str]:
    return (
        os.environ.get("TEST_PG_HOST", "127.0.0.1"),
        int(os.environ.get("TEST_PG_PORT", "5432")),
        os.environ.get("TEST_PG_USER", "postgres"),
        os.environ.get("TEST_PG_DB", "test"),
    )


@contextmanager
def throwaway_database(kind: str) -> Iterator[str]:
    """A fresh, empty database of ``kind`` ("postgresql" or "sqlite"), removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="load_editors_") as tmp:
            url = f"sqlite:///{Path(tmp) / 'load.db'}"
            try:
                yield url
            finally:
                get_engine(url).dispose()
        return
    import psycopg

    host, port, user, admin_db = _pg_settings()
    admin = psycopg.connect(
        host=host, port=port, user=user, dbname=admin_db, autocommit=True, connect_timeout=3
    )
    name = f"jingan_load_{secrets.token_hex(5)}"
    admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    url = f"postgresql+psycopg://{user}@{host}:{port}/{name}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        admin.close()


@dataclass
class Fixture:
    """What the editors work on: carrier ids by place, and the tenant ids."""

    carriers: dict[int, str]  # carrier id -> place
    zones: dict[int, frozenset[str]]  # carrier id -> its park and belt codes
    tenants: list[int]


def _credit_code(n: int) -> str:
    body = f"91310106MA1L{n:05d}"
    return body + check_character(body)


def build_fixture(url: str) -> Fixture:
    """Migrate, load the zones, then carriers, tenants and tenancies as the SYSTEM admin."""
    migrate(url)
    engine = get_engine(url)
    carriers: dict[int, str] = {}
    zones: dict[int, frozenset[str]] = {}
    with session_scope(engine, write=True) as s:
        ensure_zones(s)
    with session_scope(engine, write=True) as s:
        for place, (lon, lat) in PLACES.items():
            for k in range(CARRIERS_PER_PLACE):
                c = create_carrier(
                    s,
                    actor=SYSTEM,
                    data={
                        "name_zh": f"压测载体 {place} {k + 1}",
                        "stage": "incubator",
                        "total_area_m2": 5000.0,
                        "workstations_total": 400,
                        "lon": lon + 0.0002 * k,
                        "lat": lat,
                    },
                )
                assert c.id is not None
                carriers[c.id] = place
                zones[c.id] = frozenset(filter(None, [c.park_code, *c.belt_codes.split(",")]))
        tenants = [
            create_tenant(
                s,
                actor=SYSTEM,
                data={"name": f"压测企业{n}", "credit_code": _credit_code(n), "industry": "ai"},
            ).id
            for n in range(TENANTS)
        ]
        ids = sorted(carriers)
        for n, tenant_id in enumerate(tenants[: TENANTS // 2]):
            move_in(
                s,
                actor=SYSTEM,
                data={
                    "tenant_id": tenant_id,
                    "carrier_id": ids[n % len(ids)],
                    "area_m2": 100.0,
                    "workstations": 8,
                    "start_on": date(2025, 1, 1),
                },
            )
    return Fixture(carriers, zones, [int(t) for t in tenants if t is not None])


def editors(n: int) -> list[Actor]:
    """``n`` managers, their zone scopes cycling through SCOPES (so they overlap)."""
    return [
        Actor(username=f"load{i:02d}", role=Role.MANAGER, zone_codes=SCOPES[i % len(SCOPES)])
        for i in range(n)
    ]


# ---------------------------------------------------------------------- the tally


@dataclass
class Accepted:
    """One write the service accepted, as its editor saw it."""

    entity: str
    entity_id: int
    version: int  # the version the write produced (1 for a new row)
    values: dict[str, Any]
    editor: str
    based_on: int | None = None  # the version the editor read and saved against


@dataclass
class Tally:
    """Counters shared by the editor threads (guarded by ``lock``)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    attempts: Counter[str] = field(default_factory=Counter)
    accepted: Counter[str] = field(default_factory=Counter)
    conflicts: Counter[str] = field(default_factory=Counter)
    retries: Counter[str] = field(default_factory=Counter)
    gave_up: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    busy: Counter[str] = field(default_factory=Counter)  # run_write's retries ran out
    unavailable: Counter[str] = field(default_factory=Counter)  # "database unavailable"
    errors: Counter[str] = field(default_factory=Counter)
    deadlock_tracebacks: int = 0
    transient_in_db: Counter[str] = field(default_factory=Counter)
    tracebacks: list[str] = field(default_factory=list)
    log: list[Accepted] = field(default_factory=list)

    def add(self, counter: str, op: str, n: int = 1) -> None:
        with self.lock:
            getattr(self, counter)[op] += n

    def accept(self, op: str, items: list[Accepted]) -> None:
        with self.lock:
            self.accepted[op] += 1
            self.log.extend(items)

    def error(self, op: str, exc: BaseException) -> None:
        text = "".join(traceback.format_exception(exc))
        with self.lock:
            self.errors[op] += 1
            if "deadlock" in text.lower():
                self.deadlock_tracebacks += 1
            if len(self.tracebacks) < 5:
                self.tracebacks.append(text)


def _count_transient(tally: Tally) -> Callable[[ExceptionContext], None]:
    def handle(context: ExceptionContext) -> None:
        orig = context.original_exception
        code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if code in TRANSIENT:
            with tally.lock:
                tally.transient_in_db[TRANSIENT[code]] += 1

    return handle


# -------------------------------------------------------------------- the editors


class Stale(Exception):
    """The re-read shows the intention no longer applies (counted as refused)."""


@dataclass
class Editor:
    """One simulated manager: a random but reproducible sequence of intentions."""

    actor: Actor
    engine: Engine
    fixture: Fixture
    tally: Tally
    rng: random.Random
    mine: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mine = sorted(
            cid for cid, z in self.fixture.zones.items() if z & self.actor.zone_codes
        )

    def run(self, deadline: float) -> None:
        ops: list[tuple[str, Callable[[], None]]] = [
            ("occupancy", self.occupancy),
            ("occupancy", self.occupancy),
            ("carrier", self.carrier),
            ("tenancy", self.tenancy),
        ]
        while time.monotonic() < deadline:
            op, intention = self.rng.choice(ops)
            try:
                intention()
            except Exception as exc:  # noqa: BLE001 - counted and shown in the report
                self.tally.error(op, exc)

    # Each intention: plan() reads fresh state and returns the service call to make, or
    # raises Stale; the retry loop runs it, and on a Conflict plans again from a re-read.
    def _attempt(
        self, op: str, plan: Callable[[Session], Callable[[Session], list[Accepted]]]
    ) -> None:
        for attempt in range(MAX_RETRIES + 1):
            if attempt:
                self.tally.add("retries", op)
            try:
                with Session(self.engine) as s:
                    work = plan(s)
                self.tally.add("attempts", op)
                items = run_write(self.engine, work)
            except Stale:
                self.tally.add("refused", op)
                return
            except Conflict as exc:
                if any(p.key == "err_busy_retry" for p in exc.problems):
                    self.tally.add("busy", op)
                self.tally.add("conflicts", op)
                continue
            except ServiceError:
                self.tally.add("refused", op)
                return
            except Exception as exc:
                if not database_unavailable(exc):
                    raise
                # The page says "数据库暂时不可用，请稍后重试" (locked, or no pooled
                # connection free in time); the user saves again.
                self.tally.add("unavailable", op)
                continue
            self.tally.accept(op, items)
            return
        self.tally.add("gave_up", op)

    def occupancy(self) -> None:
        carriers = sorted(self.rng.sample(self.mine, k=min(len(self.mine), self.rng.randint(1, 3))))
        month = self.rng.choice(MONTHS)
        shares = {
            cid: (self.rng.uniform(0.2, 0.95), self.rng.uniform(0.2, 0.95)) for cid in carriers
        }

        def plan(s: Session) -> Callable[[Session], list[Accepted]]:
            rows = []
            read: dict[int, int | None] = {}
            for cid in carriers:
                carrier = s.get(Carrier, cid)
                assert carrier is not None
                report = s.exec(
                    select(OccupancyReport).where(
                        OccupancyReport.carrier_id == cid, OccupancyReport.month == month
                    )
                ).first()
                area_share, ws_share = shares[cid]
                read[cid] = report.version if report else None
                rows.append(
                    {
                        "carrier_id": cid,
                        "month": month,
                        "version": report.version if report else None,
                        "occupied_area_m2": round(carrier.total_area_m2 * area_share, 1),
                        "occupied_workstations": int(carrier.workstations_total * ws_share),
                        "tenant_count": self.rng.randint(1, 40),
                    }
                )

            def work(session: Session) -> list[Accepted]:
                saved = save_month(
                    session,
                    actor=self.actor,
                    rows=rows,
                    today=TODAY,
                    confirm_implausible=True,  # random figures jump on purpose
                )
                return [
                    Accepted(
                        "occupancy",
                        int(r.id),  # type: ignore[arg-type]
                        r.version,
                        {
                            k: getattr(r, k)
                            for k in ("occupied_area_m2", "occupied_workstations", "tenant_count")
                        },
                        self.actor.username,
                        read[r.carrier_id],
                    )
                    for r in saved
                    # Figures equal to the stored ones are no change: nothing written.
                    if r.version != read[r.carrier_id]
                ]

            return work

        self._attempt("occupancy", plan)

    def carrier(self) -> None:
        cid = self.rng.choice(self.mine)
        name = self.rng.choice(["operator", "address", "total_area_m2", "workstations_total"])
        tag = f"{self.actor.username}-{self.rng.randint(0, 10**6)}"
        value: Any = {
            "operator": f"运营方 {tag}",
            "address": f"测试路 {tag} 号",
            "total_area_m2": float(self.rng.randint(4000, 6000)),
            "workstations_total": self.rng.randint(300, 500),
        }[name]

        def plan(s: Session) -> Callable[[Session], list[Accepted]]:
            carrier = s.get(Carrier, cid)
            assert carrier is not None
            version = carrier.version

            def work(session: Session) -> list[Accepted]:
                saved = update_carrier(
                    session,
                    actor=self.actor,
                    carrier_id=cid,
                    expected_version=version,
                    changes={name: value},
                    # Dated the first reported month: every report of the run must fit
                    # the new size, so a resize races the reports (a resize dated today
                    # would only meet this month's).
                    size_changed_on=min(MONTHS),
                )
                return [
                    Accepted(
                        "carrier", cid, saved.version, {name: value}, self.actor.username, version
                    )
                ]

            return work

        self._attempt("carrier", plan)

    def tenancy(self) -> None:
        if self.rng.random() < 0.5:
            self._move_out()
        else:
            self._move_in()

    def _move_out(self) -> None:
        with Session(self.engine) as s:
            open_ids = s.exec(
                select(Tenancy.id).where(
                    col(Tenancy.carrier_id).in_(self.mine), col(Tenancy.end_on).is_(None)
                )
            ).all()
        if not open_ids:
            return
        tid = int(self.rng.choice(open_ids))  # type: ignore[arg-type]
        end_on = date(2026, 10, self.rng.randint(1, 28))
        why = self.rng.choice(
            [ExitReason.LEFT_DISTRICT, ExitReason.CLOSED, ExitReason.MOVED_WITHIN]
        )

        def plan(s: Session) -> Callable[[Session], list[Accepted]]:
            tenancy = s.get(Tenancy, tid)
            assert tenancy is not None
            if tenancy.end_on is not None:
                raise Stale  # someone else moved it out meanwhile
            version = tenancy.version

            def work(session: Session) -> list[Accepted]:
                saved = move_out(
                    session,
                    actor=self.actor,
                    tenancy_id=tid,
                    expected_version=version,
                    end_on=end_on,
                    exit_reason=why,
                )
                values = {"end_on": end_on.isoformat(), "exit_reason": why.value}
                return [
                    Accepted("tenancy", tid, saved.version, values, self.actor.username, version)
                ]

            return work

        self._attempt("tenancy", plan)

    def _move_in(self) -> None:
        tenant_id = self.rng.choice(self.fixture.tenants)
        cid = self.rng.choice(self.mine)
        area = float(self.rng.randint(20, 300))

        def plan(s: Session) -> Callable[[Session], list[Accepted]]:
            def work(session: Session) -> list[Accepted]:
                saved = move_in(
                    session,
                    actor=self.actor,
                    data={
                        "tenant_id": tenant_id,
                        "carrier_id": cid,
                        "area_m2": area,
                        "workstations": 4,
                        "start_on": date(2026, 10, 1),
                    },
                )
                values = {"tenant_id": tenant_id, "carrier_id": cid, "area_m2": area}
                return [Accepted("tenancy", int(saved.id), 1, values, self.actor.username)]  # type: ignore[arg-type]

            return work

        self._attempt("tenancy", plan)


# ------------------------------------------------------------------ verification


def _plain(value: Any) -> Any:
    """A value as the audit trail stores it (JSON), for comparing like with like."""
    return json.loads(json.dumps(value, default=str))


def _current(session: Session) -> dict[tuple[str, int], dict[str, Any]]:
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for entity, model in REPLAYED.items():
        for obj in session.exec(select(model)).all():
            rows[(entity, int(obj.id))] = _plain(snapshot(obj))  # type: ignore[call-overload]
    return rows


def verify_log(session: Session, log: list[Accepted]) -> list[str]:
    """Check the database against the editors' own log of accepted writes."""
    problems: list[str] = []
    current = _current(session)
    by_record: dict[tuple[str, int], list[Accepted]] = defaultdict(list)
    for item in log:
        by_record[(item.entity, item.entity_id)].append(item)
    for key, items in by_record.items():
        row = current.get(key)
        if row is None:
            problems.append(f"{key}: accepted but not in the database")
            continue
        items.sort(key=lambda a: a.version)
        # Updates produced versions 2, 3 … exactly once each: a repeat would be two
        # writers who both won from the same base, a gap a write nobody accepted.
        versions = [a.version for a in items if a.version > 1]
        expected = list(range(2, row["version"] + 1))
        if versions != expected:
            problems.append(
                f"{key}: accepted versions {versions}, database at version {row['version']}"
            )
        # A write saved against version b must have produced b + 1: anything else
        # overwrote a change its editor never saw.
        problems += [
            f"{key}: {a.editor} saved against version {a.based_on}, produced {a.version}"
            for a in items
            if a.based_on is not None and a.version != a.based_on + 1
        ]
        final: dict[str, Any] = {}
        for a in items:
            final |= _plain(a.values)
        for name, value in final.items():
            if row.get(name) != value:
                problems.append(f"{key}.{name}: last accepted {value!r}, stored {row.get(name)!r}")
    return problems


@dataclass
class Replay:
    """Outcome of replaying the audit log."""

    events: int
    records: int
    problems: list[str]
    by_editor: dict[str, int]


def replay_audit(session: Session) -> Replay:
    """Rebuild every carrier, report and tenancy from its audit events; compare."""
    problems: list[str] = []
    state: dict[tuple[str, int], dict[str, Any]] = {}
    updates: Counter[tuple[str, int]] = Counter()
    by_editor: Counter[str] = Counter()
    events = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.entity).in_(list(REPLAYED)))
        .order_by(col(AuditEvent.id))
    ).all()
    for ev in events:
        key = (ev.entity, int(ev.entity_id or 0))
        before = json.loads(ev.before) if ev.before else {}
        after = json.loads(ev.after) if ev.after else {}
        by_editor[ev.username] += 1
        if ev.action == "create" or key not in state:
            if ev.action != "create":
                problems.append(f"{key}: event #{ev.id} {ev.action} before any create")
            state[key] = after
            continue
        for name, value in before.items():
            if state[key].get(name) != value:
                problems.append(
                    f"{key}: event #{ev.id} says {name} was {value!r}, "
                    f"replay has {state[key].get(name)!r} (a write from a stale read)"
                )
        state[key] |= after
        updates[key] += 1
    current = _current(session)
    for key, row in current.items():
        replayed = state.get(key)
        if replayed is None:
            problems.append(f"{key}: in the database but never audited")
            continue
        for name, value in row.items():
            if name in _BOOKKEEPING:
                continue
            if replayed.get(name) != value:
                problems.append(f"{key}.{name}: replay {replayed.get(name)!r}, stored {value!r}")
        if row["version"] != 1 + updates[key]:
            problems.append(f"{key}: version {row['version']}, 1 + {updates[key]} update events")
    return Replay(len(events), len(current), problems, dict(by_editor))


def check_rules(session: Session) -> list[str]:
    """Rules a serial run cannot break; only a race between two writers could."""
    problems: list[str] = []
    for carrier in session.exec(select(Carrier)).all():
        reports = session.exec(
            select(OccupancyReport).where(OccupancyReport.carrier_id == carrier.id)
        ).all()
        for report in reports:
            # Against the size the carrier had in the report's month (its size history).
            size = size_at(session, carrier, report.month)
            if report.occupied_area_m2 > size.area_m2:
                problems.append(
                    f"carrier {carrier.id}: report {report.month:%Y-%m} "
                    f"{report.occupied_area_m2} m² > total {size.area_m2} m²"
                )
            if report.occupied_workstations > size.workstations:
                problems.append(
                    f"carrier {carrier.id}: report {report.month:%Y-%m} "
                    f"{report.occupied_workstations} workstations > total {size.workstations}"
                )
    open_pairs = Counter(
        (t.tenant_id, t.carrier_id)
        for t in session.exec(select(Tenancy).where(col(Tenancy.end_on).is_(None))).all()
    )
    problems += [
        f"tenant {t} has {n} open tenancies in carrier {c}"
        for (t, c), n in open_pairs.items()
        if n > 1
    ]
    return problems


# -------------------------------------------------------------------------- run


@dataclass
class Report:
    """Everything the run measured and checked (printed, and written by --json)."""

    db: str
    editors: int
    seconds: float
    attempts: dict[str, int]
    accepted: dict[str, int]
    conflicts: dict[str, int]
    retries: dict[str, int]
    gave_up: dict[str, int]
    refused: dict[str, int]
    busy: dict[str, int]
    unavailable: dict[str, int]
    errors: dict[str, int]
    deadlock_tracebacks: int
    transient_in_db: dict[str, int]
    accepted_per_s: float
    attempts_per_s: float
    audit_events: int
    records_replayed: int
    log_problems: list[str]
    replay_problems: list[str]
    editor_mismatch: list[str]
    rule_problems: list[str]
    tracebacks: list[str]

    @property
    def ok(self) -> bool:
        """Every check passed: no error, no deadlock traceback, nothing lost or stale."""
        return not (
            sum(self.errors.values())
            or self.deadlock_tracebacks
            or self.log_problems
            or self.replay_problems
            or self.editor_mismatch
            or self.rule_problems
        )


def run(url: str, *, seconds: float, n_editors: int, seed: int = 11) -> Report:
    """Build the fixture at ``url``, run the editors for ``seconds`` and check the result."""
    fixture = build_fixture(url)
    engine = get_engine(url)
    with Session(engine) as s:
        first_load_event = 1 + max((e.id or 0 for e in s.exec(select(AuditEvent)).all()), default=0)
    tally = Tally()
    handler = _count_transient(tally)
    event.listen(engine, "handle_error", handler)
    team = [
        Editor(actor, engine, fixture, tally, random.Random(seed * 1000 + i))
        for i, actor in enumerate(editors(n_editors))
    ]
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=e.run, args=(deadline,), name=e.actor.username) for e in team
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    event.remove(engine, "handle_error", handler)
    with Session(engine) as s:
        log_problems = verify_log(s, tally.log)
        replay = replay_audit(s)
        rules = check_rules(s)
        load_events = Counter(
            e.username
            for e in s.exec(
                select(AuditEvent).where(
                    col(AuditEvent.id) >= first_load_event,
                    col(AuditEvent.entity).in_(list(REPLAYED)),
                )
            ).all()
        )
    written = Counter(a.editor for a in tally.log)
    mismatch = [
        f"{who}: {written[who]} accepted writes, {load_events[who]} audit events"
        for who in sorted(set(written) | set(load_events))
        if written[who] != load_events[who]
    ]
    total_accepted = sum(tally.accepted.values())
    return Report(
        db=engine.dialect.name,
        editors=n_editors,
        seconds=round(elapsed, 1),
        attempts=dict(tally.attempts),
        accepted=dict(tally.accepted),
        conflicts=dict(tally.conflicts),
        retries=dict(tally.retries),
        gave_up=dict(tally.gave_up),
        refused=dict(tally.refused),
        busy=dict(tally.busy),
        unavailable=dict(tally.unavailable),
        errors=dict(tally.errors),
        deadlock_tracebacks=tally.deadlock_tracebacks,
        transient_in_db=dict(tally.transient_in_db),
        accepted_per_s=round(total_accepted / elapsed, 1),
        attempts_per_s=round(sum(tally.attempts.values()) / elapsed, 1),
        audit_events=replay.events,
        records_replayed=replay.records,
        log_problems=log_problems,
        replay_problems=replay.problems,
        editor_mismatch=mismatch,
        rule_problems=rules,
        tracebacks=tally.tracebacks,
    )


def format_report(r: Report) -> str:
    """The report as a small table and a verdict."""
    ops = ["occupancy", "carrier", "tenancy"]
    rows = [("", *ops, "total")]
    for label in COUNTS:
        counts: dict[str, int] = getattr(r, label)
        rows.append((label, *(str(counts.get(o, 0)) for o in ops), str(sum(counts.values()))))
    width = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        f"{r.editors} editors, {r.seconds} s on {r.db}",
        *("  ".join(cell.rjust(w) for cell, w in zip(row, width, strict=True)) for row in rows),
        f"throughput: {r.accepted_per_s} accepted writes/s, {r.attempts_per_s} attempts/s",
        f"deadlocks/serialization failures seen by the database (retried): "
        f"{r.transient_in_db or 'none'}; deadlock tracebacks reaching an editor: "
        f"{r.deadlock_tracebacks}",
        f"audit replay: {r.audit_events} events over {r.records_replayed} records, "
        f"{len(r.replay_problems)} mismatches",
        f"accepted-write log vs database (lost updates): {len(r.log_problems)} problems",
        f"accepted writes vs audit events per editor: {len(r.editor_mismatch)} mismatches",
        f"race-only rules (report ≤ carrier size, one open tenancy per pair): "
        f"{len(r.rule_problems)} broken",
    ]
    for title, items in (
        ("replay", r.replay_problems),
        ("log", r.log_problems),
        ("editors", r.editor_mismatch),
        ("rules", r.rule_problems),
        ("traceback", r.tracebacks),
    ):
        lines += [f"  {title}: {p}" for p in items[:10]]
    lines.append("PASS" if r.ok else "FAIL")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    args = parser.parse_args(argv)
    with throwaway_database(args.db) as url:
        report = run(url, seconds=args.seconds, n_editors=args.editors, seed=args.seed)
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
