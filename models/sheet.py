"""Pure helpers of the monthly occupancy sheet: edits, live rates, rows to save, flags.

No Streamlit here: the page hands in the sheet as loaded (``queries.month_sheet``), the
grid's edit state and the grid's output; these functions say what to show and what to
save, so the rules are unit-testable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from models.chain_format import fmt_month
from models.i18n import t
from models.occupancy import Implausible, implausible

FIGURES = ["occupied_area_m2", "occupied_workstations", "tenant_count"]
SAME = "same_as_last_month"
PREV = {name: f"prev_{name}" for name in FIGURES}
MAX_NAMED = 5  # carriers named in the "not reported yet" warning


def missing_first(sheet: pd.DataFrame) -> pd.DataFrame:
    """The carriers without a report for the month first, otherwise in the given order.

    User QA searched 38 cards for the two still to report. The page orders the sheet
    once, at load: the grid keeps its edits by row position.
    """
    order = sheet["version"].notna().astype(int)  # 0: not reported yet
    return sheet.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def missing_warning(sheet: pd.DataFrame, *, month: date, name_col: str, lang: str) -> str | None:
    """ "2 个载体尚未填报 2026年10月 数据：甲、乙", naming at most MAX_NAMED; None if none."""
    missing = sheet[sheet["version"].isna()]
    if missing.empty:
        return None
    names = t("ch_list_sep", lang).join(str(n) for n in missing[name_col].head(MAX_NAMED))
    more = t("and_more", lang, n=len(missing)) if len(missing) > MAX_NAMED else ""
    head = t("stale_count_named", lang, n=len(missing), month=fmt_month(month, lang))
    return head + names + more


def saved_message(
    sheet: pd.DataFrame, carrier_ids: list[int], *, month: date, name_col: str, lang: str
) -> str:
    """ "已保存 2026年10月 2 个载体的数据：甲、乙": which rows a save wrote (user QA: a bare
    "已保存" said nothing, and the saved rows moved out of view)."""
    names = sheet.set_index("carrier_id")[name_col].reindex(carrier_ids).astype(str).tolist()
    more = t("and_more", lang, n=len(names)) if len(names) > MAX_NAMED else ""
    head = t("occ_saved_n", lang, n=len(names), month=fmt_month(month, lang))
    return head + t("ch_list_sep", lang).join(names[:MAX_NAMED]) + more


def tenant_count_note(
    loaded: pd.DataFrame, edited: pd.DataFrame, *, name_col: str, lang: str
) -> str | None:
    """Typed 在孵企业数 that differ from the tenancy records, named; None when all agree.

    Only figures typed in this session (new or changed) are checked, against
    ``recorded_tenants`` (firms with a tenancy open at the month's end). A hint, not a
    refusal: the records may lag behind the manager (user QA: 6 typed, 8 recorded, and
    nothing said so).
    """
    return _records_note(
        loaded,
        edited,
        ("tenant_count", "recorded_tenants", 0.5),
        ("tenant_count_off", "tenant_count_item", "{:.0f}"),
        name_col=name_col,
        lang=lang,
    )


def area_note(
    loaded: pd.DataFrame, edited: pd.DataFrame, *, name_col: str, lang: str
) -> str | None:
    """Typed 已出租面积 that differ from the area the recorded firms rent, named.

    As :func:`tenant_count_note`: only figures typed in this session, a hint rather than
    a refusal (space may be let to others than recorded firms, or the records lag). User
    QA: 4,500 ㎡ was accepted while the move-in page refused a new firm because the
    recorded ones already rented all 4,690 ㎡. Differences under 1 ㎡ are rounding.
    """
    return _records_note(
        loaded,
        edited,
        ("occupied_area_m2", "recorded_area_m2", 1.0),
        ("area_off", "area_off_item", "{:,.0f}"),
        name_col=name_col,
        lang=lang,
    )


def _records_note(
    loaded: pd.DataFrame,
    edited: pd.DataFrame,
    columns: tuple[str, str, float],
    keys: tuple[str, str, str],
    *,
    name_col: str,
    lang: str,
) -> str | None:
    """Rows whose typed ``figure`` differs by ``tolerance`` or more from ``recorded``."""
    figure, recorded_col, tolerance = columns
    head, item, fmt = keys
    if recorded_col not in loaded.columns:
        return None
    typed = pd.to_numeric(edited[figure], errors="coerce")
    before = pd.to_numeric(loaded[figure], errors="coerce")
    recorded = pd.to_numeric(loaded[recorded_col], errors="coerce")
    # A negative figure is refused by the save, which names it; no hint beside it.
    changed = typed.notna() & (typed >= 0) & (before.isna() | (typed != before))
    off = changed & ((typed - recorded).abs() >= tolerance)
    if not off.any():
        return None
    items = [
        t(
            item,
            lang,
            name=loaded.at[i, name_col],
            typed=fmt.format(typed[i]),
            recorded=fmt.format(recorded[i]),
        )
        for i in loaded.index[off]
    ]
    more = t("and_more", lang, n=len(items)) if len(items) > MAX_NAMED else ""
    return t(head, lang) + t("ch_list_sep", lang).join(items[:MAX_NAMED]) + more


def prepare(sheet: pd.DataFrame) -> pd.DataFrame:
    """The sheet as loaded plus the tick column (ticked where the report was a tick)."""
    out = sheet.reset_index(drop=True).copy()
    out[SAME] = out["confirmed_unchanged"].fillna(False).astype(bool)
    return out


def apply_edits(sheet: pd.DataFrame, state: Mapping[str, Any] | None) -> pd.DataFrame:
    """The sheet with a data editor's pending cell edits applied (for the live rate).

    ``state`` is the editor's session-state value: {"edited_rows": {position: {column:
    value}}, ...}; positions may arrive as strings. A cleared cell is None → NaN.
    """
    out = sheet.copy()
    for pos, changes in dict((state or {}).get("edited_rows") or {}).items():
        for column, value in dict(changes).items():
            if column in out.columns:
                out.loc[out.index[int(pos)], column] = (
                    float("nan") if value is None and column in FIGURES else value
                )
    return out


def _number(value: object) -> float | None:
    """A cell as a number, or None when blank or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _same_value(a: object, b: object) -> bool:
    na, nb = _number(a), _number(b)
    if na is None and nb is None:
        # Both blank, or the same text: unchanged; blank vs text: changed.
        return _blank(a) == _blank(b) and (_blank(a) or str(a) == str(b))
    return na == nb


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def figures_shown(row: pd.Series) -> dict[str, float | None]:
    """The figures a row will save: last month's when ticked, else what is typed."""
    ticked = bool(row.get(SAME, False))
    return {name: _number(row[PREV[name]] if ticked else row[name]) for name in FIGURES}


