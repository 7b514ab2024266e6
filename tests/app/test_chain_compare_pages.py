"""The growth-chain and belt-comparison pages in both languages, against hand counts.

The expected figures are computed here in plain Python over the stored rows, not with
models.chain or models.zones_compare, so a wrong query cannot agree with itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import page
from tests.hand_graduations import hand_graduations

CHAIN = page("Chain")
COMPARE = page("Compare")


def _hand_incubator_to_accelerator(url: str, month: date | None = None) -> tuple[int, int]:
    """(year, count) of incubator → accelerator graduations in ``month``'s year up to it."""
    return hand_graduations(url, month, frm="incubator", to="accelerator")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("script", [CHAIN, COMPARE], ids=["chain", "compare"])
def test_page_runs_in_both_languages(
    make_app: Callable[..., AppTest], script: object, lang: str
) -> None:
    at = make_app(script)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    title = at.title[0].value
    assert (
        title
        == {
            "zh": {CHAIN: "成长阶梯", COMPARE: "园区与集聚带对比"},
            "en": {CHAIN: "Growth chain", COMPARE: "Park and belts compared"},
        }[lang][script]
    )
    # Every chart's data can be downloaded.
    assert len(at.get("download_button")) >= 3
    # No catalogue key shows up untranslated, in the page or inside a chart.
    specs = [str(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(specs) >= 3
    texts = [*specs, *(c.value for c in at.caption), *(m.label for m in at.metric)]
    raw = [k for k in ("ch_", "cmp_", "theme_") if any(k in text for text in texts)]
    assert not raw, raw
    # Months are written for the reader: no English month name on the Chinese page.
    slider = at.select_slider(
        key=("chain_month" if script == CHAIN else "compare_month") + f"_{lang}"
    )
    shown = slider.options[-1]  # the labels the browser gets
    assert shown == {"zh": "2026年10月", "en": "Oct 2026"}[lang]
    assert not any(m in " ".join(slider.options) for m in ("Jan", "Oct")) or lang == "en"


def test_incubator_to_accelerator_figure_is_the_hand_count(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    year, expected = _hand_incubator_to_accelerator(app_db)
    assert expected > 0  # the sample has such graduations, so the check means something
    at = make_app(CHAIN).run()
    metric = next(m for m in at.metric if "孵化器→加速器" in m.label)
    assert metric.label.startswith(f"{year}年")
    assert metric.value == f"{expected} 家次"


def test_an_earlier_month_answers_as_things_stood_then(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    at = make_app(CHAIN).run()
    slider = at.select_slider(key="chain_month_zh")
    options = slider.options
    at.select_slider(key="chain_month_zh").set_value(date(2025, 6, 1)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(options) == 36
    _, expected = _hand_incubator_to_accelerator(app_db, date(2025, 6, 1))
    _, whole_year = _hand_incubator_to_accelerator(app_db, date(2025, 12, 1))
    assert expected < whole_year  # graduations after June 2025 must not count yet
    metric = next(m for m in at.metric if "孵化器→加速器" in m.label)
    assert metric.label.startswith("2025年")
    assert metric.value == f"{expected} 家次"
    assert at.query_params["month"] == "2025-06"


def test_the_month_in_the_url_opens_that_month(make_app: Callable[..., AppTest]) -> None:
    at = make_app(COMPARE)
    at.query_params["month"] = "2024-03"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("2024年3月" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("lang", "names"),
    [("zh", ["成长阶梯", "园区与集聚带对比"]), ("en", ["Growth chain", "Park and belts compared"])],
)
def test_everyone_finds_both_pages_in_the_sidebar(
    make_app: Callable[..., AppTest], lang: str, names: list[str]
) -> None:
    at = make_app()
    at.session_state["lang"] = lang
    at.run()
    links = [str(link.proto.label) for link in at.sidebar.get("page_link")]
    assert all(name in links for name in names), links


def test_switching_language_keeps_the_chosen_month(make_app: Callable[..., AppTest]) -> None:
    at = make_app(CHAIN).run()
    at.select_slider(key="chain_month_zh").set_value(date(2025, 6, 1)).run()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    slider = at.select_slider(key="chain_month_en")
    assert slider.value == date(2025, 6, 1)  # the slider shows the month the figures use
    assert any(c.value == "As of the end of Jun 2025" for c in at.caption)


def test_the_chosen_month_follows_the_reader_to_the_other_pages(
    make_app: Callable[..., AppTest],
) -> None:
    # User QA: July chosen on one page, the next page opened on the newest month and its
    # figures were read as July's.
    at = make_app(CHAIN).run()
    at.select_slider(key="chain_month_zh").set_value(date(2025, 6, 1)).run()
    links = {
        str(link.proto.label): str(link.proto.query_string) for link in at.sidebar.get("page_link")
    }
    for page_name in ("总览", "地图", "改造项目", "园区与集聚带对比"):
        assert "month=2025-06" in links[page_name], links
    assert "month" not in links["政策对标"]  # a page without a month slider
    # A page opened without a month in its address starts from the month chosen.
    at.query_params.pop("month", None)
    at.switch_page(str(COMPARE.relative_to(COMPARE.parents[1]))).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.select_slider(key="compare_month_zh").value == date(2025, 6, 1)


def test_comparison_says_why_its_rows_exceed_the_district_total(
    make_app: Callable[..., AppTest],
) -> None:
    at = make_app(COMPARE).run()
    table = at.dataframe[0].value
    counts = table[table.columns[1]]  # carriers per row; the district total is the last row
    assert counts.iloc[:-1].sum() > counts.iloc[-1]  # the sample has carriers in two zones
    assert any("“全区合计”中每个载体只计一次" in c.value for c in at.caption)
