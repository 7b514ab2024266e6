"""Labelled tables, formatted figures and Altair trend charts for the home page.

Pure (no Streamlit): every builder takes ``tr`` (translate a catalogue key) and ``lang``
and gets all visible text from them. Months are formatted in Python
(:func:`models.chain_format.fmt_month`) because Vega-Lite prints English month names.
Stages take the stage palette; zones take a second palette with dash patterns, never
stage colours.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from models.chain_charts import Tr, short_zone_label, stage_scale, zone_label
from models.chain_format import fmt_int, fmt_month
from models.conversion_charts import fmt_day
from models.occupancy_rate import FRESH_MONTHS
from models.overview import STAGES, STATUSES, ZONES

# District, Shibei park, Nanjing West Road, Suzhou River, Middle Ring: five colours at
# least ΔE2000 15 from every stage colour and from each other, for normal vision and
# each dichromacy (geo.colour_check; five greys were hard to tell apart, user QA), and
# dash patterns on top.
ZONE_COLOURS = ("#1A1A1A", "#A0522D", "#661100", "#5D3A9B", "#2F4F4F")
ZONE_DASHES = ([1, 0], [6, 3], [2, 2], [8, 2, 2, 2], [4, 4])
MEASURES = ("occupancy", "tenants", "area_m2")


def is_rate(key: str) -> bool:
    """Occupancy and coverage are fractions; every other figure is a count or an area."""
    return key.startswith(("occupancy", "coverage"))


def fmt_value(key: str, value: float | None, lang: str) -> str:
    """A figure with its unit: ``83.5%``, ``117,344 ㎡`` / ``117,344 m²``, ``547``."""
    if value is None or value != value:
        return "—"
    if is_rate(key):
        return f"{value * 100:.1f}%"
    if "m2" in key:
        return f"{fmt_int(value)} {'m²' if lang == 'en' else '㎡'}"
    return fmt_int(value)


def fmt_headline(key: str, value: float | None, lang: str) -> str:
    """A headline figure short enough for a sixth of a 1366-px row.

    Areas read in 万㎡ (Chinese) or thousand m² (English), as on the big screen, as a
    bare number: the unit sits in the caption right under it ("单位：万平方米"), and
    "71.1 万㎡" was still cut to "71.1 …" at 1366 px. Other figures as :func:`fmt_value`.
    """
    if "m2" not in key or value is None or value != value:
        return fmt_value(key, value, lang)
    return f"{value / 1000:,.0f}" if lang == "en" else f"{value / 10000:,.1f}"


def fmt_change(tr: Tr, key: str, change: float | None, lang: str) -> str:
    """A signed change: percentage points for rates, m² for areas, a count otherwise."""
    if change is None or change != change:
        return "—"
    if shown_as_zero(key, change):
        # Not "-0.0": a rounding residue read as a fall, with a red arrow (user QA).
        return tr("pp_delta_zero") if is_rate(key) else "0"
    if is_rate(key):
        return tr("pp_delta", value=change * 100)
    text = f"{change:+,.0f}"
    return f"{text} {'m²' if lang == 'en' else '㎡'}" if "m2" in key else text


# Areas in the headline row read in 万㎡ (Chinese) or thousand m² (English): divisor,
# unit after the number, decimals of a change.
_HEADLINE_AREA = {"zh": (10_000.0, " 万㎡", 2), "en": (1_000.0, "k m²", 1)}
_HEADLINE_AREA_ZERO = {"zh": "0 万㎡", "en": "0 m²"}  # "0k m²" read oddly


def fmt_headline_change(tr: Tr, key: str, change: float | None, lang: str) -> str:
    """A headline figure's change in the headline's own unit.

    "+6,590 ㎡" under "71.1 万平方米" had to be converted in one's head (user QA); an area
    change now reads "+0.66 万㎡" / "+6.6k m²". Other figures as :func:`fmt_change`.
    """
    if "m2" not in key or change is None or change != change:
        return fmt_change(tr, key, change, lang)
    code = "en" if lang == "en" else "zh"
    if headline_zero(key, change, lang):
        return _HEADLINE_AREA_ZERO[code]  # with a unit, as the others (recheck QA: bare "0")
    div, unit, places = _HEADLINE_AREA[code]
    return f"{change / div:+,.{places}f}{unit}"


def headline_zero(key: str, change: float | None, lang: str) -> bool:
    """Whether a headline change rounds to zero as :func:`fmt_headline_change` shows it."""
    if "m2" not in key or change is None or change != change:
        return shown_as_zero(key, change)
    div, _, places = _HEADLINE_AREA["en" if lang == "en" else "zh"]
    return round(change / div, places) == 0


def headline_delta(tr: Tr, key: str, change: float | None, lang: str) -> str | None:
    """st.metric's delta for a headline figure (None hides the arrow: no figure)."""
    return (
        None if change is None or change != change else fmt_headline_change(tr, key, change, lang)
    )


