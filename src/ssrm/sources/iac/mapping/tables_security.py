"""Declarative tables (see ``table.py``) for security services, certificates and account-wide settings:
GuardDuty, Security Hub, Config, Access Analyzer, Macie, Inspector, the IAM password policy and identity
providers, server certificates, S3 account Block Public Access, EBS encryption by default, the security
contact, the organization, ACM and Private CA.

Account-wide singletons are judged only when the code declares them: an absent declaration means "not
managed here", so no record exists and no rule judges it (the rules that look these types up are judged
on the account or region, which an IaC inventory does not hold).
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from ssrm.model.resources.apps.acm import AcmCertificate
from ssrm.model.resources.apps.pca import PrivateCertificateAuthority
from ssrm.model.resources.compute.ebs import EbsEncryptionDefaults
from ssrm.model.resources.compute.vulnerability import InspectorStatus
from ssrm.model.resources.data.s3 import PublicAccessBlock, S3AccountPublicAccessBlock
from ssrm.model.resources.identity.accessanalyzer import AccessAnalyzer
from ssrm.model.resources.identity.config import ConfigRecorder
from ssrm.model.resources.identity.governance import MacieStatus, SecurityContact
from ssrm.model.resources.identity.guardduty import GuardDutyDetector
from ssrm.model.resources.identity.iam import (
    IamOidcProvider,
    IamPasswordPolicy,
    IamSamlProvider,
    IamServerCertificate,
)
from ssrm.model.resources.identity.organizations import Organization
from ssrm.model.resources.identity.securityhub import SecurityHub
from ssrm.sources.iac.mapping.build import Links, as_list, sub
from ssrm.sources.iac.mapping.table import Field, Table, flag
from ssrm.sources.iac.mapping.table_helpers import TF, as_bool, as_int, as_tuple, attr, companions
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown


def _never_zero(value: Any) -> Any:
    """0 means "not set" for password age and reuse."""
    return int(value) or None


# --- Account-wide settings (Terraform only: CloudFormation has no resource for them) ---------------
PASSWORD_POLICY = Table(
    IamPasswordPolicy, ("aws_iam_account_password_policy",), (),
    fields=(
        Field("minimum_length", "minimum_password_length", None, 6,
              "IAM UpdateAccountPasswordPolicy: MinimumPasswordLength 6", as_int),
        Field("require_symbols", "require_symbols", None, False, "IAM UpdateAccountPasswordPolicy: false", as_bool),
        Field("require_numbers", "require_numbers", None, False, "IAM UpdateAccountPasswordPolicy: false", as_bool),
        Field("require_uppercase", "require_uppercase_characters", None, False,
              "IAM UpdateAccountPasswordPolicy: false", as_bool),
        Field("require_lowercase", "require_lowercase_characters", None, False,
              "IAM UpdateAccountPasswordPolicy: false", as_bool),
        Field("allow_users_to_change", "allow_users_to_change_password", None, False,
              "IAM UpdateAccountPasswordPolicy: AllowUsersToChangePassword false", as_bool),
        Field("max_age_days", "max_password_age", None, None,
              "IAM UpdateAccountPasswordPolicy: passwords never expire", _never_zero),
        Field("reuse_prevention", "password_reuse_prevention", None, None,
              "IAM UpdateAccountPasswordPolicy: previous passwords are not remembered", _never_zero),
        Field("hard_expiry", "hard_expiry", None, False, "IAM UpdateAccountPasswordPolicy: HardExpiry false",
              as_bool),
    ),
    constants={"exists": (True, "the code declares the account's password policy")})


def _account_block_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    names = ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")
    # AWS provider aws_s3_account_public_access_block: each switch defaults to false
    return {"settings": sub(PublicAccessBlock, **{n: bool(flag(raw.attrs.get(n))) if not isinstance(
        raw.attrs.get(n), Unknown) else raw.attrs[n] for n in names})}


ACCOUNT_PUBLIC_ACCESS_BLOCK = Table(
    S3AccountPublicAccessBlock, ("aws_s3_account_public_access_block",), (), fields=(),
    constants={"configured": (True, "the code declares the account's Block Public Access configuration")},
    derived=("settings",), derive=_account_block_derive)


def _ebs_default_key(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    keys = links.of_kind("aws_ebs_default_kms_key")  # one per region, like the switch itself
    return {"kms_key_id": keys[-1].attrs.get("key_arn") if keys else None}


EBS_ENCRYPTION_DEFAULTS = Table(
    EbsEncryptionDefaults, ("aws_ebs_encryption_by_default",), (),
    fields=(Field("enabled", "enabled", None, True, "AWS provider aws_ebs_encryption_by_default: enabled "
                  "defaults to true", as_bool),),
    derived=("kms_key_id",), derive=_ebs_default_key)


def _contact_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    kind = raw.attrs.get("alternate_contact_type")
    exists: Any = kind if isinstance(kind, Unknown) else True
    return {"exists": exists}


SECURITY_CONTACT = Table(
    SecurityContact, ("aws_account_alternate_contact",), (),
    fields=(Field("email", "email_address", None),),
    derived=("exists",), derive=_contact_derive)


def _inspector_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    types = raw.attrs.get("resource_types")
    if find_unknown(types) is not None:
        missing = find_unknown(types)
        return {f: missing for f in ("ec2", "ecr", "lambda_standard", "lambda_code")}
    listed = {str(t).upper() for t in as_list(types)}
    values: dict[str, Any] = {}
    for field_name, scan in (("ec2", "EC2"), ("ecr", "ECR"), ("lambda_standard", "LAMBDA"),
                             ("lambda_code", "LAMBDA_CODE")):
        values[field_name] = "ENABLED" if scan in listed else Unknown(
            f"the enabler does not manage {scan} scanning, so its state is not in the code")
    return values


INSPECTOR = Table(
    InspectorStatus, ("aws_inspector2_enabler",), (), fields=(),
    derived=("ec2", "ecr", "lambda_standard", "lambda_code"), derive=_inspector_derive)


# --- Security services -----------------------------------------------------------------------------
FEATURES = {"s3_logs": "S3_DATA_EVENTS"}  # older inline datasources -> feature names


def _detector_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    features: dict[str, Any] = {}
    if fmt == TF:
        enable = raw.attrs.get("enable", True)  # AWS provider aws_guardduty_detector: enable defaults to true
        s3 = attr(raw, "datasources.s3_logs.enable")
        if s3 is not None:
            features["S3_DATA_EVENTS"] = s3 if isinstance(s3, Unknown) else ("ENABLED" if flag(s3) else "DISABLED")
        split = companions(raw, links, "aws_guardduty_detector_feature", "detector_id")
        if isinstance(split, Unknown):
            return {"status": "ENABLED" if flag(enable) else "DISABLED", "features": split}
        for feature in split:
            features[str(feature.attrs.get("name"))] = feature.attrs.get("status")
    else:
        enable = raw.attrs.get("Enable")
        if enable is None:
            enable = Unknown("Enable is not set (CloudFormation requires it)")
        s3 = attr(raw, "DataSources.S3Logs.Enable")
        if s3 is not None:
            features["S3_DATA_EVENTS"] = s3 if isinstance(s3, Unknown) else ("ENABLED" if flag(s3) else "DISABLED")
        for feature in as_list(raw.attrs.get("Features")):
            if isinstance(feature, dict):
                features[str(feature.get("Name"))] = feature.get("Status")
    status: Any = enable if isinstance(enable, Unknown) else ("ENABLED" if flag(enable) else "DISABLED")
    intel = companions(raw, links, *(("aws_guardduty_threatintelset", "detector_id") if fmt == TF
                                     else ("AWS::GuardDuty::ThreatIntelSet", "DetectorId")))
    threat_intel_sets: Any = intel if isinstance(intel, Unknown) else len(intel)
    if find_unknown(features) is not None:
        return {"status": status, "features": find_unknown(features), "threat_intel_sets": threat_intel_sets}
    # A feature the code leaves out takes whatever GuardDuty turns on for new detectors, which has changed over
    # time: the rule reads a missing feature as "not reported" (ERROR), never as off.
    return {"status": status, "features": features, "threat_intel_sets": threat_intel_sets}


GUARDDUTY = Table(
    GuardDutyDetector, ("aws_guardduty_detector",), ("AWS::GuardDuty::Detector",),
    fields=(Field("finding_frequency", "finding_publishing_frequency", "FindingPublishingFrequency", "SIX_HOURS",
                  "GuardDuty CreateDetector: FindingPublishingFrequency SIX_HOURS"),),
    derived=("status", "features", "threat_intel_sets"), derive=_detector_derive)

SECURITY_HUB = Table(
    SecurityHub, ("aws_securityhub_account",), ("AWS::SecurityHub::Hub",),
    fields=(Field("auto_enable_controls", "auto_enable_controls", "AutoEnableControls", True,
                  "Security Hub EnableSecurityHub: new controls are enabled automatically", as_bool),),
    live_only={"subscribed_at": "when the account subscribed"})


def _recorder_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    automatic = _automatic_remediations(links, fmt)
    if fmt == TF:
        statuses = companions(raw, links, "aws_config_configuration_recorder_status", "name")
        if isinstance(statuses, Unknown):
            return {"recording": statuses, "auto_remediations": automatic}
        # Config PutConfigurationRecorder: a recorder starts stopped until StartConfigurationRecorder
        value = statuses[-1].attrs.get("is_enabled") if statuses else False
        return {"recording": value if isinstance(value, Unknown) else bool(flag(value)),
                "auto_remediations": automatic}
    # CloudFormation starts the recorder once the template's delivery channel exists
    return {"recording": bool(links.of_kind("AWS::Config::DeliveryChannel")), "auto_remediations": automatic}


def _automatic_remediations(links: Links, fmt: str) -> Any:
    """Remediation configurations the code declares with automatic on (Config's default: off)."""
    kind, key = (("aws_config_remediation_configuration", "automatic") if fmt == TF
                 else ("AWS::Config::RemediationConfiguration", "Automatic"))
    values = [r.attrs.get(key) for r in links.of_kind(kind)]
    unknown = find_unknown(values)
    return unknown if unknown is not None else sum(1 for v in values if v is not None and flag(v))


CONFIG_RECORDER = Table(
    ConfigRecorder, ("aws_config_configuration_recorder",), ("AWS::Config::ConfigurationRecorder",),
    name=("name", "Name"),
    fields=(
        Field("role_arn", "role_arn", "RoleARN"),
        Field("all_supported", "recording_group.all_supported", "RecordingGroup.AllSupported", True,
              "Config RecordingGroup: allSupported true when no group is given", as_bool),
        Field("include_global_types", "recording_group.include_global_resource_types",
              "RecordingGroup.IncludeGlobalResourceTypes", False,
              "Config RecordingGroup: includeGlobalResourceTypes false", as_bool),
    ),
    live_only={"last_status": "the last delivery status"},
    derived=("recording", "auto_remediations"), derive=_recorder_derive)

ACCESS_ANALYZER = Table(
    AccessAnalyzer, ("aws_accessanalyzer_analyzer",), ("AWS::AccessAnalyzer::Analyzer",),
    name=("analyzer_name", "AnalyzerName"),
    fields=(Field("analyzer_type", "type", "Type", "ACCOUNT", "AWS provider aws_accessanalyzer_analyzer: type "
                  "ACCOUNT (CloudFormation requires Type)"),),
    constants={"status": ("ACTIVE", "an analyzer in code is created ACTIVE")})

MACIE = Table(
    MacieStatus, ("aws_macie2_account",), ("AWS::Macie::Session",),
    fields=(
        Field("status", "status", "Status", "ENABLED", "Macie EnableMacie: status ENABLED"),
        Field("finding_frequency", "finding_publishing_frequency", "FindingPublishingFrequency", "SIX_HOURS",
              "Macie EnableMacie: findingPublishingFrequency SIX_HOURS"),
    ),
    live_only={"automated_discovery": "automated sensitive data discovery has no Terraform or CloudFormation "
                                      "resource; it is switched on through the API"})

ORGANIZATION = Table(
    Organization, ("aws_organizations_organization",), ("AWS::Organizations::Organization",),
    fields=(Field("feature_set", "feature_set", "FeatureSet", "ALL", "Organizations CreateOrganization: "
                  "FeatureSet ALL"),),
    live_only={"management_account": "the account that creates the organization"})


# --- IAM identity providers and server certificates ------------------------------------------------
SAML_PROVIDER = Table(
    IamSamlProvider, ("aws_iam_saml_provider",), ("AWS::IAM::SAMLProvider",), name=("name", "Name"),
    fields=(), live_only={"valid_until": "read from the metadata document by IAM"})

OIDC_PROVIDER = Table(
    IamOidcProvider, ("aws_iam_openid_connect_provider",), ("AWS::IAM::OIDCProvider",),
    fields=(Field("url", "url", "Url", convert=str),))


def _certificate_end(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    body = raw.attrs.get("certificate_body" if fmt == TF else "CertificateBody")
    if body is None or isinstance(body, Unknown):
        return {"expiration": body if isinstance(body, Unknown) else Unknown("no certificate body in the code")}
    from cryptography import x509

    try:
        certificate = x509.load_pem_x509_certificate(str(body).encode())
    except ValueError:
        return {"expiration": Unknown("the certificate body is not a PEM certificate")}
    return {"expiration": certificate.not_valid_after_utc.astimezone(UTC)}


SERVER_CERTIFICATE = Table(
    IamServerCertificate, ("aws_iam_server_certificate",), ("AWS::IAM::ServerCertificate",),
    name=("name", "ServerCertificateName"),
    fields=(Field("path", "path", "Path", "/", "IAM UploadServerCertificate: Path /"),),
    live_only={"uploaded": "upload time"},
    derived=("expiration",), derive=_certificate_end)


# --- ACM and Private CA ----------------------------------------------------------------------------
def _acm_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    if fmt == TF:
        imported = a.get("certificate_body") is not None or a.get("private_key") is not None
        private, algorithm = a.get("certificate_authority_arn"), a.get("key_algorithm")
    else:
        imported, private, algorithm = False, a.get("CertificateAuthorityArn"), a.get("KeyAlgorithm")
    if imported:
        return {"certificate_type": "IMPORTED",
                "key_algorithm": Unknown("the key of an imported certificate is read by ACM on import")}
    # ACM RequestCertificate: KeyAlgorithm RSA_2048
    return {"certificate_type": "PRIVATE" if private is not None else "AMAZON_ISSUED",
            "key_algorithm": "RSA_2048" if algorithm is None else algorithm}


ACM_CERTIFICATE = Table(
    AcmCertificate, ("aws_acm_certificate",), ("AWS::CertificateManager::Certificate",),
    name=("domain_name", "DomainName"),
    fields=(
        Field("domain_name", "domain_name", "DomainName"),
        Field("subject_alternative_names", "subject_alternative_names", "SubjectAlternativeNames", (),
              "none unless listed", as_tuple),
    ),
    live_only={"status": "issued once validated", "not_before": "set at issue", "not_after": "set at issue",
               "renewal_eligibility": "decided by ACM", "in_use": "which services use it",
               "in_use_by": "which services use it"},
    derived=("certificate_type", "key_algorithm"), derive=_acm_derive)


def _ca_status(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        enabled = raw.attrs.get("enabled", True)  # AWS provider aws_acmpca_certificate_authority: enabled true
        installed = companions(raw, links, "aws_acmpca_certificate_authority_certificate", "certificate_authority_arn")
        if isinstance(enabled, Unknown) or isinstance(installed, Unknown):
            return {"status": enabled if isinstance(enabled, Unknown) else installed}
        if not flag(enabled):
            return {"status": "DISABLED"}
        # ACM PCA: a CA waits in PENDING_CERTIFICATE until its CA certificate is installed
        return {"status": "ACTIVE" if installed else "PENDING_CERTIFICATE"}
    activations = companions(raw, links, "AWS::ACMPCA::CertificateAuthorityActivation", "CertificateAuthorityArn")
    if isinstance(activations, Unknown):
        return {"status": activations}
    if not activations:
        return {"status": "PENDING_CERTIFICATE"}
    status = activations[-1].attrs.get("Status") or "ACTIVE"  # CertificateAuthorityActivation: Status ACTIVE
    return {"status": status}


PRIVATE_CA = Table(
    PrivateCertificateAuthority, ("aws_acmpca_certificate_authority",), ("AWS::ACMPCA::CertificateAuthority",),
    fields=(Field("ca_type", "type", "Type", "SUBORDINATE", "AWS provider aws_acmpca_certificate_authority: type "
                  "SUBORDINATE (CloudFormation requires Type)"),),
    derived=("status",), derive=_ca_status)


TABLES: list[Table] = [PASSWORD_POLICY, ACCOUNT_PUBLIC_ACCESS_BLOCK, EBS_ENCRYPTION_DEFAULTS, SECURITY_CONTACT,
                       INSPECTOR, GUARDDUTY, SECURITY_HUB, CONFIG_RECORDER, ACCESS_ANALYZER, MACIE, ORGANIZATION,
                       SAML_PROVIDER, OIDC_PROVIDER, SERVER_CERTIFICATE, ACM_CERTIFICATE, PRIVATE_CA]

TERRAFORM_COMPANIONS = frozenset({
    "aws_ebs_default_kms_key", "aws_guardduty_detector_feature", "aws_config_configuration_recorder_status",
    "aws_acmpca_certificate_authority_certificate", "aws_guardduty_threatintelset",
    "aws_config_remediation_configuration",
})
CLOUDFORMATION_COMPANIONS = frozenset({"AWS::ACMPCA::CertificateAuthorityActivation", "AWS::GuardDuty::ThreatIntelSet",
                                       "AWS::Config::RemediationConfiguration"})
