"""One IAM role, user or managed policy read by name, for ``ssrm watch --trail``.

A scan reads IAM in bulk (GetAccountAuthorizationDetails); after a CloudTrail event names one principal,
these read just it (GetRole/GetUser, its inline and attached policies) and build the same record as the
scan, through the same builders. Each returns False when the principal could not be read (the caller then
re-collects the service) and True when it was read or no longer exists (nothing added).

A user's credentials (password, MFA, access keys) come from the credential report, which is account-wide:
a single-user read keeps the ones the previous record had, and events that change credentials are
re-collected at the service level instead (``ssrm.watch.targets``).
"""

from __future__ import annotations

from typing import Any

from ssrm.sources.aws.collectors.identity.credential_report import CredentialReport
from ssrm.sources.aws.collectors.identity.iam_documents import name_from_arn, policy_document
from ssrm.sources.aws.collectors.identity.iam_principals import CREDENTIAL_FIELDS, build_role, build_user
from ssrm.sources.aws.context import CollectContext

GONE = ("NoSuchEntity",)
SINGLE_ACTIONS = (
    "iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies",
    "iam:ListInstanceProfilesForRole", "iam:GetUser", "iam:ListUserPolicies", "iam:GetUserPolicy",
    "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser", "iam:GetPolicy",
)


def _inline(ctx: CollectContext, kind: str, name: str) -> list[dict[str, Any]] | None:
    """[{PolicyName, PolicyDocument}] of a role's or user's inline policies; None when unreadable."""
    key = {"role": "RoleName", "user": "UserName"}[kind]
    names = ctx.pages(f"list_{kind}_policies", "PolicyNames", resource=name, **{key: name})
    if names is None:
        return None
    entries = []
    for policy in names:
        reply = ctx.call(f"get_{kind}_policy", resource=name, PolicyName=policy, **{key: name})
        if not reply.ok:
            return None
        entries.append({"PolicyName": policy, "PolicyDocument": reply.get("PolicyDocument")})
    return entries


def collect_role(ctx: CollectContext, name: str, previous: Any = None) -> bool:
    got = ctx.call("get_role", RoleName=name, resource=name, absent=GONE)
    if got.absent:
        return True
    inline = _inline(ctx, "role", name) if got.ok else None
    attached = ctx.pages("list_attached_role_policies", "AttachedPolicies", resource=name, RoleName=name)
    profiles = ctx.pages("list_instance_profiles_for_role", "InstanceProfiles", resource=name, RoleName=name)
    if not got.ok or inline is None or attached is None or profiles is None:
        return False
    entry = {**(got.get("Role") or {}), "RolePolicyList": inline, "AttachedManagedPolicies": attached,
             "InstanceProfileList": profiles}
    ctx.add(build_role(ctx, entry))
    return True


def collect_user(ctx: CollectContext, name: str, previous: Any = None) -> bool:
    got = ctx.call("get_user", UserName=name, resource=name, absent=GONE)
    if got.absent:
        return True
    inline = _inline(ctx, "user", name) if got.ok else None
    attached = ctx.pages("list_attached_user_policies", "AttachedPolicies", resource=name, UserName=name)
    groups = ctx.pages("list_groups_for_user", "Groups", resource=name, UserName=name)
    if not got.ok or inline is None or attached is None or groups is None:
        return False
    entry = {**(got.get("User") or {}), "UserPolicyList": inline, "AttachedManagedPolicies": attached,
             "GroupList": [g["GroupName"] for g in groups if g.get("GroupName")]}
    user = build_user(ctx, entry, CredentialReport(rows={}, root=None, error="not re-read for one user"))
    if previous is not None:  # the credential report is account-wide: keep what the last scan read
        kept = {f: getattr(previous, f) for f in CREDENTIAL_FIELDS}
        unknown = {k: v for k, v in previous.unknown.items() if k in CREDENTIAL_FIELDS}
        user = user.model_copy(update={**kept, "unknown": unknown})
    ctx.add(user)
    return True


def collect_policy(ctx: CollectContext, arn: str, previous: Any = None) -> bool:
    """A managed policy by ARN: its default version's document. An AWS-managed policy is kept only while
    something has it attached, as a scan lists only those."""
    from ssrm.model.resources.identity.iam import IamManagedPolicy

    got = ctx.call("get_policy", PolicyArn=arn, resource=arn, absent=GONE)
    if got.absent:
        return True
    if not got.ok:
        return False
    entry = got.get("Policy") or {}
    aws_managed = ":iam::aws:policy/" in arn
    if aws_managed and not int(entry.get("AttachmentCount") or 0):
        return True
    version = entry.get("DefaultVersionId", "")
    reply = ctx.call("get_policy_version", resource=arn, PolicyArn=arn, VersionId=version)
    if not reply.ok:
        return False
    ctx.add(IamManagedPolicy(
        arn=arn, id=arn, name=entry.get("PolicyName") or name_from_arn(arn), account=ctx.account,
        region=ctx.resource_region, path=entry.get("Path", "/"), aws_managed=aws_managed,
        default_version_id=version, document=policy_document((reply.get("PolicyVersion") or {}).get("Document")),
        attachment_count=int(entry.get("AttachmentCount") or 0), attachable=bool(entry.get("IsAttachable", True)),
    ))
    return True