def shown_as_zero(key: str, change: float | None) -> bool:
    """Whether a change rounds to zero as shown (0.1 pp for rates, 1 for the rest)."""
    if change is None or change != change:
        return False
    return round(change * 100, 1) == 0 if is_rate(key) else round(change) == 0


def delta_arg(tr: Tr, key: str, change: float | None, lang: str) -> str | None:
    """The text for st.metric's delta (None hides the arrow when there is no change)."""
    return None if change is None or change != change else fmt_change(tr, key, change, lang)


def cell(kpis: pd.DataFrame, key: str, column: str = "value") -> float | None:
    """One figure of :func:`models.overview.kpi_table` (None when missing or empty)."""
    value = kpis.loc[key, column] if key in kpis.index else None
    return None if value is None or pd.isna(value) else float(value)


def kpi_frame(tr: Tr, lang: str, kpis: pd.DataFrame, rows: list[tuple[str, str]]) -> pd.DataFrame:
    """A table of figures: one row per (label, key) with value, vs last month, vs a year ago."""
    out = []
    for label, key in rows:
        out.append(
            {
                tr("ov_indicator"): label,
                tr("ov_value"): fmt_value(key, cell(kpis, key), lang),
                tr("ov_mom"): fmt_change(tr, key, cell(kpis, key, "mom"), lang),
                tr("ov_yoy"): fmt_change(tr, key, cell(kpis, key, "yoy"), lang),
            }
        )
    return pd.DataFrame(out)


def stage_rows(tr: Tr) -> list[tuple[str, str]]:
    """Carriers and area per stage, in the chain's order."""
    rows: list[tuple[str, str]] = []
    for s in STAGES:
        rows += [
            (f"{tr(s)} · {tr('ov_carriers_unit')}", f"carriers:{s}"),
            (f"{tr(s)} · {tr('ov_area_unit')}", f"area_m2:{s}"),
        ]
    return rows


def zone_rows(tr: Tr) -> list[tuple[str, str]]:
    """Occupancy, coverage and available area for the district, the park and each belt."""
    rows: list[tuple[str, str]] = []
    for z in ZONES:
        name = zone_label(tr, z)
        rows += [
            (f"{name} · {tr('occupancy')}", f"occupancy:{z}"),
            (f"{name} · {tr('ov_coverage')}", f"coverage:{z}"),
            (f"{name} · {tr('ov_available_unit')}", f"available_m2:{z}"),
        ]
    return rows


def project_rows(tr: Tr) -> list[tuple[str, str]]:
    """Conversion projects per status, then the m² delivered (operating)."""
    rows = [(f"{tr(s)} · {tr('ov_projects_unit')}", f"projects:{s}") for s in STATUSES]
    return [*rows, (tr("ov_delivered"), "delivered_m2")]


