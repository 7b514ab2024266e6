"""What can be imported: one small spec per kind of record.

A :class:`Kind` lists its columns (the template's headers in Chinese and English, how a
cell is parsed, a sample value), the fields that make a row's stable key, a ``plan``
function that compares a parsed row with the database and returns what to do (create,
update, nothing) as a call into the service layer, and an ``export`` function that
writes the stored records in the same shape (so export then import changes nothing).

Stable keys: carriers by their code, tenants by unified social credit code, tenancies
by (credit code, carrier code, start date), occupancy by (carrier code, month), and
conversion projects by their Chinese name (projects have no code; two live projects
sharing a name are refused as ambiguous).

Adding a kind means writing its columns, a plan and an export, and listing it in
:data:`models.importing.registry.KINDS` (zones, read from GIS files, live in
:mod:`models.importing.zone_kind`); reading, validation messages, preview, the
all-or-nothing apply and the audit event come from :mod:`models.importing.engine`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel
from sqlmodel import Session, col, select

from models import credit_code
from models.carrier import Carrier, CarrierCreate
from models.conversion import ConversionBase, ConversionProject
from models.enums import (
    Accreditation,
    CarrierOrigin,
    ExitReason,
    Industry,
    OriginalUse,
    Stage,
)
from models.errors import Problem, ValidationFailed, problem
from models.importing.reading import Table
from models.importing.values import (
    enum_parser,
    parse_bool,
    parse_date,
    parse_int,
    parse_month,
    parse_number,
    parse_text,
)
from models.occupancy import OccupancyCreate, OccupancyReport, implausible
from models.services.carriers import create_carrier, update_carrier
from models.services.conversions import create_conversion, update_conversion
from models.services.core import Actor
from models.services.occupancy import previous_report, save_month
from models.services.tenants import create_tenant, move_in, move_out, update_tenant
from models.tenant import Tenancy, TenancyCreate, Tenant, TenantCreate

Action = Literal["create", "update", "unchanged", "rejected"]


def _code(value: Any) -> str:
    return parse_text(value).upper()


def _credit(value: Any) -> str:
    return credit_code.normalize(parse_text(value))


@dataclass(frozen=True)
class Column:
    """One template column: stored field, headers, parser, whether it must be filled."""

    field: str
    zh: str
    en: str
    parse: Callable[[Any], Any]
    required: bool = False
    sample: Any = ""
    # Other headers people use for this column (matched after normalising).
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        """The template header; a required column is marked with ``*``."""
        text = self.en if lang == "en" else self.zh
        return text + ("*" if self.required else "")


@dataclass
class Context:
    """What every row of one import shares, including lookups read once per import.

    A key appears once per file (repeats are refused before planning), so every stored
    record is planned at most once and a lookup read at the start never goes stale.
    """

    actor: Actor
    reason: str
    today: date
    memo: dict[str, dict[Any, Any]] = field(default_factory=dict)

    def lookup(self, name: str, load: Callable[[], dict[Any, Any]]) -> dict[Any, Any]:
        """The table ``name``, loaded by ``load`` the first time it is asked for."""
        if name not in self.memo:
            self.memo[name] = load()
        return self.memo[name]


@dataclass
class Planned:
    """What a row will do: the service call that does it and the fields it changes."""

    action: Action
    run: Callable[[Session], Any] | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # Figures to double-check (``warn_*``), filled by ``run``: imported as the file says,
    # but shown in the preview, which is the import's confirmation.
    warnings: list[Problem] = field(default_factory=list)


PlanFn = Callable[[Session, Context, dict[str, Any]], Planned]
# (file name, bytes, max_bytes=…, crs=…) -> Table; raises ImportRefused for an unreadable
# file. crs None means "as the file says".
ReadFn = Callable[..., Table]
ExportFn = Callable[[Session], list[dict[str, Any]]]
# (kind, language, rows of stored values) -> file bytes.
PackFn = Callable[["Kind", str, list[dict[str, Any]]], bytes]


@dataclass(frozen=True)
class Kind:
    """A kind of record that can be imported from a table."""

    name: str
    entity: str
    columns: tuple[Column, ...]
    key_fields: tuple[str, ...]
    plan: PlanFn
    export: ExportFn
    # The input shape whose field rules (ranges, lengths, dates) every cell must pass;
    # checked cell by cell, so one row lists all its problems at once.
    shape: type[BaseModel] | None = None
    # How a file becomes header + rows: tables by default; a GIS kind (zones) plugs in a
    # reader of GeoJSON/GeoPackage/Shapefile that yields rows with a geometry cell.
    read: ReadFn | None = None
    suffixes: tuple[str, ...] = (".xlsx", ".csv")
    # How templates and exports are written when not as a spreadsheet (zones: GeoJSON).
    pack: PackFn | None = None
    # Reference data (zones) is the administrators'; managers import their carriers' data.
    admin_only: bool = False
    # Whether "only the valid rows" may be imported when some are rejected.
    partial: bool = True

    @property
    def has_position(self) -> bool:
        """Rows carry lon/lat (converted with the chosen coordinate system)."""
        names = {c.field for c in self.columns}
        return {"lon", "lat"} <= names

    def column(self, name: str) -> Column:
        """The column of a field."""
        return next(c for c in self.columns if c.field == name)


# ------------------------------------------------------------------ comparing


def _same(old: Any, new: Any) -> bool:
    if old is None or old == "":
        return new is None or new == ""
    if isinstance(old, float | int) and isinstance(new, float | int):
        # 1e-9: a round trip through a spreadsheet keeps 15 digits; a real edit is larger.
        return math.isclose(float(old), float(new), rel_tol=1e-12, abs_tol=1e-9)
    return bool(str(old) == str(new)) if not isinstance(old, date) else bool(old == new)


def changes_of(obj: Any, data: dict[str, Any], fields: list[str]) -> dict[str, tuple[Any, Any]]:
    """The fields whose file value differs from the stored one, as (old, new)."""
    out: dict[str, tuple[Any, Any]] = {}
    for name in fields:
        if name in data and not _same(getattr(obj, name), data[name]):
            out[name] = (getattr(obj, name), data[name])
    return out


def _reject(key: str, **params: Any) -> ValidationFailed:
    return ValidationFailed([problem(key, **params)])


def _carriers(session: Session, ctx: Context) -> dict[Any, Any]:
    return ctx.lookup(
        "carriers",
        lambda: {
            c.code: c for c in session.exec(select(Carrier).where(col(Carrier.code).is_not(None)))
        },
    )


def _tenants(session: Session, ctx: Context) -> dict[Any, Any]:
    return ctx.lookup("tenants", lambda: {t.credit_code: t for t in session.exec(select(Tenant))})


def _live_carrier(session: Session, ctx: Context, code: str, field_name: str) -> Carrier:
    carrier = _carriers(session, ctx).get(code)
    if carrier is None or carrier.deleted_at is not None:
        raise _reject("err_imp_unknown_carrier", field=field_name, value=code)
    found: Carrier = carrier
    return found


def _live_tenant(session: Session, ctx: Context, code: str) -> Tenant:
    tenant = _tenants(session, ctx).get(code)
    if tenant is None or tenant.deleted_at is not None:
        raise _reject("err_imp_unknown_tenant", field="credit_code", value=code)
    found: Tenant = tenant
    return found


def _blank_default(data: dict[str, Any]) -> dict[str, Any]:
    """For a new record, blank optional cells mean "the default", not an empty value."""
    return {k: v for k, v in data.items() if v is not None}


def _clears(data: dict[str, Any], nullable: set[str]) -> dict[str, Any]:
    """For an update: what a blank cell means for each field.

    A blank clears a nullable field (a date, the focus industry) and empties optional
    text; for an optional flag or choice (no "nothing" to store) it leaves it as it is.
    """
    out: dict[str, Any] = {}
    for name, value in data.items():
        if value is not None or name in nullable:
            out[name] = value
        elif name in _TEXT_FIELDS:
            out[name] = ""
    return out


def _update_planned(
    ctx: Context,
    existing: Any,
    changes: dict[str, tuple[Any, Any]],
    update: Callable[..., Any],
    id_name: str,
) -> Planned:
    """Nothing to do, or the service's update of ``existing`` with the changed fields."""
    if not changes:
        return Planned("unchanged")
    patch = {k: new for k, (_, new) in changes.items()}
    ids = {id_name: int(existing.id or 0), "expected_version": existing.version}
    return Planned(
        "update",
        lambda s: update(s, actor=ctx.actor, changes=patch, reason=ctx.reason, **ids),
        changes,
    )


