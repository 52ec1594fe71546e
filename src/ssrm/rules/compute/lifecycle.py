"""EC2 instances: public addresses handed out at launch, and end-of-life software their code names."""

from __future__ import annotations

from datetime import date

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.network import RouteTable
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.compute.exposure import internet_route, route_table_of
from ssrm.rules.compute.naming import named
from ssrm.rules.identity.clock import reference_time

# End of standard support / life, from the vendors' published schedules (Node.js release schedule;
# Ubuntu release cycle, end of standard support; Amazon Linux FAQs; CentOS end-of-life notices).
END_OF_LIFE: dict[str, date] = {
    **{f"nodejs {major}": day for major, day in (
        ("4", date(2018, 4, 30)), ("6", date(2019, 4, 30)), ("8", date(2019, 12, 31)),
        ("10", date(2021, 4, 30)), ("12", date(2022, 4, 30)), ("14", date(2023, 4, 30)),
        ("16", date(2023, 9, 11)), ("18", date(2025, 4, 30)), ("20", date(2026, 4, 30)),
        ("22", date(2027, 4, 30)))},
    "ubuntu 14.04": date(2019, 4, 30), "ubuntu 16.04": date(2021, 4, 30), "ubuntu 18.04": date(2023, 5, 31),
    "ubuntu 20.04": date(2025, 5, 31), "ubuntu 22.04": date(2027, 4, 30),
    "amazon linux 1": date(2023, 12, 31), "amazon linux 2": date(2026, 6, 30),
    "centos 6": date(2020, 11, 30), "centos 7": date(2024, 6, 30), "centos 8": date(2021, 12, 31),
}


@rule(
    id="ec2_instance_public_ip_in_public_subnet",
    title="Instances in public subnets do not get a public IP address at launch",
    resource_type=Instance, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="IP2.3",
    uses=(RouteTable,),
    remediation=Remediation(
        text="Launch instances in private subnets without public addresses; expose services through a load "
             "balancer and reach hosts with SSM Session Manager.",
        cli="aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch",
        terraform='resource "aws_instance" "app" {\n  subnet_id                   = aws_subnet.private.id\n'
                  '  associate_public_ip_address = false\n}'),
    references=("FSBP EC2.9",),
    skips="Elastic IPs attached after launch; instances whose subnet has no route to an internet gateway "
          "(a public address there is unreachable)",
)
def instance_public_ip_in_public_subnet(instance: Instance, inv: Inventory) -> Verdict:
    """An address on the internet plus a route to it: the instance is one security-group change from exposed."""
    if not instance.public_ips:
        return passed(f"{named(instance)} gets no public IP")
    route = internet_route(route_table_of(inv, instance.subnet_id, instance.vpc_id))
    if route is None:
        return passed(f"{named(instance)} has a public IP but its subnet has no route to an internet gateway")
    return failed(f"{named(instance)} gets a public IP {instance.public_ips[0]} in subnet {instance.subnet_id}, "
                  f"which routes {route.destination} to {route.target}")


@rule(
    id="ec2_instance_end_of_life_software",
    title="Instances do not run operating systems or runtimes past their end of life",
    resource_type=Instance, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    needs=("declared_software",),
    remediation=Remediation(
        text="Build from a supported image (e.g. Ubuntu 24.04, Amazon Linux 2023) and install a supported "
             "runtime (Node.js LTS) in user data or the image pipeline.",
        cli="aws ssm get-parameter --name /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        terraform='data "aws_ami" "al2023" {\n  most_recent = true\n  owners      = ["amazon"]\n'
                  '  filter {\n    name   = "name"\n    values = ["al2023-ami-*-x86_64"]\n  }\n}'),
    skips="software the image or user data does not name (installed by configuration management); the live "
          "scan does not read images' names or user data for this",
)
def instance_end_of_life_software(instance: Instance, inv: Inventory) -> Verdict:
    """Past its end of life, software gets no security fixes: every new vulnerability stays open."""
    if instance.declared_software is None:
        return not_applicable("this source does not say which software the instance runs")
    today = reference_time(inv).date()
    ended = [f"{name} (end of life {END_OF_LIFE[name].isoformat()})" for name in instance.declared_software
             if name in END_OF_LIFE and END_OF_LIFE[name] <= today]
    if ended:
        return failed(f"{named(instance)} runs " + ", ".join(ended))
    if instance.declared_software:
        return passed(f"{named(instance)} names {', '.join(instance.declared_software)}, all supported")
    return passed(f"{named(instance)}: its image and user data name no end-of-life software")
