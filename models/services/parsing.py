"""Turn raw input (form dicts) into validated input shapes with bilingual problems.

The rules live in the input shapes (see :mod:`models.validation`); this module only
translates what pydantic reports into catalogue problems that name the field, so every
write path words a refusal the same way.
"""

from __future__ import annotations

from typing import Any, TypeVar, get_args

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from pydantic.fields import FieldInfo

from models.errors import Problem, ValidationFailed, problem
from models.i18n import has
from models.validation import check_value

M = TypeVar("M", bound=BaseModel)

# pydantic's own error types, grouped by the message a user should read.
_NOT_NUMBER = {
    "int_parsing",
    "int_type",
    "int_from_float",
    "float_parsing",
    "float_type",
    "decimal_parsing",
}
_TOO_LARGE = {"less_than_equal", "less_than"}
_BAD_DATE = {
    "date_parsing",
    "date_type",
    "date_from_datetime_inexact",
    "date_from_datetime_parsing",
}
_BAD_BOOL = {"bool_parsing", "bool_type"}


def _limit(value: Any) -> str:
    """A limit for a message: 2,147,483,647 or 40,000,000 (no trailing .0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def quote_input(value: Any) -> str:
    """The offending input as quoted in a message: short, and never a control character."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(ch if ch.isprintable() else "�" for ch in text)
    return text if len(text) <= 40 else text[:40] + "…"


def _to_problem(err: dict[str, Any], row: int | None, name: str | None = None) -> Problem:
    name = name or (str(err["loc"][0]) if err.get("loc") else "value")
    kind = str(err.get("type", ""))
    ctx = dict(err.get("ctx") or {})
    if name == "credit_code":
        # One message for every way a code can be wrong (length, alphabet, checksum).
        value = quote_input(err.get("input", ""))
        return problem("err_credit_code", field=name, value=value, row=row)
    if kind.startswith("err_") and has(kind):
        # Our own rules (models.validation): the type is the catalogue key.
        return problem(kind, field=name, row=row, **ctx)
    if kind in {"missing", "string_too_short"}:
        return problem("err_required", field=name, row=row)
    if kind in {"greater_than_equal", "greater_than"}:
        return problem("err_negative", field=name, row=row)
    if kind in _TOO_LARGE:
        return problem(
            "err_too_large", field=name, row=row, max=_limit(ctx.get("le", ctx.get("lt")))
        )
    if kind in {"string_too_long", "too_long"}:
        return problem("err_too_long", field=name, row=row, max=_limit(ctx.get("max_length")))
    if kind == "finite_number":
        return problem("err_not_finite", field=name, row=row)
    if kind == "int_from_float":  # 2.9 workstations: a number, but not a count
        return problem(
            "err_not_whole", field=name, row=row, value=quote_input(err.get("input", ""))
        )
    if kind in _NOT_NUMBER:
        return problem(
            "err_not_number", field=name, row=row, value=quote_input(err.get("input", ""))
        )
    if kind in _BAD_DATE:
        return problem("err_bad_date", field=name, row=row, value=quote_input(err.get("input", "")))
    if kind in _BAD_BOOL:
        return problem("err_bad_bool", field=name, row=row)
    return problem(
        "err_unknown_value", field=name, value=quote_input(err.get("input", "")), row=row
    )


def _problems(
    exc: PydanticValidationError, row: int | None, name: str | None = None
) -> list[Problem]:
    out: list[Problem] = []
    for err in exc.errors():
        p = _to_problem(dict(err), row, name)
        # A union (e.g. "date | None") reports one error per branch: name each field once.
        if not any(q.key == p.key and q.field == p.field for q in out):
            out.append(p)
    return out


def field_problems(exc: PydanticValidationError, row: int | None, name: str) -> list[Problem]:
    """Problems of one field validated on its own (a spreadsheet cell), naming it."""
    return _problems(exc, row, name)


def parse(model: type[M], data: M | dict[str, Any], *, row: int | None = None) -> M:
    """Validate ``data`` into ``model`` or raise ValidationFailed with field messages."""
    if isinstance(data, BaseModel):
        # Re-validate: a caller may have built it with model_construct or mutated it.
        data = data.model_dump()
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationFailed(_problems(exc, row)) from None


def parse_value(tp: Any, value: Any, *, field: str) -> Any:
    """Validate one keyword argument (a date, an enum, a note) against a rule type."""
    try:
        return check_value(tp, value)
    except PydanticValidationError as exc:
        raise ValidationFailed(_problems(exc, None, field)) from None


def _nullable(info: FieldInfo) -> bool:
    """Whether a field of a Create/Base shape may hold NULL (its type admits None)."""
    annotation = info.annotation
    return annotation is None or type(None) in get_args(annotation)


def parse_patch(
    update: type[BaseModel], base: type[BaseModel], changes: BaseModel | dict[str, Any]
) -> dict[str, Any]:
    """The fields a caller set, validated by the Update shape.

    ``None`` (or an empty input, which the shared rules turn into None) clears a
    nullable field; on a required field it means "unchanged", so callers may send only
    what they edit.
    """
    if isinstance(changes, BaseModel):
        changes = changes.model_dump(exclude_unset=True)
    patch = parse(update, changes).model_dump(exclude_unset=True)
    nullable = {k for k, info in base.model_fields.items() if _nullable(info)}
    return {k: v for k, v in patch.items() if v is not None or k in nullable}


def require_text(value: str | None, name: str, *, row: int | None = None) -> list[Problem]:
    """A required text field must hold more than white space."""
    return [] if value and value.strip() else [problem("err_required", field=name, row=row)]
