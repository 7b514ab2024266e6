"""The monthly occupancy report for leadership: one Excel workbook per month, zh or en.

Sheets: a summary of the district's headline figures (this month, last month, the same
month last year, and the changes), the park and each belt, each growth stage, each
carrier, the carriers that did not report for the month, and a 12-month trend with a
chart. Every figure comes from the functions the pages use, never a second definition:

* district, park and belt figures: :func:`models.overview.kpi_table` (the home page;
  itself :mod:`models.occupancy_rate` over :func:`models.overview.per_carrier`);
* stage and carrier figures: :func:`models.occupancy_rate.summarise` over the same
  :func:`models.overview.per_carrier` rows the home page's trend uses;
* the carriers that did not report: :func:`models.overview.attention` (home page list);
* the trend: :func:`models.overview.trend` (home page trend charts).

The home page hands over the figures it already shows (its cached overview and trend,
when the data has not changed since), so the report repeats no work and cannot differ.

:func:`report_tables` returns the figures as plain frames (codes, fractions), which the
tests compare with the pages' functions and with hand calculations;
:func:`build_workbook` lays them out with translated headers, number formats, frozen
headers, sized columns and openpyxl charts. Changes of rates are in percentage points.
No Streamlit here: the home page's button calls :func:`report_bytes` when clicked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from models import occupancy_rate as occ
from models import overview as ov
from models.chain_format import fmt_month
from models.common import add_months
from models.i18n import t
from models.xlsx_safe import put, sheet_title, workbook_bytes, write_frame

TREND_MONTHS = 12
RATE = "0.0%"
COUNT = "#,##0"
AREA = "#,##0"
PP = "+0.0;-0.0;0.0"  # percentage points (rate changes are stored x 100)
CHANGE = "+#,##0;-#,##0;0"
NOTE_COLUMNS = 6  # the note spans the summary table's width

# Headline figures of the summary sheet: (label key, overview key, kind).
SUMMARY_ROWS = (
    ("kpi_carriers", "carriers", "count"),
    ("rep_total_m2", "area_m2", "area"),
    ("occupancy", "occupancy:district", "rate"),
    ("ov_coverage", "coverage:district", "rate"),
    ("rep_carriers_used", "carriers_used:district", "count"),
    ("ov_available_unit", "available_m2:district", "area"),
    ("ov_measure_tenants", "tenants", "count"),
    ("ov_graduations", "graduations", "count"),
)


@dataclass(frozen=True)
class ReportTables:
    """The report's figures, untranslated (codes and fractions), one frame per sheet."""

    month: date
    summary: pd.DataFrame  # key, value, prev, mom, year_ago, yoy
    zones: pd.DataFrame  # zone, carriers, carriers_used, coverage, occupancy, ...
    stages: pd.DataFrame  # stage, carriers, area_m2, carriers_used, coverage, occupancy, ...
    carriers: pd.DataFrame  # id, name_zh, name_en, stage, zones, figures, mom, flags
    not_reported: pd.DataFrame  # id, name_zh, name_en, stage, report_month, used, managers
    trend: pd.DataFrame  # month, then one occupancy column per zone (district first)


