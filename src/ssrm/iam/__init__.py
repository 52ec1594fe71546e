"""The IAM policy language: parse policies, expand actions, decide who can do what on which resource.

Public API::

    can(principal, action, resource, context=None) -> Decision
    is_public(resource_policy) -> PublicAccess
    grants_full_admin(policy_doc) -> bool
    actions_allowed(policy_docs, service_prefix) -> set[str]
    trusts(trust_policy, account=None) -> list[TrustedPrincipal]
    parse_policy(document, kind, name) -> Policy
    expand_action(pattern) -> frozenset[str]

See docs/iam.md for the evaluation order and what stays "conditional".
"""

from ssrm.iam.actions import (
    access_levels,
    all_actions,
    canonical_action,
    dataset_version,
    expand_action,
    is_known_action,
    known_services,
    service_actions,
)
from ssrm.iam.context import RequestContext
from ssrm.iam.decision import Decision
from ssrm.iam.errors import PolicyError
from ssrm.iam.evaluate import can
from ssrm.iam.policy import Policy, PolicyKind, Statement, StatementRef, load_document, parse_policy
from ssrm.iam.public import PublicAccess, is_public
from ssrm.iam.request import Principal, ResourceRef
from ssrm.iam.summary import actions_allowed, grants_full_admin
from ssrm.iam.trust import TrustedPrincipal, trusts

__all__ = [
    "Decision",
    "Policy",
    "PolicyError",
    "PolicyKind",
    "Principal",
    "PublicAccess",
    "RequestContext",
    "ResourceRef",
    "Statement",
    "StatementRef",
    "TrustedPrincipal",
    "access_levels",
    "actions_allowed",
    "all_actions",
    "can",
    "canonical_action",
    "dataset_version",
    "expand_action",
    "grants_full_admin",
    "is_known_action",
    "is_public",
    "known_services",
    "load_document",
    "parse_policy",
    "service_actions",
    "trusts",
]