def trend_frame(tr: Tr, lang: str, trend: pd.DataFrame, *, kind: str, measure: str) -> pd.DataFrame:
    """One measure per month and group, labelled for charts and CSV downloads.

    Columns ``month`` (``2026年10月`` / ``Oct 2026``), ``group`` (stage or zone name),
    ``value`` (percent for occupancy), plus ``ym`` (``2026-10``, sortable, for CSV).
    """
    sub = trend[trend["kind"] == kind]
    value = sub[measure].astype(float)
    if measure == "occupancy":
        value = (value * 100).round(1)
    return pd.DataFrame(
        {
            "ym": [m.strftime("%Y-%m") for m in sub["month"]],
            "month": [fmt_month(m, lang) for m in sub["month"]],
            "group": [tr(g) if kind == "stage" else zone_label(tr, g) for g in sub["group"]],
            "value": value.to_numpy(),
        }
    )


def measure_title(tr: Tr, measure: str) -> str:
    """The y-axis title with its unit."""
    return tr({"occupancy": "ov_occ_pct", "tenants": "ch_tenants", "area_m2": "ch_area"}[measure])


def trend_chart(tr: Tr, frame: pd.DataFrame, *, kind: str, measure: str) -> alt.Chart:
    """Lines per stage (stage palette) or per zone (zone colours and dashes) over months."""
    months = list(dict.fromkeys(frame["month"]))
    title = measure_title(tr, measure)
    if kind == "stage":
        color = alt.Color("group:N", scale=stage_scale(tr), title=tr("stage"))
        # Same field and title as the colour: Vega-Lite merges both into one legend (a
        # legend=None here switched the merged legend off: lines without a key).
        dash = alt.StrokeDash("group:N", scale=alt.Scale(range=[[1, 0]]), title=tr("stage"))
    else:
        names = [zone_label(tr, z) for z in ZONES]
        color = alt.Color(
            "group:N", scale=alt.Scale(domain=names, range=list(ZONE_COLOURS)), title=tr("f_zones")
        )
        dash = alt.StrokeDash(
            "group:N", scale=alt.Scale(domain=names, range=list(ZONE_DASHES)), title=tr("f_zones")
        )
    # Rates move a few points around 80%: on a 0-100 axis the five zone lines lay on one
    # another (user QA could not tell them apart). Lines need no zero baseline; the axis
    # says where it starts.
    y_scale = alt.Scale(zero=False, nice=True) if measure == "occupancy" else alt.Scale(zero=True)
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "month:O", sort=months, title=None, axis=alt.Axis(labelAngle=-45, labelOverlap=True)
            ),
            y=alt.Y("value:Q", title=title, scale=y_scale),
            color=color,
            strokeDash=dash,
            tooltip=[
                alt.Tooltip("month:O", title=tr("month")),
                alt.Tooltip("group:N", title=tr("stage") if kind == "stage" else tr("f_zones")),
                alt.Tooltip("value:Q", title=title, format=",.1f"),
            ],
        )
        .properties(height=300)
        # Line keys (a dash pattern shows as a dash, not as a blot under the point).
        .configure_legend(
            orient="bottom", columns=2, labelLimit=220, symbolType="stroke", symbolStrokeWidth=2.5
        )
    )
    return chart


def csv_frame(tr: Tr, frame: pd.DataFrame, *, measure: str) -> pd.DataFrame:
    """A chart's data for download: year-month, group and the value, headers translated."""
    return pd.DataFrame(
        {
            tr("month"): frame["ym"],
            tr("ov_group"): frame["group"],
            measure_title(tr, measure): frame["value"],
        }
    )


