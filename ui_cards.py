"""The monthly sheet as cards, one per carrier, for phones (issue 10 §0).

The server never learns the screen width, so the view is chosen from the browser's user
agent (phones and tablets get cards), can be switched on the page (表格/卡片), and is kept
in the URL (``?view=cards`` / ``?view=table``). Cards only collect what the manager
enters: which rows are saved, the live rates and the suspect figures come from
models/sheet.py, the very functions behind the grid, and the page saves both views the
same way (one confirmation, one conflict path).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import ui
from geo.escape import escape_markdown
from models import sheet as sheets
from models.chain_format import fmt_month
from models.i18n import t

AREA, WS, TENANTS = sheets.FIGURES

# Touch targets of at least 48 px, and 18 px text in the inputs: iOS zooms the page into
# any input whose text is smaller than 16 px. No +/- steppers: they are 20-px targets
# next to the field (one slip changes a figure) and squeeze a narrow field's digits.
# The carrier's name sticks under Streamlit's 3.75 rem header while its card is on
# screen, so it stays in view as the manager types (and the keyboard takes half the
# screen); the save bar sticks to the bottom, with its messages and the confirmation
# tick, so saving never needs a scroll through every card. At most 40% of the screen,
# scrolling inside: with a warning and two hints it covered the cards (recheck QA).
# Sticky goes on the layout wrapper: the keyed block alone is exactly as tall as its
# wrapper and cannot move.
# A field brought into view (focus, tab) stops clear of the sticky name and save bar
# (scroll-margin) instead of under them.
_STYLE = """
<style>
[class*="st-key-occ_card_"] input[type="number"] { min-height: 3rem; font-size: 1.125rem;
  scroll-margin-top: 8rem; scroll-margin-bottom: 8rem; }
