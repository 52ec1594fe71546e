"""compute collectors: EC2 instances and images, EBS, VPC networking (client "ec2"), Inspector vulnerabilities."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.compute import autoscaling, client_vpn, ebs, ec2, inspector, transit, vpc

COLLECTORS: tuple[Collector, ...] = (ec2.COLLECTOR, ebs.COLLECTOR, vpc.COLLECTOR, inspector.COLLECTOR,
                                   autoscaling.COLLECTOR, transit.COLLECTOR, client_vpn.COLLECTOR)
