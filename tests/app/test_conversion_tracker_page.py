"""The conversion tracker page in both languages, against hand counts over stored rows.

The expected late projects and status counts are worked out here in plain Python from
the stored projects and their status history, not with models.conversion_tracker, so a
wrong rule cannot agree with itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any
from unittest.mock import patch

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.carrier import Carrier
from models.conversion import ConversionProject, ConversionStatusChange
from models.conversion_tracker import STATUS_COLORS
from models.db import get_engine
from models.enums import ConversionStatus
from models.i18n import t
from tests.app.conftest import page

CONVERSIONS = page("Conversions")
END = date(2026, 10, 31)  # the seeded sample's newest month, the page's default


def _hand(url: str, end: date = END) -> tuple[dict[str, int], list[str]]:
    """(projects per status, Chinese names of the late projects) at ``end``."""
    with Session(get_engine(url)) as s:
        projects = s.exec(select(ConversionProject)).all()
        changes = s.exec(select(ConversionStatusChange)).all()
    counts = dict.fromkeys((c.value for c in ConversionStatus), 0)
    late: list[str] = []
    for p in projects:
        mine = sorted((c.changed_on, c.id or 0, c.status) for c in changes if c.project_id == p.id)
        known = [m for m in mine if m[0] <= end]
        if not known:
            continue
        status = known[-1][2]
        counts[status] += 1
        if status == "cancelled":
            continue
        first = {st: on for on, _, st in reversed(known)}
        pairs = [
            (p.planned_start, p.actual_start or first.get("under_construction")),
            (p.planned_open, p.actual_open or first.get("operating")),
        ]
        opened = pairs[1][1] if pairs[1][1] is not None and pairs[1][1] <= end else None
        if p.planned_open is not None and opened is not None and opened <= p.planned_open:
            continue  # opened on time or early: a late start it caught up on is no delay
        for planned, actual in pairs:
            actual = actual if actual is not None and actual <= end else None
            if planned is not None and (
                (actual is None and planned < end) or (actual is not None and actual > planned)
            ):
                late.append(p.name_zh)
                break
    return counts, late


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs_in_both_languages(make_app: Callable[..., AppTest], lang: str) -> None:
    at = make_app(CONVERSIONS)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("conversions_page", lang)
    # The board: one metric per status, in the pipeline's order, cancelled last.
    assert [m.label for m in at.metric] == [t(s.value, lang) for s in ConversionStatus]
    # Timeline, two m² charts, occupancy since opening; every one downloadable.
    specs = [str(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(specs) == 4
    assert len(at.get("download_button")) >= 5
    texts = [*specs, *(c.value for c in at.caption), *(m.label for m in at.metric)]
    assert not [x for x in texts if "ct_" in x]
    # Date axes are written for the reader: Chinese months, never "%b" (English names).
    if lang == "zh":
        plain = json.dumps([json.loads(x) for x in specs], ensure_ascii=False)
        assert "%Y年%-m月" in plain and "%b" not in plain
    # The project table has the zone column, with translated headers.
    table = next(d for d in at.dataframe if "zone" in d.value.columns)
    assert table.value["zone"].str.len().min() > 0
    # The legend names every status in the reader's language.
    legend = " ".join(str(h.proto) for h in at.get("html"))
    assert all(t(s.value, lang) in legend for s in ConversionStatus)


class FakeFolium:
    """Stands in for st_folium: records its arguments."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, fig: Any, **kwargs: Any) -> None:
        self.calls.append(kwargs)


