"""Human-readable facts about a carrier in either language (pure, no Streamlit).

Pages show these as they are; keeping the wording here lets tests check it and keeps
the pages thin.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from models.chain_format import fmt_month
from models.display import username_label
from models.i18n import t


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value != ""


def carrier_facts(row: pd.Series, lang: str) -> dict[str, str]:
    """Stage, operator, address, accreditation, origin, size and zones of one carrier."""
    zones = [row.get("park_code"), *str(row.get("belt_codes") or "").split(",")]
    return {
        t("stage", lang): t(row["stage"], lang),
        t("operator", lang): str(row.get("operator") or "—"),
        t("address", lang): str(row.get("address") or "—"),
        t("accreditation", lang): t(row.get("accreditation") or "none", lang),
        t("origin", lang): t(row.get("origin") or "new", lang),
        # ㎡ in Chinese, as every other Chinese page writes it (QA saw both).
        t(
            "total_area", lang
        ): f"{float(row['total_area_m2']):,.0f} {'㎡' if lang == 'zh' else 'm²'}",
        t("workstations", lang): f"{int(row['workstations_total']):,}",
        t("park_belt", lang): " · ".join(t(str(z), lang) for z in zones if _present(z)) or "—",
    }


def freshness_text(
    reported_at: datetime | None,
    report_month: date | None,
    *,
    expected: date,
    now: datetime,
    lang: str,
) -> str:
    """'updated N days ago', prefixed with a warning when the expected month is missing."""
    if reported_at is None or not _present(reported_at):
        return "⚠ " + t("stale", lang)
    days = max(0, (now - pd.Timestamp(reported_at).to_pydatetime()).days)
    text = t("updated_days_ago", lang, days=days)
    missing = report_month is None or not _present(report_month) or report_month < expected
    return f"⚠ {t('stale', lang)} · {text}" if missing else text


def report_caption(row: pd.Series, *, expected: date, now: datetime, lang: str) -> str:
    """'reported 2026-10 · shibei · updated 12 days ago' (with the stale warning)."""
    fresh = freshness_text(
        row.get("reported_at"), row.get("report_month"), expected=expected, now=now, lang=lang
    )
    month = row.get("report_month")
    if not _present(month):
        return fresh
    who = username_label(row.get("reported_by") or None, lang)
    return t("report_of", lang, month=fmt_month(month, lang), who=who) + " · " + fresh
