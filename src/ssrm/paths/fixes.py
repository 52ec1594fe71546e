"""Findings grouped into fixes: one change a person makes, which often resolves several findings.

A fix has a stable key (what it changes), an effort (1 a setting, 2 a change that needs care, 3 a policy
redesign), the findings it resolves, and the commands, taken from the rules' remediation with the
resource filled in. The graph builder attaches fix keys to the edges they remove; the plan picks among them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ssrm.model import Finding, Severity, Stage, Status

EFFORT_LABELS = {1: "low", 2: "medium", 3: "high"}


@dataclass
class Fix:
    key: str
    title: str
    effort: int
    stage: Stage
    severity: Severity = Severity.INFO
    rule_ids: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    cli: list[str] = field(default_factory=list)
    terraform: list[str] = field(default_factory=list)

    @property
    def effort_label(self) -> str:
        return EFFORT_LABELS.get(self.effort, "high")

    def absorb(self, finding: Finding) -> None:
        if finding.rule_id not in self.rule_ids:
            self.rule_ids.append(finding.rule_id)
        if finding.resource_arn not in self.resources:
            self.resources.append(finding.resource_arn)
        if finding.severity.rank < self.severity.rank:
            self.severity = finding.severity
        if finding.stage.order < self.stage.order:
            self.stage = finding.stage
        command = fill_placeholders(finding.remediation.cli, finding)
        if command and command not in self.cli:
            self.cli.append(command)
        terraform = fill_placeholders(finding.remediation.terraform, finding)
        if terraform and terraform not in self.terraform:
            self.terraform.append(terraform)


# rule id -> (fix kind, title template, effort). ``{label}`` is the resource's id or name.
FIX_KINDS: dict[str, tuple[str, str, int]] = {
    "s3_account_public_access_block": ("s3-block-public-access", "Turn on S3 Block Public Access for the account", 1),
    "s3_bucket_public_access_block": ("s3-block-public-access", "Turn on S3 Block Public Access for the account", 1),
    "s3_bucket_public_policy": ("s3-block-public-access", "Turn on S3 Block Public Access for the account", 1),
    "s3_bucket_public_acl": ("s3-block-public-access", "Turn on S3 Block Public Access for the account", 1),
    "ec2_instance_imdsv1_allowed": ("imdsv2", "Require IMDSv2 on {label}", 1),
    "ec2_instance_imds_hop_limit": ("imdsv2", "Require IMDSv2 on {label}", 1),
    "ec2_instance_public_admin_ports": ("admin-exposure", "Close {label}'s administration ports to the internet", 1),
    "ec2_security_group_open_ssh": ("security-group", "Close security group {label} to the internet", 1),
    "ec2_security_group_open_rdp": ("security-group", "Close security group {label} to the internet", 1),
    "ec2_security_group_open_all_traffic": ("security-group", "Close security group {label} to the internet", 1),
    "ec2_security_group_open_database_ports": ("security-group", "Close security group {label} to the internet", 1),
    "ec2_security_group_open_high_risk_ports": ("security-group", "Close security group {label} to the internet", 1),
    "rds_instance_public": ("rds-private", "Make database {label} private", 2),
    "iam_root_mfa": ("root", "Protect the root user (MFA, no access keys)", 1),
    "iam_root_access_keys": ("root", "Protect the root user (MFA, no access keys)", 1),
    "iam_root_hardware_mfa": ("root", "Protect the root user (MFA, no access keys)", 1),
    "iam_user_console_mfa": ("user-mfa", "Require MFA for {label}", 1),
    "iam_user_admin_attached_directly": ("user-admin", "Take administrator policies off user {label}", 2),
    "iam_user_inline_full_admin": ("user-admin", "Take administrator policies off user {label}", 2),
    "iam_user_direct_policies": ("user-admin", "Take administrator policies off user {label}", 2),
    "iam_role_inline_full_admin": ("role-admin", "Replace role {label}'s full-admin policy with what it needs", 2),
    "iam_group_inline_full_admin": ("group-admin", "Replace group {label}'s full-admin policy with what it needs", 2),
    "iam_managed_policy_full_admin": ("policy-admin", "Narrow managed policy {label} (it grants *:*)", 2),
    "iam_role_cross_account_external_id": ("role-trust", "Restrict who may assume role {label}", 1),
    "iam_role_trust_any_principal": ("role-trust", "Restrict who may assume role {label}", 1),
    "lambda_function_url_auth_none": ("lambda-public", "Require IAM auth to invoke function {label}", 1),
    "lambda_function_public_policy": ("lambda-public", "Require IAM auth to invoke function {label}", 1),
    "ec2_instance_user_data_secrets": ("user-data-secrets", "Move the credentials out of {label}'s user data", 2),
    "lambda_function_env_secrets": ("lambda-env-secrets", "Move the credentials out of {label}'s environment", 2),
    "kms_key_policy_public": ("kms-public", "Remove the public grant from key {label}'s policy", 1),
    "secretsmanager_secret_policy_public": ("secret-public", "Remove the public grant from secret {label}", 1),
}
ACCOUNT_WIDE = {"s3-block-public-access", "root"}

_PLACEHOLDER = re.compile(r"<([A-Za-z][A-Za-z0-9_-]*)>")
_GENERIC = {"id", "name", "resource"}
_NOUNS = {  # resource type -> the placeholder nouns that mean that resource
    "AWS::EC2::SecurityGroup": {"sg", "group", "security-group", "securitygroup", "group_id"},
    "AWS::RDS::DBInstance": {"db", "db-instance", "database"},
    "AWS::KMS::Key": {"key"},
    "AWS::Lambda::Function": {"function", "fn"},
    "AWS::S3::Bucket": {"bucket"},
}


def _means_resource(placeholder: str, resource_type: str) -> bool:
    noun = placeholder.lower()
    for suffix in ("-id", "_id", "-name", "_name", "-arn", "_arn"):
        noun = noun.removesuffix(suffix)
    own = resource_type.rsplit("::", 1)[-1].lower()
    return noun in _GENERIC or noun == own or noun in _NOUNS.get(resource_type, set())


def fill_placeholders(command: str, finding: Finding) -> str:
    """Put the finding's resource into a remediation written with placeholders; other placeholders (an MFA
    code, a policy name) stay for the person to fill."""
    if not command:
        return ""
    filled = _PLACEHOLDER.sub(lambda m: finding.resource_id if _means_resource(m.group(1), finding.resource_type)
                              else m.group(0), command)
    filled = re.sub(r"\bACCOUNT_ID\b", finding.account, filled)
    filled = re.sub(r"\bKEY_ID\b", finding.resource_id, filled)
    return re.sub(r"(--db-instance-identifier) DB\b", rf"\1 {finding.resource_id}", filled)


def fix_key(rule_id: str, resource_arn: str, account: str) -> str:
    kind = FIX_KINDS.get(rule_id, (rule_id, "", 2))[0]
    return f"{kind}:{account}" if kind in ACCOUNT_WIDE else f"{kind}:{resource_arn}"


def _label(finding: Finding) -> str:
    return finding.resource_id


def fixes_from_findings(findings: Iterable[Finding]) -> dict[str, Fix]:
    """Every failing finding, grouped into the fixes that resolve them, by fix key."""
    fixes: dict[str, Fix] = {}
    for finding in findings:
        if finding.status is not Status.FAIL:
            continue
        _, title, effort = FIX_KINDS.get(finding.rule_id, (finding.rule_id, "", 2))
        key = fix_key(finding.rule_id, finding.resource_arn, finding.account)
        fix = fixes.get(key)
        if fix is None:
            title = title.format(label=_label(finding)) if title else f"{finding.title} ({_label(finding)})"
            fix = fixes[key] = Fix(key=key, title=title, effort=effort, stage=finding.stage)
        fix.absorb(finding)
    return fixes


def failing_by_resource(findings: Iterable[Finding]) -> dict[tuple[str, str], Finding]:
    """(rule id, resource ARN) -> the failing finding, for the graph builder's lookups."""
    return {(f.rule_id, f.resource_arn): f for f in findings if f.status is Status.FAIL}
