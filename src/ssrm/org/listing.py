"""Read the organization: OUs, accounts, SCPs and RCPs with their targets, delegated administrators.

Called with the management account's (or a delegated administrator's) credentials. A part that cannot be
read (RCPs where the API is missing, delegated administrators without permission) is a recorded gap; only
the account listing itself is required.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ssrm.model import Gap
from ssrm.model.resources.identity.organizations import OrgAccount, Organization, OrgPolicy, OrgUnit
from ssrm.sources.aws.context import error_of
from ssrm.sources.aws.errors import UsageError

POLICY_FILTERS = {"SCP": "SERVICE_CONTROL_POLICY", "RCP": "RESOURCE_CONTROL_POLICY"}
PROD = re.compile(r"(^|[^a-z])(prod|production|prd|live)([^a-z]|$)")
NON_PROD = re.compile(r"(^|[^a-z])(dev|develop|development|test|testing|qa|uat|stage|staging|sandbox|nonprod|"
                      r"non-prod|preprod|pre-prod)([^a-z]|$)")
ENVIRONMENT_TAGS = ("environment", "env", "stage", "tier")
# Organizations calls in flight while listing: its APIs have low rate limits, and the client backs off on
# throttling (adaptive retry mode).
LISTING_CONCURRENCY = 8


@dataclass
class OrgListing:
    """What the management account sees of the organization."""

    organization: Organization
    units: list[OrgUnit]
    accounts: list[OrgAccount]
    policies: list[OrgPolicy]
    gaps: list[Gap] = field(default_factory=list)
    calls: int = 0

    def account(self, account_id: str) -> OrgAccount | None:
        return next((a for a in self.accounts if a.id == account_id), None)

    def levels(self, account: OrgAccount, kind: str = "SCP") -> list[list[dict[str, Any]]]:
        """Policy documents of ``kind`` attached at each level from the root down to the account itself."""
        by_id = {p.id: p for p in self.policies if p.kind == kind}
        units = {u.id: u for u in self.units}
        levels: list[list[dict[str, Any]]] = []
        for parent in account.parents:
            unit = units.get(parent)
            attached = unit.policy_ids if unit else []
            levels.append([by_id[p].document for p in attached if p in by_id])
        levels.append([by_id[p].document for p in account.policy_ids if p in by_id])
        return levels

    def has_policies(self, kind: str) -> bool:
        return any(p.kind == kind for p in self.policies)


def classify_environment(tags: dict[str, str], ou_path: str, name: str) -> str:
    """"prod", "non-prod" or "" from an environment tag, else the OU path, else the account name."""
    for key, value in tags.items():
        if key.lower() in ENVIRONMENT_TAGS:
            found = _environment_of(value.lower())
            if found:
                return found
    for text in (ou_path.lower(), name.lower()):
        found = _environment_of(text)
        if found:
            return found
    return ""


def _environment_of(text: str) -> str:
    # Non-production first: "preprod" and "non-prod" contain "prod".
    if NON_PROD.search(text):
        return "non-prod"
    if PROD.search(text):
        return "prod"
    return ""


class _Reader:
    """Counted, paginated Organizations calls that turn a failure into a gap (or raise when required).
    Safe to call from several threads (one botocore client is)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.calls = 0
        self.gaps: list[Gap] = []
        self._lock = threading.Lock()

    def _count(self) -> None:
        with self._lock:
            self.calls += 1

    def _gap(self, gap: Gap) -> None:
        with self._lock:
            self.gaps.append(gap)

    def pages(self, operation: str, key: str, required: bool = False, types: Iterable[str] = (),
              **params: Any) -> list[dict[str, Any]] | None:
        items: list[dict[str, Any]] = []
        try:
            if self.client.can_paginate(operation):
                for page in self.client.get_paginator(operation).paginate(**params):
                    self._count()
                    items.extend(page.get(key) or [])
            else:
                self._count()
                items.extend(getattr(self.client, operation)(**params).get(key) or [])
        except (ClientError, BotoCoreError, NotImplementedError) as exc:
            code, message = error_of(exc)
            if required:
                raise UsageError(
                    f"cannot read the organization ({operation}: {code}: {message}); run from the management "
                    "account or a delegated administrator with the policy of 'ssrm permissions --org'"
                ) from exc
            api = self.client.meta.method_to_api_mapping.get(operation, operation)
            self._gap(Gap(service="organizations", region="global", api=api, error=code, message=message,
                          resource_types=tuple(types)))
            return None
        return items

    def one(self, operation: str, **params: Any) -> dict[str, Any] | None:
        try:
            self._count()
            answer: dict[str, Any] = getattr(self.client, operation)(**params)
            return answer
        except (ClientError, BotoCoreError, NotImplementedError) as exc:
            code, message = error_of(exc)
            api = self.client.meta.method_to_api_mapping.get(operation, operation)
            resource = next(iter(params.values()), None)
            self._gap(Gap(service="organizations", region="global", api=api, error=code, message=message,
                          resource=str(resource) if resource else None))
            return None


