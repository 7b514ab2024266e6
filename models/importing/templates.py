"""Templates and exports in the import format: the same columns, both languages.

A template is the kind's header row (required columns marked ``*``) with one sample
row, plus a second sheet that documents every column: required or not, the format, the
values a choice column accepts. An export writes stored records in exactly that shape,
so exporting and importing again changes nothing (the round trip the tests check).

Pure: no Streamlit.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any, Literal

import pandas as pd
from sqlmodel import Session

from models.csv_safe import csv_bytes, neutralise
from models.i18n import t
from models.importing.kinds import Column, Kind
from models.importing.registry import KINDS
from models.importing.values import (
    EnumParser,
    choices_text,
    parse_bool,
    parse_date,
    parse_int,
    parse_month,
    parse_number,
)

Format = Literal["xlsx", "csv"]


def _cell(column: Column, value: Any, lang: str) -> Any:
    """A stored value as a person would type it in this column."""
    if value is None or value == "":
        return ""
    if isinstance(column.parse, EnumParser):
        return t(str(value), lang)
    if column.parse is parse_bool:
        return t("yes" if value else "no", lang)
    if column.parse is parse_month and isinstance(value, date):
        return value.strftime("%Y-%m")
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def frame(kind: Kind, lang: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows (stored values by field) as a table with the template's headers."""
    data = {c.header(lang): [_cell(c, r.get(c.field), lang) for r in rows] for c in kind.columns}
    return pd.DataFrame(data, columns=[c.header(lang) for c in kind.columns])


def sample_frame(kind: Kind, lang: str) -> pd.DataFrame:
    """The template: headers and one sample row (sample values typed as a person would)."""
    row = {c.header(lang): [c.sample] for c in kind.columns}
    if lang == "en":
        # The Chinese sample labels are translated so the English template reads English.
        for c in kind.columns:
            if isinstance(c.parse, EnumParser) and c.sample:
                row[c.header(lang)] = [t(c.parse(c.sample), "en")]
            elif c.parse is parse_bool and c.sample:
                row[c.header(lang)] = [t("yes" if parse_bool(c.sample) else "no", "en")]
            elif c.parse is parse_date and isinstance(c.sample, str) and "年" in c.sample:
                # "2024年3月1日" in an English template (admin QA): the ISO form there.
                row[c.header(lang)] = [parse_date(c.sample).isoformat()]
    return pd.DataFrame(row)


def _format_note(column: Column, lang: str) -> str:
    if isinstance(column.parse, EnumParser):
        return t("imp_fmt_choice", lang, choices=choices_text(column.parse.enum, lang))
    if column.parse is parse_bool:
        return t("imp_fmt_bool", lang)
    if column.parse is parse_month:
        return t("imp_fmt_month", lang)
    if column.parse is parse_date:
        return t("imp_fmt_date", lang)
    if column.parse is parse_int:  # counts: said "Text" (admin QA)
        return t("imp_fmt_whole", lang)
    if column.parse is parse_number:
        return t("imp_fmt_number", lang)
    return t("imp_fmt_text", lang)


def notes_frame(kind: Kind, lang: str) -> pd.DataFrame:
    """One line per column: header, the other language's header, required, format."""
    other = "zh" if lang == "en" else "en"
    return pd.DataFrame(
        {
            t("imp_col_header", lang): [c.header(lang) for c in kind.columns],
            t("imp_col_other", lang): [c.header(other) for c in kind.columns],
            t("imp_col_required", lang): [
                t("yes" if c.required else "no", lang) for c in kind.columns
            ],
            t("imp_col_format", lang): [_format_note(c, lang) for c in kind.columns],
        }
    )


def _xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, table in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.append([str(neutralise(str(c))) for c in table.columns])
        for values in table.itertuples(index=False):
            sheet.append([neutralise(v) for v in values])
        sheet.freeze_panes = "A2"
        for i, column in enumerate(table.columns, start=1):
            width = max([len(str(column)) * 2, *(len(str(v)) for v in table[column])], default=8)
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(width + 2, 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pack(kind: Kind, lang: str, data: pd.DataFrame, fmt: Format) -> bytes:
    if fmt == "csv":
        return csv_bytes(data)
    return _xlsx(
        {t("imp_sheet_data", lang): data, t("imp_sheet_notes", lang): notes_frame(kind, lang)}
    )


def template_bytes(kind: str, lang: str, fmt: Format = "xlsx") -> bytes:
    """The downloadable template of ``kind``: headers, a sample row, column notes.

    Zones (GeoJSON whatever ``fmt``) start from the shipped reference outlines: a sample
    shape under a real code would replace that zone if imported unedited.
    """
    spec = KINDS[kind]
    if spec.pack is not None:
        from models.importing.zone_kind import reference_rows

        return spec.pack(spec, lang, reference_rows())
    return _pack(spec, lang, sample_frame(spec, lang), fmt)


def export_bytes(session: Session, kind: str, lang: str, fmt: Format = "xlsx") -> bytes:
    """Every live record of ``kind`` in the template's format (re-importable as is)."""
    spec = KINDS[kind]
    if spec.pack is not None:
        return spec.pack(spec, lang, spec.export(session))
    return _pack(spec, lang, frame(spec, lang, spec.export(session)), fmt)


def suffix(kind: str, fmt: Format) -> str:
    """The file suffix a template or export of ``kind`` is written with."""
    return "geojson" if KINDS[kind].pack is not None else fmt


def mime(kind: str, fmt: Format) -> str:
    """The download's media type."""
    return {
        "geojson": "application/geo+json",
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[suffix(kind, fmt)]


def file_name(kind: str, lang: str, fmt: Format, *, template: bool = True) -> str:
    """``导入模板_载体.xlsx`` / ``import-template_carriers.xlsx`` (zones: ``.geojson``)."""
    stem = t("imp_template_stem" if template else "imp_export_stem", lang)
    name = t(f"imp_kind_{kind}", lang).lower()  # the picker's "Carriers": "carriers" here
    return f"{stem}_{name}.{suffix(kind, fmt)}".replace(" ", "-")
