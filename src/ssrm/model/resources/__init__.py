"""Every resource type ssrm knows. Importing this package registers them all (and nothing else)."""

from ssrm.model.resources import account, apps, compute, containers, data, devtools, edge, identity, operations

__all__ = ["account", "apps", "compute", "containers", "data", "devtools", "edge", "identity", "operations"]