def _export_live(session: Session, model: Any) -> list[dict[str, Any]]:
    """Every record of ``model`` not soft-deleted, in id order, as stored values."""
    rows = session.exec(
        select(model).where(col(model.deleted_at).is_(None)).order_by(col(model.id))
    ).all()
    return [r.model_dump() for r in rows]


# Optional free-text fields of every kind: a blank cell stores "" (never NULL).
_TEXT_FIELDS = {"name_en", "address", "operator", "fiscal_support_note"}


# ------------------------------------------------------------------ carriers

_CARRIER_NULLABLE = {"opened_on", "focus_industry"}


def _uncoded(session: Session, ctx: Context, data: dict[str, Any]) -> Carrier | None:
    """The one live carrier without a code that bears the row's Chinese name, if any.

    Carriers entered before codes existed have none; a file pairing names with codes
    gives them theirs (the first import matches by name, every later one by code).
    """
    by_name = ctx.lookup(
        "uncoded",
        lambda: _group(
            session.exec(
                select(Carrier).where(
                    col(Carrier.code).is_(None), col(Carrier.deleted_at).is_(None)
                )
            ),
            "name_zh",
        ),
    )
    found = by_name.get(data.get("name_zh"), [])
    return found[0] if len(found) == 1 else None


def _group(rows: Any, name: str) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = {}
    for row in rows:
        out.setdefault(getattr(row, name), []).append(row)
    return out


