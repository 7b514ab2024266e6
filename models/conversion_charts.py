"""Altair charts and labelled tables for the conversion tracker page.

Pure (no Streamlit): every builder takes ``tr`` (translate a catalogue key) and
``lang`` and gets all visible text from them. Dates shown as text are formatted here
(``2025年3月14日`` / ``14 Mar 2025``); date axes get an explicit per-language format, as
Vega-Lite would otherwise print English month names on a Chinese page. Project status
colours come from :data:`models.conversion_tracker.STATUS_COLORS`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import altair as alt
import pandas as pd

from models import conversion_tracker as ct
from models.chain_format import fmt_int, fmt_month

Tr = Callable[..., str]
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Vega (d3-time-format) patterns: Chinese months are written "2025年3月", never "March".
AXIS_FORMAT = {"zh": "%Y年%-m月", "en": "%b %Y"}
PLANNED_COLOR = "#9E9E9E"
ACTUAL_COLOR = ct.STATUS_COLORS["under_construction"]
LATE_MARK = "⚠ "


def fmt_day(day: object, lang: str) -> str:
    """A day as its reader writes it, or an em dash when missing."""
    if not isinstance(day, date):
        return "—"
    if lang == "en":
        return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def project_name(row: object, lang: str) -> str:
    """The project's name in ``lang`` (the Chinese name when no English one is stored)."""
    zh = str(getattr(row, "name_zh", "") or "")
    en = getattr(row, "name_en", "")
    return str(en) if lang == "en" and isinstance(en, str) and en.strip() else zh


def zone_text(tr: Tr, park: object, belts: object) -> str:
    """The park and belts a project lies in, or "outside the park and belts"."""
    codes = ct.zone_codes(park, belts)
    return tr("ch_list_sep").join(tr(c) for c in codes) if codes else tr("ct_outside")


def group_label(tr: Tr, group: str) -> str:
    """A zone code or original use as a row label."""
    if group == "district":
        return tr("district_total")
    return tr("ct_outside") if group == ct.OUTSIDE else tr(group)


def _names(projects: pd.DataFrame, lang: str) -> list[str]:
    marks = [LATE_MARK if late else "" for late in projects["late"]]
    return [m + project_name(r, lang) for m, r in zip(marks, projects.itertuples(), strict=True)]


def timeline_frame(tr: Tr, lang: str, projects: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """One planned and one actual bar per project (late ones marked ⚠ in their name).

    The actual bar runs from the actual start to the opening, or to the end of the month
    when not open yet. Projects never started have no actual bar.
    """
    end = ct.month_end(as_of)
    live = projects[projects["status"] != "cancelled"]
    rows = []
    for name, row in zip(_names(live, lang), live.itertuples(), strict=True):
        if isinstance(row.planned_start, date) and isinstance(row.planned_open, date):
            rows.append((name, tr("ct_planned"), row.planned_start, row.planned_open, ""))
        if isinstance(row.actual_start, date):
            done = isinstance(row.actual_open, date)
            stop = row.actual_open if done else end
            rows.append((name, tr("ct_actual"), row.actual_start, stop, "" if done else "…"))
    df = pd.DataFrame(rows, columns=["project", "kind", "start", "stop", "open"])
    df["from"] = [fmt_day(d, lang) for d in df["start"]]
    df["to"] = [
        fmt_day(d, lang) + (tr("ct_still_open") if o else "")
        for d, o in zip(df["stop"], df["open"], strict=True)
    ]
    df["start"] = pd.to_datetime(df["start"])
    df["stop"] = pd.to_datetime(df["stop"])
    return df.drop(columns="open")


def timeline_chart(tr: Tr, lang: str, frame: pd.DataFrame) -> alt.Chart:
    """Planned (grey) and actual (vermillion) bars per project on one date axis."""
    kinds = [tr("ct_planned"), tr("ct_actual")]
    order = list(dict.fromkeys(frame["project"]))
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar(height=7)
        .encode(
            y=alt.Y("project:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("kind:N", sort=kinds),
            x=alt.X("start:T", title=tr("ct_date_axis"), axis=alt.Axis(format=AXIS_FORMAT[lang])),
            x2="stop:T",
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=kinds, range=[PLANNED_COLOR, ACTUAL_COLOR]),
                title=tr("ct_schedule"),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("project:N", title=tr("ct_project")),
                alt.Tooltip("kind:N", title=tr("ct_schedule")),
                alt.Tooltip("from:N", title=tr("ct_from")),
                alt.Tooltip("to:N", title=tr("ct_to")),
            ],
        )
        .properties(height=max(160, 26 * len(order)))
    )
    return chart


