"""Import every table module so ``SQLModel.metadata`` knows the whole schema."""

from __future__ import annotations

from sqlmodel import SQLModel

from models.audit import AppMeta, AuditEvent
from models.carrier import Carrier, CarrierSizeChange, CarrierStageChange
from models.conversion import ConversionProject, ConversionStatusChange
from models.occupancy import OccupancyReport
from models.support import SupportGrant
from models.tenant import Tenancy, Tenant
from models.user import LoginSession, User, UserScope
from models.zone import Zone

metadata = SQLModel.metadata

__all__ = [
    "AppMeta",
    "AuditEvent",
    "Carrier",
    "CarrierSizeChange",
    "CarrierStageChange",
    "ConversionProject",
    "ConversionStatusChange",
    "LoginSession",
    "OccupancyReport",
    "SupportGrant",
    "Tenancy",
    "Tenant",
    "User",
    "UserScope",
    "Zone",
    "metadata",
]
