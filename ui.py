"""The one Streamlit helper module: page setup, shared sidebar, language, login, caches.

geo/ and models/ never import Streamlit; pages call this module for everything that
needs session state or caching. Cached reads are keyed by the database's data version, so
a save in any app process shows in every process on its next rerun.

Two things must survive a reload, which starts a new Streamlit session:

- the language lives in the URL (``?lang=en``): the sidebar control writes it, page links
  carry it, and a changed URL (a link, a reload) wins over the session's memory;
- a login lives in a signed, expiring cookie (``models.services.users``), read through
  ``st.context.cookies`` and written by a tiny script (``st.html`` with JavaScript, which
  runs in the page itself). The token never goes into the URL. The cookie is
  ``SameSite=Strict; Path=/`` with ``Max-Age`` = the session lifetime, and ``Secure`` over
  HTTPS; a script cannot set ``HttpOnly``, which is why the server also keeps the session
  (revoked on logout) and every user string is escaped.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import Any, Literal, TypeVar

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from streamlit.logger import get_logger
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException
from streamlit.runtime.uploaded_file_manager import UploadedFile

from geo.assets import ensure_static_assets
from geo.compact_map import compact_map_chart
from geo.escape import escape_markdown
from geo.export_layers import layer_geojson_bytes
from models import overview, queries
from models.chain_format import fmt_month, month_options
from models.common import default_end_month, shanghai_today
from models.conversion_charts import fmt_day
from models.csv_safe import csv_bytes
from models.db import get_engine, migrate, run_write, session_scope
from models.display import EMPTY, field_label
from models.display import username_label as _username_label
from models.enums import ConversionStatus, OriginalUse, Role
from models.errors import Conflict, ServiceError
from models.facts import carrier_facts, report_caption
from models.faults import database_full, database_unavailable, reference_id
from models.html_table import html_table
from models.i18n import DEFAULT_LANG, LANGS, t
from models.i18n import join_list as _join_list
from models.occupancy_rate import FRESH_MONTHS, ZONE_CODES, OccupancyFigure, oldest_usable_month
from models.overview import OverviewData, OverviewView
from models.report_workbook import report_bytes
from models.seed import ensure_started, has_sample_data
from models.services.accounts import recheck_actor
from models.services.core import Actor
from models.services.users import (
    COOKIE_NAME,
    actor_for_username,
    authenticate,
    end_login_session,
    resume_login_session,
    start_login_session,
)
from models.settings import PROJECT_ROOT, get_settings
from models.xlsx_safe import XLSX_MIME, xlsx_bytes

R = TypeVar("R")
# A ``column_config`` for st.dataframe, also handed to download_table (same headers).
Columns = dict[str, Any]

# Tracebacks go here (the server's console), never to the browser.
_log = get_logger("jingan")
DB_RETRY_SECONDS = 10  # while the database is down, the page checks this often


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """Engine for the configured database: migrated and bootstrapped once per process.

    A failure (database down or locked) raises and is not cached, so the next run
    tries again and the page recovers by itself when the database comes back.
    """
    settings = get_settings()
    ensure_static_assets(PROJECT_ROOT / "static")
    migrate(settings.database_url)
    eng = get_engine(settings.database_url)
    with session_scope(eng) as session:
        ensure_started(session, seed_sample=settings.seed_sample)
    return eng


def lang() -> str:
    """Current UI language ("zh" default, or "en")."""
    value = st.session_state.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def lang_params() -> dict[str, str]:
    """The URL query parameter that keeps the language (none for the default)."""
    return {} if lang() == DEFAULT_LANG else {"lang": lang()}


def _sync_language() -> None:
    """Take the language from the URL when the URL changed, and mirror it back.

    A reload, a shared link or a page link brings ``?lang=``; a changed URL wins over
    the session. Otherwise the session's choice (the sidebar control) is written into
    the URL, so the next reload keeps it.
    """
    url = st.query_params.get("lang")
    if url in LANGS and url != st.session_state.get("_lang_url"):
        st.session_state["lang"] = url
    if url != lang() and (url is not None or lang() != DEFAULT_LANG):
        st.query_params["lang"] = lang()
    st.session_state["_lang_url"] = st.query_params.get("lang")


def _language_chosen() -> None:
    # The control has its own key: widget state is dropped on page changes, the
    # plain "lang" key and the URL are not.
    choice = st.session_state.get("lang_choice")
    if choice in LANGS:
        st.session_state["lang"] = choice
        st.query_params["lang"] = choice
        st.session_state["_lang_url"] = choice


def tr(key: str, **params: Any) -> str:
    """Translate into the current language."""
    return t(key, lang(), **params)


def data_version() -> int:
    """Cheap read of the write counter: the key of every cached figure."""
    return queries.read_data_version(engine())


@st.cache_data(show_spinner=False, max_entries=64)
def _cached(
    name: str, version: int, finished: date, kwargs_key: tuple[tuple[str, Any], ...]
) -> Any:
    del finished  # in the key: the newest finished month moves on the 1st, with no write
    func: Callable[..., Any] = getattr(queries, name)
    with session_scope(engine()) as session:
        return func(session, **dict(kwargs_key))


def join_list(items: Iterable[str]) -> str:
    """A list in running text, in the page's language ("甲、乙" / "A, B")."""
    return _join_list(items, lang())


def cached_query(name: str, **kwargs: Any) -> Any:
    """Run ``models.queries.<name>`` through a cache keyed by the data version."""
    return _cached(name, data_version(), default_end_month(), tuple(sorted(kwargs.items())))


@st.cache_resource(show_spinner=False, max_entries=2)
def _overview_rows(version: int) -> OverviewData:
    # Every row the overview needs, loaded and prepared once per data version: a new
    # month on the slider then computes from memory instead of reading ~all reports.
    # One shared object, not a copy per call (cache_data unpickled all 129,000 reports
    # at x10 on every new month, and dropped the per-month memos the figures keep on
    # it); models.overview never changes the rows it is given (tested).
    del version
    with session_scope(engine()) as session:
        return overview.prepare(queries.overview_data(session))


