"""The one Streamlit helper module: page setup, shared sidebar, language, login, caches.

geo/ and models/ never import Streamlit; pages call this module for everything that
needs session state or caching. Cached reads are keyed by the database's data version, so
a save in any app process shows in every process on its next rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from geo.assets import ensure_static_assets
from geo.escape import escape_markdown
from models import queries
from models.common import default_end_month
from models.db import get_engine, migrate, session_scope
from models.enums import Role
from models.errors import ServiceError
from models.facts import carrier_facts, report_caption
from models.i18n import DEFAULT_LANG, t
from models.occupancy_rate import FRESH_MONTHS, OccupancyFigure, oldest_usable_month
from models.seed import ensure_started, has_sample_data
from models.services.core import Actor
from models.services.users import actor_for_username, authenticate
from models.settings import PROJECT_ROOT, get_settings

R = TypeVar("R")


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """Engine for the configured database: migrated and bootstrapped once per process."""
    settings = get_settings()
    ensure_static_assets(PROJECT_ROOT / "static")
    migrate(settings.database_url)
    eng = get_engine(settings.database_url)
    with session_scope(eng) as session:
        ensure_started(session, seed_sample=settings.seed_sample)
    return eng


def lang() -> str:
    """Current UI language ("zh" default, or "en")."""
    return str(st.session_state.get("lang", DEFAULT_LANG))


def tr(key: str, **params: Any) -> str:
    """Translate into the current language."""
    return t(key, lang(), **params)


def data_version() -> int:
    """Cheap read of the write counter: the key of every cached figure."""
    with session_scope(engine()) as session:
        return queries.data_version(session)


@st.cache_data(show_spinner=False, max_entries=64)
def _cached(name: str, version: int, kwargs_key: tuple[tuple[str, Any], ...]) -> Any:
    func: Callable[..., Any] = getattr(queries, name)
    with session_scope(engine()) as session:
        return func(session, **dict(kwargs_key))


def cached_query(name: str, **kwargs: Any) -> Any:
    """Run ``models.queries.<name>`` through a cache keyed by the data version."""
    return _cached(name, data_version(), tuple(sorted(kwargs.items())))


def setup_page(title_key: str, *, wide: bool = True) -> None:
    """Page config, sidebar (language, login) and the sample-data badge."""
    st.set_page_config(
        page_title=f"{tr(title_key)} · {tr('app_title')}",
        page_icon="🗺️",
        layout="wide" if wide else "centered",
    )
    engine()
    _sidebar()
    flash()
    if _has_sample():
        st.badge(tr("sample_badge"), icon=":material/science:", color="orange")


def _has_sample() -> bool:
    return bool(_cached_sample(data_version()))


@st.cache_data(show_spinner=False)
def _cached_sample(version: int) -> bool:
    # No leading underscore: st.cache_data skips hashing such parameters.
    del version
    with session_scope(engine()) as session:
        return has_sample_data(session)


# (page file, catalogue key, who sees it: None = everyone, "editor", "admin")
NAV = [
    ("app.py", "home", None),
    ("pages/1_地图_Map.py", "map", None),
    ("pages/5_改造_Conversions.py", "conversions_page", None),
    ("pages/2_填报_Occupancy.py", "occupancy_page", "editor"),
    ("pages/3_载体_Carriers.py", "carriers_page", "editor"),
    ("pages/4_企业_Tenants.py", "tenants_page", "editor"),
    ("pages/8_入驻_Tenancies.py", "tenancies_page", "editor"),
    ("pages/9_改造登记_ProjectRegister.py", "project_register", "editor"),
    ("pages/6_审计_Audit.py", "audit_page", "editor"),
    ("pages/7_用户_Users.py", "users_page", "admin"),
]


def _navigation(actor: Actor | None) -> None:
    """Page links in the current language; leadership sees no editing pages."""
    editor = actor is not None and actor.role != Role.VIEWER
    for path, key, audience in NAV:
        if audience is None or (audience == "editor" and editor) or (actor and actor.is_admin):
            st.page_link(path, label=tr(key))
    st.divider()


def _sidebar() -> None:
    with st.sidebar:
        _navigation(current_actor())
        st.segmented_control(
            tr("language"),
            options=["zh", "en"],
            format_func=lambda v: "中文" if v == "zh" else "English",
            key="lang",
            default=DEFAULT_LANG,
        )
        actor = current_actor() or _sso_actor()
        if actor is None:
            with st.expander(tr("login"), expanded=False):
                login_form()
                if _sso_configured() and st.button(tr("sso_login"), key="sso_login"):
                    st.login()
        else:
            st.caption(
                escape_markdown(tr("logged_in_as", user=actor.username, role=tr(actor.role)))
            )
            if st.button(tr("logout"), key="logout"):
                st.session_state.pop("auth", None)
                if _sso_configured() and st.user.is_logged_in:
                    st.logout()
                st.rerun()


def _sso_configured() -> bool:
    """True when the deployment configured OIDC ([auth] in .streamlit/secrets.toml)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all means no SSO
        return False


