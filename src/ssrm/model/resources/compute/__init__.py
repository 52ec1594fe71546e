"""compute resource types (EC2 instances and images, EBS, VPC networking)."""

from ssrm.model.resources.compute import ebs, ec2, network, vulnerability

__all__ = ["ebs", "ec2", "network", "vulnerability"]