def late_table(tr: Tr, lang: str, projects: pd.DataFrame) -> pd.DataFrame:
    """The late projects, longest delay first, with translated headers."""
    late = projects[projects["late"]].sort_values(["delay_days", "id"], ascending=[False, True])
    # "否", not a blank: an empty cell read as a missing figure (user QA).
    yes, no = tr("ct_yes"), tr("ct_no")
    return pd.DataFrame(
        {
            tr("ct_project"): [project_name(r, lang) for r in late.itertuples()],
            tr("status"): [tr(s) for s in late["status"]],
            tr("ct_late_start"): [yes if v else no for v in late["late_start"]],
            tr("ct_late_open"): [yes if v else no for v in late["late_open"]],
            tr("ct_planned_open"): [fmt_day(d, lang) for d in late["planned_open"]],
            tr("ct_delay_days"): late["delay_days"].astype(int).tolist(),
        }
    )


def area_frame(tr: Tr, table: pd.DataFrame, key: str) -> pd.DataFrame:
    """Long frame of m² per group and phase (for the grouped bar chart)."""
    rows = [
        (group_label(tr, g), tr(f"ct_phase_{p}"), float(row[f"{p}_m2"]), fmt_int(row[f"{p}_m2"]))
        for g, (_, row) in zip(table[key], table.iterrows(), strict=True)
        for p in ct.PHASES
    ]
    return pd.DataFrame(rows, columns=["group", "phase", "m2", "m2_text"])


def area_chart(tr: Tr, frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: identified, under way and delivered m² side by side per group."""
    phases = [tr(f"ct_phase_{p}") for p in ct.PHASES]
    colors = [ct.STATUS_COLORS[s] for s in ("planning", "under_construction", "operating")]
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=None, title=None, axis=alt.Axis(labelLimit=240)),
            yOffset=alt.YOffset("phase:N", sort=phases),
            x=alt.X("m2:Q", title=tr("ct_area_axis"), axis=alt.Axis(format=",d")),
            color=alt.Color(
                "phase:N",
                scale=alt.Scale(domain=phases, range=colors),
                title=tr("ct_phase"),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=tr("f_zones")),
                alt.Tooltip("phase:N", title=tr("ct_phase")),
                alt.Tooltip("m2_text:N", title=tr("ct_area_axis")),
            ],
        )
        .properties(height=alt.Step(9))
    )
    return chart


def area_table(tr: Tr, table: pd.DataFrame, key: str, title_key: str) -> pd.DataFrame:
    """The m² table with translated headers (rows as in the chart)."""
    out = {tr(title_key): [group_label(tr, g) for g in table[key]]}
    out[tr("ct_projects")] = table["projects"].astype(int).tolist()
    for p in ct.PHASES:
        out[tr("ct_phase_m2", phase=tr(f"ct_phase_{p}"))] = [fmt_int(v) for v in table[f"{p}_m2"]]
    return pd.DataFrame(out)


def occupancy_frame(lang: str, occupancy: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Monthly occupancy per resulting carrier, named after its project."""
    names = {int(r.id): project_name(r, lang) for r in projects.itertuples()}
    return pd.DataFrame(
        {
            "project": [names.get(int(p), str(p)) for p in occupancy["project_id"]],
            "month": pd.to_datetime(occupancy["month"]),
            "month_text": [fmt_month(m, lang) for m in occupancy["month"]],
            "pct": [
                None if r is None or pd.isna(r) else round(r * 100, 1) for r in occupancy["rate"]
            ],
        }
    )


def occupancy_chart(tr: Tr, lang: str, frame: pd.DataFrame) -> alt.Chart:
    """One line per carrier since it opened, 0–100 %."""
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:T", title=tr("month"), axis=alt.Axis(format=AXIS_FORMAT[lang])),
            y=alt.Y("pct:Q", title=tr("ct_occ_axis"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "project:N",
                title=tr("ct_project"),
                legend=alt.Legend(orient="right", labelLimit=220),
            ),
            tooltip=[
                alt.Tooltip("project:N", title=tr("ct_project")),
                alt.Tooltip("month_text:N", title=tr("month")),
                alt.Tooltip("pct:Q", title=tr("ct_occ_axis"), format=".1f"),
            ],
        )
        .properties(height=300)
    )
    return chart


