"""Figures of the big screen (``/screen``), assembled once per refresh, and its options.

Everything the wall display shows comes from :func:`load_figures`, which calls the same
queries as the rest of the app (one occupancy definition, the chain's graduations, the
belt/park comparison) and returns a plain, picklable :class:`ScreenFigures`. The pure
part, :func:`assemble`, takes those query results and is tested against hand-computed
values. The scene options (which scenes, in what order, how many seconds each) come from
the URL or the settings via :func:`parse_options`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd
from sqlmodel import Session

from geo.selection import ascii_digits
from models import chain, queries, zones_compare
from models import conversion_tracker as ct
from models import occupancy_rate as occ
from models.enums import ConversionStatus
from models.screen_spotlight import Spotlight, spotlights
from models.seed import has_sample_data

SCENES: tuple[str, ...] = ("overview", "chain", "belts", "conversions", "spotlight")
SPOTLIGHT = "spotlight"
MIN_INTERVAL, MAX_INTERVAL = 1, 3600  # seconds per scene (1 s: accelerated soaks)
MIN_REFRESH, MAX_REFRESH = 1, 3600  # seconds between live refreshes
MAX_SPOTLIGHT_IDS = 12
TREND_MONTHS = 12
PLAN_DATES = ["planned_start", "planned_open", "actual_start", "actual_open"]
RECENT_ITEMS = 6  # graduations / projects listed by name: readable from across a room
DELIVERED = ConversionStatus.OPERATING.value
PIPELINE = tuple(s.value for s in ConversionStatus if s is not ConversionStatus.CANCELLED)


@dataclass(frozen=True)
class ScreenOptions:
    """Which scenes rotate, in what order, how many seconds each, and the live refresh."""

    scenes: tuple[str, ...]
    interval: int
    refresh: int = 60
    spotlight: tuple[int, ...] = ()  # pinned carrier ids; empty: the automatic choice


def scenes_of(text: str) -> tuple[str, ...]:
    """Known scene names of a comma list, lower-cased, first occurrence kept."""
    wanted = [s.strip().lower() for s in text.split(",")]
    return tuple(dict.fromkeys(s for s in wanted if s in SCENES))


def ids_of(text: str) -> tuple[int, ...]:
    """Carrier ids of a comma list (``"12, 40"``); anything else is dropped."""
    ids = (p.strip() for p in text.split(","))
    return tuple(dict.fromkeys(int(p) for p in ids if ascii_digits(p) and 0 < int(p) < 2**31))[
        :MAX_SPOTLIGHT_IDS
    ]


def _clamped(raw: object, default: int, low: int, high: int) -> int:
    text = str(raw if raw is not None else "").strip()
    value = int(text) if ascii_digits(text) else default
    return min(max(value, low), high)


def parse_options(
    params: Mapping[str, str],
    *,
    default_scenes: str,
    default_interval: int,
    default_refresh: int = 60,
    default_spotlight: str = "",
) -> ScreenOptions:
    """Scenes, interval, refresh and spotlight from URL parameters, else the defaults.

    The defaults are the stored screen settings, or the environment's (see
    :func:`models.services.screen_settings.screen_defaults`): URL > stored > env.
    Unknown scene names are dropped (a typo in a wall's URL must not blank it), repeats
    kept once, and an empty result falls back to the defaults, then to the overview.
    Numbers are clamped to their ranges; a non-number is ignored.
    """
    scenes = scenes_of(str(params.get("scenes", ""))) or scenes_of(default_scenes) or SCENES[:1]
    interval = _clamped(default_interval, 20, MIN_INTERVAL, MAX_INTERVAL)
    interval = _clamped(params.get("interval"), interval, MIN_INTERVAL, MAX_INTERVAL)
    refresh = _clamped(default_refresh, 60, MIN_REFRESH, MAX_REFRESH)
    refresh = _clamped(params.get("refresh"), refresh, MIN_REFRESH, MAX_REFRESH)
    spot = ids_of(str(params.get("spotlight", ""))) or ids_of(default_spotlight)
    return ScreenOptions(scenes=scenes, interval=interval, refresh=refresh, spotlight=spot)


def step_scene(index: int, count: int, step: int = 1) -> int:
    """The scene index ``step`` scenes on (negative: back), wrapping around."""
    return (index + step) % count if count > 0 else 0


def advance(
    index: int, count: int, *, since: float, now: float, interval: int, paused: bool
) -> tuple[int, float]:
    """The scene to show at ``now`` and when it started, given the current one's start.

    One step per call at most: a tick that comes late never skips a scene. Half a second
    of slack, so a timer that fires a hair early still turns the page. A single scene
    "turns" onto itself (its start moves), so a lone spotlight still rotates carriers.
    """
    if paused or count < 1 or now - since < interval - 0.5:
        return index % max(count, 1), since
    return step_scene(index, count), now


def next_spot(spot: int, *, left: str, turned: bool) -> int:
    """The spotlight's turn counter after a scene change away from ``left``.

    It moves on when the spotlight scene is left (by the clock or a button), so each
    time the scene comes round it shows the next carrier, the first one first.
    """
    return spot + 1 if turned and left == SPOTLIGHT else spot


def turn(
    state: MutableMapping[Any, Any],
    opts: ScreenOptions,
    *,
    now: float | None = None,
    step: int | None = None,
) -> None:
    """Move the wall's scene in its session ``state``: ``step`` scenes, or by the clock.

    Keys: ``scr_scene`` (index), ``scr_scene_at`` (when it started), ``scr_paused`` and
    ``scr_spot`` (the spotlight's turn counter, see :func:`next_spot`). A button or key
    (``step``) turns at once and restarts the interval; the clock turns when due.
    ``now`` defaults to the wall clock (``time.time()``).
    """
    now = time.time() if now is None else now
    count = len(opts.scenes)
    index = int(state.get("scr_scene", 0)) % count
    since = float(state.setdefault("scr_scene_at", now))
    if step is None:
        paused = bool(state.get("scr_paused"))
        new, at = advance(index, count, since=since, now=now, interval=opts.interval, paused=paused)
    else:
        new, at = step_scene(index, count, step), now
    turned = step is not None or at != since
    state["scr_spot"] = next_spot(
        int(state.get("scr_spot", 0)), left=opts.scenes[index], turned=turned
    )
    state["scr_scene"], state["scr_scene_at"] = new, at


def toggle_pause(state: MutableMapping[Any, Any], *, now: float | None = None) -> None:
    """Pause or resume the rotation; resuming gives the scene a full interval."""
    state["scr_paused"] = not state.get("scr_paused", False)
    state["scr_scene_at"] = time.time() if now is None else now


@dataclass(frozen=True)
class ZoneRow:
    """One park/belt (or the district) on the screen."""

    zone: str
    carriers: int
    area_m2: float
    occupancy: float | None
    carriers_used: int
    available_m2: float | None
    tenants: int
    theme_share: float | None


@dataclass(frozen=True)
class StageRow:
    """One stage of the growth chain (district-wide)."""

    stage: str
    carriers: int
    tenants: int
    occupancy: float | None


@dataclass(frozen=True)
class PipelineRow:
    """Conversion projects in one status."""

    status: str
    projects: int
    floor_area_m2: float


@dataclass(frozen=True)
class ScreenFigures:
    """Everything the big screen shows, as plain values (cache- and session-safe)."""

    month: date | None
    carriers: int
    area_m2: float
    occupancy: float | None
    occupancy_change: float | None
    carriers_used: int
    carriers_total: int
    available_m2: float | None
    tenants: int
    year: int | None
    graduations_year: int
    delivered_m2: float
    delivered_projects: int
    ranking: tuple[ZoneRow, ...]  # parks/belts by occupancy, highest first
    district: ZoneRow | None
    trend: tuple[tuple[str, float | None], ...]  # ("2026-07", rate) oldest first
    stages: tuple[StageRow, ...]
    graduation_pairs: tuple[tuple[str, str, int], ...]  # (from, to, count) in `year`
    recent_graduations: tuple[tuple[str, str, str, str, str], ...]  # zh, en, from, to, date
    pipeline: tuple[PipelineRow, ...]
    # zh, en, status, m², days late (0: on plan)
    projects: tuple[tuple[str, str, str, float, int], ...] = field(default=())
    late_projects: int = 0  # late in all (``projects`` lists at most RECENT_ITEMS)
    spotlights: tuple[Spotlight, ...] = field(default=())  # the spotlight rotation
    sample: bool = False  # generated sample data: the screen says so

    @property
    def coverage(self) -> float | None:
        """Carriers in the rate out of live carriers."""
        return self.carriers_used / self.carriers_total if self.carriers_total else None


def _num(value: object) -> float | None:
    """A float, or None for None/NaN (pandas 3 turns missing values into NaN)."""
    if value is None:
        return None
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(out) else out


def _zone_row(row: Mapping[str, object]) -> ZoneRow:
    return ZoneRow(
        zone=str(row["zone"]),
        carriers=int(row.get("carriers") or 0),  # type: ignore[call-overload]
        area_m2=_num(row.get("area_m2")) or 0.0,
        occupancy=_num(row.get("occupancy")),
        carriers_used=int(row.get("carriers_used") or 0),  # type: ignore[call-overload]
        available_m2=_num(row.get("available_m2")),
        tenants=int(row.get("tenants") or 0),  # type: ignore[call-overload]
        theme_share=_num(row.get("theme_share")),
    )


def _trend(trend: pd.DataFrame) -> tuple[tuple[str, float | None], ...]:
    if trend.empty:
        return ()
    last = trend.tail(TREND_MONTHS)
    return tuple(
        (pd.Timestamp(m).strftime("%Y-%m"), _num(r))
        for m, r in zip(last["month"], last["rate"], strict=True)
    )


def _pipeline(conversions: pd.DataFrame) -> tuple[PipelineRow, ...]:
    rows = []
    for status in PIPELINE:
        here = conversions[conversions["status"] == status] if not conversions.empty else None
        rows.append(
            PipelineRow(
                status=status,
                projects=0 if here is None else len(here),
                floor_area_m2=0.0 if here is None else float(here["floor_area_m2"].fillna(0).sum()),
            )
        )
    return tuple(rows)


def _projects(
    conversions: pd.DataFrame, month: date | None
) -> tuple[tuple[tuple[str, str, str, float, int], ...], int]:
    """Late projects first, most days late first; then the rest, furthest along first.

    A leader at the wall wants the projects behind plan (user QA: the list showed six
    operating projects and none of the eight late ones). "Late" and its days are the
    tracker's and the home page's one definition (:func:`conversion_tracker.overdue`).
    The last item is the days late (0: not late). Also returns how many are late in
    all, so the wall can say how many more than it lists (user QA: it listed six of
    eight and said nothing).
    """
    if conversions.empty:
        return (), 0
    rank = {s: i for i, s in enumerate(reversed(PIPELINE))}
    live = conversions[conversions["status"].isin(PIPELINE)].assign(
        _r=lambda d: d["status"].map(rank), _late=0
    )
    if month is not None and not live.empty:
        # A frame without plan dates (no plan recorded anywhere) has nothing late.
        dated = live.reindex(columns=[*live.columns.difference(PLAN_DATES), *PLAN_DATES])
        judged = ct.lateness(dated, as_of=month)
        live = live.assign(_late=judged["delay_days"].where(ct.overdue(judged), 0).astype(int))
    live = live.assign(_on_time=live["_late"] == 0).sort_values(
        ["_on_time", "_late", "_r", "floor_area_m2"], ascending=[True, False, True, False]
    )
    listed = tuple(
        (
            str(r["name_zh"]),
            str(r.get("name_en") or r["name_zh"]),
            str(r["status"]),
            _num(r["floor_area_m2"]) or 0.0,
            int(r["_late"]),
        )
        for _, r in live.head(RECENT_ITEMS).iterrows()
    )
    return listed, int((live["_late"] > 0).sum())


def _stages(table: pd.DataFrame) -> tuple[StageRow, ...]:
    district = table[table["zone"] == occ.DISTRICT] if not table.empty else table
    return tuple(
        StageRow(
            stage=str(r["stage"]),
            carriers=int(r["carriers"]),
            tenants=int(r["tenants"]),
            occupancy=_num(r["occupancy"]),
        )
        for _, r in district.iterrows()
    )


def assemble(
    *,
    kpis: Mapping[str, object],
    trend: pd.DataFrame,
    comparison: zones_compare.Comparison,
    chain_view: chain.ChainView,
    conversions: pd.DataFrame,
) -> ScreenFigures:
    """Put the query results together into what the screen shows (pure).

    Graduations count the events of the as-of month's calendar year; "m² delivered" is
    the floor area of conversion projects now operating.
    """
    figure = kpis.get("occupancy")
    if not isinstance(figure, occ.OccupancyFigure):
        figure = None
    month = kpis.get("month")
    month = month if isinstance(month, date) else None
    year = month.year if month is not None else None
    events = chain_view.events
    in_year = events[events["year"] == year] if year is not None and not events.empty else None
    pairs: tuple[tuple[str, str, int], ...] = ()
    recent: tuple[tuple[str, str, str, str, str], ...] = ()
    if in_year is not None and not in_year.empty:
        counts = chain.graduation_counts(in_year)
        pairs = tuple(
            (str(r["from_stage"]), str(r["to_stage"]), int(r["count"]))
            for _, r in counts.iterrows()
        )
        newest = in_year.sort_values("on", ascending=False).head(RECENT_ITEMS)
        recent = tuple(
            (
                str(r["tenant_name"]),
                str(r["tenant_name_en"] or r["tenant_name"])
                if not pd.isna(r["tenant_name_en"])
                else str(r["tenant_name"]),
                str(r["from_stage"]),
                str(r["to_stage"]),
                str(r["on"]),
            )
            for _, r in newest.iterrows()
        )
    zones = [_zone_row(r) for r in comparison.zones.to_dict("records")]
    belts = [z for z in zones if z.zone != occ.DISTRICT]
    district = next((z for z in zones if z.zone == occ.DISTRICT), None)
    # Zones without a rate go last; ties keep the park-then-belts order.
    ranking = sorted(belts, key=lambda z: (z.occupancy is None, -(z.occupancy or 0.0)))
    pipeline = _pipeline(conversions)
    delivered = next(p for p in pipeline if p.status == DELIVERED)
    listed, late = _projects(conversions, month)
    return ScreenFigures(
        month=month,
        carriers=int(kpis.get("carriers") or 0),  # type: ignore[call-overload]
        area_m2=_num(kpis.get("total_area_m2")) or 0.0,
        occupancy=figure.rate if figure else None,
        occupancy_change=queries.occupancy_change(trend),
        carriers_used=figure.carriers_used if figure else 0,
        carriers_total=figure.carriers_total if figure else 0,
        available_m2=figure.available_m2 if figure else None,
        tenants=int(kpis.get("tenants") or 0),  # type: ignore[call-overload]
        year=year,
        graduations_year=0 if in_year is None else len(in_year),
        delivered_m2=delivered.floor_area_m2,
        delivered_projects=delivered.projects,
        ranking=tuple(ranking),
        district=district,
        trend=_trend(trend),
        stages=_stages(chain_view.table),
        graduation_pairs=pairs,
        recent_graduations=recent,
        pipeline=pipeline,
        projects=listed,
        late_projects=late,
    )


def load_figures(session: Session, *, spotlight_ids: tuple[int, ...] = ()) -> ScreenFigures:
    """Run the queries (as of the newest reported month) and assemble the screen.

    ``spotlight_ids`` pins the carriers of the spotlight scene (empty: automatic).
    """
    data = chain.load(session)
    chain_view = chain.chain_view(data)
    figures = assemble(
        kpis=queries.kpis(session),
        trend=queries.occupancy_trend(session),
        comparison=zones_compare.compare(data),  # one load for chain and comparison
        chain_view=chain_view,
        conversions=queries.conversions_frame(session),
    )
    spots = spotlights(
        queries.carriers_frame(session, as_of=data.month),
        data.tenancies,
        chain_view.events,
        month=figures.month,
        pinned=spotlight_ids,
    )
    return replace(figures, spotlights=spots, sample=has_sample_data(session))
