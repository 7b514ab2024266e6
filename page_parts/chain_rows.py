"""The chain and comparison pages' month-independent rows, kept per data version.

Every tenancy with its stage on the move-in day is the same whatever month the slider
shows (the figures filter by date), so a new month reads only the carriers as of that
month instead of all tenancies again (the chain page's month slider spent about a third
of its time re-reading them, profiled 2026-11-28 at x10 data).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from models import chain
from models.db import session_scope


@st.cache_data(show_spinner=False, max_entries=2)
def staged_tenancies(version: int) -> pd.DataFrame:
    """:func:`models.chain.staged_tenancies` for this data version."""
    del version  # the cache key only
    with session_scope(ui.engine()) as session:
        return chain.staged_tenancies(session)


def chain_data(version: int, month: date) -> chain.ChainData:
    """:func:`models.chain.load` as of ``month`` with the tenancies kept above."""
    with session_scope(ui.engine()) as session:
        return chain.load(session, as_of=month, tenancies=staged_tenancies(version))