def _plan_carrier(session: Session, ctx: Context, data: dict[str, Any]) -> Planned:
    existing = _carriers(session, ctx).get(data["code"]) or _uncoded(session, ctx, data)
    if existing is None:
        payload = _blank_default(data)
        return Planned(
            "create",
            lambda s: create_carrier(s, actor=ctx.actor, data=payload, reason=ctx.reason),
        )
    if existing.deleted_at is not None:
        raise _reject("err_imp_deleted", field="code", value=data["code"])
    data = _clears(data, _CARRIER_NULLABLE)
    # The code is compared too: a carrier matched by its name gets the file's code.
    changes = changes_of(existing, data, list(data))
    return _update_planned(ctx, existing, changes, update_carrier, "carrier_id")


def _export_carriers(session: Session) -> list[dict[str, Any]]:
    return _export_live(session, Carrier)


CARRIERS = Kind(
    name="carriers",
    shape=CarrierCreate,
    entity="carrier",
    key_fields=("code",),
    plan=_plan_carrier,
    export=_export_carriers,
    columns=(
        Column("code", "载体编码", "Code", _code, True, "JA-9001", ("carrier_code",)),
        Column("name_zh", "中文名称", "Chinese name", parse_text, True, "示例众创空间"),
        Column("name_en", "英文名称", "English name", parse_text, False, "Sample Space"),
        Column("address", "地址", "Address", parse_text, False, "江场三路76号"),
        Column("stage", "阶段", "Stage", enum_parser(Stage), True, "孵化器"),
        Column("operator", "运营机构", "Operator", parse_text, False, "示例运营公司"),
        Column(
            "accreditation", "认定级别", "Accreditation", enum_parser(Accreditation), False, "市级"
        ),
        Column("opened_on", "开业日期", "Opened on", parse_date, False, "2024-03-01"),
        Column("total_area_m2", "总面积（㎡）", "Total area (m²)", parse_number, True, 5000),
        Column("workstations_total", "总工位", "Total workstations", parse_int, True, 300),
        Column(
            "focus_industry", "重点行业", "Focus industry", enum_parser(Industry), False, "人工智能"
        ),
        Column("origin", "来源", "Origin", enum_parser(CarrierOrigin), False, "新建"),
        Column("lon", "经度", "Longitude", parse_number, True, 121.4560, ("lng", "x")),
        Column("lat", "纬度", "Latitude", parse_number, True, 31.2850, ("y",)),
    ),
)


# ------------------------------------------------------------------ tenants

_TENANT_NULLABLE = {"founded_on"}


