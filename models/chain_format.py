"""Language-aware text for the chain and comparison pages' numbers, months and charts.

Vega-Lite prints English month names and its own number formats, so the pages pass
already formatted text to the charts and tables instead; these helpers make that text.
Chinese months read "2026年10月", English ones "Oct 2026"; no locale data is needed.
"""

from __future__ import annotations

from datetime import date

from models.common import add_months

_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_month(day: date, lang: str) -> str:
    """A month as a reader of ``lang`` writes it: ``2026年10月`` or ``Oct 2026``."""
    if not isinstance(day, date):
        raise TypeError(f"day must be a date, got {type(day).__name__}")
    if lang == "en":
        return f"{_EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月"


def fmt_year(year: int, lang: str) -> str:
    """A calendar year: ``2026年`` or ``2026``."""
    return str(int(year)) if lang == "en" else f"{int(year)}年"


def fmt_int(value: float | None) -> str:
    """A whole number with thousands separators (both languages group by three)."""
    if value is None or value != value:  # NaN
        return "—"
    return f"{round(value):,}"


def fmt_months(value: float | None, lang: str) -> str:
    """A duration in months with one decimal: ``16.4 个月`` or ``16.4 months``."""
    if value is None or value != value:
        return "—"
    return f"{value:.1f} months" if lang == "en" else f"{value:.1f} 个月"


def fmt_share(value: float | None) -> str:
    """A share in percent with one decimal, or an em dash."""
    if value is None or value != value:
        return "—"
    return f"{value * 100:.1f}%"


def month_options(latest: date, count: int = 36) -> list[date]:
    """The ``count`` months up to ``latest``, oldest first (the month picker's choices)."""
    first = date(latest.year, latest.month, 1)
    return [add_months(first, -i) for i in range(count - 1, -1, -1)]
