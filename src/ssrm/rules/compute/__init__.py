"""compute rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.compute import autoscaling, ebs, images, instances, network_acls, security_groups, vpcs, vulnerabilities

MODULES: tuple[ModuleType, ...] = (security_groups, network_acls, vpcs, instances, ebs, images, vulnerabilities,
                                    autoscaling)
