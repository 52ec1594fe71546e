"""How a resource is named in a finding's reason: "web-1 (i-0abc...)", or just the id when unnamed."""

from __future__ import annotations

from ssrm.model import Resource


def named(resource: Resource) -> str:
    if resource.name and resource.name != resource.id:
        return f"{resource.name} ({resource.id})"
    return resource.id
