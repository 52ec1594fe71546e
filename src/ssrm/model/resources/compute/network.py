"""VPC networking resource types: VPCs, subnets, routes, gateways, security groups, ACLs, flow logs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from ssrm.model.resource import Resource, resource_type

WORLD_IPV4 = "0.0.0.0/0"
WORLD_IPV6 = "::/0"
ALL_PROTOCOLS = "-1"


class PortRule(BaseModel):
    """One security group permission: a protocol and port range, and every source (or destination) it names.

    ``protocol`` is lower case ("tcp", "udp", "icmp", or "-1" for all); ports are None when the protocol
    has none (all traffic, or ICMP type/code).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    protocol: str = ALL_PROTOCOLS
    from_port: int | None = None
    to_port: int | None = None
    ipv4_ranges: tuple[str, ...] = ()
    ipv6_ranges: tuple[str, ...] = ()
    group_ids: tuple[str, ...] = ()
    prefix_list_ids: tuple[str, ...] = ()

    @property
    def all_traffic(self) -> bool:
        return self.protocol == ALL_PROTOCOLS

    @property
    def world_ranges(self) -> tuple[str, ...]:
        """The sources meaning "anyone on the internet" (0.0.0.0/0, ::/0)."""
        return tuple(c for c in (*self.ipv4_ranges, *self.ipv6_ranges) if c in (WORLD_IPV4, WORLD_IPV6))

    def covers(self, port: int, protocol: str = "tcp") -> bool:
        """True when traffic on ``protocol``/``port`` falls within this permission."""
        if self.all_traffic:
            return True
        if self.protocol != protocol.lower():
            return False
        if self.from_port is None or self.to_port is None:
            return True
        low, high = self.from_port, self.to_port
        if low == -1 and high == -1:
            return True
        return low <= port <= high

    def describe_ports(self) -> str:
        if self.all_traffic:
            return "all traffic"
        if self.from_port is None or self.from_port == self.to_port:
            return f"{self.protocol}/{self.from_port if self.from_port is not None else 'any'}"
        if (self.from_port, self.to_port) in ((0, 65535), (-1, -1)):
            return f"{self.protocol}/all ports"
        return f"{self.protocol}/{self.from_port}-{self.to_port}"


@resource_type
class SecurityGroup(Resource):
    resource_type = "AWS::EC2::SecurityGroup"
    service = "ec2"

    vpc_id: str | None = None
    group_name: str = ""
    description: str = ""
    owner_id: str = ""
    ingress: tuple[PortRule, ...] = ()
    egress: tuple[PortRule, ...] = ()

    @property
    def is_default(self) -> bool:
        """AWS names every VPC's default group "default" and forbids that name for any other group."""
        return self.group_name == "default"


class AclEntry(BaseModel):
    """One network ACL entry; entries are evaluated in ``rule_number`` order and the first match wins."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_number: int
    egress: bool
    action: str  # "allow" | "deny"
    protocol: str = ALL_PROTOCOLS  # "-1", "tcp", "udp", "icmp", or another protocol number as text
    cidr: str | None = None
    ipv6_cidr: str | None = None
    from_port: int | None = None
    to_port: int | None = None

    @property
    def allows(self) -> bool:
        return self.action == "allow"

    def matches(self, port: int, protocol: str = "tcp") -> bool:
        """True when traffic on ``protocol``/``port`` is matched by this entry (whatever its source)."""
        if self.protocol == ALL_PROTOCOLS:
            return True
        if self.protocol != protocol.lower():
            return False
        if self.from_port is None or self.to_port is None:
            return True
        return self.from_port <= port <= self.to_port


@resource_type
class NetworkAcl(Resource):
    resource_type = "AWS::EC2::NetworkAcl"
    service = "ec2"

    vpc_id: str | None = None
    is_default: bool = False
    entries: tuple[AclEntry, ...] = ()
    subnet_ids: tuple[str, ...] = ()

    def ordered(self, *, egress: bool) -> list[AclEntry]:
        return sorted((e for e in self.entries if e.egress == egress), key=lambda e: e.rule_number)


@resource_type
class Vpc(Resource):
    resource_type = "AWS::EC2::VPC"
    service = "ec2"

    cidr_blocks: tuple[str, ...] = ()
    ipv6_cidr_blocks: tuple[str, ...] = ()
    is_default: bool = False
    state: str = ""
    owner_id: str = ""


@resource_type
class Subnet(Resource):
    resource_type = "AWS::EC2::Subnet"
    service = "ec2"

    vpc_id: str | None = None
    cidr_block: str = ""
    ipv6_cidr_blocks: tuple[str, ...] = ()
    availability_zone: str = ""
    map_public_ip_on_launch: bool = False
    assign_ipv6_on_creation: bool = False
    default_for_az: bool = False


class Route(BaseModel):
    """One route. ``target`` is the id of what the traffic goes to (igw-, nat-, pcx-, eni-, "local"...)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    destination: str
    target: str
    target_kind: str  # gateway | nat_gateway | peering | instance | network_interface | transit_gateway ...
    state: str = "active"

    @property
    def to_internet_gateway(self) -> bool:
        return self.target_kind == "gateway" and self.target.startswith("igw-")

    @property
    def is_default_route(self) -> bool:
        return self.destination in (WORLD_IPV4, WORLD_IPV6)


