"""How an outsider gets in: exposed instances, interfaces, load balancers, databases and functions, public
resource policies, credentials of people and partners (compromised principals), and the root user."""

from __future__ import annotations

from ssrm.iam import PolicyError, is_public, trusts
from ssrm.model import Stage
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.model.resources.apps.elbv2 import LoadBalancerV2
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.network import NetworkInterface
from ssrm.model.resources.compute.vulnerability import vulnerabilities_on
from ssrm.model.resources.data.kms import KmsKey
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.model.resources.data.s3 import S3AccountPublicAccessBlock, S3Bucket
from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.model.resources.identity.iam import IamRole, IamRootUser, IamUser
from ssrm.paths.context import BuildContext
from ssrm.paths.graph import INTERNET, Edge, Node, NodeKind
from ssrm.paths.reachability import Reach

EXPLOIT_EASE = 0.5  # an exposed service still has to be exploitable (or forgeable, SSRF)
KNOWN_EXPLOIT_EASE = 0.9  # the scanner names a CVE with a public exploit or a fix on the exposed host
VULNERABILITY_RULE = "ec2_instance_exploitable_vulnerabilities"
BRUTE_FORCE_EASE = 0.3  # a password without MFA
LEAKED_KEY_EASE = 0.2  # a long-lived access key has to leak first
SG_RULES = ("ec2_security_group_open_ssh", "ec2_security_group_open_rdp", "ec2_security_group_open_all_traffic",
            "ec2_security_group_open_database_ports", "ec2_security_group_open_high_risk_ports")


def _group_fixes(ctx: BuildContext, group_ids: tuple[str, ...]) -> tuple[str, ...] | None:
    """One fix per open group (all of them needed), or None when some open group has no failing rule."""
    keys: list[str] = []
    for group_id in group_ids:
        group = ctx.network.groups.get(group_id)
        key = next((k for rule in SG_RULES if group and (k := ctx.fix_for(rule, group.arn))), None)
        if key is None:
            return None
        keys.append(key)
    return tuple(keys)


