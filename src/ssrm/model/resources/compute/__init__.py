"""compute resource types (EC2 instances and images, EBS, VPC networking)."""

from ssrm.model.resources.compute import autoscaling, client_vpn, ebs, ec2, network, transit, vulnerability

__all__ = ["autoscaling", "client_vpn", "ebs", "ec2", "network", "transit", "vulnerability"]
