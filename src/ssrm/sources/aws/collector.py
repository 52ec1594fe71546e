"""What a collector declares: the service it reads, where, what it produces and which IAM actions it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ssrm.sources.aws.context import CollectContext


@dataclass(frozen=True)
class Collector:
    """One AWS service's collection.

    ``name`` is what users pass to ``--services`` (lower case, e.g. ``s3``, ``ec2``); ``client`` is the
    botocore service name it talks to by default. ``actions`` is the exact list of IAM actions its calls
    need: ``ssrm permissions`` prints their union and a test checks every call a scan makes is covered.
    ``opt_in``: left out of a scan unless named in ``--services`` (per-resource reads beyond a service's
    default budget); its rules then give ERROR saying how to enable it.
    """

    name: str
    client: str
    scope: Literal["regional", "global"]
    resource_types: tuple[str, ...]
    actions: tuple[str, ...]
    collect: Callable[[CollectContext], None]
    title: str = ""
    opt_in: bool = False
    # Whether a scan spread over worker processes may run this collector in every process, each keeping
    # its share of the resources (``CollectContext.mine``) and one of them the account-wide parts
    # (``CollectContext.leads``). Worth it only where per-resource calls dominate (S3's reads per bucket).
    shardable: bool = False

    @property
    def label(self) -> str:
        return self.title or self.name
