"""VPC rules: flow logs, endpoints, subnets that hand out public IPs, peering routes."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.compute.network import ElasticIp, FlowLog, RouteTable, Subnet, Vpc, VpcEndpoint
from ssrm.model.resources.compute.transit import TransitGateway
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.compute.exposure import prefix_length
from ssrm.rules.compute.naming import named

# No VPC is larger than a /16: a peering route broader than that sends more than the peer's addresses.
WIDEST_VPC_PREFIX = 16


@rule(
    id="ec2_vpc_flow_logs_disabled",
    title="VPC flow logging is enabled",
    resource_type=Vpc, layer=Layer.NETWORKS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008", "T1048", "T1046"), phase=Phase.OPTIMIZED, smm="TD4.2",
    uses=(FlowLog,),
    remediation=Remediation(
        text="Create a flow log on the VPC (at least REJECT traffic, ideally ALL) to CloudWatch Logs or S3.",
        cli=("aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL "
             "--log-destination-type s3 --log-destination arn:aws:s3:::<flow-log-bucket>"),
        terraform=('resource "aws_flow_log" "vpc" {\n  vpc_id               = aws_vpc.main.id\n'
                   '  traffic_type         = "ALL"\n  log_destination_type = "s3"\n'
                   "  log_destination      = aws_s3_bucket.flow_logs.arn\n}")),
    references=("CIS 4.7", "FSBP EC2.6"),
    skips="subnet- and interface-level flow logs; where the logs are delivered and how long they are kept",
)
def vpc_flow_logs_disabled(vpc: Vpc, inv: Inventory) -> Verdict:
    """Without flow logs there is no record of what talked to what during an incident."""
    logs = [f for f in inv.of_type(FlowLog) if f.target_id == vpc.id and f.region == vpc.region]
    active = [f for f in logs if f.active]
    if active:
        return passed(f"VPC {named(vpc)} has flow log {active[0].id} ({active[0].traffic_type} traffic)")
    if logs:
        return failed(f"VPC {named(vpc)} has flow logs but none is active: "
                      + ", ".join(f"{f.id} {f.status}/{f.delivery_status}" for f in logs))
    return failed(f"VPC {named(vpc)} has no flow log")


@rule(
    id="ec2_vpc_no_endpoints",
    title="VPCs use VPC endpoints for AWS services",
    resource_type=Vpc, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1048", "T1537"), phase=Phase.EFFICIENT, smm="IP3.3",
    uses=(VpcEndpoint,),
    remediation=Remediation(
        text="Add gateway endpoints for S3 and DynamoDB (free) and interface endpoints for the services the "
             "workloads call, with endpoint policies that allow only your own resources.",
        cli="aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --service-name com.amazonaws.<region>.s3 "
            "--route-table-ids <rtb-id>",
        terraform=('resource "aws_vpc_endpoint" "s3" {\n  vpc_id          = aws_vpc.main.id\n'
                   '  service_name    = "com.amazonaws.us-east-1.s3"\n'
                   "  route_table_ids = [aws_route_table.private.id]\n}")),
    references=("CIS 6.8", "FSBP EC2.10"),
    skips="which services have endpoints and what the endpoint policies allow",
)
def vpc_no_endpoints(vpc: Vpc, inv: Inventory) -> Verdict:
    """Endpoints keep AWS API traffic off the internet and let endpoint policies fence data in."""
    endpoints = [e for e in inv.of_type(VpcEndpoint) if e.vpc_id == vpc.id and e.region == vpc.region]
    if endpoints:
        return passed(f"VPC {named(vpc)} has endpoints for " + ", ".join(e.service_name for e in endpoints))
    return failed(f"VPC {named(vpc)} has no VPC endpoint: AWS API traffic leaves through the internet")


@rule(
    id="ec2_subnet_auto_public_ip",
    title="Subnets do not assign public IP addresses automatically",
    resource_type=Subnet, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="IP2.3",
    remediation=Remediation(
        text="Turn off auto-assignment; give public addresses only to what must be public (load balancers, "
             "NAT gateways) and keep instances in private subnets.",
        cli="aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch",
        terraform=('resource "aws_subnet" "app" {\n  vpc_id                  = aws_vpc.main.id\n'
                   '  cidr_block              = "10.0.2.0/24"\n  map_public_ip_on_launch = false\n}')),
    references=("FSBP EC2.15",),
    skips="addresses assigned explicitly at launch (judged on the instance)",
)
def subnet_auto_public_ip(subnet: Subnet, inv: Inventory) -> Verdict:
    """Every instance launched here gets an internet address whether or not it needs one."""
    if subnet.map_public_ip_on_launch:
        default = " (a default subnet)" if subnet.default_for_az else ""
        return failed(f"subnet {named(subnet)} {subnet.cidr_block}{default} gives every new instance a public IP")
    return passed(f"subnet {named(subnet)} does not assign public IPs on launch")


def wider_than_a_vpc(destination: str) -> bool:
    """True for a CIDR broader than /16; prefix-list destinations are not judged."""
    length = prefix_length(destination)
    return length is not None and length < WIDEST_VPC_PREFIX


@rule(
    id="ec2_route_table_broad_peering_route",
    title="Routes to VPC peering connections are least access",
    resource_type=RouteTable, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.DISCOVER_SPREAD, attack=("T1021", "T1046"), phase=Phase.FOUNDATIONAL, smm="IP2.3",
    remediation=Remediation(
        text="Route only the peer's subnets (or at most its VPC CIDR) through the peering connection.",
        cli=("aws ec2 replace-route --route-table-id <rtb-id> --destination-cidr-block <peer-subnet-cidr> "
             "--vpc-peering-connection-id <pcx-id>"),
        terraform=('resource "aws_route" "to_peer" {\n  route_table_id            = aws_route_table.app.id\n'
                   '  destination_cidr_block    = "10.1.4.0/24"\n'
                   "  vpc_peering_connection_id = aws_vpc_peering_connection.peer.id\n}")),
    references=("CIS 6.6",),
    skips="routes to the peer's whole VPC CIDR (a /16 or narrower); security groups across the peering",
)
def route_table_broad_peering_route(table: RouteTable, inv: Inventory) -> Verdict:
    """A peering route wider than any VPC can be opens more than the peer to this table's subnets."""
    peering = [r for r in table.routes if r.target_kind == "peering"]
    if not peering:
        return not_applicable(f"route table {named(table)} has no peering routes")
    broad = [r for r in peering if wider_than_a_vpc(r.destination)]
    if broad:
        return failed(f"route table {named(table)} sends " + ", ".join(f"{r.destination} -> {r.target}"
                                                                       for r in broad) + " over peering")
    return passed(f"route table {named(table)} peering routes are narrow: "
                  + ", ".join(r.destination for r in peering))


