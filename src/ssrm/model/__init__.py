"""The vocabulary: resource types, inventory, findings, enums. Imports nothing else of ssrm."""

from ssrm.model.enums import LOCKHEED_PHASES, Domain, Layer, Phase, Severity, Stage, Status
from ssrm.model.finding import Finding, Remediation
from ssrm.model.gaps import Gap
from ssrm.model.inventory import Inventory, ScanStats
from ssrm.model.resource import (
    RESOURCE_TYPES,
    Origin,
    Resource,
    UnknownField,
    resource_from_dict,
    resource_to_dict,
    resource_type,
)

__all__ = [
    "LOCKHEED_PHASES",
    "RESOURCE_TYPES",
    "Domain",
    "Finding",
    "Gap",
    "Inventory",
    "Layer",
    "Origin",
    "Phase",
    "Remediation",
    "Resource",
    "ScanStats",
    "Severity",
    "Stage",
    "Status",
    "UnknownField",
    "resource_from_dict",
    "resource_to_dict",
    "resource_type",
]
