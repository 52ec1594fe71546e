"""EC2 instance rules: metadata service, internet exposure, secrets in user data, identity, hygiene."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, Status
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.network import NetworkAcl, RouteTable, SecurityGroup
from ssrm.rules.base import Verdict, failed, for_message, not_applicable, passed, rule
from ssrm.rules.compute.exposure import ADMIN_PORTS, instance_exposure
from ssrm.rules.compute.naming import named

LIVE_STATES = ("pending", "running")
STOPPED_TOO_LONG = timedelta(days=30)
# Tags that mark container hosts, whose pods or tasks legitimately need an IMDS hop limit of 2.
CONTAINER_HOST_TAGS = ("eks:cluster-name", "aws:eks:cluster-name", "alpha.eksctl.io/cluster-name",
                       "aws:ecs:clusterName", "AmazonECSManaged", "kubernetes.io/cluster/")


def is_container_host(instance: Instance) -> bool:
    return any(key.startswith(prefix) for key in instance.tags for prefix in CONTAINER_HOST_TAGS)


@rule(
    id="ec2_instance_imdsv1_allowed",
    title="EC2 instances require IMDSv2 (session tokens) for the metadata service",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552.005", "T1190", "T1078.004"), phase=Phase.FOUNDATIONAL,
    smm="IA2.3",
    remediation=Remediation(
        text="Require session tokens (IMDSv2) on the instance, and set the account default for new ones.",
        cli="aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens required "
            "--http-endpoint enabled",
        terraform=('resource "aws_instance" "web" {\n  # ...\n  metadata_options {\n'
                   '    http_endpoint = "enabled"\n    http_tokens   = "required"\n  }\n}')),
    references=("CIS 6.7", "FSBP EC2.8"),
    skips="instances whose metadata endpoint is disabled",
)
def instance_imdsv1_allowed(instance: Instance, inv: Inventory) -> Verdict:
    """IMDSv1 hands the role's credentials to any SSRF: the Capital One breach in one GET request."""
    options = instance.metadata
    if not options.endpoint_enabled:
        return passed(f"{named(instance)}: metadata endpoint disabled")
    if options.imdsv1_allowed:
        profile_arn = for_message(instance, "instance_profile_arn")
        profile = f" and exposes role credentials of {profile_arn}" if profile_arn else ""
        return failed(f"{named(instance)} allows IMDSv1 (http_tokens={options.http_tokens}){profile}")
    return passed(f"{named(instance)} requires IMDSv2 (http_tokens=required)")


@rule(
    id="ec2_instance_imds_hop_limit",
    title="IMDS response hop limit is 1 on hosts that run no containers",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.LOW,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552.005",), phase=Phase.FOUNDATIONAL, smm="IA2.3",
    remediation=Remediation(
        text="Set the PUT response hop limit to 1 so that only the host itself, not a forwarded or "
             "containerized request, can obtain an IMDSv2 token.",
        cli="aws ec2 modify-instance-metadata-options --instance-id <instance-id> "
            "--http-put-response-hop-limit 1",
        terraform=('resource "aws_instance" "web" {\n  # ...\n  metadata_options {\n'
                   '    http_tokens                 = "required"\n    http_put_response_hop_limit = 1\n'
                   "  }\n}")),
    skips="container hosts tagged for EKS or ECS (they need a hop limit of 2); disabled metadata endpoints",
)
def instance_imds_hop_limit(instance: Instance, inv: Inventory) -> Verdict:
    """A hop limit above 1 lets tokens travel through one more network hop (a proxy, a container bridge)."""
    if not instance.metadata.endpoint_enabled:
        return not_applicable(f"{named(instance)}: metadata endpoint disabled")
    if is_container_host(instance):
        return not_applicable(f"{named(instance)} is tagged as a container host")
    if instance.metadata.hop_limit > 1:
        return failed(f"{named(instance)} has IMDS hop limit {instance.metadata.hop_limit} and runs no "
                      "tagged container workload")
    return passed(f"{named(instance)} has IMDS hop limit {instance.metadata.hop_limit}")


