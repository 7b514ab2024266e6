"""A viewer (and an anonymous visitor) sees no editing widget on any page (issue 11 §3).

The service layer refuses their writes anyway (tests/unit/test_models_permissions.py);
this is the page side of the same matrix: no form, no text or number field, no
editable table and no button that saves anything in the main area of any page. Read
widgets (month sliders, pickers, filters) and the big screen's scene controls stay.
As a control, the same pages show their editing widgets to a manager or an admin, so
the check cannot pass on a page that failed to render at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import PAGES, ROOT, page
from tests.app.rendered import assert_page_ok

SCRIPTS = [ROOT / "app.py", *PAGES]
# Element types that take input a save would send to the database.
EDITING = {
    "form",
    "text_input",
    "text_area",
    "number_input",
    "date_input",
    "time_input",
    "checkbox",
    "toggle",
    "file_uploader",
    "color_picker",
}
# Buttons that change only what is shown: the big screen's previous / pause / next.
READ_BUTTONS = {"scr_prev", "scr_pause", "scr_next"}
# Per editing page: the user who may edit there and a widget key only an editor sees.
EDITOR_CONTROL = {
    "occupancy": ("shibei", "occ_save"),
    "carriers": ("shibei", "c_save_-1"),
    "tenants": ("shibei", "t_save_-1"),
    "tenancies": ("shibei", "move_in_form"),
    "projectregister": ("shibei", "project_form_-1"),
    "grants": ("shibei", "g_save_-1"),
    "users": ("admin", "user_form"),
    "audit": ("admin", "a_user"),
}


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _describe(node: Any) -> str:
    return f"{node.type} {getattr(node, 'key', None) or getattr(node, 'label', '')!r}"


def editing_widgets(at: AppTest) -> list[str]:
    """Widgets in the main area that could change data (empty for a read-only page)."""
    found = []
    for node in _walk(at.main):
        kind = getattr(node, "type", "")
        saves = kind == "button" and getattr(node, "key", None) not in READ_BUTTONS
        if kind in EDITING or saves:
            found.append(_describe(node))
        elif kind == "dataframe" and getattr(node.proto, "editing_mode", 0):
            found.append(f"editable table {getattr(node, 'key', '')!r}")
    return found


def _widget_keys(at: AppTest) -> set[str]:
    return {str(getattr(n, "key", None)) for n in _walk(at.main)}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_viewer_and_visitor_see_no_editing_widget(
    make_app: Callable[..., AppTest], script: Path
) -> None:
    for user in ("viewer", None):
        at = make_app(script, user=user).run()
        assert_page_ok(at, f"{script.stem} as {user}")
        assert editing_widgets(at) == [], (script.stem, user)


@pytest.mark.parametrize("name", sorted(EDITOR_CONTROL))
def test_editors_do_see_the_editing_widgets(make_app: Callable[..., AppTest], name: str) -> None:
    user, key = EDITOR_CONTROL[name]
    at = make_app(page(name), user=user).run()
    assert_page_ok(at, f"{name} as {user}")
    assert key in _widget_keys(at), (name, sorted(_widget_keys(at)))
    if name != "audit":  # the audit page only filters and reads
        assert editing_widgets(at), name
