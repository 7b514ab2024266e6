"""The conversion tracker: idle buildings and old factories turned into innovation space.

Read side only, no Streamlit. :func:`load` reads the projects, their whole status
history, the stored zones and the occupancy reports of the carriers the projects became
in a fixed number of SQL statements, whatever the number of projects; everything else
is pure pandas over those frames, so the tests feed them hand-made rows.

Definitions, all "as things stood at the end of month M" (``as_of``):

* **Status at M**: the newest :class:`~models.conversion.ConversionStatusChange` dated on
  or before the last day of M (ties: the later row). A project with no change by then
  was not yet identified and is left out. A project with no history at all (never
  expected, kept for robustness) counts with its stored status from its creation date.
* **Actual dates at M**: ``actual_start`` / ``actual_open`` as stored, else the date of
  the history's first "under construction" / "operating" step; a date after M has not
  happened yet at M and counts as missing.
* **Late** (:func:`lateness`): a planned date (start or open) has passed by the end of M
  without the matching actual date, or the actual date is later than planned. Cancelled
  projects are never late, and neither is a project that opened on or before its planned
  opening (a late start it caught up on is not a delay). ``delay_days`` is the overrun
  of the furthest late step: the opening's when it is late, else the start's; the home
  page's "days late" is the same number (:func:`models.overview.late_projects`).
* **Phases** of floor area: *identified* = every project not cancelled (the whole
  pipeline), *under way* = under construction, *delivered* = operating.
* **Zone**: the park and belts of the project's footprint (a representative point) or
  else its point, by the stored zones (:func:`models.services.location.locate_many`, the
  rule the carriers use). A project in two belts counts in both; the district row
  counts each project once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
import shapely
from shapely import wkt
from sqlalchemy import select
from sqlmodel import Session, col

from models import occupancy_rate as occ
from models import queries, size_history
from models.carrier import Carrier
from models.chain import resolve_month
from models.common import add_months
from models.conversion import ConversionProject, ConversionStatusChange
from models.enums import ConversionStatus, OriginalUse
from models.occupancy import OccupancyReport
from models.services.location import locate_many

PIPELINE = tuple(
    s.value for s in ConversionStatus if s != ConversionStatus.CANCELLED
)  # identified → planning → approved → under construction → operating
STATUSES = (*PIPELINE, ConversionStatus.CANCELLED.value)
PHASES = ("identified", "under_way", "delivered")
OUTSIDE = "outside"  # in the district but in no park or belt
ZONES = (occ.DISTRICT, *occ.ZONE_CODES, OUTSIDE)

# Status colours for the map and board: one light-to-dark vermillion ramp along the
# pipeline (the conversion colour family, unlike any stage), cancelled in grey.
STATUS_COLORS = {
    "identified": "#FCBBA1",
    "planning": "#FC9272",
    "approved": "#FB6A4A",
    "under_construction": "#D55E00",
    "operating": "#7F2704",
    "cancelled": "#9E9E9E",
}

PROJECT_COLUMNS = [
    "id",
    "name_zh",
    "name_en",
    "address",
    "original_use",
    "lon",
    "lat",
    "footprint_wkt",
    "floor_area_m2",
    "target_stage",
    "planned_start",
    "planned_open",
    "actual_start",
    "actual_open",
    "status",
    "carrier_id",
    "created_at",
]
HISTORY_COLUMNS = ["project_id", "status", "changed_on", "id"]
REPORT_COLUMNS = ["carrier_id", "month", "occupied_area_m2", "total_area_m2", "tenant_count"]


@dataclass(frozen=True)
class TrackerData:
    """Everything the tracker computes from (see :func:`load`)."""

    month: date
    projects: pd.DataFrame  # PROJECT_COLUMNS + park_code, belt_codes (tuple)
    history: pd.DataFrame  # HISTORY_COLUMNS
    reports: pd.DataFrame  # REPORT_COLUMNS, carriers linked to a project only


def month_end(month: date) -> date:
    """The last day of ``month``'s month."""
    return add_months(occ.month_start(month), 1) - timedelta(days=1)


