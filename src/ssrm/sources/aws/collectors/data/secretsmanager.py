"""Secrets Manager: secrets (rotation comes with the listing) and their resource policies."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data._shared import iso, parse_policy, tag_dict
from ssrm.sources.aws.context import CollectContext

SECRET = Secret.resource_type


def collect(ctx: CollectContext) -> None:
    secrets = ctx.pages("list_secrets", "SecretList", resource_types=(SECRET,))
    for secret in ctx.parallel(lambda s: read_secret(ctx, s), secrets or []):
        ctx.add(secret)


def read_secret(ctx: CollectContext, listed: dict[str, Any]) -> Secret:
    arn, name = listed["ARN"], listed.get("Name", "")
    unknown: dict[str, str] = {}
    reply = ctx.call("get_resource_policy", SecretId=arn, resource=name)
    policy: dict[str, Any] | None = None
    if reply.ok:
        policy, why = parse_policy(reply.get("ResourcePolicy"))
        if why:
            unknown["policy"] = why
    else:
        unknown["policy"] = reply.reason
    rules = listed.get("RotationRules") or {}
    return Secret(
        arn=arn, id=name or arn, name=name, account=ctx.account, region=ctx.region,
        tags=tag_dict(listed.get("Tags")), description=listed.get("Description", ""),
        kms_key_id=listed.get("KmsKeyId"), rotation_enabled=bool(listed.get("RotationEnabled")),
        rotation_lambda_arn=listed.get("RotationLambdaARN"), rotation_days=rules.get("AutomaticallyAfterDays"),
        last_rotated=iso(listed.get("LastRotatedDate")), last_accessed=iso(listed.get("LastAccessedDate")),
        created=iso(listed.get("CreatedDate")), owning_service=listed.get("OwningService"), policy=policy,
        unknown=unknown,
    )


COLLECTOR = Collector(
    name="secretsmanager",
    client="secretsmanager",
    scope="regional",
    resource_types=(SECRET,),
    actions=("secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"),
    collect=collect,
    title="Secrets Manager",
)
