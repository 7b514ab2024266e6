"""Command line for operators: ``python manage.py migrate | seed | create-user | import |
backup | restore | bench``.

Exit codes: 0 on success; 1 with a one-line message (no traceback) on a user error.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine
from sqlmodel import Session

from models.db import get_engine, migrate, session_scope
from models.enums import Role
from models.errors import ServiceError
from models.i18n import t
from models.importing import ImportResult
from models.importing.registry import KINDS, wording
from models.seed import (
    DEMO_USERS,
    clear_all_carrier_data,
    clear_sample,
    ensure_zones,
    has_sample_data,
    load_sample,
)
from models.services.core import SYSTEM, Actor, set_meta
from models.services.users import actor_for_username, create_user
from models.settings import get_settings


class UserError(Exception):
    """A problem the operator can fix; printed as one line."""


def cmd_migrate(_args: argparse.Namespace) -> None:
    migrate()
    print("database at head:", _safe_url())


def cmd_seed(args: argparse.Namespace) -> None:
    migrate()
    with session_scope(get_engine()) as session:
        ensure_zones(session)
        if args.clear or args.reset:
            if args.reset:
                clear_all_carrier_data(session)
            clear_sample(session)
            set_meta(session, "seeded", "1")
            print("sample data cleared")
        if args.clear:
            return
        if has_sample_data(session) and not args.reset:
            raise UserError("sample data is already loaded (use --reset to reload it)")
        counts = load_sample(session)
        set_meta(session, "seeded", "1")
    print("sample data loaded:", ", ".join(f"{k}={v}" for k, v in counts.items()))
    print("demo users (DEMO ONLY, change or remove in production):")
    for demo in DEMO_USERS:
        scope = ",".join(demo.zone_codes) or "-"
        print(f"  {demo.username:8} {demo.password:18} {demo.role.value:8} scope={scope}")


def cmd_create_user(args: argparse.Namespace) -> None:
    migrate()
    password = args.password or getpass.getpass("password: ")
    with session_scope(get_engine()) as session:
        create_user(
            session,
            actor=SYSTEM,
            username=args.username,
            password=password,
            role=Role(args.role),
            zone_codes=args.zone or (),
            carrier_ids=args.carrier or (),
            reason="created with manage.py",
        )
    print(f"user {args.username} ({args.role}) created")


def cmd_bench(args: argparse.Namespace) -> None:
    """Every performance figure against its baseline, in one run (tests/bench/run.py)."""
    from pathlib import Path

    # The benchmark lives with the tests: it needs Streamlit's AppTest, a browser and
    # scaled data, none of which the app itself imports.
    from tests.bench.run import parse_sections, run

    try:
        sections = parse_sections(args.only)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    run(sections, quick=args.quick, json_path=Path(args.json) if args.json else None, echo=print)
    if args.html:
        from geo.benchmark import write_benchmark_html

        path = write_benchmark_html(Path(args.html), n=50_000)
        print(f"50,000-carrier page for a browser check: {path}")


def cmd_backup(args: argparse.Namespace) -> None:
    """Write the whole database to FILE (a zip; see models/backup.py for the format)."""
    import os
    import tempfile
    from pathlib import Path

    from models.services.backup import backup_database

    target = Path(args.file)
    if not target.parent.is_dir():
        raise UserError(f"no such directory: {target.parent}")
    # Written beside the target and renamed at the end: a failed backup leaves no
    # half-written file under the name an operator would later restore from.
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            manifest = backup_database(_engine(), out, actor=SYSTEM)
        os.replace(temp, target)
    finally:
        Path(temp).unlink(missing_ok=True)
    print(
        f"backup written: {target} ({len(manifest.tables)} tables, {manifest.total_rows} rows, "
        f"schema revision {manifest.schema_revision}; login sessions not included)"
    )


def cmd_restore(args: argparse.Namespace) -> None:
    """Replace every row of the database with FILE's, in one transaction."""
    from pathlib import Path

    from models.backup import BackupFile
    from models.db import run_write
    from models.services.backup import restore_database

    source = Path(args.file)
    if not source.is_file():
        raise UserError(f"no such file: {source}")
    migrate()
    with source.open("rb") as handle:
        backup = BackupFile(handle, name=source.name)
        summary = run_write(
            _engine(),
            lambda session: restore_database(
                session, actor=SYSTEM, backup=backup, force=args.force, reason=args.reason
            ),
        )
    print(
        f"restored {summary.rows} rows in {summary.tables} tables from {source} "
        f"(made {backup.manifest.created_at}, schema revision {backup.manifest.schema_revision}); "
        f"replaced {summary.replaced_rows} rows; every login ended"
    )