def test_projects_on_the_map_coloured_by_status(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    fake = FakeFolium()
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(CONVERSIONS).run()
    assert not at.exception, [e.value for e in at.exception]
    call = fake.calls[-1]
    assert call["returned_objects"] == [] and call["key"] == "ct_map_zh"
    (layer,) = call["feature_group_to_add"]
    (geojson,) = layer._children.values()
    features = geojson.data["features"]
    counts, _ = _hand(app_db)
    assert len(features) == sum(counts.values())
    for feature in features:
        status = feature["properties"]["status"]
        assert geojson.style_function(feature)["fillColor"] == STATUS_COLORS[status]


def test_board_and_late_list_match_the_hand_count(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    counts, late = _hand(app_db)
    assert late, "the sample has late projects, so the check means something"
    at = make_app(CONVERSIONS).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.metric] == [f"{counts[s.value]} 个" for s in ConversionStatus]
    listed = next(d.value for d in at.dataframe if "延期天数" in d.value.columns)
    assert sorted(listed["项目"]) == sorted(late)
    # The warning splits the list: late now (the home page's count) and late once.
    from models.overview import late_projects, prepare
    from models.queries import overview_data

    with Session(get_engine(app_db)) as session:
        data = prepare(overview_data(session))
    now = len(late_projects(data, as_of=date(2026, 10, 1)))
    assert 0 < now <= len(late)
    expected = f"{now} 个项目目前延期（与总览“项目延期”同一口径）" + (
        f"；另有 {len(late) - now} 个已开工或开业，但晚于计划" if len(late) > now else ""
    )
    assert any(w.value == expected for w in at.warning), [w.value for w in at.warning]
    # A project late now is late by the same number of days on both pages.
    home = late_projects(data, as_of=date(2026, 10, 1)).set_index("name_zh")["days_late"]
    here = listed.set_index("项目")["延期天数"]
    assert {n: int(here[n]) for n in home.index} == {n: int(d) for n, d in home.items()}


def test_an_earlier_month_shows_the_status_then(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    counts, late = _hand(app_db, date(2024, 6, 30))
    at = make_app(CONVERSIONS).run()
    at.select_slider(key="conv_month_zh").set_value(date(2024, 6, 1)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.metric] == [f"{counts[s.value]} 个" for s in ConversionStatus]
    listed = next(d.value for d in at.dataframe if "延期天数" in d.value.columns)
    assert sorted(listed["项目"]) == sorted(late)
    assert at.query_params["month"] == ["2024-06"] or at.query_params["month"] == "2024-06"


def test_a_status_change_from_the_form_moves_the_board(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    with Session(get_engine(app_db)) as s:
        pid = s.exec(
            select(ConversionProject.id)
            .where(ConversionProject.status == "identified")
            .order_by(ConversionProject.id)
        ).first()
    before, _ = _hand(app_db)
    at = make_app(CONVERSIONS, user="admin").run()
    at.selectbox(key="p_pick").set_value(pid).run()
    at.selectbox(key="p_new_status").set_value("planning")
    at.date_input(key="p_on").set_value(date(2026, 10, 15))  # inside the month shown
    next(b for b in at.button if b.label == t("change_status", "zh")).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with Session(get_engine(app_db)) as s:
        assert s.get(ConversionProject, pid).status == "planning"  # type: ignore[union-attr]
    after = {m.label: m.value for m in at.metric}
    assert after[t("identified")] == f"{before['identified'] - 1} 个"
    assert after[t("planning")] == f"{before['planning'] + 1} 个"


def test_an_operating_project_without_a_carrier_is_named_and_can_be_linked(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    # User QA: the largest operating project (闲置商场（大宁）, 24,400 m²) was silently
    # missing from the occupancy chart, and nothing could link it any more.
    unlinked = (ConversionProject.status == "operating") & (ConversionProject.carrier_id == None)  # noqa: E711
    with Session(get_engine(app_db)) as s:
        project = s.exec(select(ConversionProject).where(unlinked)).first()
        assert project is not None, "the sample has an operating project without a carrier"
        carrier_id = s.exec(select(Carrier.id).where(Carrier.deleted_at == None)).first()  # noqa: E711
    named = "没有出租率的项目："
    # A viewer is told which, but not how to link: there is no form for them (user QA).
    viewer = make_app(CONVERSIONS, user="viewer").run()
    [said] = [c.value for c in viewer.caption if named in c.value]
    assert project.name_zh in said and "即可关联" not in said
    at = make_app(CONVERSIONS, user="admin").run()
    assert any(named in c.value and "即可关联" in c.value for c in at.caption)
    at.selectbox(key="p_pick").set_value(project.id).run()
    at.selectbox(key=f"p_link_{project.id}").set_value(carrier_id)
    at = next(b for b in at.button if b.label == t("ct_link_carrier", "zh")).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with Session(get_engine(app_db)) as s:
        assert s.get(ConversionProject, project.id).carrier_id == carrier_id  # type: ignore[union-attr]
    assert not any(named in c.value and project.name_zh in c.value for c in at.caption)
