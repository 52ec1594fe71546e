"""Cognito rules: user pools resist account takeover (threat protection, MFA, passwords); identity pools
hand out no credentials to unauthenticated guests or through the classic flow."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.cognito import CognitoIdentityPool, CognitoUserPool
from ssrm.rules.base import Verdict, failed, passed, rule

MIN_PASSWORD_LENGTH = 8


@rule(
    id="cognito_user_pool_threat_protection",
    description=("Threat protection blocks sign-ins from compromised credentials and risky contexts instead of only "
                 "reporting them."),
    title="Cognito user pools enforce threat protection for standard authentication",
    resource_type=CognitoUserPool, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1110", "T1110.004", "T1078"), phase=Phase.EFFICIENT, smm="IA3.2",
    needs=("advanced_security_mode",),
    remediation=Remediation(
        text="Turn on threat protection (advanced security) in full-function ENFORCED mode, which blocks "
             "compromised credentials and risky sign-ins.",
        cli="aws cognito-idp update-user-pool --user-pool-id POOL_ID --user-pool-add-ons "
            "AdvancedSecurityMode=ENFORCED",
        terraform='resource "aws_cognito_user_pool" "this" {\n  user_pool_add_ons {\n'
                  '    advanced_security_mode = "ENFORCED"\n  }\n}',
    ),
    references=("FSBP Cognito.1",),
    skips="custom authentication flows (AdvancedSecurityAdditionalFlows, not judged)",
)
def user_pool_threat_protection(pool: CognitoUserPool, inv: Inventory) -> Verdict:
    if pool.advanced_security_mode == "ENFORCED":
        return passed("threat protection ENFORCED")
    return failed(f"user pool {pool.label} has threat protection {pool.advanced_security_mode}, not ENFORCED")


@rule(
    id="cognito_user_pool_mfa", title="Cognito user pools require or offer multi-factor authentication",
    description="Without a second factor, a leaked or guessed password is enough to take over an account.",
    resource_type=CognitoUserPool, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1110", "T1078"), phase=Phase.EFFICIENT, smm="IA3.2",
    needs=("mfa_configuration",),
    remediation=Remediation(
        text="Set MFA to ON (or OPTIONAL, with adaptive MFA from threat protection) with TOTP software tokens.",
        cli="aws cognito-idp set-user-pool-mfa-config --user-pool-id POOL_ID "
            "--software-token-mfa-configuration Enabled=true --mfa-configuration ON",
        terraform='resource "aws_cognito_user_pool" "this" {\n  mfa_configuration = "ON"\n'
                  '  software_token_mfa_configuration {\n    enabled = true\n  }\n}',
    ),
    skips="whether users actually enrolled a factor when MFA is OPTIONAL",
)
def user_pool_mfa(pool: CognitoUserPool, inv: Inventory) -> Verdict:
    if pool.mfa_configuration == "OFF":
        return failed(f"user pool {pool.label} has MfaConfiguration OFF")
    return passed(f"MFA {pool.mfa_configuration}")


@rule(
    id="cognito_user_pool_password_policy",
    description=("Short or simple passwords fall to guessing and credential stuffing; the pool's policy is the only "
                 "barrier before MFA."),
    title=f"Cognito user pools require passwords of {MIN_PASSWORD_LENGTH}+ characters with mixed character classes",
    resource_type=CognitoUserPool, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1110.001", "T1110.003"), phase=Phase.EFFICIENT, smm="IA3.2",
    needs=("password_min_length",),
    remediation=Remediation(
        text=f"Require at least {MIN_PASSWORD_LENGTH} characters with upper and lower case letters, numbers "
             "and symbols.",
        cli="aws cognito-idp update-user-pool --user-pool-id POOL_ID --policies "
            "'PasswordPolicy={MinimumLength=12,RequireUppercase=true,RequireLowercase=true,RequireNumbers=true,"
            "RequireSymbols=true}'",
        terraform='resource "aws_cognito_user_pool" "this" {\n  password_policy {\n    minimum_length    = 12\n'
                  '    require_uppercase = true\n    require_lowercase = true\n    require_numbers   = true\n'
                  '    require_symbols   = true\n  }\n}',
    ),
    skips="pools that sign users in only through federation or passwordless (the policy still applies to "
          "any password user)",
)
def user_pool_password_policy(pool: CognitoUserPool, inv: Inventory) -> Verdict:
    missing = [name for name, on in (("uppercase", pool.password_require_uppercase),
                                      ("lowercase", pool.password_require_lowercase),
                                      ("numbers", pool.password_require_numbers),
                                      ("symbols", pool.password_require_symbols)) if not on]
    if pool.password_min_length < MIN_PASSWORD_LENGTH:
        return failed(f"user pool {pool.label} allows {pool.password_min_length}-character passwords")
    if missing:
        return failed(f"user pool {pool.label} does not require {', '.join(missing)} in passwords")
    return passed(f"minimum length {pool.password_min_length}, all character classes required")


@rule(
    id="cognito_identity_pool_unauthenticated",
    description=("Guest identities receive real AWS credentials; whatever their role allows is available to anyone who"
                 " calls the pool."),
    title="Cognito identity pools give no AWS credentials to unauthenticated identities",
    resource_type=CognitoIdentityPool, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1078.004", "T1528"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("allow_unauthenticated",),
    remediation=Remediation(
        text="Turn guest access off, or keep the unauthenticated role to the few actions guests truly need.",
        cli="aws cognito-identity update-identity-pool --identity-pool-id POOL_ID --identity-pool-name NAME "
            "--no-allow-unauthenticated-identities",
        terraform='resource "aws_cognito_identity_pool" "this" {\n'
                  '  allow_unauthenticated_identities = false\n}',
    ),
    skips="what the unauthenticated role may do (anyone on the internet gets its credentials)",
)
def identity_pool_unauthenticated(pool: CognitoIdentityPool, inv: Inventory) -> Verdict:
    if pool.allow_unauthenticated:
        return failed(f"identity pool {pool.label} gives AWS credentials to unauthenticated identities")
    return passed("unauthenticated identities are not allowed")


@rule(
    id="cognito_identity_pool_classic_flow", title="Cognito identity pools do not allow the basic (classic) flow",
    description=("The basic flow lets clients choose which role to assume, so a misconfigured trust can hand out more "
                 "privilege than the enhanced flow allows."),
    resource_type=CognitoIdentityPool, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.LOW,
    stage=Stage.DISCOVER_SPREAD, attack=("T1550.001", "T1078.004"), phase=Phase.EFFICIENT, smm="IA3.2",
    needs=("allow_classic_flow",),
    remediation=Remediation(
        text="Turn the basic flow off: it lets a caller pick any role the pool's token can assume, bypassing "
             "role-mapping rules.",
        cli="aws cognito-identity update-identity-pool --identity-pool-id POOL_ID --identity-pool-name NAME "
            "--no-allow-classic-flow",
        terraform='resource "aws_cognito_identity_pool" "this" {\n  allow_classic_flow = false\n}',
    ),
)
def identity_pool_classic_flow(pool: CognitoIdentityPool, inv: Inventory) -> Verdict:
    if pool.allow_classic_flow:
        return failed(f"identity pool {pool.label} has AllowClassicFlow true")
    return passed("classic flow disabled")