@st.cache_data(show_spinner=False, max_entries=64)
def _overview_view(version: int, month: date) -> OverviewView:
    return overview.overview_view(_overview_rows(version), as_of=month)


@st.cache_data(show_spinner=False, max_entries=2)
def _overview_trend(version: int) -> pd.DataFrame:
    return overview.trend_from_data(_overview_rows(version), fallback=default_end_month())


def overview_view(month: date) -> OverviewView:
    """The home page's figures as of ``month`` (cached per data version and month)."""
    return _overview_view(data_version(), month)


def overview_trend() -> pd.DataFrame:
    """The home page's trend frame up to the newest month (cached per data version)."""
    return _overview_trend(data_version())


def setup_page(title_key: str, *, wide: bool = True) -> None:
    """Page config, sidebar (language, login) and the sample-data badge."""
    _sync_language()
    st.set_page_config(
        page_title=f"{tr(title_key)} · {tr('app_title')}",
        page_icon="🗺️",
        layout="wide" if wide else "centered",
    )
    # Streamlit's own "Press Enter to apply" under a text field cannot be translated;
    # hide that hint (the first span), keep the character counter beside it.
    # An st.html holding only a script (the login cookie, the phone sidebar's page
    # links) is an empty element that still takes a gap in the column: hide it.
    # A metric's change and its "较上月" share one line and the description was cut to
    # "较." in six columns at 1366 px: it moves to its own line when it does not fit.
    # A long metric label wraps instead of ending in "…" (policy page, user QA).
    st.html(
        "<style>[data-testid='InputInstructions'] > span:first-child{display:none}"
        "[data-testid='stElementContainer']:has(> [data-testid='stHtml'] > script:only-child)"
        "{display:none}[class*='st-key-cookie_write_']{display:none}"
        "div:has(> [data-testid='stMetricDelta']){flex-wrap:wrap;row-gap:0.125rem}"
        "[data-testid='stMetricDeltaDescription']{flex-shrink:0;max-width: 100%}"
        "[data-testid='stMetricLabel'] p{white-space:normal !important;"
        "overflow-wrap:anywhere}"
        # On a phone, tabs wrap onto a second row instead of hiding off-screen (user QA:
        # the home page's late projects needed a sideways swipe); the sliding underline
        # cannot follow a wrapped row, so the chosen tab is underlined itself.
        "@media (max-width: 640px){[data-testid='stTabs'] [role='tablist']"
        "{flex-wrap:wrap;row-gap:4px;overflow-x:visible}}</style>"
    )
    _sidebar()  # before the database: the language switch works during an outage
    engine()
    version = data_version()
    use_stored_zones(version)
    flash()
    if _cached_sample(version):
        st.badge(tr("sample_badge"), icon=":material/science:", color="orange")


def setup_bare_page(title_key: str) -> None:
    """Page config for a chrome-free page (the big screen): language from the URL, no sidebar.

    Unlike :func:`setup_page` it draws no sidebar and does not touch the database, so
    the page itself decides what an outage looks like.
    """
    _sync_language()
    st.set_page_config(
        page_title=f"{tr(title_key)} · {tr('app_title')}",
        page_icon="🗺️",
        layout="wide",
        initial_sidebar_state="collapsed",
    )


@st.cache_data(show_spinner=False, max_entries=4)
def _stored_zones(version: int) -> tuple[Any, Any]:
    """The stored zones and their label points, read once per data version."""
    from geo.zones import label_points_of  # geo builds zones lazily

    del version  # the cache key only
    with session_scope(engine()) as session:
        frame = queries.zones_geoframe(session)
    return frame, (label_points_of(frame) if frame is not None else None)


def use_stored_zones(version: int | None = None) -> None:
    """Every map of this run draws the zones stored in the database (imported outlines).

    Without it the maps would draw the shipped reference outlines, and an outline GIS
    staff imported would change the figures but not the picture.
    """
    from geo.zones import use_zones

    frame, points = _stored_zones(data_version() if version is None else version)
    use_zones(frame, points)


@st.cache_data(show_spinner=False)
def _cached_sample(version: int) -> bool:
    # No leading underscore: st.cache_data skips hashing such parameters.
    del version
    with session_scope(engine()) as session:
        return has_sample_data(session)


# (page file, catalogue key, who sees it: None = everyone, "editor", "admin")
NAV = [
    ("app.py", "home", None),
    ("pages/1_map.py", "map", None),
    ("pages/5_conversions.py", "conversions_page", None),
    ("pages/12_chain.py", "chain_page", None),
    ("pages/13_compare.py", "compare_page", None),
    ("pages/screen.py", "screen_page", None),
    ("pages/10_policy.py", "policy_page", None),
    ("pages/2_occupancy.py", "occupancy_page", "editor"),
    ("pages/3_carriers.py", "carriers_page", "editor"),
    ("pages/4_tenants.py", "tenants_page", "editor"),
    ("pages/8_tenancies.py", "tenancies_page", "editor"),
    ("pages/9_project_register.py", "project_register", "editor"),
    ("pages/11_grants.py", "grants_page", "editor"),
    ("pages/14_import.py", "import_page", "editor"),
    ("pages/6_audit.py", "audit_page", "editor"),
    ("pages/7_users.py", "users_page", "admin"),
    ("pages/15_backup.py", "backup_page", "admin"),
    ("pages/14_screen_settings.py", "screen_settings_page", "admin"),
]
# Pages with a month slider (month_picker): their links carry the chosen month.
MONTH_PAGES = {
    "app.py",
    "pages/1_map.py",
    "pages/5_conversions.py",
    "pages/12_chain.py",
    "pages/13_compare.py",
}


def _navigation(actor: Actor | None) -> None:
    """Page links in the current language; leadership sees no editing pages."""
    editor = actor is not None and actor.role != Role.VIEWER
    month = st.session_state.get(SHARED_MONTH)
    for path, key, audience in NAV:
        if audience is None or (audience == "editor" and editor) or (actor and actor.is_admin):
            params = lang_params() | ({"month": month} if month and path in MONTH_PAGES else {})
            st.page_link(path, label=tr(key), query_params=params or None)
    st.divider()


