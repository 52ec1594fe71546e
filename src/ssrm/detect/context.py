"""What the live inventory tells detection about the account's own network and instances.

Read from an ssrm inventory snapshot (``ssrm scan --save``): the addresses that are the account's own
(instances' public IPs, NAT gateways, Elastic IPs, network interfaces), its VPC endpoints, the instances that
allow IMDSv1, and the roles only EC2 may assume. Read as plain JSON, so a snapshot of a newer resource model
still gives what it can.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INSTANCE = "AWS::EC2::Instance"


class ContextError(ValueError):
    """An inventory file that cannot be used (one line for the user)."""


def _ips(item: dict[str, Any], *keys: str) -> set[str]:
    out: set[str] = set()
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value:
            out.add(value)
        elif isinstance(value, list):
            out.update(v for v in value if isinstance(v, str) and v)
    return out


def _ec2_only(trust: Any) -> bool:
    """A trust policy whose every Allow statement names only the EC2 service: only instances assume the role."""
    statements = trust.get("Statement") if isinstance(trust, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        return False
    allows = [s for s in statements if isinstance(s, dict) and s.get("Effect") == "Allow"]
    if not allows:
        return False
    for s in allows:
        principal = s.get("Principal")
        if not isinstance(principal, dict) or set(principal) != {"Service"}:
            return False
        services = principal["Service"]
        services = [services] if isinstance(services, str) else services
        if not isinstance(services, list) or set(services) != {"ec2.amazonaws.com"}:
            return False
    return True


@dataclass
class NetworkContext:
    account: str = ""
    instance_ips: dict[str, set[str]] = field(default_factory=dict)  # instance id -> its public and private IPs
    account_ips: set[str] = field(default_factory=set)  # every public address that is the account's own
    vpc_endpoints: set[str] = field(default_factory=set)
    imdsv1: set[str] = field(default_factory=set)  # instance ids that allow IMDSv1
    instance_roles: set[str] = field(default_factory=set)  # role ARNs that only EC2 may assume

    @classmethod
    def from_snapshot(cls, doc: Any) -> NetworkContext:
        if not isinstance(doc, dict) or not isinstance(doc.get("resources"), list):
            raise ContextError("not an ssrm inventory snapshot (no 'resources' list)")
        ctx = cls(account=str(doc.get("account") or ""))
        for item in doc["resources"]:
            if not isinstance(item, dict):
                continue
            kind, rid = item.get("type"), str(item.get("id") or "")
            if kind == INSTANCE:
                own = _ips(item, "public_ips", "private_ip")
                ctx.instance_ips[rid] = own
                ctx.account_ips |= _ips(item, "public_ips")
                found = item.get("metadata")
                meta = found if isinstance(found, dict) else {}
                if meta.get("http_endpoint", "enabled") != "disabled" and meta.get("http_tokens") != "required":
                    ctx.imdsv1.add(rid)
            elif kind in ("AWS::EC2::NatGateway", "AWS::EC2::NetworkInterface"):
                ctx.account_ips |= _ips(item, "public_ips")
            elif kind == "AWS::EC2::EIP":
                ctx.account_ips |= _ips(item, "public_ip")
            elif kind == "AWS::EC2::VPCEndpoint":
                ctx.vpc_endpoints.add(rid)
            elif kind == "AWS::IAM::Role" and _ec2_only(item.get("trust_policy")):
                ctx.instance_roles.add(str(item.get("arn") or ""))
        return ctx

    @classmethod
    def load(cls, path: Path) -> NetworkContext:
        try:
            raw = path.read_bytes()
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            doc = json.loads(raw)
        except (OSError, EOFError, ValueError, RecursionError) as exc:
            raise ContextError(f"cannot read inventory {path}: {str(exc).splitlines()[0]}") from exc
        try:
            return cls.from_snapshot(doc)
        except ContextError as exc:
            raise ContextError(f"{path}: {exc}") from exc