@dataclass
class _Parent:
    """A root or OU as the walk found it: its own children, fetched in one round of calls."""

    id: str
    parents: list[str]
    path: str
    accounts: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)


def read_organization(client: Any, concurrency: int = LISTING_CONCURRENCY) -> OrgListing:
    """The whole organization through one Organizations client. Raises UsageError if it cannot be listed.

    The calls go out in rounds of independent calls, ``concurrency`` at a time: the policies and the
    delegated administrators beside the walk of the OU tree one level per round, then every account's
    tags. Called one after the other, an organization of 20 accounts took 45 calls in a row before
    the first account could be scanned, the largest serial part of an organization scan."""
    reader = _Reader(client)
    described = reader.one("describe_organization")
    if described is None:
        gap = reader.gaps[-1]
        raise UsageError(f"cannot describe the organization ({gap.error}: {gap.message}); is this account in one?")
    org = described["Organization"]
    management = str(org.get("MasterAccountId", ""))
    organization = Organization(arn=org["Arn"], id=org["Id"], name=org["Id"], account=management,
                                management_account=management, feature_set=str(org.get("FeatureSet", "")))
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="ssrm-org-list") as pool:
        listed = {kind: pool.submit(reader.pages, "list_policies", "Policies", types=(OrgPolicy.resource_type,),
                                    Filter=name) for kind, name in POLICY_FILTERS.items()}
        admins_listed = pool.submit(reader.pages, "list_delegated_administrators", "DelegatedAdministrators")
        roots = reader.pages("list_roots", "Roots", required=True) or []
        tree = _walk(reader, pool, [_Parent(r["Id"], [r["Id"]], r.get("Name", "Root")) for r in roots])
        details = {kind: [(summary, pool.submit(_policy_detail, reader, summary["Id"]))
                          for summary in future.result() or []] for kind, future in listed.items()}
        admins = [(str(a["Id"]), pool.submit(reader.pages, "list_delegated_services_for_account",
                                             "DelegatedServices", AccountId=a["Id"]))
                  for a in admins_listed.result() or []]
        tags = {str(item["Id"]): pool.submit(_tags, reader, item["Id"]) for parent in tree for item in parent.accounts}
        policies = [_policy(organization, kind, summary, *future.result())
                    for kind, pending in details.items() for summary, future in pending]
        delegated = {account: sorted(str(s["ServicePrincipal"]) for s in future.result() or [])
                     for account, future in admins}
        account_tags = {account: future.result() for account, future in tags.items()}
    attached: dict[str, list[str]] = {}
    for policy in policies:
        for target in policy.targets:
            attached.setdefault(target, []).append(policy.id)
    units: list[OrgUnit] = []
    accounts: list[OrgAccount] = []
    for root in roots:
        units.append(OrgUnit(arn=root["Arn"], id=root["Id"], name=root.get("Name", "Root"), account=management,
                             path=root.get("Name", "Root"), policy_ids=attached.get(root["Id"], [])))
    by_id = {parent.id: parent for parent in tree}
    for parent in tree:
        for item in parent.accounts:
            tags_of = account_tags[str(item["Id"])]
            name = str(item.get("Name", ""))
            accounts.append(OrgAccount(
                arn=item["Arn"], id=item["Id"], name=name, account=item["Id"], tags=tags_of,
                email=str(item.get("Email", "")), status=str(item.get("Status", "ACTIVE")),
                management=item["Id"] == management, parents=list(parent.parents), ou_path=parent.path,
                policy_ids=attached.get(item["Id"], []), delegated_services=delegated.get(item["Id"], []),
                environment=classify_environment(tags_of, parent.path, name),
            ))
        for unit in parent.units:
            child = by_id[unit["Id"]]
            units.append(OrgUnit(arn=unit["Arn"], id=unit["Id"], name=str(unit.get("Name", "")), account=management,
                                 parent_id=parent.id, path=child.path, policy_ids=attached.get(unit["Id"], [])))
    accounts.sort(key=lambda a: a.id)
    units[len(roots):] = sorted(units[len(roots):], key=lambda u: u.path)
    return OrgListing(organization=organization, units=units, accounts=accounts, policies=policies,
                      gaps=reader.gaps, calls=reader.calls)