def _engine() -> Engine:
    # By URL: get_engine() without one is cached under None, i.e. the first URL seen.
    return get_engine(get_settings().database_url)


def _import_actor(session: Session, username: str | None) -> Actor:
    """Who the import acts as: a stored user (``--as``), or the system account.

    Whoever runs manage.py already holds the database; ``--as`` is for acting within a
    manager's scope and under their name in the audit trail.
    """
    if username is None:
        return SYSTEM
    actor = actor_for_username(session, username=username)
    if actor is None:
        raise UserError(f"no active user named {username!r}")
    return actor


def _print_result(result: ImportResult, lang: str) -> None:
    counts = " · ".join(f"{t(f'imp_action_{a}', lang)} {n}" for a, n in result.counts.items())
    print(f"{result.filename} ({result.kind}): {counts}")
    if result.ignored:
        print(t("imp_ignored", lang, columns=", ".join(result.ignored)))
    for line in result.problem_frame(lang).itertuples(index=False):
        column = f" [{line.column}]" if line.column else ""
        row = t(wording(result.kind, "imp_col_row"), lang)
        print(f"  {row} {line.row} · {line.key}{column}: {line.message}")
    for line in result.warning_frame(lang).itertuples(index=False):
        row = t(wording(result.kind, "imp_col_row"), lang)
        print(f"  ⚠ {row} {line.row} · {line.key}: {line.message}")


def cmd_import(args: argparse.Namespace) -> None:
    """Preview (``--dry-run``) or apply an import; exit 1 when rows are rejected."""
    try:
        _import(args)
    except ServiceError as exc:  # a refused file or a denied actor, in the chosen language
        raise UserError("; ".join(exc.messages(args.lang))) from None


def _import(args: argparse.Namespace) -> None:
    from models.importing import ImportRejected, apply_import, preview_import
    from models.importing.reading import refuse

    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"no such file: {path}")
    limit = get_settings().import_max_bytes
    if path.stat().st_size > limit:
        # Refused before it is read into memory, with the same message as the page.
        size, most = path.stat().st_size, limit
        raise refuse("err_imp_too_large", file=path.name, size=_mb(size), max=_mb(most))
    migrate()
    # The URL explicitly: get_engine() without one is cached under None, whatever the URL.
    engine = get_engine(get_settings().database_url)
    with session_scope(engine) as session:
        actor = _import_actor(session, args.as_user)
    kwargs = {
        "actor": actor,
        "kind": args.kind,
        "filename": path.name,
        "data": path.read_bytes(),
        "crs": args.crs,
        "only_valid": args.only_valid,
    }
    try:
        result = (
            preview_import(engine, **kwargs) if args.dry_run else apply_import(engine, **kwargs)
        )
    except ImportRejected as exc:
        _print_result(exc.result, args.lang)
        raise UserError(exc.messages(args.lang)[0]) from None
    _print_result(result, args.lang)
    if args.dry_run and result.counts["rejected"] and not args.only_valid:
        raise UserError(
            t(
                wording(args.kind, "err_imp_rejected"),
                args.lang,
                file=path.name,
                n=result.counts["rejected"],
            )
        )
    if not args.dry_run:
        print(
            t(
                wording(args.kind, "imp_done"),
                args.lang,
                created=result.counts["create"],
                updated=result.counts["update"],
            )
        )


