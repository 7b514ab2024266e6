"""The overview (home) figures as things stood at the end of a month, pure pandas.

Everything on the home page is computed by :func:`kpi_values` (one month's figures),
:func:`attention` (carriers and projects that need a look) and :func:`trend` (the same
per-group figures month by month). Changes against last month and against the same
month last year call :func:`kpi_values` again with ``as_of`` shifted: there is no second
definition of any figure. :mod:`models.queries` loads the rows once
(:class:`OverviewData`, a fixed number of statements) and the tests feed hand-made frames.

As-of rules (month M, "at the end of M"):

* A carrier counts when it opened by the end of M (``opened_on``; empty = always) and
  was not deleted before the end of M. Its stage is the stage it had then
  (:mod:`models.stage_history`; its current stage when no history is recorded).
* Occupancy, coverage and available area: :mod:`models.occupancy_rate`, the one
  definition, over those carriers.
* A tenancy is open at M when it started by the last day of M and had not ended by then
  (``end_on`` empty or after that day); tenants = distinct tenants with an open tenancy
  in a counted carrier (the chain page's rule).
* A conversion project's status at M is its last status change on or before the end of
  M; a project with no change by then did not exist yet. m² delivered = floor area of
  the projects operating at M.
* Graduations this year: :func:`models.chain.graduations` up to the end of M, counted in
  M's calendar year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from models import chain, dated_history, size_history, stage_history
from models import occupancy_rate as occ
from models.common import add_months
from models.enums import ConversionStatus, Stage

STAGES = tuple(s.value for s in Stage)
STATUSES = tuple(s.value for s in ConversionStatus)
ZONES = (occ.DISTRICT, *occ.ZONE_CODES)
# Statuses that mean "construction has started" and "open": a planned date passed
# without reaching them makes a project late. Cancelled projects are never late.
_STARTED = {ConversionStatus.UNDER_CONSTRUCTION.value, ConversionStatus.OPERATING.value}
_OPEN = {ConversionStatus.OPERATING.value}
_CANCELLED = ConversionStatus.CANCELLED.value

CARRIER_COLUMNS = [
    "id",
    "name_zh",
    "name_en",
    "stage",
    "total_area_m2",
    "park_code",
    "belt_codes",
    "opened_on",
    "deleted_at",
]
REPORT_COLUMNS = ["carrier_id", "month", "occupied_area_m2", "tenant_count"]
TENANCY_COLUMNS = ["tenancy_id", "tenant_id", "carrier_id", "start_on", "end_on", "exit_reason"]
PROJECT_COLUMNS = [
    "id",
    "name_zh",
    "name_en",
    "floor_area_m2",
    "planned_start",
    "planned_open",
    "deleted_at",
]
CHANGE_COLUMNS = ["id", "project_id", "status", "changed_on"]
MANAGER_COLUMNS = ["username", "display_name", "zone_code", "carrier_id"]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


@dataclass(frozen=True)
class OverviewData:
    """Every row the overview reads, whatever its dates (filtered per month here)."""

    carriers: pd.DataFrame = field(default_factory=lambda: _empty(CARRIER_COLUMNS))
    reports: pd.DataFrame = field(default_factory=lambda: _empty(REPORT_COLUMNS))
    tenancies: pd.DataFrame = field(default_factory=lambda: _empty(TENANCY_COLUMNS))
    projects: pd.DataFrame = field(default_factory=lambda: _empty(PROJECT_COLUMNS))
    changes: pd.DataFrame = field(default_factory=lambda: _empty(CHANGE_COLUMNS))
    managers: pd.DataFrame = field(default_factory=lambda: _empty(MANAGER_COLUMNS))
    stage_changes: pd.DataFrame = field(
        default_factory=lambda: _empty(stage_history.CHANGE_COLUMNS)
    )
    size_changes: pd.DataFrame = field(default_factory=size_history.empty_changes)
    # per_carrier results by month: one overview asks for the same month up to three
    # times (its KPIs, the attention list, last month's falls). Not part of the data.
    # init=False: dataclasses.replace() gives the new data fresh memos, never these.
    _per_carrier: dict[date, pd.DataFrame] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    # Graduation events found as of one month (see graduations_in_years): every month
    # up to it is answered from them, so a month slider moving back never searches again.
    _graduations: dict[date, tuple[pd.DataFrame, pd.Series, pd.Series]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )


def month_end(as_of: date) -> date:
    """The last day of ``as_of``'s month."""
    return add_months(occ.month_start(as_of), 1) - timedelta(days=1)


