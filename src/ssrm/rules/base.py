"""How a rule is written: a small pure function plus its metadata, made a ``Rule`` by ``@rule``.

    @rule(id="s3_bucket_default_encryption", title="S3 buckets encrypt objects by default",
          resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
          stage=Stage.EXFILTRATE, needs=("default_encryption",), ...)
    def bucket_encrypted(bucket: S3Bucket, inv: Inventory) -> Verdict:
        if bucket.default_encryption is None:
            return failed("no default encryption configured")
        return passed(f"default encryption {bucket.default_encryption.algorithm}")

``needs`` lists fields of the resource the rule reads; ``uses`` lists other resource types it looks up in
the inventory. If any of them could not be collected the engine reports ERROR and never calls the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Resource, Severity, Stage, Status

RULE_ID = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    reason: str


def passed(reason: str) -> Verdict:
    return Verdict(Status.PASS, reason)


def failed(reason: str) -> Verdict:
    return Verdict(Status.FAIL, reason)


def not_applicable(reason: str) -> Verdict:
    return Verdict(Status.NOT_APPLICABLE, reason)


def for_message(resource: Resource, name: str) -> Any:
    """A field used only in a reason's wording: None when it could not be read.

    Read around the unknown-read guard on purpose: a detail of the message must not turn a verdict
    decided by known fields into ERROR.
    """
    if name in resource.unknown:
        return None
    return object.__getattribute__(resource, "__dict__").get(name)


Check = Callable[[Any, Inventory], Verdict]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    resource_type: str
    layer: Layer
    domain: Domain
    severity: Severity
    stage: Stage
    check: Check
    description: str = ""
    attack: tuple[str, ...] = ()
    phase: Phase = Phase.FOUNDATIONAL
    smm: str | None = None
    needs: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    remediation: Remediation = field(default_factory=Remediation)
    references: tuple[str, ...] = ()
    skips: str = ""
    runtime_only: bool = False
    source: str = "builtin"

    @property
    def service(self) -> str:
        parts = self.resource_type.split("::")
        return parts[1].lower() if len(parts) > 1 else parts[0].lower()


def rule(
    *,
    id: str,
    title: str,
    resource_type: str | type[Resource],
    layer: Layer,
    domain: Domain,
    severity: Severity,
    stage: Stage,
    description: str = "",
    attack: tuple[str, ...] = (),
    phase: Phase = Phase.FOUNDATIONAL,
    smm: str | None = None,
    needs: tuple[str, ...] = (),
    uses: tuple[str | type[Resource], ...] = (),
    remediation: Remediation | None = None,
    references: tuple[str, ...] = (),
    skips: str = "",
    runtime_only: bool = False,
) -> Callable[[Check], Rule]:
    """Turn a check function into a Rule. ``runtime_only``: needs data only a live account has."""
    if not RULE_ID.match(id):
        raise ValueError(f"rule id {id!r} must be lower_snake_case with a service prefix")
    type_name = resource_type if isinstance(resource_type, str) else resource_type.resource_type
    used = tuple(u if isinstance(u, str) else u.resource_type for u in uses)

    def make(check: Check) -> Rule:
        return Rule(
            id=id, title=title, resource_type=type_name, layer=layer, domain=domain, severity=severity,
            stage=stage, check=check, description=description or (check.__doc__ or "").strip(),
            attack=attack, phase=phase, smm=smm, needs=needs, uses=used,
            remediation=remediation or Remediation(), references=references, skips=skips,
            runtime_only=runtime_only,
        )

    return make
