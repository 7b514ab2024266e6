"""The big screen page (issue 9): both languages, scene rotation, last figures in an outage.

The fragment that rotates the scenes runs inline in a full AppTest run; its clock is the
``scr_scene_at`` time in session state, so moving that back by more than the interval
simulates the interval passing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from models.settings import get_settings
from tests.app.conftest import ROOT
from tests.app.rendered import DB_MESSAGE_ZH, assert_page_ok, rendered_text

SCREEN = ROOT / "pages" / "screen.py"
DEAD_DB = "postgresql+psycopg://nobody@127.0.0.1:1/x"


def _screen(make_app: Callable[..., AppTest], **params: str) -> AppTest:
    at = make_app(SCREEN)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ("静安区科技创新空间 · 运行态势", "数据截至 2026年10月", "创新载体", "总览 1/5")),
        (
            "en",
            ("Jing&#x27;an innovation spaces", "Data as of Oct 2026", "Carriers", "Overview 1/5"),
        ),
    ],
)
def test_screen_runs_in_both_languages(
    make_app: Callable[..., AppTest], lang: str, words: tuple[str, ...]
) -> None:
    at = _screen(make_app, lang=lang)
    assert_page_ok(at, lang)
    text = rendered_text(at)
    for word in words:
        assert word in text, word
    assert "120" in text  # the seeded carriers, as on the home page
    assert not at.sidebar.children or not any(at.sidebar.button)  # no sidebar controls


def test_everyone_finds_the_big_screen_in_the_sidebar(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    links = {str(link.proto.label): str(link.proto.page) for link in at.sidebar.get("page_link")}
    assert "大屏展示" in links, links
    # ... and the way back from it (user QA: the screen had no link out).
    screen = _screen(make_app, lang="en")
    [back] = [link.proto for link in screen.get("page_link")]
    assert back.label == "Back" and "lang=en" in back.query_string


def test_scenes_advance_when_the_interval_has_passed(make_app: Callable[..., AppTest]) -> None:
    at = _screen(make_app, interval="20")
    assert at.session_state["scr_scene"] == 0
    at.run()  # a rerun inside the interval keeps the scene
    assert at.session_state["scr_scene"] == 0
    at.session_state["scr_scene_at"] = time.time() - 21
    at.run()
    assert at.session_state["scr_scene"] == 1
    text = rendered_text(at)
    assert "孵化链条 2/5" in text and "最新毕业企业" in text
    assert_page_ok(at)


def test_url_picks_scenes_and_the_buttons_step_and_pause(
    make_app: Callable[..., AppTest],
) -> None:
    # A long interval: a slow full run between a click and the fragment must not also
    # count as the interval passing.
    at = _screen(make_app, scenes="conversions,bogus,belts", interval="600")
    options = at.session_state["scr_options"]
    assert options.scenes == ("conversions", "belts") and options.interval == 600
    assert "载体改造 1/2" in rendered_text(at)
    at.button(key="scr_next").click().run()
    assert "园区与集聚带 2/2" in rendered_text(at)
    at.button(key="scr_pause").click().run()
    at.session_state["scr_scene_at"] = time.time() - 60
    at.run()
    text = rendered_text(at)
    assert "园区与集聚带 2/2 · 已暂停" in text  # paused: the interval does not move it
    at.button(key="scr_prev").click().run()
    assert "载体改造 1/2" in rendered_text(at)


def _use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()  # the overview rows are one shared object
    st.cache_resource.clear()


def test_outage_keeps_the_last_figures_with_a_notice_and_recovers(
    make_app: Callable[..., AppTest], app_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _screen(make_app)
    good_at = at.session_state["scr_ok_at"]
    _use_database(monkeypatch, DEAD_DB)
    at.run()
    assert_page_ok(at, "during the outage")
    text = rendered_text(at)
    assert f"数据连接中断，显示 {good_at} 的数据" in text
    assert "120" in text and "83.5%" in text  # the last good figures stay
    assert DB_MESSAGE_ZH not in text and "127.0.0.1" not in text and "psycopg" not in text
    _use_database(monkeypatch, app_db)
    at.run()
    assert_page_ok(at, "after the outage")
    assert "数据连接中断" not in rendered_text(at)


def test_first_load_during_an_outage_says_it_is_connecting(
    make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_database(monkeypatch, DEAD_DB)
    at = _screen(make_app)
    assert_page_ok(at)
    assert "正在连接数据" in rendered_text(at)


def test_spotlight_scene_shows_one_carrier_then_the_next(
    make_app: Callable[..., AppTest],
) -> None:
    at = _screen(make_app, scenes="spotlight,overview", interval="600")
    text = rendered_text(at)
    assert "载体聚焦 1/2" in text and "聚焦载体 1/5" in text and "年晋级迁入" in text
    first = at.session_state["scr_figs"].spotlights[0]
    assert first.stage in ("accelerator", "incubator") and first.name_zh in text
    at.button(key="scr_next").click().run()  # leave the spotlight ...
    at.button(key="scr_next").click().run()  # ... and come back: the next carrier
    text = rendered_text(at)
    assert "聚焦载体 2/5" in text
    assert at.session_state["scr_figs"].spotlights[1].name_zh in text
    assert_page_ok(at)


SETTINGS = ROOT / "pages" / "14_screen_settings.py"


def test_admin_stores_screen_settings_and_the_wall_follows_unless_the_url_says_otherwise(
    make_app: Callable[..., AppTest],
) -> None:
    admin = make_app(SETTINGS, user="admin").run()
    assert_page_ok(admin)
    assert "当前：服务器默认设置（环境变量）" in rendered_text(admin)
    admin.multiselect(key="scr_set_scenes").set_value(["spotlight", "belts"])
    admin.number_input(key="scr_set_interval").set_value(30)
    admin.button(key="FormSubmitter:scr_settings-保存").click().run()
    assert_page_ok(admin)
    assert "当前：已保存的设置（第 1 版）" in rendered_text(admin)
    wall = _screen(make_app)
    opts = wall.session_state["scr_options"]
    assert opts.scenes == ("spotlight", "belts") and opts.interval == 30
    assert "载体聚焦 1/2" in rendered_text(wall)
    url = _screen(make_app, scenes="chain", interval="45")
    assert url.session_state["scr_options"].scenes == ("chain",)
    assert url.session_state["scr_options"].interval == 45
    admin.button(key="scr_set_reset").click().run()
    assert "当前：服务器默认设置（环境变量）" in rendered_text(admin)
    assert _screen(make_app).session_state["scr_options"].scenes[0] == "overview"
    audit = make_app(ROOT / "pages" / "6_audit.py", user="admin").run()
    assert_page_ok(audit)
    assert "大屏设置" in rendered_text(audit)  # both changes are in the audit trail


def test_screen_settings_are_for_admins_only(make_app: Callable[..., AppTest]) -> None:
    for user in (None, "viewer", "shibei"):
        at = make_app(SETTINGS, user=user).run()
        assert_page_ok(at)
        assert not at.get("multiselect"), user
