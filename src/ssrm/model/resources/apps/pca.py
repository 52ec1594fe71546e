"""AWS Private Certificate Authority: the CAs that sign an organisation's internal certificates."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class PrivateCertificateAuthority(Resource):
    resource_type = "AWS::ACMPCA::CertificateAuthority"
    service = "acm-pca"

    ca_type: str = ""  # ROOT | SUBORDINATE
    status: str = ""  # ACTIVE | DISABLED | PENDING_CERTIFICATE | ...
