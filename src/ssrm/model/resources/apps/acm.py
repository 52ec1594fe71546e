"""AWS Certificate Manager certificates."""

from __future__ import annotations

from datetime import datetime

from ssrm.model.resource import Resource, resource_type


@resource_type
class AcmCertificate(Resource):
    resource_type = "AWS::CertificateManager::Certificate"
    service = "acm"

    domain_name: str = ""
    subject_alternative_names: tuple[str, ...] = ()
    status: str = ""  # ISSUED, PENDING_VALIDATION, EXPIRED, REVOKED, ...
    certificate_type: str = ""  # AMAZON_ISSUED, IMPORTED, PRIVATE
    key_algorithm: str = ""  # RSA_2048, EC_prime256v1, ...
    not_before: datetime | None = None
    not_after: datetime | None = None
    renewal_eligibility: str = ""
    in_use: bool = False
    in_use_by: tuple[str, ...] = ()

    @property
    def rsa_key_bits(self) -> int | None:
        """Key size of an RSA certificate, None for other algorithms."""
        algo = self.key_algorithm.upper()
        if not algo.startswith("RSA"):
            return None
        digits = "".join(ch for ch in algo if ch.isdigit())
        return int(digits) if digits else None