def cmd_import_template(args: argparse.Namespace) -> None:
    """Write the template of a kind (headers, a sample row, column notes)."""
    from models.importing.templates import suffix, template_bytes

    path = Path(args.out)
    fmt: Literal["csv", "xlsx"] = "csv" if path.suffix.lower() == ".csv" else "xlsx"
    wanted = suffix(args.kind, fmt)
    if path.suffix.lower() not in (f".{wanted}", ".json"):
        path = path.with_suffix(f".{wanted}")  # zones are GeoJSON, whatever was asked
    path.write_bytes(template_bytes(args.kind, args.lang, fmt))
    print(f"template written: {path}")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _safe_url() -> str:
    url = get_settings().database_url
    # Never print a password that may sit in the URL.
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manage.py", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the database schema").set_defaults(func=cmd_migrate)
    seed = sub.add_parser("seed", help="load (or clear) the generated sample data")
    seed.add_argument("--reset", action="store_true", help="clear carrier data, then reload")
    seed.add_argument("--clear", action="store_true", help="remove the sample data only")
    seed.set_defaults(func=cmd_seed)
    user = sub.add_parser("create-user", help="create a user (e.g. the first admin)")
    user.add_argument("username")
    user.add_argument("--role", choices=[r.value for r in Role], default="admin")
    user.add_argument("--password", help="omit to be asked (not echoed)")
    user.add_argument("--zone", action="append", help="zone code in a manager's scope")
    user.add_argument("--carrier", action="append", type=int, help="carrier id in scope")
    user.set_defaults(func=cmd_create_user)
    bench = sub.add_parser("bench", help="every performance figure against its baseline")
    bench.add_argument(
        "--only",
        help="comma-separated sections: map,pages,screen,sql,db,browser,reruns (default: all)",
    )
    bench.add_argument("--quick", action="store_true", help="fewer repeats, smaller data")
    bench.add_argument("--json", help="also write every figure to this JSON file")
    bench.add_argument("--html", help="also write a 50,000-carrier page to this path")
    bench.set_defaults(func=cmd_bench)
    backup = sub.add_parser("backup", help="write the whole database to a backup file (zip)")
    backup.add_argument("file", help="the backup file to write")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="replace all data with a backup file's")
    restore.add_argument("file", help="a file written by manage.py backup or the admin page")
    restore.add_argument("--force", action="store_true", help="replace data already present")
    restore.add_argument("--reason", default="restored with manage.py", help="for the audit log")
    restore.set_defaults(func=cmd_restore)
    kinds = list(KINDS)
    imp = sub.add_parser(
        "import",
        help="import a .xlsx/.csv table, or zones from GeoJSON/GeoPackage/zipped Shapefile "
        "(preview with --dry-run)",
    )
    imp.add_argument("file")
    imp.add_argument("--kind", required=True, choices=kinds)
    imp.add_argument(
        "--crs",
        default=None,
        help="wgs84, gcj02, bd09 or EPSG:NNNN; default: WGS-84 for a table's lon/lat, "
        "the file's own for a GIS file (GCJ-02 for a DataV GeoAtlas file, known by adcode)",
    )
    imp.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")
    imp.add_argument(
        "--only-valid", action="store_true", help="skip rejected rows, import the rest"
    )
    imp.add_argument("--as", dest="as_user", help="act as this user (default: system)")
    imp.add_argument("--lang", choices=["zh", "en"], default="en", help="language of the output")
    imp.set_defaults(func=cmd_import)
    tpl = sub.add_parser("import-template", help="write the import template of a kind")
    tpl.add_argument("out", help="file to write (.xlsx or .csv; zones: .geojson)")
    tpl.add_argument("--kind", required=True, choices=kinds)
    tpl.add_argument("--lang", choices=["zh", "en"], default="zh")
    tpl.set_defaults(func=cmd_import_template)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ServiceError as exc:
        print(f"error: {'; '.join(exc.messages('en'))}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one line for operators, not a traceback
        print(f"error: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