def with_rate(sheet: pd.DataFrame) -> pd.DataFrame:
    """Add ``rate_pct``: the occupancy (%) each row's figures give, as the manager types."""
    out = sheet.copy()
    rates = []
    for _, row in out.iterrows():
        area = figures_shown(row)["occupied_area_m2"]
        total = _number(row["total_area_m2"])
        rates.append(area / total * 100 if area is not None and total else float("nan"))
    out["rate_pct"] = pd.Series(rates, index=out.index, dtype="float64")
    return out


def touched(loaded: pd.DataFrame, edited: pd.DataFrame) -> list[int]:
    """Positions of rows the manager changed: a figure or the tick differs from the load."""
    positions = []
    for pos in range(len(loaded)):
        before, after = loaded.iloc[pos], edited.iloc[pos]
        if bool(before[SAME]) != bool(after[SAME]) or not all(
            _same_value(before[name], after[name]) for name in FIGURES
        ):
            positions.append(pos)
    return positions


def rows_to_save(loaded: pd.DataFrame, edited: pd.DataFrame, month: date) -> list[dict[str, Any]]:
    """Service rows (``save_month``) for the touched rows only; untouched rows write nothing.

    A ticked row carries only the tick: the service copies last month's figures itself.
    Blank cells go as None and text as text, so the service can say which is which.
    """
    rows: list[dict[str, Any]] = []
    for pos in touched(loaded, edited):
        base, row = loaded.iloc[pos], edited.iloc[pos]
        version = base["version"]
        item: dict[str, Any] = {
            "carrier_id": int(base["carrier_id"]),
            "month": month,
            "version": None if version is None or pd.isna(version) else int(version),
        }
        if bool(row[SAME]):
            item[SAME] = True
        else:
            item |= {name: None if _blank(row[name]) else row[name] for name in FIGURES}
        rows.append(item)
    return rows


