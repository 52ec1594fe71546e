"""Build a typed resource from extracted fields: whatever is Unknown goes to ``unknown`` with its reason."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from ssrm.model import Origin, Resource
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown


def origin_of(raw: RawResource) -> Origin:
    return Origin(source=raw.source, file=raw.file, line=raw.line, address=raw.address)


def plain_tags(tags: Any) -> dict[str, str]:
    if isinstance(tags, list):  # CloudFormation: [{Key, Value}]
        tags = {t.get("Key"): t.get("Value") for t in tags if isinstance(t, dict)}
    if not isinstance(tags, dict):
        return {}
    return {str(k): str(v) for k, v in tags.items() if not find_unknown(v) and v is not None}


def build(model: type[Resource], raw: RawResource, *, id: str, arn: str, name: Any = "",
          tags: Any = None, **fields: Any) -> Resource:
    """The model instance; unknown or invalid fields are left at their defaults and listed in ``unknown``."""
    unknown: dict[str, str] = {}
    values: dict[str, Any] = {}
    for key, value in fields.items():
        missing = find_unknown(value)
        if missing is not None:
            unknown[key] = missing.reason
        elif value is not None:
            values[key] = value
    common = {"id": id, "arn": arn, "name": name if isinstance(name, str) else "", "tags": plain_tags(tags),
              "origin": origin_of(raw)}
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


class Links:
    """Find the raw records one record refers to (by any of the keys a reference may resolve to)."""

    def __init__(self, raws: Iterable[RawResource], keys_of: Callable[[RawResource], set[str]]) -> None:
        self.keys_of = keys_of
        self.by_kind: dict[str, list[RawResource]] = {}
        for raw in raws:
            self.by_kind.setdefault(raw.kind, []).append(raw)

    def of_kind(self, kind: str) -> list[RawResource]:
        return self.by_kind.get(kind, [])

    def find(self, kind: str, value: Any) -> RawResource | None:
        if not isinstance(value, str):
            return None
        return next((r for r in self.of_kind(kind) if value in self.keys_of(r)), None)

    def referencing(self, kind: str, attr: str, target: RawResource) -> list[RawResource]:
        """Records of ``kind`` whose ``attr`` names ``target`` (or lists it)."""
        keys = self.keys_of(target)
        found = []
        for raw in self.of_kind(kind):
            value = raw.attrs.get(attr)
            names = value if isinstance(value, list) else [value]
            if any(isinstance(n, str) and n in keys for n in names):
                found.append(raw)
        return found

    def unresolved(self, kind: str, attr: str) -> Unknown | None:
        """An Unknown when some record of ``kind`` names its target through an unknown ``attr``."""
        for raw in self.of_kind(kind):
            missing = find_unknown(raw.attrs.get(attr))
            if missing is not None:
                return Unknown(f"{raw.address} may apply to it: its {attr} {missing.reason}")
        return None