@rule(
    id="ec2_elastic_ip_unused",
    title="Elastic IP addresses not associated with anything are released",
    resource_type=ElasticIp, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1578.005",), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    needs=("association_id",),
    remediation=Remediation(
        text="Release Elastic IPs nothing uses; a forgotten address can be attached to a new host and inherit "
             "DNS records and allow-lists that still point at it.",
        cli="aws ec2 release-address --allocation-id <allocation-id>",
        terraform="# remove the unused aws_eip resource from the configuration"),
    references=("FSBP EC2.12",),
    skips="none: addresses kept on purpose (allow-listed by partners) should be tagged and accepted as exceptions",
)
def elastic_ip_unused(address: ElasticIp, inv: Inventory) -> Verdict:
    """Unattached public addresses are unmanaged internet entry points waiting to be reused."""
    if address.associated:
        target = address.instance_id or address.network_interface_id or address.association_id
        return passed(f"Elastic IP {address.public_ip or address.id} is associated with {target}")
    return failed(f"Elastic IP {address.public_ip or address.id} is not associated with any instance or interface")


@rule(
    id="ec2_transit_gateway_no_auto_accept",
    title="Transit gateways do not accept shared VPC attachments automatically",
    resource_type=TransitGateway, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1021.007",), phase=Phase.FOUNDATIONAL, smm="IP2.2",
    remediation=Remediation(
        text="Turn off auto-accept so each attachment from another account is reviewed before it joins the "
             "network.",
        cli="aws ec2 modify-transit-gateway --transit-gateway-id <TGW> --options AutoAcceptSharedAttachments=disable",
        terraform='resource "aws_ec2_transit_gateway" "this" {\n  auto_accept_shared_attachments = "disable"\n}',
    ),
    references=("FSBP EC2.23",),
    skips="Transit gateways owned by another account (its owner decides).",
)
def transit_gateway_no_auto_accept(gateway: TransitGateway, inv: Inventory) -> Verdict:
    """Any account the gateway is shared with can join its VPC to every network on the hub, unreviewed."""
    if gateway.owner_id and gateway.owner_id != gateway.account:
        return not_applicable(f"owned by {gateway.owner_id}")
    if gateway.auto_accept_shared_attachments:
        return failed(f"transit gateway {gateway.name} accepts shared VPC attachments automatically")
    return passed("shared VPC attachments need acceptance")
