"""Mutation audit: apply one-line bugs to models/ and geo/ and see whether the suite notices.

Run on demand, never as part of pytest or CI's pass/fail::

    .venv/bin/python tests/mutation/run_mutants.py            # every mutant
    .venv/bin/python tests/mutation/run_mutants.py --list     # what would be applied
    .venv/bin/python tests/mutation/run_mutants.py --only crs --only escape

Each mutant replaces one snippet (exactly one occurrence in its file) and runs the pytest
subset that should catch it, with a timeout. The project is copied once to a temporary
directory and mutated there; the working tree is never written to, so an interrupt
(Ctrl-C) or a crash cannot leave a bug behind. A snippet that is not found (the code has
moved on) or found more than once is reported as skipped, never as killed.

A mutant is killed when its tests fail (or time out); it survived when they pass. The
kill rate is killed / (killed + survived). Before mutating, every test subset is run
once on the unmutated copy: a subset that already fails would "kill" everything.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "test-artifacts",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "*.db",
    "*.db-wal",
    "*.db-shm",
)


@dataclass(frozen=True)
class Mutant:
    """One deliberate bug: replace ``original`` by ``replacement`` in ``file``."""

    name: str
    file: str
    original: str
    replacement: str
    description: str
    tests: tuple[str, ...]


# Test subsets, by what they exercise.
CRS = ("tests/unit/test_geo_crs.py",)
ESCAPE = ("tests/unit/test_geo_escape.py", "tests/unit/test_geo_maps.py")
MD_ESCAPE = ("tests/unit/test_geo_escape.py", "tests/app/test_error_escaping.py")
SPATIAL = ("tests/unit/test_geo_spatial.py", "tests/unit/test_geo_zones.py")
SELECTION = ("tests/unit/test_geo_selection.py", "tests/app/test_map_page.py")
MAPS = ("tests/unit/test_geo_maps.py", "tests/unit/test_geo_assets.py")
CREDIT = ("tests/unit/test_models_credit_code.py",)
SERVICES = (
    "tests/unit/test_models_permissions.py",
    "tests/unit/test_models_concurrency.py",
    "tests/unit/test_models_audit.py",
    "tests/unit/test_models_validation.py",
    "tests/unit/test_models_scope_moves.py",
)
AUDIT_VIEW = (
    "tests/unit/test_models_audit.py",
    "tests/unit/test_models_audit_scope.py",
    "tests/unit/test_models_queries.py",
    "tests/app/test_role_pages.py",
)
USERS = (
    "tests/unit/test_models_users.py",
    "tests/unit/test_models_sso.py",
    "tests/unit/test_models_audit_secrets.py",
    "tests/unit/test_models_login.py",
)
MONTHS = ("tests/unit/test_models_queries.py", "tests/unit/test_seed.py")
RATES = (
    "tests/unit/test_models_occupancy_rate.py",
    "tests/app/test_occupancy_consistency.py",
    "tests/app/test_map_page.py",
)
EXPORT = (
    "tests/unit/test_models_table_export.py",
    "tests/unit/test_models_report_workbook.py",
    "tests/unit/test_geo_export_layers.py",
)

MUTANTS: list[Mutant] = [
    # ------------------------------------------------------------------- geo/crs.py
    Mutant(
        "crs-bd09-constants-swapped",
        "geo/crs.py",
        "return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006",
        "return z * np.cos(theta) + 0.006, z * np.sin(theta) + 0.0065",
        "BD-09 offsets 0.0065/0.006 swapped (~50 m error)",
        CRS,
    ),
    Mutant(
        "crs-bd09-z-sign",
        "geo/crs.py",
        "z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)",
        "z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)",
        "BD-09 radius term with the inverse's sign",
        CRS,
    ),
    Mutant(
        "crs-gcj-no-cos-lat",
        "geo/crs.py",
        "dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)",
        "dlon = (dlon * 180.0) / (_A / sqrtmagic * np.pi)",
        "GCJ-02 longitude offset not scaled by cos(latitude)",
        CRS,
    ),
    Mutant(
        "crs-out-of-china-and",
        "geo/crs.py",
        "return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)",
        "return (lon < 72.004) & (lon > 137.8347) | (lat < 0.8293) & (lat > 55.8271)",
        "outside-China test can never be true: Paris gets the Chinese offset",
        CRS,
    ),
    Mutant(
        "crs-one-step-inverse",
        "geo/crs.py",
        "for _ in range(_INVERSE_MAX_ITER):",
        "for _ in range(1):",
        "inverse transforms stop after one step (1-2 m off)",
        CRS,
    ),
    # ---------------------------------------------------------------- geo/escape.py
    Mutant(
        "escape-no-backtick",
        "geo/escape.py",
        '{"`": "&#96;", "$": "&#36;",',
        '{"$": "&#36;",',
        "backtick left raw inside JS template literals",
        ESCAPE,
    ),
    Mutant(
        "escape-no-quotes",
        "geo/escape.py",
        "return html.escape(str(value), quote=True).translate(_JS_TEMPLATE_ENTITIES)",
        "return html.escape(str(value), quote=False).translate(_JS_TEMPLATE_ENTITIES)",
        "quotes not escaped in HTML attributes",
        ESCAPE,
    ),
    Mutant(
        "escape-text-skipped",
        "geo/escape.py",
        "return html.escape(str(value), quote=True).translate(_JS_TEMPLATE_ENTITIES)",
        "return str(value)",
        "map text not escaped at all",
        ESCAPE,
    ),
    Mutant(
        "escape-md-no-angle-brackets",
        "geo/escape.py",
        '_MARKDOWN_SPECIALS = set("\\\\`*_{}[]()#+-.!|<>~$:&")',
        '_MARKDOWN_SPECIALS = set("\\\\`*_{}[]()#+-.!|~$:&")',
        "markdown escaping forgets < and > (raw HTML in messages)",
        MD_ESCAPE,
    ),
    Mutant(
        "escape-md-keeps-newlines",
        "geo/escape.py",
        'text = str(value).replace("\\r", " ").replace("\\n", " ")',
        "text = str(value)",
        "markdown escaping keeps line breaks (a name can start a heading or list)",
        MD_ESCAPE,
    ),
    Mutant(
        "escape-md-skipped",
        "geo/escape.py",
        'return "".join("\\\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)',
        "return text",
        "markdown escaping does nothing",
        MD_ESCAPE,
    ),
    # ---------------------------------------------------- geo/spatial.py, selection, maps
    Mutant(
        "spatial-district-counts-as-zone",
        "geo/spatial.py",
        'targets = zones[zones["kind"] != "district"].reset_index(drop=True)',
        "targets = zones.reset_index(drop=True)",
        "the district outline is reported as a park/belt",
        SPATIAL,
    ),
    Mutant(
        "spatial-wrong-predicate",
        "geo/spatial.py",
        'pairs = targets.sindex.query(geoms.values, predicate="intersects")',
        'pairs = targets.sindex.query(geoms.values, predicate="contains")',
        "points never found inside zones (predicate reversed)",
        SPATIAL,
    ),
    Mutant(
        "spatial-no-park",
        "geo/spatial.py",
        "return (parks[0] if parks else None), belts",
        "return None, belts",
        "zones_for_point never returns the park",
        SPATIAL,
    ),
    Mutant(
        "selection-park-ignored",
        "geo/selection.py",
        'return in_belt | df["park_code"].isin(list(zones))',
        "return in_belt",
        "zone filter ignores the park",
        SELECTION,
    ),
    Mutant(
        "selection-occupancy-bounds-exclusive",
        "geo/selection.py",
        "mask &= pct.between(low, high)",
        'mask &= pct.between(low, high, inclusive="neither")',
        "occupancy filter drops carriers exactly on its bounds (e.g. 100% full)",
        SELECTION,
    ),
    Mutant(
        "selection-search-case-sensitive",
        "geo/selection.py",
        "mask &= pct.between(low, high)\n    text = flt.text.strip().casefold()",
        "mask &= pct.between(low, high)\n    text = flt.text.strip()",
        "text search becomes case-sensitive",
        SELECTION,
    ),
    Mutant(
        "layers-name-unescaped",
        "geo/layers.py",
        "name = escape_text(pick_name(zh, en, lang))",
        "name = pick_name(zh, en, lang)",
        "carrier names reach the map tooltip unescaped",
        MAPS,
    ),
    Mutant(
        "style-stage-colour-duplicated",
        "geo/style.py",
        '"accelerator": "#CC79A7",  # reddish purple',
        '"accelerator": "#56B4E9",  # reddish purple',
        "two stages share one colour",
        MAPS,
    ),
    # ------------------------------------------------------------------------ models
    Mutant(
        "credit-check-digit-off-by-one",
        "models/credit_code.py",
        "return ALPHABET[(31 - total % 31) % 31]",
        "return ALPHABET[(30 - total % 31) % 31]",
        "GB 32100 check character off by one",
        CREDIT,
    ),
    Mutant(
        "credit-alphabet-not-checked",
        "models/credit_code.py",
        "if len(code) != 18 or any(ch not in _VALUE for ch in code) or not well_formed(code):",
        "if len(code) != 18 or not well_formed(code):",
        "letters outside the code alphabet (I, O, Z, S, V) accepted",
        CREDIT,
    ),
    Mutant(
        "months-default-end-month-off-by-one",
        "models/common.py",
        "return add_months((today or date.today()).replace(day=1), -1)",
        "return add_months((today or date.today()).replace(day=1), 0)",
        "the expected report month is the current, unfinished month",
        MONTHS,
    ),
    Mutant(
        "core-skip-version-check",
        "models/services/core.py",
        ".where(model.id == obj.id, model.version == expected_version)",
        ".where(model.id == obj.id)",
        "optimistic lock: a stale version overwrites silently",
        SERVICES,
    ),
    Mutant(
        "core-require-never-refuses",
        "models/services/core.py",
        "    if not allowed:\n",
        "    if False:\n",
        "permission check dropped for every service",
        SERVICES,
    ),
    Mutant(
        "core-manager-zone-scope-open",
        "models/services/core.py",
        "return bool(zones & self.zone_codes)",
        "return True",
        "a manager may edit every carrier",
        SERVICES,
    ),
    Mutant(
        "core-audit-whole-record",
        "models/services/core.py",
        "keys = [k for k in after if k not in _BOOKKEEPING and before.get(k) != after.get(k)]",
        "keys = list(after)",
        "audit events record every field, not only the changed ones",
        SERVICES,
    ),
    Mutant(
        "core-audit-leaks-password-hash",
        "models/services/core.py",
        'skipped = set(skip) | {"created_at", "updated_at", "password_hash"}',
        'skipped = set(skip) | {"created_at", "updated_at"}',
        "password hashes copied into the audit trail",
        (*SERVICES, *USERS),
    ),
    Mutant(
        "core-audit-no-data-version-bump",
        "models/services/core.py",
        "    bump_data_version(session)\n",
        "    pass\n",
        "a write does not bump the data version (caches stay stale)",
        (*SERVICES, "tests/app/test_home_and_login.py"),
    ),
    Mutant(
        "carriers-update-no-permission",
        "models/services/carriers.py",
        'require(actor.may_edit_carrier(carrier), actor=actor, action="update", entity=ENTITY)',
        'require(True, actor=actor, action="update", entity=ENTITY)',
        "any manager may update any carrier",
        SERVICES,
    ),
    Mutant(
        "carriers-outside-district-accepted",
        "models/services/carriers.py",
        "if not place.in_district:",
        "if False:",
        "carriers placed outside Jing'an are accepted",
        SERVICES,
    ),
    Mutant(
        "carriers-belts-not-rederived",
        "models/services/carriers.py",
        'patch["park_code"], patch["belt_codes"] = place.park_code, place.belt_text',
        'patch["park_code"] = place.park_code',
        "moving a carrier keeps its old belts",
        (*SERVICES, "tests/unit/test_geo_spatial.py"),
    ),
    Mutant(
        "tenants-duplicate-code-accepted",
        "models/services/tenants.py",
        "elif dup := session.exec(select(Tenant).where(Tenant.credit_code == code)).first():",
        "elif dup := None:",
        "a credit code can be registered twice",
        (*SERVICES, "tests/app/test_editing_pages.py", "tests/app/test_error_escaping.py"),
    ),
    Mutant(
        "users-short-password-accepted",
        "models/services/users.py",
        "if len(password) < MIN_PASSWORD:",
        "if len(password) < 1:",
        "passwords shorter than the minimum accepted",
        USERS,
    ),
    Mutant(
        "users-lockout-ignored",
        "models/services/users.py",
        "or_(table.c.locked_until.is_(None), table.c.locked_until <= now),",
        "True,",
        "a throttled account still has its guesses checked",
        USERS,
    ),
    Mutant(
        "users-inactive-can-log-in",
        "models/services/users.py",
        "table.c.is_active.is_(True),",
        "True,",
        "a deactivated account still logs in",
        USERS,
    ),
    Mutant(
        "queries-audit-last-day-excluded",
        "models/queries.py",
        "end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)",
        "end = datetime.combine(until, time.min, tzinfo=UTC)",
        "the audit date range drops its last day",
        AUDIT_VIEW,
    ),
    Mutant(
        "queries-audit-empty-scope-sees-all",
        "models/queries.py",
        "stmt = stmt.where(or_(*allowed)) if allowed else stmt.where(false())",
        "stmt = stmt.where(or_(*allowed)) if allowed else stmt",
        "a manager with an empty scope sees every audit event",
        AUDIT_VIEW,
    ),
    Mutant(
        "queries-audit-scope-no-tenants",
        "models/queries.py",
        '"tenant": {int(i) for i in tenants},',
        '"tenant": set(),',
        "a manager no longer sees the audit of their own tenants",
        AUDIT_VIEW,
    ),
    Mutant(
        "queries-change-summary-unchanged-fields",
        "models/queries.py",
        "return [(f, old.get(f), new.get(f)) for f in fields if old.get(f) != new.get(f)]",
        "return [(f, old.get(f), new.get(f)) for f in fields]",
        "the audit view lists fields that did not change",
        AUDIT_VIEW,
    ),
    # Rates and graduation: other parts of issue 7 own their tests; listed here so the
    # merged suite is measured on them too (they may survive on a branch without them).
    Mutant(
        "rates-unweighted-mean",
        "models/occupancy_rate.py",
        "rate=occupied / total if total > 0 else None,",
        'rate=float(used["occupancy_rate"].mean()) if len(used) else None,',
        "the rate is an unweighted mean of carrier rates",
        RATES,
    ),
    Mutant(
        "rates-window-four-months",
        "models/occupancy_rate.py",
        "FRESH_MONTHS = 3",
        "FRESH_MONTHS = 4",
        "reports four months old still count",
        RATES,
    ),
    Mutant(
        "rates-window-off-by-one",
        "models/occupancy_rate.py",
        "return add_months(month_start(as_of), -(FRESH_MONTHS - 1))",
        "return add_months(month_start(as_of), -FRESH_MONTHS)",
        "the freshness window is one month too long",
        RATES,
    ),
    Mutant(
        "rates-window-edge-strict",
        "models/occupancy_rate.py",
        "(report_month >= pd.Timestamp(oldest_usable_month(month)))",
        "(report_month > pd.Timestamp(oldest_usable_month(month)))",
        "a report exactly at the window edge is dropped",
        RATES,
    ),
    Mutant(
        "rates-full-carrier-invalid",
        "models/occupancy_rate.py",
        'total = out["total_area_m2"].where(out["total_area_m2"] > 0)',
        'total = out["total_area_m2"].where(out["total_area_m2"] > out["occupied_area_m2"])',
        "a full carrier (occupied = total) gets no rate",
        RATES,
    ),
    Mutant(
        "rates-only-reporters",
        "models/occupancy_rate.py",
        'used = per_carrier[per_carrier["used"].astype(bool)]',
        'used = per_carrier[per_carrier["reported_for_month"].astype(bool)]',
        "only carriers that reported month M count (the old KPI)",
        RATES,
    ),
    Mutant(
        "rates-stale-counted",
        "models/occupancy_rate.py",
        'occupied = float(used["occupied_area_m2"].sum())',
        'occupied = float(per_carrier["occupied_area_m2"].fillna(0).sum())',
        "stale reports count towards the rate",
        RATES,
    ),
    Mutant(
        "rates-coverage-always-full",
        "models/occupancy_rate.py",
        "carriers_total=len(per_carrier),",
        "carriers_total=len(used),",
        "coverage is always 100%",
        RATES,
    ),
    Mutant(
        "tenants-graduate-same-stage",
        "models/services/tenants.py",
        "if Stage(target.stage).rank <= Stage(source.stage).rank:",
        "if Stage(target.stage).rank < Stage(source.stage).rank:",
        "graduate() accepts a move into a carrier of the same stage",
        ("tests/unit",),
    ),
    Mutant(
        "conversions-status-backwards",
        "models/services/conversions.py",
        "later = PIPELINE[PIPELINE.index(status) + 1 :]",
        "later = PIPELINE[:]",
        "a conversion project's status may move backwards",
        ("tests/unit", "tests/app/test_edit_conflicts.py"),
    ),
    # ------------------------------------------------------ exports (issue 10 §2)
    Mutant(
        "xlsx-text-may-be-formula",
        "models/xlsx_safe.py",
        'cell.data_type = "s"',
        "cell.data_type = cell.data_type",
        "a text cell starting with '=' is written as a live formula",
        EXPORT,
    ),
    Mutant(
        "xlsx-no-quote-prefix",
        "models/xlsx_safe.py",
        "cell.quotePrefix = True",
        "cell.quotePrefix = False",
        "risky text becomes a formula once someone edits the cell",
        EXPORT,
    ),
    Mutant(
        "csv-no-bom",
        "models/csv_safe.py",
        'return (BOM + safe_frame(frame).to_csv(index=False)).encode("utf-8")',
        'return safe_frame(frame).to_csv(index=False).encode("utf-8")',
        "CSV without a byte order mark (Excel reads Chinese as GBK)",
        EXPORT,
    ),
    Mutant(
        "report-mom-sign",
        "models/report_workbook.py",
        "else (now - before) * 100",
        "else (before - now) * 100",
        "the report's month-on-month changes have the wrong sign",
        EXPORT,
    ),
    Mutant(
        "report-stage-prev-is-this-month",
        "models/report_workbook.py",
        "prev_rate = occ.summarise(prev, as_of=add_months(month, -1)).rate",
        "prev_rate = occ.summarise(sub, as_of=month).rate",
        "a stage's last-month rate is this month's",
        EXPORT,
    ),
    Mutant(
        "geojson-lat-lon-swapped",
        "geo/export_layers.py",
        "point = [round(float(lon), DECIMALS), round(float(lat), DECIMALS)]",
        "point = [round(float(lat), DECIMALS), round(float(lon), DECIMALS)]",
        "exported points as (lat, lon) instead of GeoJSON's (lon, lat)",
        EXPORT,
    ),
]


@dataclass
class Outcome:
    """What happened to one mutant."""

    mutant: Mutant
    status: str  # killed | survived | skipped | error
    detail: str = ""
    seconds: float = 0.0


def apply(text: str, mutant: Mutant) -> tuple[str | None, str]:
    """The mutated text, or None with the reason it cannot be applied."""
    count = text.count(mutant.original)
    if count == 0:
        return None, "snippet not found"
    if count > 1:
        return None, f"snippet found {count} times"
    return text.replace(mutant.original, mutant.replacement), ""


class Runner:
    """Runs pytest subsets in a private copy of the project."""

    def __init__(self, tree: Path, timeout: float) -> None:
        self.tree = tree
        self.timeout = timeout
        self.child: subprocess.Popen[str] | None = None

    def pytest(self, tests: tuple[str, ...], *, stop_first: bool = True) -> tuple[int | None, str]:
        """Exit code (None on timeout) and the tail of the output."""
        present = [t for t in tests if (self.tree / t).exists()]
        if not present:
            return 5, "none of the tests exist"
        env = {k: v for k, v in os.environ.items() if k != "CI"}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        cmd = [sys.executable, "-m", "pytest", *present, "-q", "-p", "no:cacheprovider", "-rf"]
        if stop_first:
            cmd.append("-x")
        # Its own process group, so a timeout or Ctrl-C also ends what pytest started.
        self.child = subprocess.Popen(
            cmd,
            cwd=self.tree,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            out, _ = self.child.communicate(timeout=self.timeout)
            return self.child.returncode, out[-4000:]
        except subprocess.TimeoutExpired:
            self.kill()
            return None, "timeout"
        except BaseException:  # Ctrl-C or SIGTERM: take the pytest run down with us
            self.kill()
            raise
        finally:
            self.child = None

    def kill(self) -> None:
        """End the running pytest and everything it started."""
        if self.child is not None and self.child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.child.pid, signal.SIGKILL)
            self.child.wait()


def run_one(runner: Runner, mutant: Mutant) -> Outcome:
    """Mutate the copy, run the mutant's tests, restore the copy (always)."""
    path = runner.tree / mutant.file
    if not path.exists():
        return Outcome(mutant, "skipped", "file not found")
    original = path.read_text(encoding="utf-8")
    mutated, why = apply(original, mutant)
    if mutated is None:
        return Outcome(mutant, "skipped", why)
    start = time.monotonic()
    try:
        path.write_text(mutated, encoding="utf-8")
        code, tail = runner.pytest(mutant.tests)
    finally:
        path.write_text(original, encoding="utf-8")
    seconds = time.monotonic() - start
    if code is None:
        return Outcome(mutant, "killed", "timeout", seconds)
    if code == 0:
        return Outcome(mutant, "survived", "", seconds)
    if code in (1, 2):  # test failures, or an error while collecting the mutated code
        lines = [line for line in tail.splitlines() if line.strip()]
        first = [x for x in lines if x.startswith(("FAILED ", "ERROR "))][:1] or lines[-1:] or [""]
        return Outcome(mutant, "killed", first[0][:140], seconds)
    return Outcome(mutant, "error", f"pytest exit code {code}", seconds)


