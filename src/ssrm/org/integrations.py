"""Every party outside the organization (or the scanned account) that can get in, and whether it is locked.

Sources of access, from the inventory alone:
- role trust policies naming another account or an ARN in one (with or without ``sts:ExternalId``), or
  anyone; the account named through the known-vendor list, or flagged as unknown;
- OIDC providers and the roles that trust them (a GitHub Actions trust without a ``sub`` condition lets
  any repository on GitHub in: critical); SAML providers and their roles;
- resource policies of buckets, keys, queues, topics, secrets, functions, registries, event buses and
  backup vaults that grant another account or the public, and snapshots or images shared with them.
Accounts of the organization (when the inventory carries its listing) are insiders, not integrations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ssrm.iam import PolicyError, is_public, parse_policy, trusts
from ssrm.iam.arn import account_of
from ssrm.model import Inventory, Resource
from ssrm.model.resources.account import Account
from ssrm.model.resources.identity.iam import IamOidcProvider, IamRole, IamSamlProvider
from ssrm.model.resources.identity.organizations import OrgAccount
from ssrm.org.known_accounts import vendor_of

GITHUB_ISSUER = "token.actions.githubusercontent.com"
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
ORG_CONDITION_KEYS = ("aws:principalorgid", "aws:principalorgpaths", "aws:sourceorgid", "aws:sourceorgpaths")


@dataclass
class Integration:
    """One way in for one outside party."""

    kind: str  # role-trust, oidc, saml, resource-policy, shared-snapshot
    party: str  # an account id, "public", or an identity provider
    party_name: str  # the vendor's name, "unknown account", "anyone", the provider's URL
    known: bool
    resource: str
    resource_type: str
    account: str  # the account the resource is in
    locked: bool
    guard: str  # what locks it, or what is missing
    severity: str
    actions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class IntegrationReport:
    integrations: list[Integration]
    oidc_providers: list[dict[str, Any]]
    saml_providers: list[dict[str, Any]]
    members: list[str]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        counts = Counter(i.severity for i in self.integrations)
        return {
            "integrations": [i.as_dict() for i in self.integrations],
            "oidc_providers": self.oidc_providers,
            "saml_providers": self.saml_providers,
            "organization_accounts": len(self.members),
            "parties": sorted({i.party for i in self.integrations}),
            "unknown_accounts": sorted({i.party for i in self.integrations if not i.known and i.party.isdigit()}),
            "by_severity": {k: counts[k] for k in SEVERITY_ORDER if counts[k]},
            "unlocked": sum(1 for i in self.integrations if not i.locked),
            "notes": self.notes,
        }


def _members(inventory: Inventory) -> set[str]:
    members = {a.id for a in inventory.of_type(OrgAccount)}
    members.add(inventory.account)
    members.update(a.id for a in inventory.of_type(Account))
    return members


def _party(account: str | None) -> tuple[str, bool]:
    if not account:
        return "unknown principal", False
    vendor = vendor_of(account)
    if vendor is None:
        return "unknown account", False
    return (f"AWS ({vendor.vendor})" if vendor.aws_service else vendor.vendor), True


def _condition_keys(document: dict[str, Any], provider: str) -> set[str]:
    keys: set[str] = set()
    statements = document.get("Statement") or []
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal") or {}
        federated = principal.get("Federated") if isinstance(principal, dict) else None
        named = federated if isinstance(federated, list) else [federated]
        if provider not in named:
            continue
        for operator_values in (statement.get("Condition") or {}).values():
            if isinstance(operator_values, dict):
                keys.update(str(k).lower() for k in operator_values)
    return keys


def _role_trusts(role: IamRole, members: set[str], providers: dict[str, Resource], found: list[Integration],
                 notes: list[str]) -> None:
    try:
        entries = trusts(role.trust_policy, role.account or None)
    except PolicyError as exc:
        notes.append(f"trust policy of {role.arn} could not be read: {exc}")
        return
    for entry in entries:
        if entry.kind == "anyone":
            guard = "conditions: " + ", ".join(entry.condition_keys) if entry.conditional else "no condition"
            found.append(Integration("role-trust", "public", "anyone", False, role.arn, role.resource_type,
                                     role.account, False, guard, "critical", list(entry.actions)))
        elif entry.kind in ("account", "aws") and entry.account and entry.account not in members:
            name, known = _party(entry.account)
            locked = entry.external_id or entry.restricted
            guard = ("sts:ExternalId required" if entry.external_id else
                     "restricted by " + ", ".join(entry.condition_keys) if entry.restricted else "no sts:ExternalId")
            severity = "info" if locked else ("high" if known else "critical")
            found.append(Integration("role-trust", entry.account, name, known, role.arn, role.resource_type,
                                     role.account, locked, guard, severity, list(entry.actions)))
        elif entry.kind == "federated":
            found.append(_federated(role, entry.value, providers))


def _federated(role: IamRole, provider_arn: str, providers: dict[str, Resource]) -> Integration:
    provider = providers.get(provider_arn)
    url = getattr(provider, "url", "") or provider_arn.split("oidc-provider/", 1)[-1]
    keys = _condition_keys(role.trust_policy, provider_arn)
    if ":saml-provider/" in provider_arn:
        locked = "saml:aud" in keys
        return Integration("saml", provider_arn, provider_arn.rsplit("/", 1)[-1], True, role.arn,
                           role.resource_type, role.account, locked,
                           "SAML:aud pinned" if locked else "no SAML:aud condition", "info" if locked else "medium",
                           ["sts:AssumeRoleWithSAML"])
    host = url.replace("https://", "").rstrip("/")
    sub, aud = f"{host}:sub".lower(), f"{host}:aud".lower()
    if host == GITHUB_ISSUER:
        locked = sub in keys
        guard = "sub pinned to repositories" if locked else "no sub condition: any GitHub repository can assume it"
        severity = "info" if locked else "critical"
    else:
        locked = sub in keys or aud in keys
        guard = "sub/aud pinned" if locked else "no sub or aud condition"
        severity = "info" if locked else "high"
    return Integration("oidc", provider_arn, host, True, role.arn, role.resource_type, role.account, locked, guard,
                       severity, ["sts:AssumeRoleWithWebIdentity"])


POLICY_FIELDS = ("policy", "access_policy")


def _resource_policies(resource: Resource, members: set[str], found: list[Integration], notes: list[str]) -> None:
    document = next((getattr(resource, f) for f in POLICY_FIELDS if getattr(resource, f, None)), None)
    if not isinstance(document, dict):
        return
    try:
        policy = parse_policy(document, "resource", resource.label)
        public = is_public(policy)
    except PolicyError as exc:
        notes.append(f"policy of {resource.arn} could not be read: {exc}")
        return
    if public.public:
        found.append(Integration("resource-policy", "public", "anyone", False, resource.arn, resource.resource_type,
                                 resource.account, False,
                                 "conditional: " + public.reason if public.conditional else public.reason,
                                 "high" if public.conditional else "critical"))
    for statement in policy.statements:
        if statement.is_deny or statement.principals is None or statement.principals.anyone:
            continue
        keys = {k.lower() for k in statement.condition_keys}
        accounts = set(statement.principals.accounts)
        accounts.update(a for a in (account_of(arn) for arn in statement.principals.arns) if a)
        for account in sorted(accounts - members):
            name, known = _party(account)
            locked = bool(keys & set(ORG_CONDITION_KEYS))
            found.append(Integration("resource-policy", account, name, known, resource.arn, resource.resource_type,
                                     resource.account, locked, "conditions: " + ", ".join(sorted(keys)) if keys
                                     else "no condition", "info" if locked else ("medium" if known else "high")))


def _shares(resource: Resource, members: set[str], found: list[Integration]) -> None:
    shared: list[str] = list(getattr(resource, "shared_with_accounts", ()) or getattr(resource, "shared_with", ())
                             or [])
    if getattr(resource, "public", False) or "all" in shared:
        found.append(Integration("shared-snapshot", "public", "anyone", False, resource.arn, resource.resource_type,
                                 resource.account, False, "shared publicly", "critical"))
    for account in sorted(set(shared) - members - {"all"}):
        name, known = _party(account)
        found.append(Integration("shared-snapshot", account, name, known, resource.arn, resource.resource_type,
                                 resource.account, False, "shared with the account", "medium" if known else "high"))


def find_integrations(inventory: Inventory) -> IntegrationReport:
    members = _members(inventory)
    providers: dict[str, Resource] = {p.arn: p for p in inventory.of_type(IamOidcProvider)}
    providers.update({p.arn: p for p in inventory.of_type(IamSamlProvider)})
    found: list[Integration] = []
    notes: list[str] = []
    for role in inventory.of_type(IamRole):
        if role.trust_policy and not role.service_linked:
            _role_trusts(role, members, providers, found, notes)
    for resource in inventory.resources:
        if resource.resource_type == IamRole.resource_type:
            continue
        _resource_policies(resource, members, found, notes)
        if hasattr(resource, "shared_with_accounts") or hasattr(resource, "shared_with"):
            _shares(resource, members, found)
    found.sort(key=lambda i: (SEVERITY_ORDER.get(i.severity, 9), i.locked, i.party, i.resource))
    oidc = [{"arn": p.arn, "url": p.url, "account": p.account,
             "roles": sorted({i.resource for i in found if i.party == p.arn})}
            for p in inventory.of_type(IamOidcProvider)]
    saml = [{"arn": p.arn, "name": p.name or p.id, "account": p.account,
             "roles": sorted({i.resource for i in found if i.party == p.arn})}
            for p in inventory.of_type(IamSamlProvider)]
    return IntegrationReport(found, oidc, saml, sorted(members), notes)