@rule(
    id="ec2_instance_public_admin_ports",
    title="No internet-facing instance accepts SSH or RDP from the internet",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1110", "T1190", "T1021.008"), phase=Phase.FOUNDATIONAL,
    smm="IP2.2", uses=(SecurityGroup, RouteTable, NetworkAcl),
    remediation=Remediation(
        text="Close 22/3389 to the internet and manage the host through SSM Session Manager; better, move it "
             "to a private subnet behind a load balancer.",
        cli="aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 22 "
            "--cidr 0.0.0.0/0",
        terraform=('resource "aws_instance" "web" {\n  # ...\n  subnet_id                   = '
                   "aws_subnet.private.id\n  associate_public_ip_address = false\n"
                   '  iam_instance_profile        = "ssm-managed-profile"\n}')),
    references=("CIS 6.3", "FSBP EC2.9"),
    skips="stopped instances; reachability through load balancers (judged on the listeners); ports other "
          "than 22 and 3389",
)
def instance_public_admin_ports(instance: Instance, inv: Inventory) -> Verdict:
    """Public IP, a default route to an internet gateway, and an open security group: directly reachable."""
    if instance.state not in LIVE_STATES:
        return not_applicable(f"{named(instance)} is {instance.state}")
    exposures = [instance_exposure(inv, instance, port) for port in ADMIN_PORTS]
    reachable = [e for e in exposures if e.reachable]
    if reachable:
        return failed(f"{named(instance)}: " + "; ".join(e.describe() for e in reachable))
    return passed(f"{named(instance)}: " + "; ".join(e.describe() for e in exposures))


@rule(
    id="ec2_instance_user_data_secrets",
    title="EC2 user data holds no credentials",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.APPSEC, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552.005", "T1552.001"), phase=Phase.FOUNDATIONAL, smm="AS2.2",
    needs=("user_data_secrets",),
    remediation=Remediation(
        text="Rotate the exposed credentials now, then have the boot script read them from Secrets Manager or "
             "SSM Parameter Store with the instance role; user data is readable by anyone with "
             "ec2:DescribeInstanceAttribute and from inside the instance.",
        cli="aws ec2 modify-instance-attribute --instance-id <instance-id> --attribute userData --value ''"
            "  # the instance must be stopped first",
        terraform=('resource "aws_instance" "worker" {\n  # ...\n  user_data = templatefile("boot.sh", {\n'
                   "    secret_arn = aws_secretsmanager_secret.db.arn # read at boot, never inline\n  })\n}")),
    skips="encrypted or obfuscated payloads; secrets fetched at boot from a secret store",
)
def instance_user_data_secrets(instance: Instance, inv: Inventory) -> Verdict:
    """Only redacted hints are kept: the kind of credential and a non-secret prefix."""
    if instance.user_data_secrets:
        hints = "; ".join(s.describe() for s in instance.user_data_secrets)
        return failed(f"{named(instance)} user data contains {hints}")
    if not instance.has_user_data:
        return passed(f"{named(instance)} has no user data")
    return passed(f"{named(instance)} user data contains no recognizable credentials")


@rule(
    id="ec2_instance_no_instance_profile",
    title="EC2 instances get AWS credentials from an instance profile",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.LOW,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552.001", "T1078.004"), phase=Phase.FOUNDATIONAL, smm="IA2.2",
    remediation=Remediation(
        text="Attach an instance profile with a least-privilege role (at minimum for SSM management) so "
             "nothing on the host needs long-term access keys.",
        cli="aws ec2 associate-iam-instance-profile --instance-id <instance-id> "
            "--iam-instance-profile Name=<profile-name>",
        terraform=('resource "aws_instance" "app" {\n  # ...\n'
                   "  iam_instance_profile = aws_iam_instance_profile.app.name\n}")),
    references=("CIS 2.16",),
    skips="whether software on the instance calls AWS at all",
)
def instance_no_instance_profile(instance: Instance, inv: Inventory) -> Verdict:
    """Hosts without a role are where long-term access keys end up in files and scripts."""
    if instance.instance_profile_arn:
        return passed(f"{named(instance)} uses instance profile {instance.instance_profile_arn}")
    return failed(f"{named(instance)} has no instance profile: no temporary credentials and "
                  "no SSM management")


