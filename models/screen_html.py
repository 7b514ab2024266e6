"""HTML of the big screen's panels: KPI cards, ranking, trend, pipeline, chain, tables.

Pure functions from :class:`models.screen.ScreenFigures` to HTML strings; the page puts
them on screen with ``st.html``. Every string that reaches the HTML, translations and
names from the database alike, goes through :func:`geo.escape.escape_text`. Sizes are in
``vh`` (see :data:`SCREEN_CSS`) so the same markup reads on 1080p and 4K walls.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from geo.escape import escape_text as esc
from geo.style import STAGE_COLORS
from models.chain_format import fmt_month
from models.i18n import t
from models.screen import ScreenFigures, ScreenOptions
from models.screen_spotlight import Spotlight

# Dark, high-contrast palette (DataV-like): panel text #e8f1ff on #06142b is ~16:1.
BG = "#06142b"
SCREEN_CSS = f"""
<style>
html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"],
[data-testid="stMainBlockContainer"] {{
  background: {BG} !important; color: #e8f1ff; overflow: hidden !important;
}}
::-webkit-scrollbar {{ display: none; }}
* {{ scrollbar-width: none; }}
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stStatusWidget"], [data-testid="stMainMenu"], footer,
[data-testid="stBottom"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{
  padding: 1vh 1vw 0 1vw !important; max-width: 100% !important;
}}
[data-testid="stVerticalBlock"] {{ gap: 0.8vh !important; }}
[data-testid="stHorizontalBlock"] {{ gap: 1vw !important; flex-wrap: nowrap !important; }}
[data-testid="stColumn"] {{ min-width: 0 !important; overflow: hidden; }}
/* A rerun fades stale elements; on a wall that reads as flicker. */
[data-stale="true"], .stale-element {{ opacity: 1 !important; transition: none !important; }}
iframe {{ background: {BG}; color-scheme: dark; }}
.st-key-scr_map iframe {{ height: 86vh !important; border-radius: 0.6vh; }}
.scr {{ font-size: 1.9vh; line-height: 1.3; font-family: "Noto Sans CJK SC",
  "Source Han Sans SC", "Microsoft YaHei", sans-serif; color: #e8f1ff; }}
.scr-head {{ display: flex; align-items: baseline; justify-content: space-between;
  border-bottom: 0.3vh solid #1f5fa7; padding-bottom: 0.6vh; height: 6.4vh; }}
.scr-title {{ font-size: 3.6vh; font-weight: 700; letter-spacing: 0.2vh; color: #ffffff; }}
.scr-meta {{ font-size: 2vh; color: #9fc6ff; }}
.scr-meta b {{ color: #ffffff; }}
.scr-scene {{ font-size: 2.2vh; color: #28f8ff; margin-left: 2vw; }}
.scr-warn {{ font-size: 2vh; color: #ffd166; margin-left: 1.5vw; }}
.scr-grid {{ display: grid; grid-template-columns: 1fr 1fr; gap: 1vh; }}
.scr-card {{ background: rgba(6,48,109,.55); border: 0.15vh solid #235fa7;
  border-radius: 0.8vh; padding: 0.8vh 0.8vw; height: 20.6vh; box-sizing: border-box;
  display: flex; flex-direction: column; justify-content: space-between; overflow: hidden; }}
.scr-label {{ font-size: 2vh; color: #9fc6ff; }}
.scr-value {{ font-size: 6vh; font-weight: 700; color: #3de7c9; line-height: 1.05;
  font-variant-numeric: tabular-nums; white-space: nowrap; }}
.scr-unit {{ font-size: 2.2vh; color: #9fc6ff; margin-left: 0.3vw; font-weight: 400; }}
.scr-sub {{ font-size: 1.8vh; color: #c9dcf5; }}
.up {{ color: #7cffb2; }} .down {{ color: #ff6e76; }}
.scr-panel {{ background: rgba(6,48,109,.55); border: 0.15vh solid #235fa7;
  border-radius: 0.8vh; padding: 0.8vh 0.8vw; box-sizing: border-box; overflow: hidden;
  margin-bottom: 1vh; }}
.scr-h {{ font-size: 2.3vh; font-weight: 700; color: #ffffff; margin-bottom: 0.6vh; }}
.scr-row {{ display: grid; grid-template-columns: 56% 1fr 7.5vh; align-items: center;
  gap: 0.5vw; font-size: 2vh; margin: 0.45vh 0; }}
.scr-bar {{ height: 1.8vh; background: #0a2748; border-radius: 0.9vh; overflow: hidden; }}
.scr-bar > i {{ display: block; height: 100%;
  background: linear-gradient(90deg, #1370fb, #28f8ff); }}
.scr-num {{ text-align: right; font-variant-numeric: tabular-nums; color: #ffffff; }}
.scr-cols {{ display: flex; align-items: flex-end; height: 19vh; gap: 0.3vw; }}
.scr-col {{ flex: 1; height: 100%; display: flex; flex-direction: column;
  justify-content: flex-end; align-items: center; }}
.scr-colbar {{ flex: 1; width: 100%; display: flex; align-items: flex-end; }}
.scr-col i {{ display: block; width: 100%; border-radius: 0.4vh 0.4vh 0 0;
  background: linear-gradient(180deg, #28f8ff, #1370fb); }}
.scr-col span {{ font-size: 1.6vh; color: #c9dcf5; margin-top: 0.3vh; }}
.scr-big {{ font-size: 7vh; font-weight: 700; color: #fddd60; line-height: 1.1; }}
.scr-dot {{ display: inline-block; width: 1.6vh; height: 1.6vh; border-radius: 50%;
  margin-right: 0.4vw; vertical-align: middle; }}
.scr-stage {{ margin: 0.8vh 0; }}
.scr-item {{ border-top: 0.1vh solid #123a66; padding: 0.5vh 0; }}
.scr-late {{ color: #ffb74d; font-weight: 600; }}
.scr-name {{ font-size: 2vh; color: #ffffff; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }}
.scr-zone-top {{ display: flex; justify-content: space-between; align-items: baseline;
  gap: 0.5vw; }}
.scr-zone-top .scr-label {{ color: #ffffff; font-weight: 600; }}
.scr-zone-rate {{ font-size: 5.5vh; font-weight: 700; color: #3de7c9; white-space: nowrap; }}
.scr-stage .scr-value {{ font-size: 5.5vh; }}
.scr-left, .scr-right {{ height: 86vh; overflow: hidden; }}
.scr-spot-name {{ font-size: 4vh; font-weight: 700; color: #ffffff; line-height: 1.2;
  margin: 0.6vh 0; overflow: hidden; text-overflow: ellipsis; display: -webkit-box;
  -webkit-line-clamp: 2; -webkit-box-orient: vertical; }}
.scr-spot .scr-sub {{ margin-top: 0.4vh; }}
/* The controls: visible but discreet, bottom right, brighter on hover. */
.st-key-scr_controls {{ position: fixed; right: 0.8vw; bottom: 0.6vh; z-index: 1000;
  opacity: 0.35; flex-direction: row !important; gap: 0.4vw !important; width: auto !important; }}
.st-key-scr_controls:hover {{ opacity: 1; }}
.st-key-scr_controls button {{ background: #0a2748 !important; color: #e8f1ff !important;
  border-color: #235fa7 !important; min-height: 0 !important; padding: 0.2vh 0.6vw !important; }}
.st-key-scr_controls button p, .st-key-scr_controls [data-testid="stMarkdownContainer"] * {{
  font-size: 1.7vh !important; }}
.st-key-scr_controls [data-testid="stPageLink"] a {{ background: #0a2748; padding: 0.2vh 0.6vw;
  border: 1px solid #235fa7; border-radius: 0.5rem; }}
.st-key-scr_controls [data-testid="stPageLink"] * {{ color: #e8f1ff !important; }}
/* A phone (user QA: title broken over the scene, every number cut): one column that
   scrolls, the panels' own height, smaller type. The wall layout above is untouched. */
@media (max-width: 640px) {{
  html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
    overflow: auto !important; }}
  [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap !important; }}
  [data-testid="stColumn"] {{ min-width: 100% !important; }}
  .scr-head {{ height: auto; flex-wrap: wrap; }}
  .scr-title {{ font-size: 2.4vh; }}
  .scr-scene {{ display: block; margin-left: 0; }}
  .scr-left, .scr-right {{ height: auto; }}
  .scr-card {{ height: auto; }}
  .scr-value, .scr-zone-rate, .scr-stage .scr-value {{ font-size: 3.6vh; }}
  .st-key-scr_map iframe {{ height: 60vh !important; }}
  /* In the page's flow below the scenes, not over the map (user QA: the bar hid the
     Suzhou River label on a phone). */
  .st-key-scr_controls {{ opacity: 0.9; position: static; flex-wrap: wrap !important;
    justify-content: flex-end; margin: 1vh 0; }}
}}
/* A touch screen has no keys: no ← Space → hints on its buttons. */
@media (hover: none) {{ .st-key-scr_controls kbd {{ display: none !important; }} }}
</style>
"""


def key_hint_css(word: str) -> str:
    """CSS writing the pause button's shortcut hint (Streamlit prints "Space") as ``word``.

    Streamlit draws the hint itself, in English only; the key's name is swapped for the
    reader's word by CSS, since the element has no other hook. ``word`` is escaped for a
    CSS string.
    """
    quoted = "".join(c if c.isalnum() else f"\\{ord(c):x} " for c in word)
    return (
        "<style>.st-key-scr_pause kbd{font-size:0}"
        f'.st-key-scr_pause kbd::after{{content:"{quoted}";font-size:0.75rem}}</style>'
    )


def fmt_pct(value: float | None) -> str:
    """'83.5%' or an em dash."""
    return "—" if value is None else f"{value * 100:.1f}%"


def fmt_area(m2: float | None, lang: str) -> str:
    """Area in the unit of the label: 万㎡ (10,000 m²) in Chinese, k m² in English."""
    if m2 is None:
        return "—"
    return f"{m2 / 10_000:,.1f}" if lang == "zh" else f"{m2 / 1_000:,.0f}"


def fmt_change(change: float | None, lang: str) -> str:
    """Month-on-month change in percentage points, coloured, or ''."""
    return "" if change is None else _pp_span(change, lang, "scr_change")


def _pp_span(change: float, lang: str, key: str, **params: Any) -> str:
    """A change in percentage points with its arrow and colour, in catalogue text ``key``."""
    pp = round(change * 100, 1)  # as shown: a change that rounds to 0.0 has no arrow
    arrow, cls = ("▲ ", "up") if pp > 0 else ("▼ ", "down") if pp < 0 else ("", "")
    value = f"{arrow}{abs(pp):.1f}" + (" 个百分点" if lang == "zh" else " pp")
    return f'<span class="{cls}">{esc(t(key, lang, value=value, **params))}</span>'


def _card(label: str, value: str, unit: str = "", sub: str = "") -> str:
    unit_html = f'<span class="scr-unit">{esc(unit)}</span>' if unit else ""
    return (
        f'<div class="scr-card"><div class="scr-label">{esc(label)}</div>'
        f'<div class="scr-value">{esc(value)}{unit_html}</div>'
        f'<div class="scr-sub">{sub}</div></div>'
    )


def kpi_cards(fig: ScreenFigures, lang: str) -> str:
    """The overview's eight cards (two columns) with units, change and coverage."""
    coverage = esc(t("scr_coverage", lang, used=fig.carriers_used, total=fig.carriers_total))
    year = fig.year if fig.year is not None else ""
    cards = [
        _card(t("scr_carriers", lang), f"{fig.carriers}", t("scr_unit_carriers", lang)),
        _card(t("scr_area", lang), fmt_area(fig.area_m2, lang), t("scr_unit_area", lang)),
        _card(
            t("scr_occupancy", lang),
            fmt_pct(fig.occupancy),
            sub=fmt_change(fig.occupancy_change, lang) + "<br>" + coverage,
        ),
        _card(t("scr_available", lang), fmt_area(fig.available_m2, lang), t("scr_unit_area", lang)),
        _card(t("scr_tenants", lang), f"{fig.tenants}", t("scr_unit_tenants", lang)),
        _card(
            t("scr_graduations", lang, year=str(year)),
            f"{fig.graduations_year}",
            t("scr_unit_times", lang),
        ),
        _card(
            t("scr_delivered", lang),
            fmt_area(fig.delivered_m2, lang),
            t("scr_unit_area", lang),
            esc(t("scr_delivered_sub", lang, n=fig.delivered_projects)),
        ),
        _card(
            t("scr_pipeline", lang),
            f"{sum(p.projects for p in fig.pipeline)}",
            t("scr_unit_carriers", lang),
        ),
    ]
    return f'<div class="scr scr-left"><div class="scr-grid">{"".join(cards)}</div></div>'


def _bar_row(label: str, share: float | None, text: str) -> str:
    width = 0.0 if share is None else max(0.0, min(share, 1.0)) * 100
    return (
        f'<div class="scr-row"><span>{esc(label)}</span>'
        f'<div class="scr-bar"><i style="width:{width:.1f}%"></i></div>'
        f'<span class="scr-num">{esc(text)}</span></div>'
    )


def ranking_html(fig: ScreenFigures, lang: str) -> str:
    """Parks and belts by occupancy, highest first, as bars."""
    rows = "".join(
        _bar_row(t(z.zone, lang), z.occupancy, fmt_pct(z.occupancy)) for z in fig.ranking
    )
    return (
        f'<div class="scr-panel"><div class="scr-h">{esc(t("scr_ranking", lang))}</div>{rows}</div>'
    )


def bar_share(rate: float) -> float:
    """The share of a column's full height a rate fills: from 0% at the foot to 100%."""
    return max(0.0, min(rate, 1.0))


def trend_bars(fig: ScreenFigures, lang: str) -> str:
    """The 12-month district occupancy as columns (plain HTML: no SVG, no script).

    Columns stand on 0%, as a reader takes any bar to: an earlier floor just below the
    lowest month made 80.8% against 83.5% look like a quarter more (QA). A change of a
    point or two is then small to the eye, as it is; the first and last month carry
    their rates in figures, and each column its rate on hover.
    """
    title = f'<div class="scr-h">{esc(t("scr_trend", lang))}</div>'
    points = [(m, r) for m, r in fig.trend if r is not None]
    if len(points) < 2:
        empty = f'<div class="scr-sub">{esc(t("no_data", lang))}</div>'
        return f'<div class="scr-panel">{title}{empty}</div>'
    cols = "".join(
        f'<div class="scr-col" title="{esc(m)} · {esc(fmt_pct(r))}"><div class="scr-colbar">'
        f'<i style="height:{100 * bar_share(r):.1f}%"></i></div>'
        f"<span>{esc(m[5:])}</span></div>"
        for m, r in points
    )
    first, last = points[0], points[-1]
    # The change in words: columns standing on 0% show two points as nearly the same
    # height, and the screen's reader saw "flat" (user QA).
    change = _pp_span(last[1] - first[1], lang, "scr_trend_change", months=len(points))
    axis = (
        '<div class="scr-sub" style="display:flex;justify-content:space-between">'
        f"<span>{esc(first[0])} · {esc(fmt_pct(first[1]))}</span>"
        f"<span>{esc(last[0])} · <b>{esc(fmt_pct(last[1]))}</b></span></div>"
        f'<div class="scr-sub">{change}</div>'
    )
    return f'<div class="scr-panel">{title}<div class="scr-cols">{cols}</div>{axis}</div>'


def pipeline_html(fig: ScreenFigures, lang: str) -> str:
    """Conversion projects per status, as bars of floor area with the project count."""
    top = max((p.floor_area_m2 for p in fig.pipeline), default=0.0) or 1.0
    unit = t("scr_unit_area", lang)
    rows = "".join(
        _bar_row(
            f"{t(p.status, lang)} · {t('scr_projects_n', lang, n=p.projects)}",
            p.floor_area_m2 / top,
            fmt_area(p.floor_area_m2, lang),
        )
        for p in fig.pipeline
    )
    head = (
        f"{t('scr_pipeline', lang)}（{unit}）"
        if lang == "zh"
        else f"{t('scr_pipeline', lang)} ({unit})"
    )
    return f'<div class="scr-panel"><div class="scr-h">{esc(head)}</div>{rows}</div>'


def stages_html(fig: ScreenFigures, lang: str) -> str:
    """The growth chain, stage by stage: carriers, tenants and occupancy."""
    parts = []
    for s in fig.stages:
        colour = STAGE_COLORS.get(s.stage, "#ffffff")
        line = t("scr_stage_line", lang, carriers=s.carriers, tenants=s.tenants)
        parts.append(
            '<div class="scr-panel scr-stage">'
            f'<div class="scr-label"><span class="scr-dot" style="background:{colour}"></span>'
            f"{esc(t(s.stage, lang))}</div>"
            f'<div class="scr-value">{s.carriers}<span class="scr-unit">'
            f"{esc(t('scr_unit_carriers', lang))}</span></div>"
            f'<div class="scr-sub">{esc(line)}'
            f" · {esc(t('scr_occupancy', lang))} {esc(fmt_pct(s.occupancy))}</div></div>"
        )
    head = f'<div class="scr-h">{esc(t("scr_stages", lang))}</div>'
    return f'<div class="scr scr-left">{head}{"".join(parts)}</div>'


def graduations_html(fig: ScreenFigures, lang: str) -> str:
    """This year's graduations: the total, per step of the chain, and the newest names."""
    year = fig.year if fig.year is not None else ""
    pairs = "".join(
        _bar_row(
            f"{t(a, lang)} → {t(b, lang)}",
            n / max(fig.graduations_year, 1),
            str(n),
        )
        for a, b, n in fig.graduation_pairs
    )
    names = "".join(
        f'<div class="scr-item"><div class="scr-name">{esc(zh if lang == "zh" else en)}</div>'
        f'<div class="scr-sub">{esc(t(a, lang))} → {esc(t(b, lang))} · {esc(on)}</div></div>'
        for zh, en, a, b, on in fig.recent_graduations[:5]
    )
    return (
        '<div class="scr scr-right"><div class="scr-panel">'
        f'<div class="scr-h">{esc(t("scr_grad_pairs", lang, year=str(year)))}</div>'
        f'<div class="scr-big">{fig.graduations_year}<span class="scr-unit">'
        f"{esc(t('scr_unit_times', lang))}</span></div>{pairs}</div>"
        f'<div class="scr-panel"><div class="scr-h">{esc(t("scr_recent_grads", lang))}</div>'
        f"{names}</div></div>"
    )


def zones_cards_html(fig: ScreenFigures, lang: str) -> str:
    """Park, belts and district as cards: occupancy, carriers, available area, tenants, theme."""
    rows = [*fig.ranking, *([fig.district] if fig.district else [])]
    unit = t("scr_unit_area", lang)
    cards = []
    for z in rows:
        facts = [
            f"{t('scr_col_carriers', lang)} {z.carriers}",
            f"{t('scr_available', lang)} {fmt_area(z.available_m2, lang)} {unit}",
            f"{t('scr_col_tenants', lang)} {z.tenants}",
        ]
        if z.theme_share is not None:
            facts.append(f"{t('scr_col_theme', lang)} {fmt_pct(z.theme_share)}")
        cards.append(
            '<div class="scr-panel scr-zone">'
            f'<div class="scr-zone-top"><span class="scr-label">{esc(t(z.zone, lang))}</span>'
            f'<span class="scr-zone-rate">{esc(fmt_pct(z.occupancy))}</span></div>'
            f'<div class="scr-sub">{esc(" · ".join(facts))}</div></div>'
        )
    return "".join(cards)


def projects_html(fig: ScreenFigures, lang: str) -> str:
    """Late conversion projects first (with their days late), then the furthest along."""
    unit = t("scr_unit_area", lang)
    items = "".join(
        f'<div class="scr-item"><div class="scr-name">{esc(zh if lang == "zh" else en)}</div>'
        f'<div class="scr-sub">{esc(t(status, lang))} · {esc(fmt_area(m2, lang))} {esc(unit)}'
        + (
            f' · <span class="scr-late">{esc(t("scr_late_days", lang, n=late))}</span>'
            if late
            else ""
        )
        + "</div></div>"
        for zh, en, status, m2, late in fig.projects
    )
    shown_late = sum(1 for *_, late in fig.projects if late)
    if fig.late_projects > shown_late:
        more = t("scr_more_late", lang, n=fig.late_projects - shown_late)
        items += f'<div class="scr-sub scr-late">{esc(more)}</div>'
    return (
        f'<div class="scr-panel"><div class="scr-h">{esc(t("scr_projects", lang))}</div>'
        f"{items}</div>"
    )


def spotlight_panels(fig: ScreenFigures, lang: str, spot: int) -> tuple[str, str]:
    """One carrier: who and where on the left with its figures, tenants and graduates right."""
    if not fig.spotlights:
        empty = esc(t("scr_spot_empty", lang))
        empty = f'<div class="scr-panel"><div class="scr-h">{empty}</div></div>'
        return f'<div class="scr scr-left">{empty}</div>', '<div class="scr scr-right"></div>'
    n = len(fig.spotlights)
    s: Spotlight = fig.spotlights[spot % n]
    year = str(fig.year) if fig.year is not None else ""
    colour = STAGE_COLORS.get(s.stage, "#ffffff")
    kinds = [t(s.stage, lang)]
    if s.accreditation != "none":
        kinds.append(t(s.accreditation, lang))
    facts = [f"{fmt_area(s.area_m2, lang)} {t('scr_unit_area', lang)}", t(s.origin, lang)]
    if s.opened:
        facts.append(t("scr_spot_opened", lang, month=s.opened))
    head = (
        '<div class="scr-panel scr-spot">'
        f'<div class="scr-label">{esc(t("scr_spot_of", lang, i=spot % n + 1, n=n))}</div>'
        f'<div class="scr-spot-name">{esc(s.name_zh if lang == "zh" else s.name_en)}</div>'
        f'<div class="scr-sub"><span class="scr-dot" style="background:{colour}"></span>'
        f"{esc(' · '.join(kinds))}</div>"
        f'<div class="scr-sub">{esc(" · ".join(t(z, lang) for z in s.zones) or "—")}</div>'
        f'<div class="scr-sub">{esc(" · ".join(facts))}</div>'
        f'<div class="scr-sub">{esc(s.operator)}</div></div>'
    )
    unit = t("scr_unit_tenants", lang)
    cards = "".join(
        [
            _card(t("scr_occupancy", lang), fmt_pct(s.occupancy)),
            _card(t("scr_tenants", lang), str(s.tenants), unit),
            _card(t("scr_spot_in", lang, year=year), str(s.grads_in), unit),
            _card(t("scr_spot_out", lang, year=year), str(s.grads_out), unit),
        ]
    )
    left = f'<div class="scr scr-left">{head}<div class="scr-grid">{cards}</div></div>'
    top = max((c for _, c in s.industries), default=0) or 1
    bars = "".join(_bar_row(t(k, lang), c / top, str(c)) for k, c in s.industries)
    names = (
        "".join(
            f'<div class="scr-item"><div class="scr-name">{esc(zh if lang == "zh" else en)}</div>'
            f'<div class="scr-sub">{esc(t("scr_spot_" + way + "_tag", lang))} · '
            f"{esc(t(a, lang))} → {esc(t(b, lang))}</div></div>"
            for zh, en, a, b, way in s.graduates
        )
        or f'<div class="scr-sub">{esc(t("scr_spot_none", lang))}</div>'
    )
    right = (
        '<div class="scr scr-right"><div class="scr-panel">'
        f'<div class="scr-h">{esc(t("scr_spot_industries", lang))}</div>'
        f"{bars or esc(t('no_data', lang))}</div>"
        f'<div class="scr-panel"><div class="scr-h">'
        f"{esc(t('scr_spot_graduates', lang, year=year))}</div>{names}</div></div>"
    )
    return left, right


# Rings the spotlight's carrier on the map, or removes the ring (target null). The map
# lives in streamlit-folium's frame (same origin); the ring is drawn where the carrier's
# dot is drawn (the spread may have moved it: geoMap keeps that place per carrier id).
_RING_JS = """<script>(function (target) {
  var tries = 0;
  function place() {
    var done = false;
    document.querySelectorAll("iframe").forEach(function (f) {
      var w, map = null;
      try { w = f.contentWindow; if (!w || !w.L) { return; } } catch (e) { return; }
      for (var k in w) {
        try { if (w[k] instanceof w.L.Map) { map = w[k]; break; } } catch (e) {}
      }
      if (!map) { return; }
      done = true;
      if (w.__scrSpot) { map.removeLayer(w.__scrSpot); w.__scrSpot = null; }
      if (!target) { return; }
      var at = (map._geoCarrierAt && map._geoCarrierAt[target.id]) || [target.lat, target.lon];
      // Its own pane above the zone labels (tooltips, z-index 650), which it may sit under.
      if (!map.getPane("scrSpot")) { map.createPane("scrSpot").style.zIndex = 700; }
      w.__scrSpot = w.L.circleMarker(at, {radius: 18, color: "#fddd60", weight: 5,
        fill: false, interactive: false, pane: "scrSpot"}).addTo(map);
    });
    // The map may still be loading (first run, or redrawn with new data): try again.
    if (!done && ++tries < 60) { setTimeout(place, 500); }
  }
  place();
})(%s);</script>"""


def spotlight_ring(scene: str, fig: ScreenFigures | None, spot: int) -> str:
    """A script that rings the spotlight's carrier on the map (other scenes: no ring).

    Only numbers reach the script (``json.dumps``), never a name.
    """
    target = None
    if scene == "spotlight" and fig is not None and fig.spotlights:
        s = fig.spotlights[spot % len(fig.spotlights)]
        if s.lat is not None and s.lon is not None:
            target = {"id": s.carrier_id, "lat": float(s.lat), "lon": float(s.lon)}
    return _RING_JS % json.dumps(target)


def panels(scene: str, fig: ScreenFigures, lang: str, spot: int = 0) -> tuple[str, str]:
    """(left, right) HTML of a scene; the map in the middle is not part of a scene.

    ``spot`` counts the spotlight scene's turns: it picks the carrier shown.
    """
    if scene == "spotlight":
        return spotlight_panels(fig, lang, spot)
    if scene == "chain":
        return stages_html(fig, lang), graduations_html(fig, lang)
    if scene == "belts":
        left = f'<div class="scr scr-left">{ranking_html(fig, lang)}{trend_bars(fig, lang)}</div>'
        return left, f'<div class="scr scr-right">{zones_cards_html(fig, lang)}</div>'
    if scene == "conversions":
        unit = t("scr_unit_area", lang)
        cards = _card(
            t("scr_delivered", lang),
            fmt_area(fig.delivered_m2, lang),
            unit,
            esc(t("scr_delivered_sub", lang, n=fig.delivered_projects)),
        ) + _card(
            t("scr_pipeline", lang),
            f"{sum(p.projects for p in fig.pipeline)}",
            t("scr_unit_carriers", lang),
        )
        left = (
            f'<div class="scr scr-left">{pipeline_html(fig, lang)}'
            f'<div class="scr-grid">{cards}</div></div>'
        )
        return left, f'<div class="scr scr-right">{projects_html(fig, lang)}</div>'
    right = (
        f'<div class="scr scr-right">{ranking_html(fig, lang)}{trend_bars(fig, lang)}'
        f"{pipeline_html(fig, lang)}</div>"
    )
    return kpi_cards(fig, lang), right


def header_html(
    *,
    lang: str,
    month: str | None,
    refreshed: str | None,
    outage_since: str | None,
    scene: str,
    position: tuple[int, int],
    paused: bool,
) -> str:
    """Title, scene name and position, "data as of", refresh time and outage notice."""
    meta = []
    if month:
        meta.append(f"<b>{esc(t('scr_as_of', lang, month=month))}</b>")
    if refreshed:
        meta.append(esc(t("scr_refreshed", lang, time=refreshed)))
    warn = ""
    if outage_since is not None:
        warn = f'<span class="scr-warn">{esc(t("scr_outage", lang, time=outage_since))}</span>'
    elif month is None:
        warn = f'<span class="scr-warn">{esc(t("scr_no_data", lang))}</span>'
    i, n = position
    scene_txt = f"{t('scene_' + scene, lang)} {i}/{n}"
    if paused:
        scene_txt += f" · {t('scr_paused', lang)}"
    return (
        '<div class="scr scr-head"><div><span class="scr-title">'
        f"{esc(t('scr_title', lang))}</span>"
        f'<span class="scr-scene">{esc(scene_txt)}</span></div>'
        f'<div class="scr-meta">{" · ".join(meta)}{warn}</div></div>'
    )


def scene_header(state: Mapping[Any, Any], opts: ScreenOptions, lang: str) -> str:
    """:func:`header_html` from a wall's session ``state`` (see :func:`models.screen.turn`).

    ``scr_figs`` the last good figures, ``scr_ok_at`` when they were fetched (HH:MM),
    ``scr_down`` whether the last refresh failed.
    """
    figs: ScreenFigures | None = state.get("scr_figs")
    index = int(state.get("scr_scene", 0)) % len(opts.scenes)
    return header_html(
        lang=lang,
        month=fmt_month(figs.month, lang) if figs and figs.month else None,
        refreshed=state.get("scr_ok_at"),
        outage_since=state.get("scr_ok_at") if state.get("scr_down") and figs else None,
        scene=opts.scenes[index],
        position=(index + 1, len(opts.scenes)),
        paused=bool(state.get("scr_paused")),
    )