def _dates(values: pd.Series) -> pd.Series:
    """Dates or datetimes (tz-aware or not) as naive day Timestamps, NaT when empty."""
    stamps = pd.to_datetime(values, errors="coerce", utc=True)
    return stamps.dt.tz_localize(None).dt.normalize()


def prepare(data: OverviewData) -> OverviewData:
    """The same rows with dates parsed and zone membership worked out once.

    Every month of a trend filters the same rows again; parsing their dates 36 times
    cost more than the figures. Idempotent: prepared data is returned as it is.
    """
    if "_opened" in data.carriers.columns:
        return data
    # Carriers with one recorded stage or size have it in every month: set it once here,
    # and keep month-by-month lookups for the carriers whose history changes.
    stage_fixed, stage_changes = dated_history.split_constant(data.stage_changes, ["stage"])
    size_fixed, size_changes = dated_history.split_constant(data.size_changes, size_history.SIZES)
    carriers = dated_history.with_fixed(data.carriers, stage_fixed)
    carriers = dated_history.with_fixed(carriers, size_fixed)
    carriers = carriers.assign(
        _opened=_dates(carriers["opened_on"]), _deleted=_dates(carriers["deleted_at"])
    )
    for zone in ZONES:
        mask = occ.zone_mask(carriers, zone) if not carriers.empty else pd.Series(dtype=bool)
        carriers[f"_in_{zone}"] = mask.astype(bool)
    # Each report's rate divides by the carrier's area in the report's month (for a
    # carrier with one recorded size, that size, now its total_area_m2 above).
    reports = size_history.with_area_then(data.reports, size_changes)
    reports = reports.assign(_month=pd.to_datetime(reports["month"]))
    tenancies = data.tenancies.assign(
        _start=_dates(data.tenancies["start_on"]), _end=_dates(data.tenancies["end_on"])
    )
    return OverviewData(
        carriers=carriers,
        reports=reports,
        tenancies=tenancies,
        projects=data.projects,
        changes=data.changes,
        managers=data.managers,
        stage_changes=stage_history.ordered_changes(stage_changes),
        size_changes=size_changes,
    )