# On a phone Streamlit draws the sidebar over the page. Its own page menu closes it
# after a choice; st.page_link does not, nor does a login, so the chosen page stayed
# hidden under the sidebar. This closes it after either, below Streamlit's "md"
# breakpoint (768 px) only, where the sidebar covers the page.
_NARROW = "window.innerWidth < 768"
# It tries again for a few seconds until the sidebar reports itself collapsed: a single
# click, sent before Streamlit's sidebar was ready for it, was sometimes lost (CI).
_CLOSE_SIDEBAR_JS = (
    "(() => { let n = 0; const close = () => {"
    " const s = document.querySelector(\"[data-testid='stSidebar']\");"
    f" if (!({_NARROW}) || !s || s.getAttribute('data-collapsed') === 'true' || ++n > 20)"
    " return;"
    " const b = s.querySelector(\"[data-testid='stSidebarCollapseButton'] button\");"
    " if (b) b.click(); setTimeout(close, 250); }; close(); })();"
)
_SIDEBAR_LINKS_JS = f"""<script>
if (!window.__closeSidebarOnNav) {{
  window.__closeSidebarOnNav = true;
  document.addEventListener("click", (e) => {{
    const sel = "[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']";
    if (e.target instanceof Element && e.target.closest(sel)) {{
      setTimeout(() => {{ {_CLOSE_SIDEBAR_JS} }}, 0);
    }}
  }}, true);
}}
</script>"""


def _sidebar() -> None:
    with st.sidebar:
        _write_cookie()
        st.html(_SIDEBAR_LINKS_JS, unsafe_allow_javascript=True)
        # The language control comes first and needs no database: during an outage
        # the page body says so, in the language the reader can still choose here.
        st.session_state["lang_choice"] = lang()
        st.segmented_control(
            tr("language"),
            options=list(LANGS),
            format_func=lambda v: "中文" if v == "zh" else "English",
            key="lang_choice",
            on_change=_language_chosen,
        )
        try:
            actor = current_actor()
        except Exception:  # noqa: BLE001 - database down: the page's boundary reports it
            return
        _navigation(actor)
        actor = actor or _sso_actor()
        if actor is None:
            if st.session_state.pop("_login_ended", False):
                st.warning(tr("login_ended"))
            with st.expander(tr("login"), expanded=False):
                login_form()
                if _sso_configured() and st.button(tr("sso_login"), key="sso_login"):
                    st.login()
        else:
            st.caption(
                escape_markdown(tr("logged_in_as", user=actor.username, role=tr(actor.role)))
            )
            if st.button(tr("logout"), key="logout"):
                logout()
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
            actor = authenticate(
                session,
                username=username,
                password=password,
                now=now,
                client=st.context.ip_address,
            )
            cookie, expires = start_login_session(session, username=actor.username, now=now)
    except ServiceError as exc:
        show_error(exc)
        return
    except Exception as exc:  # noqa: BLE001 - database down or locked: no traceback
        show_failure(exc)
        return
    st.session_state["auth"] = {
        "actor": actor,
        "expires": expires,
        "cookie": cookie,
        "checked": datetime.now(UTC),
    }
    # Written by the next run's sidebar: this run ends with the rerun below.
    st.session_state["_cookie_out"] = (cookie, int((expires - now).total_seconds()))
    st.rerun()


def logout() -> None:
    """Forget the login here, revoke it on the server and delete the browser's cookie."""
    auth = st.session_state.pop("auth", None) or {}
    # This connection keeps sending the old cookie until a reload: never resume it.
    sent = _request_cookie()
    st.session_state["_dead_cookie"] = sent
    for cookie in {auth.get("cookie"), sent} - {None, ""}:
        with session_scope(engine()) as session:
            end_login_session(session, cookie=str(cookie))
    st.session_state["_cookie_out"] = ("", 0)


def _request_cookie() -> str | None:
    """The login cookie the browser sent when this session connected."""
    return st.context.cookies.get(COOKIE_NAME)


# A cookie write is drawn again in every run for a few seconds. A rerun right after the
# login (a narrow window switching itself to the cards) removed the frame before its
# script had run: the cookie was lost and the sidebar stayed over the page (CI). Drawn
# again with the same key and content, the frame is kept, not reloaded; it stops soon
# so that an old tab cannot write an old cookie over a newer login.
COOKIE_FRAME_KEEP_S = 10.0


def _write_cookie() -> None:
    """Set (or, with max-age 0, delete) the login cookie in the browser."""
    pending = st.session_state.pop("_cookie_out", None)
    if pending is not None:
        _new_cookie_frame(*pending)
    _draw_cookie_frame()


def _new_cookie_frame(value: str, max_age: int) -> None:
    """Remember a cookie write; it is drawn by :func:`_draw_cookie_frame`."""
    n = st.session_state["_cookie_writes"] = st.session_state.get("_cookie_writes", 0) + 1
    st.session_state["_cookie_frame"] = (n, value, max_age, time.monotonic())


def _draw_cookie_frame() -> None:
    """The script that writes the newest cookie, while it is fresh."""
    frame = st.session_state.get("_cookie_frame")
    if frame is None or time.monotonic() - frame[3] > COOKIE_FRAME_KEEP_S:
        return
    n, value, max_age, _ = frame
    # The value is [A-Za-z0-9_-.] by construction; json.dumps quotes it for the script.
    attrs = f"{COOKIE_NAME}={value}; Max-Age={max_age}; Path=/; SameSite=Strict"
    # In a frame of its own, numbered: a new document runs its script every time. An
    # st.html script ran for the first cookie write of a page only, so a login after an
    # ended login (or a logout) never stored its cookie and the next page was logged out
    # (recheck QA). The frame is same-origin (Streamlit's component sandbox allows it)
    # and writes the page's own cookie; it loads nothing from any host.
    # st.iframe, not components.html (deprecated, to be removed): the same srcdoc frame.
    # Its height must be positive; the container is hidden by the page's CSS anyway.
    with st.container(key=f"cookie_write_{n}"):
        st.iframe(
            f"<script>/* {n} */ const d = window.parent.document;"
            f" d.cookie = {json.dumps(attrs)}"
            " + (window.parent.location.protocol === 'https:' ? '; Secure' : '');"
            # After a login or logout on a phone, the sidebar steps aside for the page.
            f" (() => {{ const document = d; const window = parent; {_CLOSE_SIDEBAR_JS} }})();"
            "</script>",
            height=1,
        )


