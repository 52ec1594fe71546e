"""compute rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.compute import ebs, images, instances, lifecycle, network_acls, security_groups, vpcs

MODULES: tuple[ModuleType, ...] = (lifecycle, security_groups, network_acls, vpcs, instances, ebs, images)