def _point(lon: float, lat: float, footprint: object) -> tuple[float, float]:
    """The point that places a project: inside its footprint when it has one."""
    if isinstance(footprint, str) and footprint.strip():
        try:
            shape = wkt.loads(footprint)
            inner = shape.representative_point()
            return float(inner.x), float(inner.y)
        # A stored WKT that no longer parses: fall back to the point.
        except (ValueError, TypeError, AttributeError, shapely.errors.ShapelyError):
            pass
    return float(lon), float(lat)


def load(session: Session, *, as_of: date | None = None) -> TrackerData:
    """Projects with their zones, history and linked carriers' reports (4 statements)."""
    month = resolve_month(session, as_of)
    rows = session.execute(
        select(*[getattr(ConversionProject, c) for c in PROJECT_COLUMNS])
        .where(col(ConversionProject.deleted_at).is_(None))
        .order_by(col(ConversionProject.id))
    ).all()
    projects = pd.DataFrame([tuple(r) for r in rows], columns=PROJECT_COLUMNS)
    points = [
        _point(lon, lat, fp)
        for lon, lat, fp in zip(
            projects["lon"], projects["lat"], projects["footprint_wkt"], strict=True
        )
    ]
    places = locate_many(session, points)
    projects["park_code"] = [p.park_code for p in places]
    projects["belt_codes"] = [p.belt_codes for p in places]
    history = pd.DataFrame(
        [
            tuple(r)
            for r in session.execute(
                select(
                    col(ConversionStatusChange.project_id),
                    col(ConversionStatusChange.status),
                    col(ConversionStatusChange.changed_on),
                    col(ConversionStatusChange.id),
                )
            ).all()
        ],
        columns=HISTORY_COLUMNS,
    )
    reports = pd.DataFrame(
        [
            tuple(r)
            for r in session.execute(
                select(
                    col(OccupancyReport.carrier_id),
                    col(OccupancyReport.month),
                    col(OccupancyReport.occupied_area_m2),
                    col(Carrier.total_area_m2),
                    col(OccupancyReport.tenant_count),
                )
                .join(Carrier, col(Carrier.id) == col(OccupancyReport.carrier_id))
                .join(ConversionProject, col(ConversionProject.carrier_id) == col(Carrier.id))
                .where(
                    col(Carrier.deleted_at).is_(None),
                    col(ConversionProject.deleted_at).is_(None),
                )
                .distinct()
            ).all()
        ],
        columns=REPORT_COLUMNS,
    )
    # Each month divides by the area the carrier had then (its size history).
    then = size_history.area_then(queries.size_change_rows(session), reports)
    reports["total_area_m2"] = then.where(then.notna(), reports["total_area_m2"]).astype(float)
    return TrackerData(month=month, projects=projects, history=history, reports=reports)


# ------------------------------------------------------------------ pure functions