def _resume_from_cookie(now: datetime) -> Actor | None:
    """Log in again from a valid, unrevoked cookie (after a reload or a new tab)."""
    cookie = _request_cookie()
    if not cookie or cookie == st.session_state.get("_dead_cookie"):
        return None
    with session_scope(engine()) as session:
        resumed = resume_login_session(session, cookie=cookie, now=now)
    if resumed is None:
        # Expired or revoked: ask the database only once, and drop it from the browser
        # now. Left for the next run, the delete went out in the run of a new login and
        # the new cookie never arrived (recheck QA: logged out again on the next page).
        st.session_state["_dead_cookie"] = cookie
        _new_cookie_frame("", 0)
        _draw_cookie_frame()
        return None
    actor, expires = resumed
    st.session_state["auth"] = {
        "actor": actor,
        "expires": expires,
        "cookie": cookie,
        "checked": datetime.now(UTC),
    }
    return actor


# How long a tab trusts its login without asking the database again. A logout in
# another tab, a deactivation or a password reset ends this tab's login within this
# time for reading; every save and every backup checks at once (attack QA: a tab left
# open kept an admin's rights, backups included, after the person logged out).
RECHECK_LOGIN = timedelta(seconds=30)


def current_actor(*, fresh: bool = False) -> Actor | None:
    """The logged-in actor, or None (anonymous, logged out elsewhere, or expired).

    ``fresh``: check the account and its login session now (before a backup).
    """
    now = datetime.now(UTC)
    auth = st.session_state.get("auth")
    if auth and auth["expires"] >= now:
        if fresh or now - auth.get("checked", datetime.min.replace(tzinfo=UTC)) > RECHECK_LOGIN:
            return _recheck_login(auth, now)
        return auth["actor"]  # type: ignore[no-any-return]
    if auth:
        st.session_state.pop("auth", None)
        st.session_state["_dead_cookie"] = auth.get("cookie")
    return _resume_from_cookie(now)


def _recheck_login(auth: dict[str, Any], now: datetime) -> Actor | None:
    """The account as it is now; None (and this tab logged out) when its login ended."""
    try:
        with session_scope(engine()) as session:
            fresh = recheck_actor(session, actor=auth["actor"], cookie=auth.get("cookie"), now=now)
    except ServiceError:
        st.session_state.pop("auth", None)
        st.session_state["_dead_cookie"] = auth.get("cookie")
        st.session_state["_login_ended"] = True
        return None
    except Exception:  # noqa: BLE001 - database unreachable: keep the login, ask again later
        return auth["actor"]  # type: ignore[no-any-return]
    auth["actor"], auth["checked"] = fresh, now
    return fresh


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


def run_page(main: Callable[[], None]) -> None:
    """Run a page's ``main`` inside the error boundary every page shares.

    Streamlit's control flow (st.stop, st.rerun, st.switch_page) passes through; any
    other exception is logged with a reference id and shown as one short sentence in
    the user's language: never a traceback, SQL, host, port or file path.
    """
    try:
        main()
    except ScriptControlException:
        raise
    except Exception as exc:  # noqa: BLE001 - this is the boundary
        show_failure(exc, offer_retry=True)


def show_failure(exc: BaseException, *, offer_retry: bool = False) -> str:
    """Log ``exc`` with a new reference id and tell the user briefly; return the id.

    ``offer_retry`` adds the retry button and the automatic re-check for a database
    outage. Only the page boundary asks for it: a failed save may be inside a form,
    where buttons and fragments are not allowed, and the user can simply save again.
    """
    ref = reference_id()
    full = database_full(exc)
    down = not full and database_unavailable(exc)
    what = "database full" if full else "database unavailable" if down else "page failed"
    _log.error("ref=%s %s", ref, what, exc_info=exc)
    if full:  # reads still work; only an administrator freeing space helps
        st.error(tr("err_db_full", ref=ref), icon=":material/storage:")
        return ref
    if not down:
        st.error(tr("err_unexpected", ref=ref), icon=":material/error:")
        return ref
    st.error(tr("err_db_unavailable", ref=ref), icon=":material/cloud_off:")
    if not offer_retry:
        return ref
    st.session_state["_db_down_at"] = time.monotonic()
    st.button(tr("retry"), key=f"_db_retry_{ref}")  # a click reruns the page
    _wait_for_database()
    return ref


def database_back() -> bool:
    """True when the database answers again (the engine bootstrap included)."""
    try:
        data_version()
    except Exception:  # noqa: BLE001 - still down: keep waiting
        return False
    return True


@st.fragment(run_every=timedelta(seconds=DB_RETRY_SECONDS))
def _wait_for_database() -> None:
    # Runs inline once with the error message (skipped: the database just failed),
    # then every DB_RETRY_SECONDS; the first success reruns the whole page.
    down_at = float(st.session_state.get("_db_down_at", 0.0))
    if time.monotonic() - down_at >= DB_RETRY_SECONDS / 2 and database_back():
        st.session_state.pop("_db_down_at", None)
        st.rerun(scope="app")
    st.caption(tr("db_retry_hint", seconds=DB_RETRY_SECONDS))


def enum_select(where: Any, label: str, enum: type[StrEnum], current: str) -> str:
    """A selectbox over an enum's values, labelled in the current language."""
    values = [e.value for e in enum]
    return str(where.selectbox(tr(label), values, values.index(current), format_func=tr))


