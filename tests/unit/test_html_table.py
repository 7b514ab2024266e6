"""models.html_table: the map's side table as plain HTML (order, alignment, escaping)."""

from __future__ import annotations

import re

import pandas as pd

from models.html_table import html_table
from tests.html_tables import header_titles, read_facts, read_table

PAYLOADS = ["<img src=x onerror=alert(1)>", "{{7*7}}", "`${alert(1)}`", "</script><b>x</b>"]


def test_columns_follow_the_headers_in_their_order_and_unnamed_ones_are_left_out() -> None:
    frame = pd.DataFrame({"b": [1, 2], "a": ["x", "y"], "hidden": ["secret", "secret"]})
    html = html_table(frame, headers={"a": "甲", "b": "乙"})
    assert list(read_table(html).columns) == ["a", "b"]
    assert read_table(html).to_dict("list") == {"a": ["x", "y"], "b": ["1", "2"]}
    assert "secret" not in html
    assert re.findall(r"<th[^>]*>([^<]*)</th>", html) == ["甲", "乙"]


def test_numbers_are_right_aligned_and_missing_values_are_blank() -> None:
    frame = pd.DataFrame({"name": ["park", None], "rate": ["79.4%", None]})
    html = html_table(frame, headers={"name": "Zone", "rate": "Occ."}, numeric=["rate"])
    cells = re.findall(r"<td([^>]*)>([^<]*)</td>", html)
    assert cells == [("", "park"), (' class="num"', "79.4%"), ("", ""), (' class="num"', "")]


def test_an_empty_frame_says_so_in_one_cell_spanning_the_table() -> None:
    html = html_table(pd.DataFrame({"a": [], "b": []}), headers={"a": "A", "b": "B"}, empty="—")
    assert '<td colspan="2">—</td>' in html


def test_help_texts_sit_on_their_headers() -> None:
    frame = pd.DataFrame({"rate": ["1%"], "n": [1]})
    html = html_table(frame, headers={"rate": "Occ.", "n": "N"}, help_texts={"rate": "a < b"})
    assert header_titles(html) == {"rate": "a < b"}


def test_user_text_in_cells_headers_and_help_is_inert() -> None:
    """Every payload shows literally: no tag, no template syntax, no JS literal break."""
    frame = pd.DataFrame({"name": PAYLOADS})
    html = html_table(
        frame, headers={"name": PAYLOADS[0]}, help_texts={"name": PAYLOADS[2]}, caption=PAYLOADS[3]
    )
    body = html.split("</style>", 1)[1]
    assert "<img" not in body and "<b>" not in body and "</script>" not in body
    assert "{{" not in body and "${" not in body and "`" not in body
    assert read_table(html)["name"].tolist() == PAYLOADS  # a person reads them as typed
    assert header_titles(html) == {"name": PAYLOADS[2]}


def test_a_note_opens_under_the_table_on_a_tap_and_is_escaped() -> None:
    """Hover texts never show on a phone; the note is a <details> a finger can open."""
    frame = pd.DataFrame({"a": ["x"]})
    html = html_table(frame, headers={"a": "A"}, note=("口径", "rate = a ÷ b <i>"))
    tail = html.split("</table></div>", 1)[1]
    assert tail == (
        '<details class="jt-table-note"><summary>口径</summary>rate = a ÷ b &lt;i&gt;</details>'
    )
    assert "<details" not in html_table(frame, headers={"a": "A"})


def test_a_table_of_facts_labels_its_rows_and_lets_long_values_wrap() -> None:
    """The carrier's facts: label then value, no header row, an address may wrap."""
    frame = pd.DataFrame({"k": ["地址", "阶段"], "v": ["江场三路76-78号 " * 4, PAYLOADS[0]]})
    html = html_table(
        frame, headers={"k": "", "v": ""}, row_header="k", wrap=["v"], show_header=False
    )
    assert "<thead>" not in html
    assert re.findall(r'<th scope="row">([^<]*)</th>', html) == ["地址", "阶段"]
    assert re.findall(r"<td([^>]*)>", html) == [' class="wrap"', ' class="wrap"']
    assert "td.wrap { white-space: normal;" in html  # the only cells allowed to wrap
    assert read_facts(html) == {"地址": "江场三路76-78号 " * 4, "阶段": PAYLOADS[0]}
    assert "<img" not in html.split("</style>", 1)[1]
