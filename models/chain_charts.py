"""Altair charts and labelled tables for the chain and comparison pages.

Pure (no Streamlit): every builder takes ``tr`` (translate a catalogue key, with
parameters) and ``lang``, and gets all visible text from them, so axes, legends,
tooltips and numbers are in the reader's language. Months, years and numbers are
formatted in Python (models.chain_format): Vega-Lite would print English month names.
Stages always take the stage palette (geo.style); zones and themes take neutral greys so
they never read as stages.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from geo.style import STAGE_COLORS, STAGES
from models.chain_format import fmt_int, fmt_months, fmt_share, fmt_year

Tr = Callable[..., str]
# Three greys, far apart in lightness: distinct for every colour vision, unlike any stage.
THEME_GREYS = ("#3A3A3A", "#8A8A8A", "#C8C8C8")


def zone_label(tr: Tr, zone: str) -> str:
    """A zone code's name; the district row reads "district total"."""
    return tr("district_total" if zone == "district" else zone)


def short_zone_label(tr: Tr, zone: str) -> str:
    """A zone's short name as the maps show it (市北园区, 南京西路 ...), for wide tables."""
    return zone_label(tr, zone) if zone == "district" else tr(f"{zone}_short")


def stage_scale(tr: Tr) -> alt.Scale:
    """Stage names in the chain's order, in the stage palette."""
    return alt.Scale(domain=[tr(s) for s in STAGES], range=[STAGE_COLORS[s] for s in STAGES])


def stage_zone_table(tr: Tr, table: pd.DataFrame) -> pd.DataFrame:
    """models.chain.stage_zone_table with translated headers and formatted figures."""
    return pd.DataFrame(
        {
            tr("f_zones"): [zone_label(tr, z) for z in table["zone"]],
            tr("ch_stage"): [tr(s) for s in table["stage"]],
            tr("kpi_carriers"): table["carriers"].astype(int),
            tr("ch_area"): [fmt_int(v) for v in table["area_m2"]],
            tr("ch_tenants"): table["tenants"].astype(int),
            tr("occupancy"): [fmt_share(v) for v in table["occupancy"]],
            tr("f_coverage"): [
                f"{u}/{n}" for u, n in zip(table["carriers_used"], table["carriers"], strict=True)
            ],
            tr("ch_available"): [fmt_int(v) for v in table["available_m2"]],
        }
    )


def stages_chart(tr: Tr, table: pd.DataFrame) -> alt.Chart:
    """Horizontal stacked bars: carriers per stage in each zone (rows of the table)."""
    order = {tr(s): i for i, s in enumerate(STAGES)}
    df = pd.DataFrame(
        {
            "zone": [zone_label(tr, z) for z in table["zone"]],
            "stage": [tr(s) for s in table["stage"]],
            "n": table["carriers"].astype(int),
        }
    )
    df["rank"] = df["stage"].map(order)
    chart: alt.Chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("zone:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("n:Q", title=tr("ch_carriers_chart"), axis=alt.Axis(format="d")),
            color=alt.Color(
                "stage:N",
                scale=stage_scale(tr),
                title=tr("ch_stage"),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("zone:N", title=tr("f_zones")),
                alt.Tooltip("stage:N", title=tr("ch_stage")),
                alt.Tooltip("n:Q", title=tr("ch_carriers_chart"), format="d"),
            ],
        )
        .properties(height=alt.Step(34))
    )
    return chart


def flow_frame(tr: Tr, lang: str, counts: pd.DataFrame) -> pd.DataFrame:
    """Graduations by year and path (from → to stage), with translated headers.

    The hidden ``_to`` and ``_from`` columns keep the stages for the bar colour.
    """
    return pd.DataFrame(
        {
            tr("ch_year"): [fmt_year(y, lang) for y in counts["year"]],
            tr("ch_pair"): [
                tr("ch_pair_label", src=tr(f), dst=tr(t))
                for f, t in zip(counts["from_stage"], counts["to_stage"], strict=True)
            ],
            tr("ch_graduations"): counts["count"].astype(int),
            "_to": counts["to_stage"],
            "_from": counts["from_stage"],
        }
    )


def tint(colour: str, share: float) -> str:
    """``colour`` (#rrggbb) mixed with white: ``share`` 0 keeps it, 1 gives white."""
    if share == 0:
        return colour  # the palette's own spelling, unchanged
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in rgb)