def headers(columns: Any) -> dict[str, str]:
    """``column_config`` labels for stored column names, in the current language."""
    return {str(c): field_label(str(c), lang()) for c in columns}


def username_label(username: object) -> str:
    """A username as shown (the service layer's "system" actor is translated)."""
    return _username_label(username, lang())


def pp_delta(change: float | None) -> str | None:
    """A change of a rate (fraction) as signed percentage points, or None."""
    return None if change is None else tr("pp_delta", value=change * 100)


def month_line_chart(trend: pd.DataFrame, *, height: int = 180) -> alt.Chart:
    """Occupancy per month in percent, months written as "2026-07" in every language.

    A temporal axis would print English month names ("July") on a Chinese page; an
    ordinal axis of year-month strings is the same in both languages.
    """
    df = pd.DataFrame(
        {
            "month": pd.to_datetime(trend["month"]).dt.strftime("%Y-%m"),
            "pct": trend["rate"].astype(float) * 100,
        }
    )
    chart: alt.Chart = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y("pct:Q", title=tr("occupancy") + " %", scale=alt.Scale(domain=[0, 100])),
            tooltip=[
                alt.Tooltip("month:O", title=tr("month")),
                alt.Tooltip("pct:Q", title=tr("occupancy") + " %", format=".1f"),
            ],
        )
        .properties(height=height)
    )
    return chart


