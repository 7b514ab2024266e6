"""CSV downloads, number and month formats, and chart specs of the chain pages."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pandas as pd
import pytest

from geo.style import STAGE_COLORS
from models import chain_charts as charts
from models.chain_format import fmt_int, fmt_month, fmt_months, fmt_year, month_options
from models.csv_safe import csv_bytes, neutralise, safe_frame
from models.i18n import t

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_cells_are_made_inert(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_harmless_cells_and_numbers_are_unchanged() -> None:
    assert neutralise("上海云途科技有限公司") == "上海云途科技有限公司"
    assert neutralise("a=b") == "a=b"
    assert neutralise(-3.5) == -3.5
    frame = pd.DataFrame({"name": ["=1+1", "ok"], "change": [-1.5, 2.0]})
    out = safe_frame(frame)
    assert out["name"].tolist() == ["'=1+1", "ok"]
    assert out["change"].tolist() == [-1.5, 2.0]  # negative numbers stay numbers
    assert frame["name"].tolist() == ["=1+1", "ok"]  # the input is not changed


def test_csv_has_a_bom_and_reads_back_as_text() -> None:
    frame = pd.DataFrame({"企业": ["=cmd|' /C calc'!A0", "上海测试"], "面积": [1200, 35]})
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8, not GBK
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["企业", "面积"], ["'=cmd|' /C calc'!A0", "1200"], ["上海测试", "35"]]
    with pytest.raises(TypeError):
        csv_bytes([1, 2])  # type: ignore[arg-type]


def test_month_and_number_formats_per_language() -> None:
    assert fmt_month(date(2026, 10, 1), "zh") == "2026年10月"
    assert fmt_month(date(2026, 10, 1), "en") == "Oct 2026"
    assert fmt_year(2026, "zh") == "2026年" and fmt_year(2026, "en") == "2026"
    assert fmt_int(27420.4) == "27,420" and fmt_int(None) == "—"
    assert fmt_months(16.37, "zh") == "16.4 个月"
    assert fmt_months(16.37, "en") == "16.4 months"
    months = month_options(date(2026, 10, 15), 3)
    assert months == [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]


def _tr(lang: str) -> charts.Tr:
    return lambda key, **params: t(key, lang, **params)


COUNTS = pd.DataFrame(
    {
        "year": [2025, 2026, 2026],
        "from_stage": ["incubator", "nursery", "incubator"],
        "to_stage": ["accelerator", "incubator", "accelerator"],
        "count": [1, 2, 3],
    }
)


def test_flow_chart_is_in_chinese_and_the_stage_palette() -> None:
    tr = _tr("zh")
    flow = charts.flow_frame(tr, "zh", COUNTS)
    spec = json.dumps(charts.flow_chart(tr, flow).to_dict(), ensure_ascii=False)
    assert "2026年" in spec and "孵化器→加速器" in spec and "毕业（家次）" in spec
    scale = charts.flow_chart(tr, flow).to_dict()["encoding"]["color"]["scale"]
    # Each path takes the colour of the stage the firms moved into.
    assert scale["domain"] == ["孵化器→加速器", "创业苗圃→孵化器"]
    assert scale["range"] == [STAGE_COLORS["accelerator"], STAGE_COLORS["incubator"]]
    assert not any(word in spec for word in ("Incubator", "Year", "Graduations"))


def test_paths_into_one_stage_have_colours_a_reader_can_tell_apart() -> None:
    """孵化器→加速器 and 众创空间→加速器 once shared the accelerator pink."""
    counts = pd.DataFrame(
        {
            "year": [2026] * 4,
            "from_stage": ["incubator", "public_space", "nursery", "public_space"],
            "to_stage": ["accelerator", "accelerator", "incubator", "incubator"],
            "count": [3, 1, 2, 1],
        }
    )
    tr = _tr("zh")
    scale = charts.flow_chart(tr, charts.flow_frame(tr, "zh", counts)).to_dict()["encoding"]
    colour = scale["color"]["scale"]
    colours = dict(zip(colour["domain"], colour["range"], strict=True))
    # The step from the stage just before keeps its stage's colour; a skip is lighter.
    assert colours["孵化器→加速器"] == STAGE_COLORS["accelerator"]
    assert colours["创业苗圃→孵化器"] == STAGE_COLORS["incubator"]
    assert len(set(colours.values())) == 4
    assert charts.tint("#000000", 0.5) == "#808080" and charts.tint("#336699", 0) == "#336699"
    # Skipping two stages is lighter still than skipping one (more white in every channel).
    light = charts.path_colour("public_space", "accelerator")
    assert light == charts.tint(STAGE_COLORS["accelerator"], 0.8)
    assert min(int(light[i : i + 2], 16) for i in (1, 3, 5)) > 150


def test_stays_table_formats_months_in_the_language() -> None:
    stays = pd.DataFrame(
        {
            "stage": ["incubator"],
            "ended": [2],
            "ended_median": [12.0],
            "ended_mean": [13.5],
            "open": [0],
            "open_median": [None],
            "open_mean": [None],
        }
    )
    table = charts.stays_table(_tr("en"), "en", stays)
    assert table.iloc[0].tolist() == ["Incubator", 2, "12.0 months", "13.5 months", 0, "—", "—"]
