"""The IAM collector (global): principals and policies, credentials, and account-wide IAM settings.

Calls per scan, independent of the number of users and roles: GetAccountAuthorizationDetails (paged),
GenerateCredentialReport (+ polling), GetCredentialReport, GetAccountSummary, ListVirtualMFADevices,
GetAccountPasswordPolicy, ListSAMLProviders, ListOpenIDConnectProviders, ListInstanceProfiles,
ListServerCertificates, ListPolicies; plus one GetPolicyVersion per attached AWS-managed policy.
"""

from __future__ import annotations

from ssrm.model.resources.identity.iam import (
    IamGroup,
    IamInstanceProfile,
    IamManagedPolicy,
    IamOidcProvider,
    IamPasswordPolicy,
    IamRole,
    IamRootUser,
    IamSamlProvider,
    IamServerCertificate,
    IamUser,
)
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.identity.credential_report import fetch_report
from ssrm.sources.aws.collectors.identity.iam_account import (
    collect_identity_providers,
    collect_instance_profiles,
    collect_password_policy,
    collect_root_user,
    collect_server_certificates,
)
from ssrm.sources.aws.collectors.identity.iam_principals import (
    collect_attached_aws_policies,
    collect_principals,
)
from ssrm.sources.aws.collectors.identity.iam_single import SINGLE_ACTIONS
from ssrm.sources.aws.context import CollectContext


def collect(ctx: CollectContext) -> None:
    report = fetch_report(ctx)
    collect_principals(ctx, report)
    collect_attached_aws_policies(ctx)
    collect_root_user(ctx, report)
    collect_password_policy(ctx)
    collect_identity_providers(ctx)
    collect_instance_profiles(ctx)
    collect_server_certificates(ctx)


COLLECTOR = Collector(
    name="iam",
    client="iam",
    scope="global",
    title="IAM",
    resource_types=tuple(t.resource_type for t in (
        IamUser, IamGroup, IamRole, IamManagedPolicy, IamInstanceProfile, IamPasswordPolicy, IamRootUser,
        IamSamlProvider, IamOidcProvider, IamServerCertificate,
    )),
    actions=(
        "iam:GenerateCredentialReport",
        "iam:GetAccountAuthorizationDetails",
        "iam:GetAccountPasswordPolicy",
        "iam:GetAccountSummary",
        "iam:GetCredentialReport",
        "iam:GetPolicyVersion",
        "iam:ListInstanceProfiles",
        "iam:ListOpenIDConnectProviders",
        "iam:ListPolicies",
        "iam:ListSAMLProviders",
        "iam:ListServerCertificates",
        "iam:ListVirtualMFADevices",
        *SINGLE_ACTIONS,  # one role, user or policy re-read by 'ssrm watch --trail'
    ),
    collect=collect,
)