def flags(loaded: pd.DataFrame, edited: pd.DataFrame) -> dict[int, list[Implausible]]:
    """Implausible typed figures per touched row position (ticked rows are copies)."""
    found: dict[int, list[Implausible]] = {}
    for pos in touched(loaded, edited):
        row = edited.iloc[pos]
        if bool(row[SAME]):
            continue
        figures = figures_shown(row)
        if any(v is None for v in figures.values()):
            continue  # the service will ask for the missing or bad figure first
        if impossible(row, figures):
            continue  # refused outright by the save: a "confirm" tick could not help
        reasons = implausible(
            total_area_m2=float(row["total_area_m2"]),
            workstations_total=int(row["workstations_total"]),
            occupied_area_m2=float(figures["occupied_area_m2"] or 0),
            occupied_workstations=int(figures["occupied_workstations"] or 0),
            tenant_count=int(figures["tenant_count"] or 0),
            prev_occupied_area_m2=_number(row["prev_occupied_area_m2"]),
            prev_occupied_workstations=_int_or_none(row["prev_occupied_workstations"]),
        )
        if reasons:
            found[pos] = reasons
    return found


def impossible(row: pd.Series, figures: dict[str, float | None]) -> bool:
    """Figures the save refuses whatever is ticked: a negative one, or more area or
    workstations in use than the carrier has (recheck QA: they were offered the tick)."""
    if any(v is not None and v < 0 for v in figures.values()):
        return True
    area, ws = figures["occupied_area_m2"], figures["occupied_workstations"]
    return (area is not None and area > float(row["total_area_m2"])) or (
        ws is not None and ws > float(row["workstations_total"])
    )


def _int_or_none(value: object) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def rate_labels(loaded: pd.DataFrame, pending: pd.DataFrame) -> list[str]:
    """Per row: the rate the figures on screen give ("45.2%"), with " ⚠" when suspect.

    The grid's rate column and each card's rate line show the same text. A rate over
    100% is marked at once, before the other figures are typed: the save will refuse
    it, and a person should see why while typing, not after the blank fields.
    """
    flagged = flags(loaded, pending)
    return [
        ("" if pd.isna(r) else f"{r:.1f}%") + (" ⚠" if p in flagged or r > 100 else "")
        for p, r in enumerate(with_rate(pending)["rate_pct"])
    ]


def typed_figures(row: pd.Series) -> dict[str, float | int | None]:
    """A loaded row's own figures as a card's inputs start them: None when blank.

    Area stays a float, the two counts become ints (a number input needs one type).
    """
    out: dict[str, float | int | None] = {}
    for name in FIGURES:
        number = _number(row[name])
        out[name] = None if number is None else (number if name == FIGURES[0] else int(number))
    return out


# --- the card view for phones (issue 10 §0) ---

VIEWS = ("table", "cards")
# Phones and tablets say so in their user agent (the server never sees a screen width):
# "Mobile" (iPhone, Android phones, HarmonyOS), "Android" (tablets too), "iPad".
_HANDHELD = re.compile(r"Mobi|Android|iPhone|iPad|iPod|HarmonyOS|Windows Phone", re.IGNORECASE)


def default_view(user_agent: str | None) -> str:
    """ "cards" for a phone or tablet browser, "table" for everything else."""
    return "cards" if user_agent and _HANDHELD.search(user_agent) else "table"
