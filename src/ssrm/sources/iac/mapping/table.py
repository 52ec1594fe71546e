"""Declarative mapping: one table per model type, shared by Terraform and CloudFormation.

Each field of the model is exactly one of:

- a ``Field``: the Terraform attribute path, the CloudFormation property path, and what AWS applies when
  the code leaves it out (``default``) with where that is documented (``source``); a field without a
  documented default is unknown when absent;
- a live-only field (``live_only``): only an account has it (creation time, status, last use);
- a constant (``constants``): certain for anything created from code (a new table is ``ACTIVE``);
- derived by code (``derive``): joins with other records (companion resources, members) and values
  computed from several properties (``derive`` may also give the resource's ``name`` when more than one
  property decides it).

Two optional hooks cover what a declaration holds beyond its own record: ``doubts`` (fields that keep
their value, a link others follow, but whose meaning for a rule depends on code not there: an instance's
subnet declared elsewhere) and ``extras`` (other records the declaration creates: an instance's inline
volumes, a VPC's implicit main route table).

A field in none of them is unknown ("not mapped from code"), never the model's default, so a rule that
reads it gives ERROR through the engine's unknown-read guard. Paths are dotted; Terraform nested blocks
(lists) are entered at their first element, so ``vpc_config.endpoint_public_access`` reads
``vpc_config[0].endpoint_public_access``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ssrm.model import Resource
from ssrm.sources.iac.mapping.build import Links, build
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown

NO_DEFAULT = object()
BASE_FIELDS = frozenset(Resource.model_fields)

Derive = Callable[[RawResource, Links, str], dict[str, Any]]
Doubts = Callable[[RawResource, Links, str], dict[str, str]]
Extras = Callable[[RawResource, Links, str, dict[str, str]], list[Resource]]  # (raw, links, format, ids)


@dataclass(frozen=True)
class Field:
    name: str
    terraform: str | None = None
    cloudformation: str | None = None
    default: Any = NO_DEFAULT
    source: str = ""
    convert: Callable[[Any], Any] | None = None
    why_unknown: str = ""  # without a default: why the value is unknown when the code leaves it out


@dataclass(frozen=True)
class Table:
    model: type[Resource]
    terraform: tuple[str, ...]
    cloudformation: tuple[str, ...]
    fields: tuple[Field, ...]
    name: tuple[str | None, str | None] = (None, None)  # (Terraform attribute, CloudFormation property)
    live_only: dict[str, str] = field(default_factory=dict)
    constants: dict[str, tuple[Any, str]] = field(default_factory=dict)  # field -> (value, why it is certain)
    derived: tuple[str, ...] = ()
    derive: Derive | None = None
    doubts: Doubts | None = None
    extras: Extras | None = None

    def covered(self) -> set[str]:
        return {f.name for f in self.fields} | set(self.live_only) | set(self.constants) | set(self.derived)

    def unmapped(self) -> set[str]:
        return set(self.model.model_fields) - BASE_FIELDS - self.covered()


def read_path(attrs: dict[str, Any], path: str) -> Any:
    """The value at a dotted path (None when absent); Terraform blocks are entered at their first element."""
    value: Any = attrs
    for part in path.split("."):
        if isinstance(value, Unknown):
            return value
        if isinstance(value, list):
            if not value:
                return None
            value = value[0]
        if not isinstance(value, dict):
            return None if value is None else Unknown(f"{path}: cannot read {part} of a {type(value).__name__}")
        value = value.get(part)
    return value


def flag(value: Any) -> Any:
    """CloudFormation booleans may be written as strings."""
    if isinstance(value, str):
        return value.lower() == "true"
    return value


def _value(spec: Field, attrs: dict[str, Any], fmt: str) -> Any:
    path = spec.terraform if fmt == "terraform" else spec.cloudformation
    if path is None:
        return Unknown(f"{spec.name} has no {fmt} equivalent")
    value = read_path(attrs, path)
    if value is None:
        if spec.default is NO_DEFAULT:
            return Unknown(f"{path} is not set: {spec.why_unknown}" if spec.why_unknown else
                           f"{path} is not set and the value AWS applies then is not known to ssrm")
        return spec.default
    if spec.convert is not None and find_unknown(value) is None:
        return spec.convert(value)
    return value


def map_with(table: Table, raw: RawResource, links: Links, fmt: str, ids: dict[str, str]) -> Resource:
    values: dict[str, Any] = {spec.name: _value(spec, raw.attrs, fmt) for spec in table.fields}
    values.update({name: value for name, (value, _why) in table.constants.items()})
    for name, why in table.live_only.items():
        values[name] = Unknown(f"only a live account has it: {why}")
    for name in table.unmapped():
        values[name] = Unknown(f"{name} is not mapped from {fmt}")
    if table.derive is not None:
        values.update(table.derive(raw, links, fmt))
    name_path = table.name[0] if fmt == "terraform" else table.name[1]
    declared_name = values.pop("name") if "name" in values else (raw.attrs.get(name_path) if name_path else None)
    tags = raw.attrs.get("tags" if fmt == "terraform" else "Tags")
    doubts = table.doubts(raw, links, fmt) if table.doubts is not None else None
    return build(table.model, raw, id=ids["id"], arn=ids["arn"],
                 name=declared_name if isinstance(declared_name, str) else "", tags=tags, doubts=doubts, **values)


def mappers(tables: list[Table], fmt: str, ids_of: Callable[[RawResource], dict[str, str]]
            ) -> dict[str, Callable[[RawResource, Links], list[Resource]]]:
    """``{kind: mapper}`` for every kind the tables name in ``fmt``."""
    found: dict[str, Callable[[RawResource, Links], list[Resource]]] = {}
    for table in tables:
        for kind in table.terraform if fmt == "terraform" else table.cloudformation:
            found[kind] = _bound(table, fmt, ids_of)
    return found


def _bound(table: Table, fmt: str, ids_of: Callable[[RawResource], dict[str, str]]
           ) -> Callable[[RawResource, Links], list[Resource]]:
    def mapper(raw: RawResource, links: Links) -> list[Resource]:
        ids = ids_of(raw)
        extras = table.extras(raw, links, fmt, ids) if table.extras is not None else []
        return [map_with(table, raw, links, fmt, ids), *extras]

    return mapper
