"""Cognito: user pools (cognito-idp) and identity pools (cognito-identity); one Describe call per pool.

Shapes: Cognito user pools API ``DescribeUserPool`` (MfaConfiguration, UserPoolAddOns, Policies.PasswordPolicy,
DeletionProtection) and Cognito identity API ``DescribeIdentityPool``.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.devtools.cognito import CognitoIdentityPool, CognitoUserPool
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.devtools._shared import tag_dict
from ssrm.sources.aws.context import CollectContext

USER_POOL = CognitoUserPool.resource_type
IDENTITY_POOL = CognitoIdentityPool.resource_type
IDENTITY = "cognito-identity"
PAGE = 60
USER_POOL_DETAIL = ("mfa_configuration", "advanced_security_mode", "password_min_length", "deletion_protection")


def collect(ctx: CollectContext) -> None:
    pools = ctx.pages("list_user_pools", "UserPools", MaxResults=PAGE, resource_types=(USER_POOL,))
    for pool in ctx.parallel(lambda p: user_pool_of(ctx, p), pools or []):
        ctx.add(pool)
    identity_pools = ctx.pages("list_identity_pools", "IdentityPools", service=IDENTITY, MaxResults=PAGE,
                               resource_types=(IDENTITY_POOL,))
    for identity_pool in ctx.parallel(lambda p: identity_pool_of(ctx, p), identity_pools or []):
        ctx.add(identity_pool)


def user_pool_of(ctx: CollectContext, summary: dict[str, Any]) -> CognitoUserPool:
    pool_id = summary["Id"]
    base: dict[str, Any] = {"id": pool_id, "name": summary.get("Name", ""), "account": ctx.account,
                            "region": ctx.region}
    reply = ctx.call("describe_user_pool", UserPoolId=pool_id, resource=pool_id)
    if not reply.ok:
        return CognitoUserPool(arn=ctx.arn("cognito-idp", f"userpool/{pool_id}"), **base,
                               unknown=dict.fromkeys(USER_POOL_DETAIL, reply.reason))
    pool = reply.get("UserPool") or {}
    password = (pool.get("Policies") or {}).get("PasswordPolicy") or {}
    return CognitoUserPool(
        arn=pool.get("Arn") or ctx.arn("cognito-idp", f"userpool/{pool_id}"), **base,
        tags=tag_dict(pool.get("UserPoolTags")), mfa_configuration=pool.get("MfaConfiguration", "OFF"),
        advanced_security_mode=(pool.get("UserPoolAddOns") or {}).get("AdvancedSecurityMode", "OFF"),
        password_min_length=int(password.get("MinimumLength") or 0),
        password_require_uppercase=bool(password.get("RequireUppercase")),
        password_require_lowercase=bool(password.get("RequireLowercase")),
        password_require_numbers=bool(password.get("RequireNumbers")),
        password_require_symbols=bool(password.get("RequireSymbols")),
        deletion_protection=pool.get("DeletionProtection") == "ACTIVE",
    )


def identity_pool_of(ctx: CollectContext, summary: dict[str, Any]) -> CognitoIdentityPool:
    pool_id = summary["IdentityPoolId"]
    base: dict[str, Any] = {"arn": ctx.arn("cognito-identity", f"identitypool/{pool_id}"), "id": pool_id,
                            "name": summary.get("IdentityPoolName", ""), "account": ctx.account, "region": ctx.region}
    reply = ctx.call("describe_identity_pool", service=IDENTITY, IdentityPoolId=pool_id, resource=pool_id)
    if not reply.ok:
        return CognitoIdentityPool(**base, unknown=dict.fromkeys(("allow_unauthenticated", "allow_classic_flow"),
                                                                 reply.reason))
    return CognitoIdentityPool(
        **base, tags=tag_dict(reply.get("IdentityPoolTags")),
        allow_unauthenticated=bool(reply.get("AllowUnauthenticatedIdentities")),
        allow_classic_flow=bool(reply.get("AllowClassicFlow")),
    )


COLLECTOR = Collector(
    name="cognito",
    client="cognito-idp",
    scope="regional",
    resource_types=(USER_POOL, IDENTITY_POOL),
    actions=("cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool", "cognito-identity:ListIdentityPools",
             "cognito-identity:DescribeIdentityPool"),
    collect=collect,
    title="Cognito",
)