def _sso_actor() -> Actor | None:
    """Map a single-sign-on identity to a registered user (by username or e-mail)."""
    if not _sso_configured() or not st.user.is_logged_in:
        return None
    ident = str(st.user.get("preferred_username") or st.user.get("email") or "")
    with session_scope(engine()) as session:
        actor = actor_for_username(session, username=ident)
    if actor is None:
        st.sidebar.warning(escape_markdown(tr("sso_unknown", user=ident)))
        return None
    expires = datetime.now(UTC) + timedelta(minutes=get_settings().session_minutes)
    st.session_state["auth"] = {"actor": actor, "expires": expires}
    return actor


def login_form() -> None:
    """Username/password form; success stores the actor with an expiry time."""
    with st.form("login_form", clear_on_submit=False):
        username = st.text_input(tr("username"), key="login_user")
        password = st.text_input(tr("password"), type="password", key="login_password")
        submitted = st.form_submit_button(tr("login"))
    if not submitted:
        return
    now = datetime.now(UTC)
    try:
        with session_scope(engine()) as session:
            actor = authenticate(session, username=username, password=password, now=now)
    except ServiceError as exc:
        show_error(exc)
        return
    minutes = get_settings().session_minutes
    st.session_state["auth"] = {"actor": actor, "expires": now + timedelta(minutes=minutes)}
    st.rerun()


def current_actor() -> Actor | None:
    """The logged-in actor, or None (anonymous or session expired)."""
    auth = st.session_state.get("auth")
    if not auth:
        return None
    if auth["expires"] < datetime.now(UTC):
        st.session_state.pop("auth", None)
        return None
    return auth["actor"]  # type: ignore[no-any-return]


def require_editor() -> Actor | None:
    """Stop the page with a hint unless a manager or admin is logged in."""
    actor = current_actor()
    if actor is None or actor.role == Role.VIEWER:
        st.info(tr("login_required"))
        return None
    return actor


def require_viewer_access() -> None:
    """Stop when the deployment forbids anonymous browsing and nobody is logged in."""
    if not get_settings().allow_anonymous_view and current_actor() is None:
        st.info(tr("login_required"))
        st.stop()


def show_error(exc: ServiceError) -> None:
    """Render a service error's messages (which may quote user input) literally."""
    st.error("\n\n".join(escape_markdown(m) for m in exc.messages(lang())))


def enum_select(where: Any, label: str, enum: type[StrEnum], current: str) -> str:
    """A selectbox over an enum's values, labelled in the current language."""
    values = [e.value for e in enum]
    return str(where.selectbox(tr(label), values, values.index(current), format_func=tr))


def fmt_pct(value: float | None) -> str:
    """Percent with one decimal, or an em dash."""
    return "—" if value is None or pd.isna(value) else f"{value * 100:.1f}%"


def occupancy_help() -> str:
    """The occupancy definition, for the help icon of every rate."""
    return tr("occ_definition", back=FRESH_MONTHS - 1, months=FRESH_MONTHS)


def fmt_coverage(used: int, total: int) -> str:
    """'覆盖 112/120': carriers in the rate out of live carriers."""
    return tr("coverage_short", used=int(used), total=int(total))


