"""ui.show_chart draws exactly what st.altair_chart draws, without re-validating the spec."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import altair as alt
    import pandas as pd
    import streamlit as st

    import ui

    frame = pd.DataFrame({"月份": ["2026-09", "2026-10"], "pct": [61.5, 64.0]})
    chart = alt.Chart(frame).mark_line().encode(x="月份:O", y="pct:Q")
    st.altair_chart(chart, width="stretch")
    ui.show_chart(chart)
    left, _ = st.columns(2)
    ui.show_chart(chart, left)
    # The chart is left as it was: validation still runs for anyone else.
    st.session_state["restored"] = "to_dict" not in vars(chart)


def test_show_chart_sends_the_same_chart_as_altair_chart() -> None:
    at = AppTest.from_function(_script, default_timeout=60).run()
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3
    specs = [json.loads(c.proto.spec) for c in charts]
    assert specs[0] == specs[1] == specs[2]
    datasets = [[d.data.data for d in c.proto.datasets] for c in charts]
    assert datasets[0] == datasets[1] == datasets[2] and datasets[0]
    assert at.session_state["restored"] is True


def _month_line_script() -> None:
    from datetime import date

    import pandas as pd
    import streamlit as st

    import ui

    trend = pd.DataFrame({"month": [date(2026, 9, 1), date(2026, 10, 1)], "rate": [0.6, 0.65]})
    spec = ui.month_line_chart(trend).to_dict()  # validates against the schema
    st.session_state["months"] = [row["month"] for row in next(iter(spec["datasets"].values()))]


def test_the_carrier_trend_chart_is_a_valid_spec() -> None:
    """show_chart skips validation on the page, so every builder is validated in a test."""
    at = AppTest.from_function(_month_line_script, default_timeout=60).run()
    assert not at.exception
    assert at.session_state["months"] == ["2026-09", "2026-10"]