def path_colour(src: str, dst: str) -> str:
    """A path's colour: its destination stage's, lighter the more stages it skips.

    Paths into one stage used to share a colour, so 孵化器→加速器 could not be told from
    众创空间→加速器 (QA). The step from the stage just before keeps the full colour.
    """
    skipped = max(STAGES.index(dst) - STAGES.index(src) - 1, 0)
    return tint(STAGE_COLORS[dst], min(0.55 * skipped, 0.8))


def flow_chart(tr: Tr, flow: pd.DataFrame) -> alt.Chart:
    """Stacked bars by year, one segment per path, coloured by the stage moved into
    (a lighter shade for a path that skips a stage, see :func:`path_colour`)."""
    year, pair, n = tr("ch_year"), tr("ch_pair"), tr("ch_graduations")
    pairs = list(dict.fromkeys(flow[pair]))
    first = flow.drop_duplicates(pair).set_index(pair)
    colours = [path_colour(first.loc[p, "_from"], first.loc[p, "_to"]) for p in pairs]
    chart: alt.Chart = (
        alt.Chart(flow.drop(columns=["_to", "_from"]))
        .mark_bar()
        .encode(
            x=alt.X(f"{year}:N", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{n}:Q", title=n, axis=alt.Axis(format="d")),
            color=alt.Color(
                f"{pair}:N",
                scale=alt.Scale(domain=pairs, range=colours),
                sort=pairs,
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            tooltip=[f"{year}:N", f"{pair}:N", alt.Tooltip(f"{n}:Q", format="d")],
        )
        .properties(height=280)
    )
    return chart


def stays_table(tr: Tr, lang: str, stays: pd.DataFrame) -> pd.DataFrame:
    """models.chain.stay_months with translated headers and months as text."""
    out = pd.DataFrame({tr("ch_stage"): [tr(s) for s in stays["stage"]]})
    for column in ("ended", "ended_median", "ended_mean", "open", "open_median", "open_mean"):
        key = {"ended": "ch_ended_n", "open": "ch_open_n"}.get(column, f"ch_{column}")
        values = stays[column]
        out[tr(key)] = (
            values.astype(int)
            if column in ("ended", "open")
            else [fmt_months(v, lang) for v in values]
        )
    return out


def stays_chart(tr: Tr, lang: str, stays: pd.DataFrame) -> alt.Chart:
    """Median months per stage: ended tenancies (solid) beside current ones (pale)."""
    kinds = {"ended_median": tr("ch_kind_ended"), "open_median": tr("ch_kind_open")}
    df = stays.melt(id_vars="stage", value_vars=list(kinds), var_name="kind", value_name="m")
    df = df.dropna()
    df = df.assign(
        stage=[tr(s) for s in df["stage"]],
        kind=[kinds[k] for k in df["kind"]],
        label=[fmt_months(v, lang) for v in df["m"]],
    )
    chart: alt.Chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(
                "stage:N",
                sort=[tr(s) for s in STAGES],
                title=None,
                axis=alt.Axis(labelAngle=0, labelLimit=300),
            ),
            xOffset=alt.XOffset("kind:N", sort=list(kinds.values())),
            y=alt.Y("m:Q", title=tr("ch_stay_axis")),
            color=alt.Color("stage:N", scale=stage_scale(tr), legend=None),
            opacity=alt.Opacity(
                "kind:N",
                sort=list(kinds.values()),
                scale=alt.Scale(domain=list(kinds.values()), range=[1.0, 0.45]),
                title=tr("ch_kind"),
            ),
            tooltip=[
                alt.Tooltip("stage:N", title=tr("ch_stage")),
                alt.Tooltip("kind:N", title=tr("ch_kind")),
                alt.Tooltip("label:N", title=tr("ch_stay_axis")),
            ],
        )
        .properties(height=260)
    )
    return chart


