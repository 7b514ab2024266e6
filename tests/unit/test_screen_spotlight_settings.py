"""The big screen's spotlight scene and its stored settings (issue 9, remaining gaps).

The spotlight is checked against small hand-made frames whose answers are worked out in
the comments; the settings service against a real database on SQLite and PostgreSQL:
admins only, validated, version-guarded, audited, and URL > stored > environment.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from sqlmodel import Session, select

from models.audit import AuditEvent
from models.errors import Conflict, PermissionDenied, ValidationFailed
from models.screen import ScreenOptions, assemble, next_spot, turn
from models.screen_html import panels, spotlight_ring
from models.screen_spotlight import pick, spotlights
from models.services.core import SYSTEM, Actor
from models.services.screen_settings import (
    clear_screen_settings,
    save_screen_settings,
    screen_defaults,
    screen_options,
)
from models.settings import Settings
from tests.unit.test_models_screen import _hand_inputs

MONTH = date(2026, 10, 1)


def _carriers() -> pd.DataFrame:
    rows = [
        # id, stage, occupancy
        (1, "accelerator", 0.90),
        (2, "incubator", 0.95),
        (3, "incubator", None),
        (4, "public_space", 0.99),  # not at the top of the chain: never picked automatically
    ]
    return pd.DataFrame(
        [
            {
                "id": i,
                "name_zh": f"载体{i}",
                "name_en": f"Carrier {i}",
                "stage": stage,
                "park_code": "shibei" if i < 3 else None,
                "belt_codes": "belt_mrr" if i == 1 else "",
                "operator": "运营方",
                "accreditation": "national" if i == 1 else "none",
                "origin": "new",
                "opened_on": date(2020, 5, 1),
                "total_area_m2": 1000.0 * i,
                "occupancy_rate": rate,
                "counted": True,
            }
            for i, stage, rate in rows
        ]
    )


def _tenancies() -> pd.DataFrame:
    def row(tid: int, tenant: int, carrier: int, industry: str, end: str | None) -> dict:
        return {
            "tenancy_id": tid,
            "tenant_id": tenant,
            "tenant_name": f"企业{tenant}",
            "tenant_name_en": f"Firm {tenant}",
            "industry": industry,
            "carrier_id": carrier,
            "stage": "incubator",
            "area_m2": 10.0,
            "start_on": date(2024, 1, 1),
            "end_on": date.fromisoformat(end) if end else None,
            "exit_reason": None,
        }

    return pd.DataFrame(
        [
            row(1, 11, 3, "ai", None),
            row(2, 12, 3, "ai", None),
            row(3, 13, 3, "iot", None),
            row(4, 14, 3, "vr", None),
            row(5, 15, 3, "big_data", None),
            row(6, 15, 3, "big_data", "2026-03-01"),  # ended: not a current tenant
            row(7, 11, 1, "ai", None),
        ]
    )


def _events() -> pd.DataFrame:
    def ev(tenant: int, src: int, dst: int, on: str) -> dict:
        when = date.fromisoformat(on)
        return {
            "tenant_id": tenant,
            "tenant_name": f"企业{tenant}",
            "tenant_name_en": None,
            "from_tenancy_id": tenant * 10,
            "to_tenancy_id": tenant * 10 + 1,
            "from_carrier_id": src,
            "to_carrier_id": dst,
            "from_stage": "incubator",
            "to_stage": "accelerator",
            "on": when,
            "year": when.year,
        }

    return pd.DataFrame(
        [
            ev(21, 3, 1, "2026-02-01"),
            ev(22, 3, 1, "2026-06-01"),
            ev(23, 2, 1, "2026-04-01"),
            ev(24, 2, 1, "2025-12-01"),  # last year: not counted
        ]
    )


def test_spotlight_picks_the_busiest_top_of_the_chain_first() -> None:
    in_year = _events()[_events()["year"] == 2026]
    # Moves in 2026: carrier 1 gets 3 (in), carrier 3 sends 2, carrier 2 sends 1.
    # Carrier 4 is a public space: left out. Ties would go to the fuller carrier.
    assert pick(_carriers(), in_year) == [1, 3, 2]
    # Pinned ids win, in their order; unknown ones (99) are dropped.
    assert pick(_carriers(), in_year, pinned=(4, 99, 2)) == [4, 2]


def test_spotlight_figures_match_the_hand_count() -> None:
    spots = spotlights(_carriers(), _tenancies(), _events(), month=MONTH)
    by_id = {s.carrier_id: s for s in spots}
    three = by_id[3]
    # Current tenants of carrier 3: firms 11, 12, 13, 14, 15 (15's second tenancy ended,
    # its first is open) = 5; industries: ai 2, then big_data, iot, vr 1 each (name order).
    assert three.tenants == 5
    assert three.industries == (("ai", 2), ("big_data", 1), ("iot", 1))
    assert (three.grads_out, three.grads_in) == (2, 0)
    # Newest first; no English name: the Chinese one stands in.
    assert [g[0] for g in three.graduates] == ["企业22", "企业21"]
    assert three.graduates[0][1] == "企业22" and three.graduates[0][4] == "out"
    assert three.occupancy is None and three.zones == ()  # no park, no belt
    one = by_id[1]
    assert (one.grads_out, one.grads_in) == (0, 3) and one.zones == ("shibei", "belt_mrr")
    assert one.occupancy == 0.9 and one.opened == "2020-05" and one.accreditation == "national"
    assert spotlights(_carriers(), _tenancies(), _events(), month=None) == ()


def test_spotlight_panels_show_the_carrier_and_escape_its_name() -> None:
    carriers = _carriers()
    carriers.loc[0, "name_zh"] = "<script>x</script>"
    spots = spotlights(carriers, _tenancies(), _events(), month=MONTH)
    fig = replace(assemble(**_hand_inputs()), spotlights=spots)  # type: ignore[arg-type]
    left, right = panels("spotlight", fig, "zh", spot=0)
    assert "&lt;script&gt;x&lt;/script&gt;" in left and "<script>x" not in left
    assert "聚焦载体 1/3" in left and "90.0%" in left and "2026年晋级迁入" in left
    left, right = panels("spotlight", fig, "en", spot=4)  # 4 % 3: the second carrier
    assert "Spotlight 2 of 3" in left and "Carrier 3" in left
    assert "AI" in right and "Firm" not in right  # the graduates' Chinese names stand in
    nobody = assemble(**_hand_inputs())  # type: ignore[arg-type]
    assert "暂无可聚焦的载体" in panels("spotlight", nobody, "zh")[0]


def test_a_spotlight_turn_shows_the_next_carrier_when_the_scene_comes_round() -> None:
    opts = ScreenOptions(scenes=("overview", "spotlight"), interval=20)
    state: dict[str, object] = {"scr_scene_at": 0.0}
    turn(state, opts, now=21.0)  # overview -> spotlight: first carrier
    assert (state["scr_scene"], state["scr_spot"]) == (1, 0)
    turn(state, opts, now=42.0)  # spotlight -> overview: the counter moves on
    turn(state, opts, now=63.0)
    assert (state["scr_scene"], state["scr_spot"]) == (1, 1)
    turn(state, opts, now=64.0, step=-1)  # a key press leaves it too
    assert (state["scr_scene"], state["scr_spot"]) == (0, 2)
    alone = ScreenOptions(scenes=("spotlight",), interval=20)
    state = {"scr_scene_at": 0.0}
    turn(state, alone, now=10.0)
    assert state["scr_spot"] == 0  # not yet due
    turn(state, alone, now=21.0)
    assert state["scr_spot"] == 1  # a lone spotlight still rotates
    assert next_spot(5, left="chain", turned=True) == 5


# ----------------------------------------------------------------- stored settings

ENV = Settings(screen_scenes="overview,chain", screen_interval=20, screen_refresh=60)


def _fresh(session: Session) -> int:
    """No stored settings (the PostgreSQL database is shared by tests); their version."""
    now = screen_defaults(session, env=ENV)
    if now.stored:
        now = clear_screen_settings(session, actor=SYSTEM, expected_version=now.version, env=ENV)
        session.commit()
    return now.version


def test_url_wins_over_stored_over_environment(session: Session) -> None:
    version = _fresh(session)
    assert screen_options({}, None, env=ENV) == ScreenOptions(("overview", "chain"), 20, 60, ())
    stored = save_screen_settings(
        session,
        actor=SYSTEM,
        scenes=["spotlight", "belts"],
        interval=30,
        refresh=120,
        spotlight=[],
        expected_version=version,
        env=ENV,
    )
    session.commit()
    assert screen_defaults(session, env=ENV) == stored
    got = screen_options({}, stored, env=ENV)
    assert got == ScreenOptions(("spotlight", "belts"), 30, 120, ())
    url = screen_options({"scenes": "chain", "interval": "45", "refresh": "7"}, stored, env=ENV)
    assert url == ScreenOptions(("chain",), 45, 7, ())


def test_only_admins_save_and_bad_values_name_their_field(session: Session) -> None:
    version = _fresh(session)
    viewer = Actor(username="viewer")
    with pytest.raises(PermissionDenied):
        save_screen_settings(
            session,
            actor=viewer,
            scenes=["overview"],
            interval=30,
            refresh=60,
            expected_version=version,
            env=ENV,
        )
    with pytest.raises(ValidationFailed) as bad:
        save_screen_settings(
            session,
            actor=SYSTEM,
            scenes=["bogus"],
            interval=2,
            refresh=99999,
            spotlight=[987654],
            expected_version=version,
            env=ENV,
        )
    text = " ".join(bad.value.messages("zh"))
    assert "请至少选择一个有效的画面" in text
    assert "每屏停留（秒）须在 5 至 3600 之间" in text
    assert "数据刷新间隔（秒）须在 10 至 3600 之间" in text
    assert "987654" in text
    assert screen_defaults(session, env=ENV).stored is False  # nothing written


def test_a_stale_version_conflicts_and_every_change_is_audited(session: Session) -> None:
    version = _fresh(session)
    kwargs = {"scenes": ["overview"], "interval": 30, "refresh": 60, "env": ENV}
    first = save_screen_settings(session, actor=SYSTEM, expected_version=version, **kwargs)
    session.commit()
    with pytest.raises(Conflict):
        save_screen_settings(session, actor=SYSTEM, expected_version=version, **kwargs)
    session.rollback()
    back = clear_screen_settings(session, actor=SYSTEM, expected_version=first.version, env=ENV)
    session.commit()
    assert back.stored is False and back.scenes == "overview,chain"
    assert back.version == version + 2
    events = session.exec(
        select(AuditEvent).where(AuditEvent.entity == "screen_settings").order_by(AuditEvent.id)
    ).all()[-2:]
    assert [e.action for e in events] == ["update", "delete"]
    assert json.loads(events[0].after or "{}")["scenes"] == "overview"
    assert json.loads(events[1].before or "{}")["interval"] == 30


def test_the_map_rings_the_spotlight_carrier_and_only_on_its_scene() -> None:
    carriers = _carriers().assign(lat=31.25, lon=121.45)
    carriers.loc[0, "name_zh"] = "</script><script>alert(1)</script>"
    spots = spotlights(carriers, _tenancies(), _events(), month=MONTH)
    fig = replace(assemble(**_hand_inputs()), spotlights=spots)  # type: ignore[arg-type]
    ring = spotlight_ring("spotlight", fig, 0)
    assert '({"id": 1, "lat": 31.25, "lon": 121.45});</script>' in ring
    assert "alert" not in ring  # numbers only, never a name
    assert '"id": 3' in spotlight_ring("spotlight", fig, 1)  # the next turn, the next carrier
    assert spotlight_ring("overview", fig, 0).endswith("(null);</script>")  # ring removed
    assert spotlight_ring("spotlight", None, 0).endswith("(null);</script>")
