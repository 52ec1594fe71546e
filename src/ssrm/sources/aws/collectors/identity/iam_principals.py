"""Users, groups, roles and managed policies from GetAccountAuthorizationDetails (no per-principal calls).

AWS-managed policies are listed only when attached (ListPolicies OnlyAttached) and their default version
documents fetched one by one: their text decides what a role can really do.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.identity.iam import (
    IamGroup,
    IamManagedPolicy,
    IamRole,
    IamUser,
    InlinePolicy,
)
from ssrm.sources.aws.collectors.identity.credential_report import CredentialReport
from ssrm.sources.aws.collectors.identity.iam_documents import (
    as_datetime,
    name_from_arn,
    policy_document,
    tag_dict,
)
from ssrm.sources.aws.context import CollectContext

DETAIL_KEYS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")
DETAIL_TYPES = (IamUser.resource_type, IamGroup.resource_type, IamRole.resource_type,
                IamManagedPolicy.resource_type)
CREDENTIAL_FIELDS = ("password_enabled", "password_last_used", "mfa_active", "access_keys")


def authorization_details(ctx: CollectContext) -> dict[str, list[dict[str, Any]]] | None:
    """Every page of GetAccountAuthorizationDetails (users, groups, roles, customer-managed policies)."""
    merged: dict[str, list[dict[str, Any]]] = {key: [] for key in DETAIL_KEYS}
    params: dict[str, Any] = {"Filter": ["User", "Group", "Role", "LocalManagedPolicy"]}
    while True:
        reply = ctx.call("get_account_authorization_details", resource_types=DETAIL_TYPES, **params)
        if not reply.ok:
            return None
        for key in DETAIL_KEYS:
            merged[key].extend(reply.get(key) or [])
        if not reply.get("IsTruncated") or not reply.get("Marker"):
            return merged
        params["Marker"] = reply.get("Marker")


def inline_policies(entries: list[dict[str, Any]] | None) -> list[InlinePolicy]:
    """Inline policies; a missing PolicyName (seen in the emulator) gets a positional name."""
    return [
        InlinePolicy(name=entry.get("PolicyName") or f"inline-policy-{index + 1}",
                     document=policy_document(entry.get("PolicyDocument")))
        for index, entry in enumerate(entries or [])
    ]


def attached_arns(entries: list[dict[str, Any]] | None) -> list[str]:
    return [entry["PolicyArn"] for entry in entries or [] if entry.get("PolicyArn")]


def boundary_arn(entry: dict[str, Any]) -> str | None:
    return (entry.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")


def build_user(ctx: CollectContext, entry: dict[str, Any], report: CredentialReport) -> IamUser:
    arn = entry["Arn"]
    credentials: dict[str, Any] = {}
    unknown: dict[str, str] = {}
    row = report.rows.get(arn)
    if report.error is not None:
        unknown = dict.fromkeys(CREDENTIAL_FIELDS, f"credential report unavailable: {report.error}")
    elif row is None:
        unknown = dict.fromkeys(CREDENTIAL_FIELDS, "user not in the credential report (created after it)")
    else:
        credentials = {"password_enabled": row.password_enabled, "password_last_used": row.password_last_used,
                       "mfa_active": row.mfa_active, "access_keys": list(row.access_keys)}
    return IamUser(
        arn=arn, id=entry["UserName"], name=entry["UserName"], account=ctx.account,
        region=ctx.resource_region, tags=tag_dict(entry.get("Tags")), unknown=unknown,
        path=entry.get("Path", "/"), created=as_datetime(entry.get("CreateDate")),
        inline_policies=inline_policies(entry.get("UserPolicyList")),
        attached_policy_arns=attached_arns(entry.get("AttachedManagedPolicies")),
        groups=list(entry.get("GroupList") or []), permissions_boundary_arn=boundary_arn(entry),
        **credentials,
    )


def build_group(ctx: CollectContext, entry: dict[str, Any], members: list[str]) -> IamGroup:
    return IamGroup(
        arn=entry["Arn"], id=entry["GroupName"], name=entry["GroupName"], account=ctx.account,
        region=ctx.resource_region, path=entry.get("Path", "/"),
        inline_policies=inline_policies(entry.get("GroupPolicyList")),
        attached_policy_arns=attached_arns(entry.get("AttachedManagedPolicies")), members=members,
    )


def build_role(ctx: CollectContext, entry: dict[str, Any]) -> IamRole:
    return IamRole(
        arn=entry["Arn"], id=entry["RoleName"], name=entry["RoleName"], account=ctx.account,
        region=ctx.resource_region, tags=tag_dict(entry.get("Tags")), path=entry.get("Path", "/"),
        created=as_datetime(entry.get("CreateDate")),
        trust_policy=policy_document(entry.get("AssumeRolePolicyDocument")),
        inline_policies=inline_policies(entry.get("RolePolicyList")),
        attached_policy_arns=attached_arns(entry.get("AttachedManagedPolicies")),
        instance_profile_arns=[p["Arn"] for p in entry.get("InstanceProfileList") or [] if p.get("Arn")],
        permissions_boundary_arn=boundary_arn(entry),
        last_used=as_datetime((entry.get("RoleLastUsed") or {}).get("LastUsedDate")),
        max_session_seconds=int(entry.get("MaxSessionDuration") or 3600),
    )


def build_customer_policy(ctx: CollectContext, entry: dict[str, Any]) -> IamManagedPolicy:
    arn = entry["Arn"]
    default_version = entry.get("DefaultVersionId", "")
    versions = entry.get("PolicyVersionList") or []
    chosen = next((v for v in versions if v.get("IsDefaultVersion") or v.get("VersionId") == default_version),
                  None)
    unknown = {} if chosen else {"document": "default version missing from the authorization details"}
    return IamManagedPolicy(
        arn=arn, id=arn, name=entry.get("PolicyName") or name_from_arn(arn), account=ctx.account,
        region=ctx.resource_region, unknown=unknown, path=entry.get("Path", "/"), aws_managed=False,
        default_version_id=default_version,
        document=policy_document(chosen.get("Document")) if chosen else {},
        attachment_count=int(entry.get("AttachmentCount") or 0), attachable=bool(entry.get("IsAttachable", True)),
    )


def collect_principals(ctx: CollectContext, report: CredentialReport) -> None:
    details = authorization_details(ctx)
    if details is None:
        return
    members: dict[str, list[str]] = {}
    for entry in details["UserDetailList"]:
        ctx.add(build_user(ctx, entry, report))
        for group in entry.get("GroupList") or []:
            members.setdefault(group, []).append(entry["UserName"])
    for entry in details["GroupDetailList"]:
        ctx.add(build_group(ctx, entry, sorted(members.get(entry["GroupName"], []))))
    for entry in details["RoleDetailList"]:
        ctx.add(build_role(ctx, entry))
    for entry in details["Policies"]:
        ctx.add(build_customer_policy(ctx, entry))


def collect_attached_aws_policies(ctx: CollectContext) -> None:
    """AWS-managed policies attached to something, with their default version document."""
    listed = ctx.pages("list_policies", "Policies", resource_types=(IamManagedPolicy.resource_type,),
                       Scope="AWS", OnlyAttached=True)
    if not listed:
        return

    def build(entry: dict[str, Any]) -> IamManagedPolicy:
        arn = entry["Arn"]
        version = entry.get("DefaultVersionId", "")
        reply = ctx.call("get_policy_version", resource=arn, PolicyArn=arn, VersionId=version)
        document = policy_document((reply.get("PolicyVersion") or {}).get("Document")) if reply.ok else {}
        return IamManagedPolicy(
            arn=arn, id=arn, name=entry.get("PolicyName") or name_from_arn(arn), account=ctx.account,
            region=ctx.resource_region, unknown={} if reply.ok else {"document": reply.reason},
            path=entry.get("Path", "/"), aws_managed=True, default_version_id=version, document=document,
            attachment_count=int(entry.get("AttachmentCount") or 0),
            attachable=bool(entry.get("IsAttachable", True)),
        )

    for policy in ctx.parallel(build, [e for e in listed if e.get("Arn")]):
        ctx.add(policy)
