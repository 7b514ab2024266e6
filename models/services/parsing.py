"""Turn raw input (form dicts) into validated input shapes with bilingual problems."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from models.errors import Problem, ValidationFailed, problem

M = TypeVar("M", bound=BaseModel)


def _to_problem(err: dict[str, Any], row: int | None) -> Problem:
    name = str(err["loc"][0]) if err.get("loc") else "value"
    kind = err.get("type", "")
    if kind in {"missing", "string_too_short"} and name != "credit_code":
        return problem("err_required", field=name, row=row)
    if kind in {"greater_than_equal", "greater_than"}:
        return problem("err_negative", field=name, row=row)
    if name == "credit_code":
        return problem("err_credit_code", value=err.get("input", ""), row=row)
    return problem("err_unknown_value", field=name, value=err.get("input", ""), row=row)


def parse(model: type[M], data: M | dict[str, Any], *, row: int | None = None) -> M:
    """Validate ``data`` into ``model`` or raise ValidationFailed with field messages."""
    if isinstance(data, model):
        # Re-validate: a caller may have built it with model_construct or mutated it.
        data = data.model_dump()
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationFailed([_to_problem(dict(e), row) for e in exc.errors()]) from None


def require_text(value: str | None, name: str, *, row: int | None = None) -> list[Problem]:
    """A required text field must hold more than white space."""
    return [] if value and value.strip() else [problem("err_required", field=name, row=row)]