def _plan_tenant(session: Session, ctx: Context, data: dict[str, Any]) -> Planned:
    existing = session.exec(select(Tenant).where(Tenant.credit_code == data["credit_code"])).first()
    if existing is None:
        payload = _blank_default(data)
        return Planned(
            "create",
            lambda s: create_tenant(s, actor=ctx.actor, data=payload, reason=ctx.reason),
        )
    if existing.deleted_at is not None:
        raise _reject("err_imp_deleted", field="credit_code", value=data["credit_code"])
    data = _clears(data, _TENANT_NULLABLE)
    changes = changes_of(existing, data, [f for f in data if f != "credit_code"])
    return _update_planned(ctx, existing, changes, update_tenant, "tenant_id")


def _export_tenants(session: Session) -> list[dict[str, Any]]:
    return _export_live(session, Tenant)


TENANTS = Kind(
    name="tenants",
    shape=TenantCreate,
    entity="tenant",
    key_fields=("credit_code",),
    plan=_plan_tenant,
    export=_export_tenants,
    columns=(
        Column(
            "credit_code",
            "统一社会信用代码",
            "Credit code",
            _credit,
            True,
            "91310106MA1FY5X7XR",
            ("unified social credit code", "信用代码"),
        ),
        Column("name", "企业名称", "Company name", parse_text, True, "示例科技有限公司"),
        Column("name_en", "英文名称", "English name", parse_text, False, "Sample Tech Co."),
        Column("industry", "行业", "Industry", enum_parser(Industry), True, "大数据"),
        Column("founded_on", "成立日期", "Founded on", parse_date, False, "2021/6/1"),
        Column(
            "registered_in_district",
            "注册在本区",
            "Registered in district",
            parse_bool,
            False,
            "是",
        ),
        Column("tax_in_district", "纳税在本区", "Taxed in district", parse_bool, False, "是"),
        Column(
            "high_tech_certified", "高新技术企业", "High-tech certified", parse_bool, False, "否"
        ),
        Column(
            "five_year_commitment", "承诺经营满5年", "Five-year commitment", parse_bool, False, "是"
        ),
        Column(
            "fiscal_support_note",
            "已享受的财政扶持",
            "Fiscal support granted",
            parse_text,
            False,
            "",
        ),
        Column("employees", "员工人数", "Employees", parse_int, False, 25),
    ),
)


# ------------------------------------------------------------------ tenancies


def _plan_tenancy(session: Session, ctx: Context, data: dict[str, Any]) -> Planned:
    tenant = _live_tenant(session, ctx, data["credit_code"])
    carrier = _live_carrier(session, ctx, data["carrier_code"], "carrier_code")
    tenancies = ctx.lookup(
        "tenancies",
        lambda: {(t.tenant_id, t.carrier_id, t.start_on): t for t in session.exec(select(Tenancy))},
    )
    existing = tenancies.get((tenant.id, carrier.id, data["start_on"]))
    fields = ["area_m2", "workstations", "end_on", "exit_reason"]
    values = {k: data[k] for k in fields if k in data}
    if existing is None:
        payload = _blank_default(
            {
                **values,
                "tenant_id": tenant.id,
                "carrier_id": carrier.id,
                "start_on": data["start_on"],
            }
        )
        return Planned(
            "create",
            # A register lists each tenancy as it is: a firm in two carriers is a fact.
            lambda s: move_in(
                s, actor=ctx.actor, data=payload, reason=ctx.reason, also_elsewhere=True
            ),
        )
    changes = changes_of(existing, values, list(values))
    if not changes:
        return Planned("unchanged")
    # Only a move-out is an edit of a tenancy (the tenancies page offers nothing else).
    closing = existing.end_on is None and set(changes) <= {"end_on", "exit_reason"}
    if not closing or values.get("end_on") is None:
        raise _reject("err_imp_tenancy_fixed", fields=", ".join(sorted(changes)))
    if values.get("exit_reason") is None:
        raise _reject("err_required", field="exit_reason")
    tenancy_id, version = int(existing.id or 0), existing.version
    end_on, exit_reason = values["end_on"], values["exit_reason"]
    return Planned(
        "update",
        lambda s: move_out(
            s,
            actor=ctx.actor,
            tenancy_id=tenancy_id,
            expected_version=version,
            end_on=end_on,
            exit_reason=exit_reason,
            reason=ctx.reason,
        ),
        changes,
    )