PROJECT_TABLE_COLUMNS = (
    "name",
    "zone",
    "original_use",
    "status",
    "floor_area_m2",
    "planned_open",
    "actual_open",
    "late",
)


def projects_table(tr: Tr, lang: str, projects: pd.DataFrame) -> pd.DataFrame:
    """The project list for the page and its CSV: chosen columns, values in ``lang``.

    Column names are the stable :data:`PROJECT_TABLE_COLUMNS`; the page puts translated
    headers on them (column_config), the CSV uses :func:`translated_headers`.
    """
    return pd.DataFrame(
        {
            "name": [project_name(r, lang) for r in projects.itertuples()],
            "zone": [
                zone_text(tr, p, b)
                for p, b in zip(projects["park_code"], projects["belt_codes"], strict=True)
            ],
            "original_use": [tr(u) for u in projects["original_use"]],
            "status": [tr(s) for s in projects["status"]],
            "floor_area_m2": projects["floor_area_m2"].astype(float).tolist(),
            "planned_open": [fmt_day(d, lang) for d in projects["planned_open"]],
            "actual_open": [fmt_day(d, lang) for d in projects["actual_open"]],
            "late": [
                LATE_MARK.strip() + " " + tr("ct_late") if v else "" for v in projects["late"]
            ],
        }
    )


# Pixel widths that keep the whole table inside the ~900-px content column at 1366 px.
PROJECT_TABLE_WIDTHS = {
    "name": 200,
    "zone": 170,
    "original_use": 92,
    "status": 72,
    "floor_area_m2": 80,
    "planned_open": 108,
    "actual_open": 108,
    "late": 56,
}


def table_config(tr: Tr) -> dict[str, dict[str, object]]:
    """st.dataframe column_config entries (label and width) for :func:`projects_table`."""
    heads = translated_headers(tr)
    return {c: {"label": heads[c], "width": w} for c, w in PROJECT_TABLE_WIDTHS.items()}


def translated_headers(tr: Tr) -> dict[str, str]:
    """Header of each :data:`PROJECT_TABLE_COLUMNS` column in the reader's language."""
    keys = ("name", "ct_zone", "original_use", "status", "ct_area_m2")
    heads = dict(zip(PROJECT_TABLE_COLUMNS[:5], (tr(k) for k in keys), strict=True))
    return heads | {
        "planned_open": tr("ct_planned_open"),
        "actual_open": tr("ct_actual_open"),
        "late": tr("ct_late"),
    }


def timeline_download(tr: Tr, frame: pd.DataFrame) -> pd.DataFrame:
    """The timeline's data with dates as text and translated headers (for the CSV)."""
    heads = {"project": "ct_project", "kind": "ct_schedule", "from": "ct_from", "to": "ct_to"}
    return frame[list(heads)].rename(columns={k: tr(v) for k, v in heads.items()})


def occupancy_download(tr: Tr, frame: pd.DataFrame) -> pd.DataFrame:
    """The occupancy lines' data with translated headers (for the CSV)."""
    heads = {"project": "ct_project", "month_text": "month", "pct": "ct_occ_axis"}
    return frame[list(heads)].rename(columns={k: tr(v) for k, v in heads.items()})