@resource_type
class RouteTable(Resource):
    resource_type = "AWS::EC2::RouteTable"
    service = "ec2"

    vpc_id: str | None = None
    routes: tuple[Route, ...] = ()
    subnet_ids: tuple[str, ...] = ()
    is_main: bool = False


@resource_type
class InternetGateway(Resource):
    resource_type = "AWS::EC2::InternetGateway"
    service = "ec2"

    vpc_ids: tuple[str, ...] = ()


@resource_type
class NatGateway(Resource):
    resource_type = "AWS::EC2::NatGateway"
    service = "ec2"

    vpc_id: str | None = None
    subnet_id: str | None = None
    state: str = ""
    connectivity: str = "public"
    public_ips: tuple[str, ...] = ()


@resource_type
class FlowLog(Resource):
    """A flow log; ``target_id`` is the VPC, subnet or network interface whose traffic it records."""

    resource_type = "AWS::EC2::FlowLog"
    service = "ec2"

    target_id: str = ""
    traffic_type: str = ""  # ACCEPT | REJECT | ALL
    destination_type: str = ""
    destination: str = ""
    status: str = ""  # FlowLogStatus: ACTIVE
    delivery_status: str = ""  # DeliverLogsStatus: SUCCESS | FAILED

    @property
    def active(self) -> bool:
        return self.status in ("", "ACTIVE") and self.delivery_status != "FAILED"


@resource_type
class VpcEndpoint(Resource):
    resource_type = "AWS::EC2::VPCEndpoint"
    service = "ec2"

    vpc_id: str | None = None
    service_name: str = ""
    endpoint_type: str = ""
    state: str = ""
    policy: dict[str, Any] | None = None
    route_table_ids: tuple[str, ...] = ()
    subnet_ids: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    private_dns_enabled: bool = False


class PeeringSide(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    vpc_id: str = ""
    account: str = ""
    region: str = ""
    cidr_blocks: tuple[str, ...] = ()


@resource_type
class VpcPeeringConnection(Resource):
    resource_type = "AWS::EC2::VPCPeeringConnection"
    service = "ec2"

    requester: PeeringSide = PeeringSide()
    accepter: PeeringSide = PeeringSide()
    status: str = ""


@resource_type
class NetworkInterface(Resource):
    resource_type = "AWS::EC2::NetworkInterface"
    service = "ec2"

    vpc_id: str | None = None
    subnet_id: str | None = None
    interface_type: str = "interface"
    description: str = ""
    status: str = ""
    security_group_ids: tuple[str, ...] = ()
    private_ips: tuple[str, ...] = ()
    public_ips: tuple[str, ...] = ()
    attached_instance_id: str | None = None
    requester_managed: bool = False
    requester_id: str | None = None


@resource_type
class ElasticIp(Resource):
    """An Elastic IP address allocated to the account (DescribeAddresses)."""

    resource_type = "AWS::EC2::EIP"
    service = "ec2"

    public_ip: str = ""
    domain: str = "vpc"
    instance_id: str | None = None
    network_interface_id: str | None = None
    association_id: str | None = None

    @property
    def associated(self) -> bool:
        return bool(self.association_id or self.instance_id or self.network_interface_id)
