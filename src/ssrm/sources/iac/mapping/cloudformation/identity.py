"""IAM roles, users, managed policies and instance profiles, with AWS::IAM::Policy attached inline."""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.identity.iam import (
    AccessKeyState,
    IamInstanceProfile,
    IamManagedPolicy,
    IamRole,
    IamUser,
    InlinePolicy,
)
from ssrm.sources.iac.mapping.build import Links, as_list, build, policy_document, sub
from ssrm.sources.iac.mapping.cloudformation.links import ids
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown


def _inline(name: Any, document: Any) -> Any:
    return sub(InlinePolicy, name=name or "", document=policy_document(document) or {})


def _all_known(parts: list[Any]) -> Any:
    return next((p for p in parts if isinstance(p, Unknown)), parts)


def _policies_of(raw: RawResource, links: Links, plural: str) -> tuple[list[Any], list[Any]]:
    """Inline policies (AWS::IAM::Policy) and managed policy ARNs (AWS::IAM::ManagedPolicy) naming it."""
    inline = [_inline(p.attrs.get("PolicyName"), p.attrs.get("PolicyDocument"))
              for p in links.referencing("AWS::IAM::Policy", plural, raw)]
    managed = [ids(p)["arn"] for p in links.referencing("AWS::IAM::ManagedPolicy", plural, raw)]
    for kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        unresolved = links.unresolved(kind, plural)
        if unresolved is not None:
            inline.append(unresolved)
    return inline, managed


def map_role(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    own = a.get("Policies") or []
    inline = [own] if isinstance(own, Unknown) else [_inline(p.get("PolicyName"), p.get("PolicyDocument"))
                                                       for p in own]
    extra_inline, extra_managed = _policies_of(raw, links, "Roles")
    managed = as_list(a.get("ManagedPolicyArns"))
    profiles = [ids(p)["arn"] for p in links.referencing("AWS::IAM::InstanceProfile", "Roles", raw)]
    return [build(IamRole, raw, **ids(raw), name=a.get("RoleName") or raw.address, tags=a.get("Tags"),
                  path=a.get("Path") or "/", trust_policy=policy_document(a.get("AssumeRolePolicyDocument")) or {},
                  inline_policies=_all_known(inline + extra_inline),
                  attached_policy_arns=managed if isinstance(managed, Unknown) else [*managed, *extra_managed],
                  instance_profile_arns=profiles, permissions_boundary_arn=a.get("PermissionsBoundary"),
                  max_session_seconds=a.get("MaxSessionDuration") or 3600)]


def map_user(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    own = a.get("Policies") or []
    inline = [own] if isinstance(own, Unknown) else [_inline(p.get("PolicyName"), p.get("PolicyDocument"))
                                                       for p in own]
    extra_inline, extra_managed = _policies_of(raw, links, "Users")
    managed = as_list(a.get("ManagedPolicyArns"))
    keys = [sub(AccessKeyState, slot=i + 1, active=(k.attrs.get("Status") or "Active") == "Active")
            for i, k in enumerate(links.referencing("AWS::IAM::AccessKey", "UserName", raw))]
    return [build(IamUser, raw, **ids(raw), name=a.get("UserName") or raw.address, tags=a.get("Tags"),
                  path=a.get("Path") or "/", inline_policies=_all_known(inline + extra_inline),
                  attached_policy_arns=managed if isinstance(managed, Unknown) else [*managed, *extra_managed],
                  access_keys=_all_known(keys), password_enabled=bool(a.get("LoginProfile")),
                  groups=[g for g in as_list(a.get("Groups")) or [] if isinstance(g, str)],
                  permissions_boundary_arn=a.get("PermissionsBoundary"),
                  mfa_active=Unknown("MFA devices are enrolled outside infrastructure code"))]


def map_managed_policy(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    count = sum(len(as_list(a.get(k))) for k in ("Roles", "Users", "Groups") if isinstance(as_list(a.get(k)), list))
    return [build(IamManagedPolicy, raw, **ids(raw), name=a.get("ManagedPolicyName") or raw.address,
                  path=a.get("Path") or "/", document=policy_document(a.get("PolicyDocument")) or {},
                  attachment_count=count, default_version_id="v1")]


def map_instance_profile(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    refs = as_list(a.get("Roles"))
    if isinstance(refs, Unknown):
        roles: Any = refs
    else:
        roles = []
        for ref in refs:
            role = links.find("AWS::IAM::Role", ref)
            roles.append(ids(role)["arn"] if role else f"role:{ref}")
    return [build(IamInstanceProfile, raw, **ids(raw), name=a.get("InstanceProfileName") or raw.address,
                  path=a.get("Path") or "/", role_arns=roles)]


MAPPERS = {
    "AWS::IAM::Role": map_role,
    "AWS::IAM::User": map_user,
    "AWS::IAM::ManagedPolicy": map_managed_policy,
    "AWS::IAM::InstanceProfile": map_instance_profile,
}
