"""Read an HTML table (models.html_table) back into a DataFrame, for page tests.

Columns are named by each header's ``data-col`` key, so a test reads the same column
in Chinese and English. Cell text is unescaped, as a person sees it. Standard library
only (no lxml): the tables are small and our own.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _TableReader(HTMLParser):
    """Collects the first table's header keys and body rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cols: list[str] = []
        self.rows: list[list[str]] = []
        self.titles: dict[str, str] = {}
        self._cell: list[str] | None = None
        self._in_head = False
        self._in_caption = False
        self._tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        got = dict(attrs)
        if tag == "table":
            self._tables += 1
        if self._tables != 1:
            return
        if tag == "caption":
            self._in_caption = True
        elif tag == "thead":
            self._in_head = True
        elif tag == "th" and self._in_head:
            self.cols.append(got.get("data-col") or "")
        elif tag == "span" and self._in_head and got.get("title") and self.cols:
            self.titles[self.cols[-1]] = got["title"] or ""
        elif tag == "tr" and not self._in_head:
            self.rows.append([])
        elif tag in ("td", "th"):  # a body <th> labels its row (a table of facts)
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._in_caption:
            self._cell.append(data)


def read_table(html: str) -> pd.DataFrame:
    """The first ``<table>`` in ``html``: one string column per ``data-col`` header."""
    reader = _TableReader()
    reader.feed(html)
    rows = [r for r in reader.rows if len(r) == len(reader.cols)]
    return pd.DataFrame(rows, columns=reader.cols)


def header_titles(html: str) -> dict[str, str]:
    """Column key → the hover text on its header, for headers that have one."""
    reader = _TableReader()
    reader.feed(html)
    return reader.titles


def read_facts(html: str) -> dict[str, str]:
    """A two-column table of facts (row label, value) as label → value."""
    reader = _TableReader()
    reader.feed(html)
    return {row[0]: row[1] for row in reader.rows if len(row) == 2}