def fmt_rate(figure: OccupancyFigure | None) -> str:
    """'83.5% · 覆盖 112/120' (a rate is never shown without its coverage)."""
    if figure is None:
        return fmt_pct(None)
    return f"{fmt_pct(figure.rate)} · {fmt_coverage(figure.carriers_used, figure.carriers_total)}"


def not_reported_expander(figure: OccupancyFigure) -> None:
    """List the carriers with no report for the figure's month, and whether they count."""
    month = figure.month.strftime("%Y-%m")
    ids = list(figure.not_reported_ids)
    if not ids:
        st.caption(tr("not_reported_none", month=month))
        return
    carriers = cached_query("carriers_frame")
    rows = carriers[carriers["id"].isin(ids)]
    en = lang() == "en"
    show = pd.DataFrame(
        {
            "name": [label_name(r) for _, r in rows.iterrows()],
            "newest": [
                m.strftime("%Y-%m") if isinstance(m, date) else "—" for m in rows["report_month"]
            ],
            "used": [tr("yes") if u else tr("no") for u in rows["used"]],
        }
    )
    with st.expander(tr("not_reported_title", month=month, n=len(ids)), expanded=False):
        oldest = oldest_usable_month(figure.month).strftime("%Y-%m")
        st.caption(tr("not_reported_note", oldest=oldest))
        st.dataframe(
            show,
            hide_index=True,
            width="stretch",
            key=f"not_reported_{'en' if en else 'zh'}",
            column_config={
                "name": tr("carrier_name"),
                "newest": tr("newest_report"),
                "used": tr("in_rate"),
            },
        )


def map_labels() -> dict[str, str]:
    """Legend/layer labels for geo/ from the i18n catalogue, in the current language."""
    keys = [
        "legend_title",
        "public_space",
        "nursery",
        "incubator",
        "accelerator",
        "district",
        "shibei",
        "belt_njw",
        "belt_szr",
        "belt_mrr",
        "occupancy",
        "no_data",
        "converted_from",
        "converted_carrier",
        "occupancy_scale",
    ]
    keys += [
        f"{z}_{kind}"
        for z in ("shibei", "belt_njw", "belt_szr", "belt_mrr")
        for kind in ("map", "short")
    ]
    labels = {k: tr(k) for k in keys}
    labels |= {
        "conversion": tr("layer_conversions"),
        "carriers": tr("layer_carriers"),
        "context": tr("layer_context"),
        "fullscreen": tr("fullscreen"),
    }
    return labels


def save(fn: Callable[..., R], /, **kwargs: Any) -> R | None:
    """Run one service-layer write in its own transaction; show errors, flash success.

    Returns the service's result, or None when it refused (nothing was written then).
    """
    try:
        with session_scope(engine()) as session:
            result = fn(session, **kwargs)
    except ServiceError as exc:
        show_error(exc)
        return None
    st.session_state["_flash"] = tr("saved")
    return result


def save_and_rerun(fn: Callable[..., R], /, **kwargs: Any) -> None:
    """A write that, when it succeeds, reruns the page so every figure is fresh."""
    if save(fn, **kwargs) is not None:
        st.rerun()


def save_versioned(
    fn: Callable[..., R], /, *, kind: str, obj_id: int, current_version: int, **kwargs: Any
) -> None:
    """Save an edit against the version the record had when this user opened it.

    A save by someone else in between makes the service refuse with a conflict; after
    a successful save the pin is dropped and the page reruns on fresh data.
    """
    version = pinned_version(kind, obj_id, current_version)
    if save(fn, expected_version=version, **kwargs) is not None:
        unpin(kind, obj_id)
        st.rerun()


def flash() -> None:
    """Show (once) the success message left by the last save before its rerun."""
    if message := st.session_state.pop("_flash", None):
        st.toast(message, icon=":material/check_circle:")
        st.success(message)


def pinned_version(kind: str, obj_id: int, current: int) -> int:
    """The version a record had when this user opened it for editing.

    Pages re-read data on every rerun; without pinning, a form submitted after someone
    else's save would carry the new version and silently overwrite their change.
    """
    pins: dict[tuple[str, int], int] = st.session_state.setdefault("_pins", {})
    return pins.setdefault((kind, obj_id), current)