def show_chart(chart: alt.TopLevelMixin, where: Any = None) -> None:
    """Draw an Altair chart at full width, without validating its spec on every rerun.

    ``st.altair_chart`` calls ``chart.to_dict()``, which checks the whole Vega-Lite spec
    against the JSON schema each time: on the home page at ×10 data that was the largest
    single cost of a rerun after the figures (three charts, the zone map's geometry among
    them). The builders' specs are validated by their unit tests (``to_dict()`` with
    validation), so the page asks for the dict alone. ``where`` is a column or container
    (default: the current one).
    """
    target = st if where is None else where
    # An instance attribute wins over the class's method; removed again afterwards because
    # the chart may be a cached object that is drawn again.
    object.__setattr__(chart, "to_dict", partial(type(chart).to_dict, chart, validate=False))
    try:
        target.altair_chart(chart, width="stretch")
    finally:
        object.__delattr__(chart, "to_dict")


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
    month = fmt_month(figure.month, lang())
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
                fmt_month(m, lang()) if isinstance(m, date) else "—" for m in rows["report_month"]
            ],
            "used": [tr("yes") if u else tr("no") for u in rows["used"]],
        }
    )
    with st.expander(tr("not_reported_title", month=month, n=len(ids)), expanded=False):
        oldest = fmt_month(oldest_usable_month(figure.month), lang())
        st.caption(tr("not_reported_note", oldest=oldest))
        config = {"name": tr("carrier_name"), "newest": tr("newest_report"), "used": tr("in_rate")}
        st.dataframe(
            show,
            hide_index=True,
            width="stretch",
            key=f"not_reported_{'en' if en else 'zh'}",
            column_config=config,
        )
        download_table(
            show, name=f"not_reported_{month}", key="dl_not_reported", column_config=config
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
    # Enum values shown in map tooltips (a project's status and original use).
    keys += [s.value for s in ConversionStatus] + [u.value for u in OriginalUse]
    keys += [f"basemap_{b}" for b in ("none", "osm", "amap", "custom")]
    labels = {k: tr(k) for k in keys}
    labels |= {
        "conversion": tr("layer_conversions"),
        "carriers": tr("layer_carriers"),
        "context": tr("layer_context"),
        "fullscreen": tr("fullscreen"),
    }
    return labels


def save(
    fn: Callable[..., R],
    /,
    *,
    on_conflict: Callable[[], None] | None = None,
    on_conflict_message: Callable[[str], None] | None = None,
    **kwargs: Any,
) -> R | None:
    """Run one service-layer write in its own transaction; show errors, flash success.

    Returns the service's result, or None when it refused (nothing was written then).
    A transaction the database aborted as a deadlock or serialization failure is run
    again a few times, then reported as a conflict (see models.db.run_write).
    ``on_conflict`` runs after a conflict is shown: the caller picks up the newer
    version there, so the user's next save is checked against what they now see
    instead of conflicting again and again. ``on_conflict_message`` instead takes the
    conflict's message (who changed the record, when) and shows it itself (ui_edits).
    """
    ended: list[bool] = []
    try:
        result = run_write(engine(), _as_saver_today(fn, kwargs, ended))
    except Conflict as exc:
        if on_conflict_message is not None:
            on_conflict_message("\n\n".join(exc.messages(lang())))
            return None
        show_error(exc)
        if on_conflict is not None:
            on_conflict()
            st.info(tr("conflict_refreshed"))
        return None
    except ServiceError as exc:
        show_error(exc)
        if ended:  # deactivated or password reset meanwhile: this tab is logged out
            st.session_state["_dead_cookie"] = (st.session_state.pop("auth", None) or {}).get(
                "cookie"
            )
        return None
    except Exception as exc:  # noqa: BLE001 - the boundary: log it, show a short message
        # Nothing was written (the transaction rolled back); returning None keeps the
        # page and the user's input as they were, so they can save again.
        show_failure(exc)
        return None
    st.session_state["_flash"] = tr("saved")
    return result


def _as_saver_today(
    fn: Callable[..., R], kwargs: dict[str, Any], ended: list[bool]
) -> Callable[[Any], R]:
    """The write, run with the saver's account as it is now, not as it was at login.

    The logged-in actor is kept in the session for speed; an admin may have deactivated
    the account, reset its password or changed its role since. The recheck runs in the
    write's own transaction, so a change committed before it counts.
    """
    auth = st.session_state.get("auth")
    actor = kwargs.get("actor")
    if not auth or not isinstance(actor, Actor):
        return lambda session: fn(session, **kwargs)

    def write(session: Any) -> R:
        try:
            fresh = recheck_actor(
                session, actor=actor, cookie=auth.get("cookie"), now=datetime.now(UTC)
            )
        except ServiceError:
            ended.append(True)
            raise
        if fresh != actor:
            auth["actor"] = fresh  # the pages now offer what the account may do today
        return fn(session, **{**kwargs, "actor": fresh})

    return write


def save_and_rerun(fn: Callable[..., R], /, **kwargs: Any) -> None:
    """A write that, when it succeeds, reruns the page so every figure is fresh."""
    if save(fn, **kwargs) is not None:
        st.rerun()


def save_versioned(
    fn: Callable[..., R],
    /,
    *,
    kind: str,
    obj_id: int,
    current_version: int,
    saved_message: str | None = None,
    on_saved: Callable[[], None] | None = None,
    **kwargs: Any,
) -> None:
    """Save an edit against the version the record had when this user opened it.

    A save by someone else in between makes the service refuse with a conflict; after
    a successful save the pin is dropped and the page reruns on fresh data, showing
    ``saved_message`` (already escaped) instead of a bare "saved" when given, after
    calling ``on_saved`` (e.g. :func:`ui_edits.renew` for a form that starts empty).
    """
    version = pinned_version(kind, obj_id, current_version)
    # After a conflict the pin is dropped: the next run pins the newer version, so a
    # deliberate second save succeeds instead of conflicting until the session ends.
    conflict = lambda: unpin(kind, obj_id)  # noqa: E731
    if save(fn, expected_version=version, on_conflict=conflict, **kwargs) is not None:
        unpin(kind, obj_id)
        if saved_message:
            st.session_state["_flash"] = saved_message
        if on_saved is not None:
            on_saved()
        st.rerun()


def flash() -> None:
    """Show (once) the success message left by the last save before its rerun."""
    if message := st.session_state.pop("_flash", None):
        # The toast says only "saved": Streamlit cuts a long toast behind its own English
        # "view more" (user QA); the whole message stays on the page.
        st.toast(tr("saved"), icon=":material/check_circle:")
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
    """Display name of a record with name_zh/name_en (or name/name_en) in the language.

    Chinese shows the Chinese name only; English shows the English name, or the Chinese
    one when no English name was entered.
    """
    zh = row.get("name_zh") if hasattr(row, "get") else None
    zh = zh if zh is not None else row.get("name", "")
    en = row.get("name_en") or ""
    return str(en) if lang() == "en" and en else str(zh)


def zone_table(*, with_area: bool = True, summary: pd.DataFrame | None = None) -> None:
    """Park and belts compared, plus the district total: occupancy, coverage, carriers, area.

    ``summary`` is :func:`models.queries.zone_summary` of a subset of carriers_frame
    (e.g. the map's filter, cached by the page); None: every carrier.
    Short zone names and the rate first: the map's side column is a third of a 1366-px
    screen, where full names pushed the rate out of sight.
    """
    zones = queries.zone_summary(cached_query("carriers_frame")) if summary is None else summary
    zones = zones.assign(
        zone=zones["zone"].map(
            lambda z: tr("district_total") if z == "district" else tr(f"{z}_short")
        ),
        area_m2=zones["area_m2"] / 10_000,
        occupancy=zones["occupancy"].map(fmt_pct),
        coverage=[
            f"{u}/{n}" for u, n in zip(zones["carriers_used"], zones["carriers"], strict=True)
        ],
    )[["zone", "occupancy", "coverage", "carriers", "area_m2"]]
    # Plain HTML, not st.dataframe: the grid's 2.5 MB of code cost a quarter of the map
    # page's first draw for a five-row table (models/html_table.py).
    st.html(
        html_table(
            zones.assign(area_m2=zones["area_m2"].map(lambda v: f"{v:.1f}")),
            headers={
                "zone": tr("zt_zone"),
                "occupancy": tr("zt_occupancy"),
                "coverage": tr("zt_coverage"),
                "carriers": tr("zt_carriers"),
            }
            | ({"area_m2": tr("kpi_total_area")} if with_area else {}),
            help_texts={"occupancy": occupancy_help(), "coverage": occupancy_help()},
            numeric=("occupancy", "coverage", "carriers", "area_m2"),
            empty=EMPTY,
            caption=tr("f_zones"),
            note=(tr("zt_definition"), occupancy_help()),
        )
    )
    st.caption(tr("zone_overlap_note"))
    # The files keep the full header names (a spreadsheet has the room).
    full: Columns = {
        "zone": tr("f_zones"),
        "occupancy": tr("occupancy"),
        "coverage": tr("f_coverage"),
        "carriers": tr("kpi_carriers"),
        "area_m2": tr("kpi_total_area") if with_area else None,
    }
    download_table(zones, name="zones", key="dl_zone_table", column_config=full)


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
    # One name, in the reader's language (the other language's name was a leak).
    st.subheader(escape_markdown(c["name_en"] if en and c["name_en"] else c["name_zh"]))
    facts = carrier_facts(c, lang())
    # Plain HTML like the zone table it replaces in this column (one look for both);
    # html_table escapes every cell (operator and address are user input).
    rows = pd.DataFrame({"field": list(facts), "value": list(facts.values())})
    st.html(
        html_table(
            rows,
            headers={"field": "", "value": ""},
            row_header="field",
            wrap=["value"],
            show_header=False,
            caption=tr("details"),
        )
    )
    st.metric(tr("occupancy_now"), fmt_pct(c["occupancy_rate"]), help=occupancy_help())
    if pd.isna(c.get("report_month")):
        st.caption(tr("never_reported"))  # not "too old": there is no report at all
    elif not bool(c.get("used", True)) and bool(c.get("counted", True)):
        st.caption(tr("report_too_old", months=FRESH_MONTHS))
    now = datetime.now(UTC)
    st.caption(
        escape_markdown(report_caption(c, expected=default_end_month(), now=now, lang=lang()))
    )
    trend = cached_query("occupancy_trend", carrier_id=carrier_id)
    if not trend.empty:
        st.caption(tr("trend_36"))
        show_chart(month_line_chart(trend))
    tenants = cached_query("current_tenants", carrier_id=carrier_id)
    # Dated: the list is today's, while the figures above are the newest reported
    # month's (user QA read a move-in of today as part of October's figures).
    today = fmt_day(shanghai_today(), lang())
    st.caption(tr("current_tenants_on", day=today, n=len(tenants)))
    if not tenants.empty:
        show = tenants[["name_en" if en else "name", "industry", "area_m2", "start_on"]].copy()
        show["industry"] = show["industry"].map(tr)
        config: Columns = {
            "name": tr("tenant"),
            "name_en": tr("tenant"),
            "industry": tr("f_industry"),
            "area_m2": st.column_config.NumberColumn(tr("f_area_m2"), format="%.0f"),
            "start_on": tr("start_on"),
        }
        # A short list gets its own height: a fixed 220 px left a blank row under four
        # firms (user QA).
        height: Literal["auto"] | int = "auto" if len(show) <= 5 else 220
        st.dataframe(show, hide_index=True, height=height, placeholder=EMPTY, column_config=config)
        download_table(
            show, name=f"tenants_{carrier_id}", key="dl_carrier_tenants", column_config=config
        )


# --- chain and comparison pages (issue 8 §3, §5) ---


def month_picker(key: str) -> date:
    """A month slider over the last 36 reported months, kept in the URL as ``?month=``.

    Labels are formatted here (``2026年10月`` / ``Oct 2026``), never by the browser. The
    chosen month lives in ``st.session_state[key]``; the widget's own key carries the
    language, because a relabelled widget is a new widget to the browser and would
    otherwise show its first option while the page used the chosen month.
    """
    latest = cached_query("latest_month") or default_end_month()
    options = month_options(latest)
    wanted = str(st.query_params.get("month", ""))
    by_text = {m.strftime("%Y-%m"): m for m in options}
    # The month in the URL wins (a page link carries the month chosen on another page,
    # see _navigation); else the month this page showed last; else the newest.
    if wanted in by_text:
        st.session_state[key] = by_text[wanted]
    elif st.session_state.get(key) not in options:
        st.session_state[key] = by_text.get(st.session_state.get(SHARED_MONTH, ""), options[-1])
    slider = f"{key}_{lang()}"
    if st.session_state.get(slider) != st.session_state[key]:
        st.session_state.pop(slider, None)  # a widget keeps its old month over `value`
    month: date = st.select_slider(
        tr("ch_month"),
        options=options,
        value=st.session_state[key],
        key=slider,
        format_func=lambda m: fmt_month(m, lang()),
        help=tr("ch_month_help"),
        on_change=_month_moved,
        args=(slider,),
    )
    st.session_state[key] = month
    st.session_state[SHARED_MONTH] = month.strftime("%Y-%m")
    if wanted != month.strftime("%Y-%m"):
        st.query_params["month"] = month.strftime("%Y-%m")
    return month


# The month chosen on any page: the sidebar's page links carry it, so a leader who set
# July on the overview meets July on the map too (user QA: each page went back to the
# newest month, and its figures were read as July's).
SHARED_MONTH = "_shared_month"


def _month_moved(slider: str) -> None:
    """Runs before the rerun, so this run's page links already carry the new month."""
    if isinstance(picked := st.session_state.get(slider), date):
        st.session_state[SHARED_MONTH] = picked.strftime("%Y-%m")
        st.query_params["month"] = picked.strftime("%Y-%m")


def month_select(where: Any, label_key: str, months: list[date], *, key: str, default: int) -> date:
    """A month selectbox (``2026年10月`` / ``Oct 2026``) whose choice survives a language
    switch: relabelled options make a new widget (hence the language in its key), which
    would fall back to its default month while the page kept the chosen one."""
    chosen = st.session_state.get(f"{key}_chosen")
    month: date = where.selectbox(
        tr(label_key),
        months,
        index=months.index(chosen) if chosen in months else default,
        key=f"{key}_{lang()}",
        format_func=partial(fmt_month, lang=lang()),  # the language bound now, not later
    )
    st.session_state[f"{key}_chosen"] = month
    return month


def keep_choice(
    where: Any, name: str, options: list[str], prefix: str, *, help_key: str | None = None
) -> str:
    """A selectbox labelled ``tr(prefix + option)`` whose choice survives a language switch.

    Relabelled options make it a new widget to the browser, so the widget key carries
    the language and the choice itself is kept under ``name``; the labels are bound when
    drawn (a format function may run after the script, in no language at all).
    """
    language = lang()
    current = st.session_state.get(name, options[0])
    choice = where.selectbox(
        tr(name),
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda value: t(f"{prefix}{value}", language),
        help=tr(help_key) if help_key else None,
        key=f"{name}_{language}",
    )
    st.session_state[name] = choice
    return str(choice)


def file_uploader(label: str, *, types: list[str], hint: str, key: str) -> Any:
    """``st.file_uploader`` with our own texts for its dropzone.

    Streamlit's dropzone says "Upload" and "200MB per file" in English whatever the
    language; those are hidden and ours shown instead (CSS generated content, quoted by
    json.dumps; the texts come from the catalogue, never from a user).
    """
    # "<" as a CSS escape: no text can close the style element early.
    browse = json.dumps(tr("imp_browse"), ensure_ascii=False).replace("<", "\\3c ")
    hint_css = json.dumps(hint, ensure_ascii=False).replace("<", "\\3c ")
    zone = "[data-testid='stFileUploaderDropzone']"
    st.html(
        f"<style>{zone} button [data-testid='stMarkdownContainer'] p{{display:none}}"
        f"{zone} button [data-testid='stMarkdownContainer']::after{{content:{browse}}}"
        f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] span{{display:none}}"
        f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] > div::after"
        f"{{content:{hint_css};font-size:0.875rem}}</style>"
    )
    return st.file_uploader(label, type=types, key=key)


