"""Preview and apply an import: every row checked, then all written in one transaction.

One code path does both. :func:`run_import` reads the file, maps its headers, parses
every cell (collecting every problem with its row and column), flags keys repeated in
the file, and then runs each remaining row through the service layer inside a savepoint
of the caller's transaction: a row the services refuse is rolled back to its savepoint
and reported with their reason; the others stay in the transaction. So the preview
shows exactly what the apply does, with the same validation, permission checks and
audit events as the forms.

- :func:`preview_import` runs it in a transaction that is always rolled back.
- :func:`apply_import` runs it in one write transaction that commits only when no row
  was rejected (or the user chose to import only the valid rows). A database error half
  way raises and rolls everything back. The rows' own audit events (one per record, as
  every service writes them) are joined by one ``import`` event naming the file, its
  SHA-256 and the counts.

Pure of Streamlit; the page and ``manage.py import`` both call this.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Annotated, Any

import pandas as pd
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from models.common import shanghai_today
from models.db import run_write
from models.enums import Role
from models.errors import Conflict, Problem, ServiceError, ValidationFailed, problem
from models.i18n import t
from models.importing.kinds import Action, Column, Context, Kind
from models.importing.reading import ImportRefused, Table, read_table, refuse
from models.importing.registry import KINDS, wording
from models.importing.values import (
    CellError,
    UncomputedFormula,
    check_crs,
    check_position,
    choices_text,
    is_blank,
)
from models.services.core import Actor, audit, require
from models.services.location import placed_ahead
from models.services.parsing import field_problems
from models.settings import get_settings

Progress = Callable[[int, int], None]
ACTIONS: tuple[Action, ...] = ("create", "update", "unchanged", "rejected")


@dataclass(frozen=True)
class Choices(Problem):
    """The labels a person may type for an enum, rendered in the reader's language."""

    enum: Any = None

    def message(self, lang: str = "zh") -> str:
        return choices_text(self.enum, lang)


@dataclass
class RowOutcome:
    """One data row: its spreadsheet row number, key, what happens, and why not."""

    row: int
    key: str
    action: Action
    problems: list[Problem] = field(default_factory=list)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # Written as the file says, but worth a second look (e.g. a 40-point jump).
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class ImportResult:
    """What an import does (preview) or did (applied)."""

    kind: str
    filename: str
    sha256: str
    rows: list[RowOutcome]
    headers: dict[str, str]
    ignored: list[str]
    applied: bool = False

    @property
    def counts(self) -> dict[str, int]:
        """Rows per action, in the order create, update, unchanged, rejected."""
        return {a: sum(1 for r in self.rows if r.action == a) for a in ACTIONS}

    @property
    def written(self) -> int:
        """Rows that create or change a record."""
        return self.counts["create"] + self.counts["update"]

    def column_label(self, name: str, lang: str) -> str:
        """A field as headed in the file; a GIS file's feature geometry as "outline"."""
        header = self.headers.get(name, name)
        return t("f_geometry_wkt", lang) if header == "geometry" else header

    def problem_frame(self, lang: str) -> pd.DataFrame:
        """One line per problem: row, key, column (as headed in the file), message."""
        lines = [
            {
                "row": r.row,
                "key": r.key,
                "column": self.column_label(p.field, lang) if p.field else "",
                "message": replace(p, row=None).message(lang),
            }
            for r in self.rows
            for p in r.problems
        ]
        return pd.DataFrame(lines, columns=["row", "key", "column", "message"])

    def warning_frame(self, lang: str) -> pd.DataFrame:
        """One line per figure to double-check: row, key, message."""
        lines = [
            {"row": r.row, "key": r.key, "message": w.message(lang)}
            for r in self.rows
            if r.action != "rejected"
            for w in r.warnings
        ]
        return pd.DataFrame(lines, columns=["row", "key", "message"])

    def row_frame(self, lang: str) -> pd.DataFrame:
        """One line per row that is not rejected: row, key, action, changed columns."""
        lines = [
            {
                "row": r.row,
                "key": r.key,
                "action": t(f"imp_action_{r.action}", lang),
                "changes": ", ".join(self.column_label(f, lang) for f in r.changes),
            }
            for r in self.rows
            if r.action != "rejected"
        ]
        return pd.DataFrame(lines, columns=["row", "key", "action", "changes"])