def _export_tenancies(session: Session) -> list[dict[str, Any]]:
    rows = session.exec(
        select(Tenancy, Tenant.credit_code, Carrier.code)
        .join(Tenant, col(Tenant.id) == col(Tenancy.tenant_id))
        .join(Carrier, col(Carrier.id) == col(Tenancy.carrier_id))
        .where(col(Carrier.deleted_at).is_(None), col(Tenant.deleted_at).is_(None))
        .order_by(col(Tenancy.id))
    ).all()
    return [
        {**t.model_dump(), "credit_code": code, "carrier_code": carrier_code}
        for t, code, carrier_code in rows
    ]


TENANCIES = Kind(
    name="tenancies",
    shape=TenancyCreate,
    entity="tenancy",
    key_fields=("credit_code", "carrier_code", "start_on"),
    plan=_plan_tenancy,
    export=_export_tenancies,
    columns=(
        Column(
            "credit_code",
            "统一社会信用代码",
            "Credit code",
            _credit,
            True,
            "91310106MA1FY5X7XR",
            ("信用代码",),
        ),
        Column("carrier_code", "载体编码", "Carrier code", _code, True, "JA-0001"),
        Column("start_on", "入驻日期", "Start date", parse_date, True, "2024年3月1日"),
        Column("area_m2", "面积（㎡）", "Area (m²)", parse_number, False, 120),
        Column("workstations", "工位", "Workstations", parse_int, False, 10),
        Column("end_on", "迁出日期", "End date", parse_date, False, ""),
        Column("exit_reason", "迁出原因", "Exit reason", enum_parser(ExitReason), False, ""),
    ),
)


# ------------------------------------------------------------------ occupancy

_FIGURES = ("occupied_area_m2", "occupied_workstations", "tenant_count")


def _plan_occupancy(session: Session, ctx: Context, data: dict[str, Any]) -> Planned:
    carrier = _live_carrier(session, ctx, data["carrier_code"], "carrier_code")
    reports = ctx.lookup(
        "reports",
        lambda: {(r.carrier_id, r.month): r for r in session.exec(select(OccupancyReport))},
    )
    existing = reports.get((carrier.id, data["month"]))
    figures = {k: data[k] for k in _FIGURES if data.get(k) is not None}
    row: dict[str, Any] = {"carrier_id": carrier.id, "month": data["month"], **figures}
    if existing is not None:
        changes = changes_of(existing, figures, list(figures))
        if not changes:
            return Planned("unchanged")
        row = {**{k: getattr(existing, k) for k in _FIGURES}, **row, "version": existing.version}
    else:
        changes = {}

    planned = Planned("update" if existing is not None else "create", changes=changes)

    # The preview is the confirmation: figures the monthly sheet would ask about (a big
    # jump from last month) are imported as the file states them, and listed as
    # warnings. Judged when the row runs, so last month may be a row of the same file.
    def run(s: Session) -> Any:
        prev = previous_report(s, carrier_id=int(carrier.id or 0), month=row["month"])
        found = implausible(
            total_area_m2=carrier.total_area_m2,
            workstations_total=carrier.workstations_total,
            occupied_area_m2=row["occupied_area_m2"],
            occupied_workstations=row["occupied_workstations"],
            tenant_count=row["tenant_count"],
            prev_occupied_area_m2=prev.occupied_area_m2 if prev else None,
            prev_occupied_workstations=prev.occupied_workstations if prev else None,
        )
        planned.warnings[:] = [Problem(key=f.key, params=f.params) for f in found]
        return save_month(
            s,
            actor=ctx.actor,
            rows=[row],
            today=ctx.today,
            reason=ctx.reason,
            confirm_implausible=True,
        )

    planned.run = run
    return planned


def _export_occupancy(session: Session) -> list[dict[str, Any]]:
    rows = session.exec(
        select(OccupancyReport, Carrier.code)
        .join(Carrier, col(Carrier.id) == col(OccupancyReport.carrier_id))
        .where(col(Carrier.deleted_at).is_(None))
        .order_by(col(OccupancyReport.carrier_id), col(OccupancyReport.month))
    ).all()
    return [{**r.model_dump(), "carrier_code": code} for r, code in rows]


