"""A small table as plain HTML, for the few places where Streamlit's data grid costs more
than the table is worth.

``st.dataframe`` draws on a canvas grid whose code (about 2.5 MB of JavaScript, fetched
and compiled on first use) and layout made up a quarter of the map page's first draw:
time to a drawn map at 5,040 carriers was 4.3 s with the side table as a grid and 3.3 s
without it (headless Chromium, 2026-11-28). The map's zone table has five rows and four
columns; sorting, scrolling and column resizing buy nothing there, and the download
buttons beside it keep the data one click away.

Every header, help text and cell is escaped with :func:`geo.escape.escape_text`: zone
names come from translations today, but a table builder must not trust its input.
Each header carries its column's key in ``data-col`` so tests (and people reading the
DOM) can find a column without depending on the language shown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from geo.escape import escape_text

CSS_CLASS = "jt-table"

# Light theme, as .streamlit/config.toml; the grey and sizes follow Streamlit's own
# tables, so the table sits beside st.dataframe elsewhere without looking foreign.
# Numbers are right-aligned in tabular figures so that rates line up digit by digit.
# Nothing wraps (a name broken after each character is unreadable, QA found "出租/率"):
# headers are kept short, and a column too narrow for the table scrolls it sideways
# inside its own frame, never the page.
STYLE = f"""<style>
table.{CSS_CLASS} {{ width: 100%; border-collapse: collapse; font-size: 0.875rem;
  line-height: 1.4; }}
table.{CSS_CLASS} th, table.{CSS_CLASS} td {{ padding: 0.3rem 0.4rem;
  border-bottom: 1px solid rgba(49, 51, 63, 0.1); text-align: left; }}
table.{CSS_CLASS} td {{ white-space: nowrap; }}
table.{CSS_CLASS} th {{ color: rgba(49, 51, 63, 0.6); font-weight: 400; vertical-align: bottom;
  white-space: nowrap; }}
table.{CSS_CLASS} td.wrap {{ white-space: normal; overflow-wrap: anywhere; }}
table.{CSS_CLASS} th[scope="row"] {{ vertical-align: top; padding-right: 1rem; }}
table.{CSS_CLASS} .num {{ text-align: right; font-variant-numeric: tabular-nums; }}
table.{CSS_CLASS} [title] {{ cursor: help; text-decoration: underline dotted; }}
table.{CSS_CLASS} tbody tr:last-child > * {{ border-bottom: none; }}
div.{CSS_CLASS}-frame {{ overflow-x: auto; max-width: 100%; }}
details.{CSS_CLASS}-note {{ font-size: 0.875rem; color: rgba(49, 51, 63, 0.6);
  margin-top: 0.25rem; }}
details.{CSS_CLASS}-note summary {{ cursor: pointer; padding: 0.25rem 0; }}
</style>"""


def html_table(
    frame: pd.DataFrame,
    *,
    headers: Mapping[str, str],
    help_texts: Mapping[str, str] | None = None,
    numeric: Collection[str] = (),
    empty: str = "—",
    caption: str = "",
    note: tuple[str, str] | None = None,
    wrap: Collection[str] = (),
    row_header: str | None = None,
    show_header: bool = True,
) -> str:
    """The columns of ``frame`` named in ``headers`` (in that order) as an HTML table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Values as they should read; they are shown with ``str()``, NaN and None as "".
    headers : Mapping[str, str]
        Column key → header text, in display order. Columns not named are left out.
    help_texts : Mapping[str, str], optional
        Column key → hover text of its header (the header then shows a dotted underline).
    numeric : Collection[str]
        Column keys to right-align.
    empty : str
        The single cell shown when ``frame`` has no rows.
    caption : str
        Accessible name of the table (a visually hidden ``<caption>``), "" for none.
    note : tuple[str, str], optional
        ``(summary, text)`` shown under the table as a ``<details>`` that opens on a tap
        or a click: hover texts never show on a phone.
    wrap : Collection[str]
        Column keys whose cells may wrap (long free text such as an address); every
        other cell stays on one line.
    row_header : str, optional
        Column key whose cells label their row (``<th scope="row">``, in the header grey):
        a two-column table of facts reads "label  value".
    show_header : bool
        False leaves out the header row (a table of facts labels its rows instead).

    Returns
    -------
    str
        ``<style>``, then ``<table class="jt-table">`` in a frame that scrolls sideways
        when the column is narrower than the table (the page itself never does).
    """
    helps = help_texts or {}
    cols = [c for c in headers if c in frame.columns]

    def cell_class(col: str) -> str:
        names = [n for n, on in (("num", col in numeric), ("wrap", col in wrap)) if on]
        return f' class="{" ".join(names)}"' if names else ""

    def cell(col: str, value: object) -> str:
        text = "" if _missing(value) else escape_text(value)
        if col == row_header:
            return f'<th scope="row">{text}</th>'
        return f"<td{cell_class(col)}>{text}</td>"

    head = "".join(
        f'<th scope="col" data-col="{escape_text(c)}"{cell_class(c)}>'
        + (
            f'<span title="{escape_text(helps[c])}">{escape_text(headers[c])}</span>'
            if helps.get(c)
            else escape_text(headers[c])
        )
        + "</th>"
        for c in cols
    )
    rows = [
        "<tr>" + "".join(cell(c, v) for c, v in zip(cols, values, strict=True)) + "</tr>"
        for values in frame[cols].itertuples(index=False, name=None)
    ]
    if not rows:
        rows = [f'<tr><td colspan="{max(len(cols), 1)}">{escape_text(empty)}</td></tr>']
    hidden = (
        '<caption style="position:absolute;left:-9999px">' + escape_text(caption) + "</caption>"
        if caption
        else ""
    )
    details = (
        f'<details class="{CSS_CLASS}-note"><summary>{escape_text(note[0])}</summary>'
        f"{escape_text(note[1])}</details>"
        if note
        else ""
    )
    thead = f"<thead><tr>{head}</tr></thead>" if show_header else ""
    return (
        f'{STYLE}<div class="{CSS_CLASS}-frame"><table class="{CSS_CLASS}">{hidden}'
        f"{thead}<tbody>{''.join(rows)}</tbody></table></div>{details}"
    )


def _missing(value: object) -> bool:
    """True for None and NaN-like scalars (shown as an empty cell)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other non-scalars are shown as they are
        return False
