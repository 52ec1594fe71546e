"""Outputs and input variables (Terraform ``output``/``variable``, CloudFormation ``Outputs``/``Parameters``)."""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.devtools.iac import IacOutput, IacVariable
from ssrm.model.secrets import PASSWORD_NAME, PLACEHOLDER, REFERENCE
from ssrm.sources.iac.mapping.build import Links, build
from ssrm.sources.iac.mapping.secret_references import secret_reference
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown


def _carried(value: Any, links: Links) -> list[str]:
    """Secrets an output value carries by reference, looking inside lists, maps and strings."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _carried(v, links)]
    if isinstance(value, list):
        return [s for v in value for s in _carried(v, links)]
    found = secret_reference(value, links)
    return [found] if found else []


def map_output(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    return [build(IacOutput, raw, id=raw.address, arn=f"{raw.source}:{raw.address}", name=a.get("name") or "",
                  exposes=tuple(dict.fromkeys(_carried(a.get("value"), links))), sensitive=a.get("sensitive"))]


def _looks_real(default: Any) -> bool:
    if isinstance(default, Unknown) or default is None:
        return False
    text = str(default).strip()
    return bool(text) and not PLACEHOLDER.match(text) and not REFERENCE.match(text)


def map_variable(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    name = str(a.get("name") or "")
    return [build(IacVariable, raw, id=raw.address, arn=f"{raw.source}:{raw.address}", name=name,
                  secret_by_name=bool(PASSWORD_NAME.search(name)), has_default="default" in a,
                  default_looks_real=_looks_real(a.get("default")), masked=a.get("sensitive"))]


TERRAFORM = {"terraform_output": map_output, "terraform_variable": map_variable}
CLOUDFORMATION = {"CloudFormation::Output": map_output, "CloudFormation::Parameter": map_variable}
