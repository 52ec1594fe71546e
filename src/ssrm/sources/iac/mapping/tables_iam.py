"""Declarative tables (see ``table.py``) for IAM roles, users, managed policies and instance profiles.

Most of an IAM principal is joins: its inline policies (``aws_iam_role_policy``, ``AWS::IAM::Policy``),
attachments, access keys, login profile, groups and instance profiles come from other records, found by
reference. A companion that names its principal through a value known only at apply makes the field it
could change unknown (ERROR with the reason), never an empty list.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.identity.iam import (
    AccessKeyState,
    IamInstanceProfile,
    IamManagedPolicy,
    IamRole,
    IamUser,
    InlinePolicy,
)
from ssrm.sources.iac.mapping.build import Links, as_list, policy_document, sub
from ssrm.sources.iac.mapping.cloudformation.links import ids as cfn_ids
from ssrm.sources.iac.mapping.table import Field, Table
from ssrm.sources.iac.mapping.terraform.links import ids as tf_ids
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.synthesize import terraform_arn
from ssrm.sources.iac.unknown import Unknown

TF = "terraform"
PATH = "IAM API: Path / unless given"


def _inline(name: Any, document: Any) -> Any:
    return sub(InlinePolicy, name=name or "", document=policy_document(document) or {})


def _all_known(parts: list[Any]) -> Any:
    """The list, or the first Unknown in it (one unknown policy makes the whole field unknown)."""
    return next((p for p in parts if isinstance(p, Unknown)), parts)


def _document(value: Any) -> Any:
    return policy_document(value) or {}


def _arn(raw: RawResource, fmt: str) -> str:
    return terraform_arn(raw.kind, raw.address, raw.attrs) if fmt == TF else cfn_ids(raw)["arn"]


# --- Terraform joins -------------------------------------------------------------------------------
def _tf_attachments(raw: RawResource, links: Links, single: str, plural: str, kind: str) -> list[Any]:
    arns: list[Any] = [p.attrs.get("policy_arn") for p in links.referencing(kind, single, raw)]
    arns += [p.attrs.get("policy_arn") for p in links.referencing("aws_iam_policy_attachment", plural, raw)]
    arns += [u for u in (links.unresolved(kind, single), links.unresolved("aws_iam_policy_attachment", plural))
             if u is not None]
    return arns


def _tf_inline(raw: RawResource, links: Links, kind: str, attr: str) -> list[Any]:
    inline = [_inline(p.attrs.get("name"), p.attrs.get("policy")) for p in links.referencing(kind, attr, raw)]
    unresolved = links.unresolved(kind, attr)
    return inline + ([unresolved] if unresolved is not None else [])


# --- CloudFormation joins --------------------------------------------------------------------------
def _cfn_own_inline(raw: RawResource) -> list[Any]:
    own = raw.attrs.get("Policies") or []
    return [own] if isinstance(own, Unknown) else [_inline(p.get("PolicyName"), p.get("PolicyDocument"))
                                                   for p in own if isinstance(p, dict)]


def _cfn_policies_of(raw: RawResource, links: Links, plural: str) -> tuple[list[Any], list[Any]]:
    """Inline policies (AWS::IAM::Policy) and managed policy ARNs (AWS::IAM::ManagedPolicy) naming it."""
    inline = [_inline(p.attrs.get("PolicyName"), p.attrs.get("PolicyDocument"))
              for p in links.referencing("AWS::IAM::Policy", plural, raw)]
    managed = [cfn_ids(p)["arn"] for p in links.referencing("AWS::IAM::ManagedPolicy", plural, raw)]
    inline += [u for kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
               if (u := links.unresolved(kind, plural)) is not None]
    return inline, managed


def _cfn_managed(raw: RawResource, extra: list[Any]) -> Any:
    managed = as_list(raw.attrs.get("ManagedPolicyArns"))
    return managed if isinstance(managed, Unknown) else [*managed, *extra]


# --- roles -----------------------------------------------------------------------------------------
def _role_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    if fmt == TF:
        blocks = a.get("inline_policy") or []
        inline = [blocks] if isinstance(blocks, Unknown) else [
            _inline(b.get("name"), b.get("policy")) for b in blocks if isinstance(b, dict) and b.get("policy")]
        inline += _tf_inline(raw, links, "aws_iam_role_policy", "role")
        managed = as_list(a.get("managed_policy_arns"))
        attached = managed if isinstance(managed, Unknown) else _all_known(
            [*managed, *_tf_attachments(raw, links, "role", "roles", "aws_iam_role_policy_attachment")])
        profiles = links.referencing("aws_iam_instance_profile", "role", raw)
    else:
        extra_inline, extra_managed = _cfn_policies_of(raw, links, "Roles")
        inline = _cfn_own_inline(raw) + extra_inline
        attached = _cfn_managed(raw, extra_managed)
        profiles = links.referencing("AWS::IAM::InstanceProfile", "Roles", raw)
    return {"inline_policies": _all_known(inline), "attached_policy_arns": attached,
            "instance_profile_arns": [_arn(p, fmt) for p in profiles]}


ROLE = Table(
    IamRole, ("aws_iam_role",), ("AWS::IAM::Role",), name=("name", "RoleName"),
    fields=(
        Field("path", "path", "Path", "/", PATH),
        Field("trust_policy", "assume_role_policy", "AssumeRolePolicyDocument", convert=_document),
        Field("permissions_boundary_arn", "permissions_boundary", "PermissionsBoundary", None, "no boundary"),
        Field("max_session_seconds", "max_session_duration", "MaxSessionDuration", 3600,
              "IAM API CreateRole: MaxSessionDuration 3600", int),
    ),
    constants={"created": (None, "created at apply: no age yet"),
               "last_used": (None, "created at apply: not assumed yet")},
    derived=("inline_policies", "attached_policy_arns", "instance_profile_arns"), derive=_role_derive)


# --- users -----------------------------------------------------------------------------------------
def _user_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    if fmt == TF:
        inline = _tf_inline(raw, links, "aws_iam_user_policy", "user")
        attached = _all_known(_tf_attachments(raw, links, "user", "users", "aws_iam_user_policy_attachment"))
        keys, status = links.referencing("aws_iam_access_key", "user", raw), "status"
        password = bool(links.referencing("aws_iam_user_login_profile", "user", raw))
        groups = [g.attrs.get("group") for g in links.referencing("aws_iam_user_group_membership", "user", raw)]
    else:
        extra_inline, extra_managed = _cfn_policies_of(raw, links, "Users")
        inline = _cfn_own_inline(raw) + extra_inline
        attached = _cfn_managed(raw, extra_managed)
        keys, status = links.referencing("AWS::IAM::AccessKey", "UserName", raw), "Status"
        password = bool(a.get("LoginProfile"))
        groups = as_list(a.get("Groups")) or []
    # IAM API CreateAccessKey: a new key is Active
    states = [sub(AccessKeyState, slot=n + 1, active=(k.attrs.get(status) or "Active") == "Active")
              for n, k in enumerate(keys)]
    return {"inline_policies": _all_known(inline), "attached_policy_arns": attached,
            "access_keys": _all_known(states), "password_enabled": password,
            "groups": groups if isinstance(groups, Unknown) else [g for g in groups if isinstance(g, str)]}


USER = Table(
    IamUser, ("aws_iam_user",), ("AWS::IAM::User",), name=("name", "UserName"),
    fields=(
        Field("path", "path", "Path", "/", PATH),
        Field("permissions_boundary_arn", "permissions_boundary", "PermissionsBoundary", None, "no boundary"),
    ),
    live_only={"mfa_active": "MFA devices are enrolled outside infrastructure code"},
    constants={"created": (None, "created at apply: no age yet"),
               "password_last_used": (None, "created at apply: no sign-in yet")},
    derived=("inline_policies", "attached_policy_arns", "access_keys", "password_enabled", "groups"),
    derive=_user_derive)


# --- managed policies ------------------------------------------------------------------------------
ATTACHMENTS = ("aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment",
               "aws_iam_group_policy_attachment", "aws_iam_policy_attachment")


def _policy_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        keys = {raw.address, *tf_ids(raw).values()}
        count = sum(1 for kind in ATTACHMENTS for p in links.of_kind(kind) if p.attrs.get("policy_arn") in keys)
    else:
        targets = [as_list(raw.attrs.get(k)) for k in ("Roles", "Users", "Groups")]
        count = sum(len(t) for t in targets if isinstance(t, list))
    return {"attachment_count": count}


MANAGED_POLICY = Table(
    IamManagedPolicy, ("aws_iam_policy",), ("AWS::IAM::ManagedPolicy",), name=("name", "ManagedPolicyName"),
    fields=(
        Field("path", "path", "Path", "/", PATH),
        Field("document", "policy", "PolicyDocument", convert=_document),
    ),
    constants={"default_version_id": ("v1", "a new policy has one version, v1"),
               "aws_managed": (False, "a policy declared in code is customer managed"),
               "attachable": (True, "IAM: customer managed policies are attachable")},
    derived=("attachment_count",), derive=_policy_derive)


# --- instance profiles -----------------------------------------------------------------------------
def _profile_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    kind, attr = ("aws_iam_role", "role") if fmt == TF else ("AWS::IAM::Role", "Roles")
    refs = as_list(raw.attrs.get(attr))
    if isinstance(refs, Unknown):
        return {"role_arns": refs}
    roles = []
    for ref in (r for r in refs if r):
        role = links.find(kind, ref)
        roles.append(_arn(role, fmt) if role else f"role:{ref}")
    return {"role_arns": roles}


INSTANCE_PROFILE = Table(
    IamInstanceProfile, ("aws_iam_instance_profile",), ("AWS::IAM::InstanceProfile",),
    name=("name", "InstanceProfileName"),
    fields=(Field("path", "path", "Path", "/", PATH),),
    derived=("role_arns",), derive=_profile_derive)


TABLES: list[Table] = [ROLE, USER, MANAGED_POLICY, INSTANCE_PROFILE]