def carriers_at(carriers: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Carriers counted at the end of ``as_of``'s month: opened by then, not yet deleted.

    ``deleted_at`` is dropped from the result, so that the occupancy definition (which
    drops any deleted carrier) sees a carrier deleted later as the live one it was.
    """
    if carriers.empty:
        return carriers.drop(columns=["deleted_at"], errors="ignore")
    last = pd.Timestamp(month_end(as_of))
    deleted = carriers["_deleted"] if "_deleted" in carriers else _dates(carriers["deleted_at"])
    opened = carriers["_opened"] if "_opened" in carriers else _dates(carriers["opened_on"])
    keep = (deleted.isna() | (deleted > last)) & (opened.isna() | (opened <= last))
    return carriers[keep].drop(columns=["deleted_at"]).reset_index(drop=True)


PER_CARRIER_MEMO = 8  # months kept per data set (a trend walks 36; an overview needs 3)


def per_carrier(data: OverviewData, *, as_of: date) -> pd.DataFrame:
    """Each counted carrier with its stage, zones and the occupancy definition's columns.

    Remembered per month on the prepared data (a copy is handed out, so callers may
    change theirs freely).
    """
    data = prepare(data)
    # Every part of it is month-based (month end for carriers and stages, month start
    # for reports), so any day of the month gives the same rows.
    memo, month = data._per_carrier, occ.month_start(as_of)
    frame = memo.get(month)
    if frame is None:
        frame = _per_carrier_of(data, as_of=month)
        if len(memo) >= PER_CARRIER_MEMO:
            # list() copies the keys in one step: sessions share this data (and memo).
            oldest = next(iter(list(memo)), None)
            if oldest is not None:
                memo.pop(oldest, None)
        memo[month] = frame
    return frame.copy()


def _per_carrier_of(data: OverviewData, *, as_of: date) -> pd.DataFrame:
    # Names and addresses stay behind: copying text columns 36 times a trend is costly.
    slim = [c for c in data.carriers.columns if c not in ("name_zh", "name_en")]
    live = carriers_at(data.carriers[slim], as_of=as_of)
    live = stage_history.with_stage_at(live, data.stage_changes, as_of=as_of)
    live = size_history.with_size_at(live, data.size_changes, as_of=as_of)
    if live.empty:
        return pd.DataFrame(columns=[*slim, *occ.PER_CARRIER_COLUMNS[2:]]).drop(
            columns="deleted_at"
        )
    # Only reports that can still count (the freshness window) are handed over: the
    # definition ignores older ones, and 36 months x all reports would be slow.
    months = data.reports["_month"]
    window = (months >= pd.Timestamp(occ.oldest_usable_month(as_of))) & (
        months <= pd.Timestamp(occ.month_start(as_of))
    )
    reports = data.reports.loc[window, [*REPORT_COLUMNS, size_history.AREA_THEN]]
    figures = occ.carrier_occupancy(live, reports, as_of=as_of)
    return live.merge(figures.drop(columns="total_area_m2"), on="id", how="left")


def open_tenancies(data: OverviewData, carrier_ids: set[int], *, as_of: date) -> pd.DataFrame:
    """Tenancies open at the end of ``as_of``'s month in the given (counted) carriers."""
    data = prepare(data)
    ten = data.tenancies
    if ten.empty:
        return ten
    last = pd.Timestamp(month_end(as_of))
    start, end = ten["_start"], ten["_end"]
    keep = (start <= last) & (end.isna() | (end > last)) & ten["carrier_id"].isin(carrier_ids)
    return ten[keep]


def project_status_at(data: OverviewData, *, as_of: date) -> pd.DataFrame:
    """Projects that existed at the end of the month, with ``status`` as it stood then."""
    projects, changes = data.projects, data.changes
    columns = [*PROJECT_COLUMNS, "status"]
    if projects.empty or changes.empty:
        return pd.DataFrame(columns=columns)
    last = pd.Timestamp(month_end(as_of))
    done = changes[_dates(changes["changed_on"]) <= last].copy()
    done["_day"] = _dates(done["changed_on"])
    latest = done.sort_values(["project_id", "_day", "id"]).drop_duplicates(
        "project_id", keep="last"
    )
    deleted = _dates(projects["deleted_at"])
    alive = projects[deleted.isna() | (deleted > last)]
    out = alive.merge(
        latest[["project_id", "status"]], left_on="id", right_on="project_id", how="inner"
    )
    return out[columns].reset_index(drop=True)


def _in_zone(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    """Rows of a :func:`per_carrier` frame inside a zone (membership from :func:`prepare`)."""
    if frame.empty:
        return frame
    return frame[frame[f"_in_{code}"].astype(bool)]


def kpi_values(
    data: OverviewData, *, as_of: date, graduations: int | None = None
) -> dict[str, float | None]:
    """Every overview figure at the end of ``as_of``'s month, by key.

    Keys: ``carriers``, ``area_m2``, ``carriers:<stage>``, ``area_m2:<stage>``,
    ``carriers:<zone>``, ``carriers_used:<zone>``, ``occupancy:<zone>``,
    ``coverage:<zone>``, ``available_m2:<zone>`` (zones: district,
    park, belts), ``tenants``, ``graduations``, ``projects:<status>``, ``delivered_m2``.
    Rates are fractions; None where there is nothing to measure. ``graduations``, when
    given, is :func:`graduations_in_year` already counted (see :func:`kpi_table`).
    """
    data = prepare(data)
    per = per_carrier(data, as_of=as_of)
    out: dict[str, float | None] = {
        "carriers": float(len(per)),
        "area_m2": float(per["total_area_m2"].sum()) if not per.empty else 0.0,
    }
    for stage in STAGES:
        sub = per[per["stage"] == stage]
        out[f"carriers:{stage}"] = float(len(sub))
        out[f"area_m2:{stage}"] = float(sub["total_area_m2"].sum()) if not sub.empty else 0.0
    for zone in ZONES:
        fig = occ.summarise(_in_zone(per, zone), as_of=as_of)
        out[f"carriers:{zone}"] = float(fig.carriers_total)
        out[f"carriers_used:{zone}"] = float(fig.carriers_used)
        out[f"occupancy:{zone}"] = fig.rate
        out[f"coverage:{zone}"] = fig.coverage
        out[f"available_m2:{zone}"] = fig.available_m2
    ids = {int(i) for i in per["id"]}
    out["tenants"] = float(open_tenancies(data, ids, as_of=as_of)["tenant_id"].nunique())
    if graduations is None:
        graduations = graduations_in_year(data, as_of=as_of)
    out["graduations"] = float(graduations)
    projects = project_status_at(data, as_of=as_of)
    for status in STATUSES:
        out[f"projects:{status}"] = float((projects["status"] == status).sum())
    operating = projects[projects["status"] == ConversionStatus.OPERATING.value]
    out["delivered_m2"] = float(operating["floor_area_m2"].astype(float).sum())
    return out


def _staged_tenancies(data: OverviewData) -> pd.DataFrame:
    """Tenancies of known carriers, each with its carrier's stage on the move-in day
    (the chain page's rule), in the columns :func:`models.chain.graduations` reads."""
    stages = data.carriers[["id", "stage"]].rename(columns={"id": "carrier_id"})
    tenancies = data.tenancies.merge(stages, on="carrier_id", how="inner").assign(
        tenant_name="", tenant_name_en=""
    )
    tenancies["stage"] = stage_history.stage_on(
        data.stage_changes, tenancies, day="start_on", fallback="stage"
    )
    return tenancies


def graduations_in_year(data: OverviewData, *, as_of: date) -> int:
    """Graduations (any stage to a later one) in ``as_of``'s year, up to the month's end.

    One month of :func:`graduations_in_years`: a single rule for the figure (two paths
    once drifted apart on the stage-on-move-in-day rule).
    """
    return graduations_in_years(data, [as_of])[as_of]


def graduations_in_years(data: OverviewData, months: list[date]) -> dict[date, int]:
    """:func:`graduations_in_year` for several months from one pass over the tenancies.

    The events are found once, as of a month no earlier than any asked for (the latest
    asked so far on this data, remembered on it). An event counts as of an earlier
    month M when its exit ended by M's end and its destination tenancy (the earliest
    qualifying one) had started by then: exactly when the search as of M would have
    found a destination, since it looks at a subset of the same candidates ordered the
    same way.
    """
    if not months:
        return {}
    if data.tenancies.empty or data.carriers.empty:
        return dict.fromkeys(months, 0)
    events, moved_in, ended = _graduation_events(data, as_of=max(months))
    if events.empty:
        return dict.fromkeys(months, 0)
    out = {}
    for month in months:
        last = pd.Timestamp(month_end(month))
        hit = (ended <= last) & (moved_in <= last) & (events["year"] == month.year)
        out[month] = int(hit.sum())
    return out


def _graduation_events(
    data: OverviewData, *, as_of: date
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Events as of ``as_of`` or a later month already searched, with each event's
    move-in and exit timestamps (remembered on ``data``)."""
    memo = data._graduations
    later = [m for m in list(memo) if m >= occ.month_start(as_of)]  # shared by sessions
    if later:
        hit = memo.get(max(later))
        if hit is not None:  # another session may have replaced it a moment ago
            return hit
    tenancies = _staged_tenancies(data)
    events, _unmatched = chain.graduations(tenancies, as_of=as_of)
    if events.empty:
        found = (events, pd.Series(dtype="datetime64[ns]"), pd.Series(dtype="datetime64[ns]"))
    else:
        starts = pd.Series(_dates(tenancies["start_on"]).to_numpy(), index=tenancies["tenancy_id"])
        moved_in = events["to_tenancy_id"].map(starts)
        found = (events, moved_in, pd.to_datetime(pd.Series(events["on"])))
    memo.clear()  # one search is kept: the latest month asked for answers every other
    memo[occ.month_start(as_of)] = found
    return found


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def kpi_table(data: OverviewData, *, as_of: date) -> pd.DataFrame:
    """Each figure with its change against last month and the same month last year.

    Columns ``key``, ``value``, ``mom``, ``yoy`` (differences; rates in fraction
    points), ``prev`` and ``year_ago`` (the figures compared with).
    """
    month = occ.month_start(as_of)
    data = prepare(data)
    before, year_before = add_months(month, -1), add_months(month, -12)
    grads = graduations_in_years(data, [month, before, year_before])
    now = kpi_values(data, as_of=month, graduations=grads[month])
    prev = kpi_values(data, as_of=before, graduations=grads[before])
    year_ago = kpi_values(data, as_of=year_before, graduations=grads[year_before])
    rows = [
        {
            "key": key,
            "value": value,
            "mom": _change(value, prev.get(key)),
            "yoy": _change(value, year_ago.get(key)),
            "prev": prev.get(key),
            "year_ago": year_ago.get(key),
        }
        for key, value in now.items()
    ]
    return pd.DataFrame(rows).set_index("key")


# ------------------------------------------------------------------ attention list

ATTENTION_COLUMNS = ["id", "name_zh", "name_en", "stage", "occupancy_rate"]


def managers_by_carrier(data: OverviewData, carriers: pd.DataFrame) -> dict[int, str]:
    """Per carrier, the managers whose scope covers it (carrier or zone), comma-joined."""
    out: dict[int, list[str]] = {int(i): [] for i in carriers["id"]}
    if data.managers.empty or carriers.empty:
        return {k: "" for k in out}
    for m in data.managers.itertuples(index=False):
        name = str(m.display_name or m.username)
        if pd.notna(m.carrier_id):
            hit = carriers["id"] == int(m.carrier_id)
        else:
            hit = occ.zone_mask(carriers, str(m.zone_code))
        for cid in carriers.loc[hit, "id"]:
            if name not in out[int(cid)]:
                out[int(cid)].append(name)
    return {k: ", ".join(sorted(v)) for k, v in out.items()}


def attention(data: OverviewData, *, as_of: date, limit: int = 10) -> dict[str, pd.DataFrame]:
    """The carriers and projects that need a look at the end of ``as_of``'s month.

    * ``lowest``: the ``limit`` lowest occupancy rates (carriers whose report counts).
    * ``falls``: the ``limit`` largest falls against last month (``change`` < 0, both
      months by the definition).
    * ``not_reported``: carriers with no report for the month itself, with ``managers``.
    * ``late``: projects whose planned start or opening date has passed without the
      status reaching it (``late`` = "start" or "open", ``days_late``).
    """
    month = occ.month_start(as_of)
    data = prepare(data)
    per = per_carrier(data, as_of=month)
    used = per[per["used"].astype(bool)] if not per.empty else per
    names = data.carriers[["id", "name_zh", "name_en"]]
    per = per.merge(names, on="id", how="left")
    used = per[per["used"].astype(bool)] if not per.empty else per
    lowest = used.sort_values(["occupancy_rate", "id"]).head(limit)[ATTENTION_COLUMNS]
    before = per_carrier(data, as_of=add_months(month, -1))
    if used.empty or before.empty:
        falls = pd.DataFrame(columns=[*ATTENTION_COLUMNS, "previous", "change"])
    else:
        prev = before[before["used"].astype(bool)][["id", "occupancy_rate"]]
        both = used.merge(prev.rename(columns={"occupancy_rate": "previous"}), on="id")
        both = both.assign(change=both["occupancy_rate"] - both["previous"])
        falls = both[both["change"] < 0].sort_values(["change", "id"]).head(limit)
        falls = falls[[*ATTENTION_COLUMNS, "previous", "change"]]
    missing = (per[~per["reported_for_month"].astype(bool)] if not per.empty else per).sort_values(
        "id"
    )
    managers = managers_by_carrier(data, missing)
    missing = missing.assign(managers=[managers.get(int(i), "") for i in missing["id"]])
    missing = missing[["id", "name_zh", "name_en", "stage", "report_month", "managers"]]
    return {
        "lowest": lowest.reset_index(drop=True),
        "falls": falls.reset_index(drop=True),
        "not_reported": missing.reset_index(drop=True),
        "late": late_projects(data, as_of=month),
    }


def late_projects(data: OverviewData, *, as_of: date) -> pd.DataFrame:
    """Projects behind plan at the end of the month, the longest overdue first."""
    columns = ["id", "name_zh", "name_en", "status", "late", "planned_on", "days_late"]
    projects = project_status_at(data, as_of=as_of)
    if projects.empty:
        return pd.DataFrame(columns=columns)
    last = pd.Timestamp(month_end(as_of))
    rows = []
    for p in projects.itertuples(index=False):
        if p.status == _CANCELLED:
            continue
        for kind, planned, reached in (
            ("open", p.planned_open, _OPEN),
            ("start", p.planned_start, _STARTED),
        ):
            day = pd.Timestamp(planned) if planned is not None and pd.notna(planned) else None
            if day is not None and day <= last and p.status not in reached:
                rows.append(
                    {
                        "id": p.id,
                        "name_zh": p.name_zh,
                        "name_en": p.name_en,
                        "status": p.status,
                        "late": kind,
                        "planned_on": day.date(),
                        "days_late": int((last - day).days),
                    }
                )
                break  # late to open says it all; no second row for the start
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["days_late", "id"], ascending=[False, True]).reset_index(drop=True)


# ------------------------------------------------------------------------- trends

TREND_COLUMNS = ["month", "kind", "group", "carriers", "area_m2", "tenants", "occupancy"]


def trend(data: OverviewData, *, as_of: date, months: int = 36) -> pd.DataFrame:
    """Per month, per stage (``kind`` "stage") and per zone (``kind`` "zone", with the
    district): carriers, area, tenants and occupancy, for ``months`` months up to M.
    """
    end = occ.month_start(as_of)
    data = prepare(data)
    rows = []
    for i in range(months - 1, -1, -1):
        month = add_months(end, -i)
        per = per_carrier(data, as_of=month)
        ids = {int(c) for c in per["id"]}
        tenancies = open_tenancies(data, ids, as_of=month)
        groups: list[tuple[str, str, pd.DataFrame]] = [
            ("stage", s, per[per["stage"] == s]) for s in STAGES
        ]
        groups += [("zone", z, _in_zone(per, z)) for z in ZONES]
        for kind, group, sub in groups:
            inside = tenancies[tenancies["carrier_id"].isin(sub["id"])] if ids else tenancies
            rows.append(
                {
                    "month": month,
                    "kind": kind,
                    "group": group,
                    "carriers": len(sub),
                    "area_m2": float(sub["total_area_m2"].sum()) if not sub.empty else 0.0,
                    "tenants": int(inside["tenant_id"].nunique()) if not inside.empty else 0,
                    "occupancy": occ.summarise(sub, as_of=month).rate,
                }
            )
    out = pd.DataFrame(rows, columns=TREND_COLUMNS)
    out["occupancy"] = out["occupancy"].astype(float)
    return out


@dataclass(frozen=True)
class OverviewView:
    """The home page's figures for one month (the trend is cached apart, see queries)."""

    month: date
    kpis: pd.DataFrame
    attention: dict[str, pd.DataFrame]


def overview_view(data: OverviewData, *, as_of: date) -> OverviewView:
    """KPIs with their changes and the attention list for one month."""
    month = occ.month_start(as_of)
    data = prepare(data)
    return OverviewView(
        month=month,
        kpis=kpi_table(data, as_of=month),
        attention=attention(data, as_of=month),
    )


def trend_months(first_report: date | None, latest: date, *, limit: int = 72) -> int:
    """How many months a trend up to ``latest`` needs: back to the first report, at most
    ``limit`` (36 months shown before the oldest month the picker offers)."""
    if first_report is None:
        return 1
    first, last = occ.month_start(first_report), occ.month_start(latest)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    return max(1, min(span, limit))


def trend_from_data(data: OverviewData, *, fallback: date) -> pd.DataFrame:
    """:func:`trend` up to the newest reported month, back to the first report (at most
    72 months), from rows already loaded: the page loads them once per data version
    for the figures and the trend alike. ``fallback`` is the month when nothing was
    reported yet.
    """
    months = data.reports["month"] if not data.reports.empty else pd.Series(dtype=object)
    latest = occ.month_start(max(months)) if len(months) else fallback
    first = min(months) if len(months) else None
    return trend(data, as_of=latest, months=trend_months(first, latest))


def trend_window(frame: pd.DataFrame, *, as_of: date, months: int) -> pd.DataFrame:
    """The ``months`` months of a :func:`trend` frame that end at ``as_of``'s month."""
    end = occ.month_start(as_of)
    start = add_months(end, -(months - 1))
    keep = (frame["month"] >= start) & (frame["month"] <= end)
    return frame[keep].reset_index(drop=True)