def compare_table(tr: Tr, zones: pd.DataFrame) -> pd.DataFrame:
    """models.zones_compare's zone rows with translated headers and formatted figures."""
    out = pd.DataFrame(
        {
            # Short names: the theme column says what each belt is for, and with the full
            # names the table was cut at 1366 px (user QA).
            tr("f_zones"): [short_zone_label(tr, z) for z in zones["zone"]],
            tr("cmp_theme"): [tr(t) if isinstance(t, str) else "—" for t in zones["theme"]],
            tr("kpi_carriers"): zones["carriers"].astype(int),
        }
    )
    for stage in STAGES:
        out[tr(stage)] = zones[f"carriers_{stage}"].astype(int)
    out[tr("ch_area")] = [fmt_int(v) for v in zones["area_m2"]]
    out[tr("occupancy")] = [fmt_share(v) for v in zones["occupancy"]]
    out[tr("f_coverage")] = [
        f"{u}/{n}" for u, n in zip(zones["carriers_used"], zones["carriers"], strict=True)
    ]
    out[tr("ch_available")] = [fmt_int(v) for v in zones["available_m2"]]
    out[tr("ch_tenants")] = zones["tenants"].astype(int)
    out[tr("cmp_theme_share")] = [fmt_share(v) for v in zones["theme_share"]]
    return out


def zone_stage_long(zones: pd.DataFrame) -> pd.DataFrame:
    """Comparison rows as (zone, stage, carriers) rows for :func:`stages_chart`."""
    rows = [
        {"zone": z["zone"], "stage": s, "carriers": int(z[f"carriers_{s}"])}
        for _, z in zones.iterrows()
        for s in STAGES
    ]
    return pd.DataFrame(rows, columns=["zone", "stage", "carriers"])


def share_chart(tr: Tr, zones: pd.DataFrame, *, column: str, title_key: str) -> alt.Chart:
    """One grey bar per zone for a share (occupancy, theme share), labelled in percent."""
    df = pd.DataFrame(
        {
            "zone": [zone_label(tr, z) for z in zones["zone"]],
            "pct": [None if pd.isna(v) else float(v) * 100 for v in zones[column]],
            "label": [fmt_share(v) for v in zones[column]],
        }
    ).dropna(subset=["pct"])
    base = alt.Chart(df).encode(
        y=alt.Y("zone:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("pct:Q", title=tr(title_key), scale=alt.Scale(domain=[0, 100])),
        tooltip=[
            alt.Tooltip("zone:N", title=tr("f_zones")),
            alt.Tooltip("label:N", title=tr(title_key)),
        ],
    )
    bars = base.mark_bar(color=THEME_GREYS[1])
    text = base.mark_text(align="left", dx=4).encode(text="label:N")
    chart: alt.Chart = (bars + text).properties(height=alt.Step(30))
    return chart


def industry_frame(tr: Tr, industries: pd.DataFrame) -> pd.DataFrame:
    """Tenants by zone and industry, translated, for the chart and its download."""
    return pd.DataFrame(
        {
            tr("f_zones"): [zone_label(tr, z) for z in industries["zone"]],
            tr("f_industry"): [tr(i) for i in industries["industry"]],
            tr("cmp_theme"): [tr(t) if isinstance(t, str) else "—" for t in industries["theme"]],
            tr("cmp_industry_axis"): industries["tenants"].astype(int),
        }
    )


def industry_chart(tr: Tr, frame: pd.DataFrame, theme_order: list[str]) -> alt.Chart:
    """100% bars of tenants per zone, one segment per industry, shaded by theme."""
    zone, industry, theme, n = (
        tr("f_zones"),
        tr("f_industry"),
        tr("cmp_theme"),
        tr("cmp_industry_axis"),
    )
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar(stroke="#FFFFFF", strokeWidth=0.5)
        .encode(
            y=alt.Y(f"{zone}:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
            # Each zone's bar adds up to 100%, so a small belt's mix reads as clearly as
            # the park's; the tooltip keeps the count.
            x=alt.X(
                f"{n}:Q",
                stack="normalize",
                title=tr("cmp_industry_share_axis"),
                axis=alt.Axis(format=".0%"),
            ),
            color=alt.Color(
                f"{theme}:N",
                scale=alt.Scale(domain=theme_order, range=list(THEME_GREYS)),
                sort=theme_order,
            ),
            order=alt.Order(f"{theme}:N"),
            tooltip=[f"{zone}:N", f"{industry}:N", f"{theme}:N", alt.Tooltip(f"{n}:Q", format="d")],
        )
        .properties(height=alt.Step(34))
    )
    return chart
