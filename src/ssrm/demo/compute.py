"""Demo planting: compute group."""

from ssrm.demo.world import DemoWorld


def plant(world: DemoWorld) -> None:
    """Nothing planted yet for this group."""
