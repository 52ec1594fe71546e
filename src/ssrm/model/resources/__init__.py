"""Every resource type ssrm knows. Importing this package registers them all (and nothing else)."""

from ssrm.model.resources import account, apps, compute, data, identity

__all__ = ["account", "apps", "compute", "data", "identity"]