OCCUPANCY = Kind(
    name="occupancy",
    shape=OccupancyCreate,
    entity="occupancy",
    key_fields=("carrier_code", "month"),
    plan=_plan_occupancy,
    export=_export_occupancy,
    columns=(
        Column("carrier_code", "载体编码", "Carrier code", _code, True, "JA-0001"),
        Column("month", "月份", "Month", parse_month, True, "2024-03"),
        Column(
            "occupied_area_m2", "已出租面积（㎡）", "Occupied area (m²)", parse_number, True, 3200
        ),
        Column("occupied_workstations", "已用工位", "Occupied workstations", parse_int, False, 180),
        Column("tenant_count", "在孵企业数", "Tenant count", parse_int, False, 24),
    ),
)


# ------------------------------------------------------------------ conversion projects

_PROJECT_NULLABLE = {"planned_start", "planned_open", "actual_start", "actual_open"}
_PROJECT_FIXED = ("lon", "lat")


def _projects_by_name(session: Session) -> dict[Any, Any]:
    by_name: dict[str, list[ConversionProject]] = {}
    live = select(ConversionProject).where(col(ConversionProject.deleted_at).is_(None))
    for project in session.exec(live):
        by_name.setdefault(project.name_zh, []).append(project)
    return by_name


def _plan_project(session: Session, ctx: Context, data: dict[str, Any]) -> Planned:
    projects = ctx.lookup("projects", lambda: _projects_by_name(session))
    found = projects.get(data["name_zh"], [])
    if len(found) > 1:
        raise _reject("err_imp_ambiguous", field="name_zh", value=data["name_zh"], n=len(found))
    if not found:
        payload = _blank_default(data)
        return Planned(
            "create",
            lambda s: create_conversion(
                s, actor=ctx.actor, data=payload, on=ctx.today, reason=ctx.reason
            ),
        )
    existing = found[0]
    data = _clears(data, _PROJECT_NULLABLE)
    changes = changes_of(existing, data, [f for f in data if f != "name_zh"])
    if moved := [f for f in _PROJECT_FIXED if f in changes]:
        raise _reject("err_imp_location_fixed", field=moved[0])
    return _update_planned(ctx, existing, changes, update_conversion, "project_id")


def _export_projects(session: Session) -> list[dict[str, Any]]:
    return _export_live(session, ConversionProject)


PROJECTS = Kind(
    name="projects",
    shape=ConversionBase,
    entity="conversion",
    key_fields=("name_zh",),
    plan=_plan_project,
    export=_export_projects,
    columns=(
        Column(
            "name_zh",
            "项目名称",
            "Project name",
            parse_text,
            True,
            "示例老厂房改造",
            ("中文名称", "chinese name"),
        ),
        Column("name_en", "英文名称", "English name", parse_text, False, "Sample factory"),
        Column("address", "地址", "Address", parse_text, False, "共和新路100号"),
        Column("original_use", "原用途", "Original use", enum_parser(OriginalUse), True, "老厂房"),
        Column("lon", "经度", "Longitude", parse_number, True, 121.4520, ("lng", "x")),
        Column("lat", "纬度", "Latitude", parse_number, True, 31.2900, ("y",)),
        Column("floor_area_m2", "建筑面积（㎡）", "Floor area (m²)", parse_number, True, 8000),
        Column("target_stage", "目标阶段", "Target stage", enum_parser(Stage), True, "加速器"),
        Column(
            "investment_mcny",
            "投资额（百万元）",
            "Investment (million CNY)",
            parse_number,
            False,
            12.5,
        ),
        Column("planned_start", "计划开工", "Planned start", parse_date, False, "2026-01-15"),
        Column("planned_open", "计划开业", "Planned opening", parse_date, False, "2027-06-30"),
        Column("actual_start", "实际开工", "Actual start", parse_date, False, ""),
        Column("actual_open", "实际开业", "Actual opening", parse_date, False, ""),
    ),
)


TABLE_KINDS: dict[str, Kind] = {
    k.name: k for k in (CARRIERS, TENANTS, TENANCIES, OCCUPANCY, PROJECTS)
}