def download_table(
    frame: pd.DataFrame,
    *,
    name: str,
    key: str,
    column_config: Mapping[str, Any] | None = None,
    number_formats: Mapping[str, str] | None = None,
) -> None:
    """Download buttons for a table as shown (filtered): CSV and Excel, formula-safe.

    ``column_config`` is the one given to ``st.dataframe``: the files get the same
    headers and leave out the same hidden (None) columns. The CSV is UTF-8 with a byte
    order mark (Excel then reads Chinese correctly); the .xlsx keeps numbers and dates
    typed, with a frozen header. Both files are made only when their button is clicked
    (a callable, run outside the script), so a page with many tables does not build
    every file on every rerun.
    """
    table = shown_table(frame, column_config)  # a copy: the page may change its frame
    with st.container(horizontal=True, key=f"{key}_group", gap="small"):
        st.download_button(
            tr("dl_csv"),
            data=lambda: csv_bytes(table),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=key,
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            tr("dl_xlsx"),
            data=lambda: xlsx_bytes(table, sheet=name, number_formats=number_formats),
            file_name=f"{name}.xlsx",
            mime=XLSX_MIME,
            key=f"{key}_xlsx",
            on_click="ignore",
            icon=":material/table_view:",
        )


def shown_table(frame: pd.DataFrame, column_config: Mapping[str, Any] | None) -> pd.DataFrame:
    """``frame`` with the headers and columns ``st.dataframe`` shows for ``column_config``.

    True/False columns (a tick on screen) become 是/否 (yes/no) in the files: a raw
    "True" in a Chinese spreadsheet reads as a program's leftovers.
    """
    out = frame.copy()
    for name in out.select_dtypes("bool").columns:
        out[name] = out[name].map({True: tr("yes"), False: tr("no")})
    if not column_config:
        return out
    out = out.drop(columns=[c for c, v in column_config.items() if v is None and c in out])
    labels = {}
    for name, config in column_config.items():
        label = config if isinstance(config, str) else (config or {}).get("label")
        if name in out.columns and label:
            labels[name] = str(label)
    return out.rename(columns=labels)


