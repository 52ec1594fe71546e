"""AWS Audit Manager in one region: whether it collects evidence, and for how many active assessments."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class AuditManagerStatus(Resource):
    resource_type = "AWS::AuditManager::AccountStatus"
    service = "auditmanager"

    status: str = ""  # ACTIVE | INACTIVE | PENDING_ACTIVATION
    active_assessments: int = 0
