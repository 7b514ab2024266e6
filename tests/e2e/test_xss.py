"""Script payloads in user-editable text are shown as text everywhere, never executed.

Part one: the shared e2e database's carrier named like an attack (below). Part two
(further down): a database of its own with a payload in every editable text field,
checked on every page, the map's details and tooltip, the big screen and CSV exports.

The name combines an ``<img onerror>``, a ``${...}`` template expression, backticks and a
trailing backslash. A person searching for it sees exactly one dot, its tooltip and its
details panel spell the name out literally, and neither the page nor the map frame ran
any of it (``window.__xss`` / ``window.__xss2`` stay undefined).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import hostile_data
import pytest
from e2e_support import (
    FIND_MAP_JS,
    HOSTILE_NAME,
    MAP_PATH,
    AppServer,
    BrowserSession,
    assert_no_exception,
    carrier_dot,
    count_features,
    goto,
    leaflet_frame,
    login,
    poll,
    screenshot,
    start_server,
    stop_server,
    wait_for_app,
    window_value,
)

if TYPE_CHECKING:
    from conftest import TestDatabase
    from playwright.sync_api import Browser, Dialog, Page

pytestmark = pytest.mark.e2e


def _assert_nothing_ran(browser_session: BrowserSession, where: str) -> None:
    page = browser_session.page
    frame = leaflet_frame(page)
    for target, label in ((page, "page"), (frame, "map frame")):
        for name in ("__xss", "__xss2"):
            assert window_value(target, name) == "undefined", f"{where}: {label} ran {name}"
    assert not [e for e in browser_session.console_errors if "__xss" in e], where


def test_hostile_name_on_map_is_inert(
    app_server: AppServer, browser_session: BrowserSession
) -> None:
    page = browser_session.page
    goto(page, app_server.url(MAP_PATH))
    frame = leaflet_frame(page)
    assert poll(lambda: count_features(frame) > 100), "map never drew the carriers"

    search = page.locator("[data-testid='stSidebar']").get_by_label("搜索名称或地址")
    search.fill("O`Brien")
    search.press("Enter")
    wait_for_app(page)
    frame = leaflet_frame(page)
    shown = poll(lambda: count_features(frame) == 1, timeout_s=30)
    assert shown, f"search did not narrow the map to one carrier: {count_features(frame)}"
    assert page.get_by_text("显示 1 /").count() == 1, "caption does not say one carrier is shown"

    # Hover the dot: Leaflet puts the tooltip into the DOM as HTML, the riskiest spot.
    dot = carrier_dot(frame)
    assert dot is not None, "no carrier dot to hover"
    page.wait_for_timeout(300)  # the map re-centred on the dot; let it repaint
    box = frame.frame_element().bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + dot["x"], box["y"] + dot["y"])
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.first.wait_for(state="visible", timeout=10_000)
    assert HOSTILE_NAME in tooltip.first.inner_text(), tooltip.first.inner_text()
    assert frame.locator(".leaflet-tooltip img").count() == 0, "the name became an <img>"
    screenshot(page, "xss_map_tooltip")

    _assert_nothing_ran(browser_session, "after search and hover")
    assert_no_exception(page)


def _open_details(app_server: AppServer, browser_session: BrowserSession, carrier_id: int) -> None:
    page = browser_session.page
    goto(page, app_server.url(f"{MAP_PATH}?carrier={carrier_id}"))
    frame = leaflet_frame(page)
    assert poll(lambda: count_features(frame) >= 1), "map not drawn with a carrier selected"
    page.locator("[data-testid='stMain'] h3", has_text="onerror").first.wait_for(timeout=20_000)


def test_hostile_name_in_details_is_text(
    app_server: AppServer, browser_session: BrowserSession, test_db: TestDatabase
) -> None:
    page = browser_session.page
    goto(page, app_server.url(f"{MAP_PATH}?carrier={test_db.hostile_id}"))
    frame = leaflet_frame(page)
    assert poll(lambda: count_features(frame) >= 1), "map not drawn with a carrier selected"
    main = page.locator("[data-testid='stMain']")
    heading = main.locator("h3", has_text="onerror").first
    heading.wait_for(timeout=20_000)
    screenshot(page, "xss_details")

    assert "<img src=x onerror=" in main.inner_text(), "details do not show the name as text"
    assert main.locator("img[src='x']").count() == 0, "the name was rendered as an <img>"
    # Spelled out exactly: not read as Markdown (backticks would become code) nor HTML.
    assert heading.inner_text().strip() == HOSTILE_NAME, f"title {heading.inner_text()!r}"
    # One name only: the Chinese page no longer repeats it in the other language.

    _assert_nothing_ran(browser_session, "details panel")
    assert_no_exception(page)


def _creation_event(test_db: TestDatabase) -> int:
    """Id of the audit event that created the hostile carrier."""
    from sqlmodel import Session, select

    from models.audit import AuditEvent
    from models.db import get_engine

    with Session(get_engine(test_db.url)) as session:
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.entity == "carrier",
                AuditEvent.entity_id == test_db.hostile_id,
                AuditEvent.action == "create",
            )
        ).one()
    return int(event.id)  # type: ignore[arg-type]


def test_hostile_name_in_the_audit_diff_is_text(
    app_server: AppServer, browser_session: BrowserSession, test_db: TestDatabase
) -> None:
    """st.table renders its cells as Markdown: the backticks in the name became code."""
    page = browser_session.page
    goto(page, app_server.url())
    login(page, "admin", "admin-demo-2026")
    sidebar = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink'] a")
    sidebar.filter(has=page.get_by_text("审计记录", exact=True)).first.click()
    wait_for_app(page)
    picker = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(
        has_text="记录"
    )
    picker.click()
    # The list is long and drawn lazily: type to filter, then pick the exact entry.
    # Each entry reads "#6 · 2026-11-29 13:11 · admin · 新建 载体 #3".
    wanted = f"#{_creation_event(test_db)} · "
    page.keyboard.type(wanted)
    page.get_by_role("option", name=re.compile("^" + re.escape(wanted))).click()
    wait_for_app(page)
    table = page.locator("[data-testid='stMain'] [data-testid='stTable']").last
    row = table.locator("tr", has=page.get_by_text("中文名称", exact=True)).first
    row.wait_for(timeout=20_000)
    screenshot(page, "xss_audit")
    assert row.locator("td").last.inner_text().strip() == HOSTILE_NAME
    assert table.locator("code, img").count() == 0, "the name was read as Markdown"
    assert window_value(page, "__xss") == "undefined"
    assert_no_exception(page)


# ----------------------------------------------- payloads in every editable text field
#
# A database of its own (tests/e2e/hostile_data.py): the payload with a [TAG] in every
# user-editable text field of carriers, tenants, grants, projects, status notes, audit
# reasons and user display names; the tenant graduated last and the project is
# operating, so both reach the big screen. Every page is opened as an admin with a
# dialog handler: an executed payload would raise alert(1). Tables are drawn on a
# canvas (no HTML is parsed there); what the DOM shows as text must spell the payload
# out, whole or cut short with "…", never as an <img> and never {{7*7}} as 49.

PAGES_TO_VISIT = {
    "/": set(),
    "/map": set(),
    "/occupancy": set(),
    "/carriers": set(),
    "/tenants": set(),
    "/conversions": {"P-ZH"},
    "/audit": {"U-NAME"},
    "/users": {"U-NAME"},
    "/tenancies": set(),
    "/project_register": set(),
    "/policy": set(),
    "/grants": set(),
    "/chain": set(),
    "/compare": set(),
    "/screen?scenes=chain&interval=60": {"T-NAME"},
    "/screen?scenes=conversions&interval=60": {"P-ZH"},
    "/screen?scenes=overview&interval=60": set(),
    "/screen?scenes=belts&interval=60": set(),
}
TAGGED = re.compile(r"\[([A-Z]+-[A-Z]+|REASON)\]")


@dataclass
class HostileSite:
    """The server of the payload database, a logged-in admin page and its dialogs."""

    server: AppServer
    ids: hostile_data.HostileIds
    page: Page
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def hostile_site(
    tmp_path_factory: pytest.TempPathFactory, browser: Browser
) -> Iterator[HostileSite]:
    url = f"sqlite:///{tmp_path_factory.mktemp('xss') / 'xss.db'}"
    ids = hostile_data.build(url)
    server = start_server(url, "xss")
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    site = HostileSite(server, ids, page)

    def on_dialog(dialog: Dialog) -> None:
        site.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        goto(page, server.url())
        login(page, hostile_data.HOSTILE_USER, hostile_data.HOSTILE_PASSWORD)
        yield site
    finally:
        context.close()
        stop_server(server.process)


def _frame_texts(page: Page) -> list[str]:
    """The text of the page and of every frame (component maps, HTML blocks)."""
    texts = []
    for frame in page.frames:
        with contextlib.suppress(Exception):
            texts.append(frame.evaluate("() => document.body ? document.body.textContent : ''"))
    return texts


def _injected_elements(page: Page) -> int:
    count = 0
    for frame in page.frames:
        with contextlib.suppress(Exception):
            count += frame.locator("img[src='x'], img[onerror]").count()
    return count


def payload_problems(text: str) -> tuple[set[str], list[str]]:
    """Tags shown, and every place a tagged payload is not spelled out literally."""
    seen, bad = set(), []
    for match in TAGGED.finditer(text):
        seen.add(match.group(1))
        shown = text[match.end() : match.end() + len(hostile_data.PAYLOAD)]
        cut = shown.split("…", 1)[0]
        whole = shown == hostile_data.PAYLOAD
        if not whole and not ("…" in shown and hostile_data.PAYLOAD.startswith(cut)):
            bad.append(f"[{match.group(1)}] shown as {shown!r}")
    return seen, bad


def _settle(page: Page) -> None:
    wait_for_app(page)
    page.wait_for_timeout(1500)  # component frames (maps, charts) draw after the run


@pytest.mark.parametrize("path", list(PAGES_TO_VISIT))
def test_payloads_in_every_field_show_as_text(hostile_site: HostileSite, path: str) -> None:
    page = hostile_site.page
    goto(page, hostile_site.server.url(path))
    _settle(page)
    seen, bad = payload_problems("\n".join(_frame_texts(page)))
    screenshot(page, f"xss_fields_{path.strip('/').split('?')[0] or 'home'}")
    assert hostile_site.dialogs == [], f"{path}: a payload ran: {hostile_site.dialogs}"
    assert _injected_elements(page) == 0, f"{path}: a payload became an element"
    assert bad == [], path
    assert PAGES_TO_VISIT[path] <= seen, (path, sorted(seen))
    assert_no_exception(page)


def test_carrier_fields_in_the_map_details_and_tooltip(hostile_site: HostileSite) -> None:
    page = hostile_site.page
    goto(page, hostile_site.server.url(f"{MAP_PATH}?carrier={hostile_site.ids.carrier}"))
    frame = leaflet_frame(page)
    assert poll(lambda: count_features(frame) >= 1), "map not drawn with a carrier selected"
    _settle(page)
    seen, bad = payload_problems(page.locator("[data-testid='stMain']").inner_text())
    assert {"C-ZH", "C-ADDR", "C-OP"} <= seen and bad == [], (seen, bad)
    # The selected carrier's tooltip, drawn by Leaflet as HTML inside the map frame.
    frame = leaflet_frame(page)
    dot = frame.evaluate(_SELECTED_DOT_JS, hostile_site.ids.carrier)
    assert dot is not None, "the hostile carrier has no dot on the map"
    box = frame.frame_element().bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + dot["x"], box["y"] + dot["y"])
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(state="visible", timeout=10_000)
    seen, bad = payload_problems(tooltip.inner_text())
    assert "C-ZH" in seen and bad == [], (tooltip.inner_text(), bad)
    assert hostile_site.dialogs == [] and _injected_elements(page) == 0
    screenshot(page, "xss_fields_map_tooltip")


# Centre the map on the carrier with the given id and return its position.
_SELECTED_DOT_JS = f"""
(id) => {{
  const m = ({FIND_MAP_JS})();
  if (!m) return null;
  let dot = null;
  m.eachLayer((l) => {{
    const p = l.feature && l.feature.properties;
    if (p && p.kind === "carrier" && p.id === id && l.getLatLng) dot = l;
  }});
  if (!dot) return null;
  m.setView(dot.getLatLng(), Math.max(m.getZoom(), 16), {{animate: false}});
  const pt = m.latLngToContainerPoint(dot.getLatLng());
  return {{x: pt.x, y: pt.y}};
}}
"""


@pytest.mark.parametrize(
    ("path", "key", "tag"),
    [
        ("/conversions", "dl_ct_projects", "P-ZH"),
        ("/chain", "dl_chain_events", "T-NAME"),
    ],
)
def test_csv_exports_hold_the_payload_as_plain_text(
    hostile_site: HostileSite, path: str, key: str, tag: str
) -> None:
    page = hostile_site.page
    goto(page, hostile_site.server.url(path))
    _settle(page)
    button = page.locator(f".st-key-{key} button").first
    expander = page.locator("[data-testid='stExpander']").filter(has=button)
    if expander.count() and not button.is_visible():
        expander.first.locator("summary").click()  # the list sits in a folded expander
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=30_000) as info:
        button.click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    # Cells are quoted CSV: the payload is data, exactly as entered (its first character
    # is "[", so the formula guard has nothing to neutralise).
    rows = list(csv.reader(io.StringIO(text)))
    cells = [c for row in rows for c in row]
    assert f"[{tag}]{hostile_data.PAYLOAD}" in cells, text[:500]
    assert hostile_site.dialogs == []


def test_the_literal_check_fails_on_a_rendered_payload() -> None:
    """The checker itself: a template engine's 49, or a stripped tag, must be caught."""
    whole = f"x [C-ZH]{hostile_data.PAYLOAD} y"
    assert payload_problems(whole) == ({"C-ZH"}, [])
    assert payload_problems(f"[C-ZH]{hostile_data.PAYLOAD[:20]}… more")[1] == []
    assert payload_problems("[C-ZH]{{7*7}}`b`")[1]
    assert payload_problems("[C-ZH]49`b`${alert(1)}")[1]
    assert payload_problems("[C-ZH]`b`${alert(1)}</script>")[1]  # the <img> was parsed away
