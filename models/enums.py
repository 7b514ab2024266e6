"""Enumerations of the domain, stored as plain strings for SQLite/PostgreSQL portability.

The order of members matters where the domain has one: ``Stage`` follows the policy's
growth chain (public space → nursery → incubator → accelerator) and ``ConversionStatus``
the project pipeline.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator

from models.validation import blank_to_none


class ZoneKind(StrEnum):
    DISTRICT = "district"
    PARK = "park"
    BELT = "belt"


class Stage(StrEnum):
    PUBLIC_SPACE = "public_space"
    NURSERY = "nursery"
    INCUBATOR = "incubator"
    ACCELERATOR = "accelerator"

    @property
    def rank(self) -> int:
        """Position in the growth chain (0 = public space)."""
        return list(Stage).index(self)


class Accreditation(StrEnum):
    NATIONAL = "national"
    MUNICIPAL = "municipal"
    DISTRICT = "district"
    NONE = "none"


class CarrierOrigin(StrEnum):
    NEW = "new"
    CONVERTED_COMMERCIAL = "converted_commercial"
    CONVERTED_FACTORY = "converted_factory"


class Industry(StrEnum):
    """The policy's strategic industries."""

    IOT = "iot"
    CLOUD = "cloud_computing"
    BIG_DATA = "big_data"
    AI = "ai"
    CULTURAL_CREATIVE = "cultural_creative"
    PRINTING_3D = "3d_printing"
    ROBOTICS = "robotics"
    NEW_ENERGY = "new_energy"
    NEW_MATERIALS = "new_materials"
    ENERGY_SAVING = "energy_saving"
    FILM_POST = "film_post_production"
    ANIMATION_GAMES = "animation_games"
    INFOSEC = "information_security"
    VR = "vr"
    MULTIMEDIA_SOFTWARE = "multimedia_software"
    BIM = "bim"


class ExitReason(StrEnum):
    GRADUATED = "graduated"
    MOVED_WITHIN = "moved_within_district"
    LEFT_DISTRICT = "left_district"
    CLOSED = "closed"


class OriginalUse(StrEnum):
    IDLE_COMMERCIAL = "idle_commercial"
    OLD_FACTORY = "old_factory"
    WAREHOUSE = "warehouse"
    OTHER = "other"


class ConversionStatus(StrEnum):
    IDENTIFIED = "identified"
    PLANNING = "planning"
    APPROVED = "approved"
    UNDER_CONSTRUCTION = "under_construction"
    OPERATING = "operating"
    CANCELLED = "cancelled"


class Role(StrEnum):
    VIEWER = "viewer"
    MANAGER = "manager"
    ADMIN = "admin"


# An optional enum field: an empty choice ("" from a form) clears it to NULL.
OptIndustry = Annotated[Industry | None, BeforeValidator(blank_to_none)]


def sql_in(enum: type[StrEnum]) -> str:
    """SQL list literal of an enum's values, for CHECK constraints."""
    return "(" + ", ".join(f"'{m.value}'" for m in enum) + ")"
