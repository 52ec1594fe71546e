"""compute collectors: EC2 instances and images, EBS, VPC networking (all regional, client "ec2")."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.compute import ebs, ec2, vpc

COLLECTORS: tuple[Collector, ...] = (ec2.COLLECTOR, ebs.COLLECTOR, vpc.COLLECTOR)
