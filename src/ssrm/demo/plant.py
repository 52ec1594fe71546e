"""Plant the whole demo company, group by group, in an order that lets later groups use earlier refs."""

from __future__ import annotations

from ssrm.demo import apps, compute, data, identity, vulnerabilities
from ssrm.demo.world import DemoWorld

PLANTERS = (data.plant, identity.plant, compute.plant, apps.plant, vulnerabilities.plant)


def plant_all(world: DemoWorld) -> DemoWorld:
    for planter in PLANTERS:
        planter(world)
    return world
