"""Account-wide IAM records: root user, password policy, federation providers, instance profiles,
server certificates."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.identity.iam import (
    IamInstanceProfile,
    IamOidcProvider,
    IamPasswordPolicy,
    IamRootUser,
    IamSamlProvider,
    IamServerCertificate,
)
from ssrm.sources.aws.collectors.identity.credential_report import CredentialReport
from ssrm.sources.aws.collectors.identity.iam_documents import as_datetime, name_from_arn
from ssrm.sources.aws.context import CollectContext

ROOT_VIRTUAL_MFA_SERIAL = "/root-account-mfa-device"


def _root_has_virtual_mfa(devices: list[dict[str, Any]]) -> bool:
    for device in devices:
        user_arn = (device.get("User") or {}).get("Arn", "")
        if user_arn.endswith(":root") or str(device.get("SerialNumber", "")).endswith(ROOT_VIRTUAL_MFA_SERIAL):
            return True
    return False


def collect_root_user(ctx: CollectContext, report: CredentialReport) -> None:
    """Root MFA and keys from the credential report's <root_account> row, else from the account summary."""
    summary = ctx.call("get_account_summary")
    summary_map = summary.get("SummaryMap") or {}
    devices = ctx.pages("list_virtual_mfa_devices", "VirtualMFADevices", AssignmentStatus="Assigned")
    row = report.root
    unknown: dict[str, str] = {}
    fields: dict[str, Any] = {}
    if row is not None:
        fields.update(mfa_active=row.mfa_active, access_keys=list(row.access_keys),
                      password_last_used=row.password_last_used, last_used=row.last_used)
        fields["access_keys_present"] = any(k.active for k in row.access_keys) or bool(
            summary_map.get("AccountAccessKeysPresent"))
    else:
        why = (f"credential report unavailable: {report.error}" if report.error
               else "credential report has no <root_account> row")
        unknown.update(dict.fromkeys(("access_keys", "password_last_used", "last_used"), why))
        if summary.ok:
            fields.update(mfa_active=bool(summary_map.get("AccountMFAEnabled")),
                          access_keys_present=bool(summary_map.get("AccountAccessKeysPresent")))
        else:
            unknown.update(dict.fromkeys(("mfa_active", "access_keys_present"),
                                         f"{why}; account summary: {summary.reason}"))
    if devices is None:
        unknown["virtual_mfa"] = "ListVirtualMFADevices failed"
    else:
        fields["virtual_mfa"] = _root_has_virtual_mfa(devices)
    ctx.add(IamRootUser(arn=f"arn:{ctx.partition}:iam::{ctx.account}:root", id=f"{ctx.account}:root",
                        name="root", account=ctx.account, region=ctx.resource_region, unknown=unknown,
                        **fields))


def collect_password_policy(ctx: CollectContext) -> None:
    reply = ctx.call("get_account_password_policy", absent=("NoSuchEntity",),
                     resource_types=(IamPasswordPolicy.resource_type,))
    if not reply.ok and not reply.absent:
        return  # the gap makes the password policy rules ERROR
    policy = reply.get("PasswordPolicy") or {}
    ctx.add(IamPasswordPolicy(
        arn=ctx.arn("iam", "password-policy"), id=f"{ctx.account}:password-policy", name="password policy",
        account=ctx.account, region=ctx.resource_region, exists=reply.ok,
        minimum_length=policy.get("MinimumPasswordLength"),
        require_symbols=bool(policy.get("RequireSymbols")), require_numbers=bool(policy.get("RequireNumbers")),
        require_uppercase=bool(policy.get("RequireUppercaseCharacters")),
        require_lowercase=bool(policy.get("RequireLowercaseCharacters")),
        allow_users_to_change=bool(policy.get("AllowUsersToChangePassword")),
        max_age_days=policy.get("MaxPasswordAge"), reuse_prevention=policy.get("PasswordReusePrevention"),
        hard_expiry=bool(policy.get("HardExpiry")),
    ))


def collect_identity_providers(ctx: CollectContext) -> None:
    saml = ctx.pages("list_saml_providers", "SAMLProviderList",
                     resource_types=(IamSamlProvider.resource_type,))
    for entry in saml or []:
        arn = entry["Arn"]
        ctx.add(IamSamlProvider(arn=arn, id=arn, name=name_from_arn(arn), account=ctx.account,
                                region=ctx.resource_region, valid_until=as_datetime(entry.get("ValidUntil"))))
    oidc = ctx.pages("list_open_id_connect_providers", "OpenIDConnectProviderList",
                     resource_types=(IamOidcProvider.resource_type,))
    for entry in oidc or []:
        arn = entry["Arn"]
        url = arn.split(":oidc-provider/", 1)[-1]
        ctx.add(IamOidcProvider(arn=arn, id=arn, name=url, account=ctx.account, region=ctx.resource_region,
                                url=url))


def collect_instance_profiles(ctx: CollectContext) -> None:
    profiles = ctx.pages("list_instance_profiles", "InstanceProfiles",
                         resource_types=(IamInstanceProfile.resource_type,))
    for entry in profiles or []:
        ctx.add(IamInstanceProfile(
            arn=entry["Arn"], id=entry["InstanceProfileName"], name=entry["InstanceProfileName"],
            account=ctx.account, region=ctx.resource_region, path=entry.get("Path", "/"),
            role_arns=[r["Arn"] for r in entry.get("Roles") or [] if r.get("Arn")],
        ))


def collect_server_certificates(ctx: CollectContext) -> None:
    certificates = ctx.pages("list_server_certificates", "ServerCertificateMetadataList",
                             resource_types=(IamServerCertificate.resource_type,))
    for entry in certificates or []:
        ctx.add(IamServerCertificate(
            arn=entry["Arn"], id=entry["ServerCertificateName"], name=entry["ServerCertificateName"],
            account=ctx.account, region=ctx.resource_region, path=entry.get("Path", "/"),
            uploaded=as_datetime(entry.get("UploadDate")), expiration=as_datetime(entry.get("Expiration")),
        ))
