"""Errors raised by the service layer, each renderable in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.i18n import has, t


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: a catalogue key, its params, where it is.

    ``subject`` names the record the problem is about as (Chinese, English), e.g. the
    carrier of a row in the monthly sheet; it is the message's prefix, instead of a row
    number the user would have to count.
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    field: str | None = None
    row: int | None = None
    subject: tuple[str, str] | None = None

    def message(self, lang: str = "zh") -> str:
        """Human message, prefixed by its subject or row when it has one."""
        # A nested Problem (e.g. the reason inside "please confirm: …") renders in ``lang``.
        params = {
            k: v.message(lang) if isinstance(v, Problem) else v for k, v in self.params.items()
        }
        if "field" in params:
            params["field"] = t(f"f_{params['field']}", lang)
        # Action and entity names are catalogue keys too ("update" → "修改").
        for name, prefix in (("action", "a_"), ("entity", "e_")):
            if has(f"{prefix}{params.get(name)}"):
                params[name] = t(f"{prefix}{params[name]}", lang)
        # Stage codes read as the stage's name ("incubator" → "孵化器").
        for name in [k for k in params if k.endswith("stage")]:
            if has(str(params[name])):
                params[name] = t(str(params[name]), lang)
        text = t(self.key, lang, **params)
        if self.subject is not None:
            zh, en = self.subject
            return t("subject_prefix", lang, name=(en or zh) if lang == "en" else zh) + text
        return (t("row_prefix", lang, row=self.row) + text) if self.row is not None else text


class ServiceError(Exception):
    """Base class: carries problems and renders them per language."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message("en") for p in problems))

    def messages(self, lang: str = "zh") -> list[str]:
        """Every problem as a sentence in ``lang``."""
        return [p.message(lang) for p in self.problems]


class ValidationFailed(ServiceError):
    """Input breaks a rule; nothing was written."""


class PermissionDenied(ServiceError):
    """The actor may not do this; nothing was written."""


class Conflict(ServiceError):
    """The record changed since it was read (optimistic lock); nothing was written."""


class NotFound(ServiceError):
    """The target record does not exist (or was soft-deleted)."""


def problem(
    key: str,
    *,
    field: str | None = None,
    row: int | None = None,
    subject: tuple[str, str] | None = None,
    **params: Any,
) -> Problem:
    """Shorthand constructor used by validators."""
    if field is not None:
        params.setdefault("field", field)
    return Problem(key=key, params=params, field=field, row=row, subject=subject)
