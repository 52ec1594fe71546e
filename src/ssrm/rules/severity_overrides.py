"""Where a rule's severity departs from the AWS FSBP control it cites, and why.

ssrm ranks by what a finding lets an attacker do in the kill chain; FSBP ranks controls for a generic
account. Every departure is listed here with its reason, and tests/core/test_rule_catalog.py fails on a
departure that is not listed or a listed one that no longer departs.
"""

from __future__ import annotations

FSBP_SEVERITY_OVERRIDES: dict[str, str] = {
    "acm_certificate_expiry": "an expired certificate takes the service down for every client at once and teaches "
                              "users to click through warnings; FSBP ACM.1 rates only the renewal window",
    "autoscaling_group_multiple_instance_types": "running on one instance type is a capacity and availability "
                                                 "concern; it exposes nothing",
    "autoscaling_launch_config_hop_limit": "a hop limit above 1 matters only to containers on the instance; the "
                                           "IMDSv2 rule carries the credential-theft risk itself",
    "elb_classic_connection_draining": "without draining, requests in flight fail during deployments: an "
                                       "availability nuisance, not an exposure",
    "cloudtrail_log_file_validation": "without validation an intruder can alter the trail that investigations rely on "
                                      "without it being noticed",
    "ec2_default_security_group_has_rules": "the default group is rarely attached to anything on purpose; the open "
                                            "groups actually in use are judged by the exposure rules",
    "ec2_instance_stopped_long": "a stopped instance is hygiene (stale patches when restarted), not an exposure",
    "ec2_security_group_open_all_traffic": "every port open to the internet is the widest possible network "
                                           "exposure; ssrm rates it above the single-port cases",
    "ec2_security_group_open_database_ports": "a database port open to the internet is one credential guess from the "
                                              "data: an initial-access step on a data store",
    "ec2_subnet_auto_public_ip": "a public IP alone opens nothing; the route, group and ACL rules judge real exposure",
    "ec2_vpc_no_endpoints": "endpoints narrow egress paths but their absence exposes nothing by itself",
    "ecr_repository_lifecycle_policy": "old images are cost and hygiene; the image-scanning rules cover their "
                                       "vulnerabilities",
    "elbv2_deletion_protection": "deletion is an availability risk recoverable by recreating the load balancer",
    "iam_root_hardware_mfa": "the root user having MFA at all is judged critical by iam_root_mfa; the kind of device "
                             "is a further hardening step",
    "iam_user_console_mfa": "a console password without MFA is a direct initial-access path through password "
                            "guessing and phishing",
    "kms_key_pending_deletion": "a pending deletion can still be cancelled for 7-30 days; the finding is urgent, but "
                                "nothing is lost yet",
    "rds_cluster_encrypted": "an unencrypted cluster's snapshots can be shared and read outside the account: a "
                             "direct exfiltration step on a data store",
    "rds_instance_auto_minor_upgrade": "missing minor upgrades delay fixes; they do not expose the database by "
                                       "themselves",
    "rds_instance_multi_az": "single-zone placement is an availability concern, not a confidentiality one",
    "rds_instance_storage_encrypted": "an unencrypted instance's snapshots can be shared and read outside the "
                                      "account: a direct exfiltration step on a data store",
    "s3_account_public_access_block": "the account-wide block is the one setting that stops any bucket from being "
                                      "made public by mistake",
}
