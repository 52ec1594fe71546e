"""IAM roles, users, managed policies, instance profiles (links kept: profile -> role -> policies)."""

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
from ssrm.sources.iac.mapping.terraform.links import ids
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.synthesize import terraform_arn
from ssrm.sources.iac.unknown import Unknown


def _inline(name: Any, document: Any) -> Any:
    return sub(InlinePolicy, name=name or "", document=policy_document(document) or {})


def _collect(parts: list[Any]) -> Any:
    missing = next((p for p in parts if isinstance(p, Unknown)), None)
    return missing if missing is not None else parts


def _attachments(raw: RawResource, links: Links, single: str, plural: str, kind: str) -> list[Any]:
    arns: list[Any] = [p.attrs.get("policy_arn") for p in links.referencing(kind, single, raw)]
    arns += [p.attrs.get("policy_arn") for p in links.referencing("aws_iam_policy_attachment", plural, raw)]
    for unresolved in (links.unresolved(kind, single), links.unresolved("aws_iam_policy_attachment", plural)):
        if unresolved is not None:
            arns.append(unresolved)
    return arns


def map_role(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    inline = [_inline(b.get("name"), b.get("policy")) for b in (a.get("inline_policy") or []) if b.get("policy")]
    inline += [_inline(p.attrs.get("name"), p.attrs.get("policy"))
               for p in links.referencing("aws_iam_role_policy", "role", raw)]
    unresolved = links.unresolved("aws_iam_role_policy", "role")
    if unresolved is not None:
        inline.append(unresolved)
    managed = as_list(a.get("managed_policy_arns"))
    attached = managed if isinstance(managed, Unknown) else \
        [*managed, *_attachments(raw, links, "role", "roles", "aws_iam_role_policy_attachment")]
    profiles = [terraform_arn(p.kind, p.address, p.attrs)
                for p in links.referencing("aws_iam_instance_profile", "role", raw)]
    return [build(IamRole, raw, **ids(raw), name=a.get("name"), tags=a.get("tags"), path=a.get("path") or "/",
                  trust_policy=policy_document(a.get("assume_role_policy")) or {},
                  inline_policies=_collect(inline),
                  attached_policy_arns=attached if isinstance(attached, Unknown) else _collect(attached),
                  instance_profile_arns=profiles, permissions_boundary_arn=a.get("permissions_boundary"),
                  max_session_seconds=a.get("max_session_duration") or 3600)]


def map_user(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    inline = [_inline(p.attrs.get("name"), p.attrs.get("policy"))
              for p in links.referencing("aws_iam_user_policy", "user", raw)]
    attached = _attachments(raw, links, "user", "users", "aws_iam_user_policy_attachment")
    keys = [sub(AccessKeyState, slot=i + 1, active=(k.attrs.get("status") or "Active") == "Active")
            for i, k in enumerate(links.referencing("aws_iam_access_key", "user", raw))]
    login = links.referencing("aws_iam_user_login_profile", "user", raw)
    groups = [g.attrs.get("group") for g in links.referencing("aws_iam_user_group_membership", "user", raw)]
    return [build(IamUser, raw, **ids(raw), name=a.get("name"), tags=a.get("tags"), path=a.get("path") or "/",
                  inline_policies=_collect(inline), attached_policy_arns=_collect(attached),
                  access_keys=_collect(keys), password_enabled=bool(login),
                  groups=[g for g in groups if isinstance(g, str)],
                  permissions_boundary_arn=a.get("permissions_boundary"),
                  mfa_active=Unknown("MFA devices are enrolled outside infrastructure code"))]


def map_policy(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    keys = {raw.address, *ids(raw).values()}
    count = sum(1 for kind in ("aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment",
                               "aws_iam_group_policy_attachment", "aws_iam_policy_attachment")
                for p in links.of_kind(kind) if p.attrs.get("policy_arn") in keys)
    return [build(IamManagedPolicy, raw, **ids(raw), name=a.get("name"), tags=a.get("tags"),
                  path=a.get("path") or "/", document=policy_document(a.get("policy")) or {},
                  attachment_count=count, default_version_id="v1")]


def map_instance_profile(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    role_ref = a.get("role")
    if isinstance(role_ref, Unknown):
        roles: Any = role_ref
    else:
        role = links.find("aws_iam_role", role_ref)
        roles = [terraform_arn(role.kind, role.address, role.attrs)] if role else \
            ([f"role:{role_ref}"] if role_ref else [])
    return [build(IamInstanceProfile, raw, **ids(raw), name=a.get("name"), tags=a.get("tags"),
                  path=a.get("path") or "/", role_arns=roles)]


MAPPERS = {
    "aws_iam_role": map_role,
    "aws_iam_user": map_user,
    "aws_iam_policy": map_policy,
    "aws_iam_instance_profile": map_instance_profile,
}