def unpin(kind: str, obj_id: int) -> None:
    """Forget a pinned version (after a successful save or an explicit reload)."""
    st.session_state.setdefault("_pins", {}).pop((kind, obj_id), None)


def label_name(row: Any) -> str:
    """Bilingual display name of a record with name_zh/name_en (or name/name_en)."""
    zh = row.get("name_zh") if hasattr(row, "get") else None
    zh = zh if zh is not None else row.get("name", "")
    en = row.get("name_en") or ""
    return f"{en} · {zh}" if lang() == "en" and en else (f"{zh} · {en}" if en else str(zh))


def zone_table(*, with_area: bool = True, carriers: pd.DataFrame | None = None) -> None:
    """Park and belts compared, plus the district total: carriers, area and occupancy.

    ``carriers`` narrows the table to a subset of carriers_frame (e.g. the map's filter).
    """
    frame = cached_query("carriers_frame") if carriers is None else carriers
    zones = queries.zone_summary(frame)
    zones = zones.assign(
        zone=zones["zone"].map(lambda z: tr("district_total") if z == "district" else tr(z)),
        area_m2=zones["area_m2"] / 10_000,
        occupancy=zones["occupancy"].map(fmt_pct),
        coverage=[
            f"{u}/{n}" for u, n in zip(zones["carriers_used"], zones["carriers"], strict=True)
        ],
    )[["zone", "carriers", "area_m2", "occupancy", "coverage"]]
    st.dataframe(
        zones,
        hide_index=True,
        width="stretch",
        key="zone_table",
        column_config={
            "zone": tr("f_zones"),
            "carriers": tr("kpi_carriers"),
            "area_m2": st.column_config.NumberColumn(tr("kpi_total_area"), format="%.1f")
            if with_area
            else None,
            "occupancy": st.column_config.TextColumn(
                tr("kpi_avg_occupancy"), help=occupancy_help()
            ),
            "coverage": st.column_config.TextColumn(tr("f_coverage"), help=occupancy_help()),
        },
    )
    st.caption(tr("zone_overlap_note"))


def carrier_details(carrier_id: int) -> None:
    """The side panel for one carrier: facts, 36-month trend, current tenants."""
    df = cached_query("carriers_frame")
    rows = df[df["id"] == carrier_id]
    if rows.empty:
        st.info(tr("click_hint"))
        return
    c = rows.iloc[0]
    en = lang() == "en"
    # Names are user input: escaped so markdown can't turn them into links or images.
    st.subheader(escape_markdown(c["name_en"] if en and c["name_en"] else c["name_zh"]))
    st.caption(escape_markdown(c["name_zh"] if en else c["name_en"]))
    facts = carrier_facts(c, lang())
    st.table(pd.DataFrame({tr("details"): facts}).astype(str))
    st.metric(tr("occupancy_now"), fmt_pct(c["occupancy_rate"]), help=occupancy_help())
    if not bool(c.get("used", True)) and bool(c.get("counted", True)):
        st.caption(tr("report_too_old", months=FRESH_MONTHS))
    now = datetime.now(UTC)
    st.caption(
        escape_markdown(report_caption(c, expected=default_end_month(), now=now, lang=lang()))
    )
    trend = cached_query("occupancy_trend", carrier_id=carrier_id)
    if not trend.empty:
        st.caption(tr("trend_36"))
        st.line_chart(trend.assign(pct=trend["rate"] * 100).set_index("month")[["pct"]], height=180)
    tenants = cached_query("current_tenants", carrier_id=carrier_id)
    st.caption(f"{tr('current_tenants')} ({len(tenants)})")
    if not tenants.empty:
        show = tenants[["name_en" if en else "name", "industry", "area_m2", "start_on"]].copy()
        show["industry"] = show["industry"].map(tr)
        st.dataframe(
            show,
            hide_index=True,
            height=220,
            column_config={
                "name": tr("tenant"),
                "name_en": tr("tenant"),
                "industry": tr("f_industry"),
                "area_m2": st.column_config.NumberColumn(tr("f_area_m2"), format="%.0f"),
                "start_on": tr("start_on"),
            },
        )