def attention_frame(tr: Tr, lang: str, frame: pd.DataFrame, *, which: str) -> pd.DataFrame:
    """An attention list with names in the reader's language and figures formatted."""
    name = [
        str(en) if lang == "en" and isinstance(en, str) and en else str(zh)
        for zh, en in zip(frame["name_zh"], frame["name_en"], strict=True)
    ]
    out = pd.DataFrame({tr("ov_name"): name})
    if which == "late":
        out[tr("ov_status")] = [tr(s) for s in frame["status"]]
        out[tr("ov_late_kind")] = [tr(f"ov_late_{k}") for k in frame["late"]]
        # Written as the conversion tracker writes it (user QA: 2024-07-31 here,
        # 2024年7月31日 there).
        out[tr("ov_planned")] = [fmt_day(d, lang) for d in frame["planned_on"]]
        out[tr("ov_days_late")] = frame["days_late"].astype(int).to_numpy()
        return out
    out[tr("stage")] = [tr(s) for s in frame["stage"]]
    if which in ("lowest", "falls"):
        out[tr("occupancy")] = [fmt_value("occupancy", v, lang) for v in frame["occupancy_rate"]]
    if which == "falls":
        out[tr("ov_previous")] = [fmt_value("occupancy", v, lang) for v in frame["previous"]]
        out[tr("ov_mom")] = [fmt_change(tr, "occupancy", v, lang) for v in frame["change"]]
    if which == "not_reported":
        out[tr("ov_last_report")] = [
            fmt_month(d, lang) if d is not None and d == d else "—" for d in frame["report_month"]
        ]
        out[tr("ov_managers")] = [m or tr("ov_no_manager") for m in frame["managers"]]
    return out


def zone_table_columns(tr: Tr) -> dict[str, str]:
    """Translated headers of :func:`zone_table_frame`'s raw columns."""
    return {
        "zone": tr("f_zones"),
        "carriers": tr("ov_carriers_unit"),
        "occupancy": tr("occupancy"),
        "coverage": tr("f_coverage"),
        "mom": tr("ov_mom"),
        "yoy": tr("ov_yoy"),
        "available": tr("ov_available_unit"),
    }


def zone_table_frame(tr: Tr, lang: str, kpis: pd.DataFrame) -> pd.DataFrame:
    """District, park and belts: occupancy with its changes (a year first: the question
    leaders ask), available area, carriers and coverage. Column order is reading order:
    at 1366 px the table's right end scrolls, so what matters most comes first.

    Raw column names (``zone``, ``carriers``, ``occupancy``, ``coverage`` ...); the page
    gives them translated headers.
    """
    rows = []
    for z in ZONES:
        used, total = cell(kpis, f"carriers_used:{z}") or 0, cell(kpis, f"carriers:{z}") or 0
        rows.append(
            {
                # The short names the compact map beside it shows: with the full ones
                # the last column was cut at 1366 px (user QA: "可招商面积（").
                "zone": short_zone_label(tr, z),
                "occupancy": fmt_value("occupancy", cell(kpis, f"occupancy:{z}"), lang),
                "yoy": fmt_change(tr, "occupancy", cell(kpis, f"occupancy:{z}", "yoy"), lang),
                "mom": fmt_change(tr, "occupancy", cell(kpis, f"occupancy:{z}", "mom"), lang),
                "available": fmt_value("available_m2", cell(kpis, f"available_m2:{z}"), lang),
                "carriers": int(total),
                "coverage": f"{int(used)}/{int(total)}",
            }
        )
    return pd.DataFrame(rows)


def period_text(tr: Tr, lang: str, key: str, month: date) -> str:
    """The period a figure covers: the month's end, or January to it for this year's sums."""
    if key == "graduations":
        return tr("ov_period_ytd", year=month.year, month=fmt_month(month, lang))
    return tr("ov_period_end", month=fmt_month(month, lang))


def coverage_text(tr: Tr, kpis: pd.DataFrame, *, long: bool = False) -> str:
    """'覆盖 112/120' for the district figure (carriers used / counted carriers).

    ``long``: the sentence that says what "used" means (a report in the freshness
    window, not necessarily this month's).
    """
    used, total = cell(kpis, "carriers_used:district"), cell(kpis, "carriers:district")
    key = "coverage_long" if long else "coverage_short"
    return tr(key, used=int(used or 0), total=int(total or 0), months=FRESH_MONTHS)