# Kept for pages written before the Excel export: same buttons, both formats.
download_csv = download_table


def download_layers(carriers: pd.DataFrame, projects: pd.DataFrame) -> None:
    """GeoJSON (WGS-84) downloads of the map's layers as filtered: carriers, zones, projects."""
    with st.container(horizontal=True, key="dl_layers_group", gap="small"):
        st.caption(tr("dl_geojson"))
        from geo.zones import build_zones  # geo builds zones lazily

        # The zones of this run (the stored outlines): the click runs outside the run.
        zones = build_zones()
        for layer, frame in (("carriers", carriers), ("zones", zones), ("projects", projects)):
            st.download_button(
                tr(f"dl_layer_{layer}"),
                data=partial(layer_geojson_bytes, layer, frame),
                file_name=f"jingan_{layer}.geojson",
                mime="application/geo+json",
                key=f"dl_geo_{layer}",
                on_click="ignore",
                icon=":material/map:",
            )


def report_download(month: date) -> None:
    """One click: the monthly occupancy workbook for leadership, for ``month``.

    The workbook is built when clicked, from the same functions as the pages, in the
    page's language; the engine is taken here because the click runs outside the script.
    """
    eng, language, version = engine(), lang(), data_version()
    # What the page shows, from the page's own caches (not a second computation of the
    # same figures): reused when nothing was written before the click.
    shown = overview_view(month), overview_trend()

    def build() -> bytes:
        with session_scope(eng) as session:
            data = queries.overview_data(session)
            same = queries.data_version(session) == version
        view, trend = shown if same else (None, None)
        return report_bytes(data, as_of=month, lang=language, view=view, trend=trend)

    st.download_button(
        tr("rep_download", month=fmt_month(month, language)),
        data=build,
        file_name=f"{tr('rep_file')}_{month:%Y-%m}.xlsx",
        mime=XLSX_MIME,
        key="dl_report",
        on_click="ignore",
        icon=":material/summarize:",
        type="primary",
        help=tr("rep_help"),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _zone_map_chart(rates: tuple[float | None, ...], language: str, version: int) -> alt.LayerChart:
    """The compact zone map for these rates (in ZONE_CODES order) and language.

    Cached: building and validating the Altair layers costs ~45 ms, more than a bare
    rerun, and only changes with the figures (new month, new data: ``version``, which
    also covers a new zone outline) or the language.
    """
    from geo.zones import build_zones, zone_label_points  # geo builds zones lazily

    def say(key: str) -> str:
        return t(key, language)

    return compact_map_chart(
        build_zones(),
        dict(zip(ZONE_CODES, rates, strict=True)),
        {z: say(f"{z}_short") for z in ZONE_CODES},
        zone_label_points(),
        legend_title=say("occupancy_scale"),
        no_data=say("no_data"),
        tooltip_titles=(say("f_zones"), say("occupancy")),
    )


def zone_occupancy_map(kpis: pd.DataFrame, month: date) -> None:
    """The park and belts shaded by occupancy (a small static map), with a way into the
    full map page showing the same month with shading on. ``kpis`` is
    :func:`models.overview.kpi_table` (the rates come from the one definition)."""
    st.caption(tr("ov_map_title"))
    values = (kpis.loc[f"occupancy:{z}", "value"] for z in ZONE_CODES)
    rates = tuple(None if pd.isna(v) else float(v) for v in values)
    show_chart(_zone_map_chart(rates, lang(), data_version()))
    st.caption(tr("ov_map_note"))
    link = {"shade": "1", "month": f"{month:%Y-%m}"} | lang_params()
    st.page_link("pages/1_map.py", label=tr("ov_open_map"), query_params=link)


def upload_file(label: str, *, key: str, types: list[str]) -> UploadedFile | None:
    """:func:`file_uploader` with the hint "file types, server size limit" as its note."""
    mb = int(st.get_option("server.maxUploadSize"))
    kinds = ", ".join(f".{t}" for t in types)
    uploaded: UploadedFile | None = file_uploader(
        label, types=types, hint=tr("upload_hint", types=kinds, mb=mb), key=key
    )
    return uploaded