def baseline(runner: Runner, chosen: list[Mutant]) -> set[str]:
    """Run every test the mutants use once, unmutated; return the files that fail.

    One run of the union, not one per subset: the subsets overlap heavily.
    """
    union = tuple(sorted({t for m in chosen for t in m.tests}))
    print(f"baseline: {len(union)} test paths, unmutated ...", flush=True)
    code, tail = runner.pytest(union, stop_first=False)
    if code is None:
        raise SystemExit("baseline timed out: raise --timeout")
    failing = {
        line.split()[1].split("::")[0]
        for line in tail.splitlines()
        if line.startswith(("FAILED ", "ERROR ")) and len(line.split()) > 1
    }
    if code not in (0, 5):
        print(f"baseline FAILS (exit {code}); mutants using these are skipped: {failing}")
        print(tail[-1500:])
    return failing


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--only", action="append", default=[], help="name substring filter")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the unmutated run of each subset"
    )
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.only or any(o in m.name for o in args.only)]
    if args.list:
        for m in chosen:
            print(f"{m.name:42} {m.file:32} {m.description}")
        print(f"{len(chosen)} mutants")
        return 0

    # Also when started in the background (where SIGINT may be ignored) or sent SIGTERM:
    # unwind, so the pytest process group is killed and the temporary copy removed.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="mutants-") as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(ROOT, tree, ignore=IGNORE, symlinks=True)
        runner = Runner(tree, args.timeout)
        try:
            broken = set() if args.no_baseline else baseline(runner, chosen)
            for n, m in enumerate(chosen, start=1):
                if any(t.startswith(b) or b.startswith(t) for t in m.tests for b in broken):
                    outcome = Outcome(m, "skipped", "its tests fail without the mutant")
                else:
                    outcome = run_one(runner, m)
                outcomes.append(outcome)
                print(
                    f"[{n:2}/{len(chosen)}] {outcome.status.upper():8} {m.name:42}"
                    f" {outcome.seconds:6.1f}s  {outcome.detail}",
                    flush=True,
                )
        except KeyboardInterrupt:
            runner.kill()
            print("\ninterrupted: the working tree was never modified; partial results:")
    return report(outcomes)


def report(outcomes: list[Outcome]) -> int:
    """Print the summary; exit code 0 (a report, not a pass/fail gate)."""
    by = {
        s: [o for o in outcomes if o.status == s]
        for s in ("killed", "survived", "skipped", "error")
    }
    scored = len(by["killed"]) + len(by["survived"])
    print()
    print(
        f"killed {len(by['killed'])}, survived {len(by['survived'])}, "
        f"skipped {len(by['skipped'])}, errors {len(by['error'])}"
    )
    if scored:
        print(f"kill rate: {len(by['killed'])}/{scored} = {len(by['killed']) / scored:.0%}")
    for status in ("survived", "skipped", "error"):
        for o in by[status]:
            print(
                f"  {status}: {o.mutant.name} ({o.mutant.file}): {o.mutant.description}"
                + (f" [{o.detail}]" if o.detail else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