def _day(value: object) -> date | None:
    """A stored date (date, datetime, Timestamp or text) as a date; missing is None."""
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        day: date = value.date()
        return day
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def projects_as_of(projects: pd.DataFrame, history: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """The projects known at the end of ``as_of``'s month, with their status then.

    ``status`` is replaced by the status at M and ``actual_start`` / ``actual_open`` by
    the actual dates known at M (see the module docstring); projects not yet identified
    at M are dropped. Returns a copy, ordered by id.
    """
    end = month_end(as_of)
    if projects.empty:
        return projects.assign(status=pd.Series(dtype=object)).copy()
    steps: dict[int, list[tuple[date, int, str]]] = {}
    for pid, status, on, hid in zip(
        history["project_id"], history["status"], history["changed_on"], history["id"], strict=True
    ):
        day = _day(on)
        if day is not None:
            steps.setdefault(int(pid), []).append((day, int(hid), str(status)))
    keep: list[bool] = []
    statuses: list[str | None] = []
    starts: list[date | None] = []
    opens: list[date | None] = []
    for row in projects.itertuples(index=False):
        pid = int(row.id)
        known = sorted(s for s in steps.get(pid, []) if s[0] <= end)
        if pid in steps:
            status = known[-1][2] if known else None
        else:  # no history at all: the stored status since creation
            created = _day(getattr(row, "created_at", None))
            status = str(row.status) if created is None or created <= end else None
        keep.append(status is not None)
        statuses.append(status)
        firsts = {s: d for d, _, s in reversed(known)}
        start = _day(row.actual_start) or firsts.get(ConversionStatus.UNDER_CONSTRUCTION.value)
        opened = _day(row.actual_open) or firsts.get(ConversionStatus.OPERATING.value)
        starts.append(start if start is not None and start <= end else None)
        opens.append(opened if opened is not None and opened <= end else None)
    out = projects.assign(status=statuses, actual_start=starts, actual_open=opens)
    for column in ("planned_start", "planned_open"):
        out[column] = [_day(v) for v in out[column]]
    return out[keep].sort_values("id").reset_index(drop=True)


def lateness(projects: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Add ``late_start``, ``late_open``, ``late`` and ``delay_days`` (the one definition).

    ``projects`` as returned by :func:`projects_as_of`. A step is late at M when its
    planned date is on or before the last day of M and the actual date is missing, or
    when the actual date is after the planned one. Cancelled projects are never late,
    nor is one that opened on or before its planned opening.
    """
    end = month_end(as_of)

    def overrun(planned: date | None, actual: date | None) -> int | None:
        if planned is None:
            return None
        if actual is None:
            return (end - planned).days if planned < end else None
        return (actual - planned).days if actual > planned else None

    late_start, late_open, delay = [], [], []
    for status, ps, po, as_, ao in zip(
        projects["status"],
        projects["planned_start"],
        projects["planned_open"],
        projects["actual_start"],
        projects["actual_open"],
        strict=True,
    ):
        planned_open, opened = _day(po), _day(ao)
        on_time = planned_open is not None and opened is not None and opened <= planned_open
        live = status != ConversionStatus.CANCELLED.value and not on_time
        s = overrun(_day(ps), _day(as_)) if live else None
        o = overrun(planned_open, opened) if live else None
        late_start.append(s is not None)
        late_open.append(o is not None)
        # Late to open says it all (as on the home page): its overrun, else the start's.
        delay.append(o if o is not None else (s or 0))
    out = projects.assign(late_start=late_start, late_open=late_open, delay_days=delay)
    out["late"] = out["late_start"] | out["late_open"]
    return out


def overdue(projects: pd.DataFrame) -> pd.Series:
    """Late *now*: a late step (see :func:`lateness`) that has not happened yet.

    The rest of the late list started or opened after its planned date: late once, not
    any more. This is the home page's "改造项目延期" (:func:`models.overview.late_projects`),
    so both pages give a leader the same number for "which projects are late".
    """
    if projects.empty:
        return pd.Series(dtype=bool)
    return (projects["late_start"] & projects["actual_start"].isna()) | (
        projects["late_open"] & projects["actual_open"].isna()
    )


def status_board(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects and floor area per status, in pipeline order, cancelled last.

    Columns ``status``, ``projects``, ``floor_area_m2``; every status has a row.
    """
    grouped = (
        projects.groupby("status")["floor_area_m2"].agg(["count", "sum"])
        if not projects.empty
        else pd.DataFrame(columns=["count", "sum"])
    )
    return pd.DataFrame(
        {
            "status": list(STATUSES),
            "projects": [int(grouped["count"].get(s, 0)) for s in STATUSES],
            "floor_area_m2": [float(grouped["sum"].get(s, 0.0)) for s in STATUSES],
        }
    )


def phase_of(status: str) -> tuple[str, ...]:
    """The phases a status counts in: identified always (unless cancelled), plus one."""
    if status == ConversionStatus.CANCELLED.value:
        return ()
    if status == ConversionStatus.UNDER_CONSTRUCTION.value:
        return ("identified", "under_way")
    if status == ConversionStatus.OPERATING.value:
        return ("identified", "delivered")
    return ("identified",)


def zone_codes(park: object, belts: object) -> tuple[str, ...]:
    """A project's park and belt codes, park first (empty outside every zone)."""
    out = [str(park)] if isinstance(park, str) and park else []
    return (*out, *(str(b) for b in (belts or ())))  # type: ignore[attr-defined]


def _phase_rows(projects: pd.DataFrame, key: str, groups: tuple[str, ...]) -> pd.DataFrame:
    totals = {g: dict.fromkeys(PHASES, 0.0) for g in groups}
    counts = {g: 0 for g in groups}
    for row in projects.itertuples(index=False):
        phases = phase_of(str(row.status))
        if not phases:
            continue
        if key == "zone":
            where = (occ.DISTRICT, *(zone_codes(row.park_code, row.belt_codes) or (OUTSIDE,)))
        else:
            where = (str(row.original_use),)
        for group in where:
            if group in totals:
                counts[group] += 1
                for phase in phases:
                    totals[group][phase] += float(row.floor_area_m2)
    return pd.DataFrame(
        [
            {key: g, "projects": counts[g], **{f"{p}_m2": totals[g][p] for p in PHASES}}
            for g in groups
        ]
    )


def area_by_zone(projects: pd.DataFrame) -> pd.DataFrame:
    """m² identified, under way and delivered per zone, district total first.

    Columns ``zone``, ``projects`` (not cancelled), ``identified_m2``, ``under_way_m2``,
    ``delivered_m2``. A project in two belts counts in both; the district counts it once;
    ``outside`` holds the projects in no park or belt.
    """
    return _phase_rows(projects, "zone", ZONES)


def area_by_use(projects: pd.DataFrame) -> pd.DataFrame:
    """As :func:`area_by_zone`, per original use (idle commercial, old factory ...)."""
    return _phase_rows(projects, "original_use", tuple(u.value for u in OriginalUse))


def carrier_occupancy(
    projects: pd.DataFrame, reports: pd.DataFrame, *, as_of: date
) -> pd.DataFrame:
    """Monthly occupancy of each carrier a project became, from its opening to M.

    One carrier's own reports, rate = occupied ÷ total area (as
    :func:`models.queries.occupancy_trend` with ``carrier_id``); months before the
    project's actual opening (when known at M) and after M are left out. Columns
    ``project_id``, ``carrier_id``, ``month``, ``rate``, ``tenants``.
    """
    columns = ["project_id", "carrier_id", "month", "rate", "tenants"]
    linked = projects[projects["carrier_id"].notna()] if not projects.empty else projects
    if linked.empty or reports.empty:
        return pd.DataFrame(columns=columns)
    last = occ.month_start(as_of)
    rows = []
    by_carrier = {int(k): g for k, g in reports.groupby("carrier_id")}
    for pid, cid, opened in zip(
        linked["id"], linked["carrier_id"], linked["actual_open"], strict=True
    ):
        group = by_carrier.get(int(cid))
        if group is None:
            continue
        first = occ.month_start(_day(opened)) if _day(opened) is not None else None
        for month, occupied, total, tenants in zip(
            group["month"],
            group["occupied_area_m2"],
            group["total_area_m2"],
            group["tenant_count"],
            strict=True,
        ):
            m = occ.month_start(_day(month))
            if m > last or (first is not None and m < first):
                continue
            rate = float(occupied) / float(total) if total and float(total) > 0 else None
            rows.append((int(pid), int(cid), m, rate, int(tenants)))
    return (
        pd.DataFrame(rows, columns=columns)
        .sort_values(["project_id", "month"])
        .reset_index(drop=True)
    )


def operating_unlinked(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects operating at M with no carrier linked: the occupancy chart cannot show
    them (user QA asked where the largest operating project, 24,400 m², had gone).

    ``projects`` as returned by :func:`projects_as_of`; rows in id order.
    """
    if projects.empty:
        return projects
    keep = (projects["status"] == ConversionStatus.OPERATING.value) & projects["carrier_id"].isna()
    return projects[keep].sort_values("id")


@dataclass(frozen=True)
class TrackerView:
    """Every figure of the tracker page as of one month."""

    month: date
    projects: pd.DataFrame  # projects_as_of + lateness + zones
    board: pd.DataFrame
    by_zone: pd.DataFrame
    by_use: pd.DataFrame
    occupancy: pd.DataFrame


def tracker_view(data: TrackerData) -> TrackerView:
    """All figures from loaded data (pure)."""
    projects = lateness(
        projects_as_of(data.projects, data.history, as_of=data.month), as_of=data.month
    )
    return TrackerView(
        month=data.month,
        projects=projects,
        board=status_board(projects),
        by_zone=area_by_zone(projects),
        by_use=area_by_use(projects),
        occupancy=carrier_occupancy(projects, data.reports, as_of=data.month),
    )


def tracker(session: Session, *, as_of: date | None = None) -> TrackerView:
    """The tracker as of ``as_of`` (default: the newest reported month)."""
    return tracker_view(load(session, as_of=as_of))
