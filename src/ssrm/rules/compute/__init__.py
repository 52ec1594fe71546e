"""compute rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.compute import (
    autoscaling,
    client_vpn,
    ebs,
    images,
    instances,
    lifecycle,
    network_acls,
    security_groups,
    vpcs,
    vulnerabilities,
)

MODULES: tuple[ModuleType, ...] = (security_groups, network_acls, vpcs, instances, ebs, images, vulnerabilities,
                                    autoscaling, lifecycle, client_vpn)