@rule(
    id="ec2_instance_stopped_long",
    title="EC2 instances are not left stopped for more than 30 days",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    remediation=Remediation(
        text="Terminate instances no one needs (snapshot first if in doubt); a forgotten instance misses "
             "patches and comes back vulnerable when started.",
        cli="aws ec2 terminate-instances --instance-ids <instance-id>",
        terraform="# remove the aws_instance resource, or keep it running and patched"),
    references=("FSBP EC2.4",),
    skips="instances that are running or recently stopped",
    runtime_only=True,
)
def instance_stopped_long(instance: Instance, inv: Inventory) -> Verdict:
    """Judged against the scan's start time, so the result does not drift with the clock."""
    if instance.state != "stopped":
        return not_applicable(f"{named(instance)} is {instance.state}")
    if instance.stopped_since is None:
        return Verdict(Status.ERROR, f"{named(instance)} is stopped but EC2 did not report since when")
    now = inv.started_at or datetime.now(UTC)
    since = instance.stopped_since if instance.stopped_since.tzinfo else \
        instance.stopped_since.replace(tzinfo=UTC)
    days = (now - since).days
    if now - since > STOPPED_TOO_LONG:
        return failed(f"{named(instance)} has been stopped for {days} days (since {since:%Y-%m-%d})")
    return passed(f"{named(instance)} stopped {days} days ago")


@rule(
    id="ec2_instance_multiple_enis",
    title="EC2 instances use a single network interface",
    resource_type=Instance, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.LOW,
    stage=Stage.DISCOVER_SPREAD, attack=("T1021.008", "T1048"), phase=Phase.FOUNDATIONAL, smm="IP2.3",
    needs=("network_interface_ids",),
    remediation=Remediation(
        text="Detach the extra network interfaces unless the instance is meant to bridge subnets "
             "(appliances, EKS nodes using the VPC CNI), and document those exceptions.",
        cli="aws ec2 detach-network-interface --attachment-id <attachment-id>",
        terraform=('resource "aws_instance" "web" {\n  # one primary interface only: no extra\n'
                   '  # aws_network_interface_attachment for this instance\n  subnet_id = aws_subnet.app.id\n}')),
    references=("FSBP EC2.17",),
    skips="instances with no interface reported (terminated, or the source does not list interfaces)",
)
def instance_multiple_enis(instance: Instance, inv: Inventory) -> Verdict:
    """Each extra interface can join another subnet, bridging network segments the design keeps apart."""
    count = len(instance.network_interface_ids)
    if count == 0:
        return not_applicable(f"no network interface reported for {named(instance)}")
    if count > 1:
        return failed(f"{named(instance)} has {count} network interfaces: "
                      + ", ".join(instance.network_interface_ids))
    return passed(f"{named(instance)} has one network interface")


@rule(
    id="ec2_instance_paravirtual",
    title="EC2 instances use HVM, not paravirtual, virtualization",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1211", "T1578.005"), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    needs=("virtualization_type",),
    remediation=Remediation(
        text="Rebuild the workload on a current HVM AMI and instance type; paravirtual (PV) types are end "
             "of life.",
        cli="aws ec2 run-instances --image-id <hvm-ami-id> --instance-type t3.micro --subnet-id <subnet-id>",
        terraform=('resource "aws_instance" "web" {\n  ami           = data.aws_ami.hvm.id\n'
                   '  instance_type = "t3.micro"\n}')),
    references=("FSBP EC2.24",),
    skips="instances whose source does not report the virtualization type (IaC)",
)
def instance_paravirtual(instance: Instance, inv: Inventory) -> Verdict:
    """Paravirtual guests run on retired hypervisor paths that no longer get Nitro's isolation and fixes."""
    if not instance.virtualization_type:
        return not_applicable(f"virtualization type of {named(instance)} not reported")
    if instance.virtualization_type == "paravirtual":
        return failed(f"{named(instance)} ({instance.instance_type or 'unknown type'}) is paravirtual")
    return passed(f"{named(instance)} uses {instance.virtualization_type} virtualization")