def _exposure_options(ctx: BuildContext, reach: Reach, own: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Fixes that remove an exposure: only when every open service is one never meant for the internet."""
    if not reach.admin_or_database_only:
        return ()
    options = [own] if own else []
    groups = _group_fixes(ctx, reach.groups)
    if groups:
        options.append(groups)
    return tuple(options)


def _exposure_edge(ctx: BuildContext, target: str, label: str, reach: Reach, own_rule: str | None,
                   ease: float = EXPLOIT_EASE) -> None:
    own = ctx.fix_for(own_rule, target) if own_rule else None
    options = _exposure_options(ctx, reach, (own,) if own else ())
    admin_only = all(s.port in (22, 3389) for s in reach.services)
    rule = own_rule if own else None
    if rule is None and options:
        rule = next((r for gid in reach.groups for r in SG_RULES
                     if (g := ctx.network.groups.get(gid)) and ctx.finding(r, g.arn)), None)
    sentence = f"From the internet, the attacker reaches {label} on {reach.describe()}."
    graph = ctx.graph
    graph.add_edge(Edge(INTERNET, target, Stage.INITIAL_ACCESS, "T1110" if admin_only else "T1190", sentence, ease,
                        rule, options))
    vulnerable = _known_vulnerability(ctx, target)
    if vulnerable is not None:
        _vulnerable_route(ctx, target, label, reach, vulnerable, options)


def _known_vulnerability(ctx: BuildContext, target: str) -> tuple[str, str] | None:
    """(fix key, what is exploitable) when the target fails the vulnerability rule with a fix to offer."""
    key = ctx.fix_for(VULNERABILITY_RULE, target)
    if key is None:
        return None
    found = [v for v in vulnerabilities_on(ctx.inventory, target) if v.actionable]
    return (key, found[0].describe()) if found else None


def _vulnerable_route(ctx: BuildContext, target: str, label: str, reach: Reach, vulnerable: tuple[str, str],
                      options: tuple[tuple[str, ...], ...]) -> None:
    """A second, easier way onto an exposed host: its known exploitable vulnerability. It is a route of its own
    (internet -> the vulnerable service -> the host) beside the generic exposure, so patching cuts exactly
    this route and never claims to cut what an unknown flaw or SSRF would still allow."""
    key, what = vulnerable
    graph = ctx.graph
    service = graph.add_node(Node(f"{target}#vulnerable", NodeKind.ENDPOINT, f"{label}: {what}"))
    sentence = (f"From the internet, the attacker reaches {label} on {reach.describe()} and exploits {what}, "
                "which Amazon Inspector reports on it.")
    graph.add_edge(Edge(INTERNET, service.id, Stage.INITIAL_ACCESS, "T1190", sentence, KNOWN_EXPLOIT_EASE,
                        VULNERABILITY_RULE, ((key,), *options)))
    graph.add_edge(Edge(service.id, target, Stage.INITIAL_ACCESS, "T1059",
                        f"The exploit runs the attacker's code on {label}.", 1.0))


def _instances(ctx: BuildContext) -> None:
    for instance in ctx.inventory.of_type(Instance):
        if instance.arn not in ctx.graph.nodes or (instance.state and instance.state != "running"):
            continue
        reach = ctx.network.internet_reach(public_address=instance.public_ips[0] if instance.public_ips else "",
                                           subnet_ids=[instance.subnet_id or ""], vpc_id=instance.vpc_id,
                                           group_ids=instance.security_group_ids)
        if reach.reachable:
            _exposure_edge(ctx, instance.arn, instance.label, reach, "ec2_instance_public_admin_ports")


def _interfaces(ctx: BuildContext) -> None:
    """Interfaces not attached to an instance we know (those are judged through the instance)."""
    for eni in ctx.inventory.of_type(NetworkInterface):
        if eni.attached_instance_id and ctx.inventory.get(Instance, eni.attached_instance_id) is not None:
            continue
        if not eni.public_ips:
            continue
        reach = ctx.network.internet_reach(public_address=eni.public_ips[0], subnet_ids=[eni.subnet_id or ""],
                                           vpc_id=eni.vpc_id, group_ids=eni.security_group_ids)
        if reach.reachable:
            ctx.graph.add_node(Node(id=eni.arn, kind=NodeKind.ENDPOINT, label=eni.description or eni.id,
                                    resource_type=eni.resource_type))
            _exposure_edge(ctx, eni.arn, eni.description or eni.id, reach, None)


def _load_balancers(ctx: BuildContext) -> None:
    instances = [i for i in ctx.inventory.of_type(Instance) if i.arn in ctx.graph.nodes]
    for lb in ctx.inventory.of_type(LoadBalancerV2):
        if not lb.internet_facing:
            continue
        ports = [("udp" if "UDP" in listener.protocol and "TCP" not in listener.protocol else "tcp", listener.port)
                 for listener in lb.listeners if listener.port is not None]
        reach = ctx.network.internet_reach(public_address=lb.dns_name or lb.label, subnet_ids=lb.subnet_ids,
                                           vpc_id=lb.vpc_id, group_ids=lb.security_group_ids, only_ports=ports)
        if not reach.reachable:
            continue
        ctx.resource_node(lb, NodeKind.ENDPOINT)
        ctx.graph.add_edge(Edge(INTERNET, lb.arn, Stage.INITIAL_ACCESS, "T1190",
                                f"From the internet, the attacker sends requests to load balancer {lb.label} "
                                f"({reach.describe()}).", 1.0))
        # Targets are not in the model; hosts whose groups admit the balancer's groups are its likely targets.
        for instance in instances:
            if instance.vpc_id != lb.vpc_id:
                continue
            admitted = ctx.network.admitted_from_groups(instance.security_group_ids)
            via = next((g for g in lb.security_group_ids if g in admitted), None)
            if via is not None:
                ctx.graph.add_edge(Edge(lb.arn, instance.arn, Stage.INITIAL_ACCESS, "T1190",
                                        f"{lb.label} forwards the attacker's requests to {instance.label} on "
                                        f"{admitted[via]}, where an exploitable application answers.", EXPLOIT_EASE))


def _databases(ctx: BuildContext) -> None:
    for db in ctx.inventory.of_type(RdsDbInstance):
        if not db.publicly_accessible or db.arn not in ctx.graph.nodes:
            continue
        ports = [("tcp", db.port)] if db.port else None
        reach = ctx.network.internet_reach(public_address=db.endpoint or db.label, subnet_ids=db.subnet_ids,
                                           vpc_id=db.vpc_id, group_ids=db.security_group_ids, only_ports=ports)
        if not reach.reachable:
            continue
        own = ctx.fix_for("rds_instance_public", db.arn)
        options: list[tuple[str, ...]] = [(own,)] if own else []
        groups = _group_fixes(ctx, reach.groups)
        if groups:
            options.append(groups)
        ctx.graph.add_edge(Edge(INTERNET, db.arn, Stage.INITIAL_ACCESS, "T1110",
                                f"From the internet, the attacker connects to database {db.label} "
                                f"({reach.describe()}) and guesses or reuses its password.", BRUTE_FORCE_EASE,
                                "rds_instance_public" if own else None, tuple(options)))


def _functions(ctx: BuildContext) -> None:
    for function in ctx.inventory.of_type(LambdaFunction):
        open_urls = [u for u in function.function_urls if u.auth_type == "NONE"]
        try:
            public = is_public(function.policy) if function.policy else None
        except PolicyError:
            public = None
        if not open_urls and not (public and public.public):
            continue
        rule = "lambda_function_url_auth_none" if open_urls else "lambda_function_public_policy"
        fix = ctx.fix_for(rule, function.arn) or ctx.fix_for("lambda_function_public_policy", function.arn)
        where = f"its URL {open_urls[0].url} (no authentication)" if open_urls else "its public resource policy"
        ctx.graph.add_edge(Edge(INTERNET, function.arn, Stage.INITIAL_ACCESS, "T1190",
                                f"From the internet, the attacker invokes {function.label} through {where}, "
                                "and exploits its code.", EXPLOIT_EASE, rule if fix else None,
                                ((fix,),) if fix else ()))


def _account_blocks_public_buckets(ctx: BuildContext) -> bool:
    blocks = ctx.inventory.of_type(S3AccountPublicAccessBlock)
    return any(b.configured and b.settings.restrict_public_buckets for b in blocks)


def _public_data(ctx: BuildContext) -> None:
    account_blocks = _account_blocks_public_buckets(ctx)
    account_fix = ctx.fix_for("s3_account_public_access_block", f"arn:aws:s3::{ctx.account}:account")
    for bucket in ctx.inventory.of_type(S3Bucket):
        block = bucket.public_access_block
        blocked = account_blocks or bool(block and block.restrict_public_buckets)
        try:
            public = is_public(bucket.policy) if bucket.policy and not blocked else None
        except PolicyError:
            public = None
        acl_open = not bucket.acls_disabled and any(g.is_public and g.permission in ("READ", "FULL_CONTROL")
                                                    for g in bucket.acl_grants)
        if acl_open and (account_blocks or (block and block.ignore_public_acls)):
            acl_open = False
        if not (public and public.public) and not acl_open:
            continue
        rule = "s3_bucket_public_policy" if public and public.public else "s3_bucket_public_acl"
        fix = ctx.fix_for(rule, bucket.arn) or account_fix
        why = public.reason if public and public.public else "its ACL grants everyone read access"
        ctx.graph.add_edge(Edge(INTERNET, bucket.arn, Stage.EXFILTRATE, "T1530",
                                f"Anyone on the internet lists and downloads {bucket.label}: {why}.", 1.0,
                                rule if fix else None, ((fix,),) if fix else ()))
    for resource, rule in ([(s, "secretsmanager_secret_policy_public") for s in ctx.inventory.of_type(Secret)]
                           + [(k, "kms_key_policy_public") for k in ctx.inventory.of_type(KmsKey)]):
        try:
            public = is_public(resource.policy) if resource.policy else None
        except PolicyError:
            public = None
        if not public or not public.public or public.conditional:
            continue
        fix = ctx.fix_for(rule, resource.arn)
        ctx.graph.add_edge(Edge(INTERNET, resource.arn, Stage.EXFILTRATE, "T1530",
                                f"Any AWS account may use {resource.label}: {public.reason}.", 0.8,
                                rule if fix else None, ((fix,),) if fix else ()))


def _users(ctx: BuildContext) -> None:
    for user in ctx.inventory.of_type(IamUser):
        if user.arn not in ctx.graph.nodes:
            continue
        console = user.password_enabled and not user.mfa_active and "password_enabled" not in user.unknown
        keys = bool(user.active_keys)
        if not console and not keys:
            continue
        vectors = []
        if console:
            vectors.append("guesses or phishes the console password (no MFA)")
        if keys:
            vectors.append("finds one of its long-lived access keys leaked")
        fix = ctx.fix_for("iam_user_console_mfa", user.arn) if console and not keys else None
        ctx.graph.add_edge(Edge(INTERNET, user.arn, Stage.INITIAL_ACCESS, "T1078.004",
                                f"The attacker {' or '.join(vectors)} and signs in as {user.label}.",
                                BRUTE_FORCE_EASE if console else LEAKED_KEY_EASE,
                                "iam_user_console_mfa" if console and ctx.finding("iam_user_console_mfa", user.arn)
                                else None, ((fix,),) if fix else ()))


def _root(ctx: BuildContext) -> None:
    for root in ctx.inventory.of_type(IamRootUser):
        node = ctx.graph.add_node(Node(id=root.arn, kind=NodeKind.PRINCIPAL, label="the root user",
                                       resource_type=root.resource_type))
        ctx.graph.add_edge(Edge(node.id, ctx.admin_node, Stage.DISCOVER_SPREAD, "T1078.004",
                                "The root user holds every permission of the account."))
        rule = next((r for r in ("iam_root_access_keys", "iam_root_mfa") if ctx.finding(r, root.arn)), None)
        if rule is None:
            continue
        fix = ctx.fix_for(rule, root.arn)
        how = "finds the root user's access key" if rule == "iam_root_access_keys" else \
            "guesses or phishes the root password, which has no MFA"
        ctx.graph.add_edge(Edge(INTERNET, node.id, Stage.INITIAL_ACCESS, "T1078.004", f"The attacker {how}.",
                                BRUTE_FORCE_EASE, rule, ((fix,),) if fix else ()))


def _trusted_outsiders(ctx: BuildContext) -> None:
    for role in ctx.inventory.of_type(IamRole):
        if role.arn not in ctx.graph.nodes or not role.trust_policy:
            continue
        try:
            trusted = trusts(role.trust_policy, role.account or ctx.account)
        except PolicyError:
            continue
        for entry in trusted:
            if entry.kind == "anyone" and not entry.restricted:
                rule, ease, who = "iam_role_trust_any_principal", 0.8, "any AWS account"
            elif entry.kind in ("account", "aws") and entry.cross_account and not entry.external_id:
                rule, ease, who = "iam_role_cross_account_external_id", 0.3, f"account {entry.account}"
            else:
                continue
            fix = ctx.fix_for(rule, role.arn)
            ctx.graph.add_edge(Edge(INTERNET, role.arn, Stage.INITIAL_ACCESS, "T1199",
                                    f"The role's trust policy lets {who} assume {role.label} without an external id:"
                                    " whoever controls that side (or tricks it, the confused deputy) becomes "
                                    f"{role.label}.", ease, rule if fix else None, ((fix,),) if fix else ()))
            break


def add_entry_edges(ctx: BuildContext) -> None:
    _instances(ctx)
    _interfaces(ctx)
    _load_balancers(ctx)
    _databases(ctx)
    _functions(ctx)
    _public_data(ctx)
    _users(ctx)
    _root(ctx)
    _trusted_outsiders(ctx)