class ImportRejected(ValidationFailed):
    """Rows were rejected and the user did not choose "only the valid rows": no write."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        n = result.counts["rejected"]
        key = wording(result.kind, "err_imp_rejected")
        super().__init__([problem(key, file=result.filename, n=n)])


# ------------------------------------------------------------------ headers


def _norm_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    for ch in " *\t\n_-·:：":
        text = text.replace(ch, "")
    return text


def _header_keys(column: Column) -> set[str]:
    keys = {column.field, column.zh, column.en, *column.aliases}
    # Also the header without its unit: "总面积（㎡）" matches "总面积" and "面积(m2)" forms.
    for text in (column.zh, column.en):
        keys.add(text.split("（")[0].split("(")[0])
    return {_norm_header(k) for k in keys}


def map_headers(kind: Kind, headers: list[str], *, file: str) -> tuple[dict[str, int], list[str]]:
    """Column index of every known field, and the headers nobody uses.

    Raises ImportRefused when a required column is missing or a column appears twice.
    """
    index: dict[str, int] = {}
    ignored: list[str] = []
    for i, header in enumerate(headers):
        wanted = _norm_header(header)
        match = next((c for c in kind.columns if wanted and wanted in _header_keys(c)), None)
        if match is None:
            if header:
                ignored.append(header)
            continue
        if match.field in index:
            raise refuse("err_imp_dup_column", file=file, column=header)
        index[match.field] = i
    missing = [c for c in kind.columns if c.required and c.field not in index]
    if missing:
        raise ImportRefused(
            [
                problem(
                    "err_imp_missing_column",
                    file=file,
                    columns=" / ".join(f"{c.zh} ({c.en})" for c in missing),
                )
            ]
        )
    return index, ignored


# ------------------------------------------------------------------ rows


def _cell_problem(exc: CellError, name: str, row: int) -> Problem:
    params = dict(exc.params)
    if "choices" in params:
        params["choices"] = Choices(key="", enum=params["choices"])
    return problem(exc.key, field=name, row=row, **params)


def parse_row(
    kind: Kind, cells: list[Any], index: dict[str, int], *, row: int, crs: str
) -> tuple[dict[str, Any], list[Problem]]:
    """The row's values by field (None for a blank cell) and its problems."""
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, i in index.items():
        column = kind.column(name)
        raw = cells[i] if i < len(cells) else None
        if isinstance(raw, UncomputedFormula):
            data[name] = None
            problems.append(
                problem("err_imp_formula_no_value", field=name, row=row, value=raw.quoted())
            )
            continue
        if is_blank(raw):
            data[name] = None
            if column.required:
                problems.append(problem("err_required", field=name, row=row))
            continue
        try:
            data[name] = column.parse(raw)
        except CellError as exc:
            problems.append(_cell_problem(exc, name, row))
    if (
        kind.has_position
        and isinstance(data.get("lon"), float)
        and isinstance(data.get("lat"), float)
    ):
        try:
            data["lon"], data["lat"] = check_position(data["lon"], data["lat"], crs)
        except CellError as exc:
            problems.append(_cell_problem(exc, "lon", row))
    flagged = {p.field for p in problems}
    if "lon" in flagged:
        flagged.add("lat")  # one message for the pair, not a second "latitude > 90"
    problems += _field_rules(kind, data, flagged, row)
    return data, problems


@cache
def _field_adapter(shape: type[BaseModel], name: str) -> TypeAdapter[Any] | None:
    info = shape.model_fields.get(name)
    if info is None:
        return None
    rule: Any = info.annotation
    if info.metadata:
        rule = Annotated[info.annotation, *info.metadata]
    return TypeAdapter(rule)


def _field_rules(
    kind: Kind, data: dict[str, Any], flagged: set[str | None], row: int
) -> list[Problem]:
    """The shape's rules for each filled cell not already refused (e.g. a negative area)."""
    if kind.shape is None:
        return []
    problems: list[Problem] = []
    for name, value in data.items():
        adapter = _field_adapter(kind.shape, name)
        if value is None or name in flagged or adapter is None:
            continue
        try:
            adapter.validate_python(value)
        except PydanticValidationError as exc:
            problems.extend(field_problems(exc, row, name))
    return problems


def _key_text(kind: Kind, data: dict[str, Any]) -> str:
    parts = []
    for name in kind.key_fields:
        value = data.get(name)
        if isinstance(value, date):
            value = value.strftime("%Y-%m") if name == "month" else value.isoformat()
        parts.append("" if value is None else str(value))
    return " · ".join(parts)


def _service_problems(exc: ServiceError, row: int) -> list[Problem]:
    # The services name a carrier (subject) or nothing; the import names the row.
    return [replace(p, row=row, subject=None) for p in exc.problems]


