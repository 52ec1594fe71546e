"""How a rule is written: a small pure function plus its metadata, made a ``Rule`` by ``@rule``.

    @rule(id="s3_bucket_default_encryption", title="S3 buckets encrypt objects by default",
          resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
          stage=Stage.EXFILTRATE, needs=("default_encryption",), ...)
    def bucket_encrypted(bucket: S3Bucket, inv: Inventory) -> Verdict:
        if bucket.default_encryption is None:
            return failed("no default encryption configured")
        return passed(f"default encryption {bucket.default_encryption.algorithm}")

``needs`` lists fields of the resource the rule reads; ``uses`` lists other resource types it looks up in
the inventory. If any of them could not be collected the engine reports ERROR and never calls the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Resource, Severity, Stage, Status

RULE_ID = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
ATTACK_ID = re.compile(r"^T\d{4}(\.\d{3})?$")

# The services a built-in rule may be about: the names users pass to ``--services`` and ``rules list
# --service`` (the collectors' names; tests/core/test_rule_catalog.py keeps the two lists equal). A rule's
# service is its id prefix; an id prefix that differs from the collector's name is mapped here.
SERVICES = frozenset({
    "accessanalyzer", "account", "acm", "acm-pca", "apigateway", "apigatewayv2", "appsync", "athena", "auditmanager",
    "autoscaling",
    "backup", "budgets", "client-vpn", "cloudformation", "cloudfront", "cloudtrail", "cloudwatch", "codebuild",
    "cognito",
    "config", "dax", "dms", "dynamodb", "ebs", "ec2", "ecr", "ecs", "efs", "eks", "elasticache", "elasticbeanstalk",
    "elb", "elbv2", "emr", "events", "fsx", "glue", "glue-dev-endpoints", "guardduty", "iam", "inspector2",
    "kinesis", "kms", "lambda", "logs", "macie2", "msk", "networkfirewall", "opensearch", "organizations", "rds",
    "redshift", "route53", "s3", "s3-access-points", "s3-extra", "sagemaker", "secretsmanager", "securityhub",
    "sns", "sns-subscriptions", "sqs", "ssm", "stepfunctions", "transitgateway", "vpc", "wafv2"
})
# the console's names for the events, Inspector, Macie and Private CA APIs
ID_PREFIX_SERVICE = {"eventbridge": "events", "inspector": "inspector2", "macie": "macie2", "acmpca": "acm-pca"}
BUILTIN_PACKAGE = "ssrm.rules."


def service_of(rule_id: str) -> str:
    prefix = rule_id.split("_", 1)[0]
    return ID_PREFIX_SERVICE.get(prefix, prefix)


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    reason: str


def passed(reason: str) -> Verdict:
    return Verdict(Status.PASS, reason)


def failed(reason: str) -> Verdict:
    return Verdict(Status.FAIL, reason)


def not_applicable(reason: str) -> Verdict:
    return Verdict(Status.NOT_APPLICABLE, reason)


def for_message(resource: Resource, name: str) -> Any:
    """A field used only in a reason's wording: None when it could not be read.

    Read around the unknown-read guard on purpose: a detail of the message must not turn a verdict
    decided by known fields into ERROR.
    """
    if name in resource.unknown:
        return None
    return object.__getattribute__(resource, "__dict__").get(name)


Check = Callable[[Any, Inventory], Verdict]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    resource_type: str
    layer: Layer
    domain: Domain
    severity: Severity
    stage: Stage
    check: Check
    description: str = ""
    attack: tuple[str, ...] = ()
    phase: Phase = Phase.FOUNDATIONAL
    smm: str | None = None
    needs: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    remediation: Remediation = field(default_factory=Remediation)
    references: tuple[str, ...] = ()
    skips: str = ""
    runtime_only: bool = False
    source: str = "builtin"

    @property
    def service(self) -> str:
        """The service the rule is about, as ``--services`` names it: its id prefix (``elbv2``,
        ``opensearch``), not the CloudFormation namespace of its resource type."""
        return service_of(self.id)


def rule(
    *,
    id: str,
    title: str,
    resource_type: str | type[Resource],
    layer: Layer,
    domain: Domain,
    severity: Severity,
    stage: Stage,
    description: str = "",
    attack: tuple[str, ...] = (),
    phase: Phase = Phase.FOUNDATIONAL,
    smm: str | None = None,
    needs: tuple[str, ...] = (),
    uses: tuple[str | type[Resource], ...] = (),
    remediation: Remediation | None = None,
    references: tuple[str, ...] = (),
    skips: str = "",
    runtime_only: bool = False,
) -> Callable[[Check], Rule]:
    """Turn a check function into a Rule. ``runtime_only``: needs data only a live account has."""
    if not RULE_ID.match(id):
        raise ValueError(f"rule id {id!r} must be lower_snake_case with a service prefix")
    type_name = resource_type if isinstance(resource_type, str) else resource_type.resource_type
    used = tuple(u if isinstance(u, str) else u.resource_type for u in uses)

    def make(check: Check) -> Rule:
        problems = definition_problems(id, attack, description or (check.__doc__ or "").strip(),
                                       builtin=check.__module__.startswith(BUILTIN_PACKAGE))
        if problems:
            raise ValueError(f"rule {id!r}: " + "; ".join(problems))
        return Rule(
            id=id, title=title, resource_type=type_name, layer=layer, domain=domain, severity=severity,
            stage=stage, check=check, description=description or (check.__doc__ or "").strip(),
            attack=attack, phase=phase, smm=smm, needs=needs, uses=used,
            remediation=remediation or Remediation(), references=references, skips=skips,
            runtime_only=runtime_only,
        )

    return make


def definition_problems(rule_id: str, attack: tuple[str, ...], description: str, *, builtin: bool) -> list[str]:
    """What is wrong with a rule's metadata. Every rule: ATT&CK ids well formed. A built-in rule also: an
    id prefix naming a service users can select, a description, and at least one ATT&CK technique."""
    problems = [f"ATT&CK id {a!r} is not of the form T1234 or T1234.001" for a in attack if not ATTACK_ID.match(a)]
    if builtin:
        if service_of(rule_id) not in SERVICES:
            problems.append(f"id prefix {rule_id.split('_', 1)[0]!r} names no service that --services knows "
                            "(ssrm.rules.base.SERVICES: the collectors' names)")
        if not description:
            problems.append("no description (why it matters, in a sentence or two)")
        if not attack:
            problems.append("no ATT&CK technique")
    return problems