def _none(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _pp(now: float | None, before: float | None) -> float | None:
    """A change of a rate in percentage points (None when either side has no rate)."""
    return None if now is None or before is None else (now - before) * 100


def _zone_rows(kpis: pd.DataFrame, per: pd.DataFrame, month: date) -> pd.DataFrame:
    rows = []
    for zone in ov.ZONES:
        inside = per[occ.zone_mask(per, zone)] if not per.empty else per
        fig = occ.summarise(inside, as_of=month)

        def k(column: str, name: str, zone: str = zone) -> float | None:
            key = f"{name}:{zone}"
            return _none(kpis.loc[key, column]) if key in kpis.index else None

        rows.append(
            {
                "zone": zone,
                "carriers": int(k("value", "carriers") or 0),
                "carriers_used": int(k("value", "carriers_used") or 0),
                "coverage": k("value", "coverage"),
                "occupancy": k("value", "occupancy"),
                "prev_occupancy": k("prev", "occupancy"),
                "mom_pp": _pp(k("value", "occupancy"), k("prev", "occupancy")),
                "year_ago_occupancy": k("year_ago", "occupancy"),
                "yoy_pp": _pp(k("value", "occupancy"), k("year_ago", "occupancy")),
                "available_m2": k("value", "available_m2"),
                "not_reported": len(fig.not_reported_ids),
            }
        )
    return pd.DataFrame(rows)


def _stage_rows(
    data: ov.OverviewData, per: pd.DataFrame, before: pd.DataFrame, month: date
) -> pd.DataFrame:
    rows = []
    for stage in ov.STAGES:
        sub = per[per["stage"] == stage] if not per.empty else per
        prev = before[before["stage"] == stage] if not before.empty else before
        fig = occ.summarise(sub, as_of=month)
        prev_rate = occ.summarise(prev, as_of=add_months(month, -1)).rate
        ids = {int(i) for i in sub["id"]}
        tenants = ov.open_tenancies(data, ids, as_of=month)
        rows.append(
            {
                "stage": stage,
                "carriers": fig.carriers_total,
                "area_m2": float(sub["total_area_m2"].sum()) if not sub.empty else 0.0,
                "carriers_used": fig.carriers_used,
                "coverage": fig.coverage,
                "occupancy": fig.rate,
                "prev_occupancy": prev_rate,
                "mom_pp": _pp(fig.rate, prev_rate),
                "available_m2": fig.available_m2,
                "not_reported": len(fig.not_reported_ids),
                "tenants": int(tenants["tenant_id"].nunique()) if len(tenants) else 0,
            }
        )
    return pd.DataFrame(rows)


def _carrier_rows(data: ov.OverviewData, per: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    columns = [
        "id",
        "name_zh",
        "name_en",
        "stage",
        "zones",
        "total_area_m2",
        "report_month",
        "occupied_area_m2",
        "occupancy",
        "prev_occupancy",
        "mom_pp",
        "used",
        "reported_for_month",
    ]
    if per.empty:
        return pd.DataFrame(columns=columns)
    names = data.carriers[["id", "name_zh", "name_en"]]
    prev = before[before["used"].astype(bool)][["id", "occupancy_rate"]] if len(before) else None
    out = per.merge(names, on="id", how="left")
    rates = out["occupancy_rate"].astype(float)
    if prev is not None:
        out = out.merge(
            prev.rename(columns={"occupancy_rate": "prev_occupancy"}), on="id", how="left"
        )
    else:
        out["prev_occupancy"] = float("nan")
    out["occupancy"] = rates.to_numpy()
    out["mom_pp"] = (out["occupancy"] - out["prev_occupancy"].astype(float)) * 100
    masks = {z: occ.zone_mask(out, z).tolist() for z in occ.ZONE_CODES}
    out["zones"] = [",".join(z for z in occ.ZONE_CODES if masks[z][i]) for i in range(len(out))]
    # Unused reports (too old) still show their figures, but no rate: as on the map.
    out.loc[~out["used"].astype(bool), "occupied_area_m2"] = float("nan")
    order = {s: i for i, s in enumerate(ov.STAGES)}
    out = out.assign(_order=out["stage"].map(order)).sort_values(["_order", "id"])
    return out[columns].reset_index(drop=True)


def report_tables(
    data: ov.OverviewData,
    *,
    as_of: date,
    months: int = TREND_MONTHS,
    view: ov.OverviewView | None = None,
    trend: pd.DataFrame | None = None,
) -> ReportTables:
    """The report's figures for ``as_of``'s month, from the pages' own functions.

    ``view`` (:func:`models.overview.overview_view` for the month) and ``trend``
    (:func:`models.overview.trend` up to the month or later) may be handed over when the
    page already holds them for the same data: they are then used as they are, which
    saves most of the work (the trend alone is 12 months of the whole definition).
    """
    month = occ.month_start(as_of)
    data = ov.prepare(data)
    if view is None or view.month != month:
        view = ov.overview_view(data, as_of=month)
    kpis = view.kpis
    per = ov.per_carrier(data, as_of=month)
    before = ov.per_carrier(data, as_of=add_months(month, -1))
    summary = pd.DataFrame(
        [
            {
                "key": key,
                "value": _none(kpis.loc[key, "value"]),
                "prev": _none(kpis.loc[key, "prev"]),
                "mom": _none(kpis.loc[key, "mom"]),
                "year_ago": _none(kpis.loc[key, "year_ago"]),
                "yoy": _none(kpis.loc[key, "yoy"]),
            }
            for _label, key, _kind in SUMMARY_ROWS
        ]
    )
    missing = view.attention["not_reported"]
    used = per.set_index("id")["used"].astype(bool) if not per.empty else pd.Series(dtype=bool)
    missing = missing.assign(used=[bool(used.get(i, False)) for i in missing["id"]])
    if trend is None:
        trend = ov.trend(data, as_of=month, months=months)
    trend = ov.trend_window(trend, as_of=month, months=months)
    zones = trend[trend["kind"] == "zone"].pivot(index="month", columns="group", values="occupancy")
    zones = zones.reindex(columns=list(ov.ZONES)).reset_index()
    return ReportTables(
        month=month,
        summary=summary,
        zones=_zone_rows(kpis, per, month),
        stages=_stage_rows(data, per, before, month),
        carriers=_carrier_rows(data, per, before),
        not_reported=missing[
            ["id", "name_zh", "name_en", "stage", "report_month", "used", "managers"]
        ].reset_index(drop=True),
        trend=zones,
    )


# ----------------------------------------------------------------------- layout


class _Words:
    """Catalogue lookups in one language, and the labels the sheets share."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def zone(self, code: str) -> str:
        return self("district_total" if code == occ.DISTRICT else code)

    def name(self, zh: object, en: object) -> str:
        if self.lang == "en" and isinstance(en, str) and en:
            return en
        return "" if zh is None or pd.isna(zh) else str(zh)

    def yes_no(self, flag: object) -> str:
        return self("yes") if bool(flag) else self("no")


def _title(ws: Worksheet, text: str, note: str | None = None) -> int:
    """A bold title in A1 (and a note in A2); returns the first row for the table."""
    cell = put(ws, 1, 1, text)
    cell.font = Font(bold=True, size=14)
    if note:
        # The note (the occupancy definition) wraps inside the table's width.
        put(ws, 2, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=NOTE_COLUMNS)
        ws.row_dimensions[2].height = 90
        return 4
    return 3


def _summary_sheet(ws: Worksheet, tables: ReportTables, w: _Words) -> None:
    month = fmt_month(tables.month, w.lang)
    first = _title(
        ws,
        w("rep_title", month=month),
        w("occ_definition", back=occ.FRESH_MONTHS - 1, months=occ.FRESH_MONTHS),
    )
    heads = [
        w("ov_indicator"),
        w("rep_this_month"),
        w("rep_prev_month"),
        w("rep_mom"),
        w("rep_year_ago"),
        w("rep_yoy"),
    ]
    frame = pd.DataFrame(columns=heads)
    write_frame(ws, frame, first_row=first)
    figures = tables.summary.set_index("key")
    for i, (label, key, kind) in enumerate(SUMMARY_ROWS, start=first + 1):
        row = figures.loc[key]
        rate = kind == "rate"
        values = [
            w(label),
            row["value"],
            row["prev"],
            _scaled(row["mom"], rate),
            row["year_ago"],
            _scaled(row["yoy"], rate),
        ]
        value_fmt = RATE if rate else (AREA if kind == "area" else COUNT)
        change_fmt = PP if rate else CHANGE
        for j, value in enumerate(values, start=1):
            cell = put(ws, i, j, None if value is None or pd.isna(value) else value)
            cell.number_format = change_fmt if j in (4, 6) else value_fmt
    n = len(SUMMARY_ROWS) + first + 2
    put(ws, n, 1, w("rep_not_reported_line", n=len(tables.not_reported)))
    put(ws, n + 1, 1, w("rep_changes_note"))
    ws.column_dimensions["A"].width = 28


def _scaled(change: object, rate: bool) -> float | None:
    value = _none(change)
    return None if value is None else (value * 100 if rate else value)


def _zones_sheet(ws: Worksheet, tables: ReportTables, w: _Words) -> None:
    z = tables.zones
    frame = pd.DataFrame(
        {
            w("f_zones"): [w.zone(c) for c in z["zone"]],
            w("kpi_carriers"): z["carriers"],
            w("rep_carriers_used"): z["carriers_used"],
            w("ov_coverage"): z["coverage"],
            w("occupancy"): z["occupancy"],
            w("rep_prev_occupancy"): z["prev_occupancy"],
            w("rep_mom_pp"): z["mom_pp"],
            w("rep_year_ago_occupancy"): z["year_ago_occupancy"],
            w("rep_yoy_pp"): z["yoy_pp"],
            w("ov_available_unit"): z["available_m2"],
            w("rep_not_reported_n"): z["not_reported"],
        }
    )
    formats = _formats(frame, w, rates=(3, 4, 5, 7), pps=(6, 8), areas=(9,))
    write_frame(ws, frame, number_formats=formats)
    put(ws, len(frame) + 3, 1, w("zone_overlap_note"))
    chart = BarChart()
    chart.type = "bar"
    chart.title = w("rep_chart_zones", month=fmt_month(tables.month, w.lang))
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.legend = None
    rows = len(frame) + 1
    chart.add_data(Reference(ws, min_col=5, min_row=1, max_row=rows), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows))
    chart.height, chart.width = 7.5, 16
    ws.add_chart(chart, f"A{len(frame) + 5}")


def _formats(
    frame: pd.DataFrame,
    w: _Words,
    *,
    rates: tuple[int, ...] = (),
    pps: tuple[int, ...] = (),
    areas: tuple[int, ...] = (),
) -> dict[str, str]:
    names = [str(c) for c in frame.columns]
    out = {names[i]: RATE for i in rates}
    out |= {names[i]: PP for i in pps}
    out |= {names[i]: AREA for i in areas}
    return out


def _stages_sheet(ws: Worksheet, tables: ReportTables, w: _Words) -> None:
    s = tables.stages
    frame = pd.DataFrame(
        {
            w("stage"): [w(x) for x in s["stage"]],
            w("kpi_carriers"): s["carriers"],
            w("rep_total_m2"): s["area_m2"],
            w("rep_carriers_used"): s["carriers_used"],
            w("ov_coverage"): s["coverage"],
            w("occupancy"): s["occupancy"],
            w("rep_prev_occupancy"): s["prev_occupancy"],
            w("rep_mom_pp"): s["mom_pp"],
            w("ov_available_unit"): s["available_m2"],
            w("rep_not_reported_n"): s["not_reported"],
            w("ov_measure_tenants"): s["tenants"],
        }
    )
    write_frame(
        ws, frame, number_formats=_formats(frame, w, rates=(4, 5, 6), pps=(7,), areas=(2, 8))
    )


def _carriers_sheet(ws: Worksheet, tables: ReportTables, w: _Words) -> None:
    c = tables.carriers
    frame = pd.DataFrame(
        {
            "ID": c["id"],
            w("carrier_name"): [
                w.name(zh, en) for zh, en in zip(c["name_zh"], c["name_en"], strict=True)
            ],
            w("stage"): [w(x) for x in c["stage"]],
            w("f_zones"): [" / ".join(w(z) for z in str(v).split(",") if z) for v in c["zones"]],
            w("rep_total_m2"): c["total_area_m2"],
            w("newest_report"): [_month_text(m) for m in c["report_month"]],
            w("rep_occupied_m2"): c["occupied_area_m2"],
            w("occupancy"): c["occupancy"],
            w("rep_prev_occupancy"): c["prev_occupancy"],
            w("rep_mom_pp"): c["mom_pp"],
            w("in_rate"): [w.yes_no(v) for v in c["used"]],
            w("rep_reported_this_month"): [w.yes_no(v) for v in c["reported_for_month"]],
        }
    )
    formats = _formats(frame, w, rates=(7, 8), pps=(9,), areas=(4, 6))
    write_frame(ws, frame, number_formats=formats)
    if len(frame):
        ws.auto_filter.ref = ws.dimensions  # leaders sort and filter this one


def _month_text(value: object) -> str | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return f"{pd.Timestamp(value):%Y-%m}"


def _missing_sheet(ws: Worksheet, tables: ReportTables, w: _Words) -> None:
    m = tables.not_reported
    month = fmt_month(tables.month, w.lang)
    first = _title(
        ws,
        w("not_reported_title", month=month, n=len(m)),
        w("not_reported_note", oldest=f"{occ.oldest_usable_month(tables.month):%Y-%m}"),
    )
    frame = pd.DataFrame(
        {
            "ID": m["id"],
            w("carrier_name"): [
                w.name(zh, en) for zh, en in zip(m["name_zh"], m["name_en"], strict=True)
            ],
            w("stage"): [w(x) for x in m["stage"]],
            w("newest_report"): [_month_text(v) or "—" for v in m["report_month"]],
            w("in_rate"): [w.yes_no(v) for v in m["used"]],
            w("ov_managers"): [v or w("ov_no_manager") for v in m["managers"]],
        }
    )
    write_frame(ws, frame, first_row=first)
    if frame.empty:
        put(ws, first + 1, 1, w("not_reported_none", month=month))


def _trend_sheet(ws: Worksheet, tables: ReportTables, w: _Words) -> None:
    tr_ = tables.trend
    frame = pd.DataFrame({w("month"): [f"{m:%Y-%m}" for m in tr_["month"]]})
    for zone in ov.ZONES:
        frame[w.zone(zone)] = tr_[zone].astype(float).to_numpy()
    write_frame(ws, frame, number_formats={str(c): RATE for c in frame.columns[1:]})
    chart = LineChart()
    chart.title = w("rep_chart_trend", n=len(frame))
    chart.y_axis.number_format = "0%"
    chart.y_axis.title = w("occupancy")
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    rows = len(frame) + 1
    data = Reference(ws, min_col=2, max_col=len(frame.columns), min_row=1, max_row=rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows))
    chart.height, chart.width = 9, 20
    ws.add_chart(chart, f"A{rows + 2}")


SHEETS = (
    ("rep_sheet_summary", _summary_sheet),
    ("rep_sheet_zones", _zones_sheet),
    ("rep_sheet_stages", _stages_sheet),
    ("rep_sheet_carriers", _carriers_sheet),
    ("rep_sheet_missing", _missing_sheet),
    ("rep_sheet_trend", _trend_sheet),
)


def build_workbook(tables: ReportTables, *, lang: str) -> Workbook:
    """The formatted workbook (titles, headers and labels in ``lang``)."""
    w = _Words(lang)
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook always has its first sheet
    book.remove(first)
    for key, draw in SHEETS:
        draw(book.create_sheet(sheet_title(w(key))), tables, w)
    return book


def report_bytes(
    data: ov.OverviewData,
    *,
    as_of: date,
    lang: str,
    view: ov.OverviewView | None = None,
    trend: pd.DataFrame | None = None,
) -> bytes:
    """The monthly occupancy report for ``as_of``'s month as an .xlsx file.

    ``view`` and ``trend``: see :func:`report_tables`.
    """
    tables = report_tables(data, as_of=as_of, view=view, trend=trend)
    return workbook_bytes(build_workbook(tables, lang=lang))