def run_import(
    session: Session,
    *,
    actor: Actor,
    kind: str,
    filename: str,
    data: bytes,
    crs: str | None = None,
    only_valid: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
    max_bytes: int | None = None,
) -> ImportResult:
    """Check every row and run the valid ones through the services, in ``session``.

    The caller owns the transaction: it must roll back after a dry run or any exception,
    and commit otherwise (see :func:`preview_import` and :func:`apply_import`). Raises
    ImportRefused for a file that cannot be read, PermissionDenied for a viewer, and
    ImportRejected when a row was rejected unless ``only_valid`` or ``dry_run``.
    """
    spec = KINDS.get(kind)
    if spec is None:
        raise ValidationFailed([problem("err_imp_kind", value=kind, kinds=", ".join(KINDS))])
    editors = (Role.ADMIN,) if spec.admin_only else (Role.MANAGER, Role.ADMIN)
    require(actor.role in editors, actor=actor, action="import", entity=spec.entity)
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "?"
    if only_valid and not spec.partial:
        raise refuse("err_imp_no_partial", file=name)
    try:
        # None: a GIS file's own coordinate system; WGS-84 for a table's lon/lat columns.
        chosen = check_crs(crs) if crs else None
    except CellError as exc:
        raise refuse(exc.key, file=name, **exc.params) from None
    limit = max_bytes if max_bytes is not None else get_settings().import_max_bytes
    if spec.read is not None:
        table = spec.read(name, data, max_bytes=limit, crs=chosen)
    else:
        table = read_table(name, data, max_bytes=limit)
    crs = chosen or "wgs84"
    index, ignored = map_headers(spec, table.headers, file=name)
    headers = {f: table.headers[i] for f, i in index.items()}
    result = ImportResult(
        kind=kind,
        filename=name,
        sha256=hashlib.sha256(data).hexdigest(),
        rows=[],
        headers=headers,
        ignored=ignored,
    )
    ctx = Context(actor=actor, reason=name, today=today or shanghai_today())
    _process(session, spec, table, index, result, ctx, crs, progress)
    counts = result.counts
    if counts["rejected"] and not (only_valid or dry_run):
        raise ImportRejected(result)
    if not dry_run and result.written:
        audit(
            session,
            actor=actor,
            action="import",
            entity=spec.entity,
            entity_id=None,
            # Field names the audit page labels (f_<name>); the entity names the kind.
            after={
                "file": name,
                "created": counts["create"],
                "updated": counts["update"],
                "unchanged": counts["unchanged"],
                "rejected": counts["rejected"],
                "checksum": result.sha256,
            },
            reason=name,
        )
        result.applied = True
    return result


def _process(
    session: Session,
    spec: Kind,
    table: Table,
    index: dict[str, int],
    result: ImportResult,
    ctx: Context,
    crs: str,
    progress: Progress | None,
) -> None:
    seen: dict[str, int] = {}
    parsed: list[tuple[RowOutcome, dict[str, Any]]] = []
    for row, cells in table.rows:
        values, problems = parse_row(spec, cells, index, row=row, crs=crs)
        key = _key_text(spec, values)
        if not problems and key in seen:
            problems.append(
                problem(
                    "err_imp_dup_key", field=spec.key_fields[0], row=row, keys=key, first=seen[key]
                )
            )
        seen.setdefault(key, row)
        parsed.append((RowOutcome(row=row, key=key, action="rejected", problems=problems), values))
    # Every valid row's point placed in one spatial join (the services locate each one).
    points = [(v["lon"], v["lat"]) for o, v in parsed if not o.problems and spec.has_position]
    with placed_ahead(session, points):
        for done, (outcome, values) in enumerate(parsed, start=1):
            if not outcome.problems:
                _plan_and_run(session, spec, ctx, values, outcome)
            result.rows.append(outcome)
            if progress is not None:
                progress(done, len(parsed))


def _plan_and_run(
    session: Session, spec: Kind, ctx: Context, values: dict[str, Any], outcome: RowOutcome
) -> None:
    try:
        planned = spec.plan(session, ctx, values)
        if planned.run is not None:
            # A savepoint per written row: a refused row leaves no trace, the others stay.
            with session.begin_nested():
                planned.run(session)
                session.flush()
    except ServiceError as exc:
        outcome.problems = _service_problems(exc, outcome.row)
        return
    outcome.action, outcome.changes = planned.action, planned.changes
    outcome.warnings = list(planned.warnings)


# ------------------------------------------------------------------ units of work


def preview_import(engine: Engine, **kwargs: Any) -> ImportResult:
    """What the import would do; the transaction is always rolled back."""
    with Session(engine, expire_on_commit=False) as session:
        session.begin()
        try:
            return run_import(session, dry_run=True, **kwargs)
        finally:
            session.rollback()


def import_checked(
    session: Session, *, expected: dict[str, int] | None = None, **kwargs: Any
) -> ImportResult:
    """Apply in the caller's write transaction, refusing when the preview's counts moved.

    ``expected`` (the counts the user saw in the preview) guards against a database
    that changed in between: different counts write nothing and ask for a new preview.
    """
    result = run_import(session, dry_run=False, **kwargs)
    if expected is not None and result.counts != expected:
        raise Conflict([problem("err_imp_changed", file=result.filename)])
    return result


def apply_import(
    engine: Engine, *, expected: dict[str, int] | None = None, **kwargs: Any
) -> ImportResult:
    """Import in one write transaction: every valid row or nothing."""
    return run_write(
        engine, lambda session: import_checked(session, expected=expected, **kwargs), attempts=1
    )
