"""Attack-graph build and path-search time and memory on a large synthetic account (model objects only), and
effective access (``ssrm.access``: every principal to admin and to every store) on the same account.

Run: ``.venv/bin/python benchmarks/paths.py [--principals 5000] [--instances 2000] [--buckets 5000]
[--mode paths|access|both]``
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from typing import Any

from ssrm.model import Inventory, Resource
from ssrm.model.resources.compute.ec2 import Instance, MetadataOptions
from ssrm.model.resources.compute.network import (
    AclEntry,
    NetworkAcl,
    PortRule,
    Route,
    RouteTable,
    SecurityGroup,
    Subnet,
)
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.model.resources.identity.iam import IamInstanceProfile, IamManagedPolicy, IamRole, IamUser
from ssrm.paths import build_graph, find_paths, plan_fixes

ACCOUNT = "111122223333"
REGION = "us-east-1"


def _doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _allow(action: str | list[str], resource: str | list[str] = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def _policies() -> list[IamManagedPolicy]:
    shapes = [
        _doc(_allow("s3:*")),
        _doc(_allow(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::team-1*", "arn:aws:s3:::team-1*/*"])),
        _doc(_allow(["s3:GetObject"], "arn:aws:s3:::customer-0001*/*")),
        _doc(_allow(["ec2:Describe*", "cloudwatch:*", "logs:*"])),
        _doc(_allow(["iam:PassRole", "ec2:RunInstances"])),
        _doc(_allow("sts:AssumeRole", f"arn:aws:iam::{ACCOUNT}:role/app-*")),
        _doc(_allow(["dynamodb:*", "sqs:*"])),
        _doc(_allow("ssm:SendCommand")),
        _doc(_allow(["lambda:UpdateFunctionCode", "lambda:GetFunction"])),
        _doc(_allow("iam:CreateAccessKey", f"arn:aws:iam::{ACCOUNT}:user/svc-*")),
        _doc(_allow(["s3:GetObject", "s3:PutObject"]), {"Effect": "Deny", "Action": "s3:*",
                                                       "Resource": "arn:aws:s3:::customer-*"}),
        _doc(_allow("*")),
    ]
    return [IamManagedPolicy(arn=f"arn:aws:iam::{ACCOUNT}:policy/shape-{i}", id=f"shape-{i}", name=f"shape-{i}",
                             account=ACCOUNT, document=doc) for i, doc in enumerate(shapes)]


def synthetic_account(principals: int, instances: int, buckets: int, seed: int = 7) -> Inventory:
    rng = random.Random(seed)
    policies = _policies()
    admin_policy = policies[-1].arn
    common = [p.arn for p in policies[:-1]]
    resources: list[Resource] = list(policies)
    ec2_trust = _doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
    account_trust = _doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                          "Action": "sts:AssumeRole"})
    roles = principals * 2 // 5
    for n in range(roles):
        attached = rng.sample(common, 2) + ([admin_policy] if rng.random() < 0.005 else [])
        name = f"app-{n:05d}"
        profile = f"arn:aws:iam::{ACCOUNT}:instance-profile/{name}"
        resources.append(IamRole(arn=f"arn:aws:iam::{ACCOUNT}:role/{name}", id=name, name=name, account=ACCOUNT,
                                 trust_policy=ec2_trust if n % 2 == 0 else account_trust,
                                 attached_policy_arns=attached, instance_profile_arns=[profile] if n % 2 == 0 else []))
        if n % 2 == 0:
            resources.append(IamInstanceProfile(arn=profile, id=name, name=name, account=ACCOUNT,
                                                role_arns=[f"arn:aws:iam::{ACCOUNT}:role/{name}"]))
    for n in range(principals - roles):
        attached = rng.sample(common, 2) + ([admin_policy] if rng.random() < 0.005 else [])
        name = f"svc-{n:05d}" if n % 3 == 0 else f"person-{n:05d}"
        resources.append(IamUser(arn=f"arn:aws:iam::{ACCOUNT}:user/{name}", id=name, name=name, account=ACCOUNT,
                                 attached_policy_arns=attached, password_enabled=n % 3 != 0,
                                 mfa_active=rng.random() < 0.8))
    subnets = 20
    for s in range(subnets):
        subnet = f"subnet-{s:02d}"
        vpc = f"vpc-{s % 4}"
        resources.append(Subnet(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{subnet}", id=subnet, account=ACCOUNT,
                                region=REGION, vpc_id=vpc))
        routes = (Route(destination="0.0.0.0/0", target=f"igw-{s % 4}", target_kind="gateway"),) if s < 5 else ()
        resources.append(RouteTable(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:route-table/rtb-{s}", id=f"rtb-{s}",
                                    account=ACCOUNT, region=REGION, vpc_id=vpc, routes=routes, subnet_ids=(subnet,)))
        resources.append(NetworkAcl(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:network-acl/acl-{s}", id=f"acl-{s}",
                                    account=ACCOUNT, region=REGION, vpc_id=vpc, subnet_ids=(subnet,), entries=(
                                        AclEntry(rule_number=100, egress=False, action="allow", cidr="0.0.0.0/0"),
                                        AclEntry(rule_number=100, egress=True, action="allow", cidr="0.0.0.0/0"))))
    groups = 50
    for g in range(groups):
        ingress = [PortRule(protocol="tcp", from_port=443, to_port=443, ipv4_ranges=("0.0.0.0/0",))] if g < 10 else []
        ingress.append(PortRule(protocol="tcp", from_port=8080, to_port=8080, group_ids=(f"sg-{(g + 1) % groups}",)))
        resources.append(SecurityGroup(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/sg-{g}", id=f"sg-{g}",
                                       account=ACCOUNT, region=REGION, vpc_id=f"vpc-{g % 4}", group_name=f"sg-{g}",
                                       ingress=tuple(ingress)))
    for n in range(instances):
        s = n % subnets
        role_n = rng.randrange(0, roles, 2)
        resources.append(Instance(
            arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-{n:06d}", id=f"i-{n:06d}", name=f"host-{n}",
            account=ACCOUNT, region=REGION, state="running", vpc_id=f"vpc-{s % 4}", subnet_id=f"subnet-{s:02d}",
            public_ips=(f"198.51.{n // 250}.{n % 250}",) if n % 10 == 0 else (),
            security_group_ids=(f"sg-{n % groups}",), instance_profile_arn=f"arn:aws:iam::{ACCOUNT}:instance-profile/"
            f"app-{role_n:05d}", metadata=MetadataOptions(http_tokens="optional" if n % 2 else "required")))
    for n in range(buckets):
        name = f"customer-{n:04d}" if n % 20 == 0 else f"team-{n % 40}-{n:04d}"
        tags = {"data-classification": "confidential"} if n % 20 == 0 else {}
        resources.append(S3Bucket(arn=f"arn:aws:s3:::{name}", id=name, name=name, account=ACCOUNT, region=REGION,
                                  tags=tags))
    return Inventory(account=ACCOUNT, regions=[REGION], resources=resources)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--principals", type=int, default=5000)
    parser.add_argument("--instances", type=int, default=2000)
    parser.add_argument("--buckets", type=int, default=5000)
    parser.add_argument("--max-paths", type=int, default=200)
    parser.add_argument("--time-budget", type=float, default=20.0)
    parser.add_argument("--mode", choices=("paths", "access", "both"), default="both")
    args = parser.parse_args()
    started = time.perf_counter()
    inventory = synthetic_account(args.principals, args.instances, args.buckets)
    made = time.perf_counter()
    print(f"account: {args.principals} principals, {args.instances} instances, {args.buckets} buckets "
          f"({len(inventory.resources)} resources, made in {made - started:.1f} s)")
    if args.mode in ("paths", "both"):
        attack_paths(inventory, args)
    if args.mode in ("access", "both"):
        effective_access(inventory)


def effective_access(inventory: Inventory) -> None:
    """Reverse reachability for every principal: one search from admin, one per group of stores."""
    from ssrm.access.analysis import analyze
    from ssrm.access.queries import what_can

    started = time.perf_counter()
    analysis = analyze(inventory)
    analysed = time.perf_counter()
    principals = analysis.principals()
    escalating = analysis.escalations()
    admins = sum(1 for p in principals if analysis.is_admin(p.id))
    pairs = sum(sum(1 for n in tree.routes if n in analysis.graph.nodes
                    and analysis.graph.nodes[n].kind.value == "principal")
                * sum(1 for i in analysis.tree_of_store.values() if i == index)
                for index, tree in enumerate(analysis.store_trees))
    counted = time.perf_counter()
    sample = principals[:: max(1, len(principals) // 20)]
    for node in sample:
        what_can(analysis, node.id)
    queried = time.perf_counter()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"access:  {len(principals)} principals, {len(analysis.stores())} stores: graph + reverse searches in "
          f"{analysed - started:.2f} s ({len(analysis.store_trees)} store groups, "
          f"{analysis.graph.digraph.number_of_edges()} edges)")
    print(f"         {admins} administrators, {len(escalating)} can escalate to admin, {pairs} principal-store "
          f"pairs reachable without admin (counted in {counted - analysed:.2f} s)")
    print(f"         what-can for {len(sample)} principals in {queried - counted:.2f} s")
    print(f"memory:  peak RSS {peak_mib:.0f} MiB")


def attack_paths(inventory: Inventory, args: argparse.Namespace) -> None:
    made = time.perf_counter()
    graph = build_graph(inventory, [])
    built = time.perf_counter()
    paths = find_paths(graph, max_paths=args.max_paths, max_depth=8, time_budget_s=args.time_budget)
    searched = time.perf_counter()
    plan = plan_fixes(graph, paths, [])
    planned = time.perf_counter()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"graph:   {len(graph.nodes)} nodes, {graph.digraph.number_of_edges()} edges, "
          f"{len(graph.jewels())} crown jewels, built in {built - made:.2f} s")
    print(f"search:  {len(paths)} paths in {searched - built:.2f} s (budget {args.time_budget:g} s)")
    print(f"plan:    {len(plan)} steps in {planned - searched:.2f} s")
    print(f"memory:  peak RSS {peak_mib:.0f} MiB")
    for note in graph.notes[:5]:
        print(f"note:    {note}")


if __name__ == "__main__":
    main()
