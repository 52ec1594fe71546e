"""Build a typed resource from extracted fields: whatever is Unknown goes to ``unknown`` with its reason."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from ssrm.model import Origin, Resource
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown


def origin_of(raw: RawResource, address: str | None = None) -> Origin:
    return Origin(source=raw.source, file=raw.file, line=raw.line, address=address or raw.address)


def plain_tags(tags: Any) -> dict[str, str]:
    if isinstance(tags, list):  # CloudFormation: [{Key, Value}]
        tags = {t.get("Key"): t.get("Value") for t in tags if isinstance(t, dict)}
    if not isinstance(tags, dict):
        return {}
    return {str(k): str(v) for k, v in tags.items() if not find_unknown(v) and v is not None}


def build(model: type[Resource], raw: RawResource, *, id: str, arn: str, name: Any = "",
          tags: Any = None, doubts: dict[str, str] | None = None, address: str | None = None,
          **fields: Any) -> Resource:
    """The model instance; unknown or invalid fields are left at their defaults and listed in ``unknown``.

    ``address`` names a part of the declaration that becomes its own resource (an instance's root volume
    is ``aws_instance.web.root_block_device``); by default the record's address.

    ``doubts`` marks fields that keep their value (a link others follow) but whose meaning for a rule
    depends on something the code does not hold, e.g. a subnet declared elsewhere.
    """
    unknown: dict[str, str] = dict(doubts or {})
    values: dict[str, Any] = {}
    for key, value in fields.items():
        missing = find_unknown(value)
        if missing is not None:
            unknown[key] = missing.reason
        elif value is not None:
            values[key] = value
    labels = plain_tags(tags)
    if not isinstance(name, str) or not name:
        # The console's naming convention, as the live collectors read it; when the name is known only at
        # apply (or never given), the address, so no message reads "policy  allows ...".
        name = labels.get("Name") or address or raw.address
    common = {"id": id, "arn": arn, "name": name, "tags": labels, "origin": origin_of(raw, address)}
    while True:
        try:
            return model.model_validate({**common, **values, "unknown": unknown})
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"] and str(e["loc"][0]) in values}
            if not bad:
                raise
            for key in bad:
                unknown[key] = f"value {values.pop(key)!r} in the code is not valid for {key}"


def sub(model: type[BaseModel], **fields: Any) -> Any:
    """A nested model, or the first Unknown among its fields (the whole field is then unknown)."""
    missing = find_unknown(fields)
    if missing is not None:
        return missing
    return model.model_validate({k: v for k, v in fields.items() if v is not None})


def policy_document(value: Any) -> Any:
    """A policy as a dict: JSON text (Terraform) or a mapping (CloudFormation); None when absent."""
    if value is None or value == "" or isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return Unknown("the policy is not valid JSON")
    if find_unknown(value):
        return find_unknown(value)
    return value if isinstance(value, dict) else Unknown("the policy is not a JSON object")


def first_block(value: Any) -> Any:
    """Terraform nested blocks are lists: the first one, {} when absent, Unknown when unknown."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, list):
        return value[0] if value else {}
    return value or {}


def as_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, Unknown):
        return value
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def text_or_none(value: Any) -> Any:
    if value is None or isinstance(value, Unknown):
        return value
    return str(value)


def record_of(raw: RawResource, resource: Resource) -> RawResource:
    """The record a finding on ``resource`` points at: ``raw``, renamed when the resource is a part of it."""
    address = resource.origin.address
    return raw if not address or address == raw.address else replace(raw, address=address)


class Links:
    """Find the raw records one record refers to (by any of the keys a reference may resolve to).

    Indexes are built on first use per kind (and attribute), so linking stays linear in the records.
    """

    def __init__(self, raws: Iterable[RawResource], keys_of: Callable[[RawResource], set[str]]) -> None:
        self.keys_of = keys_of
        self.by_kind: dict[str, list[RawResource]] = {}
        for raw in raws:
            self.by_kind.setdefault(raw.kind, []).append(raw)
        self._keys: dict[int, set[str]] = {}
        self._by_key: dict[str, dict[str, RawResource]] = {}
        self._by_reference: dict[tuple[str, str], dict[str, list[RawResource]]] = {}
        self._unresolved: dict[tuple[str, str], Unknown | None] = {}

    def of_kind(self, kind: str) -> list[RawResource]:
        return self.by_kind.get(kind, [])

    def keys(self, raw: RawResource) -> set[str]:
        if id(raw) not in self._keys:
            self._keys[id(raw)] = self.keys_of(raw)
        return self._keys[id(raw)]

    def find(self, kind: str, value: Any) -> RawResource | None:
        if not isinstance(value, str):
            return None
        if kind not in self._by_key:
            index: dict[str, RawResource] = {}
            for raw in self.of_kind(kind):
                for key in self.keys(raw):
                    index.setdefault(key, raw)
            self._by_key[kind] = index
        return self._by_key[kind].get(value)

    def referencing(self, kind: str, attr: str, target: RawResource) -> list[RawResource]:
        """Records of ``kind`` whose ``attr`` names ``target`` (or lists it), in declaration order."""
        if (kind, attr) not in self._by_reference:
            index: dict[str, list[RawResource]] = {}
            for raw in self.of_kind(kind):
                value = raw.attrs.get(attr)
                for name in value if isinstance(value, list) else [value]:
                    if isinstance(name, str) and raw not in index.get(name, []):
                        index.setdefault(name, []).append(raw)
            self._by_reference[(kind, attr)] = index
        index = self._by_reference[(kind, attr)]
        found: dict[int, RawResource] = {}
        for key in self.keys(target):
            for raw in index.get(key, []):
                found.setdefault(id(raw), raw)
        if len(found) < 2:
            return list(found.values())
        order = {id(r): n for n, r in enumerate(self.of_kind(kind))}
        return sorted(found.values(), key=lambda r: order[id(r)])

    def unresolved(self, kind: str, attr: str) -> Unknown | None:
        """An Unknown when some record of ``kind`` names its target through an unknown ``attr``."""
        if (kind, attr) not in self._unresolved:
            self._unresolved[(kind, attr)] = None
            for raw in self.of_kind(kind):
                missing = find_unknown(raw.attrs.get(attr))
                if missing is not None:
                    self._unresolved[(kind, attr)] = Unknown(
                        f"{raw.address} may apply to it: its {attr} {missing.reason}")
                    break
        return self._unresolved[(kind, attr)]