def _walk(reader: _Reader, pool: ThreadPoolExecutor, level: list[_Parent]) -> list[_Parent]:
    """Every root and OU with its direct accounts and OUs, one level of the tree per round of calls."""
    found: list[_Parent] = []
    while level:
        children = [(parent, pool.submit(reader.pages, "list_accounts_for_parent", "Accounts", required=True,
                                         ParentId=parent.id),
                     pool.submit(reader.pages, "list_organizational_units_for_parent", "OrganizationalUnits",
                                 required=True, ParentId=parent.id)) for parent in level]
        level = []
        for parent, accounts, units in children:
            parent.accounts = accounts.result() or []
            parent.units = units.result() or []
            found.append(parent)
            level.extend(_Parent(u["Id"], [*parent.parents, u["Id"]], f"{parent.path}/{u.get('Name', u['Id'])}")
                         for u in parent.units)
    return found


def _tags(reader: _Reader, account_id: str) -> dict[str, str]:
    tags = reader.pages("list_tags_for_resource", "Tags", ResourceId=account_id) or []
    return {str(t["Key"]): str(t.get("Value", "")) for t in tags}


def _policy_detail(reader: _Reader, policy_id: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]] | None]:
    return reader.one("describe_policy", PolicyId=policy_id), reader.pages("list_targets_for_policy", "Targets",
                                                                            PolicyId=policy_id)


def _policy(organization: Organization, kind: str, summary: dict[str, Any], detail: dict[str, Any] | None,
            targets: list[dict[str, Any]] | None) -> OrgPolicy:
    content = ((detail or {}).get("Policy") or {}).get("Content")
    document = _document(content)
    unknown = {}
    if document is None:
        unknown["document"] = "DescribePolicy failed or returned no readable content"
    if targets is None:
        unknown["targets"] = "ListTargetsForPolicy failed"
    return OrgPolicy(arn=summary["Arn"], id=summary["Id"], name=str(summary.get("Name", "")),
                     account=organization.management_account, kind=kind, aws_managed=bool(summary.get("AwsManaged")),
                     document=document or {}, targets=[str(t["TargetId"]) for t in targets or []], unknown=unknown)


def _document(content: Any) -> dict[str, Any] | None:
    if not isinstance(content, str):
        return None
    try:
        parsed = json.loads(content)
    except json.JSONDecodeError:
        return None
    return parsed if isinstance(parsed, dict) else None


Selector = Callable[[OrgAccount], bool]


def select_accounts(listing: OrgListing, accounts: list[str], ous: list[str], exclude: list[str]) -> list[OrgAccount]:
    """Active accounts chosen by id/name (``accounts``), OU id/name/path (``ous``, with their sub-OUs),
    minus ``exclude`` (ids, names or OUs). Unknown names are a usage error."""
    def unit_ids(token: str) -> set[str]:
        return {u.id for u in listing.units if token in (u.id, u.name, u.path)}

    def matches(account: OrgAccount, tokens: list[str]) -> bool:
        for token in tokens:
            if token in (account.id, account.name):
                return True
            if unit_ids(token) & set(account.parents):
                return True
        return False

    for token in [*accounts, *ous, *exclude]:
        if not (any(token in (a.id, a.name) for a in listing.accounts) or unit_ids(token)):
            raise UsageError(f"no account or OU named {token!r} in organization {listing.organization.id}")
    chosen = [a for a in listing.accounts if a.status == "ACTIVE"]
    if accounts or ous:
        chosen = [a for a in chosen if matches(a, accounts) or matches(a, ous)]
    return [a for a in chosen if not matches(a, exclude)]