[class*="st-key-occ_card_"] [data-testid="stNumberInputStepDown"],
[class*="st-key-occ_card_"] [data-testid="stNumberInputStepUp"] { display: none; }
[class*="st-key-occ_card_"] [data-testid="stCheckbox"] label,
.st-key-occ_savebar [data-testid="stCheckbox"] label {
  min-height: 3rem; align-items: center;
}
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-occ_name_"]) {
  position: sticky; top: 3.75rem; z-index: 3;
  background: var(--st-background-color, #fff);
  /* A visible lower edge: a label sliding under the name read as printed over it. */
  padding-bottom: 0.4rem; box-shadow: 0 1px 0 rgba(49, 51, 63, 0.18);
}
[data-testid="stLayoutWrapper"]:has(> .st-key-occ_savebar) {
  position: sticky; bottom: 0; z-index: 4; max-height: 40vh; overflow-y: auto;
  background: var(--st-background-color, #fff);
  border-top: 1px solid rgba(49, 51, 63, 0.2); padding: 0.5rem 0;
}
.st-key-occ_save button { min-height: 3rem; }
</style>
"""

# st.number_input renders <input type="number"> without an inputmode: Android shows a
# number pad, iOS a full keyboard on its numbers page. inputmode asks both for the pad
# (with a decimal point for the area only). React leaves attributes it does not own alone.
_INPUTMODE_JS = """
<script>
(() => {
  if (window.__occInputMode) return;
  window.__occInputMode = true;
  const fix = () => document.querySelectorAll('[class*="st-key-occ_card_"] input[type="number"]')
    .forEach((input) => {
      const want = input.closest('[class$="_area"], [class*="_area "]') ? "decimal" : "numeric";
      if (input.getAttribute("inputmode") !== want) input.setAttribute("inputmode", want);
    });
  new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  fix();
})();
</script>
"""

_NARROW_SWITCH_JS = """
<script>
(() => {
  if (window.__occNarrowCards || window.innerWidth >= 640) return;
  window.__occNarrowCards = true;
  let tries = 0;
  const press = () => {
    const sel = '.st-key-occ_view [data-variant="segmented_control"]';
    const options = document.querySelectorAll(sel);
    if (options.length === 2) options[1].click();
    else if (++tries < 20) setTimeout(press, 100);
  };
  press();
})();
</script>
"""


def choose_view() -> str:
    """The switch 表格/卡片: the URL's ``?view=`` first, else the user agent decides.

    Streamlit's own URL binding writes the translated label (``?view=卡片``), so the
    switch keeps ``view`` in the URL itself, the way the language is kept.
    """
    url = st.query_params.get("view")
    if url in sheets.VIEWS and url != st.session_state.get("_view_url"):
        st.session_state["occ_view"] = url  # a changed URL (a link, a reload) wins
    st.session_state["_view_url"] = url
    if st.session_state.get("occ_view") not in sheets.VIEWS:
        st.session_state["occ_view"] = sheets.default_view(st.context.headers.get("User-Agent"))
    choice = st.segmented_control(
        ui.tr("sheet_view"),
        sheets.VIEWS,
        required=True,
        key="occ_view",
        on_change=_view_chosen,
        format_func=lambda v: ui.tr(f"sheet_view_{v}"),
        label_visibility="collapsed",
    )
    if choice == "table" and url is None:
        # Nobody chose yet and the user agent said "desktop": a window narrower than
        # Streamlit's column breakpoint gets the cards anyway (a narrow desktop
        # window, an iPad that calls itself a Mac), by pressing the switch once.
        st.html(_NARROW_SWITCH_JS, unsafe_allow_javascript=True)
    return str(choice)


def _view_chosen() -> None:
    view = str(st.session_state.get("occ_view"))
    st.query_params["view"] = view
    st.session_state["_view_url"] = view


def cards(loaded: pd.DataFrame, *, prefix: str, name_col: str) -> pd.DataFrame:
    """Draw one card per carrier; return the sheet with the figures and ticks entered.

    ``prefix`` is new with every load of the sheet, so fresh cards start from the
    loaded figures; after a conflict the page keeps it and the typed figures stay.
    """
    st.html(_STYLE)  # style and script apart: each alone takes no room on the page
    st.html(_INPUTMODE_JS, unsafe_allow_javascript=True)
    entered: dict[int, dict[str, object]] = {}
    slots: list[DeltaGenerator] = []
    for pos in range(len(loaded)):
        row = loaded.iloc[pos]
        entered[pos], slot = _card(row, key=f"{prefix}_{int(row['carrier_id'])}", name_col=name_col)
        slots.append(slot)
    edited = sheets.apply_edits(loaded, {"edited_rows": entered})
    # Rates and ⚠ marks need every card's figures, so they are filled in last.
    for slot, label in zip(slots, sheets.rate_labels(loaded, edited), strict=True):
        slot.markdown(f"**{ui.tr('card_rate', rate=label or '—')}**")
    return edited


def _card(row: pd.Series, *, key: str, name_col: str) -> tuple[dict[str, object], DeltaGenerator]:
    carrier_id = int(row["carrier_id"])
    typed = sheets.typed_figures(row)
    has_prev = not pd.isna(row["prev_month"])
    with st.container(border=True, key=f"occ_card_{carrier_id}", gap="xsmall"):
        name = str(row[name_col] or row["name_zh"])
        st.container(key=f"occ_name_{carrier_id}").markdown(f"**{escape_markdown(name)}**")
        st.caption(_last_month(row) if has_prev else ui.tr("card_no_last_month"))
        same = st.toggle(
            ui.tr("same_as_last_month"),
            value=bool(row[sheets.SAME]),
            key=f"{key}_same",
            help=ui.tr("same_as_last_month_help"),
            disabled=not has_prev and not bool(row[sheets.SAME]),
        )
        if same:
            # The service files last month's figures; the inputs are hidden (their
            # typed values kept for an untick) and count as untouched.
            st.caption(ui.tr("card_same_note"))
            values: dict[str, object] = {sheets.SAME: True, **typed}
        else:
            values = {sheets.SAME: False, **_inputs(row, typed, key)}
        slot = st.empty()
    return values, slot


def _inputs(row: pd.Series, typed: dict[str, float | int | None], key: str) -> dict[str, object]:
    area = st.number_input(
        ui.tr("card_area", total=f"{float(row['total_area_m2']):,.0f}"),
        value=typed[AREA],
        step=1.0,
        format="%.1f",
        key=f"{key}_area",
        placeholder="—",
        persist_state="page",
    )
    left, right = st.columns(2, wrap=False)
    ws = left.number_input(
        ui.tr("card_ws", total=int(row["workstations_total"])),
        value=typed[WS],
        step=1,
        key=f"{key}_ws",
        placeholder="—",
        persist_state="page",
    )
    tenants = right.number_input(
        ui.tr("f_tenant_count"),
        value=typed[TENANTS],
        step=1,
        key=f"{key}_tenants",
        placeholder="—",
        persist_state="page",
    )
    return {AREA: area, WS: ws, TENANTS: tenants}


def _last_month(row: pd.Series) -> str:
    month = row["prev_month"]
    return ui.tr(
        "card_last_month",
        month=fmt_month(month, ui.lang()),  # "2026年9月", as everywhere else (user QA)
        area=f"{float(row['prev_occupied_area_m2']):,.1f}",
        ws=int(row["prev_occupied_workstations"]),
        tenants=int(row["prev_tenant_count"]),
    )


def confirmation(
    where: DeltaGenerator, loaded: pd.DataFrame, edited: pd.DataFrame, name_col: str
) -> bool:
    """List implausible rows by carrier and ask for an explicit tick before saving.

    Shared by the grid and the cards: the same rules, the same wording, the same tick.
    """
    found = sheets.flags(loaded, edited)
    if not found:
        return False
    lines = [
        "- "
        + ui.tr("subject_prefix", name=f"**{escape_markdown(str(edited.iloc[p][name_col]))}**")
        + escape_markdown(t("warn_join", ui.lang()).join(ui.tr(r.key, **r.params) for r in rs))
        for p, rs in found.items()
    ]
    where.warning(ui.tr("implausible_title") + "\n\n" + "\n".join(lines))
    # A new set of suspect figures needs a new confirmation.
    fingerprint = hash(tuple((p, *sheets.figures_shown(edited.iloc[p]).values()) for p in found))
    return bool(where.checkbox(ui.tr("confirm_implausible"), key=f"occ_confirm_{fingerprint}"))
